/* bench_report.c: the terminal table, the comparison and verdict text, and the JSON document of
 * perfaudit bench. */
#include "bench_report.h"
#include "bench_baseline.h"
#include "bench_compare.h"
#include "bench_result.h"
#include "json_util.h"
#include "stats.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 12
#define MAX_COLS 7
#define CELL     96

/* A table of text cells laid out in columns; align holds 'l' or 'r' per column. */
struct table {
    char cell[MAX_ROWS][MAX_COLS][CELL];
    int nrows, ncols;
    const char *align;
};

static void row(struct table *t, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    const char *s = first;
    for (int c = 0; c < t->ncols; c++) {
        snprintf(t->cell[t->nrows][c], CELL, "%s", s);
        if (c + 1 < t->ncols) /* every row passes exactly ncols cells */
            s = va_arg(ap, const char *);
    }
    va_end(ap);
    t->nrows++;
}

static void render(const struct table *t, struct pa_strbuf *out)
{
    size_t width[MAX_COLS] = {0};
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            size_t w = pa_utf8_length(t->cell[r][c]); /* "±" is one column */
            if (w > width[c])
                width[c] = w;
        }
    for (int r = 0; r < t->nrows; r++) {
        struct pa_strbuf line = {0};
        for (int c = 0; c < t->ncols; c++) {
            size_t pad = width[c] - pa_utf8_length(t->cell[r][c]);
            if (c)
                pa_strbuf_append(&line, "   ");
            if (t->align[c] == 'r')
                pa_strbuf_printf(&line, "%*s", (int)pad, "");
            pa_strbuf_append(&line, t->cell[r][c]);
            if (t->align[c] != 'r')
                pa_strbuf_printf(&line, "%*s", (int)pad, "");
        }
        while (line.len && line.data[line.len - 1] == ' ') /* no trailing blanks */
            line.data[--line.len] = '\0';
        pa_strbuf_printf(out, "  %s\n", pa_strbuf_cstr(&line));
        pa_strbuf_free(&line);
    }
}

/* The unit a row of times is shown in, chosen from a typical value (its median). */
struct unit {
    const char *name;
    double scale;
    int decimals;
};

static struct unit unit_for(double seconds)
{
    if (seconds < 1e-3)
        return (struct unit){"us", 1e6, 1};
    if (seconds < 1.0)
        return (struct unit){"ms", 1e3, 2};
    return (struct unit){"s", 1.0, 3};
}

static const char *fmt(char *buf, struct unit u, double seconds)
{
    snprintf(buf, CELL, "%.*f %s", u.decimals, seconds * u.scale, u.name);
    return buf;
}

static const char *fmt_mean(char *buf, struct unit u, const struct pa_stats *s)
{
    snprintf(buf, CELL, "%.*f ± %.*f %s", u.decimals, s->mean * u.scale, u.decimals,
             s->stddev * u.scale, u.name);
    return buf;
}

static const char *fmt_ci(char *buf, struct unit u, const struct pa_stats *s)
{
    snprintf(buf, CELL, "%.*f .. %.*f %s", u.decimals, s->ci_low * u.scale, u.decimals,
             s->ci_high * u.scale, u.name);
    return buf;
}

static const char *fmt_outliers(char *buf, const struct pa_stats *s)
{
    if (!s->mild && !s->severe)
        snprintf(buf, CELL, "none");
    else if (!s->severe)
        snprintf(buf, CELL, "%zu mild", s->mild);
    else if (!s->mild)
        snprintf(buf, CELL, "%zu severe", s->severe);
    else
        snprintf(buf, CELL, "%zu mild, %zu severe", s->mild, s->severe);
    return buf;
}

static const char *fmt_pct(char *buf, double pct)
{
    if (isnan(pct))
        snprintf(buf, CELL, "n/a");
    else
        snprintf(buf, CELL, "%+.1f%%", pct);
    return buf;
}

static const char *fmt_p(char *buf, double p)
{
    snprintf(buf, CELL, p >= 0.001 ? "%.3f" : "%.1e", p);
    return buf;
}

