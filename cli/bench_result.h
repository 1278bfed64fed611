/* bench_result.h: one benchmark of perfaudit bench as a value: what ran, where, when, from which
 * revision, and the time of every round. A fresh run and a loaded baseline look alike.
 * Ownership: every pointer in a result belongs to it; pa_bench_result_free releases them all. */
#ifndef PERFAUDIT_BENCH_RESULT_H
#define PERFAUDIT_BENCH_RESULT_H

#include <stdbool.h>
#include <stddef.h>

struct pa_strbuf;

enum pa_bench_metric {
    PA_BENCH_WALL, /* elapsed time from spawn to reaped (CLOCK_MONOTONIC) */
    PA_BENCH_CPU,  /* the child's user + system time (wait4's rusage) */
};

struct pa_bench_round {
    double wall, user, sys; /* seconds */
    long max_rss_kib;       /* the child's peak resident set (ru_maxrss) */
};

struct pa_bench_machine {
    char *hostname, *os, *cpu; /* os: "Linux 6.1.0-18-amd64 x86_64"; each may be NULL */
    long cores;                /* logical processors online; 0 when unknown */
    unsigned long long memory; /* bytes of physical memory; 0 when unknown */
};

struct pa_bench_result {
    char *name;      /* the baseline's name, or NULL */
    char *timestamp; /* ISO 8601 UTC, "2024-05-01T09:30:00Z" */
    char *revision;  /* git HEAD of the working directory's repository, or NULL */
    bool dirty;      /* with revision: uncommitted changes (git status --porcelain) */
    char **command;  /* ncommand arguments */
    size_t ncommand;
    struct pa_bench_machine machine;
    unsigned warmup;
    long rss_floor_kib; /* perfaudit's own peak RSS: exec keeps the spawning process's high-water
                           mark, so each round's max_rss_kib is at least about this and values up
                           to it are bounds, not measurements; 0 when unknown */
    struct pa_bench_round *rounds; /* nrounds measured rounds, in order */
    size_t nrounds;
};

/* The metric of every round in order, malloc'd (nrounds values), freed by the caller. */
double *pa_bench_values(const struct pa_bench_result *r, enum pa_bench_metric metric);
/* "wall" or "cpu". */
const char *pa_bench_metric_name(enum pa_bench_metric metric);
/* The command as one line, arguments separated by spaces (for messages and headings). */
void pa_bench_command_line(const struct pa_bench_result *r, struct pa_strbuf *out);
void pa_bench_result_free(struct pa_bench_result *r);

#endif
