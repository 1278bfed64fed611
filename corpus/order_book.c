/* order_book.c: a toy exchange order book. Resting orders sit in a linked list per side and
 * price levels in a binary search tree; incoming orders are matched, filled level by level and
 * summarised.
 *
 * usage: order_book [norders]   (default 40000) */
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_ORDERS 40000
#define MAX_FILLS 32

struct order {
    int id;
    int price;
    int qty;
    struct order *next;
};

struct level {
    int price;
    long volume;
    struct level *left, *right;
};

struct book {
    struct order *resting; /* newest first */
    struct level *levels;
    struct level *pool;
    int nlevels;
};

static unsigned lcg(unsigned *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* The resting order at exactly this price, walking the list until it ends. */
struct order *match_price(struct order *head, int price)
{
    struct order *p = head;

    for (;;) {
        if (p == NULL)
            break;
        if (p->price == price)
            break;
        p = p->next;
    }
    return p;
}

/* Matches every incoming order against the resting list. */
long match_orders(struct book *b, const struct order *incoming, int n)
{
    long matched = 0;

    for (int i = 0; i < n; i++) {
        struct order *hit = match_price(b->resting, incoming[i].price);
        if (hit != NULL)
            matched += hit->qty < incoming[i].qty ? hit->qty : incoming[i].qty;
    }
    return matched;
}

/* The price level holding price, found by descending the tree. */
struct level *find_level(struct level *x, int price)
{
    while (x != NULL) {
        if (price < x->price)
            x = x->left;
        else if (price > x->price)
            x = x->right;
        else
            break;
    }
    return x;
}

struct level *add_level(struct book *b, int price)
{
    struct level **slot = &b->levels;

    while (*slot != NULL) {
        if (price < (*slot)->price)
            slot = &(*slot)->left;
        else if (price > (*slot)->price)
            slot = &(*slot)->right;
        else
            return *slot;
    }
    *slot = &b->pool[b->nlevels++];
    (*slot)->price = price;
    (*slot)->volume = 0;
    (*slot)->left = (*slot)->right = NULL;
    return *slot;
}

/* Adds each order's quantity to its price level. */
long tally_levels(struct book *b, const struct order *orders, int n)
{
    long total = 0;

    for (int i = 0; i < n; i++) {
        struct level *l = find_level(b->levels, orders[i].price);
        if (l == NULL)
            l = add_level(b, orders[i].price);
        l->volume += orders[i].qty;
        total += l->volume;
    }
    return total;
}

/* Takes qty from the resting list in lots of at most lot, until it is filled. */
int fill_quantity(struct order *head, int qty, int lot)
{
    int filled = 0, fills = 0;

    while (!filled) {
        int take = qty < lot ? qty : lot;
        if (head != NULL)
            head->qty -= take;
        qty -= take;
        fills++;
        filled = qty <= 0;
    }
    return fills;
}

/* The ids of at most MAX_FILLS resting orders at or under a price limit. */
int collect_fills(const struct order *head, int limit, int *ids)
{
    int n = 0;

    for (const struct order *p = head; p != NULL; p = p->next) {
        if (n >= MAX_FILLS)
            break;
        ids[n] = p->price <= limit ? p->id : -1;
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : DEFAULT_ORDERS;
    struct order *resting, *incoming;
    struct book b;
    int ids[MAX_FILLS], nfills, lots = 0;
    long matched, volume;
    unsigned s = 2024u;

    if (n <= 0)
        n = DEFAULT_ORDERS;
    resting = malloc((size_t)n * sizeof *resting);
    incoming = malloc((size_t)n * sizeof *incoming);
    b.pool = malloc((size_t)n * sizeof *b.pool);
    if (resting == NULL || incoming == NULL || b.pool == NULL)
        return 1;
    b.resting = NULL;
    b.levels = NULL;
    b.nlevels = 0;
    for (int i = 0; i < n; i++) {
        resting[i].id = i;
        resting[i].price = 1000 + (int)(lcg(&s) % 40000u);
        resting[i].qty = 1 + (int)(lcg(&s) % 100u);
        resting[i].next = b.resting;
        b.resting = &resting[i];
        incoming[i].id = n + i;
        incoming[i].price = 1000 + (int)(lcg(&s) % 40000u);
        incoming[i].qty = 1 + (int)(lcg(&s) % 100u);
        incoming[i].next = NULL;
    }
    matched = match_orders(&b, incoming, n);
    volume = tally_levels(&b, resting, n);
    for (int i = 0; i < n; i += 512)
        lots += fill_quantity(b.resting, incoming[i].qty, 7);
    nfills = collect_fills(b.resting, 20000, ids);
    printf("orders=%d matched=%ld levels=%d volume=%ld lots=%d fills=%d first=%d\n", n, matched,
           b.nlevels, volume, lots, nfills, ids[0]);
    free(b.pool);
    free(incoming);
    free(resting);
    return 0;
}
