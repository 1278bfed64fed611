# lib.sh: what every end-to-end script shares: the perfaudit under test, a work directory that
# goes away, and check NAME COMMAND... counting passes and failures. Source it, end with finish.
set -u
PERFAUDIT=${PERFAUDIT:-perfaudit}
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

check() { # check NAME COMMAND...: passes when COMMAND succeeds
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "FAIL: $name"
        failures=$((failures + 1))
    fi
}

finish() { # prints the closing line CTest logs show, and fails if anything did
    echo "$passed passed, $failures failed"
    test "$failures" -eq 0
}
