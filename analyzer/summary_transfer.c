/* summary_transfer.c: carrying a callee's effects to its caller through one call site: the
 * subject each argument reaches, positions and sizes mapped through the arguments, the
 * shifts the call makes itself, and the system calls it makes on every call. */
#include "growth.h"
#include "perfaudit/const_fold.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "summary_build.h"

#include <string.h>

static enum pa_position map_position(const struct pa_sum_ctx *in, const struct pa_call_site *site,
                                     enum pa_position at, int callee_param, int *param)
{
    *param = -1;
    if (at != PA_POS_PARAM)
        return at;
    if (callee_param < 0 || (unsigned)callee_param >= site->call->nkids)
        return PA_POS_OTHER;
    const struct pa_expr *pos = site->call->kids[callee_param];
    if (pa_expr_is_int(pos, 0))
        return PA_POS_START;
    enum pa_position it = pa_iterator_position(pos, NULL); /* v.begin(), v.end() */
    if (it != PA_POS_NONE)
        return it;
    *param = pa_expr_param(in->fn, pos);
    return *param >= 0 ? PA_POS_PARAM : PA_POS_OTHER;
}

static int map_param(const struct pa_sum_ctx *in, const struct pa_call_site *site, int callee_param)
{
    if (callee_param < 0 || (unsigned)callee_param >= site->call->nkids)
        return -1;
    return pa_expr_param(in->fn, site->call->kids[callee_param]);
}

/* Collects the parameters whose product (up to constant terms and factors) e is: n, n + 1,
 * n * size, a local set once to such a value (size_t bytes = n * size). False when e depends
 * on anything else or on more than two parameters. */
static bool size_factors(const struct pa_function *fn, const struct pa_expr *e, int out[2], int *n,
                         int depth)
{
    e = pa_expr_strip(e);
    long long c;
    if (!e || depth > 4)
        return false;
    if (pa_const_eval(fn, e, &c))
        return true;
    int p = pa_expr_param(fn, e);
    if (p >= 0) {
        if (*n >= 2)
            return false;
        out[(*n)++] = p;
        return true;
    }
    if (e->kind == PA_EXPR_VAR && e->var >= 0 && (unsigned)e->var < fn->nvars) {
        const struct pa_var *v = &fn->vars[e->var];
        const struct pa_expr *d = v->ndefs == 1 ? v->defs[0] : NULL;
        return v->kind == PA_VAR_LOCAL && !v->address_taken && d && d->kind == PA_EXPR_ASSIGN &&
               d->op == PA_OP_NONE && d->nkids == 2 &&
               size_factors(fn, d->kids[1], out, n, depth + 1);
    }
    if (e->kind != PA_EXPR_BINARY || e->nkids != 2)
        return false;
    if (e->op == PA_OP_MUL)
        return size_factors(fn, e->kids[0], out, n, depth + 1) &&
               size_factors(fn, e->kids[1], out, n, depth + 1);
    /* n + 1 grows as n does; the constant term may sit on either side */
    if (e->op == PA_OP_ADD || e->op == PA_OP_SUB) {
        int k = pa_const_eval(fn, e->kids[1], &c) ? 0 : pa_const_eval(fn, e->kids[0], &c) ? 1 : -1;
        return k >= 0 && size_factors(fn, e->kids[k], out, n, depth + 1);
    }
    return false;
}

/* Is e, up to constant terms and factors, one field of a parameter (c->count + 1, (c->count +
 * 1) * sizeof *c->tree) that this function never writes? Sets the parameter and the field. */
static void field_of_param(const struct pa_sum_ctx *in, const struct pa_expr *e, int *param,
                           const char **field)
{
    e = pa_expr_strip(e);
    long long c;
    for (int depth = 0; e && e->kind == PA_EXPR_BINARY && e->nkids == 2 && depth < 4; depth++) {
        bool ok = e->op == PA_OP_MUL || e->op == PA_OP_ADD;
        if (!ok)
            return;
        if (pa_const_eval(in->fn, e->kids[1], &c))
            e = pa_expr_strip(e->kids[0]);
        else if (pa_const_eval(in->fn, e->kids[0], &c))
            e = pa_expr_strip(e->kids[1]);
        else
            return;
    }
    if (!e || e->kind != PA_EXPR_MEMBER || !e->arrow || e->nkids != 1 || !e->name)
        return;
    int p = pa_expr_param(in->fn, e->kids[0]);
    if (p < 0 || pa_size_growth(in->fn, NULL, e) != PA_GROWTH_NONE)
        return;
    for (unsigned i = 0; i < in->fn->nwrites; i++) {
        const struct pa_write *w = &in->fn->writes[i];
        const struct pa_expr *x = w->expr;
        if ((x->kind == PA_EXPR_ASSIGN || x->kind == PA_EXPR_UNARY) && x->nkids &&
            pa_expr_same(x->kids[0], e))
            return; /* the function keeps the count itself */
    }
    *param = p;
    *field = e->name;
}

