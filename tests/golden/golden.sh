#!/usr/bin/env bash
# Golden regression test of one scenario: run it at its fixed seed and compare its summary
# with the committed golden file.
#   golden.sh CORRIDOR SCENARIO GOLDEN WORKDIR [extra corridor run options...]
# With CORRIDOR_UPDATE_GOLDEN=1 the golden file is rewritten instead (review it as a diff).
set -euo pipefail
corridor=$1 scenario=$2 golden=$3 work=$4
shift 4
rm -rf "$work"
"$corridor" run "$scenario" --out "$work" --quiet "$@" >/dev/null
if [[ "${CORRIDOR_UPDATE_GOLDEN:-0}" == 1 ]]; then
  mkdir -p "$(dirname "$golden")"
  cp "$work/summary.json" "$golden"
  echo "updated $golden"
  exit 0
fi
if [[ ! -f "$golden" ]]; then
  echo "no golden file $golden: create it with scripts/update-golden.sh and review it" >&2
  exit 1
fi
"$corridor" compare "$golden" "$work/summary.json"
