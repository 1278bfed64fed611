/* summary_site.c: effects that depend on a call's own arguments (an overlapping copy within one
 * array is a tail shift) and small questions about argument expressions. */
#include "perfaudit/query.h"
#include "summary_infer.h"

/* A pointer written as base + terms + constant: a + 1, &a[i + 1], v->e + pos + 1. */
#define MAX_TERMS 8
struct place {
    const struct pa_expr *base;
    const struct pa_expr *terms[MAX_TERMS];
    unsigned nterms;
    long long offset;
    bool ok;
};

static void add_term(struct place *p, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return;
    if (e->kind == PA_EXPR_INT) {
        p->offset += e->value;
    } else if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_ADD && e->nkids == 2) {
        add_term(p, e->kids[0]);
        add_term(p, e->kids[1]);
    } else if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_SUB && e->nkids == 2 &&
               pa_expr_strip(e->kids[1]) && pa_expr_strip(e->kids[1])->kind == PA_EXPR_INT) {
        add_term(p, e->kids[0]);
        p->offset -= pa_expr_strip(e->kids[1])->value;
    } else if (p->nterms < MAX_TERMS) {
        p->terms[p->nterms++] = e;
    } else {
        p->ok = false;
    }
}

static bool is_pointer(const struct pa_expr *e)
{
    return e && (e->type == PA_TYPE_POINTER || e->type == PA_TYPE_ARRAY);
}

static void locate(struct place *p, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e) {
        p->ok = false;
        return;
    }
    if (e->kind == PA_EXPR_UNARY && e->op == PA_OP_ADDR) {
        const struct pa_expr *k = pa_expr_strip(e->kids[0]);
        if (!k || k->kind != PA_EXPR_SUBSCRIPT) {
            p->ok = false;
            return;
        }
        locate(p, k->kids[0]);
        add_term(p, k->kids[1]);
        return;
    }
    if (e->kind == PA_EXPR_BINARY && (e->op == PA_OP_ADD || e->op == PA_OP_SUB) && e->nkids == 2) {
        bool left_ptr = is_pointer(e->kids[0]) || !is_pointer(e->kids[1]);
        const struct pa_expr *k1 = pa_expr_strip(e->kids[1]);
        if (e->op == PA_OP_SUB && (!left_ptr || !k1 || k1->kind != PA_EXPR_INT)) {
            p->ok = false;
            return;
        }
        locate(p, left_ptr ? e->kids[0] : e->kids[1]);
        if (e->op == PA_OP_ADD)
            add_term(p, left_ptr ? e->kids[1] : e->kids[0]);
        else
            p->offset -= k1->value;
        return;
    }
    if (e->kind == PA_EXPR_VAR || e->kind == PA_EXPR_MEMBER) {
        p->base = e;
        return;
    }
    p->ok = false;
}

/* Same base, same variable terms, offsets a constant apart: a shift by a fixed distance. */
static bool shifted_by_constant(const struct place *a, const struct place *b)
{
    if (!a->ok || !b->ok || !a->base || !b->base || !pa_expr_same(a->base, b->base) ||
        a->nterms != b->nterms || a->offset == b->offset)
        return false;
    bool used[MAX_TERMS] = {false};
    for (unsigned i = 0; i < a->nterms; i++) {
        bool found = false;
        for (unsigned j = 0; j < b->nterms && !found; j++) {
            if (!used[j] && pa_expr_same(a->terms[i], b->terms[j])) {
                used[j] = true;
                found = true;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

int pa_expr_param(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_VAR || e->var < 0 || (unsigned)e->var >= fn->nvars)
        return -1;
    const struct pa_var *v = &fn->vars[e->var];
    return v->kind == PA_VAR_PARAM ? v->param_index : -1;
}

bool pa_site_shifts_tail(const struct pa_program *prog, const struct pa_function *fn,
                         const struct pa_call_site *site, enum pa_position *at, int *param)
{
    const struct pa_summary *s = pa_call_summary(prog, site);
    if (!s || s->move[0] < 0)
        return false;
    const struct pa_expr *call = site->call;
    for (int i = 0; i < 3; i++)
        if ((unsigned)s->move[i] >= call->nkids || !call->kids[s->move[i]])
            return false;
    if (pa_expr_is_constant(fn, call->kids[s->move[2]]))
        return false; /* a fixed-size move: O(1) */
    struct place dst = {.ok = true}, src = {.ok = true};
    locate(&dst, call->kids[s->move[0]]);
    locate(&src, call->kids[s->move[1]]);
    if (!shifted_by_constant(&dst, &src))
        return false;
    *at = PA_POS_OTHER;
    *param = -1;
    if (dst.nterms == 0) {
        *at = PA_POS_START; /* memmove(a + 1, a, ...), memmove(a, a + 1, ...) */
    } else if (dst.nterms == 1 && pa_expr_param(fn, dst.terms[0]) >= 0) {
        *at = PA_POS_PARAM;
        *param = pa_expr_param(fn, dst.terms[0]);
    }
    return true;
}