/* The caller's parameters giving a resize's size, as size_param and size_factor: a factor the
 * call gives as a constant drops out (xreallocarray(p, 1, n) resizes to n), and so do
 * constant terms (n + 1); a factor that is no parameter makes the size unknown. */
static void map_size(const struct pa_sum_ctx *in, const struct pa_call_site *site,
                     const struct pa_effects *cfx, int *size, int *factor, int *field_param,
                     const char **field)
{
    *field_param = -1;
    *field = NULL;
    if (cfx->size_field && cfx->size_field_param >= 0) {
        /* the callee reads the size from a field of what this function passes on */
        *field_param = map_param(in, site, cfx->size_field_param);
        *field = *field_param >= 0 ? cfx->size_field : NULL;
    } else if (cfx->size_param >= 0 && (unsigned)cfx->size_param < site->call->nkids &&
               cfx->size_factor < 0) {
        /* realloc(c->tree, (c->count + 1) * sizeof *c->tree) with c a parameter */
        field_of_param(in, site->call->kids[cfx->size_param], field_param, field);
    }
    int q[2] = {cfx->size_param, cfx->size_factor};
    int mapped[2] = {-1, -1};
    int n = 0;
    bool known = q[0] >= 0;
    for (int k = 0; k < 2 && known; k++)
        if (q[k] >= 0)
            known = (unsigned)q[k] < site->call->nkids &&
                    size_factors(in->fn, site->call->kids[q[k]], mapped, &n, 0);
    *size = known ? mapped[0] : -1;
    *factor = known ? mapped[1] : -1;
}

struct find_call {
    const struct pa_expr *call;
    bool found;
};

static bool is_call(const struct pa_expr *e, void *data)
{
    struct find_call *fc = data;
    if (e == fc->call)
        fc->found = true;
    return !fc->found;
}

static bool contains(const struct pa_expr *e, const struct pa_expr *call)
{
    struct find_call fc = {call, false};
    pa_expr_walk(e, is_call, &fc);
    return fc.found;
}

/* The condition of the innermost if statement whose arm holds call, or NULL (also when the
 * call is not under an if at all). */
static const struct pa_expr *guard_of(const struct pa_stmt *st, const struct pa_expr *call,
                                      const struct pa_expr *guard, bool *found)
{
    if (!st || *found)
        return NULL;
    if (contains(st->expr, call)) {
        *found = true;
        return guard; /* an if's own condition is not under that if */
    }
    if (st->kind == PA_STMT_LOOP && st->loop) {
        if (contains(st->loop->init, call) || contains(st->loop->cond, call) ||
            contains(st->loop->inc, call)) {
            *found = true;
            return guard;
        }
        const struct pa_expr *g = guard_of(st->loop->body, call, guard, found);
        if (*found)
            return g;
    }
    for (unsigned i = 0; i < st->nkids; i++) {
        const struct pa_expr *g =
            guard_of(st->kids[i], call, st->kind == PA_STMT_IF ? st->expr : guard, found);
        if (*found)
            return g;
    }
    return NULL;
}

/* Does a shift at site happen on every call that moves anything? Unconditionally, or under
 * one if that compares the position it starts at (if (pos < v->len) memmove(...)): the
 * other calls append at the end. A shift under other conditions (the wrap-around of a hash
 * table's probe run) is not the function's way of inserting. */
static bool shift_every_call(const struct pa_sum_ctx *in, const struct pa_call_site *site,
                             int param)
{
    if (site->branch_depth == 0)
        return true;
    if (site->branch_depth > 1 || param < 0)
        return false;
    bool found = false;
    const struct pa_expr *g = pa_expr_strip(guard_of(in->fn->body, site->call, NULL, &found));
    if (!g || g->kind != PA_EXPR_BINARY || g->nkids != 2 || g->op < PA_OP_LT || g->op > PA_OP_NE)
        return false;
    for (unsigned v = 0; v < in->fn->nvars; v++)
        if (in->fn->vars[v].kind == PA_VAR_PARAM && in->fn->vars[v].param_index == param)
            return pa_expr_uses_var(g, (int)v);
    return false;
}

