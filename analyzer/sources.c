/* sources.c: recursive discovery of source files with stable, de-duplicated results. */
#include "sources.h"
#include "error.h"
#include "glob.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool pa_source_has_extension(const char *name, enum pa_lang *lang, bool *is_header)
{
    static const struct {
        const char *ext;
        enum pa_lang lang;
        bool header;
    } exts[] = {
        {".c", PA_LANG_C, false},
        {".h", PA_LANG_C, true},
        {".cc", PA_LANG_CXX, false},
        {".cpp", PA_LANG_CXX, false},
        {".cxx", PA_LANG_CXX, false},
        {".hpp", PA_LANG_CXX, true},
        /* C++ headers under other names, and the inline or template bodies headers include */
        {".hh", PA_LANG_CXX, true},
        {".hxx", PA_LANG_CXX, true},
        {".h++", PA_LANG_CXX, true},
        {".ipp", PA_LANG_CXX, true},
        {".tcc", PA_LANG_CXX, true},
        {".inl", PA_LANG_CXX, true},
    };
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        if (strcmp(dot, exts[i].ext) == 0) {
            if (lang)
                *lang = exts[i].lang;
            if (is_header)
                *is_header = exts[i].header;
            return true;
        }
    }
    return false;
}

/* Directories that hold build output or tooling rather than the project's sources. */
static bool skipped_directory(const char *name)
{
    static const char *const skipped[] = {"build",      "_build",       "out",
                                          "CMakeFiles", "node_modules", "target"};
    if (name[0] == '.')
        return true;
    if (strncmp(name, "build-", 6) == 0 || strncmp(name, "cmake-build-", 12) == 0)
        return true;
    for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++)
        if (strcmp(name, skipped[i]) == 0)
            return true;
    return false;
}

static void add_file(struct pa_source_list *out, const char *display, enum pa_lang lang,
                     bool header)
{
    char resolved[PATH_MAX];
    if (!realpath(display, resolved))
        return;
    PA_GROW(out->items, out->cap, out->n + 1);
    struct pa_source *s = &out->items[out->n++];
    s->display = pa_xstrdup(display);
    s->realpath = pa_xstrdup(resolved);
    s->lang = lang;
    s->is_header = header;
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    char *p = pa_xmalloc(dl + nl + 2);
    memcpy(p, dir, dl);
    if (!slash)
        p[dl++] = '/';
    memcpy(p + dl, name, nl + 1);
    return p;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a walk leaves out: the patterns, and how much of a path is the directory operand. */
struct excludes {
    const char *const *patterns;
    size_t n;
    size_t root_len; /* strlen of the operand ("src" for "src/a.c"), 0 for a file operand */
};

static bool excluded(const struct excludes *ex, const char *path)
{
    const char *below = NULL;
    if (ex->root_len && strlen(path) > ex->root_len) {
        below = path + ex->root_len;
        while (*below == '/')
            below++;
    }
    for (size_t i = 0; i < ex->n; i++)
        if (pa_glob_excludes(ex->patterns[i], path) ||
            (below && *below && pa_glob_excludes(ex->patterns[i], below)))
            return true;
    return false;
}

static void walk(struct pa_source_list *out, const struct excludes *ex, const char *dir, int depth)
{
    if (depth > 64)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        PA_GROW(names, cap, n + 1);
        names[n++] = pa_xstrdup(e->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        char *path = join(dir, names[i]);
        struct stat st;
        if (!excluded(ex, path) && stat(path, &st) == 0) {
            enum pa_lang lang;
            bool header;
            if (S_ISDIR(st.st_mode)) {
                if (!skipped_directory(names[i]))
                    walk(out, ex, path, depth + 1);
            } else if (S_ISREG(st.st_mode) && pa_source_has_extension(names[i], &lang, &header)) {
                add_file(out, path, lang, header);
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

static int by_realpath(const void *a, const void *b)
{
    return strcmp(((const struct pa_source *)a)->realpath, ((const struct pa_source *)b)->realpath);
}

static int by_realpath_then_order(const void *a, const void *b)
{
    int c = by_realpath(a, b);
    if (c)
        return c;
    size_t oa = ((const struct pa_source *)a)->order, ob = ((const struct pa_source *)b)->order;
    return oa < ob ? -1 : oa > ob;
}

int pa_sources_discover(const char *const *paths, size_t npaths, const char *const *excludes,
                        size_t nexcludes, struct pa_source_list *out, struct pa_error *err)
{
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        struct excludes ex = {excludes, nexcludes, 0};
        if (stat(paths[i], &st) != 0)
            return pa_error_errno(err, "%s: cannot analyse", paths[i]);
        if (S_ISDIR(st.st_mode)) {
            ex.root_len = strlen(paths[i]);
            walk(out, &ex, paths[i], 0);
        } else if (excluded(&ex, paths[i])) {
            continue;
        } else {
            enum pa_lang lang = PA_LANG_C;
            bool header = false;
            if (!pa_source_has_extension(paths[i], &lang, &header))
                return pa_error_set(err,
                                    "%s: not a C or C++ source file (.c .h .cc .cpp .cxx .hpp .hh "
                                    ".hxx .h++ .ipp .tcc .inl)",
                                    paths[i]);
            add_file(out, paths[i], lang, header);
        }
    }
    /* Sorted by real path, so that the same file reached twice (overlapping paths) is
     * analysed once, under the spelling met first, and lookups can bisect. */
    for (size_t i = 0; i < out->n; i++)
        out->items[i].order = i;
    if (out->n > 1)
        qsort(out->items, out->n, sizeof(out->items[0]), by_realpath_then_order);
    size_t kept = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (kept > 0 && strcmp(out->items[kept - 1].realpath, out->items[i].realpath) == 0) {
            free(out->items[i].display);
            free(out->items[i].realpath);
            continue;
        }
        out->items[kept++] = out->items[i];
    }
    out->n = kept;
    return 0;
}

const struct pa_source *pa_sources_find(const struct pa_source_list *list, const char *realpath)
{
    struct pa_source key = {.realpath = (char *)realpath};
    return bsearch(&key, list->items, list->n, sizeof(list->items[0]), by_realpath);
}

void pa_sources_free(struct pa_source_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].display);
        free(list->items[i].realpath);
    }
    free(list->items);
    memset(list, 0, sizeof(*list));
}
