#!/usr/bin/env bash
# test_sources.sh: which files `perfaudit analyze` parses and how: headers and #included .c files
# through their includers, a compile database's unlisted files skipped and counted, include
# directories inferred from the tree, --exclude, partial parses, a PATH that does not exist.
. "$(dirname "$0")/lib.sh"
cd "$work"

json() { # json FILE PYTHON-EXPRESSION-ON-r: passes when the expression is true
    $PY -c 'import json, sys; r = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

# 1. A header with a function body, included by two .c files. It needs a type its includers
# define first, so parsed on its own it would not compile: no error means it was not.
mkdir -p hdr
cat > hdr/item.h <<'C'
struct item { int key; };
C
cat > hdr/pairs.h <<'C'
static inline int count_pairs(const struct item *a, int n)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (a[i].key == a[j].key)
                c++;
    return c;
}
C
for f in one two; do
    printf '#include "item.h"\n#include "pairs.h"\nint %s(const struct item *a, int n) { return count_pairs(a, n); }\n' "$f" > "hdr/$f.c"
done
"$PERFAUDIT" analyze hdr --format json -o hdr.json 2> hdr.err
check "header: exit 0" test $? -eq 0
check "header: nothing on stderr" test ! -s hdr.err
check "header: no error (not parsed on its own)" json hdr.json 'r["errors"] == []'
check "header: its function once" json hdr.json '[f["file"] for f in r["functions"] if f["name"] == "count_pairs"] == ["hdr/pairs.h"]'
check "header: its finding once" json hdr.json '[(f["file"], f["line"]) for f in r["findings"] if f["rule"] == "nested-loop"] == [("hdr/pairs.h", 4)]'
check "header: no finding twice" json hdr.json 'len({(f["rule"], f["file"], f["line"]) for f in r["findings"]}) == len(r["findings"])'

# 2. A .c file #included by another (one backend of several, as event loops do), which needs
# what its includer defines first: analysed through the includer, never on its own.
mkdir -p inc
cat > inc/loop.c <<'C'
typedef struct { int fd; } event;
#ifdef USE_OTHER
#include "loop_other.c"
#else
#include "loop_poll.c"
#endif
int loop_run(event *e, int n) { return backend_poll(e, n); }
C
cat > inc/loop_poll.c <<'C'
static int backend_poll(event *e, int n)
{
    int ready = 0;
    for (int i = 0; i < n; i++)
        ready += e[i].fd > 0;
    return ready;
}
C
cat > inc/loop_other.c <<'C'
static int backend_poll(event *e, int n) { return other_only_call(e, n); }
C
"$PERFAUDIT" analyze inc --format json -o inc.json 2> inc.err
check "#included .c: exit 0" test $? -eq 0
check "#included .c: nothing on stderr" test ! -s inc.err
check "#included .c: no error (neither backend parsed on its own)" json inc.json 'r["errors"] == []'
check "#included .c: the active backend analysed once, through its includer" \
    json inc.json 'sorted((f["name"], f["file"], f["complexity"]) for f in r["functions"]) == [("backend_poll", "inc/loop_poll.c", "O(n)"), ("loop_run", "inc/loop.c", "O(n)")]'
check "#included .c: the inactive backend is counted as not reached" \
    json inc.json 'r["not_reached_through_includes"] == 1'
"$PERFAUDIT" analyze inc > inc.txt
check "#included .c: and the text report says so" grep -qx "1 file that is only #included was not reached (the preprocessor left it out)" inc.txt

# 3. A compile database that leaves a file out: skipped and counted, in every report.
mkdir -p db
printf 'int listed(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }\n' > db/listed.c
printf 'int unlisted(int n) { return n; }\n' > db/unlisted.c
cat > db/compile_commands.json <<JSON
[{"directory": "$work/db", "command": "cc -O2 -c listed.c -o listed.o", "file": "listed.c"}]
JSON
"$PERFAUDIT" analyze -p db db > db.txt 2> db.err
check "compdb: exit 0" test $? -eq 0
check "compdb: stderr counts the skipped file" grep -qx "perfaudit: 1 file not in the compile database was skipped" db.err
check "compdb: so does the text report" grep -qx "1 file not in the compile database was skipped" db.txt
"$PERFAUDIT" analyze -p db db --format json -o db.json 2> /dev/null
check "compdb: the listed file only" json db.json '[f["name"] for f in r["functions"]] == ["listed"]'
check "compdb: JSON counts the skipped file" json db.json 'r["skipped_not_in_compile_database"] == 1'
"$PERFAUDIT" analyze -p db db --format markdown -o db.md 2> /dev/null
check "compdb: so does the Markdown report" grep -q "1 file not in the compile database was skipped" db.md

# a database libclang cannot load: one line of perfaudit's, none of libclang's raw output
mkdir -p baddb
printf '[{"directory": "%s", "file": "x.c"}]\n' "$work" > baddb/compile_commands.json
"$PERFAUDIT" analyze -p baddb db > /dev/null 2> baddb.err
check "bad compdb: exit 2" test $? -eq 2
check "bad compdb: one line, perfaudit's own" test "$(cat baddb.err)" = 'perfaudit: baddb/compile_commands.json: not a valid compile database (Missing key: "command" or "arguments")'

