/*
 * record_parser - parse "key=value;..." storage access records (generated in
 * memory), total bytes and latency per operation and per user, and report the
 * busiest users and the first malformed record.
 *
 * usage: record_parser [nrecords]
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOPS 6
#define NAGENTS 4
#define MAX_FIELDS 32
#define KEY_MAX 32
#define VALUE_MAX 2048
#define USER_BUCKETS 1024
#define DEFAULT_RECORDS 600000

static const char *const op_names[NOPS] = {
    "GET", "PUT", "DELETE", "HEAD", "LIST", "COPY"
};

static const char *const agents[NAGENTS] = {
    "curl/8.4.0", "aws-sdk-go/1.44.298", "rclone/v1.64.2", "Boto3/1.28.57"
};

struct field {
    char key[KEY_MAX];
    char value[VALUE_MAX];
};

struct totals {
    unsigned long long bytes[NOPS];
    unsigned long long ms[NOPS];
    size_t count[NOPS];
    size_t bad;
};

struct user_node {
    char name[32];
    size_t requests;
    struct user_node *next;
};

uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* Writes the decimal digits of v at p; returns the new end. */
char *put_uint(char *p, unsigned v)
{
    char tmp[12];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (k > 0)
        *p++ = tmp[--k];
    return p;
}

char *make_log(size_t n, uint32_t *s, size_t *out_len)
{
    char *buf = malloc(n * 128 + 1), *p = buf;

    if (buf == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = xorshift32(s);
        const char *op = op_names[(r >> 12) % NOPS], *agent = agents[(r >> 20) % NAGENTS];
        size_t oplen = strlen(op), agentlen = strlen(agent);
        memcpy(p, "user=u", 6);
        p = put_uint(p + 6, 10000 + r % 3000);
        memcpy(p, ";id=", 4);
        p = put_uint(p + 4, (unsigned)i);
        memcpy(p, ";op=", 4);
        memcpy(p + 4, op, oplen);
        memcpy(p + 4 + oplen, ";path=/data/vol", 15);
        p = put_uint(p + 19 + oplen, (r >> 16) % 64);
        memcpy(p, "/obj", 4);
        p = put_uint(p + 4, xorshift32(s) % 1000000u);
        memcpy(p, ".bin;bytes=", 11);
        p = put_uint(p + 11, xorshift32(s) % 1048576u);
        memcpy(p, ";ms=", 4);
        p += 4;
        if (xorshift32(s) % 50000u == 0)
            *p++ = 'x'; /* about one record in 50000 has a broken latency field */
        p = put_uint(p, 1 + r % 900);
        memcpy(p, ";agent=", 7);
        memcpy(p + 7, agent, agentlen);
        p += 7 + agentlen;
        *p++ = ';';
        *p++ = '\n';
    }
    *p = '\0';
    *out_len = (size_t)(p - buf);
    return buf;
}

int op_index(const char *name)
{
    for (int k = 0; k < NOPS; k++) {
        if (strcmp(op_names[k], name) == 0)
            return k;
    }
    return -1;
}

/* Splits a record ("key=value;" fields) into the table; returns the number of fields, or -1
 * when a field is malformed or does not fit. */
int split_record(const char *line, struct field *fields, int max)
{
    int nf = 0;
    size_t k = 0;
    bool in_value = false;
    for (const char *c = line; *c != '\0'; c++) {
        if (nf == max)
            return -1;
        char *dst = in_value ? fields[nf].value : fields[nf].key;
        size_t cap = in_value ? VALUE_MAX : KEY_MAX;
        if (*c == '=' && !in_value) {
            fields[nf].key[k] = '\0';
            in_value = true;
            k = 0;
        } else if (*c == ';') {
            if (!in_value)
                return -1;
            fields[nf].value[k] = '\0';
            nf++;
            in_value = false;
            k = 0;
        } else if (k + 1 < cap) {
            dst[k++] = *c;
        } else {
            return -1;
        }
    }
    return nf;
}

/* Adds one record's fields to the totals; returns 0, or -1 when a number does not parse. */
int apply_record(struct totals *t, const struct field *fields, int nf)
{
    int op = -1;
    unsigned long bytes = 0, ms = 0;
    for (int k = 0; k < nf; k++) {
        const struct field *f = &fields[k];
        char *end;
        switch (f->key[0]) {
        case 'o':
            op = op_index(f->value);
            break;
        case 'b':
            bytes = strtoul(f->value, &end, 10);
            if (*end != '\0')
                return -1;
            break;
        case 'm':
            ms = strtoul(f->value, &end, 10);
            if (*end != '\0' || end == f->value)
                return -1;
            break;
        default:
            break;
        }
    }
    if (op < 0)
        return -1;
    t->bytes[op] += bytes;
    t->ms[op] += ms;
    t->count[op]++;
    return 0;
}

/* Totals bytes and latency per operation. Each record is copied into a scratch line and split
 * into a field table, both allocated for it and freed after it. */
