/* loop_bound_cxx.c: how many times a C++ loop over a standard container runs. The container
 * is known from the iterators the compiler resolved (c.begin(), c.end(): the std catalogue),
 * never from the names of the project's variables. */
#include "loop_bound_cxx.h"
#include "cxx_catalog.h"
#include "perfaudit/query.h"
#include "perfaudit/summary.h"

#include <string.h>

/* The parameter a container expression is rooted in (v, p->items, *pp), or -1. */
static int root_param(const struct pa_function *fn, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e);
    if (root < 0 || (unsigned)root >= fn->nvars || fn->vars[root].kind != PA_VAR_PARAM)
        return -1;
    return fn->vars[root].param_index;
}

static void linear_in(const struct pa_function *fn, const struct pa_expr *container, int iv,
                      struct pa_trip *t)
{
    *t =
        (struct pa_trip){PA_TRIP_LINEAR, PA_REASON_RANGE, iv, root_param(fn, container), container};
}

/* A range-for: its range is the container; an array or a braced list of constants has a
 * length fixed by the program text. */
static bool range_for(const struct pa_function *fn, const struct pa_loop *loop, struct pa_trip *t)
{
    const struct pa_expr *range = pa_expr_strip(loop->cond);
    if (!range)
        return false;
    if (range->type == PA_TYPE_ARRAY || (range->kind == PA_EXPR_OTHER && !range->name &&
                                         range->nkids && pa_expr_is_constant(fn, range))) {
        *t = (struct pa_trip){PA_TRIP_CONSTANT, PA_REASON_CONSTANT_BOUND, -1, -1, range};
        return true;
    }
    linear_in(fn, range, -1, t);
    return true;
}

/* A variable's value where the loop starts: its one assignment before the loop (the for's
 * init included), NULL when it has none or several. */
static const struct pa_expr *value_before(const struct pa_function *fn, int var,
                                          const struct pa_loop *loop)
{
    const struct pa_var *v = &fn->vars[var];
    const struct pa_expr *value = NULL;
    for (unsigned d = 0; d < v->ndefs; d++) {
        if (pa_loop_within(v->def_loops[d], loop))
            continue;
        const struct pa_expr *def = v->defs[d];
        if (def->kind != PA_EXPR_ASSIGN || def->op != PA_OP_NONE || def->nkids != 2 || value)
            return NULL;
        value = def->kids[1];
    }
    return value;
}

/* Where an iterator expression (or a variable holding one since before the loop) points. */
static enum pa_position iterator_at(const struct pa_function *fn, const struct pa_loop *loop,
                                    const struct pa_expr *e, const struct pa_expr **container)
{
    e = pa_expr_strip(e);
    if (e && e->kind == PA_EXPR_VAR && e->var >= 0 && (unsigned)e->var < fn->nvars) {
        const struct pa_expr *value = value_before(fn, e->var, loop);
        *container = NULL;
        return value ? pa_iterator_position(value, container) : PA_POS_NONE;
    }
    return pa_iterator_position(e, container);
}

static bool is_var(const struct pa_expr *e, int var)
{
    e = pa_expr_strip(e);
    return e && e->kind == PA_EXPR_VAR && e->var == var;
}

/* The operands of it != end: a builtin != (pointer iterators) or an overloaded one. */
static bool not_equal(const struct pa_expr *c, const struct pa_expr **a, const struct pa_expr **b)
{
    c = pa_expr_strip(c);
    if (!c || c->nkids != 2)
        return false;
    bool builtin = c->kind == PA_EXPR_BINARY && c->op == PA_OP_NE;
    bool overloaded = c->kind == PA_EXPR_CALL && c->name && strcmp(c->name, "operator!=") == 0;
    if (!builtin && !overloaded)
        return false;
    *a = c->kids[0];
    *b = c->kids[1];
    return true;
}

struct step_scan {
    int var;
    const struct pa_expr *container;
    unsigned forward; /* ++it, it++, it = c.erase(it) */
    bool other;       /* anything else that may move it (--it, it = x, f(it) by reference) */
};

static bool is_increment(const struct pa_expr *e, int var)
{
    if (e->kind == PA_EXPR_UNARY && (e->op == PA_OP_PREINC || e->op == PA_OP_POSTINC))
        return e->nkids == 1 && is_var(e->kids[0], var);
    return e->kind == PA_EXPR_CALL && e->name && strcmp(e->name, "operator++") == 0 &&
           e->nkids >= 1 && is_var(e->kids[0], var);
}

