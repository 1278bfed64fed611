/* loop_bound.c: trip-count classification from a loop's condition and how its variables step. */
#include "loop_bound.h"
#include "libc_catalog.h"
#include "perfaudit/const_fold.h"
#include "perfaudit/query.h"

#include <string.h>

static enum pa_step step_in_loop(const struct pa_function *fn, int var, const struct pa_loop *loop);

static bool is_div_by_constant(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    long long k;
    return e && e->kind == PA_EXPR_BINARY && (e->op == PA_OP_DIV || e->op == PA_OP_SHR) &&
           pa_expr_is_constant(fn, e->kids[1]) &&
           !(pa_const_eval(fn, e->kids[1], &k) && (k == 0 || (e->op == PA_OP_DIV && k == 1)));
}

static bool midpoint(const struct pa_function *fn, const struct pa_expr *e, int depth)
{
    e = pa_expr_strip(e);
    if (!e || depth > 3)
        return false;
    if (is_div_by_constant(fn, e))
        return true;
    /* lo + (hi - lo) / 2 */
    if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_ADD &&
        (is_div_by_constant(fn, e->kids[0]) || is_div_by_constant(fn, e->kids[1])))
        return true;
    if (e->kind == PA_EXPR_VAR && e->var >= 0) {
        const struct pa_var *v = &fn->vars[e->var];
        if (v->ndefs == 0)
            return false;
        for (unsigned i = 0; i < v->ndefs; i++) {
            const struct pa_expr *d = v->defs[i];
            if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE ||
                !midpoint(fn, d->kids[1], depth + 1))
                return false;
        }
        return true;
    }
    return false;
}

bool pa_expr_is_midpoint(const struct pa_function *fn, const struct pa_expr *e)
{
    return midpoint(fn, e, 0);
}

bool pa_expr_is_halving(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    if (midpoint(fn, e, 0))
        return true;
    /* mid + 1, mid - 1 */
    return e->kind == PA_EXPR_BINARY && (e->op == PA_OP_ADD || e->op == PA_OP_SUB) &&
           pa_expr_is_constant(fn, e->kids[1]) && midpoint(fn, e->kids[0], 0);
}

/* x * 2, x << 1, x / 2, 2 * x + 1: var scaled by a constant (plus a constant). */
static bool scaled(const struct pa_function *fn, const struct pa_expr *e, int var)
{
    e = pa_expr_strip(e);
    if (e && e->kind == PA_EXPR_BINARY && (e->op == PA_OP_ADD || e->op == PA_OP_SUB) &&
        pa_expr_is_constant(fn, e->kids[1]))
        e = pa_expr_strip(e->kids[0]);
    if (!e || e->kind != PA_EXPR_BINARY || e->nkids != 2)
        return false;
    if (e->op != PA_OP_MUL && e->op != PA_OP_SHL && e->op != PA_OP_DIV && e->op != PA_OP_SHR)
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *v = pa_expr_strip(e->kids[side]);
        long long k;
        if (side == 1 && e->op != PA_OP_MUL)
            break; /* only multiplication commutes */
        if (v && v->kind == PA_EXPR_VAR && v->var == var &&
            pa_const_eval(fn, e->kids[1 - side], &k) &&
            k >= (e->op == PA_OP_SHL || e->op == PA_OP_SHR ? 1 : 2))
            return true;
    }
    return false;
}

/* (h + 1) & mask, (h + step) % size: a probe that wraps around a table. */
static bool wraps(const struct pa_expr *e, int var)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_BINARY || (e->op != PA_OP_AND && e->op != PA_OP_MOD))
        return false;
    return pa_expr_uses_var(e->kids[0], var);
}

/* A member chain rooted at var (p->next, up->u.open.next), or the address of a link in the
 * node var points at, reached through a temporary (p = &curr->next with curr = *p). */
static bool follows_link(const struct pa_function *fn, const struct pa_expr *rhs, int var,
                         const struct pa_loop *loop)
{
    rhs = pa_expr_strip(rhs);
    if (!rhs)
        return false;
    bool address = false;
    if (rhs->kind == PA_EXPR_UNARY && rhs->op == PA_OP_ADDR) {
        address = true;
        rhs = pa_expr_strip(rhs->kids[0]);
    }
    if (!rhs || rhs->kind != PA_EXPR_MEMBER)
        return false;
    const struct pa_expr *e = rhs;
    while (e && e->kind == PA_EXPR_MEMBER)
        e = pa_expr_strip(e->kids[0]);
    if (!e || e->kind != PA_EXPR_VAR || e->var < 0)
        return false;
    if (e->var == var)
        return !address;
    if (!address)
        return false;
    /* p = &curr->next: curr must have been loaded from *p in the loop */
    const struct pa_var *t = &fn->vars[e->var];
    for (unsigned i = 0; i < t->ndefs; i++) {
        const struct pa_expr *d = t->defs[i];
        if (!pa_loop_within(t->def_loops[i], loop) || d->kind != PA_EXPR_ASSIGN || d->nkids != 2)
            continue;
        const struct pa_expr *r = pa_expr_strip(d->kids[1]);
        if (r && r->kind == PA_EXPR_UNARY && r->op == PA_OP_DEREF &&
            pa_expr_root_var(r->kids[0]) == var)
            return true;
    }
    return false;
}

