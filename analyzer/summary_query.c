/* summary_query.c: the questions rules ask of a call site with the callee's summary: what it
 * does to each argument, the I/O it makes, what it returns, and the chain that explains it. */
#include "cxx_catalog.h"
#include "growth.h"
#include "inference.h"
#include "perfaudit/const_fold.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "summary_infer.h"

#include <stdio.h>
#include <string.h>

const struct pa_summary *pa_function_summary(const struct pa_function *fn)
{
    return fn ? fn->summary : NULL;
}

const struct pa_summary *pa_call_summary(const struct pa_program *prog,
                                         const struct pa_call_site *site)
{
    if (!prog || !site)
        return NULL;
    if (site->callee >= 0 && (unsigned)site->callee < prog->nfunctions)
        return prog->functions[site->callee]->summary;
    /* a callee in namespace std is known by its USR; a member never by a C library name it
     * shares (an ostream's write is not write(2)), a function may be (std::sqrt is sqrt) */
    if (site->call && pa_cxx_usr_is_std(site->call->callee_usr)) {
        const struct pa_summary *cxx = pa_cxx_library_summary(prog, site->call->callee_usr);
        if (cxx || pa_cxx_usr_is_method(site->call->callee_usr))
            return cxx;
    }
    return site->call && site->call->name ? pa_library_summary(prog, site->call->name) : NULL;
}

const char *pa_effect_name(enum pa_effect e)
{
    static const char *const names[PA_EFFECT_COUNT] = {
        [PA_EFFECT_READS] = "reads",
        [PA_EFFECT_SEARCHES] = "searches",
        [PA_EFFECT_SHIFTS_TAIL] = "shifts the tail of",
        [PA_EFFECT_GROWS_CONST] = "grows by a constant",
        [PA_EFFECT_RESIZES] = "resizes",
        [PA_EFFECT_APPENDS_STRING] = "appends to the string in",
        [PA_EFFECT_SORTS] = "sorts",
        [PA_EFFECT_OVERWRITES] = "overwrites",
        [PA_EFFECT_STORES] = "stores into",
        [PA_EFFECT_FREES] = "frees",
    };
    return (unsigned)e < PA_EFFECT_COUNT ? names[e] : "?";
}

enum pa_growth pa_resize_growth(const struct pa_function *fn, const struct pa_loop *loop,
                                const struct pa_expr *call, const struct pa_effects *fx)
{
    int factors[2] = {fx->size_param, fx->size_factor};
    enum pa_growth g = PA_GROWTH_NONE;
    for (int k = 0; k < 2; k++) {
        int q = factors[k];
        if (q < 0 || (unsigned)q >= call->nkids)
            continue;
        enum pa_growth f = pa_size_growth(fn, loop, call->kids[q]);
        if (f == PA_GROWTH_GEOMETRIC)
            return f;
        if (f == PA_GROWTH_LINEAR)
            g = f;
    }
    int q = fx->size_field_param;
    if (g == PA_GROWTH_NONE && fx->size_field && q >= 0 && (unsigned)q < call->nkids &&
        call->kids[q]) {
        /* the callee reads the size from arg->field: how the caller moves that field */
        struct pa_expr *base = call->kids[q];
        struct pa_expr field = {.kind = PA_EXPR_MEMBER,
                                .name = fx->size_field,
                                .arrow = true,
                                .var = -1,
                                .nkids = 1,
                                .kids = &base};
        g = pa_size_growth(fn, loop, &field);
    }
    return g;
}

bool pa_call_resize_steps(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_call_site *site, unsigned arg, const struct pa_loop *loop)
{
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs || !loop || arg >= site->call->nkids || arg >= PA_SUMMARY_MAX_PARAMS ||
        !(cs->params[arg].mask & PA_EFFECT_BIT(PA_EFFECT_RESIZES)))
        return false;
    return pa_resize_growth(fn, loop, site->call, &cs->params[arg]) == PA_GROWTH_LINEAR;
}

