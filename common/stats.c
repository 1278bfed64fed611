/* stats.c: sample summaries, Student's t and the Mann-Whitney U test (see stats.h). */
#include "stats.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double pa_stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

enum pa_outlier pa_stats_outlier(const struct pa_stats *s, double x)
{
    if (x < s->q1 - 3.0 * s->iqr || x > s->q3 + 3.0 * s->iqr)
        return PA_OUTLIER_SEVERE;
    if (x < s->q1 - 1.5 * s->iqr || x > s->q3 + 1.5 * s->iqr)
        return PA_OUTLIER_MILD;
    return PA_OUTLIER_NONE;
}

void pa_stats_describe(const double *x, size_t n, struct pa_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (n == 0)
        return;
    double *v = pa_xmalloc(n * sizeof(*v));
    memcpy(v, x, n * sizeof(*v));
    qsort(v, n, sizeof(*v), by_value);
    out->n = n;
    out->min = v[0];
    out->max = v[n - 1];
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    out->mean = sum / (double)n;
    double ss = 0.0; /* two passes: no cancellation when the spread is small against the mean */
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - out->mean) * (v[i] - out->mean);
    out->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    out->median = pa_stats_quantile_sorted(v, n, 0.5);
    out->q1 = pa_stats_quantile_sorted(v, n, 0.25);
    out->q3 = pa_stats_quantile_sorted(v, n, 0.75);
    out->iqr = out->q3 - out->q1;
    double half =
        n > 1 ? pa_stats_t_quantile(0.975, (double)(n - 1)) * out->stddev / sqrt((double)n) : 0.0;
    out->ci_low = out->mean - half;
    out->ci_high = out->mean + half;
    for (size_t i = 0; i < n; i++) {
        enum pa_outlier o = pa_stats_outlier(out, v[i]);
        if (o == PA_OUTLIER_NONE)
            continue;
        if (o == PA_OUTLIER_SEVERE)
            out->severe++;
        else
            out->mild++;
        if (v[i] < out->q1)
            out->low++;
        else
            out->high++;
    }
    free(v);
}

double pa_stats_normal_cdf(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

/* The continued fraction of the regularized incomplete beta function (modified Lentz). */
static double beta_fraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 500; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a - 1.0 + m2) * (a + m2)); /* even step */
        d = 1.0 + aa * d;
        c = 1.0 + aa / c;
        d = 1.0 / (fabs(d) < tiny ? tiny : d);
        c = fabs(c) < tiny ? tiny : c;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2)); /* odd step */
        d = 1.0 + aa * d;
        c = 1.0 + aa / c;
        d = 1.0 / (fabs(d) < tiny ? tiny : d);
        c = fabs(c) < tiny ? tiny : c;
        double step = d * c;
        h *= step;
        if (fabs(step - 1.0) < 1e-15)
            break;
    }
    return h;
}

/* I_x(a, b), the regularized incomplete beta function. */
static double incomplete_beta(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
    /* the fraction converges fast on this side of the mean; use symmetry on the other */
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_fraction(a, b, x) / a;
    return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

double pa_stats_t_cdf(double t, double df)
{
    double tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t)); /* P(T > |t|) */
    return t > 0 ? 1.0 - tail : tail;
}

