/* bench_compare.c: the statistics, test and verdict of a benchmark against its baseline. */
#include "bench_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROUNDS_HINT 1000 /* rounds_needed is searched up to this */

static double change_pct(double before, double after)
{
    return before > 0 ? (after - before) / before * 100.0 : NAN;
}

void pa_bench_compare(const struct pa_bench_result *before, const struct pa_bench_result *after,
                      enum pa_bench_metric metric, const double *threshold_pct,
                      struct pa_bench_comparison *out)
{
    memset(out, 0, sizeof(*out));
    out->metric = metric;
    double *b = pa_bench_values(before, metric), *a = pa_bench_values(after, metric);
    pa_stats_describe(b, before->nrounds, &out->before);
    pa_stats_describe(a, after->nrounds, &out->after);
    out->median_change_pct = change_pct(out->before.median, out->after.median);
    out->mean_change_pct = change_pct(out->before.mean, out->after.mean);
    pa_stats_mann_whitney(a, after->nrounds, b, before->nrounds, PA_MW_AUTO, &out->test);
    free(a);
    free(b);
    out->min_p = pa_stats_mann_whitney_min_p(after->nrounds, before->nrounds);
    out->testable = out->min_p < PA_BENCH_ALPHA;
    out->significant = out->testable && out->test.p < PA_BENCH_ALPHA;
    if (!out->testable)
        for (size_t n = after->nrounds + 1; n <= MAX_ROUNDS_HINT && !out->rounds_needed; n++)
            if (pa_stats_mann_whitney_min_p(n, before->nrounds) < PA_BENCH_ALPHA)
                out->rounds_needed = (unsigned)n;
    out->has_threshold = threshold_pct != NULL;
    out->threshold_pct = threshold_pct ? *threshold_pct : 0.0;

    /* the direction: the median's change, or the mean's when the medians are equal */
    double change = out->median_change_pct;
    if (change == 0.0 || isnan(change))
        change = out->after.median > out->before.median   ? 1.0
                 : out->after.median < out->before.median ? -1.0
                                                          : out->mean_change_pct;
    bool slower = change > 0, faster = change < 0;
    if (out->testable) {
        if (out->significant)
            out->verdict = slower ? PA_BENCH_SLOWER : faster ? PA_BENCH_FASTER : PA_BENCH_NO_CHANGE;
        out->fail = out->has_threshold && out->significant && slower &&
                    !(out->median_change_pct <= out->threshold_pct);
    } else if (out->has_threshold) {
        /* no test can tell: the threshold alone decides, both ways */
        double pct = out->median_change_pct;
        bool above = isnan(pct) ? slower : pct > out->threshold_pct;
        bool below = !isnan(pct) && pct < -out->threshold_pct;
        out->verdict = above ? PA_BENCH_SLOWER : below ? PA_BENCH_FASTER : PA_BENCH_NO_CHANGE;
        out->fail = above;
    }
}

const char *pa_bench_verdict_name(enum pa_bench_verdict verdict)
{
    switch (verdict) {
    case PA_BENCH_FASTER:
        return "faster";
    case PA_BENCH_SLOWER:
        return "slower";
    case PA_BENCH_NO_CHANGE:
        break;
    }
    return "no significant change";
}

bool pa_bench_same_command(const struct pa_bench_result *a, const struct pa_bench_result *b)
{
    if (a->ncommand != b->ncommand)
        return false;
    for (size_t i = 0; i < a->ncommand; i++)
        if (strcmp(a->command[i], b->command[i]) != 0)
            return false;
    return true;
}
