/*
 * inventory - warehouse shelf simulation: lots arrive, the shelf is kept in
 * first-expiry-first-out order for picking, then stock is reconciled
 * against a list of sku queries and valued.
 *
 * usage: inventory [narrivals]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ARRIVALS 8000

struct lot {
    uint32_t sku;
    int32_t qty;
    uint32_t expiry;
    uint32_t price_cents;
};

uint64_t lcg64(uint64_t *s)
{
    *s = *s * 2862933555777941757ull + 3037000493ull;
    return *s >> 17;
}

void gen_lots(struct lot *lots, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++) {
        lots[i].sku = (uint32_t)(lcg64(&s) % 1000000);
        lots[i].qty = (int32_t)(lcg64(&s) % 200) - 20;
        lots[i].expiry = (uint32_t)(lcg64(&s) % 3650);
        lots[i].price_cents = (uint32_t)(50 + lcg64(&s) % 20000);
    }
}

int cmp_expiry(const void *a, const void *b)
{
    const struct lot *x = a, *y = b;
    if (x->expiry != y->expiry)
        return x->expiry < y->expiry ? -1 : 1;
    return (x->sku > y->sku) - (x->sku < y->sku);
}

int cmp_sku(const void *a, const void *b)
{
    const struct lot *x = a, *y = b;
    return (x->sku > y->sku) - (x->sku < y->sku);
}

uint64_t process_arrivals(const struct lot *arrivals, size_t n, struct lot *shelf)
{
    size_t count = 0;
    uint64_t picked = 0;
    for (size_t i = 0; i < n; i++) {
        /* the shelf is a min-heap by expiry while lots arrive: shelf[0] is the next to pick */
        size_t at = count++;
        while (at > 0 && cmp_expiry(&arrivals[i], &shelf[(at - 1) / 2]) < 0) {
            shelf[at] = shelf[(at - 1) / 2];
            at = (at - 1) / 2;
        }
        shelf[at] = arrivals[i];
        if (shelf[0].qty > 0) {
            shelf[0].qty--;
            picked += shelf[0].sku;
        }
    }
    qsort(shelf, count, sizeof *shelf, cmp_expiry); /* once, into the picking order callers read */
    return picked;
}

long find_lot(const struct lot *lots, size_t n, uint32_t sku)
{
    long lo = 0, hi = (long)n - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (lots[mid].sku == sku)
            return mid;
        if (lots[mid].sku < sku)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

size_t reconcile(struct lot *lots, size_t n, const uint32_t *queries, size_t m)
{
    size_t found = 0;
    qsort(lots, n, sizeof *lots, cmp_sku);
    for (size_t i = 0; i < m; i++) {
        if (find_lot(lots, n, queries[i]) >= 0)
            found++;
    }
    return found;
}

size_t flag_low_stock(const struct lot *lots, size_t n, const char *threshold_text)
{
    size_t low = 0;
    for (size_t i = 0; i < n; i++) {
        if (lots[i].qty < atoi(threshold_text))
            low++;
    }
    return low;
}

double stock_value(const struct lot *lots, size_t n, double decay_per_day)
{
    double value = 0.0;
    for (size_t i = 0; i < n; i++) {
        double fresh = exp(-decay_per_day * (double)(3650 - lots[i].expiry));
        value += (double)lots[i].qty * lots[i].price_cents * 0.01 * fresh;
    }
    return value;
}

size_t compact_lots(struct lot *lots, size_t n)
{
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        if (lots[r].qty > 0)
            lots[w++] = lots[r];
    }
    return w;
}

char *sku_report(const struct lot *lots, size_t m)
{
    char *buf = malloc(m * 16 + 1);
    if (buf == NULL)
        return NULL;
    buf[0] = '\0';
    for (size_t i = 0; i < m; i++) {
        char item[16];
        snprintf(item, sizeof item, "%u,", lots[i].sku);
        strcat(buf, item);
    }
    return buf;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_ARRIVALS;
    struct lot *arrivals, *shelf;
    uint32_t *queries;
    uint64_t picked, s = 31337;
    size_t found, low, kept;
    double value;
    char *report;

    if (n == 0)
        n = DEFAULT_ARRIVALS;
    arrivals = malloc(n * sizeof *arrivals);
    shelf = malloc(n * sizeof *shelf);
    queries = malloc(n * sizeof *queries);
    if (arrivals == NULL || shelf == NULL || queries == NULL)
        return 1;
    gen_lots(arrivals, n, 4242);
    picked = process_arrivals(arrivals, n, shelf);
    for (size_t i = 0; i < n; i++)
        queries[i] = (i % 2) ? arrivals[i].sku : (uint32_t)(lcg64(&s) % 1000000);
    found = reconcile(shelf, n, queries, n);
    low = flag_low_stock(shelf, n, "10");
    value = stock_value(shelf, n, 0.0005);
    kept = compact_lots(shelf, n);
    report = sku_report(shelf, kept / 8);
    if (report == NULL)
        return 1;
    printf("lots=%zu picked=%llu found=%zu low=%zu kept=%zu value=%.2f report=%zu\n",
           n, (unsigned long long)picked, found, low, kept, value, strlen(report));
    free(report);
    free(queries);
    free(shelf);
    free(arrivals);
    return 0;
}
