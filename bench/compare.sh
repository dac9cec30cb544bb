#!/usr/bin/env bash
# Backbone benchmark, SameDiff against PyTorch on the same machine in one session: for each
# configuration runs the Java benchmark, then the PyTorch one (bench/swin_torch.py), each in its
# own process, and prints both JSON lines. Ratios from one run are what docs/PERFORMANCE.md quotes.
#   bench/compare.sh [warmup] [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
warm="${1:-2}"; iters="${2:-3}"
run() {  # arch batch mode
  ./solider bench backbone --arch "$1" --batch "$2" --mode "$3" --warmup "$warm" --iterations "$iters" 2>/dev/null | tail -1
  /usr/bin/python3 bench/swin_torch.py --arch "$1" --batch "$2" --mode "$3" --warmup "$warm" --iterations "$iters"
}
for arch in tiny small; do
  for batch in 1 8 32; do run "$arch" "$batch" inference; done
  run "$arch" 8 train
done
