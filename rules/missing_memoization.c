/* missing_memoization.c: recomputing the same subproblems: overlapping recursion with no cache,
 * or an expensive pure function called in a loop with arguments that keep recurring. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

static const struct pa_call_site *first_recursive_call(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_call_site *first = NULL;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_function *t = pa_call_target(ctx->program, &fn->calls[i]);
        if (!t || t->scc != fn->scc)
            continue;
        const struct pa_expr *c = fn->calls[i].call;
        if (!first || c->line < first->call->line ||
            (c->line == first->call->line && c->column < first->call->column))
            first = &fn->calls[i];
    }
    return first;
}

static void check_recursion(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    if (fn->scc < 0 || fn->recursion != PA_REC_DECREASING || fn->has_cache || !fn->cx.exp)
        return;
    const struct pa_call_site *site = first_recursive_call(ctx);
    if (!site)
        return;
    unsigned dims = 0;
    for (unsigned x = fn->shrinking_params; x; x &= x - 1)
        dims++;
    struct pa_cx proposed = {(short)(dims ? dims : 1), 0, false, false};
    char buf[PA_CX_STRLEN];
    pa_rule_report(ctx, site->call->line, site->call->column, fn->cx, proposed,
                   "cache each result in a table indexed by the arguments (memoization), or "
                   "fill the table bottom-up in a loop (dynamic programming)",
                   "%s() calls itself %u times on overlapping subproblems with no cache: %s "
                   "calls",
                   fn->name, fn->recursive_calls, pa_cx_format(fn->cx, buf, sizeof(buf)));
}

/* char, bool, enum, or x % K: few distinct values, so calls repeat with the same argument. */
static bool small_domain(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    if (e->type == PA_TYPE_CHAR || e->type == PA_TYPE_BOOL || e->type == PA_TYPE_ENUM)
        return !pa_expr_is_constant(fn, e);
    return e->kind == PA_EXPR_BINARY && (e->op == PA_OP_MOD || e->op == PA_OP_AND) &&
           pa_expr_is_constant(fn, e->kids[1]) && !pa_expr_is_constant(fn, e->kids[0]);
}

static void check_repeated_calls(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        const struct pa_function *target = pa_call_target(ctx->program, s);
        if (!target || !target->pure || !pa_site_repeats(ctx->program, s) || s->call->nkids == 0)
            continue;
        if (fn->scc >= 0 && target->scc == fn->scc)
            continue;
        struct pa_cx cost = pa_call_site_cost(ctx->program, fn, s);
        if (cost.unknown || (!cost.exp && cost.poly < 1))
            continue;
        /* every argument is either fixed in the loop or from a small domain, and one varies */
        bool varies = false, recurring = true;
        for (unsigned a = 0; a < s->call->nkids && recurring; a++) {
            const struct pa_expr *arg = s->call->kids[a];
            if (pa_expr_invariant_in(ctx->program, fn, arg, s->loop))
                continue;
            if (small_domain(fn, arg))
                varies = true;
            else
                recurring = false;
        }
        if (!varies || !recurring)
            continue;
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        char buf[PA_CX_STRLEN];
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, cost), repeat,
                       "compute the results once per distinct argument into a lookup table (256 "
                       "entries for a char) before the loop, then index it",
                       "%s() costs %s and is called again and again with arguments from a small "
                       "set of values",
                       s->call->name, pa_cx_format(cost, buf, sizeof(buf)));
    }
}

static void check(const struct pa_rule_context *ctx)
{
    check_recursion(ctx);
    check_repeated_calls(ctx);
}

static const struct pa_rule_example examples[] = {
    {"exponential recursion",
     "long ways(int n) {\n"
     "  if (n < 2) return 1;\n"
     "  return ways(n - 1) + ways(n - 2);\n"
     "}\n",
     "ways", "missing-memoization@3"},
    {"memoized recursion is fine",
     "static long cache[90];\n"
     "long ways(int n) {\n"
     "  if (n < 2) return 1;\n"
     "  if (cache[n]) return cache[n];\n"
     "  return cache[n] = ways(n - 1) + ways(n - 2);\n"
     "}\n",
     "ways", ""},
    {"tree recursion is fine",
     "struct t { struct t *l, *r; int v; };\n"
     "int total(const struct t *n) { return n ? n->v + total(n->l) + total(n->r) : 0; }\n",
     "total", ""},
};

const struct pa_rule pa_rule_missing_memoization = {
    .id = "missing-memoization",
    .category = 'A',
    .title = "Missing memoization",
    .summary = "A recursive function recomputing overlapping subproblems with no cache, or a pure "
               "function called again and again with the same arguments inside a loop.",
    .remedy = "Cache results in a table keyed by the arguments, or compute them bottom-up once.",
    .alternatives = "bottom-up dynamic programming over a table (keeping only the last row when "
                    "that is all that is read); a cache that persists across calls or runs when "
                    "inputs repeat; a closed form or a library routine when the recurrence has one",
    .check = check,
    .estimate =
        {.model = PA_SPEEDUP_COMPLEXITY,
         .factor = 0.0,
         .base_hours = 1.5,
         .hours_per_line = 0.03,
         .assumption =
             "a memo table holds every subproblem, each computed once at the cost of one call"},
    PA_RULE_EXAMPLES(examples),
};
