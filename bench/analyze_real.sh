#!/usr/bin/env bash
# analyze_real.sh [--rounds N] [-j N] PROJECT_DIR COMPILE_DB: `perfaudit analyze -p COMPILE_DB
# PROJECT_DIR` beside `clang -fsyntax-only` over the same translation units (every command the
# database lists, with its own flags, -w added, output and dependency flags and -Werror
# dropped, as perfaudit drops them). Rounds alternate between the two so machine noise hits
# both alike; medians of wall and CPU (user + system) times are reported, with their ratios.
# It fails unless every perfaudit run exits 0 and no error, warning or incomplete function
# comes from a header (a header parsed out of its includers' context). COMPILE_DB is a build
# directory or its compile_commands.json. The project's code is only read, never copied.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
perfaudit=${PERFAUDIT:-$root/build/perfaudit}
clang=${CLANG:-$(command -v clang-19 || command -v clang)}
rounds=5
jobs=1
while [ $# -gt 0 ]; do
    case $1 in
    --rounds) rounds=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || { echo "usage: $0 [--rounds N] [-j N] PROJECT_DIR COMPILE_DB" >&2; exit 2; }
project=$1
db=$2
[ -d "$db" ] && db=$db/compile_commands.json
[ -f "$db" ] || { echo "$0: $db: no compile database" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One command line per translation unit (NUL-separated arguments, in a file each), as clang
# -fsyntax-only runs it; and the line count of the units and the headers they reach.
/usr/bin/python3 - "$db" "$clang" "$work" <<'PY'
import json, os, shlex, sys
db, clang, work = sys.argv[1:4]
drop_next = {"-o", "-MF", "-MT", "-MQ"}
drop = {"-c", "-MD", "-MMD", "-M", "-MM", "--"}
units = []
for e in json.load(open(db)):
    args = e.get("arguments") or shlex.split(e["command"])
    d = e["directory"]
    f = os.path.realpath(os.path.join(d, e["file"]))
    out, skip = [clang, "-fsyntax-only", "-w"], False
    for a in args[1:]:
        if skip:
            skip = False
        elif a in drop_next:
            skip = True
        elif a in drop or a.startswith("-Werror") or os.path.realpath(os.path.join(d, a)) == f:
            continue
        else:
            out.append(a)
    out.append(f)
    units.append((d, out))
for i, (d, argv) in enumerate(units):
    with open(os.path.join(work, "unit%05d" % i), "w") as fh:
        fh.write("\0".join([d] + argv))
print(len(units), file=open(os.path.join(work, "nunits"), "w"))
PY
nunits=$(cat "$work/nunits")

# clang over every unit, -j at a time; prints "wall cpu" in seconds
run_clang() {
    /usr/bin/python3 - "$work" "$jobs" <<'PY'
import glob, os, resource, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
work, jobs = sys.argv[1], int(sys.argv[2])
units = [open(p).read().split("\0") for p in sorted(glob.glob(os.path.join(work, "unit*")))]
def one(u):
    subprocess.run(u[1:], cwd=u[0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
with ThreadPoolExecutor(jobs) as pool:
    list(pool.map(one, units))
t1 = time.monotonic()
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f" % (t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)))
PY
}

run_perfaudit() { # prints "wall cpu"; the report and stderr stay in $work
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$perfaudit" analyze -j "$jobs" -p "$db" "$project" \
        --format json -o "$work/report.json" 2> "$work/stderr" && rc=0 || rc=$?
    echo "$rc" >> "$work/codes"
    awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$work/time"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: > "$work/clang" ; : > "$work/perfaudit"; : > "$work/codes"
for ((r = 0; r < rounds; r++)); do
    run_clang >> "$work/clang"
    run_perfaudit >> "$work/perfaudit"
done

/usr/bin/python3 - "$work/report.json" "$work/stderr" <<'PY' > "$work/check" || true
import json, re, sys
r = json.load(open(sys.argv[1]))
header = re.compile(r"\.(h|hpp|hh|hxx)(:\d+)*:")
bad = [e["file"] + ": " + e["message"] for e in r["errors"]
       if header.search(e["file"] + ":") or header.search(e["message"])]
bad += [l.rstrip() for l in open(sys.argv[2]) if "warning:" in l and header.search(l)]
bad += ["%s: incomplete: %s" % (f["file"], f["incomplete"]) for f in r["functions"]
        if f.get("incomplete") and header.search(f["file"] + ":")]
print("functions %d findings %d errors %d skipped %s" % (len(r["functions"]), len(r["findings"]),
      len(r["errors"]), r.get("skipped_not_in_compile_database")))
for b in bad[:10]:
    print("header error: " + b)
sys.exit(1 if bad else 0)
PY

cw=$(awk '{print $1}' "$work/clang" | median); cc=$(awk '{print $2}' "$work/clang" | median)
pw=$(awk '{print $1}' "$work/perfaudit" | median); pc=$(awk '{print $2}' "$work/perfaudit" | median)
echo "units: $nunits (-j $jobs, $rounds rounds, medians)"
printf '%-24s %10s %10s\n' "" "wall s" "cpu s"
printf '%-24s %10.2f %10.2f\n' "clang -fsyntax-only" "$cw" "$cc"
printf '%-24s %10.2f %10.2f\n' "perfaudit analyze" "$pw" "$pc"
printf '%-24s %10.2f %10.2f\n' "ratio" "$(awk -v a="$pw" -v b="$cw" 'BEGIN {print a / b}')" \
    "$(awk -v a="$pc" -v b="$cc" 'BEGIN {print a / b}')"
head -1 "$work/check"
status=0
if grep -qv '^0$' "$work/codes"; then
    echo "FAIL: perfaudit exit statuses: $(sort -u "$work/codes" | tr '\n' ' ')"
    status=1
fi
if grep -q '^header error' "$work/check"; then
    grep '^header error' "$work/check"
    echo "FAIL: errors from headers"
    status=1
fi
[ "$status" -eq 0 ] && echo "OK: exit status 0, no error from a header"
exit "$status"