static void memory(struct pa_strbuf *out, double kib)
{
    if (kib >= 1024.0 * 1024.0)
        pa_strbuf_printf(out, "%.2f GiB", kib / (1024.0 * 1024.0));
    else if (kib >= 1024.0)
        pa_strbuf_printf(out, "%.1f MiB", kib / 1024.0);
    else
        pa_strbuf_printf(out, "%.0f KiB", kib);
}

static void heading(const struct pa_bench_result *r, struct pa_strbuf *out)
{
    pa_strbuf_append(out, "Benchmark: ");
    pa_bench_command_line(r, out);
    pa_strbuf_printf(out, "\n%zu round%s after %u warmup round%s\n\n", r->nrounds,
                     r->nrounds == 1 ? "" : "s", r->warmup, r->warmup == 1 ? "" : "s");
}

static void statistics_table(const struct pa_bench_result *r, struct pa_strbuf *out)
{
    double *wall = pa_bench_values(r, PA_BENCH_WALL), *cpu = pa_bench_values(r, PA_BENCH_CPU);
    struct pa_stats s[2];
    pa_stats_describe(wall, r->nrounds, &s[0]);
    pa_stats_describe(cpu, r->nrounds, &s[1]);
    static const char *const names[] = {"wall", "cpu"};
    struct table *t = pa_xcalloc(1, sizeof(*t));
    t->ncols = 7;
    t->align = "lrrrrrl";
    row(t, "", "median", "mean ± stddev", "min", "max", "IQR", "outliers");
    char b[6][CELL];
    struct unit u[2];
    for (int i = 0; i < 2; i++) {
        u[i] = unit_for(s[i].median);
        row(t, names[i], fmt(b[0], u[i], s[i].median), fmt_mean(b[1], u[i], &s[i]),
            fmt(b[2], u[i], s[i].min), fmt(b[3], u[i], s[i].max), fmt(b[4], u[i], s[i].iqr),
            fmt_outliers(b[5], &s[i]));
    }
    render(t, out);
    free(t);
    pa_strbuf_printf(out, "\n  95%% confidence interval of the mean: wall %s, cpu %s\n",
                     fmt_ci(b[0], u[0], &s[0]), fmt_ci(b[1], u[1], &s[1]));
    /* user and system time apart: a change in the kernel's share is easy to miss in cpu */
    double user = 0, sys = 0, rss_min = 0, rss_max = 0;
    for (size_t i = 0; i < r->nrounds; i++) {
        user += r->rounds[i].user;
        sys += r->rounds[i].sys;
        double k = (double)r->rounds[i].max_rss_kib;
        rss_min = i == 0 || k < rss_min ? k : rss_min;
        rss_max = i == 0 || k > rss_max ? k : rss_max;
    }
    if (r->nrounds) {
        struct unit cu = unit_for(s[1].mean);
        pa_strbuf_printf(out, "  cpu = user %s + system %s (means)\n",
                         fmt(b[0], cu, user / (double)r->nrounds),
                         fmt(b[1], cu, sys / (double)r->nrounds));
        pa_strbuf_append(out, "  peak memory (max RSS): ");
        if (rss_max <= (double)r->rss_floor_kib) {
            /* every reading is the high-water mark exec carried over from perfaudit */
            pa_strbuf_append(out, "at most ");
            memory(out, rss_max);
            pa_strbuf_append(out, " (smaller peaks are hidden by perfaudit's own)");
        } else {
            memory(out, rss_min);
            if (rss_max != rss_min) {
                pa_strbuf_append(out, " .. ");
                memory(out, rss_max);
            }
        }
        pa_strbuf_putc(out, '\n');
    }
    free(wall);
    free(cpu);
}

void pa_bench_note_line(const struct pa_bench_comparison *c, struct pa_strbuf *out)
{
    char p[CELL];
    if (c->testable)
        return;
    pa_strbuf_printf(out,
                     "with %zu and %zu rounds the Mann-Whitney test cannot reach p < %.2f (its "
                     "smallest p is %s)",
                     c->after.n, c->before.n, PA_BENCH_ALPHA, fmt_p(p, c->min_p));
    if (c->rounds_needed)
        pa_strbuf_printf(out, "; --rounds %u or more can", c->rounds_needed);
    pa_strbuf_append(out,
                     c->has_threshold ? "; deciding on the --fail-if-slower threshold alone" : "");
}

