/* stats.h: the statistics of repeated measurements: a sample's summary (quantiles, spread,
 * Tukey outliers, Student t confidence interval) and the Mann-Whitney U test of two samples.
 * Pure functions of their inputs; nothing here allocates memory that outlives a call. */
#ifndef PERFAUDIT_STATS_H
#define PERFAUDIT_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Samples with n1 * n2 at or below this get the exact Mann-Whitney p value; larger ones the
 * normal approximation (which is already close at such sizes). */
#define PA_STATS_EXACT_LIMIT 400

/* A sample of n >= 1 values. Quantiles are Hyndman and Fan's type 7 (linear interpolation
 * between order statistics: R's and NumPy's default, Python's
 * statistics.quantiles(method="inclusive")). */
struct pa_stats {
    size_t n;
    double min, max, mean, median;
    double stddev;          /* sample standard deviation (n - 1); 0 when n == 1 */
    double q1, q3, iqr;     /* type 7 quartiles; iqr = q3 - q1 */
    double ci_low, ci_high; /* 95% confidence interval of the mean (Student t, n - 1 df);
                               both equal the mean when n == 1 */
    size_t mild, severe;    /* Tukey outliers: beyond 1.5 IQR of the quartiles but within 3,
                               and beyond 3 IQR */
    size_t low, high;       /* of those, how many lie below Q1 and above Q3 */
};

enum pa_outlier { PA_OUTLIER_NONE, PA_OUTLIER_MILD, PA_OUTLIER_SEVERE };

/* Fills out with the summary of x[0..n), n >= 1. x is left as it is. */
void pa_stats_describe(const double *x, size_t n, struct pa_stats *out);
/* The type 7 quantile p (0 <= p <= 1) of sorted[0..n), n >= 1:
 * h = (n - 1) p, q = sorted[floor h] + (h - floor h) (sorted[floor h + 1] - sorted[floor h]). */
double pa_stats_quantile_sorted(const double *sorted, size_t n, double p);
/* Where x falls against the fences of s: Q1 - k IQR and Q3 + k IQR, k = 1.5 (mild), 3 (severe). */
enum pa_outlier pa_stats_outlier(const struct pa_stats *s, double x);

/* The standard normal distribution function. */
double pa_stats_normal_cdf(double z);
/* Student's t distribution function with df > 0 degrees of freedom. */
double pa_stats_t_cdf(double t, double df);
/* Its inverse: the t with P(T <= t) = p, 0 < p < 1. Example: pa_stats_t_quantile(0.975, 9)
 * is 2.262157..., the factor of a 95% interval from 10 values. */
double pa_stats_t_quantile(double p, double df);

enum pa_mw_method {
    PA_MW_AUTO,   /* exact when n1 * n2 <= PA_STATS_EXACT_LIMIT, else normal */
    PA_MW_EXACT,  /* the permutation distribution of the rank sum, ties kept as mid-ranks */
    PA_MW_NORMAL, /* the normal approximation with tie and continuity corrections */
};

struct pa_mann_whitney {
    double u;   /* U of x: pairs (x_i, y_j) with x_i > y_j, plus half the ties; 0..n1*n2 */
    double z;   /* the normal approximation's z (sign: x above y); 0 when exact */
    double p;   /* two-sided p value */
    bool exact; /* p comes from the exact distribution */
};

/* The two-sided Mann-Whitney U (Wilcoxon rank-sum) test of x[0..nx) against y[0..ny), both
 * nonempty. Exact: p = min(1, 2 min(P(W <= w), P(W >= w))) over all splits of the pooled
 * mid-ranks. Normal: z = (|U - n1 n2 / 2| - 1/2) / sigma with
 * sigma^2 = n1 n2 / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))), t the tie group sizes. */
void pa_stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                           enum pa_mw_method method, struct pa_mann_whitney *out);
/* The smallest p value the test can give for samples of these sizes (no overlap, no ties):
 * when it is 0.05 or more, no difference can ever be significant at 5%. */
double pa_stats_mann_whitney_min_p(size_t nx, size_t ny);

#endif
