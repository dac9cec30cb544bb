"""Imports the release's own code for the pose reference scripts (never run by the tests).

* pycocotools (``cocoapi/PythonAPI``): its C extension ``_mask`` is not built; keypoint OKS needs
  no masks, so a stub module stands in for it. NumPy 1.24 removed ``np.float``, which
  ``COCOeval.accumulate`` still uses; the alias is restored (it was the built-in ``float``).
* mmpose 0.25 (``SOLIDER-HumanPose``): the package ``__init__`` files import mmcv, xtcocotools and
  json_tricks, which are not installed. The few files the references need are loaded one by one
  from the release checkout under their own module names, with small stand-ins for the imports they
  do not use (registries, ``DatasetInfo`` is the release's own file).
"""
import importlib.util
import os
import sys
import types

import numpy as np


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__path__ = []  # lets it act as a package
    for k, v in attrs.items():
        setattr(m, k, v)
    sys.modules[name] = m
    return m


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def pycocotools(cocoapi):
    """(COCO, COCOeval) from ``cocoapi/PythonAPI/pycocotools``."""
    if not hasattr(np, 'float'):
        np.float = float
    def _no_masks(*a, **k):
        raise NotImplementedError('pycocotools._mask is stubbed: masks are not needed for keypoint OKS')
    _module('pycocotools._mask', iou=_no_masks, merge=_no_masks, frPyObjects=_no_masks, encode=_no_masks,
            decode=_no_masks, area=_no_masks, toBbox=_no_masks)
    sys.path.insert(0, os.path.join(cocoapi, 'PythonAPI'))
    import pycocotools.coco as coco
    import pycocotools.cocoeval as cocoeval
    return coco.COCO, cocoeval.COCOeval


class _Registry:
    def register_module(self, *a, **k):
        return lambda cls: cls


def mmpose(root, cocoapi):
    """A namespace with the release's pose functions and classes (loaded from ``root/mmpose``)."""
    m = os.path.join(root, 'mmpose')
    COCO, COCOeval = pycocotools(cocoapi)
    for pkg in ['mmpose', 'mmpose.core', 'mmpose.core.evaluation', 'mmpose.datasets', 'mmpose.datasets.datasets',
                'mmpose.datasets.datasets.top_down', 'mmpose.datasets.datasets.base', 'mmpose.models',
                'mmpose.models.losses']:
        _module(pkg)
    post = _module('mmpose.core.post_processing')
    pt = _load('mmpose.core.post_processing.post_transforms', os.path.join(m, 'core/post_processing/post_transforms.py'))
    nms = _load('mmpose.core.post_processing.nms', os.path.join(m, 'core/post_processing/nms.py'))
    for mod in (pt, nms):
        for k, v in vars(mod).items():
            if not k.startswith('__'):
                setattr(post, k, v)
    tde = _load('mmpose.core.evaluation.top_down_eval', os.path.join(m, 'core/evaluation/top_down_eval.py'))
    registries = dict(PIPELINES=_Registry(), DATASETS=_Registry(), LOSSES=_Registry())
    _module('mmpose.datasets.builder', **registries)
    _module('mmpose.models.builder', **registries)
    info = _load('mmpose.datasets.dataset_info', os.path.join(m, 'datasets/dataset_info.py'))
    sys.modules['mmpose.datasets'].DatasetInfo = info.DatasetInfo
    _module('mmpose.datasets.pipelines', Compose=lambda p: p)
    ttf = _load('mmpose.datasets.pipelines.top_down_transform', os.path.join(m, 'datasets/pipelines/top_down_transform.py'))
    loss = _load('mmpose.models.losses.mse_loss', os.path.join(m, 'models/losses/mse_loss.py'))
    # The dataset module imports mmcv, xtcocotools and json_tricks; json_tricks.dump of plain lists is json.dump.
    import json
    _module('json_tricks', dump=json.dump, load=json.load)
    _module('mmcv', Config=None, deprecated_api_warning=lambda *a, **k: (lambda f: f))
    _module('xtcocotools')
    _module('xtcocotools.coco', COCO=COCO)
    _module('xtcocotools.cocoeval', COCOeval=COCOeval)
    import torch.utils.data  # noqa: F401  (the base dataset subclasses torch's Dataset)
    base = _load('mmpose.datasets.datasets.base.kpt_2d_sview_rgb_img_top_down_dataset',
                 os.path.join(m, 'datasets/datasets/base/kpt_2d_sview_rgb_img_top_down_dataset.py'))
    sys.modules['mmpose.datasets.datasets.base'].Kpt2dSviewRgbImgTopDownDataset = base.Kpt2dSviewRgbImgTopDownDataset
    ds = _load('mmpose.datasets.datasets.top_down.topdown_coco_dataset',
               os.path.join(m, 'datasets/datasets/top_down/topdown_coco_dataset.py'))
    cfg = {}
    exec(open(os.path.join(root, 'configs/_base_/datasets/coco.py')).read(), cfg)
    return types.SimpleNamespace(post=post, eval=tde, transforms=ttf, loss=loss, dataset=ds,
                                 dataset_info=info.DatasetInfo(cfg['dataset_info']), COCO=COCO, COCOeval=COCOeval)
