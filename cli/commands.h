/* commands.h: the perfaudit subcommands. Each lives in its own cmd_<name>.c and returns its
 * exit code; main.c lists them once, in its commands[] table. */
#ifndef PERFAUDIT_COMMANDS_H
#define PERFAUDIT_COMMANDS_H

struct pa_command {
    const char *name;                  /* "analyze" */
    int (*run)(int argc, char **argv); /* argv[0] is the command's name; returns PA_EXIT_* */
    const char *summary;               /* one line for the top-level --help */
};

/* perfaudit analyze PATH... [options]: the static pass and its report. */
int cmd_analyze(int argc, char **argv);
/* perfaudit record -o FILE [--freq HZ] -- COMMAND...: measure where COMMAND spends its time. */
int cmd_record(int argc, char **argv);
/* perfaudit report FILE [options]: the cProfile-style table of a profile. */
int cmd_report(int argc, char **argv);
/* perfaudit diff BEFORE AFTER [options]: two profiles compared, function by function. */
int cmd_diff(int argc, char **argv);
/* perfaudit callgraph PROFILE [-o FILE.svg|.png|.dot]: the hot part of the call graph. */
int cmd_callgraph(int argc, char **argv);
/* perfaudit flame PROFILE [-o FILE] [--format html|folded|speedscope]: a flame graph. */
int cmd_flame(int argc, char **argv);
/* perfaudit bench [options] -- COMMAND...: time a command; save and compare baselines. */
int cmd_bench(int argc, char **argv);

#endif