/* The callee's effects cfx on one of its subjects, carried to dst through the call at site. */
static void transfer(struct pa_sum_ctx *in, struct pa_effects *dst, const struct pa_effects *cfx,
                     const struct pa_call_site *site, const struct pa_summary *cs, int subject,
                     bool exact)
{
    struct pa_witness w = {site->call->line, cs, subject};
    for (int e = 0; e < PA_EFFECT_COUNT; e++) {
        if (!(cfx->mask & PA_EFFECT_BIT(e)))
            continue;
        switch (e) {
        case PA_EFFECT_SHIFTS_TAIL: {
            int param;
            enum pa_position at = map_position(in, site, cfx->shift_at, cfx->shift_param, &param);
            if (shift_every_call(in, site, at == PA_POS_PARAM ? param : -1))
                pa_sum_add_shift(in, dst, w, at, param);
            break;
        }
        case PA_EFFECT_RESIZES: {
            bool first = pa_sum_add(in, dst, PA_EFFECT_RESIZES, w);
            int size, factor, field_param;
            const char *field;
            map_size(in, site, cfx, &size, &factor, &field_param, &field);
            pa_sum_merge_param(in, &dst->size_param, first, size);
            pa_sum_merge_param(in, &dst->size_factor, first, factor);
            if (first) {
                dst->size_field_param = field_param;
                dst->size_field = field;
            } else if (dst->size_field_param != -1 &&
                       (dst->size_field_param != field_param || !field ||
                        strcmp(dst->size_field, field) != 0)) {
                dst->size_field_param = -1;
                dst->size_field = NULL;
                in->changed = true;
            }
            /* realloc(v->items, (v->len + 1) * size) with v->len++: a constant step per call */
            if (!site->loop && pa_resize_growth(in->fn, NULL, site->call, cfx) == PA_GROWTH_LINEAR)
                pa_sum_add(in, dst, PA_EFFECT_GROWS_CONST, w);
            break;
        }
        case PA_EFFECT_GROWS_CONST:
            if (!site->loop) /* once per call of this function; in a loop it is more */
                pa_sum_add(in, dst, PA_EFFECT_GROWS_CONST, w);
            break;
        case PA_EFFECT_READS:
        case PA_EFFECT_SEARCHES:
        case PA_EFFECT_SORTS: {
            bool first = pa_sum_add(in, dst, (enum pa_effect)e, w);
            pa_sum_merge_param(in, &dst->bound_param, first, map_param(in, site, cfx->bound_param));
            break;
        }
        case PA_EFFECT_FREES:
            /* free(p) frees p; free(p->items) changes what p holds */
            pa_sum_add(in, dst, exact ? PA_EFFECT_FREES : PA_EFFECT_STORES, w);
            break;
        default:
            pa_sum_add(in, dst, (enum pa_effect)e, w);
            break;
        }
    }
}

static void transfer_io(struct pa_sum_ctx *in, const struct pa_call_site *site,
                        const struct pa_summary *cs)
{
    bool per_call = site->branch_depth == 0 &&
                    (!in->first_return_line || in->first_return_line >= site->call->line);
    const struct pa_expr *call = site->call;
    for (int k = 0; k < PA_IO_KINDS; k++) {
        const struct pa_io_effect *cio = &cs->io[k];
        if (!cio->per_call || !per_call)
            continue;
        int stream = cio->stream_param >= 0 && (unsigned)cio->stream_param < call->nkids
                         ? pa_sum_root_param(in->fn, call->kids[cio->stream_param])
                         : -1;
        long long bytes = cio->bytes;
        int size = -1;
        if (cio->size_param >= 0 && (unsigned)cio->size_param < call->nkids) {
            const struct pa_expr *n = call->kids[cio->size_param];
            if (!pa_const_eval(in->fn, n, &bytes))
                bytes = -1;
            size = pa_expr_param(in->fn, n);
        }
        struct pa_io_effect *io = &in->s->io[k];
        if (!io->per_call) {
            *io = (struct pa_io_effect){true,
                                        cio->input,
                                        stream,
                                        size,
                                        bytes,
                                        cio->call,
                                        {call->line, cs, PA_SUBJECT_IO - k}};
            in->changed = true;
            continue;
        }
        /* a second system call of this kind: keep what both agree on */
        if (io->stream_param != stream && io->stream_param != -1) {
            io->stream_param = -1;
            in->changed = true;
        }
        if ((io->size_param != size && io->size_param != -1) ||
            (io->bytes != bytes && io->bytes != -1)) {
            io->size_param = -1;
            io->bytes = -1;
            in->changed = true;
        }
    }
    if (cs->open.per_call && per_call && !in->s->open.per_call) {
        int path = cs->open.path_param >= 0 && (unsigned)cs->open.path_param < call->nkids
                       ? pa_sum_root_param(in->fn, call->kids[cs->open.path_param])
                       : -1;
        in->s->open =
            (struct pa_open_effect){true, path, cs->open.call, {call->line, cs, PA_SUBJECT_OPEN}};
        in->changed = true;
    }
}

