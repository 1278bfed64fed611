/* static_ranking.h: recommendations ranked without a profile, one per function with findings,
 * their speedup estimated from complexity alone. This module computes; the writers format. */
#ifndef PERFAUDIT_STATIC_RANKING_H
#define PERFAUDIT_STATIC_RANKING_H

#include <stddef.h>

#include "perfaudit/complexity.h"

struct pa_analysis;
struct pa_finding;
struct pa_function;

/* The input size the static estimate is taken at, and what the report says about it. */
#define PA_STATIC_RANKING_N 10000.0
#define PA_STATIC_RANKING_NOTE                                                                     \
    "no profile: speedup is the complexity ratio at n = 10000, not a measurement"

struct pa_recommendation {
    unsigned rank; /* 1 for the highest leverage */
    char category; /* the most severe of its findings' (A before B ...) */
    const struct pa_function *function;
    const char *file;
    unsigned line;                      /* of its first finding */
    const struct pa_finding **findings; /* the function's findings in report order */
    size_t nfindings;
    const char *current;      /* the first finding's message */
    const char *proposed;     /* the first finding's suggestion */
    double estimated_speedup; /* the best finding's complexity ratio, >= 1.0 */
    double effort_hours;      /* 1.0 per finding + 0.5 per 50 lines of the function */
    double leverage;          /* estimated_speedup / effort_hours */
};

struct pa_ranking {
    struct pa_recommendation *items; /* sorted by leverage, highest first */
    size_t n;
};

/* Builds one recommendation per function that has findings, ranked by leverage. The ranking
 * owns its arrays (free with pa_static_ranking_free); the strings, findings and functions it
 * points to are borrowed from the analysis, which must outlive it. */
void pa_static_ranking_build(const struct pa_analysis *analysis, struct pa_ranking *out);
void pa_static_ranking_free(struct pa_ranking *ranking);

/* cost(current) / cost(proposed) at n = PA_STATIC_RANKING_N, at least 1.0, where
 * cost = n^poly * log2(n)^log; going from O(2^n) to a polynomial counts as 1e6 (a cap: the
 * true ratio at n = 10000 is astronomically large). O(n^2) -> O(n log n) gives 752.57. */
double pa_static_ranking_speedup(struct pa_cx current, struct pa_cx proposed);

#endif
