"""PyTorch reference for the SameDiff Swin-block probe.
Usage: /usr/bin/python3 swin_blocks_torch.py [--gelu tanh|erf|sigmoid] [--gen] [--time] [--depth 6]
        [--windows 64 --dim 384 --heads 12 --window 7]   (defaults: Swin-T stage 3, batch 8)
--gen : writes weights/inputs/reference outputs+grads as .npy into $OUT_DIR (Java reads them:
        ./solider bench probe; small shapes make the test fixture of SwinBlockStackTest)
--time: times fwd (no_grad), fwd+bwd, fwd+bwd+Adam step, warm-up 3, median of 10, 2 threads
"""
import argparse, os, time, resource, statistics
import numpy as np, torch
torch.set_num_threads(2)
p = argparse.ArgumentParser()
p.add_argument('--gelu', default='tanh'); p.add_argument('--gen', action='store_true'); p.add_argument('--time', action='store_true')
p.add_argument('--depth', type=int, default=6); p.add_argument('--iters', type=int, default=10); p.add_argument('--warmup', type=int, default=3)
p.add_argument('--leak', type=int, default=0)
p.add_argument('--windows', type=int, default=64); p.add_argument('--dim', type=int, default=384)
p.add_argument('--heads', type=int, default=12); p.add_argument('--window', type=int, default=7)
a = p.parse_args()
D = os.environ.get('OUT_DIR', '/tmp/swin_blocks_ref')
os.makedirs(D, exist_ok=True)
NB, C, H, WS = a.windows, a.dim, a.heads, a.window
N = WS * WS
HD = C // H; SCALE = HD ** -0.5

def rel_index():
    coords = torch.stack(torch.meshgrid(torch.arange(WS), torch.arange(WS), indexing='ij'))
    cf = torch.flatten(coords, 1)
    rel = cf[:, :, None] - cf[:, None, :]
    rel = rel.permute(1, 2, 0).contiguous()
    rel[:, :, 0] += WS - 1; rel[:, :, 1] += WS - 1; rel[:, :, 0] *= 2 * WS - 1
    return rel.sum(-1).flatten()  # (2401,)

def gelu(x):
    if a.gelu == 'erf': return torch.nn.functional.gelu(x)
    if a.gelu == 'tanh': return torch.nn.functional.gelu(x, approximate='tanh')
    return x * torch.sigmoid(1.702 * x)

class Block(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.n1 = torch.nn.LayerNorm(C); s.qkv = torch.nn.Linear(C, 3 * C); s.proj = torch.nn.Linear(C, C)
        s.table = torch.nn.Parameter(torch.randn((2 * WS - 1) ** 2, H) * 0.02)
        s.n2 = torch.nn.LayerNorm(C); s.fc1 = torch.nn.Linear(C, 4 * C); s.fc2 = torch.nn.Linear(4 * C, C)
        with torch.no_grad():  # non-trivial LN params so the check is meaningful
            for n in (s.n1, s.n2): n.weight.uniform_(0.5, 1.5); n.bias.uniform_(-0.1, 0.1)
    def forward(s, x, idx):
        B_, N_, C_ = x.shape
        h = s.n1(x)
        qkv = s.qkv(h).reshape(B_, N_, 3, H, HD).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q * SCALE) @ k.transpose(-2, -1)
        bias = s.table[idx].view(N_, N_, H).permute(2, 0, 1)
        attn = (attn + bias.unsqueeze(0)).softmax(-1)
        o = (attn @ v).transpose(1, 2).reshape(B_, N_, C_)
        x = x + s.proj(o)
        return x + s.fc2(gelu(s.fc1(s.n2(x))))

torch.manual_seed(0)
blocks = torch.nn.ModuleList([Block() for _ in range(a.depth)])
idx = rel_index()
x = torch.randn(NB, N, C)
G = torch.randn(NB, N, C)  # loss = sum(out * G)
def fwd(x):
    for b in blocks: x = b(x, idx)
    return x

