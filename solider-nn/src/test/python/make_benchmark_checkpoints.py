#!/usr/bin/env python3
"""Writes real-size SOLIDER Swin-T checkpoints (random weights) for CheckpointLoadBenchmark.

Usage: /usr/bin/python3 solider-nn/src/test/python/make_benchmark_checkpoints.py [OUT_DIR=/tmp/solider-bench]
  swin_tiny_teacher.pth   {"teacher": {"backbone.*", "head.*"}}  (release layout, ~0.2 GB)
  swin_tiny_pretrain.pth  {"student", "teacher", "optimizer" (AdamW exp_avg/exp_avg_sq),
                           "epoch", "args", "dino_loss"}       (full pretraining checkpoint, ~0.8 GB)
Not committed: regenerate when needed.
"""
import argparse
import collections
import os
import sys

import torch

EMBED, DEPTHS, HEADS, WINDOW = 96, (2, 2, 6, 2), (3, 6, 12, 24), 7
HEAD_HIDDEN, HEAD_BOTTLENECK, OUT_DIM = 2048, 256, 65536


def shapes():
    s = collections.OrderedDict()
    c = EMBED
    s["backbone.patch_embed.projection.weight"] = (c, 3, 4, 4)
    s["backbone.patch_embed.projection.bias"] = (c,)
    s["backbone.patch_embed.norm.weight"] = (c,)
    s["backbone.patch_embed.norm.bias"] = (c,)
    for i, (d, h) in enumerate(zip(DEPTHS, HEADS)):
        ci = EMBED * 2 ** i
        for b in range(d):
            p = f"backbone.stages.{i}.blocks.{b}."
            s[p + "norm1.weight"] = (ci,)
            s[p + "norm1.bias"] = (ci,)
            s[p + "attn.w_msa.relative_position_bias_table"] = ((2 * WINDOW - 1) ** 2, h)
            s[p + "attn.w_msa.relative_position_index"] = "index"
            s[p + "attn.w_msa.qkv.weight"] = (3 * ci, ci)
            s[p + "attn.w_msa.qkv.bias"] = (3 * ci,)
            s[p + "attn.w_msa.proj.weight"] = (ci, ci)
            s[p + "attn.w_msa.proj.bias"] = (ci,)
            s[p + "norm2.weight"] = (ci,)
            s[p + "norm2.bias"] = (ci,)
            s[p + "ffn.layers.0.0.weight"] = (4 * ci, ci)
            s[p + "ffn.layers.0.0.bias"] = (4 * ci,)
            s[p + "ffn.layers.1.weight"] = (ci, 4 * ci)
            s[p + "ffn.layers.1.bias"] = (ci,)
        if i < 3:
            s[f"backbone.stages.{i}.downsample.norm.weight"] = (4 * ci,)
            s[f"backbone.stages.{i}.downsample.norm.bias"] = (4 * ci,)
            s[f"backbone.stages.{i}.downsample.reduction.weight"] = (2 * ci, 4 * ci)
    for i in range(4):
        s[f"backbone.norm{i}.weight"] = (EMBED * 2 ** i,)
        s[f"backbone.norm{i}.bias"] = (EMBED * 2 ** i,)
    for kind in ("w", "b"):
        for i in range(4):
            co = EMBED * 2 ** min(i + 1, 3)
            s[f"backbone.semantic_embed_{kind}.{i}.weight"] = (co, 2)
            s[f"backbone.semantic_embed_{kind}.{i}.bias"] = (co,)
    dim = EMBED * 8
    s["head.mlp.0.weight"] = (HEAD_HIDDEN, dim)
    s["head.mlp.0.bias"] = (HEAD_HIDDEN,)
    s["head.mlp.2.weight"] = (HEAD_HIDDEN, HEAD_HIDDEN)
    s["head.mlp.2.bias"] = (HEAD_HIDDEN,)
    s["head.mlp.4.weight"] = (HEAD_BOTTLENECK, HEAD_HIDDEN)
    s["head.mlp.4.bias"] = (HEAD_BOTTLENECK,)
    s["head.last_layer.weight_g"] = (OUT_DIM, 1)
    s["head.last_layer.weight_v"] = (OUT_DIM, HEAD_BOTTLENECK)
    return s


def model(seed):
    g = torch.Generator().manual_seed(seed)
    m = collections.OrderedDict()
    for k, shp in shapes().items():
        if shp == "index":
            m[k] = torch.randint(0, 169, (49, 49), generator=g)
        else:
            m[k] = torch.randn(shp, generator=g) * 0.02
    return m


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/solider-bench"
    os.makedirs(out, exist_ok=True)
    teacher = model(1)
    torch.save({"teacher": teacher}, os.path.join(out, "swin_tiny_teacher.pth"))
    student = model(2)
    params = [torch.nn.Parameter(v) for v in student.values() if v.is_floating_point()]
    opt = torch.optim.AdamW(params, lr=5e-4)
    for p in params:
        p.grad = torch.randn_like(p) * 1e-3
    opt.step()
    torch.save({"student": student, "teacher": teacher, "optimizer": opt.state_dict(), "epoch": 42,
                "args": argparse.Namespace(arch="swin_tiny", lr=5e-4, out_dim=OUT_DIM),
                "dino_loss": {"center": torch.zeros(1, OUT_DIM)}},
               os.path.join(out, "swin_tiny_pretrain.pth"))


if __name__ == "__main__":
    main()
