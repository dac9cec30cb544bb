"""PyTorch side of the backbone benchmark: the SOLIDER Swin backbone (mmseg-style, as the release
runs it: corner padding, window padding, shifted windows in every stage, unfold merging, semantic
controller) with random weights, timed like `./solider bench backbone`. Prints one JSON line per
configuration. Run next to the Java benchmark so ratios come from one session:
  /usr/bin/python3 bench/swin_torch.py --arch tiny --batch 8 --mode inference
Mode adamw is `./solider bench train-step`'s step: drop path 0.1 (linear over the blocks),
loss = sum(pooled * R) with a fixed random R, backward, AdamW(lr 5e-4, weight decay 0.04).
Needs Debian's python3-torch.
"""
import argparse, json, resource, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--arch", default="tiny"); p.add_argument("--batch", type=int, default=8)
p.add_argument("--mode", default="inference"); p.add_argument("--height", type=int, default=256)
p.add_argument("--width", type=int, default=128); p.add_argument("--warmup", type=int, default=2)
p.add_argument("--iterations", type=int, default=5); p.add_argument("--threads", type=int, default=2)
p.add_argument("--drop-path", type=float, default=0.1)
a = p.parse_args()
torch.set_num_threads(a.threads)
ARCH = {"tiny": (96, [2, 2, 6, 2], [3, 6, 12, 24]), "small": (96, [2, 2, 18, 2], [3, 6, 12, 24]),
        "base": (128, [2, 2, 18, 2], [4, 8, 16, 32])}
C, DEPTHS, HEADS = ARCH[a.arch]
WIN = 7


