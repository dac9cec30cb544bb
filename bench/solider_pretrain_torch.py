"""PyTorch side of the small-model pretraining benchmark: one SOLIDER pretraining step (method of
the paper, as docs/ and `./solider bench pretrain-step` implement it) timed like the Java
benchmark. Benchmark only: random images and weights, no data loading or augmentation.

  /usr/bin/python3 bench/solider_pretrain_torch.py --embed-dim 16 --depths 2,2,2,2 --heads 1,2,2,4 \
      --batch 8 --local-crops 2 --warmup 1 --steps 3
  /usr/bin/python3 bench/solider_pretrain_torch.py --threads 1 --profile          # + time and GFLOP per phase

The step, with batch B: teacher (λ = 1) on the 2 global views → last-stage maps; teacher
(λ ∈ {0, 1} per image) → DINO targets; k-means part labels per map (2 clusters on token norms,
then 3 on the foreground tokens); one part erased in the kept images (masked views); student on
[masked; global 1; global 2] at 256×128 and the local views at 128×64; DINO loss (τ_s 0.1, τ_t
0.04, centred teacher) over pairs of different views; semantic loss (part classifier on the
last-stage tokens of the masked views and their unmasked views, weighted by λ); AdamW with no
decay on biases and 1-D parameters, per-parameter clipping to norm 3; EMA teacher (m 0.996).
Heads as the Java benchmark's custom architecture: MLP in→64→64→32, L2-normalise,
weight-normalised Linear(32→K) with the gain fixed at 1 (K = --out-dim), part classifier K = 4;
--head-hidden 2048 --head-bottleneck 256 are the release's widths.

The step is run as the recomputing Java student runs it: backbone outputs detached, heads and
losses backward to them, then the backbones' backward from those gradients (the same numbers as
one backward). --profile adds, per phase, the median milliseconds of the timed steps and the
GFLOP per image torch.profiler(with_flops=True) counts in one extra step (it counts matrix
products, convolutions and elementwise mul/add; softmax, GELU, LayerNorm, k-means and the
optimisers' elementwise work are not counted: the hand count in docs/PERFORMANCE.md adds them).

The backbone classes are swin_torch.py's own (its source up to the timing loop is executed with
the architecture replaced), so both benchmarks time the same backbone code.
Needs Debian's python3-torch; prints one JSON line.
"""
import argparse, json, os, resource, statistics, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("--embed-dim", type=int, default=16)
p.add_argument("--depths", default="2,2,2,2"); p.add_argument("--heads", default="1,2,2,4")
p.add_argument("--batch", type=int, default=8); p.add_argument("--local-crops", type=int, default=2)
p.add_argument("--out-dim", type=int, default=65536); p.add_argument("--parts", type=int, default=3)
p.add_argument("--global-size", default="256x128")
p.add_argument("--warmup", type=int, default=1); p.add_argument("--steps", type=int, default=3)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--head-hidden", type=int, default=64); p.add_argument("--head-bottleneck", type=int, default=32)
p.add_argument("--profile", action="store_true", help="time and GFLOP per phase")
p.add_argument("--swin-torch", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "swin_torch.py"))
a = p.parse_args()
torch.set_num_threads(a.threads)
GH, GW = (int(v) for v in a.global_size.lower().split("x"))

# swin_torch.py's model classes, with this benchmark's architecture.
src = open(a.swin_torch).read()
src = src[:src.index("torch.manual_seed(0)")]
ns = {"__name__": "swin_torch"}
argv, sys.argv = sys.argv, ["swin_torch.py", "--threads", str(a.threads)]
exec(compile(src, a.swin_torch, "exec"), ns)
sys.argv = argv
ns["C"], ns["DEPTHS"], ns["HEADS"] = a.embed_dim, [int(v) for v in a.depths.split(",")], \
    [int(v) for v in a.heads.split(",")]
C = a.embed_dim


def backbone_maps(m, img, sw):
    """swin_torch.py's Swin.forward, returning the last-stage map (B, 8C, h, w) and the pooled features."""
    h, w = img.shape[2:]
    x = m.proj(F.pad(img, (0, (4 - w % 4) % 4, 0, (4 - h % 4) % 4)))
    hw = tuple(x.shape[2:])
    x = m.pnorm(x.flatten(2).transpose(1, 2))
    for i in range(4):
        for blk in m.stages[i]:
            x = blk(x, hw)
        out, out_hw = x, hw
        if i < 3:
            x, hw = m.merges[i](x, hw)
            x = x * F.softplus(m.sw[i](sw)).unsqueeze(1) + m.sb[i](sw).unsqueeze(1)
    o = m.norms[3](out).view(-1, *out_hw, C << 3).permute(0, 3, 1, 2)
    return o, o.mean((2, 3))


