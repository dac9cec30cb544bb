# Helpers shared by the experiment scripts (effect-experiment.sh, search-experiment.sh); sourced
# once RUN (a prefix of every java job, may be empty) and solider (the command) are set.

# sol COMMAND ARGS…: one ./solider command.
sol() { $RUN "$solider" "$@"; }

# trained DIR COMMAND ARGS…: a training command whose output folder is DIR, run to its end once. A run
# stopped part-way (DIR/checkpoint.pth without DIR/.done) continues with --resume; only a run that
# finished is skipped, so a stopped experiment never evaluates a half-trained model.
trained() {
  local dir=$1; shift
  [[ -f "$dir/.done" ]] && return 0
  local resume=()
  [[ -f "$dir/checkpoint.pth" ]] && resume=(--resume)
  sol "$@" --output "$dir" "${resume[@]}" && touch "$dir/.done"
}
