/* output.h: where a command's rendered output goes: standard output, or -o FILE atomically. */
#ifndef PERFAUDIT_OUTPUT_H
#define PERFAUDIT_OUTPUT_H

struct pa_strbuf;

/* Writes text to output (atomically: temp file + rename) or to standard output when output
 * is NULL. Returns PA_EXIT_OK, or PA_EXIT_USAGE after one line on stderr. */
int pa_cli_emit(const char *output, const struct pa_strbuf *text);

#endif