/* var = tmp, where tmp was computed from var in the loop: tmp = var->next, tmp = 2 * var + 1 */
static enum pa_step step_through(const struct pa_function *fn, int var, int tmp,
                                 const struct pa_loop *loop)
{
    const struct pa_var *t = &fn->vars[tmp];
    for (unsigned i = 0; i < t->ndefs; i++) {
        const struct pa_expr *d = t->defs[i];
        if (!pa_loop_within(t->def_loops[i], loop) || d->kind != PA_EXPR_ASSIGN ||
            d->op != PA_OP_NONE || d->nkids != 2)
            continue;
        const struct pa_expr *r = pa_expr_strip(d->kids[1]);
        if (follows_link(fn, r, var, loop))
            return PA_STEP_NEXT;
        if (scaled(fn, r, var))
            return PA_STEP_MUL;
    }
    return PA_STEP_OTHER;
}

/* How one assignment to var moves it. */
static enum pa_step step_of_write(const struct pa_function *fn, int var, const struct pa_expr *w,
                                  const struct pa_loop *loop)
{
    if (w->kind == PA_EXPR_UNARY)
        return PA_STEP_ADD_CONST; /* ++ and -- */
    if (w->kind == PA_EXPR_CALL)
        return PA_STEP_OTHER; /* stored through &var */
    if (w->kind != PA_EXPR_ASSIGN || w->nkids != 2)
        return PA_STEP_OTHER;
    const struct pa_expr *rhs = pa_expr_strip(w->kids[1]);
    bool rhs_const = pa_expr_is_constant(fn, rhs);
    switch (w->op) {
    case PA_OP_ADD:
    case PA_OP_SUB:
        return rhs_const ? PA_STEP_ADD_CONST : PA_STEP_ADD_VAR;
    case PA_OP_MUL:
    case PA_OP_DIV:
    case PA_OP_SHL:
    case PA_OP_SHR:
        return rhs_const ? PA_STEP_MUL : PA_STEP_OTHER;
    case PA_OP_NONE:
        break;
    default:
        return PA_STEP_OTHER;
    }
    if (!rhs)
        return PA_STEP_OTHER;
    if (follows_link(fn, rhs, var, loop))
        return PA_STEP_NEXT;
    if (pa_expr_is_halving(fn, rhs))
        return PA_STEP_HALVE_RANGE;
    if (wraps(rhs, var))
        return PA_STEP_PROBE;
    if (scaled(fn, rhs, var))
        return PA_STEP_MUL;
    if (rhs->kind == PA_EXPR_VAR && rhs->var >= 0 && rhs->var != var)
        return step_through(fn, var, rhs->var, loop);
    if (rhs->kind == PA_EXPR_BINARY && rhs->nkids == 2 && rhs->kids[0] &&
        pa_expr_strip(rhs->kids[0])->kind == PA_EXPR_VAR &&
        pa_expr_strip(rhs->kids[0])->var == var) {
        bool c = pa_expr_is_constant(fn, rhs->kids[1]);
        if (rhs->op == PA_OP_ADD || rhs->op == PA_OP_SUB)
            return c ? PA_STEP_ADD_CONST : PA_STEP_ADD_VAR;
        if (rhs->op == PA_OP_MUL || rhs->op == PA_OP_DIV || rhs->op == PA_OP_SHL ||
            rhs->op == PA_OP_SHR)
            return c ? PA_STEP_MUL : PA_STEP_OTHER;
    }
    /* i = i->next written as i = next_of(i) or p = q: unknown movement */
    return PA_STEP_OTHER;
}

enum pa_step pa_var_step(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    return step_in_loop(fn, var, loop);
}

/* The combined movement of var inside loop: the single kind all its writes agree on. */
static enum pa_step step_in_loop(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    if (var < 0)
        return PA_STEP_NONE;
    const struct pa_var *v = &fn->vars[var];
    enum pa_step result = PA_STEP_NONE;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        enum pa_step s = step_of_write(fn, var, v->defs[i], loop);
        if (result == PA_STEP_NONE || result == s)
            result = s;
        else if ((result == PA_STEP_ADD_CONST && s == PA_STEP_ADD_VAR) ||
                 (result == PA_STEP_ADD_VAR && s == PA_STEP_ADD_CONST))
            result = PA_STEP_ADD_VAR;
        else
            result = PA_STEP_OTHER;
    }
    return result;
}

