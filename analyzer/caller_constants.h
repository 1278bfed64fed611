/* caller_constants.h: parameters that every caller in the whole program passes as a small
 * constant (a number up to a few hundred, a string literal, or such a parameter of its own), and
 * the values built from them. */
#ifndef PERFAUDIT_CALLER_CONSTANTS_H
#define PERFAUDIT_CALLER_CONSTANTS_H

#include "perfaudit/model.h"

/* Fills fn->constant_params for every function. Only functions whose every call site is known
 * qualify: static ones, or any function of a program that defines main, unless its address is
 * taken; a function nobody calls has none. Needs resolved calls. */
void pa_infer_constant_params(struct pa_program *prog);

/* Is e small and the same on every call of fn: a small integer constant, a string literal, a
 * constant parameter, a local only ever set from such values, strlen of one, or sums of those? */
bool pa_expr_is_caller_constant(const struct pa_function *fn, const struct pa_expr *e);

#endif
