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
/* Do the two loops walk the cells of one two-dimensional structure (m[i][j], m[i * w + j],
 * row[j] with row = m[i] set in the outer loop)?
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

/* A dense linear-algebra kernel: a floating-point multiply-accumulate whose two factors are
 * elements indexed by the nest's loop variables in the product pattern, in any loop order,
 * with 2-D (a[i][k]), flattened (a[i * n + k]) or row-pointer indexing, into the element or
 * through an accumulator stored after the summed loop:
 *   c[i][j] += a[i][k] * b[k][j]   (MATMUL: c's row i, c's column j, summed k)
 *   y[i] += a[i][k] * x[k]         (MATVEC) */
enum pa_product_kind { PA_PRODUCT_MATVEC, PA_PRODUCT_MATMUL };

struct pa_product_operand {
    const struct pa_expr *element; /* a[i][k], a[i * n + k], row[k] */
    const struct pa_expr *array;   /* the whole array: a, m->v */
    const struct pa_expr *ld;      /* the row stride of a flattened index (n), else NULL */
    int dims[2];                   /* the induction variables indexing it, row first */
    unsigned ndims;
    bool row_table; /* rows reached through a table of row pointers (double **) */
};

struct pa_product {
    enum pa_product_kind kind;
    const struct pa_expr *mac;             /* the multiply-accumulate assignment */
    struct pa_product_operand a, b, c;     /* c (y) = the result; a has c's row index; b (x) */
    const struct pa_expr *alpha;           /* a further scalar factor, or NULL */
    bool negate;                           /* c -= a * b */
    bool accumulates;                      /* c += ... (beta 1), not c = sum (beta 0) */
    const struct pa_loop *row, *col, *sum; /* col is NULL for MATVEC */
    const struct pa_loop *outer;           /* the outermost of them */
};
/* Is there a dense product whose nest's outermost loop is `outer`? Fills *out with the first. */
bool pa_loop_dense_product(const struct pa_function *fn, const struct pa_loop *outer,
                           struct pa_product *out);

#endif
