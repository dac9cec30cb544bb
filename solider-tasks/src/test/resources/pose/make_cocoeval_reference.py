#!/usr/bin/env python3
"""Reference numbers for pose-eval: pycocotools' COCOeval(iouType='keypoints') on constructed cases.

Run by hand (the tests only read what it wrote):

    /usr/bin/python3 make_cocoeval_reference.py [--cocoapi /work/release/cocoapi] [--out cocoeval]

For every case it writes ``OUT/CASE/gt.json`` (COCO person-keypoints ground truth) and
``OUT/CASE/results.json`` (a COCO results list), runs the release's pycocotools on them
(``COCO(gt).loadRes(results)``, ``COCOeval(gt, dt, 'keypoints')``, evaluate, accumulate,
summarize) and stores in ``OUT/expected.json`` COCOeval's keypoint parameters (``_params``) and, per case: ``stats`` (the 10 summary numbers, in
COCOeval order) or ``error`` (the exception pycocotools raised), and for a few cases the OKS
matrices ``ious`` keyed "imageId,categoryId" (rows: detections sorted by score, cut to 20).

pycocotools cannot evaluate an empty results list (``loadRes`` indexes ``anns[0]``); for those cases
``stats`` is what COCOeval computes when the empty result set is built directly (the same steps
without the crash), and ``error`` records the crash.
"""
import argparse
import copy
import io
import json
import os
import contextlib

import numpy as np

import release_code

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def categories(*ids):
    return [{'id': i, 'name': 'person' if i == 1 else 'thing%d' % i, 'supercategory': 'person'} for i in ids]


def images(n, start=1, w=640, h=480):
    return [{'id': i, 'file_name': '%012d.jpg' % i, 'width': w, 'height': h} for i in range(start, start + n)]


def person(rng, ann_id, image_id, size, cat=1, p_vis=(0.15, 0.15, 0.7), crowd=0, w_img=640, h_img=480):
    """A GT person: box of height `size`, keypoints inside the box with random visibility."""
    h = float(size)
    w = h * rng.uniform(0.3, 0.8)
    x = rng.uniform(-0.1 * w, w_img - 0.9 * w)
    y = rng.uniform(-0.1 * h, h_img - 0.9 * h)
    kps = []
    for _ in range(17):
        v = int(rng.choice([0, 1, 2], p=p_vis))
        if v == 0:
            kps += [0, 0, 0]
        else:
            kps += [round(x + rng.uniform(0, w), 2), round(y + rng.uniform(0, h), 2), v]
    num = sum(1 for v in kps[2::3] if v > 0)
    area = round(w * h * rng.uniform(0.45, 0.85), 3)
    return {'id': ann_id, 'image_id': image_id, 'category_id': cat, 'bbox': [round(x, 2), round(y, 2), round(w, 2), round(h, 2)],
            'area': area, 'iscrowd': crowd, 'num_keypoints': num, 'keypoints': kps}


def detection(rng, gt, noise, score=None, cat=None):
    """A detection near GT person `gt`: visible keypoints moved by N(0, noise·√area), others anywhere in the box."""
    x, y, w, h = gt['bbox']
    s = noise * np.sqrt(max(gt['area'], 1.0))
    g = gt['keypoints']
    kps = []
    for k in range(17):
        if g[3 * k + 2] > 0:
            kx, ky = g[3 * k] + rng.normal(0, s), g[3 * k + 1] + rng.normal(0, s)
        else:
            kx, ky = x + rng.uniform(0, w), y + rng.uniform(0, h)
        kps += [round(float(kx), 2), round(float(ky), 2), round(float(rng.uniform(0, 1)), 3)]
    return {'image_id': gt['image_id'], 'category_id': gt['category_id'] if cat is None else cat, 'keypoints': kps,
            'score': round(float(rng.uniform(0, 1)), 4) if score is None else score}


