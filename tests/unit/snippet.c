/* snippet.c: temporary-file analysis for unit tests. */
#include "snippet.h"
#include "error.h"
#include "perfaudit/rule.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void snippet_analyse(struct snippet *s, const char *name, const char *code)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->dir, sizeof(s->dir), "/tmp/pa-snippet-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(s->dir));
    snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name ? name : "snippet.c");
    FILE *f = fopen(s->path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(code, f);
    fclose(f);
    const char *paths[] = {s->path};
    struct pa_analysis_options o = {.paths = paths, .npaths = 1, .jobs = 1};
    struct pa_error err;
    ck_assert_int_eq(pa_analysis_run(&o, &s->analysis, &err), 0);
}

void snippet_free(struct snippet *s)
{
    pa_analysis_free(&s->analysis);
    unlink(s->path);
    rmdir(s->dir);
}

const struct pa_function *snippet_function(const struct snippet *s, const char *name)
{
    for (unsigned i = 0; i < s->analysis.program.nfunctions; i++)
        if (strcmp(s->analysis.program.functions[i]->name, name) == 0)
            return s->analysis.program.functions[i];
    return NULL;
}

const char *snippet_complexity(const struct snippet *s, const char *name)
{
    static char buf[PA_CX_STRLEN];
    const struct pa_function *fn = snippet_function(s, name);
    return fn ? pa_cx_format(fn->cx, buf, sizeof(buf)) : "(missing)";
}

const char *snippet_findings(const struct snippet *s, const char *name)
{
    static char buf[1024];
    buf[0] = '\0';
    for (size_t i = 0; i < s->analysis.findings.n; i++) {
        const struct pa_finding *f = &s->analysis.findings.items[i];
        if (strcmp(f->function->name, name) != 0)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof(buf) - len, "%s%s@%u", len ? "," : "", f->rule->id, f->line);
    }
    return buf;
}
