/* profile_join.c: matching measured functions to analysed ones, and counting the samples of
 * parts of a function. */
#include "profile_join.h"
#include "perfaudit/model.h"
#include "perfaudit/profile.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The function's own name in a symbol, as the source names it: without a clone's suffix
 * (pa_symbol_name_len) nor a C++ argument list: "ns::Index::find(int) const" is
 * "ns::Index::find". */
static size_t symbol_name_len(const char *name)
{
    size_t len = pa_symbol_name_len(name), n = 0;
    while (n < len && name[n] != '(' && name[n] != ' ')
        n++;
    return n;
}

/* The last component of a qualified name: "find" of "ns::Index::find". */
static const char *last_component(const char *name, size_t len, size_t *out_len)
{
    const char *start = name;
    for (size_t i = 0; i + 1 < len; i++)
        if (name[i] == ':' && name[i + 1] == ':')
            start = name + i + 2;
    *out_len = len - (size_t)(start - name);
    return start;
}

/* "ns::Index::find" names the analysed "Index::find" (or the other way round) when one is
 * the other's tail at a "::" boundary. */
static bool names_match(const char *symbol, size_t len, const char *analysed)
{
    size_t alen = strlen(analysed);
    const char *longer = len >= alen ? symbol : analysed;
    size_t llen = len >= alen ? len : alen, slen = len >= alen ? alen : len;
    const char *shorter = len >= alen ? analysed : symbol;
    if (memcmp(longer + llen - slen, shorter, slen) != 0)
        return false;
    return llen == slen ||
           (llen - slen >= 2 && longer[llen - slen - 1] == ':' && longer[llen - slen - 2] == ':');
}

/* How many trailing path components two paths share ("." components skipped). */
static unsigned common_tail(const char *a, const char *b)
{
    const char *ea = a + strlen(a), *eb = b + strlen(b);
    unsigned n = 0;
    for (;;) {
        const char *sa = ea, *sb = eb;
        while (sa > a && sa[-1] != '/')
            sa--;
        while (sb > b && sb[-1] != '/')
            sb--;
        size_t la = (size_t)(ea - sa), lb = (size_t)(eb - sb);
        if (la == 1 && *sa == '.' && sa > a) {
            ea = sa - 1;
            continue;
        }
        if (lb == 1 && *sb == '.' && sb > b) {
            eb = sb - 1;
            continue;
        }
        if (la == 0 || la != lb || memcmp(sa, sb, la) != 0)
            return n;
        n++;
        if (sa == a || sb == b)
            return n;
        ea = sa - 1;
        eb = sb - 1;
    }
}

struct name_entry {
    const char *key; /* the last component of the analysed name */
    size_t key_len;
    const struct pa_function *function;
};

static int by_key(const void *a, const void *b)
{
    const struct name_entry *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    return x->key_len < y->key_len ? -1 : x->key_len > y->key_len;
}

static unsigned line_distance(unsigned a, unsigned b)
{
    return a > b ? a - b : b - a;
}

/* The analysed function a profile function is, or NULL. */
static const struct pa_function *match(const struct name_entry *index, size_t n,
                                       const struct pa_prof_function *pf)
{
    size_t len = symbol_name_len(pf->name);
    struct name_entry key = {0};
    key.key = last_component(pf->name, len, &key.key_len);
    if (key.key_len == 0)
        return NULL;
    const struct name_entry *hit = bsearch(&key, index, n, sizeof(*index), by_key);
    if (!hit)
        return NULL;
    while (hit > index && by_key(hit - 1, &key) == 0)
        hit--;
    const struct pa_function *best = NULL;
    unsigned best_tail = 0, best_distance = 0, candidates = 0;
    for (; hit < index + n && by_key(hit, &key) == 0; hit++) {
        const struct pa_function *fn = hit->function;
        if (!names_match(pf->name, len, fn->name))
            continue;
        candidates++;
        unsigned tail = pf->file ? common_tail(pf->file, fn->file) : 0;
        unsigned distance = pf->line ? line_distance(pf->line, fn->line) : 0;
        if (pf->file && tail == 0)
            continue; /* another file's function of the same name */
        if (!best || tail > best_tail || (tail == best_tail && distance < best_distance)) {
            best = fn;
            best_tail = tail;
            best_distance = distance;
        }
    }
    /* without debug information only an unambiguous name will do */
    if (!pf->file && candidates != 1)
        return NULL;
    return best;
}

static void add_row(struct pa_measure *m, const struct pa_profile_row *row)
{
    m->seen = true;
    m->self_samples += row->self_samples;
    m->cum_samples += row->cum_samples;
    m->tottime += row->tottime;
    m->cumtime += row->cumtime;
    m->self_pct += row->self_pct;
    m->cum_pct += row->cum_pct;
    if (row->has_calls) {
        m->has_calls = true;
        m->ncalls += row->ncalls;
        m->primitive_calls += row->primitive_calls;
    }
}

