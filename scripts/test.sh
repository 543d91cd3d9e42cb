#!/usr/bin/env bash
# Builds corridor and runs every test: a Release build with warnings as errors, then (unless
# --quick) a second build under AddressSanitizer and UndefinedBehaviorSanitizer, a clang-format
# check, and a short fuzzing run (scripts/fuzz.sh, 40 s a target, about 3 minutes with its
# build). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1

step() { printf '\n=== %s (%ds)\n' "$1" "$SECONDS"; }

step "Release build, warnings as errors"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORRIDOR_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
step "tests (Release)"
ctest --test-dir build --output-on-failure -j"$jobs"

if [[ $quick == 0 ]]; then
  # The two long queueing tests (about 2.5 M trucks) are statistical, not memory checks: they
  # run in the Release pass only.
  step "ASan/UBSan build"
  cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORRIDOR_SANITIZE=ON -DCORRIDOR_WERROR=ON >/dev/null
  cmake --build build-sanitize -j"$jobs"
  step "tests (ASan/UBSan)"
  ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0:suppressions=$PWD/tests/sanitizers/asan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize --output-on-failure -j"$jobs" -E 'M/M/'

  step "clang-format check"
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

  step "fuzzing (Clang, libFuzzer)"
  scripts/fuzz.sh "${FUZZ_SECONDS:-40}"
fi
step "all checks passed"
