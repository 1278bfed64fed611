/* query.h: questions about the function model that complexity inference and the rules share:
 * is an expression constant, does a loop change a variable, is a call's value loop-invariant. */
#ifndef PERFAUDIT_QUERY_H
#define PERFAUDIT_QUERY_H

#include <stdbool.h>

#include "perfaudit/model.h"

struct pa_program;

/* Does e stay the same size whatever the input: every constant pa_const_eval (const_fold.h)
 * can evaluate, and also floating literals, locals only ever assigned such values (different
 * ones included), x % K, x & K and K - i. A question of growth, not of value. */
bool pa_expr_is_constant(const struct pa_function *fn, const struct pa_expr *e);
/* Are a and b the same expression (variables, constants, members, calls by name)? */
bool pa_expr_same(const struct pa_expr *a, const struct pa_expr *b);
/* The assignments and ++/-- inside loop whose target is the same lvalue as target (a member
 * such as v->len, or a variable); visit returns false to stop. */
void pa_lvalue_writes_in(const struct pa_function *fn, const struct pa_expr *target,
                         const struct pa_loop *loop,
                         bool (*visit)(const struct pa_expr *write, void *ctx), void *ctx);
/* Does e mention variable var anywhere? */
bool pa_expr_uses_var(const struct pa_expr *e, int var);
/* The variable an lvalue or pointer expression is rooted in (a for a[i], p->x, p + 1), or -1. */
int pa_expr_root_var(const struct pa_expr *e);
/* Strips unary plus and casts the model kept. */
const struct pa_expr *pa_expr_strip(const struct pa_expr *e);
bool pa_expr_is_int(const struct pa_expr *e, long long value);
/* Is `inner` the loop `outer` or nested inside it? A NULL inner is in no loop. */
bool pa_loop_within(const struct pa_loop *inner, const struct pa_loop *outer);
/* Does anything inside `loop` (header included) assign var, or (contents) store into what
 * it points to? Stores made by calls count unless the callee is known not to make them. */
bool pa_var_modified_in(const struct pa_program *prog, const struct pa_function *fn, int var,
                        const struct pa_loop *loop, bool contents);
/* Does e evaluate to the same value on every iteration of loop? Variables it reads are not
 * assigned in the loop, memory it reads through them is not stored to, globals are not
 * touched by impure calls, and it calls only pure functions. */
bool pa_expr_invariant_in(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_expr *e, const struct pa_loop *loop);
/* Is buffer var overwritten wholesale inside loop (but not inside except, which may be NULL)
 * by a call that reads or copies into it: fgets(line, ...), strcpy(buf, ...)? */
bool pa_var_refilled_in(const struct pa_function *fn, int var, const struct pa_loop *loop,
                        const struct pa_loop *except);
/* Does the loop contain a call with side effects on globals (an impure call)? */
bool pa_loop_has_impure_call(const struct pa_program *prog, const struct pa_function *fn,
                             const struct pa_loop *loop);
/* The project function a call site resolves to, or NULL for library and indirect calls. */
const struct pa_function *pa_call_target(const struct pa_program *prog,
                                         const struct pa_call_site *site);
/* Is the call pure: a pure library function or a pure project function? */
bool pa_call_is_pure(const struct pa_program *prog, const struct pa_call_site *site);
/* The call site record of a call expression in fn, or NULL. */
const struct pa_call_site *pa_call_site_of(const struct pa_function *fn,
                                           const struct pa_expr *call);
/* An if statement a call depends on within one iteration: its condition, and which arm the
 * call is in. */
struct pa_guard {
    const struct pa_expr *cond;
    bool in_else;
};
/* The if statements between loop's body and the call at site, outermost first (the first max
 * of them stored in out). Returns how many there are (0: the call runs on every iteration that
 * gets that far), or -1 when the call is under a switch, ?:, && or || inside the loop, or is
 * not in loop's body. */
int pa_call_guards(const struct pa_function *fn, const struct pa_call_site *site,
                   const struct pa_loop *loop, struct pa_guard *out, int max);
/* The innermost loop that runs inner again and again: its parent, or the one around that
 * when inner is followed by leaving its parent (a fix-up loop, then break), or NULL when
 * it is followed by return. */
const struct pa_loop *pa_loop_repeating(const struct pa_loop *inner);
/* Does the loop walk two sequences in step only while their elements match (the condition
 * requires a[i] == b[j], or the body leaves on a[i] != b[j])? Its length is that of the
 * common run, which the data decides, not the size of either sequence: a comparison, not a
 * scan of a collection. */
bool pa_loop_stops_at_mismatch(const struct pa_loop *loop);
/* The cost of one iteration of loop (its cost over its trip count), as inference counted it. */
struct pa_cx pa_loop_iteration_cost(const struct pa_loop *loop);
/* Visits every sub-expression of e (e included), depth first; stops when visit returns false. */
bool pa_expr_walk(const struct pa_expr *e, bool (*visit)(const struct pa_expr *, void *),
                  void *ctx);
/* Visits every expression statement s evaluates, in order, the headers of the loops in it
 * included (pa_expr_walk goes into each); stops when visit returns false. */
bool pa_stmt_walk_exprs(const struct pa_stmt *s, bool (*visit)(const struct pa_expr *, void *),
                        void *ctx);
/* The cost of one call, as the complexity inference counted it inside its caller (what the
 * sizes of the arguments make of the callee's Big-O). */
struct pa_cx pa_call_cost(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_call_site *site);
/* Is the call one of a C library function that is O(1) but expensive: transcendental maths,
 * conversions, getenv? */
bool pa_call_is_costly_library(const struct pa_call_site *site);

#endif
