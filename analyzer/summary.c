/* summary.c: inferring every function's summary from its body and its callees' summaries,
 * bottom-up over the call graph; a recursive component is iterated until nothing changes
 * (effects only grow, so it ends). Never by a function's name. */
#include "arena.h"
#include "growth.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "program.h"
#include "summary_infer.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Passes a recursive component may take; effects are monotone, this only bounds the work. */
#define MAX_PASSES 32

struct infer {
    struct pa_program *prog;
    struct pa_arena *arena;
    struct pa_function *fn;
    struct pa_summary *s;
    unsigned first_return_line; /* the earliest return statement, 0 if none */
    bool changed;
};

static void init_effects(struct pa_effects *fx)
{
    fx->shift_param = -1;
    fx->size_param = -1;
    fx->bound_param = -1;
}

static struct pa_effects *global_effects(struct infer *in, const char *name, int *subject)
{
    struct pa_summary *s = in->s;
    for (unsigned i = 0; i < s->nglobals; i++) {
        if (strcmp(s->globals[i].name, name) == 0) {
            *subject = -1 - (int)i;
            return &s->globals[i].fx;
        }
    }
    /* grown by one in the arena: the old array stays there unused, a few per component */
    struct pa_global_effects *g = pa_arena_alloc(in->arena, (s->nglobals + 1) * sizeof(*g));
    if (s->nglobals)
        memcpy(g, s->globals, s->nglobals * sizeof(*g));
    g[s->nglobals].name = name;
    init_effects(&g[s->nglobals].fx);
    s->globals = g;
    *subject = -1 - (int)s->nglobals;
    s->nglobals++;
    in->changed = true;
    return &g[s->nglobals - 1].fx;
}

/* The effects record an argument or lvalue expression reaches: a parameter's (p, p->items,
 * p + i, &p->buf, *pp) or a global's; NULL for a local. */
static struct pa_effects *subject_of(struct infer *in, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e), subject;
    if (root < 0 && pa_expr_rooted_in_this(e))
        return &in->s->receiver; /* the object a member function works on */
    if (root < 0 || (unsigned)root >= in->fn->nvars)
        return NULL;
    const struct pa_var *v = &in->fn->vars[root];
    if (v->kind == PA_VAR_PARAM)
        return v->param_index >= 0 && v->param_index < PA_SUMMARY_MAX_PARAMS
                   ? &in->s->params[v->param_index]
                   : NULL;
    if (v->kind == PA_VAR_GLOBAL && v->name)
        return global_effects(in, v->name, &subject);
    return NULL;
}

/* The parameter an expression is rooted in (w->fd is rooted in w), or -1. */
static int root_param(const struct pa_function *fn, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e);
    if (root < 0 || (unsigned)root >= fn->nvars || fn->vars[root].kind != PA_VAR_PARAM)
        return -1;
    return fn->vars[root].param_index;
}

static bool add(struct infer *in, struct pa_effects *fx, enum pa_effect e, struct pa_witness w)
{
    if (!fx || (fx->mask & PA_EFFECT_BIT(e)))
        return false;
    fx->mask |= PA_EFFECT_BIT(e);
    fx->why[e] = w;
    in->changed = true;
    return true;
}

/* An int-valued fact that is set by the first contribution and becomes -1 (unknown) when two
 * contributions disagree. */
static void merge_param(struct infer *in, int *slot, bool first, int value)
{
    if (first)
        *slot = value;
    else if (*slot != value && *slot != -1) {
        *slot = -1;
        in->changed = true;
    }
}

static void add_shift(struct infer *in, struct pa_effects *fx, struct pa_witness w,
                      enum pa_position at, int param)
{
    if (!fx)
        return;
    bool first = add(in, fx, PA_EFFECT_SHIFTS_TAIL, w);
    if (first) {
        fx->shift_at = at;
        fx->shift_param = param;
    } else if (fx->shift_at != PA_POS_OTHER && (fx->shift_at != at || fx->shift_param != param)) {
        fx->shift_at = PA_POS_OTHER;
        fx->shift_param = -1;
        in->changed = true;
    }
}

