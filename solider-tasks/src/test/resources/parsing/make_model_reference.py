"""Reference model files, outputs, a training step's loss and gradients, and one self-correction
cycle, computed by the release's own parsing model and training code.

Run (from this folder): /usr/bin/python3 make_model_reference.py [RELEASE_DIR]
RELEASE_DIR defaults to /work/release/SOLIDER-HumanParsing (tinyvision/SOLIDER-HumanParsing 7bdd9eb).
Debian torch 1.13 (CPU), float32 (the release's dtype).

Release code used, imported as it is: networks/swin_transformer.py (SwinTransformer: backbone with
strides 4,2,2,1, PSP, decoder, edge branch, fusion and its forward), networks/AugmentCE2P.py
(PSPModule, Edge_Module, Decoder_Module, InPlaceABNSync = BN + ReLU), networks/__init__.py
(init_model), utils/criterion.py (CriterionAll), utils/schp.py (moving_average,
bn_re_estimate), datasets/target_generation.py (generate_edge_tensor).

Adaptations, each needed to run the release's code here:
- tensors moved with .cuda() stay on the CPU; torch.cuda.FloatTensor / LongTensor are the CPU
  types (the loss and target code casts to them by name);
- the model is the release's class with a small backbone (embed 8, depths 1-1-2-1, heads
  1-1-2-2, window 4), so its heads are built for these channels with the release's own blocks,
  as its tiny/base branches do (edge in [C, 2C, 4C] with mid 2C, decoder ch1 C, ch2 C/2), and the
  PSP module is built with out_features 32 instead of 512 (PSPModule's own argument; the decoder's
  first 1x1 conv then reads 32 channels). Decoder and fusion keep their 256 channels;
- nn.Dropout2d of the fusion is replaced by a module multiplying by a stored (B, 256) mask, so that
  Java can apply the same mask;
- tqdm (a progress bar around bn_re_estimate's loader) is stubbed when it is not installed;
- bn_re_estimate moves each batch with .to('cuda'), which leaves it on the CPU here;
- utils/schp.py recognises batch norms as SyncBatchNorm (train.py converts the model with
  --syncbn); here the model keeps nn.BatchNorm2d (SyncBatchNorm needs a GPU process group, and on
  one process it computes the same), so the class the schp helpers test against is BatchNorm2d
  while they run.

Writes model/release_model.pth.tar ({'epoch', 'state_dict': module.*}, as train.py saves),
model/release_schp.pth.tar ({'state_dict': module.*, 'cycle_n'}, as train.py saves the SCHP
model), model/*.npy, model/reference.json, and model/release_keys.json (every state-dict key and
shape of the release's swin_tiny and swin_base parsing models, instantiated without weights).
"""
import copy
import json
import os
import sys
import types

import numpy as np
import torch
import torch.nn as nn

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-HumanParsing"
sys.path.insert(0, RELEASE)
torch.Tensor.cuda = lambda self, *a, **k: self  # the release puts [λ, 1-λ] and the images on the GPU
torch.cuda.FloatTensor = torch.FloatTensor
torch.cuda.LongTensor = torch.LongTensor
try:
    import tqdm  # noqa: F401
except ImportError:  # utils/schp.py wraps its loader in tqdm (a progress bar) only
    sys.modules["tqdm"] = types.SimpleNamespace(tqdm=lambda x, **k: x)
import networks  # noqa: E402
import networks.swin_transformer as PARSE  # noqa: E402
import utils.schp as schp  # noqa: E402
from datasets.target_generation import generate_edge_tensor  # noqa: E402
from networks.AugmentCE2P import Decoder_Module, Edge_Module, InPlaceABNSync, PSPModule  # noqa: E402
from utils.criterion import CriterionAll  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "model")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)
rng = np.random.default_rng(11)
ref = {}

C, DEPTHS, HEADS, WINDOW = 8, (1, 1, 2, 1), (1, 1, 2, 2), 4
PSP = 32
B, H, W = 2, 64, 48


