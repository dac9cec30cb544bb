#!/usr/bin/python3
"""Reference CSP targets and losses from the release's code (Pedestron, commit fe80382).

Targets: CocoCSPORIDataset.calc_gt_center (mmdet/datasets/coco_csp_ori.py), unchanged, with
with_width=True, stride 4, radius 8 and regress range (-1, INF) as the config, on constructed
person / ignore boxes (x1, y1, x2, y2 in pixels, float64 as after the augmentation).
Losses: cls_pos, reg_hw_pos and offset_pos (mmdet/models/anchor_heads/csp_head.py), unchanged,
weighted 0.01 / 1 / 0.1 as CSPHead.loss does, with values and torch autograd gradients with
respect to the head outputs, on batches of those targets and random predictions.

Writes targets_cases.json: {"targets": [...], "losses": [...]}.
Usage: /usr/bin/python3 make_targets_reference.py [RELEASE_ROOT] [OUT_JSON]
"""
import json
import os
import sys
import types

import numpy as np
import torch
import torch.nn as nn

import release_code

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-PedestrianDetection"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "targets_cases.json")
INF = 1e8


def release():
    ns = {"np": np, "torch": torch, "nn": nn, "INF": INF}
    release_code.load(os.path.join(RELEASE, "mmdet/datasets/coco_csp_ori.py"), ["calc_gt_center"], ns,
                      cls="CocoCSPORIDataset")
    release_code.load(os.path.join(RELEASE, "mmdet/models/anchor_heads/csp_head.py"),
                      ["cls_pos", "reg_hw_pos", "offset_pos"], ns)
    dataset = types.SimpleNamespace(with_width=True)
    dataset.calc_gt_center = types.MethodType(ns["calc_gt_center"], dataset)
    return dataset, ns


def boxes(rows):
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


def random_people(rng, n, ih, iw):
    out = []
    for _ in range(n):
        h = rng.uniform(8, ih * 0.9)
        w = h * rng.uniform(0.3, 0.5)
        x = rng.uniform(0, iw - w)
        y = rng.uniform(0, ih - h)
        out.append([x, y, min(x + w - 1, iw - 1), min(y + h - 1, ih - 1)])
    return out


def target_cases(rng):
    C = []
    C.append(("one_person", 64, 128, [[40.0, 8.0, 59.0, 55.0]], []))
    C.append(("overlapping_people_and_ignore", 64, 128,
              [[30.0, 6.0, 52.0, 60.0], [40.5, 10.25, 61.75, 58.5], [90.0, 20.0, 101.0, 47.0]],
              [[25.0, 0.0, 70.0, 63.0], [100.3, 30.7, 127.0, 63.0]]))
    C.append(("near_top_left_edges", 64, 128, [[0.0, 0.0, 11.0, 29.0], [2.0, 30.0, 13.0, 63.0], [60.0, 1.0, 70.0, 7.9]],
              []))
    C.append(("tiny_people_narrower_than_a_cell", 64, 128, [[10.0, 10.0, 12.5, 30.0], [50.2, 40.0, 51.9, 41.0]],
              [[5.0, 5.0, 9.0, 9.0]]))
    C.append(("touching_bottom_right", 64, 128, [[100.0, 20.0, 127.0, 63.0]], [[0.0, 0.0, 127.0, 63.0]]))
    C.append(("same_centre_cell_later_wins", 64, 128, [[40.0, 10.0, 60.0, 50.0], [41.0, 11.0, 59.5, 50.5]], []))
    C.append(("only_ignore_regions", 64, 128, [], [[10.0, 10.0, 50.0, 50.0]]))
    C.append(("nothing", 64, 128, [], []))
    for k in range(4):
        C.append(("random_%d" % k, 96, 160, random_people(rng, rng.integers(1, 9), 96, 160),
                  random_people(rng, rng.integers(0, 3), 96, 160)))
    return C


def main():
    dataset, ns = release()
    rng = np.random.default_rng(4)
    targets = []
    maps = {}
    for name, ih, iw, gts, igs in target_cases(rng):
        pos, scale, offset = dataset.calc_gt_center(boxes(gts), boxes(igs), radius=8, stride=4,
                                                    regress_range=(-1, INF), image_shape=(ih, iw))
        maps[name] = (pos, scale, offset)
        targets.append({"name": name, "image_h": ih, "image_w": iw, "people": boxes(gts).ravel().tolist(),
                        "ignores": boxes(igs).ravel().tolist(), "center": pos.ravel().tolist(),
                        "scale": scale.ravel().tolist(), "offset": offset.ravel().tolist()})
    losses = []
    cls_loss, reg_loss, off_loss = ns["cls_pos"](), ns["reg_hw_pos"](), ns["offset_pos"]()
    for name, members, spread in [("batch_of_two", ["overlapping_people_and_ignore", "near_top_left_edges"], 1.0),
                                  ("batch_of_three_random", ["random_0", "random_1", "random_2"], 0.3),
                                  ("saturated_logits", ["random_3"], 8.0),
                                  ("no_people", ["only_ignore_regions", "nothing"], 1.0)]:
        pos = torch.from_numpy(np.concatenate([maps[m][0] for m in members]))
        scale = torch.from_numpy(np.concatenate([maps[m][1] for m in members]))
        offset = torch.from_numpy(np.concatenate([maps[m][2] for m in members]))
        n, _, h, w = pos.shape
        logits = torch.tensor(rng.normal(-3, 2 * spread, (n, 1, h, w)), dtype=torch.float32, requires_grad=True)
        s = scale[:, :2] + torch.tensor(rng.normal(0, spread, (n, 2, h, w)), dtype=torch.float32)
        s = torch.where(scale[:, 2:3] > 0, s, torch.tensor(rng.normal(1, 1, (n, 2, h, w)), dtype=torch.float32))
        scales = s.clone().detach().requires_grad_(True)
        offsets = torch.tensor(rng.normal(0, spread, (n, 2, h, w)), dtype=torch.float32, requires_grad=True)
        terms = {"center": cls_loss(logits, pos) * 0.01, "scale": reg_loss(scales, scale) * 1,
                 "offset": off_loss(offsets, offset) * 0.1}
        case = {"name": name, "members": members, "logits": logits.detach().numpy().ravel().tolist(),
                "scales": scales.detach().numpy().ravel().tolist(), "offsets": offsets.detach().numpy().ravel().tolist()}
        for key, inp in (("center", logits), ("scale", scales), ("offset", offsets)):
            value = terms[key]
            value = value if torch.is_tensor(value) else torch.tensor(value)
            grad = torch.autograd.grad(value, inp, allow_unused=True)[0] if value.requires_grad else None
            grad = torch.zeros_like(inp) if grad is None else grad
            case[key] = float(value)
            case[key + "_grad"] = grad.numpy().ravel().tolist()
        losses.append(case)
        print(name, case["center"], case["scale"], case["offset"], file=sys.stderr)
    with open(OUT, "w") as f:
        json.dump({"targets": targets, "losses": losses}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
