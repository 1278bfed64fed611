/* libc_catalog.h: what perfaudit knows about C library functions: their cost, their purity,
 * which arguments they write, and the roles rules look for (scan, sort, grow, allocate, I/O). */
#ifndef PERFAUDIT_LIBC_CATALOG_H
#define PERFAUDIT_LIBC_CATALOG_H

#include <stdbool.h>

enum pa_libc_cost {
    PA_LIBC_CONSTANT, /* O(1) per call */
    PA_LIBC_COSTLY,   /* O(1) but expensive: transcendental maths, conversions, getenv */
    PA_LIBC_LINEAR,   /* O(n) in the length of a string or of a size argument */
    PA_LIBC_SORT,     /* O(n log n) */
};

enum pa_libc_flag {
    PA_LIBC_PURE = 1 << 0,         /* result depends only on the arguments and what they point to */
    PA_LIBC_SCAN = 1 << 1,         /* reads a whole string or buffer: strlen, strchr, memchr... */
    PA_LIBC_APPEND = 1 << 2,       /* appends to the string in argument 0 after finding its end */
    PA_LIBC_FORMAT = 1 << 3,       /* writes formatted text to argument 0 (sprintf family) */
    PA_LIBC_READS_INPUT = 1 << 4,  /* consumes input: returns EOF/0/NULL at the end */
    PA_LIBC_SORT_CALL = 1 << 5,    /* sorts the array in argument 0 */
    PA_LIBC_REALLOC = 1 << 6,      /* resizes the block in argument 0 to argument 1 bytes */
    PA_LIBC_MOVE = 1 << 7,         /* memmove: copies between possibly overlapping ranges */
    PA_LIBC_COPY = 1 << 8,         /* writes argument 0 from a source (strcpy, memcpy) */
    PA_LIBC_ALLOC = 1 << 9,        /* returns a new block from the allocator (malloc, strdup) */
    PA_LIBC_FREE = 1 << 10,        /* gives the block in argument 0 back to the allocator */
    PA_LIBC_SYSCALL_IO = 1 << 11,  /* one system call moving len_arg bytes, no buffering (write) */
    PA_LIBC_OPEN = 1 << 12,        /* opens the file named by argument 0 (fopen, open) */
    PA_LIBC_FLUSH = 1 << 13,       /* pushes buffered data to the system (fflush, fsync) */
    PA_LIBC_SEEK = 1 << 14,        /* moves a descriptor's file offset (lseek) */
    PA_LIBC_STOPS_EARLY = 1 << 15, /* a scan that stops at what it looks for (strchr, memchr) */
    PA_LIBC_COMPARE = 1 << 16,     /* reads arguments 0 and 1 alike, up to len_arg (memcmp) */
};

struct pa_libc_fn {
    const char *name;
    enum pa_libc_cost cost;
    unsigned flags;
    unsigned writes_args; /* bit i: stores through argument i */
    int len_arg;          /* the explicit length argument (memchr's n, write's count), or -1 */
};

/* The catalogue entry for a C library function, or NULL when it is not known. */
const struct pa_libc_fn *pa_libc_lookup(const char *name);
/* The whole table, in order (the library summaries are made from it). */
unsigned pa_libc_catalog_size(void);
const struct pa_libc_fn *pa_libc_catalog_entry(unsigned i);

#endif
