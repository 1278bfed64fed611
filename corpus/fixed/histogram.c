/*
 * histogram - bin a generated sample set into a histogram with "nice" bin
 * boundaries, print it as text bars, and report quantiles, a log-scale
 * profile, outliers and the running median of the first samples.
 *
 * usage: histogram [nsamples]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBINS 40
#define NLOGBINS 16
#define BAR_WIDTH 50
#define SUBSAMPLE 32
#define BLOCK 65536
#define DEFAULT_SAMPLES 25000000

struct summary {
    double min, q1, median, q3, max;
};

uint64_t xs64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Bell-shaped samples (sum of two uniforms) with rare spikes. */
void gen_samples(double *x, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = xs64(&s);
        double u = (double)(r >> 40) * 0x1.0p-24 + (double)(r & 0xffffff) * 0x1.0p-24;
        x[i] = 50.0 + (u - 1.0) * 40.0;
        if (r % 5003 == 0)
            x[i] *= 3.0;
    }
}

/* Bin width: (hi - lo) / NBINS rounded up to a quarter-decade step. */
void bin_samples(const double *x, size_t n, double lo, double hi, size_t *counts)
{
    /* once: the bin layout depends on lo and hi only */
    double step = pow(10.0, ceil(log10((hi - lo) / NBINS) * 4.0) / 4.0);
    double origin = floor(lo / step) * step;
    for (size_t i = 0; i < n; i++) {
        long b = (long)((x[i] - origin) / step);
        if (b < 0)
            b = 0;
        if (b >= NBINS)
            b = NBINS - 1;
        counts[b]++;
    }
}

void log_profile(const double *x, size_t n, double base, size_t *counts)
{
    double inv_log_base = 1.0 / log(base);
    for (size_t i = 0; i < n; i++) {
        long b = x[i] > 1.0 ? (long)(log(x[i]) * inv_log_base) : 0;
        counts[b < NLOGBINS ? b : NLOGBINS - 1]++;
    }
}

size_t collect_outliers(const double *x, size_t n, double limit, double **out)
{
    double *list = NULL;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        double *nl;
        if (x[i] <= limit)
            continue;
        nl = realloc(list, (count + 1) * sizeof *list);
        if (nl == NULL)
            break;
        list = nl;
        list[count++] = x[i];
    }
    *out = list;
    return count;
}

int cmp_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return (p > q) - (p < q);
}

/* Quantiles estimated from every SUBSAMPLE-th sample. */
void summarize(const double *x, size_t n, double *scratch, struct summary *sum)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i += SUBSAMPLE)
        scratch[k++] = x[i];
    n = k;
    qsort(scratch, n, sizeof *scratch, cmp_double);
    sum->min = scratch[0];
    sum->q1 = scratch[n / 4];
    sum->median = scratch[n / 2];
    sum->q3 = scratch[(3 * n) / 4];
    sum->max = scratch[n - 1];
}

void running_median(const double *x, size_t m, double *window, double *med)
{
    for (size_t i = 0; i < m; i++) {
        window[i] = x[i];
        qsort(window, i + 1, sizeof *window, cmp_double);
        med[i] = window[i / 2];
    }
}

void cumulative(const size_t *counts, size_t nbins, double *cdf)
{
    size_t total = 0, acc = 0;
    for (size_t b = 0; b < nbins; b++)
        total += counts[b];
    for (size_t b = 0; b < nbins; b++) {
        acc += counts[b];
        cdf[b] = total ? (double)acc / (double)total : 0.0;
    }
}

size_t render_bars(const size_t *counts, size_t nbins, size_t peak, char *buf)
{
    size_t len = 0;
    for (size_t b = 0; b < nbins; b++) {
        size_t w = peak ? counts[b] * BAR_WIDTH / peak : 0;
        len += (size_t)sprintf(buf + len, "%3zu |", b);
        memset(buf + len, '#', w);
        len += w;
        buf[len++] = '\n';
    }
    buf[len] = '\0';
    return len;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_SAMPLES;
    size_t counts[NBINS] = { 0 }, logc[NLOGBINS] = { 0 }, peak = 0, nout, m, len;
    double *block, *scratch, *outliers, *window, *med, cdf[NBINS], hi;
    struct summary sum;
    char bars[NBINS * (BAR_WIDTH + 8) + 1];

    if (n < 8)
        n = DEFAULT_SAMPLES;
    block = malloc(BLOCK * sizeof *block);
    scratch = malloc((BLOCK / SUBSAMPLE + 1) * sizeof *scratch);
    m = n / 20000 + 1;
    if (m > BLOCK)
        m = BLOCK;
    window = malloc(m * sizeof *window);
    med = malloc(m * sizeof *med);
    if (block == NULL || scratch == NULL || window == NULL || med == NULL)
        return 1;

    /* pilot block: bounds, log profile, outliers and running median */
    gen_samples(block, BLOCK, 0xFEEDFACEull);
    summarize(block, BLOCK, scratch, &sum);
    hi = sum.q3 + 3.0 * (sum.q3 - sum.q1);
    log_profile(block, BLOCK, 2.0, logc);
    nout = collect_outliers(block, BLOCK, hi, &outliers);
    running_median(block, m, window, med);

    /* stream the full sample set through the histogram */
    for (size_t done = 0; done < n; done += BLOCK) {
        size_t k = n - done < BLOCK ? n - done : BLOCK;
        gen_samples(block, k, 0xFEEDFACEull + done);
        bin_samples(block, k, sum.min, hi, counts);
    }
    cumulative(counts, NBINS, cdf);
    for (size_t b = 0; b < NBINS; b++)
        if (counts[b] > peak)
            peak = counts[b];
    len = render_bars(counts, NBINS, peak, bars);
    printf("n=%zu min=%.3f median=%.3f hi=%.3f outliers=%zu runmed=%.3f cdf_mid=%.4f log6=%zu bars=%zu\n",
           n, sum.min, sum.median, hi, nout, med[m - 1], cdf[NBINS / 2], logc[6], len);
    free(outliers);
    free(med);
    free(window);
    free(scratch);
    free(block);
    return 0;
}
