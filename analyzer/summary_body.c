/* summary_body.c: the effects a function has by its own code: the collections its loops walk,
 * its element-by-element shifts, its own sort loops and its direct stores. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "summary_build.h"

static void direct_writes(struct pa_sum_ctx *in)
{
    const struct pa_function *fn = in->fn;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->call >= 0 || w->var < 0 || (unsigned)w->var >= fn->nvars)
            continue;
        const struct pa_var *v = &fn->vars[w->var];
        struct pa_witness why = {w->expr ? w->expr->line : fn->line, NULL, 0};
        if (v->kind == PA_VAR_PARAM && w->kind == PA_WRITE_CONTENTS)
            pa_sum_add(in, pa_sum_subject(in, w->expr && w->expr->nkids ? w->expr->kids[0] : NULL),
                       PA_EFFECT_STORES, why);
        else if (v->kind == PA_VAR_GLOBAL && v->name) {
            int subject;
            pa_sum_add(in, pa_sum_global(in, v->name, &subject), PA_EFFECT_STORES, why);
        }
    }
}

static void direct_receiver_reads(struct pa_sum_ctx *in);

void pa_sum_direct_reads(struct pa_sum_ctx *in)
{
    direct_receiver_reads(in);
    const struct pa_function *fn = in->fn;
    unsigned params = pa_function_lookup_params(in->prog, fn);
    if (!params)
        return;
    bool search = false, walks = false;
    unsigned line = fn->line;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->trip.kind != PA_TRIP_LINEAR)
            continue;
        /* a loop that runs while two sequences match walks neither: its length is the run */
        if (pa_loop_stops_at_mismatch(l))
            continue;
        walks = true;
        if (line == fn->line)
            line = l->line;
        if (pa_loop_is_search(fn, l)) {
            search = true;
            line = l->line;
            break;
        }
    }
    /* only a loop of its own witnesses a walk: what it hands to callees arrives with the
     * callees' effects, through their own loops */
    if (!walks)
        return;
    for (unsigned k = 0; k < PA_SUMMARY_MAX_PARAMS && k < 32; k++)
        if (params & (1u << k))
            pa_sum_add(in, &in->s->params[k], search ? PA_EFFECT_SEARCHES : PA_EFFECT_READS,
                       (struct pa_witness){line, NULL, 0});
}

static bool decrements(const struct pa_expr *inc)
{
    inc = pa_expr_strip(inc);
    return inc &&
           ((inc->kind == PA_EXPR_UNARY && (inc->op == PA_OP_POSTDEC || inc->op == PA_OP_PREDEC)) ||
            (inc->kind == PA_EXPR_ASSIGN && inc->op == PA_OP_SUB));
}

/* Where an element-by-element shift starts: the end the loop stops at when it walks down
 * (for (j = n; j > pos; j--)), where it starts when it walks up (for (j = pos; ...; j++)). */
static enum pa_position loop_shift_position(const struct pa_sum_ctx *in, const struct pa_loop *l,
                                            int *param)
{
    const struct pa_expr *pos = NULL;
    int iv = l->trip.induction_var;
    *param = -1;
    if (decrements(l->inc)) {
        const struct pa_expr *c = pa_expr_strip(l->cond);
        if (c && c->kind == PA_EXPR_BINARY && c->nkids == 2) {
            const struct pa_expr *a = pa_expr_strip(c->kids[0]), *b = pa_expr_strip(c->kids[1]);
            pos = a && a->kind == PA_EXPR_VAR && a->var == iv ? b : a;
        }
    } else if (iv >= 0) {
        const struct pa_var *v = &in->fn->vars[iv];
        for (unsigned d = 0; d < v->ndefs; d++)
            if (v->def_loops[d] != l && v->defs[d]->kind == PA_EXPR_ASSIGN &&
                v->defs[d]->op == PA_OP_NONE && v->defs[d]->nkids == 2)
                pos = v->defs[d]->kids[1];
    }
    if (!pos)
        return PA_POS_OTHER;
    if (pa_expr_is_int(pos, 0) || pa_expr_is_int(pos, 1))
        return PA_POS_START;
    *param = pa_expr_param(in->fn, pos);
    return *param >= 0 ? PA_POS_PARAM : PA_POS_OTHER;
}

static void direct_shifts(struct pa_sum_ctx *in)
{
    const struct pa_function *fn = in->fn;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->trip.kind != PA_TRIP_LINEAR || !pa_loop_is_shift(fn, l))
            continue;
        for (unsigned w = 0; w < fn->nwrites; w++) {
            const struct pa_write *wr = &fn->writes[w];
            if (wr->loop != l || wr->call >= 0 || wr->kind != PA_WRITE_CONTENTS || !wr->expr ||
                !wr->expr->nkids)
                continue;
            int param;
            enum pa_position at = loop_shift_position(in, l, &param);
            pa_sum_add_shift(in, pa_sum_subject(in, wr->expr->kids[0]),
                             (struct pa_witness){l->line, NULL, 0}, at, param);
            break;
        }
    }
}

static void direct_sort(struct pa_sum_ctx *in)
{
    const struct pa_function *fn = in->fn;
    if (!fn->is_sort)
        return;
    for (unsigned v = 0; v < fn->nvars; v++) {
        const struct pa_var *var = &fn->vars[v];
        int k = var->param_index;
        if (var->kind == PA_VAR_PARAM && k >= 0 && k < PA_SUMMARY_MAX_PARAMS &&
            var->type == PA_TYPE_POINTER && (fn->param_writes & (1u << k)))
            pa_sum_add(in, &in->s->params[k], PA_EFFECT_SORTS,
                       (struct pa_witness){fn->line, NULL, 0});
    }
}

/* Assignments and ++/-- to the object's members (n = x, this->v[i]++): stores into it. The
 * model records writes per variable, and a member of this is none. */
static bool visit_this_store(const struct pa_expr *e, void *data)
{
    struct pa_sum_ctx *in = data;
    bool store = e->kind == PA_EXPR_ASSIGN ||
                 (e->kind == PA_EXPR_UNARY && e->op >= PA_OP_PREINC && e->op <= PA_OP_POSTDEC);
    if (store && e->nkids && e->kids[0] && pa_expr_rooted_in_this(e->kids[0]))
        pa_sum_add(in, &in->s->receiver, PA_EFFECT_STORES, (struct pa_witness){e->line, NULL, 0});
    return true;
}

/* A member function walking its object's collection (for (x : items), i < count): its
 * object is read, or searched when the walk stops at what it looks for. */
static void direct_receiver_reads(struct pa_sum_ctx *in)
{
    const struct pa_function *fn = in->fn;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->trip.kind != PA_TRIP_LINEAR || !l->trip.bound ||
            !pa_expr_rooted_in_this(l->trip.bound))
            continue;
        pa_sum_add(in, &in->s->receiver,
                   pa_loop_is_search(fn, l) ? PA_EFFECT_SEARCHES : PA_EFFECT_READS,
                   (struct pa_witness){l->line, NULL, 0});
    }
}

void pa_sum_direct_effects(struct pa_sum_ctx *in)
{
    direct_shifts(in);
    direct_sort(in);
    direct_writes(in);
    pa_stmt_walk_exprs(in->fn->body, visit_this_store, in);
}
