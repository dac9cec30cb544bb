#!/usr/bin/python3
"""Reference for the person-search image transforms: the release's training transform
(utils/transforms.py: PIL RGB -> to_tensor -> horizontal flip with box flip) run on scene.png,
and torchvision's GeneralizedRCNNTransform pieces (normalise, bilinear interpolate, resize_boxes,
batch_images) as 0.8.2 runs them. The resize scale is computed in double precision as 0.8.2 does
(torchvision >= 0.9 computes it in float32): sizes_900_1500 lists the output sizes for many input
sizes and the ones where Debian's torchvision 0.14 differs.

Usage: /usr/bin/python3 make_transform_reference.py [--release /work/release/SOLIDER-PersonSearch]
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
from PIL import Image
from torchvision.models.detection.transform import GeneralizedRCNNTransform, resize_boxes

HERE = os.path.dirname(os.path.abspath(__file__))


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def scale_0_8_2(h, w, min_size, max_size):
    scale = min_size / float(min(h, w))
    if float(max(h, w)) * scale > max_size:
        scale = max_size / float(max(h, w))
    return scale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--release", default="/work/release/SOLIDER-PersonSearch")
    args = ap.parse_args()
    sys.path.insert(0, args.release)
    from utils.transforms import build_transforms

    rng = np.random.default_rng(3)
    h, w = 23, 37
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([(xx * 7) % 256, (yy * 11) % 256, rng.integers(0, 256, (h, w))], -1).astype(np.uint8)
    path = os.path.join(HERE, "scene.png")
    Image.fromarray(img).save(path)
    pil = Image.open(path).convert("RGB")
    boxes = torch.tensor([[1.0, 2.0, 10.5, 20.0], [30.0, 0.0, 37.0, 23.0]])

    out = {"image": [h, w], "boxes": flat(boxes)}
    t = build_transforms(is_train=True).transforms
    tensor, _ = t[0](pil, {"boxes": boxes.clone()})
    flip = t[1]
    flip.prob = 1.0  # the release's RandomHorizontalFlip, made to flip (its draw is random.random() < 0.5)
    img_f, tgt_f = flip(tensor.clone(), {"boxes": boxes.clone()})
    assert torch.equal(img_f, tensor.flip(-1))
    out["to_tensor"] = flat(tensor)
    out["flipped"] = flat(img_f)
    out["flipped_boxes"] = flat(tgt_f["boxes"])

    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    rcnn = GeneralizedRCNNTransform(50, 70, mean, std)
    norm = rcnn.normalize(tensor)
    out["normalised"] = flat(norm)
    resized = {}
    for (mn, mx) in ((50, 70), (15, 30), (23, 40), (46, 74)):
        s = scale_0_8_2(h, w, mn, mx)
        r = torch.nn.functional.interpolate(norm[None], scale_factor=s, mode="bilinear", recompute_scale_factor=True,
                                            align_corners=False)[0]
        nb = resize_boxes(boxes, (h, w), r.shape[-2:])
        resized["%d_%d" % (mn, mx)] = {"size": list(r.shape[-2:]), "pixels": flat(r), "boxes": flat(nb)}
    out["resized"] = resized
    a = torch.nn.functional.interpolate(norm[None], scale_factor=scale_0_8_2(h, w, 50, 70), mode="bilinear",
                                        recompute_scale_factor=True, align_corners=False)[0]
    b = torch.nn.functional.interpolate(norm[None], scale_factor=scale_0_8_2(h, w, 15, 30), mode="bilinear",
                                        recompute_scale_factor=True, align_corners=False)[0]
    batch = rcnn.batch_images([a, b], size_divisible=32)
    out["batch"] = {"shape": list(batch.shape), "sum": float(batch.double().sum()),
                    "corner": flat(batch[:, :, -1, -1])}
    back = resize_boxes(torch.tensor([[10.0, 20.0, 300.0, 899.0]]), (900, 1350), (600, 900))
    out["postprocess"] = {"boxes": [10.0, 20.0, 300.0, 899.0], "from": [900, 1350], "to": [600, 900], "out": flat(back)}

    sizes, differ = [], []
    for hh in list(range(100, 2100, 37)) + [600, 700, 800, 1080, 1500]:
        for ww in (100, 384, 480, 640, 700, 800, 1024, 1280, 1920, 2048):
            s = scale_0_8_2(hh, ww, 900, 1500)
            o = [int(math.floor(hh * s)), int(math.floor(ww * s))]
            sizes.append([hh, ww] + o)
            s32 = float(torch.min(torch.tensor(900.0) / torch.tensor(float(min(hh, ww))),
                                  torch.tensor(1500.0) / torch.tensor(float(max(hh, ww)))).item())
            o32 = [int(math.floor(hh * s32)), int(math.floor(ww * s32))]
            if o32 != o:
                differ.append([hh, ww] + o + o32)
    out["sizes_900_1500"] = sizes
    out["sizes_differing_in_0_14"] = differ
    with open(os.path.join(HERE, "transform_reference.json"), "w") as f:
        json.dump(out, f)
    print(len(sizes), "sizes,", len(differ), "differ in 0.14:", differ[:5])


if __name__ == "__main__":
    main()
