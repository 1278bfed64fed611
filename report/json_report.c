/* json_report.c: the perfaudit-report/1 JSON document (CONTRACT.md), built with cJSON. */
#include "perfaudit/analysis.h"
#include "perfaudit/rule.h"
#include "json_util.h"
#include "report.h"
#include "perfaudit/profile.h"
#include "perfaudit/ranking.h"
#include "strbuf.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PA_VERSION
#error "PA_VERSION is defined by CMakeLists.txt"
#endif

#define SCHEMA "perfaudit-report/1"

/* Estimates carry two decimals, always written out ("2.00"), so that readers and golden files
 * see one form. */
static void add_estimate(cJSON *obj, const char *key, double x)
{
    pa_json_add_fixed(obj, key, x, 2);
}

static void add_string(cJSON *obj, const char *key, const char *s)
{
    pa_json_add_string_or_null(obj, key, s);
}

static void add_cx(cJSON *obj, const char *key, struct pa_cx cx)
{
    char buf[PA_CX_STRLEN];
    cJSON_AddStringToObject(obj, key, pa_cx_format(cx, buf, sizeof(buf)));
}

static void add_category(cJSON *obj, char category)
{
    char s[2] = {category, '\0'};
    cJSON_AddStringToObject(obj, "category", s);
}

static int by_place(const void *a, const void *b)
{
    return pa_function_compare(*(const struct pa_function *const *)a,
                               *(const struct pa_function *const *)b);
}

static unsigned max_loop_depth(const struct pa_function *fn)
{
    unsigned depth = 0;
    for (unsigned i = 0; i < fn->nloops; i++)
        if (fn->loops[i]->depth > depth)
            depth = fn->loops[i]->depth;
    return depth;
}

static cJSON *functions_json(const struct pa_program *prog)
{
    cJSON *arr = cJSON_CreateArray();
    if (prog->nfunctions == 0)
        return arr;
    const struct pa_function **sorted = pa_xmalloc(prog->nfunctions * sizeof(*sorted));
    memcpy(sorted, prog->functions, prog->nfunctions * sizeof(*sorted));
    qsort(sorted, prog->nfunctions, sizeof(*sorted), by_place);
    for (unsigned i = 0; i < prog->nfunctions; i++) {
        const struct pa_function *fn = sorted[i];
        cJSON *o = cJSON_CreateObject();
        add_string(o, "name", fn->name);
        add_string(o, "file", fn->file);
        cJSON_AddNumberToObject(o, "line", fn->line);
        cJSON_AddNumberToObject(o, "end_line", fn->end_line);
        add_cx(o, "complexity", fn->cx);
        cJSON_AddNumberToObject(o, "loop_depth", max_loop_depth(fn));
        if (fn->incomplete) /* additive: present only on functions that lost code */
            add_string(o, "incomplete", fn->incomplete);
        cJSON_AddItemToArray(arr, o);
    }
    free(sorted);
    return arr;
}

static cJSON *findings_json(const struct pa_findings *list)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < list->n; i++) {
        const struct pa_finding *f = &list->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", f->id);
        cJSON_AddStringToObject(o, "rule", f->rule->id);
        add_category(o, f->rule->category);
        add_string(o, "file", f->file);
        cJSON_AddNumberToObject(o, "line", f->line);
        cJSON_AddNumberToObject(o, "column", f->column);
        add_string(o, "function", f->function ? f->function->name : NULL);
        cJSON *cx = cJSON_AddObjectToObject(o, "complexity");
        add_cx(cx, "current", f->current);
        add_cx(cx, "proposed", f->proposed);
        add_string(o, "message", f->message);
        add_string(o, "suggestion", f->suggestion);
        if (f->derivation && *f->derivation)
            add_string(o, "derivation", f->derivation);
        if (f->function && f->function->incomplete)
            add_string(o, "incomplete", f->function->incomplete);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void add_count_or_null(cJSON *obj, const char *key, bool known, uint64_t n)
{
    if (known)
        cJSON_AddNumberToObject(obj, key, (double)n);
    else
        cJSON_AddNullToObject(obj, key);
}

/* The measured numbers of a function, as CONTRACT names them in hotspots and evidence. */
static void add_measure(cJSON *o, const struct pa_measure *m)
{
    add_count_or_null(o, "ncalls", m->has_calls, m->ncalls);
    pa_json_add_fixed(o, "tottime", m->tottime, 4);
    pa_json_add_fixed(o, "cumtime", m->cumtime, 4);
    pa_json_add_fixed(o, "self_pct", m->self_pct, 1);
    pa_json_add_fixed(o, "cum_pct", m->cum_pct, 1);
}

static cJSON *estimate_json(const struct pa_estimate *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "finding", e->finding->id);
    cJSON_AddStringToObject(o, "rule", e->finding->rule->id);
    cJSON *lines = cJSON_AddArrayToObject(o, "lines");
    cJSON_AddItemToArray(lines, cJSON_CreateNumber(e->first_line));
    cJSON_AddItemToArray(lines, cJSON_CreateNumber(e->last_line));
    pa_json_add_fixed(o, "share_pct", 100.0 * e->share, 1);
    add_estimate(o, "local_speedup", e->local_speedup);
    add_estimate(o, "speedup", e->speedup);
    add_estimate(o, "effort_hours", e->effort_hours);
    if (e->n > 0.0)
        cJSON_AddNumberToObject(o, "n", (double)(long long)(e->n + 0.5));
    add_string(o, "model", e->model);
    add_string(o, "assumption", e->assumption);
    cJSON_AddStringToObject(o, "confidence", pa_confidence_name(e->confidence));
    if (*e->confidence_reason)
        cJSON_AddStringToObject(o, "confidence_reason", e->confidence_reason);
    return o;
}

