#!/usr/bin/env bash
# Issue 19's experiment: does SOLIDER pretraining help at a scale two CPU cores can run?
#
#   scripts/effect-experiment.sh                      # the full budget (about one hour on two cores, estimate)
#   BUDGET=smoke scripts/effect-experiment.sh         # the whole pipeline on tiny data, a few minutes
#   OUT=runs/effect SEEDS="1 2 3" scripts/effect-experiment.sh
#
# 1. One synthetic data set (./solider synth): unlabelled person crops for pretraining, a
#    Market-1501 re-id set and a PA-100K attribute set, all at 128x64.
# 2. For each seed, three backbones:
#      solider  SOLIDER pretraining (DINO + semantic clustering, λ drawn 0/1 per image)
#      dino     DINO only: --semantic-loss 0 --fixed-lambda $DINO_LAMBDA
#      none     no pretraining (the random backbone of the seed)
#    Pretraining: a small custom Swin (C=16, depths 2-2-2-2, heads 1-2-2-4, window 4), global
#    crops 128x64, 2 local crops 64x32, batch 16, smaller heads than the release (hidden 256,
#    bottleneck 64, K = 4096; DINO's own ablations vary K and the head), base lr 0.005 per 256
#    images (at 0.04 both settings collapse, docs/EFFECT.md), teacher momentum 0.99
#    (0.996 barely moves the teacher in a few hundred steps), the whole student graph
#    (--no-recompute: faster for a model this small, docs/PERFORMANCE.md).
# 3. Each backbone, one short recipe per task:
#      reid-ft      reid-train (fine-tune, training λ 0.2 as the release, 40 epochs at $REID_SIZE
#                   64x32: at 128x64 the 8 epochs the hour allows learn nothing from any start,
#                   docs/EFFECT.md) → reid-test over λ
#      reid-frozen  reid-test on the pretrained teacher itself (frozen features, no training), at $REID_SIZE
#      attr-ft      attr-train (fine-tune, training λ 0.8 as the release) → attr-test over λ
#      attr-probe   attr-probe (the converged linear probe on cached frozen features) → attr-test over λ
#    Every test runs at λ ∈ $LAMBDAS on the last model (model.pth; never the test-selected best).
#    For "none", reid-frozen reads a teacher written by one pretraining step with teacher
#    momentum 1 (the teacher keeps its initial weights: the seed's random backbone).
# 4. results.csv (one row per setting, seed, task, λ, metric) and results.md (mean ± standard
#    deviation over the seeds, setting × task × λ) in $OUT.
#
# Environment: OUT (runs/effect), BUDGET (full|smoke), SEEDS ("1 2"), LAMBDAS (0,0.2,0.5,0.8,1),
# PARALLEL (2: seeds run side by side, one core each), RUN (prefix of every java job, e.g.
# RUN=cpuslot on a shared machine), SOLIDER (the command, default ./solider; point it at a copy of
# the build for a long run while the sources change), and the budget and recipe variables below
# (SIZE, LOCAL_SIZE, LOCAL_CROPS, PRE_BATCH, PRE_LR, MOMENTUM, TEACHER_TEMP, REID_SIZE, ...). A finished training (its folder
# holds .done) or test (its metrics.json exists) is skipped; a training stopped part-way continues
# with --resume, so a stopped run continues where it stopped (delete a folder to redo it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
solider="${SOLIDER:-$root/solider}"
OUT="${OUT:-runs/effect}"
BUDGET="${BUDGET:-full}"
SEEDS="${SEEDS:-1 2}"
LAMBDAS="${LAMBDAS:-0,0.2,0.5,0.8,1}"
PARALLEL="${PARALLEL:-2}"
RUN="${RUN:-}"
DINO_LAMBDA="${DINO_LAMBDA:-0.5}"
case "$BUDGET" in
  full)  : "${UNLABELED:=2000}" "${IDENTITIES:=200}" "${ATTR_IMAGES:=2000}" "${PRE_EPOCHS:=2}" "${PRE_MAX_IT:=0}" \
           "${REID_EPOCHS:=40}" "${ATTR_EPOCHS:=6}" "${PROBE_EPOCHS:=200}" ;;
  smoke) : "${UNLABELED:=48}" "${IDENTITIES:=16}" "${ATTR_IMAGES:=60}" "${PRE_EPOCHS:=1}" "${PRE_MAX_IT:=2}" \
           "${REID_EPOCHS:=1}" "${ATTR_EPOCHS:=1}" "${PROBE_EPOCHS:=1}" ;;
  *) echo "effect-experiment: BUDGET must be full or smoke, got $BUDGET" >&2; exit 2 ;;
esac
: "${PRE_BATCH:=16}" "${PRE_LR:=0.005}" "${PRE_WARMUP:=1}" "${MOMENTUM:=0.99}" "${TEACHER_TEMP:=0.04}"
: "${SIZE:=128x64}" "${LOCAL_SIZE:=64x32}" "${LOCAL_CROPS:=2}"
: "${REID_SIZE:=64x32}"
: "${REID_LR:=0.004}" "${ATTR_LR:=1e-4}" "${ATTR_HEAD_LR:=1e-3}" "${PROBE_HEAD_LR:=3e-3}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export SOLIDER_JAVA_OPTS="${SOLIDER_JAVA_OPTS:--Xmx2g -Dorg.bytedeco.javacpp.maxphysicalbytes=5G}"

ARCH=(--arch custom --embed-dim 16 --depths 2,2,2,2 --heads 1,2,2,4 --window 4)
data="$OUT/data"
mkdir -p "$OUT"
log() { echo "$(date -u +%H:%M:%S) effect-experiment: $*" >&2; }
# shellcheck source=experiment-lib.sh
source "$root/scripts/experiment-lib.sh"