def window_partition(x, w):
    b, h, ww, c = x.shape
    return x.view(b, h // w, w, ww // w, w, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, w * w, c)


def window_reverse(win, h, ww, w):
    b = win.shape[0] // ((h // w) * (ww // w))
    return win.view(b, h // w, ww // w, w, w, -1).permute(0, 1, 3, 2, 4, 5).reshape(b, h, ww, -1)


def drop_path(x, p, training):
    if p == 0 or not training:
        return x
    keep = x.new_empty(x.shape[0], 1, 1).bernoulli_(1 - p).div_(1 - p)
    return x * keep


class Block(nn.Module):
    def __init__(s, c, heads, shift, dp=0.0):
        super().__init__()
        s.c, s.heads, s.shift, s.dp = c, heads, shift, dp
        s.norm1 = nn.LayerNorm(c); s.qkv = nn.Linear(c, 3 * c); s.proj = nn.Linear(c, c)
        s.table = nn.Parameter(torch.randn((2 * WIN - 1) ** 2, heads) * 0.02)
        s.norm2 = nn.LayerNorm(c); s.fc1 = nn.Linear(c, 4 * c); s.fc2 = nn.Linear(4 * c, c)
        coords = torch.stack(torch.meshgrid(torch.arange(WIN), torch.arange(WIN), indexing="ij")).flatten(1)
        rel = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0)
        s.register_buffer("idx", ((rel[..., 0] + WIN - 1) * (2 * WIN - 1) + rel[..., 1] + WIN - 1).view(-1), False)

    def forward(s, x, hw):
        b, L, c = x.shape
        h, w = hw
        shortcut = x
        x = s.norm1(x).view(b, h, w, c)
        pr, pb = (WIN - w % WIN) % WIN, (WIN - h % WIN) % WIN
        x = F.pad(x, (0, 0, 0, pr, 0, pb))
        hp, wp = h + pb, w + pr
        mask = None
        if s.shift:
            x = torch.roll(x, (-s.shift, -s.shift), (1, 2))
            img = torch.zeros(1, hp, wp, 1)
            cnt = 0
            for hs in (slice(0, -WIN), slice(-WIN, -s.shift), slice(-s.shift, None)):
                for ws in (slice(0, -WIN), slice(-WIN, -s.shift), slice(-s.shift, None)):
                    img[:, hs, ws, :] = cnt; cnt += 1
            mw = window_partition(img, WIN).squeeze(-1)
            mask = (mw.unsqueeze(1) - mw.unsqueeze(2))
            mask = mask.masked_fill(mask != 0, -100.0)
        win = window_partition(x, WIN)
        bw, n, _ = win.shape
        qkv = s.qkv(win).reshape(bw, n, 3, s.heads, c // s.heads).permute(2, 0, 3, 1, 4)
        attn = (qkv[0] * (c // s.heads) ** -0.5) @ qkv[1].transpose(-2, -1)
        attn = attn + s.table[s.idx].view(n, n, -1).permute(2, 0, 1).unsqueeze(0)
        if mask is not None:
            nw = mask.shape[0]
            attn = (attn.view(bw // nw, nw, s.heads, n, n) + mask.unsqueeze(1).unsqueeze(0)).view(-1, s.heads, n, n)
        o = s.proj((attn.softmax(-1) @ qkv[2]).transpose(1, 2).reshape(bw, n, c))
        x = window_reverse(o, hp, wp, WIN)
        if s.shift:
            x = torch.roll(x, (s.shift, s.shift), (1, 2))
        x = shortcut + drop_path(x[:, :h, :w, :].reshape(b, L, c), s.dp, s.training)
        return x + drop_path(s.fc2(F.gelu(s.fc1(s.norm2(x)))), s.dp, s.training)


class Merge(nn.Module):
    def __init__(s, c):
        super().__init__(); s.norm = nn.LayerNorm(4 * c); s.red = nn.Linear(4 * c, 2 * c, bias=False)

    def forward(s, x, hw):
        b, L, c = x.shape
        h, w = hw
        x = F.pad(x.view(b, h, w, c).permute(0, 3, 1, 2), (0, w % 2, 0, h % 2))
        x = F.unfold(x, 2, stride=2).transpose(1, 2)
        return s.red(s.norm(x)), ((h + 1) // 2, (w + 1) // 2)


class Swin(nn.Module):
    def __init__(s, dpr=0.0):
        super().__init__()
        n = sum(DEPTHS)
        rates = [dpr * k / (n - 1) for k in range(n)]
        s.proj = nn.Conv2d(3, C, 4, 4); s.pnorm = nn.LayerNorm(C)
        s.stages = nn.ModuleList(); s.merges = nn.ModuleList(); s.norms = nn.ModuleList()
        s.sw = nn.ModuleList(); s.sb = nn.ModuleList()
        for i in range(4):
            c = C << i
            first = sum(DEPTHS[:i])
            s.stages.append(nn.ModuleList([Block(c, HEADS[i], 0 if j % 2 == 0 else WIN // 2, rates[first + j])
                                           for j in range(DEPTHS[i])]))
            s.merges.append(Merge(c) if i < 3 else nn.Identity())
            s.norms.append(nn.LayerNorm(c))
            out = 2 * c if i < 3 else c
            s.sw.append(nn.Linear(2, out)); s.sb.append(nn.Linear(2, out))

    def forward(s, img, sw):
        h, w = img.shape[2:]
        x = s.proj(F.pad(img, (0, (4 - w % 4) % 4, 0, (4 - h % 4) % 4)))
        hw = tuple(x.shape[2:])
        x = s.pnorm(x.flatten(2).transpose(1, 2))
        out = None
        for i in range(4):
            for blk in s.stages[i]:
                x = blk(x, hw)
            out, out_hw = x, hw
            if i < 3:
                x, hw = s.merges[i](x, hw)
                x = x * F.softplus(s.sw[i](sw)).unsqueeze(1) + s.sb[i](sw).unsqueeze(1)
        o = s.norms[3](out).view(-1, *out_hw, C << 3).permute(0, 3, 1, 2)
        return o.mean((2, 3))


torch.manual_seed(0)
adamw = a.mode == "adamw"
m = Swin(a.drop_path if adamw else 0.0)
x = torch.randn(a.batch, 3, a.height, a.width)
sw = torch.tensor([[0.5, 0.5]]).repeat(a.batch, 1)
train = a.mode in ("train", "adamw")
m.train(train)
R = torch.randn(a.batch, C << 3)
opt = torch.optim.AdamW(m.parameters(), lr=5e-4, weight_decay=0.04) if adamw else None
times, cpu = [], []
for i in range(a.warmup + a.iterations):
    t0 = time.perf_counter()
    c0 = time.process_time()
    if adamw:
        opt.zero_grad(set_to_none=True)
        (m(x, sw) * R).sum().backward()
        opt.step()
    elif train:
        m.zero_grad(set_to_none=True)
        m(x, sw).sum().backward()
    else:
        with torch.no_grad():
            m(x, sw)
    if i >= a.warmup:
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
med = statistics.median(times)
print(json.dumps({"impl": "pytorch " + torch.__version__, "arch": a.arch, "mode": a.mode, "batch": a.batch,
                  "input": f"{a.height}x{a.width}", "median_s": round(med, 3), "min_s": round(min(times), 3),
                  "images_per_s": round(a.batch / med, 3), "cpu_s": round(statistics.median(cpu), 3),
                  "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 3),
                  "threads": a.threads}))