static cJSON *evidence_json(const struct pa_ranking *ranking, const struct pa_recommendation *r)
{
    cJSON *ev = cJSON_CreateObject();
    if (ranking->profile) {
        cJSON_AddStringToObject(ev, "source", "profile");
        add_string(ev, "profile", ranking->profile->path);
        if (r->kind == PA_REC_FINDINGS)
            add_measure(ev, &r->measure);
        pa_json_add_fixed(ev, "share_pct", 100.0 * r->share, 1);
    } else {
        cJSON_AddStringToObject(ev, "source", "static");
    }
    add_string(ev, "note", r->evidence_note);
    if (r->kind == PA_REC_FINDINGS)
        cJSON_AddStringToObject(ev, "confidence", pa_confidence_name(r->confidence));
    cJSON *estimates = cJSON_AddArrayToObject(ev, "estimates");
    for (size_t k = 0; k < r->nestimates; k++)
        cJSON_AddItemToArray(estimates, estimate_json(r->estimates[k]));
    return ev;
}

static cJSON *recommendations_json(const struct pa_ranking *ranking)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; ranking && i < ranking->n; i++) {
        const struct pa_recommendation *r = &ranking->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "rank", r->rank);
        add_category(o, r->category);
        add_string(o, "function", r->function ? r->function->name : NULL);
        add_string(o, "file", r->file);
        cJSON_AddNumberToObject(o, "line", r->line);
        cJSON *ids = cJSON_AddArrayToObject(o, "findings");
        for (size_t k = 0; k < r->nestimates; k++)
            cJSON_AddItemToArray(ids, cJSON_CreateString(r->estimates[k]->finding->id));
        add_string(o, "current", r->current);
        add_string(o, "proposed", r->proposed);
        add_estimate(o, "estimated_speedup", r->estimated_speedup);
        add_estimate(o, "effort_hours", r->effort_hours);
        add_estimate(o, "leverage", r->leverage);
        cJSON_AddItemToObject(o, "evidence", evidence_json(ranking, r));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *hotspots_json(const struct pa_ranking *ranking)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < ranking->nhotspots; i++) {
        const struct pa_hotspot *h = &ranking->hotspots[i];
        cJSON *o = cJSON_CreateObject();
        add_string(o, "function", h->function->name);
        add_string(o, "file", h->function->file);
        cJSON_AddNumberToObject(o, "line", h->function->line);
        add_measure(o, &h->measure);
        cJSON_AddNumberToObject(o, "samples", (double)h->measure.cum_samples);
        add_cx(o, "complexity", h->function->cx);
        cJSON_AddNumberToObject(o, "findings", (double)h->nfindings);
        if (h->no_known_pattern)
            cJSON_AddStringToObject(o, "note", "hot, no known pattern");
        cJSON *lines = cJSON_AddArrayToObject(o, "hot_lines");
        for (size_t k = 0; k < sizeof(h->lines) / sizeof(h->lines[0]) && h->lines[k].line; k++) {
            cJSON *l = cJSON_CreateObject();
            cJSON_AddNumberToObject(l, "line", h->lines[k].line);
            pa_json_add_fixed(l, "pct", h->lines[k].pct, 1);
            cJSON_AddItemToArray(lines, l);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *profile_json(const struct pa_ranking *ranking)
{
    const struct pa_profile *p = ranking->profile;
    cJSON *o = cJSON_CreateObject();
    add_string(o, "file", p->path);
    add_string(o, "format", p->format);
    cJSON_AddNumberToObject(o, "samples", (double)p->samples);
    pa_json_add_fixed(o, "total_time", ranking->total_time, 4);
    pa_json_add_fixed(o, "analysed_pct", ranking->matched_pct, 1);
    return o;
}

static cJSON *errors_json(const struct pa_program *prog)
{
    cJSON *arr = cJSON_CreateArray();
    for (unsigned i = 0; i < prog->nerrors; i++) {
        cJSON *o = cJSON_CreateObject();
        add_string(o, "file", prog->errors[i].file);
        add_string(o, "message", prog->errors[i].message);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

void pa_report_json(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                    struct pa_strbuf *out)
{
    pa_json_init();
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", SCHEMA);
    cJSON *tool = cJSON_AddObjectToObject(root, "tool");
    cJSON_AddStringToObject(tool, "name", "perfaudit");
    cJSON_AddStringToObject(tool, "version", PA_VERSION);
    cJSON_AddItemToObject(root, "functions", functions_json(&analysis->program));
    cJSON_AddItemToObject(root, "findings", findings_json(&analysis->findings));
    if (ranking && ranking->profile) {
        cJSON_AddItemToObject(root, "profile", profile_json(ranking));
        cJSON_AddItemToObject(root, "hotspots", hotspots_json(ranking));
    }
    cJSON_AddItemToObject(root, "recommendations", recommendations_json(ranking));
    cJSON_AddItemToObject(root, "errors", errors_json(&analysis->program));
    if (analysis->build.compdb) /* additive: files -p left out */
        cJSON_AddNumberToObject(root, "skipped_not_in_compile_database", analysis->nskipped);
    /* additive: files only ever #included, where no analysed unit's preprocessing reached */
    cJSON_AddNumberToObject(root, "not_reached_through_includes", analysis->nunreached);

    pa_json_print(out, root);
    cJSON_Delete(root);
}
