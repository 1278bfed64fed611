/*
 * sparse_merge - accumulate a stream of (index, value) updates into a sorted
 * sparse vector, then add, compact, bucket and gather sparse vectors.
 *
 * usage: sparse_merge [nupdates]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 16
#define ADD_CHUNK 16
#define DEFAULT_UPDATES 200000

struct entry {
    uint32_t idx;
    float val;
};

struct svec {
    struct entry *e;
    size_t len, cap;
};

uint32_t pcg_like(uint64_t *s)
{
    uint64_t old = *s;
    *s = old * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(((old >> 18) ^ old) >> 27);
}

long svec_find(const struct svec *v, uint32_t idx)
{
    long lo = 0, hi = (long)v->len - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (v->e[mid].idx == idx)
            return mid;
        if (v->e[mid].idx < idx)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -(lo + 1);
}

int svec_accumulate(struct svec *v, const struct entry *upd, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        long lo = 0, hi = (long)v->len - 1;
        size_t pos;
        while (lo <= hi) {
            long mid = (lo + hi) / 2;
            if (v->e[mid].idx < upd[i].idx)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        pos = (size_t)lo;
        if (pos < v->len && v->e[pos].idx == upd[i].idx) {
            v->e[pos].val += upd[i].val;
            continue;
        }
        if (v->len == v->cap) {
            size_t ncap = v->cap ? v->cap * 2 : 16;
            struct entry *ne = realloc(v->e, ncap * sizeof *ne);
            if (ne == NULL)
                return -1;
            v->e = ne;
            v->cap = ncap;
        }
        memmove(v->e + pos + 1, v->e + pos, (v->len - pos) * sizeof *v->e);
        v->e[pos] = upd[i];
        v->len++;
    }
    return 0;
}

double svec_dot(const struct svec *a, const struct svec *b)
{
    size_t i = 0, j = 0;
    double dot = 0.0;
    while (i < a->len && j < b->len) {
        if (a->e[i].idx == b->e[j].idx)
            dot += (double)a->e[i++].val * b->e[j++].val;
        else if (a->e[i].idx < b->e[j].idx)
            i++;
        else
            j++;
    }
    return dot;
}

int svec_add(const struct svec *a, const struct svec *b, struct svec *out)
{
    size_t i = 0, j = 0;
    out->len = 0;
    while (i < a->len || j < b->len) {
        struct entry e;
        if (j >= b->len || (i < a->len && a->e[i].idx < b->e[j].idx)) {
            e = a->e[i++];
        } else if (i >= a->len || b->e[j].idx < a->e[i].idx) {
            e = b->e[j++];
        } else {
            e.idx = a->e[i].idx;
            e.val = a->e[i++].val + b->e[j++].val;
        }
        if (out->len == out->cap) {
            struct entry *ne = realloc(out->e, (out->cap + ADD_CHUNK) * sizeof *ne);
            if (ne == NULL)
                return -1;
            out->e = ne;
            out->cap += ADD_CHUNK;
        }
        out->e[out->len++] = e;
    }
    return 0;
}

int svec_from_dense(const float *d, size_t n, struct svec *out)
{
    out->len = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == 0.0f)
            continue;
        if (out->len == out->cap) {
            size_t ncap = out->cap < 8 ? 8 : out->cap + out->cap / 2;
            struct entry *ne = realloc(out->e, ncap * sizeof *ne);
            if (ne == NULL)
                return -1;
            out->e = ne;
            out->cap = ncap;
        }
        out->e[out->len].idx = (uint32_t)i;
        out->e[out->len].val = d[i];
        out->len++;
    }
    return 0;
}

void svec_compact(struct svec *v, float eps)
{
    size_t w = 0;
    struct entry *ne;
    for (size_t r = 0; r < v->len; r++) {
        if (v->e[r].val > eps || v->e[r].val < -eps)
            v->e[w++] = v->e[r];
    }
    v->len = w;
    ne = realloc(v->e, (w ? w : 1) * sizeof *ne);
    if (ne != NULL) {
        v->e = ne;
        v->cap = w ? w : 1;
    }
}

int cmp_val(const void *a, const void *b)
{
    float x = ((const struct entry *)a)->val, y = ((const struct entry *)b)->val;
    return (x > y) - (x < y);
}

/* Split entries into NBUCKETS index ranges and order each bucket by value. */
void sort_buckets(const struct svec *v, struct entry *out, size_t *start)
{
    size_t fill[NBUCKETS] = { 0 };
    uint32_t span = v->len ? v->e[v->len - 1].idx / NBUCKETS + 1 : 1;
    for (size_t i = 0; i < v->len; i++)
        fill[v->e[i].idx / span]++;
    start[0] = 0;
    for (int b = 1; b <= NBUCKETS; b++)
        start[b] = start[b - 1] + fill[b - 1];
    memcpy(out, v->e, v->len * sizeof *out);
    for (int b = 0; b < NBUCKETS; b++)
        qsort(out + start[b], start[b + 1] - start[b], sizeof *out, cmp_val);
}

