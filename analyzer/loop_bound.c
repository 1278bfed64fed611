/* loop_bound.c: trip-count classification from a loop's condition and how its variables step. */
#include "loop_bound.h"
#include "loop_bound_cxx.h"
#include "caller_constants.h"
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
    if (rhs && !address && rhs->kind == PA_EXPR_SUBSCRIPT &&
        pa_expr_strip(rhs->kids[0])->kind == PA_EXPR_MEMBER)
        rhs = pa_expr_strip(rhs->kids[0]); /* x = x->forward[level], n = n->child[dir] */
    if (!rhs || rhs->kind != PA_EXPR_MEMBER)
        return false;
    const struct pa_expr *e = rhs;
    /* gco2t(l)->gclist: members reached through casts and &(...)->h of the node itself */
    while (e && (e->kind == PA_EXPR_MEMBER ||
                 (e->kind == PA_EXPR_UNARY && e->op == PA_OP_ADDR && e != rhs)))
        e = pa_expr_strip(e->kids[0]);
    bool through_pointer = false;
    if (e && e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF) {
        e = pa_expr_strip(e->kids[0]); /* pp = &(*pp)->next */
        through_pointer = true;
    }
    if (!e || e->kind != PA_EXPR_VAR || e->var < 0)
        return false;
    if (e->var == var)
        return !address || through_pointer;
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

/* Does tmp start at var and only count up in the loop (j = i; ... j++), so that var = tmp
 * moves var forward past what an inner loop consumed? */
static bool runs_ahead_of(const struct pa_function *fn, int var, int tmp,
                          const struct pa_loop *loop)
{
    const struct pa_var *t = &fn->vars[tmp];
    bool starts = false, steps = false;
    for (unsigned i = 0; i < t->ndefs; i++) {
        if (!pa_loop_within(t->def_loops[i], loop))
            continue;
        const struct pa_expr *d = t->defs[i];
        if (d->kind == PA_EXPR_UNARY && (d->op == PA_OP_POSTINC || d->op == PA_OP_PREINC)) {
            steps = true;
            continue;
        }
        if (d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_ADD && d->nkids == 2 &&
            pa_expr_is_constant(fn, d->kids[1])) {
            steps = true;
            continue;
        }
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            return false;
        const struct pa_expr *r = pa_expr_strip(d->kids[1]);
        if (r && r->kind == PA_EXPR_BINARY && r->op == PA_OP_ADD && r->nkids == 2 &&
            pa_expr_is_constant(fn, r->kids[1]))
            r = pa_expr_strip(r->kids[0]);
        if (!r || r->kind != PA_EXPR_VAR || r->var != var)
            return false;
        starts = true;
    }
    return starts && steps;
}

/* var = tmp, where tmp was computed from var in the loop: tmp = var->next, tmp = 2 * var + 1 */
static enum pa_step step_through(const struct pa_function *fn, int var, int tmp,
                                 const struct pa_loop *loop)
{
    const struct pa_var *t = &fn->vars[tmp];
    if (runs_ahead_of(fn, var, tmp, loop))
        return PA_STEP_ADD_VAR; /* i = j after for (j = i; ...; j++) */
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
    if (rhs->kind == PA_EXPR_BINARY && rhs->op == PA_OP_ADD && rhs->nkids == 2 &&
        pa_expr_is_constant(fn, rhs->kids[1])) {
        const struct pa_expr *t = pa_expr_strip(rhs->kids[0]);
        if (t && t->kind == PA_EXPR_VAR && t->var >= 0 && t->var != var &&
            runs_ahead_of(fn, var, t->var, loop))
            return PA_STEP_ADD_VAR; /* i = j + 1 */
    }
    if (rhs->kind == PA_EXPR_SUBSCRIPT && rhs->nkids == 2 &&
        pa_expr_root_var(rhs->kids[0]) != var) {
        const struct pa_expr *index = pa_expr_strip(rhs->kids[1]);
        if (index && index->kind == PA_EXPR_VAR && index->var == var)
            return PA_STEP_NEXT; /* i = prev[i]: a chain of indices */
    }
    if (rhs->kind == PA_EXPR_CALL && rhs->name) {
        const struct pa_libc_fn *lib = pa_libc_lookup(rhs->name);
        for (unsigned k = 0; k < rhs->nkids && !(lib && (lib->flags & PA_LIBC_READS_INPUT)); k++) {
            const struct pa_expr *a = pa_expr_strip(rhs->kids[k]);
            if (a &&
                (a->kind == PA_EXPR_VAR ||
                 (a->kind == PA_EXPR_BINARY && (a->op == PA_OP_ADD || a->op == PA_OP_SUB))) &&
                pa_expr_root_var(a) == var)
                return PA_STEP_CALL; /* n = next_node(n), p = skip_blanks(p + 1) */
        }
    }
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
    if (e && e->kind == PA_EXPR_BINARY && (e->op == PA_OP_ADD || e->op == PA_OP_SUB) &&
        e->nkids == 2 && pa_expr_is_constant(fn, e->kids[1]))
        e = pa_expr_strip(e->kids[0]); /* b->offset + 1 < b->length */
    if (!e || (e->kind != PA_EXPR_MEMBER && !(e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF)))
        return PA_STEP_NONE; /* a field, or a cursor held through a pointer: ++(*input) */
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
    if (pa_expr_is_caller_constant(fn, bound)) {
        /* checksum(p, 20) from every caller; the parameter is kept for the function's own
         * complexity, which is stated in terms of its parameters */
        g.kind = PA_TRIP_CONSTANT;
        g.reason = PA_REASON_CALLER_CONSTANT;
        g.bound_param = param_of(fn, pa_expr_root_var(bound), 0);
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

static bool is_bucket(const struct pa_function *fn, const struct pa_expr *e, int depth);
static int rank(enum pa_trip_kind k);

/* Is var both counted up and counted down in the loop (a stack pointer: push and pop)? */
static bool moves_both_ways(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    const struct pa_var *v = &fn->vars[var];
    bool up = false, down = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        if (d->kind == PA_EXPR_UNARY) {
            if (d->op == PA_OP_POSTINC || d->op == PA_OP_PREINC)
                up = true;
            else
                down = true;
        } else if (d->kind == PA_EXPR_ASSIGN && (d->op == PA_OP_ADD || d->op == PA_OP_SUB)) {
            if (d->op == PA_OP_ADD)
                up = true;
            else
                down = true;
        }
    }
    return up && down;
}

/* A walk along links (p = p->next, i = prev[i]) tested by its cursor: linear, or constant
 * for a hash bucket's chain. */
enum link_kind { LINK_LIST, LINK_DESCENT, LINK_SKIP_STEP };

/* How var moves along links in loop: one link (a list), two links chosen between (x->left or
 * x->right, x->child[dir]: a descent, one level per step), or x->forward[level] with level
 * counted down by an enclosing loop (one level of a skip list). */
static enum link_kind link_kind_of(const struct pa_function *fn, const struct pa_loop *loop,
                                   int var)
{
    const struct pa_var *v = &fn->vars[var];
    const char *first = NULL;
    bool descent = false, skip = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            return LINK_LIST;
        const struct pa_expr *r = pa_expr_strip(d->kids[1]);
        if (r && r->kind == PA_EXPR_UNARY && r->op == PA_OP_ADDR)
            r = pa_expr_strip(r->kids[0]); /* slot = &(*slot)->left */
        if (r && r->kind == PA_EXPR_SUBSCRIPT && r->nkids == 2 &&
            pa_expr_strip(r->kids[0])->kind != PA_EXPR_MEMBER)
            return LINK_LIST; /* i = prev[i]: a chain of indices */
        if (r && r->kind == PA_EXPR_SUBSCRIPT && r->nkids == 2 &&
            !pa_expr_is_constant(fn, r->kids[1])) {
            const struct pa_expr *index = pa_expr_strip(r->kids[1]);
            const struct pa_loop *levels = index && index->kind == PA_EXPR_VAR
                                               ? loop_of_induction(fn, loop, index->var)
                                               : NULL;
            if (levels && levels->trip.reason == PA_REASON_SKIP_LEVELS)
                skip = true;
            else
                descent = true;
            continue;
        }
        if (!r || r->kind != PA_EXPR_MEMBER || !r->name)
            return LINK_LIST;
        if (!first)
            first = r->name;
        else if (strcmp(first, r->name) != 0)
            descent = true;
    }
    return skip && !descent ? LINK_SKIP_STEP : descent ? LINK_DESCENT : LINK_LIST;
}

