"""Test-set noise of the attribute mA: a bootstrap over test images (resampled with replacement) of the mA as the
release's get_pedestrian_metrics computes it (prediction prob > 0.5, eps 1e-20). With two models, the paired bootstrap
of their difference (the same resampled images for both), which is what decides whether one is better.

Usage: python3 scripts/attribute_bootstrap.py LABELS.npy PROBS_A.npy [PROBS_B.npy] [--resamples 10000] [--seed 0]
The .npy files are what `solider attr-test` writes (probs.npy, labels.npy: N images x A attributes, same rows).
Needs numpy only.
"""
import argparse

import numpy as np


def ma(pred, gt, eps=1e-20):
    """Mean over attributes of (positive recall + negative recall) / 2, as the release computes it."""
    pos = (gt == 1).sum(0)
    neg = (gt == 0).sum(0)
    tp = ((gt == 1) & pred).sum(0)
    tn = ((gt == 0) & ~pred).sum(0)
    return np.mean((tp / (pos + eps) + tn / (neg + eps)) / 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('labels')
    ap.add_argument('probs', nargs='+')
    ap.add_argument('--resamples', type=int, default=10000)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    gt = np.load(a.labels)
    preds = [np.load(p) > 0.5 for p in a.probs]
    for p, name in zip(preds, a.probs):
        if p.shape != gt.shape:
            raise SystemExit('%s has shape %s, the labels %s' % (name, p.shape, gt.shape))
    rng = np.random.default_rng(a.seed)
    n = gt.shape[0]
    draws = np.empty((a.resamples, len(preds)))
    for r in range(a.resamples):
        idx = rng.integers(0, n, n)
        draws[r] = [ma(p[idx], gt[idx]) for p in preds]
    for k, name in enumerate(a.probs):
        lo, hi = np.percentile(draws[:, k], [2.5, 97.5])
        print('%s: mA %.2f %%, bootstrap std %.2f points, 95 %% interval [%.2f, %.2f] %%'
              % (name, 100 * ma(preds[k], gt), 100 * draws[:, k].std(), 100 * lo, 100 * hi))
    if len(preds) == 2:
        d = draws[:, 0] - draws[:, 1]
        lo, hi = np.percentile(d, [2.5, 97.5])
        print('difference first - second: %.2f points, paired bootstrap std %.2f, 95 %% interval [%.2f, %.2f], '
              'share of resamples <= 0: %.4f'
              % (100 * (ma(preds[0], gt) - ma(preds[1], gt)), 100 * d.std(), 100 * lo, 100 * hi, (d <= 0).mean()))


if __name__ == '__main__':
    main()
