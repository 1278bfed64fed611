/* growth.h: how a buffer passed to realloc grows inside a loop: by a constant or a value that
 * does not scale with the buffer (linear: O(n) copying per call, O(n^2) in all), or in
 * proportion to its size (geometric: amortised O(1)). Shared by the cost model and the rule. */
#ifndef PERFAUDIT_GROWTH_H
#define PERFAUDIT_GROWTH_H

#include "perfaudit/model.h"

enum pa_growth { PA_GROWTH_NONE, PA_GROWTH_LINEAR, PA_GROWTH_GEOMETRIC };

/* The growth of the size arguments of a realloc-like call site across its growing loop. */
enum pa_growth pa_realloc_growth(const struct pa_function *fn, const struct pa_call_site *site);

/* How size (a realloc's size argument) changes across loop, or with loop NULL from one call of
 * fn to the next (its writes anywhere in fn: v->len++ is linear, cap *= 2 geometric). */
enum pa_growth pa_size_growth(const struct pa_function *fn, const struct pa_loop *loop,
                              const struct pa_expr *size);

#endif
