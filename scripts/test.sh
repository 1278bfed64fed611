#!/usr/bin/env bash
# test.sh: installs what is missing, builds, and runs the whole suite twice: a normal build,
# then one under AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"

echo "== format check"
if command -v clang-format-14 > /dev/null || command -v clang-format > /dev/null; then
    bash "$root/scripts/check_format.sh"
else
    echo "clang-format not installed: format check skipped"
fi

echo "== build and test"
bash "$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure -j 2)

echo "== build and test under ASan + UBSan"
bash "$root/scripts/build.sh" "$root/build-sanitize" -DPERFAUDIT_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp:print_suppressions=0
(cd "$root/build-sanitize" && ctest --output-on-failure -j 2)
