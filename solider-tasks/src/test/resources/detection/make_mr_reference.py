#!/usr/bin/python3
"""Reference log-average miss rates from the release's CityPersons evaluation.

Runs tools/cityPerson/eval_demo.validate (which drives tools/cityPerson/coco.py and
tools/cityPerson/eval_MR_multisetup.py) of SOLIDER-PedestrianDetection (Pedestron, commit
fe80382) on constructed ground truth / detection pairs and writes mr_cases.json:
[{name, gt, dets, expected: {standard: [4 MRs], ecp: [4 MRs]}}], MRs as fractions in the order
Reasonable, Reasonable_small, Reasonable_occ=heavy, All.

Python 3 adaptations (the release's logic is unchanged):
  * numpy >= 1.24 has no np.float (used by accumulate); it is aliased to float.
  * COCO.loadRes indexes anns[0] and so crashes on an empty results list; for an empty list the
    results object is built as loadRes would build it for a non-empty one (the images of the
    ground truth, no annotations).
Usage: /usr/bin/python3 make_mr_reference.py [RELEASE_ROOT] [OUT_JSON] [CLI_TEST_DIR]
"""
import contextlib
import io
import json
import os
import random
import sys
import tempfile

os.environ.setdefault("MPLBACKEND", "Agg")
import numpy as np

np.float = float  # removed in numpy 1.24; accumulate() still calls .astype(np.float)

RELEASE = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER-PedestrianDetection"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "mr_cases.json")
# One case also goes, as plain files, to the det-eval command's tests.
CLI_DIR = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "../../../../../examples/src/test/resources/detection")
CLI_CASE = "random_25_images_4"
sys.path.insert(0, RELEASE)
from tools.cityPerson import coco as release_coco  # noqa: E402
from tools.cityPerson.eval_demo import validate  # noqa: E402

_load_res = release_coco.COCO.loadRes


def _load_res_allowing_empty(self, res_file):
    with open(res_file) as f:
        anns = json.load(f)
    if isinstance(anns, list) and len(anns) == 0:
        res = release_coco.COCO()
        res.dataset['images'] = [img for img in self.dataset['images']]
        res.dataset['annotations'] = []
        res.createIndex()
        return res
    return _load_res(self, res_file)


release_coco.COCO.loadRes = _load_res_allowing_empty


def run(gt, dets):
    with tempfile.TemporaryDirectory() as d:
        g = os.path.join(d, "gt.json")
        r = os.path.join(d, "dets.json")
        with open(g, "w") as f:
            json.dump(gt, f)
        with open(r, "w") as f:
            json.dump(dets, f)
        out = {}
        for name, ecp in (("standard", False), ("ecp", True)):
            with contextlib.redirect_stdout(io.StringIO()):
                mrs = validate(g, r, ecp=ecp)
            out[name] = [float(m) for m in mrs]
        return out


CATS = [{"id": 1, "name": "pedestrian"}]


def doc(images, anns, cats=CATS):
    d = {"images": [{"id": i} for i in images],
         "annotations": anns}
    if cats is not None:
        d["categories"] = cats
    return d


class Ids:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return self.n


def person(rng, ids, img, h=None, vis=None, ignore=0, integer=True):
    if h is None:
        h = rng.choice([rng.uniform(5, 20), rng.uniform(20, 50), rng.uniform(50, 75), rng.uniform(75, 300)])
    w = h * rng.uniform(0.35, 0.45)
    x = rng.uniform(0, 2048 - w)
    y = rng.uniform(0, 1024 - h)
    if integer:
        x, y, w, h = round(x), round(y), max(1, round(w)), max(1, round(h))
    if vis is None:
        vis = rng.choice([1.0, 1.0, rng.random(), rng.uniform(0.65, 1), rng.uniform(0.2, 0.65), 0.65, 0.2])
    return {"id": ids(), "image_id": img, "category_id": 1, "iscrowd": 0, "ignore": ignore,
            "bbox": [x, y, w, h], "vis_bbox": [x, y, w, h], "height": h, "vis_ratio": vis}


