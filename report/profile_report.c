/* profile_report.c: the pstats-style table, as text and as perfaudit-profile/1 JSON. */
#include "profile_report.h"
#include "json_util.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA "perfaudit-profile/1"

const char *pa_profile_sort_name(enum pa_profile_sort sort)
{
    switch (sort) {
    case PA_SORT_CUMTIME:
        return "cumtime";
    case PA_SORT_NCALLS:
        return "ncalls";
    default:
        return "tottime";
    }
}

static unsigned shown(const struct pa_profile_table *t, const struct pa_profile_report_options *o)
{
    return o->limit && o->limit < t->nrows ? o->limit : t->nrows;
}

/* "src/dedupe.c:40(find_dupes)", or "app:0(0x4011a0)" without debug information. */
static void place(struct pa_strbuf *out, const struct pa_prof_function *f)
{
    pa_strbuf_printf(out, "%s:%u(%s)",
                     f->file     ? f->file
                     : f->module ? f->module
                                 : "~",
                     f->line, f->name);
}

static void header(const struct pa_profile *p, const struct pa_profile_table *t,
                   struct pa_strbuf *out)
{
    if (p->mode == PA_PROFILE_INSTRUMENTED) {
        uint64_t calls = 0;
        for (unsigned i = 0; i < t->nrows; i++)
            calls += t->rows[i].ncalls;
        pa_strbuf_printf(out, "%llu function calls in %.3f seconds (instrumented, exact counts)\n",
                         (unsigned long long)calls, t->total_time);
    } else {
        pa_strbuf_printf(out, "%llu samples", (unsigned long long)p->samples);
        if (p->frequency_hz > 0)
            pa_strbuf_printf(out, " at %g Hz%s", p->frequency_hz,
                             p->period_assumed ? " (assumed: the file does not say)" : "");
        pa_strbuf_printf(out, ", %.3f seconds of CPU", t->total_time);
        if (p->duration > 0)
            pa_strbuf_printf(out, " in %.3f seconds", p->duration);
        if (p->processes > 1 || p->threads > 1)
            pa_strbuf_printf(out, ", %u process%s, %u thread%s", p->processes,
                             p->processes == 1 ? "" : "es", p->threads, p->threads == 1 ? "" : "s");
        pa_strbuf_append(out, " (sampled: call counts are not measured)\n");
    }
    pa_strbuf_printf(out, "profile: %s (%s)\n\n", p->path, p->format);
}

void pa_profile_report_text(const struct pa_profile *p, const struct pa_profile_table *t,
                            const struct pa_profile_report_options *o, struct pa_strbuf *out)
{
    static const char *const order[] = {"internal time", "cumulative time", "call count"};
    header(p, t, out);
    pa_strbuf_printf(out, "   Ordered by: %s\n\n", order[o->sort]);
    pa_strbuf_append(out,
                     "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n");
    unsigned n = shown(t, o);
    for (unsigned i = 0; i < n; i++) {
        const struct pa_profile_row *r = &t->rows[i];
        char calls[48] = "-", per1[32] = "-", per2[32] = "-";
        if (r->has_calls) {
            if (r->ncalls != r->primitive_calls)
                snprintf(calls, sizeof(calls), "%llu/%llu", (unsigned long long)r->ncalls,
                         (unsigned long long)r->primitive_calls);
            else
                snprintf(calls, sizeof(calls), "%llu", (unsigned long long)r->ncalls);
            if (r->ncalls)
                snprintf(per1, sizeof(per1), "%.3f", r->tottime / (double)r->ncalls);
            if (r->primitive_calls)
                snprintf(per2, sizeof(per2), "%.3f", r->cumtime / (double)r->primitive_calls);
        }
        pa_strbuf_printf(out, "%9s %8.3f %8s %8.3f %8s ", calls, r->tottime, per1, r->cumtime,
                         per2);
        place(out, &p->functions[r->function]);
        pa_strbuf_putc(out, '\n');
    }
    if (n < t->nrows)
        pa_strbuf_printf(out, "   ... %u more functions (--limit)\n", t->nrows - n);
    unsigned lrows = o->line_rows < n ? o->line_rows : n;
    for (unsigned i = 0; i < lrows; i++) {
        const struct pa_profile_row *r = &t->rows[i];
        const struct pa_prof_function *f = &p->functions[r->function];
        struct pa_profile_line *lines = NULL;
        unsigned nl = pa_profile_lines(p, r->function, &lines);
        pa_strbuf_printf(out, "\n   %s", f->name);
        if (f->file)
            pa_strbuf_printf(out, " (%s)", f->file);
        pa_strbuf_printf(out, ": %llu self samples\n", (unsigned long long)r->self_samples);
        if (nl == 0)
            pa_strbuf_append(out, "      no line information (build with -g)\n");
        for (unsigned k = 0; k < nl && k < 10; k++)
            pa_strbuf_printf(
                out, "      line %5u  %8llu samples  %5.1f%%\n", lines[k].line,
                (unsigned long long)lines[k].samples,
                r->self_samples ? 100.0 * (double)lines[k].samples / (double)r->self_samples : 0.0);
        free(lines);
    }
}