/* What a member call does to its object, carried to what the object is rooted in: the
 * caller's parameter, global, or own object (v.insert(...) with v a member, or f() on this). */
static void transfer_receiver(struct pa_sum_ctx *in, const struct pa_call_site *site,
                              const struct pa_summary *cs)
{
    if (!cs->receiver.mask)
        return;
    const struct pa_expr *object = pa_call_object(in->prog, site);
    struct pa_effects *dst = object                            ? pa_sum_subject(in, object)
                             : pa_call_on_this(in->prog, site) ? &in->s->receiver
                                                               : NULL;
    const struct pa_expr *o = pa_expr_strip(object);
    if (dst)
        transfer(in, dst, &cs->receiver, site, cs, PA_SUBJECT_RECEIVER,
                 o && o->kind == PA_EXPR_VAR);
}

/* Is e the length of the string rooted in variable root, measured from its start: strlen(s)
 * by what it does (a pure call reading all of its one argument), a ?: arm of one (s ?
 * strlen(s) : 0), or a local set once to one? */
static bool length_of(const struct pa_sum_ctx *in, const struct pa_expr *e, int root, int depth)
{
    e = pa_expr_strip(e);
    if (!e || root < 0 || depth > 3)
        return false;
    if (e->kind == PA_EXPR_COND && e->nkids == 3)
        return length_of(in, e->kids[1], root, depth + 1) ||
               length_of(in, e->kids[2], root, depth + 1);
    if (e->kind == PA_EXPR_VAR && e->var >= 0 && (unsigned)e->var < in->fn->nvars) {
        const struct pa_var *v = &in->fn->vars[e->var];
        const struct pa_expr *d = v->ndefs == 1 ? v->defs[0] : NULL;
        return v->kind == PA_VAR_LOCAL && !v->address_taken && d && d->kind == PA_EXPR_ASSIGN &&
               d->op == PA_OP_NONE && d->nkids == 2 && length_of(in, d->kids[1], root, depth + 1);
    }
    if (e->kind != PA_EXPR_CALL || e->nkids != 1)
        return false;
    const struct pa_call_site *site = pa_call_site_of(in->fn, e);
    const struct pa_summary *cs = site ? pa_call_summary(in->prog, site) : NULL;
    return cs && cs->pure && cs->params[0].mask == PA_EFFECT_BIT(PA_EFFECT_READS) &&
           cs->params[0].bound_param < 0 && pa_expr_root_var(e->kids[0]) == root;
}

/* Splits a copy's destination into its base and offset: p + k, k + p, &p[k]. */
static bool split_destination(const struct pa_expr *d, const struct pa_expr **base,
                              const struct pa_expr **off)
{
    d = pa_expr_strip(d);
    if (d && d->kind == PA_EXPR_BINARY && d->op == PA_OP_ADD && d->nkids == 2) {
        bool left = d->kids[0] && d->kids[0]->type == PA_TYPE_POINTER;
        *base = d->kids[left ? 0 : 1];
        *off = d->kids[left ? 1 : 0];
        return true;
    }
    if (d && d->kind == PA_EXPR_UNARY && d->op == PA_OP_ADDR && d->nkids == 1) {
        const struct pa_expr *sub = pa_expr_strip(d->kids[0]);
        if (sub && sub->kind == PA_EXPR_SUBSCRIPT && sub->nkids == 2) {
            *base = sub->kids[0];
            *off = sub->kids[1];
            return true;
        }
    }
    return false;
}

/* Is base the string rooted in root, or a local that only ever holds it reallocated
 * (t = realloc(s, n); memcpy(t + len, ...))? */
