#!/usr/bin/env bash
# demo.sh: installs what is missing, builds perfaudit, runs a bundled corpus program to show its
# workload, then analyses its source: the findings and each function's complexity.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" "$root/build" > /dev/null
program=${1:-log_dedupe}
bin=$(mktemp -d)/"$program"
cc -std=gnu11 -O2 -g -o "$bin" "$root/corpus/$program.c" -lm
echo "== running corpus/$program.c"
/usr/bin/time -f "   %es elapsed, %MkB max RSS" "$bin"
echo "== perfaudit analyze corpus/$program.c"
cd "$root" && ./build/perfaudit analyze "corpus/$program.c"
