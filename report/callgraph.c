/* callgraph.c: the call graph of a profile (self and cumulative weight per function, samples
 * per caller -> callee edge), pruned to its hot part the way pprof prunes it. */
#include "callgraph.h"
#include "strbuf.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pa_callgraph_options_default(struct pa_callgraph_options *o)
{
    o->node_fraction = 0.005;
    o->edge_fraction = 0.001;
    o->max_nodes = 80;
}

/* caller -> callee over node indices, found through an open-addressing table. */
struct edge_map {
    struct pa_callgraph_edge *edges;
    unsigned *last_stack; /* stack index + 1 that last counted the edge: once per stack */
    bool *direct;         /* some sample took this edge without skipping a pruned function */
    size_t n, cap;
    unsigned *slots; /* edge index + 1; 0 is empty */
    size_t nslots;
};

static size_t slot_of(uint64_t key, size_t nslots)
{
    key *= 0x9e3779b97f4a7c15ull;
    return (size_t)(key >> 32) & (nslots - 1);
}

static uint64_t edge_key(unsigned caller, unsigned callee)
{
    return (uint64_t)caller << 32 | callee;
}

static void map_rehash(struct edge_map *m)
{
    size_t nslots = m->nslots ? m->nslots * 2 : 64;
    unsigned *slots = pa_xcalloc(nslots, sizeof(*slots));
    for (size_t e = 0; e < m->n; e++) {
        size_t i = slot_of(edge_key(m->edges[e].caller, m->edges[e].callee), nslots);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (unsigned)e + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
}

static size_t map_edge(struct edge_map *m, unsigned caller, unsigned callee)
{
    if ((m->n + 1) * 2 > m->nslots)
        map_rehash(m);
    uint64_t key = edge_key(caller, callee);
    size_t i = slot_of(key, m->nslots);
    for (; m->slots[i]; i = (i + 1) & (m->nslots - 1)) {
        const struct pa_callgraph_edge *e = &m->edges[m->slots[i] - 1];
        if (edge_key(e->caller, e->callee) == key)
            return m->slots[i] - 1;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap;
        PA_GROW(m->edges, cap, m->n + 1);
        m->last_stack = pa_xrealloc(m->last_stack, cap * sizeof(*m->last_stack));
        m->direct = pa_xrealloc(m->direct, cap * sizeof(*m->direct));
        m->cap = cap;
    }
    m->edges[m->n] = (struct pa_callgraph_edge){caller, callee, 0, false};
    m->last_stack[m->n] = 0;
    m->direct[m->n] = false;
    m->slots[i] = (unsigned)++m->n;
    return m->n - 1;
}

struct order_ctx {
    const struct pa_profile *p;
    const uint64_t *self, *cum;
};

/* Hottest first: cumulative, then self, then name, so that the output is deterministic. */
static int by_heat(const void *a, const void *b, void *data)
{
    const struct order_ctx *c = data;
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    if (c->cum[x] != c->cum[y])
        return c->cum[x] > c->cum[y] ? -1 : 1;
    if (c->self[x] != c->self[y])
        return c->self[x] > c->self[y] ? -1 : 1;
    int r = strcmp(c->p->functions[x].name, c->p->functions[y].name);
    return r ? r : (x > y) - (x < y);
}

static int by_weight(const void *a, const void *b)
{
    const struct pa_callgraph_edge *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    if (x->caller != y->caller)
        return x->caller < y->caller ? -1 : 1;
    return (x->callee > y->callee) - (x->callee < y->callee);
}

/* Self and cumulative weight per function, from the stacks (samples) or, for a profile with
 * statistics only, from those (microseconds). */
static void weigh_functions(const struct pa_profile *p, uint64_t *self, uint64_t *cum,
                            struct pa_callgraph *g)
{
    if (p->nstacks) {
        unsigned *seen = pa_xcalloc(p->nfunctions + 1, sizeof(*seen));
        g->has_stacks = true;
        g->unit_seconds = p->period > 0 ? p->period : 0;
        for (unsigned s = 0; s < p->nstacks; s++) {
            const struct pa_prof_stack *st = &p->stacks[s];
            if (st->nframes == 0)
                continue;
            g->total += st->count;
            self[p->locations[st->frames[0]].function] += st->count;
            for (unsigned i = 0; i < st->nframes; i++) {
                unsigned f = p->locations[st->frames[i]].function;
                if (seen[f] != s + 1) /* recursion: once per sample */
                    cum[f] += st->count, seen[f] = s + 1;
            }
        }
        free(seen);
        return;
    }
    g->unit_seconds = 1e-6;
    for (unsigned i = 0; i < p->nstats; i++) {
        const struct pa_prof_stats *s = &p->stats[i];
        uint64_t tot = s->tottime > 0 ? (uint64_t)llround(s->tottime * 1e6) : 0;
        uint64_t c = s->cumtime > 0 ? (uint64_t)llround(s->cumtime * 1e6) : 0;
        self[s->function] += tot;
        cum[s->function] += c > tot ? c : tot;
        g->total += tot;
    }
}

/* Edges between the kept functions, each sample counted once per distinct edge of its stack.
 * A pruned frame between two kept ones makes the edge skip it (an indirect edge). */
static void collect_edges(const struct pa_profile *p, const unsigned *node_of, struct edge_map *m)
{
    for (unsigned s = 0; s < p->nstacks; s++) {
        const struct pa_prof_stack *st = &p->stacks[s];
        unsigned parent = 0; /* node index + 1 of the nearest kept caller */
        bool skipped = false;
        if (st->count == 0)
            continue; /* it would make an edge direct without a sample */
        for (unsigned i = st->nframes; i-- > 0;) { /* root to leaf */
            unsigned n = node_of[p->locations[st->frames[i]].function];
            if (!n) {
                skipped = parent != 0;
                continue;
            }
            if (parent) {
                size_t e = map_edge(m, parent - 1, n - 1);
                if (m->last_stack[e] != s + 1) {
                    m->edges[e].weight += st->count;
                    m->last_stack[e] = s + 1;
                }
                if (!skipped)
                    m->direct[e] = true;
            }
            parent = n;
            skipped = false;
        }
    }
}

void pa_callgraph_build(const struct pa_profile *p, const struct pa_callgraph_options *o,
                        struct pa_callgraph *out)
{
    memset(out, 0, sizeof(*out));
    unsigned nf = p->nfunctions;
    uint64_t *self = pa_xcalloc(nf + 1, sizeof(*self)), *cum = pa_xcalloc(nf + 1, sizeof(*cum));
    unsigned *order = pa_xcalloc(nf + 1, sizeof(*order));
    unsigned *node_of = pa_xcalloc(nf + 1, sizeof(*node_of));
    weigh_functions(p, self, cum, out);

    unsigned n = 0;
    for (unsigned f = 0; f < nf; f++)
        if (cum[f] || self[f])
            order[n++] = f;
    out->all_nodes = n;
    struct order_ctx ctx = {p, self, cum};
    qsort_r(order, n, sizeof(*order), by_heat, &ctx);

    double nfrac = o->node_fraction > 0 ? o->node_fraction : 0;
    double efrac = o->edge_fraction > 0 ? o->edge_fraction : 0;
    out->node_cutoff = (uint64_t)ceil(nfrac * (double)out->total);
    out->edge_cutoff = (uint64_t)ceil(efrac * (double)out->total);
    out->nodes = pa_xcalloc(n + 1, sizeof(*out->nodes));
    for (unsigned i = 0; i < n; i++) {
        unsigned f = order[i];
        if (o->max_nodes && out->nnodes >= o->max_nodes)
            break;
        if (cum[f] < out->node_cutoff || cum[f] == 0)
            break; /* sorted by cum: the rest are colder still */
        out->nodes[out->nnodes] = (struct pa_callgraph_node){f, self[f], cum[f]};
        node_of[f] = ++out->nnodes;
    }

    struct edge_map m = {0};
    collect_edges(p, node_of, &m);
    /* Keep edges above the cutoff, and each function's heaviest incoming edge from another
     * function whatever its weight, so that no drawn function floats unattached. */
    unsigned *heaviest_in = pa_xcalloc(out->nnodes + 1, sizeof(*heaviest_in));
    for (size_t e = 0; e < m.n; e++) {
        const struct pa_callgraph_edge *x = &m.edges[e];
        unsigned h = heaviest_in[x->callee];
        if (x->caller != x->callee && (!h || x->weight > m.edges[h - 1].weight))
            heaviest_in[x->callee] = (unsigned)e + 1;
    }
    out->edges = pa_xcalloc(m.n + 1, sizeof(*out->edges));
    for (size_t e = 0; e < m.n; e++) {
        struct pa_callgraph_edge x = m.edges[e];
        if (x.weight == 0)
            continue;
        if (x.weight < out->edge_cutoff && heaviest_in[x.callee] != e + 1) {
            out->dropped_edges++;
            continue;
        }
        x.indirect = !m.direct[e];
        out->edges[out->nedges++] = x;
    }
    qsort(out->edges, out->nedges, sizeof(*out->edges), by_weight);

    free(heaviest_in);
    free(m.edges);
    free(m.last_stack);
    free(m.direct);
    free(m.slots);
    free(node_of);
    free(order);
    free(cum);
    free(self);
}

void pa_callgraph_free(struct pa_callgraph *g)
{
    if (!g)
        return;
    free(g->nodes);
    free(g->edges);
    memset(g, 0, sizeof(*g));
}
