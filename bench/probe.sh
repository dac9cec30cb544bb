#!/usr/bin/env bash
# Six-block probe, SameDiff against PyTorch in one session: PyTorch (bench/swin_blocks_torch.py
# --time), then `./solider bench probe` for each backward mode, then PyTorch again, so that ratios
# come from back-to-back runs. Generates the reference ($OUT_DIR, default /tmp/swin_blocks_ref)
# if missing.
#   bench/probe.sh [warmup] [iterations]        PROBE_MODES="per-block whole" (default per-block)
# The whole-graph backward holds about 10 GB: give it SOLIDER_JAVA_OPTS with a large enough
# -Dorg.bytedeco.javacpp.maxphysicalbytes and check `free -g` first.
set -euo pipefail
cd "$(dirname "$0")/.."
warm="${1:-3}"; iters="${2:-10}"
ref="${OUT_DIR:-/tmp/swin_blocks_ref}"
if [[ ! -f "$ref/ref_out_erf.npy" ]]; then
  OUT_DIR="$ref" /usr/bin/python3 bench/swin_blocks_torch.py --gelu erf --gen
fi
torch() { /usr/bin/python3 bench/swin_blocks_torch.py --time --gelu erf --warmup "$warm" --iters "$iters"; }
uptime
torch
for mode in ${PROBE_MODES:-per-block}; do
  SOLIDER_JAVA_OPTS="${SOLIDER_JAVA_OPTS:--Xmx2g -Dorg.bytedeco.javacpp.maxphysicalbytes=6G}" \
    ./solider bench probe --reference "$ref" --backward "$mode" --warmup "$warm" --iterations "$iters" 2>/dev/null
done
torch
uptime
