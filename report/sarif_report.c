/* sarif_report.c: the SARIF 2.1.0 log (what GitHub code scanning reads), built with cJSON. */
#include "perfaudit/analysis.h"
#include "perfaudit/ranking.h"
#include "perfaudit/rule.h"
#include "error.h"
#include "fileio.h"
#include "json_util.h"
#include "line_index.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PA_VERSION
#error "PA_VERSION is defined by CMakeLists.txt"
#endif
#ifndef PA_DOCS_URL
#error "PA_DOCS_URL is defined by CMakeLists.txt (PERFAUDIT_DOCS_URL)"
#endif

#define SARIF_SCHEMA    "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_VERSION   "2.1.0"
#define INFORMATION_URI "https://github.com/perfaudit/perfaudit"
#define SRCROOT         "%SRCROOT%"
#define FINGERPRINT_KEY "perfauditFindingHash/v1"

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME  UINT64_C(0x100000001b3)

/* FNV-1a, 64 bits: small, fixed by its definition, so fingerprints match across builds. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* The field and a NUL after it, so that ("ab", "c") and ("a", "bc") hash apart. */
static uint64_t fnv1a_field(uint64_t h, const char *s, size_t n)
{
    return fnv1a(fnv1a(h, s, n), "", 1);
}

static uint64_t fnv1a_str(uint64_t h, const char *s)
{
    return fnv1a_field(h, s ? s : "", s ? strlen(s) : 0);
}

/* MurmurHash3's fmix64: FNV-1a barely stirs its last bytes, and the occurrence count comes
 * last; this spreads it over all 64 bits. */
static uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* The source file the last finding was in: findings come sorted by file, so each file is read
 * and indexed once. */
struct source {
    const char *path; /* borrowed from the findings; NULL before the first */
    char *text;       /* NULL when the file cannot be read */
    struct pa_line_index lines;
};

static void source_free(struct source *src)
{
    pa_line_index_free(&src->lines);
    free(src->text);
}

/* Fills out with the text of line `line` of path, its blanks collapsed to single spaces and
 * trimmed. False when the file cannot be read or has no such line. */
static bool source_line(struct source *src, const char *path, unsigned line, struct pa_strbuf *out)
{
    if (!path || line == 0)
        return false;
    if (!src->path || strcmp(src->path, path) != 0) {
        struct pa_error err;
        size_t size = 0;
        source_free(src);
        *src = (struct source){.path = path};
        if (pa_read_file(path, &src->text, &size, &err) < 0)
            src->text = NULL; /* the fingerprint falls back to the column */
        pa_line_index_build(&src->lines, src->text, src->text ? size : 0);
    }
    const char *s;
    size_t len;
    if (!pa_line_index_get(&src->lines, line, &s, &len))
        return false;
    pa_strbuf_reset(out);
    bool blank = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            blank = true;
            continue;
        }
        if (blank && out->len > 0)
            pa_strbuf_putc(out, ' ');
        blank = false;
        pa_strbuf_putc(out, c);
    }
    return true;
}

struct keyed {
    uint64_t base; /* the hash of (rule, file, function, line text) */
    size_t index;  /* the finding's place in the report */
};

static int by_base(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->base != y->base)
        return x->base < y->base ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* One fingerprint per finding (caller frees): the hash of its rule, file, function and
 * normalised source line, then of its occurrence among identical tuples in report order. The
 * line number is left out so that code moving up or down keeps its fingerprint. */