/* The variable an induction side of a comparison names: i, i + 1, p - base, *p... */
static int side_var(const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return -1;
    if (e->kind == PA_EXPR_VAR)
        return e->var;
    if (e->kind == PA_EXPR_ASSIGN && e->op == PA_OP_NONE && e->nkids == 2)
        return side_var(e->kids[1]); /* (c = 2 * i + 1) < n */
    if (e->kind == PA_EXPR_ASSIGN && e->nkids == 2)
        return side_var(e->kids[0]); /* (x >>= 7) != 0 */
    if (e->kind == PA_EXPR_UNARY && e->nkids == 1 &&
        (e->op == PA_OP_POSTDEC || e->op == PA_OP_PREDEC || e->op == PA_OP_POSTINC ||
         e->op == PA_OP_PREINC))
        return side_var(e->kids[0]); /* n-- > 0 */
    if (e->kind == PA_EXPR_BINARY && e->nkids == 2 &&
        (e->op == PA_OP_ADD || e->op == PA_OP_SUB || e->op == PA_OP_MUL || e->op == PA_OP_SHL)) {
        const struct pa_expr *l = pa_expr_strip(e->kids[0]);
        if (l && l->kind == PA_EXPR_VAR)
            return l->var;
        if (l && l->kind == PA_EXPR_BINARY)
            return side_var(l);
        const struct pa_expr *r = pa_expr_strip(e->kids[1]);
        if (e->op == PA_OP_MUL && r && r->kind == PA_EXPR_VAR)
            return r->var; /* 2 * i */
    }
    return -1;
}

struct member_step {
    enum pa_step step;
};

static bool visit_member_write(const struct pa_expr *w, void *data)
{
    struct member_step *ms = data;
    enum pa_step s = PA_STEP_OTHER;
    if (w->kind == PA_EXPR_UNARY)
        s = PA_STEP_ADD_CONST;
    else if (w->kind == PA_EXPR_ASSIGN && (w->op == PA_OP_ADD || w->op == PA_OP_SUB))
        s = PA_STEP_ADD_VAR;
    ms->step = ms->step == PA_STEP_NONE || ms->step == s ? s : PA_STEP_OTHER;
    return true;
}

/* How a field such as q->count moves in the loop: q->count--, v->len += k. */
static enum pa_step member_step(const struct pa_function *fn, const struct pa_loop *loop,
                                const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_MEMBER)
        return PA_STEP_NONE;
    struct member_step ms = {PA_STEP_NONE};
    pa_lvalue_writes_in(fn, e, loop, visit_member_write, &ms);
    return ms.step;
}

/* The parameter a variable stands for: itself, or what a local was set from (p = s). */
static int param_of(const struct pa_function *fn, int var, int depth)
{
    if (var < 0 || depth > 2)
        return -1;
    const struct pa_var *v = &fn->vars[var];
    if (v->kind == PA_VAR_PARAM)
        return v->param_index;
    if (v->kind != PA_VAR_LOCAL)
        return -1;
    int found = -1;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            continue;
        int p = param_of(fn, pa_expr_root_var(d->kids[1]), depth + 1);
        if (p < 0 || (found >= 0 && found != p))
            return -1;
        found = p;
    }
    return found;
}

/* A fixed-size array (a static table of options, a local buffer): walking it from its start
 * to a sentinel is bounded by its declared size. */
static bool is_fixed_table(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (e && e->kind == PA_EXPR_UNARY && e->op == PA_OP_ADDR)
        e = pa_expr_strip(e->kids[0]);
    if (e && e->kind == PA_EXPR_SUBSCRIPT && pa_expr_is_constant(fn, e->kids[1]))
        e = pa_expr_strip(e->kids[0]);
    return e && e->kind == PA_EXPR_VAR && e->var >= 0 && e->type == PA_TYPE_ARRAY &&
           fn->vars[e->var].kind != PA_VAR_PARAM;
}

struct trip_guess {
    enum pa_trip_kind kind;
    enum pa_trip_reason reason;
    int bound_param;
    const struct pa_expr *bound;
};

static const struct pa_loop *loop_of_induction(const struct pa_function *fn,
                                               const struct pa_loop *loop, int var)
{
    for (const struct pa_loop *l = loop->parent; l; l = l->parent)
        if (l->trip.induction_var == var)
            return l;
    (void)fn;
    return NULL;
}

struct bound_scan {
    const struct pa_function *fn;
    const struct pa_loop *loop;
    bool has_strlen, has_member, has_param, has_call, has_outer_var, has_other_var;
    bool only_const_outer; /* every variable is an induction variable of a constant outer loop */
    int param;
};