bool pa_call_effect_on_arg(const struct pa_program *prog, const struct pa_function *fn,
                           const struct pa_call_site *site, unsigned arg, enum pa_effect e,
                           struct pa_witness *why)
{
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs || arg >= site->call->nkids || arg >= PA_SUMMARY_MAX_PARAMS)
        return false;
    struct pa_witness w = {site->call->line, cs, (int)arg};
    const struct pa_effects *fx = &cs->params[arg];
    bool has = (fx->mask & PA_EFFECT_BIT(e)) != 0;
    if (e == PA_EFFECT_SHIFTS_TAIL && !has) {
        enum pa_position at;
        int param;
        has = cs->move[0] == (int)arg && pa_site_shifts_tail(prog, fn, site, &at, &param);
    } else if (e == PA_EFFECT_GROWS_CONST && !has &&
               (fx->mask & PA_EFFECT_BIT(PA_EFFECT_RESIZES))) {
        /* resized to a size the caller gives: how that size moves across the loop decides */
        const struct pa_loop *loop = pa_loop_growing(pa_site_repeating_loop(site));
        has = loop && pa_resize_growth(fn, loop, site->call, fx) == PA_GROWTH_LINEAR;
    }
    if (has && why)
        *why = w;
    return has;
}

/* Is pos the length field of the collection coll points to (v->len beside v, v.len beside
 * &v)? */
static bool own_length(const struct pa_expr *pos, const struct pa_expr *coll)
{
    pos = pa_expr_strip(pos);
    return pos && pos->kind == PA_EXPR_MEMBER && pa_expr_root_var(pos) >= 0 &&
           pa_expr_root_var(pos) == pa_expr_root_var(coll);
}

enum pa_position pa_call_shift_position(const struct pa_program *prog, const struct pa_function *fn,
                                        const struct pa_call_site *site, unsigned arg,
                                        bool *by_pointers)
{
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (by_pointers)
        *by_pointers = false;
    if (!cs || arg >= site->call->nkids || arg >= PA_SUMMARY_MAX_PARAMS)
        return PA_POS_NONE;
    enum pa_position at;
    int param;
    if (cs->move[0] == (int)arg && pa_site_shifts_tail(prog, fn, site, &at, &param)) {
        if (by_pointers)
            *by_pointers = true;
        return at == PA_POS_START ? PA_POS_START : PA_POS_OTHER;
    }
    const struct pa_effects *fx = &cs->params[arg];
    if (!(fx->mask & PA_EFFECT_BIT(PA_EFFECT_SHIFTS_TAIL)))
        return PA_POS_NONE;
    if (fx->shift_at != PA_POS_PARAM)
        return fx->shift_at == PA_POS_START ? PA_POS_START : PA_POS_OTHER;
    if (fx->shift_param < 0 || (unsigned)fx->shift_param >= site->call->nkids)
        return PA_POS_OTHER;
    const struct pa_expr *pos = site->call->kids[fx->shift_param];
    if (pa_expr_is_int(pos, 0))
        return PA_POS_START;
    return own_length(pos, site->call->kids[arg]) ? PA_POS_END : PA_POS_OTHER;
}

bool pa_call_io(const struct pa_program *prog, const struct pa_function *fn,
                const struct pa_call_site *site, enum pa_io_kind kind, struct pa_call_io *out)
{
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs || (unsigned)kind >= PA_IO_KINDS || !cs->io[kind].per_call)
        return false;
    const struct pa_io_effect *io = &cs->io[kind];
    const struct pa_expr *call = site->call;
    out->stream = io->stream_param >= 0 && (unsigned)io->stream_param < call->nkids
                      ? call->kids[io->stream_param]
                      : NULL;
    out->bytes = io->bytes;
    if (io->size_param >= 0) {
        if ((unsigned)io->size_param >= call->nkids ||
            !pa_const_eval(fn, call->kids[io->size_param], &out->bytes))
            out->bytes = -1;
    }
    out->input = io->input;
    out->syscall = io->call;
    out->why = (struct pa_witness){call->line, cs, PA_SUBJECT_IO - (int)kind};
    return true;
}

const struct pa_expr *pa_call_opens(const struct pa_program *prog, const struct pa_call_site *site,
                                    struct pa_witness *why)
{
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs || !cs->open.per_call || cs->open.path_param < 0 ||
        (unsigned)cs->open.path_param >= site->call->nkids)
        return NULL;
    if (why)
        *why = (struct pa_witness){site->call->line, cs, PA_SUBJECT_OPEN};
    return site->call->kids[cs->open.path_param];
}