static struct trip_guess link_walk(const struct pa_function *fn, const struct pa_loop *loop,
                                   int var, const struct pa_expr *bound)
{
    const struct pa_expr *start = initial_value(fn, loop, var);
    if (start && is_bucket(fn, start, 0))
        return (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_HASH_PROBE, -1, bound};
    switch (link_kind_of(fn, loop, var)) {
    case LINK_DESCENT:
        return (struct trip_guess){PA_TRIP_LOG, PA_REASON_TREE_DESCENT, -1, bound};
    case LINK_SKIP_STEP:
        return (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_SKIP_STEP, -1, bound};
    default:
        return (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_LIST_WALK, param_of(fn, var, 0),
                                   bound};
    }
}

/* Does a loop inside loop move a cursor along x->m[iv] (a skip list's forward pointers at the
 * level loop counts down)? */
static bool walks_levels(const struct pa_function *fn, const struct pa_loop *loop, int iv)
{
    for (unsigned v = 0; v < fn->nvars; v++) {
        const struct pa_var *x = &fn->vars[v];
        for (unsigned i = 0; i < x->ndefs; i++) {
            const struct pa_expr *d = x->defs[i];
            if (x->def_loops[i] == loop || !pa_loop_within(x->def_loops[i], loop) ||
                d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
                continue;
            const struct pa_expr *r = pa_expr_strip(d->kids[1]);
            if (!r || r->kind != PA_EXPR_SUBSCRIPT || r->nkids != 2)
                continue;
            const struct pa_expr *m = pa_expr_strip(r->kids[0]);
            const struct pa_expr *index = pa_expr_strip(r->kids[1]);
            if (m && m->kind == PA_EXPR_MEMBER && pa_expr_root_var(m) == (int)v && index &&
                index->kind == PA_EXPR_VAR && index->var == iv)
                return true;
        }
    }
    return false;
}

/* Is e (or what it points into) a static table initialised with string literals? */
static bool visit_literal(const struct pa_expr *e, void *data)
{
    bool *only = data;
    if (e->kind == PA_EXPR_VAR || e->kind == PA_EXPR_CALL || e->kind == PA_EXPR_MEMBER)
        *only = false;
    return *only;
}

static bool is_literal_table(const struct pa_function *fn, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e);
    if (root < 0 || fn->vars[root].type != PA_TYPE_ARRAY)
        return false;
    const struct pa_var *v = &fn->vars[root];
    if (v->literal_table)
        return true;
    if (v->ndefs != 1 || v->defs[0]->kind != PA_EXPR_ASSIGN || v->defs[0]->nkids != 2)
        return false;
    bool only = true;
    const struct pa_expr *init = v->defs[0]->kids[1];
    for (unsigned i = 0; init && i < init->nkids; i++)
        pa_expr_walk(init->kids[i], visit_literal, &only);
    return only && init && init->nkids > 0;
}

bool pa_expr_is_literal_string(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (e && e->kind == PA_EXPR_STRING)
        return true;
    return e && e->kind == PA_EXPR_SUBSCRIPT && e->nkids == 2 && is_literal_table(fn, e->kids[0]);
}

/* A walk from the start of a fixed table to its sentinel: constant. */
static struct trip_guess table_walk(const struct pa_function *fn, const struct pa_expr *table,
                                    const struct pa_expr *bound)
{
    return (struct trip_guess){PA_TRIP_CONSTANT,
                               is_literal_table(fn, table) ? PA_REASON_LITERAL_TABLE
                                                           : PA_REASON_CONSTANT_BOUND,
                               -1, bound};
}

/* Was var, before loop, only set to constants and counted up once per iteration of earlier
 * loops (not around loop)? Then counting it down takes as long as the longest of them. */
static bool counted_by_earlier_loop(const struct pa_function *fn, const struct pa_loop *loop,
                                    int var, struct trip_guess *out)
{
    const struct pa_var *v = &fn->vars[var];
    const struct pa_loop *longest = NULL;
    if (v->address_taken)
        return false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_loop *l = v->def_loops[i];
        const struct pa_expr *d = v->defs[i];
        if (pa_loop_within(l, loop))
            continue;
        if (d->line > loop->line || (l && pa_loop_within(loop, l)))
            return false;
        if (d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_NONE && d->nkids == 2 &&
            pa_expr_is_constant(fn, d->kids[1]))
            continue;
        bool step = d->kind == PA_EXPR_UNARY ||
                    (d->kind == PA_EXPR_ASSIGN && (d->op == PA_OP_ADD || d->op == PA_OP_SUB) &&
                     d->nkids == 2 && pa_expr_is_constant(fn, d->kids[1]));
        if (!step || !l || l->trip.kind == PA_TRIP_UNKNOWN)
            return false;
        for (const struct pa_loop *p = l; p && !pa_loop_within(loop, p); p = p->parent)
            if (!longest || rank(p->trip.kind) > rank(longest->trip.kind))
                longest = p; /* nested: the steps add up over the whole nest */
    }
    if (!longest) {
        /* only ever set to constants before the loop */
        *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_CONSTANT_BOUND, -1, NULL};
        return true;
    }
    *out = (struct trip_guess){longest->trip.kind, longest->trip.reason, longest->trip.bound_param,
                               longest->trip.bound};
    return true;
}

