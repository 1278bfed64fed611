/* profile_join.h: which measured function is which analysed function, and how many samples
 * fell in a given part of an analysed function (a loop, a call line, the calls it makes to
 * named library functions). The ranking asks; this module only counts. */
#ifndef PERFAUDIT_PROFILE_JOIN_H
#define PERFAUDIT_PROFILE_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "perfaudit/ranking.h"

struct pa_program;
struct pa_function;
struct pa_profile;

struct pa_join {
    const struct pa_program *program;
    const struct pa_profile *profile;
    int *analysed_of;            /* per profile function: the analysed function's id, or -1 */
    struct pa_measure *measures; /* per analysed function */
    uint64_t total_samples;
    double total_time;          /* seconds the profile covers */
    double matched_self_pct;    /* self time in analysed functions */
    unsigned matched_functions; /* analysed functions the profile has */
    /* Per analysed function f, the stacks it is on: visits[visit_start[f] ..
     * visit_start[f + 1]), each with the frame that stands for the function there. */
    struct pa_join_visit *visits;
    unsigned *visit_start;
};

/* A stack that passes through an analysed function, and the frame counted for it: the
 * outermost one, so that recursion counts once. */
struct pa_join_visit {
    unsigned stack;
    unsigned frame; /* index in the stack's frames, 0 the leaf */
    unsigned line;  /* that frame's line */
};

/* Matches profile functions to analysed ones by name and source file (the longest common
 * tail of their paths; the nearest first line breaks ties), so that static functions of the
 * same name in different files stay apart. Free with pa_join_free. */
void pa_join_build(const struct pa_program *program, const struct pa_profile *profile,
                   struct pa_join *out);
void pa_join_free(struct pa_join *join);

/* What to count in pa_join_samples. */
struct pa_join_query {
    const struct pa_function *function;
    unsigned first_line, last_line; /* where the function's outermost frame must be */
    bool in_callee;                 /* only the time below a call made from those lines */
    const char *const *callees;     /* and only below these library functions (NULL: any) */
};

/* Samples whose stack passes through the query's part of the function: its outermost frame
 * in the function is at a line in range (so recursion counts once). */
uint64_t pa_join_samples(const struct pa_join *join, const struct pa_join_query *q);

/* Samples of one operation of fn: the statement at op_line inside the loop spanning
 * first_line..last_line, callees included, plus the calls the loop makes from lines where the
 * source shows none (a compiler turns strcat into strlen and a copy, and may place the call on
 * the loop's header line). */
uint64_t pa_join_operation_samples(const struct pa_join *join, const struct pa_function *fn,
                                   unsigned first_line, unsigned last_line, unsigned op_line);

/* The n lines of fn with the most samples (callees included), highest first; returns how
 * many were filled. */
unsigned pa_join_hot_lines(const struct pa_join *join, const struct pa_function *fn,
                           struct pa_hot_line *out, unsigned n);

#endif
