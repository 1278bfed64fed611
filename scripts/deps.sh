#!/usr/bin/env bash
# deps.sh: installs the Debian packages perfaudit builds and tests with, when any is missing.
# perfaudit needs libclang 17 or newer (operator kinds in its C API); when no such development
# package is installed, libclang-19-dev (the newest Debian 12 offers) is.
set -euo pipefail

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# graphviz lays out call graphs, cairo draws charts, chromium and its driver run the page tests.
for pkg in cmake make pkg-config g++ libcjson-dev check python3 python3-jsonschema libdw-dev \
    libelf-dev libunwind-dev libcairo2-dev graphviz fonts-dejavu-core chromium chromium-driver; do
    have "$pkg" || need+=("$pkg")
done
clang_found=no
for v in 22 21 20 19 18 17; do
    if have "libclang-$v-dev"; then clang_found=yes; break; fi
done
[ "$clang_found" = yes ] || need+=(libclang-19-dev)
command -v cc > /dev/null || need+=(gcc)

if [ ${#need[@]} -gt 0 ]; then
    echo "perfaudit: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
