#!/usr/bin/python3
"""Reference values and gradients (PyTorch autograd) for SeqNet's loss terms, computed by the
release's own code where it has it: models/oim.py (OIMLoss, its look-up table and queue updates),
models/seqnet.py (detection_losses, NormAwareEmbedding) and torchvision's
RegionProposalNetwork.compute_loss (with the sampler replaced by fixed draws, since its draws are
random).

Usage: /usr/bin/python3 make_loss_reference.py [--release /work/release/SOLIDER-PersonSearch]
Writes loss_reference.json beside this script.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.rpn import RegionProposalNetwork, RPNHead


def load_release(path):
    """Imports the release's models/oim.py and models/seqnet.py (stubs: ../release_import.py)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import release_import
    release_import.prepare(path)
    from models import oim, seqnet
    return oim, seqnet


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def unit_rows(g, n, d):
    return F.normalize(torch.randn(n, d, generator=g), dim=1)


def oim_case(oim, g, name, lut_size, cq_size, pids, header, fill=True, dim=16):
    loss_fn = oim.OIMLoss(dim, lut_size, cq_size, 0.5, 30.0)
    if fill:
        loss_fn.lut.copy_(unit_rows(g, lut_size, dim))
        loss_fn.cq.copy_(unit_rows(g, cq_size, dim))
        loss_fn.lut[1] = 0.0  # a row never updated yet
    loss_fn.header_cq = header
    lut0, cq0 = loss_fn.lut.clone(), loss_fn.cq.clone()
    x = unit_rows(g, len(pids), dim).requires_grad_(True)
    labels = torch.tensor(pids)
    loss = loss_fn(x, [labels[: len(pids) // 2], labels[len(pids) // 2:]])
    loss.backward()
    return {"name": name, "dim": dim, "lut_size": lut_size, "queue_size": cq_size, "header": header,
            "pids": pids, "inputs": flat(x), "lut": flat(lut0), "queue": flat(cq0),
            "loss": None if loss != loss else float(loss), "grad": [None if v != v else v for v in flat(x.grad)],
            "lut_after": flat(loss_fn.lut), "queue_after": flat(loss_fn.cq), "header_after": int(loss_fn.header_cq)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--release", default="/work/release/SOLIDER-PersonSearch")
    args = ap.parse_args()
    oim, seqnet = load_release(args.release)
    g = torch.Generator().manual_seed(20240517)
    out = {"torch": torch.__version__}

    # OIM: CUHK-like labels (background 0, ids, unlabelled 5555), a queue that wraps around,
    # the PRW quirk (ids beyond the LUT: targets in the queue, embeddings pushed into it), and the
    # all-unlabelled step whose mean over zero targets is NaN in this PyTorch (0 in the release's 1.7.1).
    out["oim"] = [
        oim_case(oim, g, "cuhk", 12, 9, [0, 3, 5555, 12, 0, 1, 5555, 3, 7, 5555, 2, 0], header=7),
        oim_case(oim, g, "prw_quirk", 5, 6, [6, 2, 9, 5555, 0, 1, 9, 4, 5555, 5], header=4),
        oim_case(oim, g, "all_unlabelled", 6, 5, [5555, 0, 5555, 5555, 0, 5555], header=3),
        oim_case(oim, g, "fresh_tables", 6, 5, [2, 2, 5555, 4, 0, 1], header=0, fill=False),
    ]

    # RPN losses through torchvision's compute_loss, the sampler replaced by fixed draws.
    gen = AnchorGenerator(sizes=((32, 64, 128, 256, 512),), aspect_ratios=((0.5, 1.0, 2.0),))
    rpn = RegionProposalNetwork(gen, RPNHead(8, 15), 0.7, 0.3, 256, 0.5, dict(training=100, testing=100),
                                dict(training=100, testing=100), 0.7)
    n_img, a_img = 2, 400
    labels = [torch.randint(-1, 2, (a_img,), generator=g).float() for _ in range(n_img)]
    pos = [(lab == 1) & (torch.rand(a_img, generator=g) < 0.5) for lab in labels]
    neg = [(lab == 0) & (torch.rand(a_img, generator=g) < 0.3) for lab in labels]
    rpn.fg_bg_sampler = lambda _: ([p.to(torch.uint8) for p in pos], [q.to(torch.uint8) for q in neg])
    obj = (torch.randn(n_img * a_img, 1, generator=g) * 2).requires_grad_(True)
    deltas = (torch.randn(n_img * a_img, 4, generator=g) * 0.3).requires_grad_(True)
    targets = [torch.randn(a_img, 4, generator=g) * 0.2 for _ in range(n_img)]
    targets[0][0:40] *= 0.01  # some residuals inside the 1/9 quadratic zone
    lo, lb = rpn.compute_loss(obj, deltas, labels, targets)
    (lo + 3.0 * lb).backward()
    out["rpn"] = {"objectness": flat(obj), "deltas": flat(deltas), "targets": flat(torch.cat(targets)),
                  "positives": ints(torch.nonzero(torch.cat(pos)).squeeze(1)),
                  "negatives": ints(torch.nonzero(torch.cat(neg)).squeeze(1)),
                  "loss_objectness": float(lo), "loss_box": float(lb),
                  "grad_objectness": flat(obj.grad), "grad_deltas_x3": flat(deltas.grad)}

    # Detection losses (release's detection_losses): two images of sampled RoIs.
    n1, n2 = 40, 30
    pl = [torch.randint(0, 3, (n1,), generator=g).clamp(0, 1), torch.randint(0, 3, (n2,), generator=g).clamp(0, 1)]
    bl = [torch.randint(0, 2, (n1,), generator=g), torch.randint(0, 2, (n2,), generator=g)]
    pcs = torch.randn(n1 + n2, 2, generator=g).requires_grad_(True)
    prs = torch.randn(n1 + n2, 8, generator=g).requires_grad_(True)
    bcs = torch.randn(n1 + n2, generator=g).requires_grad_(True)
    brs = (torch.randn(n1 + n2, 8, generator=g) * 0.8).requires_grad_(True)
    pt = [torch.randn(n1, 4, generator=g), torch.randn(n2, 4, generator=g)]
    bt = [torch.randn(n1, 4, generator=g) * 0.5, torch.randn(n2, 4, generator=g) * 0.5]
    losses = seqnet.detection_losses(pcs, prs, pl, pt, bcs, brs, bl, bt)
    total = (losses["loss_proposal_cls"] + 10 * losses["loss_proposal_reg"] + losses["loss_box_cls"]
             + losses["loss_box_reg"])
    total.backward()
    out["detection"] = {"proposal_labels": ints(torch.cat(pl)), "box_labels": ints(torch.cat(bl)),
                        "proposal_logits": flat(pcs), "proposal_regression": flat(prs),
                        "box_logits": flat(bcs), "box_regression": flat(brs),
                        "proposal_targets": flat(torch.cat(pt)), "box_targets": flat(torch.cat(bt)),
                        **{k: float(v) for k, v in losses.items()},
                        "grad_proposal_logits": flat(pcs.grad), "grad_proposal_regression_x10": flat(prs.grad),
                        "grad_box_logits": flat(bcs.grad), "grad_box_regression": flat(brs.grad)}

    # Norm-aware embedding after its projections: the release's NormAwareEmbedding with identity
    # projectors, so its input is the 256-d concatenation. Training (batch statistics, running
    # statistics updated) and evaluation, with upstream gradients for both outputs.
    nae_out = {}
    for mode in ("train", "eval"):
        nae = seqnet.NormAwareEmbedding(featmap_names=["feat_res4", "feat_res5"], in_channels=[128, 128], dim=256)
        for k in nae.projectors:
            nae.projectors[k] = torch.nn.Identity()
        with torch.no_grad():
            nae.rescaler.weight.fill_(0.7)
            nae.rescaler.bias.fill_(-0.2)
            nae.rescaler.running_mean.fill_(3.0)
            nae.rescaler.running_var.fill_(2.0)
        nae.train(mode == "train")
        raw = (torch.randn(12, 256, generator=g) * torch.rand(12, 1, generator=g) * 0.5).requires_grad_(True)
        emb, logits = nae({"feat_res4": raw[:, :128], "feat_res5": raw[:, 128:]})
        ge = torch.randn(12, 256, generator=g)
        gl = torch.randn(12, generator=g)
        ((emb * ge).sum() + (logits * gl).sum()).backward()
        nae_out[mode] = {"raw": flat(raw), "grad_embeddings": flat(ge), "grad_logits": flat(gl),
                         "embeddings": flat(emb), "logits": flat(logits), "grad_raw": flat(raw.grad),
                         "grad_weight": float(nae.rescaler.weight.grad), "grad_bias": float(nae.rescaler.bias.grad),
                         "running_mean": float(nae.rescaler.running_mean), "running_var": float(nae.rescaler.running_var)}
    out["nae"] = nae_out

    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "loss_reference.json"), "w") as f:
        json.dump(out, f)
    for c in out["oim"]:
        print("OIM %s: loss %s, header %d -> %d" % (c["name"], c["loss"], c["header"], c["header_after"]))


if __name__ == "__main__":
    main()
