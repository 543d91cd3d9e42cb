#!/bin/sh
# Batch throughput: speedup from 1 to 2 workers on short runs, and the fixed cost of one run
# (fork, engine start-up, summary, atomic result file). Needs hyperfine.
#   bench/batch_speedup.sh [CORRIDOR] [WORKDIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corridor=${1:-$here/build/corridor}
work=${2:-${TMPDIR:-/tmp}/corridor-batch-bench}
experiments=$here/tests/scenarios/experiments
rm -rf "$work"
mkdir -p "$work"
cp "$experiments/border-base.yaml" "$work/"

# Short runs: the 12 cases of the border experiment (40 simulated days, about 1,000 trucks each), 4 replications.
short=$experiments/border.yaml
# Empty runs: a horizon of 15 minutes, so a run's time is nearly all overhead.
cat > "$work/empty.yaml" <<'YAML'
experiment:
  scenario: border-base.yaml
  replications: 200
factors:
  - name: horizon
    levels:
      quarter_hour: {scenario.horizon_days: 0.0104, scenario.warmup_days: 0}
YAML

echo "cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# The machine's own ceiling: two long CPU-bound runs one after the other, then at once.
long="$corridor run $work/border-base.yaml --set scenario.horizon_days=3000 --set scenario.replications=1 --quiet"
hyperfine --warmup 1 --runs 3 --export-json "$work/ceiling.json" \
  -n "2 long runs in turn" "$long --out $work/l1 && $long --out $work/l2" \
  -n "2 long runs at once" "$long --out $work/l1 & $long --out $work/l2; wait"
# The machine's ceiling for work made of short processes: 400 runs of /bin/true (fork, exec,
# exit, no computation) by one and by two parallel streams. A batch of short runs is mostly
# this kind of kernel work; on a machine where it does not scale, neither can the batch.
hyperfine -N --warmup 1 --runs 5 --export-json "$work/processes.json" \
  -n "400 processes, 1 stream" "sh -c 'seq 400 | xargs -P1 -n1 true'" \
  -n "400 processes, 2 streams" "sh -c 'seq 400 | xargs -P2 -n1 true'"
hyperfine --warmup 1 --runs 5 --export-json "$work/speedup.json" \
  --prepare "rm -rf $work/out" \
  -n "jobs=1" "$corridor batch $short --replications 4 --jobs 1 --quiet --out $work/out" \
  -n "jobs=2" "$corridor batch $short --replications 4 --jobs 2 --quiet --out $work/out"
hyperfine --warmup 1 --runs 5 --export-json "$work/overhead.json" \
  --prepare "rm -rf $work/out" \
  -n "200 empty runs, jobs=1" "$corridor batch $work/empty.yaml --jobs 1 --quiet --out $work/out"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
s = {r["command"]: r for r in json.load(open(f"{work}/speedup.json"))["results"]}
one, two = s["jobs=1"]["mean"], s["jobs=2"]["mean"]
print(f"48 short runs: jobs=1 {one:.2f} s, jobs=2 {two:.2f} s, speedup {one / two:.2f}x (goal >= 1.8x)")
o = json.load(open(f"{work}/overhead.json"))["results"][0]
cpu = lambda r: r["user"] + r["system"]
print(f"CPU time: jobs=1 {cpu(s['jobs=1']):.2f} s, jobs=2 {cpu(s['jobs=2']):.2f} s "
      f"(x{cpu(s['jobs=2']) / cpu(s['jobs=1']):.2f}: more than 1 means the two workers slow each other down)")
c = {r["command"]: r["mean"] for r in json.load(open(f"{work}/ceiling.json"))["results"]}
print(f"machine ceiling: two long CPU-bound runs at once are {c['2 long runs in turn'] / c['2 long runs at once']:.2f}x "
      "faster than in turn (2.00x on two free cores)")
p = {r["command"]: r["mean"] for r in json.load(open(f"{work}/processes.json"))["results"]}
print(f"machine ceiling for short processes: 400 x true, 1 -> 2 streams: speedup "
      f"{p['400 processes, 1 stream'] / p['400 processes, 2 streams']:.2f}x (2.00x where process creation "
      "scales over two cores)")
print(f"per-run overhead (process start-up, engine set-up, result file): {o['mean'] / 200 * 1000:.1f} ms wall, "
      f"{cpu(o) / 200 * 1000:.1f} ms CPU")
print(f"short run, all included: {one / 48 * 1000:.1f} ms")
PY
