/* cmd_report.c: perfaudit report FILE: the cProfile-style table of a profile. */
#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "options.h"
#include "output.h"
#include "perfaudit/profile.h"
#include "profile_report.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND   "perfaudit report"
#define LINE_ROWS 5 /* --lines: the hottest lines of this many top functions */

enum { OPT_SORT = 1, OPT_LIMIT, OPT_FORMAT, OPT_OUTPUT, OPT_LINES, OPT_HELP };

static const struct pa_opt_spec options[] = {
    {OPT_SORT, "sort", 0, "tottime|cumtime|ncalls", "order of the rows (default: tottime)"},
    {OPT_LIMIT, "limit", 0, "N", "show the first N rows only"},
    {OPT_FORMAT, "format", 0, "text|json", "the report's format (default: text)"},
    {OPT_OUTPUT, "output", 'o', "FILE", "write to FILE, atomically, instead of standard output"},
    {OPT_LINES, "lines", 0, NULL,
     "also show where the time goes, line by line, in the top functions"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

struct settings {
    const char *file;
    enum pa_profile_sort sort;
    unsigned limit;
    bool json, lines, help;
    const char *output;
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, NULL, options, NOPTIONS, "FILE");
    fputs("\nPrints where a profile's time goes, one row per function, the way Python's pstats\n"
          "does: ncalls, tottime, percall, cumtime, percall, file:line(function). A sampled\n"
          "profile has no call counts (ncalls is '-'); an instrumented one has exact counts.\n"
          "FILE may be a perfaudit profile, a gperftools CPU profile, callgrind output, a Python\n"
          "cProfile/pstats file or folded stacks; the format is read from its content.\n"
          "\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
}

static int parse_args(int argc, char **argv, struct settings *s)
{
    struct pa_opt_parser p;
    struct pa_opt_match m;
    struct pa_error err;
    enum pa_opt_result r;
    pa_opt_init(&p, COMMAND, options, NOPTIONS, argc, argv, 1);
    while ((r = pa_opt_next(&p, &m, &err)) != PA_OPT_END) {
        if (r == PA_OPT_ERROR)
            return pa_usage_error("%s", err.message);
        if (r == PA_OPT_ARG) {
            if (s->file)
                return pa_usage_error("report: one profile at a time ('%s' and '%s')", s->file,
                                      m.value);
            s->file = m.value;
            continue;
        }
        switch (m.spec->key) {
        case OPT_SORT:
            if (strcmp(m.value, "tottime") == 0)
                s->sort = PA_SORT_TOTTIME;
            else if (strcmp(m.value, "cumtime") == 0)
                s->sort = PA_SORT_CUMTIME;
            else if (strcmp(m.value, "ncalls") == 0)
                s->sort = PA_SORT_NCALLS;
            else
                return pa_usage_error("%s: '%s' is not one of tottime, cumtime, ncalls", m.name,
                                      m.value);
            break;
        case OPT_LIMIT: {
            long n = 0;
            if (pa_opt_parse_count(m.name, m.value, 1, 1000000, "rows", &n) != PA_EXIT_OK)
                return PA_EXIT_USAGE;
            s->limit = (unsigned)n;
            break;
        }
        case OPT_FORMAT:
            if (strcmp(m.value, "text") == 0 || strcmp(m.value, "json") == 0)
                s->json = m.value[0] == 'j';
            else
                return pa_usage_error("%s: '%s' is not a report format (text, json)", m.name,
                                      m.value);
            break;
        case OPT_OUTPUT:
            if (pa_cli_parse_output(m.name, m.value, &s->output) != PA_EXIT_OK)
                return PA_EXIT_USAGE;
            break;
        case OPT_LINES:
            s->lines = true;
            break;
        case OPT_HELP:
            s->help = true;
            return PA_EXIT_OK;
        }
    }
    if (!s->file)
        return pa_usage_error("report: no profile FILE given (see '%s --help')", COMMAND);
    return PA_EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    struct settings s = {0};
    struct pa_profile *profile = NULL;
    struct pa_profile_table table = {0};
    struct pa_strbuf text = {0};
    struct pa_error err;
    int rc = parse_args(argc, argv, &s);
    if (rc != PA_EXIT_OK)
        return rc;
    if (s.help) {
        print_help();
        return PA_EXIT_OK;
    }
    if (pa_profile_read(s.file, &profile, &err) < 0)
        return pa_usage_error("%s", err.message);
    pa_profile_table_build(profile, s.sort, &table);
    struct pa_profile_report_options o = {s.sort, s.limit, s.lines ? LINE_ROWS : 0};
    if (s.json)
        pa_profile_report_json(profile, &table, &o, &text);
    else
        pa_profile_report_text(profile, &table, &o, &text);
    rc = pa_cli_emit(s.output, &text);
    pa_strbuf_free(&text);
    pa_profile_table_free(&table);
    pa_profile_free(profile);
    return rc;
}
