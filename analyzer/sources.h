/* sources.h: finding the C and C++ files to analyse under the paths given on the command line. */
#ifndef PERFAUDIT_SOURCES_H
#define PERFAUDIT_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

struct pa_error;

enum pa_lang { PA_LANG_C, PA_LANG_CXX };

struct pa_source {
    char *display;  /* as reached from the path given: "src/dedupe.c" */
    char *realpath; /* canonical, for matching clang's file names and the compile database */
    enum pa_lang lang;
    bool is_header;
    size_t order; /* position in discovery order */
};

struct pa_source_list {
    struct pa_source *items;
    size_t n, cap;
};

/* Adds the files under each path (a file, or a directory searched recursively, skipping hidden
 * and build directories), once each, sorted by real path, leaving out those an exclude pattern
 * matches (pa_glob_excludes, against the path as reached and against the path below a
 * directory operand; an excluded directory is not entered). Fails on a path that does not
 * exist. */
int pa_sources_discover(const char *const *paths, size_t npaths, const char *const *excludes,
                        size_t nexcludes, struct pa_source_list *out, struct pa_error *err);
/* Is name one of the analysed extensions (.c .h .cc .cpp .cxx .hpp)? */
bool pa_source_has_extension(const char *name, enum pa_lang *lang, bool *is_header);
/* The source whose real path is realpath, or NULL. */
const struct pa_source *pa_sources_find(const struct pa_source_list *list, const char *realpath);
void pa_sources_free(struct pa_source_list *list);

#endif
