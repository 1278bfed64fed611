/* summary_library.c: the library catalogue converted into summaries of the same form as the
 * project's, so that a rule asks one question whether the callee has source or not. */
#include "arena.h"
#include "cxx_catalog.h"
#include "libc_catalog.h"
#include "program.h"
#include "summary_infer.h"

#include <string.h>

static void set(struct pa_summary *s, unsigned arg, enum pa_effect e)
{
    if (arg >= PA_SUMMARY_MAX_PARAMS)
        return;
    s->params[arg].mask |= PA_EFFECT_BIT(e);
    if (arg + 1 > s->nparams)
        s->nparams = arg + 1;
}

static void convert(const struct pa_libc_fn *lib, struct pa_summary *s)
{
    s->name = lib->name;
    s->pure = (lib->flags & PA_LIBC_PURE) != 0;
    s->costly = lib->cost == PA_LIBC_COSTLY;
    s->passes = 1;
    for (unsigned a = 0; a < PA_SUMMARY_MAX_PARAMS; a++) {
        s->params[a].size_param = -1;
        s->params[a].size_factor = -1;
        s->params[a].size_field_param = -1;
        s->params[a].append_at = -1;
        s->params[a].shift_param = -1;
        s->params[a].bound_param = -1;
    }
    for (unsigned a = 0; a < PA_SUMMARY_MAX_PARAMS && a < 32; a++)
        if (lib->writes_args & (1u << a))
            set(s, a, PA_EFFECT_STORES);
    if (lib->flags & PA_LIBC_SCAN) {
        enum pa_effect e =
            (lib->flags & PA_LIBC_STOPS_EARLY) ? PA_EFFECT_SEARCHES : PA_EFFECT_READS;
        set(s, 0, e);
        s->params[0].bound_param = lib->len_arg;
        if (lib->flags & PA_LIBC_COMPARE) {
            set(s, 1, e);
            s->params[1].bound_param = lib->len_arg;
        }
    }
    if (lib->flags & (PA_LIBC_APPEND | PA_LIBC_COPY | PA_LIBC_FORMAT | PA_LIBC_MOVE)) {
        /* the source (and the format's arguments) are read whole */
        set(s, 1, PA_EFFECT_READS);
        s->params[1].bound_param = lib->len_arg;
    }
    if (lib->flags & PA_LIBC_APPEND)
        set(s, 0, PA_EFFECT_APPENDS_STRING);
    if ((lib->flags & (PA_LIBC_COPY | PA_LIBC_FORMAT)) && !(lib->flags & PA_LIBC_MOVE))
        set(s, 0, PA_EFFECT_OVERWRITES);
    if (lib->flags & PA_LIBC_SORT_CALL) {
        set(s, 0, PA_EFFECT_SORTS);
        s->params[0].bound_param = lib->len_arg;
    }
    if (lib->flags & PA_LIBC_REALLOC) {
        set(s, 0, PA_EFFECT_RESIZES);
        s->params[0].size_param = 1;
        /* reallocarray(p, nmemb, size): the new size is a product of two arguments */
        if (strcmp(lib->name, "reallocarray") == 0)
            s->params[0].size_factor = 2;
    }
    s->move[0] = s->move[1] = s->move[2] = -1;
    if ((lib->flags & PA_LIBC_MOVE) && lib->len_arg >= 0) {
        s->move[0] = 0;
        s->move[1] = 1;
        s->move[2] = lib->len_arg;
    }
    if (lib->flags & PA_LIBC_FREE)
        set(s, 0, PA_EFFECT_FREES);
    if (lib->flags & PA_LIBC_ALLOC) {
        /* strdup and strndup copy their argument; malloc and calloc hand out raw memory */
        s->ret = lib->cost == PA_LIBC_LINEAR ? PA_RETURN_COPY : PA_RETURN_FRESH;
        s->ret_params = s->ret == PA_RETURN_COPY ? 1u : 0u;
    }
    struct pa_io_effect *io = NULL;
    if (lib->flags & PA_LIBC_SYSCALL_IO)
        io = &s->io[PA_IO_TRANSFER];
    else if (lib->flags & PA_LIBC_FLUSH)
        io = &s->io[PA_IO_FLUSH];
    else if (lib->flags & PA_LIBC_SEEK)
        io = &s->io[PA_IO_SEEK];
    if (io) {
        io->per_call = true;
        io->input = (lib->flags & PA_LIBC_READS_INPUT) != 0;
        io->stream_param = 0;
        io->size_param = lib->len_arg;
        io->bytes = -1;
        io->call = lib->name;
    }
    if (lib->flags & PA_LIBC_OPEN) {
        s->open.per_call = true;
        s->open.path_param = 0;
        s->open.call = lib->name;
    }
}

struct pa_summary *pa_library_summaries_build(struct pa_arena *arena, unsigned *count)
{
    unsigned n = pa_libc_catalog_size(), ncxx = pa_cxx_catalog_size();
    struct pa_summary *out = pa_arena_alloc(arena, (n + ncxx) * sizeof(*out));
    for (unsigned i = 0; i < n; i++)
        convert(pa_libc_catalog_entry(i), &out[i]);
    /* the C++ standard library's after the C library's (pa_cxx_library_summary) */
    for (unsigned i = 0; i < ncxx; i++)
        pa_cxx_summary_convert(pa_cxx_catalog_entry(i), &out[n + i]);
    *count = n + ncxx;
    return out;
}

const struct pa_summary *pa_library_summary(const struct pa_program *prog, const char *name)
{
    const struct pa_libc_fn *lib = pa_libc_lookup(name);
    if (!lib || !prog->storage || !prog->storage->library_summaries)
        return NULL;
    unsigned i = (unsigned)(lib - pa_libc_catalog_entry(0));
    return i < prog->storage->nlibrary_summaries ? &prog->storage->library_summaries[i] : NULL;
}
