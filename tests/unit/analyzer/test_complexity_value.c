/* test_complexity_value.c: Big-O arithmetic and spelling (analyzer/complexity_value.c), and the
 * library catalogue's order (analyzer/libc_catalog.c). */
#include "libc_catalog.h"
#include "perfaudit/complexity.h"

#include <check.h>
#include <string.h>

unsigned pa_libc_catalog_size(void);
const struct pa_libc_fn *pa_libc_catalog_entry(unsigned i);

START_TEST(test_format)
{
    static const struct {
        struct pa_cx cx;
        const char *text;
    } cases[] = {
        {{0, 0, false, false}, "O(1)"},         {{0, 1, false, false}, "O(log n)"},
        {{1, 0, false, false}, "O(n)"},         {{1, 1, false, false}, "O(n log n)"},
        {{2, 0, false, false}, "O(n^2)"},       {{2, 1, false, false}, "O(n^2 log n)"},
        {{3, 0, false, false}, "O(n^3)"},       {{0, 0, true, false}, "O(2^n)"},
        {{1, 2, false, false}, "O(n log^2 n)"}, {{2, 0, false, true}, "unknown"},
    };
    char buf[PA_CX_STRLEN];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_str_eq(pa_cx_format(cases[i].cx, buf, sizeof(buf)), cases[i].text);
        struct pa_cx back;
        ck_assert(pa_cx_parse(cases[i].text, &back));
        if (!cases[i].cx.unknown)
            ck_assert(pa_cx_eq(back, cases[i].cx));
    }
    struct pa_cx junk;
    ck_assert(!pa_cx_parse("O(n!)", &junk));
}
END_TEST

START_TEST(test_arithmetic)
{
    ck_assert(pa_cx_eq(pa_cx_mul(PA_CX_N, PA_CX_NLOGN), (struct pa_cx){2, 1, false, false}));
    ck_assert(pa_cx_eq(pa_cx_mul(PA_CX_EXP, PA_CX_N), PA_CX_EXP));
    ck_assert(pa_cx_eq(pa_cx_max(PA_CX_N, PA_CX_LOG), PA_CX_N));
    ck_assert(pa_cx_cmp(PA_CX_EXP, (struct pa_cx){9, 0, false, false}) > 0);
    ck_assert(pa_cx_max(PA_CX_N, (struct pa_cx){0, 0, false, true}).unknown);
    ck_assert(pa_cx_eq(pa_cx_div_n((struct pa_cx){2, 0, false, false}), PA_CX_N));
    ck_assert(pa_cx_eq(pa_cx_div_n(PA_CX_ONE), PA_CX_ONE));
}
END_TEST

START_TEST(test_catalog_sorted)
{
    for (unsigned i = 1; i < pa_libc_catalog_size(); i++)
        ck_assert_msg(strcmp(pa_libc_catalog_entry(i - 1)->name, pa_libc_catalog_entry(i)->name) <
                          0,
                      "catalogue out of order at %s", pa_libc_catalog_entry(i)->name);
    ck_assert_ptr_nonnull(pa_libc_lookup("strlen"));
    ck_assert_ptr_nonnull(pa_libc_lookup("__builtin_memcpy"));
    ck_assert_ptr_null(pa_libc_lookup("not_a_libc_function"));
}
END_TEST

Suite *complexity_value_suite(void);

Suite *complexity_value_suite(void)
{
    Suite *s = suite_create("complexity_value");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, test_format);
    tcase_add_test(tc, test_arithmetic);
    tcase_add_test(tc, test_catalog_sorted);
    suite_add_tcase(s, tc);
    return s;
}
