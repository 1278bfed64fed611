/* loop_invariant_call.c: an expensive call whose arguments do not change in the loop and whose
 * effects, if any, only refill a scratch buffer with the same contents each time. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

/* Is argument a of the call a scratch buffer the callee only (re)fills: a local that nothing
 * else in the loop stores into? */
static bool scratch_out(const struct pa_rule_context *ctx, const struct pa_call_site *s, unsigned a)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_expr *arg = pa_expr_strip(s->call->kids[a]);
    /* the array itself (double w[64] passed as w): not a cursor such as &p, not a struct */
    if (!arg || arg->kind != PA_EXPR_VAR || arg->var < 0)
        return false;
    int var = arg->var;
    if (fn->vars[var].kind != PA_VAR_LOCAL || fn->vars[var].type != PA_TYPE_ARRAY)
        return false;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->var == var && pa_loop_within(w->loop, s->loop) &&
            (w->call < 0 || &fn->calls[w->call] != s))
            return false;
    }
    return true;
}

/* Counts the mentions of variable var in e, and those that are the root of the target of a
 * plain assignment (w[k] = ...): the latter write, the others read. */
struct uses {
    int var;
    unsigned all, stores;
};

static bool count_use(const struct pa_expr *e, void *data)
{
    struct uses *u = data;
    if (e->kind == PA_EXPR_VAR && e->var == u->var)
        u->all++;
    if (e->kind == PA_EXPR_ASSIGN && e->op == PA_OP_NONE && e->nkids == 2 &&
        pa_expr_root_var(e->kids[0]) == u->var) {
        const struct pa_expr *t = pa_expr_strip(e->kids[0]);
        /* the root of w[k] or w->x, not a variable used in the index */
        while (t && (t->kind == PA_EXPR_SUBSCRIPT || t->kind == PA_EXPR_MEMBER) && t->nkids)
            t = pa_expr_strip(t->kids[0]);
        if (t && t->kind == PA_EXPR_VAR && t->var == u->var)
            u->stores++;
    }
    return true;
}

static void count_uses(const struct pa_stmt *st, struct uses *u)
{
    if (!st)
        return;
    pa_expr_walk(st->expr, count_use, u);
    if (st->kind == PA_STMT_LOOP && st->loop) {
        pa_expr_walk(st->loop->init, count_use, u);
        pa_expr_walk(st->loop->cond, count_use, u);
        pa_expr_walk(st->loop->inc, count_use, u);
        count_uses(st->loop->body, u);
    }
    for (unsigned i = 0; i < st->nkids; i++)
        count_uses(st->kids[i], u);
}

/* Does target only store into parameter k (w[k] = ...), never read it or pass it on? */
static bool write_only_param(const struct pa_function *target, unsigned k)
{
    for (unsigned v = 0; v < target->nvars; v++) {
        if (target->vars[v].kind != PA_VAR_PARAM || target->vars[v].param_index != (int)k)
            continue;
        struct uses u = {(int)v, 0, 0};
        count_uses(target->body, &u);
        return u.all > 0 && u.all == u.stores;
    }
    return false;
}

/* What the callee does, from its summary: nothing the caller sees but its result (pure), or
 * stores that refill scratch buffers of the caller (fill_weights(w, n, decay)). Sets bit a of
 * *outs for each such buffer argument. */
