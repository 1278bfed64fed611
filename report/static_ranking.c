/* static_ranking.c: grouping findings by function and ranking the groups by estimated leverage. */
#include "static_ranking.h"
#include "perfaudit/analysis.h"
#include "perfaudit/rule.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define LOG2_N            13.287712379549449 /* log2(10000); libm is not linked */
#define EXP_CAP           1e6 /* the speedup of removing a 2^n, which has no finite ratio */
#define HOURS_PER_FINDING 1.0
#define HOURS_PER_LINE    (0.5 / 50.0)

/* n^poly * log2(n)^log at n = PA_STATIC_RANKING_N; the 2^n part is left to the caller. */
static double poly_cost(struct pa_cx cx)
{
    double c = 1.0;
    for (int i = 0; i < cx.poly; i++)
        c *= PA_STATIC_RANKING_N;
    for (int i = 0; i < cx.log; i++)
        c *= LOG2_N;
    return c;
}

double pa_static_ranking_speedup(struct pa_cx current, struct pa_cx proposed)
{
    double ratio;
    if (current.exp && !proposed.exp)
        ratio = EXP_CAP; /* 2^10000 has no meaningful ratio: removing it is worth the cap */
    else if (proposed.exp && !current.exp)
        ratio = 1.0;
    else
        ratio = poly_cost(current) / poly_cost(proposed);
    return ratio > 1.0 ? ratio : 1.0;
}

/* A finding and its place in the report, so that grouping keeps report order. */
struct entry {
    const struct pa_finding *finding;
    size_t index;
};

/* Groups findings by function: functions by place (unique per program), then report order. */
static int by_function(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    const struct pa_function *f = x->finding->function, *g = y->finding->function;
    if (f != g) {
        int c = pa_function_compare(f, g);
        if (c)
            return c;
        return f->id < g->id ? -1 : 1; /* distinct functions stay apart */
    }
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_leverage(const void *a, const void *b)
{
    const struct pa_recommendation *x = a, *y = b;
    if (x->leverage != y->leverage)
        return x->leverage > y->leverage ? -1 : 1;
    if (x->category != y->category)
        return x->category < y->category ? -1 : 1;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

static void fill(struct pa_recommendation *rec, const struct entry *group, size_t n)
{
    const struct pa_finding *first = group[0].finding;
    const struct pa_function *fn = first->function;
    rec->function = fn;
    rec->file = first->file;
    rec->line = first->line;
    rec->current = first->message;
    rec->proposed = first->suggestion;
    rec->findings = pa_xmalloc(n * sizeof(*rec->findings));
    rec->nfindings = n;
    rec->category = first->rule->category;
    rec->estimated_speedup = 1.0;
    for (size_t i = 0; i < n; i++) {
        const struct pa_finding *f = group[i].finding;
        rec->findings[i] = f;
        if (f->rule->category < rec->category)
            rec->category = f->rule->category;
        double s = pa_static_ranking_speedup(f->current, f->proposed);
        if (s > rec->estimated_speedup)
            rec->estimated_speedup = s;
    }
    unsigned lines = fn->end_line > fn->line ? fn->end_line - fn->line : 0;
    rec->effort_hours = HOURS_PER_FINDING * (double)n + HOURS_PER_LINE * (double)lines;
    rec->leverage = rec->estimated_speedup / rec->effort_hours;
}

void pa_static_ranking_build(const struct pa_analysis *analysis, struct pa_ranking *out)
{
    memset(out, 0, sizeof(*out));
    const struct pa_findings *list = &analysis->findings;
    if (list->n == 0)
        return;
    struct entry *entries = pa_xmalloc(list->n * sizeof(*entries));
    for (size_t i = 0; i < list->n; i++)
        entries[i] = (struct entry){&list->items[i], i};
    qsort(entries, list->n, sizeof(*entries), by_function);

    out->items = pa_xcalloc(list->n, sizeof(*out->items));
    for (size_t start = 0; start < list->n;) {
        size_t end = start + 1;
        while (end < list->n && entries[end].finding->function == entries[start].finding->function)
            end++;
        fill(&out->items[out->n++], entries + start, end - start);
        start = end;
    }
    free(entries);

    qsort(out->items, out->n, sizeof(*out->items), by_leverage);
    for (size_t i = 0; i < out->n; i++)
        out->items[i].rank = (unsigned)i + 1;
}

void pa_static_ranking_free(struct pa_ranking *ranking)
{
    if (!ranking)
        return;
    for (size_t i = 0; i < ranking->n; i++)
        free(ranking->items[i].findings);
    free(ranking->items);
    memset(ranking, 0, sizeof(*ranking));
}
