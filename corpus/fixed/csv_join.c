/*
 * csv_join - parse an orders CSV and a customers CSV (generated in memory),
 * join them on customer id and print revenue per region.
 *
 * usage: csv_join [norders]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREGIONS 6
#define CUSTOMER_CHUNK 64
#define DEFAULT_ORDERS 70000

static const char *const region_names[NREGIONS] = {
    "north", "south", "east", "west", "central", "export"
};

struct order {
    long id;
    long customer;
    double amount;
};

struct customer {
    long id;
    int region;
    char code[8];
};

uint32_t lcg_next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 1) & 0x7fffffffu;
}

char *make_orders_csv(size_t n, long ncust, uint32_t *s, size_t *out_len)
{
    size_t cap = 64 + n * 48, len = 0;
    char *buf = malloc(cap);

    if (buf == NULL)
        return NULL;
    len += (size_t)snprintf(buf + len, cap - len, "order_id,customer_id,amount\n");
    for (size_t i = 0; i < n; i++) {
        long cust = (long)(lcg_next(s) % (uint32_t)ncust);
        unsigned cents = lcg_next(s) % 100000u;
        len += (size_t)snprintf(buf + len, cap - len, "%zu,%ld,%u.%02u\n",
                                1000000 + i, cust, cents / 100, cents % 100);
    }
    *out_len = len;
    return buf;
}

char *make_customers_csv(size_t n, uint32_t *s, size_t *out_len)
{
    size_t cap = 64 + n * 40, len = 0;
    char *buf = malloc(cap);

    if (buf == NULL)
        return NULL;
    len += (size_t)snprintf(buf + len, cap - len, "customer_id,region,code\n");
    for (size_t i = 0; i < n; i++) {
        /* about one customer in eight has a second, historical row */
        long id = (lcg_next(s) % 8 == 0 && i > 0) ? (long)(lcg_next(s) % i) : (long)i;
        len += (size_t)snprintf(buf + len, cap - len, "%ld,%s,C%05u\n", id,
                                region_names[lcg_next(s) % NREGIONS],
                                lcg_next(s) % 100000u);
    }
    *out_len = len;
    return buf;
}

size_t parse_orders(FILE *f, struct order **out)
{
    char line[128];
    size_t n = 0, cap = 0;
    struct order *rows = NULL;

    if (fgets(line, sizeof line, f) == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL) {
        char *end;
        if (n == cap) {
            struct order *nr;
            cap = cap ? cap * 2 : 64;
            nr = realloc(rows, cap * sizeof *rows);
            if (nr == NULL)
                break;
            rows = nr;
        }
        rows[n].id = strtol(line, &end, 10);
        rows[n].customer = strtol(end + 1, &end, 10);
        rows[n].amount = strtod(end + 1, NULL);
        n++;
    }
    *out = rows;
    return n;
}

int region_index(const char *name)
{
    for (int r = 0; r < NREGIONS; r++) {
        if (strcmp(region_names[r], name) == 0)
            return r;
    }
    return -1;
}

size_t parse_customers(FILE *f, struct customer **out)
{
    char line[128];
    size_t n = 0, cap = 0;
    struct customer *rows = NULL;

    if (fgets(line, sizeof line, f) == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL) {
        char region[16], code[8];
        long id;
        if (sscanf(line, "%ld,%15[^,],%7s", &id, region, code) != 3)
            continue;
        if (n == cap) {
            struct customer *nr;
            cap += CUSTOMER_CHUNK;
            nr = realloc(rows, cap * sizeof *rows);
            if (nr == NULL)
                break;
            rows = nr;
        }
        rows[n].id = id;
        rows[n].region = region_index(region);
        memcpy(rows[n].code, code, sizeof code);
        n++;
    }
    *out = rows;
    return n;
}

