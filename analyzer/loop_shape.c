/* loop_shape.c: recognising searches, element shifts and per-element inner loops. */
#include "perfaudit/loop_shape.h"
#include "loop_bound.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"

#include <string.h>

const struct pa_loop *pa_loop_growing(const struct pa_loop *loop)
{
    /* a loop followed by leaving its parent does not make the parent repeat it */
    for (; loop; loop = pa_loop_repeating(loop))
        if (loop->trip.kind == PA_TRIP_LINEAR || loop->trip.kind == PA_TRIP_LOG)
            return loop;
    return NULL;
}

struct pa_cx pa_loop_repeat(const struct pa_loop *loop)
{
    struct pa_cx c = PA_CX_ONE;
    for (; loop; loop = pa_loop_repeating(loop)) {
        if (loop->trip.kind == PA_TRIP_LINEAR)
            c = pa_cx_mul(c, PA_CX_N);
        else if (loop->trip.kind == PA_TRIP_LOG)
            c = pa_cx_mul(c, PA_CX_LOG);
    }
    return c;
}

const struct pa_loop *pa_site_repeating_loop(const struct pa_call_site *site)
{
    if (!site->loop || site->leaves_function)
        return NULL; /* followed by return: once per call, whatever loops enclose it */
    return site->leaves_loop ? pa_loop_repeating(site->loop) : site->loop;
}

bool pa_site_repeats(const struct pa_program *prog, const struct pa_call_site *site)
{
    const struct pa_function *target = pa_call_target(prog, site);
    if ((target && target->noreturn) || site->call->noreturn)
        return false; /* a failure path: it runs once, then the program ends */
    return pa_loop_growing(pa_site_repeating_loop(site)) != NULL;
}

static bool is_compare_call(const struct pa_expr *e)
{
    static const char *const compares[] = {"strcmp",     "strncmp",     "memcmp",
                                           "strcasecmp", "strncasecmp", "wcscmp"};
    if (e->kind != PA_EXPR_CALL || !e->name)
        return false;
    for (size_t i = 0; i < sizeof(compares) / sizeof(compares[0]); i++)
        if (strcmp(e->name, compares[i]) == 0)
            return true;
    return false;
}

/* Element data: a[i], p->key, *p: what a search compares against the key. */
static bool visit_element_read(const struct pa_expr *e, void *data)
{
    (void)data;
    return !(e->kind == PA_EXPR_SUBSCRIPT || e->kind == PA_EXPR_MEMBER ||
             (e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF));
}

static bool reads_element(const struct pa_expr *e)
{
    return e && !pa_expr_walk(e, visit_element_read, NULL);
}

/* A comparison of an element against a key: one operand reads the element the loop is at
 * (it uses the induction variable), the other does not (a[j] == key, p->id != id).
 * a[j] == b[j] compares two arrays in step; p != NULL and i < n are bounds. */
static bool element_against_key(int ivar, const struct pa_expr *x, const struct pa_expr *y)
{
    if (!x || !y)
        return false;
    if (ivar < 0)
        return reads_element(x) || reads_element(y);
    bool xi = pa_expr_uses_var(x, ivar), yi = pa_expr_uses_var(y, ivar);
    if (xi == yi)
        return false;
    return reads_element(xi ? x : y);
}

struct compare_scan {
    int ivar;
    bool relational; /* a[i] < key counts too (an insertion point) */
};

static bool visit_equality(const struct pa_expr *e, void *data)
{
    const struct compare_scan *cs = data;
    if (is_compare_call(e) && e->nkids >= 2)
        return !element_against_key(cs->ivar, e->kids[0], e->kids[1]);
    if (e->kind == PA_EXPR_UNARY && e->op == PA_OP_NOT && e->kids[0] &&
        e->kids[0]->kind == PA_EXPR_CALL && !is_compare_call(e->kids[0]))
        return false; /* if (!matches(x)) */
    if (e->kind != PA_EXPR_BINARY || e->nkids != 2)
        return true;
    bool equality = e->op == PA_OP_EQ || e->op == PA_OP_NE;
    bool relational =
        e->op == PA_OP_LT || e->op == PA_OP_LE || e->op == PA_OP_GT || e->op == PA_OP_GE;
    if (!equality && !(relational && cs->relational))
        return true;
    if (pa_expr_is_int(e->kids[1], 0) || pa_expr_is_int(e->kids[0], 0))
        return true; /* p != NULL */
    return !element_against_key(cs->ivar, e->kids[0], e->kids[1]);
}

static bool has_equality(const struct pa_expr *e, int ivar, bool relational)
{
    struct compare_scan cs = {ivar, relational};
    return e && !pa_expr_walk(e, visit_equality, &cs);
}

