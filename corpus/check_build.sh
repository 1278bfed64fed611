#!/bin/sh
# Build every corpus program with warnings as errors and run it on a small
# input; exits non-zero if any program fails to build or to run.
#
# usage: corpus/check_build.sh [size]        (default size 200)
#        CC=clang corpus/check_build.sh      (another compiler)
set -u
here=$(cd "$(dirname "$0")" && pwd)
size=${1:-200}
cc=${CC:-gcc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/perfaudit-corpus.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0
count=0
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    count=$((count + 1))
    if ! "$cc" -std=gnu11 -O2 -g -Wall -Wextra -Werror -o "$tmp/$name" "$src" -lm 2>"$tmp/$name.log"; then
        echo "FAIL build $name"
        cat "$tmp/$name.log"
        fail=$((fail + 1))
        continue
    fi
    if out=$("$tmp/$name" "$size" 2>&1); then
        echo "ok   $name: $(printf '%s\n' "$out" | head -n 1)"
    else
        echo "FAIL run   $name (exit $?): $out"
        fail=$((fail + 1))
    fi
done
echo "$count programs, $fail failed"
[ "$fail" -eq 0 ]