static bool line_has_call(const struct pa_function *fn, unsigned line)
{
    for (unsigned i = 0; i < fn->ncalls; i++)
        if (fn->calls[i].call->line == line)
            return true;
    return false;
}

/* The frame that stands for analysed function id on stack s, from the outermost frame k of it.
 * A frame that calls into the same function from a line where the source shows no call is a
 * compiler split (GCC inlines a function's early-exit test into the caller and calls the rest
 * as fn.part.0): the work is in the inner frame, so that one counts. */
static unsigned counted_frame(const struct pa_join *join, const struct pa_prof_stack *s, unsigned k,
                              unsigned id)
{
    const struct pa_profile *p = join->profile;
    const struct pa_function *fn = join->program->functions[id];
    while (k > 0) {
        const struct pa_prof_location *inner = &p->locations[s->frames[k - 1]];
        if (join->analysed_of[inner->function] != (int)id ||
            line_has_call(fn, p->locations[s->frames[k]].line))
            break;
        k--;
    }
    return k;
}

/* Fills visits: one pass over the stacks, root to leaf, noting each analysed function the
 * first time a stack reaches it. */
static void build_visits(struct pa_join *join)
{
    const struct pa_profile *p = join->profile;
    unsigned nfn = join->program->nfunctions;
    unsigned *count = pa_xcalloc(nfn + 1, sizeof(*count));
    unsigned *stamp = pa_xcalloc(nfn + 1, sizeof(*stamp)); /* last stack seen, + 1 */
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < p->nstacks; i++) {
            const struct pa_prof_stack *s = &p->stacks[i];
            for (int k = (int)s->nframes - 1; k >= 0; k--) {
                int id = join->analysed_of[p->locations[s->frames[k]].function];
                if (id < 0 || stamp[id] == i + 1)
                    continue;
                stamp[id] = i + 1;
                if (pass == 0) {
                    count[id]++;
                    continue;
                }
                unsigned frame = counted_frame(join, s, (unsigned)k, (unsigned)id);
                struct pa_join_visit *v = &join->visits[join->visit_start[id] + count[id]++];
                *v = (struct pa_join_visit){i, frame, p->locations[s->frames[frame]].line};
            }
        }
        if (pass == 0) {
            join->visit_start = pa_xmalloc((nfn + 1) * sizeof(*join->visit_start));
            unsigned total = 0;
            for (unsigned f = 0; f < nfn; f++) {
                join->visit_start[f] = total;
                total += count[f];
            }
            join->visit_start[nfn] = total;
            join->visits = pa_xmalloc((total + 1) * sizeof(*join->visits));
            memset(count, 0, (nfn + 1) * sizeof(*count));
            memset(stamp, 0, (nfn + 1) * sizeof(*stamp));
        }
    }
    free(count);
    free(stamp);
}

void pa_join_build(const struct pa_program *program, const struct pa_profile *profile,
                   struct pa_join *out)
{
    memset(out, 0, sizeof(*out));
    out->program = program;
    out->profile = profile;
    out->analysed_of = pa_xmalloc((profile->nfunctions + 1) * sizeof(int));
    out->measures = pa_xcalloc(program->nfunctions + 1, sizeof(*out->measures));
    out->total_samples = profile->samples;

    struct name_entry *index = pa_xmalloc((program->nfunctions + 1) * sizeof(*index));
    for (unsigned i = 0; i < program->nfunctions; i++) {
        const struct pa_function *fn = program->functions[i];
        index[i].function = fn;
        index[i].key = last_component(fn->name, strlen(fn->name), &index[i].key_len);
    }
    if (program->nfunctions)
        qsort(index, program->nfunctions, sizeof(*index), by_key);
    for (unsigned f = 0; f < profile->nfunctions; f++) {
        const struct pa_function *fn = match(index, program->nfunctions, &profile->functions[f]);
        out->analysed_of[f] = fn ? (int)fn->id : -1;
    }
    free(index);

    struct pa_profile_table table;
    pa_profile_table_build(profile, PA_SORT_TOTTIME, &table);
    out->total_time = table.total_time;
    for (unsigned r = 0; r < table.nrows; r++) {
        int id = out->analysed_of[table.rows[r].function];
        if (id < 0)
            continue;
        out->matched_functions += !out->measures[id].seen;
        add_row(&out->measures[id], &table.rows[r]);
        out->matched_self_pct += table.rows[r].self_pct;
    }
    pa_profile_table_free(&table);
    build_visits(out);
}

void pa_join_free(struct pa_join *join)
{
    if (!join)
        return;
    free(join->analysed_of);
    free(join->measures);
    free(join->visits);
    free(join->visit_start);
    memset(join, 0, sizeof(*join));
}

/* "__libc_malloc", "__GI___libc_write" and "_IO_fopen" are glibc's names for malloc, write
 * and fopen. */
