#!/usr/bin/env bash
# test_report.sh: perfaudit report on real files: the table, the perfaudit-profile/1 JSON of
# CONTRACT.md, sorting and limits, and clear errors (exit 2) for unreadable or malformed files.
. "$(dirname "$0")/lib.sh"

printf 'main;parse;lookup 30\nmain;parse 10\nmain;render;draw 55\nmain;render 5\n' > "$work/app.folded"

"$PERFAUDIT" report "$work/app.folded" > "$work/table.txt"
check "report exits 0" test $? -eq 0
check "the table has the pstats header" grep -q "ncalls  tottime  percall  cumtime  percall filename:lineno(function)" "$work/table.txt"
check "the first row is the highest tottime" test "$(grep -m1 '^ *- ' "$work/table.txt" | grep -o '([a-z]*)')" = "(draw)"

"$PERFAUDIT" report "$work/app.folded" --format json --sort cumtime --limit 3 > "$work/t.json"
check "JSON report exits 0" test $? -eq 0
check "JSON follows perfaudit-profile/1" $PY - "$work/t.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "perfaudit-profile/1" and r["tool"]["name"] == "perfaudit"
p = r["profile"]
assert p["format"] == "folded" and p["mode"] == "sampling" and p["samples"] == 100, p
assert r["sort"] == "cumtime"
rows = r["functions"]
assert [x["function"] for x in rows] == ["main", "render", "draw"], rows
for x in rows:
    assert x["ncalls"] is None and x["primitive_calls"] is None  # sampled: never invented
    assert set(x) >= {"function", "file", "line", "module", "tottime", "cumtime", "self_pct", "cum_pct", "samples"}
assert rows[0]["cum_pct"] == 100.0 and abs(rows[1]["cumtime"] - 0.6) < 1e-9
PYEOF

"$PERFAUDIT" report "$work/app.folded" --sort ncalls --lines -o "$work/out.txt" > "$work/stdout.txt"
check "-o writes the file" test -s "$work/out.txt"
check "-o leaves stdout empty" test ! -s "$work/stdout.txt"

"$PERFAUDIT" report "$work/missing.prof" 2> "$work/err.txt"
check "a missing profile exits 2" test $? -eq 2
check "the error names the file" grep -q "missing.prof" "$work/err.txt"
printf 'perfaudit-profile 1\nstack\t3\t0\nend\n' > "$work/bad.prof"
"$PERFAUDIT" report "$work/bad.prof" 2> "$work/err.txt"
check "a malformed profile exits 2" test $? -eq 2
check "the error names file and line" grep -q "bad.prof: line 2" "$work/err.txt"
check "the error is one line" test "$(wc -l < "$work/err.txt")" -eq 1
head -c 300 /bin/ls > "$work/binary.prof"
"$PERFAUDIT" report "$work/binary.prof" 2> /dev/null
check "a binary file exits 2" test $? -eq 2
"$PERFAUDIT" report "$work/app.folded" --sort speed 2> /dev/null
check "a bad --sort exits 2" test $? -eq 2
"$PERFAUDIT" report 2> /dev/null
check "no FILE exits 2" test $? -eq 2

finish
