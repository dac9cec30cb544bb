"""Reference numbers for the attribute loss and head, from the release's own modules and torch autograd.

Run: /usr/bin/python3 make_loss_head_reference.py [RELEASE_DIR]
(Debian torch 1.13 CPU.) RELEASE_DIR is a checkout of SOLIDER-PersonAttributeRecognition (default
/work/release/SOLIDER-PersonAttributeRecognition). Imported from it, not copied:
  losses/bceloss.py BCELoss (with tools/function.py ratio2weight), models/base_block.py
  LinearClassifier and FeatClassifier, tools/utils.py save_ckpt.
The release moves the sample weights to the GPU (.cuda()); on this CPU-only torch, Tensor.cuda is
replaced by the identity. easydict is not installed; a stand-in is registered (unused here).

Writes loss_head_reference.json and release_par_checkpoint.pth (save_ckpt of a DataParallel
FeatClassifier whose backbone is a one-tensor stand-in: the release's checkpoint layout).
"""
import json
import os
import sys
import types

import numpy as np
import torch
import torch.nn as nn

release = sys.argv[1] if len(sys.argv) > 1 else '/work/release/SOLIDER-PersonAttributeRecognition'
sys.path.insert(0, release)
shim = types.ModuleType('easydict')
shim.EasyDict = dict
sys.modules.setdefault('easydict', shim)
torch.Tensor.cuda = lambda self, *a, **k: self  # CPU-only torch
from losses.bceloss import BCELoss  # noqa: E402
from models.base_block import FeatClassifier, LinearClassifier  # noqa: E402
from tools.utils import save_ckpt  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
rng = np.random.default_rng(7)
out = {}


def tolist(t):
    return t.detach().double().tolist() if isinstance(t, torch.Tensor) else np.asarray(t).tolist()


# ---- positive ratio of the training split, as train.py: labels.mean(0) ----
train_labels = (rng.random((37, 6)) < np.array([0.5, 0.1, 0.9, 0.3, 0.0, 1.0])).astype(np.uint8)
ratio = train_labels.mean(0)
out['train_labels'] = train_labels.tolist()
out['ratio'] = ratio.tolist()


def bce_case(name, logits, targets, weighted=True):
    z = torch.tensor(logits, dtype=torch.float32, requires_grad=True)
    y = torch.tensor(targets, dtype=torch.float32)
    crit = BCELoss(sample_weight=ratio if weighted else None, size_sum=True)
    losses, loss_m = crit([z], y)
    g, = torch.autograd.grad(losses[0], z)
    out[name] = {'logits': tolist(z), 'targets': tolist(y), 'weighted': weighted, 'loss': float(losses[0]),
                 'loss_m': tolist(loss_m[0]), 'grad': tolist(g)}


B, A = 8, 6
logits = rng.normal(0, 3, (B, A)).astype(np.float32)
logits[0, :] = [0.0, 30.0, -30.0, 100.0, -100.0, 1e-3]  # extremes: saturated sigmoid, exp overflow guard
targets = (rng.random((B, A)) < 0.4).astype(np.float32)
bce_case('bce_weighted', logits, targets)
bce_case('bce_unweighted', logits, targets, weighted=False)
odd = targets.copy()
odd[1, :] = [2.0, 0.5, 0.75, -1.0, 0.25, 1.0]  # only values > 0.5 take the positive weight; 2 is not zeroed
bce_case('bce_other_targets', logits, odd)
bce_case('bce_single', logits[:1, :], targets[:1, :])

# ---- the head: LinearClassifier(nattr, c_in), avg pool then Linear, PyTorch default init ----
nattr, c_in, h, w, batch = 5, 12, 4, 2, 3
clf = LinearClassifier(nattr=nattr, c_in=c_in, bn=False, pool='avg')
fmap = torch.randn(batch, c_in, h, w, requires_grad=True)
(x,), _ = clf(fmap)
upstream = torch.randn(batch, nattr)
gw, gb, gmap = torch.autograd.grad((x * upstream).sum(), [clf.logits[0].weight, clf.logits[0].bias, fmap])
pooled = nn.AdaptiveAvgPool2d(1)(fmap).view(batch, -1).detach().requires_grad_(True)
gpooled, = torch.autograd.grad((clf.logits(pooled) * upstream).sum(), pooled)
out['head'] = {'weight': tolist(clf.logits[0].weight), 'bias': tolist(clf.logits[0].bias),
               'map': tolist(fmap), 'pooled': tolist(pooled), 'logits': tolist(x), 'upstream': tolist(upstream),
               'grad_weight': tolist(gw), 'grad_bias': tolist(gb), 'grad_map': tolist(gmap),
               'grad_pooled': tolist(gpooled), 'probs': tolist(torch.sigmoid(x))}

# ---- the release's model keys and checkpoint layout ----


class StandInBackbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm3 = nn.LayerNorm(c_in)


model = torch.nn.DataParallel(FeatClassifier(StandInBackbone(), clf))  # as train.py (no GPU: plain wrapper)
out['model_keys'] = list(model.state_dict().keys())
ckpt = os.path.join(here, 'release_par_checkpoint.pth')
save_ckpt(model, ckpt, 3, 0.8123)
saved = torch.load(ckpt, map_location='cpu')
out['checkpoint_top_keys'] = list(saved.keys())
out['checkpoint_state_dicts_keys'] = list(saved['state_dicts'].keys())
out['checkpoint_state_dict_ema_keys'] = list(saved['state_dict_ema'].keys())

with open(os.path.join(here, 'loss_head_reference.json'), 'w') as f:
    json.dump(out, f, indent=1)
print('ok', out['model_keys'])