static bool visit_bound(const struct pa_expr *e, void *data)
{
    struct bound_scan *s = data;
    switch (e->kind) {
    case PA_EXPR_CALL: {
        const struct pa_libc_fn *lib = pa_libc_lookup(e->name);
        if (lib && (lib->flags & PA_LIBC_SCAN)) {
            s->has_strlen = true;
            const struct pa_expr *a = e->nkids ? pa_expr_strip(e->kids[0]) : NULL;
            if (a && a->kind == PA_EXPR_VAR && a->var >= 0 &&
                s->fn->vars[a->var].kind == PA_VAR_PARAM)
                s->param = s->fn->vars[a->var].param_index;
            if (a && a->kind == PA_EXPR_STRING)
                s->has_strlen = false; /* strlen("...") is a constant */
            return false;
        }
        s->has_call = true;
        s->only_const_outer = false;
        return true;
    }
    case PA_EXPR_MEMBER: {
        s->has_member = true;
        s->only_const_outer = false;
        int root = pa_expr_root_var(e);
        if (s->param < 0 && root >= 0 && s->fn->vars[root].kind == PA_VAR_PARAM)
            s->param = s->fn->vars[root].param_index; /* v->len of a parameter v */
        return true;
    }
    case PA_EXPR_SUBSCRIPT:
    case PA_EXPR_OTHER:
        s->only_const_outer = false;
        s->has_other_var = true;
        return true;
    case PA_EXPR_UNARY:
        if (e->op == PA_OP_DEREF) {
            s->only_const_outer = false;
            s->has_other_var = true;
        }
        return true;
    case PA_EXPR_BINARY:
        if ((e->op == PA_OP_MOD || e->op == PA_OP_AND) && pa_expr_is_constant(s->fn, e->kids[1]))
            return false; /* bounded by the constant */
        return true;
    case PA_EXPR_VAR: {
        if (e->is_const_value || e->var < 0 || pa_expr_is_constant(s->fn, e))
            return true;
        const struct pa_var *v = &s->fn->vars[e->var];
        const struct pa_loop *outer = loop_of_induction(s->fn, s->loop, e->var);
        if (outer) {
            s->has_outer_var = true;
            if (outer->trip.kind != PA_TRIP_CONSTANT)
                s->only_const_outer = false;
            return true;
        }
        s->only_const_outer = false;
        if (v->kind == PA_VAR_PARAM) {
            s->has_param = true;
            if (v->type != PA_TYPE_POINTER)
                s->param = v->param_index;
        } else {
            s->has_other_var = true;
        }
        return true;
    }
    default:
        return true;
    }
}

/* How big is a bound expression: constant, or growing with the input (and why)? */
static struct trip_guess classify_bound(const struct pa_function *fn, const struct pa_loop *loop,
                                        const struct pa_expr *bound)
{
    struct trip_guess g = {PA_TRIP_UNKNOWN, PA_REASON_NONE, -1, bound};
    if (!bound)
        return g;
    if (pa_expr_is_constant(fn, bound) || is_fixed_table(fn, bound)) {
        g.kind = PA_TRIP_CONSTANT;
        g.reason = PA_REASON_CONSTANT_BOUND;
        return g;
    }
    struct bound_scan s = {fn, loop, false, false, false, false, false, false, true, -1};
    pa_expr_walk(bound, visit_bound, &s);
    if (s.only_const_outer && s.has_outer_var && !s.has_strlen) {
        g.kind = PA_TRIP_CONSTANT;
        g.reason = PA_REASON_CONSTANT_BOUND;
        return g;
    }
    g.kind = PA_TRIP_LINEAR;
    g.bound_param = s.param;
    if (s.has_strlen)
        g.reason = PA_REASON_STRLEN;
    else if (s.has_member)
        g.reason = PA_REASON_FIELD;
    else if (s.has_outer_var)
        g.reason = PA_REASON_OUTER_LOOP_VAR;
    else if (s.has_param)
        g.reason = PA_REASON_PARAM;
    else if (s.has_call)
        g.reason = PA_REASON_CALL;
    else if (s.has_other_var)
        g.reason = PA_REASON_VARIABLE;
    else {
        g.kind = PA_TRIP_CONSTANT;
        g.reason = PA_REASON_CONSTANT_BOUND;
    }
    return g;
}

/* The value var starts the loop with: its assignment in the for-init, else its single
 * definition before the loop. */
static const struct pa_expr *initial_value(const struct pa_function *fn, const struct pa_loop *loop,
                                           int var)
{
    const struct pa_var *v = &fn->vars[var];
    const struct pa_expr *found = NULL;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE)
            return NULL;
        if (d->line > loop->line)
            continue;
        found = d->kids[1]; /* the last one written before the loop */
    }
    return found;
}

