/* parallelizable_loop.c: a loop over the input whose iterations are independent and each carry
 * enough work (O(n) or more) to be shared among cores. */
#include "inference.h"
#include "libc_catalog.h"
#include "perfaudit/const_fold.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

#include <stdio.h>
#include <string.h>

#define MAX_OWNED      8
#define MAX_REDUCTIONS 4

/* How an index splits an array among iterations of i: out[i], or rows of m[i * n + j]. */
enum split { SPLIT_NONE, SPLIT_INDEX, SPLIT_ROWS };

struct owned {
    const struct pa_expr *array; /* out, m->v */
    enum split split;
    const struct pa_expr *stride; /* SPLIT_ROWS: n in m[i * n + j] */
};

struct par {
    const struct pa_program *prog;
    const struct pa_function *fn;
    const struct pa_loop *loop;
    int iv;
    struct owned owned[MAX_OWNED]; /* the arrays each iteration writes its own part of */
    unsigned nowned;
    int reductions[MAX_REDUCTIONS];
    enum pa_op reduction_ops[MAX_REDUCTIONS]; /* PA_OP_ADD or PA_OP_MUL */
    unsigned nreductions;
    bool dynamic; /* inner loops shrink or grow with i: schedule(dynamic) */
};

/* ---- statements and expressions of a loop ---- */

typedef bool (*expr_visit)(void *ctx, const struct pa_expr *e);

/* Visits every expression of s (loops' headers included) until visit returns false. */
static bool each_expr(const struct pa_stmt *s, expr_visit visit, void *ctx)
{
    if (!s)
        return true;
    if (s->expr && !visit(ctx, s->expr))
        return false;
    if (s->kind == PA_STMT_LOOP) {
        const struct pa_loop *l = s->loop;
        if ((l->init && !visit(ctx, l->init)) || (l->cond && !visit(ctx, l->cond)) ||
            (l->inc && !visit(ctx, l->inc)) || !each_expr(l->body, visit, ctx))
            return false;
    }
    for (unsigned i = 0; i < s->nkids; i++)
        if (!each_expr(s->kids[i], visit, ctx))
            return false;
    return true;
}

/* Every expression the loop evaluates per iteration: condition, step, body. */
static bool each_loop_expr(const struct pa_loop *l, expr_visit visit, void *ctx)
{
    return (!l->cond || visit(ctx, l->cond)) && (!l->inc || visit(ctx, l->inc)) &&
           each_expr(l->body, visit, ctx);
}

static bool visit_uses(void *ctx, const struct pa_expr *e)
{
    return !pa_expr_uses_var(e, *(const int *)ctx);
}

static bool stmt_uses_var(const struct pa_stmt *s, int var)
{
    return !each_expr(s, visit_uses, &var);
}

/* Is var named anywhere in fn outside the candidate loop (its init included)? */
static bool mentioned_outside(const struct par *p, const struct pa_stmt *s, int var)
{
    if (!s)
        return false;
    if (pa_expr_uses_var(s->expr, var))
        return true;
    if (s->kind == PA_STMT_LOOP) {
        const struct pa_loop *l = s->loop;
        if (pa_expr_uses_var(l->init, var))
            return true;
        if (l == p->loop)
            return false;
        if (pa_expr_uses_var(l->cond, var) || pa_expr_uses_var(l->inc, var) ||
            mentioned_outside(p, l->body, var))
            return true;
    }
    for (unsigned i = 0; i < s->nkids; i++)
        if (mentioned_outside(p, s->kids[i], var))
            return true;
    return false;
}

/* ---- private variables: set before use in every iteration ---- */

/* DEFINED_INSIDE: set in an inner loop's body and never named after that loop, so a run of
 * the inner loop with no iterations cannot leave the value of an earlier iteration behind. */
enum mention { NOT_MENTIONED, DEFINED, DEFINED_INSIDE, READ };

static enum mention expr_mention(const struct pa_expr *e, int var)
{
    e = pa_expr_strip(e);
    if (!e || !pa_expr_uses_var(e, var))
        return NOT_MENTIONED;
    if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_COMMA && e->nkids == 2) {
        enum mention m = expr_mention(e->kids[0], var);
        return m != NOT_MENTIONED ? m : expr_mention(e->kids[1], var);
    }
    const struct pa_expr *t = e->kind == PA_EXPR_ASSIGN && e->nkids == 2 ? e->kids[0] : NULL;
    t = pa_expr_strip(t);
    if (e->op == PA_OP_NONE && t && t->kind == PA_EXPR_VAR && t->var == var &&
        !pa_expr_uses_var(e->kids[1], var))
        return DEFINED;
    return READ;
}

