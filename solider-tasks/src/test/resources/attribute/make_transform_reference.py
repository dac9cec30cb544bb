"""Reference images for the attribute transforms, from torchvision on PIL images.

Run: /usr/bin/python3 make_transform_reference.py
(Debian torchvision 0.14, Pillow 9.4.) The release's transforms (dataset/augmentation.py,
get_transform, DATASET.TYPE 'pedes'):
  train: Resize((H, W)) → Pad(10) → RandomCrop((H, W)) → RandomHorizontalFlip() → ToTensor → Normalize(ImageNet)
  test:  Resize((H, W)) → ToTensor → Normalize(ImageNet)
The random parts are given here as draws (crop top, crop left, flip) and applied with torchvision's
functional ops, exactly what RandomCrop / RandomHorizontalFlip do with those draws.

Writes transform/<case>_src.png (the input, lossless), transform/<case>_train.npy and
transform/<case>_test.npy (H×W×3 uint8, the image before ToTensor), transform/case1_train_tensor.npy
(3×H×W float32 after ToTensor and Normalize) and transform/cases.json.
"""
import json
import os

import numpy as np
import torch
import torchvision.transforms as T
import torchvision.transforms.functional as F
from PIL import Image

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'transform')
os.makedirs(here, exist_ok=True)
rng = np.random.default_rng(3)


def source(h, w):
    """Smooth colour ramps plus noise and a few hard edges: bilinear weights show in every pixel."""
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([(x * 255 // max(w - 1, 1)), (y * 255 // max(h - 1, 1)), ((x + y) * 7) % 256], axis=-1)
    img = img + rng.integers(-40, 41, size=img.shape)
    img[h // 3:h // 2, w // 4:w // 2] = [250, 10, 30]
    return np.clip(img, 0, 255).astype(np.uint8)


cases = [
    # name, source h×w, target H×W, (top, left, flip)
    ('case1', (173, 71), (256, 128), (3, 17, True)),
    ('case2', (300, 100), (256, 128), (0, 0, False)),
    ('case3', (300, 100), (256, 128), (20, 20, True)),
    ('case4', (64, 40), (96, 48), (10, 10, False)),
    ('case5', (256, 128), (256, 128), (20, 0, True)),
    ('case6', (97, 211), (64, 32), (7, 13, True)),
]
normalize = T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
meta = []
for name, (h, w), (H, W), (top, left, flip) in cases:
    src = Image.fromarray(source(h, w), 'RGB')
    src.save(os.path.join(here, name + '_src.png'))
    src = Image.open(os.path.join(here, name + '_src.png'))
    img = F.resize(src, [H, W])  # T.Resize((H, W)): bilinear on PIL
    img = F.pad(img, 10, fill=0)  # T.Pad(10)
    img = F.crop(img, top, left, H, W)  # T.RandomCrop((H, W)) with draws (top, left)
    if flip:
        img = F.hflip(img)  # T.RandomHorizontalFlip() drew < 0.5
    np.save(os.path.join(here, name + '_train.npy'), np.asarray(img, dtype=np.uint8))
    test = F.resize(src, [H, W])
    np.save(os.path.join(here, name + '_test.npy'), np.asarray(test, dtype=np.uint8))
    if name == 'case1':
        np.save(os.path.join(here, name + '_train_tensor.npy'), normalize(F.to_tensor(img)).numpy())
    meta.append({'name': name, 'source': [h, w], 'target': [H, W], 'top': top, 'left': left, 'flip': flip})
with open(os.path.join(here, 'cases.json'), 'w') as f:
    json.dump(meta, f, indent=1)
print(len(meta), 'cases')
