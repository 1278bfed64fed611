/* summary_return.c: what a function returns: a fresh allocation, a copy of parameters, a
 * concatenation of them, or something else. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "summary_build.h"

struct ret_scan {
    struct pa_sum_ctx *in;
    enum pa_return ret;
    unsigned params;
    struct pa_witness why;
    bool any;
};

/* What a fresh block in local var holds: the parameters copied into it and how many copies. */
static void copies_into(struct pa_sum_ctx *in, int var, unsigned *params, unsigned *copies)
{
    const struct pa_function *fn = in->fn;
    const unsigned into =
        PA_EFFECT_BIT(PA_EFFECT_OVERWRITES) | PA_EFFECT_BIT(PA_EFFECT_APPENDS_STRING);
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *site = &fn->calls[i];
        const struct pa_summary *cs = pa_call_summary(in->prog, site);
        const struct pa_expr *call = site->call;
        if (!cs || !call->nkids || pa_expr_root_var(call->kids[0]) != var ||
            !(cs->params[0].mask & (into | PA_EFFECT_BIT(PA_EFFECT_STORES))))
            continue;
        bool copied = false;
        for (unsigned a = 1; a < call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++) {
            const unsigned read = PA_EFFECT_BIT(PA_EFFECT_READS);
            const struct pa_expr *src = call->kids[a];
            int k = pa_sum_root_param(fn, src);
            bool pointer = src && (src->type == PA_TYPE_POINTER || src->type == PA_TYPE_ARRAY);
            /* sprintf's arguments after the format are read as the format says */
            if (pointer &&
                ((cs->params[a].mask & read) || ((cs->params[1].mask & read) && a > 1))) {
                copied = true;
                if (k >= 0 && k < 32)
                    *params |= 1u << k;
            }
        }
        if (copied)
            (*copies)++;
    }
}

/* What the value e returns: a fresh block, a copy of parameters, or something else. */
static enum pa_return classify_value(struct ret_scan *rs, const struct pa_expr *e, unsigned *params,
                                     struct pa_witness *why, int depth)
{
    struct pa_sum_ctx *in = rs->in;
    e = pa_expr_strip(e);
    if (!e || depth > 3)
        return PA_RETURN_OTHER;
    if (e->kind == PA_EXPR_CALL) {
        const struct pa_call_site *site = pa_call_site_of(in->fn, e);
        const struct pa_summary *cs = site ? pa_call_summary(in->prog, site) : NULL;
        if (!cs || cs->ret == PA_RETURN_OTHER)
            return PA_RETURN_OTHER;
        *why = (struct pa_witness){e->line, cs, PA_SUBJECT_RETURN};
        for (unsigned q = 0; q < e->nkids && q < 32; q++) {
            int k = (cs->ret_params & (1u << q)) ? pa_sum_root_param(in->fn, e->kids[q]) : -1;
            if (k >= 0 && k < 32)
                *params |= 1u << k;
        }
        return *params ? cs->ret : PA_RETURN_FRESH;
    }
    if (e->kind != PA_EXPR_VAR || e->var < 0 || in->fn->vars[e->var].kind != PA_VAR_LOCAL)
        return PA_RETURN_OTHER;
    const struct pa_var *v = &in->fn->vars[e->var];
    enum pa_return r = PA_RETURN_OTHER;
    unsigned from = 0;
    for (unsigned d = 0; d < v->ndefs; d++) {
        const struct pa_expr *def = v->defs[d];
        if (def->kind != PA_EXPR_ASSIGN || def->op != PA_OP_NONE || def->nkids != 2)
            return PA_RETURN_OTHER;
        if (pa_expr_is_int(def->kids[1], 0))
            continue;
        enum pa_return one = classify_value(rs, def->kids[1], &from, why, depth + 1);
        if (one == PA_RETURN_OTHER)
            return PA_RETURN_OTHER;
        if (one > r)
            r = one;
    }
    if (r == PA_RETURN_OTHER)
        return r;
    unsigned copies = r == PA_RETURN_COPY ? 1 : r == PA_RETURN_EXTENDS ? 2 : 0;
    copies_into(in, e->var, &from, &copies);
    *params |= from;
    if (!from)
        return PA_RETURN_FRESH;
    return copies >= 2 || __builtin_popcount(from) >= 2 ? PA_RETURN_EXTENDS : PA_RETURN_COPY;
}

static void scan_returns(struct ret_scan *rs, const struct pa_stmt *st)
{
    if (!st)
        return;
    if (st->kind == PA_STMT_RETURN && st->expr && !pa_expr_is_int(st->expr, 0)) {
        unsigned params = 0;
        struct pa_witness why = {st->line, NULL, PA_SUBJECT_RETURN};
        enum pa_return r = classify_value(rs, st->expr, &params, &why, 0);
        if (!rs->any || r == PA_RETURN_OTHER || rs->ret == PA_RETURN_OTHER) {
            rs->ret = rs->any && rs->ret == PA_RETURN_OTHER ? PA_RETURN_OTHER : r;
            if (!rs->any)
                rs->why = why;
        } else if (r > rs->ret) {
            rs->ret = r;
            rs->why = why;
        }
        rs->params |= params;
        rs->any = true;
    }
    if (st->kind == PA_STMT_LOOP && st->loop)
        scan_returns(rs, st->loop->body);
    for (unsigned i = 0; i < st->nkids; i++)
        scan_returns(rs, st->kids[i]);
}

void pa_sum_first_return(const struct pa_stmt *st, unsigned *line)
{
    if (!st)
        return;
    if (st->kind == PA_STMT_RETURN && (!*line || st->line < *line))
        *line = st->line;
    if (st->kind == PA_STMT_LOOP && st->loop)
        pa_sum_first_return(st->loop->body, line);
    for (unsigned i = 0; i < st->nkids; i++)
        pa_sum_first_return(st->kids[i], line);
}

void pa_sum_return(struct pa_sum_ctx *in)
{
    struct ret_scan rs = {in, PA_RETURN_OTHER, 0, {0, NULL, 0}, false};
    scan_returns(&rs, in->fn->body);
    if (rs.ret == PA_RETURN_OTHER)
        rs.params = 0;
    struct pa_summary *s = in->s;
    if (rs.ret != s->ret || rs.params != s->ret_params) {
        s->ret = rs.ret;
        s->ret_params = rs.params;
        s->ret_why = rs.why;
        in->changed = true;
    }
}
