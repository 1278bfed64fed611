/* test_complexity.c: loop trip counts and Big-O inference on small functions
 * (analyzer/loop_bound.c, analyzer/complexity.c, analyzer/recursion.c). */
#include "../snippet.h"

#include <check.h>
#include <stdlib.h>

static const char *const code =
    "#include <string.h>\n"
    "#include <stdio.h>\n"
    "struct node { int key; struct node *next, *left, *right; };\n"
    "struct vec { int *items; int len; };\n"
    "int first(const int *a, int n) { return n ? a[0] : 0; }\n"
    "int sum(const int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }\n"
    "int sum16(const int *a) { int s = 0; for (int i = 0; i < 16; i++) s += a[i]; return s; }\n"
    "#define ROWS 8\n"
    "int rows(int m[ROWS][ROWS]) { int s = 0; for (int i = 0; i < ROWS; i++)\n"
    "  for (int j = 0; j < ROWS; j++) s += m[i][j]; return s; }\n"
    "int pairs(const int *a, int n) { int c = 0; for (int i = 0; i < n; i++)\n"
    "  for (int j = 0; j < i; j++) c += a[i] == a[j]; return c; }\n"
    "int triple(int n) { int c = 0; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)\n"
    "  for (int k = 0; k < n; k++) c++; return c; }\n"
    "int digits(unsigned n) { int d = 0; while (n > 0) { n /= 10; d++; } return d; }\n"
    "int pow2(int n) { int c = 0; for (int i = 1; i < n; i *= 2) c++; return c; }\n"
    "int find(const int *a, int n, int k) { int lo = 0, hi = n - 1;\n"
    "  while (lo <= hi) { int mid = (lo + hi) / 2; if (a[mid] == k) return mid;\n"
    "    if (a[mid] < k) lo = mid + 1; else hi = mid - 1; } return -1; }\n"
    "int lookups(const int *a, int n, const int *keys, int m) { int c = 0;\n"
    "  for (int i = 0; i < m; i++) c += find(a, n, keys[i]) >= 0; return c; }\n"
    "int length(const struct node *p) { int n = 0; while (p) { n++; p = p->next; } return n; }\n"
    "int lengths(const struct node *p, int n) { int t = 0; for (int i = 0; i < n; i++)\n"
    "  t += length(p); return t; }\n"
    "size_t walk(const char *s) { size_t n = 0; while (*s) { s++; n++; } return n; }\n"
    "size_t words(char **w, int n) { size_t t = 0; for (int i = 0; i < n; i++) t += strlen(w[i]);\n"
    "  return t; }\n"
    "size_t rescan(const char *s) { size_t t = 0; for (size_t i = 0; i < strlen(s); i++) t += "
    "s[i];\n"
    "  return t; }\n"
    "int lines(FILE *f) { char buf[256]; int n = 0; while (fgets(buf, sizeof buf, f)) n++;\n"
    "  return n; }\n"
    "int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
    "long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }\n"
    "int bs(const int *a, int lo, int hi, int k) { if (lo > hi) return -1; int mid = (lo + hi) / "
    "2;\n"
    "  if (a[mid] == k) return mid; if (a[mid] < k) return bs(a, mid + 1, hi, k);\n"
    "  return bs(a, lo, mid - 1, k); }\n"
    "void ms(int *a, int *t, int lo, int hi) { if (hi - lo < 2) return; int mid = (lo + hi) / 2;\n"
    "  ms(a, t, lo, mid); ms(a, t, mid, hi); for (int i = lo; i < hi; i++) t[i] = a[i]; }\n"
    "int size(const struct node *t) { return t ? 1 + size(t->left) + size(t->right) : 0; }\n"
    "int is_odd(int n);\n"
    "int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }\n"
    "int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }\n"
    "static long memo[64];\n"
    "long paths(int n) { if (n < 2) return 1; if (memo[n]) return memo[n];\n"
    "  return memo[n] = paths(n - 1) + paths(n - 2); }\n"
    "int spin(volatile int *flag) { int n = 0; while (*flag) n++; return n; }\n"
    "int hash4(const char *s) { int h = 0; for (int i = 0; i < 4; i++) h = h * 31 + s[i];\n"
    "  return h; }\n"
    "int fixed_len(const char *s, int len) { int h = 0; for (int i = 0; i < len; i++) h += s[i];\n"
    "  return h; }\n"
    "int caller_const(const char *s) { return fixed_len(s, 8); }\n"
    "struct entry { int key; struct entry *next; };\n"
    "int chain_get(struct entry **table, unsigned size, int key) {\n"
    "  for (struct entry *e = table[key % size]; e; e = e->next) if (e->key == key) return 1;\n"
    "  return 0; }\n"
    "struct heap { int *v; unsigned count; };\n"
    "void sift_down(struct heap *h) { unsigned i = 0, c;\n"
    "  while ((c = 2 * i + 1) < h->count) { if (h->v[c] < h->v[i]) break; i = c; } }\n"
    "struct queue { int *items; unsigned count; };\n"
    "int drain(struct queue *q) { int s = 0; while (q->count > 0) { s += q->items[--q->count]; }\n"
    "  return s; }\n"
    "int count_lines(const char *s) { int n = 0; const char *nl;\n"
    "  while ((nl = strchr(s, '\\n')) != NULL) { n++; s = nl + 1; } return n; }\n"
    "int words_in(char *s) { int n = 0;\n"
    "  for (char *t = strtok(s, \" \"); t; t = strtok(NULL, \" \")) n++; return n; }\n"
    "int unlink_all(struct entry **p) { int n = 0; struct entry *curr;\n"
    "  while ((curr = *p) != NULL) { n++; p = &curr->next; } return n; }\n"
    "int merge_count(const int *a, int n, const int *b, int m) { int i = 0, j = 0, c = 0;\n"
    "  while (i < n || j < m) { if (j >= m || (i < n && a[i] < b[j])) i++; else j++; c++; }\n"
    "  return c; }\n";

