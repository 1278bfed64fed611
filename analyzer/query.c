/* query.c: model queries shared by complexity inference and the rules. */
#include "perfaudit/query.h"
#include "cxx_catalog.h"
#include "libc_catalog.h"
#include "perfaudit/const_fold.h"

#include <stddef.h>
#include <string.h>

bool pa_expr_walk(const struct pa_expr *e, bool (*visit)(const struct pa_expr *, void *), void *ctx)
{
    if (!e)
        return true;
    if (!visit(e, ctx))
        return false;
    for (unsigned i = 0; i < e->nkids; i++)
        if (!pa_expr_walk(e->kids[i], visit, ctx))
            return false;
    return true;
}

bool pa_stmt_walk_exprs(const struct pa_stmt *s, bool (*visit)(const struct pa_expr *, void *),
                        void *ctx)
{
    if (!s)
        return true;
    if (s->expr && !visit(s->expr, ctx))
        return false;
    if (s->kind == PA_STMT_LOOP) {
        const struct pa_loop *l = s->loop;
        if ((l->init && !visit(l->init, ctx)) || (l->cond && !visit(l->cond, ctx)) ||
            (l->inc && !visit(l->inc, ctx)) || !pa_stmt_walk_exprs(l->body, visit, ctx))
            return false;
    }
    for (unsigned i = 0; i < s->nkids; i++)
        if (!pa_stmt_walk_exprs(s->kids[i], visit, ctx))
            return false;
    return true;
}

bool pa_call_is_costly_library(const struct pa_call_site *site)
{
    const struct pa_libc_fn *lib = site->call->name ? pa_libc_lookup(site->call->name) : NULL;
    return lib && lib->cost == PA_LIBC_COSTLY;
}

const struct pa_expr *pa_expr_strip(const struct pa_expr *e)
{
    while (e && e->kind == PA_EXPR_UNARY && e->op == PA_OP_PLUS && e->nkids == 1)
        e = e->kids[0];
    return e;
}

bool pa_expr_is_int(const struct pa_expr *e, long long value)
{
    e = pa_expr_strip(e);
    return e && e->kind == PA_EXPR_INT && e->value == value;
}

static bool is_constant(const struct pa_function *fn, const struct pa_expr *e, int depth);

/* A local whose every definition does not grow (looked through a few levels). */
static bool var_is_constant(const struct pa_function *fn, int var, int depth)
{
    if (var < 0 || depth > 4)
        return false;
    const struct pa_var *v = &fn->vars[var];
    if (v->kind != PA_VAR_LOCAL || v->address_taken || v->ndefs == 0)
        return false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            return false;
        if (!is_constant(fn, d->kids[1], depth + 1))
            return false;
    }
    return true;
}

static bool min_with_constant(const struct pa_function *fn, const struct pa_expr *e, int depth);

/* Not only the values pa_const_eval knows: anything that does not grow with the input, such
 * as a local set to different constants on different paths, x % K, or a floating literal. */
static bool is_constant(const struct pa_function *fn, const struct pa_expr *e, int depth)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    long long value;
    if (pa_const_eval(fn, e, &value))
        return true;
    switch (e->kind) {
    case PA_EXPR_FLOAT:
    case PA_EXPR_SIZEOF: /* of a variable-length array: bounded by its declaration */
        return true;
    case PA_EXPR_VAR:
        return fn && var_is_constant(fn, e->var, depth);
    case PA_EXPR_UNARY:
        return e->op != PA_OP_DEREF && e->op != PA_OP_ADDR && e->op != PA_OP_PREINC &&
               e->op != PA_OP_PREDEC && e->op != PA_OP_POSTINC && e->op != PA_OP_POSTDEC &&
               is_constant(fn, e->kids[0], depth);
    case PA_EXPR_BINARY:
        /* x % K and x & K are bounded by K whatever x is; K - i by K for an index i */
        if ((e->op == PA_OP_MOD || e->op == PA_OP_AND) && is_constant(fn, e->kids[1], depth))
            return true;
        if (e->op == PA_OP_SUB && is_constant(fn, e->kids[0], depth) && e->kids[1] &&
            e->kids[1]->type != PA_TYPE_FLOAT)
            return true;
        return is_constant(fn, e->kids[0], depth) && is_constant(fn, e->kids[1], depth);
    case PA_EXPR_COND:
        if (min_with_constant(fn, e, depth))
            return true;
        return is_constant(fn, e->kids[1], depth) && is_constant(fn, e->kids[2], depth);
    default:
        return false;
    }
}

