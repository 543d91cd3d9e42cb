#!/bin/sh
# Interrupting a batch at any moment loses nothing finished and reads nothing half-written:
# kill -9 a batch mid-way, Ctrl-C (SIGINT) another, resume both, and compare them byte for
# byte with a batch that ran uninterrupted.
#   interrupt_resume.sh CORRIDOR EXPERIMENT WORKDIR
set -eu
corridor=$1 experiment=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
options="--replications 6 --jobs 2 --quiet"

count_results() { find "$1/runs" -name 'rep-*.json' 2>/dev/null | wc -l; }

# Starts a batch in the background and sends SIGNAL once at least AFTER runs are finished.
interrupt() { # DIR SIGNAL AFTER [--resume]
  dir=$1 signal=$2 after=$3
  shift 3
  "$corridor" batch "$experiment" --out "$dir" $options "$@" &
  pid=$!
  while [ "$(count_results "$dir")" -lt "$after" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: the batch ended before it could be interrupted"; exit 1; }
    sleep 0.02
  done
  kill -s "$signal" "$pid"
  status=0
  wait "$pid" || status=$?
  echo "batch in $dir stopped by SIG$signal after $(count_results "$dir") runs: exit $status"
  [ -e "$dir/results.csv" ] && { echo "FAIL: an interrupted batch wrote results.csv"; exit 1; }
  return 0
}

"$corridor" batch "$experiment" --out "$work/whole" $options
total=$(count_results "$work/whole")

interrupt "$work/killed" KILL 10
interrupt "$work/killed" KILL 30 --resume # kill -9 the resumed batch too
"$corridor" batch "$experiment" --out "$work/killed" $options --resume

interrupt "$work/ctrl-c" INT 20
[ "$status" -eq 130 ] || { echo "FAIL: SIGINT should exit with 130, got $status"; exit 1; }
"$corridor" batch "$experiment" --out "$work/ctrl-c" $options --resume

for dir in killed ctrl-c; do
  cmp "$work/whole/results.csv" "$work/$dir/results.csv"
  cmp "$work/whole/replications.csv" "$work/$dir/replications.csv"
  diff -r -x .lock "$work/whole" "$work/$dir"
  if find "$work/$dir" -name '*.tmp-*' | grep -q .; then echo "FAIL: temporary files left in $dir"; exit 1; fi
done
echo "PASS: $total runs; interrupted batches resumed to the same bytes"
