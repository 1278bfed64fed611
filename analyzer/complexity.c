/* complexity.c: each function's Big-O, composed over the call graph.
 *
 * The cost of a function depends on what its callers pass: a loop bounded by a parameter is
 * constant when the caller passes a constant, and a scan of "this element's string" inside a
 * loop over elements is paid once per element in total (amortised), not n times. So costs are
 * computed per "small-argument mask" (bit k: argument k is small at this call) and memoised. */
#include "caller_constants.h"
#include "cxx_catalog.h"
#include "growth.h"
#include "inference.h"
#include "libc_catalog.h"
#include "loop_bound.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "program.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 8

struct pa_cost_memo {
    unsigned n;
    unsigned masks[MEMO_SLOTS];
    bool known_only[MEMO_SLOTS]; /* the known part: unbounded loops counted once */
    struct pa_cx costs[MEMO_SLOTS];
    bool busy;
};

struct cost_ctx {
    const struct pa_program *prog;
    const struct pa_function *fn;
    unsigned mask;
    bool record;     /* store loop costs in the model (the mask-0 pass of each function) */
    bool known_only; /* cost the known part: unbounded loops counted once, not as growing */
    const struct pa_loop *body_of; /* the loop whose body is being costed */
    struct pa_cx *once; /* calls there that leave the loop: counted once, not per iteration */
};

static struct pa_cx cost_of(const struct pa_program *prog, const struct pa_function *fn,
                            unsigned mask, bool known_only);

static struct pa_cx function_cost(const struct pa_program *prog, const struct pa_function *fn,
                                  unsigned mask)
{
    return cost_of(prog, fn, mask, false);
}

/* What a callee costs leaving out what could not be bounded. */
static struct pa_cx known_part(const struct pa_program *prog, const struct pa_function *fn,
                               unsigned mask)
{
    return cost_of(prog, fn, mask, true);
}

/* A call cycle the recursion analysis did not see: its cost is not known. */
static const struct pa_cx UNKNOWN_ONE = {0, 0, false, true};
/* A loop whose count could not be bounded: counted as growing with the input, and marked
 * unknown so that no rule takes the guess for a fact. */
static const struct pa_cx UNBOUNDED = {1, 0, false, true};

/* An element of a collection: words[i], items[i].name, p->key, &recs[i] */
static bool is_element(const struct pa_expr *a)
{
    a = pa_expr_strip(a);
    if (!a)
        return false;
    if (a->kind == PA_EXPR_UNARY && a->op == PA_OP_ADDR)
        a = pa_expr_strip(a->kids[0]);
    if (!a || (a->kind != PA_EXPR_SUBSCRIPT && a->kind != PA_EXPR_MEMBER &&
               !(a->kind == PA_EXPR_UNARY && a->op == PA_OP_DEREF)))
        return false;
    return true;
}

/* Is local var a per-iteration value inside loop: reset to a constant there (a segment
 * length), assigned afresh from data that changes each time round (blen = strlen(word)), or a
 * cursor moving forward through its string? Such sizes add up to the input's size once. */
static bool per_iteration_var(const struct cost_ctx *ctx, int var, const struct pa_loop *loop)
{
    const struct pa_var *v = &ctx->fn->vars[var];
    if (v->kind != PA_VAR_LOCAL)
        return false;
    if (pa_var_advances(ctx->fn, var, loop))
        return true;
    bool any = false, reset = false, fresh = true;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        any = true;
        const struct pa_expr *d = v->defs[i];
        if (d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_NONE && d->nkids == 2) {
            if (pa_expr_is_constant(ctx->fn, d->kids[1]))
                reset = true;
            else if (pa_expr_invariant_in(ctx->prog, ctx->fn, d->kids[1], loop))
                fresh = false;
        } else if (d->kind != PA_EXPR_UNARY && d->kind != PA_EXPR_ASSIGN) {
            fresh = false; /* filled through a pointer by a call */
        } else {
            fresh = false; /* accumulates: only a reset keeps it per-iteration */
        }
    }
    return any && (reset || fresh);
}

/* Is argument a "small" at this call: constant, a small parameter of the caller, a pointer to
 * one scalar, or a different element on each iteration of the loop around the call? */
