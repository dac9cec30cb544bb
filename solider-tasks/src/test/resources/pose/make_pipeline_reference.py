#!/usr/bin/env python3
"""Reference numbers for the top-down pose pipeline, computed by the release's own code (mmpose 0.25
in SOLIDER-HumanPose) with cv2 and torch. Run by hand; the tests only read what it wrote:

    /usr/bin/python3 make_pipeline_reference.py [--release /work/release/SOLIDER-HumanPose]
        [--cocoapi /work/release/cocoapi] [--out .]

Writes ``pipeline_reference.json`` (sections below) and PNG images under ``warp/``.

* ``targets``: TopDownGenerateTarget(sigma=2) (MSRA) on joint sets with every boundary case; the
  heatmaps are stored sparsely (flat index, value) since all else is 0.
* ``loss``: JointsMSELoss(use_target_weight=True) value and the autograd gradient w.r.t. the output.
* ``xywh2cs``: TopDownCocoDataset._xywh2cs in test mode, and in train mode with scripted uniform draws.
* ``gt_boxes`` / ``det_boxes``: _load_coco_keypoint_annotations / _load_coco_person_detection_results.
* ``affine``: get_affine_transform (cv2.getAffineTransform) matrices, forward and inverse.
* ``warps``: cv2.warpAffine(INTER_LINEAR) of ``warp/source_*.png`` for several centre/scale/rotation;
  outputs ``warp/out_N.png``.
* ``flip``, ``half_body``, ``scale_rotation``, ``affine_joints``, ``train_pipeline``: the train
  transforms with scripted random draws (np.random.rand / randn replaced by queues of given values,
  so the Java code, given the same values, must give the same results).
* ``normalize``: ToTensor + NormalizeTensor (ImageNet) for every 8-bit value.
* ``decode``: keypoints_from_heatmaps(post_process='default') on constructed heatmaps.
* ``flip_test``: flip_back + 1-pixel shift + average, as TopDown.forward_test.
* ``argsort``: numpy's default (quicksort) argsort on tie-heavy arrays (OKS-NMS orders by it);
  ``argsort_heapsort``: its heapsort fallback (``kind='heapsort'``).
* ``evaluate``: TopDownCocoDataset.evaluate's rescoring + oks_nms, the results list it writes.
"""
import argparse
import copy
import json
import os
import tempfile

import cv2
import numpy as np
import torch

import release_code

ANN_INFO = None


class Script:
    """np.random.rand / randn answering from given queues (and recording how many were drawn)."""

    def __init__(self, uniforms=(), normals=()):
        self.u = list(uniforms)
        self.n = list(normals)

    def __enter__(self):
        self.rand, self.randn = np.random.rand, np.random.randn
        np.random.rand = self._rand
        np.random.randn = self._randn
        return self

    def __exit__(self, *a):
        np.random.rand, np.random.randn = self.rand, self.randn
        assert not self.u and not self.n, 'unused scripted draws: %s %s' % (self.u, self.n)

    def _rand(self, *shape):
        if shape:
            return np.array([self.u.pop(0) for _ in range(int(np.prod(shape)))]).reshape(shape)
        return self.u.pop(0)

    def _randn(self, *shape):
        assert not shape
        return self.n.pop(0)


def f32list(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64).ravel().tolist()


