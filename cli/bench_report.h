/* bench_report.h: perfaudit bench's output: the terminal table of a benchmark, the side by side
 * comparison with a baseline and its verdict, and the perfaudit-bench/1 JSON document with the
 * comparison. Writers only: every number comes from bench_compare and common/stats. */
#ifndef PERFAUDIT_BENCH_REPORT_H
#define PERFAUDIT_BENCH_REPORT_H

struct pa_bench_comparison;
struct pa_bench_result;
struct pa_strbuf;

struct pa_bench_report {
    const struct pa_bench_result *result;
    const struct pa_bench_result *baseline;       /* with --compare, else NULL */
    const char *baseline_path;                    /* where baseline was read from */
    const struct pa_bench_comparison *comparison; /* with --compare, else NULL */
};

/* The terminal report: the statistics table of wall and CPU time, the confidence intervals
 * and peak memory, and with a baseline the comparison, the test and the verdict. */
void pa_bench_report_text(const struct pa_bench_report *r, struct pa_strbuf *out);
/* The perfaudit-bench/1 document of the result, with a "comparison" object with a baseline. */
void pa_bench_report_json(const struct pa_bench_report *r, struct pa_strbuf *out);
/* The verdict and the numbers behind it, one line without '\n': "slower: median 10.20 ms ->
 * 31.75 ms (+211.3%), mean ..., Mann-Whitney p = 0.000 < 0.05; ...". */
void pa_bench_verdict_line(const struct pa_bench_comparison *c, struct pa_strbuf *out);
/* When the test cannot decide with so few rounds, the line that says so (no '\n'); else
 * nothing is appended. */
void pa_bench_note_line(const struct pa_bench_comparison *c, struct pa_strbuf *out);

#endif
