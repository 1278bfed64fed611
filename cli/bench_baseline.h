/* bench_baseline.h: the perfaudit-bench/1 document: a benchmark result as JSON (what --format
 * json prints and --save writes, docs/bench.md) and back (what --compare loads), and where a
 * baseline called NAME lives. */
#ifndef PERFAUDIT_BENCH_BASELINE_H
#define PERFAUDIT_BENCH_BASELINE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define PA_BENCH_SCHEMA      "perfaudit-bench/1"
#define PA_BENCH_DEFAULT_DIR ".perfaudit/benchmarks"

struct pa_bench_result;
struct pa_error;
struct pa_stats;

/* The whole document of r, statistics included; the caller deletes it (cJSON_Delete). Call
 * pa_json_init first. */
cJSON *pa_bench_to_json(const struct pa_bench_result *r);
/* One statistics object: s in its fields and each outlier of values[0..n) (s's sample, in
 * round order) listed with its round and severity. */
cJSON *pa_bench_stats_to_json(const struct pa_stats *s, const double *values, size_t n);

/* Reads the baseline at path into *out (the caller's, pa_bench_result_free). A missing file,
 * bad JSON or a document without the samples of a perfaudit-bench/1 one: -1, err naming path. */
int pa_bench_load(const char *path, struct pa_bench_result *out, struct pa_error *err);
/* Writes r's document to path atomically (temp file + rename). */
int pa_bench_save(const struct pa_bench_result *r, const char *path, struct pa_error *err);

/* Where baseline NAME is: NAME itself when it contains a '/' or ends in ".json", else
 * DIR/NAME.json. malloc'd. Example: pa_bench_baseline_path("main", ".perfaudit/benchmarks")
 * is ".perfaudit/benchmarks/main.json". */
char *pa_bench_baseline_path(const char *name, const char *dir);
/* Whether pa_bench_baseline_path puts NAME in DIR (which then may need creating). */
bool pa_bench_baseline_in_dir(const char *name);

#endif
