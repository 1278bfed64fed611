/*
 * matrix_stats - statistics over a table of NCOLS-dimensional measurements:
 * column means and medians, log scaling, a binomial smoothing kernel and
 * the number of near-duplicate rows.
 *
 * usage: matrix_stats [nrows]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 8
#define KERNEL_WIDTH 22
#define DEFAULT_ROWS 26000

struct matrix {
    size_t rows;
    double *v; /* rows * NCOLS, row major */
};

uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void fill_matrix(struct matrix *m, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < m->rows; i++) {
        double base = (double)(splitmix(&s) % 64);
        for (int c = 0; c < NCOLS; c++)
            m->v[i * NCOLS + c] = 1.0 + base + (double)(splitmix(&s) % 1000) / 500.0;
    }
}

void column_means(const struct matrix *m, double *mean)
{
    for (int c = 0; c < NCOLS; c++)
        mean[c] = 0.0;
    for (size_t i = 0; i < m->rows * NCOLS; i++)
        mean[i % NCOLS] += m->v[i];
    for (int c = 0; c < NCOLS; c++)
        mean[c] /= (double)m->rows;
}

double row_distance2(const double *a, const double *b)
{
    double d = 0.0;
    for (int c = 0; c < NCOLS; c++)
        d += (a[c] - b[c]) * (a[c] - b[c]);
    return d;
}

struct row {
    double v[NCOLS];
};

int cmp_first_column(const void *a, const void *b)
{
    double x = ((const struct row *)a)->v[0], y = ((const struct row *)b)->v[0];
    return (x > y) - (x < y);
}

size_t count_close_pairs(const struct matrix *m, double radius)
{
    /* sorted by the first column, a row can only be close to the rows after it that are
     * less than radius away in that column: the sweep stops at the first one that is not */
    struct row *rows = malloc((m->rows ? m->rows : 1) * sizeof *rows);
    size_t close = 0;
    double r2 = radius * radius;
    if (rows == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(rows, m->v, m->rows * sizeof *rows);
    qsort(rows, m->rows, sizeof *rows, cmp_first_column);
    for (size_t i = 0; i < m->rows; i++) {
        for (size_t j = i + 1; j < m->rows && rows[j].v[0] - rows[i].v[0] < radius; j++) {
            if (row_distance2(rows[i].v, rows[j].v) < r2)
                close++;
        }
    }
    free(rows);
    return close;
}

int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double column_median(const struct matrix *m, int col, double *scratch)
{
    for (size_t i = 0; i < m->rows; i++)
        scratch[i] = m->v[i * NCOLS + col];
    qsort(scratch, m->rows, sizeof *scratch, cmp_double);
    return m->rows % 2 ? scratch[m->rows / 2]
                       : 0.5 * (scratch[m->rows / 2 - 1] + scratch[m->rows / 2]);
}

void log_scale(struct matrix *m, double base)
{
    for (size_t i = 0; i < m->rows * NCOLS; i++)
        m->v[i] = log(m->v[i]) / log(base);
}

double binomial(int n, int k)
{
    if (k == 0 || k == n)
        return 1.0;
    return binomial(n - 1, k - 1) + binomial(n - 1, k);
}

void smoothing_kernel(double *w, int width)
{
    double total = 0.0;
    for (int k = 0; k <= width; k++) {
        w[k] = binomial(width, k);
        total += w[k];
    }
    for (int k = 0; k <= width; k++)
        w[k] /= total;
}

int main(int argc, char **argv)
{
    size_t rows = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_ROWS;
    struct matrix m;
    double mean[NCOLS], kernel[KERNEL_WIDTH + 1], med, smoothed = 0.0;
    double *scratch;
    size_t close;

    if (rows == 0)
        rows = DEFAULT_ROWS;
    m.rows = rows;
    m.v = malloc(rows * NCOLS * sizeof *m.v);
    scratch = malloc(rows * sizeof *scratch);
    if (m.v == NULL || scratch == NULL)
        return 1;
    fill_matrix(&m, 42);
    column_means(&m, mean);
    med = column_median(&m, 3, scratch);
    close = count_close_pairs(&m, 1.25);
    smoothing_kernel(kernel, KERNEL_WIDTH);
    log_scale(&m, 2.0);
    for (size_t i = 0; i < rows && i <= KERNEL_WIDTH; i++)
        smoothed += kernel[i] * m.v[i * NCOLS];
    printf("rows=%zu mean0=%.4f median3=%.4f close=%zu smoothed=%.6f\n",
           rows, mean[0], med, close, smoothed);
    free(scratch);
    free(m.v);
    return 0;
}
