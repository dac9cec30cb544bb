#!/usr/bin/python3
"""The release's SeqNet (models/seqnet.py, models/swin.py, its Swin class) with a tiny Swin, run in
inference on one scene: the reference for the whole person-search model here (checkpoint loading,
trunk, RPN, test proposals, RoI Align, box head, Faster R-CNN predictor, first-stage
post-processing, re-id head, box regressor, norm-aware embedding, second-stage post-processing,
query embeddings).

The release builds its Swin by name (swin_tiny/small/base); build_swin is replaced by one that
builds the release's own SwinTransformer class with C = 8, depths 1-1-1-1, heads 1-1-2-2, window 4,
wrapped in the release's Backbone and Res5Head exactly as build_swin wraps it. Every parameter and
batch-norm buffer is perturbed (fixed seed) so that nothing sits at a trivial initial value, and
the Faster R-CNN predictor's person bias is raised so that the scene has detections.

Usage: /usr/bin/python3 make_model_reference.py [--release /work/release/SOLIDER-PersonSearch]
Writes seqnet_tiny.pth ({'model': state_dict, 'epoch': 0}, as the release's train.py saves it,
with torchvision 0.14's key names), scene.png and model_reference.npz beside this script.
"""
import argparse
import os
import sys

import numpy as np
import torch
import torchvision.transforms.functional as TF
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
QUERY_BOXES = [[10.0, 20.0, 52.0, 108.0], [120.0, 6.0, 171.0, 115.0]]


def stub_yacs():
    """defaults.py needs yacs's CfgNode (not packaged for Debian): a dict with attribute access."""
    try:
        import yacs.config  # noqa: F401
        return
    except ImportError:
        pass
    import types

    class CfgNode(dict):
        def __getattr__(self, k):
            if k.startswith("__"):
                raise AttributeError(k)
            return self[k]

        def __setattr__(self, k, v):
            self[k] = v

        def clone(self):
            return CfgNode({k: v.clone() if isinstance(v, CfgNode) else v for k, v in self.items()})

        def merge_from_list(self, items):
            for k, v in zip(items[0::2], items[1::2]):
                node = self
                *path, last = k.split(".")
                for p in path:
                    node = node[p]
                node[last] = v

    yacs = types.ModuleType("yacs")
    yacs.config = types.ModuleType("yacs.config")
    yacs.config.CfgNode = CfgNode
    sys.modules["yacs"] = yacs
    sys.modules["yacs.config"] = yacs.config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--release", default="/work/release/SOLIDER-PersonSearch")
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(HERE, ".."))
    import release_import
    release_import.prepare(args.release)
    torch.Tensor.cuda = lambda self, *a, **k: self  # the release's backbone moves λ to the GPU
    stub_yacs()
    from defaults import get_default_cfg
    from models import seqnet
    from models import swin as release_swin
    from models.swin_transformer import SwinTransformer

    def tiny_swin(name="swin_tiny", semantic_weight=1.0):
        swin = SwinTransformer(patch_size=4, window_size=4, embed_dims=8, depths=(1, 1, 1, 1), num_heads=(1, 1, 2, 2),
                               drop_path_rate=0.1, semantic_weight=semantic_weight)
        return release_swin.Backbone(swin, 32), release_swin.Res5Head(swin, 32), 64

    seqnet.build_swin = tiny_swin
    cfg = get_default_cfg()
    cfg.merge_from_list(["INPUT.MIN_SIZE", 96, "INPUT.MAX_SIZE", 160, "MODEL.SEMANTIC_WEIGHT", 0.6,
                         "MODEL.LOSS.LUT_SIZE", 20, "MODEL.LOSS.CQ_SIZE", 10,
                         "MODEL.RPN.PRE_NMS_TOPN_TEST", 300, "MODEL.RPN.POST_NMS_TOPN_TEST", 40])
    torch.manual_seed(0)
    model = seqnet.SeqNet(cfg)
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if t.dtype != torch.float32:
                continue
            if "running_var" in name:
                t.copy_(0.5 + torch.rand(t.shape, generator=g))
            elif "reid_loss" in name:
                t.copy_(torch.nn.functional.normalize(torch.randn(t.shape, generator=g), dim=1))
            else:
                t.add_(0.05 * torch.randn(t.shape, generator=g))
        model.roi_heads.faster_rcnn_predictor.cls_score.bias[1] += 3.0
    model.eval()

    # A scene with structure at several scales (smooth blobs + noise), 120 x 200.
    yy, xx = np.mgrid[0:120, 0:200].astype(np.float32)
    rng = np.random.default_rng(2)
    img = np.stack([128 + 90 * np.sin(xx / 13 + c) * np.cos(yy / 9 - c) for c in range(3)], axis=2)
    img += rng.normal(0, 20, img.shape)
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(os.path.join(HERE, "scene.png"))
    x = TF.to_tensor(Image.open(os.path.join(HERE, "scene.png")).convert("RGB"))

    out = {}
    with torch.no_grad():
        images, _ = model.transform([x])
        feats = model.backbone(images.tensors)
        out["input"] = images.tensors.numpy()
        out["feat_res4"] = feats["feat_res4"].numpy()
        proposals, _ = model.rpn(images, feats)
        out["proposals"] = proposals[0].numpy()
        det = model([x])[0]
        out["det_boxes"] = det["boxes"].numpy()
        out["det_scores"] = det["scores"].numpy()
        out["det_embeddings"] = det["embeddings"].numpy()
        q = model([x], [{"boxes": torch.tensor(QUERY_BOXES)}])
        out["query_boxes"] = np.array(QUERY_BOXES, dtype=np.float32)
        out["query_embeddings"] = torch.cat(q).numpy()
    np.savez(os.path.join(HERE, "model_reference.npz"), **{k: v.astype(np.float32) for k, v in out.items()})
    torch.save({"model": model.state_dict(), "epoch": 0}, os.path.join(HERE, "seqnet_tiny.pth"))
    print({k: v.shape for k, v in out.items()})


if __name__ == "__main__":
    main()
