/* analysis.c: the static pass, from paths on the command line to ranked findings. */
#include "perfaudit/analysis.h"
#include "build_model.h"
#include "compile_flags.h"
#include "error.h"
#include "fileio.h"
#include "include_scan.h"
#include "inference.h"
#include "parse_recovery.h"
#include "partial_parse.h"
#include "perfaudit/rule.h"
#include "program.h"
#include "source_text.h"
#include "sources.h"
#include "strbuf.h"
#include "xalloc.h"

#include <clang-c/Index.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One file to parse, and what parsing it produced. */
struct job {
    const struct pa_source *source;
    struct pa_args args;
    struct pa_arena arena;
    struct pa_model_sink sink;
    char *error;   /* the first error as the errors list has it ("line 3:1: ..."), or NULL */
    char *warning; /* for stderr: the first error's place and text, or why nothing parsed */
    char *standin; /* "analysed with stand-ins for ..." when a recovered parse was kept */
    bool parsed;   /* libclang produced the unit (errors or not) */
    bool *covers;  /* per source: this translation unit included it */
};

/* The analysed files: their list, and their display paths as the program owns them. */
struct file_table {
    const struct pa_source_list *sources;
    const char **display; /* program-owned copies, by index in sources */
};

struct pool {
    const struct file_table *files;
    struct job *jobs;
    size_t njobs;
    atomic_size_t next;
};

static const char *filter_file(void *ctx, const char *path)
{
    const struct file_table *files = ctx;
    char resolved[PATH_MAX];
    if (!realpath(path, resolved))
        return NULL;
    const struct pa_source *s = pa_sources_find(files->sources, resolved);
    return s ? files->display[s - files->sources->items] : NULL;
}

struct inclusion_ctx {
    const struct pa_source_list *sources;
    bool *covers;
};

static void note_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
    (void)stack;
    (void)depth;
    struct inclusion_ctx *ctx = data;
    CXString name = clang_getFileName(file);
    const char *cname = clang_getCString(name);
    char resolved[PATH_MAX];
    if (cname && realpath(cname, resolved)) {
        const struct pa_source *s = pa_sources_find(ctx->sources, resolved);
        if (s)
            ctx->covers[s - ctx->sources->items] = true;
    }
    clang_disposeString(name);
}

/* The unit's first error, as the errors list words it (job->error: "line 3:1: ..." in the
 * unit's own file) and as the warning line does (where: "src/x.c:3:1: ..."). */
static void first_error(CXTranslationUnit tu, const struct file_table *files, struct job *job,
                        char **where)
{
    *where = NULL;
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev < CXDiagnostic_Error) {
            clang_disposeDiagnostic(d);
            continue;
        }
        CXFile file;
        unsigned line, col;
        clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file, &line, &col, NULL);
        CXString text = clang_getDiagnosticSpelling(d);
        const char *msg = clang_getCString(text) ? clang_getCString(text) : "";
        if (!file && strncmp(msg, "unknown argument", 16) == 0) {
            /* a flag of another compiler (gcc's -fconserve-stack): clang ignores it */
            clang_disposeString(text);
            clang_disposeDiagnostic(d);
            continue;
        }
        struct pa_strbuf sb = {0}, w = {0};
        CXString fname = clang_getFileName(file);
        const char *fn = clang_getCString(fname);
        const char *display = fn ? filter_file((void *)files, fn) : NULL;
        const char *own = files->display[job->source - files->sources->items];
        if (fn && display != own)
            pa_strbuf_printf(&sb, "%s:%u:%u: %s", display ? display : fn, line, col, msg);
        else if (line)
            pa_strbuf_printf(&sb, "line %u:%u: %s", line, col, msg);
        else
            pa_strbuf_printf(&sb, "%s", msg);
        if (fn)
            pa_strbuf_printf(&w, "%s:%u:%u: %s", display ? display : fn, line, col, msg);
        else
            pa_strbuf_printf(&w, "%s: %s", own, msg);
        clang_disposeString(fname);
        clang_disposeString(text);
        clang_disposeDiagnostic(d);
        job->error = sb.data;
        *where = w.data;
        return;
    }
}

