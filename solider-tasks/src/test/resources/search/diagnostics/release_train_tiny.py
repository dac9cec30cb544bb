#!/usr/bin/python3
"""Diagnostic (no test reads its output): the release's own SeqNet training step (models/seqnet.py, oim.py, engine.py's loss sum,
clipping, warm-up, SGD) on the tiny PRW set, with the custom Swin (C 32, depths 2-2-2-2) of our runs,
to see whether the release's code separates the training identities where ours does not.
Prints per epoch the OIM loss and OIM's training top-1 (computed from the LUT/queue before the update)."""
import sys, os, argparse
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
sys.path.insert(0, os.path.join(HERE, '..', 'model'))
import torch
p = argparse.ArgumentParser()
p.add_argument('--release', default='/work/release/SOLIDER-PersonSearch')
p.add_argument('--data', required=True, help='a PRW folder (the tiny set of docs/SEARCH.md)')
p.add_argument('--epochs', type=int, default=20)
p.add_argument('--lr', type=float, default=0.02)
p.add_argument('--pretrained', default='', help='our SOLIDER checkpoint.pth (torch zip) whose backbone starts both Swin copies')
p.add_argument('--box-cls', type=float, default=1.0)
p.add_argument('--cq-size', type=int, default=500, help="OIM's queue rows (PRW's 500)")
a = p.parse_args()
import release_import
release_import.prepare(a.release)
torch.Tensor.cuda = lambda self, *x, **k: self
from make_model_reference import stub_yacs
stub_yacs()
torch.set_num_threads(1)
from defaults import get_default_cfg
from models import seqnet, oim as oim_mod
from models import swin as release_swin
from models.swin_transformer import SwinTransformer
from datasets.prw import PRW
from utils.transforms import build_transforms

def custom_swin(name='', semantic_weight=1.0):
    swin = SwinTransformer(patch_size=4, window_size=7, embed_dims=32, depths=(2, 2, 2, 2), num_heads=(1, 2, 4, 8),
                           drop_path_rate=0.1, semantic_weight=semantic_weight)
    if a.pretrained:
        c = torch.load(a.pretrained, map_location='cpu')
        print('checkpoint keys', list(c.keys())[:8])
        sd = c.get('teacher', c.get('model', c.get('state_dict', c)))
        own = swin.state_dict()
        clean = {}
        for k, v in sd.items():
            for pre in ('module.', 'backbone.'):
                if k.startswith(pre): k = k[len(pre):]
            if k in own and own[k].shape == v.shape: clean[k] = v
        print('backbone tensors matched', len(clean), 'of', len(own))
        missing, unexpected = swin.load_state_dict(clean, strict=False)
        print('backbone: missing', len(missing), 'unexpected', len(unexpected), missing[:5])
    return release_swin.Backbone(swin, 128), release_swin.Res5Head(swin, 128), 256
seqnet.build_swin = custom_swin
cfg = get_default_cfg()
cfg.merge_from_list(['INPUT.MIN_SIZE', 300, 'INPUT.MAX_SIZE', 500, 'MODEL.SEMANTIC_WEIGHT', 0.6,
    'MODEL.LOSS.LUT_SIZE', 482, 'MODEL.LOSS.CQ_SIZE', a.cq_size, 'MODEL.RPN.PRE_NMS_TOPN_TRAIN', 2000,
    'MODEL.RPN.POST_NMS_TOPN_TRAIN', 300, 'MODEL.RPN.BATCH_SIZE_TRAIN', 64, 'MODEL.ROI_HEAD.BATCH_SIZE_TRAIN', 32,
    'SOLVER.LW_BOX_CLS', a.box_cls])
torch.manual_seed(1)
model = seqnet.SeqNet(cfg)
model.train()
ds = PRW(a.data, build_transforms(is_train=True), 'train')
loader = torch.utils.data.DataLoader(ds, batch_size=2, shuffle=True, drop_last=True, collate_fn=lambda b: tuple(zip(*b)))
params = [q for q in model.parameters() if q.requires_grad]
opt = torch.optim.SGD(params, lr=a.lr, momentum=0.9, weight_decay=5e-4)
n_iter = len(loader)
warm = n_iter - 1
# OIM top-1 diagnostic: wrap the loss's forward
reid = model.roi_heads.reid_loss
orig = reid.forward
stats = {'hits': 0, 'n': 0}
def fwd(inputs, roi_label):
    t = torch.cat(roi_label) - 1
    keep = (t >= 0) & (t != 5554)
    with torch.no_grad():
        x = inputs[keep]
        lg = x @ torch.cat([reid.lut, reid.cq]).t()
        if len(x):
            mx = lg.max(1).values
            ties = (lg == mx[:, None]).sum(1)
            own = lg[torch.arange(len(x)), t[keep]]
            stats['hits'] += int(((own == mx) & (ties == 1)).sum()); stats['n'] += len(x)
    return orig(inputs, roi_label)
reid.forward = fwd
it = 0
for ep in range(a.epochs):
    sums = {}; cnt = 0; stats['hits'] = 0; stats['n'] = 0
    for images, targets in loader:
        # engine.py's warmup_lr_scheduler over the first epoch's iterations - 1, from 1/1000
        f = 1.0 if ep > 0 or it >= warm else 1e-3 * (1 - it / warm) + it / warm
        for g in opt.param_groups: g['lr'] = a.lr * f
        losses = model(list(images), list(targets))
        loss = sum(losses.values())
        opt.zero_grad(); loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step(); it += 1
        for k, v in losses.items(): sums[k] = sums.get(k, 0) + float(v)
        sums['grad_norm'] = sums.get('grad_norm', 0) + float(gn); cnt += 1
    pr = model.roi_heads.embedding_head.projectors
    bn = {k: (float(pr[k][1].weight.norm()), float(pr[k][1].bias.norm())) for k in pr}
    print('epoch', ep, {k: round(v / cnt, 3) for k, v in sums.items()}, 'oim_top1 %.3f' % (stats['hits'] / max(1, stats['n'])),
          'bn gamma/beta norms', {k: (round(x, 2), round(y, 2)) for k, (x, y) in bn.items()}, flush=True)