void join_totals(const struct order *orders, size_t norders,
                 const struct customer *custs, size_t ncust, double *totals)
{
    /* customer rows chained by id hash: each order visits only the rows of its own bucket */
    size_t nbuckets = 16, *head, *next;

    while (nbuckets < 2 * ncust)
        nbuckets *= 2;
    head = malloc(nbuckets * sizeof *head);
    next = malloc((ncust ? ncust : 1) * sizeof *next);
    if (head == NULL || next == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (size_t b = 0; b < nbuckets; b++)
        head[b] = SIZE_MAX;
    for (size_t j = ncust; j-- > 0;) { /* backwards, so each chain lists rows in input order */
        size_t b = (size_t)custs[j].id & (nbuckets - 1);
        next[j] = head[b];
        head[b] = j;
    }
    for (size_t i = 0; i < norders; i++) {
        size_t b = (size_t)orders[i].customer & (nbuckets - 1);
        for (size_t j = head[b]; j != SIZE_MAX; j = next[j]) {
            if (custs[j].id == orders[i].customer && custs[j].region >= 0)
                totals[custs[j].region] += orders[i].amount;
        }
    }
    free(head);
    free(next);
}

size_t count_blocked(const struct customer *custs, size_t ncust, const char *blocklist)
{
    size_t blocked = 0;
    for (size_t i = 0; i < ncust; i++) {
        if (strstr(blocklist, custs[i].code) != NULL)
            blocked++;
    }
    return blocked;
}

size_t count_big_orders(const struct order *orders, size_t n, const char *threshold_text)
{
    double threshold = strtod(threshold_text, NULL);
    size_t big = 0;
    for (size_t i = 0; i < n; i++) {
        if (orders[i].amount >= threshold)
            big++;
    }
    return big;
}

void normalize_totals(double *totals, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += totals[i];
    if (sum <= 0.0)
        return;
    for (size_t i = 0; i < n; i++)
        totals[i] = totals[i] * 100.0 / sum;
}

size_t format_report(const double *totals, const double *share, char *buf, size_t cap)
{
    size_t len = 0;
    for (int r = 0; r < NREGIONS; r++) {
        int w = snprintf(buf + len, cap - len, "%-8s %14.2f %6.2f%%\n",
                         region_names[r], totals[r], share[r]);
        if (w < 0 || (size_t)w >= cap - len)
            break;
        len += (size_t)w;
    }
    return len;
}

int main(int argc, char **argv)
{
    size_t norders = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_ORDERS;
    size_t ncust_rows, olen, clen, no, nc, blocked, big, nblock;
    uint32_t s = 777u;
    struct order *orders = NULL;
    struct customer *custs = NULL;
    double totals[NREGIONS] = { 0 }, share[NREGIONS];
    char report[1024], *ocsv, *ccsv, *blocklist;
    FILE *f;

    if (norders == 0)
        norders = DEFAULT_ORDERS;
    ncust_rows = norders / 2 + 1;
    ocsv = make_orders_csv(norders, (long)ncust_rows, &s, &olen);
    ccsv = make_customers_csv(ncust_rows, &s, &clen);
    if (ocsv == NULL || ccsv == NULL)
        return 1;

    f = fmemopen(ocsv, olen, "r");
    if (f == NULL)
        return 1;
    no = parse_orders(f, &orders);
    fclose(f);
    f = fmemopen(ccsv, clen, "r");
    if (f == NULL)
        return 1;
    nc = parse_customers(f, &custs);
    fclose(f);

    join_totals(orders, no, custs, nc, totals);
    memcpy(share, totals, sizeof share);
    normalize_totals(share, NREGIONS);

    nblock = nc / 40 + 1;
    blocklist = malloc(nblock * 8 + 1);
    if (blocklist == NULL)
        return 1;
    blocklist[0] = '\0';
    for (size_t i = 0, len = 0; i < nblock; i++)
        len += (size_t)sprintf(blocklist + len, "%s;", custs[(i * 37) % nc].code);
    blocked = count_blocked(custs, nc, blocklist);
    big = count_big_orders(orders, no, "900.00");
    format_report(totals, share, report, sizeof report);
    printf("orders=%zu customers=%zu blocked=%zu big=%zu\n%s", no, nc, blocked, big, report);
    free(blocklist);
    free(orders);
    free(custs);
    free(ocsv);
    free(ccsv);
    return 0;
}
