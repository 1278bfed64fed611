/* json_util.h: building and printing JSON documents with cJSON the way every perfaudit JSON
 * output looks: two-space indentation, fixed decimals where the schema wants them. */
#ifndef PERFAUDIT_JSON_UTIL_H
#define PERFAUDIT_JSON_UTIL_H

#include <cjson/cJSON.h>

struct pa_strbuf;

/* Routes cJSON's allocations through pa_xmalloc (out of memory aborts with one line, as
 * everywhere else), so that callers need no NULL checks. Call before building. */
void pa_json_init(void);
/* key: s, or key: null when s is NULL. */
void pa_json_add_string_or_null(cJSON *obj, const char *key, const char *s);
/* key: x printed with exactly `decimals` decimals ("2.00"); non-finite values print as 0. */
void pa_json_add_fixed(cJSON *obj, const char *key, double x, int decimals);
/* Appends the document, pretty-printed, and a final newline. */
void pa_json_print(struct pa_strbuf *out, const cJSON *root);

#endif
