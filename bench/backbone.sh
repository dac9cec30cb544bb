#!/usr/bin/env bash
# Runs the backbone benchmark matrix of docs/PERFORMANCE.md, one JVM per configuration (so each
# peak-memory figure belongs to its configuration), and prints one JSON line per run.
#   bench/backbone.sh [iterations]     (default 5 timed runs after 2 warm-ups; fewer for batch 32)
set -euo pipefail
cd "$(dirname "$0")/.."
iters="${1:-5}"
for arch in tiny small; do
  for batch in 1 8 32; do
    n=$iters; [[ $batch == 32 ]] && n=$(( iters < 3 ? iters : 3 ))
    ./solider bench backbone --arch "$arch" --batch "$batch" --mode inference --warmup 2 --iterations "$n"
  done
  ./solider bench backbone --arch "$arch" --batch 8 --mode train --warmup 1 --iterations "$(( iters < 3 ? iters : 3 ))" --profile
done