/* An if in the loop's own body (not in nested loops) that tests for a match. */
static bool body_tests_match(const struct pa_stmt *s, int ivar)
{
    if (!s || s->kind == PA_STMT_LOOP)
        return false;
    if (s->kind == PA_STMT_IF && has_equality(s->expr, ivar, false))
        return true;
    if (s->kind == PA_STMT_IF && s->expr && s->expr->kind == PA_EXPR_CALL)
        return true; /* if (matches(x)) */
    for (unsigned i = 0; i < s->nkids; i++)
        if (body_tests_match(s->kids[i], ivar))
            return true;
    return false;
}

bool pa_loop_is_search(const struct pa_function *fn, const struct pa_loop *loop)
{
    (void)fn;
    int ivar = loop->trip.induction_var;
    if (loop->has_early_exit && body_tests_match(loop->body, ivar))
        return true;
    /* for (i = 0; i < n && a[i] != key; i++), while (p && !found) */
    const struct pa_expr *c = pa_expr_strip(loop->cond);
    if (c && c->kind == PA_EXPR_BINARY && c->op == PA_OP_LAND) {
        for (unsigned i = 0; i < c->nkids; i++) {
            const struct pa_expr *k = pa_expr_strip(c->kids[i]);
            if (!k)
                continue;
            if (has_equality(k, ivar, true) &&
                !(k->kind == PA_EXPR_BINARY && k->op == PA_OP_NE && pa_expr_is_int(k->kids[1], 0)))
                return true;
            if (k->kind == PA_EXPR_UNARY && k->op == PA_OP_NOT && k->kids[0] &&
                k->kids[0]->kind == PA_EXPR_VAR)
                return true;
        }
    }
    return false;
}

/* i and i - 1: the same variable, off by a constant */
static bool adjacent_index(const struct pa_function *fn, const struct pa_expr *a,
                           const struct pa_expr *b)
{
    a = pa_expr_strip(a);
    b = pa_expr_strip(b);
    if (!a || !b)
        return false;
    if (b->kind == PA_EXPR_VAR && a->kind == PA_EXPR_BINARY) {
        const struct pa_expr *t = a;
        a = b;
        b = t;
    }
    if (a->kind != PA_EXPR_VAR || b->kind != PA_EXPR_BINARY ||
        (b->op != PA_OP_ADD && b->op != PA_OP_SUB))
        return false;
    const struct pa_expr *bv = pa_expr_strip(b->kids[0]);
    return bv && bv->kind == PA_EXPR_VAR && bv->var == a->var &&
           pa_expr_is_constant(fn, b->kids[1]);
}

struct shift_ctx {
    const struct pa_function *fn;
    bool found;
};

static bool visit_shift(const struct pa_expr *e, void *data)
{
    struct shift_ctx *ctx = data;
    if (e->kind != PA_EXPR_ASSIGN || e->op != PA_OP_NONE || e->nkids != 2)
        return true;
    const struct pa_expr *l = pa_expr_strip(e->kids[0]), *r = pa_expr_strip(e->kids[1]);
    if (!l || !r || l->kind != PA_EXPR_SUBSCRIPT || r->kind != PA_EXPR_SUBSCRIPT)
        return true;
    int root = pa_expr_root_var(l);
    if (root >= 0 && root == pa_expr_root_var(r) && adjacent_index(ctx->fn, l->kids[1], r->kids[1]))
        ctx->found = true;
    return !ctx->found;
}

static bool stmt_shifts(struct shift_ctx *ctx, const struct pa_stmt *s)
{
    if (!s || s->kind == PA_STMT_LOOP)
        return false;
    pa_expr_walk(s->expr, visit_shift, ctx);
    for (unsigned i = 0; i < s->nkids && !ctx->found; i++)
        stmt_shifts(ctx, s->kids[i]);
    return ctx->found;
}

bool pa_loop_is_shift(const struct pa_function *fn, const struct pa_loop *loop)
{
    struct shift_ctx ctx = {fn, false};
    return stmt_shifts(&ctx, loop->body);
}

/* ---- lookups ---- */

struct subscript_scan {
    const struct pa_function *fn;
    int index_var;
    unsigned params;
    bool subscripts_only; /* a full scan counts param[i] only, not members */
};

static bool visit_searched(const struct pa_expr *e, void *data)
{
    struct subscript_scan *s = data;
    if ((e->kind == PA_EXPR_SUBSCRIPT && pa_expr_uses_var(e->kids[1], s->index_var)) ||
        (e->kind == PA_EXPR_MEMBER && !s->subscripts_only)) {
        int root = pa_expr_root_var(e->kids[0]);
        if (root >= 0 && s->fn->vars[root].kind == PA_VAR_PARAM &&
            s->fn->vars[root].param_index < 32)
            s->params |= 1u << s->fn->vars[root].param_index;
    }
    return true;
}

static void scan_stmt(struct subscript_scan *ss, const struct pa_stmt *st)
{
    if (!st)
        return;
    pa_expr_walk(st->expr, visit_searched, ss);
    if (st->kind == PA_STMT_LOOP) {
        pa_expr_walk(st->loop->cond, visit_searched, ss);
        pa_expr_walk(st->loop->inc, visit_searched, ss);
        scan_stmt(ss, st->loop->body);
    }
    for (unsigned i = 0; i < st->nkids; i++)
        scan_stmt(ss, st->kids[i]);
}

