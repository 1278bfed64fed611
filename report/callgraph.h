/* callgraph.h: the call graph of a profile (functions with self and cumulative time, caller ->
 * callee edges with the samples through them), pruned to its hot part, and its DOT text.
 * Ownership: pa_callgraph_build fills a struct pa_callgraph the caller frees with
 * pa_callgraph_free; function indices refer to the profile, which must outlive nothing here. */
#ifndef PERFAUDIT_CALLGRAPH_H
#define PERFAUDIT_CALLGRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "perfaudit/profile.h"

struct pa_strbuf;

struct pa_callgraph_options {
    double node_fraction; /* drop functions whose cumulative share is below this (0.005) */
    double edge_fraction; /* drop edges whose share is below this (0.001) */
    unsigned max_nodes;   /* keep at most this many functions, the hottest (80); 0: no cap */
};

/* A drawn function. Weights are in units of unit_seconds (samples, or microseconds for a
 * profile that has exact statistics but no stacks). */
struct pa_callgraph_node {
    unsigned function; /* index into the profile's functions */
    uint64_t self, cum;
};

/* caller -> callee, as indices into nodes[]. An indirect edge only ever reached the callee
 * through functions that were pruned (drawn dashed, as pprof does). */
struct pa_callgraph_edge {
    unsigned caller, callee;
    uint64_t weight;
    bool indirect;
};

struct pa_callgraph {
    struct pa_callgraph_node *nodes; /* hottest (cumulative) first */
    struct pa_callgraph_edge *edges; /* heaviest first */
    unsigned nnodes, nedges;
    unsigned all_nodes;     /* functions with any weight, before pruning */
    unsigned dropped_edges; /* edges between kept functions dropped as too light */
    uint64_t total;         /* weight of the whole profile */
    uint64_t node_cutoff, edge_cutoff;
    double unit_seconds; /* seconds per unit of weight; 0 when the profile does not say */
    bool has_stacks;     /* false: a statistics-only profile, nodes without edges */
};

void pa_callgraph_options_default(struct pa_callgraph_options *o);

/* Builds the pruned graph: each sample counts once per function for cumulative weight (so
 * recursion is not counted twice) and once per distinct caller -> callee edge of its stack. */
void pa_callgraph_build(const struct pa_profile *p, const struct pa_callgraph_options *o,
                        struct pa_callgraph *out);
void pa_callgraph_free(struct pa_callgraph *g);

/* Appends the DOT text of the pruned graph (ready for Graphviz's dot program).
 * Example: pa_callgraph_options_default(&o); pa_callgraph_dot(profile, &o, &text); */
void pa_callgraph_dot(const struct pa_profile *p, const struct pa_callgraph_options *o,
                      struct pa_strbuf *out);

#endif
