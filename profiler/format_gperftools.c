/* format_gperftools.c: gperftools' CPU profiles (libprofiler with CPUPROFILE=file, the binary
 * "legacy" format pprof reads): a header of machine words (0, 3, 0, sampling period in
 * microseconds, 0), sample records (count, depth, pc[depth], leaf first) up to the trailer
 * (0, 1, 0), then the process's /proc/self/maps as text. The file holds no symbols: addresses
 * are symbolized like perfaudit's own raw profiles (symbolize.c) from the binaries still on
 * disk, and named "module+0x1a2b" (a file offset) or "0x7f..." where that is not possible. */
#include "error.h"
#include "perfaudit/profile.h"
#include "profile_formats.h"
#include "raw_reader.h"
#include "symbolize.h"
#include "xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_WORDS 5
#define MAX_DEPTH    4096 /* libprofiler records at most 254 frames */

/* Word size and byte order, as the header shows them. */
struct layout {
    unsigned width;
    bool big_endian;
};

static const struct layout layouts[] = {{8, false}, {8, true}, {4, false}, {4, true}};

struct record {
    uint64_t count;
    uint32_t nframes;
    size_t first; /* its leaf address in the address array */
};

static uint64_t word(const unsigned char *data, struct layout l, size_t index)
{
    const unsigned char *b = data + index * l.width;
    uint64_t v = 0;
    for (unsigned k = 0; k < l.width; k++)
        v |= (uint64_t)b[l.big_endian ? l.width - 1 - k : k] << (8 * k);
    return v;
}

static bool header(const unsigned char *data, size_t size, struct layout *out)
{
    for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
        struct layout l = layouts[i];
        if (size >= HEADER_WORDS * l.width && word(data, l, 0) == 0 && word(data, l, 1) == 3 &&
            word(data, l, 2) == 0 && word(data, l, 3) > 0 && word(data, l, 4) == 0) {
            *out = l;
            return true;
        }
    }
    return false;
}

bool pa_format_gperftools_detect(const char *text, size_t size)
{
    struct layout l;
    return header((const unsigned char *)text, size, &l);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* "start-end perms offset dev inode path": the executable mappings, paths NUL-terminated in
 * place. Other lines (anonymous memory, libprofiler's "build=" lines) are passed over. */
static void read_maps(char *text, struct pa_raw_mapping **maps, size_t *nmaps, size_t *cap)
{
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        unsigned long long start, end, offset;
        char perms[8];
        int path_at = 0;
        if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &offset, &path_at) <
                4 ||
            path_at == 0 || !line[path_at] || strlen(perms) < 3 || perms[2] != 'x' || end <= start)
            continue;
        char *path = line + path_at;
        char *deleted = strstr(path, " (deleted)");
        if (deleted)
            *deleted = '\0';
        PA_GROW(*maps, *cap, *nmaps + 1);
        (*maps)[(*nmaps)++] = (struct pa_raw_mapping){
            {start, end, offset, (uint32_t)strlen(path), 0},
            path,
        };
    }
}

/* A function of the scratch profile, in p: addresses the symbolizer could not name become
 * "libfoo.so+0x1a2b" where a mapping holds them. */
static unsigned function_in(struct pa_profile *p, const struct pa_prof_function *f,
                            const struct pa_raw_mapping *maps, size_t nmaps)
{
    char *end;
    if (strncmp(f->name, "0x", 2) == 0) {
        uint64_t address = strtoull(f->name + 2, &end, 16);
        for (size_t i = 0; !*end && i < nmaps; i++) {
            const struct pa_raw_map *m = &maps[i].map;
            if (address < m->start || address >= m->end)
                continue;
            const char *module = base_name(maps[i].path);
            char name[512];
            snprintf(name, sizeof(name), "%s+0x%" PRIx64, module, address - m->start + m->offset);
            return pa_profile_function(p, name, NULL, 0, module);
        }
    }
    return pa_profile_function(p, f->name, f->file, f->line, f->module);
}

