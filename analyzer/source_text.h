/* source_text.h: reading operators and for-loop headers from a file's text at known offsets.
 * libclang 14 exposes no operator kinds, so the model reads the operator that stands
 * between an expression's operands (skipping blanks and comments) in the source buffer. */
#ifndef PERFAUDIT_SOURCE_TEXT_H
#define PERFAUDIT_SOURCE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "perfaudit/model.h"

/* The binary or assignment operator starting at text[off] after blanks and comments, or
 * PA_OP_NONE; *is_assign is set for "=" and compound assignments ("+=" gives PA_OP_ADD). */
enum pa_op pa_text_binary_op(const char *text, size_t size, size_t off, size_t limit,
                             bool *is_assign);
/* The unary operator at text[off] (after blanks): prefix forms; postfix gives the POST ops. */
enum pa_op pa_text_unary_op(const char *text, size_t size, size_t off, bool postfix);

/* Offsets of the two top-level ';' and the closing ')' of a for header whose 'for'
 * keyword starts at off. Returns false when the text is not a plain for header. */
bool pa_text_for_header(const char *text, size_t size, size_t off, size_t *semi1, size_t *semi2,
                        size_t *rparen);

/* 1 if the comment "perfaudit-ignore" (or "perfaudit-ignore(rule)" naming rule) is on
 * 1-based line `line` of text; 0 otherwise. */
bool pa_text_line_suppresses(const char *text, size_t size, unsigned line, const char *rule);

#endif
