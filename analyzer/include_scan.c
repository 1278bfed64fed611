/* include_scan.c: a textual pass over #include "..." lines, ahead of parsing. */
#include "include_scan.h"
#include "compile_flags.h"
#include "fileio.h"
#include "xalloc.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the compiler finds system headers: a #include <NAME> found there is not the tree's. */
struct system_dirs {
    char **dirs;
    size_t n, cap;
};

static void system_dirs_add(struct system_dirs *sys, const char *dir)
{
    if (access(dir, X_OK) != 0)
        return;
    PA_GROW(sys->dirs, sys->cap, sys->n + 1);
    sys->dirs[sys->n++] = pa_xstrdup(dir);
}

static void system_dirs_find(struct system_dirs *sys)
{
    const char *resource = pa_clang_resource_dir();
    if (resource) {
        char dir[PATH_MAX + 16];
        snprintf(dir, sizeof(dir), "%s/include", resource);
        system_dirs_add(sys, dir);
    }
    system_dirs_add(sys, "/usr/local/include");
    DIR *d = opendir("/usr/include"); /* multiarch directories: /usr/include/x86_64-linux-gnu */
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] != '.' && strstr(e->d_name, "-linux-")) {
            char dir[PATH_MAX];
            snprintf(dir, sizeof(dir), "/usr/include/%s", e->d_name);
            system_dirs_add(sys, dir);
        }
    }
    if (d)
        closedir(d);
    system_dirs_add(sys, "/usr/include");
}

static bool system_header(const struct system_dirs *sys, const char *name)
{
    for (size_t i = 0; i < sys->n; i++) {
        char path[PATH_MAX * 2];
        snprintf(path, sizeof(path), "%s/%s", sys->dirs[i], name);
        if (access(path, F_OK) == 0)
            return true;
    }
    return false;
}

/* The sources by the last component of their real path, for the suffix lookups. */
struct by_base {
    const char *base;
    size_t index;
};

static int compare_base(const void *a, const void *b)
{
    const struct by_base *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    return c ? c : (x->index < y->index ? -1 : x->index > y->index);
}

