/* test_profile_diff.c: comparing two profiles (profiler/profile_diff.c). */
#include "perfaudit/profile.h"
#include "perfaudit/profile_diff.h"

#include <check.h>
#include <math.h>
#include <string.h>

/* main -> scan (hot) and main -> parse; `scan` samples and `parse` samples at period. */
static struct pa_profile *two_functions(const char *path, double period, uint64_t scan,
                                        uint64_t parse, const char *scan_symbol)
{
    struct pa_profile *p = pa_profile_new("test", path);
    p->period = period;
    unsigned m = pa_profile_location(p, pa_profile_function(p, "main", "src/app.c", 5, "app"), 9);
    unsigned s =
        pa_profile_location(p, pa_profile_function(p, scan_symbol, "src/scan.c", 20, "app"), 24);
    unsigned q =
        pa_profile_location(p, pa_profile_function(p, "parse", "src/app.c", 40, "app"), 41);
    unsigned stack_scan[] = {s, m}, stack_parse[] = {q, m};
    if (scan)
        pa_profile_add_stack(p, stack_scan, 2, scan);
    if (parse)
        pa_profile_add_stack(p, stack_parse, 2, parse);
    return p;
}

static const struct pa_profile_diff_row *row(const struct pa_profile_diff *d, const char *name)
{
    for (unsigned i = 0; i < d->nrows; i++)
        if (strcmp(d->rows[i].function, name) == 0)
            return &d->rows[i];
    return NULL;
}

/* Totals, per-function deltas and the improvement (before - after) / before x 100%. Profiles
 * taken at different rates compare in seconds. */
START_TEST(test_diff_totals_and_rows)
{
    struct pa_profile *before = two_functions("before.prof", 0.001, 900, 100, "scan");
    struct pa_profile *after = two_functions("after.prof", 0.0005, 200, 200, "scan");
    struct pa_profile_diff d;
    pa_profile_diff_build(before, after, PA_DIFF_SORT_DELTA, &d);
    ck_assert_double_eq_tol(d.side[PA_BEFORE].total_time, 1.0, 1e-9);
    ck_assert_double_eq_tol(d.side[PA_AFTER].total_time, 0.2, 1e-9);
    ck_assert_double_eq_tol(d.improvement_pct, 80.0, 1e-9);
    ck_assert_double_eq_tol(d.speedup, 5.0, 1e-9);
    ck_assert_uint_eq(d.nrows, 3);
    ck_assert_str_eq(d.rows[0].function, "scan"); /* the largest change of self time */
    const struct pa_profile_diff_row *scan = row(&d, "scan");
    ck_assert_double_eq_tol(scan->tottime[0], 0.9, 1e-9);
    ck_assert_double_eq_tol(scan->tottime[1], 0.1, 1e-9);
    ck_assert_double_eq_tol(scan->delta_tottime, -0.8, 1e-9);
    ck_assert(!scan->within_noise);
    const struct pa_profile_diff_row *main_row = row(&d, "main");
    ck_assert_double_eq_tol(main_row->tottime[0], 0, 1e-9);
    ck_assert_double_eq_tol(main_row->cumtime[0], 1.0, 1e-9);
    ck_assert_double_eq_tol(main_row->delta_cumtime, -0.8, 1e-9);
    ck_assert(main_row->present[0] && main_row->present[1]);
    ck_assert_double_eq_tol(pa_diff_percent(0.9, 0.1), -88.888888889, 1e-6);
    ck_assert(isnan(pa_diff_percent(0, 0.1)));
    pa_profile_diff_free(&d);
    pa_profile_free(before);
    pa_profile_free(after);
}
END_TEST

/* A function GCC split (scan.part.0) in one build is the same function in the other, and a
 * function that disappeared is "gone" on the after side. */
START_TEST(test_diff_matches_clones_and_gone)
{
    struct pa_profile *before = two_functions("b", 0.001, 500, 500, "scan.part.0");
    struct pa_profile *after = two_functions("a", 0.001, 400, 0, "scan");
    struct pa_profile_diff d;
    pa_profile_diff_build(before, after, PA_DIFF_SORT_NAME, &d);
    ck_assert_uint_eq(d.nrows, 3);
    ck_assert_str_eq(d.rows[0].function, "main"); /* by name */
    const struct pa_profile_diff_row *scan = row(&d, "scan");
    ck_assert_ptr_nonnull(scan);
    ck_assert(scan->present[0] && scan->present[1]);
    ck_assert_double_eq_tol(scan->tottime[0], 0.5, 1e-9);
    const struct pa_profile_diff_row *parse = row(&d, "parse");
    ck_assert(parse->present[0] && !parse->present[1]);
    ck_assert_double_eq_tol(parse->tottime[1], 0, 1e-9);
    pa_profile_diff_free(&d);
    pa_profile_free(before);
    pa_profile_free(after);
}
END_TEST

