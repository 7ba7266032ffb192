#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs the packages (as root), builds, starts
# private PostgreSQL, Redis and Mosquitto on 127.0.0.1, runs every test through ctest, stops them.
# Usage: scripts/test.sh [ctest args…]      (e.g. scripts/test.sh -R gateway)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
    scripts/install-deps.sh
else
    echo "test.sh: not root, assuming the packages of scripts/install-deps.sh are installed"
fi

build=${SPK_BUILD_DIR:-build}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths relative to the checkout, so a fresh clone elsewhere (CI) reuses earlier compilations.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd)} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
echo "test.sh: building in $build"
cmake --build "$build" -j2 2>&1 | grep -E "error|warning: |Built target spkd$" || true
cmake --build "$build" -j2 >/dev/null # fails the script on a build error

services=$(mktemp -u /tmp/spk-test-services.XXXXXX)
trap 'scripts/services.sh stop "$services" || true' EXIT
scripts/services.sh start "$services"
# shellcheck disable=SC1091
source "$services/env"

export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j2 --timeout 900 "$@"
