#!/usr/bin/env python3
"""Writes the seed checkpoints of the checkpoint-reader fuzzer next to this script (run once).

Usage (from the repository root, with Debian's python3-torch 1.13 and numpy):
    /usr/bin/python3 solider-nn/src/main/resources/io/solider/nn/checkpoint/fuzz/make_seeds.py

Every seed is small (a few KB) and covers what the reader interprets, so that mutants of it reach
every part of the reader:
  zip_p2.pth        torch.save (protocol 2): nested dicts, an OrderedDict of float32, float16,
                    bfloat16, float64, int64, bool tensors, a transposed view, a column slice with
                    a storage offset, a stride-0 expand, a 0-d scalar, a Parameter, an optimiser
                    state (ints as keys), an argparse.Namespace with a set and a torch.device, a
                    numpy scalar, bytes, a tuple key, None/True/False/floats/strings/big ints
  zip_p4.pth        the same with pickle_protocol=4 (STACK_GLOBAL, MEMOIZE, FRAME)
  legacy.pth        the same with _use_new_zipfile_serialization=False
  arrays.npz        numpy.savez: float32 (C), float64 (Fortran), int64, a 0-d and an empty array
  arrays_z.npz      the same with numpy.savez_compressed (DEFLATED entries)
  tensors.safetensors  float32, float16, int64 tensors and __metadata__, written by hand
"""
import argparse
import collections
import json
import os
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def state():
    torch.manual_seed(0)
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 7
    weights = collections.OrderedDict()
    weights["backbone.patch_embed.projection.weight"] = torch.randn(2, 3, 2, 2)
    weights["backbone.norm0.weight"] = torch.nn.Parameter(torch.ones(3))
    weights["backbone.norm0.bias"] = torch.zeros(3, dtype=torch.float16)
    weights["bf16"] = torch.tensor([1.5, -2.0], dtype=torch.bfloat16)
    weights["f64"] = torch.tensor([[0.25, 1e300]], dtype=torch.float64)
    weights["index"] = torch.tensor([3, 1, 2], dtype=torch.int64)
    weights["mask"] = torch.tensor([True, False])
    weights["transposed"] = base.t()
    weights["column"] = base[:, 1]
    weights["offset"] = base.reshape(-1)[5:9]
    weights["expanded"] = torch.tensor([2.0]).expand(3, 2)
    weights["scalar"] = torch.tensor(3.5)
    args = argparse.Namespace(lr=0.1, name="seed", flags={1, 2}, device=torch.device("cpu"), size=(4, 2),
                              eps=np.float64(1e-6), steps=np.int64(3))
    return {
        "teacher": weights,
        "epoch": 7,
        "big": 2 ** 80,
        "ratio": -0.5,
        "ok": True,
        "none": None,
        "raw": b"\x00\x01bytes",
        "args": args,
        "optimizer": {"state": {0: {"step": 3, "exp_avg": torch.zeros(3)}},
                      "param_groups": [{"lr": 0.1, "params": [0], "betas": (0.9, 0.999)}]},
        "pairs": {(1, "a"): "tuple key"},
    }


def main():
    s = state()
    torch.save(s, os.path.join(HERE, "zip_p2.pth"))
    torch.save(s, os.path.join(HERE, "zip_p4.pth"), pickle_protocol=4)
    torch.save(s, os.path.join(HERE, "legacy.pth"), _use_new_zipfile_serialization=False)
    arrays = {
        "a.weight": np.arange(6, dtype=np.float32).reshape(2, 3),
        "b": np.asfortranarray(np.arange(6, dtype=np.float64).reshape(3, 2)),
        "c": np.array([5, -1], dtype=np.int64),
        "d": np.array(1.25, dtype=np.float32),
        "e": np.zeros((0, 3), dtype=np.float32),
    }
    np.savez(os.path.join(HERE, "arrays.npz"), **arrays)
    np.savez_compressed(os.path.join(HERE, "arrays_z.npz"), **arrays)
    write_safetensors(os.path.join(HERE, "tensors.safetensors"), {
        "w": np.arange(6, dtype=np.float32).reshape(2, 3),
        "h": np.array([1, 2], dtype=np.float16),
        "i": np.array([[7]], dtype=np.int64),
    })


def write_safetensors(path, arrays):
    codes = {np.dtype(np.float32): "F32", np.dtype(np.float16): "F16", np.dtype(np.int64): "I64"}
    header, blobs, at = {"__metadata__": {"format": "pt"}}, [], 0
    for k, a in arrays.items():
        b = np.ascontiguousarray(a).tobytes()
        header[k] = {"dtype": codes[a.dtype], "shape": list(a.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


if __name__ == "__main__":
    main()