/* One comparison "a op b" of the loop condition. */
static bool classify_comparison(const struct pa_function *fn, struct pa_loop *loop,
                                const struct pa_expr *c, struct trip_guess *out, int *ivar)
{
    if (c->kind != PA_EXPR_BINARY || c->nkids != 2)
        return false;
    if (c->op != PA_OP_LT && c->op != PA_OP_LE && c->op != PA_OP_GT && c->op != PA_OP_GE &&
        c->op != PA_OP_NE)
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *ind = c->kids[side], *bound = c->kids[1 - side];
        int var = side_var(ind);
        enum pa_step st = var >= 0 ? step_in_loop(fn, var, loop) : member_step(fn, loop, ind);
        if (st == PA_STEP_PROBE) {
            *ivar = var;
            *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_HASH_PROBE, -1, bound};
            return true;
        }
        if (st == PA_STEP_NONE || st == PA_STEP_OTHER || st == PA_STEP_NEXT)
            continue;
        *ivar = var;
        int other = side_var(bound);
        enum pa_step other_step = step_in_loop(fn, other, loop);
        if (st == PA_STEP_HALVE_RANGE || other_step == PA_STEP_HALVE_RANGE) {
            *out = (struct trip_guess){PA_TRIP_LOG, PA_REASON_BINARY_SEARCH, -1, bound};
            return true;
        }
        struct trip_guess g = classify_bound(fn, loop, bound);
        const struct pa_expr *start = var >= 0 ? initial_value(fn, loop, var) : NULL;
        /* i > 0, n >= 1, i != 0: counting down to a constant, so the start is what grows */
        bool down = c->op == PA_OP_NE || (side == 0 && (c->op == PA_OP_GT || c->op == PA_OP_GE)) ||
                    (side == 1 && (c->op == PA_OP_LT || c->op == PA_OP_LE));
        if (g.kind == PA_TRIP_CONSTANT && down && start && !pa_expr_is_constant(fn, start)) {
            g = classify_bound(fn, loop, start);
        } else if (g.kind == PA_TRIP_CONSTANT && down && var < 0) {
            /* a field counted down: while (q->count > 0) q->count-- */
            g = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_FIELD, -1, ind};
        } else if (g.kind == PA_TRIP_CONSTANT && down && !start && var >= 0 &&
                   fn->vars[var].kind == PA_VAR_PARAM) {
            g = (struct trip_guess){
                PA_TRIP_LINEAR, PA_REASON_PARAM,
                fn->vars[var].type == PA_TYPE_POINTER ? -1 : fn->vars[var].param_index, ind};
        } else if (g.kind == PA_TRIP_LINEAR && start) {
            /* for (j = i; j < i + 4; j++): the distance is constant */
            const struct pa_expr *b = pa_expr_strip(bound);
            if (b->kind == PA_EXPR_BINARY && (b->op == PA_OP_ADD || b->op == PA_OP_SUB) &&
                pa_expr_same(b->kids[0], start) && pa_expr_is_constant(fn, b->kids[1]))
                g = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_CONSTANT_BOUND, -1, bound};
        }
        if (st == PA_STEP_MUL && g.kind != PA_TRIP_CONSTANT) {
            g.kind = PA_TRIP_LOG;
            g.reason = PA_REASON_HALVING;
        }
        if (g.kind == PA_TRIP_UNKNOWN)
            continue;
        *out = g;
        return true;
    }
    return false;
}

static bool calls_input(const struct pa_expr *e, void *data)
{
    (void)data;
    if (e->kind != PA_EXPR_CALL || !e->name)
        return true;
    const struct pa_libc_fn *lib = pa_libc_lookup(e->name);
    return !(lib && (lib->flags & PA_LIBC_READS_INPUT));
}

static bool visit_hash_index(const struct pa_expr *e, void *data)
{
    (void)data;
    return !(e->kind == PA_EXPR_BINARY && (e->op == PA_OP_MOD || e->op == PA_OP_AND));
}

/* A hash bucket: table[h % size], &t->node[h & mask], or a local holding one. Chains hanging
 * off a bucket are short at a bounded load factor: expected O(1) to walk. */
