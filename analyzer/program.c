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

int pa_function_compare(const struct pa_function *f, const struct pa_function *g)
{
    int c = strcmp(f->file, g->file);
    if (c)
        return c;
    if (f->line != g->line)
        return f->line < g->line ? -1 : 1;
    if (f->column != g->column)
        return f->column < g->column ? -1 : 1;
    return strcmp(f->name, g->name);
}
