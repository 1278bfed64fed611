/*
 * route_cache - replay a trace of routing requests against a cache of
 * computed routes, then re-price the cache and print hit statistics.
 *
 * usage: route_cache [nrequests]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_HOPS 12
#define NODES 8192
#define DEFAULT_REQUESTS 40000

struct route {
    uint32_t src, dst;
    double cost;
    unsigned hits;
    struct route *next;
};

struct cache {
    struct route *head;
    struct route *pool;
    size_t count;
};

struct request {
    uint32_t src, dst;
};

uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

void make_requests(struct request *reqs, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = mix64(seed + i);
        reqs[i].src = (uint32_t)(r % NODES);
        reqs[i].dst = (uint32_t)((r >> 20) % 8);
    }
}

/* Cost of the greedy route from src to dst over at most MAX_HOPS hops. */
double route_cost(uint32_t src, uint32_t dst)
{
    double cost = 0.0;
    uint32_t at = src;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
        if (at % 8 == dst)
            break;
        at = (uint32_t)(mix64(at) % NODES);
        cost += 1.0 + (double)(at % 7) * 0.25;
    }
    return cost;
}

/* The slot of (src, dst) in an open-addressing index of routes (NULL = free). */
struct route **route_slot(struct route **index, size_t mask, uint32_t src, uint32_t dst)
{
    size_t h = (size_t)mix64((uint64_t)src << 32 | dst) & mask;
    while (index[h] != NULL && !(index[h]->src == src && index[h]->dst == dst))
        h = (h + 1) & mask;
    return &index[h];
}

unsigned long serve_requests(struct cache *c, const struct request *reqs, size_t n)
{
    unsigned long misses = 0;
    size_t mask = 15;
    struct route **index;

    /* indexed once, each request is one probe instead of a walk over the list; the list
     * itself is kept as before for the other readers of the cache */
    while (mask + 1 < 2 * (c->count + n))
        mask = mask * 2 + 1;
    index = calloc(mask + 1, sizeof *index);
    if (index == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (struct route *p = c->head; p != NULL; p = p->next) {
        struct route **slot = route_slot(index, mask, p->src, p->dst);
        if (*slot == NULL)
            *slot = p;
    }
    for (size_t i = 0; i < n; i++) {
        struct route **slot = route_slot(index, mask, reqs[i].src, reqs[i].dst);
        struct route *p = *slot;
        if (p == NULL) {
            p = &c->pool[c->count++];
            p->src = reqs[i].src;
            p->dst = reqs[i].dst;
            p->cost = route_cost(p->src, p->dst);
            p->hits = 0;
            p->next = c->head;
            c->head = p;
            *slot = p;
            misses++;
        }
        p->hits++;
    }
    free(index);
    return misses;
}

const struct route *find_route(const struct cache *c, uint32_t src, uint32_t dst)
{
    for (const struct route *p = c->head; p != NULL; p = p->next) {
        if (p->src == src && p->dst == dst)
            return p;
    }
    return NULL;
}

size_t verify_sample(const struct cache *c, const struct request *sample, size_t m)
{
    size_t found = 0;
    for (size_t i = 0; i < m; i++) {
        if (find_route(c, sample[i].src, sample[i].dst) != NULL)
            found++;
    }
    return found;
}

void apply_tariff(struct cache *c, const char *rate_text)
{
    for (struct route *p = c->head; p != NULL; p = p->next)
        p->cost *= strtod(rate_text, NULL);
}

/* Count pairs of pinned routes where one ends where the other starts. */
size_t count_pinned_links(const struct route *pinned)
{
    size_t links = 0;
    for (const struct route *a = pinned; a != NULL; a = a->next) {
        for (const struct route *b = pinned; b != NULL; b = b->next) {
            if (a != b && a->dst == b->src % 8)
                links++;
        }
    }
    return links;
}

void hop_histogram(const struct cache *c, unsigned *hist)
{
    static const double limits[MAX_HOPS] = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    };
    for (const struct route *p = c->head; p != NULL; p = p->next) {
        for (int h = 0; h < MAX_HOPS; h++) {
            if (p->cost >= limits[h])
                hist[h]++;
        }
    }
}

struct route *reverse_routes(struct route *head)
{
    struct route *prev = NULL;
    while (head != NULL) {
        struct route *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_REQUESTS;
    struct cache c = { NULL, NULL, 0 };
    struct request *reqs;
    struct route *pinned = NULL, *pins;
    size_t npins = 0, found, links;
    unsigned long misses;
    unsigned hist[MAX_HOPS] = { 0 };
    double total = 0.0;

    if (n == 0)
        n = DEFAULT_REQUESTS;
    reqs = malloc(n * sizeof *reqs);
    c.pool = malloc(n * sizeof *c.pool);
    pins = malloc((n / 16 + 1) * sizeof *pins);
    if (reqs == NULL || c.pool == NULL || pins == NULL)
        return 1;
    make_requests(reqs, n, 2024);
    misses = serve_requests(&c, reqs, n);
    found = verify_sample(&c, reqs, n / 64);
    apply_tariff(&c, "1.0625");
    hop_histogram(&c, hist);
    for (size_t i = 0; i < n; i += 16) {
        pins[npins] = c.pool[i % c.count];
        pins[npins].next = pinned;
        pinned = &pins[npins++];
    }
    links = count_pinned_links(pinned);
    c.head = reverse_routes(c.head);
    for (const struct route *p = c.head; p != NULL; p = p->next)
        total += p->cost * p->hits;
    printf("requests=%zu misses=%lu cached=%zu verified=%zu links=%zu hist0=%u total=%.2f\n",
           n, misses, c.count, found, links, hist[0], total);
    free(pins);
    free(c.pool);
    free(reqs);
    return 0;
}
