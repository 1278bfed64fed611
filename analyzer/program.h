/* program.h: what a struct pa_program owns behind its public fields: the arenas of its
 * translation units and the inference's memo tables. */
#ifndef PERFAUDIT_PROGRAM_H
#define PERFAUDIT_PROGRAM_H

#include "arena.h"
#include "perfaudit/model.h"

struct pa_cost_memo;
struct pa_summary;

struct pa_program_storage {
    struct pa_arena arena;                /* functions, errors and file names */
    struct pa_cost_memo *cost_memo;       /* one per function: complexity per argument mask */
    struct pa_summary *library_summaries; /* the catalogue as summaries, in its order (arena) */
    unsigned nlibrary_summaries;
};

/* Allocates the program's storage; pa_program_free releases it all. */
void pa_program_init(struct pa_program *prog);
void pa_program_free(struct pa_program *prog);
struct pa_arena *pa_program_arena(struct pa_program *prog);

#endif