def targets(ns, rng):
    gen = ns.transforms.TopDownGenerateTarget(sigma=2)
    sets = []
    # Joints exactly on the rounding boundaries (x/4 + 0.5 integral), just off them, at the crop edges,
    # partly and wholly outside, negative (int() truncates toward 0), invisible.
    xs = [-2.0, -2.01, -1.99, -6.0, -25.9, -26.1, 0.0, 1.99, 2.0, 6.0, 286.0, 287.9, 290.0, 311.9, 312.1, 330.0, 143.5]
    ys = [-2.0, 383.0, 384.0, 406.0, 409.9, 410.1, -26.0, -25.99, 190.0, 2.0, 1.0, 100.25, 200.75, 30.0, 381.99, 5.5, -1.0]
    v = [1] * 17
    v[16] = 0
    sets.append((xs, ys, v))
    for _ in range(5):
        xs = rng.uniform(-40, 330, 17).round(3).tolist()
        ys = rng.uniform(-40, 430, 17).round(3).tolist()
        v = (rng.uniform(size=17) < 0.8).astype(int).tolist()
        sets.append((xs, ys, v))
    out = []
    for xs, ys, v in sets:
        j = np.zeros((17, 3), np.float32)
        j[:, 0], j[:, 1] = xs, ys
        vis = np.zeros((17, 3), np.float32)
        vis[:, 0] = vis[:, 1] = v
        r = gen({'joints_3d': j, 'joints_3d_visible': vis, 'ann_info': ANN_INFO})
        t = r['target']
        nz = np.flatnonzero(t)
        out.append({'joints': f32list(j[:, :2]), 'visible': v, 'target_weight': f32list(r['target_weight']),
                    'nonzero_index': nz.tolist(), 'nonzero_value': f32list(t.ravel()[nz]), 'shape': list(t.shape)})
    return out


def loss(ns):
    torch.manual_seed(0)
    out = []
    for n, k, h, w in [(2, 17, 8, 6), (3, 5, 4, 7)]:
        pred = torch.randn(n, k, h, w, dtype=torch.float32, requires_grad=True)
        target = torch.rand(n, k, h, w, dtype=torch.float32)
        weight = (torch.rand(n, k, 1) > 0.3).float()
        weight[0, 0, 0] = 0.5  # a non-binary weight, for generality
        value = ns.loss.JointsMSELoss(use_target_weight=True)(pred, target, weight)
        value.backward()
        out.append({'shape': [n, k, h, w], 'loss': float(value), 'pred': f32list(pred.detach()), 'target': f32list(target),
                    'weight': f32list(weight), 'grad': f32list(pred.grad)})
    return out


def dataset(ns, test_mode=True):
    ds = object.__new__(ns.dataset.TopDownCocoDataset)
    ds.ann_info = ANN_INFO
    ds.test_mode = test_mode
    ds.dataset_name = 'coco'
    return ds


def xywh2cs(ns, rng):
    boxes = [[10, 20, 30, 40], [0, 0, 75, 100], [5.5, 7.25, 100, 10], [100.3, 50.7, 0.3, 200.9], [1, 2, 0, 0],
             [-20, -30, 640, 480]] + rng.uniform(-50, 600, (8, 4)).round(2).tolist()
    test = []
    for b in boxes:
        c, s = dataset(ns)._xywh2cs(*b)
        test.append({'box': b, 'center': f32list(c), 'scale': f32list(s)})
    train = []
    for b in boxes[:6] + boxes[-4:]:
        u = rng.uniform(size=3).round(4).tolist()
        u[0] = 0.2 if len(train) % 2 == 0 else 0.31  # jitter drawn (0.2 < 0.3) or not
        draws = u if u[0] < 0.3 else u[:1]
        with Script(uniforms=list(draws)):
            c, s = dataset(ns, test_mode=False)._xywh2cs(*b)
        train.append({'box': b, 'uniforms': draws, 'center': f32list(c), 'scale': f32list(s)})
    return test, train


