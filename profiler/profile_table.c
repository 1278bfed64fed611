/* profile_table.c: the cProfile-style table (self and cumulative time per function) and the
 * per-line attribution inside a function, computed from a profile's stacks or statistics. */
#include "perfaudit/profile.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct sort_ctx {
    const struct pa_profile *profile;
    enum pa_profile_sort key;
};

static int by_key(const void *a, const void *b, void *data)
{
    const struct sort_ctx *ctx = data;
    const struct pa_profile_row *x = a, *y = b;
    double kx, ky;
    switch (ctx->key) {
    case PA_SORT_CUMTIME:
        kx = x->cumtime, ky = y->cumtime;
        break;
    case PA_SORT_NCALLS:
        kx = (double)x->ncalls, ky = (double)y->ncalls;
        break;
    default:
        kx = x->tottime, ky = y->tottime;
        break;
    }
    if (kx != ky)
        return kx > ky ? -1 : 1;
    if (x->cumtime != y->cumtime)
        return x->cumtime > y->cumtime ? -1 : 1;
    return strcmp(ctx->profile->functions[x->function].name,
                  ctx->profile->functions[y->function].name);
}

static void from_stacks(const struct pa_profile *p, struct pa_profile_row *rows)
{
    /* seen[f] == stack index + 1 while f has been counted for that stack already, so that a
     * recursive function's cumulative time counts each sample once */
    unsigned *seen = pa_xcalloc(p->nfunctions + 1, sizeof(*seen));
    for (unsigned s = 0; s < p->nstacks; s++) {
        const struct pa_prof_stack *st = &p->stacks[s];
        if (st->nframes == 0)
            continue;
        rows[p->locations[st->frames[0]].function].self_samples += st->count;
        for (unsigned i = 0; i < st->nframes; i++) {
            unsigned f = p->locations[st->frames[i]].function;
            if (seen[f] == s + 1)
                continue;
            seen[f] = s + 1;
            rows[f].cum_samples += st->count;
        }
    }
    free(seen);
    double total = (double)p->samples;
    for (unsigned f = 0; f < p->nfunctions; f++) {
        rows[f].tottime = (double)rows[f].self_samples * p->period;
        rows[f].cumtime = (double)rows[f].cum_samples * p->period;
        rows[f].self_pct = total > 0 ? 100.0 * (double)rows[f].self_samples / total : 0;
        rows[f].cum_pct = total > 0 ? 100.0 * (double)rows[f].cum_samples / total : 0;
    }
}

static double from_stats(const struct pa_profile *p, struct pa_profile_row *rows)
{
    double total = 0;
    for (unsigned i = 0; i < p->nstats; i++)
        total += p->stats[i].tottime;
    for (unsigned i = 0; i < p->nstats; i++) {
        const struct pa_prof_stats *s = &p->stats[i];
        struct pa_profile_row *r = &rows[s->function];
        r->has_calls = true;
        r->ncalls += s->ncalls;
        r->primitive_calls += s->primitive_calls;
        r->tottime += s->tottime;
        r->cumtime += s->cumtime;
    }
    for (unsigned f = 0; f < p->nfunctions; f++) {
        rows[f].self_pct = total > 0 ? 100.0 * rows[f].tottime / total : 0;
        rows[f].cum_pct = total > 0 ? 100.0 * rows[f].cumtime / total : 0;
    }
    return total;
}

void pa_profile_table_build(const struct pa_profile *p, enum pa_profile_sort sort,
                            struct pa_profile_table *out)
{
    struct pa_profile_row *rows = pa_xcalloc(p->nfunctions + 1, sizeof(*rows));
    for (unsigned f = 0; f < p->nfunctions; f++)
        rows[f].function = f;
    out->total_time = (double)p->samples * p->period;
    if (p->nstats)
        out->total_time = from_stats(p, rows);
    else
        from_stacks(p, rows);
    /* keep the functions that appear at all */
    unsigned n = 0;
    for (unsigned f = 0; f < p->nfunctions; f++)
        if (rows[f].cum_samples || rows[f].self_samples || rows[f].has_calls)
            rows[n++] = rows[f];
    struct sort_ctx ctx = {p, sort};
    qsort_r(rows, n, sizeof(*rows), by_key, &ctx);
    out->rows = rows;
    out->nrows = n;
}

void pa_profile_table_free(struct pa_profile_table *t)
{
    free(t->rows);
    memset(t, 0, sizeof(*t));
}

static int by_samples(const void *a, const void *b)
{
    const struct pa_profile_line *x = a, *y = b;
    if (x->samples != y->samples)
        return x->samples > y->samples ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

unsigned pa_profile_lines(const struct pa_profile *p, unsigned function,
                          struct pa_profile_line **out)
{
    /* self samples land on the leaf location; gather them by line */
    uint64_t *by_location = pa_xcalloc(p->nlocations + 1, sizeof(*by_location));
    for (unsigned s = 0; s < p->nstacks; s++)
        if (p->stacks[s].nframes)
            by_location[p->stacks[s].frames[0]] += p->stacks[s].count;
    struct pa_profile_line *lines = NULL;
    size_t n = 0, cap = 0;
    for (unsigned l = 0; l < p->nlocations; l++) {
        if (p->locations[l].function != function || !by_location[l] || !p->locations[l].line)
            continue;
        PA_GROW(lines, cap, n + 1);
        lines[n++] = (struct pa_profile_line){p->locations[l].line, by_location[l]};
    }
    free(by_location);
    if (n)
        qsort(lines, n, sizeof(*lines), by_samples);
    *out = lines;
    return (unsigned)n;
}
