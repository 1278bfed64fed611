/* ranking.h: the join of the static findings with a measured profile, and the ranked
 * recommendations built from it. Everything here is computed once; the report writers only
 * format it. How each number is estimated is documented in docs/design/estimates.md.
 * Ownership: a struct pa_ranking owns its arrays and strings; it borrows the analysis and the
 * profile (both must outlive it). */
#ifndef PERFAUDIT_RANKING_H
#define PERFAUDIT_RANKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "perfaudit/complexity.h"

struct pa_analysis;
struct pa_finding;
struct pa_function;
struct pa_profile;

/* What the profile measured for one analysed function. */
struct pa_measure {
    bool seen; /* the profile has the function (matched by file and name) */
    uint64_t self_samples, cum_samples;
    double tottime, cumtime;  /* seconds */
    double self_pct, cum_pct; /* of the profile's total */
    bool has_calls; /* ncalls and primitive_calls are exact (instrumented or pstats profile) */
    uint64_t ncalls, primitive_calls;
};

/* A line of a function and the share of the program's time spent at it (callees included). */
struct pa_hot_line {
    unsigned line;
    double pct;
};

/* How far the static evidence behind a finding can be trusted: every loop it multiplies has a
 * bound that grows with the input, the function parsed whole, the claim is not a tower of
 * composed costs. Without a profile, recommendations are ranked by it first. */
enum pa_confidence { PA_CONFIDENCE_LOW, PA_CONFIDENCE_MEDIUM, PA_CONFIDENCE_HIGH };

/* "low", "medium" or "high". */
const char *pa_confidence_name(enum pa_confidence c);

/* How one finding's fix was estimated, with the numbers it came from. */
struct pa_estimate {
    const struct pa_finding *finding;
    bool measured;       /* from the profile; false: a static estimate */
    unsigned first_line; /* the code the fix changes: its outermost loop, or the function */
    unsigned last_line;
    double share;         /* fraction of the program's time spent in that code, 0..1 */
    double local_speedup; /* how much faster that code gets, >= 1 */
    double speedup;       /* whole-program speedup by Amdahl's law, >= 1 */
    double effort_hours;
    double n;               /* the input size the complexity model used; 0 if none */
    char *model;            /* owned: one line: how local_speedup was computed, with the numbers */
    const char *assumption; /* the rule's: what the estimate takes for granted */
    enum pa_confidence confidence;
    const char *confidence_reason; /* static text: what lowered it, "" when high */
};

enum pa_recommendation_kind {
    PA_REC_FINDINGS,    /* fixes the findings of one function */
    PA_REC_BUILD_FLAGS, /* turn on optimisation in the build (no finding behind it) */
};

struct pa_recommendation {
    unsigned rank; /* 1 for the highest leverage */
    enum pa_recommendation_kind kind;
    char category;
    const struct pa_function *function; /* NULL for PA_REC_BUILD_FLAGS */
    const char *file;
    unsigned line;
    const struct pa_estimate **estimates; /* its findings' estimates, the main one first */
    size_t nestimates;
    char *current;            /* owned: the pattern being replaced */
    char *proposed;           /* owned: the specific alternative */
    double estimated_speedup; /* whole-program, >= 1.0 */
    double effort_hours;
    double leverage;               /* estimated_speedup / effort_hours */
    double share;                  /* of the program's time in the code it changes */
    enum pa_confidence confidence; /* the best of its findings' */
    struct pa_measure measure;     /* of its function (seen is false without a profile) */
    char *evidence_note;           /* owned: one line summarising the evidence and its source */
};

/* A function where the program spends its time, with what the static pass knows of it. */
struct pa_hotspot {
    const struct pa_function *function; /* an analysed function: its name, file and line */
    struct pa_measure measure;
    struct pa_hot_line lines[3]; /* its hottest lines, by share; line 0 ends the list */
    size_t nfindings;            /* findings in it */
    bool no_known_pattern;       /* spends time in its own code, and no rule found a cause */
};

struct pa_ranking {
    const struct pa_profile *profile; /* NULL: static estimates only */
    double total_time;                /* seconds the profile covers */
    uint64_t total_samples;
    double matched_pct;         /* share of the profile's time in analysed functions (self time) */
    unsigned matched_functions; /* analysed functions found in the profile */
    struct pa_estimate *estimates; /* parallel to the analysis' findings */
    size_t nestimates;
    struct pa_recommendation *items; /* sorted by leverage, highest first */
    size_t n;
    struct pa_hotspot *hotspots; /* by self time, highest first */
    size_t nhotspots;
    unsigned cores; /* online cores, for the parallel model */
};

/* Without a profile, speedups are complexity ratios at this n, and every finding is assumed
 * to be where the run spends its time. */
#define PA_STATIC_N 10000.0
#define PA_STATIC_NOTE                                                                             \
    "no profile: the speedup is the complexity ratio at n = 10000 over the whole run, "            \
    "not a measurement"

/* Joins the analysis with profile (NULL for a static ranking) and ranks. Findings in code with
 * less than min_share (0..1) of the profile are removed from the analysis first (their ids are
 * renumbered); min_share needs a profile. Free with pa_ranking_free. */
void pa_ranking_build(struct pa_analysis *analysis, const struct pa_profile *profile,
                      double min_share, struct pa_ranking *out);
void pa_ranking_free(struct pa_ranking *ranking);

/* The estimate of a finding, or NULL. */
const struct pa_estimate *pa_ranking_estimate(const struct pa_ranking *ranking,
                                              const struct pa_finding *finding);

/* cost(current) / cost(proposed) at size n, at least 1.0, where cost = n^poly * log2(n)^log
 * (and 2^n for an exponential). */
double pa_complexity_ratio(struct pa_cx current, struct pa_cx proposed, double n);

#endif
