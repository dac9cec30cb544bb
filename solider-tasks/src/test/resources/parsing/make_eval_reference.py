"""Reference numbers for parsing-eval, from the release's own mIoU code.

Run (from this folder): /usr/bin/python3 make_eval_reference.py [RELEASE_DIR]
RELEASE_DIR defaults to /work/release/SOLIDER-HumanParsing (tinyvision/SOLIDER-HumanParsing 7bdd9eb).

Writes eval/CASE/gt/*.png and eval/CASE/pred/*.png (constructed label maps: 8-bit grayscale and
palette PNGs, 1-, 4- and 8-bit) and eval/expected.json with what the release's
utils/miou.py:compute_mean_ioU returns for each case: the function evaluate.py calls. It reads the
ground truth with PIL (np.array(Image.open(...)): the pixel value, or the palette index), drops GT
255, accumulates one confusion matrix with get_confusion_matrix and returns the IoU per class, pixel
accuracy, mean accuracy and mean IU in percent. Its back-projection step (transform_parsing, the
inverse affine of the test crop) is replaced by the identity, because our predictions are already
at the original resolution; the predictions are read as compute_mean_ioU_file reads them
(np.asarray(Image.open(pred))).
"""
import contextlib
import io
import json
import math
import os
import shutil
import sys
import tempfile

import numpy as np
from PIL import Image

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-HumanParsing"
sys.path.insert(0, RELEASE)
import utils.miou as miou  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "eval")
rng = np.random.default_rng(20240613)


def lip_palette():
    return miou.get_palette(20)


def save(arr, path, kind):
    """kind: 'gray' (8-bit L), 'pal' (P with the LIP palette), 'graypal' (P, palette entry i is the
    grey (7*i mod 256): colours that differ from the indices), 'bits1' (1-bit grayscale), 'pal4' (4-bit P)."""
    arr = np.asarray(arr, dtype=np.uint8)
    if kind == "gray":
        Image.fromarray(arr, "L").save(path)
    elif kind == "pal":
        im = Image.fromarray(arr, "P")
        pal = lip_palette()
        im.putpalette(pal + [0] * (768 - len(pal)))
        im.save(path)
    elif kind == "graypal":
        im = Image.fromarray(arr, "P")
        im.putpalette([v for i in range(256) for v in ((7 * i) % 256,) * 3])
        im.save(path)
    elif kind == "bits1":
        Image.fromarray(arr * 255, "L").convert("1").save(path)
    elif kind == "pal4":
        im = Image.fromarray(arr, "P")
        im.putpalette(lip_palette()[:48])
        im.save(path, bits=4)
    else:
        raise ValueError(kind)


def random_map(h, w, n, ignore_frac=0.1, classes=None):
    classes = np.arange(n) if classes is None else np.asarray(classes)
    m = rng.choice(classes, size=(h, w))
    m[rng.random((h, w)) < ignore_frac] = 255
    return m


def noisy_pred(gt, n, flip=0.4, classes=None):
    classes = np.arange(n) if classes is None else np.asarray(classes)
    p = np.where(gt == 255, rng.choice(classes, size=gt.shape), gt)
    wrong = rng.random(gt.shape) < flip
    p[wrong] = rng.choice(classes, size=int(wrong.sum()))
    return p


def reference(case_dir, names, num_classes):
    """The release's compute_mean_ioU over the case's GT and predictions."""
    tmp = tempfile.mkdtemp()
    try:
        os.symlink(os.path.join(case_dir, "gt"), os.path.join(tmp, "val_segmentations"))
        with open(os.path.join(tmp, "val_id.txt"), "w") as f:
            f.write("".join(n + "\n" for n in names))
        preds = [np.asarray(Image.open(os.path.join(case_dir, "pred", n + ".png"))) for n in names]
        scales = np.zeros((len(names), 2), dtype=np.float32)
        centers = np.zeros((len(names), 2), dtype=np.int32)
        original = miou.transform_parsing
        miou.transform_parsing = lambda pred, c, s, w, h, input_size: pred
        try:
            with contextlib.redirect_stdout(io.StringIO()), np.errstate(invalid="ignore"):
                res = miou.compute_mean_ioU(preds, scales, centers, num_classes, tmp)
        finally:
            miou.transform_parsing = original
    finally:
        shutil.rmtree(tmp)
    per_class = [float(res[label]) for label in miou.LABELS[:num_classes]]
    num = lambda v: None if math.isnan(v) else float(v)  # noqa: E731
    return {"num_classes": num_classes, "pixel_accuracy": num(res["Pixel accuracy"]),
            "mean_accuracy": num(res["Mean accuracy"]), "mIoU": num(res["Mean IU"]), "per_class_IoU": per_class}


cases = {}


