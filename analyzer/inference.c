/* inference.c: the order in which whole-program facts are derived. */
#include "inference.h"
#include "caller_constants.h"
#include "loop_bound.h"
#include "summary_infer.h"

void pa_infer_program(struct pa_program *prog)
{
    for (unsigned i = 0; i < prog->nfunctions; i++)
        prog->functions[i]->id = i;
    pa_resolve_calls(prog);
    pa_infer_purity(prog);
    pa_infer_noreturn(prog);
    pa_infer_constant_params(prog);
    for (unsigned i = 0; i < prog->nfunctions; i++)
        pa_classify_loops(prog, prog->functions[i]);
    pa_infer_recursion(prog);
    pa_infer_complexity(prog);
    pa_infer_summaries(prog);
}
