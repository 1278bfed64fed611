/* cmd_callgraph.c: perfaudit callgraph PROFILE: the hot part of a profile's call graph, as DOT
 * or rendered by Graphviz to SVG or PNG. */
#include "callgraph.h"
#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "graphviz.h"
#include "options.h"
#include "output.h"
#include "perfaudit/profile.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "perfaudit callgraph"

enum { OPT_OUTPUT = 1, OPT_NODE_FRACTION, OPT_EDGE_FRACTION, OPT_MAX_NODES, OPT_HELP };

static const struct pa_opt_spec options[] = {
    {OPT_OUTPUT, "output", 'o', "FILE",
     "write FILE.svg, FILE.png (laid out by Graphviz's dot) or FILE.dot,\natomically; "
     "without it the DOT text goes to standard output"},
    {OPT_NODE_FRACTION, "node-fraction", 0, "F",
     "hide functions below this share of the samples (default 0.005)"},
    {OPT_EDGE_FRACTION, "edge-fraction", 0, "F",
     "hide calls below this share of the samples (default 0.001)"},
    {OPT_MAX_NODES, "max-nodes", 0, "N", "show at most N functions, the hottest (default 80)"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

struct settings {
    const char *file, *output;
    struct pa_callgraph_options graph;
    bool help;
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, NULL, options, NOPTIONS, "PROFILE");
    fputs("\nDraws who calls whom in a profile, pruned to where the time goes, the way pprof\n"
          "does: one box per function, sized by its self time and coloured from white through\n"
          "yellow to red by its cumulative time; one arrow per call, as wide as the samples\n"
          "that went through it; dashed arrows skip functions too cold to show. PROFILE may be\n"
          "any profile 'perfaudit report' reads. SVG and PNG need Graphviz (its dot program,\n"
          "on PATH or named by PERFAUDIT_DOT). See docs/callgraph.md.\n"
          "\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
}

static int parse_fraction(const char *name, const char *value, double *out)
{
    char *end;
    double f = strtod(value, &end);
    if (!*value || *end || !isfinite(f) || f < 0 || f > 1)
        return pa_usage_error("%s: '%s' is not a fraction between 0 and 1", name, value);
    *out = f;
    return PA_EXIT_OK;
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
                return pa_usage_error("callgraph: one profile at a time ('%s' and '%s')", s->file,
                                      m.value);
            s->file = m.value;
            continue;
        }
        int rc = PA_EXIT_OK;
        switch (m.spec->key) {
        case OPT_OUTPUT:
            rc = pa_cli_parse_output(m.name, m.value, &s->output);
            break;
        case OPT_NODE_FRACTION:
            rc = parse_fraction(m.name, m.value, &s->graph.node_fraction);
            break;
        case OPT_EDGE_FRACTION:
            rc = parse_fraction(m.name, m.value, &s->graph.edge_fraction);
            break;
        case OPT_MAX_NODES: {
            long n = 0;
            rc = pa_opt_parse_count(m.name, m.value, 1, 100000, "functions", &n);
            s->graph.max_nodes = (unsigned)n;
            break;
        }
        case OPT_HELP:
            s->help = true;
            return PA_EXIT_OK;
        }
        if (rc != PA_EXIT_OK)
            return rc;
    }
    if (!s->file)
        return pa_usage_error("callgraph: no PROFILE given (see '%s --help')", COMMAND);
    return PA_EXIT_OK;
}

int cmd_callgraph(int argc, char **argv)
{
    struct settings s = {0};
    struct pa_profile *profile = NULL;
    struct pa_strbuf dot = {0};
    struct pa_error err;
    pa_callgraph_options_default(&s.graph);
    int rc = parse_args(argc, argv, &s);
    if (rc != PA_EXIT_OK)
        return rc;
    if (s.help) {
        print_help();
        return PA_EXIT_OK;
    }
    if (pa_profile_read(s.file, &profile, &err) < 0)
        return pa_usage_error("%s", err.message);
    pa_callgraph_dot(profile, &s.graph, &dot);
    if (!s.output)
        rc = pa_cli_emit(NULL, &dot);
    else if (pa_graphviz_render(&dot, s.output, &err) < 0)
        rc = pa_usage_error("%s", err.message);
    pa_strbuf_free(&dot);
    pa_profile_free(profile);
    return rc;
}
