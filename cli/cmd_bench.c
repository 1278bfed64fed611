/* cmd_bench.c: perfaudit bench [options] -- COMMAND [ARGS...]: times a whole command over
 * repeated rounds, prints its statistics, saves them as a baseline and compares with one. */
#include "bench_baseline.h"
#include "bench_compare.h"
#include "bench_machine.h"
#include "bench_report.h"
#include "bench_result.h"
#include "bench_run.h"
#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "fileio.h"
#include "json_util.h"
#include "options.h"
#include "output.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND        "perfaudit bench"
#define DEFAULT_ROUNDS 10
#define DEFAULT_WARMUP 1
#define MAX_ROUNDS     100000

enum {
    OPT_ROUNDS = 1,
    OPT_WARMUP,
    OPT_SAVE,
    OPT_COMPARE,
    OPT_FAIL_IF_SLOWER,
    OPT_METRIC,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_DIR,
    OPT_SHOW_OUTPUT,
    OPT_HELP
};

static const struct pa_opt_spec options[] = {
    {OPT_ROUNDS, "rounds", 0, "N", "measured rounds (default 10, at least 2)"},
    {OPT_WARMUP, "warmup", 0, "N", "rounds run first and discarded (default 1)"},
    {OPT_SAVE, "save", 0, "NAME",
     "save the result as baseline NAME (DIR/NAME.json, or NAME\n"
     "itself when it has a '/' or ends in .json)"},
    {OPT_COMPARE, "compare", 0, "NAME", "compare with baseline NAME and give a verdict"},
    {OPT_FAIL_IF_SLOWER, "fail-if-slower", 0, "PCT",
     "with --compare: exit 1 when the median is more than PCT%\n"
     "slower than the baseline's and the difference is significant"},
    {OPT_METRIC, "metric", 0, "wall|cpu", "the time --compare tests (default: wall)"},
    {OPT_FORMAT, "format", 0, "text|json", "the report's format (default: text)"},
    {OPT_OUTPUT, "output", 'o', "FILE", "write to FILE, atomically, instead of standard output"},
    {OPT_DIR, "dir", 0, "DIR", "where named baselines live (default: " PA_BENCH_DEFAULT_DIR ")"},
    {OPT_SHOW_OUTPUT, "show-output", 0, NULL,
     "pass the command's stdout and stderr through (default:\n/dev/null)"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

struct settings {
    unsigned rounds, warmup;
    const char *save, *compare, *output, *dir;
    double fail_if_slower;
    bool has_fail_if_slower, json, show_output, help;
    enum pa_bench_metric metric;
    char **command; /* borrowed from argv, NULL-terminated */
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, NULL, options, NOPTIONS, "-- COMMAND [ARGS...]");
    fputs("\nRuns COMMAND (no shell; stdin from /dev/null) the warmup rounds, then the measured\n"
          "ones, and reports the wall time, the CPU time (user + system) and the peak memory of\n"
          "each: median, mean ± standard deviation, min, max, IQR, Tukey outliers and the 95%\n"
          "confidence interval of the mean. With --compare it tests the difference from a saved\n"
          "baseline (Mann-Whitney U) and says faster, slower or no significant change.\n"
          "Exit codes: 0, 1 when --fail-if-slower fails, 2 on usage errors, a command that\n"
          "cannot start or fails, and an unreadable baseline. See docs/bench.md.\n"
          "\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
}

static int parse_count(const struct pa_opt_match *m, unsigned min, unsigned *out)
{
    long n = 0;
    int rc = pa_opt_parse_count(m->name, m->value, min, MAX_ROUNDS, "rounds", &n);
    *out = (unsigned)n;
    return rc;
}

static int parse_args(int argc, char **argv, struct settings *s)
{
    struct pa_opt_parser p;
    struct pa_opt_match m;
    struct pa_error err;
    enum pa_opt_result r;
    s->rounds = DEFAULT_ROUNDS;
    s->warmup = DEFAULT_WARMUP;
    s->dir = PA_BENCH_DEFAULT_DIR;
    pa_opt_init(&p, COMMAND, options, NOPTIONS, argc, argv, 1);
    while ((r = pa_opt_next(&p, &m, &err)) != PA_OPT_END) {
        if (r == PA_OPT_ERROR)
            return pa_usage_error("%s", err.message);
        if (r == PA_OPT_ARG) {
            /* the command starts at the first operand; everything after it is its own */
            s->command = argv + p.next - 1;
            break;
        }
        switch (m.spec->key) {
        case OPT_ROUNDS:
            if (parse_count(&m, 2, &s->rounds) != PA_EXIT_OK)
                return PA_EXIT_USAGE;
            break;
        case OPT_WARMUP:
            if (parse_count(&m, 0, &s->warmup) != PA_EXIT_OK)
                return PA_EXIT_USAGE;
            break;
        case OPT_SAVE:
        case OPT_COMPARE:
            if (!*m.value)
                return pa_usage_error("%s: empty baseline name", m.name);
            *(m.spec->key == OPT_SAVE ? &s->save : &s->compare) = m.value;
            break;
        case OPT_FAIL_IF_SLOWER: {
            char *end;
            double pct = strtod(m.value, &end);
            if (!*m.value || *end || !(pct >= 0 && pct <= 1e6))
                return pa_usage_error("%s: '%s' is not a percentage (0 or more)", m.name, m.value);
            s->fail_if_slower = pct;
            s->has_fail_if_slower = true;
            break;
        }
        case OPT_METRIC:
            if (strcmp(m.value, "wall") == 0 || strcmp(m.value, "cpu") == 0)
                s->metric = m.value[0] == 'c' ? PA_BENCH_CPU : PA_BENCH_WALL;
            else
                return pa_usage_error("%s: '%s' is not one of wall, cpu", m.name, m.value);
            break;
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
        case OPT_DIR:
            if (!*m.value)
                return pa_usage_error("%s: empty directory name", m.name);
            s->dir = m.value;
            break;
        case OPT_SHOW_OUTPUT:
            s->show_output = true;
            break;
        case OPT_HELP:
            s->help = true;
            return PA_EXIT_OK;
        }
    }
    if (!s->command || !s->command[0])
        return pa_usage_error("bench: no COMMAND given (see '%s --help')", COMMAND);
    if (s->has_fail_if_slower && !s->compare)
        return pa_usage_error("bench: --fail-if-slower needs --compare NAME (the baseline)");
    return PA_EXIT_OK;
}

/* One line on stderr for each way the baseline was measured differently from this run. */
static void warn_differences(const struct pa_bench_result *base, const char *path,
                             const struct pa_bench_result *now)
{
    if (!pa_bench_same_command(base, now)) {
        struct pa_strbuf line = {0};
        pa_bench_command_line(base, &line);
        fprintf(stderr, "perfaudit: warning: %s timed another command: %s\n", path,
                pa_strbuf_cstr(&line));
        pa_strbuf_free(&line);
    }
    if (!pa_bench_machine_same(&base->machine, &now->machine)) {
        const struct pa_bench_machine *b = &base->machine, *n = &now->machine;
        fprintf(stderr,
                "perfaudit: warning: %s was measured on another machine: %s, %s, %ld cores, "
                "%.1f GiB (here: %s, %s, %ld cores, %.1f GiB)\n",
                path, b->hostname ? b->hostname : "?", b->cpu ? b->cpu : "?", b->cores,
                (double)b->memory / (1 << 30), n->hostname ? n->hostname : "?",
                n->cpu ? n->cpu : "?", n->cores, (double)n->memory / (1 << 30));
    }
}

int cmd_bench(int argc, char **argv)
{
    struct settings s = {0};
    struct pa_bench_result result = {0}, baseline = {0};
    struct pa_bench_comparison comparison;
    struct pa_strbuf text = {0};
    struct pa_error err;
    char *baseline_path = NULL, *save_path = NULL;
    int rc = parse_args(argc, argv, &s);
    if (rc != PA_EXIT_OK || s.help) {
        if (s.help)
            print_help();
        return rc;
    }
    pa_json_init();
    if (s.compare) { /* a bad baseline fails before the rounds are spent */
        baseline_path = pa_bench_baseline_path(s.compare, s.dir);
        if (pa_bench_load(baseline_path, &baseline, &err) < 0) {
            rc = pa_usage_error("%s", err.message);
            goto done;
        }
    }

    for (char **a = s.command; *a; a++)
        result.ncommand++;
    result.command = pa_xcalloc(result.ncommand + 1, sizeof(char *));
    for (size_t i = 0; i < result.ncommand; i++)
        result.command[i] = pa_xstrdup(s.command[i]);
    result.name = s.save ? pa_xstrdup(s.save) : NULL;
    result.timestamp = pa_bench_timestamp();
    result.revision = pa_bench_git_revision(&result.dirty);
    pa_bench_machine_describe(&result.machine);
    result.warmup = s.warmup;
    if (s.compare)
        warn_differences(&baseline, baseline_path, &result);

    struct pa_bench_run_options run = {s.command, s.warmup, s.rounds, s.show_output};
    if (pa_bench_run(&run, &result.rounds, &err) < 0) {
        rc = pa_usage_error("%s", err.message);
        goto done;
    }
    result.nrounds = s.rounds;
    result.rss_floor_kib = pa_bench_rss_floor_kib();

    if (s.save) {
        save_path = pa_bench_baseline_path(s.save, s.dir);
        if ((pa_bench_baseline_in_dir(s.save) && pa_make_dirs(s.dir, &err) < 0) ||
            pa_bench_save(&result, save_path, &err) < 0) {
            rc = pa_usage_error("%s", err.message);
            goto done;
        }
        fprintf(stderr, "perfaudit: saved the baseline to %s\n", save_path);
    }
    struct pa_bench_report report = {&result, NULL, NULL, NULL};
    if (s.compare) {
        pa_bench_compare(&baseline, &result, s.metric,
                         s.has_fail_if_slower ? &s.fail_if_slower : NULL, &comparison);
        report.baseline = &baseline;
        report.baseline_path = baseline_path;
        report.comparison = &comparison;
    }
    if (s.json)
        pa_bench_report_json(&report, &text);
    else
        pa_bench_report_text(&report, &text);
    rc = pa_cli_emit(s.output, &text);
    if (s.compare && (s.json || s.output)) { /* the verdict shows in a CI log either way */
        struct pa_strbuf line = {0};
        pa_bench_note_line(&comparison, &line);
        if (line.len)
            fprintf(stderr, "perfaudit: note: %s\n", pa_strbuf_cstr(&line));
        pa_strbuf_reset(&line);
        pa_bench_verdict_line(&comparison, &line);
        fprintf(stderr, "perfaudit: verdict: %s\n", pa_strbuf_cstr(&line));
        pa_strbuf_free(&line);
    }
    if (rc == PA_EXIT_OK && s.compare && comparison.fail)
        rc = PA_EXIT_FINDINGS;
done:
    pa_strbuf_free(&text);
    pa_bench_result_free(&result);
    pa_bench_result_free(&baseline);
    free(baseline_path);
    free(save_path);
    return rc;
}