static bool is_bucket(const struct pa_function *fn, const struct pa_expr *e, int depth)
{
    e = pa_expr_strip(e);
    if (!e || depth > 2)
        return false;
    if (e->kind == PA_EXPR_UNARY && e->op == PA_OP_ADDR)
        return is_bucket(fn, e->kids[0], depth);
    if (e->kind == PA_EXPR_SUBSCRIPT) {
        const struct pa_expr *index = pa_expr_strip(e->kids[1]);
        if (!pa_expr_walk(index, visit_hash_index, NULL))
            return true;
        if (index && index->kind == PA_EXPR_VAR && index->var >= 0) {
            const struct pa_var *v = &fn->vars[index->var];
            for (unsigned i = 0; i < v->ndefs; i++)
                if (v->defs[i]->kind == PA_EXPR_ASSIGN && v->defs[i]->nkids == 2 &&
                    !pa_expr_walk(v->defs[i]->kids[1], visit_hash_index, NULL))
                    return true;
        }
        return false;
    }
    if (e->kind == PA_EXPR_VAR && e->var >= 0 && fn->vars[e->var].kind == PA_VAR_LOCAL) {
        const struct pa_var *v = &fn->vars[e->var];
        return v->ndefs == 1 && v->defs[0]->kind == PA_EXPR_ASSIGN && v->defs[0]->nkids == 2 &&
               is_bucket(fn, v->defs[0]->kids[1], depth + 1);
    }
    return false;
}

/* Is var (re)assigned in the loop only from calls that consume input (strtok, getline)? */
static bool defined_by_input(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    if (var < 0)
        return false;
    const struct pa_var *v = &fn->vars[var];
    bool any = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        const struct pa_expr *call =
            d->kind == PA_EXPR_ASSIGN && d->nkids == 2 ? pa_expr_strip(d->kids[1]) : d;
        if (!call || call->kind != PA_EXPR_CALL)
            return false;
        const struct pa_libc_fn *lib = pa_libc_lookup(call->name);
        if (!lib || !(lib->flags & PA_LIBC_READS_INPUT))
            return false;
        any = true;
    }
    return any;
}

/* Does pointer var move forward through its string in the loop: s++, s += k, or s = p + 1
 * where p was found by a call given s (strchr(s, c))? */
bool pa_var_advances(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    if (var < 0 || fn->vars[var].type != PA_TYPE_POINTER)
        return false;
    const struct pa_var *v = &fn->vars[var];
    bool any = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        any = true;
        if (d->kind == PA_EXPR_UNARY || (d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_ADD))
            continue;
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            return false;
        const struct pa_expr *r = pa_expr_strip(d->kids[1]);
        if (r && r->kind == PA_EXPR_BINARY && r->op == PA_OP_ADD)
            r = pa_expr_strip(r->kids[0]);
        if (!r || r->kind != PA_EXPR_VAR || r->var < 0 || r->var == var)
            return false;
        /* r was found by a call that was given var */
        const struct pa_var *found = &fn->vars[r->var];
        bool from_scan = false;
        for (unsigned j = 0; j < found->ndefs; j++) {
            const struct pa_expr *fd = found->defs[j];
            const struct pa_expr *call =
                fd->kind == PA_EXPR_ASSIGN && fd->nkids == 2 ? pa_expr_strip(fd->kids[1]) : fd;
            if (call && call->kind == PA_EXPR_CALL && call->nkids > 0 &&
                pa_expr_root_var(call->kids[0]) == var)
                from_scan = true;
        }
        if (!from_scan)
            return false;
    }
    return any;
}

struct cursor_scan {
    const struct pa_function *fn;
    const struct pa_loop *loop;
    int var;
};

static bool visit_cursor_scan(const struct pa_expr *e, void *data)
{
    struct cursor_scan *cs = data;
    if (e->kind != PA_EXPR_CALL || e->nkids == 0)
        return true;
    const struct pa_libc_fn *lib = pa_libc_lookup(e->name);
    if (!lib || !(lib->flags & PA_LIBC_SCAN))
        return true;
    int v = pa_expr_root_var(e->kids[0]);
    if (pa_var_advances(cs->fn, v, cs->loop)) {
        cs->var = v;
        return false;
    }
    return true;
}