static bool repeatable(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                       const struct pa_function *target, unsigned *outs)
{
    *outs = 0;
    if (target->pure)
        return true;
    const struct pa_summary *ts = pa_function_summary(target);
    if (!ts || ts->opaque || target->writes_nonlocal || ts->ret != PA_RETURN_OTHER)
        return false;
    const unsigned reads = PA_EFFECT_BIT(PA_EFFECT_READS) | PA_EFFECT_BIT(PA_EFFECT_SEARCHES);
    const unsigned fills = PA_EFFECT_BIT(PA_EFFECT_STORES) | PA_EFFECT_BIT(PA_EFFECT_OVERWRITES);
    for (unsigned a = 0; a < s->call->nkids; a++) {
        unsigned mask = a < PA_SUMMARY_MAX_PARAMS ? ts->params[a].mask : 0;
        if (!(mask & ~reads))
            continue;
        /* only written, never read: what it held before does not matter, so each call
         * leaves the same contents (a read-modify-write such as strsep's does not) */
        if (a >= PA_SUMMARY_MAX_PARAMS || a >= 32 || (mask & ~(reads | fills)) ||
            !write_only_param(target, a) || !scratch_out(ctx, s, a))
            return false; /* it reads back, appends, frees, grows, sorts, or shares it */
        *outs |= 1u << a;
    }
    return *outs != 0;
}

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
        unsigned outs = 0;
        if (target) {
            if ((fn->scc >= 0 && target->scc == fn->scc) || target->nloops == 0 ||
                !repeatable(ctx, s, target, &outs))
                continue;
            cost = pa_call_site_cost(ctx->program, fn, s);
        } else if (!lib || !lib->pure || !lib->costly) {
            continue; /* scans are linear-scan-in-loop's; cheap calls are not worth a finding */
        }
        bool all_literal = true, invariant = true;
        for (unsigned a = 0; a < s->call->nkids && invariant; a++) {
            const struct pa_expr *arg = s->call->kids[a];
            if (!(outs & (1u << a)) && !pa_expr_invariant_in(ctx->program, fn, arg, s->loop))
                invariant = false;
            const struct pa_expr *st = pa_expr_strip(arg);
            if (!st || (st->kind != PA_EXPR_INT && st->kind != PA_EXPR_FLOAT &&
                        st->kind != PA_EXPR_STRING))
                all_literal = false;
        }
        if (!invariant || all_literal || s->call->nkids == 0)
            continue; /* constant arguments are folded by the compiler */
        if (pa_call_guards(fn, s, s->loop, NULL, 0) < 0)
            continue; /* behind && or ?: (i == pos && f(x)): how often it runs is not known */
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        char buf[PA_CX_STRLEN];
        if (outs) {
            int out = 0;
            while (!(outs & (1u << out)))
                out++;
            int var = pa_expr_root_var(s->call->kids[out]);
            pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, cost), cost,
                           "fill it once before the loop and only read it inside",
                           "%s() refills '%s' with the same contents on every iteration (its "
                           "other arguments do not change; %s each time)",
                           s->call->name, fn->vars[var].name, pa_cx_format(cost, buf, sizeof(buf)));
            continue;
        }
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, cost), cost,
                       "compute it once before the loop into a local variable and use that",
                       "%s() is called with the same arguments on every iteration (%s each time)",
                       s->call->name, target ? pa_cx_format(cost, buf, sizeof(buf)) : "costly");
    }
}

static const struct pa_rule_example examples[] = {
    {"a scratch table refilled with the same values on every iteration",
     "#include <math.h>\n"
     "static void fill_weights(double *w, int width, double decay) {\n"
     "  for (int k = 0; k < width; k++) w[k] = pow(decay, k);\n"
     "}\n"
     "void smooth(double *out, const double *x, int n, double decay, int width) {\n"
     "  double w[64];\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    fill_weights(w, width, decay);\n"
     "    double s = 0;\n"
     "    for (int k = 0; k < width && i + k < n; k++) s += w[k] * x[i + k];\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "smooth", "loop-invariant-call@8"},
    {"a scratch table the loop also changes is not the same each time",
     "#include <math.h>\n"
     "static void fill_weights(double *w, int width, double decay) {\n"
     "  for (int k = 0; k < width; k++) w[k] = pow(decay, k);\n"
     "}\n"
     "void smooth(double *out, const double *x, int n, double decay, int width) {\n"
     "  double w[64];\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    fill_weights(w, width, decay);\n"
     "    w[0] = x[i];\n"
     "    double s = 0;\n"
     "    for (int k = 0; k < width && i + k < n; k++) s += w[k] * x[i + k];\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "smooth", ""},
    {"a helper that updates the buffer in place changes it every time",
     "static void decay_all(double *w, int width, double rate) {\n"
     "  for (int k = 0; k < width; k++) w[k] = w[k] * rate;\n"
     "}\n"
     "double settle(const double *x, int n, double rate, int width) {\n"
     "  double w[64] = {1.0}, s = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    decay_all(w, width, rate);\n"
     "    s += w[0] * x[i];\n"
     "  }\n"
     "  return s;\n"
     "}\n",
     "settle", ""},
    {"a helper that appends to the buffer is not repeatable",
     "#include <string.h>\n"
     "static void add_all(char *out, const char **parts, int n) {\n"
     "  for (int k = 0; k < n; k++) strcat(out, parts[k]);\n"
     "}\n"
     "size_t total(const char **parts, int n, int rounds) {\n"
     "  char buf[4096] = \"\";\n"
     "  size_t t = 0;\n"
     "  for (int r = 0; r < rounds; r++) {\n"
     "    add_all(buf, parts, n);\n"
     "    t += buf[0];\n"
     "  }\n"
     "  return t;\n"
     "}\n",
     "total", "linear-scan-in-loop@9,quadratic-string-build@9"},
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
