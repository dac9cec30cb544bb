#!/usr/bin/python3
"""Reference CSP test-time decoding from the release's code (Pedestron, commit fe80382).

Runs, unchanged, CSPHead.get_bboxes_single and get_points_single
(mmdet/models/anchor_heads/csp_head.py), csp_heightwidth2bbox (mmdet/core/bbox/transforms.py)
and multiclass_nms (mmdet/core/post_processing/bbox_nms.py) on constructed centre / scale /
offset maps with the release's test_cfg. The NMS they call at test time is mmdet/ops/nms's
CUDA kernel (nms_kernel.cu), which cannot run here: `cuda_nms` below is a NumPy port of it,
statement for statement (float32 devIoU with +1, IoU > threshold, 64-box bitmask blocks, kept
indices returned in ascending original order).

Writes decode_cases.json: [{name, H, W, image_h, image_w, logits, scales, offsets, boxes}] with
boxes as rows x1, y1, x2, y2, score (float32 values) in the release's output order.
Usage: /usr/bin/python3 make_decode_reference.py [RELEASE_ROOT] [OUT_JSON]
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
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "decode_cases.json")

THREADS = 64  # threadsPerBlock = sizeof(unsigned long long) * 8


def dev_iou(a, b):
    a = a.astype(np.float32)
    b = b.astype(np.float32)
    one = np.float32(1)
    left, right = max(a[0], b[0]), min(a[2], b[2])
    top, bottom = max(a[1], b[1]), min(a[3], b[3])
    width = max(np.float32(right - left + one), np.float32(0))
    height = max(np.float32(bottom - top + one), np.float32(0))
    inter = np.float32(width * height)
    sa = np.float32((a[2] - a[0] + one) * (a[3] - a[1] + one))
    sb = np.float32((b[2] - b[0] + one) * (b[3] - b[1] + one))
    return np.float32(inter / np.float32(np.float32(sa + sb) - inter))


def cuda_nms(dets, iou_thr):
    """nms_cuda(boxes, thresh) of mmdet/ops/nms/src/nms_kernel.cu, ported to NumPy."""
    dets_np = dets.numpy().astype(np.float32)
    order = np.argsort(-dets_np[:, 4], kind="stable")  # scores.sort(0, descending=True)
    boxes = dets_np[order]
    n = len(boxes)
    col_blocks = (n + THREADS - 1) // THREADS
    mask = np.zeros((n, col_blocks), dtype=np.uint64)
    thr = np.float32(iou_thr)
    for row_start in range(col_blocks):
        for col_start in range(col_blocks):
            row_size = min(n - row_start * THREADS, THREADS)
            col_size = min(n - col_start * THREADS, THREADS)
            for tx in range(row_size):
                cur = THREADS * row_start + tx
                t = 0
                start = tx + 1 if row_start == col_start else 0
                for i in range(start, col_size):
                    if dev_iou(boxes[cur], boxes[THREADS * col_start + i]) > thr:
                        t |= 1 << i
                mask[cur, col_start] = np.uint64(t)
    remv = [0] * col_blocks
    keep = []
    for i in range(n):
        nblock, inblock = i // THREADS, i % THREADS
        if not (remv[nblock] & (1 << inblock)):
            keep.append(i)
            for j in range(nblock, col_blocks):
                remv[j] |= int(mask[i, j])
    inds = torch.from_numpy(np.sort(order[keep]))  # order_t.index(keep).sort(0, false)
    return dets[inds, :], inds


def release_decoder():
    ns = {"torch": torch, "np": np, "nn": nn}
    release_code.load(os.path.join(RELEASE, "mmdet/core/bbox/transforms.py"), ["csp_heightwidth2bbox"], ns)
    nms_wrapper = types.SimpleNamespace(nms=cuda_nms)
    ns["nms_wrapper"] = nms_wrapper
    release_code.load(os.path.join(RELEASE, "mmdet/core/post_processing/bbox_nms.py"), ["multiclass_nms"], ns)
    release_code.load(os.path.join(RELEASE, "mmdet/models/anchor_heads/csp_head.py"),
                      ["get_bboxes_single", "get_points_single", "get_points"], ns, cls="CSPHead")
    head = types.SimpleNamespace(strides=[4], cls_out_channels=1, predict_width=True, use_log_scale=True,
                                 wh_ratio=0.41)
    for name in ("get_bboxes_single", "get_points_single", "get_points"):
        setattr(head, name, types.MethodType(ns[name], head))
    return head


class Cfg(dict):
    __getattr__ = dict.get


TEST_CFG = Cfg(nms_pre=1000, min_bbox_size=0, score_thr=0.01, nms={"type": "nms", "iou_thr": 0.5}, max_per_img=100)


def maps(rng, h, w, peaks, spread, background):
    yy, xx = np.mgrid[0:h, 0:w]
    logits = np.full((h, w), background) + rng.normal(0, 0.8, (h, w))
    scales = np.zeros((2, h, w))
    for _ in range(peaks):
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        height = rng.uniform(3, min(h, 40))
        logits = np.maximum(logits, rng.uniform(0, 6) - ((yy - cy) ** 2 + (xx - cx) ** 2) / spread)
        near = (yy - cy) ** 2 + (xx - cx) ** 2 < 9
        scales[0][near] = np.log(height) + rng.normal(0, 0.05, near.sum())
        scales[1][near] = np.log(height * 0.41) + rng.normal(0, 0.05, near.sum())
    far = scales[0] == 0
    scales[0][far] = rng.normal(1.5, 0.8, far.sum())
    scales[1][far] = scales[0][far] + np.log(0.41)
    offsets = rng.uniform(-0.6, 0.6, (2, h, w))
    return [a.astype(np.float32) for a in (logits, scales, offsets)]


def main():
    head = release_decoder()
    rng = np.random.default_rng(14)
    cases = []
    for name, h, w, ih, iw, peaks, spread, background in [
        ("small_map_all_cells", 16, 24, 64, 96, 4, 0.5, -9.0),
        ("cells_below_nms_pre", 24, 40, 96, 160, 8, 0.7, -9.0),
        ("noisy_background", 24, 40, 96, 160, 8, 4.0, -6.0),
        ("topk_1000_of_2560", 40, 64, 160, 256, 14, 6.0, -9.0),
        ("topk_noisy", 40, 64, 160, 256, 14, 6.0, -5.0),
        ("clipped_to_unpadded_image", 32, 64, 118, 250, 10, 1.0, -9.0),
        ("crowded_peaks", 32, 32, 128, 128, 30, 2.0, -9.0),
        ("over_100_after_nms", 48, 96, 192, 384, 160, 1.5, -9.0),
        ("nothing_above_threshold", 12, 20, 48, 80, 0, 1.0, -9.0),
    ]:
        logits, scales, offsets = maps(rng, h, w, peaks, spread, background)
        meta = {"img_shape": (ih, iw, 3), "scale_factor": 1.0}
        with torch.no_grad():
            boxes, labels = head.get_bboxes_single(
                [torch.from_numpy(logits[None])], [torch.from_numpy(scales)], [torch.from_numpy(offsets)],
                head.get_points([(h, w)], torch.float32, "cpu"), meta["img_shape"], meta["scale_factor"], TEST_CFG,
                rescale=False)
        cases.append({"name": name, "H": h, "W": w, "image_h": ih, "image_w": iw,
                      "logits": logits.ravel().tolist(), "scales": scales.ravel().tolist(),
                      "offsets": offsets.ravel().tolist(), "boxes": boxes.numpy().tolist()})
        print(name, len(boxes), file=sys.stderr)
    with open(OUT, "w") as f:
        json.dump(cases, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
