/* flame_tree.h: the merged call tree every flame-graph writer draws: one node per distinct path
 * of functions from the root, with each side's samples (one profile, or after and before).
 * Ownership: pa_flame_tree_build fills a tree the caller frees with pa_flame_tree_free; its
 * strings are borrowed from the profiles, which must outlive it. */
#ifndef PERFAUDIT_FLAME_TREE_H
#define PERFAUDIT_FLAME_TREE_H

#include <stdint.h>

#include "perfaudit/profile.h"

#define PA_FLAME_NONE UINT32_MAX /* no child, no sibling, no parent (the root) */

/* The sides of a tree: the profile drawn, and the baseline it is compared with. */
enum pa_flame_side { PA_FLAME_AFTER = 0, PA_FLAME_BEFORE = 1 };

/* A function as frames are merged: by name and file, whatever module or line it came from;
 * with a baseline, by name without clone suffixes and file base name (pa_symbol_name_len), and
 * named as the after profile (else the baseline) has it. */
struct pa_flame_frame {
    const char *name;
    const char *file;   /* NULL without debug information */
    unsigned line;      /* the function's first line, 0 if unknown */
    const char *module; /* NULL if unknown */
};

struct pa_flame_node {
    uint32_t frame;        /* index in frames; PA_FLAME_NONE for the root */
    uint32_t parent;       /* PA_FLAME_NONE for the root */
    uint32_t first_child;  /* children are sorted by name, then file */
    uint32_t next_sibling; /* PA_FLAME_NONE after the last child */
    uint32_t depth;        /* 0 for the root */
    uint32_t end;          /* the node's subtree is nodes [index, end) */
    uint64_t total[2];     /* samples through this path, per side */
    uint64_t self[2];      /* samples that ended here (leaf frames), per side */
};

struct pa_flame_tree {
    struct pa_flame_node *nodes; /* nodes[0] is the root; pre-order, parents before children */
    uint32_t nnodes;
    struct pa_flame_frame *frames;
    uint32_t nframes;
    unsigned sides;   /* 1, or 2 when built with a baseline */
    double period[2]; /* seconds one sample stands for, per side */
    uint32_t max_depth;
};

/* Merges the stacks of after (and of before, when not NULL) into one tree. Stacks without
 * frames count at the root only. Example: pa_flame_tree_build(p, NULL, &tree). */
void pa_flame_tree_build(const struct pa_profile *after, const struct pa_profile *before,
                         struct pa_flame_tree *out);
/* The time spent through node on one side, in seconds (samples x that side's period). */
double pa_flame_tree_seconds(const struct pa_flame_tree *t, uint32_t node, enum pa_flame_side side);
void pa_flame_tree_free(struct pa_flame_tree *t);

#endif
