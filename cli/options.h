/* options.h: command-line options as data. One table of specs per command drives both the
 * parser and the generated usage line and --help, so that the two cannot drift apart. */
#ifndef PERFAUDIT_OPTIONS_H
#define PERFAUDIT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct pa_opt_spec {
    int key;                /* what the parser reports for this option: nonzero, unique */
    const char *long_name;  /* "format" for --format, or NULL */
    char short_name;        /* 'o' for -o, or 0 */
    const char *value_name; /* "FILE" if the option takes a value, NULL for a switch */
    const char *help;       /* one line for --help; a '\n' starts an aligned continuation */
};

enum pa_opt_result {
    PA_OPT_END,    /* no arguments left */
    PA_OPT_OPTION, /* an option: match->spec, and match->value (NULL for a switch) */
    PA_OPT_ARG,    /* an operand: match->value */
    PA_OPT_ERROR,  /* unknown option, missing or unexpected value: err holds one line */
};

struct pa_opt_match {
    const struct pa_opt_spec *spec;
    const char *value; /* borrowed from argv */
    char name[64];     /* the option as written ("--format", "-o"), for messages */
};

struct pa_opt_parser {
    const char *command; /* "perfaudit analyze", for the hint in messages */
    const struct pa_opt_spec *specs;
    size_t nspecs;
    int argc;
    char **argv;
    int next;            /* index of the next argument to look at */
    const char *cluster; /* what follows a switch in "-hx", still to be parsed, or NULL */
    bool operands_only;  /* "--" was seen */
};

/* Parses argv[first..argc) against specs. Accepts --name=value, --name value, -xVALUE and
 * -x VALUE, clustered switches (-ab), and "--" before operands that start with '-'.
 * Example: pa_opt_init(&p, "perfaudit analyze", specs, nspecs, argc, argv, 1);
 *          while ((r = pa_opt_next(&p, &m, &err)) != PA_OPT_END) ... */
void pa_opt_init(struct pa_opt_parser *p, const char *command, const struct pa_opt_spec *specs,
                 size_t nspecs, int argc, char **argv, int first);
enum pa_opt_result pa_opt_next(struct pa_opt_parser *p, struct pa_opt_match *match,
                               struct pa_error *err);

/* "usage: <command> <before> [-h] [--format text|json] ... <after>", wrapped; before and
 * after (operands) may be NULL. Example: pa_opt_usage(stdout, "perfaudit analyze", "PATH...",
 * specs, nspecs, NULL). */
void pa_opt_usage(FILE *out, const char *command, const char *before,
                  const struct pa_opt_spec *specs, size_t nspecs, const char *after);
/* One aligned entry per option: "  -o, --output FILE   help". */
void pa_opt_help(FILE *out, const struct pa_opt_spec *specs, size_t nspecs);

/* Prints "perfaudit: <message>" as one line on stderr and returns PA_EXIT_USAGE, so that a
 * command reads `return pa_usage_error("%s: no such command", name);`. */
int pa_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The value of option `name` as a whole number from min to max (--limit, --jobs, --rounds):
 * PA_EXIT_OK, or one line "NAME: 'VALUE' is not a number of WHAT (MIN to MAX)" and
 * PA_EXIT_USAGE. */
int pa_opt_parse_count(const char *name, const char *value, long min, long max, const char *what,
                       long *out);

#endif
