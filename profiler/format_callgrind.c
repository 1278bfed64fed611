/* format_callgrind.c: valgrind's callgrind output (the Callgrind Format Specification, version
 * 1, which KCachegrind and callgrind_annotate read): self cost per function from its cost lines,
 * call counts and inclusive cost from its calls= lines, as exact per-function statistics.
 *
 * Callgrind counts events, not time. The model's times are seconds, so a function's tottime and
 * cumtime are its counts of the file's first event (normally Ir, instructions executed) divided
 * by 1e9: 1.000 in the report stands for a billion instructions, and the profile's format name
 * says so ("callgrind: times are Ir/1e9"). */
#include "error.h"
#include "perfaudit/profile.h"
#include "profile_formats.h"
#include "xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC         "# callgrind format"
#define EVENTS_PER_S  1e9 /* events that make one "second" of the report */
#define MAX_POSITIONS 4   /* "positions: instr bb line" uses 3 */

/* "fn=(12) name" defines id 12, "fn=(12)" uses it: one table per kind of name. */
struct name_slot {
    uint64_t id;
    const char *name; /* NULL: an empty slot */
};

struct names {
    struct name_slot *slots;
    size_t cap, n;
};

/* A function as callgrind separates it: "fib'2" is fib called while fib is already running
 * (--separate-recs, on by default), a context of its own in the file and the same function in
 * the model. With --separate-callers the callers follow ("fib'2'main"); such contexts stay
 * rows of their own. */
struct context {
    const char *function; /* its name without the recursion level */
    bool outermost;       /* not a recursion level ("fib", not "fib'2") */
    uint64_t self;        /* cost of its own lines */
    uint64_t out;         /* inclusive cost of its calls to other contexts */
    uint64_t calls;       /* calls into it */
    uint64_t primitive;   /* calls into it from other functions, when it is not already running */
    unsigned first_line;
};

/* A function's sums over its contexts. */
struct function_total {
    uint64_t self, cum, calls, primitive;
};

struct parser {
    const char *why; /* set on failure */
    char why_buf[160];
    struct pa_profile *ctx; /* interns contexts: (name, file, object) -> index */
    struct context *contexts;
    size_t ncontexts, cap_contexts;
    struct names files, functions, objects;
    const char *ob, *file; /* current object and source file (fl=, fi=, fe=) */
    const char *fn_file;   /* the file of the current function */
    unsigned fn;
    bool have_fn;
    const char *cob, *cfi; /* object and file of the next call's target, when given */
    bool have_cob, have_cfi;
    unsigned target;
    bool have_target;
    bool in_call;     /* the next line is the call's inclusive cost */
    bool after_jump;  /* the next line is the position of a jump, without cost */
    uint64_t ncalls;  /* of the pending calls= line */
    unsigned nevents; /* 0 until the events: line */
    char event[32];   /* the first event's name */
    unsigned npositions;
    int line_column; /* which subposition is the line, -1 if none */
    uint64_t last[MAX_POSITIONS];
    uint64_t self_total, totals;
    bool have_totals, by_callgrind;
};

static uint64_t id_hash(uint64_t id, size_t cap)
{
    return (id * 0x9e3779b97f4a7c15ull) & (cap - 1);
}

static void names_put(struct names *t, uint64_t id, const char *name)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        struct name_slot *ns = pa_xcalloc(ncap, sizeof(*ns));
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].name)
                continue;
            size_t j = id_hash(t->slots[i].id, ncap);
            while (ns[j].name)
                j = (j + 1) & (ncap - 1);
            ns[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    size_t i = id_hash(id, t->cap);
    while (t->slots[i].name && t->slots[i].id != id)
        i = (i + 1) & (t->cap - 1);
    if (!t->slots[i].name)
        t->n++;
    t->slots[i] = (struct name_slot){id, name};
}

static const char *names_get(const struct names *t, uint64_t id)
{
    if (!t->cap)
        return NULL;
    size_t i = id_hash(id, t->cap);
    while (t->slots[i].name && t->slots[i].id != id)
        i = (i + 1) & (t->cap - 1);
    return t->slots[i].name;
}

