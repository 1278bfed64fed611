/* flame_tree.c: merging the stacks of one or two profiles into the call tree flame graphs draw:
 * frames are interned by (name, file), or by the diff's identity of a function when two
 * profiles are compared, nodes found by (parent, frame), then laid out in
 * pre-order with children sorted by name so that every writer walks the same stable order. */
#include "flame_tree.h"
#include "path.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY UINT32_MAX

/* Open-addressing tables (power-of-two sizes, at most half full) that map keys to indices. */
struct builder {
    struct pa_flame_tree *t;
    /* Two profiles: frames merge by the identity the diff uses (pa_symbol_name_len, file base
     * name), so that a function compares with itself across builds and directories. One
     * profile: by exact symbol and path, as the profile has them. */
    bool by_identity;
    size_t frames_cap, nodes_cap;
    uint32_t *frame_slots;
    size_t frame_nslots;
    uint32_t *child_slots;
    size_t child_nslots;
};

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL; /* FNV-1a */
    return h;
}

/* The part of a frame's name and file that identifies it (see struct builder). */
struct frame_key {
    const char *name, *file;
    size_t name_len;
};

static struct frame_key key_of(const struct builder *b, const char *name, const char *file)
{
    if (b->by_identity)
        return (struct frame_key){name, pa_path_base(file), pa_symbol_name_len(name)};
    return (struct frame_key){name, file, strlen(name)};
}

static uint64_t hash_frame(struct frame_key k)
{
    uint64_t h = hash_bytes(0xcbf29ce484222325ULL, k.name, k.name_len) * 31 + (k.file != NULL);
    return k.file ? hash_bytes(h, k.file, strlen(k.file)) : h;
}

static bool same_key(struct frame_key a, struct frame_key b)
{
    return a.name_len == b.name_len && memcmp(a.name, b.name, a.name_len) == 0 &&
           (a.file == b.file || (a.file && b.file && strcmp(a.file, b.file) == 0));
}

static uint64_t hash_child(uint32_t parent, uint32_t frame)
{
    uint64_t h = ((uint64_t)parent << 32 | frame) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
}

static uint32_t *new_slots(size_t n)
{
    uint32_t *slots = pa_xmalloc(n * sizeof(*slots));
    memset(slots, 0xff, n * sizeof(*slots)); /* every slot EMPTY */
    return slots;
}

static void grow_frame_slots(struct builder *b)
{
    size_t n = b->frame_nslots ? b->frame_nslots * 2 : 256;
    free(b->frame_slots);
    b->frame_slots = new_slots(n);
    b->frame_nslots = n;
    for (uint32_t i = 0; i < b->t->nframes; i++) {
        const struct pa_flame_frame *f = &b->t->frames[i];
        size_t s = hash_frame(key_of(b, f->name, f->file)) & (n - 1);
        while (b->frame_slots[s] != EMPTY)
            s = (s + 1) & (n - 1);
        b->frame_slots[s] = i;
    }
}

static uint32_t intern_frame(struct builder *b, const struct pa_prof_function *fn)
{
    struct pa_flame_tree *t = b->t;
    if (2 * ((size_t)t->nframes + 1) > b->frame_nslots)
        grow_frame_slots(b);
    struct frame_key key = key_of(b, fn->name, fn->file);
    size_t mask = b->frame_nslots - 1, s = hash_frame(key) & mask;
    for (; b->frame_slots[s] != EMPTY; s = (s + 1) & mask) {
        const struct pa_flame_frame *f = &t->frames[b->frame_slots[s]];
        if (same_key(key_of(b, f->name, f->file), key))
            return b->frame_slots[s];
    }
    PA_GROW(t->frames, b->frames_cap, (size_t)t->nframes + 1);
    t->frames[t->nframes] = (struct pa_flame_frame){fn->name, fn->file, fn->line, fn->module};
    b->frame_slots[s] = t->nframes;
    return t->nframes++;
}

static void grow_child_slots(struct builder *b)
{
    size_t n = b->child_nslots ? b->child_nslots * 2 : 1024;
    free(b->child_slots);
    b->child_slots = new_slots(n);
    b->child_nslots = n;
    for (uint32_t i = 1; i < b->t->nnodes; i++) {
        const struct pa_flame_node *c = &b->t->nodes[i];
        size_t s = hash_child(c->parent, c->frame) & (n - 1);
        while (b->child_slots[s] != EMPTY)
            s = (s + 1) & (n - 1);
        b->child_slots[s] = i;
    }
}

static uint32_t new_node(struct builder *b, uint32_t parent, uint32_t frame)
{
    struct pa_flame_tree *t = b->t;
    PA_GROW(t->nodes, b->nodes_cap, (size_t)t->nnodes + 1);
    t->nodes[t->nnodes] = (struct pa_flame_node){.frame = frame, .parent = parent};
    return t->nnodes++;
}

static uint32_t child(struct builder *b, uint32_t parent, uint32_t frame)
{
    struct pa_flame_tree *t = b->t;
    if (2 * ((size_t)t->nnodes + 1) > b->child_nslots)
        grow_child_slots(b);
    size_t mask = b->child_nslots - 1, s = hash_child(parent, frame) & mask;
    for (; b->child_slots[s] != EMPTY; s = (s + 1) & mask) {
        const struct pa_flame_node *c = &t->nodes[b->child_slots[s]];
        if (c->parent == parent && c->frame == frame)
            return b->child_slots[s];
    }
    uint32_t n = new_node(b, parent, frame);
    b->child_slots[s] = n;
    return n;
}