static uint64_t *fingerprints(const struct pa_findings *list)
{
    uint64_t *fp = pa_xcalloc(list->n ? list->n : 1, sizeof(*fp));
    struct keyed *keys = pa_xcalloc(list->n ? list->n : 1, sizeof(*keys));
    struct source src = {0};
    struct pa_strbuf text = {0};
    for (size_t i = 0; i < list->n; i++) {
        const struct pa_finding *f = &list->items[i];
        uint64_t h = FNV_OFFSET;
        h = fnv1a_str(h, f->rule->id);
        h = fnv1a_str(h, f->file);
        h = fnv1a_str(h, f->function ? f->function->name : NULL);
        if (source_line(&src, f->file, f->line, &text)) {
            h = fnv1a_str(h, "text");
            h = fnv1a_field(h, pa_strbuf_cstr(&text), text.len);
        } else {
            char col[32];
            int n = snprintf(col, sizeof(col), "%u", f->column);
            h = fnv1a_str(h, "column");
            h = fnv1a_field(h, col, (size_t)n);
        }
        keys[i] = (struct keyed){h, i};
    }
    qsort(keys, list->n, sizeof(*keys), by_base);
    size_t occurrence = 0;
    for (size_t i = 0; i < list->n; i++) {
        occurrence = i > 0 && keys[i].base == keys[i - 1].base ? occurrence + 1 : 0;
        char count[32];
        int n = snprintf(count, sizeof(count), "%zu", occurrence);
        fp[keys[i].index] = fmix64(fnv1a(keys[i].base, count, (size_t)n));
    }
    pa_strbuf_free(&text);
    source_free(&src);
    free(keys);
    return fp;
}

/* Appends path percent-encoded but for RFC 3986's unreserved characters and '/'. */
static void append_uri_path(struct pa_strbuf *out, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            pa_strbuf_putc(out, (char)*p);
        else
            pa_strbuf_printf(out, "%%%02X", *p);
    }
}

/* {"physicalLocation": {"artifactLocation": ..., "region": ...}}; a relative file is relative
 * to %SRCROOT% (the working directory), an absolute one a file:// URI. line 0: no region. */
static cJSON *location_json(const char *file, unsigned line, unsigned column)
{
    struct pa_strbuf uri = {0};
    cJSON *loc = cJSON_CreateObject();
    cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
    cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
    if (file[0] == '/')
        pa_strbuf_append(&uri, "file://");
    append_uri_path(&uri, file);
    cJSON_AddStringToObject(art, "uri", pa_strbuf_cstr(&uri));
    if (file[0] != '/')
        cJSON_AddStringToObject(art, "uriBaseId", SRCROOT);
    if (line > 0) {
        cJSON *region = cJSON_AddObjectToObject(phys, "region");
        cJSON_AddNumberToObject(region, "startLine", line);
        if (column > 0)
            cJSON_AddNumberToObject(region, "startColumn", column);
    }
    pa_strbuf_free(&uri);
    return loc;
}

static void add_message(cJSON *obj, const char *key, const char *text)
{
    cJSON_AddStringToObject(cJSON_AddObjectToObject(obj, key), "text", text ? text : "");
}

/* GitHub shows warnings for the categories that change complexity or I/O (A, B), notes for
 * the rest. */
static const char *level_of(char category)
{
    return category == 'A' || category == 'B' ? "warning" : "note";
}