def gt_boxes(ns):
    ds = dataset(ns)
    gt = {'images': [{'id': 7, 'file_name': 'b.jpg', 'width': 300, 'height': 200},
                     {'id': 3, 'file_name': 'a.jpg', 'width': 640, 'height': 480}],
          'categories': [{'id': 1, 'name': 'person'}], 'annotations': []}
    kp = lambda n: [(10 + 3 * i) if i % 3 < 2 else (2 if i // 3 < n else 0) for i in range(51)]
    anns = [
        (3, [10, 20, 100, 200], 5000, 0, 17), (3, [-10, -5, 50, 60], 100, 0, 3), (3, [600, 400, 100, 100], 1, 0, 2),
        (3, [5, 5, 0.5, 10], 10, 0, 4), (3, [5, 5, 10, 10], 0, 0, 4), (3, [1, 1, 50, 50], 900, 1, 0),
        (3, [1, 1, 50, 50], 900, 0, 0), (7, [20.5, 30.25, 40.75, 80.5], 2000, 0, 17), (7, [290, 190, 30, 30], 400, 0, 5),
        (7, [0, 0, 299, 199], 50000, 0, 9), (7, [3, 3, 1.5, 1.5], 2, 0, 1),
    ]
    for i, (img, box, area, crowd, n) in enumerate(anns):
        gt['annotations'].append({'id': 100 + i, 'image_id': img, 'category_id': 1, 'bbox': box, 'area': area,
                                  'iscrowd': crowd, 'num_keypoints': n, 'keypoints': kp(n)})
    gt['annotations'].append({'id': 200, 'image_id': 7, 'category_id': 1, 'bbox': [5, 5, 50, 50], 'area': 100,
                              'iscrowd': 0, 'num_keypoints': 3, 'keypoints': [0] * 51})
    gt['annotations'].append({'id': 201, 'image_id': 7, 'category_id': 1, 'bbox': [5, 5, 50, 50], 'iscrowd': 0,
                              'num_keypoints': 2, 'keypoints': kp(2)})
    coco = ns.COCO()
    coco.dataset = copy.deepcopy(gt)
    coco.createIndex()
    ds.coco = coco
    ds.img_ids = coco.getImgIds()
    ds.img_prefix = 'img/'
    ds.id2name, ds.name2id = ds._get_mapping_id_name(coco.imgs)
    db = ds._load_coco_keypoint_annotations()
    return {'gt': gt, 'db': [{'image_file': r['image_file'], 'center': f32list(r['center']), 'scale': f32list(r['scale']),
                              'bbox': [float(x) for x in r['bbox']], 'joints': f32list(r['joints_3d'][:, :2]),
                              'visible': f32list(r['joints_3d_visible'][:, 0]), 'bbox_id': r['bbox_id']} for r in db]}


def det_boxes(ns, gt):
    dets = [{'image_id': 3, 'category_id': 1, 'bbox': [10.5, 20.25, 100, 200], 'score': 0.9},
            {'image_id': 7, 'category_id': 1, 'bbox': [0, 0, 3, 1], 'score': 0.0},
            {'image_id': 3, 'category_id': 2, 'bbox': [10, 20, 30, 40], 'score': 0.95},
            {'image_id': 3, 'category_id': 1, 'bbox': [50, 60, 70, 80], 'score': 0.3},
            {'image_id': 7, 'category_id': 1, 'bbox': [1, 2, 3, 4], 'score': 0.29999}]
    out = []
    for thr in (0.0, 0.3):
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
            json.dump(dets, f)
        ds = dataset(ns)
        coco = ns.COCO()
        coco.dataset = copy.deepcopy(gt)
        coco.createIndex()
        ds.img_prefix = 'img/'
        ds.id2name, ds.name2id = ds._get_mapping_id_name(coco.imgs)
        ds.bbox_file = f.name
        ds.det_bbox_thr = thr
        db = ds._load_coco_person_detection_results()
        os.unlink(f.name)
        out.append({'threshold': thr, 'db': [{'image_file': r['image_file'], 'center': f32list(r['center']),
                                              'scale': f32list(r['scale']), 'bbox_score': r['bbox_score'],
                                              'bbox_id': r['bbox_id']} for r in db]})
    return {'dets': dets, 'runs': out}


def affine(ns, rng):
    out = []
    cases = [([144.0, 192.0], [1.44, 1.92], 0, [288, 384]), ([50.5, 60.25], [0.8, 1.0666666], 30.0, [288, 384]),
             ([5, 5], [0, 0], 0, [288, 384]),  # a zero box: cv2 finds the system singular and returns zeros
             ([0, 0], [0.01, 0.01333], -75.5, [72, 96]), ([320, 240], [4.0, 5.3333335], 180, [288, 384])]
    for _ in range(12):
        cases.append((rng.uniform(-50, 700, 2).round(3).tolist(), (rng.uniform(0.05, 5, 2)).round(5).tolist(),
                      float(np.clip(rng.normal(0, 40), -80, 80)) if rng.uniform() < 0.6 else 0,
                      [288, 384] if rng.uniform() < 0.7 else [72, 96]))
    for c, s, r, size in cases:
        c32, s32 = np.array(c, np.float32), np.array(s, np.float32)
        for inv in (False, True):
            t = ns.post.get_affine_transform(c32, s32, r, np.array(size), inv=inv)
            out.append({'center': f32list(c32), 'scale': f32list(s32), 'rotation': float(r), 'size': size,
                        'inverse': inv, 'matrix': t.ravel().tolist()})
    return out


def warps(ns, rng, out_dir):
    os.makedirs(os.path.join(out_dir, 'warp'), exist_ok=True)
    # A noisy source (stresses the interpolation weights) and a smooth one.
    noisy = rng.integers(0, 256, (150, 110, 3), dtype=np.uint8)
    yy, xx = np.mgrid[0:300, 0:220]
    smooth = np.stack([(xx * 255 / 219), (yy * 255 / 299), ((xx + yy) % 64) * 4], axis=2).astype(np.uint8)
    sources = {'noisy': noisy, 'smooth': smooth}
    for name, img in sources.items():
        cv2.imwrite(os.path.join(out_dir, 'warp', 'source_%s.png' % name), img[:, :, ::-1])  # stored as RGB
    cases = [('noisy', [55, 75], [0.5, 0.6666667], 0, [72, 96]), ('noisy', [10.3, 140.7], [0.4, 0.53333], 37.5, [72, 96]),
             ('noisy', [200, -20], [1.5, 2.0], -80, [72, 96]), ('noisy', [55, 75], [0.1, 0.13333], 12, [72, 96]),
             ('noisy', [54.5, 74.5], [0.36, 0.48], 0, [72, 96]), ('noisy', [55, 75], [1.0, 1.3333334], 90, [96, 128]),
             ('smooth', [110, 150], [1.1, 1.4666667], 0, [288, 384]), ('smooth', [30.25, 260.5], [0.9, 1.2], -23.7, [288, 384]),
             ('smooth', [110, 150], [0.55, 0.73333335], 180, [288, 384])]
    out = []
    for i, (src, c, s, r, size) in enumerate(cases):
        t = ns.post.get_affine_transform(np.array(c, np.float32), np.array(s, np.float32), r, np.array(size))
        w = cv2.warpAffine(sources[src], t, (int(size[0]), int(size[1])), flags=cv2.INTER_LINEAR)
        cv2.imwrite(os.path.join(out_dir, 'warp', 'out_%d.png' % i), w[:, :, ::-1])
        out.append({'source': 'source_%s.png' % src, 'center': c, 'scale': s, 'rotation': r, 'size': size,
                    'output': 'out_%d.png' % i, 'matrix': t.ravel().tolist()})
    return out


def flip(ns, rng):
    out = []
    for k in range(4):
        j = np.zeros((17, 3), np.float32)
        j[:, :2] = rng.uniform(0, 100, (17, 2)).round(2)
        vis = np.zeros((17, 3), np.float32)
        vis[:, :2] = (rng.uniform(size=(17, 1)) < 0.7)
        img = rng.integers(0, 256, (20, 31, 3), dtype=np.uint8)
        center = np.array([12.5, 7.25], np.float32)
        u = [0.5 if k == 0 else 0.51 if k == 1 else round(float(rng.uniform()), 4)]
        res = {'img': img, 'joints_3d': j.copy(), 'joints_3d_visible': vis.copy(), 'center': center.copy(), 'ann_info': ANN_INFO}
        with Script(uniforms=u):
            res = ns.transforms.TopDownRandomFlip(flip_prob=0.5)(res)
        out.append({'width': 31, 'uniform': u[0], 'joints': f32list(j[:, :2]), 'visible': f32list(vis[:, 0]),
                    'center_in': f32list(center), 'flipped': bool(res['flipped']), 'out_joints': f32list(res['joints_3d'][:, :2]),
                    'out_joints_z': f32list(res['joints_3d'][:, 2]), 'out_visible': f32list(res['joints_3d_visible'][:, 0]),
                    'out_center': f32list(res['center']),
                    'image_row0_in': img[0].ravel().tolist(), 'image_row0_out': np.ascontiguousarray(res['img'][0]).ravel().tolist()})
    return out


def half_body(ns, rng):
    out = []
    specs = [(17, 0.1, -0.3), (17, 0.1, 0.7), (9, 0.29, 1.5), (9, 0.3, 0.0), (8, None, None), (12, 0.05, -2.0),
             (10, 0.2, 0.2)]
    for n_vis, u, g in specs:
        j = np.zeros((17, 3), np.float32)
        j[:, :2] = rng.uniform(0, 300, (17, 2)).round(3)
        vis = np.zeros((17, 3), np.float32)
        idx = rng.permutation(17)[:n_vis]
        if n_vis == 9 and u == 0.29:
            idx = np.array([0, 1, 2, 3, 4, 5, 11, 12, 13])  # upper has 6, lower 3
        if n_vis == 10:
            idx = np.array([0, 11, 12, 13, 14, 15, 16, 5, 6, 7])  # upper 4, lower 6
        vis[idx, :2] = 1
        c, s = np.array([150, 150], np.float32), np.array([1.0, 1.3333334], np.float32)
        res = {'joints_3d': j, 'joints_3d_visible': vis, 'center': c, 'scale': s, 'ann_info': ANN_INFO}
        uni = [] if u is None else [u]
        nor = [g] if (u is not None and u < 0.3) else []
        with Script(uniforms=uni, normals=nor):
            res = ns.transforms.TopDownHalfBodyTransform(num_joints_half_body=8, prob_half_body=0.3)(res)
        out.append({'joints': f32list(j[:, :2]), 'visible': f32list(vis[:, 0]), 'uniforms': uni, 'normals': nor,
                    'center': f32list(res['center']), 'scale': f32list(res['scale'])})
    return out


def scale_rotation(ns, rng):
    out = []
    for n1, n2, u in [(0.3, 0.5, 0.2), (2.0, -3.0, 0.6), (-1.5, 2.5, 0.61), (0.0, 0.0, 0.0), (-0.99, -1.99, 0.9)] + \
            [(float(rng.normal()), float(rng.normal()), float(rng.uniform())) for _ in range(5)]:
        s = np.array([1.23, 1.64], np.float32)
        with Script(uniforms=[u], normals=[n1, n2]):
            res = ns.transforms.TopDownGetRandomScaleRotation(rot_factor=40, scale_factor=0.5)({'scale': s.copy()})
        out.append({'normals': [n1, n2], 'uniform': u, 'scale_in': f32list(s), 'scale': f32list(res['scale']),
                    'rotation': float(res['rotation'])})
    return out


def affine_joints(ns, rng):
    out = []
    for _ in range(6):
        j = np.zeros((17, 3), np.float32)
        j[:, :2] = rng.uniform(-20, 400, (17, 2)).round(3)
        vis = np.zeros((17, 3), np.float32)
        vis[:, :2] = (rng.uniform(size=(17, 1)) < 0.8)
        c = rng.uniform(50, 300, 2).astype(np.float32)
        s = rng.uniform(0.5, 3, 2).astype(np.float32)
        r = float(np.clip(rng.normal(0, 40), -80, 80))
        res = {'img': np.zeros((8, 8, 3), np.uint8), 'joints_3d': j.copy(), 'joints_3d_visible': vis, 'center': c,
               'scale': s, 'rotation': r, 'ann_info': ANN_INFO}
        res = ns.transforms.TopDownAffine()(res)
        out.append({'joints': f32list(j[:, :2]), 'visible': f32list(vis[:, 0]), 'center': f32list(c), 'scale': f32list(s),
                    'rotation': r, 'out_joints': f32list(res['joints_3d'][:, :2])})
    return out


def train_pipeline(ns, rng, out_dir):
    """Flip → half body → scale/rotation → affine → target on the smooth source, scripted draws."""
    img = cv2.imread(os.path.join(out_dir, 'warp', 'source_smooth.png'))[:, :, ::-1].copy()
    h, w = img.shape[:2]
    out = []
    for k, (u_flip, u_half, n_half, n_s, n_r, u_r) in enumerate([(0.4, 0.2, 0.1, 0.5, 0.7, 0.3), (0.6, 0.9, None, -0.5, 1.0, 0.7),
                                                                 (0.2, 0.5, None, 1.2, -2.5, 0.1)]):
        j = np.zeros((17, 3), np.float32)
        j[:, :2] = np.stack([rng.uniform(40, 180, 17), rng.uniform(30, 280, 17)], 1).round(2)
        vis = np.zeros((17, 3), np.float32)
        vis[:, :2] = 1
        vis[[3, 9], :2] = 0
        j[[3, 9], :2] = 0
        c = np.array([110.5, 150.25], np.float32)
        s = np.array([1.1, 1.4666667], np.float32)
        uni = [u_flip, u_half] + ([] if n_half is None else []) + [u_r]
        nor = ([] if u_half >= 0.3 else [n_half]) + [n_s, n_r]
        res = {'img': img.copy(), 'joints_3d': j.copy(), 'joints_3d_visible': vis.copy(), 'center': c.copy(),
               'scale': s.copy(), 'rotation': 0, 'ann_info': ANN_INFO}
        with Script(uniforms=uni, normals=nor):
            res = ns.transforms.TopDownRandomFlip(flip_prob=0.5)(res)
            res = ns.transforms.TopDownHalfBodyTransform(num_joints_half_body=8, prob_half_body=0.3)(res)
            res = ns.transforms.TopDownGetRandomScaleRotation(rot_factor=40, scale_factor=0.5)(res)
        res = ns.transforms.TopDownAffine()(res)
        warped = res['img']
        cv2.imwrite(os.path.join(out_dir, 'warp', 'train_%d.png' % k), np.ascontiguousarray(warped[:, :, ::-1]))
        res = ns.transforms.TopDownGenerateTarget(sigma=2)(res)
        t = res['target']
        nz = np.flatnonzero(t)
        out.append({'joints': f32list(j[:, :2]), 'visible': f32list(vis[:, 0]), 'center': f32list(c), 'scale': f32list(s),
                    'uniforms': uni, 'normals': nor, 'flipped': bool(res['flipped']), 'out_center': f32list(res['center']),
                    'out_scale': f32list(res['scale']), 'rotation': float(res['rotation']),
                    'out_joints': f32list(res['joints_3d'][:, :2]), 'out_visible': f32list(res['joints_3d_visible'][:, 0]),
                    'image': 'train_%d.png' % k, 'target_weight': f32list(res['target_weight']),
                    'nonzero_index': nz.tolist(), 'nonzero_value': f32list(t.ravel()[nz])})
    return out


def normalize():
    import torch.nn.functional  # noqa: F401
    v = torch.arange(256, dtype=torch.uint8).reshape(1, 1, 256).repeat(3, 1, 1)
    x = v.to(torch.float32).div(255)
    mean = torch.as_tensor([0.485, 0.456, 0.406], dtype=torch.float32)
    std = torch.as_tensor([0.229, 0.224, 0.225], dtype=torch.float32)
    x = x.sub(mean[:, None, None]).div(std[:, None, None])
    return f32list(x)


def heatmap_set(rng, n, k, h, w):
    hm = np.zeros((n, k, h, w), np.float32)
    yy, xx = np.mgrid[0:h, 0:w]
    for a in range(n):
        for b in range(k):
            cx, cy = rng.uniform(-1, w), rng.uniform(-1, h)
            amp = rng.uniform(-0.1, 1.2)
            hm[a, b] = amp * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rng.uniform(1, 3) ** 2)) + \
                rng.normal(0, 0.02, (h, w))
    return hm


