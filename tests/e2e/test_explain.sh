#!/usr/bin/env bash
# test_explain.sh: perfaudit analyze --explain FUNCTION on a small tree whose effects pass through
# a chain of helpers in two files: the summary, each effect's chain, and the usage errors.
. "$(dirname "$0")/lib.sh"

mkdir -p "$work/src"
cat > "$work/src/buf.c" <<'CEOF'
#include <string.h>
#include <unistd.h>

void move_up(char *a, size_t pos, size_t len)
{
    memmove(a + pos + 1, a + pos, len - pos);
}

void put_byte(int fd, char c) { write(fd, &c, 1); }
CEOF
cat > "$work/src/text.c" <<'CEOF'
#include <stddef.h>

struct text { char *chars; size_t len; int fd; };
void move_up(char *a, size_t pos, size_t len);
void put_byte(int fd, char c);

void text_insert(struct text *t, size_t pos, char c)
{
    move_up(t->chars, pos, t->len);
    t->chars[pos] = c;
    t->len++;
}

void text_prepend(struct text *t, char c) { text_insert(t, 0, c); }

void text_emit(struct text *t, size_t i) { put_byte(t->fd, t->chars[i]); }
CEOF

"$PERFAUDIT" analyze "$work/src" --explain text_prepend > "$work/prepend.txt"
check "--explain exits 0" test $? -eq 0
check "it names the function and where it is" grep -q "^text_prepend (.*text.c:14-14)$" "$work/prepend.txt"
check "its cost" grep -q "^  complexity: O(n)$" "$work/prepend.txt"
check "the shift from the front with its chain across files" grep -qF \
    "    shifts the tail of (from the start): text_prepend() -> text_insert() at text.c:14 -> move_up() at text.c:9 -> memmove() at buf.c:6" \
    "$work/prepend.txt"
check "the calls it depends on" grep -q "^  depends on: text_insert (project)$" "$work/prepend.txt"
check "no report around it" test "$(grep -c 'finding' "$work/prepend.txt")" -eq 0

"$PERFAUDIT" analyze "$work/src" --explain text_insert > "$work/insert.txt"
check "a position taken from a parameter" grep -qF \
    "shifts the tail of (from the position in parameter 'pos'): text_insert() -> move_up() at text.c:9 -> memmove() at buf.c:6" \
    "$work/insert.txt"
check "a parameter without effects says so" grep -q "^  parameter 2 'c': no effects$" "$work/insert.txt"

"$PERFAUDIT" analyze "$work/src" --explain text_emit > "$work/emit.txt"
check "one system call of one byte per call, through the helper" grep -qF \
    "  on every call, a transfer (write) of 1 byte on parameter 't': text_emit() -> put_byte() at text.c:16 -> write() at buf.c:9" \
    "$work/emit.txt"

"$PERFAUDIT" analyze "$work/src" --explain no_such_function > "$work/none.txt" 2> "$work/none.err"
check "an unknown function is a usage error (exit 2)" test $? -eq 2
check "with one line naming it" grep -q "no function named 'no_such_function'" "$work/none.err"
"$PERFAUDIT" analyze "$work/src" --explain "" > /dev/null 2>&1
check "an empty name is a usage error" test $? -eq 2
"$PERFAUDIT" analyze --help | grep -q -- "--explain FUNCTION"
check "--help lists --explain" test $? -eq 0

finish