/* Every param[i] the loop reads, i being its induction variable. */
static void scan_stmt_subscripts(struct subscript_scan *ss, const struct pa_loop *l)
{
    pa_expr_walk(l->cond, visit_searched, ss);
    scan_stmt(ss, l->body);
}

static unsigned param_bit(const struct pa_function *fn, int var)
{
    if (var < 0 || fn->vars[var].kind != PA_VAR_PARAM || fn->vars[var].param_index >= 32 ||
        fn->vars[var].param_index < 0)
        return 0;
    return 1u << fn->vars[var].param_index;
}

static unsigned lookup_params(const struct pa_program *prog, const struct pa_function *fn,
                              int depth)
{
    unsigned params = 0;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->trip.kind != PA_TRIP_LINEAR)
            continue;
        bool walk = l->trip.reason == PA_REASON_LIST_WALK;
        bool search = pa_loop_is_search(fn, l);
        if (!walk && !search) {
            /* a full scan: it reads param[i] with its own induction variable */
            struct subscript_scan ss = {fn, l->trip.induction_var, 0, true};
            if (l->trip.induction_var >= 0)
                scan_stmt_subscripts(&ss, l);
            params |= ss.params;
            continue;
        }
        /* the collection: where the walk starts, what bounds it, what it indexes */
        int walker = l->trip.induction_var;
        if (walker >= 0) {
            params |= param_bit(fn, walker);
            const struct pa_var *v = &fn->vars[walker];
            for (unsigned d = 0; d < v->ndefs; d++)
                if (!pa_loop_within(v->def_loops[d], l) && v->defs[d]->kind == PA_EXPR_ASSIGN)
                    params |= param_bit(fn, pa_expr_root_var(v->defs[d]->kids[1]));
        }
        if (l->trip.bound)
            params |= param_bit(fn, pa_expr_root_var(l->trip.bound));
        struct subscript_scan ss = {fn, walker, 0, false};
        if (walker >= 0 && !walk) {
            pa_expr_walk(l->cond, visit_searched, &ss);
            for (unsigned c = 0; c < fn->ncalls; c++)
                if (fn->calls[c].loop == l)
                    pa_expr_walk(fn->calls[c].call, visit_searched, &ss);
        }
        params |= ss.params;
    }
    /* a function that hands its collection to a lookup is a lookup too */
    for (unsigned i = 0; i < fn->ncalls && depth < 3; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        const struct pa_function *target = pa_call_target(prog, s);
        if (!target || target == fn || s->loop)
            continue;
        unsigned inner = lookup_params(prog, target, depth + 1);
        for (unsigned a = 0; a < s->call->nkids && a < 32; a++)
            if (inner & (1u << a))
                params |= param_bit(fn, pa_expr_root_var(s->call->kids[a]));
    }
    /* only pointers and structures are collections; an int is a count */
    unsigned out = 0;
    for (unsigned v = 0; v < fn->nvars; v++) {
        const struct pa_var *var = &fn->vars[v];
        if (var->kind == PA_VAR_PARAM && (params & param_bit(fn, (int)v)) &&
            (var->type == PA_TYPE_POINTER || var->type == PA_TYPE_ARRAY ||
             var->type == PA_TYPE_RECORD))
            out |= param_bit(fn, (int)v);
    }
    return out;
}

unsigned pa_function_lookup_params(const struct pa_program *prog, const struct pa_function *fn)
{
    return lookup_params(prog, fn, 0);
}

/* ---- per-element inner loops ---- */

struct element_scan {
    const struct pa_program *prog;
    const struct pa_function *fn;
    const struct pa_loop *inner, *outer;
    bool per_element, growing;
    int depth;
};

static void scan_value(struct element_scan *s, const struct pa_expr *e);

struct member_writes {
    bool grows, assigned;
};

static bool visit_member_write(const struct pa_expr *w, void *data)
{
    struct member_writes *mw = data;
    if (w->kind == PA_EXPR_UNARY || (w->kind == PA_EXPR_ASSIGN && w->op != PA_OP_NONE))
        mw->grows = true;
    else
        mw->assigned = true;
    return true;
}

/* A field such as t->count or c->head: does the outer loop grow it or reassign it? */
static void scan_member(struct element_scan *s, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e);
    const struct pa_expr *base = pa_expr_strip(e->kids[0]);
    if (base && base->kind == PA_EXPR_SUBSCRIPT && base->nkids == 2 &&
        pa_expr_uses_var(base->kids[1], s->outer->trip.induction_var)) {
        s->per_element = true; /* rows[i].n: the size of the element the outer loop is at */
        return;
    }
    enum pa_step outer_step = root >= 0 && root == s->outer->trip.induction_var
                                  ? pa_var_step(s->fn, root, s->outer)
                                  : PA_STEP_OTHER;
    if (outer_step == PA_STEP_NEXT || outer_step == PA_STEP_CALL) {
        /* b->items with b walking the outer list (p->next, or an iterator's next(p)): this
         * node's own */
        s->per_element = true;
        return;
    }
    if (root >= 0 && root != s->outer->trip.induction_var &&
        pa_var_step(s->fn, root, s->outer) == PA_STEP_NONE) {
        struct member_writes mw = {false, false};
        pa_lvalue_writes_in(s->fn, e, s->outer, visit_member_write, &mw);
        if (mw.grows)
            s->growing = true; /* the collection the inner loop walks grows as we go */
        return;
    }
    scan_value(s, e->kids[0]); /* the element itself changes: p->count with p = p->next */
}

