/* test_source_text.c: reading for headers and suppressions from text
 * (analyzer/source_text.c). */
#include "source_text.h"

#include <check.h>
#include <string.h>

START_TEST(test_for_header)
{
    const char *t = "for (i = f(a, \";\"); i < n; i++) {}";
    size_t s1, s2, rp;
    ck_assert(pa_text_for_header(t, strlen(t), 0, &s1, &s2, &rp));
    ck_assert_uint_eq(s1, strlen("for (i = f(a, \";\")"));
    ck_assert_int_eq(t[s2], ';');
    ck_assert_int_eq(t[rp], ')');
    ck_assert(!pa_text_for_header("while (x)", 9, 0, &s1, &s2, &rp));
    const char *empty = "for (;;) {}";
    ck_assert(pa_text_for_header(empty, strlen(empty), 0, &s1, &s2, &rp));
    ck_assert_uint_eq(s1, 5);
    ck_assert_uint_eq(s2, 6);
}
END_TEST

START_TEST(test_suppression_comments)
{
    const char *t = "int a;\n"
                    "x(); // perfaudit-ignore\n"
                    "y(); // perfaudit-ignore(nested-loop)\n"
                    "z(); /* perfaudit-ignore(sort-in-loop) perfaudit-ignore(nested-loop) */\n";
    size_t n = strlen(t);
    ck_assert(!pa_text_line_suppresses(t, n, 1, "nested-loop"));
    ck_assert(pa_text_line_suppresses(t, n, 2, "anything"));
    ck_assert(pa_text_line_suppresses(t, n, 3, "nested-loop"));
    ck_assert(!pa_text_line_suppresses(t, n, 3, "nested"));
    ck_assert(!pa_text_line_suppresses(t, n, 3, "sort-in-loop"));
    ck_assert(pa_text_line_suppresses(t, n, 4, "nested-loop"));
    ck_assert(!pa_text_line_suppresses(t, n, 9, "nested-loop"));
}
END_TEST

Suite *source_text_suite(void);

Suite *source_text_suite(void)
{
    Suite *s = suite_create("source_text");
    TCase *tc = tcase_create("lexing");
    tcase_add_test(tc, test_for_header);
    tcase_add_test(tc, test_suppression_comments);
    suite_add_tcase(s, tc);
    return s;
}
