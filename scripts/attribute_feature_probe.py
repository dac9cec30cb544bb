"""Converged linear probes on pooled features written by `solider extract` (pooled.npy, index.csv) of a synthetic
PA-100K folder: one scikit-learn logistic regression per attribute, trained on train+val, with (a) balanced class
weights, (b) the release's weights exp(1-r) on positives and exp(r) on negatives, (c) no weights; prints the test mA
as the release computes it (threshold 0.5). Usage: /usr/bin/python3 scripts/attribute_feature_probe.py PA100K_DIR FEATURE_DIR
Environment C: the inverse L2 strength (default 1).
"""
import csv
import os
import sys

import numpy as np


def load(root, feat):
    """(X, Y) of train+val and (Xt, Yt) of test: the extracted pooled features and the CSV labels of each image."""
    pooled = np.load(os.path.join(feat, 'pooled.npy'))
    rows = list(csv.reader(open(os.path.join(feat, 'index.csv'))))[1:]
    pos = {os.path.basename(r[1]): int(r[0]) for r in rows}

    def split(s):
        rr = list(csv.reader(open(os.path.join(root, s + '.csv'))))[1:]
        return np.stack([pooled[pos[r[0]]] for r in rr]), np.array([[int(v) for v in r[1:]] for r in rr])

    (xa, ya), (xv, yv), (xt, yt) = split('train'), split('val'), split('test')
    return np.concatenate([xa, xv]), np.concatenate([ya, yv]), xt, yt


def main():
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    X, Y, Xt, Yt = load(sys.argv[1], sys.argv[2])
    scale = '--raw' not in sys.argv
    if scale:
        sc = StandardScaler().fit(X); X = sc.transform(X); Xt = sc.transform(Xt)
    r = Y.mean(0)
    C = float(os.environ.get('C', '1'))
    for mode in ['balanced', 'release', 'none']:
        ma = []
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():
                p = np.full(len(Xt), Y[0, j] == 1)
            else:
                sw = None
                if mode == 'release':
                    sw = np.where(Y[:, j] > 0.5, np.exp(1 - r[j]), np.exp(r[j]))
                m = LogisticRegression(max_iter=5000, C=C, class_weight='balanced' if mode == 'balanced' else None)
                m.fit(X, Y[:, j], sample_weight=sw)
                p = m.predict_proba(Xt)[:, 1] > 0.5
            t = Yt[:, j] == 1
            ma.append(((p & t).sum() / (t.sum() + 1e-20) + (~p & ~t).sum() / ((~t).sum() + 1e-20)) / 2)
        print('%-9s C=%g scaled=%s test mA %.4f' % (mode, C, scale, np.mean(ma)))


if __name__ == '__main__':
    main()