static int compare_dirs(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *last_component(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void add_dir(struct pa_include_scan *scan, const char *dir, size_t len)
{
    for (size_t i = 0; i < scan->ndirs; i++)
        if (strlen(scan->dirs[i]) == len && strncmp(scan->dirs[i], dir, len) == 0)
            return;
    PA_GROW(scan->dirs, scan->cap, scan->ndirs + 1);
    char *copy = pa_xmalloc(len + 1);
    memcpy(copy, dir, len);
    copy[len] = '\0';
    scan->dirs[scan->ndirs++] = copy;
}

/* dir + "/" + name with "." and ".." components folded, into out; false if it does not fit
 * or climbs above the root. */
static bool join_normal(const char *dir, size_t dirlen, const char *name, char *out, size_t size)
{
    if (dirlen + 1 + strlen(name) + 1 > size)
        return false;
    memcpy(out, dir, dirlen);
    size_t n = dirlen;
    const char *p = name;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n == 0)
                return false;
            n--; /* the slash */
        } else {
            out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    out[n] = '\0';
    return n > 0;
}

/* A file the tree includes: the tree's own header for name, if any; angle says whether it was
 * written #include <NAME>, which the compiler never looks for beside the includer. */
static void resolve(const struct pa_source_list *sources, const struct by_base *bases,
                    size_t nbases, const struct system_dirs *sys, const struct pa_source *from,
                    const char *name, bool angle, struct pa_include_scan *out)
{
    if (angle && system_header(sys, name))
        return; /* <stdio.h>, or a tree's copy of one: never put the tree's first */
    char joined[PATH_MAX];
    const char *slash = strrchr(from->realpath, '/');
    size_t dirlen = slash ? (size_t)(slash - from->realpath) : 0;
    if (!angle &&
        (name[0] == '/' ? join_normal("", 0, name, joined, sizeof(joined))
                        : join_normal(from->realpath, dirlen, name, joined, sizeof(joined)))) {
        const struct pa_source *s = pa_sources_find(sources, joined);
        if (s) { /* found beside its includer, where the compiler looks first */
            out->included[s - sources->items] = true;
            return;
        }
    }
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    if (name[0] == '/' || strstr(name, "../"))
        return;
    struct by_base key = {last_component(name), 0};
    size_t lo = 0, hi = nbases;
    while (lo < hi) { /* the first entry with this base name */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(bases[mid].base, key.base) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t namelen = strlen(name);
    for (size_t i = lo; i < nbases && strcmp(bases[i].base, key.base) == 0; i++) {
        const struct pa_source *s = &sources->items[bases[i].index];
        size_t len = strlen(s->realpath);
        if (s == from || len <= namelen + 1 || s->realpath[len - namelen - 1] != '/' ||
            strcmp(s->realpath + len - namelen, name) != 0)
            continue;
        out->included[bases[i].index] = true;
        add_dir(out, s->realpath, len - namelen - 1);
    }
}

/* Calls resolve for each #include "NAME" or <NAME> line of text (spaces allowed around '#'). */
static void scan_text(const struct pa_source_list *sources, const struct by_base *bases,
                      size_t nbases, const struct system_dirs *sys, const struct pa_source *from,
                      const char *text, size_t size, struct pa_include_scan *out)
{
    const char *p = text, *end = text + size;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
        if (q < eol && *q == '#') {
            q++;
            while (q < eol && (*q == ' ' || *q == '\t'))
                q++;
            if ((size_t)(eol - q) > 7 && strncmp(q, "include", 7) == 0) {
                q += 7;
                while (q < eol && (*q == ' ' || *q == '\t'))
                    q++;
                char open = q < eol ? *q : '\0';
                char closer = open == '"' ? '"' : open == '<' ? '>' : '\0';
                const char *close = closer ? memchr(q + 1, closer, (size_t)(eol - q - 1)) : NULL;
                size_t len = close ? (size_t)(close - q - 1) : 0;
                if (len > 0 && len < PATH_MAX) {
                    char name[PATH_MAX];
                    memcpy(name, q + 1, len);
                    name[len] = '\0';
                    resolve(sources, bases, nbases, sys, from, name, open == '<', out);
                }
            }
        }
        p = eol + 1;
    }
}

void pa_include_scan(const struct pa_source_list *sources, const char *const *roots, size_t nroots,
                     struct pa_include_scan *out)
{
    memset(out, 0, sizeof(*out));
    out->included = pa_xcalloc(sources->n + 1, sizeof(*out->included));
    for (size_t i = 0; i < nroots; i++)
        add_dir(out, roots[i], strlen(roots[i]));
    size_t nroot_dirs = out->ndirs;
    struct by_base *bases = pa_xmalloc((sources->n + 1) * sizeof(*bases));
    for (size_t i = 0; i < sources->n; i++) {
        bases[i].base = last_component(sources->items[i].realpath);
        bases[i].index = i;
    }
    qsort(bases, sources->n, sizeof(*bases), compare_base);
    struct system_dirs sys = {0};
    system_dirs_find(&sys);
    for (size_t i = 0; i < sources->n; i++) {
        char *text = NULL;
        size_t size = 0;
        if (pa_read_file(sources->items[i].realpath, &text, &size, NULL) == 0)
            scan_text(sources, bases, sources->n, &sys, &sources->items[i], text, size, out);
        free(text);
    }
    for (size_t i = 0; i < sys.n; i++)
        free(sys.dirs[i]);
    free(sys.dirs);
    free(bases);
    /* the roots first, then the rest in a stable order */
    if (out->ndirs - nroot_dirs > 1)
        qsort(out->dirs + nroot_dirs, out->ndirs - nroot_dirs, sizeof(*out->dirs), compare_dirs);
}

void pa_include_scan_free(struct pa_include_scan *scan)
{
    for (size_t i = 0; i < scan->ndirs; i++)
        free(scan->dirs[i]);
    free(scan->dirs);
    free(scan->included);
    memset(scan, 0, sizeof(*scan));
}
