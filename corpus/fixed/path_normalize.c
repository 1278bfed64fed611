/*
 * path_normalize - normalize a batch of generated file paths (collapse "//",
 * drop ".", resolve ".."), then produce a search-path string, a listing and
 * the parent directory table.
 *
 * usage: path_normalize [npaths]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_LEN 128
#define MAX_DEPTH 32
#define DEFAULT_PATHS 65000

static const char *const parts[] = {
    "usr", "local", "lib", ".", "..", "", "share", "app", "bin", "etc",
    "var", "log", "home", "build", "src", "include", "cache", "tmp",
};
#define NPARTS (sizeof parts / sizeof parts[0])

uint32_t rng32(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

size_t make_path(uint32_t *s, char *buf)
{
    size_t len = 0;
    unsigned ncomp = 2 + rng32(s) % 7;
    for (unsigned c = 0; c < ncomp; c++) {
        const char *p = parts[rng32(s) % NPARTS];
        len += (size_t)snprintf(buf + len, PATH_LEN - len, "/%s", p);
    }
    len += (size_t)snprintf(buf + len, PATH_LEN - len, "/f%u.txt", rng32(s) % 1000);
    return len;
}

size_t normalize_path(const char *in, char *out)
{
    size_t n = strlen(in);
    size_t len = 0, clen = 0, depth = 0;
    size_t stack[MAX_DEPTH];
    char comp[PATH_LEN];

    for (size_t i = 0; i <= n; i++) {
        char c = in[i];
        if (c != '/' && c != '\0') {
            comp[clen++] = c;
            continue;
        }
        if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
            if (depth > 0)
                len = stack[--depth];
        } else if (clen > 0 && !(clen == 1 && comp[0] == '.') && depth < MAX_DEPTH) {
            stack[depth++] = len;
            out[len++] = '/';
            memcpy(out + len, comp, clen);
            len += clen;
        }
        clen = 0;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    return len;
}

void join_paths(char *const *paths, size_t n, char *out)
{
    size_t len = 0; /* the end of out so far: an append never rescans what is written */
    for (size_t i = 0; i < n; i++) {
        size_t plen = strlen(paths[i]);
        memcpy(out + len, paths[i], plen);
        len += plen;
        out[len++] = ':';
    }
    out[len] = '\0';
}

size_t count_depth(const char *p)
{
    size_t depth = 0;
    while (*p) {
        if (*p == '/')
            depth++;
        p++;
    }
    return depth;
}

size_t collect_dirs(char *const *paths, size_t n, size_t **dir_len)
{
    size_t *lens = NULL, ndirs = 0;
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        size_t *nl = realloc(lens, (ndirs + 1) * sizeof *lens);
        if (nl == NULL)
            break;
        lens = nl;
        lens[ndirs++] = slash ? (size_t)(slash - paths[i]) : 0;
    }
    *dir_len = lens;
    return ndirs;
}

size_t build_listing(char *const *paths, size_t n, char *buf, size_t cap)
{
    char *p = buf, *end = buf + cap;
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(p, (size_t)(end - p), "%6zu %s\n", i, paths[i]);
        if (w < 0 || w >= end - p)
            break;
        p += w;
    }
    return (size_t)(p - buf);
}

char *pack_names(char *const *paths, size_t n, size_t *used)
{
    char *buf = malloc(n * PATH_LEN + 1), *packed;
    size_t len = 0;

    if (buf == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(paths[i], '/');
        size_t blen;
        base = base ? base + 1 : paths[i];
        blen = strlen(base);
        memcpy(buf + len, base, blen + 1);
        len += blen + 1;
    }
    packed = realloc(buf, len + 1);
    *used = len;
    return packed ? packed : buf;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_PATHS;
    char *raw, *norm, **paths, *joined, *listing, *names;
    size_t *dir_len, ndirs, listed, used, deepest = 0;
    uint32_t s = 0xBADC0DEu;

    if (n == 0)
        n = DEFAULT_PATHS;
    raw = malloc(PATH_LEN);
    norm = malloc(n * PATH_LEN);
    paths = malloc(n * sizeof *paths);
    joined = malloc(n * (PATH_LEN + 1) + 1);
    listing = malloc(n * (PATH_LEN + 8) + 1);
    if (raw == NULL || norm == NULL || paths == NULL || joined == NULL || listing == NULL)
        return 1;
    for (size_t i = 0; i < n; i++) {
        make_path(&s, raw);
        paths[i] = norm + i * PATH_LEN;
        normalize_path(raw, paths[i]);
    }
    join_paths(paths, n, joined);
    ndirs = collect_dirs(paths, n, &dir_len);
    listed = build_listing(paths, n, listing, n * (PATH_LEN + 8) + 1);
    names = pack_names(paths, n, &used);
    if (names == NULL)
        return 1;
    for (size_t i = 0; i < n; i += 101) {
        size_t d = count_depth(paths[i]);
        if (d > deepest)
            deepest = d;
    }
    printf("paths=%zu joined=%zu dirs=%zu last_dir=%zu listing=%zu names=%zu deepest=%zu first=%s\n",
           n, strlen(joined), ndirs, dir_len[ndirs - 1], listed, used, deepest, paths[0]);
    free(names);
    free(dir_len);
    free(listing);
    free(joined);
    free(paths);
    free(norm);
    free(raw);
    return 0;
}
