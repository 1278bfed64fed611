/* report.h: the report writers. They turn a finished analysis (and its ranking) into the
 * text report or the perfaudit-report/1 JSON document; they format and never compute. */
#ifndef PERFAUDIT_REPORT_H
#define PERFAUDIT_REPORT_H

struct pa_analysis;
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

/* Appends every registered rule (id, category, title, summary, remedy) to out. */
void pa_report_rules(const struct pa_term *term, struct pa_strbuf *out);

#endif