/* How the first statement to name var, in execution order, uses it. */
static enum mention first_mention(const struct pa_stmt *s, int var)
{
    if (!s)
        return NOT_MENTIONED;
    switch (s->kind) {
    case PA_STMT_BLOCK:
        for (unsigned i = 0; i < s->nkids; i++) {
            enum mention m = first_mention(s->kids[i], var);
            if (m == DEFINED_INSIDE)
                for (unsigned k = i + 1; k < s->nkids; k++)
                    if (stmt_uses_var(s->kids[k], var))
                        return READ;
            if (m != NOT_MENTIONED)
                return m;
        }
        return NOT_MENTIONED;
    case PA_STMT_EXPR:
        return expr_mention(s->expr, var);
    case PA_STMT_IF: {
        if (pa_expr_uses_var(s->expr, var))
            return READ;
        enum mention t = first_mention(s->kids[0], var);
        enum mention f = s->nkids > 1 ? first_mention(s->kids[1], var) : NOT_MENTIONED;
        if (t == NOT_MENTIONED && f == NOT_MENTIONED)
            return NOT_MENTIONED;
        if (t == READ || f == READ || t == NOT_MENTIONED || f == NOT_MENTIONED)
            return READ; /* read first, or set on one path only */
        return t == DEFINED && f == DEFINED ? DEFINED : DEFINED_INSIDE;
    }
    case PA_STMT_LOOP: {
        const struct pa_loop *l = s->loop;
        enum mention m = expr_mention(l->init, var); /* for (j = 0; ...) */
        if (m != NOT_MENTIONED)
            return m;
        if (l->kind != PA_LOOP_DO && pa_expr_uses_var(l->cond, var))
            return READ;
        m = first_mention(l->body, var);
        if (m != NOT_MENTIONED)
            return m == DEFINED ? DEFINED_INSIDE : m;
        return pa_expr_uses_var(l->cond, var) || pa_expr_uses_var(l->inc, var) ? READ
                                                                               : NOT_MENTIONED;
    }
    default:
        return stmt_uses_var(s, var) ? READ : NOT_MENTIONED;
    }
}

/* A local each iteration sets before reading it, and nobody reads after the loop: it can be
 * private to each thread. */
static bool is_private(const struct par *p, int var)
{
    const struct pa_var *v = &p->fn->vars[var];
    return var != p->iv && v->kind == PA_VAR_LOCAL && !mentioned_outside(p, p->fn->body, var) &&
           !pa_expr_uses_var(p->loop->cond, var) && !pa_expr_uses_var(p->loop->inc, var) &&
           (first_mention(p->loop->body, var) == DEFINED ||
            first_mention(p->loop->body, var) == DEFINED_INSIDE);
}

/* ---- reductions: sum += x, count++ ---- */

struct reduction_scan {
    int var;
    enum pa_op op; /* PA_OP_NONE until the first update */
    bool ok;
};

static bool reduction_visit(void *ctx, const struct pa_expr *e)
{
    struct reduction_scan *r = ctx;
    e = pa_expr_strip(e);
    if (!e || !r->ok)
        return r->ok;
    const struct pa_expr *t = e->nkids ? pa_expr_strip(e->kids[0]) : NULL;
    bool target = t && t->kind == PA_EXPR_VAR && t->var == r->var;
    enum pa_op op = PA_OP_NONE;
    if (target && e->kind == PA_EXPR_ASSIGN && e->nkids == 2)
        op = e->op == PA_OP_SUB ? PA_OP_ADD : e->op;
    else if (target && e->kind == PA_EXPR_UNARY &&
             (e->op == PA_OP_PREINC || e->op == PA_OP_POSTINC || e->op == PA_OP_PREDEC ||
              e->op == PA_OP_POSTDEC))
        op = PA_OP_ADD;
    if (target && (e->kind == PA_EXPR_ASSIGN || op != PA_OP_NONE)) {
        if ((op != PA_OP_ADD && op != PA_OP_MUL) || (r->op != PA_OP_NONE && r->op != op))
            return r->ok = false;
        r->op = op;
        if (e->kind == PA_EXPR_ASSIGN && pa_expr_uses_var(e->kids[1], r->var))
            return r->ok = false;
        return e->kind == PA_EXPR_UNARY || reduction_visit(r, e->kids[1]);
    }
    if (e->kind == PA_EXPR_VAR && e->var == r->var)
        return r->ok = false; /* read in the loop: the partial sums would show */
    for (unsigned i = 0; i < e->nkids; i++)
        if (!reduction_visit(r, e->kids[i]))
            return false;
    return true;
}

/* Is var a local only updated with one associative operator in the loop and never read
 * there? Returns the operator (PA_OP_ADD, PA_OP_MUL) or PA_OP_NONE. */
static enum pa_op reduction_of(const struct par *p, int var)
{
    const struct pa_var *v = &p->fn->vars[var];
    if (v->kind != PA_VAR_LOCAL || v->address_taken ||
        (v->type != PA_TYPE_INT && v->type != PA_TYPE_FLOAT))
        return PA_OP_NONE;
    struct reduction_scan r = {var, PA_OP_NONE, true};
    bool ok = each_loop_expr(p->loop, reduction_visit, &r);
    return ok && r.ok ? r.op : PA_OP_NONE;
}

/* ---- arrays each iteration owns a part of ---- */

/* Does e stay put in the loop: variables not assigned there, members not stored to? */
static bool visit_stable(const struct pa_expr *e, void *data)
{
    const struct par *p = data;
    if (e->kind == PA_EXPR_VAR)
        return e->var >= 0 && !pa_var_modified_in(p->prog, p->fn, e->var, p->loop, false);
    if (e->kind == PA_EXPR_MEMBER) {
        bool written = false;
        for (unsigned i = 0; i < p->fn->nwrites && !written; i++) {
            const struct pa_write *w = &p->fn->writes[i];
            const struct pa_expr *x = w->expr;
            written = w->call < 0 && pa_loop_within(w->loop, p->loop) && x->nkids &&
                      (x->kind == PA_EXPR_ASSIGN || x->kind == PA_EXPR_UNARY) &&
                      pa_expr_same(x->kids[0], e);
        }
        return !written && e->kids[0];
    }
    return e->kind == PA_EXPR_INT || e->kind == PA_EXPR_SIZEOF || e->kind == PA_EXPR_BINARY ||
           (e->kind == PA_EXPR_UNARY && e->op != PA_OP_DEREF); /* *p: memory that may change */
}