static const struct {
    const char *function;
    const char *complexity;
} cases[] = {
    {"first", "O(1)"},         {"sum", "O(n)"},           {"sum16", "O(1)"},
    {"rows", "O(1)"},          {"pairs", "O(n^2)"},       {"triple", "O(n^3)"},
    {"digits", "O(log n)"},    {"pow2", "O(log n)"},      {"find", "O(log n)"},
    {"lookups", "O(n log n)"}, {"length", "O(n)"},        {"lengths", "O(n^2)"},
    {"walk", "O(n)"},          {"words", "O(n)"},         {"rescan", "O(n^2)"},
    {"lines", "O(n)"},         {"fib", "O(2^n)"},         {"fact", "O(n)"},
    {"bs", "O(log n)"},        {"ms", "O(n log n)"},      {"size", "O(n)"},
    {"is_even", "O(n)"},       {"is_odd", "O(n)"},        {"paths", "O(n)"},
    {"spin", "unknown"},       {"hash4", "O(1)"},         {"caller_const", "O(1)"},
    {"chain_get", "O(1)"},     {"sift_down", "O(log n)"}, {"drain", "O(n)"},
    {"count_lines", "O(n)"},   {"words_in", "O(n)"},      {"unlink_all", "O(n)"},
    {"merge_count", "O(n)"},
};

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, NULL, code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

START_TEST(test_function_complexity)
{
    ck_assert_msg(snip.analysis.program.nerrors == 0, "snippet failed to parse: %s",
                  snip.analysis.program.nerrors ? snip.analysis.program.errors[0].message : "");
    ck_assert_str_eq(snippet_complexity(&snip, cases[_i].function), cases[_i].complexity);
}
END_TEST