/* a + b, or UINT64_MAX where that does not fit (damaged files only). */
static uint64_t sat_add(uint64_t a, uint64_t b)
{
    uint64_t sum;
    return __builtin_add_overflow(a, b, &sum) ? UINT64_MAX : sum;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Where name's recursion level ("'2" followed by the end or by "'caller") starts, or NULL. */
static const char *recursion_level(const char *name)
{
    for (const char *q = strchr(name, '\''); q; q = strchr(q + 1, '\'')) {
        size_t digits = strspn(q + 1, "0123456789");
        if (q > name && digits > 0 && (q[1 + digits] == '\0' || q[1 + digits] == '\''))
            return q;
    }
    return NULL;
}

/* Whether two contexts are the same function (at different recursion depths, maybe). */
static bool same_function(const struct parser *ps, unsigned a, unsigned b)
{
    const struct pa_prof_function *x = &ps->ctx->functions[a], *y = &ps->ctx->functions[b];
    return strcmp(ps->contexts[a].function, ps->contexts[b].function) == 0 &&
           same(x->file, y->file) && same(x->module, y->module);
}

static unsigned context_of(struct parser *ps, const char *name, const char *file,
                           const char *object)
{
    unsigned c = pa_profile_function(ps->ctx, name, file, 0, object);
    if (c >= ps->ncontexts) {
        PA_GROW(ps->contexts, ps->cap_contexts, (size_t)c + 1);
        memset(ps->contexts + ps->ncontexts, 0,
               ((size_t)c + 1 - ps->ncontexts) * sizeof(*ps->contexts));
        ps->ncontexts = (size_t)c + 1;
        const char *level = recursion_level(name);
        struct context *x = &ps->contexts[c];
        x->outermost = !level;
        if (level) { /* "fib'2'main" is "fib'main" one level down */
            size_t head = (size_t)(level - name), digits = strspn(level + 1, "0123456789");
            char *function = pa_arena_alloc(&ps->ctx->arena, strlen(name) + 1);
            memcpy(function, name, head);
            strcpy(function + head, level + 1 + digits);
            x->function = function;
        } else {
            x->function = ps->ctx->functions[c].name;
        }
    }
    return c;
}

static bool failed(struct parser *ps, const char *why)
{
    ps->why = why;
    return false;
}

/* "(id) name", "(id)" or "name"; "???" (no debug information) is NULL. Names point into the
 * text, which outlives the parser. */
static bool resolve_name(struct parser *ps, struct names *t, const char *kind, char *value,
                         const char **out)
{
    char *end = value + 1 + strspn(value + 1, "0123456789");
    if (*value == '(' && end > value + 1 && *end == ')') { /* else "(below main)" itself */
        errno = 0;
        uint64_t id = strtoull(value + 1, NULL, 10);
        if (errno)
            return failed(ps, "a compressed name's id beyond 64 bits");
        value = end + 1;
        if (*value == ' ')
            value++;
        if (*value) {
            names_put(t, id, value);
        } else if (!(value = (char *)names_get(t, id))) {
            snprintf(ps->why_buf, sizeof(ps->why_buf), "%s id (%llu) used before its definition",
                     kind, (unsigned long long)id);
            return failed(ps, ps->why_buf);
        }
    }
    *out = strcmp(value, "???") == 0 ? NULL : value;
    return true;
}

static bool parse_u64(const char *s, int base, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!isxdigit((unsigned char)*s))
        return false;
    *out = strtoull(s, &end, base);
    return errno == 0 && *end == '\0';
}

