/* source_text.h: reading for-loop headers and suppression comments from a file's text.
 * libclang's C API does not say which of a for statement's children is its initializer,
 * condition or increment when some are missing; the header's ';'s in the text do. */
#ifndef PERFAUDIT_SOURCE_TEXT_H
#define PERFAUDIT_SOURCE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "perfaudit/model.h"

/* Offsets of the two top-level ';' and the closing ')' of a for header whose 'for'
 * keyword starts at off. Returns false when the text is not a plain for header. */
bool pa_text_for_header(const char *text, size_t size, size_t off, size_t *semi1, size_t *semi2,
                        size_t *rparen);

/* Is text[from, to) only blanks and comments (an empty part of a for header)? */
bool pa_text_blank(const char *text, size_t size, size_t from, size_t to);

/* 1 if the comment "perfaudit-ignore" (or "perfaudit-ignore(rule)" naming rule) is on
 * 1-based line `line` of text; 0 otherwise. */
bool pa_text_line_suppresses(const char *text, size_t size, unsigned line, const char *rule);

#endif