static const char *libc_public_name(const char *name)
{
    static const char *const prefixes[] = {"GI_", "libc_", "IO_", "new_"};
    for (;;) {
        while (*name == '_')
            name++;
        bool stripped = false;
        for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
            size_t n = strlen(prefixes[i]);
            if (strncmp(name, prefixes[i], n) == 0) {
                name += n;
                stripped = true;
            }
        }
        if (!stripped)
            return name;
    }
}

/* Is s (len bytes) the tail glibc gives a CPU-specific variant of a string function:
 * "_avx512_unaligned_erms" of __memset_avx512_unaligned_erms, "_evex" of __strlen_evex? */
static bool is_variant_suffix(const char *s, size_t len)
{
    static const char *const tokens[] = {
        "sse2", "sse4",      "ssse3",   "avx", "avx2", "avx512", "evex", "evex512",
        "erms", "unaligned", "aligned", "rtm", "vec",  "back",   "1",    "2"};
    if (len == 0)
        return false;
    while (len > 0) {
        if (*s != '_')
            return false;
        s++;
        len--;
        size_t n = 0;
        while (n < len && s[n] != '_')
            n++;
        bool known = false;
        for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]) && !known; i++)
            known = strlen(tokens[i]) == n && strncmp(s, tokens[i], n) == 0;
        if (!known)
            return false;
        s += n;
        len -= n;
    }
    return true;
}

static bool named_in(const char *name, const char *const *names)
{
    const char *pub = libc_public_name(name);
    size_t len = symbol_name_len(pub);
    bool internal = strncmp(name, "__", 2) == 0;
    for (; *names; names++) {
        size_t n = strlen(*names);
        if (n > len || strncmp(pub, *names, n) != 0)
            continue;
        if (n == len || (internal && is_variant_suffix(pub + n, len - n)))
            return true;
    }
    return false;
}

uint64_t pa_join_samples(const struct pa_join *join, const struct pa_join_query *q)
{
    const struct pa_profile *p = join->profile;
    unsigned id = q->function->id;
    uint64_t total = 0;
    for (unsigned v = join->visit_start[id]; v < join->visit_start[id + 1]; v++) {
        const struct pa_join_visit *visit = &join->visits[v];
        const struct pa_prof_stack *s = &p->stacks[visit->stack];
        if (visit->line < q->first_line || visit->line > q->last_line)
            continue;
        if (q->in_callee) {
            if (visit->frame == 0)
                continue; /* the function's own code, not a call it made */
            if (q->callees) {
                bool below = false;
                for (int c = (int)visit->frame - 1; c >= 0 && !below; c--) {
                    const char *name = p->functions[p->locations[s->frames[c]].function].name;
                    below = named_in(name, q->callees);
                }
                if (!below)
                    continue;
            }
        }
        total += s->count;
    }
    return total;
}

uint64_t pa_join_operation_samples(const struct pa_join *join, const struct pa_function *fn,
                                   unsigned first_line, unsigned last_line, unsigned op_line)
{
    const struct pa_profile *p = join->profile;
    uint64_t total = 0;
    for (unsigned v = join->visit_start[fn->id]; v < join->visit_start[fn->id + 1]; v++) {
        const struct pa_join_visit *visit = &join->visits[v];
        const struct pa_prof_stack *s = &p->stacks[visit->stack];
        if (visit->line == op_line) {
            total += s->count;
            continue;
        }
        if (visit->line < first_line || visit->line > last_line || visit->frame == 0 ||
            line_has_call(fn, visit->line))
            continue;
        unsigned callee = p->locations[s->frames[visit->frame - 1]].function;
        if (join->analysed_of[callee] < 0)
            total += s->count; /* a library call the source does not show at this line */
    }
    return total;
}

unsigned pa_join_hot_lines(const struct pa_join *join, const struct pa_function *fn,
                           struct pa_hot_line *out, unsigned n)
{
    const struct pa_profile *p = join->profile;
    unsigned first = fn->line, span = fn->end_line >= fn->line ? fn->end_line - fn->line + 1 : 1;
    uint64_t *counts = pa_xcalloc(span, sizeof(*counts));
    for (unsigned v = join->visit_start[fn->id]; v < join->visit_start[fn->id + 1]; v++) {
        unsigned line = join->visits[v].line;
        if (line >= first && line - first < span)
            counts[line - first] += p->stacks[join->visits[v].stack].count;
    }
    unsigned filled = 0;
    for (; filled < n; filled++) {
        unsigned best = span;
        for (unsigned l = 0; l < span; l++)
            if (counts[l] && (best == span || counts[l] > counts[best]))
                best = l;
        if (best == span || join->total_samples == 0)
            break;
        out[filled].line = first + best;
        out[filled].pct = 100.0 * (double)counts[best] / (double)join->total_samples;
        counts[best] = 0;
    }
    free(counts);
    return filled;
}
