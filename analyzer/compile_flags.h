/* compile_flags.h: the compiler arguments each file is parsed with: from compile_commands.json
 * when one is given (-p), otherwise defaults a plain project builds with. */
#ifndef PERFAUDIT_COMPILE_FLAGS_H
#define PERFAUDIT_COMPILE_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "sources.h"

struct pa_error;
struct pa_compdb;

struct pa_args {
    char **argv; /* owned; freed with pa_args_free */
    size_t argc, cap;
    bool from_compdb;
};

/* Opens BUILD_DIR/compile_commands.json, or the named JSON file's directory's database. */
int pa_compdb_open(const char *path, struct pa_compdb **out, struct pa_error *err);
void pa_compdb_free(struct pa_compdb *db);
/* The arguments for src: its compile command (minus compiler, output and the file itself),
 * or the defaults (which search src's directory, include/ beside it or its parent, then
 * include_dirs, in that order); plus the clang resource directory if one was found.
 * prefer_cxx parses plain .h headers as C++ (a project with C++ sources and no C ones). */
void pa_compile_args(const struct pa_compdb *db, const struct pa_source *src, bool prefer_cxx,
                     const char *const *include_dirs, size_t ninclude_dirs, struct pa_args *out);
/* Does the database hold a compile command for src? */
bool pa_compdb_lists(const struct pa_compdb *db, const struct pa_source *src);
/* The optimisation level of the compile command for src ("-O2"), "" when it has none, or
 * NULL when src is not in the database. Owned by the caller. */
char *pa_compdb_opt_level(const struct pa_compdb *db, const struct pa_source *src);
void pa_args_push(struct pa_args *args, const char *arg);
void pa_args_free(struct pa_args *args);
/* The directory holding clang's builtin headers (stddef.h...), found once; NULL if libclang's
 * own default is to be trusted. */
const char *pa_clang_resource_dir(void);

#endif
