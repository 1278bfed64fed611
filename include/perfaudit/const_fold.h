/* const_fold.h: the value of a constant integer expression of the function model, the one
 * constant folder the analyzer and the rules share. */
#ifndef PERFAUDIT_CONST_FOLD_H
#define PERFAUDIT_CONST_FOLD_H

#include <stdbool.h>

#include "perfaudit/model.h"

/* Stores in *out the value of e and returns true when e is an integer constant: literals
 * (characters, booleans), sizeof of a complete type, enum constants, const variables with a
 * constant initializer, locals of fn whose every assignment gives the same constant, and the
 * arithmetic, shifts, bitwise and logical operators, comparisons and ?: of those. fn may be
 * NULL (no locals are looked into). Returns false, leaving *out alone, for anything else,
 * including division by zero and results that overflow long long. Values are computed in
 * long long: the model does not keep C's integer widths and signedness, so casts are ignored.
 * Example: `enum { W = 8 }; const int H = W * 2; int n = H << 1;` gives n the value 32. */
bool pa_const_eval(const struct pa_function *fn, const struct pa_expr *e, long long *out);

#endif
