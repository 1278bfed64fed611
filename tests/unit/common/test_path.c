/* test_path.c: file names (common/path.c), mkdir -p (common/fileio.c) and the function name
 * in a compiler's symbol (pa_symbol_name_len, profiler/profile.c). */
#include "error.h"
#include "fileio.h"
#include "path.h"
#include "perfaudit/profile.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

START_TEST(test_base_and_extension)
{
    ck_assert_str_eq(pa_path_base("src/scan.c"), "scan.c");
    ck_assert_str_eq(pa_path_base("scan.c"), "scan.c");
    ck_assert_str_eq(pa_path_base(NULL), "");
    ck_assert(pa_path_has_ext("out/chart.svg", ".svg"));
    ck_assert(pa_path_has_ext("CHART.PNG", ".png"));    /* any case */
    ck_assert(!pa_path_has_ext("a.svg/chart", ".svg")); /* the last component only */
    ck_assert(!pa_path_has_ext(".svg", ".svg"));        /* a name, not only an extension */
    ck_assert(!pa_path_has_ext("chart.svgz", ".svg"));
}
END_TEST

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

START_TEST(test_make_dirs)
{
    char root[] = "/tmp/pa-make-dirs-XXXXXX", path[256];
    ck_assert_ptr_nonnull(mkdtemp(root));
    struct pa_error err;
    snprintf(path, sizeof path, "%s/a/b/c", root);
    ck_assert_int_eq(pa_make_dirs(path, &err), 0);
    ck_assert(is_dir(path));
    ck_assert_int_eq(pa_make_dirs(path, &err), 0); /* already there */
    snprintf(path, sizeof path, "%s/file", root);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/file/sub", root);
    ck_assert_int_eq(pa_make_dirs(path, &err), -1);
    ck_assert_msg(strstr(err.message, "/file: cannot create the directory"), "%s", err.message);
    ck_assert_int_eq(pa_make_dirs("", &err), -1);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_symbol_name_len)
{
    static const struct {
        const char *symbol;
        size_t len;
    } cases[] = {
        {"scan", 4},
        {"scan.constprop.0", 4},
        {"scan.part.0", 4},
        {"scan.cold", 4},
        {"scan.llvm.4242", 4},
        {"f(int) [clone .isra.0]", 6},
        {"ns::Index::find(int) const", sizeof "ns::Index::find(int) const" - 1}, /* all of it */
        {"0x4011a0", 8},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(pa_symbol_name_len(cases[i].symbol) == cases[i].len, "%s", cases[i].symbol);
}
END_TEST

Suite *path_suite(void);

Suite *path_suite(void)
{
    Suite *s = suite_create("path");
    TCase *tc = tcase_create("path");
    tcase_add_test(tc, test_base_and_extension);
    tcase_add_test(tc, test_make_dirs);
    tcase_add_test(tc, test_symbol_name_len);
    suite_add_tcase(s, tc);
    return s;
}
