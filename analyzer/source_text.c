/* source_text.c: a minimal lexer for for-loop headers and suppression comments. */
#include "source_text.h"

#include <ctype.h>
#include <string.h>

static size_t skip_blanks(const char *t, size_t size, size_t off)
{
    while (off < size) {
        if (isspace((unsigned char)t[off])) {
            off++;
        } else if (t[off] == '\\' && off + 1 < size && t[off + 1] == '\n') {
            off += 2;
        } else if (t[off] == '/' && off + 1 < size && t[off + 1] == '/') {
            while (off < size && t[off] != '\n')
                off++;
        } else if (t[off] == '/' && off + 1 < size && t[off + 1] == '*') {
            off += 2;
            while (off + 1 < size && !(t[off] == '*' && t[off + 1] == '/'))
                off++;
            off += 2;
        } else {
            break;
        }
    }
    return off;
}

static size_t skip_literal(const char *t, size_t size, size_t off)
{
    char quote = t[off++];
    while (off < size && t[off] != quote) {
        if (t[off] == '\\')
            off++;
        off++;
    }
    return off + 1;
}

bool pa_text_for_header(const char *text, size_t size, size_t off, size_t *semi1, size_t *semi2,
                        size_t *rparen)
{
    if (!text || off + 3 > size || memcmp(text + off, "for", 3) != 0)
        return false;
    off = skip_blanks(text, size, off + 3);
    if (off >= size || text[off] != '(')
        return false;
    int depth = 0, semis = 0;
    while (off < size) {
        off = skip_blanks(text, size, off);
        if (off >= size)
            break;
        char c = text[off];
        if (c == '"' || c == '\'') {
            off = skip_literal(text, size, off);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (--depth == 0) {
                *rparen = off;
                return semis == 2;
            }
        } else if (c == ';' && depth == 1) {
            if (semis == 0)
                *semi1 = off;
            else if (semis == 1)
                *semi2 = off;
            else
                return false;
            semis++;
        }
        off++;
    }
    return false;
}

bool pa_text_blank(const char *text, size_t size, size_t from, size_t to)
{
    if (to > size)
        to = size;
    return skip_blanks(text, to, from) >= to;
}

bool pa_text_line_suppresses(const char *text, size_t size, unsigned line, const char *rule)
{
    if (!text || line == 0)
        return false;
    size_t off = 0;
    for (unsigned l = 1; l < line && off < size; off++)
        if (text[off] == '\n')
            l++;
    if (off >= size)
        return false;
    const char *end = memchr(text + off, '\n', size - off);
    size_t len = end ? (size_t)(end - (text + off)) : size - off;
    static const char marker[] = "perfaudit-ignore";
    const char *p = text + off, *stop = text + off + len;
    while (p < stop) {
        const char *hit = memmem(p, (size_t)(stop - p), marker, sizeof(marker) - 1);
        if (!hit)
            return false;
        const char *after = hit + sizeof(marker) - 1;
        if (after >= stop || *after != '(')
            return true; /* every rule */
        const char *close = memchr(after, ')', (size_t)(stop - after));
        if (close && rule && (size_t)(close - after - 1) == strlen(rule) &&
            memcmp(after + 1, rule, strlen(rule)) == 0)
            return true;
        p = after;
    }
    return false;
}
