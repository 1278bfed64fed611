#!/usr/bin/env bash
# test_record.sh: perfaudit record on real programs: exact call counts from an instrumented
# build, and (with the sampling runtime) time shares within 5 points of the truth.
. "$(dirname "$0")/lib.sh"
INSTRUMENT_LIB_DIR=${INSTRUMENT_LIB_DIR:?the directory of libperfaudit_instrument.so}
PROGRAMS=$(cd "$(dirname "$0")/programs" && pwd)
CC=${CC:-cc}

# Instrumented mode: exact counts, recursion counted as cProfile does (total/primitive).
$CC -g -O1 -finstrument-functions "$PROGRAMS/calls.c" -o "$work/calls" \
    -L"$INSTRUMENT_LIB_DIR" -lperfaudit_instrument -Wl,-rpath,"$INSTRUMENT_LIB_DIR"
"$PERFAUDIT" record --instrumented -o "$work/calls.prof" -- "$work/calls" > "$work/calls.out" 2> "$work/calls.err"
check "record --instrumented exits 0" test $? -eq 0
check "the program's output is untouched" test "$(cat "$work/calls.out")" = "6765 499500"
"$PERFAUDIT" report "$work/calls.prof" --format json > "$work/calls.json"
check "instrumented counts are exact" $PY - "$work/calls.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["profile"]["mode"] == "instrumented", r["profile"]
rows = {f["function"]: f for f in r["functions"]}
assert rows["fib"]["ncalls"] == 21891 and rows["fib"]["primitive_calls"] == 1, rows["fib"]
assert rows["leaf"]["ncalls"] == 1000 and rows["leaf"]["primitive_calls"] == 1000
assert rows["main"]["ncalls"] == 1
assert rows["fib"]["file"].endswith("calls.c") and rows["fib"]["line"] == 7, rows["fib"]
assert rows["main"]["cumtime"] >= rows["fib"]["cumtime"] >= rows["fib"]["tottime"] > 0
PYEOF
"$PERFAUDIT" report "$work/calls.prof" > "$work/calls.txt"
check "the table shows total/primitive calls" grep -q "21891/1" "$work/calls.txt"

"$PERFAUDIT" record --instrumented -o "$work/none.prof" -- /bin/true 2> "$work/none.err"
check "a program without hooks is a clear error" test $? -eq 2
check "the error says how to build" grep -q "finstrument-functions" "$work/none.err"
"$PERFAUDIT" record -o "$work/x.prof" --instrumented -- /nonexistent/program 2> "$work/ne.err"
check "a command that does not exist exits 2" test $? -eq 2
check "and names it" grep -q "/nonexistent/program" "$work/ne.err"
"$PERFAUDIT" record --instrumented -- "$work/calls" 2> /dev/null
check "record without -o exits 2" test $? -eq 2

# Sampling: measured time shares come out within 5 percentage points of the truth. The truth is
# each part's own thread CPU time, which the program prints on stderr: equal work does not cost
# equal CPU time on a shared machine, and CPU time is what a profiler measures.
$CC -g -O1 -fno-inline "$PROGRAMS/shares.c" -o "$work/shares" -lpthread
shares() { # shares MODE UNITS: record the program, print the report as JSON
    "$PERFAUDIT" record -o "$work/$1.prof" -- "$work/shares" "$1" "$2" > "$work/$1.out" 2> "$work/$1.err" &&
        "$PERFAUDIT" report "$work/$1.prof" --format json > "$work/$1.json"
}
# compare_shares MODE: compare each part's share of the profile with its share of measured CPU.
cat > "$work/compare_shares.py" <<'PYEOF'
import json, sys
mode = sys.argv[1]
truth = {}
for line in open(mode + ".err"):
    if line.startswith("truth "):
        _, name, ns = line.split()
        truth[name] = int(ns)
r = json.load(open(mode + ".json"))
rows = {f["function"]: f for f in r["functions"]}
names = sorted(truth)
measured = {n: rows[n]["cum_pct"] for n in names}
want = {n: 100 * truth[n] / sum(truth.values()) for n in names}
got = {n: 100 * measured[n] / sum(measured.values()) for n in names}
print("%s (%d samples): " % (mode, r["profile"]["samples"]) +
      ", ".join("%s %.1f%% (truth %.1f%%)" % (n, got[n], want[n]) for n in names))
assert r["profile"]["samples"] >= 300, r["profile"]  # ~0.6 s of CPU at ~1 kHz
for n in names:
    assert abs(got[n] - want[n]) <= 5, (n, got[n], want[n])
    assert rows[n]["cum_pct"] <= 100, rows[n]
PYEOF
compare_shares() { (cd "$work" && $PY compare_shares.py "$1"); }
shares single 320
check "record of a single thread exits 0" test $? -eq 0
check "its output is untouched" test "$(cat "$work/single.out")" = "$("$work/shares" single 320 2> /dev/null)"
check "3:1 work comes out as its CPU time share within 5 points" compare_shares single
check "the profile knows where the functions are and does not count calls" $PY - "$work/single.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
rows = {f["function"]: f for f in r["functions"]}
assert rows["heavy_work"]["file"].endswith("shares.c") and rows["heavy_work"]["ncalls"] is None
assert not any("main_wrapper" in f for f in rows)  # the runtime's own frames are hidden
PYEOF
shares threads 240
check "record of four threads exits 0" test $? -eq 0
check "threads doing 1:2:3:4 come out as their CPU time shares within 5 points" compare_shares threads
check "every thread is in the profile" $PY - "$work/threads.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["profile"]["threads"] >= 5, r["profile"]
PYEOF
shares recursive 320
check "recursion: the recursive part's CPU share within 5 points, each sample counted once" compare_shares recursive

# Nested inlines: a helper inlined into a function inlined into main keeps both callers.
cat > "$work/nested.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
static inline double leaf_step(double x) { return x * 1.0000001 + 0.5; }
static inline double middle_loop(double x, long n)
{
    for (long i = 0; i < n; i++)
        x = leaf_step(x);
    return x;
}
int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 300000000L;
    printf("%.3f\n", middle_loop(1.0, n));
    return 0;
}
C
$CC -g -O2 "$work/nested.c" -o "$work/nested"
"$PERFAUDIT" record -o "$work/nested.prof" -- "$work/nested" > /dev/null 2>&1 &&
    "$PERFAUDIT" report "$work/nested.prof" --format json > "$work/nested.json"
check "nested inlines: the middle function is on the leaf's stacks" $PY - "$work/nested.json" <<'PYEOF'
import json, sys
rows = {f["function"]: f for f in json.load(open(sys.argv[1]))["functions"]}
assert rows["middle_loop"]["cum_pct"] >= 90 and rows["main"]["cum_pct"] >= 95, rows
PYEOF

finish