static bool arg_is_small(const struct cost_ctx *ctx, const struct pa_call_site *site,
                         const struct pa_expr *arg)
{
    const struct pa_expr *a = pa_expr_strip(arg);
    if (!a)
        return false;
    if (a->kind == PA_EXPR_STRING || pa_expr_is_constant(ctx->fn, a) ||
        pa_expr_is_caller_constant(ctx->fn, a))
        return true;
    if (a->kind == PA_EXPR_VAR && a->var >= 0) {
        const struct pa_var *v = &ctx->fn->vars[a->var];
        if (site->loop && pa_var_advances(ctx->fn, a->var, site->loop))
            return true; /* a cursor: each scan starts where the last one ended */
        if (site->loop && pa_var_refilled_in(ctx->fn, a->var, site->loop, NULL))
            return true; /* the line fgets just read: one piece of the input */
        if (v->kind == PA_VAR_PARAM)
            return v->param_index >= 0 && v->param_index < 32 &&
                   (ctx->mask & (1u << v->param_index));
        return site->loop && per_iteration_var(ctx, a->var, site->loop);
    }
    if (a->kind == PA_EXPR_UNARY && a->op == PA_OP_ADDR) {
        const struct pa_expr *k = pa_expr_strip(a->kids[0]);
        if (k && k->kind == PA_EXPR_VAR)
            return true;
    }
    /* blen + 1: a small value and a constant */
    if (a->kind == PA_EXPR_BINARY && (a->op == PA_OP_ADD || a->op == PA_OP_SUB) && a->nkids == 2 &&
        pa_expr_is_constant(ctx->fn, a->kids[1]))
        return arg_is_small(ctx, site, a->kids[0]);
    /* e - s, the length of the segment a cursor loop is at */
    if (site->loop && a->kind == PA_EXPR_BINARY && a->op == PA_OP_SUB && a->nkids == 2) {
        const struct pa_expr *l = pa_expr_strip(a->kids[0]), *r = pa_expr_strip(a->kids[1]);
        if (l && r && l->kind == PA_EXPR_VAR && r->kind == PA_EXPR_VAR &&
            l->type == PA_TYPE_POINTER && r->type == PA_TYPE_POINTER &&
            (per_iteration_var(ctx, l->var, site->loop) ||
             per_iteration_var(ctx, r->var, site->loop)))
            return true;
    }
    /* the element the loop is at, or its size field: the sizes add up to the input once */
    if (site->loop && is_element(a) && !pa_expr_invariant_in(ctx->prog, ctx->fn, a, site->loop))
        return true;
    return false;
}

static unsigned small_args(const struct cost_ctx *ctx, const struct pa_call_site *site)
{
    unsigned mask = 0;
    for (unsigned i = 0; i < site->call->nkids && i < 32; i++)
        if (arg_is_small(ctx, site, site->call->kids[i]))
            mask |= 1u << i;
    return mask;
}

/* Which argument's size a library function's cost follows. */
static int libc_size_arg(const struct pa_libc_fn *lib)
{
    if (lib->len_arg >= 0)
        return lib->len_arg;
    if (lib->flags & (PA_LIBC_APPEND | PA_LIBC_SCAN))
        return 0;
    if (lib->flags & PA_LIBC_COPY)
        return 1;
    return 0;
}

static struct pa_cx site_cost(const struct cost_ctx *ctx, const struct pa_call_site *site)
{
    const struct pa_function *target = pa_call_target(ctx->prog, site);
    if (target) {
        if (ctx->fn->scc >= 0 && target->scc == ctx->fn->scc)
            return PA_CX_ONE; /* counted by the recursion's shape */
        if (target->noreturn || site->call->noreturn)
            return PA_CX_ONE; /* a failure path: the program ends there */
        struct pa_cx cx = cost_of(ctx->prog, target, small_args(ctx, site), ctx->known_only);
        if (!site->loop && cx.unknown) {
            /* called once, a callee with an unbounded part adds its known part: the caller's
             * own bound is not in question (the callee itself stays unknown) */
            cx = known_part(ctx->prog, target, small_args(ctx, site));
            cx.unknown = false;
        }
        return cx;
    }
    if (pa_cxx_usr_is_std(site->call->callee_usr)) /* v.insert(v.begin(), x), std::sort */
        return pa_cxx_call_cost(site->call);
    const struct pa_libc_fn *lib = pa_libc_lookup(site->call->name);
    if (!lib)
        return PA_CX_ONE;
    if (lib->flags & PA_LIBC_REALLOC) /* copies the block unless growth is geometric */
        return pa_realloc_growth(ctx->fn, site) == PA_GROWTH_LINEAR ? PA_CX_N : PA_CX_ONE;
    /* a scan of a literal (strlen(names[i]), memcmp(keywords[k], s, len)) stops within it */
    unsigned nargs = site->call->nkids;
    if ((lib->flags & PA_LIBC_SCAN) && !(lib->flags & PA_LIBC_APPEND) &&
        ((nargs > 0 && pa_expr_is_literal_string(ctx->fn, site->call->kids[0])) ||
         (nargs > 1 && lib->len_arg >= 0 &&
          pa_expr_is_literal_string(ctx->fn, site->call->kids[1]))))
        return PA_CX_ONE;
    unsigned mask = small_args(ctx, site);
    int arg = libc_size_arg(lib);
    bool small = arg < 32 && (unsigned)arg < site->call->nkids && (mask & (1u << arg));
    if (lib->flags & PA_LIBC_APPEND)
        small = false; /* strcat scans its destination, which grows */
    switch (lib->cost) {
    case PA_LIBC_LINEAR:
        return small ? PA_CX_ONE : PA_CX_N;
    case PA_LIBC_SORT:
        return small ? PA_CX_ONE : PA_CX_NLOGN;
    default:
        return PA_CX_ONE;
    }
}

