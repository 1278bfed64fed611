#!/usr/bin/env bash
# test_bench.sh: perfaudit bench on a tiny program that burns a given number of milliseconds of
# CPU: warmup and measured rounds counted, the JSON document consistent, baselines saved (with
# the git revision), compared (slower fails --fail-if-slower, equal passes, too few rounds
# decide on the threshold), and a failing command, a missing command and bad baselines.
. "$(dirname "$0")/lib.sh"

cat > "$work/spin.c" << 'EOF'
/* spin MS [FILE]: burns MS milliseconds of CPU, after appending a line to FILE; spin fail: 3 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "fail") == 0)
        return 3;
    double ms = argc > 1 ? atof(argv[1]) : 1;
    if (argc > 2) {
        FILE *f = fopen(argv[2], "a");
        if (f) {
            fputs("run\n", f);
            fclose(f);
        }
    }
    struct timespec t0, t;
    volatile unsigned long x = 0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    do {
        for (int i = 0; i < 1000; i++)
            x += (unsigned long)i;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    } while ((double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6 < ms);
    printf("spun %.0f ms\n", ms);
    return 0;
}
EOF
cc -O1 -o "$work/spin" "$work/spin.c"
spin=$work/spin
cd "$work" || exit 1

# --- rounds, warmup, the table ----------------------------------------------------------------
"$PERFAUDIT" bench --rounds 4 --warmup 2 -- "$spin" 2 "$work/count" > out.txt 2> err.txt
check "bench exits 0" test $? -eq 0
check "2 warmup + 4 measured rounds ran the command 6 times" test "$(wc -l < count)" -eq 6
check "the heading counts the rounds" grep -q "^4 rounds after 2 warmup rounds$" out.txt
check "the table has wall and cpu rows in ms" \
    grep -Eq "^  wall +[0-9.]+ ms +[0-9.]+ ± [0-9.]+ ms" out.txt
check "cpu is at least the 2 ms the program burns" \
    awk '$1 == "cpu" { exit !($2 >= 1.9 && $3 == "ms") }' out.txt
check "the command's output went to /dev/null" test "$(grep -c spun out.txt)" -eq 0
check "nothing on stderr" test ! -s err.txt
"$PERFAUDIT" bench --rounds 2 --warmup 0 --show-output -- "$spin" 1 > shown.txt
check "--show-output passes it through" test "$(grep -c "spun 1 ms" shown.txt)" -eq 2

# --- the JSON document ------------------------------------------------------------------------
"$PERFAUDIT" bench --rounds 5 --warmup 0 --format json -o bench.json -- "$spin" 3
check "--format json -o exits 0" test $? -eq 0
check "the JSON document is complete and consistent" $PY - bench.json << 'PYEOF'
import json, re, statistics, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "perfaudit-bench/1", d["schema"]
assert d["rounds"] == 5 and d["warmup"] == 0 and d["name"] is None and d["unit"] == "s", d
assert d["command"][1:] == ["3"] and d["command"][0].endswith("/spin"), d["command"]
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["timestamp"]), d["timestamp"]
assert d["git"] is None  # the work directory is not a repository
m = d["machine"]
assert m["hostname"] and m["os"].split()[0] == "Linux" and m["logical_cores"] >= 1, m
assert m["memory_bytes"] > 2**20 and "cpu" in m, m
s = d["samples"]
for key in ("wall", "cpu", "user", "sys", "max_rss_kib"):
    assert len(s[key]) == 5, (key, s[key])
for c, u, y in zip(s["cpu"], s["user"], s["sys"]):
    assert abs(c - (u + y)) < 1e-9, (c, u, y)
for metric in ("wall", "cpu"):
    st = d["statistics"][metric]
    v = s[metric]
    assert st["n"] == 5
    assert st["min"] == min(v) and st["max"] == max(v), st
    assert st["min"] <= st["q1"] <= st["median"] <= st["q3"] <= st["max"], st
    assert st["min"] <= st["mean"] <= st["max"], st
    assert abs(st["median"] - statistics.median(v)) < 1e-12, st
    assert abs(st["mean"] - statistics.mean(v)) < 1e-12, st
    assert abs(st["stddev"] - statistics.stdev(v)) < 1e-12, st
    q = statistics.quantiles(v, n=4, method="inclusive")
    assert abs(st["q1"] - q[0]) < 1e-12 and abs(st["q3"] - q[2]) < 1e-12, (st, q)
    assert abs(st["iqr"] - (st["q3"] - st["q1"])) < 1e-12, st
    assert st["ci95_low"] <= st["mean"] <= st["ci95_high"], st
    o = st["outliers"]
    assert o["mild"] + o["severe"] == o["low"] + o["high"] == len(o["rounds"]), o
assert 0.0029 <= d["statistics"]["cpu"]["median"] < 1, d["statistics"]["cpu"]
assert d["statistics"]["wall"]["median"] >= 0.0029
assert "comparison" not in d
PYEOF

# --- baselines --------------------------------------------------------------------------------
"$PERFAUDIT" bench --rounds 6 --warmup 0 --save fast --dir "$work/baselines" -- "$spin" 2 \
    > /dev/null 2> save.err
check "--save exits 0" test $? -eq 0
check "--save writes DIR/NAME.json" test -s "$work/baselines/fast.json"
check "--save says where" grep -q "saved the baseline to $work/baselines/fast.json" save.err
check "the baseline has its fields" $PY - "$work/baselines/fast.json" << 'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "perfaudit-bench/1" and d["name"] == "fast", d
assert d["rounds"] == 6 and len(d["samples"]["wall"]) == 6 and d["command"][1:] == ["2"], d
for key in ("timestamp", "git", "machine", "statistics", "warmup"):
    assert key in d, key
PYEOF
check "no temporary file is left beside it" test "$(ls "$work/baselines")" = "fast.json"

# in a git repository: the revision, and dirty only for changed tracked files
mkdir repo && (cd repo && git init -q && echo a > file && git add file &&
    git -c user.name=t -c user.email=t@t commit -qm init)
(cd repo && "$PERFAUDIT" bench --rounds 2 --warmup 0 --save rev -- "$spin" 1 > /dev/null 2>&1)
echo b > repo/file
(cd repo && "$PERFAUDIT" bench --rounds 2 --warmup 0 --save rev2 -- "$spin" 1 > /dev/null 2>&1)
head=$(cd repo && git rev-parse HEAD)
check "the default directory .perfaudit/benchmarks is created" \
    test -s repo/.perfaudit/benchmarks/rev.json
check "the baseline records the git revision and the dirty flag" $PY - repo "$head" << 'PYEOF'
import json, sys
d = json.load(open(sys.argv[1] + "/.perfaudit/benchmarks/rev.json"))
assert d["git"] == {"revision": sys.argv[2], "dirty": False}, d["git"]  # untracked: not dirty
d = json.load(open(sys.argv[1] + "/.perfaudit/benchmarks/rev2.json"))
assert d["git"] == {"revision": sys.argv[2], "dirty": True}, d["git"]
PYEOF

# --- comparisons ------------------------------------------------------------------------------
"$PERFAUDIT" bench --rounds 6 --warmup 0 --compare fast --dir "$work/baselines" \
    --fail-if-slower 10 -- "$spin" 30 > slow.txt 2> slow.err
check "much slower (30 ms of CPU against 2) with --fail-if-slower 10 exits 1" test $? -eq 1
check "the verdict says slower, with the medians, the change and p" \
    grep -Eq "^verdict: slower: wall median [0-9.]+ ms -> [0-9.]+ ms \(\+[0-9.]+%\), .*Mann-Whitney p = [0-9.e-]+ < 0.05; more than the 10% that --fail-if-slower allows" \
    slow.txt
check "both sets of statistics side by side" \
    grep -Eq "^  median +[0-9.]+ ms +[0-9.]+ ms +\+[0-9.]+%$" slow.txt
check "the test is reported" grep -q "Mann-Whitney U = 36, two-sided p = 0.002 (exact, 6 and 6 rounds)" slow.txt
check "a different command is warned about, in one line" \
    test "$(grep -c "warning: .*fast.json timed another command: .*spin 2$" slow.err)" -eq 1

"$PERFAUDIT" bench --rounds 6 --warmup 0 --compare fast --dir "$work/baselines" --format json \
    -- "$spin" 30 > slow.json 2> slow-json.err
check "without --fail-if-slower a slowdown exits 0" test $? -eq 0
check "the JSON comparison" $PY - slow.json << 'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
assert c["verdict"] == "slower" and c["significant"] and c["testable"] and not c["fail"], c
assert c["metric"] == "wall" and c["mann_whitney"]["method"] == "exact", c
# 2 ms of CPU against 30: wall time adds the process start, which a sanitizer build and a busy
# machine stretch, so only "much slower" is asserted, not the ratio
assert c["mann_whitney"]["p"] < 0.05 and c["median_change_pct"] > 100, c
b, a = c["baseline_statistics"]["median"], c["statistics"]["median"]
assert abs(c["median_change_pct"] - (a - b) / b * 100) < 1e-6, c
assert c["fail_if_slower_pct"] is None and c["baseline"]["name"] == "fast", c
assert c["message"].startswith("slower: wall median"), c["message"]
PYEOF
check "with json the verdict also goes to stderr" grep -q "^perfaudit: verdict: slower" slow-json.err

"$PERFAUDIT" bench --rounds 6 --warmup 1 --save same.json -- "$spin" 20 > /dev/null 2>&1
"$PERFAUDIT" bench --rounds 6 --warmup 1 --compare same.json --metric cpu --fail-if-slower 10 \
    -- "$spin" 20 > same.txt 2> same.err
check "the same command against its own baseline exits 0" test $? -eq 0
check "its verdict is within the threshold" grep -Eq "^verdict: .*cpu median .*within the 10%" same.txt
check "the same command and machine warn nothing" test ! -s same.err

"$PERFAUDIT" bench --rounds 2 --warmup 0 --compare fast --dir "$work/baselines" \
    --fail-if-slower 10 -- "$spin" 30 > few.txt 2> /dev/null
check "too few rounds: the threshold alone decides (exit 1)" test $? -eq 1
check "too few rounds are named" \
    grep -q "note: with 2 and 6 rounds the Mann-Whitney test cannot reach p < 0.05 (its smallest p is 0.071); --rounds 3 or more can; deciding on the --fail-if-slower threshold alone" few.txt
check "the verdict says it could not test" grep -q "^verdict: slower: .*too few rounds for a significance test; more than the 10%" few.txt

# --- failures ---------------------------------------------------------------------------------
"$PERFAUDIT" bench --rounds 3 -- "$spin" fail > /dev/null 2> fail.err
check "a failing command exits 2" test $? -eq 2
check "in one line naming it and its status" \
    test "$(cat fail.err)" = "perfaudit: $spin exited with status 3 in warmup round 1 of 1"
"$PERFAUDIT" bench -- "$work/no-such-program" > /dev/null 2> missing.err
check "a command that cannot start exits 2" test $? -eq 2
check "in one line" test "$(wc -l < missing.err)" -eq 1 -a -n "$(grep "no-such-program: cannot run" missing.err)"
"$PERFAUDIT" bench --rounds 2 --warmup 0 -- sh -c 'kill -9 $$' > /dev/null 2> killed.err
check "a killed command exits 2, naming the signal" \
    grep -q "^perfaudit: sh was killed by signal 9 (Killed) in round 1 of 2$" killed.err

printf '{"schema": "perfaudit-bench/1", "samples": ' > bad.json
"$PERFAUDIT" bench --compare bad.json -- "$spin" 1 > /dev/null 2> bad.err
check "a malformed baseline exits 2" test $? -eq 2
check "in one line naming it" test "$(wc -l < bad.err)" -eq 1 -a -n "$(grep "bad.json: not valid JSON" bad.err)"
echo '{"schema": "perfaudit-bench/1", "samples": {"wall": []}}' > empty.json
"$PERFAUDIT" bench --compare empty.json -- "$spin" 1 > /dev/null 2> empty.err
check "a baseline without samples exits 2 naming it" \
    test $? -eq 2 -a -n "$(grep "empty.json: not a perfaudit-bench/1 baseline" empty.err)"
"$PERFAUDIT" bench --compare gone --dir "$work/baselines" -- "$spin" 1 > /dev/null 2> gone.err
check "a missing baseline exits 2 naming its file" \
    test $? -eq 2 -a -n "$(grep "baselines/gone.json: cannot open" gone.err)"
"$PERFAUDIT" bench --fail-if-slower 5 -- "$spin" 1 > /dev/null 2>&1
check "--fail-if-slower without --compare is a usage error" test $? -eq 2
"$PERFAUDIT" bench --rounds 1 -- "$spin" 1 > /dev/null 2>&1
check "--rounds 1 is a usage error" test $? -eq 2
"$PERFAUDIT" bench --rounds 3 > /dev/null 2>&1
check "no command is a usage error" test $? -eq 2

finish
