/* program.c: the lifetime of a struct pa_program. */
#include "program.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

void pa_program_init(struct pa_program *prog)
{
    memset(prog, 0, sizeof(*prog));
    prog->storage = pa_xcalloc(1, sizeof(*prog->storage));
}

struct pa_arena *pa_program_arena(struct pa_program *prog)
{
    return &prog->storage->arena;
}

void pa_program_free(struct pa_program *prog)
{
    if (!prog || !prog->storage)
        return;
    pa_arena_free(&prog->storage->arena);
    free(prog->storage->cost_memo);
    free(prog->storage);
    free(prog->functions);
    free(prog->errors);
    free(prog->files);
    memset(prog, 0, sizeof(*prog));
}