static bool stable(const struct par *p, const struct pa_expr *e)
{
    return e && pa_expr_walk(e, visit_stable, (void *)p);
}

/* i (SPLIT_INDEX), or i * n, n * i, i * n + j, j + i * n (SPLIT_ROWS, stride n). */
static enum split split_of(const struct par *p, const struct pa_expr *index,
                           const struct pa_expr **stride)
{
    index = pa_expr_strip(index);
    *stride = NULL;
    if (!index)
        return SPLIT_NONE;
    if (index->kind == PA_EXPR_VAR && index->var == p->iv)
        return SPLIT_INDEX;
    if (index->kind != PA_EXPR_BINARY || index->nkids != 2)
        return SPLIT_NONE;
    if (index->op == PA_OP_MUL) {
        for (int s = 0; s < 2; s++) {
            const struct pa_expr *v = pa_expr_strip(index->kids[s]);
            if (v && v->kind == PA_EXPR_VAR && v->var == p->iv &&
                !pa_expr_uses_var(index->kids[1 - s], p->iv) && stable(p, index->kids[1 - s])) {
                *stride = index->kids[1 - s];
                return SPLIT_ROWS;
            }
        }
    } else if (index->op == PA_OP_ADD) {
        for (int s = 0; s < 2; s++) {
            const struct pa_expr *m = pa_expr_strip(index->kids[s]);
            if (m && m->kind == PA_EXPR_BINARY && m->op == PA_OP_MUL &&
                !pa_expr_uses_var(index->kids[1 - s], p->iv) &&
                split_of(p, m, stride) == SPLIT_ROWS)
                return SPLIT_ROWS;
        }
    }
    return SPLIT_NONE;
}

/* The subscript nearest the array in an element: out[i] in out[i].sum, m[i] in m[i][j],
 * m->v[i * n + j] itself. */
static const struct pa_expr *outer_subscript(const struct pa_expr *e)
{
    const struct pa_expr *found = NULL;
    for (e = pa_expr_strip(e);
         e && (e->kind == PA_EXPR_SUBSCRIPT || e->kind == PA_EXPR_MEMBER) && e->nkids && e->kids[0];
         e = pa_expr_strip(e->kids[0]))
        if (e->kind == PA_EXPR_SUBSCRIPT)
            found = e;
    return found;
}

static const struct owned *owned_of(const struct par *p, const struct pa_expr *array)
{
    for (unsigned i = 0; i < p->nowned; i++)
        if (pa_expr_same(p->owned[i].array, array))
            return &p->owned[i];
    return NULL;
}

/* A shared array each iteration addresses its own part of: a parameter, a local array, or a
 * member chain from one, that the loop does not repoint. Globals are never shared safely. */
static bool shareable_array(const struct par *p, const struct pa_expr *array)
{
    int root = pa_expr_root_var(array);
    const struct pa_expr *a = pa_expr_strip(array);
    if (root < 0 || !a || (a->kind != PA_EXPR_VAR && a->kind != PA_EXPR_MEMBER))
        return false;
    enum pa_var_kind kind = p->fn->vars[root].kind;
    return (kind == PA_VAR_PARAM || kind == PA_VAR_LOCAL) && stable(p, array);
}

/* Records that the iteration owns array's part (as split); false if another write splits it
 * differently. */
static bool own(struct par *p, const struct pa_expr *array, enum split split,
                const struct pa_expr *stride)
{
    if (split == SPLIT_NONE || !shareable_array(p, array))
        return false;
    const struct owned *o = owned_of(p, array);
    if (o)
        return o->split == split && (split == SPLIT_INDEX || pa_expr_same(o->stride, stride));
    if (p->nowned == MAX_OWNED)
        return false;
    p->owned[p->nowned++] = (struct owned){array, split, stride};
    return true;
}

/* The address of the iteration's own part: &out[i], out + i * n, &m[i * n]. */
static bool owned_address(struct par *p, const struct pa_expr *e, bool record)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    const struct pa_expr *stride = NULL;
    if (e->kind == PA_EXPR_UNARY && e->op == PA_OP_ADDR) {
        const struct pa_expr *sub = outer_subscript(e->kids[0]);
        if (!sub)
            return false;
        enum split s = split_of(p, sub->kids[1], &stride);
        return record ? own(p, sub->kids[0], s, stride) : s != SPLIT_NONE;
    }
    if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_ADD && e->nkids == 2) {
        for (int k = 0; k < 2; k++) {
            const struct pa_expr *a = pa_expr_strip(e->kids[k]);
            if (!a || (a->type != PA_TYPE_POINTER && a->type != PA_TYPE_ARRAY))
                continue;
            enum split s = split_of(p, e->kids[1 - k], &stride);
            return record ? own(p, a, s, stride) : s != SPLIT_NONE;
        }
    }
    return false;
}

