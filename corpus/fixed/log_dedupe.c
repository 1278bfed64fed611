/*
 * log_dedupe - parse a generated application log, keep the distinct
 * messages newest-first, drain the alert queue and print a short digest.
 *
 * usage: log_dedupe [nlines]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLEVELS 4
#define RING_CAP 64
#define DEFAULT_LINES 120000

static const char level_chars[NLEVELS] = { 'D', 'I', 'W', 'E' };

struct event {
    uint32_t ts;
    uint32_t code;
    uint32_t arg;
    uint32_t level;
};

struct keyset {
    uint64_t *slots; /* 0 = empty */
    size_t mask;
};

struct ring {
    struct event buf[RING_CAP];
    size_t head, count;
};

struct alert_queue {
    struct event *items;
    size_t count;
};

uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

char *gen_log_text(size_t n, uint32_t seed, size_t *out_len)
{
    size_t cap = n * 40 + 1, len = 0;
    char *buf = malloc(cap);
    uint32_t s = seed;

    if (buf == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = xorshift32(&s);
        uint32_t level = (r & 0xff) < 8 ? 3 : (r & 0xff) < 40 ? 2 : (r >> 8) % 2;
        uint32_t code = (r >> 12) % 4096;
        uint32_t arg = xorshift32(&s) % 64;
        len += (size_t)snprintf(buf + len, cap - len, "%zu %c %u %u\n",
                                1700000000 + i, level_chars[level], code, arg);
    }
    *out_len = len;
    return buf;
}

int level_of(int c)
{
    for (int l = 0; l < NLEVELS; l++) {
        if (level_chars[l] == c)
            return l;
    }
    return 0;
}

size_t parse_log(FILE *f, struct event *ev, size_t max)
{
    size_t n = 0;
    int field = 0, c;
    uint32_t val = 0;

    while ((c = getc(f)) != EOF) {
        if (n == max)
            break;
        if (c >= '0' && c <= '9') {
            val = val * 10 + (uint32_t)(c - '0');
        } else if (c == ' ' || c == '\n') {
            if (field == 0)
                ev[n].ts = val;
            else if (field == 2)
                ev[n].code = val;
            else if (field == 3)
                ev[n].arg = val;
            val = 0;
            field++;
            if (c == '\n') {
                n++;
                field = 0;
            }
        } else {
            ev[n].level = (uint32_t)level_of(c);
        }
    }
    return n;
}

int seen_insert(struct keyset *set, uint64_t key)
{
    size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & set->mask;
    while (set->slots[h] != 0) {
        if (set->slots[h] == key)
            return 0;
        h = (h + 1) & set->mask;
    }
    set->slots[h] = key;
    return 1;
}

size_t record_messages(const struct event *ev, size_t n, struct keyset *seen,
                       struct event *recent)
{
    size_t nrecent = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t key = ((uint64_t)ev[i].code << 8 | ev[i].arg) + 1;
        if (!seen_insert(seen, key))
            continue;
        recent[nrecent++] = ev[i];
    }
    /* appended oldest first: one reversal gives the newest-first order callers read */
    for (size_t a = 0, b = nrecent; a + 1 < b; a++, b--) {
        struct event t = recent[a];
        recent[a] = recent[b - 1];
        recent[b - 1] = t;
    }
    return nrecent;
}

void tail_window(const struct event *ev, size_t n, struct ring *r)
{
    for (size_t i = 0; i < n; i++) {
        r->buf[r->head] = ev[i];
        r->head = (r->head + 1) % RING_CAP;
        if (r->count < RING_CAP)
            r->count++;
    }
}

void summarize_levels(const struct event *ev, size_t n, size_t *at_least)
{
    for (size_t i = 0; i < n; i++) {
        for (uint32_t l = 0; l < NLEVELS; l++) {
            if (ev[i].level >= l)
                at_least[l]++;
        }
    }
}

uint64_t drain_alerts(struct alert_queue *q)
{
    uint64_t digest = 0;
    if (q->count == 0)
        return 0;
    do {
        digest = digest * 31 + q->items[0].code * 64u + q->items[0].arg;
        memmove(q->items, q->items + 1, (q->count - 1) * sizeof *q->items);
        q->count--;
    } while (q->count > 0);
    return digest;
}

size_t format_recent(const struct event *recent, size_t m, char *out)
{
    out[0] = '\0';
    for (size_t i = 0; i < m; i++) {
        char line[64];
        snprintf(line, sizeof line, "%u %c code=%u arg=%u\n", recent[i].ts,
                 level_chars[recent[i].level], recent[i].code, recent[i].arg);
        strcat(out, line);
    }
    return strlen(out);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_LINES;
    size_t len, nev, nrecent, shown, at_least[NLEVELS] = { 0 };
    struct keyset seen;
    struct ring ring = { .head = 0, .count = 0 };
    struct alert_queue q = { NULL, 0 };
    struct event *ev, *recent;
    char *text, *digest_text;
    uint64_t digest;
    FILE *f;

    if (n == 0)
        n = DEFAULT_LINES;
    text = gen_log_text(n, 0xC0FFEEu, &len);
    ev = malloc(n * sizeof *ev);
    recent = malloc(n * sizeof *recent);
    q.items = malloc(n * sizeof *q.items);
    seen.mask = 1;
    while (seen.mask < 2 * n)
        seen.mask = seen.mask * 2 + 1;
    seen.slots = calloc(seen.mask + 1, sizeof *seen.slots);
    if (text == NULL || ev == NULL || recent == NULL || q.items == NULL || seen.slots == NULL)
        return 1;
    f = fmemopen(text, len, "r");
    if (f == NULL)
        return 1;
    nev = parse_log(f, ev, n);
    fclose(f);

    nrecent = record_messages(ev, nev, &seen, recent);
    tail_window(ev, nev, &ring);
    summarize_levels(ev, nev, at_least);
    for (size_t i = 0; i < nev; i++) {
        if (ev[i].level == 3 && i % 4 == 0)
            q.items[q.count++] = ev[i];
    }
    digest = drain_alerts(&q);
    shown = nrecent / 40;
    digest_text = malloc(shown * 64 + 1);
    if (digest_text == NULL)
        return 1;
    len = format_recent(recent, shown, digest_text);
    printf("events=%zu distinct=%zu errors=%zu warnings=%zu digest=%llx shown=%zu/%zu last=%u\n",
           nev, nrecent, at_least[3], at_least[2] - at_least[3],
           (unsigned long long)digest, shown, len,
           ring.buf[(ring.head + RING_CAP - 1) % RING_CAP].ts);
    free(digest_text);
    free(seen.slots);
    free(q.items);
    free(recent);
    free(ev);
    free(text);
    return 0;
}
