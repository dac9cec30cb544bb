"""Reference numbers for the re-id training tests (solider-tasks), from PyTorch and Pillow.

Run: /usr/bin/python3 make_train_reference.py > train_reference.json
(Debian torch 1.13, Pillow 9.4.) The formulas are the release's: TransReID / SOLIDER-REID
loss/triplet_loss.py (TripletLoss() without margin = SoftMarginLoss on hardest pairs),
loss/softmax_loss.py (CrossEntropyLabelSmooth, epsilon 0.1), torch.optim.SGD, BatchNorm1d
with frozen bias + Linear(bias=False) as make_model.build_transformer.
"""
import json

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

torch.manual_seed(0)
out = {}

# ---- SGD: torch.optim.SGD(momentum=0.9), two groups (weights lr, wd; "bias" lr*2) ----
w = torch.tensor([[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]], requires_grad=True)
b = torch.tensor([0.1, -0.2], requires_grad=True)
opt = torch.optim.SGD([{"params": [w], "lr": 0.1, "weight_decay": 1e-2},
                       {"params": [b], "lr": 0.2, "weight_decay": 1e-2}], momentum=0.9)
grads_w = [[[0.3, -0.2, 0.1], [1.0, -0.5, 0.25]], [[-0.1, 0.4, 0.0], [0.2, 0.2, -0.3]],
           [[0.05, 0.05, 0.05], [-1.0, 0.5, 0.0]]]
grads_b = [[0.5, -0.5], [0.25, 0.0], [-0.1, 0.3]]
sgd = {"w0": w.detach().tolist(), "b0": b.detach().tolist(), "grads_w": grads_w, "grads_b": grads_b,
       "w": [], "b": []}
for gw, gb in zip(grads_w, grads_b):
    opt.zero_grad()
    w.grad = torch.tensor(gw)
    b.grad = torch.tensor(gb)
    opt.step()
    sgd["w"].append(w.detach().tolist())
    sgd["b"].append(b.detach().tolist())
out["sgd"] = sgd


# ---- cross-entropy with and without label smoothing ----
class CrossEntropyLabelSmooth(nn.Module):
    def __init__(self, num_classes, epsilon=0.1):
        super().__init__()
        self.num_classes = num_classes
        self.epsilon = epsilon
        self.logsoftmax = nn.LogSoftmax(dim=1)

    def forward(self, inputs, targets):
        log_probs = self.logsoftmax(inputs)
        targets = torch.zeros(log_probs.size()).scatter_(1, targets.unsqueeze(1).data.cpu(), 1)
        targets = (1 - self.epsilon) * targets + self.epsilon / self.num_classes
        return (- targets * log_probs).mean(0).sum()


logits = torch.tensor([[2.0, 1.0, 0.1, -1.0, 0.5], [0.0, 0.0, 3.0, 0.2, -0.4],
                       [1.5, -0.5, 0.3, 0.3, 2.5], [-2.0, 1.0, 0.0, 0.7, 0.1]], requires_grad=True)
labels = torch.tensor([0, 2, 1, 3])
ce = F.cross_entropy(logits, labels)
g, = torch.autograd.grad(ce, logits)
ls = CrossEntropyLabelSmooth(5)(logits, labels)
gs, = torch.autograd.grad(ls, logits)
out["ce"] = {"logits": logits.tolist(), "labels": labels.tolist(), "loss": ce.item(), "grad": g.tolist(),
             "loss_smooth": ls.item(), "grad_smooth": gs.tolist()}


# ---- TransReID TripletLoss() (no margin: SoftMarginLoss) on a 4-sample hand example ----
def euclidean_dist(x, y):
    m, n = x.size(0), y.size(0)
    xx = torch.pow(x, 2).sum(1, keepdim=True).expand(m, n)
    yy = torch.pow(y, 2).sum(1, keepdim=True).expand(n, m).t()
    dist = xx + yy
    dist = dist - 2 * torch.matmul(x, y.t())
    return dist.clamp(min=1e-12).sqrt()


def hard_example_mining(dist_mat, labels):
    N = dist_mat.size(0)
    is_pos = labels.expand(N, N).eq(labels.expand(N, N).t())
    is_neg = labels.expand(N, N).ne(labels.expand(N, N).t())
    dist_ap, _ = torch.max(dist_mat[is_pos].contiguous().view(N, -1), 1, keepdim=True)
    dist_an, _ = torch.min(dist_mat[is_neg].contiguous().view(N, -1), 1, keepdim=True)
    return dist_ap.squeeze(1), dist_an.squeeze(1)


feats = torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 3.0]], requires_grad=True)
tl = torch.tensor([0, 0, 1, 1])
dist = euclidean_dist(feats, feats)
ap, an = hard_example_mining(dist, tl)
tri = nn.SoftMarginLoss()(an - ap, torch.ones_like(an))
gt, = torch.autograd.grad(tri, feats)
out["triplet"] = {"features": feats.tolist(), "labels": tl.tolist(), "loss": tri.item(), "grad": gt.tolist(),
                  "d_ap": ap.tolist(), "d_an": an.tolist()}

# ---- BN neck (bias frozen) + classifier, CE, gradients and running statistics ----
torch.manual_seed(1)
B, D, C = 4, 3, 5
x = torch.randn(B, D, requires_grad=True)
bn = nn.BatchNorm1d(D)
bn.bias.requires_grad_(False)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.0, 0.5, 2.0]))
cls = nn.Linear(D, C, bias=False)
nn.init.normal_(cls.weight, std=0.5)
bn.train()
y = bn(x)
lg = cls(y)
lab = torch.tensor([0, 1, 4, 1])
loss = F.cross_entropy(lg, lab)
gx, gg, gw = torch.autograd.grad(loss, [x, bn.weight, cls.weight])
out["head"] = {"x": x.tolist(), "gamma": [1.0, 0.5, 2.0], "W": cls.weight.tolist(), "labels": lab.tolist(),
               "logits": lg.tolist(), "loss": loss.item(), "grad_x": gx.tolist(), "grad_gamma": gg.tolist(),
               "grad_W": gw.tolist(), "running_mean": bn.running_mean.tolist(),
               "running_var": bn.running_var.tolist()}

# ---- Pillow bicubic (the release's Resize(..., interpolation=3)) ----
rng = np.random.RandomState(3)
img = rng.randint(0, 256, size=(7, 5, 3)).astype(np.uint8)
up = np.asarray(Image.fromarray(img).resize((11, 16), Image.BICUBIC))
down = np.asarray(Image.fromarray(img).resize((3, 4), Image.BICUBIC))
out["bicubic"] = {"image": img.tolist(), "up_16x11": up.tolist(), "down_4x3": down.tolist()}

print(json.dumps(out))
