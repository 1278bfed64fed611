/* test_profile.c: the profile model, its table, perfaudit's own format and the folded reader
 * (profiler/profile.c, profile_table.c, format_perfaudit.c, format_folded.c). */
#include "error.h"
#include "fixture.h"
#include "perfaudit/profile.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A recursive function's cumulative time counts each sample once (as cProfile does). */
START_TEST(test_table_from_stacks)
{
    struct pa_profile *p = pa_profile_new("test", "mem");
    p->frequency_hz = 1000;
    p->period = 0.001;
    unsigned main_f = pa_profile_function(p, "main", "app.c", 10, "app");
    unsigned walk = pa_profile_function(p, "walk", "app.c", 20, "app");
    unsigned leaf = pa_profile_function(p, "leaf", "app.c", 30, "app");
    unsigned m = pa_profile_location(p, main_f, 12);
    unsigned w1 = pa_profile_location(p, walk, 22), w2 = pa_profile_location(p, walk, 23);
    unsigned l = pa_profile_location(p, leaf, 31);
    unsigned s1[] = {l, w1, w1, w2, m}; /* leaf <- walk <- walk <- walk <- main */
    unsigned s2[] = {w2, m};
    pa_profile_add_stack(p, s1, 5, 300);
    pa_profile_add_stack(p, s2, 2, 100);
    pa_profile_add_stack(p, s2, 2, 100); /* merged with the previous one */
    ck_assert_uint_eq(p->nstacks, 2);
    ck_assert_uint_eq(p->samples, 500);
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &t);
    ck_assert_uint_eq(t.nrows, 3);
    ck_assert_str_eq(p->functions[t.rows[0].function].name, "leaf");
    const struct pa_profile_row *rw = fixture_row(p, &t, "walk");
    ck_assert_uint_eq(rw->self_samples, 200);
    ck_assert_uint_eq(rw->cum_samples, 500);
    ck_assert_double_eq_tol(rw->cumtime, 0.5, 1e-9);
    ck_assert_double_eq_tol(rw->self_pct, 40.0, 1e-9);
    ck_assert(!rw->has_calls);
    ck_assert_double_eq_tol(fixture_row(p, &t, "main")->cum_pct, 100.0, 1e-9);
    pa_profile_table_free(&t);
    pa_profile_table_build(p, PA_SORT_CUMTIME, &t);
    ck_assert_str_eq(p->functions[t.rows[0].function].name, "main");
    pa_profile_table_free(&t);

    struct pa_profile_line *lines = NULL;
    unsigned n = pa_profile_lines(p, walk, &lines);
    ck_assert_uint_eq(n, 1); /* walk's self samples are all at line 23 */
    ck_assert_uint_eq(lines[0].line, 23);
    ck_assert_uint_eq(lines[0].samples, 200);
    free(lines);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_own_format_round_trip)
{
    struct pa_profile *p = pa_profile_new("perfaudit", "mem");
    p->frequency_hz = 999;
    p->period = 1.0 / 999;
    p->duration = 2.5;
    p->threads = 4;
    unsigned f = pa_profile_function(p, "odd\tname", "src/x.c", 5, "app");
    unsigned g = pa_profile_function(p, "0x4011a0", NULL, 0, "libfoo.so");
    unsigned lf = pa_profile_location(p, f, 7), lg = pa_profile_location(p, g, 0);
    unsigned st[] = {lg, lf};
    pa_profile_add_stack(p, st, 2, 42);
    struct pa_prof_stats stats = {f, 10, 8, 1.25, 2.5};
    pa_profile_add_stats(p, &stats);
    char path[128];
    snprintf(path, sizeof(path), "%s", fixture_path("out.prof"));
    struct pa_error err;
    ck_assert_int_eq(pa_profile_write(p, path, &err), 0);
    pa_profile_free(p);

    struct pa_profile *q = NULL;
    ck_assert_msg(pa_profile_read(path, &q, &err) == 0, "%s", err.message);
    ck_assert_str_eq(q->format, "perfaudit");
    ck_assert_uint_eq(q->nfunctions, 2);
    ck_assert_str_eq(q->functions[0].name, "odd name"); /* separators never reach the file */
    ck_assert_str_eq(q->functions[0].file, "src/x.c");
    ck_assert_ptr_null(q->functions[1].file);
    ck_assert_str_eq(q->functions[1].module, "libfoo.so");
    ck_assert_uint_eq(q->samples, 42);
    ck_assert_uint_eq(q->threads, 4);
    ck_assert_double_eq_tol(q->frequency_hz, 999, 1e-9);
    ck_assert_uint_eq(q->nstats, 1);
    ck_assert_uint_eq(q->stats[0].ncalls, 10);
    ck_assert_uint_eq(q->stacks[0].frames[0], lg);
    pa_profile_free(q);
}
END_TEST

/* Malformed files: an error naming the file, the line where there is one, and the reason. */
START_TEST(test_malformed)
{
    static const struct {
        const char *text;
        const char *expect; /* a part of the message */
    } cases[] = {
        {"perfaudit-profile 1\nfunction\t0\t1\t-\t-\tf\nlocation\t0\t5\t0\nend\n", "line 3"},
        {"perfaudit-profile 1\nmode\tsampling\n", "truncated"},
        {"perfaudit-profile 9\nend\n", "unsupported version"},
        {"perfaudit-profile 1\nstack\t4\t0\nend\n", "line 2"},
        {"perfaudit-profile 1\nbogus\nend\n", "line 2"},
        {"main;f 10\nmain;g ten\n", "not a profile"},
        {"main;f 10\nmain;g 5\nnot folded\nmain;h 3\n", "not a profile"},
        {"\x7f"
         "ELF binary junk",
         "not a profile"},
        {"", "empty"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *path = fixture_write_text("bad.prof", cases[i].text);
        struct pa_profile *p = NULL;
        struct pa_error err;
        ck_assert_int_eq(pa_profile_read(path, &p, &err), -1);
        ck_assert_ptr_null(p);
        ck_assert_msg(strstr(err.message, path) != NULL, "case %zu: %s", i, err.message);
        ck_assert_msg(strstr(err.message, cases[i].expect) != NULL, "case %zu: %s", i, err.message);
        ck_assert_ptr_null(strchr(err.message, '\n'));
    }
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_int_eq(pa_profile_read("/nonexistent/x.prof", &p, &err), -1);
    ck_assert(strstr(err.message, "/nonexistent/x.prof") != NULL);
}
END_TEST

START_TEST(test_folded)
{
    const char *path =
        fixture_write_text("f.folded", "# comment\nmain;parse;lookup 30\n\nmain;parse 10\r\n"
                                       "main;render 60\n");
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_str_eq(p->format, "folded");
    ck_assert(p->period_assumed);
    ck_assert_uint_eq(p->samples, 100);
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &t);
    ck_assert_str_eq(p->functions[t.rows[0].function].name, "render");
    ck_assert_double_eq_tol(fixture_row(p, &t, "parse")->cum_pct, 40.0, 1e-9);
    ck_assert_double_eq_tol(fixture_row(p, &t, "lookup")->self_pct, 30.0, 1e-9);
    pa_profile_table_free(&t);
    pa_profile_free(p);
}
END_TEST

Suite *profile_suite(void);

Suite *profile_suite(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("model");
    tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
    tcase_add_test(tc, test_table_from_stacks);
    tcase_add_test(tc, test_own_format_round_trip);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_folded);
    suite_add_tcase(s, tc);
    return s;
}
