/* finding.h: a performance problem found in one function, and the list that owns findings. */
#ifndef PERFAUDIT_FINDING_H
#define PERFAUDIT_FINDING_H

#include <stddef.h>

#include "perfaudit/complexity.h"

struct pa_function;
struct pa_rule;

struct pa_finding {
    char id[24]; /* "F1", assigned once all rules have run */
    const struct pa_rule *rule;
    const struct pa_function *function;
    const char *file; /* borrowed from the function */
    unsigned line, column;
    struct pa_cx current, proposed;
    char *message;    /* owned: one line stating the problem */
    char *suggestion; /* owned: one line naming the remedy */
    char *derivation; /* owned: how the loops around the place were counted, one line ("line 12:
                       * O(n), bounded by a parameter; line 14: ..."), "" outside loops */
};

struct pa_findings {
    struct pa_finding *items;
    size_t n, cap;
};

/* Takes ownership of message, suggestion and derivation. */
void pa_findings_add(struct pa_findings *list, const struct pa_finding *finding);
/* Sorts by file, line, column and rule, and numbers them F1, F2, ... */
void pa_findings_finish(struct pa_findings *list);
void pa_findings_free(struct pa_findings *list);
/* Frees what one finding owns: for a finding dropped from a list (suppressed, filtered). */
void pa_finding_clear(struct pa_finding *f);

struct pa_loop;
/* One loop's trip count and its reason, as the derivation spells it:
 * "line 12: O(n), bounded by a parameter",
 * "line 30: not bounded (left by a break or return that is not a bound), counted as O(n)".
 * Returns buf (of size bytes). */
const char *pa_loop_explain(const struct pa_loop *loop, char *buf, size_t size);

#endif
