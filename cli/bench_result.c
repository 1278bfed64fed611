/* bench_result.c: a benchmark's per-round values and the release of a result. */
#include "bench_result.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

double *pa_bench_values(const struct pa_bench_result *r, enum pa_bench_metric metric)
{
    double *v = pa_xmalloc((r->nrounds ? r->nrounds : 1) * sizeof(*v));
    for (size_t i = 0; i < r->nrounds; i++)
        v[i] = metric == PA_BENCH_CPU ? r->rounds[i].user + r->rounds[i].sys : r->rounds[i].wall;
    return v;
}

const char *pa_bench_metric_name(enum pa_bench_metric metric)
{
    return metric == PA_BENCH_CPU ? "cpu" : "wall";
}

void pa_bench_command_line(const struct pa_bench_result *r, struct pa_strbuf *out)
{
    for (size_t i = 0; i < r->ncommand; i++) {
        if (i)
            pa_strbuf_putc(out, ' ');
        pa_strbuf_append(out, r->command[i]);
    }
}

void pa_bench_result_free(struct pa_bench_result *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->timestamp);
    free(r->revision);
    for (size_t i = 0; i < r->ncommand; i++)
        free(r->command[i]);
    free(r->command);
    free(r->machine.hostname);
    free(r->machine.os);
    free(r->machine.cpu);
    free(r->rounds);
    memset(r, 0, sizeof(*r));
}