/* Where a callee's shift starts, seen from this call. */
static enum pa_position map_position(const struct infer *in, const struct pa_call_site *site,
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

static int map_param(const struct infer *in, const struct pa_call_site *site, int callee_param)
{
    if (callee_param < 0 || (unsigned)callee_param >= site->call->nkids)
        return -1;
    return pa_expr_param(in->fn, site->call->kids[callee_param]);
}

/* The callee's effects cfx on one of its subjects, carried to dst through the call at site. */
static void transfer(struct infer *in, struct pa_effects *dst, const struct pa_effects *cfx,
                     const struct pa_call_site *site, const struct pa_summary *cs, int subject,
                     bool exact)
{
    struct pa_witness w = {site->call->line, cs, subject};
    for (int e = 0; e < PA_EFFECT_COUNT; e++) {
        if (!(cfx->mask & PA_EFFECT_BIT(e)))
            continue;
        switch (e) {
        case PA_EFFECT_SHIFTS_TAIL: {
            /* a shift made only on some calls (the wrap-around of a hash table's probe run)
             * is not the helper's way of inserting */
            if (site->branch_depth > 0)
                break;
            int param;
            enum pa_position at = map_position(in, site, cfx->shift_at, cfx->shift_param, &param);
            add_shift(in, dst, w, at, param);
            break;
        }
        case PA_EFFECT_RESIZES: {
            bool first = add(in, dst, PA_EFFECT_RESIZES, w);
            merge_param(in, &dst->size_param, first, map_param(in, site, cfx->size_param));
            /* realloc(v->items, (v->len + 1) * size) with v->len++: a constant step per call */
            int q = cfx->size_param;
            if (!site->loop && q >= 0 && (unsigned)q < site->call->nkids &&
                pa_size_growth(in->fn, NULL, site->call->kids[q]) == PA_GROWTH_LINEAR)
                add(in, dst, PA_EFFECT_GROWS_CONST, w);
            break;
        }
        case PA_EFFECT_GROWS_CONST:
            if (!site->loop) /* once per call of this function; in a loop it is more */
                add(in, dst, PA_EFFECT_GROWS_CONST, w);
            break;
        case PA_EFFECT_READS:
        case PA_EFFECT_SEARCHES:
        case PA_EFFECT_SORTS: {
            bool first = add(in, dst, (enum pa_effect)e, w);
            merge_param(in, &dst->bound_param, first, map_param(in, site, cfx->bound_param));
            break;
        }
        case PA_EFFECT_FREES:
            /* free(p) frees p; free(p->items) changes what p holds */
            add(in, dst, exact ? PA_EFFECT_FREES : PA_EFFECT_STORES, w);
            break;
        default:
            add(in, dst, (enum pa_effect)e, w);
            break;
        }
    }
}

static void transfer_io(struct infer *in, const struct pa_call_site *site,
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
                         ? root_param(in->fn, call->kids[cio->stream_param])
                         : -1;
        long long bytes = cio->bytes;
        int size = -1;
        if (cio->size_param >= 0 && (unsigned)cio->size_param < call->nkids) {
            const struct pa_expr *n = call->kids[cio->size_param];
            if (!pa_expr_const_value(in->fn, n, &bytes))
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
                       ? root_param(in->fn, call->kids[cs->open.path_param])
                       : -1;
        in->s->open =
            (struct pa_open_effect){true, path, cs->open.call, {call->line, cs, PA_SUBJECT_OPEN}};
        in->changed = true;
    }
}

/* What a member call does to its object, carried to what the object is rooted in: the
 * caller's parameter, global, or own object (v.insert(...) with v a member, or f() on this). */
static void transfer_receiver(struct infer *in, const struct pa_call_site *site,
                              const struct pa_summary *cs)
{
    if (!cs->receiver.mask)
        return;
    const struct pa_expr *object = pa_call_object(in->prog, site);
    struct pa_effects *dst = object                            ? subject_of(in, object)
                             : pa_call_on_this(in->prog, site) ? &in->s->receiver
                                                               : NULL;
    const struct pa_expr *o = pa_expr_strip(object);
    if (dst)
        transfer(in, dst, &cs->receiver, site, cs, PA_SUBJECT_RECEIVER,
                 o && o->kind == PA_EXPR_VAR);
}

static void transfer_site(struct infer *in, const struct pa_call_site *site)
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
        struct pa_effects *dst = subject_of(in, pa_call_arg_subject(site, a));
        const struct pa_expr *arg = pa_expr_strip(call->kids[a]);
        bool exact = arg && arg->kind == PA_EXPR_VAR;
        if (dst)
            transfer(in, dst, &cs->params[a], site, cs, (int)a, exact);
    }
    transfer_receiver(in, site, cs);
    for (unsigned g = 0; g < cs->nglobals; g++) {
        int subject;
        struct pa_effects *dst = global_effects(in, cs->globals[g].name, &subject);
        transfer(in, dst, &cs->globals[g].fx, site, cs, -1 - (int)g, true);
    }
    /* memmove(a + 1, a, n) or a wrapper of it: a's tail moves */
    enum pa_position at;
    int param;
    if (site->branch_depth == 0 && pa_site_shifts_tail(in->prog, in->fn, site, &at, &param))
        add_shift(in, subject_of(in, call->kids[cs->move[0]]),
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

/* ---- what the body does itself ---- */

static void direct_writes(struct infer *in)
{
    const struct pa_function *fn = in->fn;
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->call >= 0 || w->var < 0 || (unsigned)w->var >= fn->nvars)
            continue;
        const struct pa_var *v = &fn->vars[w->var];
        struct pa_witness why = {w->expr ? w->expr->line : fn->line, NULL, 0};
        if (v->kind == PA_VAR_PARAM && w->kind == PA_WRITE_CONTENTS)
            add(in, subject_of(in, w->expr && w->expr->nkids ? w->expr->kids[0] : NULL),
                PA_EFFECT_STORES, why);
        else if (v->kind == PA_VAR_GLOBAL && v->name) {
            int subject;
            add(in, global_effects(in, v->name, &subject), PA_EFFECT_STORES, why);
        }
    }
}

