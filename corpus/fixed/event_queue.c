/*
 * event_queue - build the agenda of a discrete-event simulation from a
 * generated batch of timed events, replay it, and report concurrency and
 * conflict statistics.
 *
 * usage: event_queue [nevents]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 32 /* power of two */
#define NKINDS 5
#define DEFAULT_EVENTS 85000

struct event {
    double time;
    double duration;
    double weight;
    uint32_t id;
    uint32_t kind;
};

struct heap {
    struct event *ev;
    size_t count;
};

struct window {
    struct event last[WINDOW];
    size_t next;
};

double uniform01(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(*s >> 11) * 0x1.0p-53;
}

void make_events(struct event *ev, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++) {
        ev[i].time = uniform01(&s) * 1000.0;
        ev[i].duration = 0.01 + uniform01(&s) * 0.5;
        ev[i].weight = 1.0;
        ev[i].id = (uint32_t)i;
        ev[i].kind = (uint32_t)(uniform01(&s) * NKINDS);
    }
}

/* By time; equal times by id, which is the input order, as inserting one by one kept them. */
int cmp_agenda(const void *a, const void *b)
{
    const struct event *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

size_t build_agenda(const struct event *in, size_t n, struct event *agenda)
{
    /* inserted in bulk and sorted once, instead of shifting the tail for every event */
    memcpy(agenda, in, n * sizeof *agenda);
    qsort(agenda, n, sizeof *agenda, cmp_agenda);
    return n;
}

void heap_push(struct heap *h, const struct event *e)
{
    size_t i = h->count++;
    while (i > 0 && h->ev[(i - 1) / 2].time > e->time) {
        h->ev[i] = h->ev[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->ev[i] = *e;
}

struct event heap_pop(struct heap *h)
{
    struct event top = h->ev[0], last = h->ev[--h->count];
    size_t i = 0, c;
    while ((c = 2 * i + 1) < h->count) {
        if (c + 1 < h->count && h->ev[c + 1].time < h->ev[c].time)
            c++;
        if (last.time <= h->ev[c].time)
            break;
        h->ev[i] = h->ev[c];
        i = c;
    }
    h->ev[i] = last;
    return top;
}

double replay_with_heap(const struct event *in, size_t n, struct heap *h)
{
    double checksum = 0.0;
    for (size_t i = 0; i < n; i++)
        heap_push(h, &in[i]);
    for (size_t k = 0; h->count > 0; k++) {
        struct event e = heap_pop(h);
        checksum += e.time * (double)(k % 7);
    }
    return checksum;
}

void recent_window(const struct event *agenda, size_t n, struct window *w)
{
    for (size_t i = 0; i < n; i++) {
        w->last[w->next] = agenda[i];
        w->next = (w->next + 1) & (WINDOW - 1);
    }
}

int cmp_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Largest number of events in progress at the same time. */
size_t max_concurrency(const struct event *ev, size_t n, double *starts, double *ends)
{
    size_t i = 0, j = 0, active = 0, best = 0;
    for (size_t k = 0; k < n; k++) {
        starts[k] = ev[k].time;
        ends[k] = ev[k].time + ev[k].duration;
    }
    qsort(starts, n, sizeof *starts, cmp_time);
    qsort(ends, n, sizeof *ends, cmp_time);
    while (i < n && j < n) {
        if (starts[i] < ends[j]) {
            if (++active > best)
                best = active;
            i++;
        } else {
            active--;
            j++;
        }
    }
    return best;
}

/* Pairs of same-kind events that start less than `gap` apart. */
size_t count_conflicts(const struct event *ev, size_t m, double gap)
{
    size_t conflicts = 0;
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < i; j++) {
            if (ev[i].kind == ev[j].kind && fabs(ev[i].time - ev[j].time) < gap)
                conflicts++;
        }
    }
    return conflicts;
}

void apply_decay(struct event *ev, size_t n, double rate, double horizon)
{
    for (size_t i = 0; i < n; i++)
        ev[i].weight *= exp(-rate * horizon);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_EVENTS;
    struct event *in, *agenda;
    struct heap h;
    struct window w;
    double *starts, *ends, checksum, weight = 0.0;
    size_t count, best, conflicts;

    if (n == 0)
        n = DEFAULT_EVENTS;
    in = malloc(n * sizeof *in);
    agenda = malloc(n * sizeof *agenda);
    h.ev = malloc(n * sizeof *h.ev);
    h.count = 0;
    starts = malloc(n * sizeof *starts);
    ends = malloc(n * sizeof *ends);
    if (in == NULL || agenda == NULL || h.ev == NULL || starts == NULL || ends == NULL)
        return 1;
    memset(&w, 0, sizeof w);
    make_events(in, n, 99);
    count = build_agenda(in, n, agenda);
    checksum = replay_with_heap(in, n, &h);
    recent_window(agenda, count, &w);
    best = max_concurrency(agenda, count, starts, ends);
    conflicts = count_conflicts(in, n / 8, 0.05);
    apply_decay(agenda, count, 0.125, 3.0);
    for (size_t i = 0; i < count; i += 97)
        weight += agenda[i].weight;
    printf("events=%zu first=%.4f last=%.4f window=%.4f concurrency=%zu conflicts=%zu checksum=%.1f weight=%.4f\n",
           count, agenda[0].time, agenda[count - 1].time,
           w.last[(w.next + WINDOW - 1) & (WINDOW - 1)].time, best, conflicts, checksum, weight);
    free(ends);
    free(starts);
    free(h.ev);
    free(agenda);
    free(in);
    return 0;
}
