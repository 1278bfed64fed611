/* cmd_diff.c: perfaudit diff BEFORE AFTER: validates an optimisation by comparing two profiles,
 * function by function, with the total improvement, a differential flame graph and a chart. */
#include "bar_chart.h"
#include "commands.h"
#include "diff_report.h"
#include "error.h"
#include "exit_codes.h"
#include "flame_graph.h"
#include "options.h"
#include "path.h"
#include "output.h"
#include "perfaudit/profile.h"
#include "perfaudit/profile_diff.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND       "perfaudit diff"
#define DEFAULT_LIMIT 25
#define CHART_ROWS    12

enum { OPT_SORT = 1, OPT_LIMIT, OPT_FORMAT, OPT_OUTPUT, OPT_CHART, OPT_HELP };

static const struct pa_opt_spec options[] = {
    {OPT_SORT, "sort", 0, "delta|tottime|cumtime|name",
     "order of the rows (default: delta, the largest change in self time first)"},
    {OPT_LIMIT, "limit", 0, "N", "show the first N rows (default: 25; 0: all)"},
    {OPT_FORMAT, "format", 0, "text|json|markdown|html",
     "the output's format; html is the differential flame graph (default: from -o's\n"
     "extension, .json, .md or .html, else text)"},
    {OPT_OUTPUT, "output", 'o', "FILE",
     "write to FILE, atomically, instead of standard output; with an .html FILE the\n"
     "table still goes to standard output"},
    {OPT_CHART, "chart", 0, "FILE.svg|FILE.png",
     "also draw the before/after bar chart of the total and the functions with the\n"
     "most self time"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

enum format { FORMAT_DEFAULT, FORMAT_TEXT, FORMAT_JSON, FORMAT_MARKDOWN, FORMAT_HTML };

struct settings {
    const char *file[2];
    enum pa_diff_sort sort;
    unsigned limit;
    enum format format;
    const char *output, *chart;
    bool help;
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, NULL, options, NOPTIONS, "BEFORE AFTER");
    fputs("\nCompares two profiles of the same program, before and after a change: per function\n"
          "the self (tottime) and cumulative (cumtime) time before, after, their difference and\n"
          "percent change, the call counts when measured, and the total improvement\n"
          "(baseline - optimized) / baseline x 100%. Functions are matched by name (GCC's\n"
          ".part/.constprop/.isra clones folded) and source file. Changes within sampling noise\n"
          "are marked '~'. The profiles may be of any format 'perfaudit report' reads.\n"
          "\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
}

static int parse_sort(const struct pa_opt_match *m, enum pa_diff_sort *sort)
{
    static const struct {
        const char *name;
        enum pa_diff_sort sort;
    } sorts[] = {{"delta", PA_DIFF_SORT_DELTA},
                 {"tottime", PA_DIFF_SORT_TOTTIME},
                 {"cumtime", PA_DIFF_SORT_CUMTIME},
                 {"name", PA_DIFF_SORT_NAME}};
    for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
        if (strcmp(m->value, sorts[i].name) == 0) {
            *sort = sorts[i].sort;
            return PA_EXIT_OK;
        }
    return pa_usage_error("%s: '%s' is not one of delta, tottime, cumtime, name", m->name,
                          m->value);
}

static int parse_format(const struct pa_opt_match *m, enum format *format)
{
    static const char *const names[] = {"", "text", "json", "markdown", "html"};
    for (int f = FORMAT_TEXT; f <= FORMAT_HTML; f++)
        if (strcmp(m->value, names[f]) == 0) {
            *format = (enum format)f;
            return PA_EXIT_OK;
        }
    return pa_usage_error("%s: '%s' is not a format (text, json, markdown, html)", m->name,
                          m->value);
}

static int parse_option(const struct pa_opt_match *m, struct settings *s)
{
    switch (m->spec->key) {
    case OPT_SORT:
        return parse_sort(m, &s->sort);
    case OPT_LIMIT: {
        long n = 0;
        int rc = pa_opt_parse_count(m->name, m->value, 0, 1000000, "rows", &n);
        s->limit = (unsigned)n;
        return rc;
    }
    case OPT_FORMAT:
        return parse_format(m, &s->format);
    case OPT_OUTPUT:
        return pa_cli_parse_output(m->name, m->value, &s->output);
    case OPT_CHART:
        if (!pa_path_has_ext(m->value, ".svg") && !pa_path_has_ext(m->value, ".png"))
            return pa_usage_error("%s: '%s' must end in .svg or .png", m->name, m->value);
        s->chart = m->value;
        return PA_EXIT_OK;
    case OPT_HELP:
        s->help = true;
        return PA_EXIT_OK;
    }
    return PA_EXIT_OK;
}

static int parse_args(int argc, char **argv, struct settings *s)
{
    struct pa_opt_parser p;
    struct pa_opt_match m;
    struct pa_error err;
    enum pa_opt_result r;
    unsigned nfiles = 0;
    s->limit = DEFAULT_LIMIT;
    pa_opt_init(&p, COMMAND, options, NOPTIONS, argc, argv, 1);
    while ((r = pa_opt_next(&p, &m, &err)) != PA_OPT_END) {
        if (r == PA_OPT_ERROR)
            return pa_usage_error("%s", err.message);
        if (r == PA_OPT_ARG) {
            if (nfiles == 2)
                return pa_usage_error("diff: two profiles, BEFORE and AFTER ('%s' is a third)",
                                      m.value);
            s->file[nfiles++] = m.value;
            continue;
        }
        int rc = parse_option(&m, s);
        if (rc != PA_EXIT_OK || s->help)
            return rc;
    }
    if (nfiles < 2)
        return pa_usage_error("diff: needs two profiles, BEFORE and AFTER (see '%s --help')",
                              COMMAND);
    if (s->format == FORMAT_DEFAULT) {
        const char *o = s->output ? s->output : "";
        s->format = pa_path_has_ext(o, ".json")                                 ? FORMAT_JSON
                    : pa_path_has_ext(o, ".md")                                 ? FORMAT_MARKDOWN
                    : pa_path_has_ext(o, ".html") || pa_path_has_ext(o, ".htm") ? FORMAT_HTML
                                                                                : FORMAT_TEXT;
    }
    return PA_EXIT_OK;
}

/* Reads both profiles; a bad one is reported by name, and the other is still checked so that
 * one run names every bad file. */
static int read_profiles(const struct settings *s, struct pa_profile *p[2])
{
    int rc = PA_EXIT_OK;
    for (int side = 0; side < 2; side++) {
        struct pa_error err;
        if (pa_profile_read(s->file[side], &p[side], &err) < 0) {
            p[side] = NULL;
            rc = pa_usage_error("%s", err.message);
        }
    }
    return rc;
}

static int write_outputs(const struct settings *s, struct pa_profile *p[2],
                         const struct pa_profile_diff *d)
{
    struct pa_strbuf text = {0};
    int rc = PA_EXIT_OK;
    if (s->chart) {
        struct pa_error err;
        if (pa_diff_chart(d, CHART_ROWS, s->chart, &err) < 0)
            rc = pa_usage_error("%s", err.message);
        pa_bar_chart_release_fonts(); /* nothing else draws: leak checkers stay quiet */
    }
    switch (s->format) {
    case FORMAT_JSON:
        pa_diff_report_json(d, &text);
        break;
    case FORMAT_MARKDOWN:
        pa_strbuf_append(&text, "# Profile comparison\n\n");
        pa_diff_report_markdown(d, s->limit, NULL, &text);
        break;
    case FORMAT_HTML: {
        char title[512];
        snprintf(title, sizeof title, "Differential flame graph: %s -> %s", s->file[0], s->file[1]);
        pa_flame_html(p[1], p[0], title, &text);
        if (s->output) { /* the page goes to the file, the table to the terminal */
            struct pa_strbuf table = {0};
            pa_diff_report_text(d, s->limit, &table);
            int table_rc = pa_cli_emit(NULL, &table);
            pa_strbuf_free(&table);
            if (table_rc != PA_EXIT_OK)
                rc = table_rc;
        }
        break;
    }
    default:
        pa_diff_report_text(d, s->limit, &text);
        break;
    }
    int emit_rc = pa_cli_emit(s->output, &text);
    pa_strbuf_free(&text);
    return rc != PA_EXIT_OK ? rc : emit_rc;
}

/* Two profiles without a function in common compare nothing: say so (the output still goes
 * out, and the exit status stays 0, as a comparison of the totals may be what was wanted). */
static void warn_if_unrelated(const struct settings *s, const struct pa_profile_diff *d)
{
    bool any[2] = {false, false};
    for (unsigned i = 0; i < d->nrows; i++) {
        if (d->rows[i].present[PA_BEFORE] && d->rows[i].present[PA_AFTER])
            return;
        any[PA_BEFORE] |= d->rows[i].present[PA_BEFORE];
        any[PA_AFTER] |= d->rows[i].present[PA_AFTER];
    }
    if (any[PA_BEFORE] && any[PA_AFTER])
        fprintf(stderr,
                "perfaudit: warning: %s and %s have no function in common (profiles of "
                "different programs?): the comparison is of the totals only\n",
                s->file[0], s->file[1]);
}

int cmd_diff(int argc, char **argv)
{
    struct settings s = {0};
    int rc = parse_args(argc, argv, &s);
    if (rc != PA_EXIT_OK)
        return rc;
    if (s.help) {
        print_help();
        return PA_EXIT_OK;
    }
    struct pa_profile *p[2] = {NULL, NULL};
    rc = read_profiles(&s, p);
    if (rc == PA_EXIT_OK) {
        struct pa_profile_diff d;
        pa_profile_diff_build(p[0], p[1], s.sort, &d);
        warn_if_unrelated(&s, &d);
        rc = write_outputs(&s, p, &d);
        pa_profile_diff_free(&d);
    }
    for (int side = 0; side < 2; side++)
        if (p[side])
            pa_profile_free(p[side]);
    return rc;
}