/* One comparison "a op b" of the loop condition (b NULL stands for 0: while (n--)). */
static bool classify_compare(const struct pa_function *fn, struct pa_loop *loop, enum pa_op op,
                             const struct pa_expr *a, const struct pa_expr *b,
                             struct trip_guess *out, int *ivar)
{
    if (op != PA_OP_LT && op != PA_OP_LE && op != PA_OP_GT && op != PA_OP_GE && op != PA_OP_NE)
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *ind = side ? b : a, *bound = side ? a : b;
        if (!ind)
            continue;
        int var = side_var(ind);
        enum pa_step st = var >= 0 ? step_in_loop(fn, var, loop) : member_step(fn, loop, ind);
        const struct pa_expr *sum = pa_expr_strip(ind);
        if (st == PA_STEP_NONE && sum && sum->kind == PA_EXPR_BINARY && sum->op == PA_OP_ADD &&
            sum->nkids == 2) {
            int right = side_var(sum->kids[1]); /* base + pos < end: pos is what moves */
            if (right >= 0 && step_in_loop(fn, right, loop) != PA_STEP_NONE) {
                var = right;
                st = step_in_loop(fn, var, loop);
            }
        }
        if (st == PA_STEP_PROBE) {
            *ivar = var;
            *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_HASH_PROBE, -1, bound};
            return true;
        }
        if (st == PA_STEP_NEXT && var >= 0) {
            /* while (parent[x] != x) x = parent[x]; p != end with p = p->next */
            *ivar = var;
            *out = link_walk(fn, loop, var, ind);
            return true;
        }
        if (st == PA_STEP_CALL) {
            *ivar = var;
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_ITERATOR, -1, ind};
            return true;
        }
        if (st == PA_STEP_NONE || st == PA_STEP_OTHER || st == PA_STEP_NEXT)
            continue;
        *ivar = var;
        if (var >= 0 && st == PA_STEP_ADD_CONST && moves_both_ways(fn, var, loop)) {
            /* while (top > 0) { x = stack[--top]; ... stack[top++] = y; } */
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_WORKLIST, -1, ind};
            return true;
        }
        int other = side_var(bound);
        enum pa_step other_step = other >= 0 ? step_in_loop(fn, other, loop) : PA_STEP_NONE;
        if (st == PA_STEP_HALVE_RANGE || other_step == PA_STEP_HALVE_RANGE) {
            *out = (struct trip_guess){PA_TRIP_LOG, PA_REASON_BINARY_SEARCH, -1, bound};
            return true;
        }
        struct trip_guess g =
            bound ? classify_bound(fn, loop, bound)
                  : (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_CONSTANT_BOUND, -1, NULL};
        const struct pa_expr *bv = pa_expr_strip(bound);
        struct trip_guess counted;
        if (g.kind == PA_TRIP_LINEAR && g.reason == PA_REASON_VARIABLE && bv &&
            bv->kind == PA_EXPR_VAR && bv->var >= 0 && fn->vars[bv->var].kind == PA_VAR_LOCAL &&
            step_in_loop(fn, bv->var, loop) == PA_STEP_NONE &&
            counted_by_earlier_loop(fn, loop, bv->var, &counted) &&
            rank(counted.kind) < rank(g.kind))
            g = counted; /* i < level, with level counted by a bounded loop before */
        const struct pa_expr *start = var >= 0 ? initial_value(fn, loop, var) : NULL;
        /* i > 0, n >= 1, i != 0: counting down to a constant, so the start is what grows */
        bool down = op == PA_OP_NE || (side == 0 && (op == PA_OP_GT || op == PA_OP_GE)) ||
                    (side == 1 && (op == PA_OP_LT || op == PA_OP_LE));
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
        } else if (g.kind == PA_TRIP_CONSTANT && down && !start && var >= 0 &&
                   fn->vars[var].kind != PA_VAR_PARAM) {
            /* counted down from what an earlier loop counted up (digits pushed, then popped),
             * or from a value set where it cannot be seen (scanf, several paths): linear */
            if (!counted_by_earlier_loop(fn, loop, var, &g))
                g = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_VARIABLE, -1, ind};
        } else if (g.kind == PA_TRIP_LINEAR && start && bound) {
            /* for (j = i; j < i + 4; j++): the distance is constant */
            const struct pa_expr *bb = pa_expr_strip(bound);
            if (bb->kind == PA_EXPR_BINARY && (bb->op == PA_OP_ADD || bb->op == PA_OP_SUB) &&
                pa_expr_same(bb->kids[0], start) && pa_expr_is_constant(fn, bb->kids[1]))
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

/* The one value var is assigned in loop (c = *p++), or NULL. */
static const struct pa_expr *single_def_in(const struct pa_function *fn, int var,
                                           const struct pa_loop *loop)
{
    const struct pa_var *v = &fn->vars[var];
    const struct pa_expr *found = NULL;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        if (found || d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2 ||
            pa_expr_uses_var(d->kids[1], var))
            return NULL;
        found = d->kids[1];
    }
    return found;
}

/* Is var left alone in loop except by call (which may store through &var)? */
static bool changed_only_by(const struct pa_function *fn, int var, const struct pa_loop *loop,
                            const struct pa_expr *call)
{
    const struct pa_var *v = &fn->vars[var];
    for (unsigned i = 0; i < v->ndefs; i++)
        if (pa_loop_within(v->def_loops[i], loop) && v->defs[i] != call)
            return false;
    return true;
}

/* next(it), iter_next(&it), list_next(l, &pos): a project (or unknown) function handed the
 * iterator's state, which nothing else in the loop changes: it advances the state itself. */
static bool is_iterator_call(const struct pa_function *fn, const struct pa_loop *loop,
                             const struct pa_expr *call)
{
    call = pa_expr_strip(call);
    if (!call || call->kind != PA_EXPR_CALL || !call->name || call->nkids == 0 ||
        pa_libc_lookup(call->name))
        return false;
    for (unsigned k = 0; k < call->nkids; k++) {
        const struct pa_expr *a = pa_expr_strip(call->kids[k]);
        if (a && a->kind == PA_EXPR_UNARY && a->op == PA_OP_ADDR)
            a = pa_expr_strip(a->kids[0]);
        if (!a || (a->kind != PA_EXPR_VAR && a->kind != PA_EXPR_MEMBER))
            continue;
        int root = pa_expr_root_var(a);
        if (root >= 0 && changed_only_by(fn, root, loop, call) &&
            (a->type == PA_TYPE_POINTER || a->type == PA_TYPE_RECORD ||
             pa_expr_strip(call->kids[k])->kind == PA_EXPR_UNARY))
            return true;
    }
    return false;
}

static bool classify_truth_at(const struct pa_function *fn, struct pa_loop *loop,
                              const struct pa_expr *c, struct trip_guess *out, int *ivar,
                              int depth);

/* A truth test of a pointer or character: while (p), while (*s), while (s[i]), p != NULL. */
static bool classify_truth(const struct pa_function *fn, struct pa_loop *loop,
                           const struct pa_expr *c, struct trip_guess *out, int *ivar)
{
    return classify_truth_at(fn, loop, c, out, ivar, 0);
}

