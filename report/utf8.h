/* utf8.h: text made safe for the writers that need valid UTF-8 (Graphviz reads DOT as UTF-8,
 * cairo refuses to draw anything else), and cut at character boundaries. */
#ifndef PERFAUDIT_UTF8_H
#define PERFAUDIT_UTF8_H

#include <stddef.h>

struct pa_strbuf;

/* Appends s to out, with each byte that does not belong to a valid UTF-8 sequence replaced by
 * '?' and each control character by a space: function names come from symbol tables and files
 * of any encoding. */
void pa_utf8_sanitize(struct pa_strbuf *out, const char *s);

/* The number of bytes of s (valid UTF-8) that hold its first n characters, or all of s. */
size_t pa_utf8_prefix(const char *s, size_t n);

/* The number of characters in s (valid UTF-8). */
size_t pa_utf8_length(const char *s);

#endif
