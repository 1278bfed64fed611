/* loop_bound_cxx.h: trip counts of C++ loops over standard containers: range-for, and iterator
 * loops from c.begin() to c.end(). */
#ifndef PERFAUDIT_LOOP_BOUND_CXX_H
#define PERFAUDIT_LOOP_BOUND_CXX_H

#include <stdbool.h>

#include "perfaudit/model.h"

/* Classifies loop when it walks a container: a range-for (over a container: linear in it;
 * over an array or a braced list: constant), or `for (it = c.begin(); it != c.end(); ++it)`
 * and `while (it != end)` with end = c.end() (linear in c). trip->bound is the container,
 * trip->bound_param its parameter if it is rooted in one. False (trip untouched) for any
 * other loop. */
bool pa_classify_cxx_loop(const struct pa_function *fn, const struct pa_loop *loop,
                          struct pa_trip *trip);

#endif