def stray(rng, image_id, cat=1, w_img=640, h_img=480, size=None):
    """A detection unrelated to any GT person."""
    size = rng.uniform(20, 300) if size is None else size
    x0, y0 = rng.uniform(0, w_img), rng.uniform(0, h_img)
    kps = []
    for _ in range(17):
        kps += [round(float(x0 + rng.uniform(0, size * 0.5)), 2), round(float(y0 + rng.uniform(0, size)), 2),
                round(float(rng.uniform(0, 1)), 3)]
    return {'image_id': image_id, 'category_id': cat, 'keypoints': kps, 'score': round(float(rng.uniform(0, 1)), 4)}


def random_set(seed, n_images, max_people, stray_rate=0.5, tie_scores=False):
    rng = np.random.default_rng(seed)
    imgs = images(n_images)
    anns, res = [], []
    aid = 1
    for img in imgs:
        for _ in range(int(rng.integers(0, max_people + 1))):
            size = float(np.exp(rng.uniform(np.log(15), np.log(400))))
            g = person(rng, aid, img['id'], size)
            aid += 1
            anns.append(g)
            for _ in range(int(rng.choice([0, 1, 1, 1, 2]))):
                res.append(detection(rng, g, float(np.exp(rng.uniform(np.log(0.005), np.log(0.5))))))
        for _ in range(int(rng.poisson(stray_rate))):
            res.append(stray(rng, img['id']))
    rng.shuffle(res)
    if tie_scores:
        for r in res:
            r['score'] = float(rng.choice([0.25, 0.5, 0.75]))
    return {'images': imgs, 'annotations': anns, 'categories': categories(1)}, res


@case
def random_small():
    return random_set(1, 8, 4)


@case
def random_medium():
    return random_set(2, 40, 6)


@case
def random_large():
    return random_set(3, 120, 8, stray_rate=1.5)


@case
def tied_scores():
    return random_set(4, 25, 5, tie_scores=True)


@case
def single_perfect():
    rng = np.random.default_rng(5)
    g = person(rng, 1, 1, 200, p_vis=(0, 0, 1))
    d = {'image_id': 1, 'category_id': 1, 'keypoints': [v if i % 3 != 2 else 1.0 for i, v in enumerate(g['keypoints'])], 'score': 0.9}
    return {'images': images(1), 'annotations': [g], 'categories': categories(1)}, [d]


@case
def area_boundaries():
    """GT areas and detection extents exactly at 32² and 96², and just beside them."""
    rng = np.random.default_rng(6)
    anns, res = [], []
    aid = 1
    for i, area in enumerate([1024, 1023.999, 1024.001, 9216, 9215.5, 9216.5, 500, 20000]):
        g = person(rng, aid, i + 1, 150)
        g['area'] = area
        aid += 1
        anns.append(g)
        res.append(detection(rng, g, 0.05))
    for i, side in enumerate([32, 96, 31.99, 96.01]):
        # a detection whose keypoints span exactly side × side (area side²), on an image with one GT
        kps = []
        for k in range(17):
            kps += [100 + (side if k % 2 else 0), 50 + (side if k % 3 == 0 else 0), 0.5]
        res.append({'image_id': i + 1, 'category_id': 1, 'keypoints': kps, 'score': 0.3 + 0.01 * i})
    return {'images': images(8), 'annotations': anns, 'categories': categories(1)}, res


@case
def crowd_regions():
    """iscrowd regions (no keypoints, large boxes) that absorb detections, plus regular people."""
    rng = np.random.default_rng(7)
    anns, res = [], []
    aid = 1
    for img in range(1, 11):
        c = person(rng, aid, img, 300, p_vis=(1, 0, 0), crowd=1)
        aid += 1
        anns.append(c)
        for _ in range(int(rng.integers(0, 6))):
            # detections inside or around the crowd box
            x, y, w, h = c['bbox']
            res.append(stray(rng, img, size=min(w, h) * rng.uniform(0.2, 1.0)) | {})
            res[-1]['keypoints'] = [round(float(x + rng.uniform(-0.5, 1.5) * w), 2) if k % 3 == 0 else
                                    round(float(y + rng.uniform(-0.5, 1.5) * h), 2) if k % 3 == 1 else 0.5
                                    for k in range(51)]
        for _ in range(int(rng.integers(1, 4))):
            g = person(rng, aid, img, float(rng.uniform(40, 250)))
            aid += 1
            anns.append(g)
            res.append(detection(rng, g, float(rng.uniform(0.01, 0.3))))
    return {'images': images(10), 'annotations': anns, 'categories': categories(1)}, res