/* Assignments and ++/-- to the object's members (n = x, this->v[i]++): stores into it. The
 * model records writes per variable, and a member of this is none. */
static bool visit_this_store(const struct pa_expr *e, void *data)
{
    struct infer *in = data;
    bool store = e->kind == PA_EXPR_ASSIGN ||
                 (e->kind == PA_EXPR_UNARY && e->op >= PA_OP_PREINC && e->op <= PA_OP_POSTDEC);
    if (store && e->nkids && e->kids[0] && pa_expr_rooted_in_this(e->kids[0]))
        add(in, &in->s->receiver, PA_EFFECT_STORES, (struct pa_witness){e->line, NULL, 0});
    return true;
}

static void direct_reads(struct infer *in)
{
    const struct pa_function *fn = in->fn;
    unsigned params = pa_function_lookup_params(in->prog, fn);
    if (!params)
        return;
    bool search = false;
    unsigned line = fn->line;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->trip.kind != PA_TRIP_LINEAR)
            continue;
        if (line == fn->line)
            line = l->line;
        if (pa_loop_is_search(fn, l)) {
            search = true;
            line = l->line;
            break;
        }
    }
    for (unsigned k = 0; k < PA_SUMMARY_MAX_PARAMS && k < 32; k++)
        if (params & (1u << k))
            add(in, &in->s->params[k], search ? PA_EFFECT_SEARCHES : PA_EFFECT_READS,
                (struct pa_witness){line, NULL, 0});
}

/* A member function walking its object's collection (for (x : items), i < count): its
 * object is read, or searched when the walk stops at what it looks for. */
