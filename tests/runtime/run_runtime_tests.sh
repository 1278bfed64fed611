#!/usr/bin/env bash
# run_runtime_tests.sh: builds the preloaded sampling runtime (profiler/runtime), its test
# targets and dump_raw into a temporary directory, runs every target with and without the
# runtime, and checks: one complete, valid profile per process; sample counts at the asked
# rate; the 1:3 and 1:2:3:4 work ratios; forks and execs; exit statuses, stdout, stderr and
# signal behaviour unchanged. Measured numbers are printed as "# " lines.
#
#   bash tests/runtime/run_runtime_tests.sh            (PA_KEEP=1 keeps the work directory)
#   RUNTIME_LIB=/path/libperfaudit_runtime.so ...      (test a library built elsewhere)
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC="$ROOT/tests/runtime"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/perfaudit-rt.XXXXXX")
if [ "${PA_KEEP:-0}" = 1 ]; then echo "# work directory: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
CC=${CC:-cc}
PASS=0
FAIL=0
ulimit -c 0 # the segv and abort targets must not leave cores behind

ok() { PASS=$((PASS + 1)); echo "ok   - $*"; }
not_ok() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
check() { # check DESCRIPTION COMMAND...: ok when COMMAND succeeds
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
note() { echo "# $*"; }
# Floating-point test: fcheck 'EXPR' evaluates an awk condition.
fcheck() { awk "BEGIN { exit !($1) }"; }

# ---- build ---------------------------------------------------------------------------------
LIB=${RUNTIME_LIB:-$WORK/libperfaudit_runtime.so}
if [ -z "${RUNTIME_LIB:-}" ]; then
    # libunwind's headers only: the runtime loads libunwind.so privately (unwinder.c).
    if "$CC" -std=c11 -D_GNU_SOURCE -O2 -g -fPIC -shared -fvisibility=hidden \
        -Wall -Wextra -Wshadow -Werror -I"$ROOT/profiler" $(pkg-config --cflags libunwind) \
        "$ROOT"/profiler/runtime/*.c -o "$LIB" -lpthread -ldl 2> "$WORK/build.err"; then
        ok "runtime builds with -Wall -Wextra -Wshadow -Werror"
    else
        cat "$WORK/build.err"
        not_ok "runtime builds with -Wall -Wextra -Wshadow -Werror"
        exit 1
    fi
fi
"$CC" -std=c11 -O2 -g -Wall -Wextra -Werror -I"$ROOT/profiler" "$SRC/dump_raw.c" \
    -o "$WORK/dump_raw" || { not_ok "dump_raw builds"; exit 1; }
for t in cpu_single cpu_threads fork_exec exit_modes small_stacks; do
    "$CC" -std=gnu11 -O0 -g -fno-omit-frame-pointer -Wall -Wextra -Werror -I"$SRC" \
        "$SRC/$t.c" -o "$WORK/$t" -lpthread || { not_ok "$t builds"; exit 1; }
done
"$CC" -std=gnu11 -O2 -g -fno-omit-frame-pointer -Wall -Wextra -Werror -I"$SRC" \
    "$SRC/deep_recursion.c" -o "$WORK/deep_recursion" || { not_ok "deep_recursion builds"; exit 1; }
"$CC" -std=gnu11 -O2 -g -Wall -Wextra -Werror -I"$SRC" $(pkg-config --cflags libunwind) \
    "$SRC/unwind_user.c" -o "$WORK/unwind_user" -lpthread $(pkg-config --libs libunwind) ||
    { not_ok "unwind_user builds"; exit 1; }
"$CC" -std=gnu11 -O2 -g -Wall -Wextra -Werror "$SRC/dlopen_cxx.c" -o "$WORK/dlopen_cxx" -ldl ||
    { not_ok "dlopen_cxx builds"; exit 1; }
HAVE_CXX=0
if ${CXX:-c++} -O2 -g -shared -fPIC "$SRC/cxx_plugin.cc" -o "$WORK/libcxx_plugin.so" 2> /dev/null; then
    HAVE_CXX=1
fi

expected_exports="_Exit __libc_start_main _exit bsd_signal dl_iterate_phdr dlclose exit execl
execle execlp execv execve execvp execvpe fexecve posix_spawn posix_spawnp pthread_create
pthread_sigmask quick_exit sigaction signal sigprocmask unw_backtrace"
exports=$(nm -D --defined-only "$LIB" | awk '{print $3}' | sort | tr '\n' ' ')
check "only the interposed entry points are exported" \
    test "$exports" = "$(echo $expected_exports | tr ' ' '\n' | sort | tr '\n' ' ')"
check "libunwind is not a dependency (it would join the global scope)" \
    sh -c "! readelf -d '$LIB' | grep -q 'NEEDED.*libunwind'"

# ---- helpers -------------------------------------------------------------------------------
# run_plain NAME CMD...: the target alone; stdout, stderr, status in $WORK/NAME.plain.*
run_plain() {
    local name=$1
    shift
    # The subshell's own stderr only carries the shell's "Terminated"/"Aborted" notices.
    (cd "$WORK" && timeout 120 "$@" > "$WORK/$name.plain.out" 2> "$WORK/$name.plain.err") 2> /dev/null
    echo $? > "$WORK/$name.plain.rc"
}
# run_prof NAME [VAR=value...] -- CMD...: the target under the runtime, profiles in
# $WORK/NAME.d; stdout, stderr, status in $WORK/NAME.prof.*
run_prof() {
    local name=$1
    shift
    local vars=()
    while [ "$1" != "--" ]; do vars+=("$1"); shift; done
    shift
    rm -rf "$WORK/$name.d"
    mkdir -p "$WORK/$name.d"
    (cd "$WORK" && timeout 120 env LD_PRELOAD="$LIB" PERFAUDIT_OUTPUT_DIR="$WORK/$name.d" \
        ${vars[@]+"${vars[@]}"} "$@" > "$WORK/$name.prof.out" 2> "$WORK/$name.prof.err") 2> /dev/null
    echo $? > "$WORK/$name.prof.rc"
}
profiles() { ls "$WORK/$1.d"/perfaudit.*.raw 2> /dev/null; }
nprofiles() { profiles "$1" | wc -l; }
# dump FILE: dump_raw's summary (fails on an invalid file)
dump() { "$WORK/dump_raw" "$1" --top 12; }
# field DUMP_LINE_PREFIX KEY FILE: a key=value field of dump_raw's first matching line
field() { dump "$3" | awk -v p="$1" -v k="$2" '$1 == p { for (i = 2; i <= NF; i++) {
    split($i, kv, "="); if (kv[1] == k) { print substr($i, length(k) + 2); exit } } }'; }
all_valid() { # every profile of NAME passes dump_raw, and no temporary file is left
    local f
    for f in $(profiles "$1"); do dump "$f" > /dev/null || return 1; done
    ! ls "$WORK/$1.d"/*.tmp > /dev/null 2>&1
}
same_behaviour() { # the status, stdout and stderr of NAME match the unprofiled run
    cmp -s "$WORK/$1.plain.rc" "$WORK/$1.prof.rc" && cmp -s "$WORK/$1.plain.out" "$WORK/$1.prof.out" &&
        cmp -s "$WORK/$1.plain.err" "$WORK/$1.prof.err"
}
self_count() { dump "$1" | awk -v f="$2" '$1 == "self" && $2 == f { print $3; exit }'; }
# check_heavy_light FILE TRUTH LABEL TOLERANCE: heavy/light self samples against the ratio of
# their measured CPU times (cpu_single's CPU_TRUTH_FILE), within TOLERANCE (a fraction).
check_heavy_light() {
    local f=$1 truth=$2 label=$3 tol=$4 heavy light want
    heavy=$(self_count "$f" heavy)
    light=$(self_count "$f" light)
    want=$(awk '$1 == "heavy" { h = $2 } $1 == "light" { l = $2 } END { if (l > 0) printf "%.3f", h / l }' "$truth")
    note "$label: self samples heavy=$heavy light=$light, measured CPU ratio ${want:-?} (nominal 3)"
    check "$label: heavy/light within $tol of the measured CPU ratio" fcheck "${light:-0} > 0 && ${want:-0} > 0 &&
        ${heavy:-0} / ${light:-1} >= (1 - $tol) * ${want:-0} && ${heavy:-0} / ${light:-1} <= (1 + $tol) * ${want:-0}"
}
thread_samples() { dump "$1" | awk -v n="$2" '$1 == "thread" && $3 == "name=" n {
    sub("samples=", "", $4); print $4; exit }'; }
cpu_ms_of_threads() { dump "$1" | awk '$1 == "thread" { sub("cpu_ms=", "", $6); s += $6 } END { print s + 0 }'; }

# samples x period against the measured CPU time, and the rate per CPU second.
check_rate() { # check_rate FILE LABEL
    local f=$1 label=$2 samples period cpu clock rate ratio
    samples=$(field end samples "$f")
    period=$(field process period_ns "$f")
    clock=$(field process clock "$f")
    cpu=$(cpu_ms_of_threads "$f")
    rate=$(awk -v s="$samples" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? s / (c / 1000) : 0) }')
    ratio=$(awk -v s="$samples" -v p="$period" -v c="$cpu" 'BEGIN { printf "%.3f", (c > 0 ? s * p / 1e6 / c : 0) }')
    note "$label: clock=$clock samples=$samples cpu_ms=$cpu -> $rate samples per CPU second (period ${period} ns: samples x period / cpu = $ratio)"
    check "$label: samples x period within 15% of the CPU time" fcheck "$ratio >= 0.85 && $ratio <= 1.10"
}

# ---- inactive without PERFAUDIT_OUTPUT_DIR ---------------------------------------------------
run_plain inactive ./cpu_single 1
(cd "$WORK" && LD_PRELOAD="$LIB" ./cpu_single 1 > inactive.prof.out 2> inactive.prof.err)
echo $? > "$WORK/inactive.prof.rc"
check "inactive without PERFAUDIT_OUTPUT_DIR: same behaviour" same_behaviour inactive
check "inactive without PERFAUDIT_OUTPUT_DIR: no profile anywhere" \
    test -z "$(ls "$WORK"/perfaudit.* 2> /dev/null)"

# ---- (a) one thread, heavy() = 3 x light() ---------------------------------------------------
run_plain single ./cpu_single
run_prof single CPU_TRUTH_FILE="$WORK/single.truth" -- ./cpu_single
check "cpu_single: same status, stdout, stderr" same_behaviour single
check "cpu_single: one profile, valid and complete" test "$(nprofiles single)" = 1
check "cpu_single: profiles valid" all_valid single
f=$(profiles single | head -1)
check "cpu_single: END carries exit status 0" test "$(field end status "$f")" = 0
check_rate "$f" "cpu_single @999 Hz"
check_heavy_light "$f" "$WORK/single.truth" "cpu_single" 0.15
# All but the few samples taken after main returned (exit handlers) have main below them.
check "cpu_single: main is on 99% of the stacks (whole stacks are unwound)" \
    fcheck "$(dump "$f" | awk '$1 == "total" && $2 == "main" { print $3 }')0 / 10 >= 0.99 * $(field end samples "$f")"

# ---- (b) four threads 1:2:3:4 ----------------------------------------------------------------
check_threads() { # check_threads NAME LABEL
    local f s1 s2 s3 s4 total shares cpu_shares
    f=$(profiles "$1" | head -1)
    s1=$(thread_samples "$f" w1); s2=$(thread_samples "$f" w2)
    s3=$(thread_samples "$f" w3); s4=$(thread_samples "$f" w4)
    total=$(( ${s1:-0} + ${s2:-0} + ${s3:-0} + ${s4:-0} ))
    shares=$(awk -v a="${s1:-0}" -v b="${s2:-0}" -v c="${s3:-0}" -v d="${s4:-0}" -v t="$total" \
        'BEGIN { if (!t) t = 1; printf "%.1f %.1f %.1f %.1f", 100*a/t, 100*b/t, 100*c/t, 100*d/t }')
    # The truth is each worker's own CPU time as the runtime measured it (thread CPU clock),
    # which drifts from the planted 1:2:3:4 work when the machine is busy.
    cpu_shares=$(dump "$f" | awk '$1 == "thread" && $3 ~ /^name=w[1-4]$/ { sub("name=w", "", $3);
        sub("cpu_ms=", "", $6); c[$3] = $6; t += $6 } END { if (!t) t = 1;
        printf "%.1f %.1f %.1f %.1f", 100*c[1]/t, 100*c[2]/t, 100*c[3]/t, 100*c[4]/t }')
    note "$2: samples w1..w4 = ${s1:-0} ${s2:-0} ${s3:-0} ${s4:-0}, shares % = $shares (CPU time: $cpu_shares, planted 10 20 30 40)"
    check "$2: every worker has a THREAD record and samples" \
        fcheck "${s1:-0} > 0 && ${s2:-0} > 0 && ${s3:-0} > 0 && ${s4:-0} > 0"
    check "$2: shares within 4 points of each worker's CPU time share" awk -v s="$shares" -v c="$cpu_shares" 'BEGIN {
        split(s, v, " "); split(c, w, " "); for (i = 1; i <= 4; i++) { d = v[i] - w[i]; if (d < -4 || d > 4) exit 1 } }'
    check "$2: and CPU time near the planted 1:2:3:4 (within 8 points)" awk -v c="$cpu_shares" 'BEGIN {
        split(c, w, " "); for (i = 1; i <= 4; i++) { d = w[i] - 10 * i; if (d < -8 || d > 8) exit 1 } }'
    # Fairness proper: each worker's samples per CPU second (its own measured CPU time, which
    # drifts from the planted work when the machine is busy) within 6% of the others' mean.
    local rates
    rates=$(dump "$f" | awk '$1 == "thread" && $3 ~ /^name=w[1-4]$/ { sub("samples=", "", $4);
        sub("cpu_ms=", "", $6); printf "%.0f ", $4 / ($6 / 1000) }')
    note "$2: samples per CPU second w1..w4 = $rates"
    check "$2: every worker sampled at the same rate per CPU second (within 6%)" \
        awk -v r="$rates" 'BEGIN { n = split(r, v, " "); for (i = 1; i <= n; i++) m += v[i] / n;
            for (i = 1; i <= n; i++) if (v[i] < 0.94 * m || v[i] > 1.06 * m) exit 1; exit !(n == 4) }'
}
run_plain threads ./cpu_threads
run_prof threads -- ./cpu_threads
check "cpu_threads: same status, stdout, stderr" same_behaviour threads
check "cpu_threads: one profile, valid" test "$(nprofiles threads)" = 1 -a -n "$(all_valid threads && echo y)"
check "cpu_threads: five THREAD records (main + 4)" test "$(field end threads "$(profiles threads)")" = 5
check_threads threads "cpu_threads"
check_rate "$(profiles threads)" "cpu_threads @999 Hz"

run_plain blockall ./cpu_threads blockall
run_prof blockall -- ./cpu_threads blockall
check "cpu_threads blockall: same behaviour" same_behaviour blockall
check_threads blockall "cpu_threads, workers blocking every signal"

# ---- (c) fork and exec -------------------------------------------------------------------------
run_plain tree ./fork_exec tree
run_prof tree -- ./fork_exec tree
check "fork_exec tree: same status, stdout, stderr" same_behaviour tree
check "fork_exec tree: three profiles (parent, forked child, exec'd child)" test "$(nprofiles tree)" = 3
check "fork_exec tree: all valid" all_valid tree
tree_ok() {
    local f pid ppid parent="" burn
    for f in $(profiles tree); do
        pid=$(field process pid "$f")
        test "$(basename "$f")" = "perfaudit.$pid.raw" || return 1
    done
    # The parent is the one whose ppid is not among the pids; the others point at it.
    for f in $(profiles tree); do
        ppid=$(field process ppid "$f")
        if [ ! -f "$WORK/tree.d/perfaudit.$ppid.raw" ]; then parent=$(field process pid "$f"); fi
    done
    test -n "$parent" || return 1
    # Each process's burn samples against its measured CPU time (the truth on a busy machine),
    # and that CPU time near the planted 1:2:3.
    local pairs=""
    for f in $(profiles tree); do
        pid=$(field process pid "$f")
        if [ "$pid" != "$parent" ]; then test "$(field process ppid "$f")" = "$parent" || return 1; fi
        burn=$(self_count "$f" burn)
        pairs+="${burn:-0} $(cpu_ms_of_threads "$f")"$'\n'
    done
    printf '%s' "$pairs" | sort -n | awk '{ s[NR] = $1; c[NR] = $2; ts += $1; tc += $2 }
        END { if (NR != 3 || !ts || !tc) exit 1; ok = 1
            for (i = 1; i <= 3; i++) {
                ps = 100 * s[i] / ts; pc = 100 * c[i] / tc; planted = 100 * i / 6
                line = line sprintf(" %.1f (CPU %.1f, planted %.1f)", ps, pc, planted)
                if (ps - pc < -4 || ps - pc > 4 || pc - planted < -8 || pc - planted > 8) ok = 0 }
            print "# fork_exec tree: burn sample shares %" line; exit !ok }'
}
check "fork_exec tree: named by pid, children point at the parent, samples within 4 points of each process's CPU share" tree_ok

run_plain true ./fork_exec true
run_prof true -- ./fork_exec true
check "fork_exec true: same behaviour" same_behaviour true
check "fork_exec true: two profiles, valid" test "$(nprofiles true)" = 2 -a -n "$(all_valid true && echo y)"
check "fork_exec true: the exec'd /bin/true wrote its own" \
    sh -c "for f in $(profiles true | tr '\n' ' '); do '$WORK/dump_raw' \$f | grep -q '^process .*exe=.*/true\$' && exit 0; done; exit 1"

run_plain envclear ./fork_exec envclear
run_prof envclear -- ./fork_exec envclear
check "fork_exec envclear: same behaviour" same_behaviour envclear
check "fork_exec envclear: a program exec'd with an empty environment is still profiled" \
    test "$(nprofiles envclear)" = 2 -a -n "$(all_valid envclear && echo y)"

run_plain execfail ./fork_exec execfail
run_prof execfail -- ./fork_exec execfail
check "fork_exec execfail: same behaviour" same_behaviour execfail
execfail_ok() {
    local pid a b
    test "$(nprofiles execfail)" = 2 && all_valid execfail || return 1
    pid=$(basename "$(profiles execfail | head -1)" | cut -d. -f2)
    a="$WORK/execfail.d/perfaudit.$pid.raw"
    b="$WORK/execfail.d/perfaudit.$pid.1.raw"
    test -f "$a" -a -f "$b" || return 1
    note "fork_exec execfail: before the failed exec $(field end samples "$a") samples (status $(field end status "$a")), after $(field end samples "$b") (status $(field end status "$b"))"
    test "$(field end status "$a")" = -1 -a "$(field end status "$b")" = 0
}
check "fork_exec execfail: flushed before exec, the rest under the next free name" execfail_ok

run_plain storm ./fork_exec storm 100
run_prof storm -- ./fork_exec storm 100
check "fork_exec storm: 100 forks beside 4 busy threads, none hangs" same_behaviour storm
check "fork_exec storm: 101 profiles, all valid" test "$(nprofiles storm)" = 101 -a -n "$(all_valid storm && echo y)"
note "fork_exec storm: parent drops (fork windows) $(dump "$(ls "$WORK"/storm.d/*.raw | head -1)" > /dev/null; for f in $(profiles storm); do [ "$(field end threads "$f")" = 5 ] && dump "$f" | awk '$1 == "thread" { printf "%s ", $5 }'; done)"

# ---- (d) how a process ends --------------------------------------------------------------------
for spec in return:0 exit3:3 _exit5:5 sigterm:143 abort:134 segv:139 handler:7 query:0 rtsig:0; do
    mode=${spec%%:*}
    want=${spec#*:}
    run_plain "end_$mode" ./exit_modes "$mode"
    run_prof "end_$mode" -- ./exit_modes "$mode"
    check "exit_modes $mode: same status ($(cat "$WORK/end_$mode.plain.rc")), stdout, stderr" same_behaviour "end_$mode"
    f=$(profiles "end_$mode" | head -1)
    check "exit_modes $mode: one valid profile, END status $want" \
        test "$(nprofiles "end_$mode")" = 1 -a -n "$(all_valid "end_$mode" && echo y)" -a "$(field end status "$f" 2> /dev/null)" = "$want"
done
check "exit_modes rtsig: the application's handler for the sampling signal ran" \
    grep -q "handler=mine seen=1" "$WORK/end_rtsig.prof.out"

spin_ok() {
    local pid rc
    rm -rf "$WORK/spin.d"
    mkdir -p "$WORK/spin.d"
    env LD_PRELOAD="$LIB" PERFAUDIT_OUTPUT_DIR="$WORK/spin.d" "$WORK/exit_modes" spin > /dev/null &
    pid=$!
    sleep 1
    kill -TERM $pid
    wait $pid
    rc=$?
    note "exit_modes spin killed by SIGTERM from outside: status $rc, $(field end samples "$(profiles spin)") samples"
    test $rc = 143 -a "$(nprofiles spin)" = 1 && all_valid spin && test "$(field end status "$(profiles spin)")" = 143
}
check "exit_modes spin: kill -TERM from outside still ends it with 143, profile written" spin_ok

# ---- applications that unwind themselves ----------------------------------------------------------
run_plain unwuser ./unwind_user
run_prof unwuser -- ./unwind_user
check "unwind_user: an application using libunwind itself finishes, same behaviour" same_behaviour unwuser
check "unwind_user: one valid profile" test "$(nprofiles unwuser)" = 1 -a -n "$(all_valid unwuser && echo y)"
note "unwind_user: $(dump "$(profiles unwuser)" | awk '$1 == "thread" { printf "%s %s; ", $4, $5 }')"
if [ "$HAVE_CXX" = 1 ]; then
    run_plain cxx ./dlopen_cxx ./libcxx_plugin.so
    run_prof cxx -- ./dlopen_cxx ./libcxx_plugin.so
    check "dlopen_cxx: C++ exceptions in dlopen'ed code, same behaviour" same_behaviour cxx
    check "dlopen_cxx: exceptions still unwound by libgcc_s" grep -q "unwinder libgcc_s" "$WORK/cxx.prof.out"
    check "dlopen_cxx: one valid profile" test "$(nprofiles cxx)" = 1 -a -n "$(all_valid cxx && echo y)"
else
    note "no C++ compiler: dlopen_cxx skipped"
fi

run_plain small ./small_stacks
run_prof small -- ./small_stacks
check "small_stacks: a PTHREAD_STACK_MIN thread and an 8 KB signal stack, same behaviour" same_behaviour small
check "small_stacks: one valid profile with both sampled" \
    test "$(nprofiles small)" = 1 -a -n "$(all_valid small && echo y)" -a "$(dump "$(profiles small)" | awk '$1 == "thread" && $4 != "samples=0"' | wc -l)" = 2

# ---- clocks, rates, buffers --------------------------------------------------------------------
run_prof timer PERFAUDIT_CLOCK=timer CPU_TRUTH_FILE="$WORK/timer.truth" -- ./cpu_single
f=$(profiles timer | head -1)
check "PERFAUDIT_CLOCK=timer: the fallback is used and said so" test "$(field process clock "$f")" = timer
check_rate "$f" "cpu_single, timer fallback @999 Hz asked"
check_heavy_light "$f" "$WORK/timer.truth" "timer fallback" 0.3

run_prof freq99 PERFAUDIT_FREQ=99 -- ./cpu_single
check_rate "$(profiles freq99)" "cpu_single @99 Hz"
check "PERFAUDIT_FREQ=99: PROCESS says 99 Hz" test "$(field process hz "$(profiles freq99)")" = 99

run_prof depth4 PERFAUDIT_MAX_DEPTH=4 -- ./cpu_single
check "PERFAUDIT_MAX_DEPTH=4: no sample deeper than 4 frames" \
    fcheck "$(field end depth "$(profiles depth4)") <= 4 && $(field end depth "$(profiles depth4)") > 0"

run_plain smallbuf ./cpu_single
run_prof smallbuf PERFAUDIT_BUFFER_KB=16 -- ./cpu_single
f=$(profiles smallbuf | head -1)
check "PERFAUDIT_BUFFER_KB=16: same behaviour" same_behaviour smallbuf
note "PERFAUDIT_BUFFER_KB=16: $(dump "$f" | awk '$1 == "thread" { print $4, $5 }')"
check "PERFAUDIT_BUFFER_KB=16: a full buffer counts drops, the file stays valid" \
    test -n "$(all_valid smallbuf && echo y)" -a "$(dump "$f" | awk '$1 == "thread" { sub("dropped=", "", $5); print ($5 > 0) }')" = 1

# ---- cost -----------------------------------------------------------------------------------------
# CPU time (user + system) of the 30-deep recursion, median of three runs each way.
cpu_of() { /usr/bin/time -f "%U %S" "$@" 2>&1 > /dev/null | tail -1 | awk '{ print $1 + $2 }'; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
if [ -x /usr/bin/time ]; then
    mkdir -p "$WORK/cost.d"
    p=()
    q=()
    for i in 1 2 3; do
        p+=("$(cd "$WORK" && cpu_of ./deep_recursion)")
        q+=("$(cd "$WORK" && LD_PRELOAD="$LIB" PERFAUDIT_OUTPUT_DIR="$WORK/cost.d" cpu_of ./deep_recursion)")
    done
    plain=$(median3 "${p[@]}")
    prof=$(median3 "${q[@]}")
    note "cost: deep_recursion CPU time $plain s unprofiled, $prof s profiled at 999 Hz ($(awk -v a="$plain" -v b="$prof" 'BEGIN { printf "%.3fx", (a > 0 ? b / a : 0) }'), medians of 3)"
    f=$(grep -l deep_recursion "$WORK"/cost.d/perfaudit.*.raw | head -1) # not /usr/bin/time's
    # a mean: the odd sample taken in start-up or exit code is shallower
    check "deep_recursion: whole stacks (leaf, 31 recurse, main and below: 36 frames)" \
        fcheck "$(field end depth "$f") >= 35.5 && $(field end depth "$f") <= 36.5"
else
    note "/usr/bin/time missing: cost not measured"
fi

echo "# $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