static bool same_string(const struct pa_sum_ctx *in, const struct pa_expr *base, int root)
{
    int b = pa_expr_root_var(base);
    if (b == root)
        return true;
    if (b < 0 || (unsigned)b >= in->fn->nvars || in->fn->vars[b].kind != PA_VAR_LOCAL ||
        !in->fn->vars[b].ndefs)
        return false;
    const struct pa_var *v = &in->fn->vars[b];
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        const struct pa_expr *rhs =
            d->kind == PA_EXPR_ASSIGN && d->op == PA_OP_NONE && d->nkids == 2 ? d->kids[1] : NULL;
        rhs = pa_expr_strip(rhs);
        const struct pa_call_site *site =
            rhs && rhs->kind == PA_EXPR_CALL ? pa_call_site_of(in->fn, rhs) : NULL;
        const struct pa_summary *cs = site ? pa_call_summary(in->prog, site) : NULL;
        if (!cs || !rhs->nkids || pa_expr_root_var(rhs->kids[0]) != root ||
            !(cs->params[0].mask & PA_EFFECT_BIT(PA_EFFECT_RESIZES)))
            return false;
    }
    return true;
}

/* Does another call of the function write the string in var afresh (snprintf(buf, ...),
 * a formatter filling buf) rather than resize or free it? Then a copy after its measured end
 * pads what this call wrote, not a string that accumulates across calls. */
static bool rewritten_elsewhere(const struct pa_sum_ctx *in, const struct pa_call_site *site,
                                int var)
{
    const unsigned writes = PA_EFFECT_BIT(PA_EFFECT_STORES) | PA_EFFECT_BIT(PA_EFFECT_OVERWRITES);
    const unsigned other = PA_EFFECT_BIT(PA_EFFECT_RESIZES) | PA_EFFECT_BIT(PA_EFFECT_FREES);
    for (unsigned i = 0; i < in->fn->ncalls; i++) {
        const struct pa_call_site *c = &in->fn->calls[i];
        const struct pa_summary *cs = c == site ? NULL : pa_call_summary(in->prog, c);
        for (unsigned k = 0; cs && k < c->call->nkids && k < PA_SUMMARY_MAX_PARAMS; k++) {
            const struct pa_expr *arg = pa_expr_strip(c->call->kids[k]);
            bool plain = arg && (arg->kind == PA_EXPR_VAR ||
                                 (arg->kind == PA_EXPR_UNARY && arg->op == PA_OP_DEREF));
            unsigned mask = cs->params[k].mask;
            if (plain && pa_expr_root_var(arg) == var && (mask & writes) && !(mask & other) &&
                !(mask & PA_EFFECT_BIT(PA_EFFECT_APPENDS_STRING)) && cs->params[k].append_at < 0)
                return true;
        }
    }
    return false;
}

/* A copy into argument a that lands at the end of the string found by measuring it from the
 * start (memcpy(s + strlen(s), ...), or a helper appending at an offset it is given strlen
 * for) appends to that string: APPENDS_STRING. A copy at an offset that is one of this
 * function's parameters is recorded as append_at, for its callers to decide. */
static void transfer_append(struct pa_sum_ctx *in, const struct pa_call_site *site,
                            const struct pa_summary *cs, unsigned a)
{
    const unsigned copies = PA_EFFECT_BIT(PA_EFFECT_STORES) | PA_EFFECT_BIT(PA_EFFECT_OVERWRITES);
    const struct pa_effects *cfx = &cs->params[a];
    if (!(cfx->mask & copies))
        return;
    const struct pa_expr *call = site->call;
    const struct pa_expr *base = NULL, *off = NULL;
    if (cfx->append_at >= 0 && (unsigned)cfx->append_at < call->nkids) {
        base = call->kids[a];
        off = call->kids[cfx->append_at];
    } else if (!cs->fn && !split_destination(call->kids[a], &base, &off)) {
        return;
    }
    if (!base || !off)
        return;
    /* the string measured: the one the offset is the length of, which base must be */
    struct pa_effects *dst = NULL;
    for (unsigned v = 0; v < in->fn->nvars && !dst; v++) {
        const struct pa_var *var = &in->fn->vars[v];
        if ((var->kind == PA_VAR_PARAM || var->kind == PA_VAR_GLOBAL) &&
            length_of(in, off, (int)v, 0) && same_string(in, base, (int)v)) {
            struct pa_expr ref = {.kind = PA_EXPR_VAR, .var = (int)v};
            dst = pa_sum_subject(in, &ref);
        }
    }
    if (dst) {
        if (!rewritten_elsewhere(in, site, pa_expr_root_var(base)))
            pa_sum_add(in, dst, PA_EFFECT_APPENDS_STRING,
                       (struct pa_witness){call->line, cs, (int)a});
        return;
    }
    int q = pa_expr_param(in->fn, off);
    struct pa_effects *subject = pa_sum_subject(in, base);
    /* -2 once two copies disagree: monotone, so the fixpoint ends */
    if (q >= 0 && subject && subject->append_at != q && subject->append_at != -2) {
        subject->append_at = subject->append_at == -1 ? q : -2;
        in->changed = true;
    }
}

