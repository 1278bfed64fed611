/* diff_report.h: the writers of `perfaudit diff`: the before/after table as text, the
 * perfaudit-diff/1 JSON document, the Markdown section the report directory includes, and the
 * before/after bar chart. They format a struct pa_profile_diff and never compute it. */
#ifndef PERFAUDIT_DIFF_REPORT_H
#define PERFAUDIT_DIFF_REPORT_H

#include "perfaudit/profile_diff.h"

struct pa_error;
struct pa_strbuf;

/* Appends the totals (with the improvement (before - after) / before x 100%) and the first
 * `limit` rows (0: all): self and cumulative time before, after, their delta and percent
 * change, and the call counts when known. Changes within sampling noise are marked. */
void pa_diff_report_text(const struct pa_profile_diff *d, unsigned limit, struct pa_strbuf *out);

/* Appends the perfaudit-diff/1 document (docs/formats/diff.md), every row. */
void pa_diff_report_json(const struct pa_profile_diff *d, struct pa_strbuf *out);

/* Appends a "## Before and after" Markdown section: the totals, the improvement, the chart
 * (when chart is non-NULL: a path relative to the document) and the first `limit` rows. */
void pa_diff_report_markdown(const struct pa_profile_diff *d, unsigned limit, const char *chart,
                             struct pa_strbuf *out);

/* Writes the before/after bar chart of the total and the `limit` functions with the most self
 * time on either side (those whose change is beyond sampling noise, or which take 10% of either
 * run), as SVG or PNG by path's extension. -1 with err set on failure. */
int pa_diff_chart(const struct pa_profile_diff *d, unsigned limit, const char *path,
                  struct pa_error *err);

#endif
