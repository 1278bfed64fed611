/* test_const_fold.c: the values of constant integer expressions (analyzer/const_fold.c), each
 * the expression a function returns, against values worked out by hand. */
#include "../snippet.h"
#include "perfaudit/const_fold.h"

#include <check.h>
#include <stddef.h>

static const char *const code =
    "#include <stddef.h>\n"
    "enum color { RED, GREEN = 5, BLUE };\n"
    "enum { W = 8 };\n"
    "static const int H = W * 2;\n"
    "struct rec { int a; char b[12]; };\n"
    "int lit(void) { return 42; }\n"
    "int chr(void) { return 'A'; }\n"
    "int enm(void) { return BLUE; }\n"
    "int cvar(void) { return H; }\n"
    "int arith(void) { return (7 + 3) * 4 - 10 / 3; }\n"
    "int rem(void) { return -7 % 3; }\n"
    "int shifts(void) { return (1 << 10) + (1024 >> 3); }\n"
    "int bits(void) { return (0xF0 | 0x0F) ^ (0x3C & 0xFF); }\n"
    "int neg(void) { return -(3 - 5) + ~0 + !0 + !7; }\n"
    "int cmp(void) { return (3 < 4) + (4 <= 4) * 2 + (5 > 6) * 4 + (2 >= 3) * 8 + (1 == 1) * 16\n"
    "  + (1 != 1) * 32; }\n"
    "int logic(int x) { return (0 && x) + (1 || x) * 2 + (2 && 3) * 4; }\n"
    "int ternary(void) { return 3 > 2 ? 10 : 20; }\n"
    "int same_arms(int x) { return x ? 6 : 6; }\n"
    "size_t size(void) { return sizeof(struct rec); }\n"
    "size_t size_arr(void) { int a[10]; return sizeof a / sizeof a[0]; }\n"
    "int chain(void) { int a = 4; int b = a * 2; return b + 1; }\n"
    "int two_paths(int x) { int n; if (x) n = 3; else n = 3; return n; }\n"
    "int consts(void) { const int k = W + H; return k << 1; }\n"
    /* not constants */
    "int param(int x) { return x + 1; }\n"
    "int differs(int x) { int n = 3; if (x) n = 4; return n; }\n"
    "int stepped(void) { int i = 0; i++; return i; }\n"
    "int escaped(void) { int n = 3; int *p = &n; *p = 4; return n; }\n"
    "int div0(void) { return 1 / (2 - 2); }\n"
    "long long overflow(void) { return 9223372036854775807LL + 1; }\n"
    "int bigshift(void) { return 1 << 70; }\n"
    "int negshift(void) { return -1 << 2; }\n"
    "int vla(int n) { int a[n]; return sizeof a; }\n"
    "int call(void) { return param(1); }\n"
    "int flt(void) { return 2.5; }\n"
    "int which(int x) { return x ? 1 : 2; }\n"
    "int loop_var(int n) { int s = 0; for (int i = 0; i < n; i++) s = s + 1; return s; }\n"
    /* callers: a binary search's midpoint divides by a constant 2, not by 1 */
    "int bs_two(const int *a, int n, int k) { const int two = 2; int lo = 0, hi = n - 1;\n"
    "  while (lo <= hi) { int mid = (lo + hi) / two; if (a[mid] == k) return mid;\n"
    "    if (a[mid] < k) lo = mid + 1; else hi = mid - 1; } return -1; }\n"
    "int bs_one(const int *a, int n, int k) { const int one = 1; int lo = 0, hi = n - 1;\n"
    "  while (lo <= hi) { int mid = (lo + hi) / one; if (a[mid] == k) return mid;\n"
    "    if (a[mid] < k) lo = mid + 1; else hi = mid - 1; } return -1; }\n"
    "static int global = 3;\n"
    "int glob(void) { return global; }\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, NULL, code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

/* The expression of the last return statement of fn's body. */
static const struct pa_expr *returned(const struct pa_function *fn)
{
    const struct pa_stmt *body = fn->body;
    for (unsigned i = body ? body->nkids : 0; i-- > 0;)
        if (body->kids[i] && body->kids[i]->kind == PA_STMT_RETURN)
            return body->kids[i]->expr;
    return NULL;
}

static const struct {
    const char *fn;
    bool constant;
    long long value;
} cases[] = {
    {"lit", true, 42},      {"chr", true, 65},      {"enm", true, 6},
    {"cvar", true, 16},     {"arith", true, 37}, /* 10 * 4 - 3 */
    {"rem", true, -1},                           /* C truncates towards zero */
    {"shifts", true, 1152},                      /* 1024 + 128 */
    {"bits", true, 0xC3},                        /* 0xFF ^ 0x3C */
    {"neg", true, 2},                            /* 2 + -1 + 1 + 0 */
    {"cmp", true, 19},                           /* 1 + 2 + 16 */
    {"logic", true, 6},                          /* 0 + 2 + 4, x never needed */
    {"ternary", true, 10},  {"same_arms", true, 6}, {"size", true, 16}, /* int, 12 chars: 4 + 12 */
    {"size_arr", true, 10}, {"chain", true, 9},     {"two_paths", true, 3},
    {"consts", true, 48}, /* (8 + 16) << 1 */
    {"param", false, 0},    {"differs", false, 0},  {"stepped", false, 0},
    {"escaped", false, 0},  {"div0", false, 0},     {"overflow", false, 0},
    {"bigshift", false, 0}, {"negshift", false, 0}, {"vla", false, 0},
    {"call", false, 0},     {"flt", false, 0},      {"which", false, 0},
    {"loop_var", false, 0}, {"glob", false, 0},
};

START_TEST(test_const_eval)
{
    const struct pa_function *fn = snippet_function(&snip, cases[_i].fn);
    ck_assert_msg(fn != NULL, "%s not modelled", cases[_i].fn);
    const struct pa_expr *e = returned(fn);
    ck_assert_msg(e != NULL, "%s: no return", cases[_i].fn);
    long long v = -12345;
    bool ok = pa_const_eval(fn, e, &v);
    ck_assert_msg(ok == cases[_i].constant, "%s: constant %d", cases[_i].fn, ok);
    if (ok)
        ck_assert_msg(v == cases[_i].value, "%s: %lld, want %lld", cases[_i].fn, v,
                      cases[_i].value);
    else
        ck_assert_msg(v == -12345, "%s: *out written on failure", cases[_i].fn);
}
END_TEST

/* Without a function, locals are not looked into, and NULL is no constant. */
START_TEST(test_const_eval_no_function)
{
    long long v = 0;
    ck_assert(!pa_const_eval(NULL, NULL, &v));
    const struct pa_function *fn = snippet_function(&snip, "chain");
    ck_assert(!pa_const_eval(NULL, returned(fn), &v));
    ck_assert(pa_const_eval(NULL, returned(snippet_function(&snip, "arith")), &v));
    ck_assert_int_eq(v, 37);
}
END_TEST

/* loop_bound.c reads the divisor of a midpoint through the folder. */
START_TEST(test_midpoint_divisor)
{
    ck_assert_str_eq(snippet_complexity(&snip, "bs_two"), "O(log n)");
    ck_assert_str_ne(snippet_complexity(&snip, "bs_one"), "O(log n)");
}
END_TEST

Suite *const_fold_suite(void);

Suite *const_fold_suite(void)
{
    Suite *s = suite_create("const_fold");
    TCase *tc = tcase_create("eval");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_const_eval, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_const_eval_no_function);
    tcase_add_test(tc, test_midpoint_divisor);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
