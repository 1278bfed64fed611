/* cmd_flame.c: perfaudit flame PROFILE: a flame graph of a profile, as an interactive page,
 * folded stacks or speedscope JSON; with --baseline, the differential page of two profiles. */
#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "flame_graph.h"
#include "options.h"
#include "path.h"
#include "output.h"
#include "perfaudit/profile.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

#define COMMAND "perfaudit flame"

enum flame_format { FORMAT_NONE, FORMAT_HTML, FORMAT_FOLDED, FORMAT_SPEEDSCOPE };

enum { OPT_OUTPUT = 1, OPT_FORMAT, OPT_TITLE, OPT_BASELINE, OPT_HELP };

static const struct pa_opt_spec options[] = {
    {OPT_OUTPUT, "output", 'o', "FILE", "write to FILE, atomically, instead of standard output"},
    {OPT_FORMAT, "format", 0, "html|folded|speedscope",
     "the output's format (default: from -o's extension\n"
     ".html .folded .txt .json, else html)"},
    {OPT_TITLE, "title", 0, "T", "the page's title (html)"},
    {OPT_BASELINE, "baseline", 0, "BEFORE",
     "a differential page: PROFILE is the after profile,\n"
     "BEFORE the one it is compared with (html)"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

struct settings {
    const char *file, *output, *title, *baseline;
    enum flame_format format;
    bool help;
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, NULL, options, NOPTIONS, "PROFILE");
    fputs("\nDraws where a profile's time goes as a flame graph: one box per function on each\n"
          "call path, as wide as the time spent in it and in what it calls. The html page is\n"
          "self-contained and interactive (click to zoom, search, flame or icicle); folded\n"
          "stacks feed flamegraph.pl and similar tools; speedscope JSON opens in speedscope.\n"
          "'perfaudit flame AFTER --baseline BEFORE' draws the differential graph: red frames\n"
          "take more time after, blue ones less. PROFILE may be any format 'perfaudit report'\n"
          "reads. See docs/flame.md.\n"
          "\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
}

static enum flame_format format_of_name(const char *path)
{
    if (pa_path_has_ext(path, ".html") || pa_path_has_ext(path, ".htm"))
        return FORMAT_HTML;
    if (pa_path_has_ext(path, ".folded") || pa_path_has_ext(path, ".txt"))
        return FORMAT_FOLDED;
    if (pa_path_has_ext(path, ".json"))
        return FORMAT_SPEEDSCOPE;
    return FORMAT_NONE;
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
                return pa_usage_error("flame: one profile at a time ('%s' and '%s')", s->file,
                                      m.value);
            s->file = m.value;
            continue;
        }
        switch (m.spec->key) {
        case OPT_OUTPUT:
            if (pa_cli_parse_output(m.name, m.value, &s->output) != PA_EXIT_OK)
                return PA_EXIT_USAGE;
            break;
        case OPT_FORMAT:
            if (strcmp(m.value, "html") == 0)
                s->format = FORMAT_HTML;
            else if (strcmp(m.value, "folded") == 0)
                s->format = FORMAT_FOLDED;
            else if (strcmp(m.value, "speedscope") == 0)
                s->format = FORMAT_SPEEDSCOPE;
            else
                return pa_usage_error("%s: '%s' is not a flame graph format (html, folded, "
                                      "speedscope)",
                                      m.name, m.value);
            break;
        case OPT_TITLE:
            s->title = m.value;
            break;
        case OPT_BASELINE:
            s->baseline = m.value;
            break;
        case OPT_HELP:
            s->help = true;
            return PA_EXIT_OK;
        }
    }
    if (!s->file)
        return pa_usage_error("flame: no PROFILE given (see '%s --help')", COMMAND);
    if (s->format == FORMAT_NONE && s->output)
        s->format = format_of_name(s->output);
    if (s->format == FORMAT_NONE)
        s->format = FORMAT_HTML;
    if (s->baseline && s->format != FORMAT_HTML)
        return pa_usage_error("--baseline: the differential flame graph is an html page only");
    return PA_EXIT_OK;
}

int cmd_flame(int argc, char **argv)
{
    struct settings s = {0};
    struct pa_profile *profile = NULL, *baseline = NULL;
    struct pa_strbuf text = {0};
    struct pa_error err;
    int rc = parse_args(argc, argv, &s);
    if (rc != PA_EXIT_OK || s.help) {
        if (s.help)
            print_help();
        return rc;
    }
    if (pa_profile_read(s.file, &profile, &err) < 0) {
        rc = pa_usage_error("%s", err.message);
        goto done;
    }
    if (s.baseline && pa_profile_read(s.baseline, &baseline, &err) < 0) {
        rc = pa_usage_error("%s", err.message);
        goto done;
    }
    switch (s.format) {
    case FORMAT_FOLDED:
        pa_flame_folded(profile, &text);
        break;
    case FORMAT_SPEEDSCOPE:
        pa_flame_speedscope(profile, s.title ? s.title : s.file, &text);
        break;
    default:
        pa_flame_html(profile, baseline, s.title, &text);
        break;
    }
    rc = pa_cli_emit(s.output, &text);
done:
    pa_strbuf_free(&text);
    pa_profile_free(baseline);
    pa_profile_free(profile);
    return rc;
}
