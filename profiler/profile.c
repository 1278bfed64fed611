/* profile.c: building a struct pa_profile: interning functions, locations and stacks. */
#include "perfaudit/profile.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Open-addressing tables from a hash to an index; entries compare through the profile. */
struct intern_slot {
    uint64_t hash;
    unsigned index; /* index + 1; 0 is empty */
};

struct intern_table {
    struct intern_slot *slots;
    size_t cap, n;
};

struct pa_profile_index {
    struct intern_table functions, locations, stacks;
    size_t cap_functions, cap_locations, cap_stacks, cap_stats;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    if (!s)
        return mix(h, 0x51ed27);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return mix(h, 1);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

typedef bool (*intern_equal_fn)(const struct pa_profile *p, unsigned index, const void *key);

static void intern_grow(struct intern_table *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64;
    struct intern_slot *ns = pa_xcalloc(ncap, sizeof(*ns));
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].index)
            continue;
        size_t j = (size_t)t->slots[i].hash & (ncap - 1);
        while (ns[j].index)
            j = (j + 1) & (ncap - 1);
        ns[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = ns;
    t->cap = ncap;
}

/* The index of the entry equal to key, or UINT32_MAX with *slot where to insert it. */
static unsigned intern_find(struct intern_table *t, const struct pa_profile *p, uint64_t hash,
                            intern_equal_fn equal, const void *key, size_t *slot)
{
    if ((t->n + 1) * 2 > t->cap)
        intern_grow(t);
    size_t i = (size_t)hash & (t->cap - 1);
    while (t->slots[i].index) {
        unsigned index = t->slots[i].index - 1;
        if (t->slots[i].hash == hash && equal(p, index, key))
            return index;
        i = (i + 1) & (t->cap - 1);
    }
    *slot = i;
    return UINT32_MAX;
}

static void intern_put(struct intern_table *t, size_t slot, uint64_t hash, unsigned index)
{
    t->slots[slot] = (struct intern_slot){hash, index + 1};
    t->n++;
}

struct function_key {
    const char *name, *file, *module;
};

static uint64_t function_hash(const char *name, const char *file, const char *module)
{
    return hash_str(hash_str(hash_str(1469598103934665603ull, name), file), module);
}

static bool function_equal(const struct pa_profile *p, unsigned i, const void *key)
{
    const struct function_key *k = key;
    const struct pa_prof_function *f = &p->functions[i];
    return same_str(f->name, k->name) && same_str(f->file, k->file) &&
           same_str(f->module, k->module);
}

static uint64_t location_hash(unsigned function, unsigned line)
{
    return mix(mix(7, function), line);
}

static bool location_equal(const struct pa_profile *p, unsigned i, const void *key)
{
    const struct pa_prof_location *k = key;
    return p->locations[i].function == k->function && p->locations[i].line == k->line;
}

struct stack_key {
    const unsigned *frames;
    unsigned nframes;
};

static uint64_t stack_hash(const unsigned *frames, unsigned n)
{
    uint64_t h = mix(11, n);
    for (unsigned i = 0; i < n; i++)
        h = mix(h, frames[i]);
    return h;
}

static bool stack_equal(const struct pa_profile *p, unsigned i, const void *key)
{
    const struct stack_key *k = key;
    const struct pa_prof_stack *s = &p->stacks[i];
    return s->nframes == k->nframes &&
           memcmp(s->frames, k->frames, k->nframes * sizeof(unsigned)) == 0;
}

struct pa_profile *pa_profile_new(const char *format, const char *path)
{
    struct pa_profile *p = pa_xcalloc(1, sizeof(*p));
    p->index = pa_xcalloc(1, sizeof(*p->index));
    p->format = pa_arena_strdup(&p->arena, format);
    p->path = pa_arena_strdup(&p->arena, path);
    p->processes = 1;
    p->threads = 1;
    return p;
}

static const char *copy(struct pa_profile *p, const char *s)
{
    return s ? pa_arena_strdup(&p->arena, s) : NULL;
}

unsigned pa_profile_function(struct pa_profile *p, const char *name, const char *file,
                             unsigned line, const char *module)
{
    struct pa_profile_index *ix = p->index;
    struct function_key key = {name, file, module};
    uint64_t h = function_hash(name, file, module);
    size_t slot = 0;
    unsigned found = intern_find(&ix->functions, p, h, function_equal, &key, &slot);
    if (found != UINT32_MAX) {
        if (!p->functions[found].line && line)
            p->functions[found].line = line;
        return found;
    }
    PA_GROW(p->functions, ix->cap_functions, (size_t)p->nfunctions + 1);
    p->functions[p->nfunctions] =
        (struct pa_prof_function){copy(p, name ? name : "?"), copy(p, file), line, copy(p, module)};
    intern_put(&ix->functions, slot, h, p->nfunctions);
    return p->nfunctions++;
}

unsigned pa_profile_location(struct pa_profile *p, unsigned function, unsigned line)
{
    struct pa_profile_index *ix = p->index;
    struct pa_prof_location key = {function, line};
    uint64_t h = location_hash(function, line);
    size_t slot = 0;
    unsigned found = intern_find(&ix->locations, p, h, location_equal, &key, &slot);
    if (found != UINT32_MAX)
        return found;
    PA_GROW(p->locations, ix->cap_locations, (size_t)p->nlocations + 1);
    p->locations[p->nlocations] = key;
    intern_put(&ix->locations, slot, h, p->nlocations);
    return p->nlocations++;
}

void pa_profile_add_stack(struct pa_profile *p, const unsigned *frames, unsigned nframes,
                          uint64_t count)
{
    struct pa_profile_index *ix = p->index;
    struct stack_key key = {frames, nframes};
    uint64_t h = stack_hash(frames, nframes);
    size_t slot = 0;
    unsigned found = intern_find(&ix->stacks, p, h, stack_equal, &key, &slot);
    p->samples += count;
    if (found != UINT32_MAX) {
        p->stacks[found].count += count;
        return;
    }
    PA_GROW(p->stacks, ix->cap_stacks, (size_t)p->nstacks + 1);
    p->stacks[p->nstacks] = (struct pa_prof_stack){
        nframes, pa_arena_memdup(&p->arena, frames, nframes * sizeof(*frames)), count};
    intern_put(&ix->stacks, slot, h, p->nstacks);
    p->nstacks++;
}

void pa_profile_add_stats(struct pa_profile *p, const struct pa_prof_stats *stats)
{
    PA_GROW(p->stats, p->index->cap_stats, (size_t)p->nstats + 1);
    p->stats[p->nstats++] = *stats;
}

void pa_profile_free(struct pa_profile *p)
{
    if (!p)
        return;
    if (p->index) {
        free(p->index->functions.slots);
        free(p->index->locations.slots);
        free(p->index->stacks.slots);
        free(p->index);
    }
    free(p->functions);
    free(p->locations);
    free(p->stacks);
    free(p->stats);
    pa_arena_free(&p->arena);
    free(p);
}

size_t pa_symbol_name_len(const char *symbol)
{
    /* C and C++ function names hold no '.', so the first one starts a compiler's suffix */
    const char *dot = strchr(symbol, '.');
    const char *clone = strstr(symbol, " [clone ");
    const char *end = dot && (!clone || dot < clone) ? dot : clone;
    return end ? (size_t)(end - symbol) : strlen(symbol);
}
