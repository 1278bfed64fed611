#!/usr/bin/env bash
# test_diff.sh: perfaudit diff and analyze --report-dir on a real optimisation: corpus/csv_join.c
# (a nested-loop join) against corpus/fixed/csv_join.c (the same program with a hash join),
# both recorded. Checks the per-function table, the total improvement, the JSON document, the
# differential flame graph page, the bar chart as SVG and PNG, the report directory with and
# without a baseline, and bad input.
. "$(dirname "$0")/lib.sh"
root=${PERFAUDIT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
images="$root/tests/e2e/images.py"

cc -O2 -g -o "$work/csv_join" "$root/corpus/csv_join.c"
cc -O2 -g -o "$work/csv_join_fixed" "$root/corpus/fixed/csv_join.c"
(cd "$work" && "$PERFAUDIT" record -o before.prof -- ./csv_join > /dev/null 2>&1 &&
    "$PERFAUDIT" record -o after.prof -- ./csv_join_fixed > /dev/null 2>&1)
check "record the program before and after its fix" test -s "$work/before.prof" -a -s "$work/after.prof"

# --- the table ---------------------------------------------------------------------------------
"$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" > "$work/diff.txt"
check "diff exits 0" test $? -eq 0
check "the total and the improvement formula are printed" \
    grep -Eq "^Total: +[0-9.]+ s -> [0-9.]+ s: improvement [0-9.]+% less time \([0-9.]+x faster\)" \
    "$work/diff.txt"
check "the first row is the fixed function, much faster" \
    awk '/function \(file:line\)/ { getline; exit !($NF ~ /csv_join.c:/ && $0 ~ /join_totals/ && $3 < 0) }' \
    "$work/diff.txt"

"$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --format json -o "$work/diff.json"
check "diff --format json -o exits 0" test $? -eq 0
check "the JSON document is consistent" $PY - "$work/diff.json" <<'PYEOF'
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "perfaudit-diff/1", d["schema"]
b, a = d["total"]["before"], d["total"]["after"]
assert d["before"]["total_time"] == b and d["after"]["total_time"] == a
assert b > 0.2 and a < b / 3, (b, a)  # a nested loop replaced by a hash join
assert abs(d["total"]["improvement_pct"] - 100 * (b - a) / b) < 0.01, d["total"]
assert abs(d["total"]["speedup"] - b / a) / (b / a) < 0.01, d["total"]
rows = {r["function"]: r for r in d["functions"]}
jt = rows["join_totals"]
# The hash join may take too little time for a sample on a loaded machine: then it is gone.
assert jt["file"].endswith("csv_join.c") and jt["status"] in ("both", "gone"), jt
assert jt["tottime"]["delta"] < 0 and jt["tottime"]["percent"] < -80, jt
assert abs(jt["tottime"]["delta"] - (jt["tottime"]["after"] - jt["tottime"]["before"])) < 1e-5
assert jt["ncalls"] == {"before": None, "after": None}  # sampled: no call counts
assert not jt["within_noise"]
assert d["functions"][0]["function"] == "join_totals", d["functions"][0]  # largest change first
for r in d["functions"]:
    for k in ("tottime", "cumtime"):
        p = r[k]["percent"]
        assert p is None or math.isfinite(p)
        assert r[k]["after"] <= r["cumtime"]["after"] + 1e-9 or k == "cumtime"
PYEOF

"$PERFAUDIT" diff "$work/before.prof" "$work/before.prof" > "$work/same.txt"
check "a profile against itself: 'no change'" grep -Eq "^Total: .*: no change \(0.0%\)$" "$work/same.txt"
"$PERFAUDIT" diff "$work/before.prof" "$work/before.prof" --format json > "$work/same.json"
check "a profile against itself: no change, all within noise" $PY - "$work/same.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"]["improvement_pct"] == 0 and d["total"]["delta"] == 0, d["total"]
assert all(r["tottime"]["delta"] == 0 for r in d["functions"])
assert all(r["within_noise"] for r in d["functions"] if r["tottime"]["before"] > 0)
PYEOF

"$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --format markdown --limit 5 > "$work/diff.md"
check "diff --format markdown: the before/after section with at most 5 rows" $PY - "$work/diff.md" <<'PYEOF'
import re, sys
md = open(sys.argv[1]).read()
assert "## Before and after" in md and "(baseline - optimized) / baseline" in md, md[:400]
rows = [l for l in md.splitlines() if l.startswith("| `")]
assert 1 <= len(rows) <= 5 and "join_totals" in rows[0], rows
PYEOF

# --- pictures ----------------------------------------------------------------------------------
"$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" -o "$work/diff.html" \
    --chart "$work/chart.svg" > "$work/html_stdout.txt"
check "diff -o diff.html --chart chart.svg exits 0" test $? -eq 0
check "with an .html output the table still goes to the terminal" grep -q "^Total:" "$work/html_stdout.txt"
check "the differential page is self-contained" $PY - "$work/diff.html" <<'PYEOF'
import re, sys
html = open(sys.argv[1]).read()
assert html.lstrip().lower().startswith("<!doctype html"), html[:40]
assert "join_totals" in html
assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I), "fetches something"
assert not re.search(r"@import|url\(\s*['\"]?https?:", html, re.I)
PYEOF
"$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --chart "$work/chart.png" > /dev/null
check "diff --chart chart.png exits 0" test $? -eq 0
check "the charts are valid, non-blank images of sensible size" $PY - "$images" "$work" <<'PYEOF'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("images", sys.argv[1])
images = importlib.util.module_from_spec(spec)
spec.loader.exec_module(images)
png = images.check_png(sys.argv[2] + "/chart.png", 400, 150, 4000, 4000)
assert png["ink"] > 0.01, png
images.check_svg(sys.argv[2] + "/chart.svg")
svg = open(sys.argv[2] + "/chart.svg").read()
assert "join" in svg  # the labels are text, even if cairo draws glyphs
PYEOF

