/* bench_baseline.c: the perfaudit-bench/1 document, built and read with cJSON, and the files
 * baselines live in. */
#include "bench_baseline.h"
#include "path.h"
#include "bench_result.h"
#include "error.h"
#include "fileio.h"
#include "json_util.h"
#include "stats.h"
#include "strbuf.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

cJSON *pa_bench_stats_to_json(const struct pa_stats *s, const double *values, size_t n)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)s->n);
    cJSON_AddNumberToObject(o, "min", s->min);
    cJSON_AddNumberToObject(o, "max", s->max);
    cJSON_AddNumberToObject(o, "mean", s->mean);
    cJSON_AddNumberToObject(o, "stddev", s->stddev);
    cJSON_AddNumberToObject(o, "median", s->median);
    cJSON_AddNumberToObject(o, "q1", s->q1);
    cJSON_AddNumberToObject(o, "q3", s->q3);
    cJSON_AddNumberToObject(o, "iqr", s->iqr);
    cJSON_AddNumberToObject(o, "ci95_low", s->ci_low);
    cJSON_AddNumberToObject(o, "ci95_high", s->ci_high);
    cJSON *out = cJSON_AddObjectToObject(o, "outliers");
    cJSON_AddNumberToObject(out, "mild", (double)s->mild);
    cJSON_AddNumberToObject(out, "severe", (double)s->severe);
    cJSON_AddNumberToObject(out, "low", (double)s->low);
    cJSON_AddNumberToObject(out, "high", (double)s->high);
    cJSON *list = cJSON_AddArrayToObject(out, "rounds");
    for (size_t i = 0; i < n; i++) {
        enum pa_outlier kind = pa_stats_outlier(s, values[i]);
        if (kind == PA_OUTLIER_NONE)
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "round", (double)(i + 1));
        cJSON_AddNumberToObject(e, "value", values[i]);
        cJSON_AddStringToObject(e, "severity", kind == PA_OUTLIER_SEVERE ? "severe" : "mild");
        cJSON_AddItemToArray(list, e);
    }
    return o;
}

static void add_statistics(cJSON *parent, const char *key, const double *v, size_t n)
{
    struct pa_stats s;
    pa_stats_describe(v, n, &s);
    cJSON_AddItemToObject(parent, key, pa_bench_stats_to_json(&s, v, n));
}

