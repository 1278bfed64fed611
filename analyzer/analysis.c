/* analysis.c: the static pass, from paths on the command line to ranked findings. */
#include "perfaudit/analysis.h"
#include "build_model.h"
#include "compile_flags.h"
#include "error.h"
#include "fileio.h"
#include "inference.h"
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
#include <unistd.h>

/* One file to parse, and what parsing it produced. */
struct job {
    const struct pa_source *source;
    struct pa_args args;
    struct pa_arena arena;
    struct pa_model_sink sink;
    char *error;  /* the first error, or NULL */
    bool *covers; /* per source: this translation unit included it */
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

static char *first_error(CXTranslationUnit tu, const struct pa_source *src)
{
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
        struct pa_strbuf sb = {0};
        CXString fname = clang_getFileName(file);
        const char *fn = clang_getCString(fname);
        char resolved[PATH_MAX];
        bool elsewhere = fn && (!realpath(fn, resolved) || strcmp(resolved, src->realpath) != 0);
        if (elsewhere)
            pa_strbuf_printf(&sb, "%s:%u:%u: %s", fn, line, col, clang_getCString(text));
        else if (line)
            pa_strbuf_printf(&sb, "line %u:%u: %s", line, col, clang_getCString(text));
        else
            pa_strbuf_printf(&sb, "%s", clang_getCString(text));
        clang_disposeString(fname);
        clang_disposeString(text);
        clang_disposeDiagnostic(d);
        return sb.data;
    }
    return NULL;
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
    if (code != CXError_Success || !tu) {
        char buf[128];
        snprintf(buf, sizeof(buf), "cannot parse (libclang error %d)", (int)code);
        job->error = pa_xstrdup(access(job->source->realpath, R_OK) == 0 ? buf : "cannot read");
        return;
    }
    job->error = first_error(tu, job->source);
    pa_model_build_tu(tu, &job->sink);
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

/* Functions defined in a header reach the program once, from the first file that includes it. */
struct seen_set {
    char **keys;
    size_t cap, n;
};

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static bool seen_insert(struct seen_set *set, const struct pa_function *fn)
{
    char key[PATH_MAX + 512];
    snprintf(key, sizeof(key), "%s:%u:%u:%s", fn->file, fn->line, fn->column, fn->name);
    if (set->n * 2 >= set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 256;
        char **nkeys = pa_xcalloc(ncap, sizeof(*nkeys));
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->keys[i])
                continue;
            size_t h = hash_key(set->keys[i]) & (ncap - 1);
            while (nkeys[h])
                h = (h + 1) & (ncap - 1);
            nkeys[h] = set->keys[i];
        }
        free(set->keys);
        set->keys = nkeys;
        set->cap = ncap;
    }
    size_t h = hash_key(key) & (set->cap - 1);
    while (set->keys[h]) {
        if (strcmp(set->keys[h], key) == 0)
            return false;
        h = (h + 1) & (set->cap - 1);
    }
    set->keys[h] = pa_xstrdup(key);
    set->n++;
    return true;
}

static void seen_free(struct seen_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->keys[i]);
    free(set->keys);
}

static void merge_job(struct pa_program *prog, const struct file_table *files,
                      struct seen_set *seen, struct job *job, size_t *cap_functions,
                      size_t *cap_errors)
{
    struct pa_arena *arena = pa_program_arena(prog);
    for (size_t i = 0; i < job->sink.nfunctions; i++) {
        struct pa_function *fn = job->sink.functions[i];
        if (!seen_insert(seen, fn))
            continue;
        PA_GROW(prog->functions, *cap_functions, (size_t)prog->nfunctions + 1);
        prog->functions[prog->nfunctions++] = fn;
    }
    free(job->sink.functions);
    job->sink.functions = NULL;
    pa_arena_adopt(arena, &job->arena);
    if (job->error) {
        PA_GROW(prog->errors, *cap_errors, (size_t)prog->nerrors + 1);
        prog->errors[prog->nerrors].file = files->display[job->source - files->sources->items];
        prog->errors[prog->nerrors].message = pa_arena_strdup(arena, job->error);
        prog->nerrors++;
        free(job->error);
        job->error = NULL;
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
            free(f->message);
            free(f->suggestion);
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

int pa_analysis_run(const struct pa_analysis_options *options, struct pa_analysis *out,
                    struct pa_error *err)
{
    memset(out, 0, sizeof(*out));
    pa_program_init(&out->program);
    struct pa_source_list sources = {0};
    struct pa_compdb *db = NULL;
    struct job *jobs = NULL;
    bool *covered = NULL;
    int rc = -1;
    if (pa_sources_discover(options->paths, options->npaths, &sources, err) < 0)
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

    jobs = pa_xcalloc(sources.n + 1, sizeof(*jobs));
    covered = pa_xcalloc(sources.n + 1, sizeof(*covered));
    struct seen_set seen = {0};
    size_t cap_functions = 0, cap_errors = 0;
    /* Sources first; then the headers no source included, on their own. */
    for (int phase = 0; phase < 2; phase++) {
        size_t njobs = 0;
        for (size_t i = 0; i < sources.n; i++) {
            const struct pa_source *s = &sources.items[i];
            if (phase == 0 ? s->is_header : (!s->is_header || covered[i]))
                continue;
            struct job *job = &jobs[njobs++];
            memset(job, 0, sizeof(*job));
            job->source = s;
            job->covers = pa_xcalloc(sources.n + 1, sizeof(bool));
            pa_compile_args(db, s, prefer_cxx, &job->args);
            if (phase == 0)
                note_opt_level(&out->build, db, s);
        }
        struct pool pool = {&files, jobs, njobs, 0};
        run_pool(&pool, nthreads);
        for (size_t j = 0; j < njobs; j++) {
            merge_job(&out->program, &files, &seen, &jobs[j], &cap_functions, &cap_errors);
            for (size_t i = 0; i < sources.n; i++)
                covered[i] |= jobs[j].covers[i];
            free(jobs[j].covers);
            pa_args_free(&jobs[j].args);
        }
    }
    seen_free(&seen);

    pa_infer_program(&out->program);
    run_rules(out);
    pa_findings_finish(&out->findings);
    apply_suppressions(out, &sources);
    pa_findings_finish(&out->findings);
    rc = 0;
done:
    free(jobs);
    free(covered);
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
    pa_findings_free(&a->findings);
    pa_program_free(&a->program);
}
