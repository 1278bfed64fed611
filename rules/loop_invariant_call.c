/* loop_invariant_call.c: an expensive pure call whose arguments do not change in the loop. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!s->loop || !pa_site_repeats(ctx->program, s))
            continue;
        const struct pa_function *target = pa_call_target(ctx->program, s);
        const struct pa_summary *lib = target ? NULL : pa_call_summary(ctx->program, s);
        struct pa_cx cost = PA_CX_ONE;
        if (target) {
            if (!target->pure || (fn->scc >= 0 && target->scc == fn->scc) || target->nloops == 0)
                continue;
            cost = pa_call_site_cost(ctx->program, fn, s);
        } else if (!lib || !lib->pure || !lib->costly) {
            continue; /* scans are linear-scan-in-loop's; cheap calls are not worth a finding */
        }
        bool all_literal = true, invariant = true;
        for (unsigned a = 0; a < s->call->nkids && invariant; a++) {
            const struct pa_expr *arg = s->call->kids[a];
            if (!pa_expr_invariant_in(ctx->program, fn, arg, s->loop))
                invariant = false;
            const struct pa_expr *st = pa_expr_strip(arg);
            if (!st || (st->kind != PA_EXPR_INT && st->kind != PA_EXPR_FLOAT &&
                        st->kind != PA_EXPR_STRING))
                all_literal = false;
        }
        if (!invariant || all_literal || s->call->nkids == 0)
            continue; /* constant arguments are folded by the compiler */
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        char buf[PA_CX_STRLEN];
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, cost), cost,
                       "compute it once before the loop into a local variable and use that",
                       "%s() is called with the same arguments on every iteration (%s each time)",
                       s->call->name, target ? pa_cx_format(cost, buf, sizeof(buf)) : "costly");
    }
}

static const struct pa_rule_example examples[] = {
    {"invariant pow",
     "#include <math.h>\n"
     "void scale(double *v, int n, double db) {\n"
     "  for (int i = 0; i < n; i++) v[i] *= pow(10.0, db / 20.0);\n"
     "}\n",
     "scale", "loop-invariant-call@3"},
    {"a buffer refilled through an indirect call is not invariant",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "typedef char *(*reader_fn)(char *, int, FILE *);\n"
     "static reader_fn real_read;\n"
     "char *read_line(char *buf, int len, FILE *f) { return real_read(buf, len, f); }\n"
     "double total(FILE *f, int n) {\n"
     "  char buf[64]; double t = 0;\n"
     "  for (int i = 0; i < n; i++) { read_line(buf, sizeof buf, f); t += atof(buf); }\n"
     "  return t;\n"
     "}\n",
     "total", ""},
    {"varying sqrt is fine",
     "#include <math.h>\n"
     "void roots(double *v, int n) {\n"
     "  for (int i = 0; i < n; i++) v[i] = sqrt(v[i]);\n"
     "}\n",
     "roots", ""},
};

const struct pa_rule pa_rule_loop_invariant_call = {
    .id = "loop-invariant-call",
    .category = 'A',
    .title = "Loop-invariant call",
    .summary = "A call whose arguments do not change across the loop, recomputed every iteration.",
    .remedy = "Hoist the call before the loop and reuse its result.",
    .alternatives = "compute derived constants once at start-up or at compile time (a lookup "
                    "table); pass precomputed values in instead of recomputing them inside; "
                    "declare pure helpers __attribute__((const)) so the compiler may hoist them",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_REMOVE_CALLS,
                 .factor = 0.0,
                 .base_hours = 0.25,
                 .hours_per_line = 0.01,
                 .assumption = "the hoisted call runs once instead of once per iteration"},
    PA_RULE_EXAMPLES(examples),
};
