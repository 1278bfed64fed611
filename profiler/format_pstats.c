/* format_pstats.c: Python's profile statistics (cProfile.run(..., filename), pstats.Stats
 * .dump_stats): a marshal'ed dict {(file, line, function): (cc, nc, tt, ct, callers)}, read with
 * a minimal marshal decoder that knows the types such a dict is made of. */
#include "arena.h"
#include "error.h"
#include "perfaudit/profile.h"
#include "profile_formats.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAG_REF  0x80 /* the object is remembered for later 'r' references */
#define MAX_DEPTH 32   /* a stats dict nests 4 deep; garbage must not exhaust the stack */

enum mtype { M_NONE, M_INT, M_FLOAT, M_STR, M_TUPLE, M_DICT, M_OTHER };

/* One decoded object. Tuples, lists and sets keep their items; a dict keeps keys and values
 * alternately. Everything lives in the reader's arena. */
struct mval {
    enum mtype type;
    size_t offset; /* where it starts in the file, for messages */
    bool big;      /* an int outside int64_t */
    int64_t i;
    double f;
    const char *s; /* NUL-terminated */
    struct mval **items;
    size_t n;
};

struct mreader {
    const unsigned char *data;
    size_t size, pos;
    struct pa_arena arena;
    struct mval **refs; /* FLAG_REF objects in order; NULL while still being read */
    size_t nrefs, cap_refs;
    const char *why; /* the reason of a failure, at byte why_at */
    size_t why_at;
    char why_buf[64];
};

static struct mval *fail(struct mreader *r, size_t at, const char *why)
{
    if (!r->why) {
        r->why = why;
        r->why_at = at;
    }
    return NULL;
}

static bool take(struct mreader *r, size_t n, const unsigned char **out)
{
    if (r->size - r->pos < n) {
        fail(r, r->size, "truncated (the data ends inside an object)");
        return false;
    }
    *out = r->data + r->pos;
    r->pos += n;
    return true;
}

