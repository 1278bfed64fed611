/* summary_receiver.c: the object a C++ member call acts on, as a subject of effects: which
 * expression it is at a call site, whether it is the caller's own object, what the callee's
 * summary says it does to it, and the containers behind standard iterators. */
#include "cxx_catalog.h"
#include "perfaudit/query.h"
#include "perfaudit/summary.h"

#include <string.h>

/* Skips what the compiler adds around an iterator: parentheses and implicit casts kept as
 * one-child expressions, and the converting constructor that makes a const_iterator of an
 * iterator (v.insert(v.begin(), x) passes __normal_iterator<const int *>(v.begin())). */
static const struct pa_expr *through_conversions(const struct pa_expr *e)
{
    for (int depth = 0; e && depth < 8; depth++) {
        e = pa_expr_strip(e);
        if (e && e->kind == PA_EXPR_OTHER && !e->name && e->nkids == 1)
            e = e->kids[0];
        else if (e && e->kind == PA_EXPR_CALL && e->nkids == 1 && !e->receiver && e->callee_usr &&
                 pa_cxx_usr_is_constructor(e->callee_usr) &&
                 (pa_cxx_usr_is_std(e->callee_usr) ||
                  strncmp(e->callee_usr, "c:@N@__gnu_cxx@", 15) == 0))
            e = e->kids[0];
        else
            break;
    }
    return e;
}

enum pa_position pa_iterator_position(const struct pa_expr *e, const struct pa_expr **container)
{
    if (container)
        *container = NULL;
    e = through_conversions(e);
    if (!e || e->kind != PA_EXPR_CALL || !e->callee_usr)
        return PA_POS_NONE;
    const struct pa_cxx_fn *f = pa_cxx_lookup(e->callee_usr);
    if (!f || f->cost != PA_CXX_O1 || !(f->flags & PA_CXX_PURE))
        return PA_POS_NONE;
    const struct pa_expr *c =
        (f->classes & PA_CXX_FREE) ? (e->nkids == 1 ? e->kids[0] : NULL) : e->receiver;
    enum pa_position at;
    if (strcmp(f->name, "begin") == 0 || strcmp(f->name, "cbegin") == 0)
        at = PA_POS_START;
    else if (strcmp(f->name, "end") == 0 || strcmp(f->name, "cend") == 0)
        at = PA_POS_END;
    else if (strcmp(f->name, "rbegin") == 0 || strcmp(f->name, "rend") == 0)
        at = PA_POS_OTHER;
    else
        return PA_POS_NONE;
    if (container)
        *container = c;
    return at;
}

const struct pa_expr *pa_call_object(const struct pa_program *prog, const struct pa_call_site *site)
{
    const struct pa_expr *call = site ? site->call : NULL;
    if (!call)
        return NULL;
    if (call->receiver)
        return call->receiver;
    /* a member operator: C++ passes the object as the first operand */
    if (call->name && strncmp(call->name, "operator", 8) == 0 && call->nkids >= 1 &&
        pa_cxx_usr_is_method(call->callee_usr)) {
        const struct pa_function *target = pa_call_target(prog, site);
        if (!target || call->nkids == target->nparams + 1)
            return call->kids[0];
    }
    return NULL;
}

bool pa_call_on_this(const struct pa_program *prog, const struct pa_call_site *site)
{
    const struct pa_expr *call = site ? site->call : NULL;
    return call && !call->receiver && pa_cxx_usr_is_method(call->callee_usr) &&
           !pa_cxx_usr_is_constructor(call->callee_usr) && !pa_call_object(prog, site);
}

bool pa_call_effect_on_receiver(const struct pa_program *prog, const struct pa_function *fn,
                                const struct pa_call_site *site, enum pa_effect e,
                                struct pa_witness *why)
{
    (void)fn;
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs || (unsigned)e >= PA_EFFECT_COUNT || !(cs->receiver.mask & PA_EFFECT_BIT(e)))
        return false;
    if (why)
        *why = (struct pa_witness){site->call->line, cs, PA_SUBJECT_RECEIVER};
    return true;
}

/* Is pos the object's own size (s.insert(s.size(), x))? */
static bool own_size(const struct pa_expr *pos, const struct pa_expr *object)
{
    pos = through_conversions(pos);
    if (!pos || pos->kind != PA_EXPR_CALL || !pos->receiver || !object ||
        !pa_expr_same(pos->receiver, object))
        return false;
    const struct pa_cxx_fn *f = pa_cxx_lookup(pos->callee_usr);
    return f && (strcmp(f->name, "size") == 0 || strcmp(f->name, "length") == 0);
}