/* A private pointer to the iteration's own part: double *row = out + i * n. */
static bool private_row(struct par *p, int var, bool record)
{
    const struct pa_var *v = &p->fn->vars[var];
    if (v->type != PA_TYPE_POINTER || v->ndefs == 0 || !is_private(p, var))
        return false;
    for (unsigned d = 0; d < v->ndefs; d++) {
        const struct pa_expr *def = v->defs[d];
        if (def->kind != PA_EXPR_ASSIGN || def->op != PA_OP_NONE || def->nkids != 2 ||
            !owned_address(p, def->kids[1], record))
            return false;
    }
    return true;
}

/* A store into the iteration's own element: out[i] = ..., m[i][j] += ..., row[j] = ... */
static bool owned_store(struct par *p, const struct pa_expr *lvalue)
{
    const struct pa_expr *sub = outer_subscript(lvalue);
    if (!sub)
        return false;
    const struct pa_expr *base = pa_expr_strip(sub->kids[0]);
    if (base && base->kind == PA_EXPR_VAR && base->var >= 0 && private_row(p, base->var, true))
        return true;
    const struct pa_expr *stride = NULL;
    enum split split = split_of(p, sub->kids[1], &stride);
    return own(p, sub->kids[0], split, stride);
}

/* A local pointer that may point into an array the iteration writes a part of. Fresh memory
 * from an allocator is no alias. */
static bool aliases_owned(const struct par *p, int var)
{
    const struct pa_var *v = &p->fn->vars[var];
    if (!p->nowned || v->kind != PA_VAR_LOCAL || v->type != PA_TYPE_POINTER)
        return false;
    for (unsigned d = 0; d < v->ndefs; d++) {
        const struct pa_expr *def = v->defs[d];
        if (def->kind != PA_EXPR_ASSIGN || def->nkids != 2)
            return true; /* filled through its address by a call */
        const struct pa_expr *rhs = pa_expr_strip(def->kids[1]);
        if (rhs && rhs->kind == PA_EXPR_CALL)
            continue;
        int root = pa_expr_root_var(rhs);
        if (root < 0)
            return true;
        for (unsigned i = 0; i < p->nowned; i++)
            if (pa_expr_root_var(p->owned[i].array) == root)
                return true;
    }
    return false;
}

/* Does every mention of an owned array address the iteration's own part, and no alias of one
 * get read? */
static bool reads_own_parts(struct par *p, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return true;
    const struct pa_expr *stride = NULL;
    if (e->kind == PA_EXPR_SUBSCRIPT && e->nkids == 2) {
        const struct pa_expr *sub = outer_subscript(e);
        const struct owned *o = sub ? owned_of(p, sub->kids[0]) : NULL;
        if (o) {
            enum split s = split_of(p, sub->kids[1], &stride);
            if (s != o->split || (s == SPLIT_ROWS && !pa_expr_same(stride, o->stride)))
                return false; /* out[i - 1], out[j]: another iteration's element */
            /* the indices and members around the owned subscript */
            for (const struct pa_expr *x = e; x && x != sub; x = pa_expr_strip(x->kids[0]))
                if (x->kind == PA_EXPR_SUBSCRIPT && !reads_own_parts(p, x->kids[1]))
                    return false;
            return reads_own_parts(p, sub->kids[1]);
        }
    }
    if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_ADD && e->nkids == 2) {
        for (int k = 0; k < 2; k++) {
            const struct owned *o = owned_of(p, e->kids[k]);
            if (o && split_of(p, e->kids[1 - k], &stride) == o->split &&
                (o->split == SPLIT_INDEX || pa_expr_same(stride, o->stride)))
                return reads_own_parts(p, e->kids[1 - k]);
        }
    }
    if (owned_of(p, e))
        return false; /* the whole array, handed on or walked */
    if (e->kind == PA_EXPR_VAR && e->var >= 0 && aliases_owned(p, e->var) &&
        !private_row(p, e->var, false))
        return false;
    for (unsigned i = 0; i < e->nkids; i++)
        if (!reads_own_parts(p, e->kids[i]))
            return false;
    return true;
}

/* ---- the loop ---- */

static bool in_expr(const struct pa_expr *tree, const struct pa_expr *e)
{
    if (!tree)
        return false;
    if (tree == e)
        return true;
    for (unsigned i = 0; i < tree->nkids; i++)
        if (in_expr(tree->kids[i], e))
            return true;
    return false;
}

