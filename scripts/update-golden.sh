#!/usr/bin/env bash
# Rewrites every golden result from the current model (after a deliberate model change).
# Review the change with `git diff tests/golden/` and commit it with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja >/dev/null
cmake --build build
CORRIDOR_UPDATE_GOLDEN=1 ctest --test-dir build -R '^golden-' -E 'perturbed' --output-on-failure
git status --short tests/golden/