/* Adds q's stacks to p, each count multiplied by 2^bit. */
static void merge(struct pa_profile *p, const struct pa_profile *q, unsigned bit,
                  const struct pa_raw_mapping *maps, size_t nmaps)
{
    unsigned *function = pa_xmalloc((q->nfunctions + 1) * sizeof(unsigned));
    unsigned *location = pa_xmalloc((q->nlocations + 1) * sizeof(unsigned));
    unsigned *frames = NULL;
    size_t cap = 0;
    for (unsigned f = 0; f < q->nfunctions; f++)
        function[f] = function_in(p, &q->functions[f], maps, nmaps);
    for (unsigned l = 0; l < q->nlocations; l++)
        location[l] =
            pa_profile_location(p, function[q->locations[l].function], q->locations[l].line);
    for (unsigned s = 0; s < q->nstacks; s++) {
        const struct pa_prof_stack *st = &q->stacks[s];
        PA_GROW(frames, cap, (size_t)st->nframes + 1);
        for (unsigned k = 0; k < st->nframes; k++)
            frames[k] = location[st->frames[k]];
        pa_profile_add_stack(p, frames, st->nframes, st->count << bit);
    }
    free(frames);
    free(location);
    free(function);
}

/* pa_symbolize counts every raw sample once, and a record stands for `count` samples. Records
 * are symbolized in groups by the bits of their counts: the records with bit b set, once
 * each, their stacks weighted 2^b. Exact, in memory proportional to the file, in as many
 * passes as the largest count has bits (one when every count is 1). */
static void symbolize_records(struct pa_profile *p, struct pa_raw_profile *raw,
                              const struct record *records, size_t nrecords)
{
    uint64_t all = 0;
    for (size_t i = 0; i < nrecords; i++)
        all |= records[i].count;
    for (unsigned bit = 0; bit < 64 && (all >> bit); bit++) {
        if (!((all >> bit) & 1))
            continue;
        raw->nsamples = 0;
        for (size_t i = 0; i < nrecords; i++) {
            if (!((records[i].count >> bit) & 1) || !records[i].nframes)
                continue;
            PA_GROW(raw->samples, raw->cap_samples, raw->nsamples + 1);
            raw->samples[raw->nsamples++] =
                (struct pa_raw_sample_ref){0, records[i].nframes, records[i].first};
        }
        struct pa_profile *q = pa_profile_new("gperftools", p->path);
        pa_symbolize(raw, q, NULL);
        merge(p, q, bit, raw->maps, raw->nmaps);
        pa_profile_free(q);
    }
}

int pa_format_gperftools_read(const char *path, char *text, size_t size, struct pa_profile **out,
                              struct pa_error *err)
{
    const unsigned char *data = (const unsigned char *)text;
    struct pa_raw_profile raw = {0};
    struct record *records = NULL;
    size_t nrecords = 0, cap_records = 0;
    uint64_t total = 0;
    struct layout l;
    int rc = -1;
    *out = NULL;
    if (!header(data, size, &l)) {
        pa_error_set(err, "%s: not a gperftools CPU profile (no 0, 3, 0, period, 0 header)", path);
        goto done;
    }
    uint64_t period_us = word(data, l, 3);
    size_t nwords = size / l.width, i = HEADER_WORDS;
    bool ended = false;
    while (!ended) {
        if (nwords - i < 2) {
            pa_error_set(err, "%s: truncated gperftools profile (no end-of-samples trailer)", path);
            goto done;
        }
        uint64_t count = word(data, l, i), depth = word(data, l, i + 1);
        if (depth > nwords - i - 2 || depth > MAX_DEPTH) {
            pa_error_set(err,
                         "%s: byte %zu: a sample of %" PRIu64
                         " frames runs past the end of the file (truncated or damaged)",
                         path, i * l.width, depth);
            goto done;
        }
        if (count == 0 && depth == 1 && word(data, l, i + 2) == 0) {
            ended = true;
        } else if (count > 0) {
            if (__builtin_add_overflow(total, count, &total)) {
                pa_error_set(err, "%s: byte %zu: sample counts beyond 64 bits (damaged)", path,
                             i * l.width);
                goto done;
            }
            PA_GROW(records, cap_records, nrecords + 1);
            PA_GROW(raw.addresses, raw.cap_addresses, raw.naddresses + depth + 1);
            records[nrecords++] = (struct record){count, (uint32_t)depth, raw.naddresses};
            for (uint64_t k = 0; k < depth; k++)
                raw.addresses[raw.naddresses++] = word(data, l, i + 2 + k);
        }
        i += 2 + depth;
    }
    read_maps(text + i * l.width, &raw.maps, &raw.nmaps, &raw.cap_maps);

    struct pa_profile *p = pa_profile_new("gperftools", path);
    p->frequency_hz = 1e6 / (double)period_us;
    p->period = (double)period_us / 1e6;
    symbolize_records(p, &raw, records, nrecords);
    *out = p;
    rc = 0;
done:
    free(records);
    free(raw.maps); /* the paths point into text */
    free(raw.addresses);
    free(raw.samples);
    return rc;
}