START_TEST(test_trip_reasons)
{
    const struct pa_function *fn = snippet_function(&snip, "length");
    ck_assert_ptr_nonnull(fn);
    ck_assert_int_eq(fn->nloops, 1);
    ck_assert_int_eq(fn->loops[0]->trip.reason, PA_REASON_LIST_WALK);
    fn = snippet_function(&snip, "lines");
    ck_assert_int_eq(fn->loops[0]->trip.reason, PA_REASON_READ_UNTIL_EOF);
    fn = snippet_function(&snip, "find");
    ck_assert_int_eq(fn->loops[0]->trip.reason, PA_REASON_BINARY_SEARCH);
    fn = snippet_function(&snip, "walk");
    ck_assert_int_eq(fn->loops[0]->trip.reason, PA_REASON_STRING_WALK);
    fn = snippet_function(&snip, "sum");
    ck_assert_int_eq(fn->loops[0]->trip.reason, PA_REASON_PARAM);
    ck_assert_int_eq(fn->loops[0]->trip.bound_param, 1);
    fn = snippet_function(&snip, "pairs");
    ck_assert_int_eq(fn->loops[1]->trip.reason, PA_REASON_OUTER_LOOP_VAR);
    ck_assert_uint_eq(fn->loops[1]->depth, 2);
}
END_TEST

START_TEST(test_recursion_shapes)
{
    ck_assert_int_eq(snippet_function(&snip, "fib")->recursion, PA_REC_DECREASING);
    ck_assert_uint_eq(snippet_function(&snip, "fib")->recursive_calls, 2);
    ck_assert_int_eq(snippet_function(&snip, "bs")->recursion, PA_REC_HALVING);
    ck_assert_uint_eq(snippet_function(&snip, "bs")->recursive_calls, 1);
    ck_assert_int_eq(snippet_function(&snip, "size")->recursion, PA_REC_STRUCTURAL);
    ck_assert(snippet_function(&snip, "paths")->has_cache);
    ck_assert(!snippet_function(&snip, "fib")->has_cache);
    ck_assert_int_ge(snippet_function(&snip, "is_even")->scc, 0);
    ck_assert_int_eq(snippet_function(&snip, "is_even")->scc,
                     snippet_function(&snip, "is_odd")->scc);
    ck_assert_int_eq(snippet_function(&snip, "sum")->scc, -1);
}
END_TEST

START_TEST(test_purity)
{
    ck_assert(snippet_function(&snip, "sum")->pure);
    ck_assert(!snippet_function(&snip, "lines")->pure); /* reads input */
    ck_assert(!snippet_function(&snip, "ms")->pure);    /* writes through a parameter */
    ck_assert(!snippet_function(&snip, "paths")->pure); /* writes a global */
}
END_TEST

/* C++: range-for loops and member functions, without any standard header. */
START_TEST(test_cxx_model)
{
    struct snippet s;
    snippet_analyse(&s, "bag.cpp",
                    "struct Bag {\n"
                    "  int items[64]; int n;\n"
                    "  const int *begin() const { return items; }\n"
                    "  const int *end() const { return items + n; }\n"
                    "  int total() const { int t = 0; for (int x : *this) t += x; return t; }\n"
                    "};\n"
                    "int common(const Bag &a, const Bag &b) {\n"
                    "  int c = 0;\n"
                    "  for (int x : a)\n"
                    "    for (int y : b) c += x + y;\n"
                    "  return c;\n"
                    "}\n");
    ck_assert_msg(s.analysis.program.nerrors == 0, "C++ snippet failed to parse: %s",
                  s.analysis.program.nerrors ? s.analysis.program.errors[0].message : "");
    const struct pa_function *total = snippet_function(&s, "Bag::total");
    ck_assert_ptr_nonnull(total);
    ck_assert_int_eq(total->nloops, 1);
    ck_assert_int_eq(total->loops[0]->kind, PA_LOOP_RANGE_FOR);
    ck_assert_str_eq(snippet_complexity(&s, "Bag::total"), "O(n)");
    ck_assert_str_eq(snippet_complexity(&s, "common"), "O(n^2)");
    ck_assert_str_eq(snippet_findings(&s, "common"), "nested-loop@9");
    snippet_free(&s);
}
END_TEST

Suite *complexity_suite(void);

Suite *complexity_suite(void)
{
    Suite *s = suite_create("complexity");
    TCase *tc = tcase_create("inference");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_function_complexity, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_trip_reasons);
    tcase_add_test(tc, test_recursion_shapes);
    tcase_add_test(tc, test_purity);
    tcase_add_test(tc, test_cxx_model);
    suite_add_tcase(s, tc);
    return s;
}
