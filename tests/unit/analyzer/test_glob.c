/* test_glob.c: the --exclude patterns of analyzer/glob.c, against hand-written cases. */
#include "glob.h"

#include <check.h>

START_TEST(test_match)
{
    static const struct {
        const char *pattern, *path;
        bool match;
    } cases[] = {
        {"*.c", "main.c", true},
        {"*.c", "src/main.c", false}, /* '*' stays in one component */
        {"src/*.c", "src/main.c", true},
        {"src/*", "src/io/x.c", false},
        {"src/**", "src/io/x.c", true},
        {"src/**", "src", false},
        {"**/x.c", "x.c", true}, /* zero components */
        {"**/x.c", "a/b/x.c", true},
        {"a/**/x.c", "a/x.c", true},
        {"a/**/x.c", "a/b/c/x.c", true},
        {"a/**/x.c", "b/a/x.c", false},
        {"a**b", "a/b", false}, /* '**' inside a component is '*' */
        {"a**b", "axxb", true},
        {"?.c", "a.c", true},
        {"?.c", "ab.c", false},
        {"[ab].c", "b.c", true},
        {"[!ab].c", "b.c", false},
        {"[a-c]x", "bx", true},
        {"[a-c]x", "dx", false},
        {"\\*.c", "*.c", true},
        {"\\*.c", "a.c", false},
        {"[.c", "[.c", true}, /* an unclosed set is a literal '[' */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(pa_glob_match(cases[i].pattern, cases[i].path) == cases[i].match,
                      "pa_glob_match(\"%s\", \"%s\") should be %d", cases[i].pattern, cases[i].path,
                      cases[i].match);
}
END_TEST

START_TEST(test_excludes)
{
    static const struct {
        const char *pattern, *path;
        bool excluded;
    } cases[] = {
        {"tests", "src/tests/a.c", true}, /* no '/': any component */
        {"tests", "src/tests_extra/a.c", false},
        {"*_test.c", "src/io_test.c", true},
        {"src/io", "src/io/win32/a.c", true}, /* a '/': the path or a directory prefix */
        {"src/io", "lib/src/io/a.c", false},
        {"io/a.c", "src/io/a.c", false},
        {"**/io", "lib/src/io/a.c", true},
        {"./src/io/", "src/io/a.c", true}, /* "./" and a trailing '/' are ignored */
        {"src/io", "./src/io/a.c", true},
        {"src/*.c", "src/io/a.c", false},
        {"", "src/a.c", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(pa_glob_excludes(cases[i].pattern, cases[i].path) == cases[i].excluded,
                      "pa_glob_excludes(\"%s\", \"%s\") should be %d", cases[i].pattern,
                      cases[i].path, cases[i].excluded);
}
END_TEST

Suite *glob_suite(void);

Suite *glob_suite(void)
{
    Suite *s = suite_create("glob");
    TCase *tc = tcase_create("patterns");
    tcase_add_test(tc, test_match);
    tcase_add_test(tc, test_excludes);
    suite_add_tcase(s, tc);
    return s;
}
