#!/usr/bin/python3
"""Reference for the NumPy emulation behind `search-eval`: np.argsort (default kind) of float32
arrays full of ties, including inputs built with McIlroy's "killer adversary" against NumPy's
median-of-3 quicksort so that its depth limit hands over to heapsort, and np.sum of float64
arrays across the pairwise block (128) and buffer (8192) sizes.

Usage: /usr/bin/python3 make_numpy_order_reference.py   (writes numpy_order.json beside it)
"""
import json
import os

import numpy as np

SMALL_QUICKSORT = 15


def quicksort_depth_exceeded(n, less):
    """NumPy's aquicksort on indices 0..n-1 with comparator `less(i, j)`; True if heapsort is used."""
    tosort = list(range(n))
    pl, pr = 0, n - 1
    stack, depth = [], []
    cdepth = (n.bit_length() - 1) * 2
    used_heap = False
    while True:
        if cdepth < 0:
            used_heap = True
            tosort[pl:pr + 1] = sorted(tosort[pl:pr + 1], key=lambda i: i)  # contents irrelevant here
        else:
            while pr - pl > SMALL_QUICKSORT:
                pm = pl + ((pr - pl) >> 1)
                if less(tosort[pm], tosort[pl]):
                    tosort[pm], tosort[pl] = tosort[pl], tosort[pm]
                if less(tosort[pr], tosort[pm]):
                    tosort[pr], tosort[pm] = tosort[pm], tosort[pr]
                if less(tosort[pm], tosort[pl]):
                    tosort[pm], tosort[pl] = tosort[pl], tosort[pm]
                vp = tosort[pm]
                pi, pj = pl, pr - 1
                tosort[pm], tosort[pj] = tosort[pj], tosort[pm]
                while True:
                    pi += 1
                    while less(tosort[pi], vp):
                        pi += 1
                    pj -= 1
                    while less(vp, tosort[pj]):
                        pj -= 1
                    if pi >= pj:
                        break
                    tosort[pi], tosort[pj] = tosort[pj], tosort[pi]
                tosort[pi], tosort[pr - 1] = tosort[pr - 1], tosort[pi]
                if pi - pl < pr - pi:
                    stack.append((pi + 1, pr))
                    pr = pi - 1
                else:
                    stack.append((pl, pi - 1))
                    pl = pi + 1
                cdepth -= 1
                depth.append(cdepth)
            for k in range(pl + 1, pr + 1):  # insertion sort (comparisons feed the adversary)
                vi = tosort[k]
                j = k
                while j > pl and less(vi, tosort[j - 1]):
                    tosort[j] = tosort[j - 1]
                    j -= 1
                tosort[j] = vi
        if not stack:
            break
        pl, pr = stack.pop()
        cdepth = depth.pop()
    return used_heap


def killer(n):
    """McIlroy's adversary: values fixed lazily so that pivots are as bad as possible."""
    gas = n
    val = [gas] * n
    state = {"nsolid": 0, "candidate": 0}

    def freeze(i):
        val[i] = state["nsolid"]
        state["nsolid"] += 1

    def less(i, j):
        if val[i] == gas and val[j] == gas:
            if i == state["candidate"]:
                freeze(i)
            else:
                freeze(j)
        if val[i] == gas:
            state["candidate"] = i
        elif val[j] == gas:
            state["candidate"] = j
        return val[i] < val[j]

    heap = quicksort_depth_exceeded(n, less)
    for i in range(n):
        if val[i] == gas:
            freeze(i)
    return np.asarray(val, np.float32), heap


def main():
    rng = np.random.default_rng(7)
    sorts = []
    for n in [0, 1, 2, 3, 15, 16, 17, 18, 33, 100, 257, 1000, 3000]:
        for levels in [1, 2, 5, 1000]:
            v = rng.integers(0, levels, n).astype(np.float32) / 4
            sorts.append({"values": v.tolist(), "argsort": np.argsort(v).tolist()})
    v = rng.normal(size=500).astype(np.float32)
    v[::7] = np.nan
    sorts.append({"values": [None if np.isnan(x) else float(x) for x in v], "argsort": np.argsort(v).tolist()})
    heap_cases = 0
    for n in [64, 200, 1000]:
        v, heap = killer(n)
        heap_cases += heap
        sorts.append({"values": v.tolist(), "argsort": np.argsort(v).tolist(), "heapsort": bool(heap)})
        w = v.copy()
        w[: n // 3] = w[n // 3]  # ties on top of the adversarial order
        sorts.append({"values": w.tolist(), "argsort": np.argsort(w).tolist()})
    assert heap_cases > 0, "no input reached NumPy's heapsort fallback"
    sums = []
    for n in [0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 255, 256, 1000, 8191, 8192, 8193, 16384, 20001]:
        a = rng.normal(size=n) * 10.0 ** rng.uniform(-6, 6, n)
        sums.append({"values": a.tolist(), "sum": float(np.sum(a)), "mean": float(np.mean(a)) if n else None})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_order.json")
    with open(out, "w") as f:
        json.dump({"numpy": np.__version__, "argsort": sorts, "sum": sums}, f)


if __name__ == "__main__":
    main()