/* Two functions of one name in different files stay apart; a split function on one stack
 * (scan calling scan.part.0) counts its samples once in its cumulative time. */
START_TEST(test_diff_static_functions_and_split_stack)
{
    struct pa_profile *p = pa_profile_new("test", "p");
    p->period = 0.001;
    unsigned m = pa_profile_location(p, pa_profile_function(p, "main", "a/main.c", 1, "x"), 2);
    unsigned h1 = pa_profile_location(p, pa_profile_function(p, "helper", "a/one.c", 1, "x"), 2);
    unsigned h2 = pa_profile_location(p, pa_profile_function(p, "helper", "a/two.c", 1, "x"), 2);
    unsigned outer = pa_profile_location(p, pa_profile_function(p, "scan", "a/s.c", 1, "x"), 3);
    unsigned inner =
        pa_profile_location(p, pa_profile_function(p, "scan.part.0", "a/s.c", 1, "x"), 6);
    unsigned s1[] = {h1, m}, s2[] = {h2, m}, s3[] = {inner, outer, m};
    pa_profile_add_stack(p, s1, 2, 10);
    pa_profile_add_stack(p, s2, 2, 30);
    pa_profile_add_stack(p, s3, 3, 60);
    struct pa_profile_diff d;
    pa_profile_diff_build(p, p, PA_DIFF_SORT_TOTTIME, &d);
    ck_assert_uint_eq(d.nrows, 4); /* main, scan, helper (one.c), helper (two.c) */
    ck_assert_str_eq(d.rows[0].function, "scan");
    ck_assert_double_eq_tol(d.rows[0].cumtime[0], 0.06, 1e-9);
    ck_assert_double_eq_tol(d.rows[0].tottime[0], 0.06, 1e-9);
    unsigned helpers = 0;
    for (unsigned i = 0; i < d.nrows; i++)
        if (strcmp(d.rows[i].function, "helper") == 0) {
            helpers++;
            ck_assert(d.rows[i].within_noise); /* no change at all */
        }
    ck_assert_uint_eq(helpers, 2);
    ck_assert_double_eq_tol(d.improvement_pct, 0, 1e-9);
    pa_profile_diff_free(&d);
    pa_profile_free(p);
}
END_TEST

/* A small change in a function with few samples is within noise; exact timings never are. */
START_TEST(test_diff_noise)
{
    struct pa_profile *before = two_functions("b", 0.001, 1000, 20, "scan");
    struct pa_profile *after = two_functions("a", 0.001, 990, 25, "scan");
    struct pa_profile_diff d;
    pa_profile_diff_build(before, after, PA_DIFF_SORT_DELTA, &d);
    ck_assert(row(&d, "scan")->within_noise);  /* 10 of ~1000: sigma ~ 44 */
    ck_assert(row(&d, "parse")->within_noise); /* 5 of ~20: sigma ~ 6.7 */
    pa_profile_diff_free(&d);
    pa_profile_free(before);
    pa_profile_free(after);

    struct pa_profile *exact[2];
    for (int side = 0; side < 2; side++) {
        exact[side] = pa_profile_new("pstats", side ? "a" : "b");
        exact[side]->mode = PA_PROFILE_INSTRUMENTED;
        unsigned f = pa_profile_function(exact[side], "work", "w.c", 3, NULL);
        struct pa_prof_stats st = {f, 10, 10, side ? 0.99 : 1.0, side ? 0.99 : 1.0};
        pa_profile_add_stats(exact[side], &st);
    }
    pa_profile_diff_build(exact[0], exact[1], PA_DIFF_SORT_DELTA, &d);
    ck_assert_uint_eq(d.nrows, 1);
    ck_assert(!d.rows[0].within_noise);
    ck_assert(d.rows[0].has_calls[0] && d.rows[0].ncalls[1] == 10);
    ck_assert_double_eq_tol(d.improvement_pct, 1.0, 1e-9);
    pa_profile_diff_free(&d);
    pa_profile_free(exact[0]);
    pa_profile_free(exact[1]);
}
END_TEST

Suite *profile_diff_suite(void)
{
    Suite *s = suite_create("profile_diff");
    TCase *tc = tcase_create("diff");
    tcase_add_test(tc, test_diff_totals_and_rows);
    tcase_add_test(tc, test_diff_matches_clones_and_gone);
    tcase_add_test(tc, test_diff_static_functions_and_split_stack);
    tcase_add_test(tc, test_diff_noise);
    suite_add_tcase(s, tc);
    return s;
}
