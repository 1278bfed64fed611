/* dependence.c: which loops carry dependences between iterations: private locals, reductions,
 * the parts of arrays each iteration owns, and the calls and stores that would be shared. */
#include "perfaudit/dependence.h"
#include "libc_catalog.h"
#include "perfaudit/const_fold.h"
#include "perfaudit/query.h"

#include <string.h>

#define MAX_OWNED      PA_DEP_MAX_PARTS
#define MAX_REDUCTIONS PA_DEP_MAX_REDUCTIONS

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
};

/* Every expression the loop evaluates per iteration: condition, step, body. */
static bool each_loop_expr(const struct pa_loop *l, bool (*visit)(const struct pa_expr *, void *),
                           void *ctx)
{
    return (!l->cond || visit(l->cond, ctx)) && (!l->inc || visit(l->inc, ctx)) &&
           pa_stmt_walk_exprs(l->body, visit, ctx);
}

static bool visit_uses(const struct pa_expr *e, void *ctx)
{
    return !pa_expr_uses_var(e, *(const int *)ctx);
}

static bool stmt_uses_var(const struct pa_stmt *s, int var)
{
    return !pa_stmt_walk_exprs(s, visit_uses, &var);
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

struct reduction_scan {
    int var;
    enum pa_op op; /* PA_OP_NONE until the first update */
    bool ok;
};

static bool reduction_visit(const struct pa_expr *e, void *ctx)
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
        return e->kind == PA_EXPR_UNARY || reduction_visit(e->kids[1], r);
    }
    if (e->kind == PA_EXPR_VAR && e->var == r->var)
        return r->ok = false; /* read in the loop: the partial sums would show */
    for (unsigned i = 0; i < e->nkids; i++)
        if (!reduction_visit(e->kids[i], r))
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

static bool reads_visit(const struct pa_expr *e, void *ctx)
{
    return reads_own_parts(ctx, e);
}

/* The first thing that carries a dependence between iterations, or PA_DEP_NONE. */
static enum pa_dep_carrier carrier(struct par *p)
{
    const struct pa_loop *l = p->loop;
    if (l->has_early_exit || l->has_recursive_call || !canonical_header(p))
        return PA_DEP_CONTROL;
    if (!calls_independent(p))
        return PA_DEP_CALL;
    if (!writes_independent(p))
        return PA_DEP_STORE;
    if (!each_loop_expr(l, reads_visit, p))
        return PA_DEP_READ;
    return PA_DEP_NONE;
}

bool pa_loop_dependences(const struct pa_program *prog, const struct pa_function *fn,
                         const struct pa_loop *loop, struct pa_loop_deps *out)
{
    struct par p = {.prog = prog, .fn = fn, .loop = loop, .iv = loop->trip.induction_var};
    memset(out, 0, sizeof(*out));
    out->induction_var = p.iv;
    out->carrier = carrier(&p);
    if (out->carrier != PA_DEP_NONE)
        return false;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *inner = fn->loops[i];
        if (inner != loop && pa_loop_within(inner, loop) &&
            (pa_expr_uses_var(inner->init, p.iv) || pa_expr_uses_var(inner->trip.bound, p.iv)))
            out->uneven = true; /* for (j = i + 1; j < n; j++) */
    }
    for (unsigned i = 0; i < p.nowned; i++)
        out->parts[out->nparts++] = (struct pa_dep_part){
            p.owned[i].array,
            p.owned[i].split == SPLIT_ROWS ? PA_DEP_SPLIT_ROWS : PA_DEP_SPLIT_INDEX,
            p.owned[i].split == SPLIT_ROWS ? p.owned[i].stride : NULL};
    for (unsigned i = 0; i < p.nreductions; i++)
        out->reductions[out->nreductions++] =
            (struct pa_dep_reduction){p.reductions[i], p.reduction_ops[i]};
    return true;
}
