/* arena.c: chunked bump allocation for the function model. */
#include "arena.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)

struct pa_arena_chunk {
    struct pa_arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

static struct pa_arena_chunk *new_chunk(struct pa_arena *arena, size_t size)
{
    struct pa_arena_chunk *c = pa_xmalloc(sizeof(*c) + size);
    c->next = arena->chunks;
    c->used = 0;
    c->size = size;
    arena->chunks = c;
    return c;
}

void *pa_arena_alloc(struct pa_arena *arena, size_t size)
{
    size = (size + 15) & ~(size_t)15;
#ifdef PA_ARENA_MALLOC
    struct pa_arena_chunk *c = new_chunk(arena, size);
#else
    struct pa_arena_chunk *c = arena->chunks;
    if (!c || c->size - c->used < size) {
        if (size > CHUNK_SIZE / 4) {
            /* A large block gets a chunk of its own, kept behind the current one. */
            struct pa_arena_chunk *cur = arena->chunks;
            c = new_chunk(arena, size);
            if (cur) {
                arena->chunks = cur;
                c->next = cur->next;
                cur->next = c;
            }
        } else {
            c = new_chunk(arena, CHUNK_SIZE);
        }
    }
#endif
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *pa_arena_strndup(struct pa_arena *arena, const char *s, size_t n)
{
    char *p = pa_arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pa_arena_strdup(struct pa_arena *arena, const char *s)
{
    return s ? pa_arena_strndup(arena, s, strlen(s)) : NULL;
}

void *pa_arena_memdup(struct pa_arena *arena, const void *src, size_t size)
{
    void *p = pa_arena_alloc(arena, size);
    if (size)
        memcpy(p, src, size);
    return p;
}

void pa_arena_adopt(struct pa_arena *dst, struct pa_arena *src)
{
    struct pa_arena_chunk *last = src->chunks;
    if (!last)
        return;
    while (last->next)
        last = last->next;
    /* src's chunks go behind dst's current one, which keeps its free space */
    if (dst->chunks) {
        last->next = dst->chunks->next;
        dst->chunks->next = src->chunks;
    } else {
        dst->chunks = src->chunks;
    }
    src->chunks = NULL;
}

void pa_arena_free(struct pa_arena *arena)
{
    if (!arena)
        return;
    struct pa_arena_chunk *c = arena->chunks;
    while (c) {
        struct pa_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena->chunks = NULL;
}
