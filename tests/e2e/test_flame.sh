#!/usr/bin/env bash
# test_flame.sh: perfaudit flame on a recorded corpus program: a self-contained html page,
# folded stacks that read back to the same counts, speedscope JSON, the format taken from -o's
# extension, the differential page (--baseline), and clear errors (exit 2, one line) for bad input.
. "$(dirname "$0")/lib.sh"
ROOT=${PERFAUDIT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
CC=${CC:-cc}

$CC -O2 -g "$ROOT/corpus/histogram.c" -o "$work/histogram" -lm
"$PERFAUDIT" record -o "$work/h.prof" -- "$work/histogram" 3000000 > /dev/null 2> "$work/record.err"
check "record exits 0" test $? -eq 0

"$PERFAUDIT" flame "$work/h.prof" -o "$work/h.html" > "$work/stdout.txt"
check "flame exits 0" test $? -eq 0
check "-o leaves stdout empty" test ! -s "$work/stdout.txt"
check "the page is html" grep -q '^<!DOCTYPE html>' "$work/h.html"
check "the page is self-contained" $PY - "$work/h.html" <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
assert not re.search(r"https?://", html), "a URL in the page"
assert not re.search(r"\bsrc\s*=", html, re.I), "an element that loads a source"
assert not re.search(r"<link\b", html, re.I), "a linked resource"
assert not re.search(r"url\(", html), "a CSS url()"
assert not re.search(r"@import", html), "a CSS import"
for bad in ("fetch(", "XMLHttpRequest", "import("):
    assert bad not in html, bad
# the data is JSON in a script element that no function name can close early
m = re.search(r'<script type="application/json" id="flame-data">(.*?)</script>', html, re.S)
import json
data = json.loads(m.group(1))
assert data["diff"] is False and data["profiles"][0]["format"] == "perfaudit"
names = data["frames"]["name"]
assert "main" in names and "bin_samples" in names, names
n = len(data["nodes"]["frame"])
assert all(len(data["nodes"][k]) == n for k in ("frame", "parent", "total", "self"))
assert data["nodes"]["total"][0] == data["profiles"][0]["samples"]
assert html.count("</script>") == 2
PYEOF
check "the header names the profile" grep -q 'h.prof</code>' "$work/h.html"

"$PERFAUDIT" flame "$work/h.prof" --format folded > "$work/h.folded"
check "folded exits 0" test $? -eq 0
check "folded lines are 'frame;frame COUNT', sorted and distinct" $PY - "$work/h.folded" <<'PYEOF'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no stacks"
paths = []
for l in lines:
    assert re.fullmatch(r"[^ ;][^;]*(;[^;]+)* [0-9]+", l), l
    paths.append(l.rsplit(" ", 1)[0])
assert paths == sorted(paths) and len(set(paths)) == len(paths)
assert any(p.endswith(";main;bin_samples") or ";main;bin_samples;" in p for p in paths), paths
PYEOF
"$PERFAUDIT" report "$work/h.prof" --format json > "$work/a.json"
"$PERFAUDIT" report "$work/h.folded" --format json > "$work/b.json"
check "folded reads back with the same counts" $PY - "$work/a.json" "$work/b.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["profile"]["samples"] == b["profile"]["samples"], (a["profile"], b["profile"])
def self_by_name(report):  # folded keeps names only: same-named functions fold together
    out = {}
    for r in report["functions"]:
        out[r["function"]] = out.get(r["function"], 0) + r["self_pct"]
    return out
sa, sb = self_by_name(a), self_by_name(b)
assert sa.keys() == sb.keys(), (sa.keys() ^ sb.keys())
assert all(abs(sa[k] - sb[k]) < 0.01 for k in sa), (sa, sb)
PYEOF

"$PERFAUDIT" flame "$work/h.prof" -o "$work/h.json"
check "-o x.json writes speedscope" $PY - "$work/h.json" "$work/a.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
assert d["$schema"] == "https://www.speedscope.app/file-format-schema.json"
frames = d["shared"]["frames"]
assert all(isinstance(f["name"], str) for f in frames)
assert any(f["name"] == "main" and f.get("file", "").endswith("histogram.c") and f.get("line")
           for f in frames), frames
(p,) = d["profiles"]
assert p["type"] == "sampled" and p["unit"] == "seconds" and p["startValue"] == 0
assert len(p["samples"]) == len(p["weights"]) > 0
assert all(0 <= i < len(frames) for s in p["samples"] for i in s)
cpu = sum(x["tottime"] for x in r["functions"])
assert abs(sum(p["weights"]) - cpu) < 0.01 and abs(p["endValue"] - sum(p["weights"])) < 1e-9
PYEOF
"$PERFAUDIT" flame "$work/h.prof" -o "$work/h.txt"
check "-o x.txt writes folded" cmp -s "$work/h.txt" "$work/h.folded"
"$PERFAUDIT" flame "$work/h.prof" -o "$work/h.txt" --format html
check "--format wins over the extension" grep -q '^<!DOCTYPE html>' "$work/h.txt"
"$PERFAUDIT" flame "$work/h.prof" --title 'Histogram <run 1>' > "$work/t.html"
check "--title is the page's title, escaped" grep -q '<title>Histogram &lt;run 1&gt;</title>' "$work/t.html"

# the differential page: perfaudit flame AFTER --baseline BEFORE
printf 'main;parse 50\nmain;render 50\n' > "$work/before.folded"
printf 'main;parse 20\nmain;render 120\nmain;cache 10\n' > "$work/after.folded"
"$PERFAUDIT" flame "$work/after.folded" --baseline "$work/before.folded" -o "$work/diff.html"
check "--baseline exits 0" test $? -eq 0
check "the differential page carries both sides" $PY - "$work/diff.html" <<'PYEOF'
import json, re, sys
html = open(sys.argv[1]).read()
data = json.loads(re.search(r'id="flame-data">(.*?)</script>', html, re.S).group(1))
assert data["diff"] is True and len(data["profiles"]) == 2
n = data["nodes"]
names = [data["frames"]["name"][f] if f >= 0 else "all" for f in n["frame"]]
i = names.index("render")
assert (n["btotal"][i], n["total"][i]) == (50, 120), (n["btotal"][i], n["total"][i])
assert n["btotal"][names.index("cache")] == 0 and n["total"][0] == 150 and n["btotal"][0] == 100
assert 'id="width-before"' in html and 'id="width-after"' in html
PYEOF
"$PERFAUDIT" flame "$work/after.folded" --baseline "$work/before.folded" --format folded 2> "$work/err.txt"
check "--baseline with folded is a usage error" test $? -eq 2

# bad input: exit 2, one line naming the file and the reason
"$PERFAUDIT" flame "$work/missing.prof" -o "$work/m.html" 2> "$work/err.txt"
check "a missing profile exits 2" test $? -eq 2
check "the error names the file" grep -q "missing.prof" "$work/err.txt"
check "the error is one line" test "$(wc -l < "$work/err.txt")" -eq 1
check "no output is left behind" test ! -e "$work/m.html"
printf 'perfaudit-profile 1\nstack\t3\t0\nend\n' > "$work/bad.prof"
"$PERFAUDIT" flame "$work/bad.prof" 2> "$work/err.txt" > /dev/null
check "a malformed profile exits 2" test $? -eq 2
check "the error names the file and says why" grep -q "bad.prof: line 2" "$work/err.txt"
check "that error is one line" test "$(wc -l < "$work/err.txt")" -eq 1
head -c 300 /bin/ls > "$work/binary.prof"
"$PERFAUDIT" flame "$work/binary.prof" 2> "$work/err.txt" > /dev/null
check "a binary file exits 2" test $? -eq 2
check "and names it" grep -q "binary.prof" "$work/err.txt"
"$PERFAUDIT" flame "$work/h.prof" --baseline "$work/missing-before.prof" 2> "$work/err.txt" > /dev/null
check "a missing baseline exits 2 and is named" grep -q "missing-before.prof" "$work/err.txt"
"$PERFAUDIT" flame "$work/h.prof" --format svg 2> /dev/null
check "a bad --format exits 2" test $? -eq 2
"$PERFAUDIT" flame 2> /dev/null
check "no PROFILE exits 2" test $? -eq 2
"$PERFAUDIT" flame --help > "$work/help.txt"
check "--help documents --baseline" grep -q -- "--baseline BEFORE" "$work/help.txt"
"$PERFAUDIT" --help > "$work/help.txt"
check "flame is listed in the top-level help" grep -q "^  flame " "$work/help.txt"

finish
