"""Re-id mAP of a hand-made feature on a Market-1501-layout folder: each image's mean colours on a
coarse grid (rows x columns cells, RGB in [0, 1], Euclidean distance), evaluated with the Market-1501
protocol (gallery images of the query's identity from the query's camera are left out; mAP over the
queries that have a true match). It tells how much of a synthetic re-id set plain colour layout
already solves: the yardstick for docs/EFFECT.md's frozen-feature rows.

  /usr/bin/python3 scripts/effect_colour_baseline.py runs/effect/data/market1501 --grids 1x1 2x1 4x2 8x4

Needs numpy and PIL.
"""
import argparse
import os
import re

import numpy as np
from PIL import Image

NAME = re.compile(r"^(-?\d+)_c(\d+)")


def load(folder, rows, cols):
    feats, pids, cams = [], [], []
    for f in sorted(os.listdir(folder)):
        m = NAME.match(f)
        if not m or int(m.group(1)) < 0:
            continue  # junk and distractors (-1) are not queries or matches
        im = Image.open(os.path.join(folder, f)).convert("RGB").resize((cols, rows), Image.BOX)
        feats.append(np.asarray(im, dtype=np.float64).ravel() / 255)
        pids.append(int(m.group(1)))
        cams.append(int(m.group(2)))
    return np.array(feats), np.array(pids), np.array(cams)


def mean_ap(q, qp, qc, g, gp, gc):
    d = ((q[:, None, :] - g[None, :, :]) ** 2).sum(-1)
    aps = []
    for i in range(len(q)):
        keep = ~((gp == qp[i]) & (gc == qc[i]))
        order = np.argsort(d[i][keep], kind="stable")
        match = gp[keep][order] == qp[i]
        if not match.any():
            continue
        hits = np.flatnonzero(match)
        aps.append(np.mean(np.arange(1, len(hits) + 1) / (hits + 1)))
    return float(np.mean(aps)), len(aps)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("market", help="folder with query/ and bounding_box_test/")
    p.add_argument("--grids", nargs="+", default=["1x1", "2x1", "4x2", "8x4"], help="ROWSxCOLUMNS")
    a = p.parse_args()
    for grid in a.grids:
        rows, cols = (int(v) for v in grid.split("x"))
        q, qp, qc = load(os.path.join(a.market, "query"), rows, cols)
        g, gp, gc = load(os.path.join(a.market, "bounding_box_test"), rows, cols)
        m, n = mean_ap(q, qp, qc, g, gp, gc)
        print(f"colour grid {grid} (rows x columns): mAP {100 * m:.2f}% over {n} queries")


if __name__ == "__main__":
    main()