static cJSON *number_array(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

cJSON *pa_bench_to_json(const struct pa_bench_result *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", PA_BENCH_SCHEMA);
    pa_json_add_string_or_null(root, "name", r->name);
    pa_json_add_string_or_null(root, "timestamp", r->timestamp);
    if (r->revision) {
        cJSON *git = cJSON_AddObjectToObject(root, "git");
        cJSON_AddStringToObject(git, "revision", r->revision);
        cJSON_AddBoolToObject(git, "dirty", r->dirty);
    } else {
        cJSON_AddNullToObject(root, "git");
    }
    cJSON *command = cJSON_AddArrayToObject(root, "command");
    for (size_t i = 0; i < r->ncommand; i++)
        cJSON_AddItemToArray(command, cJSON_CreateString(r->command[i]));
    cJSON *m = cJSON_AddObjectToObject(root, "machine");
    pa_json_add_string_or_null(m, "hostname", r->machine.hostname);
    pa_json_add_string_or_null(m, "os", r->machine.os);
    pa_json_add_string_or_null(m, "cpu", r->machine.cpu);
    if (r->machine.cores > 0)
        cJSON_AddNumberToObject(m, "logical_cores", (double)r->machine.cores);
    else
        cJSON_AddNullToObject(m, "logical_cores");
    if (r->machine.memory > 0)
        cJSON_AddNumberToObject(m, "memory_bytes", (double)r->machine.memory);
    else
        cJSON_AddNullToObject(m, "memory_bytes");
    cJSON_AddNumberToObject(root, "rounds", (double)r->nrounds);
    cJSON_AddNumberToObject(root, "warmup", r->warmup);
    cJSON_AddStringToObject(root, "unit", "s");
    cJSON_AddNumberToObject(root, "max_rss_floor_kib", (double)r->rss_floor_kib);

    size_t n = r->nrounds;
    double *wall = pa_bench_values(r, PA_BENCH_WALL), *cpu = pa_bench_values(r, PA_BENCH_CPU);
    double *user = pa_xmalloc((n ? n : 1) * sizeof(*user)),
           *sys = pa_xmalloc((n ? n : 1) * sizeof(*sys));
    double *rss = pa_xmalloc((n ? n : 1) * sizeof(*rss));
    for (size_t i = 0; i < n; i++) {
        user[i] = r->rounds[i].user;
        sys[i] = r->rounds[i].sys;
        rss[i] = (double)r->rounds[i].max_rss_kib;
    }
    cJSON *stats = cJSON_AddObjectToObject(root, "statistics");
    if (n) {
        add_statistics(stats, "wall", wall, n);
        add_statistics(stats, "cpu", cpu, n);
        add_statistics(stats, "max_rss_kib", rss, n);
    }
    cJSON *samples = cJSON_AddObjectToObject(root, "samples");
    cJSON_AddItemToObject(samples, "wall", number_array(wall, n));
    cJSON_AddItemToObject(samples, "cpu", number_array(cpu, n));
    cJSON_AddItemToObject(samples, "user", number_array(user, n));
    cJSON_AddItemToObject(samples, "sys", number_array(sys, n));
    cJSON_AddItemToObject(samples, "max_rss_kib", number_array(rss, n));
    free(wall);
    free(cpu);
    free(user);
    free(sys);
    free(rss);
    return root;
}

/* The array samples.<key> as n finite values >= 0 (n == 0: any length >= 1), or NULL. */
static double *read_samples(const cJSON *samples, const char *key, size_t *n)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(samples, key);
    size_t len = (size_t)cJSON_GetArraySize(a);
    if (!cJSON_IsArray(a) || len == 0 || (*n && len != *n))
        return NULL;
    double *v = pa_xmalloc(len * sizeof(*v));
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble) || e->valuedouble < 0) {
            free(v);
            return NULL;
        }
        v[i++] = e->valuedouble;
    }
    *n = len;
    return v;
}

static char *string_or_null(const cJSON *obj, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(s) && s->valuestring ? pa_xstrdup(s->valuestring) : NULL;
}

