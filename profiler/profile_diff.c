/* profile_diff.c: matching the functions of two profiles and comparing their times. Times are
 * recomputed per matched function from the stacks, so that the parts of a function GCC split
 * or cloned (foo and foo.part.0 on one stack) count once in its cumulative time. */
#include "perfaudit/profile_diff.h"
#include "path.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The identities seen so far, found by an open-addressing hash of "name\0file". */
struct key_table {
    struct pa_profile_diff_row *rows;
    size_t nrows, cap;
    unsigned *slots; /* row index + 1, 0 = empty */
    size_t nslots;
};

static uint64_t hash_key(const char *name, size_t name_len, const char *file)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < name_len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (const char *c = file; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    return h;
}

static bool row_is(const struct pa_profile_diff_row *r, const char *name, size_t name_len,
                   const char *file)
{
    return strlen(r->function) == name_len && memcmp(r->function, name, name_len) == 0 &&
           strcmp(pa_path_base(r->file), file) == 0;
}

static void grow_slots(struct key_table *t)
{
    size_t nslots = t->nslots ? t->nslots * 2 : 256;
    unsigned *slots = pa_xcalloc(nslots, sizeof(*slots));
    for (size_t i = 0; i < t->nrows; i++) {
        const struct pa_profile_diff_row *r = &t->rows[i];
        uint64_t h = hash_key(r->function, strlen(r->function), pa_path_base(r->file));
        size_t s = h & (nslots - 1);
        while (slots[s])
            s = (s + 1) & (nslots - 1);
        slots[s] = (unsigned)i + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
}

/* The row of a profile's function, created on first sight. */
static unsigned row_of(struct key_table *t, const struct pa_prof_function *fn)
{
    if (2 * (t->nrows + 1) > t->nslots)
        grow_slots(t);
    size_t len = pa_symbol_name_len(fn->name);
    const char *file = pa_path_base(fn->file);
    size_t s = hash_key(fn->name, len, file) & (t->nslots - 1);
    for (; t->slots[s]; s = (s + 1) & (t->nslots - 1))
        if (row_is(&t->rows[t->slots[s] - 1], fn->name, len, file))
            return t->slots[s] - 1;
    PA_GROW(t->rows, t->cap, t->nrows + 1);
    struct pa_profile_diff_row *r = &t->rows[t->nrows];
    memset(r, 0, sizeof(*r));
    r->function = pa_xstrndup(fn->name, len);
    r->file = fn->file ? pa_xstrdup(fn->file) : NULL;
    r->line = fn->line;
    t->slots[s] = (unsigned)t->nrows + 1;
    return (unsigned)t->nrows++;
}

/* Adds one profile's times to the rows of its functions. Returns its total time. */
static double add_side(struct key_table *t, const struct pa_profile *p, int side,
                       uint64_t *self_samples)
{
    unsigned *row = pa_xcalloc(p->nfunctions + 1, sizeof(*row));
    for (unsigned f = 0; f < p->nfunctions; f++)
        row[f] = row_of(t, &p->functions[f]);
    double total = 0;
    if (p->nstats) {
        /* exact statistics: summed per identity (a clone's calls are the function's calls) */
        for (unsigned i = 0; i < p->nstats; i++) {
            const struct pa_prof_stats *s = &p->stats[i];
            struct pa_profile_diff_row *r = &t->rows[row[s->function]];
            r->present[side] = r->has_calls[side] = true;
            r->ncalls[side] += s->ncalls;
            r->tottime[side] += s->tottime;
            r->cumtime[side] += s->cumtime;
            total += s->tottime;
        }
    } else {
        /* seen[r] == stack index + 1 once r's cumulative time has this stack's samples */
        unsigned *seen = pa_xcalloc(t->nrows + 1, sizeof(*seen));
        for (unsigned s = 0; s < p->nstacks; s++) {
            const struct pa_prof_stack *st = &p->stacks[s];
            if (!st->nframes)
                continue;
            double time = (double)st->count * p->period;
            unsigned leaf = row[p->locations[st->frames[0]].function];
            t->rows[leaf].tottime[side] += time;
            self_samples[leaf] += st->count;
            for (unsigned i = 0; i < st->nframes; i++) {
                unsigned r = row[p->locations[st->frames[i]].function];
                if (seen[r] == s + 1)
                    continue;
                seen[r] = s + 1;
                t->rows[r].cumtime[side] += time;
                t->rows[r].present[side] = true;
            }
        }
        free(seen);
        total = (double)p->samples * p->period;
    }
    /* the after profile names the file and line, being the code as it is now */
    if (side == PA_AFTER)
        for (unsigned f = 0; f < p->nfunctions; f++) {
            struct pa_profile_diff_row *r = &t->rows[row[f]];
            if (r->present[PA_AFTER] && p->functions[f].line && p->functions[f].file) {
                free(r->file);
                r->file = pa_xstrdup(p->functions[f].file);
                r->line = p->functions[f].line;
            }
        }
    free(row);
    return total;
}

double pa_diff_percent(double before, double after)
{
    return before > 0 ? 100.0 * (after - before) / before : NAN;
}

static double larger(double a, double b)
{
    return a > b ? a : b;
}

static int by_sort(const void *a, const void *b, void *data)
{
    const struct pa_profile_diff_row *x = a, *y = b;
    double kx = 0, ky = 0;
    switch (*(const enum pa_diff_sort *)data) {
    case PA_DIFF_SORT_DELTA:
        kx = fabs(x->delta_tottime), ky = fabs(y->delta_tottime);
        break;
    case PA_DIFF_SORT_TOTTIME:
        kx = larger(x->tottime[0], x->tottime[1]), ky = larger(y->tottime[0], y->tottime[1]);
        break;
    case PA_DIFF_SORT_CUMTIME:
        kx = larger(x->cumtime[0], x->cumtime[1]), ky = larger(y->cumtime[0], y->cumtime[1]);
        break;
    case PA_DIFF_SORT_NAME:
        break;
    }
    if (kx != ky)
        return kx > ky ? -1 : 1;
    double cx = larger(x->cumtime[0], x->cumtime[1]), cy = larger(y->cumtime[0], y->cumtime[1]);
    if (*(const enum pa_diff_sort *)data != PA_DIFF_SORT_NAME && cx != cy)
        return cx > cy ? -1 : 1;
    int c = strcmp(x->function, y->function);
    return c ? c : strcmp(x->file ? x->file : "", y->file ? y->file : "");
}

/* Within two standard deviations of the difference of the self times, each a Poisson count
 * of samples times its period (zero for an exact side). Two exact sides have no noise; a
 * sampled function without self time on either side did not change. */
static bool within_noise(const struct pa_profile_diff_row *r, const uint64_t self[2],
                         const struct pa_profile *p[2])
{
    if (p[0]->nstats && p[1]->nstats)
        return false;
    double var = 0;
    for (int side = 0; side < 2; side++)
        if (!p[side]->nstats)
            var += (double)self[side] * p[side]->period * p[side]->period;
    return fabs(r->delta_tottime) <= 2 * sqrt(var);
}

void pa_profile_diff_build(const struct pa_profile *before, const struct pa_profile *after,
                           enum pa_diff_sort sort, struct pa_profile_diff *out)
{
    memset(out, 0, sizeof(*out));
    const struct pa_profile *p[2] = {before, after};
    struct key_table t = {0};
    /* self samples per row and side, for the noise estimate; sized once rows are known */
    size_t nfunctions = (size_t)before->nfunctions + after->nfunctions + 1;
    uint64_t *self[2] = {pa_xcalloc(nfunctions, sizeof(uint64_t)),
                         pa_xcalloc(nfunctions, sizeof(uint64_t))};
    for (int side = 0; side < 2; side++) {
        out->side[side].path = pa_xstrdup(p[side]->path ? p[side]->path : "");
        out->side[side].format = pa_xstrdup(p[side]->format ? p[side]->format : "");
        out->side[side].samples = p[side]->nstats ? 0 : p[side]->samples;
        out->side[side].sampled = !p[side]->nstats;
        out->side[side].total_time = add_side(&t, p[side], side, self[side]);
    }
    /* keep the functions that took time (or were called) on either side */
    unsigned n = 0;
    for (size_t i = 0; i < t.nrows; i++) {
        struct pa_profile_diff_row *r = &t.rows[i];
        r->delta_tottime = r->tottime[1] - r->tottime[0];
        r->delta_cumtime = r->cumtime[1] - r->cumtime[0];
        uint64_t counts[2] = {self[0][i], self[1][i]};
        r->within_noise = within_noise(r, counts, p);
        if (r->present[0] || r->present[1])
            t.rows[n++] = *r;
        else {
            free(r->function);
            free(r->file);
        }
    }
    free(self[0]);
    free(self[1]);
    free(t.slots);
    qsort_r(t.rows, n, sizeof(*t.rows), by_sort, &sort);
    out->rows = t.rows;
    out->nrows = n;
    double b = out->side[0].total_time, a = out->side[1].total_time;
    out->delta_total = a - b;
    out->improvement_pct = b > 0 ? 100.0 * (b - a) / b : 0;
    out->speedup = a > 0 ? b / a : 0;
}

void pa_profile_diff_free(struct pa_profile_diff *d)
{
    for (unsigned i = 0; i < d->nrows; i++) {
        free(d->rows[i].function);
        free(d->rows[i].file);
    }
    free(d->rows);
    for (int side = 0; side < 2; side++) {
        free(d->side[side].path);
        free(d->side[side].format);
    }
    memset(d, 0, sizeof(*d));
}
