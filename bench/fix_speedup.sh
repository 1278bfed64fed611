#!/usr/bin/env bash
# fix_speedup.sh [--rounds N] [PROGRAM...]: perfaudit's predicted speedup beside the real one.
# For each corpus program that has a fixed copy in corpus/fixed/ (or only the PROGRAMs named,
# e.g. word_freq or word_freq.c), the original and the fixed copy are built with the same flags
# (cc -std=gnu11 -O2 -g) and run at labels.json's default args for N rounds (default 5), the two
# alternating so that machine noise hits both alike; measured speedup = median CPU time (user +
# sys) of the original / that of the fixed copy. The original is then profiled once with
# `perfaudit record` and analysed with `analyze --profile`: the first recommendation in the
# planted hotspot gives the estimated speedup and its rank. Prints a markdown table.
# perfaudit is $PERFAUDIT, else build/perfaudit, else build-fixed/perfaudit; where it is missing,
# or analyze --profile fails or gives no estimate, the estimate columns say n/a.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=5
names=()
while [ $# -gt 0 ]; do
    case $1 in
    --rounds) rounds=${2:-}; shift 2 ;;
    -*) echo "usage: $0 [--rounds N] [PROGRAM...]" >&2; exit 2 ;;
    *) names+=("$(basename "$1" .c)"); shift ;;
    esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "$0: --rounds wants a positive integer" >&2; exit 2; }

perfaudit=${PERFAUDIT:-}
if [ -z "$perfaudit" ]; then
    for candidate in "$root/build/perfaudit" "$root/build-fixed/perfaudit"; do
        if [ -x "$candidate" ]; then
            perfaudit=$candidate
            break
        fi
    done
fi
[ -n "$perfaudit" ] || echo "perfaudit not found (set PERFAUDIT): estimates are n/a" >&2

# name, source, hotspot, rule, default args (space-separated), one program a line
programs=$(python3 - "$root" "${names[@]}" <<'PY'
import json, os, sys
root, wanted = sys.argv[1], sys.argv[2:]
labelled = {os.path.basename(p["file"])[:-2]: p
            for p in json.load(open(os.path.join(root, "corpus", "labels.json")))["programs"]}
has_fix = lambda name: os.path.exists(os.path.join(root, "corpus", "fixed", name + ".c"))
for name in wanted:
    if name not in labelled or not has_fix(name):
        sys.exit("%s: no such program with a fixed copy (corpus/fixed/%s.c)" % (name, name))
for name in wanted or sorted(n for n in labelled if has_fix(n)):
    p = labelled[name]
    print("\t".join([name, p["file"], p["hotspot"], p["hotspot_rule"], " ".join(p["args"])]))
PY
)
[ -n "$programs" ] || { echo "no program in corpus/fixed/" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpu_of() { # cpu_of OUT COMMAND...: COMMAND's user + sys CPU seconds; its output goes to OUT
    python3 - "$@" <<'PY'
import os, subprocess, sys
with open(sys.argv[1], "w") as out:
    child = subprocess.Popen(sys.argv[2:], stdout=out)
_, status, usage = os.wait4(child.pid, 0)  # the child's own rusage, without python's start-up
if status != 0:
    sys.exit("%s: exit status %d" % (sys.argv[2], os.waitstatus_to_exitcode(status)))
print("%.6f" % (usage.ru_utime + usage.ru_stime))
PY
}
median() { # median of the numbers on stdin
    tr ' ' '\n' | grep -v '^$' | sort -g |
        awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

order=()
declare -A src hotspot rule args times
while IFS=$'\t' read -r name file hs r a; do
    order+=("$name")
    src[$name]=$file hotspot[$name]=$hs rule[$name]=$r args[$name]=$a
    cc -std=gnu11 -O2 -g -o "$work/$name.orig" "$root/$file" -lm
    cc -std=gnu11 -O2 -g -o "$work/$name.fixed" "$root/corpus/fixed/$name.c" -lm
done <<< "$programs"

for ((round = 0; round < rounds; round++)); do
    echo "round $((round + 1))/$rounds" >&2
    variants=(orig fixed)
    if ((round % 2)); then variants=(fixed orig); fi
    for name in "${order[@]}"; do
        read -ra argv <<< "${args[$name]}"
        for v in "${variants[@]}"; do
            times[$name.$v]+="$(cpu_of "$work/$name.$v.out" "$work/$name.$v" "${argv[@]}") "
        done
        if ((round == 0)) && ! cmp -s "$work/$name.orig.out" "$work/$name.fixed.out"; then
            echo "warning: $name: the fixed copy prints something else than the original" >&2
            rule[$name]+=" (OUTPUT DIFFERS)"
        fi
    done
done

estimate() { # estimate NAME: "speedup<TAB>rank<TAB>rank-1 function" of analyze --profile, or n/a
    local name=$1 argv
    read -ra argv <<< "${args[$name]}"
    if [ -z "$perfaudit" ] ||
        ! "$perfaudit" record -o "$work/$name.prof" -- "$work/$name.orig" "${argv[@]}" \
            > /dev/null 2> "$work/$name.record.log"; then
        printf 'n/a\tn/a\tn/a\n'
        return
    fi
    # no exit status check: a run that writes no report leaves no recommendations, hence n/a
    (cd "$root" && "$perfaudit" analyze "${src[$name]}" --profile "$work/$name.prof" \
        --format json) > "$work/$name.json" 2> "$work/$name.analyze.log" || true
    python3 - "$work/$name.json" "${hotspot[$name]}" <<'PY'
import json, sys
try:
    recs = json.load(open(sys.argv[1])).get("recommendations") or []
except (OSError, ValueError):
    recs = []
top = recs[0].get("function", "?") if recs else "n/a"
for i, rec in enumerate(recs):
    if rec.get("function") == sys.argv[2]:
        est = rec.get("estimated_speedup")
        est = "%.2f" % est if isinstance(est, (int, float)) else "n/a"
        print("%s\t%s\t%s" % (est, rec.get("rank", i + 1), top))
        break
else:
    print("n/a\t%s\t%s" % ("not ranked" if recs else "n/a", top))
PY
}

echo "| program | rule | hotspot | estimated speedup | measured speedup | ratio est/meas" \
    "| rank of hotspot | rank-1 function | original CPU s | fixed CPU s |"
echo "|---|---|---|---:|---:|---:|---:|---|---:|---:|"
for name in "${order[@]}"; do
    t_orig=$(echo "${times[$name.orig]}" | median)
    t_fixed=$(echo "${times[$name.fixed]}" | median)
    measured=$(awk -v a="$t_orig" -v b="$t_fixed" \
        'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}')
    IFS=$'\t' read -r est rank top < <(estimate "$name")
    ratio=$(awk -v e="$est" -v m="$measured" \
        'BEGIN {if (e + 0 > 0 && m + 0 > 0) printf "%.2f", e / m; else print "n/a"}')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %.4f |\n' "$name" "${rule[$name]}" \
        "${hotspot[$name]}" "$est" "$measured" "$ratio" "$rank" "$top" "$t_orig" "$t_fixed"
done
echo
echo "medians of $rounds rounds of CPU time (user + sys) at labels.json's default args;" \
    "estimates from one perfaudit record profile of the original (${perfaudit:-no perfaudit})"
