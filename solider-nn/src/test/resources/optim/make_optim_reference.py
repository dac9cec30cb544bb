"""Reference sequences for io.solider.nn.optim's Adam, ReduceLrOnPlateau and GradientClipping.

Run: /usr/bin/python3 make_optim_reference.py > optim_reference.json
(Debian torch 1.13 CPU.) torch.optim.Adam (coupled L2 weight decay), torch.optim.lr_scheduler.
ReduceLROnPlateau and torch.nn.utils.clip_grad_norm_, as SOLIDER-PersonAttributeRecognition uses
them (train.py, batch_engine.py): clip the global gradient norm, Adam step, plateau step per epoch.
"""
import json
import math

import torch

torch.manual_seed(0)
out = {}


def tolist(t):
    return t.detach().double().tolist()


# ---- Adam + clipping + plateau, the attribute recipe's step, two parameter groups ----
w = torch.randn(4, 3, requires_grad=True)
b = torch.randn(4, requires_grad=True)
opt = torch.optim.Adam([{'params': [w], 'lr': 1e-2, 'weight_decay': 5e-4},
                        {'params': [b], 'lr': 2e-2, 'weight_decay': 0.0}])
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.1, patience=1, cooldown=1,
                                                   min_lr=1e-4)
scales = [0.05, 3.0, 0.2, 10.0, 0.01, 1.0, 50.0, 0.3, 0.03, 5.0]
metrics = [1.0, 0.99995, 0.9999, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.96]
seq = {'w0': tolist(w), 'b0': tolist(b), 'max_norm': 1.0, 'steps': []}
for s, metric in zip(scales, metrics):
    gw = torch.randn(4, 3) * s
    gb = torch.randn(4) * s
    w.grad = gw.clone()
    b.grad = gb.clone()
    total = torch.nn.utils.clip_grad_norm_([w, b], max_norm=1.0)
    clipped_w, clipped_b = w.grad.clone(), b.grad.clone()
    lrs = [g['lr'] for g in opt.param_groups]
    opt.step()
    sched.step(metric)
    seq['steps'].append({'grad_w': tolist(gw), 'grad_b': tolist(gb), 'total_norm': float(total),
                         'clipped_w': tolist(clipped_w), 'clipped_b': tolist(clipped_b), 'lrs_used': lrs,
                         'w': tolist(w), 'b': tolist(b), 'metric': metric,
                         'lrs_after': [g['lr'] for g in opt.param_groups],
                         'exp_avg_w': tolist(opt.state[w]['exp_avg']),
                         'exp_avg_sq_w': tolist(opt.state[w]['exp_avg_sq'])})
out['recipe'] = seq

# ---- Adam alone: 25 steps, weight decay, a gradient that changes sign and size, β and ε non-default ----
p = torch.randn(7, requires_grad=True)
adam = torch.optim.Adam([p], lr=3e-3, betas=(0.8, 0.95), eps=1e-6, weight_decay=1e-2)
long = {'p0': tolist(p), 'grads': [], 'p': []}
for t in range(25):
    g = torch.randn(7) * (10.0 ** ((t % 5) - 3))
    p.grad = g.clone()
    adam.step()
    long['grads'].append(tolist(g))
    long['p'].append(tolist(p))
out['adam_long'] = long


# ---- ReduceLROnPlateau alone ----
def plateau(name, metrics, groups, **kw):
    params = [torch.zeros(1, requires_grad=True) for _ in groups]
    o = torch.optim.SGD([{'params': [q], 'lr': lr} for q, lr in zip(params, groups)], lr=groups[0])
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(o, **kw)
    rows = []
    for m in metrics:
        s.step(m)
        rows.append({'lrs': [g['lr'] for g in o.param_groups], 'best': s.best, 'num_bad_epochs': s.num_bad_epochs,
                     'cooldown_counter': s.cooldown_counter})
    out[name] = {'config': kw, 'initial': groups, 'metrics': metrics, 'rows': rows}


decreasing_then_flat = [1.0, 0.9, 0.8, 0.79995, 0.8, 0.81, 0.82, 0.83, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7,
                        0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69]
plateau('plateau_release', decreasing_then_flat, [1e-5, 1e-5], factor=0.1, patience=4)
plateau('plateau_cooldown_min_lr', decreasing_then_flat, [1e-2, 3e-3], mode='min', factor=0.5, patience=2,
        cooldown=2, min_lr=1e-3, eps=1e-8)
plateau('plateau_max_abs', [0.1, 0.2, 0.25, 0.26, 0.3, 0.3, 0.29, 0.31, 0.305, 0.3, 0.2, 0.2, 0.2, 0.2],
        [0.1], mode='max', factor=0.3, patience=1, threshold=0.02, threshold_mode='abs')
plateau('plateau_nan_and_eps', [1.0, float('nan'), float('nan'), 0.5, float('nan'), float('nan'), float('nan'),
                                0.4, 0.4, 0.4, 0.4],
        [1e-7, 5e-9], factor=0.5, patience=1, eps=1e-8)


# ---- clip_grad_norm_: below the limit (unchanged), above (scaled), exactly at it ----
def clip_case(grads, max_norm):
    ps = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for q, g in zip(ps, grads):
        q.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
    return {'grads': [tolist(g) for g in grads], 'max_norm': max_norm, 'total_norm': float(total),
            'clipped': [tolist(q.grad) for q in ps]}


out['clip'] = [clip_case([torch.randn(3, 4), torch.randn(5)], 100.0),
               clip_case([torch.randn(3, 4) * 10, torch.randn(5) * 10], 1.0),
               clip_case([torch.tensor([3.0, 4.0])], 5.0),
               clip_case([torch.randn(1000) * 1e-3, torch.randn(10, 10)], 0.5)]

print(json.dumps(out, allow_nan=True))
