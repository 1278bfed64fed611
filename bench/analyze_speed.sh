#!/usr/bin/env bash
# analyze_speed.sh [--rounds N] DIR...: wall time of `perfaudit analyze` on the C files under each
# DIR, beside `clang -fsyntax-only` on the same files with the flags perfaudit uses by default
# (-std=gnu11, the file's directory and a sibling include/ on the include path, -w). Rounds
# alternate between the two so machine noise hits both alike; medians are reported.
# Headers are parsed by both only through the files that include them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
perfaudit=${PERFAUDIT:-$root/build/perfaudit}
clang=$(command -v clang-19 || command -v clang-18 || command -v clang-17 || command -v clang-16 ||
        command -v clang-15 || command -v clang-14 || command -v clang)
rounds=5
if [ "${1:-}" = "--rounds" ]; then rounds=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--rounds N] DIR..." >&2; exit 2; }

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

syntax_only() { # the files one after another, as perfaudit -j 1 parses them
    local f dir flags
    while IFS= read -r f; do
        dir=$(dirname "$f")
        flags=(-x c -std=gnu11 -w -ferror-limit=20 "-I$dir")
        [ -d "$dir/include" ] && flags+=("-I$dir/include")
        [ -d "$dir/../include" ] && flags+=("-I$dir/../include")
        "$clang" -fsyntax-only "${flags[@]}" "$f" > /dev/null 2>&1 || true
    done < "$1"
}

printf '%-28s %6s %8s %14s %14s %14s %7s\n' "code base" files lines "clang -fsyntax" "perfaudit -j1" "perfaudit -j0" "ratio"
for dir in "$@"; do
    list=$(mktemp)
    find "$dir" -name '*.c' -not -path '*/.*' -not -path '*/build/*' | sort > "$list"
    files=$(wc -l < "$list")
    lines=$(xargs cat < "$list" | wc -l)
    t_clang=() t_one=() t_all=()
    for ((r = 0; r < rounds; r++)); do
        s=$(now); syntax_only "$list"; e=$(now); t_clang+=("$(awk -v a="$s" -v b="$e" 'BEGIN {print b - a}')")
        s=$(now); "$perfaudit" analyze -j 1 "$dir" --format json > /dev/null 2>&1 || true; e=$(now)
        t_one+=("$(awk -v a="$s" -v b="$e" 'BEGIN {print b - a}')")
        s=$(now); "$perfaudit" analyze "$dir" --format json > /dev/null 2>&1 || true; e=$(now)
        t_all+=("$(awk -v a="$s" -v b="$e" 'BEGIN {print b - a}')")
    done
    mc=$(printf '%s\n' "${t_clang[@]}" | median)
    m1=$(printf '%s\n' "${t_one[@]}" | median)
    ma=$(printf '%s\n' "${t_all[@]}" | median)
    printf '%-28s %6d %8d %13.2fs %13.2fs %13.2fs %6.2fx\n' "${dir#$PWD/}" "$files" "$lines" \
        "$mc" "$m1" "$ma" "$(awk -v a="$m1" -v b="$mc" 'BEGIN {print a / b}')"
    rm -f "$list"
done
echo "median of $rounds rounds; ratio = perfaudit -j1 / clang -fsyntax-only (same files, same flags, one at a time)"