void pa_bench_verdict_line(const struct pa_bench_comparison *c, struct pa_strbuf *out)
{
    struct unit u = unit_for(c->before.median);
    char b[7][CELL];
    pa_strbuf_printf(out, "%s: %s median %s -> %s (%s), mean %s -> %s (%s)",
                     pa_bench_verdict_name(c->verdict), pa_bench_metric_name(c->metric),
                     fmt(b[0], u, c->before.median), fmt(b[1], u, c->after.median),
                     fmt_pct(b[2], c->median_change_pct), fmt(b[3], u, c->before.mean),
                     fmt(b[4], u, c->after.mean), fmt_pct(b[5], c->mean_change_pct));
    if (c->testable)
        pa_strbuf_printf(out, ", Mann-Whitney p = %s %s %.2f", fmt_p(b[6], c->test.p),
                         c->significant ? "<" : ">=", PA_BENCH_ALPHA);
    else
        pa_strbuf_append(out, ", too few rounds for a significance test");
    if (!c->has_threshold)
        return;
    double pct = c->median_change_pct;
    bool above = isnan(pct) ? c->after.median > c->before.median : pct > c->threshold_pct;
    if (c->fail)
        pa_strbuf_printf(out, "; more than the %g%% that --fail-if-slower allows",
                         c->threshold_pct);
    else if (above)
        pa_strbuf_printf(out, "; above the %g%% of --fail-if-slower but not significant",
                         c->threshold_pct);
    else
        pa_strbuf_printf(out, "; within the %g%% that --fail-if-slower allows", c->threshold_pct);
}

static void comparison_text(const struct pa_bench_report *r, struct pa_strbuf *out)
{
    const struct pa_bench_comparison *c = r->comparison;
    const struct pa_bench_result *base = r->baseline;
    const struct pa_stats *s[2] = {&c->before, &c->after};
    struct unit u = unit_for(c->before.median);
    char b[4][CELL];
    /* the name only when it says more than the path (--save NAME, not --save FILE.json) */
    bool named = base->name && strcmp(base->name, r->baseline_path) != 0;
    pa_strbuf_printf(out, "\nCompared with the baseline %s%s%s(%s), %s time:\n", named ? "'" : "",
                     named ? base->name : "", named ? "' " : "", r->baseline_path,
                     pa_bench_metric_name(c->metric));
    pa_strbuf_printf(out, "  baseline taken %s", base->timestamp ? base->timestamp : "(no date)");
    if (base->revision)
        pa_strbuf_printf(out, " at git %.12s%s", base->revision, base->dirty ? " (dirty)" : "");
    pa_strbuf_append(out, "\n\n");

    struct table *t = pa_xcalloc(1, sizeof(*t));
    t->ncols = 4;
    t->align = "lrrr";
    row(t, "", "baseline", "current", "change");
    row(t, "median", fmt(b[0], u, s[0]->median), fmt(b[1], u, s[1]->median),
        fmt_pct(b[2], c->median_change_pct));
    row(t, "mean ± stddev", fmt_mean(b[0], u, s[0]), fmt_mean(b[1], u, s[1]),
        fmt_pct(b[2], c->mean_change_pct));
    row(t, "min", fmt(b[0], u, s[0]->min), fmt(b[1], u, s[1]->min), "");
    row(t, "max", fmt(b[0], u, s[0]->max), fmt(b[1], u, s[1]->max), "");
    row(t, "IQR", fmt(b[0], u, s[0]->iqr), fmt(b[1], u, s[1]->iqr), "");
    row(t, "95% CI of mean", fmt_ci(b[0], u, s[0]), fmt_ci(b[1], u, s[1]), "");
    row(t, "outliers", fmt_outliers(b[0], s[0]), fmt_outliers(b[1], s[1]), "");
    snprintf(b[0], CELL, "%zu", s[0]->n);
    snprintf(b[1], CELL, "%zu", s[1]->n);
    row(t, "rounds", b[0], b[1], "");
    render(t, out);
    free(t);

    pa_strbuf_printf(out, "\n  Mann-Whitney U = %g, two-sided p = %s (%s, %zu and %zu rounds)\n",
                     c->test.u, fmt_p(b[0], c->test.p),
                     c->test.exact ? "exact" : "normal approximation", s[1]->n, s[0]->n);
    if (!c->testable) {
        pa_strbuf_append(out, "  note: ");
        pa_bench_note_line(c, out);
        pa_strbuf_putc(out, '\n');
    }
    pa_strbuf_append(out, "\nverdict: ");
    pa_bench_verdict_line(c, out);
    pa_strbuf_putc(out, '\n');
}

