/* text_report.c: the terminal report, grouped by file, and the --list-rules listing. */
#include "perfaudit/analysis.h"
#include "perfaudit/rule.h"
#include "report.h"
#include "strbuf.h"
#include "terminal.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_functions(const void *a, const void *b)
{
    return pa_function_compare(*(const struct pa_function *const *)a,
                               *(const struct pa_function *const *)b);
}

/* Worth listing in a file's summary: its cost grows with the input, or could not be bounded. */
static bool above_constant(const struct pa_function *fn)
{
    return fn->cx.unknown || pa_cx_cmp(fn->cx, PA_CX_ONE) > 0;
}

/* What the report is about, sorted: the files with findings and the functions listed. */
struct layout {
    const struct pa_function **functions; /* above O(1), by file and line */
    size_t nfunctions;
    const char **files; /* sorted, unique */
    size_t nfiles;
    size_t files_with_findings;
};

static void layout_build(const struct pa_analysis *a, struct layout *l)
{
    const struct pa_program *prog = &a->program;
    memset(l, 0, sizeof(*l));
    l->functions = pa_xmalloc((prog->nfunctions + 1) * sizeof(*l->functions));
    for (unsigned i = 0; i < prog->nfunctions; i++)
        if (above_constant(prog->functions[i]))
            l->functions[l->nfunctions++] = prog->functions[i];
    if (l->nfunctions)
        qsort(l->functions, l->nfunctions, sizeof(*l->functions), compare_functions);

    size_t n = a->findings.n + l->nfunctions;
    const char **all = pa_xmalloc((n + 1) * sizeof(*all));
    size_t k = 0;
    for (size_t i = 0; i < a->findings.n; i++)
        all[k++] = a->findings.items[i].file;
    for (size_t i = 0; i < l->nfunctions; i++)
        all[k++] = l->functions[i]->file;
    if (k)
        qsort(all, k, sizeof(*all), compare_strings);
    l->files = pa_xmalloc((k + 1) * sizeof(*l->files));
    for (size_t i = 0; i < k; i++)
        if (l->nfiles == 0 || strcmp(l->files[l->nfiles - 1], all[i]) != 0)
            l->files[l->nfiles++] = all[i];
    free(all);

    for (size_t i = 0; i < a->findings.n; i++)
        if (i == 0 || strcmp(a->findings.items[i].file, a->findings.items[i - 1].file) != 0)
            l->files_with_findings++;
}

static void layout_free(struct layout *l)
{
    free(l->functions);
    free(l->files);
}

static void write_finding(struct pa_strbuf *out, const struct pa_term *t,
                          const struct pa_finding *f)
{
    char cur[PA_CX_STRLEN], prop[PA_CX_STRLEN];
    pa_strbuf_printf(out, "  %s%u:%u%s  %s[%s]%s %s\n", pa_term_style(t, PA_TERM_CYAN), f->line,
                     f->column, pa_term_style(t, PA_TERM_RESET), pa_term_style(t, PA_TERM_YELLOW),
                     f->rule->id, pa_term_style(t, PA_TERM_RESET), f->message);
    pa_strbuf_printf(out, "    %s-> %s%s\n", pa_term_style(t, PA_TERM_GREEN), f->suggestion,
                     pa_term_style(t, PA_TERM_RESET));
    pa_strbuf_printf(out, "    %scomplexity: %s -> %s", pa_term_style(t, PA_TERM_DIM),
                     pa_cx_format(f->current, cur, sizeof(cur)),
                     pa_cx_format(f->proposed, prop, sizeof(prop)));
    if (f->function)
        pa_strbuf_printf(out, ", in %s()", f->function->name);
    pa_strbuf_printf(out, "%s\n", pa_term_style(t, PA_TERM_RESET));
    if (f->derivation && *f->derivation)
        pa_strbuf_printf(out, "    %scounted: %s%s\n", pa_term_style(t, PA_TERM_DIM), f->derivation,
                         pa_term_style(t, PA_TERM_RESET));
    if (f->function && f->function->incomplete)
        pa_strbuf_printf(out, "    %sincomplete: analysed as far as it parsed: %s%s\n",
                         pa_term_style(t, PA_TERM_DIM), f->function->incomplete,
                         pa_term_style(t, PA_TERM_RESET));
}

