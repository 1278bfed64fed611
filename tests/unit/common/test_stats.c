/* test_stats.c: common/stats.c against values computed elsewhere: Python's statistics module
 * (mean, stdev, median, quantiles(method="inclusive")), mpmath (Student t to 17 digits),
 * SciPy's documented mannwhitneyu example, and brute-force enumeration of every split of the
 * pooled ranks for the exact Mann-Whitney p values. */
#include "stats.h"

#include <check.h>
#include <math.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void near(double got, double want, double tol, const char *what)
{
    ck_assert_msg(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

START_TEST(test_describe_odd_with_outliers)
{
    /* timings with two far-out rounds: both beyond 3 IQR of the quartiles */
    static const double x[] = {10.2, 10.5, 9.8, 10.1, 30.0, 10.3, 10.4, 9.9, 10.0, 10.6, 55.0};
    struct pa_stats s;
    pa_stats_describe(x, N(x), &s);
    ck_assert_uint_eq(s.n, 11);
    near(s.min, 9.8, 0, "min");
    near(s.max, 55.0, 0, "max");
    near(s.mean, 16.072727272727274, 1e-12, "mean");
    near(s.stddev, 14.213732156551348, 1e-12, "stddev");
    near(s.median, 10.3, 1e-12, "median");
    near(s.q1, 10.05, 1e-12, "q1");
    near(s.q3, 10.55, 1e-12, "q3");
    near(s.iqr, 0.5, 1e-12, "iqr");
    near(s.ci_low, 6.523812079837747, 1e-9, "ci_low");
    near(s.ci_high, 25.6216424656168, 1e-9, "ci_high");
    ck_assert_uint_eq(s.mild, 0);
    ck_assert_uint_eq(s.severe, 2);
    ck_assert_uint_eq(s.low, 0);
    ck_assert_uint_eq(s.high, 2);
    ck_assert_int_eq(pa_stats_outlier(&s, 30.0), PA_OUTLIER_SEVERE);
    ck_assert_int_eq(pa_stats_outlier(&s, 11.4), PA_OUTLIER_MILD); /* Q3 + 1.7 IQR */
    ck_assert_int_eq(pa_stats_outlier(&s, 9.4), PA_OUTLIER_NONE);  /* Q1 - 1.3 IQR */
}
END_TEST

START_TEST(test_describe_even_and_low_outlier)
{
    static const double even[] = {3, 1, 4, 1, 5, 9, 2, 6};
    struct pa_stats s;
    pa_stats_describe(even, N(even), &s);
    near(s.mean, 3.875, 1e-12, "mean");
    near(s.stddev, 2.748376143938713, 1e-12, "stddev");
    near(s.median, 3.5, 1e-12, "median"); /* the mean of the middle two */
    near(s.q1, 1.75, 1e-12, "q1");
    near(s.q3, 5.25, 1e-12, "q3");
    near(s.ci_low, 1.5773000431592443, 1e-9, "ci_low");
    near(s.ci_high, 6.172699956840756, 1e-9, "ci_high");
    ck_assert_uint_eq(s.mild + s.severe, 0);

    static const double low[] = {0.5, -20.0, 1.0, 2.0, 1.5, 2.5, 1.25};
    pa_stats_describe(low, N(low), &s);
    near(s.mean, -1.6071428571428572, 1e-12, "mean");
    near(s.stddev, 8.136667446986952, 1e-12, "stddev");
    near(s.q1, 0.75, 1e-12, "q1");
    near(s.median, 1.25, 1e-12, "median");
    near(s.q3, 1.75, 1e-12, "q3");
    ck_assert_uint_eq(s.severe, 1);
    ck_assert_uint_eq(s.low, 1);
    ck_assert_uint_eq(s.high, 0);
}
END_TEST

START_TEST(test_describe_single_and_equal)
{
    struct pa_stats s;
    const double one = 4.25;
    pa_stats_describe(&one, 1, &s);
    near(s.median, 4.25, 0, "median");
    near(s.q1, 4.25, 0, "q1");
    near(s.stddev, 0, 0, "stddev");
    near(s.ci_low, 4.25, 0, "ci_low");
    near(s.ci_high, 4.25, 0, "ci_high");
    static const double same[] = {2, 2, 2, 2};
    pa_stats_describe(same, N(same), &s);
    near(s.iqr, 0, 0, "iqr");
    ck_assert_uint_eq(s.mild + s.severe, 0); /* nothing lies beyond equal fences */
}
END_TEST

START_TEST(test_quantile_type7)
{
    static const double sorted[] = {1, 2, 4, 8, 16};
    static const struct {
        double p, want;
    } cases[] = {{0, 1}, {0.1, 1.4}, {0.25, 2}, {0.5, 4}, {0.6, 5.6}, {0.9, 12.8}, {1, 16}};
    for (size_t i = 0; i < N(cases); i++)
        near(pa_stats_quantile_sorted(sorted, N(sorted), cases[i].p), cases[i].want, 1e-12,
             "quantile");
}
END_TEST

START_TEST(test_student_t)
{
    /* mpmath: the root of 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 = 0.975 */
    static const struct {
        double df, t;
    } cases[] = {{1, 12.706204736174705},  {2, 4.3026527297494639},  {5, 2.5705818356363155},
                 {7, 2.3646242515927853},  {9, 2.2621571627982055},  {10, 2.2281388519862747},
                 {29, 2.0452296421327043}, {100, 1.9839715185235523}};
    for (size_t i = 0; i < N(cases); i++) {
        near(pa_stats_t_quantile(0.975, cases[i].df), cases[i].t, 1e-9 * cases[i].t, "t 0.975");
        near(pa_stats_t_quantile(0.025, cases[i].df), -cases[i].t, 1e-9 * cases[i].t, "t 0.025");
    }
    near(pa_stats_t_cdf(1.5, 3), 0.88470806737758847, 1e-12, "t cdf");
    near(pa_stats_t_cdf(2.0, 30), 0.97268747751850845, 1e-12, "t cdf");
    near(pa_stats_t_cdf(-2.0, 30), 1 - 0.97268747751850845, 1e-12, "t cdf");
    near(pa_stats_normal_cdf(1.96), 0.97500210485177956, 1e-14, "normal cdf");
    near(pa_stats_normal_cdf(-3), 0.0013498980316300945, 1e-16, "normal cdf");
}
END_TEST

START_TEST(test_mann_whitney_exact)
{
    /* the expected U, exact p, normal p and z; then x and y as {values, count} */
    static const struct {
        struct {
            double u, p_exact, p_normal, z;
        } want;
        struct {
            double v[8];
            size_t n;
        } x, y;
    } cases[] = {
        /* SciPy's mannwhitneyu documentation: U 17, exact p 0.1111..., asymptotic 0.11134... */
        {{17, 0.1111111111111111, 0.1113468865331404, 1.5921683328090657},
         {{19, 22, 16, 29, 24}, 5},
         {{20, 11, 17, 12}, 4}},
        /* ties within and across the samples */
        {{4.5, 0.06060606060606061, 0.06414661873440441, -1.8511594413390131},
         {{1, 2, 2, 3, 4}, 5},
         {{2, 3, 5, 5, 6, 7}, 6}},
        /* complete separation: p = 2 / C(10, 5) */
        {{0, 0.007936507936507936, 0.0121857803553449, -2.5067182457620487},
         {{1, 2, 3, 4, 5}, 5},
         {{6, 7, 8, 9, 10}, 5}},
        {{0, 0.1, 0.0808555983700523, -1.7457431218879391}, {{1, 2, 3}, 3}, {{4, 5, 6}, 3}},
        {{0, 0.02857142857142857, 0.03038282197657738, -2.165063509461097},
         {{1, 2, 3, 4}, 4},
         {{5, 6, 7, 8}, 4}},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct pa_mann_whitney mw;
        pa_stats_mann_whitney(cases[i].x.v, cases[i].x.n, cases[i].y.v, cases[i].y.n, PA_MW_AUTO,
                              &mw);
        ck_assert(mw.exact);
        near(mw.u, cases[i].want.u, 0, "U");
        near(mw.p, cases[i].want.p_exact, 1e-12, "exact p");
        pa_stats_mann_whitney(cases[i].x.v, cases[i].x.n, cases[i].y.v, cases[i].y.n, PA_MW_NORMAL,
                              &mw);
        ck_assert(!mw.exact);
        near(mw.u, cases[i].want.u, 0, "U");
        near(mw.p, cases[i].want.p_normal, 1e-12, "normal p");
        near(mw.z, cases[i].want.z, 1e-12, "z");
        /* swapping the samples mirrors U and keeps p */
        pa_stats_mann_whitney(cases[i].y.v, cases[i].y.n, cases[i].x.v, cases[i].x.n, PA_MW_EXACT,
                              &mw);
        near(mw.u, (double)(cases[i].x.n * cases[i].y.n) - cases[i].want.u, 0, "mirrored U");
        near(mw.p, cases[i].want.p_exact, 1e-12, "mirrored p");
    }
    struct pa_mann_whitney mw;
    static const double same[] = {3, 3, 3};
    pa_stats_mann_whitney(same, 3, same, 3, PA_MW_NORMAL, &mw);
    near(mw.p, 1, 0, "all equal");
    pa_stats_mann_whitney(same, 3, same, 3, PA_MW_EXACT, &mw);
    near(mw.p, 1, 0, "all equal");
}
END_TEST

START_TEST(test_mann_whitney_large)
{
    /* 25 x 20 = 500 pairs: above the exact limit, so the normal approximation */
    static const double x[] = {0.0, 3.7, 7.4, 1.0, 4.7, 8.4, 2.0, 5.7, 9.4, 3.0, 6.7, 0.3, 4.0,
                               7.7, 1.3, 5.0, 8.7, 2.3, 6.0, 9.7, 3.3, 7.0, 0.6, 4.3, 8.0};
    static const double y[] = {
        1.3, 6.6, 2.2, 7.5, 3.1, 8.4, 4.0, 9.3, 4.9, 10.200000000000001, 5.8, 1.4000000000000001,
        6.7, 2.3, 7.6, 3.2, 8.5, 4.1, 9.4, 5.0};
    struct pa_mann_whitney mw;
    pa_stats_mann_whitney(x, N(x), y, N(y), PA_MW_AUTO, &mw);
    ck_assert(!mw.exact);
    near(mw.u, 213.5, 0, "U");
    near(mw.p, 0.4107994373471904, 1e-12, "p");
    near(mw.z, -0.8224876066216442, 1e-12, "z");

    /* the exact distribution at the limit, 20 x 20: separation gives 2 / C(40, 20) */
    double a[20], b[20];
    for (int i = 0; i < 20; i++) {
        a[i] = i;
        b[i] = 20 + i;
    }
    pa_stats_mann_whitney(a, 20, b, 20, PA_MW_AUTO, &mw);
    ck_assert(mw.exact);
    near(mw.p, 1.4508889103849688e-11, 1e-22, "p");
}
END_TEST

START_TEST(test_mann_whitney_min_p)
{
    near(pa_stats_mann_whitney_min_p(3, 3), 0.1, 1e-15, "3 x 3");
    near(pa_stats_mann_whitney_min_p(3, 4), 2.0 / 35, 1e-15, "3 x 4");
    near(pa_stats_mann_whitney_min_p(4, 4), 2.0 / 70, 1e-15, "4 x 4");
    near(pa_stats_mann_whitney_min_p(1, 30), 2.0 / 31, 1e-15, "1 x 30");
    ck_assert(pa_stats_mann_whitney_min_p(10, 10) < 0.001);
}
END_TEST

Suite *stats_suite(void);

Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("stats");
    tcase_add_test(tc, test_describe_odd_with_outliers);
    tcase_add_test(tc, test_describe_even_and_low_outlier);
    tcase_add_test(tc, test_describe_single_and_equal);
    tcase_add_test(tc, test_quantile_type7);
    tcase_add_test(tc, test_student_t);
    tcase_add_test(tc, test_mann_whitney_exact);
    tcase_add_test(tc, test_mann_whitney_large);
    tcase_add_test(tc, test_mann_whitney_min_p);
    suite_add_tcase(s, tc);
    return s;
}
