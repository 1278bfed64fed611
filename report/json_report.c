/* json_report.c: the perfaudit-report/1 JSON document (CONTRACT.md), built with cJSON. */
#include "perfaudit/analysis.h"
#include "perfaudit/rule.h"
#include "report.h"
#include "static_ranking.h"
#include "strbuf.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PA_VERSION
#error "PA_VERSION is defined by CMakeLists.txt"
#endif

#define SCHEMA "perfaudit-report/1"

/* Estimates carry two decimals, always written out ("2.00"), so that readers and golden files
 * see one form. A raw cJSON item is printed verbatim. */
static void add_estimate(cJSON *obj, const char *key, double x)
{
    char buf[64];
    if (x != x || x > 1e300 || x < -1e300)
        x = 0.0; /* not reachable with the ranking's inputs; keeps the document valid JSON */
    snprintf(buf, sizeof(buf), "%.2f", x);
    cJSON_AddRawToObject(obj, key, buf);
}

/* A string member, or null where the model has none. */
static void add_string(cJSON *obj, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(obj, key, s);
    else
        cJSON_AddNullToObject(obj, key);
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
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
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
        for (size_t k = 0; k < r->nfindings; k++)
            cJSON_AddItemToArray(ids, cJSON_CreateString(r->findings[k]->id));
        add_string(o, "current", r->current);
        add_string(o, "proposed", r->proposed);
        add_estimate(o, "estimated_speedup", r->estimated_speedup);
        add_estimate(o, "effort_hours", r->effort_hours);
        add_estimate(o, "leverage", r->leverage);
        cJSON *evidence = cJSON_AddObjectToObject(o, "evidence");
        cJSON_AddStringToObject(evidence, "source", "static");
        cJSON_AddStringToObject(evidence, "note", PA_STATIC_RANKING_NOTE);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
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

static void indent(struct pa_strbuf *out, int depth)
{
    pa_strbuf_putc(out, '\n');
    for (int i = 0; i < depth; i++)
        pa_strbuf_append(out, "  ");
}

/* Pretty-prints with two-space indentation (cJSON_Print indents with tabs and puts a tab after
 * every colon); cJSON still writes every scalar, so escaping and numbers are its own. */
static void print_json(struct pa_strbuf *out, const cJSON *item, int depth)
{
    if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        bool object = cJSON_IsObject(item);
        if (!item->child) {
            pa_strbuf_append(out, object ? "{}" : "[]");
            return;
        }
        pa_strbuf_putc(out, object ? '{' : '[');
        for (const cJSON *c = item->child; c; c = c->next) {
            indent(out, depth + 1);
            if (object)
                pa_strbuf_printf(out, "\"%s\": ", c->string); /* keys are this file's literals */
            print_json(out, c, depth + 1);
            if (c->next)
                pa_strbuf_putc(out, ',');
        }
        indent(out, depth);
        pa_strbuf_putc(out, object ? '}' : ']');
        return;
    }
    char *text = cJSON_PrintUnformatted(item);
    if (!text) {
        fputs("perfaudit: out of memory\n", stderr); /* cJSON's own failure path */
        abort();
    }
    pa_strbuf_append(out, text);
    cJSON_free(text);
}

void pa_report_json(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                    struct pa_strbuf *out)
{
    /* Out of memory aborts in pa_xmalloc, as everywhere else: no NULL checks below. */
    cJSON_Hooks hooks = {pa_xmalloc, free};
    cJSON_InitHooks(&hooks);

    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", SCHEMA);
    cJSON *tool = cJSON_AddObjectToObject(root, "tool");
    cJSON_AddStringToObject(tool, "name", "perfaudit");
    cJSON_AddStringToObject(tool, "version", PA_VERSION);
    cJSON_AddItemToObject(root, "functions", functions_json(&analysis->program));
    cJSON_AddItemToObject(root, "findings", findings_json(&analysis->findings));
    cJSON_AddItemToObject(root, "recommendations", recommendations_json(ranking));
    cJSON_AddItemToObject(root, "errors", errors_json(&analysis->program));

    print_json(out, root, 0);
    pa_strbuf_putc(out, '\n');
    cJSON_Delete(root);
}
