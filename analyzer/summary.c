/* summary.c: inferring every function's summary from its body and its callees' summaries,
 * bottom-up over the call graph; a recursive component is iterated until nothing changes
 * (effects only grow, so it ends). Never by a function's name. */
#include "arena.h"
#include "program.h"
#include "summary_build.h"
#include "xalloc.h"

#include <stdlib.h>

/* Passes a recursive component may take; effects are monotone, this only bounds the work. */
#define MAX_PASSES 32

static void summarize(struct pa_sum_ctx *in)
{
    /* its own walks first: a collection it walks itself is witnessed by that loop rather than
     * by a strlen of the same parameter (linear-scan-in-loop tells the two apart) */
    pa_sum_direct_reads(in);
    for (unsigned i = 0; i < in->fn->ncalls; i++)
        pa_sum_transfer_site(in, &in->fn->calls[i]);
    pa_sum_direct_effects(in);
    pa_sum_return(in);
}

/* Bottom-up order: Tarjan's components, callees first. */

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
            struct pa_sum_ctx in = {prog, pa_program_arena(prog), fn, fn->summary, 0, false};
            pa_sum_first_return(fn->body, &in.first_return_line);
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
            pa_sum_init_effects(&s->params[k]);
        pa_sum_init_effects(&s->receiver);
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