class Head(nn.Module):
    """DINO head: MLP (GELU) to the bottleneck, L2-normalise, weight-normalised Linear without bias, gain 1."""
    def __init__(s, d, out, hidden=64, bottleneck=32):
        super().__init__()
        s.mlp = nn.Sequential(nn.Linear(d, hidden), nn.GELU(), nn.Linear(hidden, hidden), nn.GELU(),
                              nn.Linear(hidden, bottleneck))
        s.v = nn.Parameter(torch.randn(out, bottleneck) * 0.02)

    def forward(s, x):
        x = F.normalize(s.mlp(x), dim=-1)
        return x @ F.normalize(s.v, dim=-1).t()


class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.backbone = ns["Swin"](0.1)
        s.head = Head(C << 3, a.out_dim, a.head_hidden, a.head_bottleneck)
        s.part = Head(C << 3, a.parts + 1, a.head_hidden, a.head_bottleneck)


def kmeans(x, k, iters=10):
    c = x[torch.linspace(0, len(x) - 1, k).long()].clone()
    for _ in range(iters):
        lab = torch.cdist(x, c).argmin(1)
        for j in range(k):
            if (lab == j).any():
                c[j] = x[lab == j].mean(0)
    return lab, c


def part_labels(maps):
    """Pseudo part labels (N, h, w): 0 background, 1..P by mean row; None for a skipped image."""
    out = []
    for fm in maps:
        tok = fm.flatten(1).t()                           # (h·w, C)
        lab, c = kmeans(tok.norm(dim=1, keepdim=True), 2)
        fg = lab == c.squeeze(1).argmax()
        if fg.sum() <= tok.shape[0] // 2:
            out.append(None); continue
        plab, _ = kmeans(tok[fg], a.parts)
        rows = torch.arange(tok.shape[0])[fg] // fm.shape[2]
        order = sorted(range(a.parts), key=lambda j: rows[plab == j].float().mean().item() if (plab == j).any() else 1e9)
        full = torch.zeros(tok.shape[0], dtype=torch.long)
        for rank, j in enumerate(order):
            full[fg.nonzero().squeeze(1)[plab == j]] = rank + 1
        out.append(full.view(fm.shape[1], fm.shape[2]))
    return out


torch.manual_seed(0)
student = Net(); teacher = Net(); teacher.load_state_dict(student.state_dict())
for q in teacher.parameters():
    q.requires_grad_(False)
decay = [q for n, q in student.named_parameters() if q.ndim > 1 and not n.endswith(".bias")]
no_decay = [q for n, q in student.named_parameters() if not (q.ndim > 1 and not n.endswith(".bias"))]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.04}, {"params": no_decay, "weight_decay": 0.0}],
                        lr=5e-4 * a.batch / 256)
center = torch.zeros(1, a.out_dim)
B, N = a.batch, a.local_crops
times, cpu = [], []
phase_ms = {}     # phase → milliseconds of each timed step
phase_flops = {}  # phase → FLOP counted by torch.profiler in the FLOP step


class Phase:
    """Times a phase of a timed step, or counts its FLOP in the FLOP step."""
    mode = None

    def __init__(s, name):
        s.name = name

    def __enter__(s):
        if Phase.mode == "flops":
            s.prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], with_flops=True)
            s.prof.__enter__()
        s.t = time.perf_counter()

    def __exit__(s, *exc):
        dt = time.perf_counter() - s.t
        if Phase.mode == "time":
            phase_ms.setdefault(s.name, []).append(dt * 1e3)
        elif Phase.mode == "flops":
            s.prof.__exit__(None, None, None)
            phase_flops[s.name] = phase_flops.get(s.name, 0) + sum(e.flops for e in s.prof.key_averages())


