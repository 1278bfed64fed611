/* diff_report.c: the before/after comparison as a terminal table, perfaudit-diff/1 JSON and a
 * Markdown section. */
#include "diff_report.h"
#include "json_util.h"
#include "report.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SCHEMA "perfaudit-diff/1"

static unsigned shown(const struct pa_profile_diff *d, unsigned limit)
{
    return limit && limit < d->nrows ? limit : d->nrows;
}

/* "+12.3%", "-99.5%", "new" (nothing before), "gone" (nothing after), "0.0%". */
static void change(char *buf, size_t size, double before, double after)
{
    if (before <= 0 && after <= 0)
        snprintf(buf, size, "-");
    else if (before <= 0)
        snprintf(buf, size, "new");
    else if (after <= 0)
        snprintf(buf, size, "gone");
    else
        snprintf(buf, size, "%+.1f%%", pa_diff_percent(before, after));
}

static void calls(char *buf, size_t size, const struct pa_profile_diff_row *r)
{
    char side[2][24];
    for (int s = 0; s < 2; s++)
        if (r->has_calls[s])
            snprintf(side[s], sizeof side[s], "%llu", (unsigned long long)r->ncalls[s]);
        else
            snprintf(side[s], sizeof side[s], "-");
    snprintf(buf, size, "%s/%s", side[0], side[1]);
}

static void describe_side(struct pa_strbuf *out, const struct pa_profile_diff *d, int side)
{
    pa_strbuf_printf(out, "%s (%s", d->side[side].path, d->side[side].format);
    if (d->side[side].sampled)
        pa_strbuf_printf(out, ", %llu samples", (unsigned long long)d->side[side].samples);
    pa_strbuf_printf(out, ", %.3f s of CPU)\n", d->side[side].total_time);
}

/* "87.1% less time (7.78x faster)" or "12.0% more time (1.14x slower)". */
static void verdict(struct pa_strbuf *out, const struct pa_profile_diff *d)
{
    if (d->side[PA_BEFORE].total_time <= 0) {
        pa_strbuf_append(out, "the baseline has no time to compare with");
        return;
    }
    if (d->delta_total == 0) {
        pa_strbuf_append(out, "no change (0.0%)");
        return;
    }
    if (d->improvement_pct >= 0)
        pa_strbuf_printf(out, "improvement %.1f%% less time", d->improvement_pct);
    else
        pa_strbuf_printf(out, "regression %.1f%% more time", -d->improvement_pct);
    if (d->speedup > 0)
        pa_strbuf_printf(out, " (%.2fx %s)", d->speedup >= 1 ? d->speedup : 1 / d->speedup,
                         d->speedup >= 1 ? "faster" : "slower");
}

static bool any_noise(const struct pa_profile_diff *d, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (d->rows[i].within_noise)
            return true;
    return false;
}

void pa_diff_report_text(const struct pa_profile_diff *d, unsigned limit, struct pa_strbuf *out)
{
    pa_strbuf_append(out, "Before: ");
    describe_side(out, d, PA_BEFORE);
    pa_strbuf_append(out, "After:  ");
    describe_side(out, d, PA_AFTER);
    pa_strbuf_printf(out, "Total:  %.3f s -> %.3f s: ", d->side[PA_BEFORE].total_time,
                     d->side[PA_AFTER].total_time);
    verdict(out, d);
    pa_strbuf_append(out, "\n        (baseline - optimized) / baseline x 100%\n\n");
    unsigned n = shown(d, limit);
    /* each ruler spans its group's four columns: 9 + 1 + 9 + 1 + 9 + 1 + 8 characters */
    pa_strbuf_append(out, "------------- tottime (s) ------------   "
                          "------------- cumtime (s) ------------\n");
    pa_strbuf_printf(out, "%9s %9s %9s %8s   %9s %9s %9s %8s  %13s  %s\n", "before", "after",
                     "delta", "change", "before", "after", "delta", "change", "ncalls b/a",
                     "function (file:line)");
    for (unsigned i = 0; i < n; i++) {
        const struct pa_profile_diff_row *r = &d->rows[i];
        char self_change[24], cum_change[24], ncalls[48];
        change(self_change, sizeof self_change, r->tottime[0], r->tottime[1]);
        if (r->within_noise)
            strcat(self_change, "~");
        change(cum_change, sizeof cum_change, r->cumtime[0], r->cumtime[1]);
        calls(ncalls, sizeof ncalls, r);
        pa_strbuf_printf(out, "%9.3f %9.3f %+9.3f %8s   %9.3f %9.3f %+9.3f %8s  %13s  %s",
                         r->tottime[0], r->tottime[1], r->delta_tottime, self_change, r->cumtime[0],
                         r->cumtime[1], r->delta_cumtime, cum_change, ncalls, r->function);
        if (r->file)
            pa_strbuf_printf(out, " (%s:%u)", r->file, r->line);
        pa_strbuf_putc(out, '\n');
    }
    if (n < d->nrows)
        pa_strbuf_printf(out, "... %u more functions (--limit 0 shows all)\n", d->nrows - n);
    if (any_noise(d, n))
        pa_strbuf_append(out, "~ the change in self time is within sampling noise (under two "
                              "standard deviations)\n");
}

