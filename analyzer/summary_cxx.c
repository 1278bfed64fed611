/* summary_cxx.c: the C++ standard library catalogue converted into summaries of the same form
 * as the project's: a member's effects are on its object (the receiver), a free algorithm's on
 * the range its first iterator argument walks (parameter 0). */
#include "cxx_catalog.h"
#include "libc_catalog.h"
#include "program.h"
#include "summary_infer.h"

#include <string.h>

static void init(struct pa_effects *fx)
{
    fx->shift_param = -1;
    fx->size_param = -1;
    fx->bound_param = -1;
}

static void set(struct pa_effects *fx, enum pa_effect e)
{
    fx->mask |= PA_EFFECT_BIT(e);
}

void pa_cxx_summary_convert(const struct pa_cxx_fn *f, struct pa_summary *s)
{
    memset(s, 0, sizeof(*s));
    s->name = f->name;
    s->pure = (f->flags & PA_CXX_PURE) != 0;
    s->passes = 1;
    s->move[0] = s->move[1] = s->move[2] = -1;
    for (unsigned a = 0; a < PA_SUMMARY_MAX_PARAMS; a++)
        init(&s->params[a]);
    init(&s->receiver);
    for (int k = 0; k < PA_IO_KINDS; k++)
        s->io[k].stream_param = s->io[k].size_param = -1;
    s->open.path_param = -1;
    bool member = !(f->classes & PA_CXX_FREE);
    struct pa_effects *subject = member ? &s->receiver : &s->params[0];
    s->nparams = member ? 1 : 3;
    if (f->flags & PA_CXX_SHIFTS_AT) {
        set(subject, PA_EFFECT_SHIFTS_TAIL);
        subject->shift_at = PA_POS_PARAM; /* the iterator (or index) in argument 0 */
        subject->shift_param = 0;
    }
    if (f->flags & (PA_CXX_STORES | PA_CXX_APPENDS | PA_CXX_FILLS))
        set(subject, PA_EFFECT_STORES); /* amortised: never GROWS_CONST */
    if (f->flags & PA_CXX_SEARCHES)
        set(subject, PA_EFFECT_SEARCHES);
    if (f->flags & (PA_CXX_READS | PA_CXX_COPIES))
        set(subject, PA_EFFECT_READS);
    if (f->flags & PA_CXX_COPIES)
        set(&s->params[2], PA_EFFECT_STORES);
    if (f->flags & PA_CXX_SORTS)
        set(subject, PA_EFFECT_SORTS);
    if (f->flags & PA_CXX_RESIZES) {
        set(subject, PA_EFFECT_RESIZES);
        subject->size_param = 0;
    }
    if (f->flags & PA_CXX_CONCAT) {
        s->ret = PA_RETURN_EXTENDS;
        s->ret_params = 3u; /* a copy of both operands */
    }
}

const struct pa_summary *pa_cxx_library_summary(const struct pa_program *prog, const char *usr)
{
    const struct pa_cxx_fn *f = pa_cxx_lookup(usr);
    if (!f || !prog->storage || !prog->storage->library_summaries)
        return NULL;
    /* stored after the C library's (pa_library_summaries_build) */
    unsigned i = pa_libc_catalog_size() + (unsigned)(f - pa_cxx_catalog_entry(0));
    return i < prog->storage->nlibrary_summaries ? &prog->storage->library_summaries[i] : NULL;
}
