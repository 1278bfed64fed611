/* flame_folded.c: the folded-stacks writer ("main;parse;lookup 42"), the input of Brendan
 * Gregg's flamegraph.pl and of most flame-graph tools; perfaudit reads it back as well. */
#include "flame_graph.h"
#include "flame_tree.h"
#include "strbuf.h"
#include "xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct line {
    char *path;
    uint64_t count;
};

static int compare_lines(const void *a, const void *b)
{
    return strcmp(((const struct line *)a)->path, ((const struct line *)b)->path);
}

/* A name as one folded frame: ';' separates frames and a line ends the stack, so both are
 * replaced; an empty name reads back as "?" anyway. */
static void append_frame(struct pa_strbuf *sb, const char *name)
{
    if (!*name)
        name = "?";
    for (const char *c = name; *c; c++)
        pa_strbuf_putc(sb, *c == ';' ? ':' : (*c == '\n' || *c == '\r') ? ' ' : *c);
}

void pa_flame_folded(const struct pa_profile *profile, struct pa_strbuf *out)
{
    struct pa_flame_tree t;
    pa_flame_tree_build(profile, NULL, &t);
    struct line *lines = NULL;
    size_t nlines = 0, cap = 0;
    struct pa_strbuf path = {0};
    size_t *mark = pa_xmalloc(((size_t)t.max_depth + 1) * sizeof(*mark)); /* path length by depth */
    mark[0] = 0;
    for (uint32_t i = 1; i < t.nnodes; i++) {
        const struct pa_flame_node *n = &t.nodes[i];
        path.len = mark[n->depth - 1]; /* back to the parent's path (pre-order) */
        if (path.data)
            path.data[path.len] = '\0';
        if (n->depth > 1)
            pa_strbuf_putc(&path, ';');
        append_frame(&path, t.frames[n->frame].name);
        mark[n->depth] = path.len;
        if (n->self[PA_FLAME_AFTER] == 0)
            continue;
        PA_GROW(lines, cap, nlines + 1);
        lines[nlines++] = (struct line){pa_xstrdup(pa_strbuf_cstr(&path)), n->self[PA_FLAME_AFTER]};
    }
    /* same names from different files fold into one path */
    if (nlines > 1)
        qsort(lines, nlines, sizeof(*lines), compare_lines);
    for (size_t i = 0; i < nlines;) {
        uint64_t count = 0;
        size_t k = i;
        for (; k < nlines && strcmp(lines[k].path, lines[i].path) == 0; k++)
            count += lines[k].count;
        pa_strbuf_printf(out, "%s %" PRIu64 "\n", lines[i].path, count);
        i = k;
    }
    for (size_t i = 0; i < nlines; i++)
        free(lines[i].path);
    free(lines);
    free(mark);
    pa_strbuf_free(&path);
    pa_flame_tree_free(&t);
}
