/* profile_diff.h: two profiles of one program, before and after a change, compared function by
 * function: the validation step of every optimisation. `perfaudit diff`, the differential
 * charts and the report directory's before/after section read this model.
 * Ownership: a struct pa_profile_diff owns its rows and their strings; it keeps no pointer into
 * either profile. Free it with pa_profile_diff_free. */
#ifndef PERFAUDIT_PROFILE_DIFF_H
#define PERFAUDIT_PROFILE_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "perfaudit/profile.h"

enum { PA_BEFORE = 0, PA_AFTER = 1 };

/* One function as both profiles see it. Index [PA_BEFORE] or [PA_AFTER]. A function is
 * identified by its name without clone suffixes (pa_symbol_name_len) and the base name of its
 * source file, so a build that splits or clones it differently, or a fixed copy built from
 * another directory, still compares with itself. */
struct pa_profile_diff_row {
    char *function;
    char *file;    /* as the after profile has it (else before); NULL without debug info */
    unsigned line; /* 0 if unknown */
    bool present[2];
    double tottime[2], cumtime[2]; /* seconds */
    bool has_calls[2];             /* ncalls[side] is an exact count */
    uint64_t ncalls[2];
    double delta_tottime, delta_cumtime; /* after - before, seconds */
    /* The change in self time could be sampling noise: at most two standard deviations of
     * the difference of two Poisson counts (so a sampled function with no self time on either
     * side is within noise). Always false when both timings are exact (instrumented). */
    bool within_noise;
};

/* A change as a percentage of the before value; NaN when there was nothing before. */
double pa_diff_percent(double before, double after);

struct pa_profile_diff {
    struct {
        char *path, *format;
        uint64_t samples;  /* 0 for statistics-only profiles */
        double total_time; /* seconds of CPU time */
        bool sampled;
    } side[2];
    double delta_total;     /* after - before, seconds */
    double improvement_pct; /* (before - after) / before x 100: positive when faster */
    double speedup;         /* before / after; 0 when after is empty */
    struct pa_profile_diff_row *rows;
    unsigned nrows;
};

enum pa_diff_sort {
    PA_DIFF_SORT_DELTA,   /* largest change of self time first, either way (default) */
    PA_DIFF_SORT_TOTTIME, /* highest self time before (or after) first */
    PA_DIFF_SORT_CUMTIME, /* highest cumulative time before (or after) first */
    PA_DIFF_SORT_NAME,
};

/* Compares before with after; rows sorted by `sort`. Either profile may be of any format. */
void pa_profile_diff_build(const struct pa_profile *before, const struct pa_profile *after,
                           enum pa_diff_sort sort, struct pa_profile_diff *out);
void pa_profile_diff_free(struct pa_profile_diff *d);

#endif
