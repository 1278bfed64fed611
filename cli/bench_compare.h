/* bench_compare.h: a benchmark against its baseline: both samples' statistics, the change of
 * the median and the mean, the Mann-Whitney test, and the verdict with --fail-if-slower. */
#ifndef PERFAUDIT_BENCH_COMPARE_H
#define PERFAUDIT_BENCH_COMPARE_H

#include "bench_result.h"
#include "stats.h"

#include <stdbool.h>

#define PA_BENCH_ALPHA 0.05 /* a difference is significant when the test's p is below this */

enum pa_bench_verdict { PA_BENCH_NO_CHANGE, PA_BENCH_FASTER, PA_BENCH_SLOWER };

struct pa_bench_comparison {
    enum pa_bench_metric metric;
    struct pa_stats before, after;
    double median_change_pct; /* (after - before) / before x 100; NaN when before is 0 */
    double mean_change_pct;
    struct pa_mann_whitney test; /* after against before: U counts the pairs after > before */
    double min_p;                /* the smallest p these sample sizes allow */
    bool testable;               /* min_p < PA_BENCH_ALPHA: the test can decide */
    bool significant;            /* testable and test.p < PA_BENCH_ALPHA */
    bool has_threshold;          /* --fail-if-slower was given */
    double threshold_pct;
    unsigned rounds_needed; /* when not testable: current rounds that would make it so, or 0 */
    enum pa_bench_verdict verdict;
    bool fail; /* slower than the threshold allows: exit 1 */
};

/* Compares after with before on metric. threshold_pct: the --fail-if-slower percentage, or
 * NULL. Verdict: slower or faster when the difference is significant (the direction of the
 * median's change); with too few rounds for the test, by the threshold alone (the median
 * changed by more than it) or, without one, no significant change. fail: the median is more
 * than threshold_pct slower and (when the test can decide) significantly so. */
void pa_bench_compare(const struct pa_bench_result *before, const struct pa_bench_result *after,
                      enum pa_bench_metric metric, const double *threshold_pct,
                      struct pa_bench_comparison *out);
/* "faster", "slower", "no significant change". */
const char *pa_bench_verdict_name(enum pa_bench_verdict verdict);
/* Whether the two results timed the same argv. */
bool pa_bench_same_command(const struct pa_bench_result *a, const struct pa_bench_result *b);

#endif
