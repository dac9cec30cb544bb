#!/usr/bin/env bash
# Every comparison of docs/PERFORMANCE.md, back to back in one session, for a quiet machine:
#   Swin-T 256x128 inference at batch 1, 8, 32: ours on SameDiff (planned executor, and SameDiff's
#     own executor for the before/after), ours on ONNX Runtime, PyTorch, and the PyTorch-exported
#     model in ONNX Runtime (the ort-bench kit, when ORT_BENCH_DIR has it);
#   Swin-T training step (forward, backward, AdamW) at batch 8 and 32: ours and PyTorch;
#   the small-model pretraining step (C=16, depths 2-2-2-2, batch 8, 2 global + 2 local crops):
#     ours and PyTorch (bench/solider_pretrain_torch.py).
# Each configuration runs in its own process. Writes every JSON line to $OUT/results.jsonl and one
# table to $OUT/table.md (and prints it).
#   bench/quiet-run.sh [warmup] [iterations]          defaults 1 3; run from the project root
# Environment: OUT (default bench-results-<date>), THREADS (2), BATCHES ("1 8 32"),
#   TRAIN_BATCHES ("8 32"), SKIP ("" or words: inference train pretrain ort-torch samediff-executor),
#   ORT_BENCH_DIR (the ort-bench kit with run.sh; default ../shared/bench/ort), PYTHON (/usr/bin/python3),
#   SOLIDER_JAVA_OPTS (unset: the launcher's default, -Xmx4g -Xms64m -XX:+UseSerialGC), RUN (a prefix for every job, e.g. "cpuslot" on a shared machine).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
warm="${1:-1}"; iters="${2:-3}"
threads="${THREADS:-2}"
py="${PYTHON:-/usr/bin/python3}"
out="${OUT:-bench-results-$(date +%Y%m%d-%H%M)}"
ort_kit="${ORT_BENCH_DIR:-$root/../shared/bench/ort}"
skip=" ${SKIP:-} "
run="${RUN:-}"
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"
export OMP_NUM_THREADS="$threads"

log() { echo "[quiet-run] $(date -Is) load $(cut -d' ' -f1-3 /proc/loadavg): $*" >&2; }

# One benchmark: label, then the command; its last JSON line is tagged with the label and kept.
bench() {
  local label="$1"; shift
  log "$label"
  local line
  line="$($run "$@" 2> "$out/$label.log" | grep '^{' | tail -1)"
  if [[ -z "$line" ]]; then
    log "$label: no result (see $out/$label.log)"
    return
  fi
  echo "{\"label\": \"$label\", \"result\": $line}" >> "$results"
}

# Build once, outside every timing.
./solider --version > /dev/null

echo "$(date -Is) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, threads $threads, load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/machine.txt"

if [[ "$skip" != *" inference "* ]]; then
  for b in ${BATCHES:-1 8 32}; do
    bench "infer-b$b-ours-samediff" ./solider bench backbone --arch tiny --batch "$b" --mode inference \
      --warmup "$warm" --iterations "$iters" --executor planned
    if [[ "$skip" != *" samediff-executor "* ]]; then
      bench "infer-b$b-ours-samediff-old-executor" ./solider bench backbone --arch tiny --batch "$b" --mode inference \
        --warmup "$warm" --iterations "$iters" --executor samediff
    fi
    bench "infer-b$b-ours-onnxruntime" ./solider bench backbone --arch tiny --batch "$b" --mode inference \
      --warmup "$warm" --iterations "$iters" --engine onnxruntime
    bench "infer-b$b-pytorch" "$py" bench/swin_torch.py --arch tiny --batch "$b" --mode inference \
      --warmup "$warm" --iterations "$iters" --threads "$threads"
    if [[ "$skip" != *" ort-torch "* && -x "$ort_kit/run.sh" ]]; then
      bench "infer-b$b-pytorch-export-onnxruntime" env BATCHES="$b" THREADS="$threads" "$ort_kit/run.sh" "$warm" "$iters"
    fi
  done
fi

if [[ "$skip" != *" train "* ]]; then
  for b in ${TRAIN_BATCHES:-8 32}; do
    bench "train-b$b-ours" ./solider bench train-step --arch tiny --batch "$b" --steps "$iters" --warmup "$warm" \
      --trace-every 0
    bench "train-b$b-pytorch" "$py" bench/swin_torch.py --arch tiny --batch "$b" --mode adamw \
      --warmup "$warm" --iterations "$iters" --threads "$threads"
  done
fi

if [[ "$skip" != *" pretrain "* ]]; then
  small=(--embed-dim 16 --depths 2,2,2,2 --heads 1,2,2,4 --batch 8 --local-crops 2 --out-dim 65536)
  bench "pretrain-small-ours" ./solider bench pretrain-step --arch custom "${small[@]}" --steps "$iters" --warmup "$warm"
  bench "pretrain-small-ours-whole-graph" ./solider bench pretrain-step --arch custom "${small[@]}" --no-recompute \
    --steps "$iters" --warmup "$warm"
  bench "pretrain-small-pytorch" "$py" bench/solider_pretrain_torch.py "${small[@]}" --steps "$iters" \
    --warmup "$warm" --threads "$threads"
fi

python3 - "$results" "$out/table.md" "$out/machine.txt" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
r = {x["label"]: x["result"] for x in rows}
def ips(k):
    v = r.get(k)
    return None if v is None else v.get("images_per_s")
def mem(k):
    v = r.get(k)
    return None if v is None else v.get("peak_rss_gb")
def cell(k):
    v, m = ips(k), mem(k)
    return "—" if v is None else f"{v:.2f} ({m:.2f} GB)" if m is not None else f"{v:.2f}"
def ratio(a, b):
    x, y = ips(a), ips(b)
    return "—" if not x or not y else f"{x / y:.2f}"
lines = [f"Machine: {open(sys.argv[3]).read().strip()}", "",
         "| Swin-T 256×128, images/s (peak memory) | ours, SameDiff | ours, ONNX Runtime | PyTorch | "
         "PyTorch export, ONNX Runtime | SameDiff / PyTorch | ours ORT / PyTorch ORT | SameDiff before (old executor) |",
         "|---|---|---|---|---|---|---|---|"]
for b in (1, 8, 32):
    p = f"infer-b{b}-"
    if not any(k.startswith(p) for k in r):
        continue
    lines.append(f"| inference, batch {b} | {cell(p+'ours-samediff')} | {cell(p+'ours-onnxruntime')} | {cell(p+'pytorch')} | "
                 f"{cell(p+'pytorch-export-onnxruntime')} | {ratio(p+'ours-samediff', p+'pytorch')} | "
                 f"{ratio(p+'ours-onnxruntime', p+'pytorch-export-onnxruntime')} | {cell(p+'ours-samediff-old-executor')} |")
for b in (8, 32):
    p = f"train-b{b}-"
    if p + "ours" in r or p + "pytorch" in r:
        lines.append(f"| training step (fwd+bwd+AdamW), batch {b} | {cell(p+'ours')} | — | {cell(p+'pytorch')} | — | "
                     f"{ratio(p+'ours', p+'pytorch')} | — | — |")
if any(k.startswith("pretrain-small") for k in r):
    lines.append(f"| pretraining step, C=16 2-2-2-2, batch 8, 2+2 crops | {cell('pretrain-small-ours')} "
                 f"(whole graph {cell('pretrain-small-ours-whole-graph')}) | — | {cell('pretrain-small-pytorch')} | — | "
                 f"{ratio('pretrain-small-ours', 'pretrain-small-pytorch')} | — | — |")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
log "done: $results, $out/table.md"
