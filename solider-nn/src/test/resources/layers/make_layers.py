"""Reference values and gradients of the task-head layers (solider-nn io.solider.nn.blocks / ops /
head), computed by PyTorch and torchvision.

Every case is one `<case>.npz` (numpy.savez) with
  input.<name>       the feature inputs (float32)
  extra.<name>       further inputs without gradient (dropout mask, RoI boxes; float32)
  param.<key>        the module's state dict before the forward pass, keys as torch names them
                     (float32; num_batches_tracked int64)
  gradout.<name>     d loss / d output used for the backward pass (float32)
  output.<name>      the module's outputs
  grad.input.<name>  d loss / d input, where loss = sum over outputs of sum(output * gradout)
  grad.param.<key>   d loss / d parameter
  after.<key>        buffers after the training-mode forward pass (batch norm running statistics)
  output32.<name>    (RoI cases) torchvision's float32 output as well
The module runs in float64 on the float32 values (so the reference is exact to ~1e-15 and a test
measures only the float32 error of the Java side); outputs and gradients are stored as float64.

The PSP composite imports the release's own PSPModule (SCHP networks/AugmentCE2P.py, where
InPlaceABNSync is BatchNorm2d + ReLU), from the path given by --parsing.

Run (Debian python3-torch 1.13, python3-torchvision 0.14), from this folder:
  /usr/bin/python3 make_layers.py [--parsing /work/release/SOLIDER-HumanParsing]
"""
import argparse
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rnd(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).float()


def randomize_bn(bn):
    with torch.no_grad():
        bn.weight.copy_(1 + 0.3 * torch.randn_like(bn.weight))
        bn.bias.copy_(0.3 * torch.randn_like(bn.bias))
        bn.running_mean.copy_(0.5 * torch.randn_like(bn.running_mean))
        bn.running_var.copy_(0.5 + torch.rand_like(bn.running_var) * 1.5)
        bn.num_batches_tracked.fill_(3)


def run(module, inputs, forward, train=True, extra=None):
    """module and inputs in float32; returns the npz dict."""
    out = {}
    for k, v in module.state_dict().items():
        out["param." + k] = v.numpy().copy()
    for k, v in inputs.items():
        out["input." + k] = v.numpy().copy()
    for k, v in (extra or {}).items():
        out["extra." + k] = v.numpy().copy()
    module = module.double()
    module.train(train)
    xs = {k: v.double().requires_grad_() for k, v in inputs.items()}
    ex = {k: v.double() for k, v in (extra or {}).items()}
    ys = forward(module, xs, ex)
    loss = 0
    for k, y in ys.items():
        g = rnd(*y.shape)
        out["gradout." + k] = g.numpy()
        out["output." + k] = y.detach().numpy()
        loss = loss + (y * g.double()).sum()
    loss.backward()
    for k, x in xs.items():
        out["grad.input." + k] = x.grad.numpy()
    for k, p in module.named_parameters():
        out["grad.param." + k] = (p.grad if p.grad is not None else torch.zeros_like(p)).numpy()
    for k, b in module.named_buffers():
        out["after." + k] = b.detach().numpy().copy()
    return out


def single(layer):
    return nn.ModuleDict({"layer": layer})


def apply_layer(m, xs, ex):
    return {"y": m["layer"](xs["x"])}


# ---- Conv2d (stride 1) ----
def conv(seed, cin, cout, k, p, bias, shape):
    torch.manual_seed(seed)
    m = single(nn.Conv2d(cin, cout, k, padding=p, bias=bias))
    return run(m, {"x": rnd(*shape)}, apply_layer)


@case
def conv_k3_p1_bias():
    return conv(1, 5, 7, 3, 1, True, (2, 5, 9, 7))


@case
def conv_k3_p1_nobias_odd():
    return conv(2, 3, 4, 3, 1, False, (2, 3, 11, 13))


@case
def conv_k3_p0_bias():
    return conv(3, 4, 6, 3, 0, True, (3, 4, 6, 5))


@case
def conv_k1_nobias():
    return conv(4, 6, 4, 1, 0, False, (3, 6, 5, 8))


@case
def conv_k1_bias():
    return conv(5, 8, 17, 1, 0, True, (2, 8, 7, 3))


