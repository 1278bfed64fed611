/*
 * word_freq - tally word frequencies of a generated text and report the
 * most frequent words together with a few corpus statistics.
 *
 * usage: word_freq [nwords]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 16
#define TOP_K 5
#define DEFAULT_WORDS 75000

struct entry {
    char word[WORD_MAX];
    unsigned count;
};

struct table {
    struct entry *entries;
    size_t count;
};

uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

/* Spell vocabulary entry `id` with letters, least significant digit first. */
size_t make_word(char *dst, unsigned id)
{
    static const char letters[] = "etaoinshrdlucmfw";
    size_t k = 0;
    do {
        dst[k++] = letters[id % 16];
        id /= 16;
    } while (id != 0);
    dst[k] = '\0';
    return k;
}

char *generate_text(size_t nwords, uint64_t seed, size_t *out_len)
{
    size_t cap = 256, len = 0;
    char *buf = malloc(cap);
    uint64_t s = seed;
    unsigned vocab = (unsigned)(nwords / 3 + 1);

    if (buf == NULL)
        return NULL;
    for (size_t i = 0; i < nwords; i++) {
        char w[WORD_MAX];
        uint64_t r = rng_next(&s);
        unsigned id = (unsigned)(r % vocab);
        if (r & 0x100000000ull)
            id >>= 8; /* frequent short words */
        size_t wlen = make_word(w, id);
        if (len + wlen + 2 > cap) {
            char *nb;
            cap *= 2;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        memcpy(buf + len, w, wlen);
        len += wlen;
        buf[len++] = (i % 12 == 11) ? '\n' : ' ';
    }
    buf[len] = '\0';
    *out_len = len;
    return buf;
}

size_t split_words(char *text, char **words, size_t max_words)
{
    size_t n = 0;
    int in_word = 0;

    for (char *p = text; *p != '\0'; p++) {
        if (strchr(" \t\n.,;", *p) != NULL) {
            *p = '\0';
            in_word = 0;
        } else if (!in_word) {
            if (n == max_words)
                break;
            words[n++] = p;
            in_word = 1;
        }
    }
    return n;
}

uint32_t hash_word(const char *w);

/* The slot of `word` in an open-addressing index of t's entries (position + 1, 0 = free). */
size_t *entry_slot(size_t *slots, size_t cap, const struct table *t, const char *word)
{
    size_t h = hash_word(word) & (cap - 1);
    while (slots[h] != 0 && strcmp(t->entries[slots[h] - 1].word, word) != 0)
        h = (h + 1) & (cap - 1);
    return &slots[h];
}

size_t tally_words(char **words, size_t nwords, struct table *t)
{
    /* indexed once, each word is one probe instead of a walk over the table; entries keep
     * their first-appearance order, by which top_words breaks ties */
    size_t cap = 16, *slots;

    while (cap < 2 * (t->count + nwords))
        cap *= 2;
    slots = calloc(cap, sizeof *slots);
    if (slots == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (size_t j = 0; j < t->count; j++) {
        size_t *slot = entry_slot(slots, cap, t, t->entries[j].word);
        if (*slot == 0)
            *slot = j + 1;
    }
    for (size_t i = 0; i < nwords; i++) {
        size_t *slot = entry_slot(slots, cap, t, words[i]);
        size_t j = *slot != 0 ? *slot - 1 : t->count;
        if (j == t->count) {
            *slot = j + 1;
            strcpy(t->entries[j].word, words[i]);
            t->entries[j].count = 0;
            t->count++;
        }
        t->entries[j].count++;
    }
    free(slots);
    return t->count;
}

uint32_t hash_word(const char *w)
{
    uint32_t h = 2166136261u;
    for (int k = 0; k < WORD_MAX && w[k] != '\0'; k++) {
        h ^= (unsigned char)w[k];
        h *= 16777619u;
    }
    return h;
}

size_t count_distinct(char **words, size_t nwords)
{
    size_t cap = 16, distinct = 0;
    const char **slots;

    while (cap < nwords * 2)
        cap *= 2;
    slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return 0;
    for (size_t i = 0; i < nwords; i++) {
        size_t h = hash_word(words[i]) & (cap - 1);
        while (slots[h] != NULL && strcmp(slots[h], words[i]) != 0)
            h = (h + 1) & (cap - 1);
        if (slots[h] == NULL) {
            slots[h] = words[i];
            distinct++;
        }
    }
    free(slots);
    return distinct;
}

/* Pick the TOP_K most frequent entries (ties broken by first appearance). */
size_t top_words(const struct table *t, size_t *best)
{
    unsigned prev_count = 0;
    size_t prev_idx = 0, k;

    for (k = 0; k < TOP_K; k++) {
        size_t pick = SIZE_MAX;
        if (k >= t->count)
            break;
        for (size_t j = 0; j < t->count; j++) {
            const struct entry *e = &t->entries[j];
            int after = k == 0 || e->count < prev_count ||
                        (e->count == prev_count && j > prev_idx);
            if (after && (pick == SIZE_MAX || e->count > t->entries[pick].count))
                pick = j;
        }
        best[k] = pick;
        prev_count = t->entries[pick].count;
        prev_idx = pick;
    }
    return k;
}

/* Width of the widest count when printed in decimal. */
int count_column_width(const struct table *t)
{
    int width = 1;
    for (size_t j = 0; j < t->count; j++) {
        int digits = 1;
        for (unsigned v = t->entries[j].count; v >= 10; v /= 10)
            digits++;
        if (digits > width)
            width = digits;
    }
    return width;
}

int main(int argc, char **argv)
{
    size_t nwords = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_WORDS;
    size_t len, n, distinct, best[TOP_K], nbest;
    struct table t;
    char **words;
    char *text;
    int width;

    if (nwords == 0)
        nwords = DEFAULT_WORDS;
    text = generate_text(nwords, 0x9e3779b97f4a7c15ull, &len);
    words = malloc(nwords * sizeof *words);
    t.entries = malloc(nwords * sizeof *t.entries);
    t.count = 0;
    if (text == NULL || words == NULL || t.entries == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    n = split_words(text, words, nwords);
    tally_words(words, n, &t);
    distinct = count_distinct(words, n);
    nbest = top_words(&t, best);
    width = count_column_width(&t);
    printf("words=%zu distinct=%zu/%zu chars=%zu\n", n, t.count, distinct, len);
    for (size_t k = 0; k < nbest; k++)
        printf("%*u %s\n", width, t.entries[best[k]].count, t.entries[best[k]].word);
    free(words);
    free(t.entries);
    free(text);
    return 0;
}