/* A truth test of a pointer or character: while (p), while (*s), while (s[i]), p != NULL. */
static bool classify_truth(const struct pa_function *fn, struct pa_loop *loop,
                           const struct pa_expr *c, struct trip_guess *out, int *ivar)
{
    c = pa_expr_strip(c);
    if (c->kind == PA_EXPR_BINARY && (c->op == PA_OP_NE || c->op == PA_OP_EQ) && c->nkids == 2) {
        /* x != NULL, *s != '\0' */
        if (pa_expr_is_int(c->kids[1], 0) || pa_expr_is_constant(fn, c->kids[1]))
            c = pa_expr_strip(c->kids[0]);
        else if (pa_expr_is_int(c->kids[0], 0))
            c = pa_expr_strip(c->kids[1]);
        else
            return false;
    }
    if (!c)
        return false;
    if (c->kind == PA_EXPR_UNARY && (c->op == PA_OP_POSTDEC || c->op == PA_OP_PREDEC)) {
        /* while (n--): counts n down to zero */
        struct pa_expr zero = {.kind = PA_EXPR_INT, .var = -1};
        struct pa_expr *kids[2] = {(struct pa_expr *)c, &zero};
        struct pa_expr cmp = {.kind = PA_EXPR_BINARY,
                              .op = PA_OP_GT,
                              .nkids = 2,
                              .kids = kids,
                              .var = -1,
                              .line = c->line};
        return classify_comparison(fn, loop, &cmp, out, ivar);
    }
    if (c->kind == PA_EXPR_ASSIGN && c->op == PA_OP_NONE && c->nkids == 2) {
        /* while ((curr = *p) != NULL) with p = &curr->next: test what was loaded */
        const struct pa_expr *loaded = pa_expr_strip(c->kids[1]);
        if (classify_truth(fn, loop, c->kids[0], out, ivar))
            return true;
        int from = pa_expr_root_var(loaded);
        if (from >= 0 && step_in_loop(fn, from, loop) == PA_STEP_NEXT) {
            *ivar = from;
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_LIST_WALK, -1, loaded};
            return true;
        }
        return false;
    }
    if (c->kind == PA_EXPR_MEMBER && c->kids[0]) {
        /* for (; l->name != NULL; l++): walks an array to its sentinel entry */
        int base = pa_expr_root_var(c->kids[0]);
        enum pa_step st = step_in_loop(fn, base, loop);
        if (st == PA_STEP_ADD_CONST) {
            *ivar = base;
            const struct pa_expr *start = initial_value(fn, loop, base);
            if (start && is_fixed_table(fn, start))
                *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_CONSTANT_BOUND, -1, c};
            else
                *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK,
                                           param_of(fn, base, 0), c};
            return true;
        }
    }
    if (c->kind == PA_EXPR_VAR) {
        if (step_in_loop(fn, c->var, loop) == PA_STEP_NEXT) {
            *ivar = c->var;
            const struct pa_expr *start = initial_value(fn, loop, c->var);
            if (start && is_bucket(fn, start, 0))
                *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_HASH_PROBE, -1, c};
            else
                *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_LIST_WALK,
                                           param_of(fn, c->var, 0), c};
            return true;
        }
        if (defined_by_input(fn, c->var, loop)) {
            /* for (tok = strtok(s, " "); tok; tok = strtok(NULL, " ")) */
            *ivar = c->var;
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, c};
            return true;
        }
        return false;
    }
    const struct pa_expr *base = NULL, *index = NULL;
    if (c->kind == PA_EXPR_UNARY && c->op == PA_OP_DEREF)
        base = pa_expr_strip(c->kids[0]);
    else if (c->kind == PA_EXPR_SUBSCRIPT) {
        base = pa_expr_strip(c->kids[0]);
        index = pa_expr_strip(c->kids[1]);
    }
    if (!base)
        return false;
    /* *s++ or *p with p++ in the body; s[i] with i++ */
    const struct pa_expr *mover = index ? index : base;
    if (mover->kind == PA_EXPR_UNARY && (mover->op == PA_OP_POSTINC || mover->op == PA_OP_PREINC))
        mover = pa_expr_strip(mover->kids[0]);
    int var = side_var(mover);
    enum pa_step st = step_in_loop(fn, var, loop);
    if (st == PA_STEP_PROBE) {
        *ivar = var;
        *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_HASH_PROBE, -1, c};
        return true;
    }
    if (st == PA_STEP_ADD_CONST || st == PA_STEP_ADD_VAR) {
        *ivar = var;
        int walked = param_of(fn, pa_expr_root_var(base), 0);
        *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK, walked, c};
        return true;
    }
    return false;
}

static int rank(enum pa_trip_kind k)
{
    switch (k) {
    case PA_TRIP_CONSTANT:
        return 0;
    case PA_TRIP_LOG:
        return 1;
    case PA_TRIP_LINEAR:
        return 2;
    default:
        return 3;
    }
}

/* The trip count a condition allows: for a && b the smaller of the two (either stops the
 * loop), for a || b the larger (both must fail), a comparison or truth test otherwise. */
