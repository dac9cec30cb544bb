#!/usr/bin/python3
"""Reference numbers for `search-eval`: builds evaluation cases in the exchange format
(gallery.json, detections.json, det.npy, queries.json, q.npy), converts each into the data
structures the release's evaluation takes (float32 detections and features, int32 boxes, a
TestG<N>.mat protocol file written with scipy) and runs the release's own `eval_detection`,
`eval_search_cuhk` and `eval_search_prw` (SOLIDER-PersonSearch eval_func.py) on them.

Writes one folder per case and expected.json: per case the detection recall/AP, mAP, top-1/5/10
and, per query (each query evaluated alone), AP and top-k hits.

Usage: /usr/bin/python3 make_eval_reference.py [--release /work/release/SOLIDER-PersonSearch]
"""
import argparse
import contextlib
import io
import json
import os
import sys
import tempfile

import numpy as np
import scipy.io


def load_release(path):
    """Imports the release's eval_func.py (stubs: ../release_import.py)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import release_import
    release_import.prepare(path)
    import eval_func
    return eval_func


# ----------------------------------------------------------------------------- case building

class Case:
    def __init__(self, name, protocol):
        self.name = name
        self.protocol = protocol  # "cuhk" or "prw"
        self.images = []  # dict(name, boxes (n,4) list, pids)
        self.dets = []  # per image: boxes float32 (n,4), scores float32 (n,), feats float32 (n,D)
        self.queries = []  # dict(pid, image, box_xywh, gallery=[(image, gt_xywh or None)])
        self.qfeats = []
        self.gallery_size = 0
        self.dim = 0

    def add_image(self, name, boxes, pids):
        self.images.append(dict(name=name, boxes=[list(map(float, b)) for b in boxes], pids=[int(p) for p in pids]))
        self.dets.append((np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros((0, self.dim), np.float32)))

    def set_dets(self, idx, boxes, scores, feats):
        self.dets[idx] = (np.asarray(boxes, np.float32).reshape(-1, 4), np.asarray(scores, np.float32).reshape(-1),
                          np.asarray(feats, np.float32).reshape(-1, self.dim))


def jitter(rng, box, amount):
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    d = rng.normal(0, amount, 4) * np.array([w, h, w, h])
    return [x1 + d[0], y1 + d[1], x2 + d[2], y2 + d[3]]


def random_case(rng, name, protocol, n_images, n_ids, dim, gallery_size=None, miss=0.15, fp=1.5,
                quantize=None, score_levels=None, noise=0.6, max_people=5, tiny=False):
    c = Case(name, protocol)
    c.dim = dim
    ident = rng.normal(0, 1, (n_ids + 1, dim))
    where = {}  # pid -> list of (image, box index)
    for i in range(n_images):
        n = int(rng.integers(1, max_people + 1))
        boxes, pids = [], []
        for _ in range(n):
            if tiny and rng.random() < 0.4:
                w, h = int(rng.integers(2, 12)), int(rng.integers(4, 24))
            else:
                w, h = int(rng.integers(15, 120)), int(rng.integers(40, 300))
            x, y = int(rng.integers(0, 800)), int(rng.integers(0, 500))
            boxes.append([x, y, x + w, y + h])
            pid = int(rng.integers(1, n_ids + 1)) if rng.random() < 0.7 else -1
            pids.append(pid)
            if pid > 0:
                where.setdefault(pid, []).append((i, len(boxes) - 1))
        c.add_image("s%d.jpg" % (i + 1), boxes, pids)
    for i, img in enumerate(c.images):
        db, ds, df = [], [], []
        for b, pid in zip(img["boxes"], img["pids"]):
            if rng.random() < miss:
                continue
            db.append(jitter(rng, b, 0.08))
            ds.append(rng.uniform(0.3, 1.0))
            base = ident[pid] if pid > 0 else rng.normal(0, 1, dim)
            df.append(base + rng.normal(0, noise, dim))
        for _ in range(int(rng.poisson(fp))):
            x, y = rng.uniform(0, 800), rng.uniform(0, 500)
            db.append([x, y, x + rng.uniform(5, 100), y + rng.uniform(10, 250)])
            ds.append(rng.uniform(0.0, 0.9))
            df.append(rng.normal(0, 1, dim))
        df = np.asarray(df, np.float64).reshape(-1, dim)
        if len(df):
            df = df / np.linalg.norm(df, axis=1, keepdims=True).clip(1e-12)
        if quantize:
            df = np.round(df * quantize) / quantize
        ds = np.asarray(ds, np.float64)
        if score_levels:
            ds = np.floor(ds * score_levels) / score_levels
        c.set_dets(i, db, ds, df)
    # Queries: identities seen at least twice.
    pids = [p for p in sorted(where) if len(where[p]) >= 2]
    rng.shuffle(pids)
    for pid in pids[: max(1, len(pids) // 2)]:
        occ = where[pid]
        qi, qk = occ[0]
        qb = c.images[qi]["boxes"][qk]
        qf = ident[pid] + rng.normal(0, noise, dim)
        qf = qf / np.linalg.norm(qf)
        if quantize:
            qf = np.round(qf * quantize) / quantize
        gallery = []
        if protocol == "cuhk":
            seen = {qi}
            for (gi, gk) in occ[1:]:
                if gi in seen:
                    continue
                seen.add(gi)
                b = c.images[gi]["boxes"][gk]
                gallery.append((c.images[gi]["name"], [b[0], b[1], b[2] - b[0], b[3] - b[1]]))
            others = [i for i in range(n_images) if i not in seen and pid not in c.images[i]["pids"]]
            rng.shuffle(others)
            for i in others[: gallery_size - len(gallery)]:
                gallery.append((c.images[i]["name"], None))
            order = rng.permutation(len(gallery))
            gallery = [gallery[k] for k in order][:gallery_size]
            if len(gallery) < gallery_size:
                continue
        c.queries.append(dict(pid=pid, image=c.images[qi]["name"], box_xywh=[qb[0], qb[1], qb[2] - qb[0], qb[3] - qb[1]],
                              gallery=gallery))
        c.qfeats.append(qf)
    c.gallery_size = gallery_size if protocol == "cuhk" else len(c.images) - 1
    return c


def edge_case_cuhk(rng):
    """Hand-made CUHK-SYSU case: ties, threshold hits, empty scenes, missing targets, duplicates."""
    c = Case("cuhk_edges", "cuhk")
    c.dim = 4
    e = np.eye(4)
    # s1: the query scene.  s2: target at IoU exactly 0.5 and a decoy with the same similarity.
    c.add_image("s1.jpg", [[10, 10, 60, 110]], [1])
    c.add_image("s2.jpg", [[0, 0, 10, 10], [100, 100, 140, 200]], [1, 2])
    c.set_dets(1, [[0, 0, 10, 5], [0, 0, 10, 5], [100, 100, 140, 200]], [0.9, 0.5, 0.99],
               [e[0], e[0], e[1]])
    # s3: tiny target (w=3, h=8): adaptive threshold 24/234; one detection just above, one below.
    c.add_image("s3.jpg", [[50, 50, 53, 58], [5, 5, 45, 105]], [1, 3])
    c.set_dets(2, [[50, 50, 51, 58], [50.0, 50.0, 50.25, 58.0], [5, 5, 45, 105]], [0.8, 0.97, 0.6],
               [0.5 * e[0] + 0.5 * e[1], e[0], e[2]])
    # s4: a scene without detections (target there: counts but cannot be found).
    c.add_image("s4.jpg", [[20, 20, 50, 90]], [1])
    # s5: detections all below the search threshold but above the detection one.
    c.add_image("s5.jpg", [[0, 0, 30, 80]], [4])
    c.set_dets(4, [[0, 0, 30, 80], [1, 1, 31, 81]], [0.4999, 0.01], [e[0], e[0]])
    # s6: score exactly 0.5 (kept) and exactly 0.01 in float32; target with threshold 1/3 touched exactly.
    c.add_image("s6.jpg", [[0, 0, 10, 20]], [1])
    c.set_dets(5, [[0, 0, 10, 60], [0, 0, 10, 20]], [0.5, float(np.float32(0.01))], [e[0], e[0]])
    # s7..s20: distractor scenes with detections tied in similarity with the targets.
    for i in range(7, 21):
        c.add_image("s%d.jpg" % i, [[0, 0, 40, 100]], [9])
        c.set_dets(i - 1, [[0, 0, 40, 100], [200, 0, 240, 100]], [0.7, 0.6],
                   [e[0] if i % 3 == 0 else e[1], 0.5 * e[0] + 0.5 * e[3]])
    q = [1.0, 0.0, 0.0, 0.0]
    g = [("s2.jpg", [0, 0, 10, 10]), ("s3.jpg", [50, 50, 3, 8]), ("s4.jpg", [20, 20, 30, 70]),
         ("s6.jpg", [0, 0, 10, 20]), ("s2.jpg", [0, 0, 10, 10])] + [("s%d.jpg" % i, None) for i in range(7, 14)]
    c.queries.append(dict(pid=1, image="s1.jpg", box_xywh=[10, 10, 50, 100], gallery=g))
    c.qfeats.append(q)
    # A query whose only target scene has no kept detection (the release divides by zero when the
    # person is in no gallery scene at all; that case is a unit test of its own).
    g2 = [("s%d.jpg" % i, None) for i in range(7, 18)] + [("s4.jpg", [20, 20, 30, 70])]
    c.queries.append(dict(pid=5, image="s1.jpg", box_xywh=[10, 10, 50, 100], gallery=g2))
    c.qfeats.append([0.0, 1.0, 0.0, 0.0])
    # A query whose targets are all missed (detections elsewhere).
    g3 = [("s5.jpg", [0, 0, 30, 80]), ("s4.jpg", [20, 20, 30, 70])] + [("s%d.jpg" % i, None) for i in range(7, 17)]
    c.queries.append(dict(pid=4, image="s1.jpg", box_xywh=[10, 10, 50, 100], gallery=g3))
    c.qfeats.append([0.0, 0.0, 0.0, 1.0])
    # Float ground truth in the protocol (cast to int32 by the release), target found by the tied decoy rule.
    g4 = [("s3.jpg", [5.7, 5.2, 40.9, 100.99]), ("s2.jpg", None)] + [("s%d.jpg" % i, None) for i in range(7, 17)]
    c.queries.append(dict(pid=3, image="s1.jpg", box_xywh=[10, 10, 50, 100], gallery=g4))
    c.qfeats.append([0.0, 0.0, 1.0, 0.0])
    c.gallery_size = 12
    return c


def edge_case_prw(rng):
    """Hand-made PRW case: pid twice in a scene, unlabelled people, query scene excluded, ties."""
    c = Case("prw_edges", "prw")
    c.dim = 4
    e = np.eye(4)
    c.add_image("c1s1_000100.jpg", [[10, 10, 60, 110], [100, 10, 150, 110]], [7, -1])
    c.set_dets(0, [[10, 10, 60, 110], [100, 10, 150, 110]], [0.9, 0.9], [e[0], e[0]])
    c.add_image("c2s1_000200.jpg", [[0, 0, 10, 10], [30, 30, 40, 40], [60, 0, 100, 100]], [7, 7, 5555])
    c.set_dets(1, [[30, 30, 40, 40], [0, 0, 10, 5], [60, 0, 100, 100]], [0.8, 0.7, 0.95], [e[0], e[0], e[1]])
    c.add_image("c3s1_000300.jpg", [[50, 50, 53, 58]], [7])
    c.set_dets(2, [[50, 50, 51, 58], [200, 200, 260, 330]], [0.6, 0.65], [0.5 * e[0] + 0.5 * e[1], e[0]])
    c.add_image("c4s1_000400.jpg", [[0, 0, 40, 100]], [8])
    for i in range(5, 16):
        c.add_image("c%ds2_%06d.jpg" % (1 + i % 6, i * 100), [[0, 0, 40, 100]], [8 if i % 2 else 9])
        c.set_dets(len(c.images) - 1, [[0, 0, 40, 100], [300, 0, 340, 100]],
                   [0.55, 0.75], [e[0] if i % 4 == 0 else e[2], e[3]])
    c.queries.append(dict(pid=7, image="c1s1_000100.jpg", box_xywh=[10, 10, 50, 100], gallery=[]))
    c.qfeats.append([1.0, 0.0, 0.0, 0.0])
    c.queries.append(dict(pid=8, image="c4s1_000400.jpg", box_xywh=[0, 0, 40, 100], gallery=[]))
    c.qfeats.append([0.0, 0.0, 1.0, 0.0])
    c.queries.append(dict(pid=9, image="c%ds2_%06d.jpg" % (1 + 6 % 6, 600), box_xywh=[0, 0, 40, 100], gallery=[]))
    c.qfeats.append([0.0, 0.0, 0.5, 0.5])
    c.gallery_size = len(c.images) - 1
    return c


# ----------------------------------------------------------------------------- files

def f32(x):
    return float(np.float32(x))


def write_case(c, root):
    d = os.path.join(root, c.name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "gallery.json"), "w") as f:
        json.dump({"images": [{"name": im["name"], "boxes_xyxy": im["boxes"], "pids": im["pids"]} for im in c.images]}, f)
    feats, entries, row = [], [], 0
    for im, (b, s, ft) in zip(c.images, c.dets):
        entries.append({"name": im["name"], "boxes_xyxy": [[f32(v) for v in r] for r in b], "scores": [f32(v) for v in s],
                        "feature_row_offset": row, "count": len(s)})
        feats.append(ft)
        row += len(s)
    with open(os.path.join(d, "detections.json"), "w") as f:
        json.dump({"images": entries}, f)
    np.save(os.path.join(d, "det.npy"), np.concatenate(feats, 0).astype(np.float32).reshape(-1, c.dim))
    qs = [{"pid": q["pid"], "image": q["image"], "box_xywh": q["box_xywh"],
           "gallery": [{"image": g[0], "gt_box_xywh": g[1]} for g in q["gallery"]]} for q in c.queries]
    with open(os.path.join(d, "queries.json"), "w") as f:
        json.dump({"gallery_size": c.gallery_size, "queries": qs}, f)
    np.save(os.path.join(d, "q.npy"), np.asarray(c.qfeats, np.float32).reshape(-1, c.dim))


# ----------------------------------------------------------------------------- the release's structures

class Dataset:
    def __init__(self, root, annotations):
        self.root = root
        self.img_prefix = root
        self.annotations = annotations

    def __len__(self):
        return len(self.annotations)


def gt_array(boxes):
    a = np.asarray(boxes, np.float64).reshape(-1, 4)
    return a.astype(np.int32) if np.all(a == np.round(a)) else a


def release_inputs(c):
    annos = [dict(img_name=im["name"], boxes=gt_array(im["boxes"]), pids=np.asarray(im["pids"], np.int32), cam_id=0)
             for im in c.images]
    dets = [np.concatenate([b, s[:, None]], 1).astype(np.float32) for (b, s, _) in c.dets]
    feats = [ft.astype(np.float32) for (_, _, ft) in c.dets]
    return annos, dets, feats


def write_protocol(root, c, queries):
    fname = "TestG%d" % c.gallery_size
    qdt = [("imname", "O"), ("idlocate", "O")]
    arr = np.zeros((1, len(queries)), dtype=[("Query", "O"), ("Gallery", "O")])
    for i, q in enumerate(queries):
        qs = np.zeros((1, 1), dtype=qdt)
        qs[0, 0]["imname"] = np.array([q["image"]])
        qs[0, 0]["idlocate"] = np.array([q["box_xywh"]], np.float64)
        gs = np.zeros((1, len(q["gallery"])), dtype=qdt)
        for k, (name, gt) in enumerate(q["gallery"]):
            gs[0, k]["imname"] = np.array([name])
            gs[0, k]["idlocate"] = np.zeros((1, 0)) if gt is None else np.array([gt], np.float64)
        arr[0, i]["Query"] = qs
        arr[0, i]["Gallery"] = gs
    d = os.path.join(root, "annotation", "test", "train_test")
    os.makedirs(d, exist_ok=True)
    scipy.io.savemat(os.path.join(d, fname + ".mat"), {fname: arr})


def run_release(ef, c, queries, qfeats, workdir):
    annos, dets, feats = release_inputs(c)
    gallery = Dataset(workdir, annos)
    qbox = [np.asarray(q, np.float32).reshape(1, -1) for q in qfeats]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rate, ap = ef.eval_detection(gallery, dets, det_thresh=0.01)
        if c.protocol == "cuhk":
            write_protocol(workdir, c, queries)
            ret = ef.eval_search_cuhk(gallery, Dataset(workdir, [None] * len(queries)), dets, feats, qbox, None, None,
                                      gallery_size=c.gallery_size)
        else:
            qannos = [dict(img_name=q["image"], boxes=np.asarray([[q["box_xywh"][0], q["box_xywh"][1],
                                                                   q["box_xywh"][0] + q["box_xywh"][2],
                                                                   q["box_xywh"][1] + q["box_xywh"][3]]], np.int32),
                           pids=np.array([q["pid"]]), cam_id=0) for q in queries]
            ret = ef.eval_search_prw(gallery, Dataset(workdir, qannos), dets, feats, qbox, None, None)
    return float(rate), float(ap), float(ret["mAP"]), [float(a) for a in ret["accs"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--release", default="/work/release/SOLIDER-PersonSearch")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    ef = load_release(args.release)
    rng = np.random.default_rng(20240515)
    cases = [
        edge_case_cuhk(rng),
        edge_case_prw(rng),
        random_case(rng, "cuhk_small", "cuhk", 40, 12, 8, gallery_size=15),
        random_case(rng, "cuhk_ties", "cuhk", 60, 10, 6, gallery_size=20, quantize=2, score_levels=4),
        random_case(rng, "cuhk_tiny_boxes", "cuhk", 50, 15, 16, gallery_size=25, tiny=True, miss=0.3),
        random_case(rng, "cuhk_large", "cuhk", 300, 80, 32, gallery_size=100, noise=0.9),
        random_case(rng, "prw_small", "prw", 40, 10, 8),
        random_case(rng, "prw_ties", "prw", 50, 8, 5, quantize=2, score_levels=5),
        random_case(rng, "prw_tiny_boxes", "prw", 60, 20, 16, tiny=True, miss=0.3),
        random_case(rng, "prw_many_detections", "prw", 900, 40, 8, fp=6, noise=1.0),
    ]
    expected = {}
    for c in cases:
        write_case(c, args.out)
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "vis"))
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                rate, dap, mAP, accs = run_release(ef, c, c.queries, c.qfeats, tmp)
                per_query = []
                for i, q in enumerate(c.queries):
                    # Twice, since loadmat squeezes a one-query protocol to a 0-d array the code cannot index.
                    _, _, qap, qacc = run_release(ef, c, [q, q], [c.qfeats[i]] * 2, tmp)
                    per_query.append({"ap": qap, "hits": [int(round(a)) for a in qacc]})
            finally:
                os.chdir(cwd)
        expected[c.name] = {"protocol": c.protocol, "detection": {"recall": rate, "ap": dap}, "mAP": mAP,
                            "top1": accs[0], "top5": accs[1], "top10": accs[2], "queries": per_query}
        print(c.name, len(c.images), "scenes,", len(c.queries), "queries: mAP %.6f top1 %.4f det ap %.6f"
              % (mAP, accs[0], dap), file=sys.stderr)
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