struct expr_cost_ctx {
    const struct cost_ctx *ctx;
    struct pa_cx cost;
};

static bool visit_expr_cost(const struct pa_expr *e, void *data)
{
    struct expr_cost_ctx *ec = data;
    if (e->kind == PA_EXPR_CALL) {
        const struct pa_call_site *site = pa_call_site_of(ec->ctx->fn, e);
        if (site && site->leaves_loop && site->loop == ec->ctx->body_of && ec->ctx->once)
            *ec->ctx->once = pa_cx_max(*ec->ctx->once, site_cost(ec->ctx, site));
        else if (site)
            ec->cost = pa_cx_max(ec->cost, site_cost(ec->ctx, site));
    }
    return true;
}

static struct pa_cx expr_cost(const struct cost_ctx *ctx, const struct pa_expr *e)
{
    struct expr_cost_ctx ec = {ctx, PA_CX_ONE};
    pa_expr_walk(e, visit_expr_cost, &ec);
    return ec.cost;
}

static struct pa_cx trip_factor(const struct cost_ctx *ctx, const struct pa_loop *loop)
{
    if (ctx->fn->recursion == PA_REC_STRUCTURAL && loop->has_recursive_call)
        return PA_CX_ONE; /* iterating over children: the recursion visits each node once */
    if (loop->trip.reason == PA_REASON_CONTINUES_OUTER && loop->parent)
        return PA_CX_ONE; /* amortised: the enclosing loop's count already covers it */
    const struct pa_loop *outer = loop->parent;
    if (loop->trip.kind == PA_TRIP_LINEAR && outer && outer->trip.kind == PA_TRIP_LINEAR &&
        pa_loop_bound_per_element(ctx->prog, ctx->fn, loop, outer))
        return PA_CX_ONE; /* the element's own items: over the outer loop they add up to n */
    if (loop->trip.reason == PA_REASON_CALLER_CONSTANT) {
        /* constant in this program, but the function's own cost is stated in its parameters:
         * linear unless this call's argument is small */
        int p = loop->trip.bound_param;
        return p < 0 || (p < 32 && (ctx->mask & (1u << p))) ? PA_CX_ONE : PA_CX_N;
    }
    switch (loop->trip.kind) {
    case PA_TRIP_CONSTANT:
        return PA_CX_ONE;
    case PA_TRIP_LOG:
        return PA_CX_LOG;
    case PA_TRIP_LINEAR: {
        int p = loop->trip.bound_param;
        if (p >= 0 && p < 32 && (ctx->mask & (1u << p)))
            return PA_CX_ONE;
        return PA_CX_N;
    }
    default:
        return ctx->known_only ? UNKNOWN_ONE : UNBOUNDED;
    }
}

static struct pa_cx stmt_cost(const struct cost_ctx *ctx, const struct pa_stmt *s)
{
    if (!s)
        return PA_CX_ONE;
    struct pa_cx c = expr_cost(ctx, s->expr);
    if (s->kind == PA_STMT_LOOP) {
        struct pa_loop *l = s->loop;
        struct pa_cx once = PA_CX_ONE;
        struct cost_ctx inner = *ctx;
        inner.body_of = l;
        inner.once = &once;
        struct pa_cx per_iteration =
            pa_cx_max(expr_cost(&inner, l->cond), expr_cost(&inner, l->inc));
        per_iteration = pa_cx_max(per_iteration, stmt_cost(&inner, l->body));
        struct pa_cx whole = pa_cx_max(pa_cx_mul(trip_factor(ctx, l), per_iteration), once);
        if (ctx->record)
            l->cost = whole;
        return pa_cx_max(expr_cost(ctx, l->init), whole);
    }
    for (unsigned i = 0; i < s->nkids; i++)
        c = pa_cx_max(c, stmt_cost(ctx, s->kids[i]));
    return c;
}

