/* growth.c: telling constant-step buffer growth from geometric growth. */
#include "growth.h"
#include "libc_catalog.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"

/* How one assignment or ++ changes the size `target` (a variable or a member such as
 * v->cap): by a constant or a value that does not scale with it (linear), or in proportion. */
static enum pa_growth growth_of_write(const struct pa_expr *target, const struct pa_expr *d)
{
    if (d->kind == PA_EXPR_UNARY)
        return PA_GROWTH_LINEAR; /* n++ */
    if (d->kind != PA_EXPR_ASSIGN || d->nkids != 2)
        return PA_GROWTH_NONE;
    const struct pa_expr *rhs = pa_expr_strip(d->kids[1]);
    switch (d->op) {
    case PA_OP_MUL:
    case PA_OP_SHL:
        return PA_GROWTH_GEOMETRIC;
    case PA_OP_ADD: /* cap += cap scales; cap += 16 does not */
        return rhs && pa_expr_same(rhs, target) ? PA_GROWTH_GEOMETRIC : PA_GROWTH_LINEAR;
    case PA_OP_NONE:
        break;
    default:
        return PA_GROWTH_NONE;
    }
    if (!rhs)
        return PA_GROWTH_NONE;
    if (rhs->kind == PA_EXPR_COND && rhs->nkids == 3) {
        /* cap = cap ? cap * 2 : 16 */
        struct pa_expr fake = *d;
        struct pa_expr *kids[2] = {d->kids[0], rhs->kids[1]};
        fake.kids = kids;
        return growth_of_write(target, &fake);
    }
    if (rhs->kind != PA_EXPR_BINARY || rhs->nkids != 2)
        return PA_GROWTH_NONE;
    bool left = pa_expr_same(pa_expr_strip(rhs->kids[0]), target);
    bool right = pa_expr_same(pa_expr_strip(rhs->kids[1]), target);
    if (!left && !right)
        return PA_GROWTH_NONE;
    if (rhs->op == PA_OP_MUL || rhs->op == PA_OP_SHL)
        return PA_GROWTH_GEOMETRIC;
    if (rhs->op == PA_OP_ADD) {
        /* cap + cap / 2 scales with cap; cap + 16 does not */
        const struct pa_expr *other = pa_expr_strip(rhs->kids[left ? 1 : 0]);
        bool scales = false;
        if (other && other->kind == PA_EXPR_BINARY && other->nkids == 2)
            scales = pa_expr_same(pa_expr_strip(other->kids[0]), target) ||
                     pa_expr_same(pa_expr_strip(other->kids[1]), target);
        return scales ? PA_GROWTH_GEOMETRIC : PA_GROWTH_LINEAR;
    }
    return PA_GROWTH_NONE;
}

struct size_scan {
    const struct pa_function *fn;
    const struct pa_loop *loop; /* NULL: anywhere in the function (growth per call) */
    enum pa_growth growth;
};

/* The direct stores to the lvalue target anywhere in fn. */
static void writes_anywhere(const struct pa_function *fn, const struct pa_expr *target,
                            bool (*visit)(const struct pa_expr *, void *), void *ctx)
{
    int root = pa_expr_root_var(target);
    for (unsigned i = 0; i < fn->nwrites && root >= 0; i++) {
        const struct pa_write *w = &fn->writes[i];
        const struct pa_expr *e = w->expr;
        if (w->var != root || w->call >= 0 ||
            (e->kind != PA_EXPR_ASSIGN && e->kind != PA_EXPR_UNARY) || !e->nkids)
            continue;
        if (pa_expr_same(e->kids[0], target) && !visit(e, ctx))
            return;
    }
}

static void merge(struct size_scan *s, enum pa_growth g)
{
    if (g == PA_GROWTH_GEOMETRIC)
        s->growth = PA_GROWTH_GEOMETRIC;
    else if (g == PA_GROWTH_LINEAR && s->growth == PA_GROWTH_NONE)
        s->growth = PA_GROWTH_LINEAR;
}

struct write_scan {
    struct size_scan *scan;
    const struct pa_expr *target;
};

static bool visit_write(const struct pa_expr *w, void *data)
{
    struct write_scan *ws = data;
    merge(ws->scan, growth_of_write(ws->target, w));
    return ws->scan->growth != PA_GROWTH_GEOMETRIC;
}

static void scan_size(struct size_scan *s, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || s->growth == PA_GROWTH_GEOMETRIC)
        return;
    if (e->kind == PA_EXPR_BINARY && (e->op == PA_OP_MUL || e->op == PA_OP_SHL) && e->nkids == 2) {
        /* realloc(p, n * 2): doubling at the call; n * sizeof(T) is only a unit conversion */
        const struct pa_expr *k = pa_expr_strip(e->kids[1]);
        if (k && k->kind == PA_EXPR_INT && k->value >= 2) {
            s->growth = PA_GROWTH_GEOMETRIC;
            return;
        }
    }
    if (e->kind == PA_EXPR_VAR || e->kind == PA_EXPR_MEMBER) {
        /* the writes to this size inside the loop: for a member, also to its root variable */
        struct write_scan ws = {s, e};
        if (e->kind == PA_EXPR_VAR && e->var >= 0) {
            const struct pa_var *v = &s->fn->vars[e->var];
            for (unsigned i = 0; i < v->ndefs; i++)
                if (!s->loop || pa_loop_within(v->def_loops[i], s->loop))
                    merge(s, growth_of_write(e, v->defs[i]));
        } else if (s->loop) {
            pa_lvalue_writes_in(s->fn, e, s->loop, visit_write, &ws);
        } else {
            writes_anywhere(s->fn, e, visit_write, &ws);
        }
        if (e->kind == PA_EXPR_MEMBER)
            return;
    }
    for (unsigned i = 0; i < e->nkids; i++)
        scan_size(s, e->kids[i]);
}

enum pa_growth pa_realloc_growth(const struct pa_function *fn, const struct pa_call_site *site)
{
    const struct pa_loop *loop = pa_loop_growing(pa_site_repeating_loop(site));
    if (!loop || site->call->nkids < 2)
        return PA_GROWTH_NONE;
    struct size_scan s = {fn, loop, PA_GROWTH_NONE};
    for (unsigned a = 1; a < site->call->nkids; a++)
        scan_size(&s, site->call->kids[a]);
    return s.growth;
}

enum pa_growth pa_size_growth(const struct pa_function *fn, const struct pa_loop *loop,
                              const struct pa_expr *size)
{
    struct size_scan s = {fn, loop, PA_GROWTH_NONE};
    scan_size(&s, size);
    return s.growth;
}
