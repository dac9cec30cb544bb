"""Learnable-signal check of a synthetic PA-100K set: a linear probe on raw pixels.

Usage: /usr/bin/python3 scripts/attribute_signal.py DIR OUT
  DIR: the pa100k/ folder written by `solider synth`; OUT: a folder for the outputs.
Fits one logistic regression per attribute (scikit-learn, balanced classes, L2 C=0.05) on the
train+val images resized to 32x16 RGB (the release trains on trainval), predicts the test split and
writes OUT/probs.npy and OUT/labels.npy, for `solider attr-eval`. With --shuffle the training
labels are permuted first (a control: mA should fall to about 0.5). Prints the positive rate of
each attribute on train+val and its positive count on test.
"""
import csv
import os
import sys

import numpy as np
from PIL import Image
from sklearn.linear_model import LogisticRegression


def load(root, split, size=(16, 32), resample=Image.BILINEAR, dtype=np.float32):
    """Attribute names, images resized to size (width, height) as flat RGB in [0, 1], 0/1 labels."""
    with open(os.path.join(root, split + '.csv')) as f:
        rows = list(csv.reader(f))
    xs, ys = [], []
    for r in rows[1:]:
        im = Image.open(os.path.join(root, 'data', r[0])).convert('RGB').resize(size, resample)
        xs.append(np.asarray(im, dtype=dtype).ravel() / 255)
        ys.append([int(v) for v in r[1:]])
    return rows[0][1:], np.array(xs), np.array(ys)


def main():
    root, out = sys.argv[1], sys.argv[2]
    shuffle = '--shuffle' in sys.argv
    names, xtr, ytr = load(root, 'train')
    _, xva, yva = load(root, 'val')
    _, xte, yte = load(root, 'test')
    xtr, ytr = np.concatenate([xtr, xva]), np.concatenate([ytr, yva])
    if shuffle:
        ytr = ytr[np.random.default_rng(0).permutation(len(ytr))]
    mu, sd = xtr.mean(0), xtr.std(0) + 1e-6
    xtr, xte = (xtr - mu) / sd, (xte - mu) / sd
    probs = np.zeros(yte.shape, dtype=np.float32)
    for j, name in enumerate(names):
        if ytr[:, j].min() == ytr[:, j].max():
            probs[:, j] = ytr[0, j]
        else:
            clf = LogisticRegression(C=0.05, max_iter=2000, class_weight='balanced').fit(xtr, ytr[:, j])
            probs[:, j] = clf.predict_proba(xte)[:, 1]
        print(f'{name:20s} train+val rate {ytr[:, j].mean():.3f}  test positives {int(yte[:, j].sum()):4d}/{len(yte)}')
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, 'probs.npy'), probs)
    np.save(os.path.join(out, 'labels.npy'), yte.astype(np.int64))
    print(f'{len(xtr)} train+val, {len(xte)} test images; wrote {out}/probs.npy and {out}/labels.npy')


if __name__ == '__main__':
    main()