@case
def people_without_keypoints():
    """num_keypoints = 0 people (ignored; OKS by distance to the box doubled) next to labelled ones."""
    rng = np.random.default_rng(8)
    anns, res = [], []
    aid = 1
    for img in range(1, 9):
        for j in range(4):
            labelled = j % 2 == 0
            g = person(rng, aid, img, float(rng.uniform(30, 300)), p_vis=(0.1, 0.2, 0.7) if labelled else (1, 0, 0))
            aid += 1
            anns.append(g)
            res.append(detection(rng, g, float(rng.uniform(0.01, 0.4))))
            if not labelled:
                # one detection far outside the doubled box, one straddling its edge
                x, y, w, h = g['bbox']
                res.append({'image_id': img, 'category_id': 1, 'score': round(float(rng.uniform(0, 1)), 4),
                            'keypoints': [round(float(x + 3 * w), 2) if k % 3 == 0 else round(float(y - h), 2) if k % 3 == 1 else 1
                                          for k in range(51)]})
                res.append({'image_id': img, 'category_id': 1, 'score': round(float(rng.uniform(0, 1)), 4),
                            'keypoints': [round(float(x + rng.uniform(-1.5, 2.5) * w), 2) if k % 3 == 0 else
                                          round(float(y + rng.uniform(-1.5, 2.5) * h), 2) if k % 3 == 1 else 1 for k in range(51)]})
    return {'images': images(8), 'annotations': anns, 'categories': categories(1)}, res


@case
def num_keypoints_disagrees():
    """num_keypoints > 0 with every v = 0 (not ignored, OKS by box distance) and num_keypoints = 0 with v > 0."""
    rng = np.random.default_rng(9)
    anns, res = [], []
    for img in range(1, 7):
        a = person(rng, 2 * img - 1, img, 120, p_vis=(1, 0, 0))
        a['num_keypoints'] = 5
        b = person(rng, 2 * img, img, 160)
        b['num_keypoints'] = 0
        anns += [a, b]
        res += [detection(rng, a, 0.1), detection(rng, b, 0.05), detection(rng, b, 0.2)]
    return {'images': images(6), 'annotations': anns, 'categories': categories(1)}, res


@case
def images_without_detections_or_gt():
    rng = np.random.default_rng(10)
    anns, res = [], []
    aid = 1
    for img in range(1, 13):
        kind = img % 4  # 0: GT only, 1: detections only, 2: both, 3: neither
        if kind in (0, 2):
            for _ in range(3):
                g = person(rng, aid, img, float(rng.uniform(40, 300)))
                aid += 1
                anns.append(g)
                if kind == 2:
                    res.append(detection(rng, g, 0.08))
        if kind == 1:
            res += [stray(rng, img) for _ in range(3)]
    return {'images': images(12), 'annotations': anns, 'categories': categories(1)}, res


@case
def more_than_20_detections():
    """30–45 detections per image: only the 20 best-scored count; good ones ranked low are cut."""
    rng = np.random.default_rng(11)
    anns, res = [], []
    aid = 1
    for img in range(1, 6):
        gts = []
        for _ in range(6):
            g = person(rng, aid, img, float(rng.uniform(60, 300)))
            aid += 1
            gts.append(g)
        anns += gts
        for k in range(int(rng.integers(30, 46))):
            g = gts[k % len(gts)]
            d = detection(rng, g, float(rng.uniform(0.01, 0.5)))
            d['score'] = round(float(rng.uniform(0, 1)), 4) if k % 5 else round(float(rng.uniform(0, 0.2)), 4)
            res.append(d)
    rng.shuffle(res)
    return {'images': images(5), 'annotations': anns, 'categories': categories(1)}, res


