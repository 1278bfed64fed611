/*
 * phone_book - import generated contacts into an alphabetical phone book,
 * answer lookups, export the numbers and report duplicate names.
 *
 * usage: phone_book [ncontacts]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_LEN 24
#define NUM_LEN 16
#define EXPORT_LINE (NUM_LEN + 1)
#define DEFAULT_CONTACTS 7000

struct contact {
    char name[NAME_LEN];
    char number[NUM_LEN];
};

struct book {
    struct contact *c;
    size_t count;
};

uint32_t rand32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

void make_contact(uint32_t *s, struct contact *out)
{
    static const char *const first[] = { "ana", "ben", "chloe", "dmitri", "eva", "farid",
                                         "gita", "hugo", "ines", "jon", "kai", "lena" };
    static const char consonants[] = "bcdfghklmnprstvz";
    static const char vowels[] = "aeiou";
    char last[8];
    for (int k = 0; k < 7; k++)
        last[k] = (k % 2) ? vowels[rand32(s) % 5] : consonants[rand32(s) % 16];
    last[7] = '\0';
    snprintf(out->name, NAME_LEN, "%s %s", last, first[rand32(s) % 12]);
    snprintf(out->number, NUM_LEN, "+49 %03u %06u", rand32(s) % 1000, rand32(s) % 1000000);
}

int cmp_name(const void *a, const void *b)
{
    const struct contact *x = a, *y = b;
    return strcmp(x->name, y->name);
}

void sort_book(struct book *b)
{
    qsort(b->c, b->count, sizeof *b->c, cmp_name);
}

size_t import_contacts(struct book *b, const struct contact *src, size_t n)
{
    size_t before = b->count;
    for (size_t i = 0; i < n; i++)
        b->c[b->count++] = src[i];
    sort_book(b); /* once: nothing reads the book while the import runs */
    return b->count - before;
}

const struct contact *lookup(const struct book *b, const char *name)
{
    long lo = 0, hi = (long)b->count - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        int c = strcmp(b->c[mid].name, name);
        if (c == 0)
            return &b->c[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

size_t lookup_many(const struct book *b, const struct contact *queries, size_t m)
{
    size_t hits = 0;
    for (size_t i = 0; i < m; i++) {
        if (lookup(b, queries[i].name) != NULL)
            hits++;
    }
    return hits;
}

char *export_numbers(const struct book *b, size_t *out_len)
{
    char *buf = NULL;
    size_t used = 0;
    for (size_t i = 0; i < b->count; i++) {
        size_t len = strlen(b->c[i].number);
        char *nb = realloc(buf, used + EXPORT_LINE + 1);
        if (nb == NULL)
            break;
        buf = nb;
        memcpy(buf + used, b->c[i].number, len);
        used += len;
        buf[used++] = '\n';
        buf[used] = '\0';
    }
    *out_len = used;
    return buf;
}

void msort_by_number(struct contact *a, struct contact *tmp, size_t lo, size_t hi)
{
    size_t mid, i, j, k;
    if (hi - lo < 2)
        return;
    mid = lo + (hi - lo) / 2;
    msort_by_number(a, tmp, lo, mid);
    msort_by_number(a, tmp, mid, hi);
    i = lo;
    j = mid;
    k = lo;
    while (i < mid && j < hi) {
        if (strcmp(a[i].number, a[j].number) <= 0)
            tmp[k++] = a[i++];
        else
            tmp[k++] = a[j++];
    }
    while (i < mid)
        tmp[k++] = a[i++];
    while (j < hi)
        tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
}

size_t count_duplicate_names(const struct book *b)
{
    size_t dups = 0;
    for (size_t i = 1; i < b->count; i++) {
        if (strcmp(b->c[i - 1].name, b->c[i].name) == 0)
            dups++;
    }
    return dups;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_CONTACTS;
    struct book b = { NULL, 0 };
    struct contact *src, *queries, *by_number, *tmp;
    size_t imported, hits, exported, dups;
    uint32_t s = 0x5eed1234u;
    char *numbers;

    if (n == 0)
        n = DEFAULT_CONTACTS;
    src = malloc(n * sizeof *src);
    queries = malloc(n * sizeof *queries);
    b.c = malloc(n * sizeof *b.c);
    by_number = malloc(n * sizeof *by_number);
    tmp = malloc(n * sizeof *tmp);
    if (src == NULL || queries == NULL || b.c == NULL || by_number == NULL || tmp == NULL)
        return 1;
    for (size_t i = 0; i < n; i++)
        make_contact(&s, &src[i]);
    for (size_t i = 0; i < n; i++) {
        if (i % 3 == 0)
            make_contact(&s, &queries[i]);
        else
            queries[i] = src[(i * 7) % n];
    }
    imported = import_contacts(&b, src, n);
    hits = lookup_many(&b, queries, n);
    numbers = export_numbers(&b, &exported);
    memcpy(by_number, b.c, b.count * sizeof *b.c);
    msort_by_number(by_number, tmp, 0, b.count);
    dups = count_duplicate_names(&b);
    printf("contacts=%zu hits=%zu exported=%zu dups=%zu first=%s lowest=%s\n",
           imported, hits, exported, dups, b.c[0].name, by_number[0].number);
    free(numbers);
    free(tmp);
    free(by_number);
    free(b.c);
    free(queries);
    free(src);
    return 0;
}