static void run_job(CXIndex index, const struct file_table *files, struct job *job)
{
    const struct pa_source_list *sources = files->sources;
    job->sink.arena = &job->arena;
    job->sink.filter = filter_file;
    job->sink.filter_ctx = (void *)files;
    CXTranslationUnit tu = NULL;
    unsigned options =
        CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    enum CXErrorCode code = clang_parseTranslationUnit2(index, job->source->realpath,
                                                        (const char *const *)job->args.argv,
                                                        (int)job->args.argc, NULL, 0, options, &tu);
    const char *own = files->display[job->source - sources->items];
    if (code != CXError_Success || !tu) {
        static const char *const why[] = {"", "failure", "crashed", "invalid arguments",
                                          "AST read error"};
        char buf[128];
        snprintf(buf, sizeof(buf), "cannot parse (libclang: %s)",
                 (unsigned)code < sizeof(why) / sizeof(why[0]) ? why[code] : "no translation unit");
        job->error = pa_xstrdup(access(job->source->realpath, R_OK) == 0 ? buf : "cannot read");
        struct pa_strbuf w = {0};
        pa_strbuf_printf(&w, "%s: %s", own, job->error);
        job->warning = w.data;
        return;
    }
    job->parsed = true;
    char *where = NULL;
    first_error(tu, files, job, &where);
    if (where) {
        struct pa_recovery used;
        pa_recover_parse(index, job->source->realpath, (const char *const *)job->args.argv,
                         (int)job->args.argc, options, &tu, &used);
        job->standin = pa_recovery_describe(&used);
    }
    pa_model_build_tu(tu, &job->sink);
    if (where) {
        pa_partial_mark(tu, &job->sink, where);
        job->warning = where;
    }
    struct inclusion_ctx ictx = {sources, job->covers};
    clang_getInclusions(tu, note_inclusion, &ictx);
    clang_disposeTranslationUnit(tu);
}

static void *worker(void *data)
{
    struct pool *pool = data;
    CXIndex index = clang_createIndex(0, 0);
    for (;;) {
        size_t i = atomic_fetch_add(&pool->next, 1);
        if (i >= pool->njobs)
            break;
        run_job(index, pool->files, &pool->jobs[i]);
    }
    clang_disposeIndex(index);
    return NULL;
}

static void run_pool(struct pool *pool, int jobs)
{
    if (jobs <= 1 || pool->njobs <= 1) {
        worker(pool);
        return;
    }
    size_t nthreads = (size_t)jobs < pool->njobs ? (size_t)jobs : pool->njobs;
    pthread_t *threads = pa_xmalloc(nthreads * sizeof(*threads));
    size_t started = 0;
    for (; started < nthreads; started++)
        if (pthread_create(&threads[started], NULL, worker, pool) != 0)
            break;
    if (started == 0)
        worker(pool);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
}

/* Functions defined in a header reach the program once, from the first file that includes it
 * (or the first whose parse of it was complete). */
struct seen_entry {
    char *key;
    unsigned index; /* in the program's functions */
};

struct seen_set {
    struct seen_entry *items;
    size_t cap, n;
};

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The entry for fn's place; a new one has index UINT_MAX. */
static struct seen_entry *seen_lookup(struct seen_set *set, const struct pa_function *fn)
{
    char key[PATH_MAX + 512];
    snprintf(key, sizeof(key), "%s:%u:%u:%s", fn->file, fn->line, fn->column, fn->name);
    if (set->n * 2 >= set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 256;
        struct seen_entry *nitems = pa_xcalloc(ncap, sizeof(*nitems));
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->items[i].key)
                continue;
            size_t h = hash_key(set->items[i].key) & (ncap - 1);
            while (nitems[h].key)
                h = (h + 1) & (ncap - 1);
            nitems[h] = set->items[i];
        }
        free(set->items);
        set->items = nitems;
        set->cap = ncap;
    }
    size_t h = hash_key(key) & (set->cap - 1);
    while (set->items[h].key) {
        if (strcmp(set->items[h].key, key) == 0)
            return &set->items[h];
        h = (h + 1) & (set->cap - 1);
    }
    set->items[h].key = pa_xstrdup(key);
    set->items[h].index = UINT_MAX;
    set->n++;
    return &set->items[h];
}

static void seen_free(struct seen_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->items[i].key);
    free(set->items);
}

/* The units' warnings before they are grouped: many units often share one first error (a
 * header every file includes lacks a dependency), which then makes one line, not hundreds. */
