#!/usr/bin/env bash
# corridor run stopped mid-way: by SIGTERM (exit 130, children stopped, --out as it was, no
# staging folder) and by kill -9 (children die with it; the next run removes what it left and
# writes a complete set).
#   interrupt_run.sh CORRIDOR SCENARIO WORKDIR
set -euo pipefail
corridor=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work/tmp"
export TMPDIR=$work/tmp
long=(--replications 4 --jobs 2 --set scenario.horizon_days=40000 --quiet)
fail() { echo "FAILED: $*" >&2; exit 1; }

"$corridor" run "$scenario" --out "$work/out" --quiet --set scenario.horizon_days=1000 >/dev/null
before=$(cat "$work/out/summary.json")

"$corridor" run "$scenario" --out "$work/out" "${long[@]}" >/dev/null 2>&1 & pid=$!
sleep 1.5
kill -TERM $pid
set +e; wait $pid; rc=$?; set -e
[[ $rc == 130 ]] || fail "SIGTERM: exit $rc, expected 130"
[[ $(pgrep -f "horizon_days=40000" | wc -l) == 0 ]] || fail "SIGTERM: replication processes left running"
[[ "$(cat "$work/out/summary.json")" == "$before" ]] || fail "SIGTERM: the previous results changed"
[[ -z $(find "$work" -maxdepth 1 -name '.out.corridor-*') ]] || fail "SIGTERM: staging folder left"
[[ -z $(ls -A "$work/tmp") ]] || fail "SIGTERM: scratch left in TMPDIR"

"$corridor" run "$scenario" --out "$work/out" "${long[@]}" >/dev/null 2>&1 & pid=$!
sleep 1.5
kill -KILL $pid
wait $pid 2>/dev/null || true
sleep 0.5
[[ $(pgrep -f "horizon_days=40000" | wc -l) == 0 ]] || fail "kill -9: replication processes left running"
[[ "$(cat "$work/out/summary.json")" == "$before" ]] || fail "kill -9: the previous results changed"
"$corridor" run "$scenario" --out "$work/out" --quiet --seed 7 --set scenario.horizon_days=1000 >/dev/null
[[ -z $(find "$work" -maxdepth 1 -name '.out.corridor-*') ]] || fail "the next run left the staging folder"
[[ -z $(ls -A "$work/tmp") ]] || fail "the next run left the killed run's scratch in TMPDIR"
grep -q '"seed": 7' "$work/out/summary.json" || fail "the next run's results are not in place"
[[ $(ls -A "$work/out" | sort | tr '\n' ' ') == "border_times.csv network.geojson sections.csv shipments.csv summary.json timeseries.csv " ]] || fail "unexpected files: $(ls -A "$work/out")"
echo "interrupt_run: ok"