# --- the report directory ----------------------------------------------------------------------
cd "$root" || exit 1
SOURCE_DATE_EPOCH=1795305600 "$PERFAUDIT" analyze corpus/csv_join.c --profile "$work/after.prof" \
    --baseline "$work/before.prof" --report-dir "$work/reports" > /dev/null 2> "$work/dir.err"
check "analyze --report-dir --baseline exits 0" test $? -eq 0
check "it lists the files it wrote" grep -q "wrote $work/reports/" "$work/dir.err"
check "the report directory holds the set, under the workflow's names" $PY - "$images" "$work/reports" <<'PYEOF'
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("images", sys.argv[1])
images = importlib.util.module_from_spec(spec)
spec.loader.exec_module(images)
d = sys.argv[2]
names = sorted(os.listdir(d))
want = ["callgraph_csv_join_fixed.png", "flame_csv_join_fixed.html",
        "improvement_csv_join_fixed.png", "performance_analysis_csv_join_fixed_2026-11-22.md"]
assert names == want, names
md = open(os.path.join(d, want[3])).read()
for s in ("## Before and after", "](improvement_csv_join_fixed.png)",
          "](flame_csv_join_fixed.html)", "](callgraph_csv_join_fixed.png)", "## Recommendations"):
    assert s in md, s
assert images.check_png(os.path.join(d, want[0]), 100, 100, 20000, 20000)["ink"] > 0.01
assert images.check_png(os.path.join(d, want[2]), 400, 150, 4000, 4000)["ink"] > 0.01
assert '"main"' in open(os.path.join(d, want[1])).read()  # a frame of the after profile
PYEOF

"$PERFAUDIT" analyze corpus/csv_join.c --profile "$work/before.prof" --report-dir "$work/r2" \
    --target my-app --format json > "$work/r2.json" 2> /dev/null
check "--report-dir without a baseline: no improvement chart, the report still on stdout" \
    test -s "$work/r2.json" -a -f "$work/r2/flame_my-app.html" -a -f "$work/r2/callgraph_my-app.png" \
    -a ! -e "$work/r2/improvement_my-app.png"
check "and no before/after section" sh -c "! grep -q 'Before and after' '$work'/r2/performance_analysis_my-app_*.md"

printf 'main;unrelated_work 100\n' > "$work/other.folded"
"$PERFAUDIT" diff "$work/other.folded" "$work/after.prof" > /dev/null 2> "$work/other.err"
other_rc=$?
check "profiles of different programs: a warning naming both, exit 0" sh -c "test $other_rc -eq 0 &&
    grep -q 'warning: $work/other.folded and $work/after.prof have no function in common' '$work/other.err'"
"$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" > /dev/null 2> "$work/related.err"
check "profiles of one program: no warning" test ! -s "$work/related.err"

# --- bad input ---------------------------------------------------------------------------------
expect_error() { # expect_error PATTERN COMMAND...: exit 2, one line on stderr matching PATTERN
    local pattern=$1
    shift
    "$@" > /dev/null 2> "$work/err.txt"
    test $? -eq 2 && test "$(wc -l < "$work/err.txt")" -eq 1 && grep -q -- "$pattern" "$work/err.txt"
}
printf 'not a profile\n\x01\x02' > "$work/garbage.prof"
check "a missing profile: exit 2 naming it" \
    expect_error "$work/missing.prof" "$PERFAUDIT" diff "$work/missing.prof" "$work/after.prof"
check "a garbage profile: exit 2 naming it" \
    expect_error "$work/garbage.prof" "$PERFAUDIT" diff "$work/before.prof" "$work/garbage.prof"
check "one profile only: exit 2" expect_error "BEFORE and AFTER" "$PERFAUDIT" diff "$work/before.prof"
check "a chart that is neither SVG nor PNG: exit 2" \
    expect_error "chart.gif" "$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --chart "$work/chart.gif"
check "a bad --limit: exit 2 with the range" \
    expect_error "'-1' is not a number of rows (0 to 1000000)" "$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --limit -1
check "a bad --sort: exit 2" \
    expect_error "not one of delta, tottime, cumtime, name" "$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --sort size
check "a bad --format: exit 2" \
    expect_error "not a format (text, json, markdown, html)" "$PERFAUDIT" diff "$work/before.prof" "$work/after.prof" --format pdf
check "--report-dir needs --profile" \
    expect_error "report-dir" "$PERFAUDIT" analyze corpus/csv_join.c --report-dir "$work/r3"
check "--baseline needs --profile" \
    expect_error "baseline" "$PERFAUDIT" analyze corpus/csv_join.c --baseline "$work/before.prof" --format markdown
touch "$work/file"
check "a report directory that cannot be made: exit 2 naming it" \
    expect_error "$work/file" "$PERFAUDIT" analyze corpus/csv_join.c --profile "$work/after.prof" \
    --report-dir "$work/file/reports"
PERFAUDIT_DOT=/nonexistent/dot "$PERFAUDIT" analyze corpus/csv_join.c --profile "$work/after.prof" \
    --report-dir "$work/r4" --target t > /dev/null 2> "$work/r4.err"
r4_rc=$?
check "without Graphviz the call graph fails by name (exit 2) and the rest is written" sh -c "
    test $r4_rc -eq 2 && grep -q 'callgraph_t.png' '$work/r4.err' && test -f '$work/r4/flame_t.html' &&
    ! grep -q 'callgraph_t.png' '$work'/r4/performance_analysis_t_*.md"
finish
