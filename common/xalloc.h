/* xalloc.h: allocation that never returns NULL.
 * Out of memory is not an error perfaudit can recover from: it prints one line and aborts. */
#ifndef PERFAUDIT_XALLOC_H
#define PERFAUDIT_XALLOC_H

#include <stddef.h>

void *pa_xmalloc(size_t size);
void *pa_xcalloc(size_t count, size_t size);
void *pa_xrealloc(void *ptr, size_t size);
char *pa_xstrdup(const char *s);
char *pa_xstrndup(const char *s, size_t n);
/* Grows *items (of *cap elements of elem_size bytes) geometrically so that it holds need. */
void pa_xgrow(void **items, size_t *cap, size_t need, size_t elem_size);

#define PA_GROW(items, cap, need) pa_xgrow((void **)&(items), &(cap), (need), sizeof(*(items)))

#endif
