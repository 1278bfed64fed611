/* main.c: the perfaudit entry point: the table of commands, top-level --help and --version. */
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include <stdio.h>
#include <string.h>

#ifndef PA_VERSION
#error "PA_VERSION is defined by CMakeLists.txt"
#endif

static const struct pa_command commands[] = {
    /* in the order of the workflow: measure, explain, see, validate */
    {"record", cmd_record, "Measure where a command spends its CPU time, without rebuilding it"},
    {"report", cmd_report, "Show where a profile's time goes, function by function"},
    {"analyze", cmd_analyze, "Find performance problems and each function's complexity"},
    {"flame", cmd_flame, "Draw a profile as an interactive flame graph (or folded, speedscope)"},
    {"callgraph", cmd_callgraph, "Draw a profile's hot call graph (DOT, or SVG/PNG via Graphviz)"},
    {"diff", cmd_diff, "Compare two profiles, before and after a change, function by function"},
    {"bench", cmd_bench, "Time a whole command over rounds; save baselines and compare with them"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

enum { OPT_HELP = 1, OPT_VERSION };

static const struct pa_opt_spec options[] = {
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
    {OPT_VERSION, "version", 'V', NULL, "print the version and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const struct pa_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int print_help(void)
{
    pa_opt_usage(stdout, "perfaudit", NULL, options, NOPTIONS, "<command> [ARGS...]");
    fputs("\nA performance auditor for C: it finds the code whose cost grows faster than it needs\n"
          "to and says what to do instead.\n\nCommands:\n",
          stdout);
    int width = 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if ((int)strlen(commands[i].name) > width)
            width = (int)strlen(commands[i].name);
    for (size_t i = 0; i < NCOMMANDS; i++)
        printf("  %-*s  %s\n", width, commands[i].name, commands[i].summary);
    fputs("\nOptions:\n", stdout);
    pa_opt_help(stdout, options, NOPTIONS);
    fputs("\nRun 'perfaudit help <command>' or 'perfaudit <command> --help' for a command's "
          "options.\n",
          stdout);
    return PA_EXIT_OK;
}

/* perfaudit help [COMMAND]: a command's help is the one its own --help prints. */
static int run_help(int argc, char **argv)
{
    if (argc < 2)
        return print_help();
    if (argc > 2)
        return pa_usage_error("help: takes one command name (see 'perfaudit --help')");
    const struct pa_command *cmd = find_command(argv[1]);
    if (!cmd)
        return pa_usage_error("%s: not a perfaudit command (see 'perfaudit --help')", argv[1]);
    char *help_argv[] = {(char *)cmd->name, "--help", NULL};
    return cmd->run(2, help_argv);
}

int main(int argc, char **argv)
{
    struct pa_opt_parser p;
    struct pa_opt_match m;
    struct pa_error err;
    enum pa_opt_result r;
    pa_opt_init(&p, "perfaudit", options, NOPTIONS, argc, argv, 1);
    while ((r = pa_opt_next(&p, &m, &err)) == PA_OPT_OPTION) {
        switch (m.spec->key) {
        case OPT_HELP:
            return print_help();
        case OPT_VERSION:
            printf("perfaudit %s\n", PA_VERSION);
            return PA_EXIT_OK;
        }
    }
    if (r == PA_OPT_ERROR)
        return pa_usage_error("%s", err.message);
    if (r == PA_OPT_END)
        return pa_usage_error("no command given (see 'perfaudit --help')");

    /* The first operand is the command; it parses everything after it. */
    int first = p.next - 1;
    if (strcmp(argv[first], "help") == 0)
        return run_help(argc - first, argv + first);
    const struct pa_command *cmd = find_command(argv[first]);
    if (!cmd)
        return pa_usage_error("%s: not a perfaudit command (see 'perfaudit --help')", argv[first]);
    return cmd->run(argc - first, argv + first);
}
