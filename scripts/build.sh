#!/usr/bin/env bash
# build.sh [BUILD_DIR] [CMAKE_ARGS...]: configures and builds perfaudit (default: build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}
shift || true
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" > "$dir.cmake.log" 2>&1 || {
    cat "$dir.cmake.log"
    exit 1
}
cmake --build "$dir" -j "$(nproc)"