/* One subposition: absolute ("42", "0x4011a0"), or relative to the last one ("+3", "-2", "*"). */
static bool subposition(const char *tok, uint64_t last, uint64_t *out)
{
    uint64_t v;
    if (strcmp(tok, "*") == 0) {
        *out = last;
        return true;
    }
    if (tok[0] == '+' || tok[0] == '-') {
        if (!parse_u64(tok + 1, 10, &v))
            return false;
        *out = tok[0] == '+' ? last + v : last - v;
        return true;
    }
    if (tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X'))
        return parse_u64(tok + 2, 16, out);
    return parse_u64(tok, 10, out);
}

static bool call(struct parser *ps, uint64_t inclusive)
{
    unsigned from = ps->fn, to = ps->target;
    struct context *t = &ps->contexts[to];
    bool overflow = __builtin_add_overflow(t->calls, ps->ncalls, &t->calls);
    if (t->outermost && !same_function(ps, from, to))
        overflow |= __builtin_add_overflow(t->primitive, ps->ncalls, &t->primitive);
    /* nested recursion levels are inside the outermost level's calls already */
    if (ps->contexts[from].outermost && from != to)
        overflow |=
            __builtin_add_overflow(ps->contexts[from].out, inclusive, &ps->contexts[from].out);
    return overflow ? failed(ps, "calls or costs beyond 64 bits") : true;
}

static bool cost_line(struct parser *ps, char *line)
{
    uint64_t pos[MAX_POSITIONS] = {0}, cost = 0;
    unsigned ntok = 0;
    char *save = NULL;
    if (!ps->nevents)
        return failed(ps, "a cost line before the 'events:' line");
    if (!ps->have_fn)
        return failed(ps, "a cost line outside a function (no fn= before it)");
    for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (ntok < ps->npositions) {
            if (!subposition(tok, ps->last[ntok], &pos[ntok]))
                return failed(ps, "a malformed position in a cost line");
        } else {
            uint64_t v;
            if (ntok - ps->npositions >= ps->nevents)
                return failed(ps, "more costs than events");
            if (!parse_u64(tok, 10, &v))
                return failed(ps, "a malformed cost");
            if (ntok == ps->npositions)
                cost = v;
        }
        ntok++;
    }
    if (ntok < ps->npositions)
        return failed(ps, "a cost line without its position");
    if (ps->in_call) {
        /* the inclusive cost of the call above; positions relative to the last cost line */
        ps->in_call = ps->have_target = false;
        return call(ps, cost);
    }
    if (ps->after_jump) {
        ps->after_jump = false;
        return true;
    }
    memcpy(ps->last, pos, sizeof(pos));
    struct context *c = &ps->contexts[ps->fn];
    if (__builtin_add_overflow(c->self, cost, &c->self) ||
        __builtin_add_overflow(ps->self_total, cost, &ps->self_total))
        return failed(ps, "costs beyond 64 bits");
    if (ps->line_column >= 0 && cost && same(ps->file, ps->fn_file)) {
        uint64_t l = pos[ps->line_column];
        if (l > 0 && l <= UINT32_MAX && (!c->first_line || l < c->first_line))
            c->first_line = (unsigned)l;
    }
    return true;
}