/* The effects of the parameter a local pointer only ever points into (gl = &p->lines[y],
 * e = p->items + i), for an argument rooted in that local; NULL otherwise. */
static struct pa_effects *alias_subject(struct pa_sum_ctx *in, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e);
    if (root < 0 || (unsigned)root >= in->fn->nvars)
        return NULL;
    const struct pa_var *v = &in->fn->vars[root];
    if (v->kind != PA_VAR_LOCAL || v->type != PA_TYPE_POINTER || v->address_taken || !v->ndefs)
        return NULL;
    int param = -1;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2)
            return NULL;
        const struct pa_expr *rhs = pa_expr_strip(d->kids[1]);
        /* &p->lines[y] or p->items + i: an element of what the parameter holds */
        bool element = rhs && ((rhs->kind == PA_EXPR_UNARY && rhs->op == PA_OP_ADDR) ||
                               (rhs->kind == PA_EXPR_BINARY && rhs->op == PA_OP_ADD));
        int p = element ? pa_sum_root_param(in->fn, rhs) : -1;
        if (p < 0 || (param >= 0 && p != param))
            return NULL;
        param = p;
    }
    return param < PA_SUMMARY_MAX_PARAMS ? &in->s->params[param] : NULL;
}

void pa_sum_transfer_site(struct pa_sum_ctx *in, const struct pa_call_site *site)
{
    const struct pa_summary *cs = pa_call_summary(in->prog, site);
    const struct pa_expr *call = site->call;
    if (!cs) {
        if (!in->s->opaque && !call->noreturn) {
            in->s->opaque = true;
            in->changed = true;
        }
        return;
    }
    if (cs->opaque && !in->s->opaque) {
        in->s->opaque = true;
        in->changed = true;
    }
    for (unsigned a = 0; a < call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++) {
        if (!cs->params[a].mask || !call->kids[a])
            continue;
        struct pa_effects *dst = pa_sum_subject(in, pa_call_arg_subject(site, a));
        const struct pa_expr *arg = pa_expr_strip(call->kids[a]);
        bool exact = arg && arg->kind == PA_EXPR_VAR;
        if (dst) {
            transfer(in, dst, &cs->params[a], site, cs, (int)a, exact);
        } else if ((dst = alias_subject(in, call->kids[a])) != NULL) {
            /* gl = &p->lines[y]; realloc(gl->cells, ...): only the resize is carried, the
             * one effect that does not depend on which element gl is */
            struct pa_effects resize = cs->params[a];
            resize.mask &= PA_EFFECT_BIT(PA_EFFECT_RESIZES) | PA_EFFECT_BIT(PA_EFFECT_GROWS_CONST);
            if (resize.mask)
                transfer(in, dst, &resize, site, cs, (int)a, false);
        }
        transfer_append(in, site, cs, a);
    }
    transfer_receiver(in, site, cs);
    for (unsigned g = 0; g < cs->nglobals; g++) {
        int subject;
        struct pa_effects *dst = pa_sum_global(in, cs->globals[g].name, &subject);
        transfer(in, dst, &cs->globals[g].fx, site, cs, -1 - (int)g, true);
    }
    /* memmove(a + 1, a, n) or a wrapper of it: a's tail moves */
    enum pa_position at;
    int param;
    if (pa_site_shifts_tail(in->prog, in->fn, site, &at, &param) &&
        shift_every_call(in, site, at == PA_POS_PARAM ? param : -1))
        pa_sum_add_shift(in, pa_sum_subject(in, call->kids[cs->move[0]]),
                         (struct pa_witness){call->line, cs, cs->move[0]}, at, param);
    /* a function handing its parameters straight to an overlapping copy is one too */
    if (cs->move[0] >= 0 && in->s->move[0] < 0) {
        int m[3];
        for (int i = 0; i < 3; i++)
            m[i] = map_param(in, site, cs->move[i]);
        if (m[0] >= 0 && m[1] >= 0 && m[2] >= 0) {
            memcpy(in->s->move, m, sizeof(m));
            in->changed = true;
        }
    }
    transfer_io(in, site, cs);
}
