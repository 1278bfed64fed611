/* diff_chart.c: the before/after bar chart of a profile diff: the total, then the functions with
 * the most self time on either side whose change is beyond noise or which is large. */
#include "bar_chart.h"
#include "diff_report.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define LARGE_SHARE 0.10 /* of one run's time */

static double larger_self(const struct pa_profile_diff_row *r)
{
    return r->tottime[0] > r->tottime[1] ? r->tottime[0] : r->tottime[1];
}

/* A function worth a bar: a change beyond sampling noise, or a large share of either run (what
 * the after run now spends its time on, even if it did before too). */
static bool matters(const struct pa_profile_diff_row *r, const struct pa_profile_diff *d)
{
    if (!r->within_noise && larger_self(r) > 0)
        return true;
    for (int side = 0; side < 2; side++)
        if (d->side[side].total_time > 0 &&
            r->tottime[side] >= LARGE_SHARE * d->side[side].total_time)
            return true;
    return false;
}

static int by_larger_self(const void *a, const void *b)
{
    double x = larger_self(*(const struct pa_profile_diff_row *const *)a);
    double y = larger_self(*(const struct pa_profile_diff_row *const *)b);
    return x > y ? -1 : x < y;
}

int pa_diff_chart(const struct pa_profile_diff *d, unsigned limit, const char *path,
                  struct pa_error *err)
{
    const struct pa_profile_diff_row **order = pa_xcalloc(d->nrows + 1, sizeof(*order));
    for (unsigned i = 0; i < d->nrows; i++)
        order[i] = &d->rows[i];
    /* the rows may be sorted any way; the chart always shows the largest self times */
    qsort(order, d->nrows, sizeof(*order), by_larger_self);
    unsigned n = limit && limit < d->nrows ? limit : d->nrows;
    struct pa_bar_chart_row *rows = pa_xcalloc(n + 1, sizeof(*rows));
    rows[0] = (struct pa_bar_chart_row){
        "total (CPU time)", {d->side[PA_BEFORE].total_time, d->side[PA_AFTER].total_time}};
    unsigned nrows = 1;
    for (unsigned i = 0; i < d->nrows && nrows <= n; i++)
        if (matters(order[i], d))
            rows[nrows++] = (struct pa_bar_chart_row){order[i]->function,
                                                      {order[i]->tottime[0], order[i]->tottime[1]}};
    char subtitle[160];
    if (d->side[PA_BEFORE].total_time > 0)
        snprintf(subtitle, sizeof subtitle,
                 "total %.3f s -> %.3f s: %.1f%% %s ((baseline - optimized) / baseline)",
                 d->side[PA_BEFORE].total_time, d->side[PA_AFTER].total_time,
                 d->improvement_pct >= 0 ? d->improvement_pct : -d->improvement_pct,
                 d->improvement_pct >= 0 ? "less time" : "more time");
    else
        snprintf(subtitle, sizeof subtitle, "the baseline profile has no time");
    struct pa_bar_chart chart = {
        .title = "Self time per function, before and after",
        .subtitle = subtitle,
        .unit = "s",
        .series = {"before", "after"},
        .rows = rows,
        .nrows = nrows,
    };
    int rc = pa_bar_chart_write(&chart, path, err);
    free(rows);
    free(order);
    return rc;
}