/* "key: value" lines of the header (and "totals:" at the end). */
static bool header_line(struct parser *ps, char *key, char *value)
{
    char *save = NULL;
    if (strcmp(key, "events") == 0) {
        ps->nevents = 0;
        for (char *t = strtok_r(value, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
            if (ps->nevents++ == 0)
                snprintf(ps->event, sizeof(ps->event), "%s", t);
        if (!ps->nevents)
            return failed(ps, "an 'events:' line without events");
    } else if (strcmp(key, "positions") == 0) {
        ps->npositions = 0;
        ps->line_column = -1;
        for (char *t = strtok_r(value, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
            if (ps->npositions == MAX_POSITIONS)
                return failed(ps, "too many subpositions");
            if (strcmp(t, "line") == 0)
                ps->line_column = (int)ps->npositions;
            ps->npositions++;
        }
        if (!ps->npositions)
            return failed(ps, "a 'positions:' line without positions");
        memset(ps->last, 0, sizeof(ps->last));
    } else if (strcmp(key, "version") == 0) {
        if (strcmp(value, "1") != 0)
            return failed(ps, "a callgrind format version other than 1");
    } else if (strcmp(key, "creator") == 0) {
        ps->by_callgrind = ps->by_callgrind || strncmp(value, "callgrind", 9) == 0;
    } else if (strcmp(key, "totals") == 0) {
        uint64_t v;
        char *first = strtok_r(value, " \t", &save);
        if (!first || !parse_u64(first, 10, &v) ||
            __builtin_add_overflow(ps->totals, v, &ps->totals))
            return failed(ps, "a malformed 'totals:' line");
        ps->have_totals = true;
    }
    return true; /* desc:, cmd:, pid:, part:, thread:, summary:, event: ... say nothing we use */
}

/* "spec=value" lines: names of objects, files and functions, and calls. */
static bool spec_line(struct parser *ps, const char *key, char *value)
{
    const char *name;
    if (strcmp(key, "ob") == 0)
        return resolve_name(ps, &ps->objects, "object", value, &ps->ob);
    if (strcmp(key, "fl") == 0 || strcmp(key, "fi") == 0 || strcmp(key, "fe") == 0)
        return resolve_name(ps, &ps->files, "file", value, &ps->file);
    if (strcmp(key, "fn") == 0) {
        if (!resolve_name(ps, &ps->functions, "function", value, &name))
            return false;
        ps->fn = context_of(ps, name ? name : "???", ps->file, ps->ob);
        ps->fn_file = ps->file;
        ps->have_fn = true;
        ps->have_cob = ps->have_cfi = ps->have_target = false;
        return true;
    }
    if (strcmp(key, "cob") == 0) {
        ps->have_cob = true;
        return resolve_name(ps, &ps->objects, "object", value, &ps->cob);
    }
    if (strcmp(key, "cfi") == 0 || strcmp(key, "cfl") == 0) { /* cfl: the older spelling */
        ps->have_cfi = true;
        return resolve_name(ps, &ps->files, "file", value, &ps->cfi);
    }
    if (strcmp(key, "cfn") == 0) {
        if (!resolve_name(ps, &ps->functions, "function", value, &name))
            return false;
        ps->target = context_of(ps, name ? name : "???", ps->have_cfi ? ps->cfi : ps->file,
                                ps->have_cob ? ps->cob : ps->ob);
        ps->have_target = true;
        ps->have_cob = ps->have_cfi = false;
        return true;
    }
    if (strcmp(key, "calls") == 0) {
        char *space = strchr(value, ' ');
        if (space)
            *space = '\0';
        if (!ps->have_fn || !ps->have_target)
            return failed(ps, "calls= without fn= and cfn= before it");
        if (!parse_u64(value, 10, &ps->ncalls))
            return failed(ps, "a malformed call count");
        ps->in_call = true;
        return true;
    }
    if (strcmp(key, "jfi") == 0)
        return resolve_name(ps, &ps->files, "file", value, &name);
    if (strcmp(key, "jfn") == 0)
        return resolve_name(ps, &ps->functions, "function", value, &name);
    if (strcmp(key, "jump") == 0 || strcmp(key, "jcnd") == 0) {
        ps->after_jump = true;
        return true;
    }
    if (strcmp(key, "ln") == 0 || strcmp(key, "bb") == 0)
        return true; /* --dump-bbs detail */
    return failed(ps, "an unknown 'spec=' line");
}

static bool body_line(struct parser *ps, char *line)
{
    if (ps->in_call && !(isdigit((unsigned char)*line) || strchr("+-*", *line)))
        return failed(ps, "calls= not followed by the cost of the call");
    if (isdigit((unsigned char)*line) || (*line && strchr("+-*", *line)))
        return cost_line(ps, line);
    size_t k = 0;
    while (isalnum((unsigned char)line[k]) || line[k] == '_')
        k++;
    if (k > 0 && line[k] == ':') {
        line[k] = '\0';
        char *value = line + k + 1;
        while (*value == ' ' || *value == '\t')
            value++;
        return header_line(ps, line, value);
    }
    if (k > 0 && line[k] == '=') {
        line[k] = '\0';
        return spec_line(ps, line, line + k + 1);
    }
    return failed(ps, "not a line of the callgrind format");
}

bool pa_format_callgrind_detect(const char *text, size_t size)
{
    size_t window = size < 8192 ? size : 8192;
    if (size >= sizeof(MAGIC) - 1 && memcmp(text, MAGIC, sizeof(MAGIC) - 1) == 0)
        return true;
    if (memchr(text, '\0', window))
        return false;
    /* without the magic line: "key: value" headers with events:, then fl=, fn= or ob= */
    bool events = false;
    const char *p = text, *end = text + window;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), k = 0;
        if (len > 0 && p[0] != '#') {
            while (k < len && (isalnum((unsigned char)p[k]) || p[k] == '_'))
                k++;
            if (k == 0 || k == len || (p[k] != ':' && p[k] != '='))
                return false;
            if (p[k] == '=')
                return events && k == 2 &&
                       (memcmp(p, "fl", 2) == 0 || memcmp(p, "fn", 2) == 0 ||
                        memcmp(p, "ob", 2) == 0);
            events = events || (k == 6 && memcmp(p, "events", 6) == 0);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

/* The model: contexts fold into their functions; times are event counts / EVENTS_PER_S. */
static struct pa_profile *build(const struct parser *ps, const char *path)
{
    char format[64];
    snprintf(format, sizeof(format), "callgrind: times are %s/1e9", ps->event);
    struct pa_profile *p = pa_profile_new(format, path);
    p->mode = PA_PROFILE_INSTRUMENTED;
    struct function_total *totals = NULL;
    size_t cap = 0, n = 0;
    for (unsigned c = 0; c < ps->ncontexts; c++) {
        const struct context *x = &ps->contexts[c];
        const struct pa_prof_function *f = &ps->ctx->functions[c];
        if (!x->self && !x->calls && !x->out)
            continue; /* named (for compression) but never ran */
        unsigned id = pa_profile_function(p, x->function, f->file, 0,
                                          f->module ? base_name(f->module) : NULL);
        if (id >= n) {
            PA_GROW(totals, cap, (size_t)id + 1);
            memset(totals + n, 0, ((size_t)id + 1 - n) * sizeof(*totals));
            n = (size_t)id + 1;
        }
        struct function_total *t = &totals[id];
        t->self = sat_add(t->self, x->self);
        t->calls = sat_add(t->calls, x->calls);
        t->primitive = sat_add(t->primitive, x->primitive);
        if (x->outermost)
            t->cum = sat_add(t->cum, sat_add(x->self, x->out));
        if (x->first_line && (!p->functions[id].line || x->first_line < p->functions[id].line))
            p->functions[id].line = x->first_line;
    }
    for (unsigned f = 0; f < n; f++) {
        /* mutual recursion without --separate-recs counts nested calls twice: bound it */
        uint64_t cum = totals[f].cum < totals[f].self ? totals[f].self : totals[f].cum;
        if (cum > ps->self_total)
            cum = ps->self_total;
        struct pa_prof_stats s = {f, totals[f].calls, totals[f].primitive,
                                  (double)totals[f].self / EVENTS_PER_S,
                                  (double)cum / EVENTS_PER_S};
        pa_profile_add_stats(p, &s);
    }
    free(totals);
    return p;
}

int pa_format_callgrind_read(const char *path, char *text, size_t size, struct pa_profile **out,
                             struct pa_error *err)
{
    struct parser ps = {.npositions = 1, .line_column = 0};
    unsigned lineno = 0;
    int rc = -1;
    (void)size;
    *out = NULL;
    ps.ctx = pa_profile_new("callgrind contexts", path);
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#') {
            if (lineno == 1 && strcmp(line, MAGIC) == 0)
                ps.by_callgrind = true;
            continue;
        }
        if (!body_line(&ps, line)) {
            pa_error_set(err, "%s: line %u: %s", path, lineno, ps.why);
            goto done;
        }
    }
    if (ps.in_call) {
        pa_error_set(err, "%s: truncated callgrind profile (calls= without the cost of the call)",
                     path);
        goto done;
    }
    if (!ps.nevents) {
        pa_error_set(err, "%s: not a callgrind profile (no 'events:' line)", path);
        goto done;
    }
    if (ps.by_callgrind && !ps.have_totals) {
        pa_error_set(err, "%s: truncated callgrind profile (no 'totals:' line at the end)", path);
        goto done;
    }
    if (ps.have_totals && ps.totals != ps.self_total) {
        pa_error_set(err,
                     "%s: damaged callgrind profile ('totals:' says %llu %s, its cost lines add "
                     "up to %llu)",
                     path, (unsigned long long)ps.totals, ps.event,
                     (unsigned long long)ps.self_total);
        goto done;
    }
    *out = build(&ps, path);
    rc = 0;
done:
    pa_profile_free(ps.ctx);
    free(ps.contexts);
    free(ps.files.slots);
    free(ps.functions.slots);
    free(ps.objects.slots);
    return rc;
}
