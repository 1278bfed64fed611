#!/usr/bin/env bash
# deps.sh: installs the Debian packages perfaudit builds and tests with, when any is missing.
# Any libclang from 14 to 19 will do; Debian 12's default (libclang-dev, 14) is installed
# only when none is present.
set -euo pipefail

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# graphviz lays out call graphs, cairo draws charts, chromium and its driver run the page tests.
for pkg in cmake make pkg-config g++ libcjson-dev check python3 python3-jsonschema libdw-dev \
    libelf-dev libunwind-dev libcairo2-dev graphviz fonts-dejavu-core chromium chromium-driver; do
    have "$pkg" || need+=("$pkg")
done
clang_found=no
for v in 19 18 17 16 15 14; do
    if have "libclang-$v-dev"; then clang_found=yes; break; fi
done
[ "$clang_found" = yes ] || need+=(libclang-dev)
command -v cc > /dev/null || need+=(gcc)

if [ ${#need[@]} -gt 0 ]; then
    echo "perfaudit: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
