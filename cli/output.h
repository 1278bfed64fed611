/* output.h: where a command's rendered output goes: standard output, or -o FILE atomically. */
#ifndef PERFAUDIT_OUTPUT_H
#define PERFAUDIT_OUTPUT_H

struct pa_strbuf;

/* Writes text to output (atomically: temp file + rename) or to standard output when output
 * is NULL. Returns PA_EXIT_OK, or PA_EXIT_USAGE after one line on stderr. */
int pa_cli_emit(const char *output, const struct pa_strbuf *text);

/* The value of -o/--output: a file name, or "-" for standard output (*output NULL). An empty
 * name is a usage error (one line printed, PA_EXIT_USAGE returned); else PA_EXIT_OK. */
int pa_cli_parse_output(const char *option, const char *value, const char **output);

#endif
