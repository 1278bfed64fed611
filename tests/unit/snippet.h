/* snippet.h: analysing a C snippet from a test: write it to a temporary file, run the static
 * pass on it, and look functions and findings up by name. */
#ifndef PERFAUDIT_TEST_SNIPPET_H
#define PERFAUDIT_TEST_SNIPPET_H

#include "perfaudit/analysis.h"

struct snippet {
    char dir[64];
    char path[128];
    struct pa_analysis analysis;
};

/* Analyses code as the file "snippet.c" (or name) in a fresh temporary directory. */
void snippet_analyse(struct snippet *s, const char *name, const char *code);
void snippet_free(struct snippet *s);
const struct pa_function *snippet_function(const struct snippet *s, const char *name);
/* The complexity of function name as perfaudit spells it, or "(missing)". */
const char *snippet_complexity(const struct snippet *s, const char *name);
/* "rule@line,rule@line" for the findings in function name, sorted by place; "" if none. */
const char *snippet_findings(const struct snippet *s, const char *name);

#endif