enum pa_position pa_call_receiver_shift_position(const struct pa_program *prog,
                                                 const struct pa_function *fn,
                                                 const struct pa_call_site *site)
{
    (void)fn;
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs || !(cs->receiver.mask & PA_EFFECT_BIT(PA_EFFECT_SHIFTS_TAIL)))
        return PA_POS_NONE;
    const struct pa_effects *fx = &cs->receiver;
    if (fx->shift_at != PA_POS_PARAM)
        return fx->shift_at == PA_POS_START || fx->shift_at == PA_POS_END ? fx->shift_at
                                                                          : PA_POS_OTHER;
    const struct pa_expr *call = site->call;
    if (fx->shift_param < 0 || (unsigned)fx->shift_param >= call->nkids)
        return PA_POS_OTHER;
    const struct pa_expr *pos = call->kids[fx->shift_param];
    if (pa_expr_is_int(pos, 0))
        return PA_POS_START;
    const struct pa_expr *object = pa_call_object(prog, site), *container;
    enum pa_position at = pa_iterator_position(pos, &container);
    if (at != PA_POS_NONE)
        /* an iterator into another container cannot be a position in this one */
        return !object || !container || pa_expr_same(container, object) ? at : PA_POS_OTHER;
    return own_size(pos, object) ? PA_POS_END : PA_POS_OTHER;
}

const struct pa_expr *pa_call_arg_subject(const struct pa_call_site *site, unsigned arg)
{
    if (!site || !site->call || arg >= site->call->nkids)
        return NULL;
    const struct pa_expr *container;
    if (pa_iterator_position(site->call->kids[arg], &container) != PA_POS_NONE && container)
        return container;
    return site->call->kids[arg];
}

/* One step from an lvalue or pointer expression towards what it is rooted in: p->f, *p, &p,
 * +p and p + i (the pointer side) go to p; returns NULL where the root is reached or cannot
 * be named, with *kind telling which: ROOT_THIS (an implicit member, this), ROOT_VAR (e is a
 * variable), ROOT_NONE (a call, a conditional, arithmetic on values). Subscripts and
 * assignments are the callers' business. */
enum root_kind { ROOT_STEP, ROOT_THIS, ROOT_VAR, ROOT_NONE };

static const struct pa_expr *toward_root(const struct pa_expr *e, enum root_kind *kind)
{
    *kind = ROOT_STEP;
    switch (e->kind) {
    case PA_EXPR_VAR:
        *kind = ROOT_VAR;
        return NULL;
    case PA_EXPR_MEMBER:
        if (!e->nkids || !e->kids[0]) {
            *kind = ROOT_THIS; /* an implicit member: this->name */
            return NULL;
        }
        return e->kids[0];
    case PA_EXPR_UNARY:
        if (e->op != PA_OP_DEREF && e->op != PA_OP_ADDR && e->op != PA_OP_PLUS)
            break;
        return e->kids[0];
    case PA_EXPR_BINARY:
        if ((e->op != PA_OP_ADD && e->op != PA_OP_SUB) || e->nkids != 2)
            break;
        return (e->kids[1] &&
                (e->kids[1]->type == PA_TYPE_POINTER || e->kids[1]->type == PA_TYPE_ARRAY))
                   ? e->kids[1]
                   : e->kids[0];
    case PA_EXPR_OTHER:
        if (e->name) {
            *kind = strcmp(e->name, "this") == 0 ? ROOT_THIS : ROOT_NONE;
            return NULL;
        }
        if (e->nkids != 1)
            break;
        return e->kids[0];
    default:
        break;
    }
    *kind = ROOT_NONE;
    return NULL;
}

bool pa_expr_rooted_in_this(const struct pa_expr *e)
{
    for (int depth = 0; e && depth < 64; depth++) {
        if (e->kind == PA_EXPR_SUBSCRIPT || e->kind == PA_EXPR_ASSIGN) {
            e = e->kids[0];
            continue;
        }
        enum root_kind kind;
        e = toward_root(e, &kind);
        if (kind != ROOT_STEP)
            return kind == ROOT_THIS;
    }
    return false;
}

struct persists {
    const struct pa_program *prog;
    const struct pa_function *fn;
    const struct pa_loop *loop;
};

static bool visit_persists(const struct pa_expr *e, void *data)
{
    const struct persists *p = data;
    if (e->kind == PA_EXPR_CALL)
        return false;
    if (e->kind != PA_EXPR_VAR)
        return true;
    if (e->var < 0 || (unsigned)e->var >= p->fn->nvars)
        return false;
    const struct pa_var *v = &p->fn->vars[e->var];
    if (v->kind == PA_VAR_LOCAL && pa_loop_within(v->decl_loop, p->loop))
        return false; /* a new object on every iteration */
    return !pa_var_modified_in(p->prog, p->fn, e->var, p->loop, false);
}

bool pa_object_persists_in(const struct pa_program *prog, const struct pa_function *fn,
                           const struct pa_expr *e, const struct pa_loop *loop)
{
    struct persists p = {prog, fn, loop};
    if (!loop)
        return false;
    /* from the expression down to what it is rooted in: the variable (or this), and every
     * index on the way (rows[i] is another row when i moves); an offset added to a pointer
     * (a + pos) is a place in the same array; what a call returns or a conditional is not
     * known to be one object */
    for (int depth = 0; e && depth < 64; depth++) {
        if (e->kind == PA_EXPR_SUBSCRIPT) {
            if (e->nkids != 2 || !pa_expr_walk(e->kids[1], visit_persists, &p))
                return false;
            e = e->kids[0];
            continue;
        }
        enum root_kind kind;
        const struct pa_expr *next = toward_root(e, &kind);
        if (kind == ROOT_VAR)
            return visit_persists(e, &p);
        if (kind != ROOT_STEP)
            return kind == ROOT_THIS;
        e = next;
    }
    return false;
}
