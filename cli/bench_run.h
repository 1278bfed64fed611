/* bench_run.h: running a command round after round and timing each round: the wall clock, the
 * child's CPU time and its peak memory. */
#ifndef PERFAUDIT_BENCH_RUN_H
#define PERFAUDIT_BENCH_RUN_H

#include <stdbool.h>

struct pa_bench_round;
struct pa_error;

struct pa_bench_run_options {
    char *const *command; /* NULL-terminated; run with posix_spawnp, no shell, PATH searched */
    unsigned warmup;      /* rounds run first and discarded (caches, page cache, CPU clocks) */
    unsigned rounds;      /* measured rounds, >= 1 */
    bool show_output;     /* pass stdout and stderr through instead of /dev/null */
};

/* Runs the warmup rounds, then the measured ones into *out (o->rounds entries, malloc'd, the
 * caller's to free). stdin is /dev/null. A command that cannot start, exits non-zero or is
 * killed stops the benchmark: -1 with err naming the command, its status and the round, and
 * *out NULL. Example: pa_bench_run(&(struct pa_bench_run_options){argv, 1, 10}, &r, &err). */
int pa_bench_run(const struct pa_bench_run_options *o, struct pa_bench_round **out,
                 struct pa_error *err);

/* The floor under every max_rss_kib pa_bench_run measures: perfaudit's own peak RSS, which
 * the kernel carries into each child at exec (getrusage(RUSAGE_SELF).ru_maxrss). */
long pa_bench_rss_floor_kib(void);

#endif
