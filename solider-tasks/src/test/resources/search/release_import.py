"""Imports the release's modules for the reference scripts of this folder. The release's files
import packages that the code exercised here never uses (mmcv and cv2 from its Swin backbone, an
old torchvision.models.utils from its ResNet, tabulate from utils/utils.py); missing ones are
replaced by empty stand-ins."""
import sys
import types


def _stub(name, **attrs):
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    sys.modules[name] = module
    return module


def prepare(release_path):
    """Puts the release on the import path and stubs what its imports need but is not installed."""
    sys.path.insert(0, release_path)
    try:
        import tabulate  # noqa: F401
    except ImportError:
        _stub("tabulate", tabulate=lambda *a, **k: "")
    try:
        import mmcv.runner  # noqa: F401
    except ImportError:
        mmcv = _stub("mmcv")
        mmcv.runner = _stub("mmcv.runner", load_checkpoint=lambda *a, **k: None)
    try:
        import cv2  # noqa: F401
    except ImportError:
        _stub("cv2")
    try:
        import torchvision.models.utils  # noqa: F401
    except ImportError:
        _stub("torchvision.models.utils", load_state_dict_from_url=lambda *a, **k: None)
