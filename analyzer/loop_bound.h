/* loop_bound.h: classifying how many times each loop runs (constant, log, linear, unknown). */
#ifndef PERFAUDIT_LOOP_BOUND_H
#define PERFAUDIT_LOOP_BOUND_H

#include "perfaudit/model.h"

/* Fills loop->trip for every loop of fn, outer loops first. */
void pa_classify_loops(const struct pa_program *prog, struct pa_function *fn);

/* Is expr a midpoint: (a + b) / 2, a + (b - a) / 2, or (a + b) >> 1, or a variable holding one? */
bool pa_expr_is_midpoint(const struct pa_function *fn, const struct pa_expr *e);

/* Does e halve a value: x / 2, x >> 1, or a midpoint? */
bool pa_expr_is_halving(const struct pa_function *fn, const struct pa_expr *e);

const char *pa_trip_reason_text(enum pa_trip_reason reason);

/* A string literal, or an entry of a static table of them (names[i]): its length is fixed by
 * the program text, so scanning or comparing it is constant work. */
bool pa_expr_is_literal_string(const struct pa_function *fn, const struct pa_expr *e);

/* How a variable moves inside a loop, from all its assignments there. */
enum pa_step {
    PA_STEP_NONE,        /* not changed in the loop */
    PA_STEP_ADD_CONST,   /* i++, i -= 2, i = i + 1 */
    PA_STEP_ADD_VAR,     /* i += len: a variable stride */
    PA_STEP_MUL,         /* i *= 2, n /= 10, i <<= 1 */
    PA_STEP_HALVE_RANGE, /* lo = mid + 1, hi = mid */
    PA_STEP_NEXT,        /* p = p->next */
    PA_STEP_PROBE,       /* h = (h + 1) & mask: open-addressing probe, wraps around */
    PA_STEP_CALL,        /* p = next_of(p): a cursor moved by a call it is given to */
    PA_STEP_OTHER,
};
enum pa_step pa_var_step(const struct pa_function *fn, int var, const struct pa_loop *loop);
/* Does pointer var move forward through its data in the loop (s++, or s = strchr(s, c) + 1)? */
bool pa_var_advances(const struct pa_function *fn, int var, const struct pa_loop *loop);

#endif