# 4. Without a compile database, a file in a subdirectory finds the tree's own headers: the
# root, and a directory that holds a header named as "dir/name.h".
mkdir -p tree/src/net tree/third/include/vec
printf 'typedef struct { int len; } config_t;\n' > tree/config.h
printf 'typedef struct { int n; } vec_t;\n' > tree/third/include/vec/vec.h
cat > tree/src/net/conn.c <<'C'
#include "config.h"
#include "vec/vec.h"
int conn_len(const config_t *c, const vec_t *v) { return c->len + v->n; }
C
"$PERFAUDIT" analyze tree --format json -o tree.json 2> tree.err
check "include inference: exit 0" test $? -eq 0
check "include inference: nothing on stderr" test ! -s tree.err
check "include inference: the subdirectory file parses" json tree.json 'r["errors"] == [] and [f["name"] for f in r["functions"]] == ["conn_len"]'
check "include inference: and is complete" json tree.json 'not any("incomplete" in f for f in r["functions"])'

# 5. --exclude: a directory by name, a glob with **, a path below the directory operand.
mkdir -p ex/src/gen ex/vendor/lib ex/tests
for f in src/main src/gen/table vendor/lib/z tests/t src/io_test; do
    printf 'int f_%s(int n) { return n; }\n' "$(basename "$f")" > "ex/$f.c"
done
"$PERFAUDIT" analyze ex --exclude vendor --exclude '**/*_test.c' --exclude src/gen --exclude 'ex/tests' \
    --format json -o ex.json
check "--exclude: exit 0" test $? -eq 0
check "--exclude: only the file no pattern matches" json ex.json '[f["name"] for f in r["functions"]] == ["f_main"]'
"$PERFAUDIT" analyze ex --exclude 'src/*' --format json -o ex2.json
check "--exclude: * stays within a component" json ex2.json 'sorted(f["name"] for f in r["functions"]) == ["f_t", "f_z"]'
"$PERFAUDIT" analyze ex/src/main.c --exclude main.c --format json -o ex3.json
check "--exclude: applies to a file operand too" json ex3.json 'r["functions"] == []'
"$PERFAUDIT" analyze --help > help.txt
check "--exclude: in --help" grep -q -- "--exclude GLOB" help.txt
"$PERFAUDIT" analyze ex --exclude= > /dev/null 2> ex.err
check "--exclude: an empty pattern is a usage error" test $? -eq 2

# 6. A file missing a header: exit 0, one warning line, the function that lost code marked
# incomplete in every format, the other functions analysed.
mkdir -p miss
cat > miss/x.c <<'C'
#include "generated.h"
#include <string.h>

int uses_generated(const char *s, int n)
{
    int t = 0;
    for (int i = 0; i < n; i++)
        t += (int)strlen(s) + GEN_WIDTH;
    return t;
}

int count_pairs(const int *a, int n)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (a[i] == a[j])
                c++;
    return c;
}
C
"$PERFAUDIT" analyze miss --format json -o miss.json 2> miss.err
check "missing header: exit 0" test $? -eq 0
check "missing header: one warning line naming the file and the first error" \
    test "$(cat miss.err)" = "perfaudit: warning: miss/x.c:1:10: 'generated.h' file not found (analysed with stand-ins for 1 missing header)"
check "missing header: the function that lost code is incomplete, and says why" \
    json miss.json '[(f["name"], f.get("incomplete")) for f in r["functions"] if f["name"] == "uses_generated"] == [("uses_generated", "miss/x.c:8:31: use of undeclared identifier '"'GEN_WIDTH'"' (after miss/x.c:1:10: '"'generated.h'"' file not found)")]'
check "missing header: the other function is complete and analysed" \
    json miss.json '[(f["complexity"], "incomplete" in f) for f in r["functions"] if f["name"] == "count_pairs"] == [("O(n^2)", False)] and [f["function"] for f in r["findings"] if f["rule"] == "nested-loop"] == ["count_pairs"]'
check "missing header: the error list names the file (CONTRACT)" \
    json miss.json 'r["errors"] == [{"file": "miss/x.c", "message": "line 1:10: '"'generated.h'"' file not found"}]'
