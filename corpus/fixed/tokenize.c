/*
 * tokenize - split generated C-like source text into tokens, weight the
 * header tokens by kind frequency, check bracket nesting and render the
 * token stream in canonical single-space form.
 *
 * usage: tokenize [nstatements]
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STATEMENTS 24000

enum kind { TK_IDENT, TK_NUMBER, TK_PUNCT, TK_KEYWORD, TK_KIND_COUNT };

static const char *const kind_names[TK_KIND_COUNT] = { "ident", "number", "punct", "keyword" };

struct token {
    const char *start;
    uint32_t len;
    enum kind kind;
};

static const char *const templates[] = {
    "%s = %s + %u;\n",
    "if (%s < %s) { total = total * %u; }\n",
    "while (%s) { %s = %s - %u; }\n",
    "call(%s, %s, %u);\n",
};
static const char *const names[] = {
    "count", "index", "limit", "offset", "buffer_len", "total", "n", "width",
};

uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 7;
}

char *gen_source(size_t nstmt, uint32_t seed)
{
    size_t cap = nstmt * 64 + 1, len = 0;
    char *src = malloc(cap);
    uint32_t s = seed;

    if (src == NULL)
        return NULL;
    src[0] = '\0';
    for (size_t i = 0; i < nstmt; i++) {
        unsigned t = next_rand(&s) % 4;
        const char *a = names[next_rand(&s) % 8], *b = names[next_rand(&s) % 8];
        unsigned v = next_rand(&s) % 1000;
        if (t == 2)
            len += (size_t)snprintf(src + len, cap - len, templates[t], a, a, b, v);
        else
            len += (size_t)snprintf(src + len, cap - len, templates[t], a, b, v);
    }
    return src;
}

int is_keyword(const char *s, size_t len)
{
    static const char *const keywords[] = { "if", "while", "for", "return" };
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
        if (strlen(keywords[k]) == len && memcmp(keywords[k], s, len) == 0)
            return 1;
    }
    return 0;
}

size_t tokenize(const char *src, struct token *toks, size_t max)
{
    size_t len = strlen(src), n = 0;
    int open = -1; /* kind of the token still being extended, or -1 */

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        enum kind k;
        if (open == TK_IDENT && (isalnum(c) || c == '_')) {
            toks[n - 1].len++;
            continue;
        }
        if (open == TK_NUMBER && isdigit(c)) {
            toks[n - 1].len++;
            continue;
        }
        if (open == TK_IDENT && is_keyword(toks[n - 1].start, toks[n - 1].len))
            toks[n - 1].kind = TK_KEYWORD;
        open = -1;
        if (isalpha(c) || c == '_')
            k = TK_IDENT;
        else if (isdigit(c))
            k = TK_NUMBER;
        else if (strchr("+-*/=<>;(){},", c) != NULL)
            k = TK_PUNCT;
        else
            continue;
        if (n == max)
            break;
        toks[n].start = src + i;
        toks[n].len = 1;
        toks[n].kind = k;
        n++;
        if (k != TK_PUNCT)
            open = (int)k;
    }
    return n;
}

size_t kind_count(const struct token *toks, size_t n, enum kind k)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += toks[i].kind == k;
    return c;
}

void annotate_header(const struct token *toks, size_t m, double *weight)
{
    for (size_t i = 0; i < m; i++)
        weight[i] = (double)kind_count(toks, m, toks[i].kind) / (double)m;
}

size_t skip_group(const struct token *toks, size_t n, size_t i, int *ok);

/* Consume tokens up to and including the bracket that closes `close`. */
size_t skip_sequence(const struct token *toks, size_t n, size_t i, char close, int *ok)
{
    while (i < n && *ok) {
        char c = toks[i].start[0];
        if (toks[i].kind == TK_PUNCT && c == close)
            return i + 1;
        if (toks[i].kind == TK_PUNCT && (c == ')' || c == '}')) {
            *ok = 0;
            return i;
        }
        i = skip_group(toks, n, i, ok);
    }
    if (close != '\0')
        *ok = 0;
    return i;
}

size_t skip_group(const struct token *toks, size_t n, size_t i, int *ok)
{
    char c = toks[i].start[0];
    if (toks[i].kind == TK_PUNCT && c == '(')
        return skip_sequence(toks, n, i + 1, ')', ok);
    if (toks[i].kind == TK_PUNCT && c == '{')
        return skip_sequence(toks, n, i + 1, '}', ok);
    return i + 1;
}

int max_depth(const struct token *toks, size_t n)
{
    int depth = 0, best = 0;
    for (size_t i = 0; i < n; i++) {
        if (toks[i].kind != TK_PUNCT)
            continue;
        if (toks[i].start[0] == '(' || toks[i].start[0] == '{')
            depth++;
        else if (toks[i].start[0] == ')' || toks[i].start[0] == '}')
            depth--;
        if (depth > best)
            best = depth;
    }
    return best;
}

size_t render_tokens(const struct token *toks, size_t n, char *out)
{
    size_t len = 0; /* the end of out so far: an append never rescans what is written */
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(out + len, "%.*s ", (int)toks[i].len, toks[i].start);
    return len;
}

size_t format_counts(const size_t *counts, char *buf, size_t cap)
{
    char *p = buf;
    for (int k = 0; k < TK_KIND_COUNT; k++)
        p += snprintf(p, cap - (size_t)(p - buf), "%s=%zu ", kind_names[k], counts[k]);
    return (size_t)(p - buf);
}

int main(int argc, char **argv)
{
    size_t nstmt = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_STATEMENTS;
    size_t ntok, rendered, counts[TK_KIND_COUNT], header;
    struct token *toks;
    double *weight, wsum = 0.0;
    char *src, *out, summary[256];
    int ok = 1;

    if (nstmt == 0)
        nstmt = DEFAULT_STATEMENTS;
    src = gen_source(nstmt, 7u);
    if (src == NULL)
        return 1;
    toks = malloc((strlen(src) + 1) * sizeof *toks);
    out = malloc(2 * strlen(src) + 1);
    if (toks == NULL || out == NULL)
        return 1;
    ntok = tokenize(src, toks, strlen(src) + 1);
    header = ntok / 30 + 1;
    weight = malloc(header * sizeof *weight);
    if (weight == NULL)
        return 1;
    annotate_header(toks, header, weight);
    for (size_t i = 0; i < header; i++)
        wsum += weight[i];
    skip_sequence(toks, ntok, 0, '\0', &ok);
    rendered = render_tokens(toks, ntok, out);
    for (int k = 0; k < TK_KIND_COUNT; k++)
        counts[k] = kind_count(toks, ntok, (enum kind)k);
    format_counts(counts, summary, sizeof summary);
    printf("tokens=%zu rendered=%zu depth=%d balanced=%d wsum=%.3f %s\n",
           ntok, rendered, max_depth(toks, ntok), ok, wsum, summary);
    free(weight);
    free(out);
    free(toks);
    free(src);
    return 0;
}