struct pending_warning {
    char *text;       /* owned: "compat.h:40:10: 'event.h' file not found" */
    const char *unit; /* the unit's display path */
    bool parsed;      /* analysed as far as it parsed (false: nothing parsed) */
    char *standins;   /* owned: what a recovered parse stood in, or NULL */
};

struct pending_warnings {
    struct pending_warning *items;
    size_t n, cap;
};

/* One line per distinct first error, in the order of the units:
 * "src/x.c:1:10: ... (analysed as far as it parsed)" for an error in the unit itself,
 * "src/x.h:3:1: ... (in src/x.c, analysed as far as it parsed)" for one elsewhere,
 * "compat.h:40:10: ... (in alerts.c and 181 other files, analysed as far as they parsed)". */
static void group_warnings(struct pending_warnings *pending, struct pa_analysis *a)
{
    bool *done = pa_xcalloc(pending->n + 1, sizeof(*done));
    a->warnings = pa_xcalloc(pending->n + 1, sizeof(*a->warnings));
    for (size_t i = 0; i < pending->n; i++) {
        if (done[i])
            continue;
        const struct pending_warning *w = &pending->items[i];
        size_t others = 0;
        bool all_parsed = w->parsed;
        for (size_t j = i + 1; j < pending->n; j++) {
            const char *sj = pending->items[j].standins;
            if (!done[j] && strcmp(pending->items[j].text, w->text) == 0 &&
                (sj && w->standins ? strcmp(sj, w->standins) == 0 : sj == w->standins)) {
                done[j] = true;
                others++;
                all_parsed &= pending->items[j].parsed;
            }
        }
        struct pa_strbuf sb = {0};
        size_t ulen = strlen(w->unit);
        bool own = strncmp(w->text, w->unit, ulen) == 0 && w->text[ulen] == ':';
        const char *how_one = w->standins ? w->standins : "analysed as far as it parsed";
        const char *how_many = w->standins ? w->standins : "analysed as far as they parsed";
        pa_strbuf_append(&sb, w->text);
        if (others)
            pa_strbuf_printf(&sb, " (in %s and %zu other %s%s%s)", w->unit, others,
                             others == 1 ? "file" : "files", all_parsed ? ", " : "",
                             all_parsed ? how_many : "");
        else if (!own)
            pa_strbuf_printf(&sb, " (in %s%s%s)", w->unit, w->parsed ? ", " : "",
                             w->parsed ? how_one : "");
        else if (w->parsed)
            pa_strbuf_printf(&sb, " (%s)", how_one);
        a->warnings[a->nwarnings++] = sb.data;
    }
    for (size_t i = 0; i < pending->n; i++) {
        free(pending->items[i].text);
        free(pending->items[i].standins);
    }
    free(pending->items);
    free(done);
}

static void merge_job(struct pa_analysis *a, const struct file_table *files, struct seen_set *seen,
                      struct job *job, struct pending_warnings *warnings, size_t *cap_functions,
                      size_t *cap_errors)
{
    struct pa_program *prog = &a->program;
    struct pa_arena *arena = pa_program_arena(prog);
    for (size_t i = 0; i < job->sink.nfunctions; i++) {
        struct pa_function *fn = job->sink.functions[i];
        struct seen_entry *e = seen_lookup(seen, fn);
        if (e->index != UINT_MAX) { /* a complete parse replaces one that lost code */
            if (prog->functions[e->index]->incomplete && !fn->incomplete)
                prog->functions[e->index] = fn;
            continue;
        }
        PA_GROW(prog->functions, *cap_functions, (size_t)prog->nfunctions + 1);
        e->index = prog->nfunctions;
        prog->functions[prog->nfunctions++] = fn;
    }
    free(job->sink.functions);
    job->sink.functions = NULL;
    pa_arena_adopt(arena, &job->arena);
    a->nunits++;
    a->nparsed += job->parsed;
    if (job->error) {
        PA_GROW(prog->errors, *cap_errors, (size_t)prog->nerrors + 1);
        prog->errors[prog->nerrors].file = files->display[job->source - files->sources->items];
        prog->errors[prog->nerrors].message = pa_arena_strdup(arena, job->error);
        prog->nerrors++;
        free(job->error);
        job->error = NULL;
    }
    if (job->warning) {
        PA_GROW(warnings->items, warnings->cap, warnings->n + 1);
        struct pending_warning *w = &warnings->items[warnings->n++];
        w->text = job->warning;
        w->unit = files->display[job->source - files->sources->items];
        w->parsed = job->parsed;
        w->standins = job->standin;
        job->warning = NULL;
        job->standin = NULL;
    }
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 32 ? 32 : n) : 1;
}