static void scan_var(struct element_scan *s, int v)
{
    if (v < 0 || v == s->inner->trip.induction_var || v == s->outer->trip.induction_var)
        return; /* the outer variable is judged by its use: rows[i].n or j < i */
    enum pa_step step = pa_var_step(s->fn, v, s->outer);
    switch (step) {
    case PA_STEP_NONE:
        if (pa_var_refilled_in(s->fn, v, s->outer, s->inner))
            s->per_element = true; /* the line fgets just read */
        break;
    case PA_STEP_ADD_CONST:
    case PA_STEP_ADD_VAR:
    case PA_STEP_MUL:
        s->growing = true; /* a count that grows as the outer loop goes */
        break;
    case PA_STEP_NEXT:
        s->per_element = true; /* the node the outer walk is at */
        break;
    default: {
        /* assigned afresh in the outer loop: look at what it is assigned from */
        const struct pa_var *var = &s->fn->vars[v];
        bool any = false;
        for (unsigned i = 0; i < var->ndefs && s->depth < 2; i++) {
            if (!pa_loop_within(var->def_loops[i], s->outer) ||
                pa_loop_within(var->def_loops[i], s->inner))
                continue;
            const struct pa_expr *d = var->defs[i];
            if (d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_NONE && d->nkids == 2) {
                any = true;
                s->depth++;
                scan_value(s, d->kids[1]);
                s->depth--;
            } else {
                s->per_element = true; /* filled by a call: strtok, getline */
            }
        }
        (void)any;
        break;
    }
    }
}

static void scan_value(struct element_scan *s, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return;
    switch (e->kind) {
    case PA_EXPR_VAR:
        scan_var(s, e->var);
        return;
    case PA_EXPR_SUBSCRIPT: {
        /* words[i], rows[i].n: the element the outer loop is at */
        const struct pa_expr *index = pa_expr_strip(e->kids[1]);
        if (index && pa_expr_uses_var(index, s->outer->trip.induction_var))
            s->per_element = true;
        break;
    }
    case PA_EXPR_MEMBER:
        if (e->kids[0]) {
            scan_member(s, e);
            return;
        }
        break;
    case PA_EXPR_UNARY:
        if (e->op == PA_OP_DEREF && e->kids[0]) {
            /* *p, with p walking a list of links: the node it points at now */
            int root = pa_expr_root_var(e->kids[0]);
            if (root >= 0 && pa_var_step(s->fn, root, s->outer) == PA_STEP_NEXT)
                s->per_element = true;
        }
        break;
    case PA_EXPR_CALL:
        if (e->nkids && e->name && (pa_libc_lookup(e->name) || e->nkids == 1)) {
            /* strlen(words[i]): the size of what the call is given */
            scan_value(s, e->kids[0]);
            return;
        }
        break;
    default:
        break;
    }
    for (unsigned i = 0; i < e->nkids; i++)
        scan_value(s, e->kids[i]);
}

/* counts[i], rows[i].n: a value stored in the element the outer loop is at */
static bool element_of_outer(const struct pa_expr *bound, const struct pa_loop *outer)
{
    const struct pa_expr *b = pa_expr_strip(bound);
    if (b && b->kind == PA_EXPR_MEMBER && b->nkids)
        b = pa_expr_strip(b->kids[0]);
    return b && b->kind == PA_EXPR_SUBSCRIPT && b->nkids == 2 &&
           pa_expr_uses_var(b->kids[1], outer->trip.induction_var) &&
           !pa_expr_uses_var(b->kids[0], outer->trip.induction_var);
}