static bool classify_truth_at(const struct pa_function *fn, struct pa_loop *loop,
                              const struct pa_expr *c, struct trip_guess *out, int *ivar, int depth)
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
    if (c->kind == PA_EXPR_UNARY && (c->op == PA_OP_POSTDEC || c->op == PA_OP_PREDEC))
        return classify_compare(fn, loop, PA_OP_GT, c, NULL, out, ivar); /* while (n--) */
    if (c->kind == PA_EXPR_ASSIGN && c->op == PA_OP_NONE && c->nkids == 2) {
        /* while ((curr = *p) != NULL) with p = &curr->next: test what was loaded */
        const struct pa_expr *loaded = pa_expr_strip(c->kids[1]);
        if (classify_truth_at(fn, loop, c->kids[0], out, ivar, depth + 1))
            return true;
        int from = pa_expr_root_var(loaded);
        if (from >= 0 && step_in_loop(fn, from, loop) == PA_STEP_NEXT) {
            *ivar = from;
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_LIST_WALK, -1, loaded};
            return true;
        }
        if (is_iterator_call(fn, loop, loaded)) {
            /* while ((e = next(it))), while ((e = iter_next(&it)) != NULL) */
            *ivar = pa_expr_root_var(c->kids[0]);
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_ITERATOR, -1, loaded};
            return true;
        }
        return false;
    }
    if (c->kind == PA_EXPR_MEMBER && c->kids[0]) {
        /* for (; l->name != NULL; l++): walks an array to its sentinel entry */
        int base = pa_expr_root_var(c->kids[0]);
        enum pa_step st = step_in_loop(fn, base, loop);
        if (st == PA_STEP_NEXT) {
            /* while (p->next) p = p->next */
            *ivar = base;
            *out = link_walk(fn, loop, base, c);
            return true;
        }
        if (st == PA_STEP_ADD_CONST) {
            *ivar = base;
            const struct pa_expr *start = initial_value(fn, loop, base);
            if (start && is_fixed_table(fn, start))
                *out = table_walk(fn, start, c);
            else
                *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK,
                                           param_of(fn, base, 0), c};
            return true;
        }
    }
    if (c->kind == PA_EXPR_VAR) {
        if (step_in_loop(fn, c->var, loop) == PA_STEP_NEXT) {
            *ivar = c->var;
            *out = link_walk(fn, loop, c->var, c);
            return true;
        }
        if (defined_by_input(fn, c->var, loop)) {
            /* for (tok = strtok(s, " "); tok; tok = strtok(NULL, " ")) */
            *ivar = c->var;
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, c};
            return true;
        }
        enum pa_step st = step_in_loop(fn, c->var, loop);
        if (st == PA_STEP_CALL) {
            /* for (n = first(l); n; n = next_node(n)) */
            *ivar = c->var;
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_ITERATOR, -1, c};
            return true;
        }
        if (st == PA_STEP_ADD_CONST || st == PA_STEP_ADD_VAR)
            return classify_compare(fn, loop, PA_OP_NE, c, NULL, out, ivar); /* while (n) n--; */
        if (depth < 2 && c->var >= 0) {
            /* while (c) { ...; c = *p++; }: the value loaded each time round is what is tested */
            const struct pa_expr *loaded = single_def_in(fn, c->var, loop);
            if (loaded)
                return classify_truth_at(fn, loop, loaded, out, ivar, depth + 1);
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
    if (index) {
        /* while (x->forward[i]) x = x->forward[i]: a link tested through the cursor */
        int root = pa_expr_root_var(base);
        if (root >= 0 && base->kind == PA_EXPR_MEMBER &&
            step_in_loop(fn, root, loop) == PA_STEP_NEXT) {
            *ivar = root;
            *out = link_walk(fn, loop, root, c);
            return true;
        }
    }
    /* *s++ or *p with p++ in the body; s[i] with i++ */
    if (index && pa_expr_is_constant(fn, index))
        index = NULL; /* s[0] is *s: the pointer is what moves */
    if ((base->kind == PA_EXPR_UNARY && base->op == PA_OP_DEREF) || base->kind == PA_EXPR_MEMBER) {
        enum pa_step held = member_step(fn, loop, base);
        if (!index && (held == PA_STEP_ADD_CONST || held == PA_STEP_ADD_VAR)) {
            /* (*input)[0] with ++(*input), b->p[0] with b->p++: a cursor held in memory */
            *ivar = pa_expr_root_var(base);
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK, -1, c};
            return true;
        }
    }
    const struct pa_expr *mover = index ? index : base;
    if (mover->kind == PA_EXPR_UNARY && (mover->op == PA_OP_POSTINC || mover->op == PA_OP_PREINC))
        mover = pa_expr_strip(mover->kids[0]);
    int var = side_var(mover);
    enum pa_step st = step_in_loop(fn, var, loop);
    if (st == PA_STEP_NEXT && !index && var >= 0) {
        /* while (*pp) pp = &(*pp)->next */
        *ivar = var;
        *out = link_walk(fn, loop, var, c);
        return true;
    }
    if (st == PA_STEP_PROBE) {
        *ivar = var;
        *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_HASH_PROBE, -1, c};
        return true;
    }
    if (st == PA_STEP_ADD_CONST || st == PA_STEP_ADD_VAR) {
        *ivar = var;
        /* names[i] or *u with u = names: a fixed table walked to its sentinel */
        const struct pa_expr *start = index ? base : var >= 0 ? initial_value(fn, loop, var) : NULL;
        if (st == PA_STEP_ADD_CONST && start && is_fixed_table(fn, start)) {
            *out = table_walk(fn, start, c);
            return true;
        }
        int walked_var = pa_expr_root_var(base);
        const struct pa_expr *from = walked_var >= 0 ? initial_value(fn, loop, walked_var) : NULL;
        if (walked_var >= 0 && fn->vars[walked_var].kind == PA_VAR_PARAM
                ? fn->vars[walked_var].param_index < 32 &&
                      (fn->constant_params & (1u << fn->vars[walked_var].param_index))
                : from && pa_expr_is_caller_constant(fn, from)) {
            /* for (p = prefix; *p; p++) with a literal prefix from every caller */
            *out = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_CALLER_CONSTANT, -1, c};
            return true;
        }
        int walked = param_of(fn, walked_var, 0);
        *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK, walked, c};
        return true;
    }
    return false;
}

/* Is var changed in loop only by calls it is handed to by address (read_option(&fmt))? */
static bool moved_by_calls(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    const struct pa_var *v = &fn->vars[var];
    bool any = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_CALL)
            return false;
        any = true;
    }
    return any;
}

struct walker_scan {
    const struct pa_function *fn;
    const struct pa_loop *loop;
    int var;
    enum pa_trip_reason reason;
};

/* A pointer read through in the condition (*s, s[k], table[*s]) that the loop moves forward:
 * s++ (a string walk), or through calls given &s (a cursor those calls advance). */
static bool visit_walker(const struct pa_expr *e, void *data)
{
    struct walker_scan *ws = data;
    const struct pa_expr *base = NULL;
    if (e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF)
        base = e->kids[0];
    else if (e->kind == PA_EXPR_SUBSCRIPT)
        base = e->kids[0];
    if (e->kind == PA_EXPR_SUBSCRIPT && e->nkids == 2) {
        /* a[i] < pivot with i++: scans the array until an element stops it */
        const struct pa_expr *index = pa_expr_strip(e->kids[1]);
        int iv = index && index->kind == PA_EXPR_VAR ? index->var : -1;
        if (iv >= 0 && step_in_loop(ws->fn, iv, ws->loop) == PA_STEP_ADD_CONST) {
            ws->var = iv;
            ws->reason = PA_REASON_SENTINEL_SCAN;
            return false;
        }
    }
    int var = pa_expr_root_var(base);
    if (var < 0 || ws->fn->vars[var].type != PA_TYPE_POINTER)
        return true;
    enum pa_step st = step_in_loop(ws->fn, var, ws->loop);
    if (st == PA_STEP_ADD_CONST || st == PA_STEP_ADD_VAR) {
        ws->var = var;
        ws->reason = PA_REASON_STRING_WALK;
        return false;
    }
    if (moved_by_calls(ws->fn, var, ws->loop)) {
        ws->var = var;
        ws->reason = PA_REASON_ITERATOR;
        return false;
    }
    return true;
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
    if (c->kind == PA_EXPR_CALL && c->name && c->nkids == 2 &&
        strcmp(c->name, "__builtin_expect") == 0)
        return classify_condition(fn, loop, c->kids[0], out, ivar, reads_input); /* likely() */
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
            if (ok[0] && ok[1] && g[pick].kind == PA_TRIP_CONSTANT &&
                g[1 - pick].kind != PA_TRIP_CONSTANT)
                g[pick].reason = PA_REASON_CAPPED; /* i < n && i < 16 */
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
    if ((c->kind == PA_EXPR_BINARY && c->nkids == 2 &&
         classify_compare(fn, loop, c->op, c->kids[0], c->kids[1], out, ivar)) ||
        classify_truth(fn, loop, c, out, ivar))
        return true;
    /* (curr = *p) != limit, *p != o: a walk that stops at a given node rather than at NULL */
    if (c->kind == PA_EXPR_BINARY && c->op == PA_OP_NE && c->nkids == 2 &&
        (classify_truth(fn, loop, c->kids[0], out, ivar) ||
         classify_truth(fn, loop, c->kids[1], out, ivar)))
        return true;
    struct cursor_scan cs = {fn, loop, -1};
    if (!pa_expr_walk(c, visit_cursor_scan, &cs)) {
        /* while ((nl = strchr(s, '\n')) != NULL) s = nl + 1; */
        *ivar = cs.var;
        *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_STRING_WALK, -1, c};
        return true;
    }
    struct walker_scan ws = {fn, loop, -1, PA_REASON_NONE};
    pa_expr_walk(c, visit_walker, &ws);
    if (ws.var >= 0) {
        /* while (isspace(*s)) s++;  while (*fmt != '\0') read_option(&fmt); */
        *ivar = ws.var;
        *out = (struct trip_guess){PA_TRIP_LINEAR, ws.reason, -1, c};
        return true;
    }
    return false;
}