@case
def several_categories():
    """GT categories 1 and 3 (both with keypoints); results of categories 1, 3 and 7 (7 is not in the GT)."""
    rng = np.random.default_rng(12)
    anns, res = [], []
    aid = 1
    for img in range(1, 9):
        for cat in (1, 3, 1, 3, 3):
            if rng.uniform() < 0.3:
                continue
            g = person(rng, aid, img, float(rng.uniform(40, 300)), cat=cat)
            aid += 1
            anns.append(g)
            res.append(detection(rng, g, float(rng.uniform(0.01, 0.3))))
            if rng.uniform() < 0.4:
                res.append(detection(rng, g, 0.05, cat=7))
            if rng.uniform() < 0.3:
                res.append(detection(rng, g, 0.05, cat=1 if cat == 3 else 3))
    return {'images': images(8), 'annotations': anns, 'categories': categories(3, 1)}, res


@case
def category_two_only():
    """Only category 2 in the GT: category-1 results are never looked at."""
    gt, res = random_set(13, 10, 4)
    for a in gt['annotations']:
        a['category_id'] = 2
    for r in res[::2]:
        r['category_id'] = 2
    gt['categories'] = categories(2)
    return gt, res


@case
def annotations_outside_category_list():
    """GT annotations of a category missing from 'categories' are dropped."""
    gt, res = random_set(14, 10, 4)
    for a in gt['annotations'][::3]:
        a['category_id'] = 2
    for r in res[::4]:
        r['category_id'] = 2
    return gt, res


@case
def annotation_id_zero():
    """A GT annotation with id 0: pycocotools stores the matched GT id as the match flag, so a
    detection matched to it counts as unmatched (a false positive)."""
    rng = np.random.default_rng(15)
    anns, res = [], []
    for img in range(1, 4):
        for j in range(3):
            g = person(rng, (img - 1) * 3 + j, img, float(rng.uniform(80, 300)))
            anns.append(g)
            res.append(detection(rng, g, 0.03))
    return {'images': images(3), 'annotations': anns, 'categories': categories(1)}, res


@case
def results_with_bbox():
    """Results carrying a 'bbox': loadRes takes its bbox branch, area = w·h of that box."""
    gt, res = random_set(16, 12, 4)
    rng = np.random.default_rng(16)
    for r in res:
        k = r['keypoints']
        x0, x1, y0, y1 = min(k[0::3]), max(k[0::3]), min(k[1::3]), max(k[1::3])
        r['bbox'] = [x0, y0, round((x1 - x0) * float(rng.uniform(0.3, 2.0)), 2), round((y1 - y0) * float(rng.uniform(0.3, 2.0)), 2)]
    return gt, res


@case
def first_result_has_empty_bbox():
    """The first result has 'bbox': [] so loadRes takes the keypoint branch for all (others' boxes unused)."""
    gt, res = results_with_bbox()
    res[0]['bbox'] = []
    return gt, res


@case
def ignore_field_is_overwritten():
    """A GT 'ignore' field is replaced by iscrowd / num_keypoints = 0."""
    gt, res = random_set(17, 10, 4)
    for a in gt['annotations'][::2]:
        a['ignore'] = 1
    return gt, res


@case
def duplicates_and_degenerate():
    """Identical duplicate detections, a detection with every keypoint on one point (area 0), a GT of
    area 0, and detections with negative coordinates."""
    rng = np.random.default_rng(18)
    anns, res = [], []
    aid = 1
    for img in range(1, 6):
        for _ in range(3):
            g = person(rng, aid, img, float(rng.uniform(40, 300)))
            aid += 1
            anns.append(g)
            d = detection(rng, g, 0.05)
            res += [d, copy.deepcopy(d)]
        p = [anns[-1]['keypoints'][0], anns[-1]['keypoints'][1]]
        res.append({'image_id': img, 'category_id': 1, 'keypoints': [p[k % 3] if k % 3 < 2 else 1 for k in range(51)], 'score': 0.5})
        neg = detection(rng, anns[-2], 0.1)
        neg['keypoints'] = [-abs(v) if k % 3 < 2 else v for k, v in enumerate(neg['keypoints'])]
        res.append(neg)
    anns[0]['area'] = 0
    exact = copy.deepcopy(anns[0])
    res.append({'image_id': exact['image_id'], 'category_id': 1, 'keypoints': exact['keypoints'], 'score': 0.99})
    return {'images': images(5), 'annotations': anns, 'categories': categories(1)}, res


