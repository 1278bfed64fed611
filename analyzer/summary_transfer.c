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
            pa_sum_merge_param(in, &dst->size_param, first, map_param(in, site, cfx->size_param));
            /* realloc(v->items, (v->len + 1) * size) with v->len++: a constant step per call */
            int q = cfx->size_param;
            if (!site->loop && q >= 0 && (unsigned)q < site->call->nkids &&
                pa_size_growth(in->fn, NULL, site->call->kids[q]) == PA_GROWTH_LINEAR)
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
        if (dst)
            transfer(in, dst, &cs->params[a], site, cs, (int)a, exact);
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
