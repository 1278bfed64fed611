/* raw_format.h: the raw profile the preloaded runtime writes for one process, before
 * symbolisation: fixed-layout little-endian records, read back by profiler/raw_reader.c.
 * Shared by the runtime (which must not link anything else of perfaudit) and the reader. */
#ifndef PERFAUDIT_RAW_FORMAT_H
#define PERFAUDIT_RAW_FORMAT_H

#include <stdint.h>

/* File: the 8-byte magic, then records until PA_RAW_END. Every record starts with a
 * struct pa_raw_record_head; `size` counts the bytes that follow the head. */
#define PA_RAW_MAGIC   "PARAW\0\0\1" /* 8 bytes; the last byte is the format version (1) */
#define PA_RAW_VERSION 1

enum pa_raw_record_type {
    PA_RAW_PROCESS = 1,  /* struct pa_raw_process, then exe path (path_len bytes, no NUL) */
    PA_RAW_MAP = 2,      /* struct pa_raw_map, then path (path_len bytes, no NUL) */
    PA_RAW_THREAD = 3,   /* struct pa_raw_thread */
    PA_RAW_SAMPLE = 4,   /* struct pa_raw_sample, then nframes uint64_t addresses, leaf first */
    PA_RAW_END = 5,      /* struct pa_raw_end: the file is complete */
    PA_RAW_FUNCSTAT = 6, /* struct pa_raw_funcstat: exact statistics of one function */
};

struct pa_raw_record_head {
    uint32_t type;
    uint32_t size;
};

enum pa_raw_clock {
    PA_RAW_CLOCK_PERF_TASK_CLOCK = 1, /* perf_event_open task-clock, per thread */
    PA_RAW_CLOCK_THREAD_CPUTIME = 2,  /* timer_create(CLOCK_THREAD_CPUTIME_ID), per thread */
    PA_RAW_CLOCK_INSTRUMENTED = 3,    /* -finstrument-functions hooks: exact counts, no samples */
};

struct pa_raw_process {
    int32_t pid, ppid;
    uint32_t requested_hz; /* the frequency asked for */
    uint32_t clock;        /* enum pa_raw_clock actually used */
    uint64_t period_ns;    /* CPU time one sample stands for */
    uint64_t start_ns;     /* CLOCK_REALTIME at start */
    uint32_t path_len;     /* bytes of the executable's path that follow */
    uint32_t reserved;
};

struct pa_raw_map { /* an executable mapping from /proc/self/maps at exit */
    uint64_t start, end, offset;
    uint32_t path_len;
    uint32_t reserved;
};

struct pa_raw_thread {
    int32_t tid;
    uint32_t samples; /* samples recorded for it */
    uint64_t cpu_ns;  /* its CPU time, measured */
    uint64_t dropped; /* samples lost (buffer full, unwinding refused) */
    char name[16];    /* as in /proc/self/task/<tid>/comm, NUL-padded */
};

struct pa_raw_sample {
    int32_t tid;
    uint32_t nframes;
};

/* Written by the instrumentation runtime (profiler/instrument/), one per function entered,
 * summed over threads. Times are CLOCK_MONOTONIC nanoseconds, as cProfile measures wall time:
 * tottime excludes callees; cumtime counts only outermost activations of a recursive function. */
struct pa_raw_funcstat {
    uint64_t address;         /* the function's entry address, as the hooks saw it */
    uint64_t calls;           /* every call */
    uint64_t primitive_calls; /* calls made while the function was not already active */
    uint64_t tottime_ns, cumtime_ns;
};

struct pa_raw_end {
    uint64_t end_ns;     /* CLOCK_REALTIME at the end */
    uint64_t cpu_ns;     /* the process's CPU time */
    int32_t exit_status; /* as passed to exit(), or 128 + signal number */
    uint32_t reserved;
};

#endif