static cJSON *rule_json(const struct pa_rule *rule)
{
    struct pa_strbuf sb = {0};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", rule->id);
    bool upper = true; /* "nested-loop" -> "NestedLoop" */
    for (const char *p = rule->id; *p; p++) {
        if (*p == '-') {
            upper = true;
            continue;
        }
        pa_strbuf_putc(&sb, upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
        upper = false;
    }
    cJSON_AddStringToObject(o, "name", pa_strbuf_cstr(&sb));
    add_message(o, "shortDescription", rule->title);
    add_message(o, "fullDescription", rule->summary);
    cJSON *config = cJSON_AddObjectToObject(o, "defaultConfiguration");
    cJSON_AddStringToObject(config, "level", level_of(rule->category));

    pa_strbuf_reset(&sb);
    pa_strbuf_printf(&sb, "%s%s.md", PA_DOCS_URL, rule->id);
    cJSON_AddStringToObject(o, "helpUri", pa_strbuf_cstr(&sb));
    cJSON *help = cJSON_AddObjectToObject(o, "help");
    struct pa_strbuf text = {0};
    pa_strbuf_printf(&text, "%s %s", rule->summary, rule->remedy);
    cJSON_AddStringToObject(help, "text", pa_strbuf_cstr(&text));
    pa_strbuf_reset(&text);
    pa_strbuf_printf(&text, "**%s** (category %c)\n\n%s\n\n**Remedy:** %s\n\nSee [%s](%s).",
                     rule->title, rule->category, rule->summary, rule->remedy, rule->id,
                     pa_strbuf_cstr(&sb));
    cJSON_AddStringToObject(help, "markdown", pa_strbuf_cstr(&text));

    pa_strbuf_reset(&sb);
    pa_strbuf_printf(&sb, "category-%c", rule->category);
    cJSON *tags = cJSON_AddArrayToObject(cJSON_AddObjectToObject(o, "properties"), "tags");
    cJSON_AddItemToArray(tags, cJSON_CreateString(pa_strbuf_cstr(&sb)));
    cJSON_AddItemToArray(tags, cJSON_CreateString("performance"));
    pa_strbuf_free(&text);
    pa_strbuf_free(&sb);
    return o;
}

static cJSON *driver_json(void)
{
    cJSON *driver = cJSON_CreateObject();
    cJSON_AddStringToObject(driver, "name", "perfaudit");
    cJSON_AddStringToObject(driver, "version", PA_VERSION);
    cJSON_AddStringToObject(driver, "semanticVersion", PA_VERSION);
    cJSON_AddStringToObject(driver, "informationUri", INFORMATION_URI);
    cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
    for (size_t i = 0; i < pa_nrules; i++)
        cJSON_AddItemToArray(rules, rule_json(pa_rules[i]));
    return driver;
}

static int rule_index(const struct pa_rule *rule)
{
    for (size_t i = 0; i < pa_nrules; i++)
        if (pa_rules[i] == rule || strcmp(pa_rules[i]->id, rule->id) == 0)
            return (int)i;
    return -1;
}

/* For each finding, the ranked recommendation it belongs to, or NULL (caller frees). */
static const struct pa_recommendation **recommendations_of(const struct pa_findings *list,
                                                           const struct pa_ranking *ranking)
{
    const struct pa_recommendation **of = pa_xcalloc(list->n ? list->n : 1, sizeof(*of));
    for (size_t i = 0; ranking && i < ranking->n; i++) {
        const struct pa_recommendation *r = &ranking->items[i];
        for (size_t k = 0; k < r->nestimates; k++) {
            const struct pa_finding *f = r->estimates[k]->finding;
            if (f >= list->items && f < list->items + list->n)
                of[f - list->items] = r;
        }
    }
    return of;
}

static void add_cx(cJSON *obj, const char *key, struct pa_cx cx)
{
    char buf[PA_CX_STRLEN];
    cJSON_AddStringToObject(obj, key, pa_cx_format(cx, buf, sizeof(buf)));
}

static cJSON *result_json(const struct pa_finding *f, uint64_t fingerprint,
                          const struct pa_recommendation *rec, const struct pa_estimate *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ruleId", f->rule->id);
    int index = rule_index(f->rule);
    if (index >= 0)
        cJSON_AddNumberToObject(o, "ruleIndex", index);
    cJSON_AddStringToObject(o, "level", level_of(f->rule->category));
    struct pa_strbuf sb = {0};
    pa_strbuf_printf(&sb, "%s. Fix: %s", f->message ? f->message : "",
                     f->suggestion ? f->suggestion : "");
    add_message(o, "message", pa_strbuf_cstr(&sb));
    pa_strbuf_free(&sb);

    cJSON *locations = cJSON_AddArrayToObject(o, "locations");
    cJSON *loc = location_json(f->file ? f->file : "", f->line, f->column);
    if (f->function) {
        cJSON *logical = cJSON_CreateObject();
        cJSON_AddStringToObject(logical, "name", f->function->name);
        cJSON_AddStringToObject(logical, "kind", "function");
        cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), logical);
    }
    cJSON_AddItemToArray(locations, loc);

    char hex[17];
    snprintf(hex, sizeof(hex), "%016" PRIx64, fingerprint);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "partialFingerprints"), FINGERPRINT_KEY,
                            hex);

    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    char category[2] = {f->rule->category, '\0'};
    cJSON_AddStringToObject(props, "category", category);
    cJSON *cx = cJSON_AddObjectToObject(props, "complexity");
    add_cx(cx, "current", f->current);
    add_cx(cx, "proposed", f->proposed);
    if (f->derivation && *f->derivation) /* how the loops behind the complexity were counted */
        cJSON_AddStringToObject(props, "derivation", f->derivation);
    if (f->function && f->function->incomplete) /* the model may miss code of the function */
        cJSON_AddStringToObject(props, "incomplete", f->function->incomplete);
    if (rec) {
        cJSON_AddNumberToObject(props, "rank", rec->rank);
        pa_json_add_fixed(props, "estimated_speedup", rec->estimated_speedup, 2);
        pa_json_add_fixed(props, "effort_hours", rec->effort_hours, 2);
        pa_json_add_fixed(props, "leverage", rec->leverage, 2);
        cJSON_AddStringToObject(props, "evidence", rec->evidence_note);
    }
    if (e) {
        /* this finding's own estimate, with what it rests on */
        cJSON_AddStringToObject(props, "evidence_source", e->measured ? "profile" : "static");
        pa_json_add_fixed(props, "share_pct", 100.0 * e->share, 1);
        pa_json_add_fixed(props, "local_speedup", e->local_speedup, 2);
        cJSON_AddStringToObject(props, "model", e->model);
        cJSON_AddStringToObject(props, "assumption", e->assumption ? e->assumption : "");
    }
    return o;
}

