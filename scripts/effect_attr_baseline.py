"""Attribute mA of a linear classifier on hand-made features of a PA-100K-layout folder (train.csv /
test.csv with an `image` column and one 0/1 column per attribute, images in data/): each image's
mean colours on a coarse grid (rows x columns cells, RGB in [0, 1]), one class-balanced logistic
regression per attribute trained on train.csv, mA on test.csv as the release computes it (per
attribute, the mean of the positive and the negative recall; attributes without positives or
negatives in the test set count their one defined recall, as (TP/(P+eps) + TN/(N+eps)) / 2 does).
The yardstick for docs/EFFECT.md's attribute rows: how much plain colour layout already predicts.

  /usr/bin/python3 scripts/effect_attr_baseline.py runs/effect/data/pa100k --grids 1x1 4x2 8x4 16x8

Needs numpy, PIL and scikit-learn; reads the folder with attribute_signal.load and scores with
attribute_bootstrap.ma (scripts/ beside it).
"""
import argparse

import numpy as np
from PIL import Image
from sklearn.linear_model import LogisticRegression

from attribute_bootstrap import ma
from attribute_signal import load


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("pa100k", help="folder with train.csv, test.csv and data/")
    p.add_argument("--grids", nargs="+", default=["1x1", "4x2", "8x4", "16x8"], help="ROWSxCOLUMNS")
    a = p.parse_args()
    for grid in a.grids:
        rows, cols = (int(v) for v in grid.split("x"))
        _, xtr, ytr = load(a.pa100k, "train", (cols, rows), Image.BOX, np.float64)
        _, xte, yte = load(a.pa100k, "test", (cols, rows), Image.BOX, np.float64)
        mu, sd = xtr.mean(0), xtr.std(0) + 1e-6
        xtr, xte = (xtr - mu) / sd, (xte - mu) / sd
        pred = np.zeros_like(yte)
        for j in range(ytr.shape[1]):
            if ytr[:, j].min() == ytr[:, j].max():  # one class in training: predict it
                pred[:, j] = ytr[0, j]
                continue
            clf = LogisticRegression(class_weight="balanced", max_iter=2000, C=1.0)
            pred[:, j] = clf.fit(xtr, ytr[:, j]).predict(xte)
        print(f"colour grid {grid} (rows x columns), logistic regression: mA {100 * ma(pred.astype(bool), yte):.2f}% "
              f"on {len(yte)} test images, {ytr.shape[1]} attributes")


if __name__ == "__main__":
    main()
