/* arena.h: a bump allocator that owns everything one translation unit's model holds.
 * Blocks are freed all at once with pa_arena_free. Built with PA_ARENA_MALLOC (the sanitizer
 * builds), every allocation is a separate malloc so that ASan and LSan see each block. */
#ifndef PERFAUDIT_ARENA_H
#define PERFAUDIT_ARENA_H

#include <stddef.h>

struct pa_arena_chunk;

struct pa_arena {
    struct pa_arena_chunk *chunks;
};

/* Zero-filled memory that lives until the arena is freed. */
void *pa_arena_alloc(struct pa_arena *arena, size_t size);
char *pa_arena_strdup(struct pa_arena *arena, const char *s);
char *pa_arena_strndup(struct pa_arena *arena, const char *s, size_t n);
/* Copies n pointers into arena memory (for turning a growing vector into a fixed array). */
void *pa_arena_memdup(struct pa_arena *arena, const void *src, size_t size);
/* Moves every block of src into dst (src is left empty): a worker thread's arena joins the
 * program's when its translation unit is merged. */
void pa_arena_adopt(struct pa_arena *dst, struct pa_arena *src);
void pa_arena_free(struct pa_arena *arena);

#endif
