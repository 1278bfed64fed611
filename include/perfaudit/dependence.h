/* dependence.h: whether a loop carries dependences from one iteration to the next, and what each
 * iteration writes when it does not: its own part of arrays, private locals, reductions.
 * The answer is conservative: a loop is independent only when every store, read and call in it
 * is accounted for. */
#ifndef PERFAUDIT_DEPENDENCE_H
#define PERFAUDIT_DEPENDENCE_H

#include <stdbool.h>

#include "perfaudit/model.h"

#define PA_DEP_MAX_PARTS      8
#define PA_DEP_MAX_REDUCTIONS 4

/* What carries a dependence between iterations (the first found). */
enum pa_dep_carrier {
    PA_DEP_NONE,    /* nothing: the iterations can run in any order, at the same time */
    PA_DEP_CONTROL, /* the iterations are not counted up front: an early exit, a recursive call,
                     * or a header other than for (i = a; i < n; i += k) with n fixed in the loop
                     * and i stepped only by the header */
    PA_DEP_CALL,    /* a call with effects beyond the iteration: I/O, globals, allocation, an
                     * unseen callee, or a store through an argument into shared memory */
    PA_DEP_STORE,   /* a store a later iteration sees: a running value, a shared element, a
                     * cursor (out[k++]), a global */
    PA_DEP_READ,    /* a read of an element another iteration writes (a[i - 1]), or of a
                     * whole array the iterations write parts of */
};

/* How an index gives each iteration of i its own part of an array. */
enum pa_dep_split {
    PA_DEP_SPLIT_INDEX, /* out[i] */
    PA_DEP_SPLIT_ROWS,  /* row i of m[i * n + j]: stride n */
};

/* An array (a parameter's, a local's, or a member chain from one) each iteration writes only
 * its own part of. */
struct pa_dep_part {
    const struct pa_expr *array; /* out, m->v */
    enum pa_dep_split split;
    const struct pa_expr *stride; /* PA_DEP_SPLIT_ROWS: n in m[i * n + j], else NULL */
};

/* A local only updated with one associative operator and not read in the loop: sum += x,
 * count++, prod *= x. The iterations can keep partial results and combine them. */
struct pa_dep_reduction {
    int var;       /* index in the function's vars */
    enum pa_op op; /* PA_OP_ADD (+=, -=, ++, --) or PA_OP_MUL */
};

struct pa_loop_deps {
    enum pa_dep_carrier carrier;
    int induction_var; /* the loop's trip.induction_var */
    /* Filled only when carrier is PA_DEP_NONE: */
    unsigned nparts;
    struct pa_dep_part parts[PA_DEP_MAX_PARTS];
    unsigned nreductions;
    struct pa_dep_reduction reductions[PA_DEP_MAX_REDUCTIONS];
    bool uneven; /* an inner loop starts or stops at the induction variable (j = i + 1): the
                  * iterations differ in work */
};

/* Fills *out with what carries a dependence between the iterations of loop (a loop of fn, after
 * inference: trip counts, purity and parameter writes are read). Returns true when nothing does
 * (out->carrier == PA_DEP_NONE). The expressions in *out are borrowed from fn.
 * Example: for (i = 0; i < n; i++) { s += a[i]; out[i] = f(a[i]); } with f pure is independent,
 * with out[i] a part and s a reduction. */
bool pa_loop_dependences(const struct pa_program *prog, const struct pa_function *fn,
                         const struct pa_loop *loop, struct pa_loop_deps *out);

#endif
