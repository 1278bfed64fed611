/* callgraph_dot.c: the pruned call graph as DOT text for Graphviz: box size by self time, fill
 * from white through yellow to red by cumulative time, edges as wide as their samples. */
#include "callgraph.h"
#include "path.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FONT           "DejaVu Sans"
#define NAME_CHARS     60   /* longer names are cut with an ellipsis (the tooltip has them) */
#define MIN_FONT       10.0 /* node font size of a function without self time */
#define MAX_FONT_EXTRA 22.0 /* added for one that has all of it */

/* s inside a DOT quoted string: valid UTF-8, quotes and backslashes escaped (so that a name's
 * backslash never turns into one of Graphviz's \n, \N, \G escapes). */
static void dot_escaped(struct pa_strbuf *out, const char *s)
{
    struct pa_strbuf clean = {0};
    pa_utf8_sanitize(&clean, s ? s : "");
    for (const char *c = pa_strbuf_cstr(&clean); *c; c++) {
        if (*c == '"' || *c == '\\')
            pa_strbuf_putc(out, '\\');
        pa_strbuf_putc(out, *c);
    }
    pa_strbuf_free(&clean);
}

/* A name cut to NAME_CHARS characters with an ellipsis, escaped. */
static void dot_name(struct pa_strbuf *out, const char *name)
{
    struct pa_strbuf clean = {0};
    pa_utf8_sanitize(&clean, name);
    const char *s = pa_strbuf_cstr(&clean);
    if (pa_utf8_length(s) > NAME_CHARS) {
        size_t keep = pa_utf8_prefix(s, NAME_CHARS - 1);
        struct pa_strbuf cut = {0};
        pa_strbuf_append_n(&cut, s, keep);
        pa_strbuf_append(&cut, "\xe2\x80\xa6"); /* U+2026 HORIZONTAL ELLIPSIS */
        dot_escaped(out, pa_strbuf_cstr(&cut));
        pa_strbuf_free(&cut);
    } else {
        dot_escaped(out, s);
    }
    pa_strbuf_free(&clean);
}

/* "0.83 s", "4.2 ms", "350 us"; "12 samples" when the profile gives no period. */
static void amount(struct pa_strbuf *out, const struct pa_callgraph *g, uint64_t w)
{
    if (g->unit_seconds <= 0) {
        pa_strbuf_printf(out, "%llu sample%s", (unsigned long long)w, w == 1 ? "" : "s");
        return;
    }
    double s = (double)w * g->unit_seconds;
    if (s == 0 || s >= 0.1)
        pa_strbuf_printf(out, "%.2f s", s);
    else if (s >= 0.001)
        pa_strbuf_printf(out, "%.1f ms", s * 1e3);
    else
        pa_strbuf_printf(out, "%.0f us", s * 1e6);
}

static void share(struct pa_strbuf *out, const struct pa_callgraph *g, uint64_t w)
{
    double pct = g->total ? 100.0 * (double)w / (double)g->total : 0;
    pa_strbuf_printf(out, pct > 0 && pct < 10 ? "%.2f%%" : "%.1f%%", pct);
}

struct rgb {
    double r, g, b; /* 0..1, sRGB */
};