/* x > K ? K : x, x < K ? x : K (and the mirrored forms): the smaller of x and a constant,
 * bounded by the constant however x grows. */
static bool min_with_constant(const struct pa_function *fn, const struct pa_expr *e, int depth)
{
    const struct pa_expr *c = e->nkids == 3 ? pa_expr_strip(e->kids[0]) : NULL;
    if (!c || c->kind != PA_EXPR_BINARY || c->nkids != 2)
        return false;
    const struct pa_expr *a = c->kids[0], *b = c->kids[1];
    const struct pa_expr *smaller; /* the arm taken when it is the smaller one */
    if (c->op == PA_OP_LT || c->op == PA_OP_LE)
        smaller = pa_expr_same(e->kids[1], a) && pa_expr_same(e->kids[2], b) ? a : NULL;
    else if (c->op == PA_OP_GT || c->op == PA_OP_GE)
        smaller = pa_expr_same(e->kids[1], b) && pa_expr_same(e->kids[2], a) ? b : NULL;
    else
        return false;
    return smaller && (is_constant(fn, a, depth) || is_constant(fn, b, depth));
}

bool pa_expr_is_constant(const struct pa_function *fn, const struct pa_expr *e)
{
    return is_constant(fn, e, 0);
}

bool pa_expr_same(const struct pa_expr *a, const struct pa_expr *b)
{
    a = pa_expr_strip(a);
    b = pa_expr_strip(b);
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->op != b->op || a->nkids != b->nkids)
        return false;
    switch (a->kind) {
    case PA_EXPR_VAR:
        if (a->var != b->var)
            return false;
        break;
    case PA_EXPR_INT:
        if (a->value != b->value)
            return false;
        break;
    case PA_EXPR_MEMBER:
    case PA_EXPR_CALL:
        if (!a->name || !b->name || strcmp(a->name, b->name) != 0)
            return false;
        break;
    case PA_EXPR_OTHER:
    case PA_EXPR_FLOAT:
    case PA_EXPR_STRING:
        return false;
    default:
        break;
    }
    for (unsigned i = 0; i < a->nkids; i++)
        if (!pa_expr_same(a->kids[i], b->kids[i]))
            return false;
    return true;
}

struct uses_ctx {
    int var;
};

static bool visit_uses(const struct pa_expr *e, void *ctx)
{
    return !(e->kind == PA_EXPR_VAR && e->var == ((struct uses_ctx *)ctx)->var);
}

bool pa_expr_uses_var(const struct pa_expr *e, int var)
{
    struct uses_ctx ctx = {var};
    return var >= 0 && !pa_expr_walk(e, visit_uses, &ctx);
}

int pa_expr_root_var(const struct pa_expr *e)
{
    while (e) {
        switch (e->kind) {
        case PA_EXPR_VAR:
            return e->var;
        case PA_EXPR_MEMBER:
        case PA_EXPR_SUBSCRIPT:
        case PA_EXPR_ASSIGN:
            e = e->kids[0];
            break;
        case PA_EXPR_UNARY:
            if (e->op == PA_OP_NEG || e->op == PA_OP_NOT || e->op == PA_OP_BNOT)
                return -1;
            e = e->kids[0];
            break;
        case PA_EXPR_BINARY:
            if (e->op != PA_OP_ADD && e->op != PA_OP_SUB)
                return -1;
            e = (e->kids[1] &&
                 (e->kids[1]->type == PA_TYPE_POINTER || e->kids[1]->type == PA_TYPE_ARRAY))
                    ? e->kids[1]
                    : e->kids[0];
            break;
        default:
            return -1;
        }
    }
    return -1;
}

