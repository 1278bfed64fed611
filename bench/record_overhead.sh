#!/usr/bin/env bash
# record_overhead.sh [--rounds N] [--units U]: what recording costs, measured side by side.
# A CPU-bound program with deep stacks (bench/programs/deep.c, -O2 -g) runs unprofiled, under
# perfaudit record at 100 Hz and 1 kHz, under perf record -F at the same rates (call graphs
# from frame pointers), and under gperftools (CPUPROFILE_FREQUENCY). Rounds interleave the
# variants so that machine noise hits all alike; medians are reported, as the ratio of CPU time
# (user + sys) to the unprofiled run, with the samples each collected against the number the
# asked rate should give (rate x CPU seconds). perfaudit's CPU time includes its symbolization
# after the run, perf's includes writing perf.data: each is the whole cost to the user.
# Needs: perf (linux-perf) and google-perftools (libprofiler.so) for the peer rows; a peer
# that is missing is reported as such, not faked.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
perfaudit=${PERFAUDIT:-$root/build/perfaudit}
rounds=7
units=40
while [ $# -gt 0 ]; do
    case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --units) units=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--units U]" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -g -fno-omit-frame-pointer "$root/bench/programs/deep.c" -o "$work/deep"
profiler_lib=$(ls /usr/lib/*/libprofiler.so.0 2> /dev/null | head -1 || true)
have_perf=no
perf stat -e task-clock true > /dev/null 2>&1 && have_perf=yes

cpu_of() { # cpu_of COMMAND...: user+sys seconds of the command and its children
    /usr/bin/time -f "%U %S" -o "$work/time" "$@" > /dev/null 2> "$work/err" || true
    awk '{print $1 + $2}' "$work/time"
}

variants=(none pa100 pa1000)
[ "$have_perf" = yes ] && variants+=(perf100 perf1000)
[ -n "$profiler_lib" ] && variants+=(gperf100 gperf1000)
declare -A cpu samples
for ((r = 0; r < rounds; r++)); do
    for v in "${variants[@]}"; do
        case $v in
        none) t=$(cpu_of "$work/deep" "$units"); n=0 ;;
        pa*)
            hz=${v#pa}
            t=$(cpu_of "$perfaudit" record --freq "$hz" -o "$work/p.prof" -- "$work/deep" "$units")
            n=$(awk -F'\t' '$1 == "stack" {s += $2} END {print s + 0}' "$work/p.prof") ;;
        perf*)
            hz=${v#perf}
            t=$(cpu_of perf record -q -F "$hz" -g -o "$work/perf.data" -- "$work/deep" "$units")
            n=$(perf script -i "$work/perf.data" -F tid 2> /dev/null | grep -c . || true) ;;
        gperf*)
            hz=${v#gperf}
            t=$(cpu_of env LD_PRELOAD="$profiler_lib" CPUPROFILE="$work/g.prof" CPUPROFILE_FREQUENCY="$hz" "$work/deep" "$units")
            n=$(python3 - "$work/g.prof" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
w = struct.unpack_from("<5Q", d, 0)
off, total = 8 * (2 + w[1]), 0  # header: 0, header words, then that many words
while off + 16 <= len(d):
    count, depth = struct.unpack_from("<2Q", d, off)
    if count == 0 and depth == 1:
        break
    total += count
    off += 16 + 8 * depth
print(total)
PY
) ;;
        esac
        cpu[$v]+="$t "
        samples[$v]+="$n "
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
base=$(echo "${cpu[none]}" | median)
printf '%-22s %10s %9s %10s %9s\n' "profiler" "CPU s" "overhead" "samples" "of asked"
for v in "${variants[@]}"; do
    c=$(echo "${cpu[$v]}" | median)
    s=$(echo "${samples[$v]}" | median)
    case $v in none) name="unprofiled"; hz=0 ;;
    pa*) name="perfaudit record ${v#pa} Hz"; hz=${v#pa} ;;
    perf*) name="perf record -F ${v#perf} -g"; hz=${v#perf} ;;
    gperf*) name="gperftools ${v#gperf} Hz"; hz=${v#gperf} ;; esac
    expected=$(awk -v h="$hz" -v c="$base" 'BEGIN {print h * c}')
    printf '%-22s %10.2f %8.2fx %10s %9s\n' "$name" "$c" "$(awk -v a="$c" -v b="$base" 'BEGIN {print a / b}')" \
        "$s" "$(awk -v s="$s" -v e="$expected" 'BEGIN {if (e > 0) printf "%.2f", s / e; else print "-"}')"
done
echo "medians of $rounds rounds, deep.c with $units units; overhead = CPU time / unprofiled CPU time"
[ "$have_perf" = yes ] || echo "perf: not usable here (perf stat refused)"
[ -n "$profiler_lib" ] || echo "gperftools: libprofiler.so not installed (apt-get install google-perftools)"