@case
def no_gt_annotations():
    gt, res = random_set(19, 5, 3)
    gt['annotations'] = []
    return gt, res


@case
def only_ignored_gt():
    gt, res = random_set(20, 6, 4)
    for a in gt['annotations']:
        a['iscrowd'] = 1
    return gt, res


@case
def empty_results():
    gt, _ = random_set(21, 5, 3)
    return gt, []


@case
def empty_results_no_images():
    return {'images': [], 'annotations': [], 'categories': categories(1)}, []


@case
def unknown_image_id():
    gt, res = random_set(22, 5, 3)
    res.append(stray(np.random.default_rng(22), 999))
    return gt, res


@case
def image_ids_not_consecutive():
    """Image ids in any order and far apart; annotations listed in shuffled order."""
    gt, res = random_set(23, 15, 4)
    remap = {img['id']: int(v) for img, v in zip(gt['images'], np.random.default_rng(23).permutation(10 ** 6)[:15] + 5)}
    for x in gt['images']:
        x['id'] = remap[x['id']]
    for x in gt['annotations'] + res:
        x['image_id'] = remap[x['image_id']]
    rng = np.random.default_rng(24)
    rng.shuffle(gt['images'])
    rng.shuffle(gt['annotations'])
    return gt, res


def evaluate(COCO, COCOeval, gt, res, want_ious):
    coco = COCO()
    coco.dataset = copy.deepcopy(gt)
    coco.createIndex()
    out = {}
    try:
        dt = coco.loadRes(copy.deepcopy(res))
    except Exception as e:  # pycocotools' own verdict on the input
        out['error'] = '%s: %s' % (type(e).__name__, e)
        if res:
            return out
        # Empty results: build the empty result set the way loadRes would have.
        dt = COCO()
        dt.dataset['images'] = [img for img in coco.dataset['images']]
        dt.dataset['categories'] = copy.deepcopy(coco.dataset['categories'])
        dt.dataset['annotations'] = []
        dt.createIndex()
    E = COCOeval(coco, dt, 'keypoints')
    E.evaluate()
    E.accumulate()
    E.summarize()
    out['stats'] = [float(s) for s in E.stats]
    if want_ious:
        out['ious'] = {'%d,%d' % k: np.asarray(v).tolist() for k, v in E.ious.items() if len(v)}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cocoapi', default='/work/release/cocoapi')
    ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cocoeval'))
    args = ap.parse_args()
    COCO, COCOeval = release_code.pycocotools(args.cocoapi)
    expected = {}
    for name, make in CASES.items():
        gt, res = make()
        d = os.path.join(args.out, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'gt.json'), 'w') as f:
            json.dump(gt, f)
        with open(os.path.join(d, 'results.json'), 'w') as f:
            json.dump(res, f)
        with contextlib.redirect_stdout(io.StringIO()):
            expected[name] = evaluate(COCO, COCOeval, gt, res, name in ('random_small', 'people_without_keypoints',
                                                                          'duplicates_and_degenerate', 'crowd_regions'))
        print(name, expected[name].get('stats'), expected[name].get('error', ''))
    p = COCOeval(iouType='keypoints').params
    expected['_params'] = {'iouThrs': p.iouThrs.tolist(), 'recThrs': p.recThrs.tolist(),
                           'kpt_oks_sigmas': p.kpt_oks_sigmas.tolist()}
    with open(os.path.join(args.out, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)


if __name__ == '__main__':
    main()