static int from_json(const cJSON *root, const char *path, struct pa_bench_result *r,
                     struct pa_error *err)
{
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, PA_BENCH_SCHEMA) != 0)
        return pa_error_set(err, "%s: not a %s baseline (no \"schema\": \"%s\")", path,
                            PA_BENCH_SCHEMA, PA_BENCH_SCHEMA);
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(root, "samples");
    size_t n = 0;
    double *wall = read_samples(samples, "wall", &n);
    if (!wall)
        return pa_error_set(err, "%s: not a %s baseline (samples.wall is not a list of times)",
                            path, PA_BENCH_SCHEMA);
    double *user = read_samples(samples, "user", &n), *sys = read_samples(samples, "sys", &n);
    double *cpu = user && sys ? NULL : read_samples(samples, "cpu", &n);
    if (!(user && sys) && !cpu) {
        free(wall);
        free(user);
        free(sys);
        return pa_error_set(err, "%s: not a %s baseline (samples.cpu is not a list of %zu times)",
                            path, PA_BENCH_SCHEMA, n);
    }
    double *rss = read_samples(samples, "max_rss_kib", &n);
    r->rounds = pa_xcalloc(n, sizeof(*r->rounds));
    r->nrounds = n;
    for (size_t i = 0; i < n; i++) {
        r->rounds[i].wall = wall[i];
        r->rounds[i].user = cpu ? cpu[i] : user[i]; /* an older writer's cpu alone */
        r->rounds[i].sys = cpu ? 0.0 : sys[i];
        r->rounds[i].max_rss_kib = rss ? (long)rss[i] : 0;
    }
    free(wall);
    free(user);
    free(sys);
    free(cpu);
    free(rss);

    r->name = string_or_null(root, "name");
    r->timestamp = string_or_null(root, "timestamp");
    const cJSON *git = cJSON_GetObjectItemCaseSensitive(root, "git");
    r->revision = string_or_null(git, "revision");
    r->dirty = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(git, "dirty"));
    const cJSON *warmup = cJSON_GetObjectItemCaseSensitive(root, "warmup");
    r->warmup = cJSON_IsNumber(warmup) && warmup->valuedouble >= 0 && warmup->valuedouble < 1e9
                    ? (unsigned)warmup->valuedouble
                    : 0;
    const cJSON *floor = cJSON_GetObjectItemCaseSensitive(root, "max_rss_floor_kib");
    r->rss_floor_kib = cJSON_IsNumber(floor) && floor->valuedouble > 0 && floor->valuedouble < 1e15
                           ? (long)floor->valuedouble
                           : 0;
    const cJSON *command = cJSON_GetObjectItemCaseSensitive(root, "command"), *arg;
    if (cJSON_IsArray(command)) {
        r->command = pa_xcalloc((size_t)cJSON_GetArraySize(command) + 1, sizeof(char *));
        cJSON_ArrayForEach(arg, command)
        {
            if (cJSON_IsString(arg))
                r->command[r->ncommand++] = pa_xstrdup(arg->valuestring);
        }
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "machine");
    r->machine.hostname = string_or_null(m, "hostname");
    r->machine.os = string_or_null(m, "os");
    r->machine.cpu = string_or_null(m, "cpu");
    const cJSON *cores = cJSON_GetObjectItemCaseSensitive(m, "logical_cores");
    const cJSON *memory = cJSON_GetObjectItemCaseSensitive(m, "memory_bytes");
    r->machine.cores = cJSON_IsNumber(cores) && cores->valuedouble > 0 && cores->valuedouble < 1e9
                           ? (long)cores->valuedouble
                           : 0;
    r->machine.memory =
        cJSON_IsNumber(memory) && memory->valuedouble > 0 && memory->valuedouble < 1e19
            ? (unsigned long long)memory->valuedouble
            : 0;
    return 0;
}

int pa_bench_load(const char *path, struct pa_bench_result *out, struct pa_error *err)
{
    char *text = NULL;
    size_t len;
    memset(out, 0, sizeof(*out));
    if (pa_read_file(path, &text, &len, err) < 0)
        return -1;
    cJSON *root = cJSON_ParseWithLength(text, len);
    int rc;
    if (!root || !cJSON_IsObject(root)) {
        const char *at = cJSON_GetErrorPtr();
        rc = root || !at || at < text || at > text + len
                 ? pa_error_set(err, "%s: not a %s baseline (not a JSON object)", path,
                                PA_BENCH_SCHEMA)
                 : pa_error_set(err, "%s: not valid JSON (at byte %zu)", path, (size_t)(at - text));
    } else {
        rc = from_json(root, path, out, err);
    }
    if (rc < 0)
        pa_bench_result_free(out);
    cJSON_Delete(root);
    free(text);
    return rc;
}

int pa_bench_save(const struct pa_bench_result *r, const char *path, struct pa_error *err)
{
    struct pa_strbuf text = {0};
    cJSON *doc = pa_bench_to_json(r);
    pa_json_print(&text, doc);
    cJSON_Delete(doc);
    int rc = pa_write_file_atomic(path, pa_strbuf_cstr(&text), text.len, err);
    pa_strbuf_free(&text);
    return rc;
}

bool pa_bench_baseline_in_dir(const char *name)
{
    return !strchr(name, '/') && !pa_path_has_ext(name, ".json");
}

char *pa_bench_baseline_path(const char *name, const char *dir)
{
    if (!pa_bench_baseline_in_dir(name))
        return pa_xstrdup(name);
    struct pa_strbuf path = {0};
    pa_strbuf_printf(&path, "%s/%s.json", dir, name);
    return pa_strbuf_detach(&path);
}
