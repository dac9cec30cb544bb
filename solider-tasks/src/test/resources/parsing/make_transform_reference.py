"""Reference data for the parsing transforms, from the release's code and OpenCV.

Run (from this folder): /usr/bin/python3 make_transform_reference.py [RELEASE_DIR]
RELEASE_DIR defaults to /work/release/SOLIDER-HumanParsing (tinyvision/SOLIDER-HumanParsing 7bdd9eb).
Debian python3-opencv 4.6.0, numpy 1.24, torch 1.13 (CPU).

Writes transform/*.npy, transform/*.png and transform/reference.json:
- affine: utils/transforms.py get_affine_transform (float32 box -> cv2.getAffineTransform) on random
  centres, scales, rotations and output sizes, forward and inverse; cv2.getAffineTransform alone.
- warp: cv2.warpAffine as the release calls it (INTER_LINEAR border 0 on BGR uint8 images,
  INTER_NEAREST border 255 on uint8 labels, INTER_NEAREST border 0 on int32 label maps).
- train: datasets/datasets.py LIPDataSet.__getitem__ ('train') on a temporary LIP folder, with
  np.random.randn and random.random replaced by queues of given draws (stored with each case), with
  the release's transform (ToTensor, BGR2RGB_transform, Normalize with the model's mean/std), and
  once without it at the real 572x384 crop (the warped uint8 image). The images are PNG bytes in
  .jpg files: cv2.imread decodes by content, so both sides start from the same pixels.
- test: LIPDataValSet.__getitem__ (flip=True) and evaluate.py multi_scale_testing with a stand-in
  model that records the rescaled input it is given and returns stored logits, then
  utils/transforms.py transform_parsing back to the original size with the float centre (as
  evaluate.py saves PNGs) and with the int32 centre (as evaluate.py feeds compute_mean_ioU).
- schedule: utils/warmup_scheduler.py SGDRScheduler learning rate per epoch.
- palette: utils/miou.py get_palette(256).
- decode: two JPEGs (written by OpenCV and by Pillow) and what cv2.imread decodes them to.
numpy 1.24 lacks np.long, which datasets.py uses for a buffer it then overwrites; it is set to int.
tqdm, which evaluate.py imports for its main loop only, is stubbed when it is not installed.
"""
import json
import os
import random
import shutil
import sys
import tempfile

import cv2
import numpy as np
import torch
import torchvision.transforms as T  # noqa: F401  (the release's transform is rebuilt below)

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-HumanParsing"
sys.path.insert(0, RELEASE)
np.long = int
import datasets.datasets as release_datasets  # noqa: E402
import utils.miou as miou  # noqa: E402
from utils.transforms import BGR2RGB_transform, get_affine_transform, transform_parsing  # noqa: E402
from utils.warmup_scheduler import SGDRScheduler  # noqa: E402

sys.argv = sys.argv[:1]
if "tqdm" not in sys.modules:  # evaluate.py imports tqdm for its main loop only
    import types
    sys.modules["tqdm"] = types.SimpleNamespace(tqdm=lambda x, **k: x)
import evaluate as release_evaluate  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "transform")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
rng = np.random.default_rng(11)
torch.manual_seed(3)
ref = {}


def save(name, a):
    """Label maps are stored as uint8 (their values are < 256) to keep the files small."""
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(a))


def f32(x):
    return [float(v) for v in np.asarray(x, dtype=np.float32).ravel()]