static void direct_receiver_reads(struct infer *in)
{
    const struct pa_function *fn = in->fn;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->trip.kind != PA_TRIP_LINEAR || !l->trip.bound ||
            !pa_expr_rooted_in_this(l->trip.bound))
            continue;
        add(in, &in->s->receiver, pa_loop_is_search(fn, l) ? PA_EFFECT_SEARCHES : PA_EFFECT_READS,
            (struct pa_witness){l->line, NULL, 0});
    }
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
static enum pa_position loop_shift_position(const struct infer *in, const struct pa_loop *l,
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

static void direct_shifts(struct infer *in)
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
            add_shift(in, subject_of(in, wr->expr->kids[0]), (struct pa_witness){l->line, NULL, 0},
                      at, param);
            break;
        }
    }
}

static void direct_sort(struct infer *in)
{
    const struct pa_function *fn = in->fn;
    if (!fn->is_sort)
        return;
    for (unsigned v = 0; v < fn->nvars; v++) {
        const struct pa_var *var = &fn->vars[v];
        int k = var->param_index;
        if (var->kind == PA_VAR_PARAM && k >= 0 && k < PA_SUMMARY_MAX_PARAMS &&
            var->type == PA_TYPE_POINTER && (fn->param_writes & (1u << k)))
            add(in, &in->s->params[k], PA_EFFECT_SORTS, (struct pa_witness){fn->line, NULL, 0});
    }
}

/* ---- the return value ---- */

struct ret_scan {
    struct infer *in;
    enum pa_return ret;
    unsigned params;
    struct pa_witness why;
    bool any;
};

/* What a fresh block in local var holds: the parameters copied into it and how many copies. */
static void copies_into(struct infer *in, int var, unsigned *params, unsigned *copies)
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
            int k = root_param(fn, src);
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
    struct infer *in = rs->in;
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
            int k = (cs->ret_params & (1u << q)) ? root_param(in->fn, e->kids[q]) : -1;
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

static void first_return(const struct pa_stmt *st, unsigned *line)
{
    if (!st)
        return;
    if (st->kind == PA_STMT_RETURN && (!*line || st->line < *line))
        *line = st->line;
    if (st->kind == PA_STMT_LOOP && st->loop)
        first_return(st->loop->body, line);
    for (unsigned i = 0; i < st->nkids; i++)
        first_return(st->kids[i], line);
}

static void infer_return(struct infer *in)
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

static void summarize(struct infer *in)
{
    /* its own walks first: a collection it walks itself is witnessed by that loop rather than
     * by a strlen of the same parameter (linear-scan-in-loop tells the two apart) */
    direct_reads(in);
    direct_receiver_reads(in);
    for (unsigned i = 0; i < in->fn->ncalls; i++)
        transfer_site(in, &in->fn->calls[i]);
    direct_shifts(in);
    direct_sort(in);
    direct_writes(in);
    pa_stmt_walk_exprs(in->fn->body, visit_this_store, in);
    infer_return(in);
}

/* ---- bottom-up order: Tarjan's components, callees first ---- */

struct tarjan {
    const struct pa_program *prog;
    int *index, *low, *stack, *order; /* order: functions, each component contiguous */
    unsigned *comp_start;             /* component c is order[comp_start[c] .. comp_start[c+1]) */
    bool *on_stack;
    unsigned next, sp, norder, ncomp;
};

struct frame {
    unsigned fn, call;
};

