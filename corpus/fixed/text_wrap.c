/*
 * text_wrap - reflow a generated paragraph to a fixed line width, indent it
 * and print line statistics.
 *
 * usage: text_wrap [nwords]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_WIDTH 72
#define DEFAULT_WORDS 60000

static const char *const vocabulary[] = {
    "the", "of", "performance", "and", "a", "cache", "to", "in", "memory",
    "is", "latency", "throughput", "for", "with", "allocation", "on", "as",
    "branch", "by", "prediction", "that", "this", "vectorized", "loop",
    "from", "be", "instruction", "pipeline", "at", "or", "bandwidth", "an",
};
#define NVOCAB (sizeof vocabulary / sizeof vocabulary[0])

uint32_t lcg_next(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

char *make_paragraph(size_t nwords, uint32_t seed)
{
    char *buf = malloc(nwords * 16 + 1);
    char *p = buf;
    uint32_t s = seed;

    if (buf == NULL)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < nwords; i++) {
        const char *w = vocabulary[lcg_next(&s) % NVOCAB];
        p += sprintf(p, i + 1 < nwords ? "%s " : "%s", w);
    }
    return buf;
}

size_t wrap_text(const char *text, size_t width, char *out)
{
    size_t col = 0, o = 0, lines = 1;
    size_t last_space = SIZE_MAX;
    size_t len = strlen(text); /* once: text does not change in the loop */

    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ') {
            if (col == 0)
                continue;
            last_space = o;
        }
        out[o++] = c;
        col++;
        if (col > width && last_space != SIZE_MAX) {
            out[last_space] = '\n';
            col = o - last_space - 1;
            last_space = SIZE_MAX;
            lines++;
        }
    }
    out[o] = '\0';
    return lines;
}

size_t count_lines(const char *s)
{
    size_t lines = 0;
    while (*s) {
        if (*s == '\n')
            lines++;
        s++;
    }
    return lines + 1;
}

size_t longest_line(const char *s)
{
    size_t longest = 0;
    const char *nl;

    while ((nl = strchr(s, '\n')) != NULL) {
        if ((size_t)(nl - s) > longest)
            longest = (size_t)(nl - s);
        s = nl + 1;
    }
    if (strlen(s) > longest)
        longest = strlen(s);
    return longest;
}

size_t split_words(char *text, char **words, size_t max_words)
{
    size_t n = 0;
    int in_word = 0;

    for (char *p = text; *p != '\0'; p++) {
        if (*p == ' ' || *p == '\n') {
            *p = '\0';
            in_word = 0;
        } else if (!in_word && n < max_words) {
            words[n++] = p;
            in_word = 1;
        }
    }
    return n;
}

double average_word_length(char *const *words, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(words[i]);
    return n ? (double)total / (double)n : 0.0;
}

/* Copy `in` to `out`, starting every line with `prefix`. */
size_t indent_lines(const char *in, const char *prefix, char *out)
{
    size_t plen = strlen(prefix);
    size_t o = 0;
    int at_start = 1;

    for (const char *p = in; *p != '\0'; p++) {
        if (at_start) {
            memcpy(out + o, prefix, plen);
            o += plen;
            at_start = 0;
        }
        out[o++] = *p;
        if (*p == '\n')
            at_start = 1;
    }
    out[o] = '\0';
    return o;
}

int main(int argc, char **argv)
{
    size_t nwords = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_WORDS;
    char *text, *wrapped, *indented, **words;
    size_t lines, nw, longest, ilen;
    double avg;

    if (nwords == 0)
        nwords = DEFAULT_WORDS;
    text = make_paragraph(nwords, 12345u);
    wrapped = malloc(nwords * 16 + 1);
    if (text == NULL || wrapped == NULL)
        return 1;
    lines = wrap_text(text, LINE_WIDTH, wrapped);
    indented = malloc(strlen(wrapped) + 4 * (lines + 1) + 1);
    if (indented == NULL)
        return 1;
    ilen = indent_lines(wrapped, "    ", indented);
    longest = longest_line(wrapped);
    words = malloc(nwords * sizeof *words);
    if (words == NULL)
        return 1;
    nw = split_words(text, words, nwords);
    avg = average_word_length(words, nw);
    printf("lines=%zu/%zu longest=%zu indented=%zu words=%zu avg=%.3f\n",
           lines, count_lines(wrapped), longest, ilen, nw, avg);
    free(words);
    free(indented);
    free(wrapped);
    free(text);
    return 0;
}
