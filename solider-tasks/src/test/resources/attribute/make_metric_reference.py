"""Reference numbers for attr-eval: the release's own get_pedestrian_metrics on constructed cases.

Run (Debian python3 with numpy; torch only because the release module imports it):
  /usr/bin/python3 make_metric_reference.py [RELEASE_DIR] > /dev/null
RELEASE_DIR is a checkout of SOLIDER-PersonAttributeRecognition (default
/work/release/SOLIDER-PersonAttributeRecognition); the function is imported from its
metrics/pedestrian_metrics.py, not copied. easydict (an import of that module) is not installed
here, so a minimal stand-in (a dict with attribute access, all that module uses) is registered.

Writes metrics/<case>_probs.npy, metrics/<case>_labels.npy and metrics/expected.json: per case
the threshold and the metrics under attr-eval's JSON keys (mA = result.ma, the mean_* keys are
np.mean of the release's per-attribute arrays, as its train.py prints them).
"""
import json
import os
import sys
import types

import numpy as np

release = sys.argv[1] if len(sys.argv) > 1 else '/work/release/SOLIDER-PersonAttributeRecognition'
sys.path.insert(0, release)
shim = types.ModuleType('easydict')


class EasyDict(dict):
    def __getattr__(self, k):
        return self[k]

    def __setattr__(self, k, v):
        self[k] = v


shim.EasyDict = EasyDict
sys.modules.setdefault('easydict', shim)
from metrics.pedestrian_metrics import get_pedestrian_metrics  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, 'metrics')
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(20240611)
f32 = np.float32


def correlated(labels, signal, dtype=np.float32):
    """Probabilities that lean towards the labels: sigmoid(signal*(2y-1) + N(0,1))."""
    z = signal * (2.0 * (labels == 1) - 1.0) + rng.normal(size=labels.shape)
    return (1.0 / (1.0 + np.exp(-z))).astype(dtype)


def binary(n, a, rate=0.5, dtype=np.int64):
    rates = np.broadcast_to(np.asarray(rate, dtype=float), (a,))
    return (rng.random((n, a)) < rates).astype(dtype)


cases = []


def case(name, probs, labels, threshold=0.5, note=''):
    cases.append((name, probs, labels, threshold, note))


# PA-100K-like positive rates (skewed; rare attributes have few positives).
pa_rates = np.array([0.45, 0.02, 0.92, 0.06, 0.35, 0.35, 0.30, 0.04, 0.19, 0.18, 0.19, 0.15, 0.06,
                     0.42, 0.56, 0.04, 0.14, 0.04, 0.05, 0.03, 0.04, 0.10, 0.53, 0.16, 0.11, 0.05])

case('random_5x3', rng.random((5, 3)).astype(f32), binary(5, 3), note='uniform probabilities, int64 labels')
case('random_40x7', correlated(binary(40, 7), 1.0), binary(40, 7, 0.3, np.int32), note='int32 labels')
lab = binary(1000, 26, pa_rates, np.uint8)
case('pa100k_like_1000x26', correlated(lab, 1.5), lab, note='uint8 labels, skewed rates')
lab = binary(8500, 8, [0.5, 0.1, 0.02, 0.9, 0.3, 0.6, 0.05, 0.45], np.int8)
case('large_8500x8', correlated(lab, 2.0), lab, note='N > 8192: numpy sums in blocks of 8192')
lab = binary(300, 12, 0.4, np.int64)
lab[:, 0] = 0
lab[:, 1] = 1
lab[:, 2] = 0
p = correlated(lab, 1.0)
p[:, 2] = 0.9  # always predicted, never true: precision 0 (eps)
lab[:, 3] = 1
p[:, 3] = 0.1  # never predicted, always true
case('constant_columns_300x12', p, lab, note='columns all 0 / all 1 in truth, constant predictions')
lab = binary(60, 10, 0.3, np.int64)
lab[:20] = 0
p = correlated(lab, 1.5)
p[:20] = 0.2  # no positive in truth nor prediction: these samples score 0, not 1
p[20:30] = 0.1  # empty prediction rows with positives in truth
case('empty_rows_60x10', p, lab, note='rows with no positive in truth and prediction; empty prediction rows')
lab = binary(64, 6, 0.5, np.int64)
p = np.full((64, 6), 0.5, dtype=f32)
p[::2] = np.nextafter(f32(0.5), f32(1))
p[1::4] = np.nextafter(f32(0.5), f32(0))
case('at_threshold_64x6', p, lab, note='probabilities exactly 0.5 and one float32 step either side')
lab = binary(64, 6, 0.5, np.int64)
p = np.full((64, 6), f32(0.3), dtype=f32)
p[::3] = np.nextafter(f32(0.3), f32(1))
p[1::3] = np.nextafter(f32(0.3), f32(0))
case('float32_threshold_0.3_64x6', p, lab, threshold=0.3,
     note='float32(0.3) > 0.3 is compared in float32 by numpy: not predicted')
