/*
 * similarity_matrix - item-to-item cosine similarities for a small
 * recommender: generate item feature vectors, normalise them, compute the
 * full similarity matrix, symmetrise it, find each item's best match,
 * score items for one user and print a similarity histogram.
 *
 * usage: similarity_matrix [nitems]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITEMS 1300
#define NBUCKETS 20
#define EMBED_DIMS 3

uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* n items of d features each, row major; features cluster around a few themes. */
void make_features(double *x, size_t n, size_t d, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n * d; i++) {
        size_t theme = (i / d) % 7;
        double noise = (double)(splitmix(&s) >> 11) * 0x1.0p-53;
        x[i] = (i % d) % 7 == theme ? 1.0 + noise : noise * 0.25;
    }
}

/* Scale every row to unit length. */
void normalize_rows(double *x, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        double norm = 0.0;
        for (size_t k = 0; k < d; k++)
            norm += x[i * d + k] * x[i * d + k];
        norm = sqrt(norm);
        if (norm == 0.0)
            continue;
        for (size_t k = 0; k < d; k++)
            x[i * d + k] /= norm;
    }
}

/* sim[i][j] = <x_i, x_j>: cosine similarity of unit rows. */
void gram_matrix(const double *x, double *sim, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double dot = 0.0;
            for (size_t k = 0; k < d; k++)
                dot += x[i * d + k] * x[j * d + k];
            sim[i * n + j] = dot;
        }
    }
}

/* Average with the transpose, so rounding cannot make sim[i][j] != sim[j][i]. */
void symmetrize(const double *sim, double *sym, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            sym[i * n + j] = 0.5 * (sim[i * n + j] + sim[j * n + i]);
}

/* For each item, the most similar other item. */
void best_matches(const double *sim, size_t n, size_t *best)
{
    for (size_t i = 0; i < n; i++) {
        double top = -2.0;
        size_t arg = i;
        for (size_t j = 0; j < n; j++) {
            if (j != i && sim[i * n + j] > top) {
                top = sim[i * n + j];
                arg = j;
            }
        }
        best[i] = arg;
    }
}

/* Predicted interest of one user in every item: similarities weighted by the user's ratings. */
void score_items(const double *sim, const double *ratings, double *scores, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < n; j++)
            s += sim[i * n + j] * ratings[j];
        scores[i] = s;
    }
}

/* Histogram of the off-diagonal similarities in NBUCKETS buckets over [-1, 1]. */
void similarity_histogram(const double *sim, size_t n, size_t *hist)
{
    for (size_t b = 0; b < NBUCKETS; b++)
        hist[b] = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            int b = (int)((sim[i * n + j] + 1.0) * 0.5 * NBUCKETS);
            if (b < 0)
                b = 0;
            if (b >= NBUCKETS)
                b = NBUCKETS - 1;
            hist[b]++;
        }
    }
}

/* A fixed 3x3 projection of each item's first three features, for plotting. */
void embed_3d(const double *x, size_t n, size_t d, double *out)
{
    static const double proj[EMBED_DIMS][EMBED_DIMS] = {
        {0.8, -0.6, 0.0}, {0.36, 0.48, -0.8}, {0.48, 0.64, 0.6}};
    for (size_t i = 0; i < n; i++) {
        for (int r = 0; r < EMBED_DIMS; r++) {
            double v = 0.0;
            for (int c = 0; c < EMBED_DIMS; c++)
                v += proj[r][c] * x[i * d + c];
            out[i * EMBED_DIMS + r] = v;
        }
    }
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_ITEMS;
    if (n < 2)
        n = DEFAULT_ITEMS;
    size_t d = n / 2;
    double *x = malloc(n * d * sizeof *x);
    double *sim = malloc(n * n * sizeof *sim);
    double *sym = malloc(n * n * sizeof *sym);
    double *ratings = malloc(n * sizeof *ratings);
    double *scores = malloc(n * sizeof *scores);
    double *emb = malloc(n * EMBED_DIMS * sizeof *emb);
    size_t *best = malloc(n * sizeof *best);
    size_t hist[NBUCKETS];
    if (!x || !sim || !sym || !ratings || !scores || !emb || !best)
        return 1;

    make_features(x, n, d, 0x5eed5eedull);
    normalize_rows(x, n, d);
    embed_3d(x, n, d, emb);
    gram_matrix(x, sim, n, d);
    symmetrize(sim, sym, n);
    best_matches(sym, n, best);
    for (size_t i = 0; i < n; i++)
        ratings[i] = (double)(i % 5);
    score_items(sym, ratings, scores, n);
    similarity_histogram(sym, n, hist);

    double trace = 0.0, score_sum = 0.0, emb_sum = 0.0;
    size_t self_theme = 0, mode = 0;
    for (size_t b = 1; b < NBUCKETS; b++)
        if (hist[b] > hist[mode])
            mode = b;
    for (size_t i = 0; i < n; i++) {
        trace += sym[i * n + i];
        score_sum += scores[i];
        emb_sum += emb[i * EMBED_DIMS];
        self_theme += best[i] % 7 == i % 7;
    }
    printf("items=%zu dims=%zu trace=%.4f scores=%.4f emb=%.4f same_theme=%zu mode=%zu/%zu\n", n,
           d, trace, score_sum, emb_sum, self_theme, mode, hist[mode]);
    free(x);
    free(sim);
    free(sym);
    free(ratings);
    free(scores);
    free(emb);
    free(best);
    return 0;
}