def decode(ns, rng):
    out = []
    # Constructed maxima: at every border distance, equal neighbours, plateaus (first maximum wins),
    # all-negative and all-zero maps (maxval <= 0 gives -1), and random smooth maps.
    h, w = 12, 9
    special = np.full((1, 17, h, w), -0.5, np.float32)
    pos = [(0, 0), (1, 1), (2, 2), (w - 2, h - 2), (w - 1, h - 1), (w - 3, 1), (1, h - 3), (4, 5), (4, 5), (4, 5),
           (2, 6), (6, 2), (3, 3), (5, 7), (7, 5), (0, 6), (4, 0)]
    for k, (x, y) in enumerate(pos):
        special[0, k, y, x] = 1.0
        if k == 7:
            special[0, k, y, x - 1] = special[0, k, y, x + 1] = 0.5  # equal neighbours: no x shift
        if k == 8:
            special[0, k, y, x + 1] = 1.0  # plateau: the first maximum (row-major) wins
        if k == 9:
            special[0, k] = -0.25  # everything negative: maxval <= 0, coordinates -1
            special[0, k, y, x] = -0.1
        if k == 10:
            special[0, k] = 0
        if k == 11:
            special[0, k, y + 1, x] = 0.9
            special[0, k, y - 1, x] = 0.2
            special[0, k, y, x + 1] = 0.3
            special[0, k, y, x - 1] = 0.6
    sets = [special, heatmap_set(rng, 3, 17, h, w), heatmap_set(rng, 2, 17, 24, 18)]
    for hm in sets:
        n = hm.shape[0]
        c = rng.uniform(50, 600, (n, 2)).astype(np.float32)
        s = rng.uniform(0.3, 4, (n, 2)).astype(np.float32)
        preds, maxvals = ns.eval.keypoints_from_heatmaps(hm, c, s, unbiased=False, post_process='default', kernel=11,
                                                         valid_radius_factor=0.0546875, use_udp=False,
                                                         target_type='GaussianHeatmap')
        out.append({'shape': list(hm.shape), 'heatmaps': f32list(hm), 'center': f32list(c), 'scale': f32list(s),
                    'preds': f32list(preds), 'maxvals': f32list(maxvals)})
    return out


