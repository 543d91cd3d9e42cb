#!/usr/bin/env bash
# Installs what corridor needs to build and test, from Debian 12's packages. Run as root.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config make git ca-certificates
  libsimgrid-dev libyaml-cpp-dev libboost-program-options-dev libboost-math-dev libboost-random-dev
  catch2 nlohmann-json3-dev libfmt-dev libssl-dev
  clang-format
  clang libclang-rt-14-dev # libFuzzer, for scripts/fuzz.sh (run by scripts/test.sh)
  libjs-vega # inlined into `corridor report`'s page
  chromium chromium-driver python3-selenium fonts-dejavu-core # the report's test in a real browser
)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-deps: ${#packages[@]} packages present"