/* for (i = a; i < n; i++) with n fixed in the loop and i stepped only by the header. */
static bool canonical_header(struct par *p)
{
    const struct pa_loop *l = p->loop;
    const struct pa_trip *t = &l->trip;
    if (l->kind != PA_LOOP_FOR || t->kind != PA_TRIP_LINEAR || p->iv < 0 ||
        (t->reason != PA_REASON_PARAM && t->reason != PA_REASON_FIELD &&
         t->reason != PA_REASON_VARIABLE && t->reason != PA_REASON_OUTER_LOOP_VAR))
        return false;
    const struct pa_expr *c = pa_expr_strip(l->cond);
    if (!c || c->kind != PA_EXPR_BINARY || c->nkids != 2 ||
        (c->op != PA_OP_LT && c->op != PA_OP_LE && c->op != PA_OP_GT && c->op != PA_OP_GE))
        return false;
    const struct pa_expr *lhs = pa_expr_strip(c->kids[0]), *rhs = pa_expr_strip(c->kids[1]);
    bool left = lhs && lhs->kind == PA_EXPR_VAR && lhs->var == p->iv;
    const struct pa_expr *bound = left ? rhs : lhs;
    if (!(left ? c->op == PA_OP_LT || c->op == PA_OP_LE : c->op == PA_OP_GT || c->op == PA_OP_GE) ||
        !bound || pa_expr_uses_var(bound, p->iv) || !stable(p, bound))
        return false;
    const struct pa_expr *inc = pa_expr_strip(l->inc);
    long long step;
    if (!inc ||
        !((inc->kind == PA_EXPR_UNARY && (inc->op == PA_OP_PREINC || inc->op == PA_OP_POSTINC)) ||
          (inc->kind == PA_EXPR_ASSIGN && inc->op == PA_OP_ADD && inc->nkids == 2 &&
           pa_const_eval(p->fn, inc->kids[1], &step) && step > 0)))
        return false;
    for (unsigned i = 0; i < p->fn->nwrites; i++) {
        const struct pa_write *w = &p->fn->writes[i];
        if (w->var == p->iv && pa_loop_within(w->loop, l) && !in_expr(l->inc, w->expr))
            return false; /* i moved in the body too */
    }
    return true;
}

/* Calls: pure, or storing only into the iteration's own locals and elements. */
static bool calls_independent(struct par *p)
{
    const struct pa_function *fn = p->fn;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_loop_within(s->loop, p->loop))
            continue;
        const struct pa_function *target = pa_call_target(p->prog, s);
        const struct pa_libc_fn *lib = target ? NULL : pa_libc_lookup(s->call->name);
        unsigned writes;
        if (target) {
            if (target->writes_nonlocal || (fn->scc >= 0 && target->scc == fn->scc))
                return false;
            writes = target->param_writes;
        } else if (lib && (lib->flags & PA_LIBC_PURE)) {
            writes = lib->writes_args;
        } else {
            return false; /* I/O, allocation, rand(), or a callee that cannot be seen */
        }
        for (unsigned a = 0; a < s->call->nkids && a < 32; a++) {
            if (!(writes & (1u << a)))
                continue;
            const struct pa_expr *arg = pa_expr_strip(s->call->kids[a]);
            const struct pa_expr *k = arg && arg->kind == PA_EXPR_UNARY && arg->op == PA_OP_ADDR
                                          ? pa_expr_strip(arg->kids[0])
                                          : NULL;
            bool own_local = k && k->kind == PA_EXPR_VAR && k->var >= 0 && is_private(p, k->var);
            bool own_row =
                arg && arg->kind == PA_EXPR_VAR && arg->var >= 0 && private_row(p, arg->var, true);
            if (!own_local && !own_row && !owned_address(p, arg, true))
                return false;
        }
    }
    return true;
}

static bool add_reduction(struct par *p, int var, enum pa_op op)
{
    for (unsigned i = 0; i < p->nreductions; i++)
        if (p->reductions[i] == var)
            return true;
    if (p->nreductions == MAX_REDUCTIONS)
        return false;
    p->reductions[p->nreductions] = var;
    p->reduction_ops[p->nreductions++] = op;
    return true;
}

/* Every store in the loop: the header's step, private locals, reductions, own elements. */
static bool writes_independent(struct par *p)
{
    const struct pa_function *fn = p->fn;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (!pa_loop_within(w->loop, p->loop) || w->call >= 0 || w->var == p->iv)
            continue; /* calls were checked with their arguments; i with the header */
        if (w->var < 0)
            return false;
        if (w->kind == PA_WRITE_VALUE) {
            if (is_private(p, w->var))
                continue;
            enum pa_op op = reduction_of(p, w->var);
            if (op == PA_OP_NONE || !add_reduction(p, w->var, op))
                return false; /* carried from one iteration to the next */
            continue;
        }
        const struct pa_expr *e = w->expr;
        if ((e->kind != PA_EXPR_ASSIGN && e->kind != PA_EXPR_UNARY) || !e->nkids ||
            !owned_store(p, e->kids[0]))
            return false; /* out[j], *p++, a global, a field of a shared struct */
    }
    return true;
}

static bool reads_visit(void *ctx, const struct pa_expr *e)
{
    return reads_own_parts(ctx, e);
}

/* ---- enough work to share ---- */

struct grid_scan {
    const struct par *p;
    int inner_var;
    bool cells; /* touches memory of its own for each (i, j): a cell, or at random */
};

/* Does e name the row the outer loop is at: i itself, or a local set from it (row = m + i * n)? */
static bool names_row(const struct par *p, const struct pa_expr *e)
{
    if (pa_expr_uses_var(e, p->iv))
        return true;
    int root = pa_expr_root_var(e);
    if (root < 0 || p->fn->vars[root].kind != PA_VAR_LOCAL)
        return false;
    const struct pa_var *v = &p->fn->vars[root];
    for (unsigned d = 0; d < v->ndefs; d++)
        if (pa_loop_within(v->def_loops[d], p->loop) && pa_expr_uses_var(v->defs[d], p->iv))
            return true;
    return false;
}