static uint32_t le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t le64(const unsigned char *b)
{
    return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

static struct mval *read_object(struct mreader *r, unsigned depth);

/* A 32-bit length or count; each of n elements takes at least min_bytes more bytes. */
static bool read_count(struct mreader *r, size_t min_bytes, size_t *n)
{
    const unsigned char *b;
    if (!take(r, 4, &b))
        return false;
    int32_t v = (int32_t)le32(b);
    if (v < 0 || (size_t)v * min_bytes > r->size - r->pos) {
        fail(r, r->pos - 4, "a length that runs past the end of the data");
        return false;
    }
    *n = (size_t)v;
    return true;
}

static bool read_string(struct mreader *r, size_t len, struct mval *v)
{
    const unsigned char *b;
    if (!take(r, len, &b))
        return false;
    v->type = M_STR;
    v->s = pa_arena_strndup(&r->arena, (const char *)b, len);
    return true;
}

/* Python's long: a signed count of 15-bit digits, least significant first. */
static bool read_long(struct mreader *r, struct mval *v)
{
    const unsigned char *b;
    if (!take(r, 4, &b))
        return false;
    int32_t nd = (int32_t)le32(b);
    size_t n = nd < 0 ? (size_t) - (int64_t)nd : (size_t)nd;
    if (n > (r->size - r->pos) / 2) {
        fail(r, r->pos - 4, "a length that runs past the end of the data");
        return false;
    }
    uint64_t value = 0;
    v->type = M_INT;
    for (size_t k = 0; k < n; k++) {
        take(r, 2, &b);
        uint64_t digit = (uint64_t)(b[0] | b[1] << 8) & 0x7fff;
        if (k >= 5 || (k == 4 && digit > 0x7)) /* beyond 63 bits */
            v->big = v->big || digit != 0;
        else
            value |= digit << (15 * k);
    }
    v->i = nd < 0 ? -(int64_t)value : (int64_t)value;
    return true;
}

static bool read_items(struct mreader *r, size_t n, struct mval *v, unsigned depth)
{
    v->type = M_TUPLE;
    v->n = n;
    v->items = pa_arena_alloc(&r->arena, (n ? n : 1) * sizeof(*v->items));
    for (size_t k = 0; k < n; k++)
        if (!(v->items[k] = read_object(r, depth + 1)))
            return false;
    return true;
}

/* Keys and values until the '0' marker; the item array doubles inside the arena. */
static bool read_dict(struct mreader *r, struct mval *v, unsigned depth)
{
    size_t cap = 8;
    v->type = M_DICT;
    v->items = pa_arena_alloc(&r->arena, cap * sizeof(*v->items));
    for (;;) {
        if (r->pos >= r->size) {
            fail(r, r->size, "truncated (the data ends inside an object)");
            return false;
        }
        if (r->data[r->pos] == '0') {
            r->pos++;
            return true;
        }
        if (v->n + 2 > cap) {
            struct mval **bigger = pa_arena_alloc(&r->arena, 2 * cap * sizeof(*bigger));
            memcpy(bigger, v->items, v->n * sizeof(*bigger));
            v->items = bigger;
            cap *= 2;
        }
        for (int k = 0; k < 2; k++)
            if (!(v->items[v->n++] = read_object(r, depth + 1)))
                return false;
    }
}

static struct mval *read_object(struct mreader *r, unsigned depth)
{
    size_t at = r->pos;
    const unsigned char *b;
    if (depth > MAX_DEPTH)
        return fail(r, at, "objects nested too deeply");
    if (!take(r, 1, &b))
        return NULL;
    unsigned type = *b & ~FLAG_REF;
    size_t ref = SIZE_MAX, n = 0;
    if (type == 'r') {
        if (!take(r, 4, &b))
            return NULL;
        uint32_t index = le32(b);
        if (index >= r->nrefs || !r->refs[index])
            return fail(r, at, "a reference to an object not read before");
        return r->refs[index];
    }
    if (*b & FLAG_REF) {
        PA_GROW(r->refs, r->cap_refs, r->nrefs + 1);
        r->refs[ref = r->nrefs++] = NULL; /* containers get their index before their items */
    }
    struct mval *v = pa_arena_alloc(&r->arena, sizeof(*v));
    v->offset = at;
    bool ok = true;
    switch (type) {
    case 'N': /* None, True, False, StopIteration, Ellipsis */
    case 'T':
    case 'F':
    case 'S':
    case '.':
        v->type = M_NONE;
        break;
    case 'i':
        if ((ok = take(r, 4, &b))) {
            v->type = M_INT;
            v->i = (int32_t)le32(b);
        }
        break;
    case 'I':
        if ((ok = take(r, 8, &b))) {
            v->type = M_INT;
            v->i = (int64_t)le64(b);
        }
        break;
    case 'l':
        ok = read_long(r, v);
        break;
    case 'g':
        if ((ok = take(r, 8, &b))) {
            uint64_t bits = le64(b);
            v->type = M_FLOAT;
            memcpy(&v->f, &bits, sizeof(v->f));
        }
        break;
    case 'f': { /* a float as text, after a one-byte length */
        const unsigned char *len;
        char digits[256];
        if ((ok = take(r, 1, &len) && take(r, *len, &b))) {
            char *end;
            memcpy(digits, b, *len);
            digits[*len] = '\0';
            v->type = M_FLOAT;
            v->f = strtod(digits, &end);
            ok = end != digits && *end == '\0';
        }
        break;
    }
    case 'y': /* complex numbers: read past them */
        v->type = M_OTHER;
        ok = take(r, 16, &b);
        break;
    case 'x':
        v->type = M_OTHER;
        ok = take(r, 1, &b) && take(r, *b, &b) && take(r, 1, &b) && take(r, *b, &b);
        break;
    case 's': /* bytes */
    case 't': /* interned */
    case 'u': /* UTF-8 */
    case 'a': /* ASCII */
    case 'A': /* interned ASCII */
        ok = read_count(r, 1, &n) && read_string(r, n, v);
        break;
    case 'z': /* short ASCII */
    case 'Z': /* short interned ASCII */
        ok = take(r, 1, &b) && read_string(r, *b, v);
        break;
    case '(': /* tuple */
    case '[': /* list */
    case '<': /* set */
    case '>': /* frozenset */
        ok = read_count(r, 1, &n) && read_items(r, n, v, depth);
        if (ok && type != '(')
            v->type = M_OTHER;
        break;
    case ')': /* small tuple */
        ok = take(r, 1, &b) && read_items(r, *b, v, depth);
        break;
    case '{':
        ok = read_dict(r, v, depth);
        break;
    case '0':
        return fail(r, at, "an end-of-dict marker outside a dict");
    default:
        snprintf(r->why_buf, sizeof(r->why_buf), "an unsupported marshal type 0x%02x", *b);
        return fail(r, at, r->why_buf);
    }
    if (!ok) /* the first reason found stays */
        return fail(r, at, "a malformed object");
    if (ref != SIZE_MAX)
        r->refs[ref] = v;
    return v;
}

bool pa_format_pstats_detect(const char *text, size_t size)
{
    /* a dict whose first key is a 3-tuple, or an empty dict and nothing else */
    const unsigned char *b = (const unsigned char *)text;
    if (size < 2 || (b[0] & ~FLAG_REF) != '{')
        return false;
    if (b[1] == '0')
        return size == 2;
    if ((b[1] & ~FLAG_REF) == ')')
        return size > 2 && b[2] == 3;
    return size > 5 && (b[1] & ~FLAG_REF) == '(' && le32(b + 2) == 3;
}

struct entry {
    const char *file, *name;
    unsigned line;
    bool twin; /* another function of the same name and file at another line */
    struct pa_prof_stats stats;
};

static bool number(const struct mval *v, double *out)
{
    if (v->type == M_INT && !v->big)
        *out = (double)v->i;
    else if (v->type == M_FLOAT)
        *out = v->f;
    else
        return false;
    return true;
}

static bool count(const struct mval *v, uint64_t *out)
{
    if (v->type != M_INT || v->big || v->i < 0)
        return false;
    *out = (uint64_t)v->i;
    return true;
}

/* (file, line, function) -> (cc, nc, tt, ct, callers...) */
static bool entry_of(const struct mval *key, const struct mval *value, struct entry *e)
{
    double tt, ct;
    if (key->type != M_TUPLE || key->n != 3 || key->items[0]->type != M_STR ||
        key->items[1]->type != M_INT || key->items[1]->big || key->items[1]->i < 0 ||
        key->items[1]->i > UINT32_MAX || key->items[2]->type != M_STR)
        return false;
    if (value->type != M_TUPLE || value->n < 4 ||
        !count(value->items[0], &e->stats.primitive_calls) ||
        !count(value->items[1], &e->stats.ncalls) || !number(value->items[2], &tt) ||
        !number(value->items[3], &ct))
        return false;
    /* builtins are ('~', 0, '<built-in method ...>') for cProfile, ('', 0, 'len') for
     * profile.py: no file */
    const char *file = key->items[0]->s;
    e->file = strcmp(file, "~") == 0 || !*file ? NULL : file;
    e->line = (unsigned)key->items[1]->i;
    e->name = key->items[2]->s;
    /* profile.py's calibration can leave tiny negative times; the model's are not negative */
    e->stats.tottime = tt > 0 ? tt : 0;
    e->stats.cumtime = ct > 0 ? ct : 0;
    return true;
}

static int same_place(const struct entry *x, const struct entry *y)
{
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    return c ? c : strcmp(x->name, y->name);
}

static int by_place(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
    int c = same_place(x, y);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The model knows a function by name, file and module: two lambdas of one file would become
 * one. Those that share name and file at different lines are named "<lambda>:12". */
static void mark_twins(struct entry *entries, size_t n)
{
    struct entry **sorted = pa_xmalloc((n ? n : 1) * sizeof(*sorted));
    for (size_t i = 0; i < n; i++)
        sorted[i] = &entries[i];
    qsort(sorted, n, sizeof(*sorted), by_place);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && same_place(sorted[i], sorted[j]) == 0; j++)
            ;
        for (size_t k = i; j - i > 1 && k < j; k++)
            sorted[k]->twin = true;
    }
    free(sorted);
}

