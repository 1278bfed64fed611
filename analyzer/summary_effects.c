/* summary_effects.c: effect sets: adding an effect with its witness, merging the facts that
 * come with some (positions, size parameters), and which subject an expression reaches. */
#include "arena.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "summary_build.h"

#include <string.h>

void pa_sum_init_effects(struct pa_effects *fx)
{
    fx->shift_param = -1;
    fx->size_param = -1;
    fx->size_factor = -1;
    fx->size_field_param = -1;
    fx->append_at = -1;
    fx->bound_param = -1;
}

struct pa_effects *pa_sum_global(struct pa_sum_ctx *in, const char *name, int *subject)
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
    pa_sum_init_effects(&g[s->nglobals].fx);
    s->globals = g;
    *subject = -1 - (int)s->nglobals;
    s->nglobals++;
    in->changed = true;
    return &g[s->nglobals - 1].fx;
}

/* The effects record an argument or lvalue expression reaches: a parameter's (p, p->items,
 * p + i, &p->buf, *pp) or a global's; NULL for a local. */
struct pa_effects *pa_sum_subject(struct pa_sum_ctx *in, const struct pa_expr *e)
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
        return pa_sum_global(in, v->name, &subject);
    return NULL;
}

/* The parameter an expression is rooted in (w->fd is rooted in w), or -1. */
int pa_sum_root_param(const struct pa_function *fn, const struct pa_expr *e)
{
    int root = pa_expr_root_var(e);
    if (root < 0 || (unsigned)root >= fn->nvars || fn->vars[root].kind != PA_VAR_PARAM)
        return -1;
    return fn->vars[root].param_index;
}

bool pa_sum_add(struct pa_sum_ctx *in, struct pa_effects *fx, enum pa_effect e, struct pa_witness w)
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
void pa_sum_merge_param(struct pa_sum_ctx *in, int *slot, bool first, int value)
{
    if (first)
        *slot = value;
    else if (*slot != value && *slot != -1) {
        *slot = -1;
        in->changed = true;
    }
}

void pa_sum_add_shift(struct pa_sum_ctx *in, struct pa_effects *fx, struct pa_witness w,
                      enum pa_position at, int param)
{
    if (!fx)
        return;
    bool first = pa_sum_add(in, fx, PA_EFFECT_SHIFTS_TAIL, w);
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
