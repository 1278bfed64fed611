/* cmd_analyze.c: perfaudit analyze: the static pass, its report and the exit code. */
#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "fileio.h"
#include "options.h"
#include "output.h"
#include "perfaudit/analysis.h"
#include "perfaudit/rule.h"
#include "report.h"
#include "report_dir.h"
#include "perfaudit/profile.h"
#include "perfaudit/profile_diff.h"
#include "perfaudit/ranking.h"
#include "strbuf.h"
#include "terminal.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND  "perfaudit analyze"
#define MAX_JOBS 1024

enum {
    OPT_PROFILE = 1,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_PLAN,
    OPT_COMPDB,
    OPT_JOBS,
    OPT_EXCLUDE,
    OPT_FAIL_ON,
    OPT_MIN_SHARE,
    OPT_REPORT_DIR,
    OPT_BASELINE,
    OPT_TARGET,
    OPT_LIST_RULES,
    OPT_EXPLAIN,
    OPT_HELP,
};

static const struct pa_opt_spec options[] = {
    {OPT_PROFILE, "profile", 0, "FILE",
     "join the findings with this profile (perfaudit record, gperftools, callgrind,\n"
     "pstats or folded stacks; recognised by content) and rank by measured time"},
    {OPT_FORMAT, "format", 0, "text|json|sarif|markdown", "the report's format (default: text)"},
    {OPT_OUTPUT, "output", 'o', "FILE",
     "write the report to FILE, atomically, instead of standard output (-: stdout)"},
    {OPT_PLAN, "plan", 0, "FILE",
     "also write plan.md to FILE, atomically: one feature per recommendation\n"
     "(F001, F002, ...) in rank order, whatever --format is; FILE cannot be -"},
    {OPT_COMPDB, "compdb", 'p', "BUILD_DIR",
     "take compile flags from BUILD_DIR/compile_commands.json\n(or name the compile_commands.json "
     "itself)"},
    {OPT_JOBS, "jobs", 'j', "N", "parse N files at a time (default, or 0: one per core)"},
    {OPT_EXCLUDE, "exclude", 0, "GLOB",
     "leave out the files and directories GLOB matches (repeatable), matched\n"
     "against the path as reached from PATH and the path below a directory\n"
     "PATH: * stays within a path component, ** spans any number of them, ? is\n"
     "one character; a GLOB with a / matches the whole path or a directory\n"
     "prefix of it ('src/win32', 'src/**/test_*.c'), one without matches any\n"
     "component ('tests', '*_test.c'); see docs/analyze-sources.md"},
    {OPT_FAIL_ON, "fail-on", 0, "none|A|B|C|D|any",
     "exit 1 if there is a finding of this category or a more severe one:\n"
     "A fails only on A findings, B on A or B, C on A to C, D on A to D,\n"
     "any on any finding, none never (the default)"},
    {OPT_MIN_SHARE, "min-share", 0, "PCT",
     "with --profile: leave out findings in code that takes less than PCT percent\n"
     "of the profiled run"},
    {OPT_REPORT_DIR, "report-dir", 0, "DIR",
     "with --profile: also write the set into DIR (made if missing):\n"
     "performance_analysis_<target>_<date>.md, flame_<target>.html,\n"
     "callgraph_<target>.png and, with --baseline, improvement_<target>.png"},
    {OPT_BASELINE, "baseline", 0, "FILE",
     "with --profile: the profile from before the change; the Markdown report (and\n"
     "--report-dir) gets a before/after section, as 'perfaudit diff FILE PROFILE'"},
    {OPT_TARGET, "target", 0, "NAME",
     "the <target> in --report-dir's file names (default: the profiled program's\n"
     "name, else the first PATH's)"},
    {OPT_LIST_RULES, "list-rules", 0, NULL,
     "print every rule (id, category, title, summary, remedy) and exit"},
    {OPT_EXPLAIN, "explain", 0, "FUNCTION",
     "instead of the report, print FUNCTION's summary: its cost, what it does to each\n"
     "parameter, global and its return value, and the calls each effect comes through"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_MARKDOWN };

#define FAIL_NEVER 0
#define FAIL_ANY   '*'

struct settings {
    const char **paths; /* borrowed from argv */
    size_t npaths;
    const char **excludes; /* --exclude patterns, borrowed from argv */
    size_t nexcludes;
    enum format format;
    const char *output; /* NULL: standard output */
    const char *plan;   /* --plan FILE, or NULL */
    const char *compdb;
    int jobs;
    char fail_on; /* FAIL_NEVER, FAIL_ANY, or the least severe category that fails */
    const char *profile;
    const char *baseline;   /* --baseline FILE, or NULL */
    const char *report_dir; /* --report-dir DIR, or NULL */
    const char *target;     /* --target NAME, or NULL */
    double min_share;       /* 0..1 */
    bool list_rules;
    const char *explain; /* --explain FUNCTION, or NULL */
    bool help;
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, "PATH...", options, NOPTIONS, NULL);
    fputs("\nFinds performance problems in C and C++ sources and infers each function's "
          "complexity.\nA PATH is a file or a directory, searched recursively for "
          ".c .h .cc .cpp .cxx .hpp.\n\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
    fputs("\nHeaders, and .c files that other files #include, are analysed through the files\n"
          "that include them. With -p, files the database does not list are skipped (and\n"
          "counted); without it, include directories are inferred from the tree. A file with\n"
          "errors is analysed as far as it parsed: a warning names its first error, and\n"
          "functions that lost code are marked incomplete (docs/analyze-sources.md).\n"
          "\nCategories: A data pipeline, B algorithmic, C implementation, D infrastructure.\n"
          "Exit status: 0 no finding at or above --fail-on, 1 findings at or above it,\n"
          "2 a usage error, unreadable input, or nothing could be parsed at all.\n",
          stdout);
}

static int parse_format(const char *name, const char *value, enum format *out)
{
    if (strcmp(value, "text") == 0) {
        *out = FORMAT_TEXT;
        return 0;
    }
    if (strcmp(value, "json") == 0) {
        *out = FORMAT_JSON;
        return 0;
    }
    if (strcmp(value, "sarif") == 0) {
        *out = FORMAT_SARIF;
        return 0;
    }
    if (strcmp(value, "markdown") == 0) {
        *out = FORMAT_MARKDOWN;
        return 0;
    }
    return pa_usage_error("%s: '%s' is not a report format (text, json, sarif, markdown)", name,
                          value);
}

static int parse_share(const char *name, const char *value, double *out)
{
    char *end = NULL;
    double pct = strtod(value, &end);
    if (!*value || *end || !(pct >= 0.0 && pct <= 100.0))
        return pa_usage_error("%s: '%s' is not a percentage (0 to 100)", name, value);
    *out = pct / 100.0;
    return 0;
}

static int parse_fail_on(const char *name, const char *value, char *out)
{
    if (strcmp(value, "none") == 0) {
        *out = FAIL_NEVER;
        return 0;
    }
    if (strcmp(value, "any") == 0) {
        *out = FAIL_ANY;
        return 0;
    }
    if (value[0] && !value[1] && strchr("ABCDabcd", value[0])) {
        *out = (char)(value[0] & ~0x20); /* upper case */
        return 0;
    }
    return pa_usage_error("%s: '%s' is not one of none, A, B, C, D, any", name, value);
}

/* Fills s from argv; returns PA_EXIT_OK, or PA_EXIT_USAGE with the message printed. */
static int parse_args(int argc, char **argv, struct settings *s)
{
    struct pa_opt_parser p;
    struct pa_opt_match m;
    struct pa_error err;
    enum pa_opt_result r;
    pa_opt_init(&p, COMMAND, options, NOPTIONS, argc, argv, 1);
    while ((r = pa_opt_next(&p, &m, &err)) != PA_OPT_END) {
        int rc = PA_EXIT_OK;
        if (r == PA_OPT_ERROR)
            return pa_usage_error("%s", err.message);
        if (r == PA_OPT_ARG) {
            s->paths[s->npaths++] = m.value;
            continue;
        }
        switch (m.spec->key) {
        case OPT_PROFILE:
            if (!*m.value)
                return pa_usage_error("%s: empty path", m.name);
            s->profile = m.value;
            break;
        case OPT_MIN_SHARE:
            rc = parse_share(m.name, m.value, &s->min_share);
            break;
        case OPT_FORMAT:
            rc = parse_format(m.name, m.value, &s->format);
            break;
        case OPT_OUTPUT:
            rc = pa_cli_parse_output(m.name, m.value, &s->output);
            break;
        case OPT_PLAN:
            /* standard output already carries the report (or is -o's choice) */
            if (!*m.value || strcmp(m.value, "-") == 0)
                return pa_usage_error("%s: needs a file name (the report may use standard output, "
                                      "the plan does not)",
                                      m.name);
            s->plan = m.value;
            break;
        case OPT_COMPDB:
            if (!*m.value)
                return pa_usage_error("%s: empty path", m.name);
            s->compdb = m.value;
            break;
        case OPT_JOBS: {
            long jobs = 0;
            rc = pa_opt_parse_count(m.name, m.value, 0, MAX_JOBS, "jobs", &jobs);
            s->jobs = (int)jobs;
            break;
        }
        case OPT_EXCLUDE:
            if (!*m.value)
                return pa_usage_error("%s: empty pattern", m.name);
            s->excludes[s->nexcludes++] = m.value;
            break;
        case OPT_FAIL_ON:
            rc = parse_fail_on(m.name, m.value, &s->fail_on);
            break;
        case OPT_REPORT_DIR:
        case OPT_BASELINE:
        case OPT_TARGET:
            if (!*m.value)
                return pa_usage_error("%s: empty name", m.name);
            *(m.spec->key == OPT_REPORT_DIR ? &s->report_dir
              : m.spec->key == OPT_BASELINE ? &s->baseline
                                            : &s->target) = m.value;
            break;
        case OPT_LIST_RULES:
            s->list_rules = true;
            break;
        case OPT_EXPLAIN:
            if (!*m.value)
                return pa_usage_error("%s: empty function name", m.name);
            s->explain = m.value;
            break;
        case OPT_HELP:
            s->help = true;
            return PA_EXIT_OK; /* whatever follows, --help only prints the help */
        }
        if (rc != PA_EXIT_OK)
            return rc;
    }
    if (s->npaths == 0 && !s->list_rules)
        return pa_usage_error("analyze: no PATH given (see '%s --help')", COMMAND);
    if (s->min_share > 0.0 && !s->profile)
        return pa_usage_error("--min-share: needs --profile (a share of a measured run)");
    if (s->report_dir && !s->profile)
        return pa_usage_error("--report-dir: needs --profile (its pictures are of a measured run)");
    if (s->baseline && !s->profile)
        return pa_usage_error("--baseline: needs --profile (the run to compare with the baseline)");
    if (s->target && !s->report_dir)
        return pa_usage_error("--target: names the files of --report-dir, which is not given");
    return PA_EXIT_OK;
}

static bool fails(const struct pa_findings *findings, char fail_on)
{
    if (fail_on == FAIL_NEVER)
        return false;
    for (size_t i = 0; i < findings->n; i++)
        if (fail_on == FAIL_ANY || findings->items[i].rule->category <= fail_on)
            return true;
    return false;
}

int cmd_analyze(int argc, char **argv)
{
    struct settings s = {0};
    struct pa_analysis analysis = {0};
    struct pa_ranking ranking = {0};
    struct pa_profile *profile = NULL, *baseline = NULL;
    struct pa_profile_diff diff = {0};
    struct pa_strbuf text = {0}, plan = {0};
    struct pa_error err;
    int rc;

    s.paths = pa_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof(*s.paths));
    s.excludes = pa_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof(*s.excludes));
    if ((rc = parse_args(argc, argv, &s)) != PA_EXIT_OK)
        goto done;
    if (s.help) {
        print_help();
        goto done;
    }
    if (s.list_rules) {
        struct pa_term term = pa_term_for(stdout);
        pa_report_rules(&term, &text);
        rc = pa_cli_emit(NULL, &text);
        goto done;
    }

    /* the profile first: a bad one is a usage error before minutes of parsing */
    if (s.profile && pa_profile_read(s.profile, &profile, &err) < 0) {
        rc = pa_usage_error("%s", err.message);
        goto done;
    }
    if (s.baseline && pa_profile_read(s.baseline, &baseline, &err) < 0) {
        rc = pa_usage_error("%s", err.message);
        goto done;
    }

    struct pa_analysis_options run = {.paths = s.paths,
                                      .npaths = s.npaths,
                                      .excludes = s.excludes,
                                      .nexcludes = s.nexcludes,
                                      .compdb = s.compdb,
                                      .jobs = s.jobs};
    if (pa_analysis_run(&run, &analysis, &err) < 0) {
        rc = pa_usage_error("%s", err.message);
        goto done;
    }

    if (s.explain) {
        if (!pa_report_explain(&analysis, s.explain, &text))
            rc = pa_usage_error("--explain: no function named '%s' in the analysed sources",
                                s.explain);
        else
            rc = pa_cli_emit(s.output, &text);
        goto done;
    }
    pa_ranking_build(&analysis, profile, s.min_share, &ranking);
    if (baseline) /* once, for the Markdown report and the report directory */
        pa_profile_diff_build(baseline, profile, PA_DIFF_SORT_DELTA, &diff);
    if (profile && ranking.matched_functions == 0 && analysis.program.nfunctions)
        fprintf(stderr,
                "perfaudit: %s: no profiled function is among the analysed sources (a profile "
                "of another program, or of a build without -g?): nothing is measured\n",
                s.profile);
    if (s.format == FORMAT_JSON) {
        pa_report_json(&analysis, &ranking, &text);
    } else if (s.format == FORMAT_SARIF) {
        pa_report_sarif(&analysis, &ranking, &text);
    } else if (s.format == FORMAT_MARKDOWN) {
        struct pa_markdown_extras extras = {.diff = baseline ? &diff : NULL};
        pa_report_markdown_with(&analysis, &ranking, &extras, &text);
    } else {
        /* never colour into a file */
        struct pa_term term = s.output ? pa_term_plain() : pa_term_for(stdout);
        pa_report_text(&analysis, &ranking, &term, &text);
    }
    rc = pa_cli_emit(s.output, &text);
    if (s.plan) { /* after the report, which a failing plan does not hold back */
        pa_report_plan(&analysis, &ranking, &plan);
        if (pa_cli_emit(s.plan, &plan) != PA_EXIT_OK)
            rc = PA_EXIT_USAGE;
    }
    if (s.report_dir) {
        struct pa_report_dir_request dir = {
            .dir = s.report_dir,
            .target = s.target,
            .paths = s.paths,
            .npaths = s.npaths,
            .analysis = &analysis,
            .ranking = &ranking,
            .profile = profile,
            .diff = baseline ? &diff : NULL,
        };
        if (pa_report_dir_write(&dir) != PA_EXIT_OK)
            rc = PA_EXIT_USAGE;
    }

    for (size_t i = 0; i < analysis.nwarnings; i++)
        fprintf(stderr, "perfaudit: warning: %s\n", analysis.warnings[i]);
    if (analysis.nskipped)
        fprintf(stderr, "perfaudit: %u %s not in the compile database %s skipped\n",
                analysis.nskipped, analysis.nskipped == 1 ? "file" : "files",
                analysis.nskipped == 1 ? "was" : "were");
    bool nothing_parsed = analysis.nunits > 0 && analysis.nparsed == 0;
    if (nothing_parsed)
        fprintf(stderr, "perfaudit: no file could be parsed\n");
    if (rc != PA_EXIT_OK || nothing_parsed)
        rc = PA_EXIT_USAGE;
    else if (fails(&analysis.findings, s.fail_on))
        rc = PA_EXIT_FINDINGS;
    else
        rc = PA_EXIT_OK;
done:
    pa_strbuf_free(&text);
    pa_strbuf_free(&plan);
    pa_ranking_free(&ranking);
    pa_profile_diff_free(&diff);
    pa_profile_free(profile);
    pa_profile_free(baseline);
    pa_analysis_free(&analysis);
    free(s.paths);
    free(s.excludes);
    return rc;
}