static void strongconnect(struct tarjan *t, unsigned root, struct frame *frames)
{
    unsigned depth = 0;
    frames[depth++] = (struct frame){root, 0};
    t->index[root] = t->low[root] = (int)t->next++;
    t->stack[t->sp++] = (int)root;
    t->on_stack[root] = true;
    while (depth) {
        struct frame *f = &frames[depth - 1];
        const struct pa_function *fn = t->prog->functions[f->fn];
        if (f->call < fn->ncalls) {
            int w = fn->calls[f->call++].callee;
            if (w < 0 || (unsigned)w >= t->prog->nfunctions)
                continue;
            if (t->index[w] < 0) {
                t->index[w] = t->low[w] = (int)t->next++;
                t->stack[t->sp++] = w;
                t->on_stack[w] = true;
                frames[depth++] = (struct frame){(unsigned)w, 0};
            } else if (t->on_stack[w] && t->index[w] < t->low[f->fn]) {
                t->low[f->fn] = t->index[w];
            }
            continue;
        }
        unsigned v = f->fn;
        depth--;
        if (depth && t->low[v] < t->low[frames[depth - 1].fn])
            t->low[frames[depth - 1].fn] = t->low[v];
        if (t->low[v] != t->index[v])
            continue;
        t->comp_start[t->ncomp++] = t->norder;
        int w;
        do {
            w = t->stack[--t->sp];
            t->on_stack[w] = false;
            t->order[t->norder++] = w;
        } while ((unsigned)w != v);
    }
}

static bool calls_itself(const struct pa_function *fn)
{
    for (unsigned i = 0; i < fn->ncalls; i++)
        if (fn->calls[i].callee == (int)fn->id)
            return true;
    return false;
}

static void solve_component(struct pa_program *prog, const int *members, unsigned n)
{
    bool recursive = n > 1 || calls_itself(prog->functions[members[0]]);
    unsigned passes = 0;
    bool changed = true;
    while (changed && passes < (recursive ? MAX_PASSES : 1)) {
        changed = false;
        passes++;
        for (unsigned i = 0; i < n; i++) {
            struct pa_function *fn = prog->functions[members[i]];
            struct infer in = {prog, pa_program_arena(prog), fn, fn->summary, 0, false};
            first_return(fn->body, &in.first_return_line);
            summarize(&in);
            changed |= in.changed;
        }
    }
    for (unsigned i = 0; i < n; i++)
        prog->functions[members[i]]->summary->passes = passes;
}

void pa_infer_summaries(struct pa_program *prog)
{
    struct pa_arena *arena = pa_program_arena(prog);
    prog->storage->library_summaries =
        pa_library_summaries_build(arena, &prog->storage->nlibrary_summaries);
    unsigned n = prog->nfunctions;
    for (unsigned i = 0; i < n; i++) {
        struct pa_function *fn = prog->functions[i];
        struct pa_summary *s = pa_arena_alloc(arena, sizeof(*s));
        s->name = fn->name;
        s->fn = fn;
        s->nparams = fn->nparams;
        s->pure = fn->pure;
        s->move[0] = s->move[1] = s->move[2] = -1;
        for (unsigned k = 0; k < PA_SUMMARY_MAX_PARAMS; k++)
            init_effects(&s->params[k]);
        init_effects(&s->receiver);
        for (int k = 0; k < PA_IO_KINDS; k++)
            s->io[k].stream_param = s->io[k].size_param = -1;
        s->open.path_param = -1;
        fn->summary = s;
    }
    if (!n)
        return;
    struct tarjan t = {.prog = prog};
    t.index = pa_xmalloc(n * sizeof(int));
    t.low = pa_xmalloc(n * sizeof(int));
    t.stack = pa_xmalloc(n * sizeof(int));
    t.order = pa_xmalloc(n * sizeof(int));
    t.comp_start = pa_xmalloc((n + 1) * sizeof(unsigned));
    t.on_stack = pa_xcalloc(n, sizeof(bool));
    struct frame *frames = pa_xmalloc(n * sizeof(*frames));
    for (unsigned i = 0; i < n; i++)
        t.index[i] = -1;
    for (unsigned i = 0; i < n; i++)
        if (t.index[i] < 0)
            strongconnect(&t, i, frames);
    t.comp_start[t.ncomp] = t.norder;
    /* Tarjan completes a component only after every component it calls into */
    for (unsigned c = 0; c < t.ncomp; c++)
        solve_component(prog, &t.order[t.comp_start[c]], t.comp_start[c + 1] - t.comp_start[c]);
    free(frames);
    free(t.on_stack);
    free(t.comp_start);
    free(t.order);
    free(t.stack);
    free(t.low);
    free(t.index);
}