/* Does s leave the loop it sits in, directly or at the end of a block: break (not inside a
 * switch: only if and blocks are looked into), return, goto, or a call that never returns? */
static bool stmt_leaves(const struct pa_stmt *s)
{
    if (!s)
        return false;
    switch (s->kind) {
    case PA_STMT_BREAK:
    case PA_STMT_RETURN:
    case PA_STMT_GOTO:
        return true;
    case PA_STMT_BLOCK:
        return s->nkids && stmt_leaves(s->kids[s->nkids - 1]);
    case PA_STMT_EXPR: {
        const struct pa_expr *e = pa_expr_strip(s->expr);
        return e && e->kind == PA_EXPR_CALL && e->noreturn;
    }
    default:
        return false;
    }
}

/* Can s send control back to the top of the loop (continue) or anywhere (goto)? */
static bool goes_round(const struct pa_stmt *s, bool nested)
{
    if (!s)
        return false;
    if (s->kind == PA_STMT_GOTO || (s->kind == PA_STMT_CONTINUE && !nested))
        return true;
    if (s->kind == PA_STMT_LOOP)
        return s->loop && goes_round(s->loop->body, true);
    for (unsigned i = 0; i < s->nkids; i++)
        if (goes_round(s->kids[i], nested))
            return true;
    return false;
}

/* The statements the loop body runs in order on every iteration (its top level). */
static unsigned body_items(const struct pa_loop *loop, struct pa_stmt *const **items)
{
    const struct pa_stmt *b = loop->body;
    if (!b)
        return 0;
    if (b->kind == PA_STMT_BLOCK) {
        *items = b->kids;
        return b->nkids;
    }
    *items = &loop->body;
    return 1;
}

static bool holds_expr(const struct pa_expr *e, void *data)
{
    return e != data;
}

static bool expr_contains(const struct pa_expr *root, const struct pa_expr *e)
{
    return root && !pa_expr_walk(root, holds_expr, (void *)e);
}

/* Is write w of a counter made on every iteration: in the loop's increment, or in a top-level
 * statement of a body that has no continue? */
static bool write_every_iteration(const struct pa_loop *loop, const struct pa_expr *w)
{
    if (expr_contains(loop->inc, w) || expr_contains(loop->cond, w))
        return true;
    struct pa_stmt *const *items;
    unsigned n = body_items(loop, &items);
    for (unsigned i = 0; i < n; i++) {
        if (goes_round(items[i], false))
            return false;
        if (items[i] && items[i]->kind == PA_STMT_EXPR && expr_contains(items[i]->expr, w))
            return true;
    }
    return false;
}

/* Does var step on every iteration of loop (so that a cap on it caps the loop)? */
static bool steps_every_iteration(const struct pa_function *fn, const struct pa_loop *loop, int var)
{
    if (var < 0)
        return false;
    const struct pa_var *v = &fn->vars[var];
    bool any = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        if (v->def_loops[i] != loop || !write_every_iteration(loop, v->defs[i]))
            return false;
        any = true;
    }
    return any;
}

static enum pa_op negate(enum pa_op op)
{
    switch (op) {
    case PA_OP_LT:
        return PA_OP_GE;
    case PA_OP_LE:
        return PA_OP_GT;
    case PA_OP_GT:
        return PA_OP_LE;
    case PA_OP_GE:
        return PA_OP_LT;
    case PA_OP_EQ:
        return PA_OP_NE;
    default:
        return PA_OP_NONE;
    }
}

static bool better(const struct trip_guess *g, bool have, const struct trip_guess *best)
{
    return !have || rank(g->kind) < rank(best->kind);
}

/* The trip count an exit test allows: the loop leaves when cond is true (if (i >= n) break;),
 * or, with when_true false, when it is false. */
static bool classify_exit(const struct pa_function *fn, struct pa_loop *loop,
                          const struct pa_expr *cond, bool when_true, struct trip_guess *out,
                          int *ivar)
{
    bool reads_input = false;
    const struct pa_expr *c = pa_expr_strip(cond);
    if (!c)
        return false;
    if (!when_true || (c->kind == PA_EXPR_UNARY && c->op == PA_OP_NOT)) {
        const struct pa_expr *go_on = when_true ? c->kids[0] : c;
        if (classify_condition(fn, loop, go_on, out, ivar, &reads_input))
            return true;
        if (reads_input) {
            *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, go_on};
            return true;
        }
        return false;
    }
    if (!pa_expr_walk(c, calls_input, NULL)) {
        *out = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, c};
        return true;
    }
    if (c->kind != PA_EXPR_BINARY || c->nkids != 2)
        return false;
    if (c->op == PA_OP_LOR) {
        /* leaves when either holds: the smaller count */
        struct trip_guess g[2];
        int v[2] = {-1, -1};
        bool ok[2];
        for (int i = 0; i < 2; i++)
            ok[i] = classify_exit(fn, loop, c->kids[i], true, &g[i], &v[i]);
        if (!ok[0] && !ok[1])
            return false;
        int pick = !ok[0] ? 1 : !ok[1] ? 0 : rank(g[1].kind) < rank(g[0].kind);
        *out = g[pick];
        *ivar = v[pick];
        return true;
    }
    enum pa_op op = negate(c->op);
    if (op == PA_OP_NONE)
        return false;
    if (classify_compare(fn, loop, op, c->kids[0], c->kids[1], out, ivar))
        return true;
    if (c->op == PA_OP_EQ) {
        /* if (p == NULL) break; if (*s == '\0') return: while (p), while (*s) */
        if (pa_expr_is_constant(fn, c->kids[1]))
            return classify_truth(fn, loop, c->kids[0], out, ivar);
        if (pa_expr_is_constant(fn, c->kids[0]))
            return classify_truth(fn, loop, c->kids[1], out, ivar);
    }
    return false;
}

/* The best bound among the exits tested on every iteration (if (...) break; at the top level
 * of the body, before anything that may continue). With capped_only, only exits whose counter
 * steps on every iteration count (a cap on a counter that moves now and then caps nothing). */
