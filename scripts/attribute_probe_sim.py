"""Simulates our linear probe in PyTorch on features written by `solider extract` (unaugmented): Adam, batch 16,
the weighted BCE (weights from the train+val positive rates), clipping at 10, N epochs. Prints the constant
prediction's loss, the mean training loss per epoch and the test mA (threshold 0.5).
Usage: /usr/bin/python3 scripts/attribute_probe_sim.py PA100K_DIR FEATURE_DIR LR EPOCHS
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attribute_feature_probe import load  # noqa: E402

root, feat, lr, epochs = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
X, Y, Xt, Yt = load(root, feat)
X = torch.tensor(X); Y = torch.tensor(Y, dtype=torch.float32); Xt = torch.tensor(Xt)
r = Y.mean(0)
def loss(z, y):
    w = torch.where(y > 0.5, torch.exp(1 - r), torch.exp(r))
    return (torch.nn.functional.binary_cross_entropy_with_logits(z, y, weight=w, reduction='none').sum(1)).mean()
torch.manual_seed(0)
lin = torch.nn.Linear(X.shape[1], Y.shape[1])
opt = torch.optim.Adam(lin.parameters(), lr=lr)
pc = (r * torch.exp(1 - r)) / (r * torch.exp(1 - r) + (1 - r) * torch.exp(r))
print('constant loss', loss(torch.logit(pc).expand(len(Y), -1), Y).item())
def ma():
    p = (torch.sigmoid(lin(Xt)) > 0.5).numpy(); t = Yt == 1
    return np.mean(((p & t).sum(0) / (t.sum(0) + 1e-20) + (~p & ~t).sum(0) / ((~t).sum(0) + 1e-20)) / 2)
g = torch.Generator().manual_seed(1)
for e in range(epochs):
    perm = torch.randperm(len(X), generator=g); tot = []
    for s in range(0, len(X) - 15, 16):
        i = perm[s:s + 16]
        l = loss(lin(X[i]), Y[i]); opt.zero_grad(); l.backward()
        torch.nn.utils.clip_grad_norm_(lin.parameters(), 10); opt.step(); tot.append(l.item())
    print('epoch', e, 'train loss %.3f' % np.mean(tot), 'full-train loss %.3f' % loss(lin(X), Y).item(), 'test mA %.4f' % ma())
