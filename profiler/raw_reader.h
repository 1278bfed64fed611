/* raw_reader.h: reading the raw profile one process's runtime wrote (raw_format.h), with every
 * record checked, into memory for the symbolizer. */
#ifndef PERFAUDIT_RAW_READER_H
#define PERFAUDIT_RAW_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "raw_format.h"

struct pa_error;

struct pa_raw_mapping {
    struct pa_raw_map map;
    char *path;
};

struct pa_raw_sample_ref {
    int32_t tid;
    uint32_t nframes;
    size_t first; /* index of its first (leaf) address in addresses */
};

struct pa_raw_profile {
    struct pa_raw_process process;
    char *exe;
    struct pa_raw_mapping *maps;
    size_t nmaps, cap_maps;
    struct pa_raw_thread *threads;
    size_t nthreads, cap_threads;
    struct pa_raw_sample_ref *samples;
    size_t nsamples, cap_samples;
    uint64_t *addresses;
    size_t naddresses, cap_addresses;
    struct pa_raw_funcstat *funcstats; /* instrumented runs */
    size_t nfuncstats, cap_funcstats;
    struct pa_raw_end end;
};

/* Reads path; fails (-1, err: file and reason) on a file that is not a raw profile, is of
 * another version, is truncated (no END record) or has a malformed record. Free with
 * pa_raw_free, also after a failure. */
int pa_raw_read(const char *path, struct pa_raw_profile *out, struct pa_error *err);
void pa_raw_free(struct pa_raw_profile *raw);

#endif
