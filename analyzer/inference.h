/* inference.h: whole-program facts derived from the function models: resolved calls, purity,
 * recursion (components and their shape), sort functions, caches, and each function's Big-O. */
#ifndef PERFAUDIT_INFERENCE_H
#define PERFAUDIT_INFERENCE_H

#include "perfaudit/model.h"
#include "perfaudit/query.h" /* pa_call_cost */

/* Runs every inference step over prog, in order: resolve calls, purity, loop trip counts,
 * recursive components, sort and cache detection, complexity. */
void pa_infer_program(struct pa_program *prog);

/* Individual steps, for tests. */
void pa_resolve_calls(struct pa_program *prog);
void pa_infer_purity(struct pa_program *prog);
/* Marks functions that always end in exit, abort, longjmp or another such function. */
void pa_infer_noreturn(struct pa_program *prog);
void pa_infer_recursion(struct pa_program *prog);
void pa_infer_complexity(struct pa_program *prog);

#endif