void pa_profile_report_json(const struct pa_profile *p, const struct pa_profile_table *t,
                            const struct pa_profile_report_options *o, struct pa_strbuf *out)
{
    pa_json_init();
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", SCHEMA);
    cJSON *tool = cJSON_AddObjectToObject(root, "tool");
    cJSON_AddStringToObject(tool, "name", "perfaudit");
    cJSON_AddStringToObject(tool, "version", PA_VERSION);
    cJSON *prof = cJSON_AddObjectToObject(root, "profile");
    cJSON_AddStringToObject(prof, "file", p->path);
    cJSON_AddStringToObject(prof, "format", p->format);
    cJSON_AddStringToObject(prof, "mode",
                            p->mode == PA_PROFILE_INSTRUMENTED ? "instrumented" : "sampling");
    if (p->frequency_hz > 0)
        cJSON_AddNumberToObject(prof, "frequency_hz", p->frequency_hz);
    else
        cJSON_AddNullToObject(prof, "frequency_hz");
    cJSON_AddNumberToObject(prof, "samples", (double)p->samples);
    pa_json_add_fixed(prof, "duration", p->duration > 0 ? p->duration : t->total_time, 3);
    cJSON_AddNumberToObject(prof, "processes", p->processes);
    cJSON_AddNumberToObject(prof, "threads", p->threads);
    if (p->period_assumed)
        cJSON_AddStringToObject(prof, "note",
                                "the file does not give the sampling rate: times assume it");
    cJSON_AddStringToObject(root, "sort", pa_profile_sort_name(o->sort));
    cJSON *rows = cJSON_AddArrayToObject(root, "functions");
    unsigned n = shown(t, o);
    for (unsigned i = 0; i < n; i++) {
        const struct pa_profile_row *r = &t->rows[i];
        const struct pa_prof_function *f = &p->functions[r->function];
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "function", f->name);
        pa_json_add_string_or_null(row, "file", f->file);
        if (f->file && f->line)
            cJSON_AddNumberToObject(row, "line", f->line);
        else
            cJSON_AddNullToObject(row, "line");
        pa_json_add_string_or_null(row, "module", f->module);
        if (r->has_calls) {
            cJSON_AddNumberToObject(row, "ncalls", (double)r->ncalls);
            cJSON_AddNumberToObject(row, "primitive_calls", (double)r->primitive_calls);
        } else {
            cJSON_AddNullToObject(row, "ncalls");
            cJSON_AddNullToObject(row, "primitive_calls");
        }
        pa_json_add_fixed(row, "tottime", r->tottime, 6);
        pa_json_add_fixed(row, "cumtime", r->cumtime, 6);
        pa_json_add_fixed(row, "self_pct", r->self_pct, 2);
        pa_json_add_fixed(row, "cum_pct", r->cum_pct, 2);
        cJSON_AddNumberToObject(row, "samples", (double)r->self_samples);
        if (i < o->line_rows) {
            struct pa_profile_line *lines = NULL;
            unsigned nl = pa_profile_lines(p, r->function, &lines);
            cJSON *arr = cJSON_AddArrayToObject(row, "lines");
            for (unsigned k = 0; k < nl; k++) {
                cJSON *l = cJSON_CreateObject();
                cJSON_AddNumberToObject(l, "line", lines[k].line);
                cJSON_AddNumberToObject(l, "samples", (double)lines[k].samples);
                cJSON_AddItemToArray(arr, l);
            }
            free(lines);
        }
        cJSON_AddItemToArray(rows, row);
    }
    pa_json_print(out, root);
    cJSON_Delete(root);
}
