#!/usr/bin/env python3
"""Generates the checkpoint test resources next to this script (run once; tests never call Python).

Usage (from the repository root, with Debian's python3-torch 1.13 and numpy):
    /usr/bin/python3 solider-nn/src/test/resources/checkpoints/make_layouts.py

Input: ../fixtures/tiny/teacher_ckpt.pth, a release checkpoint {"teacher": {"backbone.*", "head.*"}}.
Outputs (all small; the derived layouts hold the backbone "layout subset" = every backbone key
except stages.2.* and stages.3.*, plus the head keys where a wrapper would carry them):
  expected.json          per backbone key of the full fixture: shape, dtype, float64 sum, first values
  layout_subset.json     the backbone keys (without prefix) every derived layout must yield
  bare.pth               bare backbone state dict, keys without prefix (relative_position_index kept)
  state_dict_module.pth  {"state_dict": {"module.backbone.*", "module.head.*"}}
  model_module.pth       {"model": {"module.*"}}  (module. prefix, no backbone. prefix)
  full_pretrain.pth      {"student", "teacher", "optimizer" (real AdamW state), "epoch", "args"
                         (argparse.Namespace with numpy scalars, a set, a torch.device), "dino_loss"}
  legacy.pth             {"teacher": ...} with _use_new_zipfile_serialization=False
  backbone.npz           numpy.savez of the bare subset (keys with dots)
  backbone.safetensors   the bare subset, written by hand (format: 8-byte LE header length, JSON)
  half.pth               {"teacher": subset as float16}
  noncontig.pth          views (transpose, column slice, storage offset, expand) + contiguous copies
  protocol4.pth          {"model": {"module.backbone.norm0.*"}} saved with pickle_protocol=4
  malicious.pth          a torch-style zip whose data.pkl REDUCEs os.system
"""
import argparse
import collections
import io
import json
import os
import struct
import zipfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "fixtures", "tiny", "teacher_ckpt.pth")


def main():
    teacher = torch.load(SRC)["teacher"]
    torch.manual_seed(0)

    expected = {}
    for k, v in teacher.items():
        if k.startswith("backbone."):
            flat = v.reshape(-1)
            expected[k[len("backbone."):]] = {
                "shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                "sum": float(v.double().sum()), "first": [float(x) for x in flat[:3]]}
    dump_json("expected.json", expected)

    def in_subset(k):
        return not (k.startswith("backbone.stages.2.") or k.startswith("backbone.stages.3."))

    sub = collections.OrderedDict((k, v.clone()) for k, v in teacher.items() if in_subset(k))
    bare = collections.OrderedDict(
        (k[len("backbone."):], v) for k, v in sub.items() if k.startswith("backbone."))
    dump_json("layout_subset.json", [k for k in bare if not k.endswith("relative_position_index")])

    save(bare, "bare.pth")
    save({"state_dict": collections.OrderedDict(("module." + k, v) for k, v in sub.items())},
         "state_dict_module.pth")
    save({"model": collections.OrderedDict(("module." + k, v) for k, v in bare.items())},
         "model_module.pth")
    save({"teacher": sub}, "legacy.pth", legacy=True)
    save({"teacher": collections.OrderedDict(
        (k, v.half() if v.is_floating_point() else v) for k, v in sub.items())}, "half.pth")

    # A full pretraining checkpoint: the student differs from the teacher, so a reader that
    # picks the wrong one fails the value comparison.
    student = collections.OrderedDict(
        (k, torch.nn.Parameter(v + 0.5) if v.is_floating_point() else v.clone())
        for k, v in sub.items())
    params = [p for p in student.values() if isinstance(p, torch.nn.Parameter)]
    opt = torch.optim.AdamW(params, lr=5e-4, weight_decay=0.04)
    sum(p.sum() for p in params).backward()
    opt.step()
    args = argparse.Namespace(
        arch="swin_tiny", lr=0.0005, epochs=100, out_dim=65536, patch_size=4,
        semantic_weight=np.float64(0.5), momentum_teacher=np.float32(0.996),
        batch_size=np.int64(64), use_fp16=True, gpu=None, device=torch.device("cpu"),
        crops=(2, 8), tags={"luperson"}, data_path="/data/LUPerson")
    save({"student": student, "teacher": sub, "optimizer": opt.state_dict(), "epoch": 3,
          "args": args, "dino_loss": {"center": torch.randn(1, 32)}}, "full_pretrain.pth")

    np.savez(os.path.join(HERE, "backbone.npz"), **{k: v.numpy() for k, v in bare.items()})
    write_safetensors(bare, os.path.join(HERE, "backbone.safetensors"))

    x = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.37 - 3.0
    views = collections.OrderedDict([
        ("transposed", x.t()), ("columns", x[:, 1:3]),
        ("offset", x.reshape(-1)[5:17].reshape(3, 4)), ("expanded", x[0:1, :].expand(3, 6)),
        ("scalar", torch.tensor(2.5)), ("long_t", torch.arange(6).reshape(2, 3).t())])
    for k in list(views):
        views[k + "_ref"] = views[k].contiguous().clone()
    save(views, "noncontig.pth")

    torch.save({"model": collections.OrderedDict(
        [("module.backbone.norm0.weight", bare["norm0.weight"]), ("module.backbone.norm0.bias", bare["norm0.bias"])])},
        os.path.join(HERE, "protocol4.pth"), pickle_protocol=4)

    write_malicious(os.path.join(HERE, "malicious.pth"))


def save(obj, name, legacy=False):
    torch.save(obj, os.path.join(HERE, name), _use_new_zipfile_serialization=not legacy)


def dump_json(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def write_safetensors(tensors, path):
    codes = {torch.float32: "F32", torch.float16: "F16", torch.int64: "I64", torch.float64: "F64"}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for k, v in tensors.items():
        b = v.contiguous().numpy().tobytes()
        header[k] = {"dtype": codes[v.dtype], "shape": list(v.shape),
                     "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def write_malicious(path):
    # What an attacker's "checkpoint" looks like: unpickling it with pickle.load runs `true`.
    pkl = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("malicious/data.pkl", pkl)
        z.writestr("malicious/version", "3\n")


if __name__ == "__main__":
    main()
