/* build_model.h: turning one parsed translation unit into function models.
 * The only place, with tu_parse.c, that walks libclang cursors. */
#ifndef PERFAUDIT_BUILD_MODEL_H
#define PERFAUDIT_BUILD_MODEL_H

#include <clang-c/Index.h>

#include "arena.h"
#include "perfaudit/model.h"

/* Decides which files' functions are modelled: returns the display path of an analysed file
 * (owned by the caller, outliving the model) or NULL for a file to skip (system headers,
 * files outside the given paths). `path` is clang's spelling of the file name. */
typedef const char *(*pa_file_filter_fn)(void *ctx, const char *path);

struct pa_model_sink {
    struct pa_arena *arena; /* where the functions are allocated */
    pa_file_filter_fn filter;
    void *filter_ctx;
    struct pa_function **functions; /* grown with PA_GROW; owned by the caller */
    size_t nfunctions, cap;
};

/* Can a cursor of this kind hold function definitions (a namespace, a class, extern "C")?
 * Every walk that looks for definitions recurses into exactly these. */
bool pa_build_may_hold_definitions(enum CXCursorKind kind);

/* Adds a model of every function defined in an analysed file of tu to sink. */
void pa_model_build_tu(CXTranslationUnit tu, struct pa_model_sink *sink);

#endif
