#!/usr/bin/env bash
# demo.sh [PROGRAM]: installs what is missing, builds perfaudit, then runs the loop on a bundled
# corpus program: record where its time goes, report it, and analyse its source with that
# profile, which ranks the recommendations by measured time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" "$root/build" > /dev/null
program=${1:-log_dedupe}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -std=gnu11 -O2 -g -o "$work/$program" "$root/corpus/$program.c" -lm
cd "$root"
echo "== perfaudit record -o $program.prof -- $program"
./build/perfaudit record -o "$work/$program.prof" -- "$work/$program"
echo
echo "== perfaudit report $program.prof --sort cumtime --limit 10"
./build/perfaudit report "$work/$program.prof" --sort cumtime --limit 10
echo
echo "== perfaudit analyze corpus/$program.c --profile $program.prof"
./build/perfaudit analyze "corpus/$program.c" --profile "$work/$program.prof"