void pa_bench_report_text(const struct pa_bench_report *r, struct pa_strbuf *out)
{
    heading(r->result, out);
    statistics_table(r->result, out);
    if (r->comparison)
        comparison_text(r, out);
}

static void add_pct(cJSON *obj, const char *key, double pct)
{
    if (isnan(pct))
        cJSON_AddNullToObject(obj, key);
    else
        cJSON_AddNumberToObject(obj, key, pct);
}

static cJSON *comparison_json(const struct pa_bench_report *r)
{
    const struct pa_bench_comparison *c = r->comparison;
    const struct pa_bench_result *base = r->baseline;
    cJSON *o = cJSON_CreateObject();
    cJSON *b = cJSON_AddObjectToObject(o, "baseline");
    cJSON_AddStringToObject(b, "path", r->baseline_path);
    pa_json_add_string_or_null(b, "name", base->name);
    pa_json_add_string_or_null(b, "timestamp", base->timestamp);
    if (base->revision) {
        cJSON *git = cJSON_AddObjectToObject(b, "git");
        cJSON_AddStringToObject(git, "revision", base->revision);
        cJSON_AddBoolToObject(git, "dirty", base->dirty);
    } else {
        cJSON_AddNullToObject(b, "git");
    }
    cJSON_AddNumberToObject(b, "rounds", (double)base->nrounds);
    cJSON_AddStringToObject(o, "metric", pa_bench_metric_name(c->metric));
    double *before = pa_bench_values(base, c->metric);
    double *after = pa_bench_values(r->result, c->metric);
    cJSON_AddItemToObject(o, "baseline_statistics",
                          pa_bench_stats_to_json(&c->before, before, base->nrounds));
    cJSON_AddItemToObject(o, "statistics",
                          pa_bench_stats_to_json(&c->after, after, r->result->nrounds));
    free(before);
    free(after);
    add_pct(o, "median_change_pct", c->median_change_pct);
    add_pct(o, "mean_change_pct", c->mean_change_pct);
    cJSON *mw = cJSON_AddObjectToObject(o, "mann_whitney");
    cJSON_AddNumberToObject(mw, "u", c->test.u);
    cJSON_AddNumberToObject(mw, "z", c->test.z);
    cJSON_AddNumberToObject(mw, "p", c->test.p);
    cJSON_AddStringToObject(mw, "method", c->test.exact ? "exact" : "normal");
    cJSON_AddNumberToObject(mw, "min_p", c->min_p);
    cJSON_AddNumberToObject(o, "alpha", PA_BENCH_ALPHA);
    cJSON_AddBoolToObject(o, "testable", c->testable);
    cJSON_AddBoolToObject(o, "significant", c->significant);
    if (c->has_threshold)
        cJSON_AddNumberToObject(o, "fail_if_slower_pct", c->threshold_pct);
    else
        cJSON_AddNullToObject(o, "fail_if_slower_pct");
    cJSON_AddStringToObject(o, "verdict", pa_bench_verdict_name(c->verdict));
    cJSON_AddBoolToObject(o, "fail", c->fail);
    struct pa_strbuf line = {0};
    pa_bench_verdict_line(c, &line);
    cJSON_AddStringToObject(o, "message", pa_strbuf_cstr(&line));
    pa_strbuf_reset(&line);
    pa_bench_note_line(c, &line);
    pa_json_add_string_or_null(o, "note", line.len ? pa_strbuf_cstr(&line) : NULL);
    pa_strbuf_free(&line);
    return o;
}

void pa_bench_report_json(const struct pa_bench_report *r, struct pa_strbuf *out)
{
    cJSON *doc = pa_bench_to_json(r->result);
    if (r->comparison)
        cJSON_AddItemToObject(doc, "comparison", comparison_json(r));
    pa_json_print(out, doc);
    cJSON_Delete(doc);
}