static cJSON *results_json(const struct pa_findings *list, const struct pa_ranking *ranking)
{
    cJSON *arr = cJSON_CreateArray();
    uint64_t *fp = fingerprints(list);
    const struct pa_recommendation **rec = recommendations_of(list, ranking);
    for (size_t i = 0; i < list->n; i++)
        cJSON_AddItemToArray(
            arr, result_json(&list->items[i], fp[i], rec[i],
                             ranking ? pa_ranking_estimate(ranking, &list->items[i]) : NULL));
    free(rec);
    free(fp);
    return arr;
}

/* The run itself succeeded; files that did not parse are error notifications on it. */
static cJSON *invocations_json(const struct pa_program *prog)
{
    cJSON *arr = cJSON_CreateArray();
    cJSON *inv = cJSON_CreateObject();
    if (prog->nerrors) {
        cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
        for (unsigned i = 0; i < prog->nerrors; i++) {
            const struct pa_parse_error *e = &prog->errors[i];
            const char *file = e->file ? e->file : "";
            struct pa_strbuf sb = {0};
            cJSON *n = cJSON_CreateObject();
            cJSON_AddStringToObject(n, "level", "error");
            pa_strbuf_printf(&sb, "%s: %s", file, e->message ? e->message : "does not parse");
            add_message(n, "message", pa_strbuf_cstr(&sb));
            pa_strbuf_free(&sb);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(n, "locations"), location_json(file, 0, 0));
            cJSON_AddItemToArray(notes, n);
        }
    }
    cJSON_AddTrueToObject(inv, "executionSuccessful");
    cJSON_AddItemToArray(arr, inv);
    return arr;
}

/* %SRCROOT% is the working directory, which relative paths were given from; left out when
 * it cannot be read (GitHub then resolves against the checkout). */
static void add_uri_base_ids(cJSON *run)
{
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return;
    struct pa_strbuf uri = {0};
    pa_strbuf_append(&uri, "file://");
    append_uri_path(&uri, cwd);
    if (uri.len == 0 || uri.data[uri.len - 1] != '/')
        pa_strbuf_putc(&uri, '/');
    cJSON *ids = cJSON_AddObjectToObject(run, "originalUriBaseIds");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(ids, SRCROOT), "uri", pa_strbuf_cstr(&uri));
    pa_strbuf_free(&uri);
    free(cwd);
}

void pa_report_sarif(const struct pa_analysis *analysis, const struct pa_ranking *ranking,
                     struct pa_strbuf *out)
{
    pa_json_init();
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(root, "version", SARIF_VERSION);
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), run);
    cJSON_AddItemToObject(cJSON_AddObjectToObject(run, "tool"), "driver", driver_json());
    cJSON_AddItemToObject(run, "invocations", invocations_json(&analysis->program));
    add_uri_base_ids(run);
    cJSON_AddItemToObject(run, "results", results_json(&analysis->findings, ranking));

    pa_json_print(out, root);
    cJSON_Delete(root);
}