def step():
    global center
    g = torch.randn(2 * B, 3, GH, GW)
    loc = torch.randn(N * B, 3, GH // 2, GW // 2)
    student.train()
    with torch.no_grad():
        with Phase("teacher"):
            ones = torch.tensor([[1.0, 0.0]]).repeat(2 * B, 1)
            maps, _ = backbone_maps(teacher.backbone, g, ones)
            lam = torch.randint(0, 2, (B,)).float().repeat(2)
            sw = torch.stack([lam, 1 - lam], 1)
            _, tp = backbone_maps(teacher.backbone, g, sw)
            t_logits = teacher.head(tp)
        with Phase("clustering"):
            labels = part_labels(maps)
        with Phase("masking"):
            kept = [j for j, l in enumerate(labels) if l is not None]
            k = int(torch.randint(1, a.parts + 1, (1,)))
            masked = g[kept].clone()
            for r, j in enumerate(kept):
                up = F.interpolate(labels[j][None, None].float(), size=(GH, GW), mode="nearest")[0, 0]
                masked[r, :, up == k] = 0
    views = torch.cat([masked, g]); vsw = torch.cat([sw[kept], sw])
    with Phase("student backbone forward, global"):
        smaps_b, spool_b = backbone_maps(student.backbone, views, vsw)
    with Phase("student backbone forward, local"):
        lsw = sw[:B].repeat(N, 1)
        _, lpool_b = backbone_maps(student.backbone, loc, lsw)
    smaps, spool, lpool = (t.detach().requires_grad_() for t in (smaps_b, spool_b, lpool_b))
    with Phase("heads and losses forward"):
        s_logits = student.head(torch.cat([spool[len(kept):], lpool])) / 0.1
        t_prob = F.softmax((t_logits - center) / 0.04, dim=-1).chunk(2)
        s_logp = F.log_softmax(s_logits, dim=-1).chunk(2 + N)
        dino, pairs = 0.0, 0
        for iq, q in enumerate(t_prob):
            for v, lp in enumerate(s_logp):
                if v != iq:
                    dino = dino + (-(q * lp).sum(-1)).mean(); pairs += 1
        dino = dino / pairs
        sem = torch.zeros(())
        if kept:
            tok = torch.cat([smaps[:len(kept)], smaps[len(kept):][kept]]).flatten(2).transpose(1, 2)
            lab = torch.stack([labels[j] for j in kept] * 2).flatten(1)
            w = torch.cat([vsw[:len(kept), 0]] * 2)[:, None].expand_as(lab)
            ce = F.cross_entropy(student.part(tok).flatten(0, 1), lab.flatten(), reduction="none")
            sem = (ce * w.flatten()).mean()
        loss = dino + sem
    opt.zero_grad(set_to_none=True)
    with Phase("heads and losses backward"):
        loss.backward()
    with Phase("student backbone backward"):
        torch.autograd.backward([smaps_b, spool_b, lpool_b], [smaps.grad, spool.grad, lpool.grad])
    with Phase("clip"):
        for q in student.parameters():
            if q.grad is not None:
                torch.nn.utils.clip_grad_norm_(q, 3.0)
    with Phase("adamw"):
        opt.step()
    with torch.no_grad():
        with Phase("ema"):
            for qs, qt in zip(student.parameters(), teacher.parameters()):
                qt.mul_(0.996).add_(qs.detach(), alpha=0.004)
        with Phase("center"):
            center = 0.9 * center + 0.1 * t_logits.mean(0, keepdim=True)


for i in range(a.warmup + a.steps):
    Phase.mode = "time" if a.profile and i >= a.warmup else None
    t0, c0 = time.perf_counter(), time.process_time()
    step()
    if i >= a.warmup:
        times.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
if a.profile:
    Phase.mode = "flops"
    step()
    for name, ms in phase_ms.items():
        print(json.dumps({"phase": name, "median_ms": round(statistics.median(ms), 1),
                          "gflop_per_image": round(phase_flops.get(name, 0) / 1e9 / B, 4)}))
med = statistics.median(times)
print(json.dumps({"impl": "pytorch " + torch.__version__, "bench": "pretrain-step", "embed_dim": C,
                  "depths": ns["DEPTHS"], "heads": ns["HEADS"], "batch": B, "local_crops": N, "out_dim": a.out_dim,
                  "head_hidden": a.head_hidden, "head_bottleneck": a.head_bottleneck,
                  "global_size": a.global_size, "median_s": round(med, 3), "min_s": round(min(times), 3),
                  "images_per_s": round(B / med, 3), "cpu_s": round(statistics.median(cpu), 3),
                  "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 3),
                  "threads": a.threads}))
