"""Reference for the attribute model: a small release model, its checkpoint and its logits.

Run: /usr/bin/python3 make_model_reference.py [RELEASE_DIR]
(Debian torch 1.13 CPU.) RELEASE_DIR is a checkout of SOLIDER-PersonAttributeRecognition (default
/work/release/SOLIDER-PersonAttributeRecognition). Imported from it, not copied:
  models/backbone/swin_transformer.py SwinTransformer, models/base_block.py LinearClassifier and
  FeatClassifier, tools/utils.py save_ckpt.
Stand-ins: mmcv (not installed; swin_transformer.py imports mmcv.runner.load_checkpoint, unused
here) and cv2 (imported, unused) are empty modules; Tensor.cuda is the identity (CPU-only torch).

Writes:
  release_model/model.pth   save_ckpt of a DataParallel FeatClassifier (what train.py keeps as ckpt_max)
  release_model/input.npy   (2, 3, 64, 32) normalised images
  release_model/reference.json
      logits (2, A) of model(input) in eval mode (λ = 0.8, the constructor default),
      state_dict: every key of FeatClassifier.state_dict() with shape and dtype (buffers included),
      relative_position_index of stage 0 block 0 (what a strict load compares).
The weights are random but not small (noisy LayerNorms, bias tables, controller weights) so that a
wrong key, transpose or index changes the logits by far more than the tolerance.
"""
import json
import os
import sys
import types

import numpy as np
import torch

release = sys.argv[1] if len(sys.argv) > 1 else '/work/release/SOLIDER-PersonAttributeRecognition'
sys.path.insert(0, release)
mmcv = types.ModuleType('mmcv')
mmcv.__path__ = []
runner = types.ModuleType('mmcv.runner')
runner.load_checkpoint = None
sys.modules.setdefault('mmcv', mmcv)
sys.modules.setdefault('mmcv.runner', runner)
sys.modules.setdefault('cv2', types.ModuleType('cv2'))
torch.Tensor.cuda = lambda self, *a, **k: self  # CPU-only torch
from models.backbone.swin_transformer import SwinTransformer  # noqa: E402
from models.base_block import FeatClassifier, LinearClassifier  # noqa: E402
from tools.utils import save_ckpt  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, 'release_model')
os.makedirs(out_dir, exist_ok=True)
torch.manual_seed(11)

EMBED, DEPTHS, HEADS, WINDOW, NATTR = 16, (1, 1, 2, 1), (1, 2, 2, 4), 4, 7
backbone = SwinTransformer(embed_dims=EMBED, depths=DEPTHS, num_heads=HEADS, window_size=WINDOW,
                           drop_path_rate=0., pretrained=None)  # the release's factories pass drop_path_rate=0.
with torch.no_grad():
    for name, p in backbone.named_parameters():
        if name.endswith('relative_position_bias_table') or 'semantic_embed' in name:
            p.normal_(0, 0.5)
        elif p.dim() == 1 and ('norm' in name):
            p.copy_((1.0 if name.endswith('weight') else 0.0) + 0.3 * torch.randn_like(p))
        elif p.dim() == 1:
            p.normal_(0, 0.2)
        elif p.dim() >= 2:
            fan_in = int(np.prod(p.shape[1:]))
            p.normal_(0, 1.0 / np.sqrt(fan_in))
classifier = LinearClassifier(nattr=NATTR, c_in=EMBED * 8, bn=False, pool='avg')
model = torch.nn.DataParallel(FeatClassifier(backbone, classifier))  # as train.py (CPU: a plain wrapper)
model.eval()

x = torch.randn(2, 3, 64, 32)
with torch.no_grad():
    logits, _ = model(x)
save_ckpt(model, os.path.join(out_dir, 'model.pth'), 4, 0.6789)
np.save(os.path.join(out_dir, 'input.npy'), x.numpy().astype(np.float32))

sd = model.module.state_dict()
ref = {
    'config': {'embed_dims': EMBED, 'depths': DEPTHS, 'num_heads': HEADS, 'window_size': WINDOW, 'nattr': NATTR,
               'input': [2, 3, 64, 32], 'semantic_weight': 0.8},
    'logits': logits[0].double().tolist(),
    'state_dict': [{'key': k, 'shape': list(v.shape), 'dtype': str(v.dtype).replace('torch.', '')} for k, v in sd.items()],
    'relative_position_index': sd['backbone.stages.0.blocks.0.attn.w_msa.relative_position_index'].tolist(),
}
with open(os.path.join(out_dir, 'reference.json'), 'w') as f:
    json.dump(ref, f, indent=1)
print('ok', len(sd), 'keys; logits', logits[0].shape)
