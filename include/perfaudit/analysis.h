/* analysis.h: the static pass end to end: find the sources, parse them, build the function
 * models, infer complexity and run the rules. The result owns everything it points to. */
#ifndef PERFAUDIT_ANALYSIS_H
#define PERFAUDIT_ANALYSIS_H

#include <stddef.h>

#include "perfaudit/finding.h"
#include "perfaudit/model.h"

struct pa_error;

struct pa_analysis_options {
    const char *const *paths;
    size_t npaths;
    const char *compdb;          /* -p: a build directory or its compile_commands.json, or NULL */
    int jobs;                    /* parser threads; 0: one per core */
    const char *const *excludes; /* --exclude patterns (analyzer/glob.h) */
    size_t nexcludes;
};

/* The optimisation levels the compile database gives (all zero without -p). */
struct pa_build_info {
    unsigned ncompiled;    /* sources the database has a command for */
    unsigned nunoptimized; /* of those, compiled with -O0 or with no -O at all */
    char *example;         /* owned: the first of them, as the report names it; NULL if none */
    char *example_level;   /* owned: its flag as written ("-O0"), "" when it has none */
    char *compdb;          /* owned: the database path as given with -p; NULL without -p */
};

struct pa_analysis {
    struct pa_program program;
    struct pa_build_info build;
    struct pa_findings findings;
    unsigned nsources;   /* files discovered */
    unsigned nunits;     /* translation units parsed (or tried) */
    unsigned nparsed;    /* of those, the ones libclang produced, errors or not */
    unsigned nskipped;   /* with -p: files neither listed in the database nor reached through
                          * a file it lists */
    unsigned nunreached; /* files only included by others, where the preprocessor left them
                          * out (#if branches of another platform) */
    char **warnings;     /* owned: one line per distinct first error of the units with errors
                          * ("src/x.c:12:10: 'config.h' file not found (analysed as far as it
                          * parsed)"; "(in a.c and 3 other files, ...)" when units share it) */
    size_t nwarnings;
};

/* Runs the static pass. Fails (returning -1 with err filled) only on a usage-level problem: a
 * path that does not exist, an unreadable compile database. Headers, and .c files that other
 * analysed files #include, are analysed through the units that include them; a unit with
 * errors is analysed as far as it parsed (its functions that lost code carry `incomplete`),
 * listed in out->program.errors and out->warnings. Free with pa_analysis_free. */
int pa_analysis_run(const struct pa_analysis_options *options, struct pa_analysis *out,
                    struct pa_error *err);
void pa_analysis_free(struct pa_analysis *analysis);

#endif