bool pa_loop_bound_per_element(const struct pa_program *prog, const struct pa_function *fn,
                               const struct pa_loop *inner, const struct pa_loop *outer)
{
    const struct pa_trip *t = &inner->trip;
    if (t->reason == PA_REASON_CONTINUES_OUTER)
        return true; /* it moves the outer loop's own cursor on: one pass in all */
    if (t->reason == PA_REASON_OUTER_LOOP_VAR && !element_of_outer(t->bound, outer))
        return false; /* j < i: triangular; but j < counts[i] is the size of element i */
    struct element_scan s = {prog, fn, inner, outer, false, false, 0};
    if (t->bound)
        scan_value(&s, t->bound);
    /* a walk starts wherever its variable was pointed before the inner loop; a count-down
     * (while (pad-- > 0)) starts from what its counter was set to in this outer iteration */
    int walker = t->induction_var;
    bool counts_itself = walker >= 0 && t->bound && pa_expr_root_var(t->bound) == walker;
    if (counts_itself) {
        const struct pa_var *v = &fn->vars[walker];
        for (unsigned i = 0; i < v->ndefs; i++)
            if (!pa_loop_within(v->def_loops[i], inner) && pa_loop_within(v->def_loops[i], outer) &&
                v->defs[i]->kind == PA_EXPR_CALL)
                s.per_element = true; /* filled by a call each time round: getdetails(&pad) */
    }
    if (walker >= 0 &&
        (t->reason == PA_REASON_STRING_WALK || t->reason == PA_REASON_LIST_WALK || counts_itself)) {
        const struct pa_var *v = &fn->vars[walker];
        for (unsigned i = 0; i < v->ndefs; i++) {
            if (pa_loop_within(v->def_loops[i], inner) || !pa_loop_within(v->def_loops[i], outer))
                continue;
            const struct pa_expr *d = v->defs[i];
            if (d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_NONE && d->nkids == 2)
                scan_value(&s, d->kids[1]);
        }
    }
    return s.per_element && !s.growing;
}

bool pa_loop_splits_step(const struct pa_loop *inner, const struct pa_loop *outer)
{
    const struct pa_expr *inc = pa_expr_strip(outer->inc);
    if (!inc || inc->kind != PA_EXPR_ASSIGN || inc->op != PA_OP_ADD || inc->nkids != 2 ||
        !inner->trip.bound)
        return false;
    const struct pa_expr *bound = pa_expr_strip(inner->trip.bound);
    const struct pa_expr *step = pa_expr_strip(inc->kids[1]);
    if (pa_expr_same(bound, step))
        return true;
    /* j < i + k with i += k */
    return bound->kind == PA_EXPR_BINARY && bound->op == PA_OP_ADD && bound->nkids == 2 &&
           pa_expr_same(pa_expr_strip(bound->kids[1]), step);
}

struct grid_scan {
    const struct pa_function *fn;
    const struct pa_loop *outer;
    int outer_var, inner_var;
    bool found;
};

/* row[j] with row = m[i] or m + i * w, set in the outer loop: a cell of row i. */
static bool row_of_outer(const struct grid_scan *g, const struct pa_expr *base)
{
    base = pa_expr_strip(base);
    if (!base || base->kind != PA_EXPR_VAR || base->var < 0)
        return false;
    const struct pa_var *v = &g->fn->vars[base->var];
    if (v->kind != PA_VAR_LOCAL || v->type != PA_TYPE_POINTER || v->ndefs == 0)
        return false;
    for (unsigned i = 0; i < v->ndefs; i++)
        if (!pa_loop_within(v->def_loops[i], g->outer) ||
            !pa_expr_uses_var(v->defs[i], g->outer_var))
            return false;
    return true;
}

static bool is_var(const struct pa_expr *e, int var)
{
    e = pa_expr_strip(e);
    return e && e->kind == PA_EXPR_VAR && e->var == var;
}

static bool visit_grid(const struct pa_expr *e, void *data)
{
    struct grid_scan *g = data;
    if (e->kind == PA_EXPR_CALL) {
        /* draw_pixel(canvas, x, y): a cell addressed by both coordinates */
        bool outer = false, inner = false;
        for (unsigned i = 0; i < e->nkids; i++) {
            outer |= is_var(e->kids[i], g->outer_var);
            inner |= is_var(e->kids[i], g->inner_var);
        }
        g->found |= outer && inner;
        return !g->found;
    }
    if (e->kind != PA_EXPR_SUBSCRIPT)
        return true;
    /* m[i][j], m[i * w + j], rows[i].cells[j]: one element of a two-dimensional structure */
    if (pa_expr_uses_var(e->kids[1], g->inner_var) && pa_expr_uses_var(e, g->outer_var)) {
        const struct pa_expr *base = e->kids[0];
        bool outer_in_base = pa_expr_uses_var(base, g->outer_var);
        bool outer_in_index = pa_expr_uses_var(e->kids[1], g->outer_var);
        if (outer_in_base || outer_in_index)
            g->found = true;
    } else if (pa_expr_uses_var(e->kids[1], g->inner_var) && row_of_outer(g, e->kids[0])) {
        g->found = true;
    }
    return !g->found;
}

static bool stmt_walks_grid(struct grid_scan *g, const struct pa_stmt *s)
{
    if (!s)
        return false;
    pa_expr_walk(s->expr, visit_grid, g);
    if (s->kind == PA_STMT_LOOP) {
        pa_expr_walk(s->loop->cond, visit_grid, g);
        stmt_walks_grid(g, s->loop->body);
    }
    for (unsigned i = 0; i < s->nkids && !g->found; i++)
        stmt_walks_grid(g, s->kids[i]);
    return g->found;
}

