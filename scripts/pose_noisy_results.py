"""Writes a COCO keypoint results list made from a ground-truth file: every annotated person's
keypoints moved by Gaussian noise of NOISE × sqrt(area) pixels, confidences 1, random scores
(seed 0). For trying `solider pose-eval` (docs/POSE.md) without a model. Standard library only.

Usage: python3 scripts/pose_noisy_results.py GT.json NOISE RESULTS.json
"""
import json
import random
import sys

random.seed(0)
gt = json.load(open(sys.argv[1]))
noise = float(sys.argv[2])
res = []
for a in gt['annotations']:
    s = (a['area'] ** 0.5) * noise
    kp = []
    for k in range(17):
        x, y = a['keypoints'][3 * k], a['keypoints'][3 * k + 1]
        kp += [round(x + random.gauss(0, s), 2), round(y + random.gauss(0, s), 2), 1.0]
    res.append({'image_id': a['image_id'], 'category_id': 1, 'keypoints': kp, 'score': round(random.random(), 4)})
with open(sys.argv[3], 'w') as f:
    json.dump(res, f)
