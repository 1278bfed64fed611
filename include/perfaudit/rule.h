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

/* A snippet the rule must flag (expected "rule@line,...") or must leave alone (expected "").
 * The unit tests run every registered rule's examples. */
struct pa_rule_example {
    const char *name;
    const char *code;
    const char *function; /* the function whose findings are compared */
    const char *expected; /* "rule@line" for each finding in that function, sorted by place */
};

/* How a fix of this rule is estimated: docs/design/estimates.md explains each model. */
enum pa_speedup_model {
    /* The loop nest's time shrinks by cost(current) / cost(proposed) at the n that the
     * profile implies. */
    PA_SPEEDUP_COMPLEXITY,
    /* The time spent in the flagged statement (or in the `callees` called from the loop) goes,
     * all but the fraction the fix keeps. */
    PA_SPEEDUP_REMOVE_CALLS,
    /* The loop nest's time shrinks by a constant factor (`factor`). */
    PA_SPEEDUP_FACTOR,
    /* The loop's time is divided among the machine's cores at efficiency `factor`. */
    PA_SPEEDUP_PARALLEL,
};

struct pa_rule_estimate {
    enum pa_speedup_model model;
    double factor; /* FACTOR: the local speedup; REMOVE_CALLS: the fraction of the calls' time
                    * that remains; PARALLEL: the efficiency per core */
    const char *const *callees; /* REMOVE_CALLS: library calls whose time goes (NULL-terminated);
                                 * NULL: the calls on the finding's line */
    double base_hours;          /* effort: a fixed part, */
    double hours_per_line;      /* plus this per line of the code the fix changes */
    const char *assumption;     /* one line: what the estimate takes for granted */
};

struct pa_rule {
    const char *id;      /* as in CONTRACT.md: "nested-loop" */
    char category;       /* 'A' data pipeline, 'B' algorithmic, 'C' implementation,
                          * 'D' infrastructure */
    const char *title;   /* a few words: "Nested loops over the input" */
    const char *summary; /* one sentence: what it detects */
    const char *remedy;  /* one sentence: the usual fix */
    /* Other ways out, bigger changes than the remedy (a different data layout, a library,
     * caching across runs), one "; "-separated list; NULL if none worth naming. */
    const char *alternatives;
    /* Looks at one function and reports through pa_rule_report. */
    void (*check)(const struct pa_rule_context *ctx);
    struct pa_rule_estimate estimate;
    const struct pa_rule_example *examples;
    size_t nexamples;
    /* Examples in C++ (analysed as a .cpp file); none for most rules. */
    const struct pa_rule_example *cxx_examples;
    size_t ncxx_examples;
};

#define PA_RULE_EXAMPLES(array) .examples = (array), .nexamples = sizeof(array) / sizeof((array)[0])
#define PA_RULE_CXX_EXAMPLES(array)                                                                \
    .cxx_examples = (array), .ncxx_examples = sizeof(array) / sizeof((array)[0])

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