/* "  functions above O(1):" and one aligned line per function of the file. */
static void write_functions(struct pa_strbuf *out, const struct pa_term *t,
                            const struct pa_function *const *fns, size_t n)
{
    int name_width = 0, cx_width = 0;
    char cx[PA_CX_STRLEN];
    for (size_t i = 0; i < n; i++) {
        int len = (int)strlen(fns[i]->name);
        name_width = len > name_width ? len : name_width;
        len = (int)strlen(pa_cx_format(fns[i]->cx, cx, sizeof(cx)));
        cx_width = len > cx_width ? len : cx_width;
    }
    pa_strbuf_printf(out, "  %sfunctions above O(1):%s\n", pa_term_style(t, PA_TERM_BOLD),
                     pa_term_style(t, PA_TERM_RESET));
    for (size_t i = 0; i < n; i++)
        pa_strbuf_printf(out, "    %-*s  %-*s  %s(line %u%s)%s\n", name_width, fns[i]->name,
                         cx_width, pa_cx_format(fns[i]->cx, cx, sizeof(cx)),
                         pa_term_style(t, PA_TERM_DIM), fns[i]->line,
                         fns[i]->incomplete ? ", incomplete" : "", pa_term_style(t, PA_TERM_RESET));
}

#define MAX_INCOMPLETE_LISTED 20

/* The functions whose models miss code, with the reason (the first few). */
static void write_incomplete(struct pa_strbuf *out, const struct pa_term *t,
                             const struct pa_program *prog)
{
    const struct pa_function **fns = pa_xmalloc((prog->nfunctions + 1) * sizeof(*fns));
    size_t n = 0;
    for (unsigned i = 0; i < prog->nfunctions; i++)
        if (prog->functions[i]->incomplete)
            fns[n++] = prog->functions[i];
    if (n) {
        qsort(fns, n, sizeof(*fns), compare_functions);
        pa_strbuf_printf(out, "\n%sanalysed as far as they parsed (%zu %s):%s\n",
                         pa_term_style(t, PA_TERM_YELLOW), n, plural(n, "function", "functions"),
                         pa_term_style(t, PA_TERM_RESET));
        for (size_t i = 0; i < n && i < MAX_INCOMPLETE_LISTED; i++)
            pa_strbuf_printf(out, "  %s:%u: %s: %s\n", fns[i]->file, fns[i]->line, fns[i]->name,
                             fns[i]->incomplete);
        if (n > MAX_INCOMPLETE_LISTED)
            pa_strbuf_printf(out, "  ... and %zu more (--format json lists them all)\n",
                             n - MAX_INCOMPLETE_LISTED);
    }
    free(fns);
}

/* The analyzer reports one error per file, but that is its business: count distinct files. */
static size_t count_distinct_files(const struct pa_program *prog)
{
    if (prog->nerrors == 0)
        return 0;
    const char **files = pa_xmalloc(prog->nerrors * sizeof(*files));
    for (unsigned i = 0; i < prog->nerrors; i++)
        files[i] = prog->errors[i].file;
    qsort(files, prog->nerrors, sizeof(*files), compare_strings);
    size_t n = 1;
    for (unsigned i = 1; i < prog->nerrors; i++)
        n += strcmp(files[i], files[i - 1]) != 0;
    free(files);
    return n;
}