lab = binary(64, 6, 0.5, np.int64)
p = np.full((64, 6), 0.3, dtype=np.float64)
p[::3] = np.nextafter(0.3, 1)
p[1::3] = np.nextafter(0.3, 0)
case('float64_threshold_0.3_64x6', p, lab, threshold=0.3, note='float64 probabilities compare in float64')
lab = binary(200, 9, 0.35, np.int64)
case('float64_probs_200x9', correlated(lab, 1.0, np.float64), lab)
lab = binary(1, 26, pa_rates, np.int64)
case('single_sample_1x26', correlated(lab, 1.0), lab)
lab = binary(50, 1, 0.4, np.int64)
case('single_attribute_50x1', correlated(lab, 1.0), lab)
case('one_by_one_negative', np.array([[0.2]], dtype=f32), np.array([[0]], dtype=np.int64))
case('one_by_one_positive', np.array([[0.8]], dtype=f32), np.array([[1]], dtype=np.int64))
case('one_by_one_false_positive', np.array([[0.8]], dtype=f32), np.array([[0]], dtype=np.int64))
lab = binary(30, 5, 0.4, np.int64)
case('all_predicted_30x5', np.ones((30, 5), dtype=f32), lab, note='probability 1 everywhere')
lab = binary(30, 5, 0.4, np.int64)
case('perfect_30x5', lab.astype(f32), lab, note='probabilities equal to the labels')
lab = binary(30, 5, 0.4, np.int64)
p = rng.random((30, 5)).astype(f32)
p[::2, ::2] = 0
case('threshold_zero_30x5', p, lab, threshold=0.0, note='prob 0 is not > 0')
case('threshold_one_30x5', np.ones((30, 5), dtype=f32), lab, threshold=1.0, note='nothing is > 1')
lab = binary(80, 7, 0.4, np.float32)
case('float32_labels_80x7', correlated(lab, 1.0), lab)
lab = binary(80, 7, 0.4, np.float64)
case('float64_labels_80x7', correlated(lab, 1.0), lab)
lab = binary(80, 7, 0.4, np.bool_)
case('bool_labels_80x7', correlated(lab, 1.0), lab)
lab = binary(100, 8, 0.4, np.int64)
p = correlated(lab, 1.0)
lab[rng.random((100, 8)) < 0.1] = 2
lab[rng.random((100, 8)) < 0.1] = -1
lab[:5, 0] = 2  # row 0..4 col 0 uncertain
lab[:, 7] = -1  # a column without any 0/1 label
case('other_int_labels_100x8', p, lab, note='labels -1 and 2: neither positive nor negative per attribute')
lab = binary(100, 8, 0.4, np.float64)
p = correlated(lab, 1.0)
lab[rng.random((100, 8)) < 0.15] = 0.5
lab[3] = 0.5  # a row with no 0/1 label
case('other_float_labels_100x8', p, lab, note='label 0.5: neither positive nor negative')

summary = []
for name, probs, labels, threshold, note in cases:
    np.save(os.path.join(out_dir, name + '_probs.npy'), probs)
    np.save(os.path.join(out_dir, name + '_labels.npy'), labels)
    r = get_pedestrian_metrics(labels, probs, threshold=threshold)
    expected = {
        'mA': float(r.ma),
        'instance_acc': float(r.instance_acc),
        'instance_prec': float(r.instance_prec),
        'instance_recall': float(r.instance_recall),
        'instance_f1': float(r.instance_f1),
        'mean_label_f1': float(np.mean(r.label_f1)),
        'mean_label_pos_recall': float(np.mean(r.label_pos_recall)),
        'mean_label_neg_recall': float(np.mean(r.label_neg_recall)),
        'label_acc': [float(x) for x in r.label_acc],
        'label_ma': [float(x) for x in r.label_ma],
        'label_pos_recall': [float(x) for x in r.label_pos_recall],
        'label_neg_recall': [float(x) for x in r.label_neg_recall],
        'label_prec': [float(x) for x in r.label_prec],
        'label_f1': [float(x) for x in r.label_f1],
        'error_num': [float(x) for x in r.error_num],
        'fn_num': [float(x) for x in r.fn_num],
        'fp_num': [float(x) for x in r.fp_num],
    }
    summary.append({'name': name, 'threshold': threshold, 'note': note, 'shape': list(probs.shape),
                    'probs_dtype': str(probs.dtype), 'labels_dtype': str(labels.dtype), 'expected': expected})

with open(os.path.join(out_dir, 'expected.json'), 'w') as f:
    json.dump({'source': 'metrics/pedestrian_metrics.py get_pedestrian_metrics', 'numpy': np.__version__,
               'cases': summary}, f, indent=1)
print(len(summary), 'cases')
