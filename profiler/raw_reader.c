/* raw_reader.c: parsing and validating a raw profile file. */
#include "raw_reader.h"
#include "error.h"
#include "fileio.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static char *copy_path(const unsigned char *p, uint32_t len)
{
    return pa_xstrndup((const char *)p, len);
}

int pa_raw_read(const char *path, struct pa_raw_profile *out, struct pa_error *err)
{
    memset(out, 0, sizeof(*out));
    char *data = NULL;
    size_t size = 0;
    if (pa_read_file(path, &data, &size, err) < 0)
        return -1;
    const unsigned char *p = (const unsigned char *)data, *end = p + size;
    int rc = -1;
    bool ended = false, have_process = false;
    if (size < 8 || memcmp(p, PA_RAW_MAGIC, 7) != 0) {
        pa_error_set(err, "%s: not a raw perfaudit profile", path);
        goto done;
    }
    if (p[7] != PA_RAW_VERSION) {
        pa_error_set(err, "%s: raw profile of unsupported version %u", path, p[7]);
        goto done;
    }
    p += 8;
    while (p < end && !ended) {
        struct pa_raw_record_head head;
        if ((size_t)(end - p) < sizeof(head))
            break;
        memcpy(&head, p, sizeof(head));
        p += sizeof(head);
        if ((size_t)(end - p) < head.size) {
            pa_error_set(err, "%s: truncated record at byte %zu", path,
                         (size_t)(p - (const unsigned char *)data));
            goto done;
        }
        const unsigned char *body = p;
        p += head.size;
        switch (head.type) {
        case PA_RAW_PROCESS:
            if (head.size < sizeof(out->process))
                goto malformed;
            memcpy(&out->process, body, sizeof(out->process));
            if (head.size - sizeof(out->process) < out->process.path_len)
                goto malformed;
            free(out->exe);
            out->exe = copy_path(body + sizeof(out->process), out->process.path_len);
            have_process = true;
            break;
        case PA_RAW_MAP: {
            struct pa_raw_map m;
            if (head.size < sizeof(m))
                goto malformed;
            memcpy(&m, body, sizeof(m));
            if (head.size - sizeof(m) < m.path_len || m.end < m.start)
                goto malformed;
            PA_GROW(out->maps, out->cap_maps, out->nmaps + 1);
            out->maps[out->nmaps].map = m;
            out->maps[out->nmaps].path = copy_path(body + sizeof(m), m.path_len);
            out->nmaps++;
            break;
        }
        case PA_RAW_THREAD:
            if (head.size < sizeof(struct pa_raw_thread))
                goto malformed;
            PA_GROW(out->threads, out->cap_threads, out->nthreads + 1);
            memcpy(&out->threads[out->nthreads++], body, sizeof(struct pa_raw_thread));
            out->threads[out->nthreads - 1].name[15] = '\0';
            break;
        case PA_RAW_SAMPLE: {
            struct pa_raw_sample s;
            if (head.size < sizeof(s))
                goto malformed;
            memcpy(&s, body, sizeof(s));
            if ((head.size - sizeof(s)) / sizeof(uint64_t) < s.nframes || s.nframes > 4096)
                goto malformed;
            PA_GROW(out->samples, out->cap_samples, out->nsamples + 1);
            PA_GROW(out->addresses, out->cap_addresses, out->naddresses + s.nframes);
            out->samples[out->nsamples++] =
                (struct pa_raw_sample_ref){s.tid, s.nframes, out->naddresses};
            memcpy(out->addresses + out->naddresses, body + sizeof(s),
                   s.nframes * sizeof(uint64_t));
            out->naddresses += s.nframes;
            break;
        }
        case PA_RAW_FUNCSTAT:
            if (head.size < sizeof(struct pa_raw_funcstat))
                goto malformed;
            PA_GROW(out->funcstats, out->cap_funcstats, out->nfuncstats + 1);
            memcpy(&out->funcstats[out->nfuncstats++], body, sizeof(struct pa_raw_funcstat));
            break;
        case PA_RAW_END:
            if (head.size < sizeof(out->end))
                goto malformed;
            memcpy(&out->end, body, sizeof(out->end));
            ended = true;
            break;
        default:
            break; /* records of a later minor revision: skipped */
        }
    }
    if (!have_process) {
        pa_error_set(err, "%s: raw profile without a process record", path);
        goto done;
    }
    if (!ended) {
        pa_error_set(err, "%s: truncated raw profile (the process did not finish writing it)",
                     path);
        goto done;
    }
    rc = 0;
    goto done;
malformed:
    pa_error_set(err, "%s: malformed record at byte %zu", path,
                 (size_t)(p - (const unsigned char *)data));
done:
    free(data);
    return rc;
}

void pa_raw_free(struct pa_raw_profile *raw)
{
    if (!raw)
        return;
    free(raw->exe);
    for (size_t i = 0; i < raw->nmaps; i++)
        free(raw->maps[i].path);
    free(raw->maps);
    free(raw->threads);
    free(raw->samples);
    free(raw->addresses);
    free(raw->funcstats);
    memset(raw, 0, sizeof(*raw));
}