static struct rgb mix(struct rgb a, struct rgb b, double t)
{
    return (struct rgb){a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

static void put_rgb(struct pa_strbuf *out, struct rgb c)
{
    pa_strbuf_printf(out, "#%02x%02x%02x", (unsigned)lround(c.r * 255), (unsigned)lround(c.g * 255),
                     (unsigned)lround(c.b * 255));
}

/* White -> yellow -> red by a share of the total. The square root spreads the many cold
 * functions apart from white while the hot ones stay clearly red. */
static struct rgb heat(double fraction)
{
    static const struct rgb white = {1, 1, 1}, yellow = {1, 0.85, 0.29}, red = {0.84, 0.19, 0.12};
    double t = sqrt(fraction < 0 ? 0 : fraction > 1 ? 1 : fraction);
    return t < 0.5 ? mix(white, yellow, t * 2) : mix(yellow, red, (t - 0.5) * 2);
}

static double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Black text on light fills, white on dark ones (WCAG relative luminance). The contrasts are
 * equal at 0.18; up to 0.3 both read well, and white keeps every red box alike. */
static const char *text_colour(struct rgb fill)
{
    double l = 0.2126 * linear(fill.r) + 0.7152 * linear(fill.g) + 0.0722 * linear(fill.b);
    return l > 0.3 ? "#000000" : "#ffffff";
}

static double fraction(const struct pa_callgraph *g, uint64_t w)
{
    return g->total ? (double)w / (double)g->total : 0;
}

static void legend(const struct pa_profile *p, const struct pa_callgraph *g, struct pa_strbuf *out)
{
    struct pa_strbuf text = {0};
    pa_strbuf_printf(&text, "perfaudit callgraph: %s\n", p->path ? p->path : "-");
    if (g->has_stacks) {
        pa_strbuf_printf(&text, "%s profile, %llu samples", p->format ? p->format : "",
                         (unsigned long long)g->total);
        if (p->frequency_hz > 0)
            pa_strbuf_printf(&text, " at %g Hz%s", p->frequency_hz,
                             p->period_assumed ? " (assumed)" : "");
        if (g->unit_seconds > 0)
            pa_strbuf_printf(&text, ", %.3f s of CPU", (double)g->total * g->unit_seconds);
        pa_strbuf_putc(&text, '\n');
    } else {
        pa_strbuf_printf(&text, "%s profile, %.3f s (no call stacks: functions only)\n",
                         p->format ? p->format : "", (double)g->total * g->unit_seconds);
    }
    uint64_t shown = 0;
    for (unsigned i = 0; i < g->nnodes; i++)
        shown += g->nodes[i].self;
    pa_strbuf_printf(&text, "Showing %u of %u functions, ", g->nnodes, g->all_nodes);
    amount(&text, g, shown);
    pa_strbuf_append(&text, " (");
    share(&text, g, shown);
    pa_strbuf_append(&text, ") of self time\n");
    if (g->nnodes < g->all_nodes) {
        pa_strbuf_printf(&text, "Dropped %u functions (cum < ", g->all_nodes - g->nnodes);
        amount(&text, g, g->node_cutoff);
        pa_strbuf_append(&text, " or beyond --max-nodes)\n");
    }
    if (g->dropped_edges) {
        pa_strbuf_printf(&text, "Dropped %u edges (< ", g->dropped_edges);
        amount(&text, g, g->edge_cutoff);
        pa_strbuf_append(&text, ")\n");
    }
    pa_strbuf_append(&text, "Box size: self time; colour: cumulative time; "
                            "dashed: calls through functions not shown\n");

    /* each line left-justified: "\l" ends a line in a DOT label */
    pa_strbuf_append(out, "  subgraph cluster_legend {\n    graph [style=invis];\n"
                          "    legend [shape=plaintext style=\"\" fontsize=14 label=\"");
    const char *line = pa_strbuf_cstr(&text);
    for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        char *one = pa_xstrndup(line, (size_t)(nl - line));
        dot_escaped(out, one);
        free(one);
        pa_strbuf_append(out, "\\l");
    }
    pa_strbuf_append(out, "\" tooltip=\"");
    dot_escaped(out, p->path ? p->path : "-");
    pa_strbuf_append(out, "\"];\n  }\n");
    pa_strbuf_free(&text);
}

static void calls_per_function(const struct pa_profile *p, uint64_t *ncalls, uint64_t *prim)
{
    for (unsigned i = 0; i < p->nstats; i++) {
        ncalls[p->stats[i].function] += p->stats[i].ncalls;
        prim[p->stats[i].function] += p->stats[i].primitive_calls;
    }
}

/* text's lines joined by sep; text holds no quote or backslash (numbers and units). */
static void joined(struct pa_strbuf *out, const char *text, const char *sep)
{
    for (; *text; text++)
        if (*text == '\n')
            pa_strbuf_append(out, sep);
        else
            pa_strbuf_putc(out, *text);
}

static void node(const struct pa_profile *p, const struct pa_callgraph *g, unsigned i,
                 const uint64_t *ncalls, const uint64_t *prim, struct pa_strbuf *out)
{
    const struct pa_callgraph_node *n = &g->nodes[i];
    const struct pa_prof_function *f = &p->functions[n->function];
    struct rgb fill = heat(fraction(g, n->cum));
    double font = MIN_FONT + MAX_FONT_EXTRA * sqrt(fraction(g, n->self));
    struct pa_strbuf where = {0}, times = {0};
    if (f->file) {
        pa_strbuf_append(&where, pa_path_base(f->file));
        if (f->line)
            pa_strbuf_printf(&where, ":%u", f->line);
    } else if (f->module) {
        pa_strbuf_append(&where, f->module);
    }
    pa_strbuf_append(&times, "self ");
    amount(&times, g, n->self);
    pa_strbuf_append(&times, " (");
    share(&times, g, n->self);
    pa_strbuf_append(&times, ")\nof ");
    amount(&times, g, n->cum);
    pa_strbuf_append(&times, " (");
    share(&times, g, n->cum);
    pa_strbuf_append(&times, ") cum");
    if (p->nstats && (ncalls[n->function] || prim[n->function])) {
        if (ncalls[n->function] != prim[n->function])
            pa_strbuf_printf(&times, "\n%llu/%llu calls", (unsigned long long)ncalls[n->function],
                             (unsigned long long)prim[n->function]);
        else
            pa_strbuf_printf(&times, "\n%llu call%s", (unsigned long long)ncalls[n->function],
                             ncalls[n->function] == 1 ? "" : "s");
    }

    pa_strbuf_printf(out, "  N%u [label=\"", i + 1);
    dot_name(out, f->name);
    if (where.len) {
        pa_strbuf_append(out, "\\n");
        dot_escaped(out, pa_strbuf_cstr(&where));
    }
    pa_strbuf_append(out, "\\n");
    joined(out, pa_strbuf_cstr(&times), "\\n");
    pa_strbuf_printf(out, "\" fontsize=%.1f fillcolor=\"", font);
    put_rgb(out, fill);
    pa_strbuf_printf(out, "\" fontcolor=\"%s\" color=\"", text_colour(fill));
    put_rgb(out, mix(fill, (struct rgb){0, 0, 0}, 0.45));
    pa_strbuf_append(out, "\" tooltip=\"");
    dot_escaped(out, f->name);
    if (f->file) {
        pa_strbuf_append(out, " (");
        dot_escaped(out, f->file);
        if (f->line)
            pa_strbuf_printf(out, ":%u", f->line);
        pa_strbuf_append(out, ")");
    }
    pa_strbuf_append(out, " | ");
    joined(out, pa_strbuf_cstr(&times), " ");
    pa_strbuf_append(out, "\"];\n");
    pa_strbuf_free(&where);
    pa_strbuf_free(&times);
}

static void edge(const struct pa_profile *p, const struct pa_callgraph *g,
                 const struct pa_callgraph_edge *e, struct pa_strbuf *out)
{
    double fr = fraction(g, e->weight);
    struct rgb grey = {0.62, 0.62, 0.62}, dark_red = {0.70, 0.09, 0.17};
    pa_strbuf_printf(out, "  N%u -> N%u [label=\" ", e->caller + 1, e->callee + 1);
    amount(out, g, e->weight);
    pa_strbuf_append(out, ", ");
    share(out, g, e->weight);
    /* weight keeps heavy paths straight; penwidth and arrows grow with the samples */
    pa_strbuf_printf(out, "\" penwidth=%.2f arrowsize=%.2f weight=%d color=\"",
                     1.0 + 5.0 * sqrt(fr), 0.6 + 0.6 * sqrt(fr), 1 + (int)(100 * fr));
    put_rgb(out, mix(grey, dark_red, sqrt(fr)));
    pa_strbuf_append(out, "\" tooltip=\"");
    dot_escaped(out, p->functions[g->nodes[e->caller].function].name);
    pa_strbuf_append(out, " -> ");
    dot_escaped(out, p->functions[g->nodes[e->callee].function].name);
    pa_strbuf_append(out, " (");
    amount(out, g, e->weight);
    pa_strbuf_append(out, ")\"");
    if (e->indirect)
        pa_strbuf_append(out, " style=dashed");
    pa_strbuf_append(out, "];\n");
}

void pa_callgraph_dot(const struct pa_profile *p, const struct pa_callgraph_options *o,
                      struct pa_strbuf *out)
{
    struct pa_callgraph g;
    pa_callgraph_build(p, o, &g);
    uint64_t *ncalls = pa_xcalloc(p->nfunctions + 1, sizeof(*ncalls));
    uint64_t *prim = pa_xcalloc(p->nfunctions + 1, sizeof(*prim));
    calls_per_function(p, ncalls, prim);

    pa_strbuf_append(out, "digraph \"callgraph\" {\n"
                          "  graph [fontname=\"" FONT "\" bgcolor=\"white\" pad=0.3 "
                          "nodesep=0.3 ranksep=0.45];\n"
                          "  node [shape=box style=\"filled,rounded\" fontname=\"" FONT
                          "\" penwidth=1.2 margin=\"0.15,0.06\"];\n"
                          "  edge [fontname=\"" FONT "\" fontsize=10 fontcolor=\"#444444\"];\n");
    legend(p, &g, out);
    for (unsigned i = 0; i < g.nnodes; i++)
        node(p, &g, i, ncalls, prim, out);
    for (unsigned i = 0; i < g.nedges; i++)
        edge(p, &g, &g.edges[i], out);
    pa_strbuf_append(out, "}\n");
    free(prim);
    free(ncalls);
    pa_callgraph_free(&g);
}