def flip_test(ns, rng):
    pairs = ns.dataset_info.flip_pairs
    a = rng.normal(0, 1, (2, 17, 6, 5)).astype(np.float32)
    b = rng.normal(0, 1, (2, 17, 6, 5)).astype(np.float32)
    back = ns.post.flip_back(b.copy(), pairs, target_type='GaussianHeatmap')
    back[:, :, :, 1:] = back[:, :, :, :-1]  # shift_heatmap=True, as in inference_model
    merged = (a + back) * 0.5
    return {'shape': list(a.shape), 'original': f32list(a), 'flipped_output': f32list(b), 'merged': f32list(merged)}


def argsort_cases(rng):
    out = []
    for n in [1, 2, 5, 15, 16, 17, 18, 30, 64, 100, 257]:
        for levels in (2, 5, 1000):
            a = rng.integers(0, levels, n).astype(np.float64) / levels
            out.append({'values': a.tolist(), 'order': np.argsort(a).tolist()})
    return out


def heapsort_cases():
    """np.argsort(kind='heapsort'): the fallback NumPy's quicksort switches to past its depth limit."""
    rng = np.random.default_rng(7)
    out = []
    for n in [1, 2, 3, 7, 16, 33, 100]:
        a = rng.integers(0, 4, n).astype(np.float64)
        out.append({'values': a.tolist(), 'order': np.argsort(a, kind='heapsort').tolist()})
    return out