static void add_profile(struct builder *b, const struct pa_profile *p, enum pa_flame_side side)
{
    struct pa_flame_tree *t = b->t;
    uint32_t *frame_of = new_slots(p->nfunctions ? p->nfunctions : 1); /* function -> frame */
    t->period[side] = p->period;
    for (unsigned i = 0; i < p->nstacks; i++) {
        const struct pa_prof_stack *st = &p->stacks[i];
        uint32_t node = 0;
        t->nodes[0].total[side] += st->count;
        for (unsigned k = st->nframes; k-- > 0;) { /* root (last) to leaf (first) */
            unsigned fn = p->locations[st->frames[k]].function;
            if (frame_of[fn] == EMPTY)
                frame_of[fn] = intern_frame(b, &p->functions[fn]);
            node = child(b, node, frame_of[fn]);
            t->nodes[node].total[side] += st->count;
        }
        t->nodes[node].self[side] += st->count;
    }
    free(frame_of);
}

struct entry {
    uint32_t node;
    const struct pa_flame_frame *frame;
};

static int compare_entries(const void *a, const void *b)
{
    const struct pa_flame_frame *x = ((const struct entry *)a)->frame;
    const struct pa_flame_frame *y = ((const struct entry *)b)->frame;
    int c = strcmp(x->name, y->name);
    if (c || x->file == y->file)
        return c;
    if (!x->file || !y->file)
        return x->file ? 1 : -1;
    return strcmp(x->file, y->file);
}

/* Renumbers the nodes in pre-order, children sorted, and fills the links, depths and ends. */
static void lay_out(struct pa_flame_tree *t)
{
    uint32_t n = t->nnodes;
    uint32_t *start = pa_xcalloc((size_t)n + 1, sizeof(*start));
    struct entry *kids = pa_xmalloc((size_t)n * sizeof(*kids));
    for (uint32_t i = 1; i < n; i++)
        start[t->nodes[i].parent + 1]++;
    for (uint32_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    uint32_t *fill = pa_xmalloc((size_t)n * sizeof(*fill));
    memcpy(fill, start, (size_t)n * sizeof(*fill));
    for (uint32_t i = 1; i < n; i++)
        kids[fill[t->nodes[i].parent]++] = (struct entry){i, &t->frames[t->nodes[i].frame]};
    for (uint32_t i = 0; i < n; i++)
        if (start[i + 1] - start[i] > 1)
            qsort(kids + start[i], start[i + 1] - start[i], sizeof(*kids), compare_entries);

    /* depth-first, the children pushed in reverse so that the first sorted child pops first */
    struct pa_flame_node *out = pa_xmalloc((size_t)n * sizeof(*out));
    uint32_t *stack = fill, *renum = pa_xmalloc((size_t)n * sizeof(*renum));
    uint32_t top = 0, next = 0;
    stack[top++] = 0;
    while (top) {
        uint32_t old = stack[--top];
        renum[old] = next;
        out[next] = t->nodes[old];
        out[next].parent = old ? renum[t->nodes[old].parent] : PA_FLAME_NONE;
        out[next].first_child = out[next].next_sibling = PA_FLAME_NONE;
        next++;
        for (uint32_t k = start[old + 1]; k-- > start[old];)
            stack[top++] = kids[k].node;
    }
    uint32_t *last = renum; /* reused: the last child linked to each node so far */
    memset(last, 0xff, (size_t)n * sizeof(*last));
    out[0].depth = 0;
    t->max_depth = 0;
    for (uint32_t i = 1; i < n; i++) {
        uint32_t p = out[i].parent;
        out[i].depth = out[p].depth + 1;
        if (out[i].depth > t->max_depth)
            t->max_depth = out[i].depth;
        if (last[p] == PA_FLAME_NONE)
            out[p].first_child = i;
        else
            out[last[p]].next_sibling = i;
        last[p] = i;
    }
    for (uint32_t i = 0; i < n; i++)
        out[i].end = i + 1;
    for (uint32_t i = n; i-- > 1;) /* a subtree ends where its last descendant's does */
        if (out[i].end > out[out[i].parent].end)
            out[out[i].parent].end = out[i].end;
    free(t->nodes);
    t->nodes = out;
    free(renum);
    free(fill);
    free(kids);
    free(start);
}

void pa_flame_tree_build(const struct pa_profile *after, const struct pa_profile *before,
                         struct pa_flame_tree *out)
{
    memset(out, 0, sizeof(*out));
    struct builder b = {.t = out, .by_identity = before != NULL};
    new_node(&b, PA_FLAME_NONE, PA_FLAME_NONE);
    out->sides = before ? 2 : 1;
    add_profile(&b, after, PA_FLAME_AFTER);
    if (before)
        add_profile(&b, before, PA_FLAME_BEFORE);
    free(b.frame_slots);
    free(b.child_slots);
    lay_out(out);
}

double pa_flame_tree_seconds(const struct pa_flame_tree *t, uint32_t node, enum pa_flame_side side)
{
    return (double)t->nodes[node].total[side] * t->period[side];
}

void pa_flame_tree_free(struct pa_flame_tree *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->frames);
    memset(t, 0, sizeof(*t));
}
