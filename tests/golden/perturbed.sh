#!/usr/bin/env bash
# Proves the golden check can fail: the same scenario with one border's service time 10%
# longer must fail the comparison, and the report must name a metric of that border.
#   perturbed.sh CORRIDOR SCENARIO GOLDEN WORKDIR SET EXPECTED_METRIC_SUBSTRING
set -uo pipefail
corridor=$1 scenario=$2 golden=$3 work=$4 set=$5 expected=$6
rm -rf "$work"
"$corridor" run "$scenario" --out "$work" --quiet --set "$set" >/dev/null || { echo "run failed"; exit 1; }
output=$("$corridor" compare "$golden" "$work/summary.json")
status=$?
echo "$output"
if [[ $status -ne 1 ]]; then
  echo "expected compare to report a regression (exit 1), got exit $status" >&2
  exit 1
fi
if ! grep -q -- "$expected" <<<"$(grep CHANGED <<<"$output")"; then
  echo "expected a CHANGED metric containing '$expected'" >&2
  exit 1
fi
echo "perturbation detected as expected"
