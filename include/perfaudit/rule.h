/* rule.h: what a rule is (its metadata and its detector) and how a detector reports.
 * A rule lives in one file under rules/ and is listed once in rules/registry.c. */
#ifndef PERFAUDIT_RULE_H
#define PERFAUDIT_RULE_H

#include <stddef.h>

#include "perfaudit/complexity.h"
#include "perfaudit/finding.h"
#include "perfaudit/model.h"

struct pa_rule_context {
    const struct pa_program *program;
    const struct pa_function *function;
    const struct pa_rule *rule;
    struct pa_findings *out;
};

struct pa_rule {
    const char *id;      /* as in CONTRACT.md: "nested-loop" */
    char category;       /* 'A' data pipeline, 'B' algorithmic, 'C' implementation,
                          * 'D' infrastructure */
    const char *title;   /* a few words: "Nested loops over the input" */
    const char *summary; /* one sentence: what it detects */
    const char *remedy;  /* one sentence: the usual fix */
    /* Looks at one function and reports through pa_rule_report. */
    void (*check)(const struct pa_rule_context *ctx);
};

/* The registry, sorted by id. */
extern const struct pa_rule *const pa_rules[];
extern const size_t pa_nrules;
const struct pa_rule *pa_rule_find(const char *id);

/* Reports a finding of ctx->rule at line:column of ctx->function. The message and
 * suggestion are printf formats; both must come out on one line. */
void pa_rule_report(const struct pa_rule_context *ctx, unsigned line, unsigned column,
                    struct pa_cx current, struct pa_cx proposed, const char *suggestion,
                    const char *message_fmt, ...) __attribute__((format(printf, 7, 8)));

/* The cost of the loop nest around (and including) loop: its own cost times the trip counts of
 * the loops that enclose it. */
struct pa_cx pa_loop_nest_cost(const struct pa_loop *loop);

#endif