static bool any_loop_recurses(const struct pa_function *fn)
{
    for (unsigned i = 0; i < fn->nloops; i++)
        if (fn->loops[i]->has_recursive_call)
            return true;
    return false;
}

static unsigned popcount(unsigned x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* T(n) from the recursion's shape and the cost of one activation without its recursive calls. */
static struct pa_cx apply_recursion(const struct pa_function *fn, struct pa_cx local)
{
    unsigned k = fn->recursive_calls;
    bool in_loop = any_loop_recurses(fn);
    switch (fn->recursion) {
    case PA_REC_STRUCTURAL:
        return pa_cx_mul(PA_CX_N, local);
    case PA_REC_HALVING:
        if (k <= 1 && !in_loop)
            return local.poly == 0 && !local.exp ? pa_cx_mul(local, PA_CX_LOG) : local;
        if (k == 2 && !in_loop) {
            if (local.exp || local.poly > 1)
                return local;
            if (local.poly == 1)
                return pa_cx_mul(local, PA_CX_LOG);
            return (struct pa_cx){1, 0, false, local.unknown};
        }
        local.unknown = true;
        return local;
    case PA_REC_DECREASING:
        if (k <= 1 && !in_loop)
            return pa_cx_mul(PA_CX_N, local);
        if (fn->has_cache) {
            unsigned dims = popcount(fn->shrinking_params);
            struct pa_cx states = {(short)(dims ? dims : 1), 0, false, false};
            return pa_cx_mul(states, local);
        }
        if (in_loop) {
            /* backtracking or a depth-limited search: how far it fans out is not known */
            local.unknown = true;
            return local;
        }
        return PA_CX_EXP; /* two or more calls on constant-shrunk arguments on one path */
    default:
        local.unknown = true;
        return local;
    }
}

static struct pa_cost_memo *memo_of(const struct pa_program *prog, const struct pa_function *fn)
{
    struct pa_program_storage *st = prog->storage;
    if (!st->cost_memo)
        st->cost_memo = pa_xcalloc(prog->nfunctions + 1, sizeof(*st->cost_memo));
    return fn->id < prog->nfunctions && prog->functions[fn->id] == fn ? &st->cost_memo[fn->id]
                                                                      : NULL;
}

/* The pointer parameters every caller passes a string literal (or such a parameter) for: what
 * they point to is as small as a literal, whoever calls. Integer constants are not included: a
 * function's cost stays stated in its size parameters (callers passing constants get O(1)
 * through their own masks). */
static unsigned literal_params(const struct pa_function *fn)
{
    unsigned bits = 0;
    for (unsigned i = 0; i < fn->nvars; i++) {
        const struct pa_var *v = &fn->vars[i];
        if (v->kind == PA_VAR_PARAM && v->type == PA_TYPE_POINTER && v->param_index >= 0 &&
            v->param_index < 32)
            bits |= fn->constant_params & (1u << v->param_index);
    }
    return bits;
}

static struct pa_cx cost_of(const struct pa_program *prog, const struct pa_function *fn,
                            unsigned mask, bool known_only)
{
    struct pa_cost_memo *m = memo_of(prog, fn);
    if (m) {
        for (unsigned i = 0; i < m->n; i++)
            if (m->masks[i] == mask && m->known_only[i] == known_only)
                return m->costs[i];
        if (m->busy)
            return UNKNOWN_ONE; /* a cycle the recursion analysis did not see */
        m->busy = true;
    }
    struct cost_ctx ctx = {
        prog, fn, mask | literal_params(fn), mask == 0 && !known_only, known_only, NULL, NULL};
    struct pa_cx cx = stmt_cost(&ctx, fn->body);
    if (fn->scc >= 0)
        cx = apply_recursion(fn, cx);
    if (m) {
        m->busy = false;
        if (m->n < MEMO_SLOTS) {
            m->masks[m->n] = mask;
            m->known_only[m->n] = known_only;
            m->costs[m->n] = cx;
            m->n++;
        }
    }
    return cx;
}

struct pa_cx pa_call_cost(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_call_site *site)
{
    struct cost_ctx ctx = {prog, fn, 0, false, false, NULL, NULL};
    return site_cost(&ctx, site);
}

void pa_infer_complexity(struct pa_program *prog)
{
    for (unsigned f = 0; f < prog->nfunctions; f++) {
        struct pa_function *fn = prog->functions[f];
        fn->cx = function_cost(prog, fn, 0);
    }
}
