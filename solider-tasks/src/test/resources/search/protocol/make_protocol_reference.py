#!/usr/bin/python3
"""Reference for the exchange-file writers: reads a synthetic CUHK-SYSU and PRW set (written by
`./solider synth`) with the release's own data set classes (datasets/cuhk_sysu.py, datasets/prw.py)
and its TestG50 protocol the way eval_search_cuhk reads it, and records what gallery.json and
queries.json must hold. It then runs the release's eval_search_cuhk / eval_search_prw on the
ground-truth boxes as detections to show the synthetic files go through the release's evaluation.

Usage:
  ./solider synth --output /tmp/search_synth --seed 42 --identities 12 --cameras 3 \
      --images-per-identity 5 --distractors 4 --junk 3 --attribute-images 30 --pose-images 6 \
      --parsing-images 10 --detection-images 4 --search-scenes 110 --unlabeled-images 10
  /usr/bin/python3 make_protocol_reference.py --synth /tmp/search_synth [--release ...]
(the options are SynthConfig.tiny(42) with 110 search scenes, what ExchangeWriterTest generates)
"""
import argparse
import contextlib
import io
import json
import os
import sys
import tempfile

import numpy as np
from scipy.io import loadmat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", required=True)
    ap.add_argument("--release", default="/work/release/SOLIDER-PersonSearch")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import release_import
    release_import.prepare(args.release)
    import torch  # noqa: F401  (datasets/base.py imports it)
    from datasets.cuhk_sysu import CUHKSYSU
    from datasets.prw import PRW
    import eval_func

    out = {}
    for name, cls in (("cuhk_sysu", CUHKSYSU), ("prw", PRW)):
        root = os.path.join(args.synth, name)
        gallery = cls(root, None, "gallery")
        query = cls(root, None, "query")
        g = [{"name": a["img_name"], "boxes_xyxy": a["boxes"].astype(int).tolist(), "pids": a["pids"].astype(int).tolist()}
             for a in gallery.annotations]
        q = [{"image": a["img_name"], "pid": int(np.asarray(a["pids"]).ravel()[0]),
              "box_xyxy": np.asarray(a["boxes"]).reshape(-1).astype(int).tolist()} for a in query.annotations]
        entry = {"gallery": g, "queries": q}
        if name == "cuhk_sysu":
            protoc = loadmat(os.path.join(root, "annotation/test/train_test/TestG50.mat"))["TestG50"].squeeze()
            lists = []
            for i in range(len(query)):
                items = []
                for item in protoc["Gallery"][i].squeeze():
                    gt = item[1][0].astype(np.int32)  # as eval_search_cuhk reads it
                    items.append({"image": str(item[0][0]), "gt_box_xywh": gt.tolist() if gt.size > 0 else None})
                lists.append(items)
            entry["protocol_gallery"] = lists
        # The release's evaluation on ground truth as detections (score 1, one-hot pid features).
        dim = 64
        def feat(pid):
            v = np.zeros(dim, np.float32)
            v[pid % dim] = 1.0
            return v
        dets = [np.concatenate([a["boxes"].astype(np.float32), np.ones((len(a["boxes"]), 1), np.float32)], 1)
                for a in gallery.annotations]
        feats = [np.stack([feat(int(p)) for p in a["pids"]]) for a in gallery.annotations]
        with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
            cwd = os.getcwd()
            os.makedirs(os.path.join(tmp, "vis"))
            os.chdir(tmp)
            try:
                rate, ap_ = eval_func.eval_detection(gallery, dets, det_thresh=0.01)
                if name == "cuhk_sysu":
                    qf = [feat(i + 1)[None] for i in range(len(query))]
                    ret = eval_func.eval_search_cuhk(gallery, query, dets, feats, qf, None, None, gallery_size=50)
                else:
                    qf = [feat(int(a["pids"][0]))[None] for a in query.annotations]
                    ret = eval_func.eval_search_prw(gallery, query, dets, feats, qf, None, None)
            finally:
                os.chdir(cwd)
        entry["ground_truth_eval"] = {"recall": float(rate), "ap": float(ap_), "mAP": float(ret["mAP"]),
                                      "top1": float(ret["accs"][0])}
        out[name] = entry
        print(name, len(g), "gallery scenes,", len(q), "queries, GT-as-detections:", entry["ground_truth_eval"])
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "protocol_reference.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