double pa_stats_t_quantile(double p, double df)
{
    if (p == 0.5)
        return 0.0;
    if (p < 0.5)
        return -pa_stats_t_quantile(1.0 - p, df);
    double lo = 0.0, hi = 1.0;
    while (pa_stats_t_cdf(hi, df) < p && hi < 1e12)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) { /* bisection: the cdf is monotone */
        double mid = 0.5 * (lo + hi);
        if (pa_stats_t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

struct ranked {
    double value;
    bool first; /* from x */
};

static int by_ranked_value(const void *a, const void *b)
{
    return by_value(&((const struct ranked *)a)->value, &((const struct ranked *)b)->value);
}

/* The exact two-sided p of the rank sum of the smaller group: the number of its k-subsets of
 * the pooled (doubled, hence integer) mid-ranks with each sum, counted by dynamic programming.
 * Counts stay below C(N, k) <= C(401, 1) or C(40, 20) ~ 1.4e11 within the exact limit, so
 * doubles hold them exactly. */
static double exact_p(const long *rank2, size_t n, const bool *member, size_t k)
{
    long observed = 0, top = 0;
    for (size_t i = 0; i < n; i++)
        if (member[i])
            observed += rank2[i];
    for (size_t i = 0; i < k; i++) /* the largest reachable sum: rank2 is ascending */
        top += rank2[n - 1 - i];
    size_t width = (size_t)top + 1;
    double *count = pa_xcalloc((k + 1) * width, sizeof(*count)); /* count[j * width + s] */
    count[0] = 1.0;
    for (size_t i = 0; i < n; i++) {
        size_t r = (size_t)rank2[i];
        for (size_t j = (i + 1 < k ? i + 1 : k); j >= 1; j--)
            for (size_t s = width - 1; s >= r; s--)
                count[j * width + s] += count[(j - 1) * width + s - r];
    }
    double below = 0.0, above = 0.0, total = 0.0;
    for (size_t s = 0; s < width; s++) {
        double c = count[k * width + s];
        total += c;
        if ((long)s <= observed)
            below += c;
        if ((long)s >= observed)
            above += c;
    }
    free(count);
    double p = 2.0 * (below < above ? below : above) / total;
    return p < 1.0 ? p : 1.0;
}

void pa_stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                           enum pa_mw_method method, struct pa_mann_whitney *out)
{
    size_t n = nx + ny;
    struct ranked *pool = pa_xmalloc(n * sizeof(*pool));
    long *rank2 = pa_xmalloc(n * sizeof(*rank2));
    bool *member = pa_xmalloc(n * sizeof(*member));
    for (size_t i = 0; i < nx; i++)
        pool[i] = (struct ranked){x[i], true};
    for (size_t i = 0; i < ny; i++)
        pool[nx + i] = (struct ranked){y[i], false};
    qsort(pool, n, sizeof(*pool), by_ranked_value);

    /* mid-ranks, doubled: a tie group over 1-based positions i..j gets i + j */
    double rank_sum_x = 0.0, ties = 0.0; /* ties: sum of t^3 - t over the tie groups */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && pool[j + 1].value == pool[i].value)
            j++;
        for (size_t m = i; m <= j; m++) {
            rank2[m] = (long)(i + 1 + j + 1);
            if (pool[m].first)
                rank_sum_x += (double)rank2[m] / 2.0;
        }
        double t = (double)(j - i + 1);
        ties += t * t * t - t;
        i = j + 1;
    }
    double n1 = (double)nx, n2 = (double)ny, nn = (double)n;
    memset(out, 0, sizeof(*out));
    out->u = rank_sum_x - n1 * (n1 + 1.0) / 2.0;
    bool exact =
        method == PA_MW_EXACT || (method == PA_MW_AUTO && nx * ny <= (size_t)PA_STATS_EXACT_LIMIT);
    if (exact) {
        bool smaller_is_x = nx <= ny;
        for (size_t i = 0; i < n; i++)
            member[i] = pool[i].first == smaller_is_x;
        out->exact = true;
        out->p = exact_p(rank2, n, member, smaller_is_x ? nx : ny);
    } else {
        double mu = n1 * n2 / 2.0;
        double var = n1 * n2 / 12.0 * ((nn + 1.0) - (n > 1 ? ties / (nn * (nn - 1.0)) : 0.0));
        double dev = fabs(out->u - mu) - 0.5; /* continuity correction */
        if (dev < 0.0)
            dev = 0.0;
        if (var <= 0.0) { /* every value equal: nothing to tell apart */
            out->p = 1.0;
        } else {
            double sd = sqrt(var);
            out->z = (out->u >= mu ? dev : -dev) / sd;
            out->p = erfc(dev / sd / sqrt(2.0));
            if (out->p > 1.0)
                out->p = 1.0;
        }
    }
    free(pool);
    free(rank2);
    free(member);
}

double pa_stats_mann_whitney_min_p(size_t nx, size_t ny)
{
    double *x = pa_xmalloc(nx * sizeof(*x)), *y = pa_xmalloc(ny * sizeof(*y));
    for (size_t i = 0; i < nx; i++)
        x[i] = (double)i;
    for (size_t i = 0; i < ny; i++)
        y[i] = (double)(nx + i);
    struct pa_mann_whitney mw;
    pa_stats_mann_whitney(x, nx, y, ny, PA_MW_AUTO, &mw);
    free(x);
    free(y);
    return mw.p;
}
