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

/* Appends the terminal report to out: per file (in sorted order) its findings and its
 * functions above O(1), then a summary line and the parse errors. term decides colour. */
void pa_report_text(const struct pa_analysis *analysis, const struct pa_term *term,
                    struct pa_strbuf *out);

/* Appends every registered rule (id, category, title, summary, remedy) to out. */
void pa_report_rules(const struct pa_term *term, struct pa_strbuf *out);

#endif