if [[ ! -d "$data/unlabeled" ]]; then
  log "synthetic data → $data"
  sol synth --output "$data" --seed 0 --identities "$IDENTITIES" --images-per-identity 8 --cameras 6 \
    --distractors 0 --junk 0 --attribute-images "$ATTR_IMAGES" --pose-images 0 --parsing-images 0 \
    --detection-images 0 --search-scenes 0 --unlabeled-images "$UNLABELED" --crop-height 128 --crop-width 64
fi

pretrain() {  # setting seed → $OUT/<setting>-s<seed>/pretrain/teacher.pth
  local setting=$1 seed=$2 dir="$OUT/$1-s$2/pretrain" extra=() momentum=$MOMENTUM
  [[ -f "$dir/.done" ]] && return 0
  case "$setting" in
    solider) extra=() ;;
    dino) extra=(--semantic-loss 0 --fixed-lambda "$DINO_LAMBDA") ;;
    none) momentum=1 ;;
  esac
  local epochs=$PRE_EPOCHS maxit=$PRE_MAX_IT
  [[ $setting == none ]] && { epochs=1; maxit=1; }
  log "pretrain $setting seed $seed"
  trained "$dir" pretrain --data "$data/unlabeled" "${ARCH[@]}" --size "$SIZE" --local-size "$LOCAL_SIZE" \
    --local-crops "$LOCAL_CROPS" --teacher-temp "$TEACHER_TEMP" --batch-size "$PRE_BATCH" --epochs "$epochs" --max-iterations "$maxit" --warmup-epochs "$PRE_WARMUP" \
    --lr "$PRE_LR" --momentum-teacher "$momentum" --out-dim 4096 --head-hidden 256 --head-bottleneck 64 \
    --no-recompute --workers 1 --seed "$seed" "${extra[@]}"
}

downstream() {  # setting seed
  local setting=$1 seed=$2 base="$OUT/$1-s$2" pre=()
  [[ $setting != none ]] && pre=(--pretrained "$base/pretrain/teacher.pth")
  if [[ ! -f "$base/reid-ft/test/metrics.json" ]]; then
    log "reid fine-tune $setting seed $seed"
    trained "$base/reid-ft" reid-train --data "$data/market1501" "${ARCH[@]}" \
      --size "$REID_SIZE" "${pre[@]}" --epochs "$REID_EPOCHS" --warmup-epochs 0 --lr "$REID_LR" \
      --identities-per-batch 8 --images-per-identity 4 --workers 1 --seed "$seed"
    sol reid-test --checkpoint "$base/reid-ft/model.pth" --data "$data/market1501" "${ARCH[@]}" --size "$REID_SIZE" \
      --semantic-weight "$LAMBDAS" --output "$base/reid-ft/test"
  fi
  if [[ ! -f "$base/reid-frozen/metrics.json" ]]; then
    log "reid frozen features $setting seed $seed"
    sol reid-test --checkpoint "$base/pretrain/teacher.pth" --data "$data/market1501" "${ARCH[@]}" --size "$REID_SIZE" \
      --semantic-weight "$LAMBDAS" --output "$base/reid-frozen"
  fi
  if [[ ! -f "$base/attr-ft/test/metrics.json" ]]; then
    log "attributes fine-tune $setting seed $seed"
    trained "$base/attr-ft" attr-train --data "$data/pa100k" "${ARCH[@]}" --size "$SIZE" "${pre[@]}" \
      --epochs "$ATTR_EPOCHS" --lr "$ATTR_LR" --head-lr "$ATTR_HEAD_LR" --batch-size 32 --workers 1 --seed "$seed"
    sol attr-test --checkpoint "$base/attr-ft/model.pth" --data "$data/pa100k" "${ARCH[@]}" --size "$SIZE" \
      --semantic-weight "$LAMBDAS" --batch-size 32 --output "$base/attr-ft/test"
  fi
  if [[ ! -f "$base/attr-probe/test/metrics.json" ]]; then
    # the converged linear probe on cached frozen features (attr-probe); "none" probes its random teacher
    log "attributes linear probe $setting seed $seed"
    [[ -f "$base/attr-probe/.done" ]] || { sol attr-probe --data "$data/pa100k" --output "$base/attr-probe" \
      --pretrained "$base/pretrain/teacher.pth" --size "$SIZE" --batch-size 16 --head-lr "$PROBE_HEAD_LR" \
      --epochs "$PROBE_EPOCHS" --seed "$seed" && touch "$base/attr-probe/.done"; }
    sol attr-test --checkpoint "$base/attr-probe/model.pth" --data "$data/pa100k" "${ARCH[@]}" --size "$SIZE" \
      --semantic-weight "$LAMBDAS" --batch-size 32 --output "$base/attr-probe/test"
  fi
}

one_seed() {
  local seed=$1 setting
  for setting in solider dino none; do pretrain "$setting" "$seed"; done
  for setting in solider dino none; do downstream "$setting" "$seed"; done
}

start=$(date +%s)
pids=()
for seed in $SEEDS; do
  one_seed "$seed" > "$OUT/seed$seed.log" 2>&1 &
  pids+=($!)
  if (( ${#pids[@]} >= PARALLEL )); then
    wait "${pids[0]}" || { log "seed pipeline failed, see $OUT/seed*.log"; exit 1; }
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || { log "seed pipeline failed, see $OUT/seed*.log"; exit 1; }
done
log "all runs done in $(( $(date +%s) - start )) s; collecting"
python3 "$root/scripts/effect_collect.py" "$OUT" --seeds $SEEDS
