/* test_line_index.c: reading line N of a text: CRLF and LF endings, an empty line, a last line
 * without '\n', and lines that are not there. */
#include "line_index.h"

#include <check.h>
#include <string.h>

static void expect_line(const struct pa_line_index *ix, unsigned line, const char *want)
{
    const char *s;
    size_t len;
    ck_assert_msg(pa_line_index_get(ix, line, &s, &len), "line %u missing", line);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert(memcmp(s, want, len) == 0);
}

START_TEST(test_lines)
{
    const char text[] = "first\r\nsecond\n\nlast";
    struct pa_line_index ix;
    pa_line_index_build(&ix, text, sizeof(text) - 1);
    ck_assert_uint_eq(ix.n, 4);
    expect_line(&ix, 1, "first");
    expect_line(&ix, 2, "second");
    expect_line(&ix, 3, "");
    expect_line(&ix, 4, "last");
    const char *s;
    size_t len;
    ck_assert(!pa_line_index_get(&ix, 0, &s, &len));
    ck_assert(!pa_line_index_get(&ix, 5, &s, &len));
    pa_line_index_free(&ix);
}
END_TEST

START_TEST(test_empty_and_unreadable)
{
    struct pa_line_index ix;
    const char *s;
    size_t len;
    pa_line_index_build(&ix, "", 0);
    ck_assert_uint_eq(ix.n, 0);
    ck_assert(!pa_line_index_get(&ix, 1, &s, &len));
    pa_line_index_free(&ix);
    pa_line_index_build(&ix, NULL, 0); /* a file that could not be read */
    ck_assert(!pa_line_index_get(&ix, 1, &s, &len));
    pa_line_index_free(&ix);
}
END_TEST

Suite *line_index_suite(void);

Suite *line_index_suite(void)
{
    Suite *s = suite_create("line_index");
    TCase *tc = tcase_create("line_index");
    tcase_add_test(tc, test_lines);
    tcase_add_test(tc, test_empty_and_unreadable);
    suite_add_tcase(s, tc);
    return s;
}