def jitter(rng, box, amount):
    x, y, w, h = box
    return [x + rng.gauss(0, amount * w), y + rng.gauss(0, amount * h),
            w * (1 + rng.gauss(0, amount)), h * (1 + rng.gauss(0, amount))]


def det(img, box, score, cat=1):
    return {"image_id": img, "category_id": cat, "bbox": [float(v) for v in box], "score": score}


def random_case(rng, n_images, max_gt, fp_rate, quantise=None, integer=True, shuffle_ids=False):
    ids = Ids()
    images = list(range(1, n_images + 1))
    if shuffle_ids:
        images = rng.sample(range(1, 4 * n_images + 1), n_images)
    anns, dets = [], []
    for img in images:
        for _ in range(rng.randint(0, max_gt)):
            a = person(rng, ids, img, ignore=1 if rng.random() < 0.15 else 0, integer=integer)
            anns.append(a)
            if rng.random() < 0.8:
                for _ in range(1 if rng.random() < 0.85 else 2):
                    dets.append(det(img, jitter(rng, a["bbox"], rng.choice([0.02, 0.08, 0.2])), rng.random()))
        if rng.random() < 0.2:  # a crowd ignore region with detections inside
            a = person(rng, ids, img, h=rng.uniform(80, 250), ignore=1, integer=integer)
            a["bbox"][2] = a["bbox"][3] * 1.5
            anns.append(a)
            for _ in range(rng.randint(1, 4)):
                x, y, w, h = a["bbox"]
                dh = rng.uniform(40, h)
                dets.append(det(img, [x + rng.uniform(0, w / 2), y + rng.uniform(0, h - dh), dh * 0.41, dh], rng.random()))
        for _ in range(int(rng.expovariate(1 / fp_rate)) if fp_rate > 0 else 0):
            h = rng.uniform(10, 300)
            dets.append(det(img, [rng.uniform(0, 2000), rng.uniform(0, 900), h * 0.41, h], rng.random() * 0.8))
    if quantise:
        for d in dets:
            d["score"] = round(d["score"] * quantise) / quantise
    rng.shuffle(dets)
    return doc(images, anns), dets


def cases():
    rng = random.Random(20240614)
    out = []
    for i, (n, g, fp) in enumerate([(1, 6, 1), (3, 8, 2), (5, 10, 3), (10, 12, 2), (25, 10, 4), (60, 8, 3),
                                    (120, 6, 2), (8, 15, 0), (12, 4, 6), (40, 12, 1)]):
        out.append(("random_%d_images_%d" % (n, i), *random_case(rng, n, g, fp)))
    for i in range(6):
        out.append(("random_tied_scores_%d" % i, *random_case(rng, rng.randint(3, 30), 10, 2, quantise=rng.choice([2, 5, 10]))))
    for i in range(4):
        out.append(("random_float_boxes_%d" % i, *random_case(rng, rng.randint(2, 30), 10, 2, integer=False)))
    for i in range(4):
        out.append(("random_unsorted_image_ids_%d" % i, *random_case(rng, rng.randint(2, 30), 10, 2, shuffle_ids=True)))
    for i, (n, g, fp) in enumerate([(150, 6, 1), (300, 4, 0.5), (200, 3, 3)]):
        out.append(("random_%d_images_low_fppi_%d" % (n, i), *random_case(rng, n, g, fp)))
    for name, gt, dets in edge_cases(random.Random(7)):
        out.append((name, gt, dets))
        # The same case among 150 more images without anything: FPPI steps finer than the first
        # reference point, so the recall[-1] quirk no longer hides what happened at the top.
        padded = dict(gt, images=gt["images"] + [{"id": 1000 + k} for k in range(150)])
        out.append((name + "_padded", padded, dets))
    return out


