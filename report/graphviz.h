/* graphviz.h: DOT text rendered to a file by Graphviz's dot program (run, not linked), the
 * format chosen by the file's extension. */
#ifndef PERFAUDIT_GRAPHVIZ_H
#define PERFAUDIT_GRAPHVIZ_H

struct pa_strbuf;
struct pa_error;

/* Writes dot to path, atomically (temporary file beside it, then rename): ".dot" as is,
 * ".svg" and ".png" laid out by the dot program, found on PATH or named by the environment
 * variable PERFAUDIT_DOT. Returns 0, or -1 with one line in err naming path and the reason
 * (unknown extension, dot not installed, dot's own first error line).
 * Example: if (pa_graphviz_render(&text, "graph.svg", &err) < 0) puts(err.message); */
int pa_graphviz_render(const struct pa_strbuf *dot, const char *path, struct pa_error *err);

#endif
