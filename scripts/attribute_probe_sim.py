"""Simulates our linear probe in PyTorch on features written by `solider extract` (unaugmented): Adam, batch 16,
the weighted BCE (weights from the train+val positive rates), clipping at 10, N epochs. Prints the constant
prediction's loss, the mean training loss per epoch and the test mA (threshold 0.5).
Usage: /usr/bin/python3 scripts/attribute_probe_sim.py PA100K_DIR FEATURE_DIR LR EPOCHS
"""
import csv, sys, os, numpy as np, torch
root, feat, lr, epochs = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
pooled = np.load(os.path.join(feat, 'pooled.npy'))
rows = list(csv.reader(open(os.path.join(feat, 'index.csv'))))[1:]
pos = {os.path.basename(r[1]): int(r[0]) for r in rows}
def split(s):
    rr = list(csv.reader(open(os.path.join(root, s + '.csv'))))[1:]
    return np.stack([pooled[pos[r[0]]] for r in rr]), np.array([[int(v) for v in r[1:]] for r in rr])
Xa, Ya = split('train'); Xv, Yv = split('val'); Xt, Yt = split('test')
X = torch.tensor(np.concatenate([Xa, Xv])); Y = torch.tensor(np.concatenate([Ya, Yv]), dtype=torch.float32)
Xt = torch.tensor(Xt); Yt = np.array(Yt)
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
