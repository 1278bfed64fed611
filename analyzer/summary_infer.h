/* summary_infer.h: computing function summaries (bottom-up over the call graph, recursive
 * components to a fixpoint) and the library summaries converted from the catalogue. */
#ifndef PERFAUDIT_SUMMARY_INFER_H
#define PERFAUDIT_SUMMARY_INFER_H

#include "growth.h"
#include "perfaudit/summary.h"

struct pa_arena;

/* Fills every function's summary; needs resolved calls, purity, loop trip counts. */
void pa_infer_summaries(struct pa_program *prog);

/* The catalogue as summaries, one per entry, allocated in arena (pa_library_summaries_build),
 * and the one for a name (NULL if the catalogue does not know it). */
struct pa_summary *pa_library_summaries_build(struct pa_arena *arena, unsigned *count);
const struct pa_summary *pa_library_summary(const struct pa_program *prog, const char *name);
/* The C++ standard library's summaries (summary_cxx.c), stored after the C library's: the
 * one for a callee's USR (NULL if not catalogued), and one entry converted. */
struct pa_cxx_fn;
const struct pa_summary *pa_cxx_library_summary(const struct pa_program *prog, const char *usr);
void pa_cxx_summary_convert(const struct pa_cxx_fn *f, struct pa_summary *s);

/* Site-specific effects (summary_site.c), shared by inference and the rule queries. */
/* memmove(a + k, a, n) with a non-constant n: a shift of a's tail; *at where it starts,
 * *param the function's parameter holding the position when *at is PA_POS_PARAM. */
bool pa_site_shifts_tail(const struct pa_program *prog, const struct pa_function *fn,
                         const struct pa_call_site *site, enum pa_position *at, int *param);
/* How the size a resizing callee (effects fx on one argument) is given at call grows across
 * loop (NULL: from one call of fn to the next): each size factor's growth, geometric if any
 * factor is. */
enum pa_growth pa_resize_growth(const struct pa_function *fn, const struct pa_loop *loop,
                                const struct pa_expr *call, const struct pa_effects *fx);
/* The parameter index e is exactly (a plain parameter variable), or -1. */
int pa_expr_param(const struct pa_function *fn, const struct pa_expr *e);

#endif
