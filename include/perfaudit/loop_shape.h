/* loop_shape.h: recognising what a loop does (searches, shifts elements, walks one element's
 * own data), for the rules that must tell these shapes apart. */
#ifndef PERFAUDIT_LOOP_SHAPE_H
#define PERFAUDIT_LOOP_SHAPE_H

#include <stdbool.h>

#include "perfaudit/model.h"
#include "perfaudit/query.h"

/* A linear search: compares elements for equality and stops early (break/return, or a second
 * condition such as `&& !found` / `&& a[i] != key`). */
bool pa_loop_is_search(const struct pa_function *fn, const struct pa_loop *loop);
/* Moves elements by one place: a[j] = a[j - 1] or a[j] = a[j + 1]. */
bool pa_loop_is_shift(const struct pa_function *fn, const struct pa_loop *loop);
/* Is inner's count set by the element outer is at (the length of words[i], the items of the
 * node p points to, the line fgets just read), so that over the whole outer loop the inner
 * work adds up to the input's size rather than multiplying by it? */
bool pa_loop_bound_per_element(const struct pa_program *prog, const struct pa_function *fn,
                               const struct pa_loop *inner, const struct pa_loop *outer);
/* The parameters (bit k for parameter k) holding a collection the function searches, walks
 * or reads element by element (a[i]): contains(list, key) has bit 0. Follows delegation. */
unsigned pa_function_lookup_params(const struct pa_program *prog, const struct pa_function *fn);
/* for (i = 0; i < n; i += k) for (j = i; j < i + k; j++): the inner loop splits the outer
 * step, so together they run n times, not n * k. */
bool pa_loop_splits_step(const struct pa_loop *inner, const struct pa_loop *outer);
/* Do the two loops walk the cells of one two-dimensional structure (m[i][j], m[i * w + j])?
 * That is linear in the data, whatever its two sizes. */
bool pa_loops_walk_grid(const struct pa_function *fn, const struct pa_loop *inner,
                        const struct pa_loop *outer);
/* The innermost loop enclosing loop (or loop itself) whose count grows with the input. */
const struct pa_loop *pa_loop_growing(const struct pa_loop *loop);
/* The growth of the loops around a place: n^k for k enclosing linear loops (log for halving). */
struct pa_cx pa_loop_repeat(const struct pa_loop *loop);
/* The innermost loop that repeats a call: its own loop, or the one around that when the call
 * is followed by leaving its loop (a search that acts once and returns). */
const struct pa_loop *pa_site_repeating_loop(const struct pa_call_site *site);
/* Is the call repeated a growing number of times (some repeating loop is linear or log)?
 * Calls of functions that never return (failure paths) are not. */
bool pa_site_repeats(const struct pa_program *prog, const struct pa_call_site *site);

#endif
