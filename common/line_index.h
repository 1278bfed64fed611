/* line_index.h: where each line of a text starts, so that line N of a source file can be read
 * without rescanning the text (code excerpts, fingerprints of source lines). */
#ifndef PERFAUDIT_LINE_INDEX_H
#define PERFAUDIT_LINE_INDEX_H

#include <stdbool.h>
#include <stddef.h>

struct pa_line_index {
    const char *text; /* borrowed */
    size_t size;
    size_t *starts; /* starts[k]: offset of line k + 1 */
    unsigned n;     /* lines; a final line without '\n' counts */
};

void pa_line_index_build(struct pa_line_index *ix, const char *text, size_t size);
/* Line `line` (1-based) without its '\n' or "\r\n"; false when there is no such line. */
bool pa_line_index_get(const struct pa_line_index *ix, unsigned line, const char **s, size_t *len);
void pa_line_index_free(struct pa_line_index *ix);

#endif
