/* estimate.h: one finding's fix, estimated: the share of the run spent in the code it changes,
 * how much faster that code gets under the rule's model, the whole-program speedup by Amdahl's
 * law, and the effort. docs/design/estimates.md documents the models and their constants. */
#ifndef PERFAUDIT_ESTIMATE_H
#define PERFAUDIT_ESTIMATE_H

#include "perfaudit/ranking.h"

struct pa_join;

/* Seconds one step of the current code is taken to cost when n is inferred from time, and
 * how many such steps one step of the proposed code (a hash probe, a tree step) costs. */
#define PA_STEP_SECONDS       1e-9
#define PA_PROPOSED_STEP_COST 4.0
/* Every change is measured before and after and reviewed: added to each effort. */
#define PA_VALIDATION_HOURS 1.0

struct pa_estimate_context {
    const struct pa_join *join; /* NULL: static estimates */
    unsigned cores;             /* for the parallel model */
};

/* Fills out for finding f. out->model is owned by out (free it). */
void pa_estimate_finding(const struct pa_estimate_context *ctx, const struct pa_finding *f,
                         struct pa_estimate *out);

/* Amdahl's law: the whole-program speedup when a share of the run gets local times faster. */
double pa_amdahl(double share, double local);

#endif