def smooth_image(h, w, seed):
    """A BGR uint8 image with gradients, blocks and noise (varied, yet it compresses in PNG)."""
    r = np.random.default_rng(seed)
    small = r.integers(0, 256, size=(max(2, h // 8), max(2, w // 8), 3)).astype(np.float32)
    img = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    img += r.normal(0, 6, size=img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def label_map(h, w, seed):
    r = np.random.default_rng(seed)
    lab = np.zeros((h, w), np.uint8)
    for _ in range(10):
        y0, x0 = r.integers(0, h), r.integers(0, w)
        lab[y0:y0 + r.integers(3, max(4, h // 2)), x0:x0 + r.integers(3, max(4, w // 2))] = r.choice([1, 2, 5, 9, 13, 14, 15, 16, 17, 18, 19])
    lab[r.random((h, w)) < 0.02] = 255
    return lab


# ---------------- affine matrices ----------------
affine = []
for i in range(300):
    h, w = int(rng.integers(2, 900)), int(rng.integers(2, 900))
    center = np.array([rng.uniform(0, w), rng.uniform(0, h)], dtype=np.float32)
    scale = np.array([rng.uniform(1, 2 * w), rng.uniform(1, 2 * h)], dtype=np.float32)
    rot = 0 if i % 3 == 0 else float(np.clip(rng.normal() * 30, -60, 60))
    out = [int(rng.integers(2, 700)), int(rng.integers(2, 700))]
    if i % 10 == 1:
        center = center.astype(np.int32)  # evaluate.py's integer centres
    inv = i % 2
    m = get_affine_transform(center, scale, rot, out, inv=inv)
    affine.append({"center": [float(v) for v in center], "int_center": bool(center.dtype == np.int32),
                   "scale": f32(scale), "rot": rot, "output": out, "inv": inv, "m": [float(v) for v in m.ravel()]})
ref["affine"] = affine
solve = []
for i in range(200):
    src = rng.uniform(-500, 1500, size=(3, 2)).astype(np.float32)
    dst = rng.uniform(-500, 1500, size=(3, 2)).astype(np.float32)
    if i % 4 == 0:
        src = np.round(src)
    m = cv2.getAffineTransform(src, dst)
    solve.append({"src": f32(src), "dst": f32(dst), "m": [float(v) for v in m.ravel()]})
ref["get_affine_transform"] = solve

# ---------------- warps ----------------
warps = []
for i, (ih, iw, oh, ow) in enumerate([(37, 29, 23, 31), (20, 50, 60, 40), (64, 48, 64, 48), (9, 7, 40, 33), (81, 61, 19, 13)]):
    img = rng.integers(0, 256, size=(ih, iw, 3)).astype(np.uint8)
    lab = rng.integers(0, 20, size=(ih, iw)).astype(np.uint8)
    lab32 = rng.integers(0, 20, size=(ih, iw)).astype(np.int64)
    center = np.array([iw * rng.uniform(0.3, 0.7), ih * rng.uniform(0.3, 0.7)], dtype=np.float32)
    scale = np.array([iw * rng.uniform(0.5, 1.5), ih * rng.uniform(0.5, 1.5)], dtype=np.float32)
    rot = [0.0, 25.0, -60.0, 13.7, 59.9][i]
    m = get_affine_transform(center, scale, rot, [oh, ow])
    lin = cv2.warpAffine(img, m, (ow, oh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    near = cv2.warpAffine(lab, m, (ow, oh), flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT, borderValue=(255))
    near32 = cv2.warpAffine(lab32, m, (ow, oh), flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT, borderValue=(0))
    save(f"warp{i}_image", img), save(f"warp{i}_labels", lab), save(f"warp{i}_labels32", lab32.astype(np.uint8))
    save(f"warp{i}_linear", lin), save(f"warp{i}_nearest", near), save(f"warp{i}_nearest32", near32.astype(np.uint8))
    warps.append({"m": [float(v) for v in m.ravel()], "output": [oh, ow]})
ref["warp"] = warps

# ---------------- train pipeline ----------------
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]  # networks/AugmentCE2P.py pretrained_settings['swin']
transform = T.Compose([T.ToTensor(), BGR2RGB_transform(), T.Normalize(mean=MEAN, std=STD)])


class Draws:
    """Feeds np.random.randn / random.random from lists, recording what was consumed."""

    def __init__(self, normals, uniforms):
        self.normals, self.uniforms = list(normals), list(uniforms)

    def randn(self, *a):
        assert not a
        return self.normals.pop(0)

    def random(self):
        return self.uniforms.pop(0)


def lip_root(items):
    root = tempfile.mkdtemp()
    for split in ("train", "val"):
        os.makedirs(os.path.join(root, split + "_images"))
        os.makedirs(os.path.join(root, split + "_segmentations"))
        with open(os.path.join(root, split + "_id.txt"), "w") as f:
            for name, img, lab in items:
                f.write(name + "\n")
                cv2.imwrite(os.path.join(root, split + "_images", name + ".png"), img)
                os.rename(os.path.join(root, split + "_images", name + ".png"), os.path.join(root, split + "_images", name + ".jpg"))
                cv2.imwrite(os.path.join(root, split + "_segmentations", name + ".png"), lab)
    return root


train = []
# (image h, w, crop h, w, normals, uniforms): scale draw, rotation coin, [rotation draw], flip coin
train_cases = [
    (47, 31, 57, 38, [0.3, 0.8], [0.2, 0.9]),            # rotated 24 deg, not flipped
    (47, 31, 57, 38, [-1.5, 0.4], [0.1, 0.3]),           # scale clipped to 0.75, flipped
    (35, 52, 57, 38, [2.0], [0.7, 0.1]),                 # no rotation (coin 0.7 > 0.6), scale 1.25, flipped
    (60, 40, 30, 20, [0.0, 2.5], [0.6, 0.5]),            # coins exactly at the thresholds (<= is true), rotation clipped to 60
    (33, 33, 20, 44, [-0.2, -1.1], [0.05, 0.55]),        # wide crop (aspect > 1)
]
for i, (h, w, ch, cw, normals, uniforms) in enumerate(train_cases):
    img, lab = smooth_image(h, w, 100 + i), label_map(h, w, 200 + i)
    root = lip_root([("t", img, lab)])
    try:
        ds = release_datasets.LIPDataSet(root, "train", crop_size=[ch, cw], transform=transform)
        d = Draws(normals, uniforms)
        release_datasets.np.random.randn, release_datasets.random.random = d.randn, d.random
        inp, label, meta = ds[0]
        assert not d.normals and not d.uniforms, "every draw consumed"
    finally:
        shutil.rmtree(root)
    save(f"train{i}_image", img), save(f"train{i}_labels", lab)
    save(f"train{i}_input", inp.numpy()), save(f"train{i}_target", label.numpy())
    train.append({"crop": [ch, cw], "normals": normals, "uniforms": uniforms, "center": f32(meta["center"]),
                  "scale": f32(meta["scale"]), "rotation": float(meta["rotation"])})
ref["train"] = train

# the real crop, without the tensor transform (the warped BGR uint8 image itself)
img, lab = smooth_image(213, 141, 300), label_map(213, 141, 301)
root = lip_root([("big", img, lab)])
try:
    ds = release_datasets.LIPDataSet(root, "train", crop_size=[572, 384], transform=None)
    d = Draws([0.4, -0.7], [0.3, 0.2])
    release_datasets.np.random.randn, release_datasets.random.random = d.randn, d.random
    warped, label, meta = ds[0]
finally:
    shutil.rmtree(root)
cv2.imwrite(os.path.join(OUT, "train_big_image.png"), img)
cv2.imwrite(os.path.join(OUT, "train_big_labels.png"), lab)
cv2.imwrite(os.path.join(OUT, "train_big_warped.png"), warped)
cv2.imwrite(os.path.join(OUT, "train_big_target.png"), label.numpy())
ref["train_big"] = {"crop": [572, 384], "normals": [0.4, -0.7], "uniforms": [0.3, 0.2], "center": f32(meta["center"]),
                    "scale": f32(meta["scale"]), "rotation": float(meta["rotation"])}
release_datasets.np.random.randn = np.random.randn
release_datasets.random.random = random.random


# ---------------- test pipeline and multi-scale fusion ----------------
class StandIn(torch.nn.Module):
    """Returns stored fusion logits [[parsing, fusion], [edge]] for each scale, recording its input."""

    def __init__(self, logits):
        super().__init__()
        self.logits, self.seen = list(logits), []

    def forward(self, x):
        self.seen.append(x.clone())
        z = self.logits.pop(0).clone()
        return [[None, z], [None]]


SCALES = [0.5, 0.75, 1.0, 1.25, 1.5]
tests = []
for i, (h, w, ch, cw, kind) in enumerate([(61, 45, 40, 28, "float"), (52, 70, 40, 28, "float"), (150, 101, 143, 96, "int8")]):
    img = smooth_image(h, w, 400 + i)
    root = lip_root([("v", img, np.zeros((h, w), np.uint8))])
    try:
        batch, meta = release_datasets.LIPDataValSet(root, "val", crop_size=[ch, cw], transform=transform, flip=True)[0]
    finally:
        shutil.rmtree(root)
    logits = []
    for k, s in enumerate(SCALES):
        sh, sw = int(np.floor(ch * s)), int(np.floor(cw * s))
        shape = (2, 20, -(-sh // 4), -(-sw // 4))
        if kind == "float":
            z = torch.randn(*shape) * 3
        else:
            q = torch.randint(-128, 128, shape, dtype=torch.int8)
            save(f"test{i}_logits{k}_int8", q.numpy())
            z = q.float() / 16
        if kind == "float":
            save(f"test{i}_logits{k}", z.numpy())
        logits.append(z)
    model = StandIn(logits)
    with torch.no_grad():
        parsing, fused = release_evaluate.multi_scale_testing(model, batch.clone(), crop_size=[ch, cw], flip=True,
                                                              multi_scales=SCALES)
    c = meta["center"]
    s = meta["scale"]
    c_int = np.zeros((1, 2), dtype=np.int32)
    c_int[0, :] = c
    s32 = np.zeros((1, 2), dtype=np.float32)
    s32[0, :] = s
    saved = transform_parsing(parsing, c, s, w, h, [ch, cw])
    evaluated = transform_parsing(parsing, c_int[0], s32[0], w, h, [ch, cw])
    assert parsing.max() < 256 and saved.dtype == np.int32  # cv2 turned the int64 argmax into int32
    save(f"test{i}_image", img), save(f"test{i}_argmax", parsing.astype(np.uint8))
    save(f"test{i}_saved", saved.astype(np.uint8)), save(f"test{i}_evaluated", evaluated.astype(np.uint8))
    if kind == "float":
        save(f"test{i}_input", batch.numpy()), save(f"test{i}_fused", fused)
        for k, x in enumerate(model.seen):
            save(f"test{i}_scaled{k}", x.numpy())
    tests.append({"crop": [ch, cw], "size": [h, w], "kind": kind, "center": f32(c), "scale": f32(s),
                  "int_center": [int(v) for v in c_int[0]], "differs": int((saved != evaluated).sum())})
ref["test"] = tests
ref["test_scales"] = SCALES

# ---------------- schedule and palette ----------------
def lrs(epochs, **kw):
    opt = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=kw.pop("lr"), momentum=0.9)
    sch = SGDRScheduler(opt, total_epoch=epochs, **kw)
    out = []
    for _ in range(epochs):
        out.append(opt.param_groups[0]["lr"])  # what the epoch trains with
        sch.step()
    return out


ref["schedule_release"] = lrs(150, lr=7e-3, eta_min=7e-3 / 500, warmup_epoch=30, start_cyclical=120,
                              cyclical_base_lr=7e-3 / 2, cyclical_epoch=10)
ref["schedule_other"] = lrs(60, lr=0.01, eta_min=0.01 / 100, warmup_epoch=5, start_cyclical=40,
                            cyclical_base_lr=0.01 / 2, cyclical_epoch=7)
ref["palette"] = miou.get_palette(256)

# ---------------- JPEG decoding: cv2.imread (libjpeg-turbo) on JPEGs from two encoders ----------------
from PIL import Image  # noqa: E402

jpeg = smooth_image(97, 61, 500)
cv2.imwrite(os.path.join(OUT, "decode_cv2.jpg"), jpeg)  # 4:2:0, quality 95
Image.fromarray(jpeg[:, :, ::-1]).save(os.path.join(OUT, "decode_pil.jpg"), quality=80, subsampling=0)  # 4:4:4
for name in ("decode_cv2", "decode_pil"):
    save(name, cv2.imread(os.path.join(OUT, name + ".jpg"), cv2.IMREAD_COLOR))

with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
print("affine", len(affine), "warps", len(warps), "train", len(train), "tests", [(t["kind"], t["differs"]) for t in tests])
