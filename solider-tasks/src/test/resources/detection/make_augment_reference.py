#!/usr/bin/python3
"""Reference CSP data transforms from the release's code (Pedestron fe80382) with mmcv 0.2.14
and the python3-opencv (4.6) installed here.

* cv2 primitives the augmentation uses, on every input they can take: the SHA-256 of
  cv2.cvtColor(ALL, COLOR_RGB2HSV) and of cv2.cvtColor(ALL, COLOR_HSV2RGB) for the 4096×4096 image
  holding all 2^24 byte triples (and for widths 31 and 47, whose rows end in scalar code), and of
  cv2.resize on deterministic noise images of many sizes and factors.
* The training augmentation: CocoCSPORIDataset._parse_ann_info, augment (with _brightness,
  resize_image, random_crop, random_pave), ImageTransform (size_divisor 32) and calc_gt_center,
  unchanged, on small constructed images and annotations. np.random is replaced, inside those
  functions only, by a recorder that draws from a seeded RandomState and logs each value, so the
  Java side can replay the same draws.
* The test transform: ImageTransform(size_divisor=128) at img_scale (2048, 1024).

Writes augment_cases.json. Usage:
  /usr/bin/python3 make_augment_reference.py [RELEASE_ROOT] [MMCV_0_2_14_ROOT] [OUT_JSON]
MMCV_0_2_14_ROOT is a checkout of open-mmlab/mmcv at tag v0.2.14 (only its image transforms are
loaded, so mmcv's other dependencies need not be installed).
"""
import hashlib
import json
import os
import sys
import types

import cv2
import numpy

import release_code

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-PedestrianDetection"
MMCV = sys.argv[2] if len(sys.argv) > 2 else "/tmp/mmcv-0.2.14"
OUT = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "augment_cases.json")


def sha(a):
    return hashlib.sha256(numpy.ascontiguousarray(a).tobytes()).hexdigest()


def noise(h, w, seed):
    """Deterministic noise: byte i of the H×W×3 image is bits 13..20 of (i·2654435761 + seed·97) mod 2^32."""
    i = numpy.arange(h * w * 3, dtype=numpy.uint64)
    v = ((i * numpy.uint64(2654435761) + numpy.uint64(seed * 97)) & numpy.uint64(0xFFFFFFFF)) >> numpy.uint64(13)
    return (v & numpy.uint64(255)).astype(numpy.uint8).reshape(h, w, 3)