def edge_cases(rng):
    E = []
    ids = Ids()
    # one reasonable person, perfectly detected
    a = person(rng, ids, 1, h=120, vis=1.0)
    E.append(("perfect_single", doc([1], [a]), [det(1, a["bbox"], 0.9)]))
    # the same with 150 images: fppi steps are finer than 0.01
    E.append(("perfect_single_150_images", doc(range(1, 151), [a]), [det(1, a["bbox"], 0.9)]))
    # a false positive above the true positive with fewer than 100 images: recall[-1] quirk
    fp = det(1, [1500, 100, 41, 100], 0.95)
    E.append(("fp_on_top_few_images", doc([1, 2, 3], [a]), [fp, det(1, a["bbox"], 0.9)]))
    E.append(("fp_on_top_200_images", doc(range(1, 201), [a]), [fp, det(1, a["bbox"], 0.9)]))
    E.append(("only_false_positives", doc([1, 2], [a]), [fp, det(2, [10, 10, 41, 100], 0.5)]))
    # no detections at all (empty list), several images
    b = person(rng, ids, 2, h=60, vis=0.9)
    c = person(rng, ids, 2, h=100, vis=0.4)
    E.append(("empty_results_list", doc([1, 2, 3], [a, b, c]), []))
    E.append(("detections_only_in_images_without_gt", doc([1, 2, 3], [a]), [det(3, [5, 5, 41, 100], 0.7)]))
    E.append(("no_ground_truth_at_all", doc([1, 2], []), [det(1, [5, 5, 41, 100], 0.7)]))
    E.append(("no_ground_truth_no_detections", doc([1, 2], []), []))
    E.append(("no_images", doc([], []), []))
    # every person is ignore -> -1 for all setups
    ig = dict(person(rng, ids, 1, h=120, vis=1.0), ignore=1)
    E.append(("all_ground_truth_ignored", doc([1], [ig]), [det(1, ig["bbox"], 0.8)]))
    # ignore region covering detections: matched by intersection over detection area
    big = {"id": ids(), "image_id": 1, "category_id": 1, "iscrowd": 0, "ignore": 1, "bbox": [100, 100, 400, 300],
           "vis_bbox": [100, 100, 400, 300], "height": 300, "vis_ratio": 1}
    inside = [det(1, [120 + 60 * k, 150, 41, 100], 0.3 + 0.1 * k) for k in range(5)]
    half = det(1, [450, 150, 100, 100], 0.85)  # exactly half inside the ignore region
    E.append(("ignore_region_swallows_detections", doc([1, 2], [big, a]), inside + [half, det(1, a["bbox"], 0.8)]))
    # a detection overlapping both a regular person and an ignore region: regular wins, break at ignore
    p = {"id": ids(), "image_id": 1, "category_id": 1, "iscrowd": 0, "ignore": 0, "bbox": [600, 200, 50, 120],
         "vis_bbox": [600, 200, 50, 120], "height": 120, "vis_ratio": 1}
    ig2 = {"id": ids(), "image_id": 1, "category_id": 1, "iscrowd": 0, "ignore": 1, "bbox": [590, 190, 80, 150],
           "vis_bbox": [590, 190, 80, 150], "height": 150, "vis_ratio": 1}
    E.append(("regular_before_ignore", doc([1], [ig2, p]),
              [det(1, [602, 202, 50, 120], 0.9), det(1, [598, 199, 52, 121], 0.8), det(1, [605, 210, 45, 110], 0.7)]))
    # crowd: many overlapping people and duplicate detections
    crowd, cd = [], []
    for k in range(12):
        q = {"id": ids(), "image_id": 1, "category_id": 1, "iscrowd": 0, "ignore": 0,
             "bbox": [800 + 18 * k, 300 + (k % 3) * 5, 45, 110], "vis_bbox": [800 + 18 * k, 300, 30, 100],
             "height": 110, "vis_ratio": round(1 - 0.07 * k, 3)}
        crowd.append(q)
        cd.append(det(1, jitter(rng, q["bbox"], 0.03), rng.random()))
        cd.append(det(1, jitter(rng, q["bbox"], 0.1), rng.random()))
    E.append(("crowd_overlapping_people", doc([1, 2], crowd), cd))
    # tiny and heavily occluded people; detection heights around the expFilter limits
    tiny = []
    td = []
    for k, (h, vis) in enumerate([(19, 1), (20, 1), (21, 0.2), (30, 0.19), (49, 0.7), (50, 0.65), (75, 0.65),
                                  (76, 0.66), (60, 0.2), (60, 0.64), (200, 0.1), (51, 0.651)]):
        q = {"id": ids(), "image_id": 1 + k % 2, "category_id": 1, "iscrowd": 0, "ignore": 0,
             "bbox": [60 + 150 * k, 400, round(h * 0.41), h], "vis_bbox": [60 + 150 * k, 400, 10, 10],
             "height": h, "vis_ratio": vis}
        tiny.append(q)
        td.append(det(1 + k % 2, q["bbox"], 0.5 + 0.03 * k))
    for k, h in enumerate([15.99, 16.0, 39.99, 40.0, 93.74, 93.75, 94, 23.99, 24.0, 32.0, 75.0, 74.99]):
        td.append(det(1 + k % 2, [1900, 20 + 70 * k, h * 0.41, h], 0.4 + 0.01 * k))
    E.append(("tiny_occluded_and_height_limits", doc([1, 2], tiny), td))
    # IoU exactly 0.5 and just below
    g = {"id": ids(), "image_id": 1, "category_id": 1, "iscrowd": 0, "ignore": 0, "bbox": [0, 0, 40, 100],
         "vis_bbox": [0, 0, 40, 100], "height": 100, "vis_ratio": 1}
    g2 = dict(g, id=ids(), image_id=2)
    E.append(("iou_exactly_half", doc([1, 2], [g, g2]),
              [det(1, [0, 0, 40, 200], 0.9), det(2, [0, 0, 40, 200.0001], 0.8)]))
    # tied scores across images and within an image
    t1 = dict(g, id=ids())
    t2 = dict(g, id=ids(), image_id=2, bbox=[100, 0, 40, 100])
    E.append(("tied_scores", doc([1, 2, 3], [t1, t2]),
              [det(3, [500, 0, 40, 100], 0.5), det(1, [0, 0, 40, 100], 0.5), det(2, [100, 0, 40, 100], 0.5),
               det(2, [300, 0, 40, 100], 0.5), det(1, [700, 0, 40, 100], 0.5)]))
    # more than 1000 detections in one image (only the 1000 best count)
    many = [det(1, [rng.uniform(0, 2000), rng.uniform(0, 900), 41, 100], rng.random() * 0.5) for _ in range(1100)]
    many.append(det(1, a["bbox"], 0.3))
    E.append(("over_1000_detections", doc([1], [a]), many))
    # detection outside any person, beyond the image
    E.append(("detections_outside_image", doc([1], [a]),
              [det(1, [3000, 2000, 41, 100], 0.99), det(1, [-100, -200, 41, 100], 0.98), det(1, a["bbox"], 0.5)]))
    # degenerate detections: zero/negative width or height
    E.append(("degenerate_detections", doc([1], [a]),
              [det(1, [a["bbox"][0], a["bbox"][1], 0, 100], 0.9), det(1, [a["bbox"][0], a["bbox"][1], -41, 100], 0.8),
               det(1, [a["bbox"][0], a["bbox"][1], 41, -100], 0.7), det(1, a["bbox"], 0.6)]))
    # other categories in ground truth and results; category 1 missing from categories
    other = dict(a, id=ids(), category_id=2)
    E.append(("other_categories", doc([1], [a, other], cats=[{"id": 1}, {"id": 2}]),
              [det(1, a["bbox"], 0.9, cat=2), det(1, other["bbox"], 0.8, cat=2), det(1, a["bbox"], 0.7)]))
    E.append(("category_one_not_listed", doc([1], [other], cats=[{"id": 2}]), [det(1, other["bbox"], 0.8, cat=2)]))
    # annotation ids: duplicates (last one wins in loadAnns) and an id of 0 (a match counts as a miss)
    d1 = dict(a, id=500)
    d2 = dict(person(rng, ids, 2, h=100, vis=1.0), id=500)
    E.append(("duplicate_annotation_ids", doc([1, 2], [d1, d2]), [det(1, d1["bbox"], 0.9), det(2, d2["bbox"], 0.8)]))
    z = dict(a, id=0)
    E.append(("annotation_id_zero", doc([1, 2], [z, dict(b, image_id=2)]), [det(1, z["bbox"], 0.9), det(2, b["bbox"], 0.8)]))
    # an annotation of an image that is not listed is dropped
    E.append(("annotation_of_unlisted_image", doc([1], [a, dict(b, image_id=9)]), [det(1, a["bbox"], 0.9)]))
    # repeated image ids count once
    rep = doc([1, 2], [a])
    rep["images"].append(dict(rep["images"][0]))
    E.append(("repeated_image_id", rep, [det(1, a["bbox"], 0.9), det(2, [0, 0, 41, 100], 0.8)]))
    # ignore as boolean, and a fractional ignore value (ignore for matching, plain IoU)
    E.append(("ignore_as_boolean", doc([1], [dict(a, ignore=True), dict(b, image_id=1, ignore=False)]),
              [det(1, a["bbox"], 0.9), det(1, b["bbox"], 0.8)]))
    frac = {"id": ids(), "image_id": 1, "category_id": 1, "iscrowd": 0, "ignore": 0.5, "bbox": [100, 100, 400, 300],
            "vis_bbox": [100, 100, 400, 300], "height": 300, "vis_ratio": 1}
    E.append(("fractional_ignore_value", doc([1], [frac, a]), inside + [det(1, a["bbox"], 0.2)]))
    # no 'ignore' field at all
    noig = {k: v for k, v in a.items() if k != "ignore"}
    E.append(("missing_ignore_field", doc([1], [noig]), [det(1, a["bbox"], 0.9)]))
    # a height field different from the box height (the setup uses 'height', the match uses the box)
    E.append(("height_field_differs_from_box", doc([1], [dict(a, height=45), dict(b, image_id=1, height=130)]),
              [det(1, a["bbox"], 0.9), det(1, b["bbox"], 0.8)]))
    # negative and zero scores
    E.append(("zero_and_negative_scores", doc([1], [a, dict(b, image_id=1)]),
              [det(1, a["bbox"], 0.0), det(1, b["bbox"], -0.0), det(1, [5, 5, 41, 100], -1.0)]))
    # recall reaching 1 at the first FPPI point: log(0) -> MR 0
    E.append(("recall_one_everywhere", doc(range(1, 301), [a, dict(b, image_id=1)]),
              [det(1, a["bbox"], 0.9), det(1, b["bbox"], 0.8), det(2, [0, 0, 41, 100], 0.1)]))
    return E


def main():
    out = []
    for name, gt, dets in cases():
        expected = run(gt, dets)
        out.append({"name": name, "gt": gt, "dets": dets, "expected": expected})
        print(name, expected["standard"], expected["ecp"], file=sys.stderr)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    os.makedirs(CLI_DIR, exist_ok=True)
    case = next(c for c in out if c["name"] == CLI_CASE)
    for key, name in (("gt", "eval_gt.json"), ("dets", "eval_dets.json"), ("expected", "eval_expected.json")):
        with open(os.path.join(CLI_DIR, name), "w") as f:
            json.dump(case[key], f)


if __name__ == "__main__":
    main()
