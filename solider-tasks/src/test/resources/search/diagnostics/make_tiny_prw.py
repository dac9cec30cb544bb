#!/usr/bin/python3
"""The tiny overfit set of docs/SEARCH.md: a few training scenes of a PRW folder (real or
`./solider synth`'s), chosen greedily so that as many identities as possible appear in two or more
of them, written as a PRW folder whose test split is the same scenes (frame_test.mat =
frame_train.mat) and whose queries (query_info.txt) are every labelled person of an identity seen
in two of those scenes. Frames and annotations are symbolic links to the source.

Usage: /usr/bin/python3 make_tiny_prw.py --prw data/prw --output tiny_prw [--scenes 8]"""
import argparse
import collections
import os

import numpy as np
import scipy.io as sio

p = argparse.ArgumentParser()
p.add_argument('--prw', required=True)
p.add_argument('--output', required=True)
p.add_argument('--scenes', type=int, default=8)
a = p.parse_args()
src = os.path.abspath(a.prw)
train = [f[0] for f in sio.loadmat(os.path.join(src, 'frame_train.mat'))['img_index_train'].ravel()]
ann = {}
for f in train:
    m = sio.loadmat(os.path.join(src, 'annotations', f + '.jpg.mat'))
    ann[f] = m[[k for k in m if not k.startswith('__')][0]]


def repeated(scenes):
    c = collections.Counter(int(r[0]) for f in scenes for r in ann[f] if r[0] > 0)
    return sum(v for v in c.values() if v >= 2), c


chosen = []
for _ in range(a.scenes):
    chosen.append(max((f for f in train if f not in chosen), key=lambda f: repeated(chosen + [f])[0]))
_, counts = repeated(chosen)
os.makedirs(os.path.join(a.output, 'frames'))
os.makedirs(os.path.join(a.output, 'annotations'))
for f in chosen:
    os.symlink(os.path.join(src, 'frames', f + '.jpg'), os.path.join(a.output, 'frames', f + '.jpg'))
    os.symlink(os.path.join(src, 'annotations', f + '.jpg.mat'), os.path.join(a.output, 'annotations', f + '.jpg.mat'))
names = np.empty((len(chosen), 1), dtype=object)
for i, f in enumerate(chosen):
    names[i, 0] = np.array([f])
sio.savemat(os.path.join(a.output, 'frame_train.mat'), {'img_index_train': names})
sio.savemat(os.path.join(a.output, 'frame_test.mat'), {'img_index_test': names})
lines = ['%d %g %g %g %g %s' % (int(r[0]), r[1], r[2], r[3], r[4], f)
         for f in chosen for r in ann[f] if r[0] > 0 and counts[int(r[0])] >= 2]
with open(os.path.join(a.output, 'query_info.txt'), 'w') as out:
    out.write('\n'.join(lines) + '\n')
for n in ('ID_train.mat', 'ID_test.mat'):
    if os.path.exists(os.path.join(src, n)):
        os.symlink(os.path.join(src, n), os.path.join(a.output, n))
print(len(chosen), 'scenes,', sum(1 for v in counts.values() if v >= 2), 'identities in two or more,', len(lines),
      'queries:', ' '.join(chosen))
