/* profile_report.h: the writers of `perfaudit report`: the cProfile-style table as text, and
 * the perfaudit-profile/1 JSON document (CONTRACT.md). They format and never compute. */
#ifndef PERFAUDIT_PROFILE_REPORT_H
#define PERFAUDIT_PROFILE_REPORT_H

#include <stdbool.h>

#include "perfaudit/profile.h"

struct pa_strbuf;

struct pa_profile_report_options {
    enum pa_profile_sort sort;
    unsigned limit;     /* rows to show; 0: all */
    unsigned line_rows; /* --lines: per-line attribution inside this many top rows; 0: none */
};

/* Appends the table: a header describing the profile, then ncalls, tottime, percall, cumtime,
 * percall and file:line(function) per row, and with line_rows the hottest lines of the top
 * functions. */
void pa_profile_report_text(const struct pa_profile *p, const struct pa_profile_table *t,
                            const struct pa_profile_report_options *o, struct pa_strbuf *out);
/* Appends the perfaudit-profile/1 document. */
void pa_profile_report_json(const struct pa_profile *p, const struct pa_profile_table *t,
                            const struct pa_profile_report_options *o, struct pa_strbuf *out);
const char *pa_profile_sort_name(enum pa_profile_sort sort);

#endif
