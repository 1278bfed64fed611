#!/usr/bin/env bash
# demo.sh [PROGRAM]: installs what is missing, builds perfaudit, then runs the whole loop on a
# bundled corpus program (default log_dedupe): record where its time goes, report it, analyse
# its source with that profile (recommendations ranked by measured time, and the report
# directory with the flame graph and the call graph), then validate the planted fix
# (corpus/fixed/PROGRAM.c): record it, compare the profiles, benchmark both and write the report
# again with the before/after section. Every artifact stays in demo-output/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
bash "$root/scripts/build.sh" "$root/build" > /dev/null
program=${1:-log_dedupe}
out="$root/demo-output"
perfaudit="$root/build/perfaudit"
rm -rf "$out"
mkdir -p "$out"
cc -std=gnu11 -O2 -g -o "$out/$program" "$root/corpus/$program.c" -lm
cd "$root"
run() { # prints a command as the user would type it, then runs it
    echo
    echo "== perfaudit $*" | sed "s|$out/||g"
    "$perfaudit" "$@"
}

# Measure, explain, rank.
run record -o "$out/before.prof" -- "$out/$program"
run report "$out/before.prof" --sort cumtime --limit 10
run analyze "corpus/$program.c" --profile "$out/before.prof" --report-dir "$out/reports"
run flame "$out/before.prof" -o "$out/flame.html"
run callgraph "$out/before.prof" -o "$out/callgraph.svg"

# Validate the fix, when the corpus has one.
if [ -f "$root/corpus/fixed/$program.c" ]; then
    cc -std=gnu11 -O2 -g -o "$out/${program}_fixed" "$root/corpus/fixed/$program.c" -lm
    run record -o "$out/after.prof" -- "$out/${program}_fixed"
    run diff "$out/before.prof" "$out/after.prof" --limit 8 -o "$out/diff.html" \
        --chart "$out/improvement.svg"
    run bench --rounds 5 --warmup 1 --save "$out/before.json" -- "$out/$program"
    run bench --rounds 5 --warmup 1 --compare "$out/before.json" --fail-if-slower 5 \
        -- "$out/${program}_fixed"
    run analyze "corpus/fixed/$program.c" --profile "$out/after.prof" \
        --baseline "$out/before.prof" --report-dir "$out/reports" > /dev/null
fi
echo
echo "Artifacts in ${out#"$root"/}/:"
(cd "$out" && ls -1 ./*.html ./*.svg ./*.json reports/* 2> /dev/null | sed 's|^\./|  |; s|^reports|  reports|')