static bool classify_condition(const struct pa_function *fn, struct pa_loop *loop,
                               const struct pa_expr *c, struct trip_guess *out, int *ivar,
                               bool *reads_input)
{
    c = pa_expr_strip(c);
    if (!c)
        return false;
    if (c->kind == PA_EXPR_BINARY && c->op == PA_OP_COMMA && c->nkids == 2)
        return classify_condition(fn, loop, c->kids[1], out, ivar, reads_input);
    if (c->kind == PA_EXPR_BINARY && (c->op == PA_OP_LAND || c->op == PA_OP_LOR) && c->nkids == 2) {
        struct trip_guess g[2];
        int v[2] = {-1, -1};
        bool ok[2];
        for (int i = 0; i < 2; i++)
            ok[i] = classify_condition(fn, loop, c->kids[i], &g[i], &v[i], reads_input);
        int pick;
        if (c->op == PA_OP_LAND) {
            if (!ok[0] && !ok[1])
                return false;
            pick = !ok[0] ? 1 : !ok[1] ? 0 : rank(g[1].kind) < rank(g[0].kind);
        } else {
            if (!ok[0] || !ok[1])
                return false;
            pick = rank(g[1].kind) > rank(g[0].kind);
        }
        *out = g[pick];
        *ivar = v[pick];
        return true;
    }
    if (!pa_expr_walk(c, calls_input, NULL)) {
        *reads_input = true;
        return false;
    }
    if (c->kind == PA_EXPR_UNARY && c->op == PA_OP_NOT)
        return false; /* while (!done): a flag, not a bound */
    if (classify_comparison(fn, loop, c, out, ivar) || classify_truth(fn, loop, c, out, ivar))
        return true;
    struct cursor_scan cs = {fn, loop, -1};
    if (!pa_expr_walk(c, visit_cursor_scan, &cs)) {
        /* while ((nl = strchr(s, '\n')) != NULL) s = nl + 1; */
        *ivar = cs.var;
        *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK, -1, c};
        return true;
    }
    return false;
}

static void classify_loop(const struct pa_program *prog, struct pa_function *fn,
                          struct pa_loop *loop)
{
    (void)prog;
    struct pa_trip *t = &loop->trip;
    t->kind = PA_TRIP_UNKNOWN;
    t->reason = PA_REASON_NONE;
    t->induction_var = -1;
    t->bound_param = -1;
    t->bound = NULL;
    if (loop->kind == PA_LOOP_RANGE_FOR) {
        t->kind = PA_TRIP_LINEAR;
        t->reason = PA_REASON_RANGE;
        t->bound = loop->cond;
        return;
    }
    struct trip_guess best = {PA_TRIP_UNKNOWN, PA_REASON_NONE, -1, NULL};
    int best_var = -1;
    bool reads_input = false;
    if (!classify_condition(fn, loop, loop->cond, &best, &best_var, &reads_input)) {
        best = (struct trip_guess){PA_TRIP_UNKNOWN, PA_REASON_NONE, -1, NULL};
        best_var = -1;
    }
    if (best.kind == PA_TRIP_UNKNOWN && reads_input) {
        best = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, loop->cond};
    }
    if (best.kind == PA_TRIP_UNKNOWN && (!loop->cond || pa_expr_is_constant(fn, loop->cond)) &&
        loop->has_early_exit) {
        /* for (;;) { if (read(...) <= 0) break; ... }: the input ends the loop */
        for (unsigned i = 0; i < fn->ncalls; i++) {
            const struct pa_call_site *s = &fn->calls[i];
            const struct pa_libc_fn *lib = pa_libc_lookup(s->call->name);
            if (s->loop == loop && lib && (lib->flags & PA_LIBC_READS_INPUT)) {
                best = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, NULL};
                break;
            }
        }
    }
    t->kind = best.kind;
    t->reason = best.reason;
    t->induction_var = best_var;
    t->bound_param = best.bound_param;
    t->bound = best.bound;
}

void pa_classify_loops(const struct pa_program *prog, struct pa_function *fn)
{
    for (unsigned i = 0; i < fn->nloops; i++)
        classify_loop(prog, fn, fn->loops[i]);
}

const char *pa_trip_reason_text(enum pa_trip_reason reason)
{
    switch (reason) {
    case PA_REASON_CONSTANT_BOUND:
        return "bounded by a constant";
    case PA_REASON_HALVING:
        return "the induction variable is multiplied or divided each step";
    case PA_REASON_BINARY_SEARCH:
        return "binary search: the range halves each step";
    case PA_REASON_PARAM:
        return "bounded by a parameter";
    case PA_REASON_FIELD:
        return "bounded by a length or count field";
    case PA_REASON_STRLEN:
        return "bounded by a string length";
    case PA_REASON_OUTER_LOOP_VAR:
        return "bounded by an enclosing loop's variable";
    case PA_REASON_VARIABLE:
        return "bounded by a size computed from the input";
    case PA_REASON_LIST_WALK:
        return "walks a linked list";
    case PA_REASON_STRING_WALK:
        return "walks a string to its end";
    case PA_REASON_READ_UNTIL_EOF:
        return "reads input until it ends";
    case PA_REASON_RANGE:
        return "iterates over a container";
    case PA_REASON_CALL:
        return "bounded by a value a call returns";
    default:
        return "no bound found";
    }
}
