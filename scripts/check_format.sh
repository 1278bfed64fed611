#!/usr/bin/env bash
# check_format.sh: fails when a C file differs from what .clang-format makes of it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fmt=$(command -v clang-format-14 || command -v clang-format)
bad=0
while IFS= read -r f; do
    if ! diff -q <("$fmt" --style=file "$root/$f") "$root/$f" > /dev/null; then
        echo "not formatted: $f (run: $fmt -i --style=file $f)"
        bad=1
    fi
done < <(cd "$root" && git ls-files 'common/*.[ch]' 'analyzer/*.[ch]' 'rules/*.[ch]' 'report/*.[ch]' 'profiler/*.[ch]' 'cli/*.[ch]' 'include/*.h' 'tests/*.[ch]')
exit $bad