static void run_rules(struct pa_analysis *a)
{
    for (unsigned f = 0; f < a->program.nfunctions; f++) {
        const struct pa_function *fn = a->program.functions[f];
        for (size_t r = 0; r < pa_nrules; r++) {
            struct pa_rule_context ctx = {&a->program, fn, pa_rules[r], &a->findings};
            pa_rules[r]->check(&ctx);
        }
    }
}

/* Drops findings the source silences with "perfaudit-ignore" on their line or the one before. */
static void apply_suppressions(struct pa_analysis *a, const struct pa_source_list *sources)
{
    const char *loaded_file = NULL;
    char *text = NULL;
    size_t size = 0, kept = 0;
    for (size_t i = 0; i < a->findings.n; i++) {
        struct pa_finding *f = &a->findings.items[i];
        if (!loaded_file || strcmp(loaded_file, f->file) != 0) {
            free(text);
            text = NULL;
            size = 0;
            loaded_file = f->file;
            for (size_t s = 0; s < sources->n; s++) {
                if (strcmp(sources->items[s].display, f->file) == 0) {
                    if (pa_read_file(sources->items[s].realpath, &text, &size, NULL) != 0)
                        text = NULL;
                    break;
                }
            }
        }
        bool silenced = text && (pa_text_line_suppresses(text, size, f->line, f->rule->id) ||
                                 pa_text_line_suppresses(text, size, f->line - 1, f->rule->id));
        if (silenced) {
            pa_finding_clear(f);
            continue;
        }
        a->findings.items[kept++] = *f;
    }
    a->findings.n = kept;
    free(text);
}

/* -O0 and no -O at all are the unoptimised builds; -Og, -O1 and up optimise. */
static void note_opt_level(struct pa_build_info *build, const struct pa_compdb *db,
                           const struct pa_source *src)
{
    char *level = pa_compdb_opt_level(db, src);
    if (!level)
        return;
    build->ncompiled++;
    if (strcmp(level, "") == 0 || strcmp(level, "-O0") == 0) {
        if (build->nunoptimized++ == 0) {
            build->example = pa_xstrdup(src->display);
            build->example_level = level;
            return;
        }
    }
    free(level);
}

/* How a discovered file reaches the analysis. */
enum role {
    ROLE_UNIT,     /* parsed as a translation unit of its own */
    ROLE_INCLUDED, /* another analysed file #includes it: only through that file */
    ROLE_ALONE,    /* a header nothing includes: on its own, unless a unit reached it */
    ROLE_SKIPPED,  /* -p: not in the database, and nothing it lists includes it */
};

static enum role role_of(const struct pa_compdb *db, const struct pa_source *s, bool included)
{
    if (db) {
        if (pa_compdb_lists(db, s))
            return ROLE_UNIT;
        return included ? ROLE_INCLUDED : ROLE_SKIPPED;
    }
    if (included)
        return ROLE_INCLUDED;
    return s->is_header ? ROLE_ALONE : ROLE_UNIT;
}

/* The directory operands' real paths: the roots include directories are inferred under. */
static size_t directory_roots(const struct pa_analysis_options *options, char **roots)
{
    size_t n = 0;
    for (size_t i = 0; i < options->npaths; i++) {
        char resolved[PATH_MAX];
        struct stat st;
        if (stat(options->paths[i], &st) == 0 && S_ISDIR(st.st_mode) &&
            realpath(options->paths[i], resolved))
            roots[n++] = pa_xstrdup(resolved);
    }
    return n;
}

int pa_analysis_run(const struct pa_analysis_options *options, struct pa_analysis *out,
                    struct pa_error *err)
{
    memset(out, 0, sizeof(*out));
    pa_program_init(&out->program);
    struct pa_source_list sources = {0};
    struct pa_compdb *db = NULL;
    struct pa_include_scan scan = {0};
    struct job *jobs = NULL;
    bool *covered = NULL;
    enum role *roles = NULL;
    char **roots = pa_xcalloc(options->npaths + 1, sizeof(*roots));
    size_t nroots = 0;
    int rc = -1;
    if (pa_sources_discover(options->paths, options->npaths, options->excludes, options->nexcludes,
                            &sources, err) < 0)
        goto done;
    if (options->compdb && pa_compdb_open(options->compdb, &db, err) < 0)
        goto done;
    if (options->compdb)
        out->build.compdb = pa_xstrdup(options->compdb);
    out->nsources = (unsigned)sources.n;