def evaluate(ns, rng):
    """Rescoring and OKS-NMS as TopDownCocoDataset.evaluate does them; returns the results it writes."""
    ds = dataset(ns)
    ds.img_prefix = 'img/'
    names = {i: '%012d.jpg' % i for i in (4, 9, 2, 11)}
    ds.name2id = {v: k for k, v in names.items()}
    ds.vis_thr, ds.oks_thr, ds.use_nms, ds.soft_nms = 0.2, 0.9, True, False
    ds.sigmas = ns.dataset_info.sigmas
    ds.classes = ['__background__', 'person']
    ds._class_to_coco_ind = {'person': 1}
    captured = {}

    def fake_eval(res_file):
        with open(res_file) as f:
            captured['results'] = json.load(f)
        return []

    ds._do_python_keypoint_eval = fake_eval
    people = []
    bbox_id = 0
    for img in (4, 9, 2, 11):
        n = {4: 6, 9: 20, 2: 3, 11: 22}[img]
        base = rng.uniform(50, 400, (4, 17, 2))
        for p in range(n):
            kp = np.zeros((17, 3), np.float32)
            src = base[p % 4]
            kp[:, :2] = src + rng.normal(0, [0.5, 2, 8, 30][p % 4] * (1 + p // 4), (17, 2))
            kp[:, 2] = rng.uniform(0, 1, 17)
            if p % 7 == 3 or img == 11:
                kp[:, 2] = rng.uniform(0, 0.2, 17)  # no keypoint above vis_thr: score 0 (image 11: 22 tied zeros)
            if p % 5 == 1:
                kp[:, 2] = np.round(kp[:, 2], 1)
            if p % 6 == 2:
                kp[rng.integers(0, 17, 3), 2] = 0.2  # exactly vis_thr (not counted)
            c = rng.uniform(100, 300, 2)
            s = rng.uniform(0.5, 2.5, 2)
            score = [0.9, 0.5, 0.5, 1.0][p % 4] if img == 9 else rng.uniform(0.3, 1)
            people.append((img, kp, c, s, score, bbox_id))
            bbox_id += 1
    # a repeated bbox_id (as from padded distributed batches), removed by _sort_and_unique_bboxes
    people.append(copy.deepcopy(people[2]))
    order = rng.permutation(len(people))
    results = []
    for chunk in np.array_split(order, 5):
        preds = np.stack([people[i][1] for i in chunk]).astype(np.float32)
        boxes = np.zeros((len(chunk), 6), np.float32)
        for r, i in enumerate(chunk):
            img, kp, c, s, score, bid = people[i]
            boxes[r, 0:2], boxes[r, 2:4] = c, s
            boxes[r, 4] = np.prod(s * 200.0)
            boxes[r, 5] = score
        results.append({'preds': preds, 'boxes': boxes, 'image_paths': ['img/' + names[people[i][0]] for i in chunk],
                        'bbox_ids': [people[i][5] for i in chunk]})
    with tempfile.TemporaryDirectory() as d:
        ds.evaluate(copy.deepcopy(results), res_folder=d)
    inputs = [{'preds': f32list(r['preds']), 'boxes': f32list(r['boxes']), 'image_ids': [ds.name2id[p[4:]] for p in r['image_paths']],
               'bbox_ids': r['bbox_ids']} for r in results]
    return {'inputs': inputs, 'results': captured['results']}


def main():
    global ANN_INFO
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--release', default='/work/release/SOLIDER-HumanPose')
    ap.add_argument('--cocoapi', default='/work/release/cocoapi')
    ap.add_argument('--out', default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    ns = release_code.mmpose(args.release, args.cocoapi)
    info = ns.dataset_info
    ANN_INFO = {'image_size': np.array([288, 384]), 'heatmap_size': np.array([72, 96]), 'num_joints': 17,
                'flip_pairs': info.flip_pairs, 'upper_body_ids': info.upper_body_ids,
                'lower_body_ids': info.lower_body_ids, 'joint_weights': info.joint_weights,
                'use_different_joint_weights': False}
    rng = np.random.default_rng(2023)
    ref = {}
    ref['targets'] = targets(ns, rng)
    ref['loss'] = loss(ns)
    ref['xywh2cs_test'], ref['xywh2cs_train'] = xywh2cs(ns, rng)
    ref['gt_boxes'] = gt_boxes(ns)
    ref['det_boxes'] = det_boxes(ns, ref['gt_boxes']['gt'])
    ref['affine'] = affine(ns, rng)
    ref['warps'] = warps(ns, rng, args.out)
    ref['flip'] = flip(ns, rng)
    ref['half_body'] = half_body(ns, rng)
    ref['scale_rotation'] = scale_rotation(ns, rng)
    ref['affine_joints'] = affine_joints(ns, rng)
    ref['train_pipeline'] = train_pipeline(ns, rng, args.out)
    ref['normalize'] = normalize()
    ref['decode'] = decode(ns, rng)
    ref['flip_test'] = flip_test(ns, rng)
    ref['argsort'] = argsort_cases(rng)
    ref['argsort_heapsort'] = heapsort_cases()
    ref['evaluate'] = evaluate(ns, rng)
    ref['flip_pairs'] = info.flip_pairs
    ref['upper_body_ids'] = info.upper_body_ids
    ref['sigmas'] = info.sigmas.tolist()
    with open(os.path.join(args.out, 'pipeline_reference.json'), 'w') as f:
        json.dump(ref, f)
    for k, v in ref.items():
        print(k, len(v) if hasattr(v, '__len__') else v)


if __name__ == '__main__':
    main()