size_t tally_records(const char *text, struct totals *t)
{
    size_t n = 0;
    const char *p = text, *nl;

    while ((nl = strchr(p, '\n')) != NULL) {
        size_t len = (size_t)(nl - p);
        char *line = malloc(len + 1);
        struct field *fields = calloc(MAX_FIELDS, sizeof *fields);
        if (line == NULL || fields == NULL) {
            free(line);
            free(fields);
            return n;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        int nf = split_record(line, fields, MAX_FIELDS);
        if (nf <= 0 || apply_record(t, fields, nf) != 0)
            t->bad++;
        free(fields);
        free(line);
        p = nl + 1;
        n++;
    }
    return n;
}

unsigned hash_name(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Per-user totals in a chained hash table: every node allocated in the loop is kept. */
size_t tally_users(const char *text, struct user_node **buckets)
{
    size_t users = 0;
    const char *p = text, *nl;

    while ((nl = strchr(p, '\n')) != NULL) {
        char name[32];
        const char *rec = p, *semi = memchr(rec, ';', (size_t)(nl - rec));
        p = nl + 1;
        if (semi == NULL || semi - rec <= 5 || semi - rec - 5 >= (long)sizeof name)
            continue; /* "user=" and a name that fits */
        size_t nlen = (size_t)(semi - rec) - 5;
        memcpy(name, rec + 5, nlen);
        name[nlen] = '\0';
        unsigned h = hash_name(name) % USER_BUCKETS;
        struct user_node *u;
        for (u = buckets[h]; u != NULL; u = u->next) {
            if (strcmp(u->name, name) == 0)
                break;
        }
        if (u == NULL) {
            u = malloc(sizeof *u);
            if (u == NULL)
                return users;
            memcpy(u->name, name, sizeof name);
            u->requests = 0;
            u->next = buckets[h];
            buckets[h] = u;
            users++;
        }
        u->requests++;
    }
    return users;
}

/* The busiest user: one name buffer, allocated before the walk and grown when needed. */
size_t busiest_user(struct user_node *const *buckets, char *out, size_t cap)
{
    size_t best = 0, namecap = 16;
    char *name = malloc(namecap);

    if (name == NULL)
        return 0;
    name[0] = '\0';
    for (int b = 0; b < USER_BUCKETS; b++) {
        for (const struct user_node *u = buckets[b]; u != NULL; u = u->next) {
            size_t len = strlen(u->name) + 1;
            if (u->requests <= best)
                continue;
            if (len > namecap) {
                char *bigger = realloc(name, len * 2);
                if (bigger == NULL)
                    break;
                name = bigger;
                namecap = len * 2;
            }
            memcpy(name, u->name, len);
            best = u->requests;
        }
    }
    snprintf(out, cap, "%s", name);
    free(name);
    return best;
}

/* A message about the first malformed record, allocated only on the way out. */
char *first_bad_record(const char *text)
{
    size_t lineno = 1;
    const char *p = text, *nl;

    while ((nl = strchr(p, '\n')) != NULL) {
        const char *ms = memchr(p, 'x', (size_t)(nl - p));
        if (ms != NULL) {
            char *msg = malloc(64);
            if (msg != NULL)
                snprintf(msg, 64, "record %zu: latency is not a number", lineno);
            return msg;
        }
        p = nl + 1;
        lineno++;
    }
    return NULL;
}

/* Checks the operation table through fresh scratch fields: a constant number of them. */
int self_test(void)
{
    int ok = 0;
    for (int k = 0; k < NOPS; k++) {
        struct field *f = malloc(sizeof *f);
        if (f == NULL)
            return ok;
        snprintf(f->value, sizeof f->value, "%s", op_names[k]);
        ok += op_index(f->value) == k;
        free(f);
    }
    return ok;
}

void free_users(struct user_node **buckets)
{
    for (int b = 0; b < USER_BUCKETS; b++) {
        struct user_node *u = buckets[b];
        while (u != NULL) {
            struct user_node *next = u->next;
            free(u);
            u = next;
        }
        buckets[b] = NULL;
    }
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_RECORDS;
    size_t len, parsed, users, top;
    uint32_t s = 0x5eed1234u;
    struct totals t;
    struct user_node **buckets;
    char busiest[32], *text, *bad;
    unsigned long long total_bytes = 0, total_ms = 0;

    if (n == 0)
        n = DEFAULT_RECORDS;
    text = make_log(n, &s, &len);
    buckets = calloc(USER_BUCKETS, sizeof *buckets);
    if (text == NULL || buckets == NULL)
        return 1;
    memset(&t, 0, sizeof t);
    parsed = tally_records(text, &t);
    users = tally_users(text, buckets);
    top = busiest_user(buckets, busiest, sizeof busiest);
    bad = first_bad_record(text);
    for (int k = 0; k < NOPS; k++) {
        total_bytes += t.bytes[k];
        total_ms += t.ms[k];
    }
    printf("records=%zu bad=%zu users=%zu bytes=%llu ms=%llu busiest=%s/%zu selftest=%d %s\n",
           parsed, t.bad, users, total_bytes, total_ms, busiest, top, self_test(),
           bad != NULL ? bad : "all valid");
    free(bad);
    free_users(buckets);
    free(buckets);
    free(text);
    return 0;
}