static bool classify_exit_guards(const struct pa_function *fn, struct pa_loop *loop,
                                 bool capped_only, struct trip_guess *out, int *ivar)
{
    struct pa_stmt *const *items;
    unsigned n = body_items(loop, &items);
    bool have = false;
    for (unsigned i = 0; i < n; i++) {
        const struct pa_stmt *st = items[i];
        if (!st)
            continue;
        if (st->kind == PA_STMT_IF && st->nkids == 2) {
            bool then_leaves = stmt_leaves(st->kids[0]);
            bool else_leaves = st->kids[1] && stmt_leaves(st->kids[1]);
            if (then_leaves != else_leaves) {
                struct trip_guess g;
                int v = -1;
                if (classify_exit(fn, loop, st->expr, then_leaves, &g, &v) &&
                    g.kind != PA_TRIP_UNKNOWN && better(&g, have, out) &&
                    (!capped_only || steps_every_iteration(fn, loop, v))) {
                    *out = g;
                    *ivar = v;
                    have = true;
                }
            }
        }
        if (goes_round(st, false))
            break;
    }
    return have;
}

/* Is call given the state named by var (q, &q, q->items) by a project function that stores
 * through that parameter (pop, push, next)? */
static bool passes_to_writer(const struct pa_program *prog, const struct pa_function *fn,
                             const struct pa_call_site *site, int var)
{
    const struct pa_function *target = pa_call_target(prog, site);
    if (!target)
        return false;
    for (unsigned k = 0; k < site->call->nkids && k < 32; k++) {
        if (pa_expr_root_var(site->call->kids[k]) == var && (target->param_writes & (1u << k)))
            return true;
    }
    return false;
}

struct cond_roots {
    int vars[8];
    unsigned n;
};

static bool visit_cond_root(const struct pa_expr *e, void *data)
{
    struct cond_roots *r = data;
    if (e->kind == PA_EXPR_VAR && e->var >= 0 && r->n < 8)
        r->vars[r->n++] = e->var;
    return true;
}

struct member_write_scan {
    bool relinked; /* assigned a value that is not a constant: q->head = n->next */
};

static bool visit_relink(const struct pa_expr *w, void *data)
{
    struct member_write_scan *m = data;
    if (w->kind == PA_EXPR_ASSIGN && w->op == PA_OP_NONE && w->nkids == 2 &&
        pa_expr_strip(w->kids[1])->kind != PA_EXPR_INT)
        m->relinked = true;
    return !m->relinked;
}

static bool visit_cond_member(const struct pa_expr *e, void *data)
{
    void **ctx = data;
    const struct pa_function *fn = ctx[0];
    const struct pa_loop *loop = ctx[1];
    struct member_write_scan *m = ctx[2];
    if (e->kind == PA_EXPR_MEMBER)
        pa_lvalue_writes_in(fn, e, loop, visit_relink, m);
    return !m->relinked;
}

/* A work list drained by the loop: the condition tests some state (!empty(q), h->count > 0,
 * q->head) that the body changes by handing it to a function that stores through it (pop),
 * or by relinking the member it tests (q->head = n->next). */
static bool drains_worklist(const struct pa_program *prog, const struct pa_function *fn,
                            const struct pa_loop *loop, const struct pa_expr *cond, int *state)
{
    if (!cond)
        return false;
    struct member_write_scan m = {false};
    void *ctx[3] = {(void *)fn, (void *)loop, &m};
    pa_expr_walk(cond, visit_cond_member, ctx);
    struct cond_roots r = {{0}, 0};
    pa_expr_walk(cond, visit_cond_root, &r);
    if (m.relinked) {
        *state = r.n ? r.vars[0] : -1;
        return true;
    }
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_loop_within(s->loop, loop) || s->leaves_loop)
            continue;
        for (unsigned k = 0; k < r.n; k++)
            if (step_in_loop(fn, r.vars[k], loop) == PA_STEP_NONE &&
                passes_to_writer(prog, fn, s, r.vars[k])) {
                *state = r.vars[k];
                return true;
            }
    }
    return false;
}

/* !empty(q), q->head, h->count > 0, top != 0: a test that a collection still holds something
 * (rather than ls->current == '=' or testnext(ls, ','), a reader's cursor tested against data). */
static bool tests_emptiness(const struct pa_expr *c)
{
    c = pa_expr_strip(c);
    if (c && c->kind == PA_EXPR_UNARY && c->op == PA_OP_NOT)
        c = pa_expr_strip(c->kids[0]);
    if (!c)
        return false;
    if (c->kind == PA_EXPR_CALL)
        return c->nkids == 1;
    if (c->kind == PA_EXPR_MEMBER || c->kind == PA_EXPR_VAR)
        return true;
    return c->kind == PA_EXPR_BINARY && c->nkids == 2 &&
           (c->op == PA_OP_GT || c->op == PA_OP_NE || c->op == PA_OP_EQ) &&
           pa_expr_is_int(c->kids[1], 0);
}

struct guard_find {
    const struct pa_expr *target;
    const struct pa_expr *cond; /* the innermost if around it */
    bool in_else;
    unsigned ifs;
    bool found;
};

static void find_guard(struct guard_find *g, const struct pa_stmt *s, const struct pa_expr *cond,
                       bool in_else, unsigned ifs)
{
    if (!s || g->found)
        return;
    if (expr_contains(s->expr, g->target)) {
        g->found = true;
        g->cond = cond;
        g->in_else = in_else;
        g->ifs = ifs;
        return;
    }
    if (s->kind == PA_STMT_IF) {
        for (unsigned i = 0; i < s->nkids; i++)
            find_guard(g, s->kids[i], s->expr, i == 1, ifs + 1);
        return;
    }
    if (s->kind == PA_STMT_LOOP && s->loop) {
        const struct pa_loop *l = s->loop;
        if (expr_contains(l->init, g->target) || expr_contains(l->cond, g->target) ||
            expr_contains(l->inc, g->target)) {
            *g = (struct guard_find){g->target, cond, in_else, ifs + 1, true};
            return;
        }
        find_guard(g, l->body, cond, in_else, ifs + 1); /* a nested loop counts as a branch */
        return;
    }
    for (unsigned i = 0; i < s->nkids; i++)
        find_guard(g, s->kids[i], cond, in_else, ifs + (s->kind == PA_STMT_SWITCH));
}

/* A loop run while a flag holds (while (!done), while (running)): the bound is what sets the
 * flag, done = i >= n, or if (i >= n) done = 1; at the top level of the body. Returns false
 * when cond is not a flag; sets out to unknown (reason flag) when the setting is not a bound. */