# ---- ConvTranspose2d ----
def deconv(seed, cin, cout, k, s, p, bias, shape):
    torch.manual_seed(seed)
    m = single(nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=0, bias=bias))
    return run(m, {"x": rnd(*shape)}, apply_layer)


@case
def deconv_k4s2p1_nobias():
    return deconv(11, 6, 5, 4, 2, 1, False, (2, 6, 5, 7))


@case
def deconv_k4s2p1_bias():
    return deconv(12, 4, 3, 4, 2, 1, True, (3, 4, 3, 4))


@case
def deconv_k4s4p0_bias():
    return deconv(13, 5, 3, 4, 4, 0, True, (2, 5, 3, 5))


@case
def deconv_k4s4p0_nobias():
    return deconv(14, 3, 4, 4, 4, 0, False, (2, 3, 4, 3))


# ---- BatchNorm ----
def bn(seed, cls, c, shape, train):
    torch.manual_seed(seed)
    layer = cls(c)
    randomize_bn(layer)
    x = rnd(*shape, scale=2.0) + 0.7
    return run(single(layer), {"x": x}, apply_layer, train=train)


@case
def bn2d_train():
    return bn(21, nn.BatchNorm2d, 6, (3, 6, 5, 7), True)


@case
def bn2d_train_batch1_odd():
    return bn(22, nn.BatchNorm2d, 4, (1, 4, 3, 5), True)


@case
def bn2d_eval():
    return bn(23, nn.BatchNorm2d, 6, (2, 6, 4, 5), False)


@case
def bn1d_train():
    return bn(24, nn.BatchNorm1d, 8, (5, 8), True)


@case
def bn1d_train_ncl():
    return bn(25, nn.BatchNorm1d, 4, (3, 4, 6), True)


@case
def bn1d_train_one_feature():
    return bn(26, nn.BatchNorm1d, 1, (6, 1), True)


@case
def bn1d_eval():
    return bn(27, nn.BatchNorm1d, 8, (4, 8), False)


# ---- GroupNorm ----
def gn(seed, groups, c, shape):
    torch.manual_seed(seed)
    layer = nn.GroupNorm(groups, c, eps=1e-5)
    with torch.no_grad():
        layer.weight.copy_(1 + 0.3 * torch.randn(c))
        layer.bias.copy_(0.3 * torch.randn(c))
    return run(single(layer), {"x": rnd(*shape, scale=1.5) + 0.3}, apply_layer)


@case
def groupnorm_32_64():
    return gn(31, 32, 64, (2, 64, 5, 3))


@case
def groupnorm_4_12():
    return gn(32, 4, 12, (3, 12, 7, 5))


# ---- ReLU, Dropout2d, Scale, L2Norm ----
@case
def relu():
    torch.manual_seed(41)
    x = rnd(2, 3, 5, 4)
    x[0, 0, 0, :2] = 0.0  # the gradient at exactly 0 is 0 in torch
    return run(single(nn.ReLU()), {"x": x}, apply_layer)


@case
def dropout2d():
    """torch's own Dropout2d(0.5) draws the mask; the mask it drew is stored as the extra input."""
    torch.manual_seed(42)
    x = rnd(3, 8, 4, 5).abs() + 0.1  # positive, so the mask can be read back as y/x
    layer = nn.Dropout2d(0.5)
    with torch.no_grad():
        gen_state = torch.get_rng_state()
        y = layer.train()(x.double())
        torch.set_rng_state(gen_state)
    mask = (y / x.double()).mean(dim=(2, 3)).float()
    assert set(np.unique(mask.numpy()).tolist()) <= {0.0, 2.0}

    def fwd(m, xs, ex):
        torch.set_rng_state(gen_state)  # the same mask again, under autograd
        return {"y": m["layer"](xs["x"])}

    return run(single(layer), {"x": x}, fwd, extra={"mask": mask})


class ScaleModule(nn.Module):
    """mmdet's Scale (mmdet/models/utils/scale.py): a 0-dim parameter."""

    def __init__(self, scale):
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(scale, dtype=torch.float))

    def forward(self, x):
        return x * self.scale


