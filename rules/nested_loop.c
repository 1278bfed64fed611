/* nested_loop.c: loops over the input nested inside each other (O(n^2) or worse). */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

/* An inner loop that makes the nest quadratic: linear, not a search (linear-scan-in-loop),
 * not an element shift (front-insert-in-loop), and not bounded by the outer element's own
 * size (those add up to the input once). */
static bool multiplies(const struct pa_rule_context *ctx, const struct pa_loop *inner,
                       const struct pa_loop *outer)
{
    const struct pa_function *fn = ctx->function;
    return inner->trip.kind == PA_TRIP_LINEAR && !pa_loop_is_search(fn, inner) &&
           !pa_loop_is_shift(fn, inner) &&
           !pa_loop_bound_per_element(ctx->program, fn, inner, outer) &&
           !pa_loop_splits_step(inner, outer) && !pa_loops_walk_grid(fn, inner, outer);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *outer = fn->loops[i];
        if (outer->trip.kind != PA_TRIP_LINEAR)
            continue;
        /* one finding per nest, at its outermost linear loop */
        bool nested_in_reported = false;
        for (const struct pa_loop *p = outer->parent; p; p = p->parent)
            if (p->trip.kind == PA_TRIP_LINEAR)
                nested_in_reported = true;
        if (nested_in_reported)
            continue;
        unsigned depth = 1, best = 1;
        const struct pa_loop *deepest = NULL;
        for (unsigned j = i + 1; j < fn->nloops; j++) {
            const struct pa_loop *inner = fn->loops[j];
            if (!pa_loop_within(inner, outer))
                break; /* preorder: the nest's loops come right after it */
            if (!multiplies(ctx, inner, outer))
                continue;
            depth = 2;
            for (const struct pa_loop *p = inner->parent; p && p != outer; p = p->parent)
                if (p->trip.kind == PA_TRIP_LINEAR && multiplies(ctx, p, outer))
                    depth++;
            if (depth > best) {
                best = depth;
                deepest = inner;
            }
        }
        if (!deepest)
            continue;
        struct pa_cx current = {(short)best, 0, false, false};
        struct pa_cx proposed = pa_cx_mul(pa_cx_div_n(current), PA_CX_LOG);
        char cur[PA_CX_STRLEN];
        pa_rule_report(ctx, outer->line, outer->column, current, proposed,
                       "sort both sides once and merge, or index the inner collection in a hash "
                       "table keyed by what the inner loop compares",
                       "%u nested loops over the input (inner loop at line %u): %s work", best,
                       deepest->line, pa_cx_format(current, cur, sizeof(cur)));
    }
}

const struct pa_rule pa_rule_nested_loop = {
    .id = "nested-loop",
    .category = 'B',
    .title = "Nested loops over the input",
    .summary = "Loops nested so that the work grows as a product of input sizes (O(n^2) or "
               "worse); a loop bounded by a small constant does not count.",
    .remedy = "Replace the inner pass with a lookup structure built once (hash table, sorted "
              "array with binary search) or a single merge pass over sorted inputs.",
    .check = check,
};