static bool visit_multiplies(const struct pa_expr *e, void *data)
{
    int var = *(const int *)data;
    if (e->kind != PA_EXPR_BINARY || e->op != PA_OP_MUL || e->nkids != 2)
        return true;
    for (unsigned i = 0; i < 2; i++) {
        const struct pa_expr *k = pa_expr_strip(e->kids[i]);
        if (k && k->kind == PA_EXPR_VAR && k->var == var)
            return false;
    }
    return true;
}

/* Is var scaled by a stride in e (i * n)? */
static bool scales(const struct pa_expr *e, int var)
{
    return !pa_expr_walk(e, visit_multiplies, &var);
}

static bool visit_indirect(const struct pa_expr *e, void *data)
{
    (void)data;
    return e->kind != PA_EXPR_SUBSCRIPT && e->kind != PA_EXPR_CALL &&
           !(e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF);
}

/* Does the inner loop touch memory of its own on every (i, j): a cell m[i][j], m[j][i],
 * m[i * n + j], m[j * n + i], row[j], or an element found through an index (a[idx[j]])? Data
 * read again for every i (x[j], a sliding window in[i + j]) stays in the caches. */
static void scan_cells(struct grid_scan *g, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || g->cells)
        return;
    if (e->kind != PA_EXPR_SUBSCRIPT || e->nkids != 2) {
        for (unsigned i = 0; i < e->nkids; i++)
            scan_cells(g, e->kids[i]);
        return;
    }
    const struct pa_expr *index[4], *base = e;
    unsigned n = 0;
    for (; base && base->kind == PA_EXPR_SUBSCRIPT && base->nkids == 2 && n < 4;
         base = pa_expr_strip(base->kids[0]))
        index[n++] = base->kids[1];
    bool uses_j = false, uses_i = false, direct = true, scaled = false;
    for (unsigned k = 0; k < n; k++) {
        uses_j |= pa_expr_uses_var(index[k], g->inner_var);
        uses_i |= pa_expr_uses_var(index[k], g->p->iv);
        direct &= pa_expr_walk(index[k], visit_indirect, NULL);
        scaled |= scales(index[k], g->p->iv) || scales(index[k], g->inner_var);
    }
    if (uses_j && (!direct || names_row(g->p, base) || (uses_i && (n > 1 || scaled)))) {
        g->cells = true;
        return;
    }
    for (unsigned k = 0; k < n; k++)
        scan_cells(g, index[k]);
    scan_cells(g, base);
}

static bool grid_expr(void *ctx, const struct pa_expr *e)
{
    scan_cells(ctx, e);
    return !((struct grid_scan *)ctx)->cells;
}

/* Work inside one cell of a grid walk: a loop (even a constant one, as in an escape-time
 * fractal), an expensive library call, or a call of a project function that loops. */
static bool cell_work(const struct par *p, const struct pa_loop *inner)
{
    for (unsigned i = 0; i < p->fn->nloops; i++)
        if (p->fn->loops[i] != inner && pa_loop_within(p->fn->loops[i], inner))
            return true;
    for (unsigned i = 0; i < p->fn->ncalls; i++) {
        const struct pa_call_site *s = &p->fn->calls[i];
        if (!pa_loop_within(s->loop, inner))
            continue;
        const struct pa_function *target = pa_call_target(p->prog, s);
        const struct pa_libc_fn *lib = target ? NULL : pa_libc_lookup(s->call->name);
        if ((target && target->nloops) || (lib && lib->cost == PA_LIBC_COSTLY))
            return true;
    }
    return false;
}

/* Enough work per iteration to pay for threads: a call of linear cost, or an inner loop over
 * the input that only re-reads data every i shares (a[j], a sliding window) or computes, or
 * that does real work on each cell it touches. One pass over memory with O(1) per cell (copy,
 * fill, row sums, an outer product) is bound by memory bandwidth, not by the core. */
static bool heavy(const struct par *p)
{
    const struct pa_loop *l = p->loop;
    if (l->cost.unknown || l->cost.exp || l->cost.poly < 2)
        return false;
    for (unsigned i = 0; i < p->fn->ncalls; i++) {
        const struct pa_call_site *s = &p->fn->calls[i];
        if (!pa_loop_within(s->loop, l))
            continue;
        struct pa_cx c = pa_call_cost(p->prog, p->fn, s);
        if (!c.unknown && (c.exp || c.poly >= 1))
            return true;
    }
    for (unsigned i = 0; i < p->fn->nloops; i++) {
        const struct pa_loop *inner = p->fn->loops[i];
        if (inner == l || !pa_loop_within(inner, l) || inner->trip.kind != PA_TRIP_LINEAR ||
            pa_loop_bound_per_element(p->prog, p->fn, inner, l))
            continue;
        struct grid_scan g = {p, inner->trip.induction_var, false};
        scan_cells(&g, inner->cond);
        each_expr(inner->body, grid_expr, &g);
        if (!g.cells || cell_work(p, inner))
            return true; /* data read again, pure computation, or work per cell */
    }
    return false;
}

/* Leaves a nest that blas-candidate reports alone: the library call is the better fix, and
 * OpenBLAS already runs on every core. */
static bool in_dense_product(const struct pa_function *fn, const struct pa_loop *loop)
{
    for (unsigned i = 0; i < fn->nloops; i++) {
        struct pa_product prod;
        if ((pa_loop_within(fn->loops[i], loop) || pa_loop_within(loop, fn->loops[i])) &&
            pa_loop_dense_product(fn, fn->loops[i], &prod))
            return true;
    }
    return false;
}

