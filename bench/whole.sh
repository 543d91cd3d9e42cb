#!/usr/bin/env bash
# Whole-process benchmarks: the commands as a user runs them, results written, timed from
# outside (wall seconds and peak memory of the process and its children, GNU time), each the
# best of three by wall time.
#   bench/whole.sh [BUILD_DIR=build]
# 1. model 1 (M/M/5) and model 2 (tandem), 1e6 trucks: `corridor run` writing shipments.csv,
#    against SimPy and the plain C++ loop as whole processes;
# 2. memory against shipments and replications (model 1 from 1e5 to 1e7 trucks);
# 3. cost per shipment as volume grows: Almaty-Karachi at 1x, 4x and 16x Karachi-port volume;
# 4. start-up: `corridor --version` and a one-day run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
corridor=$build/corridor
python=/usr/bin/python3 # Debian's, which has python3-simpy3
work=${TMPDIR:-/tmp}/corridor-whole-bench
[[ -x $corridor && -x $build/bench/plain/plain_loop ]] || { echo "build first: cmake --build $build" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "install GNU time (Debian package time)" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"

# "wall_s peak_mb" of one run of a command (its output thrown away).
once() {
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>"$work/stderr" ||
    { echo "failed: $* ($(head -c 300 "$work/stderr"))" >&2; return 1; }
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/time"
}
best_of_three() {
  local best="" try
  for _ in 1 2 3; do
    try=$(once "$@") || return 1
    if [[ -z $best ]] || awk -v a="${try% *}" -v b="${best% *}" 'BEGIN{exit !(a < b)}'; then best=$try; fi
  done
  echo "$best"
}

echo "### 1. corridor run as a whole process (shipments.csv written) against SimPy and a plain loop"
echo "| model | corridor run s | MB | SimPy s | plain loop s | vs SimPy (>= 10x faster) | vs plain (<= 3x) |"
echo "|---|---|---|---|---|---|---|"
for model in mmc tandem; do
  read -r c_s c_mb <<<"$(best_of_three "$corridor" run "bench/scenarios/$model.yaml" --out "$work/$model" -q)"
  read -r s_s _ <<<"$(best_of_three "$python" "bench/simpy/$model.py" 1000000 1)"
  read -r p_s _ <<<"$(best_of_three "$build/bench/plain/plain_loop" "$model" 1000000 1)"
  awk -v m="$model" -v c="$c_s" -v mb="$c_mb" -v s="$s_s" -v p="$p_s" \
    'BEGIN{printf "| %s, 1e6 trucks | %.2f | %s | %.2f | %.2f | %.1fx | %.2fx |\n", m, c, mb, s, p, s/c, c/p}'
done
echo

echo "### 2. memory against shipments and replications (model 1, corridor run, shipments.csv written)"
echo "| trucks | replications | wall s | peak MB | shipments.csv MB |"
echo "|---|---|---|---|---|"
for spec in "1e5 1 1041.6667" "1e6 1 10416.667" "1e6 3 10416.667" "1e7 1 104166.67"; do
  read -r trucks reps days <<<"$spec"
  read -r w mb <<<"$(once "$corridor" run bench/scenarios/mmc.yaml --replications "$reps" \
    --set scenario.horizon_days="$days" --out "$work/mem" -q)"
  size=$(du -m "$work/mem/shipments.csv" | cut -f1)
  echo "| $trucks | $reps | $w | $mb | $size |"
  rm -rf "$work/mem"
done
echo

echo "### 3. cost per shipment as volume grows: almaty-karachi, one simulated year, corridor run"
echo "| volume | shipments | wall s | peak MB | us per shipment | wall / wall at 1x |"
echo "|---|---|---|---|---|---|"
base=""
for factor in 1 4 16; do
  read -r w mb <<<"$(best_of_three "$corridor" run scenarios/almaty-karachi.yaml --replications 1 \
    --scale-volume "$(awk -v f="$factor" 'BEGIN{print 312.5 * f}')" --out "$work/m3" -q)"
  n=$($python -c "import json,sys; print(int(json.load(open(sys.argv[1]))['totals']['created']['mean']))" \
    "$work/m3/summary.json")
  [[ -z $base ]] && base=$w
  awk -v f="$factor" -v n="$n" -v w="$w" -v mb="$mb" -v b="$base" \
    'BEGIN{printf "| %sx | %d | %.2f | %s | %.2f | %.2f |\n", f, n, w, mb, 1e6 * w / n, w / b}'
done
echo

echo "### 4. start-up (median of 11 runs)"
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for what in version oneday; do
  for _ in $(seq 11); do
    if [[ $what == version ]]; then once "$corridor" --version; else
      once "$corridor" run tests/scenarios/golden/border.yaml --replications 1 --set scenario.horizon_days=1 \
        --set scenario.warmup_days=0 --out "$work/oneday" -q
    fi
  done | cut -d' ' -f1 | median | xargs printf "| %s | %s s |\n" "$what"
done
rm -rf "$work"