int pa_format_pstats_read(const char *path, char *text, size_t size, struct pa_profile **out,
                          struct pa_error *err)
{
    struct mreader r = {.data = (const unsigned char *)text, .size = size};
    struct pa_profile *p = NULL;
    struct entry *entries = NULL;
    int rc = -1;
    *out = NULL;
    struct mval *stats = read_object(&r, 0);
    if (!stats) {
        pa_error_set(err, "%s: byte %zu: %s", path, r.why_at, r.why);
        goto done;
    }
    if (stats->type != M_DICT) {
        pa_error_set(err, "%s: not a pstats file (the marshal data is not a dict)", path);
        goto done;
    }
    if (r.pos != size) {
        pa_error_set(err, "%s: byte %zu: data after the statistics", path, r.pos);
        goto done;
    }
    size_t n = stats->n / 2;
    entries = pa_xcalloc(n ? n : 1, sizeof(*entries));
    for (size_t i = 0; i < n; i++) {
        const struct mval *key = stats->items[2 * i], *value = stats->items[2 * i + 1];
        if (!entry_of(key, value, &entries[i])) {
            pa_error_set(err,
                         "%s: byte %zu: not a pstats entry ((file, line, function) -> "
                         "(cc, nc, tt, ct, callers))",
                         path, key->offset);
            goto done;
        }
    }
    mark_twins(entries, n);
    p = pa_profile_new("pstats", path);
    p->mode = PA_PROFILE_INSTRUMENTED;
    for (size_t i = 0; i < n; i++) {
        struct entry *e = &entries[i];
        char *twin_name = NULL;
        if (e->twin) {
            size_t len = strlen(e->name) + 16;
            twin_name = pa_xmalloc(len);
            snprintf(twin_name, len, "%s:%u", e->name, e->line);
        }
        e->stats.function =
            pa_profile_function(p, twin_name ? twin_name : e->name, e->file, e->line, NULL);
        free(twin_name);
        pa_profile_add_stats(p, &e->stats);
    }
    *out = p;
    p = NULL;
    rc = 0;
done:
    pa_profile_free(p);
    free(entries);
    free(r.refs);
    pa_arena_free(&r.arena);
    return rc;
}