bool pa_loops_walk_grid(const struct pa_function *fn, const struct pa_loop *inner,
                        const struct pa_loop *outer)
{
    struct grid_scan g = {fn, outer, outer->trip.induction_var, inner->trip.induction_var, false};
    if (g.outer_var < 0 || g.inner_var < 0 || inner->trip.reason == PA_REASON_OUTER_LOOP_VAR)
        return false;
    return stmt_walks_grid(&g, inner->body);
}

/* ---- dense linear-algebra kernels ---- */

/* The loop around `inner` (inner included) whose induction variable is var. */
static const struct pa_loop *loop_of_var(const struct pa_loop *inner, int var)
{
    for (; inner && var >= 0; inner = inner->parent)
        if (inner->trip.induction_var == var)
            return inner;
    return NULL;
}

static int nest_var(const struct pa_loop *inner, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    return e && e->kind == PA_EXPR_VAR && loop_of_var(inner, e->var) ? e->var : -1;
}

static bool uses_nest_var(const struct pa_loop *inner, const struct pa_expr *e)
{
    for (; inner; inner = inner->parent)
        if (pa_expr_uses_var(e, inner->trip.induction_var))
            return true;
    return false;
}

static bool add_dim(struct pa_product_operand *op, int var)
{
    if (var < 0 || op->ndims >= 2 || (op->ndims == 1 && op->dims[0] == var))
        return false; /* a[i][i] walks a diagonal, not a matrix */
    op->dims[op->ndims++] = var;
    return true;
}

/* r * ld or ld * r, ld not moving with the nest: the start of row r. */
static int row_start(const struct pa_loop *inner, const struct pa_expr *e,
                     const struct pa_expr **ld)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_BINARY || e->op != PA_OP_MUL || e->nkids != 2)
        return -1;
    for (int s = 0; s < 2; s++) {
        int v = nest_var(inner, e->kids[s]);
        if (v >= 0 && e->kids[1 - s] && !uses_nest_var(inner, e->kids[1 - s])) {
            *ld = e->kids[1 - s];
            return v;
        }
    }
    return -1;
}

/* An index: i (one dimension), or i * ld + k / k + i * ld (row i, column k). */
static bool parse_index(const struct pa_loop *inner, const struct pa_expr *e,
                        struct pa_product_operand *op)
{
    e = pa_expr_strip(e);
    if (nest_var(inner, e) >= 0)
        return add_dim(op, nest_var(inner, e));
    if (!e || e->kind != PA_EXPR_BINARY || e->op != PA_OP_ADD || e->nkids != 2 || op->ndims)
        return false;
    for (int s = 0; s < 2; s++) {
        const struct pa_expr *ld = NULL;
        int r = row_start(inner, e->kids[s], &ld);
        int c = nest_var(inner, e->kids[1 - s]);
        if (r >= 0 && c >= 0) {
            op->ld = ld;
            return add_dim(op, r) && add_dim(op, c);
        }
    }
    return false;
}

/* A local pointer to one row, set in the loop of that row: p = a + i * n, p = &a[i * n],
 * p = rows[i]. */
static bool parse_row_pointer(const struct pa_function *fn, const struct pa_loop *inner, int var,
                              struct pa_product_operand *op)
{
    const struct pa_var *v = &fn->vars[var];
    if (v->kind != PA_VAR_LOCAL || v->type != PA_TYPE_POINTER || v->ndefs != 1 || v->address_taken)
        return false;
    const struct pa_expr *d = v->defs[0];
    if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
        return false;
    const struct pa_expr *rhs = pa_expr_strip(d->kids[1]);
    int r = -1;
    if (rhs && rhs->kind == PA_EXPR_BINARY && rhs->op == PA_OP_ADD && rhs->nkids == 2) {
        for (int s = 0; s < 2 && r < 0; s++) {
            const struct pa_expr *arr = pa_expr_strip(rhs->kids[s]);
            if (arr && (arr->type == PA_TYPE_POINTER || arr->type == PA_TYPE_ARRAY) &&
                !uses_nest_var(inner, arr) &&
                (r = row_start(inner, rhs->kids[1 - s], &op->ld)) >= 0)
                op->array = arr;
        }
    } else if (rhs && rhs->kind == PA_EXPR_UNARY && rhs->op == PA_OP_ADDR && rhs->kids[0] &&
               rhs->kids[0]->kind == PA_EXPR_SUBSCRIPT && rhs->kids[0]->nkids == 2) {
        const struct pa_expr *arr = pa_expr_strip(rhs->kids[0]->kids[0]);
        if (arr && !uses_nest_var(inner, arr) &&
            (r = row_start(inner, rhs->kids[0]->kids[1], &op->ld)) >= 0)
            op->array = arr;
    } else if (rhs && rhs->kind == PA_EXPR_SUBSCRIPT && rhs->nkids == 2 &&
               rhs->type == PA_TYPE_POINTER) {
        const struct pa_expr *arr = pa_expr_strip(rhs->kids[0]);
        if (arr && !uses_nest_var(inner, arr) && (r = nest_var(inner, rhs->kids[1])) >= 0) {
            op->array = arr;
            op->row_table = true;
        }
    }
    /* set afresh for each row: inside the loop of its row index */
    return r >= 0 && pa_loop_within(v->def_loops[0], loop_of_var(inner, r)) && add_dim(op, r);
}