def smooth(h, w, seed):
    """Slowly varying colours: channel c of pixel (y, x) is ((x·(7 + seed mod 5) + y·(3 + seed mod 7)) div 4
    + 60·c + 13·seed) mod 256."""
    y, x, c = numpy.meshgrid(numpy.arange(h), numpy.arange(w), numpy.arange(3), indexing="ij")
    return (((x * (7 + seed % 5) + y * (3 + seed % 7)) // 4 + 60 * c + 13 * seed) % 256).astype(numpy.uint8)


def primitives():
    v = numpy.arange(256, dtype=numpy.uint8)
    a, b, c = numpy.meshgrid(v, v, v, indexing="ij")
    every = numpy.stack([a, b, c], -1).reshape(-1, 3)
    out = {"hsv": []}
    for width in (4096, 31, 47):
        n = (len(every) // width) * width
        img = every[:n].reshape(-1, width, 3)
        out["hsv"].append({"width": width, "rgb2hsv": sha(cv2.cvtColor(img, cv2.COLOR_RGB2HSV)),
                           "hsv2rgb": sha(cv2.cvtColor(img, cv2.COLOR_HSV2RGB))})
    rng = numpy.random.default_rng(11)
    resize = []
    for k in range(60):
        h, w = int(rng.integers(1, 160)), int(rng.integers(1, 220))
        if k < 4:
            h, w = [(100, 160), (7, 9), (1, 1), (2, 300)][k]
        r = [0.5, 2.0, 3.0, 0.4][k] if k < 4 else rng.uniform(0.3, 1.6)
        nh, nw = max(1, int(r * h)), max(1, int(r * w))
        if k == 4:
            nh, nw = h, w
        seed = k + 1
        src = noise(h, w, seed) if k % 2 else smooth(h, w, seed)
        resize.append({"h": h, "w": w, "seed": seed, "smooth": k % 2 == 0, "new_h": nh, "new_w": nw,
                       "src": sha(src), "sha256": sha(cv2.resize(src, (nw, nh)))})
    out["resize"] = resize
    return out


class Recorder:
    """np.random for the release's augmentation: seeded draws, each logged."""

    def __init__(self, seed):
        self.state = numpy.random.RandomState(seed)
        self.log = []

    def randint(self, lo, hi):
        v = int(self.state.randint(lo, hi))
        self.log.append(["integer", lo, hi, v])
        return v

    def uniform(self, lo, hi):
        v = float(self.state.uniform(lo, hi))
        self.log.append(["uniform", lo, hi, v])
        return v


class NumpyWithRecorder(types.SimpleNamespace):
    def __getattr__(self, name):
        return getattr(numpy, name)


def release(recorder):
    np = NumpyWithRecorder(random=recorder)
    ns = {"np": np, "cv2": cv2, "INF": 1e8}
    release_code.load(os.path.join(RELEASE, "mmdet/datasets/coco_csp_ori.py"),
                      ["_brightness", "resize_image", "random_crop", "random_pave", "augment"], ns)
    release_code.load(os.path.join(RELEASE, "mmdet/datasets/coco_csp_ori.py"),
                      ["_parse_ann_info", "calc_gt_center"], ns, cls="CocoCSPORIDataset")
    mm = {"np": numpy, "cv2": cv2, "division": None}
    tr = os.path.join(MMCV, "mmcv/image/transforms")
    release_code.load(os.path.join(tr, "colorspace.py"), ["convert_color_factory", "bgr2rgb"], mm)
    release_code.load(os.path.join(tr, "normalize.py"), ["imnormalize"], mm)
    release_code.load(os.path.join(tr, "resize.py"), ["_scale_size", "interp_codes", "imresize", "imrescale"], mm)
    release_code.load(os.path.join(tr, "geometry.py"), ["impad", "impad_to_multiple"], mm)
    ns["mmcv"] = types.SimpleNamespace(**{k: mm[k] for k in ("imnormalize", "imrescale", "imresize",
                                                              "impad_to_multiple")})
    release_code.load(os.path.join(RELEASE, "mmdet/datasets/transforms.py"), ["ImageTransform"], ns)
    dataset = types.SimpleNamespace(with_width=True, cat2label={1: 1}, coco=None)
    for name in ("_parse_ann_info", "calc_gt_center"):
        setattr(dataset, name, types.MethodType(ns[name], dataset))
    return ns, dataset


def annotations(rng, h, w, n):
    anns = []
    for k in range(n):
        ph = float(rng.uniform(6, h * 0.9))
        pw = ph * float(rng.uniform(0.35, 0.7))
        x = float(rng.uniform(-5, w - pw + 5))
        y = float(rng.uniform(-5, h - ph + 5))
        if rng.random() < 0.5:
            x, y, pw, ph = round(x), round(y), max(0, round(pw)), max(0, round(ph))
        kind = rng.choice(["person", "person", "person", "crowd", "ignore"])
        anns.append({"id": k + 1, "image_id": 1, "category_id": 1, "bbox": [x, y, pw, ph],
                     "iscrowd": 1 if kind == "crowd" else 0, "ignore": 1 if kind == "ignore" else 0})
    return anns


def train_cases():
    cases = []
    rng = numpy.random.default_rng(5)
    specs = [(96, 192, (64, 128), 6)] * 10 + [(80, 160, (64, 128), 0), (128, 128, (64, 64), 5),
                                              (96, 192, (32, 64), 8), (48, 96, (64, 128), 4), (100, 198, (64, 128), 7),
                                              (96, 192, (96, 192), 3), (64, 2 * 64 + 37, (64, 128), 5)]
    for k, (h, w, crop, n) in enumerate(specs):
        kind = "noise" if k % 3 == 0 else "smooth"
        img = noise(h, w, 100 + k) if kind == "noise" else smooth(h, w, 100 + k)
        anns = annotations(rng, h, w, n)
        if k == 1:
            anns.append({"id": 99, "image_id": 1, "category_id": 1, "bbox": [3.0, 4.0, 0.5, 20.0], "iscrowd": 0,
                         "ignore": 0})
        recorder = Recorder(1000 + k)
        ns, dataset = release(recorder)
        ann = dataset._parse_ann_info(anns, with_mask=False)
        gt, labels, ig = ann["bboxes"].copy(), ann["labels"], ann["bboxes_ignore"].copy()
        out, gts, labels, igs = ns["augment"](img.copy(), gt, labels, ig, (crop[1], crop[0]), small_box_to_ignore=False)
        t = ns["ImageTransform"](size_divisor=32, mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
                                 to_rgb=True)
        normed, img_shape, pad_shape, scale_factor = t(out, out.shape[:2], False, keep_ratio=True)
        assert scale_factor == 1
        pos, scale, offset = dataset.calc_gt_center(gts, igs, radius=8, stride=4, regress_range=(-1, 1e8),
                                                    image_shape=out.shape[:2])
        cases.append({"name": "augment_%d" % k, "h": h, "w": w, "kind": kind, "seed": 100 + k, "crop": list(crop),
                      "annotations": anns, "draws": recorder.log,
                      "parsed_people": ann["bboxes"].ravel().tolist(),
                      "parsed_ignores": ann["bboxes_ignore"].ravel().tolist(),
                      "out_image_sha256": sha(numpy.ascontiguousarray(out).astype(numpy.uint8)),
                      "people": numpy.asarray(gts, dtype=numpy.float64).ravel().tolist(),
                      "ignores": numpy.asarray(igs, dtype=numpy.float64).ravel().tolist(),
                      "normalized_sha256": sha(normed.astype(numpy.float32)), "normalized_shape": list(normed.shape),
                      "normalized_head": normed.ravel()[:16].tolist(),
                      "center_sha256": sha(pos.astype(numpy.float32)), "scale_sha256": sha(scale.astype(numpy.float32)),
                      "offset_sha256": sha(offset.astype(numpy.float32))})
        print(cases[-1]["name"], out.shape, len(gts), len(igs), [d[0][0] + str(d[3])[:6] for d in recorder.log],
              file=sys.stderr)
    return cases


def test_cases():
    ns, _ = release(Recorder(0))
    t = ns["ImageTransform"](size_divisor=128, mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
                             to_rgb=True)
    out = []
    for k, (h, w) in enumerate([(64, 128), (300, 500), (100, 90), (1024, 2048)]):
        img = smooth(h, w, 500 + k)
        normed, img_shape, pad_shape, scale_factor = t(img, (2048, 1024), False, keep_ratio=True)
        out.append({"h": h, "w": w, "seed": 500 + k, "img_shape": list(img_shape), "pad_shape": list(pad_shape),
                    "scale_factor": float(scale_factor), "sha256": sha(normed.astype(numpy.float32)),
                    "head": normed.ravel()[:8].tolist()})
    return out


def main():
    doc = {"primitives": primitives(), "train": train_cases(), "test": test_cases()}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