static bool classify_flag(const struct pa_function *fn, struct pa_loop *loop,
                          const struct pa_expr *cond, struct trip_guess *out, int *ivar)
{
    const struct pa_expr *c = pa_expr_strip(cond);
    bool holds = true; /* the loop goes on while the flag is true */
    if (c && c->kind == PA_EXPR_UNARY && c->op == PA_OP_NOT) {
        holds = false;
        c = pa_expr_strip(c->kids[0]);
    } else if (c && c->kind == PA_EXPR_BINARY && (c->op == PA_OP_EQ || c->op == PA_OP_NE) &&
               pa_expr_is_int(c->kids[1], 0)) {
        holds = c->op == PA_OP_NE;
        c = pa_expr_strip(c->kids[0]);
    }
    if (!c || c->kind != PA_EXPR_VAR || c->var < 0 || fn->vars[c->var].type == PA_TYPE_POINTER)
        return false;
    const struct pa_var *v = &fn->vars[c->var];
    bool any = false, have = false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        if (!pa_loop_within(v->def_loops[i], loop))
            continue;
        const struct pa_expr *d = v->defs[i];
        any = true;
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            return false; /* counted, not set: not a flag */
        struct guard_find gf = {d, NULL, false, 0, false};
        find_guard(&gf, loop->body, NULL, false, 0);
        if (!gf.found || gf.ifs > 1)
            continue;
        struct trip_guess g;
        int gv = -1;
        bool ok;
        const struct pa_expr *value = pa_expr_strip(d->kids[1]);
        if (value && value->kind == PA_EXPR_INT) {
            if ((value->value != 0) == holds || !gf.cond)
                continue; /* keeps the loop going */
            ok = classify_exit(fn, loop, gf.cond, !gf.in_else, &g, &gv);
        } else if (gf.ifs == 0) {
            ok = classify_exit(fn, loop, value, !holds, &g, &gv);
        } else {
            continue;
        }
        if (ok && g.kind != PA_TRIP_UNKNOWN && better(&g, have, out)) {
            *out = g;
            *ivar = gv;
            have = true;
        }
    }
    if (!any)
        return false;
    if (!have)
        *out = (struct trip_guess){PA_TRIP_UNKNOWN, PA_REASON_FLAG, -1, c};
    return true;
}

struct loop_path {
    const struct pa_expr *conds[16]; /* the if statements around the loop, outermost first */
    bool in_else[16];
    unsigned n;
    bool found;
};

static void find_loop_path(struct loop_path *p, const struct pa_stmt *s, const struct pa_loop *loop)
{
    if (!s || p->found)
        return;
    if (s->kind == PA_STMT_LOOP && s->loop) {
        if (s->loop == loop) {
            p->found = true;
            return;
        }
        find_loop_path(p, s->loop->body, loop);
        return;
    }
    if (s->kind == PA_STMT_IF && p->n < 16) {
        for (unsigned i = 0; i < s->nkids && !p->found; i++) {
            p->conds[p->n] = s->expr;
            p->in_else[p->n] = i == 1;
            p->n++;
            find_loop_path(p, s->kids[i], loop);
            if (!p->found)
                p->n--;
        }
        return;
    }
    for (unsigned i = 0; i < s->nkids && !p->found; i++)
        find_loop_path(p, s->kids[i], loop);
}

/* Is x written between line `from` and the end of loop (so a guard on it may be stale)? */
static bool written_after(const struct pa_function *fn, const struct pa_expr *x, unsigned from,
                          const struct pa_loop *loop)
{
    int var = pa_expr_root_var(x);
    if (var < 0)
        return true;
    const struct pa_var *v = &fn->vars[var];
    for (unsigned i = 0; i < v->ndefs; i++)
        if (v->defs[i]->line >= from && v->defs[i]->line <= loop->end_line)
            return true;
    return v->address_taken;
}

/* Does the guard comparison c (taken when holds is true) keep x below a constant? */
static const struct pa_expr *capped_side(const struct pa_function *fn, const struct pa_expr *c,
                                         bool holds)
{
    c = pa_expr_strip(c);
    if (!c || c->kind != PA_EXPR_BINARY || c->nkids != 2)
        return NULL;
    enum pa_op op = holds ? c->op : negate(c->op);
    if ((op == PA_OP_LT || op == PA_OP_LE) && pa_expr_is_constant(fn, c->kids[1]) &&
        !pa_expr_is_constant(fn, c->kids[0]))
        return c->kids[0];
    if ((op == PA_OP_GT || op == PA_OP_GE) && pa_expr_is_constant(fn, c->kids[0]) &&
        !pa_expr_is_constant(fn, c->kids[1]))
        return c->kids[1];
    return NULL;
}

/* Does keeping x small keep this loop's count small: x is its bound (n, n - 1), or the distance
 * x = hi - lo it covers from lo to hi? */
static bool bounds_loop(const struct pa_function *fn, const struct pa_loop *loop,
                        const struct pa_expr *x, const struct pa_expr *bound, int ivar)
{
    x = pa_expr_strip(x);
    const struct pa_expr *b = pa_expr_strip(bound);
    if (!x || !b)
        return false;
    if (b->kind == PA_EXPR_BINARY && (b->op == PA_OP_ADD || b->op == PA_OP_SUB) &&
        pa_expr_is_constant(fn, b->kids[1]))
        b = pa_expr_strip(b->kids[0]);
    if (pa_expr_same(x, b))
        return true;
    if (x->kind == PA_EXPR_BINARY && x->op == PA_OP_SUB && x->nkids == 2 && ivar >= 0) {
        const struct pa_expr *start = initial_value(fn, loop, ivar);
        return start && pa_expr_root_var(x->kids[0]) == pa_expr_root_var(b) &&
               pa_expr_root_var(x->kids[1]) == pa_expr_root_var(start);
    }
    return false;
}

/* if (n < 7) { insertion sort }: a loop bounded by n under a guard that keeps n small. */
static bool under_small_guard(const struct pa_function *fn, const struct pa_loop *loop,
                              const struct pa_expr *bound, int ivar)
{
    struct loop_path path = {{0}, {0}, 0, false};
    find_loop_path(&path, fn->body, loop);
    if (!path.found || !bound)
        return false;
    for (unsigned i = 0; i < path.n; i++) {
        const struct pa_expr *c = pa_expr_strip(path.conds[i]);
        /* then-arm of a && b: both hold; else-arm of a || b: neither holds */
        const struct pa_expr *parts[2] = {c, NULL};
        if (c && c->kind == PA_EXPR_BINARY && c->nkids == 2 &&
            c->op == (path.in_else[i] ? PA_OP_LOR : PA_OP_LAND)) {
            parts[0] = c->kids[0];
            parts[1] = c->kids[1];
        }
        for (int k = 0; k < 2; k++) {
            const struct pa_expr *x = capped_side(fn, parts[k], !path.in_else[i]);
            if (x && bounds_loop(fn, loop, x, bound, ivar) &&
                !written_after(fn, x, path.conds[i]->line, loop))
                return true;
        }
    }
    return false;
}

/* for (j = i; j < n && a[j] == a[i]; j++) ; i = j;  the inner loop starts where the enclosing
 * loop's cursor is and the enclosing loop resumes where it stopped: one pass in all. */
static bool continues_outer(const struct pa_function *fn, const struct pa_loop *loop, int ivar)
{
    if (ivar < 0)
        return false;
    const struct pa_expr *start = pa_expr_strip(initial_value(fn, loop, ivar));
    if (start && start->kind == PA_EXPR_BINARY && start->op == PA_OP_ADD &&
        pa_expr_is_constant(fn, start->kids[1]))
        start = pa_expr_strip(start->kids[0]);
    if (!start || start->kind != PA_EXPR_VAR || start->var < 0)
        return false;
    const struct pa_loop *outer = loop_of_induction(fn, loop, start->var);
    if (!outer)
        return false;
    const struct pa_var *o = &fn->vars[start->var];
    for (unsigned i = 0; i < o->ndefs; i++) {
        if (!pa_loop_within(o->def_loops[i], outer) || pa_loop_within(o->def_loops[i], loop))
            continue;
        const struct pa_expr *d = o->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            continue;
        const struct pa_expr *r = pa_expr_strip(d->kids[1]);
        if (r && r->kind == PA_EXPR_BINARY && r->op == PA_OP_ADD &&
            pa_expr_is_constant(fn, r->kids[1]))
            r = pa_expr_strip(r->kids[0]);
        if (r && r->kind == PA_EXPR_VAR && r->var == ivar && d->line >= loop->line)
            return true;
    }
    return false;
}