/* Is var a local pointer set somewhere in the nest around inner (so not one fixed vector)? */
static bool set_in_nest(const struct pa_function *fn, const struct pa_loop *inner, int var)
{
    const struct pa_var *v = &fn->vars[var];
    for (unsigned i = 0; i < v->ndefs; i++)
        if (v->def_loops[i] && pa_loop_within(inner, v->def_loops[i]))
            return true;
    return false;
}

/* A floating-point element of a matrix or vector indexed by the nest's variables, or a local
 * holding one (aik = a[i * n + k], refreshed in the loops of its indices). */
static bool parse_operand(const struct pa_function *fn, const struct pa_loop *inner,
                          const struct pa_expr *e, struct pa_product_operand *op, bool alias)
{
    memset(op, 0, sizeof(*op));
    op->dims[0] = op->dims[1] = -1;
    e = pa_expr_strip(e);
    if (!e || e->type != PA_TYPE_FLOAT)
        return false;
    if (e->kind == PA_EXPR_VAR && alias && e->var >= 0) {
        const struct pa_var *v = &fn->vars[e->var];
        if (v->kind != PA_VAR_LOCAL || v->ndefs != 1 || v->address_taken ||
            v->defs[0]->kind != PA_EXPR_ASSIGN || v->defs[0]->op != PA_OP_NONE ||
            v->defs[0]->nkids != 2 || !parse_operand(fn, inner, v->defs[0]->kids[1], op, false))
            return false;
        for (unsigned d = 0; d < op->ndims; d++)
            if (!pa_loop_within(v->def_loops[0], loop_of_var(inner, op->dims[d])))
                return false;
        return true;
    }
    if (e->kind != PA_EXPR_SUBSCRIPT || e->nkids != 2)
        return false;
    op->element = e;
    const struct pa_expr *base = pa_expr_strip(e->kids[0]);
    if (!base)
        return false;
    if (base->kind == PA_EXPR_SUBSCRIPT && base->nkids == 2) {
        /* a[i][k]: a 2-D array, or a table of rows when a[i] is a pointer */
        op->array = pa_expr_strip(base->kids[0]);
        op->row_table = base->type == PA_TYPE_POINTER;
        return op->array && !uses_nest_var(inner, op->array) &&
               add_dim(op, nest_var(inner, base->kids[1])) &&
               add_dim(op, nest_var(inner, e->kids[1]));
    }
    if (base->kind == PA_EXPR_VAR && base->var >= 0 && set_in_nest(fn, inner, base->var))
        return parse_row_pointer(fn, inner, base->var, op) &&
               add_dim(op, nest_var(inner, e->kids[1]));
    op->array = base;
    return !uses_nest_var(inner, base) && parse_index(inner, e->kids[1], op);
}

/* The factors of a product tree a * b * alpha, at most n of them. */
static bool mul_leaves(const struct pa_expr *e, const struct pa_expr **leaves, unsigned *n,
                       unsigned max)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_MUL && e->nkids == 2)
        return mul_leaves(e->kids[0], leaves, n, max) && mul_leaves(e->kids[1], leaves, n, max);
    if (*n >= max)
        return false;
    leaves[(*n)++] = e;
    return true;
}

/* Where an accumulator is stored after its loop: c[i][j] = s (or +=), in a loop around inner. */
static const struct pa_write *accumulator_store(const struct pa_function *fn,
                                                const struct pa_loop *inner, int var)
{
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        const struct pa_expr *e = w->expr;
        if (w->call >= 0 || w->kind != PA_WRITE_CONTENTS || !w->loop || w->loop == inner ||
            !pa_loop_within(inner, w->loop) || e->kind != PA_EXPR_ASSIGN || e->nkids != 2 ||
            (e->op != PA_OP_NONE && e->op != PA_OP_ADD))
            continue;
        const struct pa_expr *rhs = pa_expr_strip(e->kids[1]);
        if (rhs && rhs->kind == PA_EXPR_VAR && rhs->var == var)
            return w;
    }
    return NULL;
}

static int other_dim(const struct pa_product_operand *op, int var)
{
    return op->ndims == 2 ? (op->dims[0] == var ? op->dims[1] : op->dims[0]) : -1;
}

static bool has_dim(const struct pa_product_operand *op, int var)
{
    for (unsigned d = 0; d < op->ndims; d++)
        if (op->dims[d] == var)
            return true;
    return false;
}