"$PERFAUDIT" analyze miss > miss.txt 2> /dev/null
check "missing header: the text report lists the incomplete function" grep -q "miss/x.c:4: uses_generated: miss/x.c:8:31: use of undeclared identifier" miss.txt
"$PERFAUDIT" analyze miss --format markdown 2> /dev/null > miss.md
check "missing header: so does the Markdown report" grep -q "uses_generated.*(line 4): miss/x.c:8:31: use of undeclared identifier" miss.md
# a finding inside an incomplete function carries the mark (JSON and SARIF)
cat > miss/y.c <<'C'
#include "generated.h"
int scan(const int *a, int n)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            c += a[i] == a[j];
    return c + GEN_EXTRA;
}
C
"$PERFAUDIT" analyze miss/y.c --format json -o y.json 2> /dev/null
check "incomplete: the finding says so in JSON" json y.json 'r["findings"] and all(f.get("incomplete", "").startswith("miss/y.c:8:16: use of undeclared identifier") for f in r["findings"])'
"$PERFAUDIT" analyze miss/y.c --format sarif -o y.sarif 2> /dev/null
check "incomplete: and in SARIF" json y.sarif 'r["runs"][0]["results"] and all(x["properties"].get("incomplete", "").startswith("miss/y.c:8:16: use of undeclared identifier") for x in r["runs"][0]["results"])'
"$PERFAUDIT" analyze miss/y.c 2> /dev/null > y.txt
check "incomplete: and under the finding in text" grep -q "incomplete: analysed as far as it parsed: miss/y.c:8:16" y.txt

# units that share their first error (a header all of them include lacks a dependency) make
# one warning line, naming the first unit and counting the others
mkdir -p shared
printf '#include "dep_missing.h"\n' > shared/common.h
for f in a b c; do printf '#include "common.h"\nint %s(int n) { return n; }\n' "$f" > "shared/$f.c"; done
"$PERFAUDIT" analyze shared --format json -o shared.json 2> shared.err
check "shared first error: exit 0" test $? -eq 0
check "shared first error: one line for three units" \
    test "$(cat shared.err)" = "perfaudit: warning: shared/common.h:1:10: 'dep_missing.h' file not found (in shared/a.c and 2 other files, analysed with stand-ins for 1 missing header)"
check "shared first error: each unit in the errors list" json shared.json '[e["file"] for e in r["errors"]] == ["shared/a.c", "shared/b.c", "shared/c.c"]'

# nothing could be parsed at all (a command libclang cannot run): exit 2, and says so
mkdir -p np
printf 'int f(int n) { return n; }\n' > np/x.c
cat > np/compile_commands.json <<JSON
[{"directory": "$work/np", "command": "cc -x nonsense -c x.c -o x.o", "file": "x.c"}]
JSON
"$PERFAUDIT" analyze -p np np > /dev/null 2> np.err
check "nothing parsed: exit 2" test $? -eq 2
check "nothing parsed: says so" grep -qx "perfaudit: no file could be parsed" np.err
check "nothing parsed: names the file" grep -q "^perfaudit: warning: np/x.c: cannot parse" np.err

# 7. A PATH that does not exist: exit 2, one line naming it, no report.
"$PERFAUDIT" analyze hdr no/such/dir > none.txt 2> none.err
check "nonexistent PATH: exit 2" test $? -eq 2
check "nonexistent PATH: one line naming it" test "$(wc -l < none.err)" -eq 1 -a -n "$(grep no/such/dir none.err)"
check "nonexistent PATH: no report" test ! -s none.txt

# 8. C++ headers and inline or template bodies under their other names (.hh .hxx .h++ .ipp
# .tcc .inl): found in a directory, accepted as file arguments; a body included through a
# header is analysed once, where it is written; another extension is still refused.
mkdir -p cxxh
for e in hh hxx h++ ipp tcc inl; do
    n=$(printf '%s' "$e" | tr -c 'a-z\n' 'x')
    printf 'inline int pairs_%s(const int *a, int n) {\n  int c = 0;\n  for (int i = 0; i < n; i++)\n    for (int j = 0; j < n; j++)\n      c += a[i] == a[j];\n  return c;\n}\n' "$n" > "cxxh/p.$e"
done
printf '#include "p.ipp"\n#include "p.tcc"\nint use(const int *a, int n) { return pairs_ipp(a, n) + pairs_tcc(a, n); }\n' > cxxh/use.cpp
"$PERFAUDIT" analyze cxxh --format json -o cxxh.json 2> cxxh.err
check "c++ headers: exit 0" test $? -eq 0
check "c++ headers: nothing on stderr" test ! -s cxxh.err
check "c++ headers: each one's nested loop, once, where it is written" json cxxh.json \
    'sorted((f["file"], f["line"]) for f in r["findings"] if f["rule"] == "nested-loop") == sorted(("cxxh/p." + e, 3) for e in ["hh", "hxx", "h++", "ipp", "tcc", "inl"])'
for e in hh hxx h++ ipp tcc inl; do
    "$PERFAUDIT" analyze "cxxh/p.$e" --format json -o "one.json" 2> one.err
    check "c++ header .$e as a file argument: exit 0" test $? -eq 0
    check "c++ header .$e as a file argument: its finding" json one.json \
        '[(f["rule"], f["line"]) for f in r["findings"] if f["rule"] == "nested-loop"] == [("nested-loop", 3)]'
done
printf 'int f(void);\n' > cxxh/notes.txt
"$PERFAUDIT" analyze cxxh/notes.txt > /dev/null 2> txt.err
check "other extension: exit 2" test $? -eq 2
check "other extension: says why" grep -q "not a C or C++ source file" txt.err

finish