bool pa_loop_within(const struct pa_loop *inner, const struct pa_loop *outer)
{
    for (; inner; inner = inner->parent)
        if (inner == outer)
            return true;
    return false;
}

const struct pa_function *pa_call_target(const struct pa_program *prog,
                                         const struct pa_call_site *site)
{
    if (!prog || !site || site->callee < 0 || (unsigned)site->callee >= prog->nfunctions)
        return NULL;
    return prog->functions[site->callee];
}

bool pa_call_is_pure(const struct pa_program *prog, const struct pa_call_site *site)
{
    const struct pa_function *target = pa_call_target(prog, site);
    if (target)
        return target->pure;
    if (pa_cxx_usr_is_std(site->call->callee_usr)) { /* v.size(), s.find(c) */
        const struct pa_cxx_fn *f = pa_cxx_lookup(site->call->callee_usr);
        if (f || pa_cxx_usr_is_method(site->call->callee_usr))
            return f && (f->flags & PA_CXX_PURE);
    }
    const struct pa_libc_fn *lib = pa_libc_lookup(site->call->name);
    return lib && (lib->flags & PA_LIBC_PURE);
}

const struct pa_call_site *pa_call_site_of(const struct pa_function *fn, const struct pa_expr *call)
{
    for (unsigned i = 0; i < fn->ncalls; i++)
        if (fn->calls[i].call == call)
            return &fn->calls[i];
    return NULL;
}

/* Does the write at w really happen? A store attributed to a call into a project function
 * happens only if that function stores through the parameter it was passed. */
static bool write_happens(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_write *w)
{
    if (w->call < 0)
        return true;
    const struct pa_function *target = pa_call_target(prog, &fn->calls[w->call]);
    if (!target)
        return true;
    if (w->arg < 0 || w->arg >= 32)
        return true;
    return (target->param_writes & (1u << w->arg)) != 0;
}

/* A store made by a call on the way out of loop (free(buf); return;) changes nothing a later
 * iteration reads. */
static bool on_exit_path(const struct pa_function *fn, const struct pa_write *w,
                         const struct pa_loop *loop)
{
    if (w->call < 0)
        return false;
    const struct pa_call_site *s = &fn->calls[w->call];
    return s->leaves_loop &&
           (s->loop == loop || (s->leaves_function && pa_loop_within(s->loop, loop)));
}

bool pa_var_modified_in(const struct pa_program *prog, const struct pa_function *fn, int var,
                        const struct pa_loop *loop, bool contents)
{
    if (var < 0)
        return false;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->var != var || !pa_loop_within(w->loop, loop))
            continue;
        if (w->kind == PA_WRITE_CONTENTS && !contents)
            continue;
        if (loop && on_exit_path(fn, w, loop))
            continue;
        if (write_happens(prog, fn, w))
            return true;
    }
    return false;
}

/* The field a direct store goes into first from its root variable: count for s->count++ and
 * s.count = 0, items for s->items[i] = x; NULL when it stores the variable itself, an element
 * of it (p[i].x) or through a pointer (*p = x). */
static const char *stored_field(const struct pa_expr *lvalue)
{
    const struct pa_expr *e = pa_expr_strip(lvalue);
    while (e) {
        const struct pa_expr *base = e->nkids ? pa_expr_strip(e->kids[0]) : NULL;
        if (!base)
            return NULL;
        if (base->kind == PA_EXPR_VAR)
            return e->kind == PA_EXPR_MEMBER ? e->name : NULL;
        if (e->kind != PA_EXPR_MEMBER && e->kind != PA_EXPR_SUBSCRIPT &&
            !(e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF))
            return NULL;
        e = base;
    }
    return NULL;
}

/* Is field `field` of var (var->field or var.field) left as it is by loop: no store to the
 * variable itself or to that field, and no call that may store into var? Stores into other
 * fields of the same structure do not count. */