/* Reads the product pattern off one assignment; false when it is not a product. */
static bool recognise_product(const struct pa_function *fn, const struct pa_write *w,
                              struct pa_product *p)
{
    const struct pa_expr *e = w->expr;
    const struct pa_loop *inner = w->loop;
    if (w->call >= 0 || !inner || e->kind != PA_EXPR_ASSIGN || e->nkids != 2)
        return false;
    memset(p, 0, sizeof(*p));
    p->mac = e;
    const struct pa_expr *target = pa_expr_strip(e->kids[0]), *prod = NULL;
    if (e->op == PA_OP_ADD || e->op == PA_OP_SUB) {
        prod = e->kids[1];
        p->negate = e->op == PA_OP_SUB;
    } else if (e->op == PA_OP_NONE) {
        const struct pa_expr *r = pa_expr_strip(e->kids[1]); /* c = c + a * b */
        if (r && r->kind == PA_EXPR_BINARY && (r->op == PA_OP_ADD || r->op == PA_OP_SUB) &&
            r->nkids == 2 && pa_expr_same(r->kids[0], target)) {
            prod = r->kids[1];
            p->negate = r->op == PA_OP_SUB;
        }
    }
    if (!prod || !target || target->type != PA_TYPE_FLOAT)
        return false;
    const struct pa_expr *leaves[3];
    unsigned nleaves = 0, nf = 0;
    struct pa_product_operand f[2], tmp;
    if (!mul_leaves(prod, leaves, &nleaves, 3))
        return false;
    for (unsigned i = 0; i < nleaves; i++) {
        if (parse_operand(fn, inner, leaves[i], &tmp, true)) {
            if (nf == 2)
                return false;
            f[nf++] = tmp;
        } else if (!p->alpha && !uses_nest_var(inner, leaves[i]) &&
                   leaves[i]->kind != PA_EXPR_SUBSCRIPT) {
            p->alpha = leaves[i]; /* a scalar that stays put: alpha */
        } else {
            return false;
        }
    }
    if (nf != 2)
        return false;
    /* the result: the element itself, or an accumulator stored after the summed loop */
    const struct pa_loop *store_loop = NULL;
    p->accumulates = true;
    if (target->kind == PA_EXPR_VAR) {
        if (target->var < 0 || fn->vars[target->var].kind != PA_VAR_LOCAL)
            return false;
        const struct pa_write *st = accumulator_store(fn, inner, target->var);
        if (!st || !parse_operand(fn, st->loop, st->expr->kids[0], &p->c, false))
            return false;
        store_loop = st->loop;
        p->accumulates = st->expr->op == PA_OP_ADD;
    } else if (!parse_operand(fn, inner, target, &p->c, false)) {
        return false;
    }
    /* the summed index: in both factors, not in the result */
    int k = -1;
    for (unsigned d = 0; d < f[0].ndims; d++)
        if (has_dim(&f[1], f[0].dims[d]) && !has_dim(&p->c, f[0].dims[d]))
            k = k < 0 ? f[0].dims[d] : -2;
    if (k < 0)
        return false;
    int row = p->c.dims[0];
    if (p->c.ndims == 2 && f[0].ndims == 2 && f[1].ndims == 2) {
        int r0 = other_dim(&f[0], k), r1 = other_dim(&f[1], k);
        if (r0 == r1 || !has_dim(&p->c, r0) || !has_dim(&p->c, r1))
            return false;
        p->kind = PA_PRODUCT_MATMUL;
        p->a = r0 == row ? f[0] : f[1];
        p->b = r0 == row ? f[1] : f[0];
        p->col = loop_of_var(inner, p->c.dims[1]);
    } else if (p->c.ndims == 1 && f[0].ndims + f[1].ndims == 3) {
        p->kind = PA_PRODUCT_MATVEC;
        p->a = f[0].ndims == 2 ? f[0] : f[1];
        p->b = f[0].ndims == 2 ? f[1] : f[0];
        if (other_dim(&p->a, k) != row)
            return false;
    } else {
        return false;
    }
    if (pa_expr_same(p->c.array, p->a.array) || pa_expr_same(p->c.array, p->b.array))
        return false; /* in place (an LU update): BLAS needs the result apart from its inputs */
    p->row = loop_of_var(inner, row);
    p->sum = loop_of_var(inner, k);
    if (store_loop && pa_loop_within(store_loop, p->sum))
        return false;
    const struct pa_loop *loops[3] = {p->row, p->sum, p->col};
    for (unsigned i = 0; i < 3; i++) {
        if (!loops[i])
            continue;
        if (loops[i]->trip.kind != PA_TRIP_LINEAR)
            return false; /* a 3x3 or 4x4 transform, a small kernel: nothing for BLAS */
        if (!p->outer || loops[i]->depth < p->outer->depth)
            p->outer = loops[i];
    }
    return p->row && p->sum;
}

bool pa_loop_dense_product(const struct pa_function *fn, const struct pa_loop *outer,
                           struct pa_product *out)
{
    for (unsigned i = 0; i < fn->nwrites; i++) {
        if (!pa_loop_within(fn->writes[i].loop, outer))
            continue;
        if (recognise_product(fn, &fn->writes[i], out) && out->outer == outer)
            return true;
    }
    return false;
}