@case
def scale():
    torch.manual_seed(43)
    return run(single(ScaleModule(1.7)), {"x": rnd(2, 3, 4, 5)}, apply_layer)


class L2NormModule(nn.Module):
    """The CSP neck's L2Norm (Pedestron mmdet/models/necks/csp_neck.py)."""

    def __init__(self, c, scale):
        super().__init__()
        self.eps = 1e-10
        self.weight = nn.Parameter(torch.full((c,), float(scale)))

    def forward(self, x):
        norm = x.pow(2).sum(dim=1, keepdim=True).sqrt() + self.eps
        return self.weight.unsqueeze(0).unsqueeze(2).unsqueeze(3).expand_as(x) * torch.div(x, norm)


@case
def l2norm():
    torch.manual_seed(44)
    layer = L2NormModule(6, 10)
    with torch.no_grad():
        layer.weight.add_(torch.randn(6))
    return run(single(layer), {"x": rnd(2, 6, 5, 4)}, apply_layer)


# ---- AdaptiveAvgPool2d ----
def pool(seed, o, shape):
    torch.manual_seed(seed)
    return run(single(nn.AdaptiveAvgPool2d(o)), {"x": rnd(*shape)}, apply_layer)


@case
def pool_1():
    return pool(51, 1, (2, 3, 13, 9))


@case
def pool_2():
    return pool(52, 2, (2, 3, 13, 9))


@case
def pool_3():
    return pool(53, 3, (2, 3, 13, 9))


@case
def pool_6():
    return pool(54, 6, (2, 3, 13, 9))


@case
def pool_6_from_5x7():
    return pool(55, 6, (2, 2, 5, 7))  # more bins than rows: overlapping bins


# ---- F.interpolate ----
def interp(seed, shape, mode, align=None, size=None, scale=None):
    torch.manual_seed(seed)

    def fwd(m, xs, ex):
        return {"y": F.interpolate(xs["x"], size=size, scale_factor=scale, mode=mode, align_corners=align)}

    return run(nn.Module(), {"x": rnd(*shape)}, fwd)


@case
def bilinear_ac_up():
    return interp(61, (2, 3, 7, 5), "bilinear", True, size=(13, 11))


@case
def bilinear_ac_down():
    return interp(62, (2, 3, 9, 12), "bilinear", True, size=(4, 5))


@case
def bilinear_ac_one_row():
    return interp(63, (2, 2, 1, 4), "bilinear", True, size=(3, 7))


@case
def bilinear_up():
    return interp(64, (2, 3, 7, 5), "bilinear", False, size=(13, 11))


@case
def bilinear_down():
    return interp(65, (2, 3, 9, 12), "bilinear", False, size=(4, 5))


@case
def bilinear_scale_0p75():
    """scale_factor 0.75 on 10x7: output 7x5, coordinates from 1/0.75 (not 10/7, 7/5)."""
    return interp(66, (2, 3, 10, 7), "bilinear", False, scale=0.75)


@case
def bilinear_ac_scale_1p5():
    return interp(67, (2, 3, 7, 5), "bilinear", True, scale=1.5)


@case
def bilinear_ac_36x24_to_143x96():
    """The parsing decoder's size pair (stride 16 → stride 4 of a 572x384 input)."""
    return interp(75, (2, 2, 36, 24), "bilinear", True, size=(143, 96))


@case
def nearest_up():
    return interp(68, (2, 3, 5, 7), "nearest", size=(11, 13))


@case
def nearest_down():
    return interp(69, (2, 3, 8, 6), "nearest", size=(3, 4))


@case
def nearest_scale_2():
    return interp(70, (2, 3, 5, 4), "nearest", scale=2.0)


