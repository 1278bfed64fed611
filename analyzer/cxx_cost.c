/* cxx_cost.c: the cost of one call of the C++ standard library, from its catalogue entry and,
 * for an insert or erase, where it happens. */
#include "cxx_catalog.h"
#include "perfaudit/summary.h"

struct pa_cx pa_cxx_call_cost(const struct pa_expr *call)
{
    const struct pa_cxx_fn *f = call ? pa_cxx_lookup(call->callee_usr) : NULL;
    if (!f)
        return PA_CX_ONE;
    /* v.insert(v.end(), x), v.erase(v.end() - 1) at the end: nothing moves */
    if ((f->flags & PA_CXX_SHIFTS_AT) && call->nkids &&
        pa_iterator_position(call->kids[0], NULL) == PA_POS_END)
        return PA_CX_ONE;
    switch (f->cost) {
    case PA_CXX_OLOG:
        return PA_CX_LOG;
    case PA_CXX_ON:
        return PA_CX_N;
    case PA_CXX_ONLOGN:
        return PA_CX_NLOGN;
    default:
        return PA_CX_ONE;
    }
}
