#!/usr/bin/env python3
"""Reference for KReciprocalReranking / ReidEvaluator tests (numpy only; run by hand, never from tests).

A NumPy port of the release's evaluation (TransReID/SOLIDER-REID `utils/metrics.py::eval_func` and
`utils/reranking.py::re_ranking(probFea, galFea, k1, k2, lambda_value)`), with one deliberate
difference: the release stores V and the Jaccard distance as float16; here (and in the Java port)
they are float32 (`--v-dtype float16` reproduces the release exactly).

Writes: rerank_q.npy, rerank_g.npy (float32 features), rerank_q.csv, rerank_g.csv (pid,camid),
rerank_expected.npy (float64 re-ranked query x gallery distances), rerank_expected.json (metrics).
"""
import json
import sys

import numpy as np


def normalize(f):
    n = np.sqrt((f.astype(np.float32) ** 2).sum(axis=1, keepdims=True))
    return (f / np.maximum(n, 1e-12)).astype(np.float32)


def sq_euclidean(a, b):
    d = (a ** 2).sum(axis=1, keepdims=True) + (b ** 2).sum(axis=1, keepdims=True).T - 2 * a @ b.T
    return d.astype(np.float32)


def re_ranking(qf, gf, k1=20, k2=6, lambda_value=0.3, v_dtype=np.float32):
    query_num = qf.shape[0]
    feat = np.concatenate([qf, gf]).astype(np.float32)
    all_num = feat.shape[0]
    original_dist = sq_euclidean(feat, feat)
    gallery_num = original_dist.shape[0]
    original_dist = np.transpose(original_dist / np.max(original_dist, axis=0))
    V = np.zeros_like(original_dist).astype(v_dtype)
    initial_rank = np.argsort(original_dist).astype(np.int32)
    for i in range(all_num):
        forward_k_neigh_index = initial_rank[i, :k1 + 1]
        backward_k_neigh_index = initial_rank[forward_k_neigh_index, :k1 + 1]
        fi = np.where(backward_k_neigh_index == i)[0]
        k_reciprocal_index = forward_k_neigh_index[fi]
        k_reciprocal_expansion_index = k_reciprocal_index
        for j in range(len(k_reciprocal_index)):
            candidate = k_reciprocal_index[j]
            half = int(np.around(k1 / 2)) + 1
            candidate_forward_k_neigh_index = initial_rank[candidate, :half]
            candidate_backward_k_neigh_index = initial_rank[candidate_forward_k_neigh_index, :half]
            fi_candidate = np.where(candidate_backward_k_neigh_index == candidate)[0]
            candidate_k_reciprocal_index = candidate_forward_k_neigh_index[fi_candidate]
            if len(np.intersect1d(candidate_k_reciprocal_index, k_reciprocal_index)) > 2 / 3 * len(
                    candidate_k_reciprocal_index):
                k_reciprocal_expansion_index = np.append(k_reciprocal_expansion_index, candidate_k_reciprocal_index)
        k_reciprocal_expansion_index = np.unique(k_reciprocal_expansion_index)
        weight = np.exp(-original_dist[i, k_reciprocal_expansion_index])
        V[i, k_reciprocal_expansion_index] = weight / np.sum(weight)
    original_dist = original_dist[:query_num, ]
    if k2 != 1:
        V_qe = np.zeros_like(V, dtype=v_dtype)
        for i in range(all_num):
            V_qe[i, :] = np.mean(V[initial_rank[i, :k2], :], axis=0)
        V = V_qe
    invIndex = []
    for i in range(gallery_num):
        invIndex.append(np.where(V[:, i] != 0)[0])
    jaccard_dist = np.zeros_like(original_dist, dtype=v_dtype)
    for i in range(query_num):
        temp_min = np.zeros(shape=[1, gallery_num], dtype=v_dtype)
        indNonZero = np.where(V[i, :] != 0)[0]
        indImages = [invIndex[ind] for ind in indNonZero]
        for j in range(len(indNonZero)):
            temp_min[0, indImages[j]] = temp_min[0, indImages[j]] + np.minimum(V[i, indNonZero[j]],
                                                                               V[indImages[j], indNonZero[j]])
        jaccard_dist[i] = 1 - temp_min / (2 - temp_min)
    final_dist = jaccard_dist * (1 - lambda_value) + original_dist * lambda_value
    return final_dist[:query_num, query_num:]