static bool independent(struct par *p)
{
    const struct pa_loop *l = p->loop;
    if (l->has_early_exit || l->has_recursive_call || !canonical_header(p))
        return false;
    if (!heavy(p))
        return false;
    if (!calls_independent(p) || !writes_independent(p) || !each_loop_expr(l, reads_visit, p))
        return false;
    for (unsigned i = 0; i < p->fn->nloops; i++) {
        const struct pa_loop *inner = p->fn->loops[i];
        if (inner != l && pa_loop_within(inner, l) &&
            (pa_expr_uses_var(inner->init, p->iv) || pa_expr_uses_var(inner->trip.bound, p->iv)))
            p->dynamic = true; /* for (j = i + 1; j < n; j++): uneven iterations */
    }
    return !in_dense_product(p->fn, l);
}

static void describe(const struct par *p, char *what, size_t wsize, char *pragma, size_t psize)
{
    char names[160] = "";
    for (unsigned i = 0; i < p->nowned; i++) {
        size_t len = strlen(names);
        const struct pa_expr *a = pa_expr_strip(p->owned[i].array);
        const char *iv = p->fn->vars[p->iv].name;
        char array[64];
        if (a->kind == PA_EXPR_MEMBER && a->kids[0])
            snprintf(array, sizeof(array), "%s%s%s",
                     pa_expr_strip(a->kids[0])->name ? pa_expr_strip(a->kids[0])->name : "...",
                     a->arrow ? "->" : ".", a->name);
        else
            snprintf(array, sizeof(array), "%s", a->name ? a->name : "...");
        if (p->owned[i].split == SPLIT_ROWS)
            snprintf(names + len, sizeof(names) - len, "%srow %s of %s", len ? ", " : "", iv,
                     array);
        else
            snprintf(names + len, sizeof(names) - len, "%s%s[%s]", len ? ", " : "", array, iv);
    }
    char reductions[160] = "", clause[200] = "";
    for (unsigned i = 0; i < p->nreductions; i++) {
        size_t len = strlen(reductions), clen = strlen(clause);
        const char *name = p->fn->vars[p->reductions[i]].name;
        const char *op = p->reduction_ops[i] == PA_OP_MUL ? "*" : "+";
        snprintf(reductions + len, sizeof(reductions) - len, "%s%s", len ? ", " : "", name);
        snprintf(clause + clen, sizeof(clause) - clen, " reduction(%s:%s)", op, name);
    }
    if (p->nowned && p->nreductions)
        snprintf(what, wsize, "each iteration writes only its own %s and adds into %s", names,
                 reductions);
    else if (p->nowned)
        snprintf(what, wsize, "each iteration writes only its own %s", names);
    else
        snprintf(what, wsize, "each iteration only adds into %s", reductions);
    snprintf(pragma, psize, "#pragma omp parallel for%s%s", p->dynamic ? " schedule(dynamic)" : "",
             clause);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_loop *reported = NULL;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (reported && pa_loop_within(l, reported))
            continue; /* one finding per nest, at its outermost independent loop */
        struct par p = {.prog = ctx->program, .fn = fn, .loop = l, .iv = l->trip.induction_var};
        if (!independent(&p) || (!p.nowned && !p.nreductions))
            continue;
        reported = l;
        char what[400], pragma[256], suggestion[600], cx[PA_CX_STRLEN];
        describe(&p, what, sizeof(what), pragma, sizeof(pragma));
        struct pa_cx cost = pa_loop_nest_cost(l);
        snprintf(suggestion, sizeof(suggestion),
                 "put `%s` before the loop and build with -fopenmp (or split the range of %s "
                 "across pthreads); keep the variables it sets inside the loop body",
                 pragma, fn->vars[p.iv].name);
        pa_rule_report(ctx, l->line, l->column, cost, cost, suggestion,
                       "the iterations of this loop are independent (%s): %s of work on one core",
                       what, pa_cx_format(cost, cx, sizeof(cx)));
    }
}