static bool field_unchanged_in(const struct pa_program *prog, const struct pa_function *fn, int var,
                               const char *field, const struct pa_loop *loop)
{
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->var != var || !pa_loop_within(w->loop, loop))
            continue;
        if (w->call >= 0) {
            if (!on_exit_path(fn, w, loop) && write_happens(prog, fn, w))
                return false;
            continue;
        }
        const struct pa_expr *e = w->expr;
        if (!e || (e->kind != PA_EXPR_ASSIGN && e->kind != PA_EXPR_UNARY) || !e->nkids)
            return false;
        const char *stored = stored_field(e->kids[0]);
        if (!stored || !field || strcmp(stored, field) == 0)
            return false;
    }
    return true;
}

bool pa_loop_has_impure_call(const struct pa_program *prog, const struct pa_function *fn,
                             const struct pa_loop *loop)
{
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_loop_within(s->loop, loop))
            continue;
        const struct pa_function *target = pa_call_target(prog, s);
        if (target ? !target->pure && target->writes_nonlocal : !pa_libc_lookup(s->call->name))
            return true;
    }
    return false;
}

struct invariant_ctx {
    const struct pa_program *prog;
    const struct pa_function *fn;
    const struct pa_loop *loop;
    bool impure_calls; /* computed lazily: -1 unknown is folded into checked */
    bool checked_impure;
};

static bool visit_invariant(const struct pa_expr *e, void *data)
{
    struct invariant_ctx *ctx = data;
    switch (e->kind) {
    case PA_EXPR_VAR: {
        if (e->var < 0)
            return false;
        const struct pa_var *v = &ctx->fn->vars[e->var];
        /* Pointers and arrays are read through: their contents must not change either. */
        bool through = v->type == PA_TYPE_POINTER || v->type == PA_TYPE_ARRAY ||
                       v->type == PA_TYPE_RECORD || v->type == PA_TYPE_OTHER;
        if (pa_var_modified_in(ctx->prog, ctx->fn, e->var, ctx->loop, through))
            return false;
        if (v->kind == PA_VAR_GLOBAL || v->kind == PA_VAR_STATIC_LOCAL || v->address_taken) {
            if (!ctx->checked_impure) {
                ctx->impure_calls = pa_loop_has_impure_call(ctx->prog, ctx->fn, ctx->loop);
                ctx->checked_impure = true;
            }
            if (ctx->impure_calls)
                return false;
        }
        return true;
    }
    case PA_EXPR_CALL: {
        const struct pa_call_site *site = pa_call_site_of(ctx->fn, e);
        return site && pa_call_is_pure(ctx->prog, site);
    }
    case PA_EXPR_ASSIGN:
        return false;
    case PA_EXPR_UNARY:
        return e->op != PA_OP_PREINC && e->op != PA_OP_PREDEC && e->op != PA_OP_POSTINC &&
               e->op != PA_OP_POSTDEC;
    case PA_EXPR_MEMBER:
        return e->kids[0] != NULL; /* this->member: the object may change */
    default:
        return true;
    }
}

static bool invariant(struct invariant_ctx *ctx, const struct pa_expr *e)
{
    if (!e)
        return true;
    /* s->text with s->pos++ in the loop: another field, the same text */
    const struct pa_expr *base =
        e->kind == PA_EXPR_MEMBER && e->nkids ? pa_expr_strip(e->kids[0]) : NULL;
    if (base && base->kind == PA_EXPR_VAR && base->var >= 0 && e->name) {
        const struct pa_var *v = &ctx->fn->vars[base->var];
        if (!field_unchanged_in(ctx->prog, ctx->fn, base->var, e->name, ctx->loop))
            return false;
        if (v->kind == PA_VAR_GLOBAL || v->kind == PA_VAR_STATIC_LOCAL || v->address_taken) {
            if (!ctx->checked_impure) {
                ctx->impure_calls = pa_loop_has_impure_call(ctx->prog, ctx->fn, ctx->loop);
                ctx->checked_impure = true;
            }
            if (ctx->impure_calls)
                return false;
        }
        return true;
    }
    if (!visit_invariant(e, ctx))
        return false;
    for (unsigned i = 0; i < e->nkids; i++)
        if (!invariant(ctx, e->kids[i]))
            return false;
    return true;
}

bool pa_expr_invariant_in(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_expr *e, const struct pa_loop *loop)
{
    if (!e)
        return false;
    struct invariant_ctx ctx = {prog, fn, loop, false, false};
    return invariant(&ctx, e);
}

