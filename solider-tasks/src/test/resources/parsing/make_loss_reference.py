"""Reference values and gradients for the parsing losses, from the release's own loss code.

Run (from this folder): /usr/bin/python3 make_loss_reference.py [RELEASE_DIR]
RELEASE_DIR defaults to /work/release/SOLIDER-HumanParsing (tinyvision/SOLIDER-HumanParsing 7bdd9eb).
Debian torch 1.13 (CPU), float32.

The release's modules are imported as they are: utils/criterion.py (CriterionAll, moving_average,
to_one_hot), utils/lovasz_softmax.py (LovaszSoftmax), utils/kl_loss.py (KLDivergenceLoss),
utils/consistency_loss.py (ConsistencyLoss) and datasets/target_generation.py
(generate_edge_tensor). The only change is that torch.cuda.FloatTensor / LongTensor are made the
CPU types, since those modules cast to the CUDA types by name. Gradients are torch autograd's.

Logits are given at label resolution: CriterionAll upsamples every output to the label size with
align_corners=True, which is the identity for maps already of that size.

Writes loss/NAME.npy (inputs, labels, gradients) and loss/reference.json (values).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-HumanParsing"
sys.path.insert(0, RELEASE)
torch.cuda.FloatTensor = torch.FloatTensor
torch.cuda.LongTensor = torch.LongTensor
from datasets.target_generation import generate_edge_tensor  # noqa: E402
from utils.consistency_loss import ConsistencyLoss  # noqa: E402
from utils.criterion import CriterionAll, moving_average, to_one_hot  # noqa: E402
from utils.kl_loss import KLDivergenceLoss  # noqa: E402
from utils.lovasz_softmax import LovaszSoftmax  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "loss")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)
rng = np.random.default_rng(7)
ref = {}


def save(name, t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    if a.dtype == np.float64:
        a = a.astype(np.float32)
    if a.dtype == np.int64:
        a = a.astype(np.int32)
    np.save(os.path.join(OUT, name + ".npy"), a)


def blobs(b, h, w, classes, ignore_frac=0.1):
    """Label maps made of rectangles (so that edges are structured), with some 255."""
    lab = np.zeros((b, h, w), dtype=np.int64)
    for i in range(b):
        lab[i] = rng.choice(classes)
        for _ in range(6):
            y0, x0 = rng.integers(0, h), rng.integers(0, w)
            lab[i, y0:y0 + rng.integers(2, h), x0:x0 + rng.integers(2, w)] = rng.choice(classes)
    lab[rng.random(lab.shape) < ignore_frac] = 255
    return torch.from_numpy(lab)


def logits(*shape, scale=2.0):
    return (torch.randn(*shape) * scale).requires_grad_(True)


def value_and_grad(fn, *xs):
    v = fn()
    gs = torch.autograd.grad(v, xs, allow_unused=True)
    return float(v), gs


B, C, H, W = 2, 20, 8, 6

# ---- cross-entropy with ignore 255 ----
for name, classes, frac in [("ce", range(20), 0.1), ("ce_few", [0, 2, 5, 14, 15], 0.3)]:
    x = logits(B, C, H, W)
    y = blobs(B, H, W, list(classes), frac)
    v, (g,) = value_and_grad(lambda: F.cross_entropy(x, y, ignore_index=255), x)
    save(name + "_logits", x), save(name + "_labels", y), save(name + "_grad", g)
    ref[name] = v
x = logits(1, C, 3, 4)
ref["ce_all_ignored"] = float(F.cross_entropy(x, torch.full((1, 3, 4), 255, dtype=torch.long), ignore_index=255))

# ---- Lovasz-softmax: probabilities, classes='present', whole batch, ignore 255 ----
lov = LovaszSoftmax(ignore_index=255)
for name, classes, frac, shape in [("lovasz", range(20), 0.1, (B, C, H, W)), ("lovasz_few", [0, 3, 9], 0.2, (3, C, 5, 7)),
                                   ("lovasz_c5", range(5), 0.0, (2, 5, 9, 4))]:
    x = logits(*shape)
    y = blobs(shape[0], shape[2], shape[3], list(classes), frac)
    v, (g,) = value_and_grad(lambda: lov(x, y), x)
    save(name + "_logits", x), save(name + "_labels", y), save(name + "_grad", g)
    ref[name] = v

# ---- edge targets (generate_edge_tensor: 4 neighbour directions, then 3x3 dilation) ----
for name, shape, classes, frac in [("edges", (B, 16, 12), range(8), 0.1), ("edges_big", (3, 23, 17), range(6), 0.05),
                                   ("edges_ignored", (2, 9, 7), [0, 1], 0.5)]:
    y = blobs(*shape, list(classes), frac)
    e = generate_edge_tensor(y.clone())
    if e.dim() == 2:
        e = e.unsqueeze(0)
    save(name + "_labels", y), save(name + "_target", e.long())
y1 = blobs(1, 7, 5, [0, 4], 0.1)  # a batch of one: the release squeezes it to (H, W)
save("edges_single_labels", y1), save("edges_single_target", generate_edge_tensor(y1.clone()).long().unsqueeze(0))

# ---- edge loss: cross-entropy with the per-batch class weights [N_pos, N_neg] / N ----
y = blobs(B, H, W, list(range(20)), 0.1)
edges = generate_edge_tensor(y.clone()).long()
xe = logits(B, 2, H, W)
pos = torch.sum(edges == 1, dtype=torch.float)
neg = torch.sum(edges == 0, dtype=torch.float)
weights = torch.tensor([pos / (pos + neg), neg / (pos + neg)])
v, (g,) = value_and_grad(lambda: F.cross_entropy(xe, edges, weights, ignore_index=255), xe)
save("edge_logits", xe), save("edge_target", edges), save("edge_grad", g)
ref["edge"] = v
ref["edge_weights"] = [float(weights[0]), float(weights[1])]
flat = torch.zeros(1, 4, 5, dtype=torch.long)  # no edge at all: the weight of the only class present is 0
ref["edge_no_edges"] = float(F.cross_entropy(torch.randn(1, 2, 4, 5), flat, torch.tensor([0.0, 1.0]), ignore_index=255))

# ---- SCHP KL: target softmax((1-a) z_schp + a onehot), T = 1, batchmean over valid pixels ----
kl = KLDivergenceLoss(ignore_index=255)
for name, cycle in [("kl1", 1), ("kl2", 2)]:
    x = logits(B, C, H, W)
    zs = torch.randn(B, C, H, W) * 2
    y = blobs(B, H, W, list(range(20)), 0.15)
    y_before = y.clone()
    target = moving_average(zs, to_one_hot(y, num_cls=C), 1.0 / (cycle + 1.0))  # to_one_hot rewrites y: 255 -> 0
    assert not (y == 255).any() and (y_before == 255).any()
    v, (g,) = value_and_grad(lambda: kl(x, target, y_before), x)  # valid pixels of the original labels
    save(name + "_logits", x), save(name + "_schp", zs), save(name + "_labels", y_before), save(name + "_grad", g)
    ref[name] = v

# ---- consistency term: SmoothL1 on pixels that are edges in both maps -> 0, NaN when there is none ----
reg = ConsistencyLoss(ignore_index=255)
x = logits(B, C, H, W)
y = blobs(B, H, W, list(range(20)), 0.1)
xe = logits(B, 2, H, W)
r = reg(x, xe, y)
ref["consistency"] = float(r)
ref["consistency_requires_grad"] = bool(r.requires_grad)
xe_none = torch.stack([torch.ones(B, H, W), -torch.ones(B, H, W)], 1).requires_grad_(True)  # argmax: never an edge
ref["consistency_no_edge"] = float(reg(x, xe_none, y))
save("consistency_parsing", x), save("consistency_edge", xe), save("consistency_labels", y)

# ---- the whole criterion as train.py builds it (lambda_s 1, lambda_e 1, lambda_c 0.1) ----
crit = CriterionAll(lambda_1=1, lambda_2=1, lambda_3=0.1, num_classes=20)
for name, cycle in [("criterion0", 0), ("criterion1", 1), ("criterion2", 2)]:
    y = blobs(B, H, W, list(range(20)), 0.1)
    parsing, fusion, edge = logits(B, C, H, W), logits(B, C, H, W), logits(B, 2, H, W)
    # edge logits that agree with the label edges in places, so that the consistency term is defined
    e_true = generate_edge_tensor(y.clone()).long()
    with torch.no_grad():
        edge[:, 1] += 3.0 * e_true.float()
    labels = y.clone()
    if cycle == 0:
        soft, soft_edge = None, None
    else:
        soft, soft_edge = torch.randn(B, C, H, W) * 2, torch.randn(B, 2, H, W) * 2
        save(name + "_schp_fusion", soft), save(name + "_schp_edge", soft_edge)
    v, gs = value_and_grad(lambda: crit([[parsing, fusion], [edge]], [labels, e_true, soft, soft_edge], cycle),
                           parsing, fusion, edge)
    ref[name] = v
    ref[name + "_labels_rewritten"] = bool(not (labels == 255).any() and (y == 255).any())
    save(name + "_labels", y), save(name + "_edges", e_true)
    for part, t, g in zip(["parsing", "fusion", "edge"], [parsing, fusion, edge], gs):
        save(f"{name}_{part}", t), save(f"{name}_{part}_grad", g)

with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1, allow_nan=True)
print(json.dumps(ref, indent=1))
