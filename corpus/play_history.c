/*
 * play_history - replay a stream of track plays (generated in memory) through a
 * small media library: a most-recent-first history, a play queue, a blocklist,
 * a title list joined for display and a compact id dump, all built on the
 * program's own vector and string helpers; prints a checksum line.
 *
 * usage: play_history [nplays]
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PLAYS 220000
#define NTRACKS       5000

struct track_vec {
    int *ids;
    size_t len, cap;
};

void die(const char *what)
{
    perror(what);
    exit(1);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL)
        die("malloc");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL)
        die("realloc");
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Opens a gap at pos by moving the elements from pos on one place up. */
void shift_up(int *a, size_t pos, size_t len)
{
    memmove(a + pos + 1, a + pos, (len - pos) * sizeof *a);
}

/* Makes room for one more element, doubling the capacity when full. */
void tv_grow(struct track_vec *v)
{
    if (v->len < v->cap)
        return;
    v->cap = v->cap ? v->cap * 2 : 16;
    v->ids = xrealloc(v->ids, v->cap * sizeof *v->ids);
}

void tv_insert(struct track_vec *v, size_t pos, int id)
{
    tv_grow(v);
    shift_up(v->ids, pos, v->len);
    v->ids[pos] = id;
    v->len++;
}

void tv_push(struct track_vec *v, int id)
{
    tv_grow(v);
    v->ids[v->len++] = id;
}

int tv_contains(const struct track_vec *v, int id)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->ids[i] == id)
            return 1;
    return 0;
}

/* The history shows the most recent play first: each play goes in at the front. */
void record_history(struct track_vec *hist, const int *plays, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tv_insert(hist, 0, plays[i]);
}

/* The queue plays in order: appended at the end. */
void build_queue(struct track_vec *queue, const int *plays, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tv_push(queue, plays[i]);
}

/* Plays of blocked tracks, the blocklist searched once per play. */
size_t count_blocked(const struct track_vec *blocked, const int *plays, size_t n)
{
    size_t hits = 0;
    for (size_t i = 0; i < n; i++)
        hits += (size_t)tv_contains(blocked, plays[i]);
    return hits;
}

/* Skipped tracks, stored one more element at a time. */
int *collect_skips(const int *plays, size_t n, size_t *count)
{
    int *skips = NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (plays[i] % 7 != 0)
            continue;
        skips = xrealloc(skips, (k + 1) * sizeof *skips);
        skips[k++] = plays[i];
    }
    *count = k;
    return skips;
}

char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *r = xmalloc(la + lb + 1);
    memcpy(r, a, la);
    memcpy(r + la, b, lb + 1);
    return r;
}

/* The now-playing banner: every title joined, one new string per title. */
char *join_titles(char **titles, size_t n)
{
    char *s = xstrdup("");
    for (size_t i = 0; i < n; i++) {
        char *t = s;
        s = concat(s, titles[i]);
        free(t);
    }
    return s;
}

struct initial {
    char letter;
    size_t title;
};

/* The index by initial: each record is kept, not a per-iteration allocation. */
void index_initials(char **titles, size_t n, struct initial **out)
{
    for (size_t i = 0; i < n; i++) {
        struct initial *e = xmalloc(sizeof *e);
        e->letter = titles[i][0];
        e->title = i;
        out[i] = e;
    }
}

/* Upper-case initials, each checked through a scratch record allocated and freed. */
size_t count_capitals(struct initial **index, size_t n)
{
    size_t caps = 0;
    for (size_t i = 0; i < n; i++) {
        struct initial *t = xmalloc(sizeof *t);
        memcpy(t, index[i], sizeof *t);
        caps += t->letter >= 'A' && t->letter <= 'Z';
        free(t);
    }
    return caps;
}

void emit_byte(int fd, char c)
{
    if (write(fd, &c, 1) != 1)
        die("write");
}

/* The id dump: one byte per id, each its own write(). */
void dump_ids(int fd, const struct track_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        emit_byte(fd, (char)('a' + v->ids[i] % 26));
}

/* The playlist file: a 64 KiB buffer written when full. */
struct out_buf {
    int fd;
    size_t len;
    char data[65536];
};

void out_flush(struct out_buf *o)
{
    if (o->len && write(o->fd, o->data, o->len) != (ssize_t)o->len)
        die("write");
    o->len = 0;
}

void out_byte(struct out_buf *o, char c)
{
    o->data[o->len++] = c;
    if (o->len == sizeof o->data)
        out_flush(o);
}

void dump_queue(struct out_buf *o, const struct track_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        out_byte(o, (char)('a' + v->ids[i] % 26));
    out_flush(o);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : DEFAULT_PLAYS;
    size_t ntitles = n / 40 + 1;
    uint32_t seed = 12345;
    int *plays = xmalloc(n * sizeof *plays);
    for (size_t i = 0; i < n; i++)
        plays[i] = (int)(lcg(&seed) % NTRACKS);
    char **titles = xmalloc(ntitles * sizeof *titles);
    struct initial **kept = xmalloc(ntitles * sizeof *kept);
    for (size_t i = 0; i < ntitles; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%c%u ", 'A' + (int)(lcg(&seed) % 52) % 26,
                 (unsigned)(lcg(&seed) % 1000));
        titles[i] = xstrdup(buf);
    }

    struct track_vec hist = {0}, queue = {0}, blocked = {0};
    record_history(&hist, plays, n);
    build_queue(&queue, plays, n);
    for (int t = 0; t < 40; t++)
        tv_push(&blocked, t * 97 % NTRACKS);
    size_t hits = count_blocked(&blocked, plays, n);
    size_t nskips;
    int *skips = collect_skips(plays, n / 20, &nskips);
    char *banner = join_titles(titles, ntitles);
    index_initials(titles, ntitles, kept);
    size_t caps = count_capitals(kept, ntitles);

    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0)
        die("/dev/null");
    struct track_vec head = {hist.ids, hist.len < 4096 ? hist.len : 4096, 0};
    dump_ids(devnull, &head);
    struct out_buf *o = xmalloc(sizeof *o);
    o->fd = devnull;
    o->len = 0;
    dump_queue(o, &queue);
    close(devnull);

    printf("history %d queue %d blocked %zu skips %zu banner %zu caps %zu\n", hist.ids[0],
           queue.ids[queue.len - 1], hits, nskips, strlen(banner), caps);
    for (size_t i = 0; i < ntitles; i++) {
        free(titles[i]);
        free(kept[i]);
    }
    free(o);
    free(banner);
    free(skips);
    free(kept);
    free(titles);
    free(blocked.ids);
    free(queue.ids);
    free(hist.ids);
    free(plays);
    return 0;
}