void pa_lvalue_writes_in(const struct pa_function *fn, const struct pa_expr *target,
                         const struct pa_loop *loop,
                         bool (*visit)(const struct pa_expr *write, void *ctx), void *ctx)
{
    int root = pa_expr_root_var(target);
    if (root < 0)
        return;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->var != root || w->call >= 0 || !pa_loop_within(w->loop, loop))
            continue;
        const struct pa_expr *e = w->expr;
        if ((e->kind != PA_EXPR_ASSIGN && e->kind != PA_EXPR_UNARY) || !e->nkids)
            continue;
        if (pa_expr_same(e->kids[0], target) && !visit(e, ctx))
            return;
    }
}

bool pa_var_refilled_in(const struct pa_function *fn, int var, const struct pa_loop *loop,
                        const struct pa_loop *except)
{
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->var != var || w->call < 0 || w->kind != PA_WRITE_CONTENTS ||
            !pa_loop_within(w->loop, loop) || (except && pa_loop_within(w->loop, except)))
            continue;
        const struct pa_expr *call = fn->calls[w->call].call;
        const struct pa_libc_fn *lib = pa_libc_lookup(call->name);
        const struct pa_expr *arg = w->arg >= 0 && (unsigned)w->arg < call->nkids
                                        ? pa_expr_strip(call->kids[w->arg])
                                        : NULL;
        if (lib && (lib->flags & (PA_LIBC_READS_INPUT | PA_LIBC_COPY | PA_LIBC_FORMAT)) && arg &&
            arg->kind == PA_EXPR_VAR)
            return true;
    }
    return false;
}

/* A walk from a statement to a call expression, or to a loop's statement, counting the if arms
 * and switches it passes through. */
struct guard_walk {
    const struct pa_expr *call; /* the call looked for, or NULL for */
    const struct pa_loop *loop; /* the loop looked for */
    struct pa_guard *out;
    int max;
    int ifs, switches;
    bool found;
};

static bool visit_is_call(const struct pa_expr *e, void *data)
{
    return e != data;
}

static bool holds_call(const struct guard_walk *w, const struct pa_expr *e)
{
    return w->call && e && !pa_expr_walk(e, visit_is_call, (void *)w->call);
}

static void walk_to(struct guard_walk *w, const struct pa_stmt *s)
{
    if (!s || w->found)
        return;
    if (holds_call(w, s->expr)) { /* an if's or switch's own condition runs unguarded */
        w->found = true;
        return;
    }
    switch (s->kind) {
    case PA_STMT_LOOP:
        if (s->loop == w->loop || holds_call(w, s->loop->init) || holds_call(w, s->loop->cond) ||
            holds_call(w, s->loop->inc)) {
            w->found = true;
            return;
        }
        walk_to(w, s->loop->body);
        return;
    case PA_STMT_IF:
        for (unsigned arm = 0; arm < s->nkids && arm < 2; arm++) {
            if (w->ifs < w->max)
                w->out[w->ifs] = (struct pa_guard){s->expr, arm == 1};
            w->ifs++;
            walk_to(w, s->kids[arm]);
            if (w->found)
                return;
            w->ifs--;
        }
        return;
    case PA_STMT_SWITCH:
        w->switches++;
        for (unsigned i = 0; i < s->nkids && !w->found; i++)
            walk_to(w, s->kids[i]);
        if (!w->found)
            w->switches--;
        return;
    default:
        for (unsigned i = 0; i < s->nkids && !w->found; i++)
            walk_to(w, s->kids[i]);
        return;
    }
}

int pa_call_guards(const struct pa_function *fn, const struct pa_call_site *site,
                   const struct pa_loop *loop, struct pa_guard *out, int max)
{
    /* the branches around the loop itself, which the call's branch depth also counts */
    struct guard_walk outer = {NULL, loop, NULL, 0, 0, 0, false};
    walk_to(&outer, fn->body);
    struct guard_walk inner = {site->call, NULL, out, max, 0, 0, false};
    if (holds_call(&inner, loop->cond) || holds_call(&inner, loop->inc))
        inner.found = true;
    else
        walk_to(&inner, loop->body);
    if (!outer.found || !inner.found || inner.switches)
        return -1;
    /* what the statements do not account for is a ?:, && or || around the call */
    if (site->branch_depth != (unsigned)(outer.ifs + outer.switches + inner.ifs))
        return -1;
    return inner.ifs;
}