# ---- torchvision roi_align ----
def boxes(seed, k, batch, img_h, img_w):
    g = torch.Generator().manual_seed(seed)
    rows = []
    for i in range(k):
        x1 = float(torch.empty(1).uniform_(-0.15 * img_w, 0.8 * img_w, generator=g))
        y1 = float(torch.empty(1).uniform_(-0.15 * img_h, 0.8 * img_h, generator=g))
        w = float(torch.empty(1).uniform_(2, 0.7 * img_w, generator=g))
        h = float(torch.empty(1).uniform_(2, 0.9 * img_h, generator=g))
        rows.append([i % batch, x1, y1, x1 + w, y1 + h])
    rows.append([0, 5.0, 6.0, 6.5, 7.0])  # smaller than one cell at scale 1/4
    rows.append([batch - 1, 0.0, 0.0, img_w, img_h])  # the whole image
    rows.append([1 % batch, img_w - 3.0, img_h - 3.0, img_w + 9.0, img_h + 6.0])  # mostly outside
    return torch.tensor(rows, dtype=torch.float32)


def roi(seed, out, sampling, aligned, shape=(2, 5, 13, 17), scale=0.25):
    torch.manual_seed(seed)
    x = rnd(*shape)
    rois = boxes(seed, 6, shape[0], shape[2] / scale, shape[3] / scale)

    def fwd(m, xs, ex):
        return {"y": torchvision.ops.roi_align(xs["x"], ex["rois"], out, spatial_scale=scale,
                                               sampling_ratio=sampling, aligned=aligned)}

    arrays = run(nn.Module(), {"x": x}, fwd, extra={"rois": rois})
    # torchvision's float32 kernel too: it places the samples in float, as the Java side does.
    arrays["output32.y"] = torchvision.ops.roi_align(x, rois, out, spatial_scale=scale, sampling_ratio=sampling,
                                                     aligned=aligned).numpy()
    return arrays


@case
def roi_14_s2_unaligned():
    return roi(71, 14, 2, False)  # person search's box head (MultiScaleRoIAlign 14, sampling 2)


@case
def roi_7_adaptive_unaligned():
    return roi(72, 7, -1, False)


@case
def roi_7_s2_aligned():
    return roi(73, 7, 2, True)


@case
def roi_14_adaptive_aligned():
    return roi(74, 14, -1, True, shape=(3, 4, 9, 11))


# ---- composites ----
@case
def pose_head():
    """mmpose TopdownHeatmapSimpleHead with one deconv layer (the release's config): keys as mmpose's."""
    torch.manual_seed(81)
    head = nn.Module()
    head.deconv_layers = nn.Sequential(
        nn.ConvTranspose2d(24, 16, 4, stride=2, padding=1, output_padding=0, bias=False),
        nn.BatchNorm2d(16), nn.ReLU(inplace=True))
    head.final_layer = nn.Conv2d(16, 17, 1)
    randomize_bn(head.deconv_layers[1])
    with torch.no_grad():
        head.deconv_layers[0].weight.normal_(0, 0.05)
        head.final_layer.weight.normal_(0, 0.1)
        head.final_layer.bias.normal_(0, 0.1)
    m = nn.ModuleDict({"keypoint_head": head})

    def fwd(m, xs, ex):
        h = m["keypoint_head"]
        return {"heatmaps": h.final_layer(h.deconv_layers(xs["x"]))}

    return run(m, {"x": rnd(2, 24, 6, 5)}, fwd)


def psp_case(parsing):
    sys.path.insert(0, parsing + "/networks")
    from AugmentCE2P import PSPModule  # the release's module

    torch.manual_seed(82)
    psp = PSPModule(12, 8, sizes=(1, 2, 3, 6))
    for mod in psp.modules():
        if isinstance(mod, nn.BatchNorm2d):
            randomize_bn(mod)
    m = nn.ModuleDict({"context_encoding": psp})

    def fwd(m, xs, ex):
        return {"y": m["context_encoding"](xs["x"])}

    return run(m, {"x": rnd(2, 12, 13, 9)}, fwd)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parsing", default="/work/release/SOLIDER-HumanParsing",
                    help="checkout of the release's SOLIDER-HumanParsing (for its PSPModule)")
    ap.add_argument("--out", default=".")
    args = ap.parse_args()
    CASES["psp_module"] = lambda: psp_case(args.parsing)
    print("torch", torch.__version__, "torchvision", torchvision.__version__)
    for name, fn in CASES.items():
        arrays = fn()
        np.savez(f"{args.out}/{name}.npz", **arrays)
        print(name, {k: v.shape for k, v in arrays.items() if k.startswith(("input", "output"))})


if __name__ == "__main__":
    main()