/* Does var only move forward inside outer (steps, links, calls that advance it), never
 * being set back? */
static bool only_moves_forward(const struct pa_function *fn, int var, const struct pa_loop *outer)
{
    enum pa_step st = step_in_loop(fn, var, outer);
    return st == PA_STEP_ADD_CONST || st == PA_STEP_ADD_VAR || st == PA_STEP_NEXT ||
           st == PA_STEP_CALL || moved_by_calls(fn, var, outer) ||
           (st == PA_STEP_NONE && fn->vars[var].type == PA_TYPE_POINTER);
}

/* The inner loop moves a cursor the enclosing loop also runs on (the lexer's reader skipping
 * blanks inside the loop over the input; partition's i and j closing in on each other): over
 * the whole enclosing loop the two together make one pass. */
static bool shares_outer_cursor(const struct pa_function *fn, const struct pa_loop *loop, int ivar)
{
    for (const struct pa_loop *p = loop->parent; p; p = p->parent) {
        if (p->trip.kind != PA_TRIP_LINEAR)
            continue;
        if (ivar >= 0 && p->trip.induction_var == ivar && only_moves_forward(fn, ivar, p))
            return true;
        /* a counter this loop steps every time round that bounds the enclosing loop */
        for (unsigned v = 0; v < fn->nvars; v++) {
            if (!(p->trip.induction_var == (int)v ||
                  (p->trip.bound && pa_expr_uses_var(p->trip.bound, (int)v))))
                continue;
            if (step_in_loop(fn, (int)v, loop) == PA_STEP_ADD_CONST &&
                step_in_loop(fn, (int)v, p) == PA_STEP_ADD_CONST &&
                steps_every_iteration(fn, loop, (int)v))
                return true;
        }
    }
    return false;
}

static void classify_loop(const struct pa_program *prog, struct pa_function *fn,
                          struct pa_loop *loop)
{
    struct pa_trip *t = &loop->trip;
    t->kind = PA_TRIP_UNKNOWN;
    t->reason = PA_REASON_NONE;
    t->induction_var = -1;
    t->bound_param = -1;
    t->bound = NULL;
    if (pa_classify_cxx_loop(fn, loop, t)) /* over a standard container */
        return;
    if (loop->kind == PA_LOOP_RANGE_FOR) {
        t->kind = PA_TRIP_LINEAR;
        t->reason = PA_REASON_RANGE;
        t->bound = loop->cond;
        return;
    }
    struct trip_guess best = {PA_TRIP_UNKNOWN, PA_REASON_NONE, -1, NULL};
    int best_var = -1;
    bool reads_input = false;
    /* for (;;), while (1): a literal, not a local that happens to hold constants (a flag) */
    const struct pa_expr *lit = pa_expr_strip(loop->cond);
    bool forever = !lit || (lit->kind == PA_EXPR_INT && lit->value != 0);
    if (!classify_condition(fn, loop, loop->cond, &best, &best_var, &reads_input)) {
        best = (struct trip_guess){PA_TRIP_UNKNOWN, PA_REASON_NONE, -1, NULL};
        best_var = -1;
    }
    if (best.kind == PA_TRIP_UNKNOWN && reads_input) {
        best = (struct trip_guess){PA_TRIP_LINEAR, PA_REASON_READ_UNTIL_EOF, -1, loop->cond};
    }
    if (best.kind == PA_TRIP_UNKNOWN && !forever && !reads_input)
        classify_flag(fn, loop, loop->cond, &best, &best_var);
    int state = -1;
    if (best.kind == PA_TRIP_UNKNOWN && !forever && !reads_input &&
        drains_worklist(prog, fn, loop, loop->cond, &state)) {
        best = (struct trip_guess){
            PA_TRIP_LINEAR, tests_emptiness(loop->cond) ? PA_REASON_WORKLIST : PA_REASON_ITERATOR,
            -1, loop->cond};
        best_var = state; /* the state the calls advance: the loop's cursor */
    }
    /* exits in the body: the only bound of for (;;), or a cap on a counter of any loop */
    struct trip_guess exit;
    int exit_var = -1;
    bool unbounded = best.kind == PA_TRIP_UNKNOWN;
    if (classify_exit_guards(fn, loop, !unbounded, &exit, &exit_var) &&
        (unbounded || rank(exit.kind) < rank(best.kind))) {
        if (!unbounded && exit.kind == PA_TRIP_CONSTANT)
            exit.reason = PA_REASON_CAPPED;
        best = exit;
        best_var = exit_var;
    }
    if (best.kind == PA_TRIP_UNKNOWN && forever && loop->has_early_exit) {
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
    if (best.kind == PA_TRIP_LINEAR && best_var >= 0 &&
        step_in_loop(fn, best_var, loop) == PA_STEP_ADD_CONST && walks_levels(fn, loop, best_var))
        best = (struct trip_guess){PA_TRIP_LOG, PA_REASON_SKIP_LEVELS, -1, best.bound};
    if (best.kind == PA_TRIP_LINEAR && under_small_guard(fn, loop, best.bound, best_var))
        best = (struct trip_guess){PA_TRIP_CONSTANT, PA_REASON_SMALL_GUARD, -1, best.bound};
    if (best.kind == PA_TRIP_LINEAR &&
        (continues_outer(fn, loop, best_var) || shares_outer_cursor(fn, loop, best_var)))
        best.reason = PA_REASON_CONTINUES_OUTER;
    if (best.kind == PA_TRIP_UNKNOWN && best.reason == PA_REASON_NONE)
        best.reason = forever ? PA_REASON_EXIT_IN_BODY : PA_REASON_UNKNOWN_CONDITION;
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
    case PA_REASON_HASH_PROBE:
        return "walks one hash bucket or probe sequence";
    case PA_REASON_ITERATOR:
        return "advances an iterator or cursor through a call until it ends";
    case PA_REASON_WORKLIST:
        return "drains a work list that its body pops from";
    case PA_REASON_CAPPED:
        return "a counter stepped on every iteration is capped by a constant";
    case PA_REASON_CALLER_CONSTANT:
        return "bounded by a parameter every caller passes as a small constant";
    case PA_REASON_SMALL_GUARD:
        return "runs only under a guard that keeps its size below a constant";
    case PA_REASON_TREE_DESCENT:
        return "descends a tree, one level per step";
    case PA_REASON_SKIP_LEVELS:
        return "counts down the levels of a skip list";
    case PA_REASON_SKIP_STEP:
        return "moves along one skip-list level: a constant expected number of steps";
    case PA_REASON_CONTINUES_OUTER:
        return "continues the enclosing loop's cursor: one pass in all";
    case PA_REASON_LITERAL_TABLE:
        return "walks a table of string literals";
    case PA_REASON_EXIT_IN_BODY:
        return "left by a break or return that is not a bound";
    case PA_REASON_FLAG:
        return "runs until a flag is set by something that is not a bound";
    case PA_REASON_UNKNOWN_CONDITION:
        return "its condition is not a bound perfaudit recognises";
    case PA_REASON_SENTINEL_SCAN:
        return "steps through an array until an element stops it";
    default:
        return "no bound found";
    }
}
