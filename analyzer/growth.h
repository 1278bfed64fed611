/* growth.h: how a buffer passed to realloc grows inside a loop: by a constant or a value that
 * does not scale with the buffer (linear: O(n) copying per call, O(n^2) in all), or in
 * proportion to its size (geometric: amortised O(1)). Shared by the cost model and the rule. */
#ifndef PERFAUDIT_GROWTH_H
#define PERFAUDIT_GROWTH_H

#include "perfaudit/model.h"

enum pa_growth { PA_GROWTH_NONE, PA_GROWTH_LINEAR, PA_GROWTH_GEOMETRIC };

/* The growth of the size arguments of a realloc-like call site across its growing loop. */
enum pa_growth pa_realloc_growth(const struct pa_function *fn, const struct pa_call_site *site);

#endif