if a.gen:
    np.save(f'{D}/x.npy', x.numpy()); np.save(f'{D}/G.npy', G.numpy()); np.save(f'{D}/relidx.npy', idx.numpy().astype(np.int32))
    for i, b in enumerate(blocks):
        np.save(f'{D}/b{i}_ln1_g.npy', b.n1.weight.detach().numpy()); np.save(f'{D}/b{i}_ln1_b.npy', b.n1.bias.detach().numpy())
        np.save(f'{D}/b{i}_qkv_w.npy', b.qkv.weight.detach().t().contiguous().numpy()); np.save(f'{D}/b{i}_qkv_b.npy', b.qkv.bias.detach().numpy())
        np.save(f'{D}/b{i}_table.npy', b.table.detach().numpy())
        np.save(f'{D}/b{i}_proj_w.npy', b.proj.weight.detach().t().contiguous().numpy()); np.save(f'{D}/b{i}_proj_b.npy', b.proj.bias.detach().numpy())
        np.save(f'{D}/b{i}_ln2_g.npy', b.n2.weight.detach().numpy()); np.save(f'{D}/b{i}_ln2_b.npy', b.n2.bias.detach().numpy())
        np.save(f'{D}/b{i}_fc1_w.npy', b.fc1.weight.detach().t().contiguous().numpy()); np.save(f'{D}/b{i}_fc1_b.npy', b.fc1.bias.detach().numpy())
        np.save(f'{D}/b{i}_fc2_w.npy', b.fc2.weight.detach().t().contiguous().numpy()); np.save(f'{D}/b{i}_fc2_b.npy', b.fc2.bias.detach().numpy())
    xx = x.clone().requires_grad_(True)
    out = fwd(xx); loss = (out * G).sum(); loss.backward()
    sfx = a.gelu
    np.save(f'{D}/ref_out_{sfx}.npy', out.detach().numpy()); np.save(f'{D}/ref_dx_{sfx}.npy', xx.grad.numpy())
    np.save(f'{D}/ref_d_b0_qkv_w_{sfx}.npy', blocks[0].qkv.weight.grad.t().contiguous().numpy())
    np.save(f'{D}/ref_d_b0_table_{sfx}.npy', blocks[0].table.grad.numpy())
    np.save(f'{D}/ref_d_b0_ln1_g_{sfx}.npy', blocks[0].n1.weight.grad.numpy())
    np.save(f'{D}/ref_d_b5_fc1_w_{sfx}.npy', blocks[-1].fc1.weight.grad.t().contiguous().numpy())
    print('wrote reference to', os.path.abspath(D), 'loss', loss.item())

def rss_mb():
    with open('/proc/self/status') as f:
        d = dict(l.split(':', 1) for l in f)
    return int(d['VmRSS'].split()[0]) / 1024, int(d['VmHWM'].split()[0]) / 1024

def bench(fn, name):
    for _ in range(a.warmup): fn()
    ts, cs = [], []
    for _ in range(a.iters):
        t0 = time.perf_counter(); c0 = time.process_time(); fn()
        ts.append((time.perf_counter() - t0) * 1000); cs.append((time.process_time() - c0) * 1000)
    # cpu: process CPU time, steadier than wall time when other jobs share the cores
    print(f'TORCH {name:12s} median {statistics.median(ts):8.1f} ms  min {min(ts):8.1f}  max {max(ts):8.1f}'
          f'  cpu {statistics.median(cs):8.1f} ms')

def f_fwd():
    with torch.no_grad(): fwd(x)
def f_bwd():
    for p_ in blocks.parameters(): p_.grad = None
    (fwd(x) * G).sum().backward()
opt = torch.optim.Adam(blocks.parameters(), lr=1e-4)
def f_adam():
    opt.zero_grad(set_to_none=True); (fwd(x) * G).sum().backward(); opt.step()
if a.time:
    print(f'torch {torch.__version__} threads={torch.get_num_threads()} gelu={a.gelu} depth={a.depth}')
    bench(f_fwd, 'fwd'); bench(f_bwd, 'fwd+bwd'); bench(f_adam, 'fwd+bwd+adam')
    print('RSS MB now %.0f peak %.0f' % rss_mb())
if a.leak:
    for i in range(a.leak):
        f_bwd()
        if i % 20 == 0 or i == a.leak - 1: print('iter', i, 'RSS MB %.0f peak %.0f' % rss_mb())