double gather(const struct svec *v, const uint32_t *idx, size_t m)
{
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) {
        long pos = svec_find(v, idx[i]);
        if (pos >= 0)
            sum += v->e[pos].val;
    }
    return sum;
}

/* Position of idx in a vector that is not known to be sorted: a linear scan. */
long svec_scan(const struct svec *v, uint32_t idx)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->e[i].idx == idx)
            return (long)i;
    return -1;
}

/* The first group of four indices that runs past the reference's last one; the scan for its
 * neighbour runs once, on the way out. */
long first_past_end(const struct svec *ref, const uint32_t *groups, size_t ngroups)
{
    uint32_t last = ref->len ? ref->e[ref->len - 1].idx : 0;
    for (size_t g = 0; g < ngroups; g++)
        for (size_t j = 0; j < 4; j++)
            if (groups[4 * g + j] > last) {
                long near = svec_scan(ref, last);
                return near < 0 ? -1 : (long)g;
            }
    return -2;
}

/* How many leading indices two vectors share: stops at the first difference. */
size_t svec_shared_prefix(const struct svec *a, const struct svec *b)
{
    size_t k = 0;
    while (k < a->len && k < b->len && a->e[k].idx == b->e[k].idx)
        k++;
    return k;
}

/* The longest prefix any of the vectors shares with the reference. */
size_t longest_shared(const struct svec *ref, const struct svec *vecs, size_t m)
{
    size_t best = 0;
    for (size_t i = 0; i < m; i++) {
        size_t k = svec_shared_prefix(ref, vecs + i);
        if (k > best)
            best = k;
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_UPDATES;
    struct svec acc = { NULL, 0, 0 }, other = { NULL, 0, 0 }, sum = { NULL, 0, 0 };
    struct entry *upd, *bucketed;
    size_t start[NBUCKETS + 1], dim, m;
    uint32_t *probe;
    float *dense;
    uint64_t s = 0xDEC0DEDull;
    double dot, g;

    if (n == 0)
        n = DEFAULT_UPDATES;
    dim = 8 * n;
    m = n / 4 + 1;
    upd = malloc(n * sizeof *upd);
    dense = calloc(n, sizeof *dense);
    probe = malloc(m * sizeof *probe);
    if (upd == NULL || dense == NULL || probe == NULL)
        return 1;
    for (size_t i = 0; i < n; i++) {
        upd[i].idx = pcg_like(&s) % (uint32_t)dim;
        upd[i].val = (float)(pcg_like(&s) % 2000) / 1000.0f - 1.0f;
    }
    for (size_t i = 0; i < n; i += 3)
        dense[i] = (float)(i % 17) - 8.0f;
    for (size_t i = 0; i < m; i++)
        probe[i] = upd[(i * 13) % n].idx + (uint32_t)(i % 2);

    if (svec_accumulate(&acc, upd, n) != 0 || svec_from_dense(dense, n, &other) != 0 ||
        svec_add(&acc, &other, &sum) != 0)
        return 1;
    dot = svec_dot(&acc, &other);
    g = gather(&acc, probe, m);
    svec_compact(&sum, 0.05f);
    bucketed = malloc((sum.len + 1) * sizeof *bucketed);
    if (bucketed == NULL)
        return 1;
    sort_buckets(&sum, bucketed, start);
    struct svec pair[2] = { other, sum };
    long past = first_past_end(&other, probe, m / 4);
    size_t shared = longest_shared(&acc, pair, 2);
    printf("updates=%zu nnz=%zu other=%zu sum=%zu dot=%.3f gather=%.3f bucket0=%zu low=%.3f "
           "past=%ld shared=%zu\n",
           n, acc.len, other.len, sum.len, dot, g, start[1] - start[0],
           sum.len ? (double)bucketed[0].val : 0.0, past, shared);
    free(bucketed);
    free(sum.e);
    free(other.e);
    free(acc.e);
    free(probe);
    free(dense);
    free(upd);
    return 0;
}