void pa_report_text(const struct pa_analysis *a, const struct pa_ranking *ranking,
                    const struct pa_term *t, struct pa_strbuf *out)
{
    pa_report_text_ranking(ranking, t, out);
    struct layout l;
    layout_build(a, &l);
    const struct pa_findings *findings = &a->findings;
    size_t fi = 0, gi = 0;
    for (size_t k = 0; k < l.nfiles; k++) {
        const char *file = l.files[k];
        size_t f_end = fi, g_end = gi;
        while (f_end < findings->n && strcmp(findings->items[f_end].file, file) == 0)
            f_end++;
        while (g_end < l.nfunctions && strcmp(l.functions[g_end]->file, file) == 0)
            g_end++;

        size_t nf = f_end - fi;
        pa_strbuf_printf(out, "%s%s%s", pa_term_style(t, PA_TERM_BOLD), file,
                         pa_term_style(t, PA_TERM_RESET));
        if (nf)
            pa_strbuf_printf(out, "  (%zu %s)", nf, plural(nf, "finding", "findings"));
        pa_strbuf_putc(out, '\n');
        for (; fi < f_end; fi++)
            write_finding(out, t, &findings->items[fi]);
        if (g_end > gi) {
            if (nf)
                pa_strbuf_putc(out, '\n');
            write_functions(out, t, l.functions + gi, g_end - gi);
        }
        gi = g_end;
        pa_strbuf_putc(out, '\n');
    }

    const struct pa_program *prog = &a->program;
    size_t nerror_files = count_distinct_files(prog);
    if (findings->n == 0)
        pa_strbuf_printf(out, "%sNo performance problems found.%s\n",
                         pa_term_style(t, PA_TERM_GREEN), pa_term_style(t, PA_TERM_RESET));
    pa_strbuf_printf(out, "%s%zu %s in %zu %s; %u %s analysed; %zu %s with errors%s\n",
                     pa_term_style(t, PA_TERM_BOLD), findings->n,
                     plural(findings->n, "finding", "findings"), l.files_with_findings,
                     plural(l.files_with_findings, "file", "files"), prog->nfunctions,
                     plural(prog->nfunctions, "function", "functions"), nerror_files,
                     plural(nerror_files, "file", "files"), pa_term_style(t, PA_TERM_RESET));
    if (a->nskipped)
        pa_strbuf_printf(out, "%u %s not in the compile database %s skipped\n", a->nskipped,
                         plural(a->nskipped, "file", "files"), plural(a->nskipped, "was", "were"));
    if (a->nunreached)
        pa_strbuf_printf(out,
                         "%u %s only #included %s not reached (the preprocessor left %s out)\n",
                         a->nunreached, plural(a->nunreached, "file that is", "files that are"),
                         plural(a->nunreached, "was", "were"), plural(a->nunreached, "it", "them"));
    if (prog->nerrors) {
        pa_strbuf_printf(out, "\n%serrors:%s\n", pa_term_style(t, PA_TERM_RED),
                         pa_term_style(t, PA_TERM_RESET));
        for (unsigned i = 0; i < prog->nerrors; i++)
            pa_strbuf_printf(out, "  %s: %s\n", prog->errors[i].file, prog->errors[i].message);
    }
    write_incomplete(out, t, prog);
    layout_free(&l);
}

void pa_report_rules(const struct pa_term *t, struct pa_strbuf *out)
{
    int width = 0;
    for (size_t i = 0; i < pa_nrules; i++) {
        int len = (int)strlen(pa_rules[i]->id);
        width = len > width ? len : width;
    }
    for (size_t i = 0; i < pa_nrules; i++) {
        const struct pa_rule *r = pa_rules[i];
        pa_strbuf_printf(out, "%s%s%s%*s  %c  %s\n", pa_term_style(t, PA_TERM_YELLOW), r->id,
                         pa_term_style(t, PA_TERM_RESET), width - (int)strlen(r->id), "",
                         r->category, r->title);
        pa_strbuf_printf(out, "    finds: %s\n", r->summary);
        pa_strbuf_printf(out, "    fix:   %s\n", r->remedy);
    }
    pa_strbuf_printf(out,
                     "\n%zu %s. Categories: A data pipeline, B algorithmic, C implementation, "
                     "D infrastructure.\n",
                     pa_nrules, plural(pa_nrules, "rule", "rules"));
}
