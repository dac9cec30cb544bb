#!/usr/bin/python3
"""Reference numbers for SeqNet's detector mechanics (io.solider.tasks.search.head and the
box helpers of io.solider.tasks.common), computed with torchvision's own functions (Debian's
torchvision 0.14; each function used here computes as 0.8.2 does, see docs/SEARCH.md for the
two places where they differ and how the cases avoid them) and the release's SeqNet code
(models/seqnet.py: SeqRoIHeads.postprocess_boxes).

Usage: /usr/bin/python3 make_detector_reference.py [--release /work/release/SOLIDER-PersonSearch]
Writes detector_reference.json beside this script.
"""
import argparse
import json
import math
import os
import sys

import torch
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.models.detection.roi_heads import RoIHeads
from torchvision.models.detection.rpn import RegionProposalNetwork, RPNHead
from torchvision.ops import boxes as box_ops


def load_seqnet(path):
    """Imports the release's models/seqnet.py (stubs for unused backbone imports: ../release_import.py)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import release_import
    release_import.prepare(path)
    from models import seqnet
    return seqnet


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def random_boxes(g, n, w=320, h=224, min_size=2, max_size=160):
    x1 = torch.rand(n, generator=g) * w
    y1 = torch.rand(n, generator=g) * h
    bw = min_size + torch.rand(n, generator=g) * max_size
    bh = min_size + torch.rand(n, generator=g) * max_size
    return torch.stack([x1, y1, x1 + bw, y1 + bh], 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--release", default="/work/release/SOLIDER-PersonSearch")
    args = ap.parse_args()
    seqnet = load_seqnet(args.release)
    g = torch.Generator().manual_seed(20240516)
    out = {}

    # Anchors: SeqNet's generator on a 14 × 20 map of a padded 224 × 320 batch (stride 16).
    gen = AnchorGenerator(sizes=((32, 64, 128, 256, 512),), aspect_ratios=((0.5, 1.0, 2.0),))
    images = ImageList(torch.zeros(1, 3, 224, 320), [(210, 300)])
    anchors = gen(images, [torch.zeros(1, 8, 14, 20)])[0]
    out["anchors"] = {"feature": [14, 20], "image": [224, 320], "base": flat(gen.cell_anchors[0]), "all": flat(anchors)}

    # Box IoU, clipping, small boxes: random, degenerate, identical and disjoint boxes.
    a = torch.cat([random_boxes(g, 30), torch.tensor([[5., 5., 5., 9.], [0., 0., 10., 10.], [400., 300., 410., 330.]])])
    b = torch.cat([random_boxes(g, 20), torch.tensor([[0., 0., 10., 10.], [2., 2., 2.001, 8.]])])
    clipped = box_ops.clip_boxes_to_image(a.clone() - 40, (200, 300))
    small = torch.tensor([[0, 0, 1e-3, 5], [0, 0, float(torch.tensor(1e-3)) * 0.99, 5], [0, 0, 5, 0.01],
                          [3, 3, 3.0001, 3.0001], [0, 0, 1, 1]], dtype=torch.float32)
    out["boxes"] = {"a": flat(a), "b": flat(b), "iou": flat(box_ops.box_iou(a, b)), "clip_input": flat(a - 40),
                    "clip_hw": [200, 300], "clipped": flat(clipped), "small": flat(small),
                    "small_keep_1e-3": ints(box_ops.remove_small_boxes(small, 1e-3)),
                    "small_keep_1e-2": ints(box_ops.remove_small_boxes(small, 1e-2))}

    # NMS: random boxes and distinct scores; a pair at IoU exactly 0.5 (kept: suppression needs >);
    # batched NMS with a single class 1 (offset trick) and with classes 0/1.
    nb = torch.cat([random_boxes(g, 200, max_size=60), torch.tensor([[0., 0., 10., 10.], [0., 0., 10., 20.]])])
    ns = torch.cat([torch.rand(200, generator=g), torch.tensor([0.999, 0.998])])
    cls = (torch.rand(202, generator=g) < 0.5).long()
    nms_out = {"boxes": flat(nb), "scores": flat(ns), "classes": ints(cls)}
    for t in (0.4, 0.5, 0.7):
        nms_out["keep_%s" % t] = ints(box_ops.nms(nb, ns, t))
        nms_out["batched_ones_%s" % t] = ints(box_ops._batched_nms_coordinate_trick(nb, ns, torch.ones(202, dtype=torch.long), t))
        nms_out["batched_classes_%s" % t] = ints(box_ops._batched_nms_coordinate_trick(nb, ns, cls, t))
    tie_b = torch.tensor([[0., 0., 10., 10.], [1., 0., 11., 10.], [20., 0., 30., 10.], [21., 0., 31., 10.]])
    tie_s = torch.tensor([0.5, 0.5, 0.7, 0.7])
    nms_out["tie_boxes"] = flat(tie_b)
    nms_out["tie_scores"] = flat(tie_s)
    nms_out["tie_keep"] = ints(box_ops.nms(tie_b, tie_s, 0.5))
    out["nms"] = nms_out

    # Box coders: both weight sets; deltas large enough to hit the log(1000/16) clamp.
    props = random_boxes(g, 50)
    gts = random_boxes(g, 50)
    codes = torch.randn(50, 8, generator=g) * 0.5
    codes[0, 2] = 50.0
    codes[1, 7] = 60.0
    coder_out = {"proposals": flat(props), "gt": flat(gts), "codes": flat(codes)}
    for name, w in (("rpn", (1.0, 1.0, 1.0, 1.0)), ("roi", (10.0, 10.0, 5.0, 5.0))):
        c = det_utils.BoxCoder(w)
        coder_out["encode_" + name] = flat(c.encode_single(gts, props))
        coder_out["decode_" + name] = flat(c.decode(codes, [props]))
    out["coder"] = coder_out

    # Matcher: random IoU matrices, exact float32(0.7) and float32(0.3) values, ties between ground
    # truths, and a ground truth that overlaps nothing (its "best" 0 re-matches every all-zero column).
    m = torch.rand(4, 60, generator=g)
    m[0, 0] = 0.7
    m[1, 1] = 0.3
    m[:, 2] = 0.5
    m[2, 3:6] = m[:, 3:6].max(0).values + 0.0
    m[3, :] = 0.0
    m[:, 7] = 0.0
    matcher_out = {"quality": flat(m), "gt": 4, "pred": 60}
    for name, mt in (("rpn", det_utils.Matcher(0.7, 0.3, allow_low_quality_matches=True)),
                     ("roi", det_utils.Matcher(0.5, 0.5, allow_low_quality_matches=False)),
                     ("rpn_strict", det_utils.Matcher(0.7, 0.3, allow_low_quality_matches=False))):
        matcher_out[name] = ints(mt(m.clone()))
    out["matcher"] = matcher_out

    # RPN targets and proposals on the anchors above.
    head = RPNHead(8, 15)
    rpn = RegionProposalNetwork(gen, head, 0.7, 0.3, 256, 0.5, dict(training=12000, testing=1500),
                                dict(training=2000, testing=300), 0.7)
    rpn.eval()
    gt_boxes = torch.tensor([[40., 30., 90., 170.], [150., 60., 170., 100.], [200., 20., 300., 200.], [5., 5., 9., 13.]])
    labels, matched = rpn.assign_targets_to_anchors([anchors], [{"boxes": gt_boxes}])
    reg = rpn.box_coder.encode(matched, [anchors])[0]
    n = anchors.shape[0]
    objectness = torch.randn(n, generator=g) * 2
    deltas = torch.randn(n, 4, generator=g) * 0.3
    proposals = rpn.box_coder.decode(deltas, [anchors]).view(1, -1, 4)
    boxes, scores = rpn.filter_proposals(proposals, objectness.view(1, -1), [(210, 300)], [n])
    out["rpn"] = {"gt": flat(gt_boxes), "labels": ints(labels[0].long()), "regression": flat(reg),
                  "objectness": flat(objectness), "deltas": flat(deltas), "image": [210, 300],
                  "pre_nms": 1500, "post_nms": 300, "proposals": flat(boxes[0]), "probabilities": flat(scores[0])}

    # RoI assignment (the deterministic part of select_training_samples): proposals + GT, labels = pids.
    heads = RoIHeads(None, None, None, 0.5, 0.5, 128, 0.5, None, 0.5, 0.4, 300)
    rp = torch.cat([random_boxes(g, 80, w=300, h=210), gt_boxes + torch.tensor([2., -1., 3., 2.])])
    pids = torch.tensor([3, 5555, 1, 7])
    with_gt = heads.add_gt_proposals([rp], [gt_boxes])
    midx, lab = heads.assign_targets_to_proposals(with_gt, [gt_boxes], [pids])
    targets = heads.box_coder.encode([gt_boxes[midx[0]]], with_gt)[0]
    out["roi"] = {"proposals": flat(rp), "gt": flat(gt_boxes), "pids": ints(pids), "labels": ints(lab[0]),
                  "matched": ints(midx[0]), "regression": flat(targets)}

    # Two-stage post-processing: torchvision's postprocess_detections (stage 1) and the release's
    # SeqRoIHeads.postprocess_boxes (stage 2, FCS + CWS).
    roi = seqnet.SeqRoIHeads(num_pids=5, num_cq_size=5, oim_momentum=0.5, oim_scalar=30.0,
                             faster_rcnn_predictor=None, reid_head=None, feat_len=16, box_roi_pool=None,
                             box_head=None, box_predictor=None, fg_iou_thresh=0.5, bg_iou_thresh=0.5,
                             batch_size_per_image=128, positive_fraction=0.5, bbox_reg_weights=None,
                             score_thresh=0.5, nms_thresh=0.4, detections_per_img=300)
    roi.eval()
    p1 = torch.cat([random_boxes(g, 250, w=300, h=210, max_size=80), gt_boxes])
    logits = torch.randn(254, 2, generator=g) * 2
    regs = torch.randn(254, 8, generator=g) * 0.5
    b1, s1, _ = roi.postprocess_detections(logits, regs, [p1], [(210, 300)])
    m_ = b1[0].shape[0]
    regs2 = torch.randn(m_, 8, generator=g) * 1.5
    emb = torch.nn.functional.normalize(torch.randn(m_, 256, generator=g), dim=1)
    roi.nms_thresh = 0.5
    b2, s2, e2, _ = roi.postprocess_boxes(logits[:m_, 1], regs2, emb, b1, [(210, 300)], fcs=s1, gt_det=None, cws=True)
    out["postprocess"] = {"proposals": flat(p1), "logits": flat(logits), "regression": flat(regs), "image": [210, 300],
                          "stage1_boxes": flat(b1[0]), "stage1_scores": flat(s1[0]), "regression2": flat(regs2),
                          "embeddings": flat(emb), "stage2_boxes": flat(b2[0]), "stage2_scores": flat(s2[0]),
                          "stage2_embeddings": flat(e2[0])}

    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "detector_reference.json"), "w") as f:
        json.dump(out, f)
    print("stage 1 kept %d of 254, stage 2 kept %d; %d proposals" % (m_, b2[0].shape[0], boxes[0].shape[0]))


if __name__ == "__main__":
    main()
