/* profile.h: a measured profile, whatever file it was read from: where the time went (call
 * stacks with sample counts) and, for instrumented and pstats profiles, exact per-function call
 * statistics. report, diff, flame and the join with the static analysis all read this model.
 * Ownership: a struct pa_profile owns everything it points to; free it with pa_profile_free. */
#ifndef PERFAUDIT_PROFILE_H
#define PERFAUDIT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct pa_error;

enum pa_profile_mode { PA_PROFILE_SAMPLING, PA_PROFILE_INSTRUMENTED };

/* A function, as one module (executable or library) has it. */
struct pa_prof_function {
    const char *name;   /* "find_dupes", or "0x4011a0" where there are no symbols */
    const char *file;   /* source file, NULL without debug information */
    unsigned line;      /* its first line, 0 if unknown */
    const char *module; /* base name of the executable or library, NULL if unknown */
};

/* A place inside a function: the line a sample was taken at. */
struct pa_prof_location {
    unsigned function;
    unsigned line; /* 0 if unknown */
};

/* One distinct call stack and how many samples saw it. */
struct pa_prof_stack {
    unsigned nframes;
    unsigned *frames; /* location indices, leaf (innermost) first */
    uint64_t count;
};

/* Exact statistics of one function (instrumented and pstats profiles). */
struct pa_prof_stats {
    unsigned function;
    uint64_t ncalls, primitive_calls; /* all calls, and those that were not recursive */
    double tottime, cumtime;          /* seconds */
};

struct pa_profile {
    const char *format; /* "perfaudit", "folded", ... */
    const char *path;
    enum pa_profile_mode mode;
    double frequency_hz; /* samples per second of CPU time asked for; 0 if unknown */
    double period;       /* seconds of CPU time one sample stands for */
    bool period_assumed; /* the file did not say: period is a default (documented) */
    double duration;     /* wall seconds, 0 if unknown */
    unsigned processes, threads;
    uint64_t samples; /* total samples in stacks */
    unsigned nfunctions, nlocations, nstacks, nstats;
    struct pa_prof_function *functions;
    struct pa_prof_location *locations;
    struct pa_prof_stack *stacks;
    struct pa_prof_stats *stats;
    struct pa_arena arena;          /* strings and frame arrays */
    struct pa_profile_index *index; /* interning tables, while building */
};

/* Building (for readers). Strings are copied. Returns the index of the interned item. */
struct pa_profile *pa_profile_new(const char *format, const char *path);
unsigned pa_profile_function(struct pa_profile *p, const char *name, const char *file,
                             unsigned line, const char *module);
unsigned pa_profile_location(struct pa_profile *p, unsigned function, unsigned line);
/* Adds count samples of a stack (leaf first); identical stacks are merged. */
void pa_profile_add_stack(struct pa_profile *p, const unsigned *frames, unsigned nframes,
                          uint64_t count);
void pa_profile_add_stats(struct pa_profile *p, const struct pa_prof_stats *stats);
void pa_profile_free(struct pa_profile *p);

/* The length of the function's name in a symbol, without the suffixes compilers give a
 * function's clones and split-off parts: "scan.constprop.0" (GCC), "scan.part.0", "scan.cold",
 * "scan.llvm.4242" (clang) and "f(int) [clone .isra.0]" (demangled) name "scan" and "f(int)".
 * The join, the diff and the differential flame graph all know a function by it. */
size_t pa_symbol_name_len(const char *symbol);

/* Reads any supported format, recognised by content (not by name). On failure returns -1
 * and err says which file and why, in one line. */
int pa_profile_read(const char *path, struct pa_profile **out, struct pa_error *err);
/* Writes perfaudit's own format (docs/formats/profile.md), atomically. */
int pa_profile_write(const struct pa_profile *p, const char *path, struct pa_error *err);

/* The cProfile-style table: one row per function. */
struct pa_profile_row {
    unsigned function;
    uint64_t self_samples, cum_samples;
    double tottime, cumtime;  /* seconds */
    double self_pct, cum_pct; /* of all samples (or of the total time when instrumented) */
    bool has_calls;           /* ncalls/primitive_calls are exact counts */
    uint64_t ncalls, primitive_calls;
};

enum pa_profile_sort { PA_SORT_TOTTIME, PA_SORT_CUMTIME, PA_SORT_NCALLS };

struct pa_profile_table {
    struct pa_profile_row *rows;
    unsigned nrows;
    double total_time; /* seconds of CPU time the profile covers */
};

/* Builds the table sorted by `sort` (highest first, ties by name). Free with ..._free. */
void pa_profile_table_build(const struct pa_profile *p, enum pa_profile_sort sort,
                            struct pa_profile_table *out);
void pa_profile_table_free(struct pa_profile_table *t);

/* Self samples per line of one function, highest first (lines with samples only). */
struct pa_profile_line {
    unsigned line;
    uint64_t samples;
};
unsigned pa_profile_lines(const struct pa_profile *p, unsigned function,
                          struct pa_profile_line **out);

#endif
