"""How much identity a person-search model's embeddings carry, apart from its detector.

Reads search-eval's exchange files (gallery.json, detections.json, det.npy, queries.json, q.npy;
e.g. a training run's eval/ folder). For each query, the gallery detections scoring >= 0.5 that
cover a ground-truth person (IoU >= 0.5) of its gallery scenes (CUHK-SYSU: its list; PRW: every
other scene) are ranked by cosine similarity with the query (the detection-score weighting divided
out); the query's AP over them (its own person positive) is compared with the same ranking
shuffled. A diagnostic, not the release's metric: mAP from search-eval is that.

  /usr/bin/python3 scripts/search_identity_ap.py runs/search/solider+reid/train/eval
"""
import json, sys
import numpy as np
from sklearn.metrics import average_precision_score

if len(sys.argv) != 2:
    sys.exit(__doc__.strip().splitlines()[-1].strip())
d = sys.argv[1]
gallery = json.load(open(f"{d}/gallery.json"))["images"]
dets = json.load(open(f"{d}/detections.json"))
dets = dets["images"] if isinstance(dets, dict) else dets
det_features = np.load(f"{d}/det.npy")
query_features = np.load(f"{d}/q.npy")
queries = json.load(open(f"{d}/queries.json"))["queries"]


def iou(a, b):
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return w * h / union if union > 0 else 0.0


people = {}  # scene → [(pid, unit embedding)] of its detections that cover a person
for scene, e in zip(gallery, dets):
    rows = []
    for k, box in enumerate(e["boxes_xyxy"]):
        overlaps = [iou(box, t) for t in scene["boxes_xyxy"]]
        if e["scores"][k] >= 0.5 and overlaps and max(overlaps) >= 0.5:
            f = det_features[e["feature_row_offset"] + k]
            rows.append((scene["pids"][int(np.argmax(overlaps))], f / np.linalg.norm(f)))
    people[scene["name"]] = rows

rng = np.random.default_rng(0)
aps, shuffled, top1, cosines = [], [], 0, []
for qi, q in enumerate(queries):
    qf = query_features[qi] / np.linalg.norm(query_features[qi])
    y, s = [], []
    # CUHK-SYSU queries list their gallery; PRW's (empty lists) search every other scene
    scenes = [g["image"] for g in q["gallery"]] or [g["name"] for g in gallery if g["name"] != q["image"]]
    for name in scenes:
        for pid, f in people.get(name, []):
            y.append(pid == q["pid"])
            s.append(float(f @ qf))
    if not any(y) or len(y) < 2:
        continue
    y, s = np.array(y), np.array(s)
    aps.append(average_precision_score(y, s))
    shuffled.append(np.mean([average_precision_score(y, rng.permutation(s)) for _ in range(20)]))
    top1 += int(y[np.argmax(s)])
    cosines += list(s)
if not aps:
    sys.exit(f"{d}: no query has its person among the detections")
print(f"{d}: {len(aps)} of {len(queries)} queries have their person detected; identity AP {np.mean(aps):.3f} "
      f"(shuffled {np.mean(shuffled):.3f}), top-1 {top1 / len(aps):.3f}, median cosine {np.median(cosines):.3f}")