def eval_func(distmat, q_pids, g_pids, q_camids, g_camids, max_rank=50):
    num_q, num_g = distmat.shape
    if num_g < max_rank:
        max_rank = num_g
    indices = np.argsort(distmat, axis=1, kind="stable")
    matches = (g_pids[indices] == q_pids[:, np.newaxis]).astype(np.int32)
    all_cmc, all_AP, num_valid_q = [], [], 0.
    for q_idx in range(num_q):
        order = indices[q_idx]
        remove = (g_pids[order] == q_pids[q_idx]) & (g_camids[order] == q_camids[q_idx])
        orig_cmc = matches[q_idx][np.invert(remove)]
        if not np.any(orig_cmc):
            continue
        cmc = orig_cmc.cumsum()
        cmc[cmc > 1] = 1
        # (the release would fail here when fewer than max_rank items remain; pad with the last value)
        cmc = np.concatenate([cmc, np.full(max(0, max_rank - len(cmc)), cmc[-1])])
        all_cmc.append(cmc[:max_rank])
        num_valid_q += 1.
        tmp = orig_cmc.cumsum() / (np.arange(1, orig_cmc.shape[0] + 1) * 1.0)
        all_AP.append((tmp * orig_cmc).sum() / orig_cmc.sum())
    all_cmc = np.asarray(all_cmc).astype(np.float32).sum(0) / num_valid_q
    return all_cmc, float(np.mean(all_AP)), int(num_valid_q)


def metrics(dist, qp, gp, qc, gc):
    cmc, mAP, valid = eval_func(dist, qp, gp, qc, gc)
    return {"mAP": mAP, "cmc": [float(x) for x in cmc], "num_valid_queries": valid}


def main():
    v_dtype = np.float16 if "--v-dtype" in sys.argv and "float16" in sys.argv else np.float32
    rng = np.random.default_rng(20170721)
    nq, ng, d, ids = 7, 30, 16, 6
    centres = rng.normal(size=(ids, d)).astype(np.float32)
    g_pids = rng.integers(0, ids, size=ng)
    g_pids[:ids] = np.arange(ids)
    q_pids = rng.integers(1, ids, size=nq)
    q_pids[0] = 0  # pid 0 only as a distractor-like identity
    g_cams = rng.integers(1, 4, size=ng)
    q_cams = rng.integers(1, 4, size=nq)
    gf = (centres[g_pids] + 0.9 * rng.normal(size=(ng, d))).astype(np.float32)
    qf = (centres[q_pids] + 0.9 * rng.normal(size=(nq, d))).astype(np.float32)
    np.save("rerank_q.npy", qf)
    np.save("rerank_g.npy", gf)
    for name, p, c in (("rerank_q.csv", q_pids, q_cams), ("rerank_g.csv", g_pids, g_cams)):
        with open(name, "w") as f:
            f.write("pid,camid\n")
            for a, b in zip(p, c):
                f.write(f"{a},{b}\n")
    qn, gn = normalize(qf), normalize(gf)
    plain = sq_euclidean(qn, gn)
    rr = re_ranking(qn, gn, 20, 6, 0.3, v_dtype)
    np.save("rerank_expected.npy", rr.astype(np.float64))
    out = {"plain": metrics(plain, q_pids, g_pids, q_cams, g_cams),
           "rerank": metrics(rr, q_pids, g_pids, q_cams, g_cams)}
    with open("rerank_expected.json", "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps({k: (v["mAP"], v["cmc"][0], v["num_valid_queries"]) for k, v in out.items()}))


if __name__ == "__main__":
    main()