static const struct pa_rule_example examples[] = {
    {"rows of an escape-time fractal",
     "void mandel(int *iters, int w, int h) {\n"
     "  for (int y = 0; y < h; y++)\n"
     "    for (int x = 0; x < w; x++) {\n"
     "      double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h, zr = 0, zi = 0;\n"
     "      int it = 0;\n"
     "      while (it < 256 && zr * zr + zi * zi < 4.0) {\n"
     "        double t = zr * zr - zi * zi + cr;\n"
     "        zi = 2 * zr * zi + ci;\n"
     "        zr = t;\n"
     "        it++;\n"
     "      }\n"
     "      iters[y * w + x] = it;\n"
     "    }\n"
     "}\n",
     "mandel", "parallelizable-loop@2"},
    {"an expensive call per cell, one result per row",
     "#include <math.h>\n"
     "void softmax_denominators(const double *m, double *out, int rows, int cols) {\n"
     "  for (int i = 0; i < rows; i++) {\n"
     "    double s = 0.0;\n"
     "    for (int j = 0; j < cols; j++) s += exp(m[i * cols + j]);\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "softmax_denominators", "parallelizable-loop@3"},
    {"a pair count is a reduction",
     "static double dist2(const double *a, const double *b) {\n"
     "  double s = 0;\n"
     "  for (int k = 0; k < 3; k++) s += (a[k] - b[k]) * (a[k] - b[k]);\n"
     "  return s;\n"
     "}\n"
     "long close_pairs(const double *p, int n, double r2) {\n"
     "  long count = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = i + 1; j < n; j++)\n"
     "      if (dist2(&p[i * 3], &p[j * 3]) < r2) count++;\n"
     "  return count;\n"
     "}\n",
     "close_pairs", "nested-loop@8,parallelizable-loop@8"},
    {"each iteration has its own random state",
     "#include <stdint.h>\n"
     "static double uniform(uint64_t *s) {\n"
     "  *s = *s * 6364136223846793005ull + 1442695040888963407ull;\n"
     "  return (double)(*s >> 11) / 9007199254740992.0;\n"
     "}\n"
     "void estimate(double *est, int n, int samples) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    uint64_t state = 12345u + (uint64_t)i;\n"
     "    int hits = 0;\n"
     "    for (int t = 0; t < samples; t++) {\n"
     "      double x = uniform(&state), y = uniform(&state);\n"
     "      if (x * x + y * y < 1.0) hits++;\n"
     "    }\n"
     "    est[i] = 4.0 * hits / samples;\n"
     "  }\n"
     "}\n",
     "estimate", "nested-loop@7,parallelizable-loop@7"},
    {"row sums are one pass over memory",
     "void row_sums(const double *m, double *out, int rows, int cols) {\n"
     "  for (int i = 0; i < rows; i++) {\n"
     "    double s = 0.0;\n"
     "    for (int j = 0; j < cols; j++) s += m[i * cols + j];\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "row_sums", ""},
    {"a running total carries a value from one iteration to the next",
     "void running(const double *a, double *out, int n) {\n"
     "  double sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    for (int j = 0; j < n; j++) sum += a[j] * a[i];\n"
     "    out[i] = sum;\n"
     "  }\n"
     "}\n",
     "running", "nested-loop@3"},
    {"each row depends on the row before it",
     "#include <math.h>\n"
     "void diffuse(double *a, int n) {\n"
     "  for (int i = 1; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) a[i * n + j] = sqrt(a[i * n + j] + a[(i - 1) * n + j]);\n"
     "}\n",
     "diffuse", ""},
    {"a search stops at the first match",
     "int first_dup(const int *a, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = i + 1; j < n; j++)\n"
     "      if (a[i] == a[j]) return i;\n"
     "  return -1;\n"
     "}\n",
     "first_dup", "linear-scan-in-loop@3"},
    {"I/O in the loop is ordered",
     "#include <math.h>\n"
     "#include <stdio.h>\n"
     "void print_norms(const double *m, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    double s = 0;\n"
     "    for (int j = 0; j < n; j++) s += log(m[i * n + j]);\n"
     "    printf(\"%g\\n\", s);\n"
     "  }\n"
     "}\n",
     "print_norms", ""},
    {"random numbers from a shared generator",
     "#include <stdlib.h>\n"
     "void noisy(double *out, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    double s = 0;\n"
     "    for (int j = 0; j < n; j++) s += rand() / (double)RAND_MAX;\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "noisy", "nested-loop@3"},
    {"writes through a cursor advanced across iterations",
     "int compact(const int *a, int *out, int n) {\n"
     "  int k = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    int c = 0;\n"
     "    for (int j = 0; j < n; j++) c += a[j] < a[i];\n"
     "    if (c > 0) out[k++] = a[i];\n"
     "  }\n"
     "  return k;\n"
     "}\n",
     "compact", "nested-loop@3"},
    {"a scatter into shared buckets",
     "void bucket_counts(const double *m, int *hist, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) hist[(int)(m[i * n + j] * 16.0) & 63]++;\n"
     "}\n",
     "bucket_counts", ""},
    {"a cheap element-wise pass is memory-bound",
     "void scale(const double *a, double *out, int n, double f) {\n"
     "  for (int i = 0; i < n; i++) out[i] = a[i] * f;\n"
     "}\n",
     "scale", ""},
    {"a shared global buffer",
     "#include <math.h>\n"
     "double totals[1024];\n"
     "void tally(const double *m, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) totals[i] += sqrt(m[i * n + j]);\n"
     "}\n",
     "tally", ""},
};

const struct pa_rule pa_rule_parallelizable_loop = {
    .id = "parallelizable-loop",
    .category = 'D',
    .title = "Independent iterations on one core",
    .summary = "A loop over the input whose iterations are independent (each writes only its own "
               "element, private locals or a reduction, and calls only pure functions) and carry "
               "O(n) work or more each, run on a single core.",
    .remedy = "Run the iterations on several cores: `#pragma omp parallel for` (with a "
              "reduction clause for accumulated totals) built with -fopenmp, or split the range "
              "across pthreads.",
    .alternatives =
        "OpenMP (#pragma omp parallel for with the reduction clause); a thread pool splitting the "
        "range in chunks; SIMD first when the body is simple arithmetic (-O3 -march=native, or "
        "vector intrinsics); several processes over separate inputs when the work is per file",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_PARALLEL,
                 .factor = 0.8,
                 .base_hours = 3.0,
                 .hours_per_line = 0.03,
                 .assumption = "the loop's time divides among the cores at 80% efficiency "
                               "(scheduling, memory bandwidth); the effort includes checking "
                               "that the callees are thread-safe"},
    PA_RULE_EXAMPLES(examples),
};