def case(name, items, num_classes=20, extra_pred=()):
    """items: list of (file stem, gt array, gt kind, pred array, pred kind)."""
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "gt"))
    os.makedirs(os.path.join(d, "pred"))
    for stem, gt, gk, pred, pk in items:
        save(gt, os.path.join(d, "gt", stem + ".png"), gk)
        save(pred, os.path.join(d, "pred", stem + ".png"), pk)
    for stem, pred in extra_pred:  # predictions without a GT file: not read
        save(pred, os.path.join(d, "pred", stem + ".png"), "gray")
    names = sorted(stem for stem, *_ in items)
    cases[name] = reference(d, names, num_classes)


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)

# Random maps of several non-square sizes, 8-bit grayscale both sides.
items = []
for i, (h, w) in enumerate([(23, 17), (40, 31), (1, 9), (64, 48), (9, 1), (30, 30)]):
    gt = random_map(h, w, 20)
    items.append((f"img{i:02d}", gt, "gray", noisy_pred(gt, 20), "gray"))
case("random_gray", items, extra_pred=[("unused", np.zeros((3, 3)))])

# The same kind of maps as palette PNGs (LIP palette), mixed with grayscale, and a palette whose
# colours are greys unrelated to the indices (an RGB or luminance reading would get other labels).
items = []
kinds = [("pal", "pal"), ("gray", "pal"), ("pal", "gray"), ("graypal", "graypal"), ("pal", "graypal")]
for i, (gk, pk) in enumerate(kinds):
    h, w = int(rng.integers(5, 50)), int(rng.integers(5, 50))
    gt = random_map(h, w, 20)
    items.append((f"p{i}", gt, gk, noisy_pred(gt, 20), pk))
case("palette", items)

# Low bit depths: 4-bit palette (PIL writes it for <= 16 colours) and 1-bit grayscale.
gt4 = random_map(13, 21, 16, ignore_frac=0.0)
gt1 = rng.integers(0, 2, size=(11, 7))
items = [("a", gt4, "pal4", noisy_pred(gt4, 16), "pal4"), ("b", gt1, "bits1", noisy_pred(gt1, 2), "bits1"),
         ("c", gt4, "gray", noisy_pred(gt4, 16), "pal4")]
case("low_bit_depth", items)

# Absent classes: GT uses classes 0-7 only, predictions use 0-5 and 12-13; 8-11 and 14-19 are
# absent from both (IoU 0, counted in the means), 12-13 appear only in predictions.
items = []
for i in range(3):
    gt = random_map(20 + i, 15, 20, classes=range(8))
    items.append((f"abs{i}", gt, "gray", noisy_pred(gt, 20, flip=0.5, classes=[0, 1, 2, 3, 4, 5, 12, 13]), "gray"))
case("absent_classes", items)

# One image entirely ignored (255) among others, and an image whose prediction is perfect.
g0 = np.full((12, 10), 255)
g1 = random_map(14, 9, 20, ignore_frac=0.3)
g2 = random_map(8, 25, 20)
items = [("allignore", g0, "gray", random_map(12, 10, 20, ignore_frac=0), "gray"),
         ("partial", g1, "gray", noisy_pred(g1, 20), "pal"), ("perfect", g2, "gray", np.where(g2 == 255, 0, g2), "gray")]
case("some_ignored", items)

# Every GT pixel ignored: pixel accuracy is 0/0 (NaN in the release, null in the JSON).
items = [("x", np.full((5, 6), 255), "gray", random_map(5, 6, 20, 0), "gray"),
         ("y", np.full((3, 3), 255), "gray", random_map(3, 3, 20, 0), "gray")]
case("all_ignored", items)

# Out-of-range labels. Predictions 20..254 (and 255) make gt*20+pred land in the next GT row of
# the confusion matrix, or past its end (dropped); GT values 20..254 are not ignored but always land
# past the end.
gt = random_map(30, 20, 20, ignore_frac=0.05)
gt[:3, :] = rng.integers(20, 255, size=(3, 20))
pred = noisy_pred(np.where(gt >= 20, 255, gt), 20)
mask = rng.random(pred.shape) < 0.2
pred[mask] = rng.integers(20, 256, size=int(mask.sum()))
case("out_of_range", [("o", gt, "gray", pred, "gray")])

# A perfect single image and a 1x1 image.
g = random_map(17, 11, 20, ignore_frac=0.2)
case("perfect", [("only", g, "pal", np.where(g == 255, 3, g), "pal"), ("one", np.array([[4]]), "gray", np.array([[4]]), "gray")])

# Another class count: 7 classes (labels >= 7 in GT are dropped, predictions >= 7 spill over).
items = []
for i in range(3):
    gt = random_map(18, 12 + 3 * i, 7)
    p = noisy_pred(gt, 7)
    p[rng.random(p.shape) < 0.05] = 9
    items.append((f"s{i}", gt, "gray", p, "gray"))
case("seven_classes", items, num_classes=7)

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(cases, f, indent=1)
print("wrote", len(cases), "cases to", OUT)