struct pa_cx pa_loop_iteration_cost(const struct pa_loop *loop)
{
    struct pa_cx c = loop->cost;
    if (loop->trip.kind == PA_TRIP_LINEAR)
        return pa_cx_div_n(c);
    if (loop->trip.kind == PA_TRIP_LOG && c.log > 0)
        c.log--;
    return c;
}

/* ---- compare-until-mismatch loops ---- */

static bool visit_element_access(const struct pa_expr *e, void *data)
{
    (void)data;
    return !(e->kind == PA_EXPR_SUBSCRIPT || e->kind == PA_EXPR_MEMBER ||
             (e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF));
}

/* Two element reads of data (a[i], *p, q[-1]) compared with op: the sequences in step. */
static bool elements_compared(const struct pa_expr *e, enum pa_op op)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_BINARY || e->op != op || e->nkids != 2)
        return false;
    for (unsigned i = 0; i < 2; i++) {
        const struct pa_expr *k = pa_expr_strip(e->kids[i]);
        if (!k || k->kind == PA_EXPR_CALL || pa_expr_walk(k, visit_element_access, NULL))
            return false;
    }
    return !pa_expr_same(e->kids[0], e->kids[1]);
}

static bool continues_while_equal(const struct pa_expr *c)
{
    c = pa_expr_strip(c);
    if (!c)
        return false;
    if (c->kind == PA_EXPR_BINARY && c->op == PA_OP_LAND && c->nkids == 2)
        return continues_while_equal(c->kids[0]) || continues_while_equal(c->kids[1]);
    return elements_compared(c, PA_OP_EQ);
}

static bool leaves(const struct pa_stmt *s)
{
    if (!s)
        return false;
    if (s->kind == PA_STMT_BREAK || s->kind == PA_STMT_RETURN || s->kind == PA_STMT_GOTO)
        return true;
    return s->kind == PA_STMT_BLOCK && s->nkids && leaves(s->kids[s->nkids - 1]);
}

static bool reads_elements(const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    return e && e->kind != PA_EXPR_CALL && !pa_expr_walk(e, visit_element_access, NULL);
}

/* a[i] != b[j], or !same(&a[i], &b[j]): the two elements differ */
static bool mismatch(const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (elements_compared(e, PA_OP_NE))
        return true;
    if (!e || e->kind != PA_EXPR_UNARY || e->op != PA_OP_NOT || e->nkids != 1)
        return false;
    const struct pa_expr *c = pa_expr_strip(e->kids[0]);
    return c && c->kind == PA_EXPR_CALL && c->nkids >= 2 && reads_elements(c->kids[0]) &&
           reads_elements(c->kids[1]) && !pa_expr_same(c->kids[0], c->kids[1]);
}

/* if (a[i] != b[j]) break; in the loop's own body (not in nested loops) */
static bool exits_on_mismatch(const struct pa_stmt *s)
{
    if (!s || s->kind == PA_STMT_LOOP)
        return false;
    if (s->kind == PA_STMT_IF && s->nkids && mismatch(s->expr) && leaves(s->kids[0]))
        return true;
    if (s->kind != PA_STMT_BLOCK)
        return false;
    for (unsigned i = 0; i < s->nkids; i++)
        if (exits_on_mismatch(s->kids[i]))
            return true;
    return false;
}

bool pa_loop_stops_at_mismatch(const struct pa_loop *loop)
{
    return loop && (continues_while_equal(loop->cond) || exits_on_mismatch(loop->body));
}

const struct pa_loop *pa_loop_repeating(const struct pa_loop *inner)
{
    if (!inner || inner->leaves_function)
        return NULL;
    return inner->leaves_parent && inner->parent ? inner->parent->parent : inner->parent;
}