enum pa_return pa_call_returns(const struct pa_program *prog, const struct pa_call_site *site,
                               unsigned *args, struct pa_witness *why)
{
    const struct pa_summary *cs = pa_call_summary(prog, site);
    if (!cs)
        return PA_RETURN_OTHER;
    if (args)
        *args = cs->ret_params;
    if (why)
        *why = (struct pa_witness){site->call->line, cs, PA_SUBJECT_RETURN};
    return cs->ret;
}

static const struct pa_witness *witness_of(const struct pa_summary *s, int subject,
                                           enum pa_effect e)
{
    if (subject >= 0 && subject < PA_SUMMARY_MAX_PARAMS)
        return (s->params[subject].mask & PA_EFFECT_BIT(e)) ? &s->params[subject].why[e] : NULL;
    if (subject < 0 && subject > PA_SUBJECT_RETURN) {
        unsigned g = (unsigned)(-1 - subject);
        return g < s->nglobals && (s->globals[g].fx.mask & PA_EFFECT_BIT(e))
                   ? &s->globals[g].fx.why[e]
                   : NULL;
    }
    if (subject == PA_SUBJECT_RETURN)
        return s->ret != PA_RETURN_OTHER ? &s->ret_why : NULL;
    if (subject == PA_SUBJECT_OPEN)
        return s->open.per_call ? &s->open.why : NULL;
    if (subject == PA_SUBJECT_RECEIVER)
        return (s->receiver.mask & PA_EFFECT_BIT(e)) ? &s->receiver.why[e] : NULL;
    int k = PA_SUBJECT_IO - subject;
    return k >= 0 && k < PA_IO_KINDS && s->io[k].per_call ? &s->io[k].why : NULL;
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "?";
}

void pa_witness_chain(const struct pa_summary *s, int subject, enum pa_effect e, char *buf,
                      size_t size)
{
    if (!size)
        return;
    buf[0] = '\0';
    if (!s)
        return;
    size_t pos = (size_t)snprintf(buf, size, "%s()", s->name);
    /* a recursive component can lead back to itself: the chain is cut after a few links */
    for (int depth = 0; depth < 8 && s->fn && pos < size; depth++) {
        const struct pa_witness *w = witness_of(s, subject, e);
        if (!w || !w->line)
            break;
        const char *file = base_name(s->fn->file);
        if (!w->via) {
            snprintf(buf + pos, size - pos, " -> its own code at %s:%u", file, w->line);
            break;
        }
        pos += (size_t)snprintf(buf + pos, size - pos, " -> %s() at %s:%u", w->via->name, file,
                                w->line);
        if (w->via == s && w->via_subject == subject)
            break;
        s = w->via;
        subject = w->via_subject;
    }
}

bool pa_effect_by_project_code(const struct pa_summary *s, int subject, enum pa_effect e)
{
    for (int depth = 0; depth < 16 && s && s->fn; depth++) {
        const struct pa_witness *w = witness_of(s, subject, e);
        if (!w)
            return false;
        if (!w->via)
            return true;
        s = w->via;
        subject = w->via_subject;
    }
    return false;
}

void pa_call_chain(const struct pa_program *prog, const struct pa_call_site *site, int subject,
                   enum pa_effect e, char *buf, size_t size)
{
    pa_witness_chain(pa_call_summary(prog, site), subject, e, buf, size);
}

struct pa_cx pa_call_site_cost(const struct pa_program *prog, const struct pa_function *fn,
                               const struct pa_call_site *site)
{
    return pa_call_cost(prog, fn, site);
}

bool pa_call_walks_new_element(const struct pa_program *prog, const struct pa_function *fn,
                               const struct pa_call_site *site, const struct pa_loop *loop)
{
    const struct pa_summary *s = pa_call_summary(prog, site);
    if (!s || !s->fn)
        return false;
    for (unsigned a = 0; a < site->call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++) {
        bool walks = pa_effect_by_project_code(s, (int)a, PA_EFFECT_READS) ||
                     pa_effect_by_project_code(s, (int)a, PA_EFFECT_SEARCHES);
        if (walks && !pa_expr_invariant_in(prog, fn, site->call->kids[a], loop))
            return true;
    }
    return false;
}