static cJSON *side_json(const struct pa_profile_diff *d, int side)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", d->side[side].path);
    cJSON_AddStringToObject(o, "format", d->side[side].format);
    cJSON_AddStringToObject(o, "mode", d->side[side].sampled ? "sampling" : "instrumented");
    if (d->side[side].sampled)
        cJSON_AddNumberToObject(o, "samples", (double)d->side[side].samples);
    pa_json_add_fixed(o, "total_time", d->side[side].total_time, 6);
    return o;
}

static void add_percent(cJSON *o, const char *key, double before, double after)
{
    double pct = pa_diff_percent(before, after);
    if (isfinite(pct))
        pa_json_add_fixed(o, key, pct, 2);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *pair_json(const double v[2], double delta)
{
    cJSON *o = cJSON_CreateObject();
    pa_json_add_fixed(o, "before", v[0], 6);
    pa_json_add_fixed(o, "after", v[1], 6);
    pa_json_add_fixed(o, "delta", delta, 6);
    add_percent(o, "percent", v[0], v[1]);
    return o;
}

static const char *status(const struct pa_profile_diff_row *r)
{
    if (!r->present[PA_BEFORE])
        return "new";
    if (!r->present[PA_AFTER])
        return "gone";
    return "both";
}

void pa_diff_report_json(const struct pa_profile_diff *d, struct pa_strbuf *out)
{
    pa_json_init();
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", SCHEMA);
    cJSON *tool = cJSON_AddObjectToObject(root, "tool");
    cJSON_AddStringToObject(tool, "name", "perfaudit");
    cJSON_AddStringToObject(tool, "version", PA_VERSION);
    cJSON_AddItemToObject(root, "before", side_json(d, PA_BEFORE));
    cJSON_AddItemToObject(root, "after", side_json(d, PA_AFTER));
    cJSON *total = cJSON_AddObjectToObject(root, "total");
    pa_json_add_fixed(total, "before", d->side[PA_BEFORE].total_time, 6);
    pa_json_add_fixed(total, "after", d->side[PA_AFTER].total_time, 6);
    pa_json_add_fixed(total, "delta", d->delta_total, 6);
    pa_json_add_fixed(total, "improvement_pct", d->improvement_pct, 2);
    if (d->speedup > 0)
        pa_json_add_fixed(total, "speedup", d->speedup, 3);
    else
        cJSON_AddNullToObject(total, "speedup");
    cJSON *rows = cJSON_AddArrayToObject(root, "functions");
    for (unsigned i = 0; i < d->nrows; i++) {
        const struct pa_profile_diff_row *r = &d->rows[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "function", r->function);
        pa_json_add_string_or_null(o, "file", r->file);
        cJSON_AddNumberToObject(o, "line", r->line);
        cJSON_AddStringToObject(o, "status", status(r));
        cJSON_AddItemToObject(o, "tottime", pair_json(r->tottime, r->delta_tottime));
        cJSON_AddItemToObject(o, "cumtime", pair_json(r->cumtime, r->delta_cumtime));
        cJSON *nc = cJSON_AddObjectToObject(o, "ncalls");
        for (int s = 0; s < 2; s++) {
            const char *key = s == PA_BEFORE ? "before" : "after";
            if (r->has_calls[s])
                cJSON_AddNumberToObject(nc, key, (double)r->ncalls[s]);
            else
                cJSON_AddNullToObject(nc, key);
        }
        cJSON_AddBoolToObject(o, "within_noise", r->within_noise);
        cJSON_AddItemToArray(rows, o);
    }
    pa_json_print(out, root);
    cJSON_Delete(root);
}

static void md_seconds(struct pa_strbuf *out, double s)
{
    pa_strbuf_printf(out, " %.3f s |", s);
}

static void write_markdown_row(struct pa_strbuf *out, const struct pa_profile_diff_row *r)
{
    char pct[24];
    pa_strbuf_append(out, "| ");
    pa_markdown_code(out, r->function, true);
    pa_strbuf_append(out, " |");
    md_seconds(out, r->tottime[0]);
    md_seconds(out, r->tottime[1]);
    pa_strbuf_printf(out, " %+.3f s |", r->delta_tottime);
    change(pct, sizeof pct, r->tottime[0], r->tottime[1]);
    pa_strbuf_printf(out, " %s |", pct);
    md_seconds(out, r->cumtime[0]);
    md_seconds(out, r->cumtime[1]);
    for (int s = 0; s < 2; s++)
        if (r->has_calls[s])
            pa_strbuf_printf(out, " %llu |", (unsigned long long)r->ncalls[s]);
        else
            pa_strbuf_append(out, " - |");
    pa_strbuf_putc(out, '\n');
}

void pa_diff_report_markdown(const struct pa_profile_diff *d, unsigned limit, const char *chart,
                             struct pa_strbuf *out)
{
    pa_strbuf_append(out, "## Before and after\n\n| | before | after | change |\n"
                          "|---|---|---|---:|\n| profile | ");
    pa_markdown_code(out, d->side[PA_BEFORE].path, true);
    pa_strbuf_append(out, " | ");
    pa_markdown_code(out, d->side[PA_AFTER].path, true);
    pa_strbuf_append(out, " | |\n| CPU time |");
    md_seconds(out, d->side[PA_BEFORE].total_time);
    md_seconds(out, d->side[PA_AFTER].total_time);
    char pct[24];
    change(pct, sizeof pct, d->side[PA_BEFORE].total_time, d->side[PA_AFTER].total_time);
    pa_strbuf_printf(out, " %s |\n\n**Total: ", pct);
    verdict(out, d);
    pa_strbuf_append(out, "**, computed as (baseline - optimized) / baseline x 100%.\n\n");
    if (chart) {
        pa_strbuf_append(out, "![Self time before and after, per function](");
        pa_strbuf_append(out, chart);
        pa_strbuf_append(out, ")\n\n");
    }
    /* a report lists what changed; changes within sampling noise are counted, not listed */
    unsigned listed = 0, noise = 0;
    for (unsigned i = 0; i < d->nrows; i++) {
        const struct pa_profile_diff_row *r = &d->rows[i];
        if (r->within_noise) {
            noise++;
            continue;
        }
        if (r->delta_tottime == 0)
            continue; /* exact timings that did not change */
        if (limit && listed == limit)
            continue;
        if (!listed++)
            pa_strbuf_append(out, "| function | self before | self after | delta | change | "
                                  "cum before | cum after | calls before | calls after |\n"
                                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        write_markdown_row(out, r);
    }
    unsigned beyond = 0;
    for (unsigned i = 0; i < d->nrows; i++)
        beyond += !d->rows[i].within_noise && d->rows[i].delta_tottime != 0;
    if (!listed)
        pa_strbuf_append(out, "No function's self time changed beyond sampling noise.\n");
    else if (listed < beyond)
        pa_strbuf_printf(out, "\n%u more functions changed less.\n", beyond - listed);
    if (noise)
        pa_strbuf_printf(out,
                         "\n%u function%s changed by less than two standard deviations of the "
                         "sampling error (not listed; `perfaudit diff` shows them, marked ~).\n",
                         noise, noise == 1 ? "" : "s");
    pa_strbuf_putc(out, '\n');
}
