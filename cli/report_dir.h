/* report_dir.h: analyze --report-dir: the Markdown report, its flame and call graphs and, with
 * a baseline profile, the before/after chart, written together into one directory under the
 * names the workflow uses (docs/report-dir.md). */
#ifndef PERFAUDIT_REPORT_DIR_H
#define PERFAUDIT_REPORT_DIR_H

#include <stddef.h>

struct pa_analysis;
struct pa_profile;
struct pa_profile_diff;
struct pa_ranking;

struct pa_report_dir_request {
    const char *dir;          /* created when missing */
    const char *target;       /* the name in the files' names; NULL: derived (see below) */
    const char *const *paths; /* the analysed paths: the fallback for the target's name */
    size_t npaths;
    const struct pa_analysis *analysis;
    const struct pa_ranking *ranking;
    const struct pa_profile *profile;   /* required */
    const struct pa_profile_diff *diff; /* the baseline -> profile; NULL: no before/after */
};

/* The target's name: request->target, else the profiled executable (the module of `main`),
 * else the first path's base name without its extension; reduced to [A-Za-z0-9._-]. */
void pa_report_dir_target(const struct pa_report_dir_request *r, char *buf, size_t size);

/* Writes every file it can, each atomically. Returns PA_EXIT_OK, or PA_EXIT_USAGE after one
 * line on stderr for each file that could not be written (the others are still written, and
 * the report links only those that exist). Lists the files written on stderr. */
int pa_report_dir_write(const struct pa_report_dir_request *r);

#endif
