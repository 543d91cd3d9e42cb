#!/usr/bin/env bash
# Builds the libFuzzer targets (Clang, ASan, UBSan) in build-fuzz and runs each for SECONDS
# (default 60), seeded with the shipped and test scenarios. Exits non-zero when a target finds an
# input that crashes, hangs or breaks an invariant; the input is kept in build-fuzz/findings.
# usage: scripts/fuzz.sh [SECONDS] [JOBS]
# A longer campaign: scripts/fuzz.sh 3600 2   (docs/testing: "Fuzzing")
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-1}
build=build-fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCORRIDOR_FUZZ=ON >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}" --target fuzz_load fuzz_run

seeds=(scenarios scenarios/examples tests/scenarios/valid tests/scenarios/invalid tests/scenarios/golden
       tests/scenarios/experiments tests/scenarios/claims bench/scenarios)
mkdir -p "$build/findings"
status=0
for target in fuzz_load fuzz_run; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  echo "=== $target, ${seconds}s"
  # detect_leaks=0: fuzz_run forks, and a child ends with _exit, as corridor's do.
  parallel=()
  [[ $jobs -gt 1 ]] && parallel=(-fork="$jobs")
  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/$target" "$corpus" "${seeds[@]}" -dict=tests/fuzz/scenario.dict -max_len=20000 \
    -timeout=30 -rss_limit_mb=3072 -max_total_time="$seconds" "${parallel[@]}" \
    -artifact_prefix="$build/findings/$target-" -print_final_stats=1 2>"$build/$target.log" || status=1
  grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE|ERROR|broken invariant" "$build/$target.log" | tail -3 || true
done
if [[ $status != 0 ]]; then
  echo "fuzzing found a problem: see $build/*.log and $build/findings" >&2
  exit 1
fi
