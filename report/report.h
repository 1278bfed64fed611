/* report.h: the report writers. They turn a finished analysis (and its ranking) into the
 * text report, the perfaudit-report/1 JSON document, SARIF, or Markdown (the report and
 * plan.md); they format and never compute. */
#ifndef PERFAUDIT_REPORT_H
#define PERFAUDIT_REPORT_H

#include <stdbool.h>
#include <time.h>

struct pa_analysis;
struct pa_profile_diff;
struct pa_ranking;
struct pa_strbuf;
struct pa_term;

/* Appends the JSON report (CONTRACT.md, schema "perfaudit-report/1"), pretty-printed and
 * ending in a newline, to out. Without a profile there is no "hotspots" member and each
 * recommendation's evidence says that its numbers are static estimates. */
void pa_report_json(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                    struct pa_strbuf *out);

/* Appends the SARIF 2.1.0 log (docs/formats/sarif.md), pretty-printed, to out: every rule,
 * one result per finding (with its recommendation's rank and estimates when ranking is
 * non-NULL and lists it), parse errors as tool notifications. Reads the findings' source
 * lines for the fingerprints. */
void pa_report_sarif(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                     struct pa_strbuf *out);

/* Appends the terminal report to out: the top recommendations and the hot functions with no
 * known pattern (pa_report_text_ranking), then per file (in sorted order) its findings and its
 * functions above O(1), a summary line and the parse errors. term decides colour. */
void pa_report_text(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                    const struct pa_term *term, struct pa_strbuf *out);
/* The recommendations (the first few, with estimates and evidence) and the hot functions in
 * which no known pattern was found. Nothing when ranking is NULL or empty. */
void pa_report_text_ranking(const struct pa_ranking *ranking, const struct pa_term *term,
                            struct pa_strbuf *out);

/* Appends the full profiling report in Markdown (docs/formats/markdown.md): the profile and
 * the paths analysed; an executive summary (total time, the 80/20 statement, the top
 * recommendations and their combined estimate); the baseline table by cumulative time; the
 * hotspots with their profile data, a code excerpt read from the source file and the root
 * cause; every recommendation with its estimates, models, assumptions and evidence;
 * alternative approaches; all findings and the parse errors. Without a profile it says at the
 * top that the estimates are static and how to record a profile. */
void pa_report_markdown(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                        struct pa_strbuf *out);
/* What the report directory adds to the Markdown report; any member may be NULL. */
struct pa_markdown_extras {
    const char *flame_graph;            /* the flame graph page, relative to the report */
    const char *call_graph;             /* the call graph image, relative to the report */
    const struct pa_profile_diff *diff; /* the baseline profile -> this one */
    const char *diff_chart;             /* its before/after chart, relative to the report */
};
/* pa_report_markdown with a "Before and after" section (the comparison with the baseline,
 * after the summary) and a "Pictures" section linking the flame and call graphs. */
void pa_report_markdown_with(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                             const struct pa_markdown_extras *extras, struct pa_strbuf *out);
/* Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention), so that golden
 * files and the report directory's dated names can be reproduced. */
time_t pa_report_time(void);
/* Appends plan.md (docs/formats/markdown.md): a header saying what it is, from which profile,
 * and how to validate a change; then one feature per recommendation in rank order (F001,
 * F002, ...), each with its category, location, why, the steps to take, the expected gain with
 * its model and assumption, effort, leverage, a measurable "done when" and its findings. */
void pa_report_plan(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                    struct pa_strbuf *out);

/* Markdown pieces that the report and the plan share (markdown_report.c). */
/* Appends s as an inline code span, fenced with more backticks than any run inside it; in a
 * table cell (in_table) '|' is escaped. NULL or "" gives "-". */
void pa_markdown_code(struct pa_strbuf *out, const char *s, bool in_table);
/* Appends s as Markdown prose: '*', '<', '\\' and word-edge '_' are escaped, and '|' too in a
 * table cell, so that messages and file names come out as written; `code spans` inside s are
 * kept as they are. */
void pa_markdown_text(struct pa_strbuf *out, const char *s, bool in_table);
/* "data pipeline", "algorithmic", "implementation", "infrastructure" for 'A' to 'D'. */
const char *pa_markdown_category(char category);
/* "Generated by perfaudit VERSION on DATE (UTC)." (SOURCE_DATE_EPOCH, when set, is the date,
 * for reproducible output), then a list item for the profile (or the static statement with
 * how to record one) and one for the files analysed. */
void pa_markdown_provenance(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                            struct pa_strbuf *out);

/* Appends the summary of every function named function (analyze --explain): its cost, its
 * effects per parameter, global, return value and I/O, each with the chain it was derived
 * through. Returns how many functions have that name. */
unsigned pa_report_explain(const struct pa_analysis *analysis, const char *function,
                           struct pa_strbuf *out);

/* Appends every registered rule (id, category, title, summary, remedy) to out. */
void pa_report_rules(const struct pa_term *term, struct pa_strbuf *out);

#endif
