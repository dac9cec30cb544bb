#!/usr/bin/env bash
# Person search on the synthetic CUHK-SYSU set: does search training work once the backbone tells
# people apart? (docs/SEARCH.md, "Measured on the synthetic CUHK-SYSU and PRW sets")
#
#   scripts/search-experiment.sh                      # the full budget (about 75 minutes on two cores)
#   BUDGET=smoke scripts/search-experiment.sh         # the whole pipeline on small data, a few minutes
#
# 1. Data (./solider synth): the synthetic CUHK-SYSU set of docs/SEARCH.md (seed 0, 202 scenes,
#    TestG100) with 400 unlabelled crops, and a separate Market-1501 re-id set (seed 7, other
#    people: 100 training and 100 test identities, 8 crops each, 128x64).
# 2. Two backbones, both from one SOLIDER checkpoint:
#      solider       SOLIDER pretraining on the unlabelled crops, stopped after $PRE_STEPS steps
#                    (a small custom Swin, C=32, depths 2-2-2-2, heads 1-2-4-8, window 7)
#      solider+reid  the same checkpoint fine-tuned on the re-id set (reid-train, λ $LAMBDA,
#                    $REID_EPOCHS epochs at 128x64): a stand-in for the identity features a
#                    SOLIDER checkpoint pretrained at the release's scale carries
# 3. Each backbone, the same search training (search-train --preset cpu, $SEARCH_EPOCHS epochs with
#    the decay at $MILESTONES, OIM's tables sized to the set: $LUT rows, a $QUEUE-row queue),
#    evaluated before training and every $EVAL_EVERY epochs, then search-test over λ ∈ $LAMBDAS.
# 4. results.md in $OUT: the re-id fine-tuning, each search training's evaluations, the λ sweeps.
#
# Environment: OUT (runs/search), BUDGET (full|smoke), PARALLEL (2: the two search trainings side
# by side, one core each), REID_THREADS (threads of the re-id fine-tuning, which runs alone;
# default all cores), RUN (prefix of every java job, e.g. RUN=cpuslot), SOLIDER (the command,
# default ./solider; point it at a copy of the build for a long run while the sources change), and
# the recipe variables below. A finished training (its folder holds .done) or test (its
# metrics.json exists) is skipped; a training stopped part-way continues with --resume.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
solider="${SOLIDER:-$root/solider}"
OUT="${OUT:-runs/search}"
BUDGET="${BUDGET:-full}"
PARALLEL="${PARALLEL:-2}"
RUN="${RUN:-}"
case "$BUDGET" in
  full)  : "${SCENES:=202}" "${GALLERY:=100}" "${UNLABELED:=400}" "${IDENTITIES:=200}" "${PRE_STEPS:=15}" \
           "${REID_EPOCHS:=24}" "${SEARCH_EPOCHS:=8}" "${MILESTONES:=6}" "${SEARCH_MAX_IT:=0}" "${EVAL_EVERY:=2}" ;;
  smoke) : "${SCENES:=102}" "${GALLERY:=50}" "${UNLABELED:=16}" "${IDENTITIES:=16}" "${PRE_STEPS:=1}" \
           "${REID_EPOCHS:=1}" "${SEARCH_EPOCHS:=1}" "${MILESTONES:=1}" "${SEARCH_MAX_IT:=2}" "${EVAL_EVERY:=0}" ;;
  *) echo "search-experiment: BUDGET must be full or smoke, got $BUDGET" >&2; exit 2 ;;
esac
: "${REID_THREADS:=$(nproc)}"  # the re-id fine-tuning runs alone
: "${LAMBDA:=0.6}" "${LAMBDAS:=0,0.6,1}" "${SEARCH_LR:=0.003}" "${LUT:=100}" "${QUEUE:=500}" "${REID_LR:=0.004}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

ARCH=(--arch custom --embed-dim 32 --depths 2,2,2,2 --heads 1,2,4,8 --window 7)
data="$OUT/data"
mkdir -p "$OUT"
log() { echo "$(date -u +%H:%M:%S) search-experiment: $*" >&2; }
# shellcheck source=experiment-lib.sh
source "$root/scripts/experiment-lib.sh"

if [[ ! -d "$data/cuhk_sysu" ]]; then
  log "synthetic search data → $data"
  sol synth --output "$data" --seed 0 --search-scenes "$SCENES" --unlabeled-images "$UNLABELED" \
    --identities 4 --images-per-identity 2 --distractors 1 --junk 1 --attribute-images 10 \
    --pose-images 6 --parsing-images 6 --detection-images 4
fi
if [[ ! -d "$OUT/reid-data/market1501" ]]; then
  log "synthetic re-id data (other people) → $OUT/reid-data"
  sol synth --output "$OUT/reid-data" --seed 7 --identities "$IDENTITIES" --images-per-identity 8 \
    --search-scenes 0 --unlabeled-images 0 --attribute-images 10 --pose-images 6 --parsing-images 6 \
    --detection-images 4
fi

log "SOLIDER pretraining, $PRE_STEPS steps"
trained "$OUT/pre" pretrain --data "$data/unlabeled" "${ARCH[@]}" --batch 8 --local-crops 2 --out-dim 1024 \
  --head-hidden 256 --head-bottleneck 64 --lr 0.04 --warmup-epochs 1 --momentum-teacher 0.99 --epochs 2 \
  --max-iterations "$PRE_STEPS" --seed 1 --workers 1
log "re-id fine-tuning of the SOLIDER checkpoint"
OMP_NUM_THREADS="$REID_THREADS" trained "$OUT/reid" reid-train \
  --data "$OUT/reid-data/market1501" --pretrained "$OUT/pre/checkpoint.pth" --size 128x64 \
  --identities-per-batch 8 --images-per-identity 4 --lr "$REID_LR" --warmup-epochs 0 --epochs "$REID_EPOCHS" \
  --semantic-weight "$LAMBDA" --workers 1 --eval-before

search() {  # name backbone-file
  local name=$1 backbone=$2 dir="$OUT/$1"
  log "search training from $name"
  trained "$dir/train" search-train --data "$data/cuhk_sysu" --pretrained "$backbone" --preset cpu \
    --epochs "$SEARCH_EPOCHS" --milestones "$MILESTONES" --lr "$SEARCH_LR" --lut-size "$LUT" --queue-size "$QUEUE" \
    --semantic-weight "$LAMBDA" --gallery-size "$GALLERY" --eval-before --eval-every "$EVAL_EVERY" \
    --max-iterations "$SEARCH_MAX_IT" --workers 1
  [[ -f "$dir/test/metrics.json" ]] || sol search-test --checkpoint "$dir/train/model.pth" --data "$data/cuhk_sysu" \
    --preset cpu --gallery-size "$GALLERY" --semantic-weight "$LAMBDAS" --output "$dir/test"
}

start=$(date +%s)
if (( PARALLEL > 1 )); then
  search solider "$OUT/pre/checkpoint.pth" > "$OUT/solider.log" 2>&1 &
  first=$!
  search solider+reid "$OUT/reid/model.pth" > "$OUT/solider+reid.log" 2>&1 \
    || { log "search from solider+reid failed, see $OUT/solider+reid.log"; exit 1; }
  wait "$first" || { log "search from solider failed, see $OUT/solider.log"; exit 1; }
else
  search solider "$OUT/pre/checkpoint.pth"
  search solider+reid "$OUT/reid/model.pth"
fi
log "search runs done in $(( $(date +%s) - start )) s; collecting"
python3 "$root/scripts/search_collect.py" "$OUT"
