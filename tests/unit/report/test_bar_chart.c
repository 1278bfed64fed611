/* test_bar_chart.c: bar charts written as SVG and PNG (report/bar_chart.c). */
#include "../profiler/fixture.h"
#include "bar_chart.h"
#include "error.h"
#include "fileio.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct pa_bar_chart_row rows[] = {
    {"join_totals", {0.83, 0.31}},
    {"parse_orders", {0.12, 0.13}},
    {"std::vector<std::pair<std::string, std::map<int, double>>>::emplace_back<const char (&)[6], "
     "int>(const char (&)[6], int&&)",
     {0.05, 0.01}},
    {"main", {1.2, 0.5}},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads a PNG written by the chart; checks the signature and returns IHDR's size. */
static void png_size(const char *path, uint32_t *w, uint32_t *h)
{
    char *data = NULL;
    size_t len;
    struct pa_error err;
    ck_assert_int_eq(pa_read_file(path, &data, &len, &err), 0);
    ck_assert_uint_gt(len, 33);
    ck_assert_int_eq(memcmp(data, "\x89PNG\r\n\x1a\n", 8), 0);
    const unsigned char *u = (const unsigned char *)data;
    ck_assert_uint_eq(be32(u + 8), 13); /* the first chunk is IHDR, 13 bytes */
    ck_assert_int_eq(memcmp(u + 12, "IHDR", 4), 0);
    *w = be32(u + 16);
    *h = be32(u + 20);
    ck_assert_ptr_nonnull(memmem(data, len, "IEND", 4));
    free(data);
}

static void assert_svg(const char *path)
{
    char *data = NULL;
    size_t len;
    struct pa_error err;
    ck_assert_int_eq(pa_read_file(path, &data, &len, &err), 0);
    const char *svg = strstr(data, "<svg");
    ck_assert_ptr_nonnull(svg);
    ck_assert_ptr_nonnull(strstr(svg, "width=\"1000"));
    ck_assert_ptr_nonnull(strstr(svg, "</svg>"));
    ck_assert_ptr_nonnull(strstr(svg, "<path") ? strstr(svg, "<path") : strstr(svg, "<rect"));
    free(data);
}

START_TEST(test_two_series)
{
    struct pa_bar_chart c = {"Hot functions",
                             "csv_join, before and after the fix",
                             "s",
                             {"before", "after"},
                             rows,
                             NROWS};
    struct pa_error err;
    uint32_t w, h, h1;
    ck_assert_msg(pa_bar_chart_write(&c, fixture_path("chart.png"), &err) == 0, "%s", err.message);
    png_size(fixture_path("chart.png"), &w, &h);
    ck_assert_uint_eq(w, 1000);
    ck_assert_uint_gt(h, 4 * 30);
    ck_assert_uint_lt(h, 600);
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("chart.svg"), &err), 0);
    assert_svg(fixture_path("chart.svg"));
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("CHART.PNG"), &err), 0);

    /* one series: shorter rows; the height grows with the rows */
    c.series[1] = NULL;
    c.subtitle = NULL;
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("one.png"), &err), 0);
    png_size(fixture_path("one.png"), &w, &h1);
    ck_assert_uint_lt(h1, h);
    c.nrows = 1;
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("one.png"), &err), 0);
    png_size(fixture_path("one.png"), &w, &h);
    ck_assert_uint_lt(h, h1);
}
END_TEST

/* No rows, odd values and odd text draw something sensible instead of failing. */
START_TEST(test_degenerate)
{
    struct pa_error err;
    uint32_t w, h;
    struct pa_bar_chart empty = {"Nothing measured", NULL, "s", {"before", "after"}, NULL, 0};
    ck_assert_int_eq(pa_bar_chart_write(&empty, fixture_path("empty.png"), &err), 0);
    png_size(fixture_path("empty.png"), &w, &h);
    ck_assert_uint_eq(w, 1000);
    ck_assert_int_eq(pa_bar_chart_write(&empty, fixture_path("empty.svg"), &err), 0);
    assert_svg(fixture_path("empty.svg"));

    static const struct pa_bar_chart_row odd[] = {
        {"nan", {NAN, 1}},
        {"inf", {INFINITY, 2}},
        {"-inf", {-INFINITY, 0}},
        {"negative", {-3, 2}},
        {"zero", {0, 0}},
        {"huge", {1e308, -1e308}},
        {NULL, {1, 2}},
        {"bad \xff\xfe utf-8\n", {1, 1}},
        {"", {2, 1}},
    };
    struct pa_bar_chart c = {"Odd \xc3 values", "\xe2\x80", NULL, {"a", "b"}, odd, 9};
    ck_assert_msg(pa_bar_chart_write(&c, fixture_path("odd.png"), &err) == 0, "%s", err.message);
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("odd.svg"), &err), 0);
    c.title = NULL;
    c.series[0] = NULL;
    c.series[1] = NULL;
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("odd.png"), &err), 0);

    /* all NaN: an axis from 0 to 1 */
    static const struct pa_bar_chart_row nans[] = {{"x", {NAN, NAN}}};
    struct pa_bar_chart n = {"NaN", NULL, "s", {"before", "after"}, nans, 1};
    ck_assert_int_eq(pa_bar_chart_write(&n, fixture_path("nan.svg"), &err), 0);

    /* many rows are cut to what an image can hold */
    struct pa_bar_chart_row *many = calloc(5000, sizeof(*many));
    for (unsigned i = 0; i < 5000; i++)
        many[i] = (struct pa_bar_chart_row){"f", {i, i / 2.0}};
    struct pa_bar_chart m = {"Many", NULL, "s", {"before", "after"}, many, 5000};
    ck_assert_int_eq(pa_bar_chart_write(&m, fixture_path("many.png"), &err), 0);
    png_size(fixture_path("many.png"), &w, &h);
    ck_assert_uint_lt(h, 32767);
    free(many);
}
END_TEST

START_TEST(test_errors)
{
    struct pa_bar_chart c = {"t", NULL, "s", {"before", "after"}, rows, NROWS};
    struct pa_error err;
    const char *path = fixture_path("chart.pdf");
    ck_assert_int_eq(pa_bar_chart_write(&c, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, path));
    ck_assert_ptr_nonnull(strstr(err.message, ".svg or .png"));
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("noext"), &err), -1);

    path = fixture_path("no/such/dir/chart.png");
    ck_assert_int_eq(pa_bar_chart_write(&c, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, path));
    ck_assert_ptr_null(strchr(err.message, '\n'));
    ck_assert_int_ne(access(path, F_OK), 0);

    /* a directory in the way */
    ck_assert_int_eq(mkdir(fixture_path("keep.png"), 0700), 0);
    ck_assert_int_eq(pa_bar_chart_write(&c, fixture_path("keep.png"), &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "keep.png"));
}
END_TEST

/* Check runs each test in a child process that LSan checks as it exits. */
static void teardown(void)
{
    pa_bar_chart_release_fonts();
    fixture_teardown();
}

Suite *bar_chart_suite(void)
{
    Suite *s = suite_create("bar_chart");
    TCase *tc = tcase_create("bar_chart");
    tcase_add_checked_fixture(tc, fixture_setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_two_series);
    tcase_add_test(tc, test_degenerate);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return s;
}
