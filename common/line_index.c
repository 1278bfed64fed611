/* line_index.c: the offsets of a text's lines. */
#include "line_index.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

void pa_line_index_build(struct pa_line_index *ix, const char *text, size_t size)
{
    size_t cap = 64;
    *ix = (struct pa_line_index){text, size, pa_xmalloc(cap * sizeof(size_t)), 0};
    for (size_t at = 0; text && at < size;) {
        if (ix->n == cap)
            ix->starts = pa_xrealloc(ix->starts, (cap *= 2) * sizeof(size_t));
        ix->starts[ix->n++] = at;
        const char *nl = memchr(text + at, '\n', size - at);
        at = nl ? (size_t)(nl - text) + 1 : size;
    }
}

bool pa_line_index_get(const struct pa_line_index *ix, unsigned line, const char **s, size_t *len)
{
    if (line == 0 || line > ix->n)
        return false;
    size_t start = ix->starts[line - 1];
    size_t end = line < ix->n ? ix->starts[line] : ix->size;
    while (end > start && (ix->text[end - 1] == '\n' || ix->text[end - 1] == '\r'))
        end--;
    *s = ix->text + start;
    *len = end - start;
    return true;
}

void pa_line_index_free(struct pa_line_index *ix)
{
    free(ix->starts);
    memset(ix, 0, sizeof(*ix));
}