    bool any_c = false, any_cxx = false;
    for (size_t i = 0; i < sources.n; i++) {
        if (sources.items[i].is_header)
            continue;
        any_c |= sources.items[i].lang == PA_LANG_C;
        any_cxx |= sources.items[i].lang == PA_LANG_CXX;
    }
    bool prefer_cxx = any_cxx && !any_c;
    int nthreads = options->jobs > 0 ? options->jobs : default_jobs();

    out->program.nfiles = (unsigned)sources.n;
    out->program.files = pa_xcalloc(sources.n + 1, sizeof(char *));
    for (size_t i = 0; i < sources.n; i++)
        out->program.files[i] =
            pa_arena_strdup(pa_program_arena(&out->program), sources.items[i].display);
    struct file_table files = {&sources, out->program.files};

    nroots = directory_roots(options, roots);
    pa_include_scan(&sources, (const char *const *)roots, nroots, &scan);
    roles = pa_xcalloc(sources.n + 1, sizeof(*roles));
    for (size_t i = 0; i < sources.n; i++)
        roles[i] = role_of(db, &sources.items[i], scan.included[i]);

    jobs = pa_xcalloc(sources.n + 1, sizeof(*jobs));
    covered = pa_xcalloc(sources.n + 1, sizeof(*covered));
    struct seen_set seen = {0};
    struct pending_warnings pending = {0};
    size_t cap_functions = 0, cap_errors = 0;
    /* Units first; then the headers no unit reached, on their own. */
    for (int phase = 0; phase < 2; phase++) {
        size_t njobs = 0;
        for (size_t i = 0; i < sources.n; i++) {
            const struct pa_source *s = &sources.items[i];
            if (phase == 0 ? roles[i] != ROLE_UNIT : (roles[i] != ROLE_ALONE || covered[i]))
                continue;
            struct job *job = &jobs[njobs++];
            memset(job, 0, sizeof(*job));
            job->source = s;
            job->covers = pa_xcalloc(sources.n + 1, sizeof(bool));
            pa_compile_args(db, s, prefer_cxx, (const char *const *)scan.dirs, scan.ndirs,
                            &job->args);
            if (phase == 0)
                note_opt_level(&out->build, db, s);
        }
        struct pool pool = {&files, jobs, njobs, 0};
        run_pool(&pool, nthreads);
        for (size_t j = 0; j < njobs; j++) {
            merge_job(out, &files, &seen, &jobs[j], &pending, &cap_functions, &cap_errors);
            for (size_t i = 0; i < sources.n; i++)
                covered[i] |= jobs[j].covers[i];
            free(jobs[j].covers);
            pa_args_free(&jobs[j].args);
        }
    }
    seen_free(&seen);
    group_warnings(&pending, out);
    for (size_t i = 0; i < sources.n; i++) {
        if (covered[i])
            continue;
        out->nskipped += roles[i] == ROLE_SKIPPED;
        out->nunreached += roles[i] == ROLE_INCLUDED;
    }

    pa_infer_program(&out->program);
    run_rules(out);
    pa_findings_finish(&out->findings);
    apply_suppressions(out, &sources);
    pa_findings_finish(&out->findings);
    rc = 0;
done:
    for (size_t i = 0; i < nroots; i++)
        free(roots[i]);
    free(roots);
    free(roles);
    free(jobs);
    free(covered);
    pa_include_scan_free(&scan);
    pa_compdb_free(db);
    pa_sources_free(&sources);
    if (rc < 0) {
        pa_program_free(&out->program);
        free(out->build.compdb);
        out->build.compdb = NULL;
    }
    return rc;
}

void pa_analysis_free(struct pa_analysis *a)
{
    if (!a)
        return;
    free(a->build.example);
    free(a->build.example_level);
    free(a->build.compdb);
    for (size_t i = 0; i < a->nwarnings; i++)
        free(a->warnings[i]);
    free(a->warnings);
    pa_findings_free(&a->findings);
    pa_program_free(&a->program);
}
