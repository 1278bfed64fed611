/* summary_build.h: what the files that build summaries share: the state of summarising one
 * function and the operations on effect sets (all monotone: an effect once set stays). */
#ifndef PERFAUDIT_SUMMARY_BUILD_H
#define PERFAUDIT_SUMMARY_BUILD_H

#include "summary_infer.h"

struct pa_arena;

/* Summarising one function in one pass of its component's fixpoint. */
struct pa_sum_ctx {
    struct pa_program *prog;
    struct pa_arena *arena;
    struct pa_function *fn;
    struct pa_summary *s;
    unsigned first_return_line; /* the earliest return statement, 0 if none */
    bool changed;               /* something was added in this pass */
};

/* summary_effects.c: effect sets. */
void pa_sum_init_effects(struct pa_effects *fx);
/* The effects of global `name` in ctx's summary, added if new; *subject gets -1 - its index. */
struct pa_effects *pa_sum_global(struct pa_sum_ctx *in, const char *name, int *subject);
/* The effects an argument or lvalue reaches: a parameter's (p, p->items, p + i, &p->buf, *pp)
 * or a global's; NULL for a local. */
struct pa_effects *pa_sum_subject(struct pa_sum_ctx *in, const struct pa_expr *e);
/* The parameter an expression is rooted in (w->fd is rooted in w), or -1. */
int pa_sum_root_param(const struct pa_function *fn, const struct pa_expr *e);
/* Adds effect e with its witness; true if it is new. */
bool pa_sum_add(struct pa_sum_ctx *in, struct pa_effects *fx, enum pa_effect e,
                struct pa_witness w);
/* An int-valued fact set by the first contribution, -1 (unknown) once two disagree. */
void pa_sum_merge_param(struct pa_sum_ctx *in, int *slot, bool first, int value);
void pa_sum_add_shift(struct pa_sum_ctx *in, struct pa_effects *fx, struct pa_witness w,
                      enum pa_position at, int param);

/* summary_transfer.c: a callee's effects carried to the caller through one call site. */
void pa_sum_transfer_site(struct pa_sum_ctx *in, const struct pa_call_site *site);

/* summary_body.c: what the body does itself: the collections its loops walk, and its own
 * shifts, sorts and stores. */
void pa_sum_direct_reads(struct pa_sum_ctx *in);
void pa_sum_direct_effects(struct pa_sum_ctx *in);

/* summary_return.c: what the function returns, and where its first return is. */
void pa_sum_return(struct pa_sum_ctx *in);
void pa_sum_first_return(const struct pa_stmt *st, unsigned *line);

#endif