/* it = c.erase(it): erase returns the iterator after the erased element. */
static bool erases_forward(const struct pa_expr *value, const struct step_scan *s)
{
    value = pa_expr_strip(value);
    while (value && value->kind == PA_EXPR_OTHER && !value->name && value->nkids == 1)
        value = pa_expr_strip(value->kids[0]);
    if (!value || value->kind != PA_EXPR_CALL || !value->receiver || value->nkids < 1 ||
        !pa_expr_same(value->receiver, s->container))
        return false;
    const struct pa_cxx_fn *f = pa_cxx_lookup(value->callee_usr);
    return f && strcmp(f->name, "erase") == 0;
}

static bool visit_step(const struct pa_expr *e, void *data)
{
    struct step_scan *s = data;
    if (is_increment(e, s->var)) {
        s->forward++;
        return true;
    }
    bool assign_call = e->kind == PA_EXPR_CALL && e->name && strcmp(e->name, "operator=") == 0 &&
                       e->nkids == 2 && is_var(e->kids[0], s->var);
    bool assign = e->kind == PA_EXPR_ASSIGN && e->nkids == 2 && is_var(e->kids[0], s->var);
    if (assign_call || (assign && e->op == PA_OP_NONE)) {
        if (erases_forward(e->kids[1], s))
            s->forward++;
        else
            s->other = true;
        return true;
    }
    if (assign || (e->kind == PA_EXPR_UNARY && e->nkids == 1 && is_var(e->kids[0], s->var) &&
                   (e->op == PA_OP_PREDEC || e->op == PA_OP_POSTDEC || e->op == PA_OP_ADDR))) {
        s->other = true;
        return true;
    }
    if (e->kind != PA_EXPR_CALL || !e->name)
        return true;
    /* handed to a function: only the standard library's, which take iterators by value, and
     * the operators that read it (*it, it->x, it != end) leave it where it is */
    bool reads = strcmp(e->name, "operator*") == 0 || strcmp(e->name, "operator->") == 0 ||
                 strcmp(e->name, "operator!=") == 0 || strcmp(e->name, "operator==") == 0 ||
                 pa_cxx_usr_is_std(e->callee_usr);
    for (unsigned k = 0; k < e->nkids && !reads; k++)
        if (is_var(e->kids[k], s->var))
            s->other = true;
    return true;
}

/* Is the iterator var stepped forward through the loop and moved by nothing else? */
static bool steps_forward(const struct pa_loop *loop, int var, const struct pa_expr *container)
{
    struct step_scan s = {var, container, 0, false};
    if (loop->inc)
        pa_expr_walk(loop->inc, visit_step, &s);
    if (loop->body)
        pa_stmt_walk_exprs(loop->body, visit_step, &s);
    return s.forward > 0 && !s.other;
}

/* for (it = c.begin(); it != c.end(); ++it), while (it != end) with end = c.end(). */
static bool iterator_loop(const struct pa_function *fn, const struct pa_loop *loop,
                          struct pa_trip *t)
{
    const struct pa_expr *cond = pa_expr_strip(loop->cond), *a, *b;
    /* it != end && more: the walk bounds it whatever the rest says */
    while (cond && cond->kind == PA_EXPR_BINARY && cond->op == PA_OP_LAND && cond->nkids == 2) {
        if (not_equal(cond->kids[0], &a, &b))
            break;
        cond = pa_expr_strip(cond->kids[1]);
    }
    if (cond && cond->kind == PA_EXPR_BINARY && cond->op == PA_OP_LAND)
        cond = pa_expr_strip(cond->kids[0]);
    if (!not_equal(cond, &a, &b))
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *it = pa_expr_strip(side ? b : a), *end = side ? a : b;
        const struct pa_expr *from = NULL, *to = NULL;
        if (!it || it->kind != PA_EXPR_VAR || it->var < 0 || (unsigned)it->var >= fn->nvars)
            continue;
        if (iterator_at(fn, loop, end, &to) != PA_POS_END || !to)
            continue;
        if (iterator_at(fn, loop, it, &from) != PA_POS_START || !from || !pa_expr_same(from, to))
            continue;
        if (!steps_forward(loop, it->var, to))
            continue;
        linear_in(fn, to, it->var, t);
        return true;
    }
    return false;
}

bool pa_classify_cxx_loop(const struct pa_function *fn, const struct pa_loop *loop,
                          struct pa_trip *trip)
{
    if (loop->kind == PA_LOOP_RANGE_FOR)
        return range_for(fn, loop, trip);
    if (loop->kind == PA_LOOP_DO)
        return false;
    return iterator_loop(fn, loop, trip);
}