def save(name, t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    if a.dtype == np.float64:
        a = a.astype(np.float32)
    if a.dtype == np.int64:
        a = a.astype(np.int32)
    np.save(os.path.join(OUT, name + ".npy"), a)


class FixedDropout2d(nn.Module):
    """nn.Dropout2d in training mode with a given (B, C) mask of 0 and 1/(1-p)."""

    def __init__(self):
        super().__init__()
        self.mask = None

    def forward(self, x):
        return x * self.mask[:, :, None, None] if self.training else x


def build(lam):
    model = PARSE.SwinTransformer(strides=(4, 2, 2, 1), semantic_weight=lam, embed_dims=C, depths=DEPTHS,
                                  num_heads=HEADS, window_size=WINDOW, drop_path_rate=0.0,
                                  context_in_channel=8 * C, fusion_in_channel=256 + 3 * 2 * C)
    # The release's heads for this backbone's channels, built as its tiny/base branches build them.
    model.context_encoding = PSPModule(8 * C, PSP)
    model.edge = Edge_Module(in_fea=[C, 2 * C, 4 * C], mid_fea=2 * C, out_fea=2)
    model.decoder = Decoder_Module(20, ch1=C, ch2=C // 2, ch3=256 + C // 2)
    model.decoder.conv1 = nn.Sequential(nn.Conv2d(PSP, 256, kernel_size=1, padding=0, dilation=1, bias=False),
                                        InPlaceABNSync(256))
    model.fushion[3] = FixedDropout2d()
    model.init_weights(None)  # the release's from-scratch init (Linear and LayerNorm), PyTorch defaults elsewhere
    return model


def release_state(model):
    return {"module." + k: v.clone() for k, v in model.state_dict().items()}


def outputs(model, x):
    (parsing, fusion), (edge,) = model(x)
    return parsing, fusion, edge


# ------------------------------------------------------------------ model and its file
model = build(0.0)
# Perturb the BN affine parameters and running statistics so that they are not the defaults.
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.copy_(torch.from_numpy(rng.uniform(0.5, 1.5, m.weight.shape).astype(np.float32)))
            m.bias.copy_(torch.from_numpy(rng.normal(0, 0.1, m.bias.shape).astype(np.float32)))
            m.running_mean.copy_(torch.from_numpy(rng.normal(0, 0.2, m.running_mean.shape).astype(np.float32)))
            m.running_var.copy_(torch.from_numpy(rng.uniform(0.5, 2, m.running_var.shape).astype(np.float32)))
            m.num_batches_tracked.fill_(5)
torch.save({"epoch": 3, "state_dict": release_state(model)}, os.path.join(OUT, "release_model.pth.tar"))
ref["keys"] = list(model.state_dict().keys())

x = torch.from_numpy(rng.normal(0, 1, (B, 3, H, W)).astype(np.float32))
save("images", x)

# ------------------------------------------------------------------ inference outputs
model.eval()
with torch.no_grad():
    for lam, tag in ((0.0, "l0"), (0.8, "l0.8")):
        model.semantic_weight = lam
        for name, t in zip(("parsing", "fusion", "edge"), outputs(model, x)):
            save(f"eval_{tag}_{name}", t)
model.semantic_weight = 0.0

# ------------------------------------------------------------------ one training step (cycle 0)
labels = np.zeros((B, H, W), dtype=np.int64)
for i in range(B):
    for _ in range(8):
        y0, x0 = rng.integers(0, H), rng.integers(0, W)
        labels[i, y0:y0 + rng.integers(4, H // 2), x0:x0 + rng.integers(4, W // 2)] = rng.choice(16)
labels[0, :5, :] = 255
save("labels", labels)
mask = (rng.random((B, 256)) >= 0.1).astype(np.float32) / np.float32(0.9)
save("dropout_mask", mask)
criterion = CriterionAll(lambda_1=1, lambda_2=1, lambda_3=0.1, num_classes=20)


def train_step(net, soft, cycle_n):
    """train.py's step before optimizer.step(): loss and d loss / d parameter."""
    net.train()
    net.fushion[3].mask = torch.from_numpy(mask)
    net.zero_grad()
    y = torch.from_numpy(labels.copy())
    edges = generate_edge_tensor(y).type(torch.LongTensor)
    preds = net(x)
    soft_preds, soft_edges = (None, None) if soft is None else soft
    loss = criterion(preds, [y, edges, soft_preds, soft_edges], cycle_n)
    loss.backward()
    return loss, {k: p.grad.clone() for k, p in net.named_parameters() if p.grad is not None}


GRAD_KEYS = ["patch_embed.projection.weight", "stages.0.blocks.0.attn.w_msa.qkv.weight",
             "stages.1.downsample.reduction.weight", "stages.2.blocks.1.ffn.layers.0.0.weight", "norm0.weight",
             "norm3.bias", "semantic_embed_w.0.weight", "semantic_embed_b.2.bias",
             "context_encoding.stages.2.1.weight", "context_encoding.bottleneck.0.weight",
             "context_encoding.bottleneck.1.0.weight", "edge.conv2.0.weight", "edge.conv4.weight", "edge.conv5.bias",
             "decoder.conv1.0.weight", "decoder.conv2.1.0.bias", "decoder.conv3.2.weight", "decoder.conv4.bias",
             "fushion.0.weight", "fushion.1.weight", "fushion.4.weight"]
STAT_KEYS = ["context_encoding.stages.0.2.0", "context_encoding.bottleneck.1.0", "edge.conv3.1.0", "decoder.conv3.3.0",
             "fushion.1"]
before = copy.deepcopy(model.state_dict())
loss, grads = train_step(model, None, 0)
ref["step0_loss"] = loss.item()
ref["grad_keys"] = GRAD_KEYS
ref["none_grad_keys"] = [k for k, p in model.named_parameters() if p.grad is None]
for k in GRAD_KEYS:
    save("step0_grad_" + k, grads[k])
state = model.state_dict()
ref["stat_keys"] = STAT_KEYS
for k in STAT_KEYS:
    for b in ("running_mean", "running_var"):
        save(f"step0_{k}.{b}", state[f"{k}.{b}"])
model.load_state_dict(before)  # undo the running-statistics update of that forward pass

# ------------------------------------------------------------------ an SCHP model and a cycle-1 step
schp_model = build(0.0)
with torch.no_grad():
    for (k, p), (_, q) in zip(schp_model.named_parameters(), model.named_parameters()):
        p.copy_(q + 0.05 * torch.from_numpy(rng.normal(0, 1, q.shape).astype(np.float32)) * q.abs().mean())
schp_state = release_state(schp_model)
torch.save({"state_dict": schp_state, "cycle_n": 1}, os.path.join(OUT, "release_schp.pth.tar"))
schp_mask = (rng.random((B, 256)) >= 0.1).astype(np.float32) / np.float32(0.9)
save("schp_dropout_mask", schp_mask)
# train.py: the SCHP model is never put in eval mode, so its soft targets come from a training-mode
# forward pass (batch statistics, dropout).
schp_model.train()
schp_model.fushion[3].mask = torch.from_numpy(schp_mask)
with torch.no_grad():
    soft = schp_model(x)
save("schp_fusion", soft[0][-1])
save("schp_edge", soft[1][-1])
loss1, grads1 = train_step(model, (soft[0][-1], soft[1][-1]), 1)
ref["step1_loss"] = loss1.item()
for k in GRAD_KEYS:
    save("step1_grad_" + k, grads1[k])
model.load_state_dict(before)

# ------------------------------------------------------------------ self-correction: average, re-estimate BN
schp_after = build(0.0)
schp_after.load_state_dict({k[len("module."):]: v for k, v in schp_state.items()})  # as saved
schp.moving_average(schp_after, model, 1.0 / (1 + 1))  # cycle_n = 1 before this cycle
batches = [torch.from_numpy(rng.normal(0, 1, (B, 3, H, W)).astype(np.float32)) for _ in range(3)]
for i, b in enumerate(batches):
    save(f"bn_batch{i}", b)
loader = [(b, None, None) for b in batches]
schp_after.fushion[3].mask = torch.ones(B, 256)
real_sync = torch.nn.modules.batchnorm.SyncBatchNorm
real_to = torch.Tensor.to
torch.nn.modules.batchnorm.SyncBatchNorm = nn.BatchNorm2d
torch.Tensor.to = lambda self, *a, **k: self if a and a[0] == "cuda" else real_to(self, *a, **k)
try:
    schp.bn_re_estimate(loader, schp_after)
finally:
    torch.nn.modules.batchnorm.SyncBatchNorm = real_sync
    torch.Tensor.to = real_to
after = schp_after.state_dict()
ref["avg_keys"] = [k for k in GRAD_KEYS if after[k].numel() < 20000]  # the large ones average the same way
for k in ref["avg_keys"]:
    save("avg_" + k, after[k])
for k in STAT_KEYS:
    for b in ("running_mean", "running_var", "num_batches_tracked"):
        save(f"bn_{k}.{b}", after[f"{k}.{b}"])

# ------------------------------------------------------------------ the release's key layout
keys = {}
for arch in ("swin_tiny", "swin_base"):
    m = networks.init_model(arch, num_classes=20, pretrained=None)
    keys[arch] = {k: list(v.shape) for k, v in m.state_dict().items()}
    del m
with open(os.path.join(OUT, "release_keys.json"), "w") as f:
    json.dump(keys, f, indent=0)

with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
print("wrote", OUT)
