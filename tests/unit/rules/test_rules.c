/* test_rules.c: each rule on a flagged snippet and on look-alikes that must stay quiet
 * (the rules under rules/). Expected findings read "rule@line" for the function under test. */
#include "../snippet.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    const char *code;
    const char *function;
    const char *expected;
} cases[] = {
    {"nested loop",
     "int pairs(const int *a, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = i + 1; j < n; j++)\n"
     "      if (a[i] + a[j] == 0) c++;\n"
     "  return c;\n"
     "}\n",
     "pairs", "nested-loop@3"},
    {"constant inner loop is fine",
     "int rows(const int (*m)[4], int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < 4; j++) s += m[i][j];\n"
     "  return s;\n"
     "}\n",
     "rows", ""},
    {"two loops in sequence are fine",
     "int twice(const int *a, int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < n; i++) s += a[i];\n"
     "  for (int j = 0; j < n; j++) s -= a[j];\n"
     "  return s;\n"
     "}\n",
     "twice", ""},
    {"per-element inner loop is fine",
     "#include <string.h>\n"
     "int vowels(char **words, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    const char *w = words[i];\n"
     "    for (int j = 0; w[j]; j++) c += w[j] == 'a';\n"
     "  }\n"
     "  return c;\n"
     "}\n",
     "vowels", ""},
    {"inner search loop",
     "int unique(const int *a, int n, int *out) {\n"
     "  int m = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    int seen = 0;\n"
     "    for (int j = 0; j < m; j++)\n"
     "      if (out[j] == a[i]) { seen = 1; break; }\n"
     "    if (!seen) out[m++] = a[i];\n"
     "  }\n"
     "  return m;\n"
     "}\n",
     "unique", "linear-scan-in-loop@5"},
    {"strlen in the loop condition",
     "#include <string.h>\n"
     "int spaces(const char *s) {\n"
     "  int c = 0;\n"
     "  for (size_t i = 0; i < strlen(s); i++) c += s[i] == ' ';\n"
     "  return c;\n"
     "}\n",
     "spaces", "linear-scan-in-loop@4"},
    {"hoisted strlen is fine",
     "#include <string.h>\n"
     "int spaces(const char *s) {\n"
     "  int c = 0;\n"
     "  size_t n = strlen(s);\n"
     "  for (size_t i = 0; i < n; i++) c += s[i] == ' ';\n"
     "  return c;\n"
     "}\n",
     "spaces", ""},
    {"O(n) project function per iteration",
     "struct node { int key; struct node *next; };\n"
     "static int has(const struct node *p, int k) {\n"
     "  for (; p; p = p->next) if (p->key == k) return 1;\n"
     "  return 0;\n"
     "}\n"
     "int known(const struct node *list, const int *keys, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++) c += has(list, keys[i]);\n"
     "  return c;\n"
     "}\n",
     "known", "linear-scan-in-loop@8"},
    {"binary search in a loop is fine",
     "static int find(const int *a, int n, int k) {\n"
     "  int lo = 0, hi = n - 1;\n"
     "  while (lo <= hi) { int mid = lo + (hi - lo) / 2;\n"
     "    if (a[mid] == k) return mid; if (a[mid] < k) lo = mid + 1; else hi = mid - 1; }\n"
     "  return -1;\n"
     "}\n"
     "int known(const int *a, int n, const int *keys, int m) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < m; i++) c += find(a, n, keys[i]) >= 0;\n"
     "  return c;\n"
     "}\n",
     "known", ""},
    {"exponential recursion",
     "long ways(int n) {\n"
     "  if (n < 2) return 1;\n"
     "  return ways(n - 1) + ways(n - 2);\n"
     "}\n",
     "ways", "missing-memoization@3"},
    {"memoized recursion is fine",
     "static long cache[90];\n"
     "long ways(int n) {\n"
     "  if (n < 2) return 1;\n"
     "  if (cache[n]) return cache[n];\n"
     "  return cache[n] = ways(n - 1) + ways(n - 2);\n"
     "}\n",
     "ways", ""},
    {"tree recursion is fine",
     "struct t { struct t *l, *r; int v; };\n"
     "int total(const struct t *n) { return n ? n->v + total(n->l) + total(n->r) : 0; }\n",
     "total", ""},
    {"strcat in a loop",
     "#include <string.h>\n"
     "void join(char *out, char **parts, int n) {\n"
     "  out[0] = '\\0';\n"
     "  for (int i = 0; i < n; i++)\n"
     "    strcat(out, parts[i]);\n"
     "}\n",
     "join", "quadratic-string-build@5"},
    {"tracked end is fine",
     "#include <stdio.h>\n"
     "void join(char *out, const int *v, int n) {\n"
     "  char *p = out;\n"
     "  for (int i = 0; i < n; i++) p += sprintf(p, \"%d,\", v[i]);\n"
     "}\n",
     "join", ""},
    {"realloc by one",
     "#include <stdlib.h>\n"
     "int *fill(int n) {\n"
     "  int *v = NULL;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    v = realloc(v, (i + 1) * sizeof *v);\n"
     "    v[i] = i;\n"
     "  }\n"
     "  return v;\n"
     "}\n",
     "fill", "realloc-linear-growth@5"},
    {"geometric growth is fine",
     "#include <stdlib.h>\n"
     "int *fill(int n) {\n"
     "  int *v = NULL; size_t cap = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if ((size_t)i == cap) { cap = cap ? cap * 2 : 16; v = realloc(v, cap * sizeof *v); }\n"
     "    v[i] = i;\n"
     "  }\n"
     "  return v;\n"
     "}\n",
     "fill", ""},
    {"qsort in a loop",
     "#include <stdlib.h>\n"
     "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
     "void add_all(int *v, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    v[i] = in[i];\n"
     "    qsort(v, i + 1, sizeof *v, cmp);\n"
     "  }\n"
     "}\n",
     "add_all", "sort-in-loop@6"},
    {"sorting each bucket is fine",
     "#include <stdlib.h>\n"
     "struct bucket { int *v; int n; };\n"
     "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
     "void sort_buckets(struct bucket *b, int n) {\n"
     "  for (int i = 0; i < n; i++) qsort(b[i].v, b[i].n, sizeof(int), cmp);\n"
     "}\n",
     "sort_buckets", ""},
    {"memmove to the front",
     "#include <string.h>\n"
     "void prepend_all(int *a, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    memmove(a + 1, a, i * sizeof *a);\n"
     "    a[0] = in[i];\n"
     "  }\n"
     "}\n",
     "prepend_all", "front-insert-in-loop@4"},
    {"invariant pow",
     "#include <math.h>\n"
     "void scale(double *v, int n, double db) {\n"
     "  for (int i = 0; i < n; i++) v[i] *= pow(10.0, db / 20.0);\n"
     "}\n",
     "scale", "loop-invariant-call@3"},
    {"a buffer refilled through an indirect call is not invariant",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "typedef char *(*reader_fn)(char *, int, FILE *);\n"
     "static reader_fn real_read;\n"
     "char *read_line(char *buf, int len, FILE *f) { return real_read(buf, len, f); }\n"
     "double total(FILE *f, int n) {\n"
     "  char buf[64]; double t = 0;\n"
     "  for (int i = 0; i < n; i++) { read_line(buf, sizeof buf, f); t += atof(buf); }\n"
     "  return t;\n"
     "}\n",
     "total", ""},
    {"a failure path in an assertion macro is not repeated work",
     "struct list { int *v; int n; };\n"
     "void report(const struct list *l, const char *what);\n"
     "static int has(const struct list *l, int k) {\n"
     "  for (int i = 0; i < l->n; i++) if (l->v[i] == k) return 1;\n"
     "  return 0;\n"
     "}\n"
     "#define check(l, e) ((e) ? (void)0 : (report(l, #e), __builtin_unreachable()))\n"
     "__attribute__((noreturn)) void die(const struct list *l);\n"
     "int sum_known(const struct list *l, const int *keys, int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    check(l, keys[i] >= 0);\n"
     "    if (keys[i] > 1000) die(l);\n"
     "    s += keys[i];\n"
     "  }\n"
     "  return s;\n"
     "}\n",
     "sum_known", ""},
    {"acting once after a search is not repeated",
     "#include <string.h>\n"
     "int remove_value(int *a, int n, int v) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (a[i] == v) {\n"
     "      memmove(a + i, a + i + 1, (n - i - 1) * sizeof *a);\n"
     "      return n - 1;\n"
     "    }\n"
     "  }\n"
     "  return n;\n"
     "}\n",
     "remove_value", ""},
    {"insertion at a position in a loop",
     "#include <string.h>\n"
     "void insert_sorted(int *a, int *n, const int *in, int m) {\n"
     "  for (int k = 0; k < m; k++) {\n"
     "    int pos = 0;\n"
     "    while (pos < *n && a[pos] < in[k]) pos++;\n"
     "    memmove(a + pos + 1, a + pos, (*n - pos) * sizeof *a);\n"
     "    a[pos] = in[k];\n"
     "    (*n)++;\n"
     "  }\n"
     "}\n",
     "insert_sorted", "linear-scan-in-loop@5,front-insert-in-loop@6"},
    {"walking a grid is linear in its cells",
     "void clear(char **grid, int rows, int cols) {\n"
     "  for (int y = 0; y < rows; y++)\n"
     "    for (int x = 0; x < cols; x++) grid[y][x] = ' ';\n"
     "}\n",
     "clear", ""},
    {"drawing every cell through a call is a grid walk",
     "void plot(char *canvas, int w, int x, int y);\n"
     "void fill_canvas(char *canvas, int w, int h) {\n"
     "  for (int y = 0; y < h; y++)\n"
     "    for (int x = 0; x < w; x++) plot(canvas, w, x, y);\n"
     "}\n",
     "fill_canvas", ""},
    {"blocked iteration is linear",
     "void fill(int *v, int n, int k) {\n"
     "  for (int i = 0; i < n; i += k)\n"
     "    for (int j = 0; j < k; j++) v[i + j] = j;\n"
     "}\n",
     "fill", ""},
    {"searching a static option table is constant",
     "#include <string.h>\n"
     "struct opt { const char *name; int flag; };\n"
     "static const struct opt opts[] = {{\"a\", 1}, {\"b\", 2}, {0, 0}};\n"
     "int parse(char **words, int n) {\n"
     "  int flags = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (const struct opt *o = opts; o->name; o++)\n"
     "      if (!strcmp(words[i], o->name)) { flags |= o->flag; break; }\n"
     "  return flags;\n"
     "}\n",
     "parse", ""},
    {"varying sqrt is fine",
     "#include <math.h>\n"
     "void roots(double *v, int n) {\n"
     "  for (int i = 0; i < n; i++) v[i] = sqrt(v[i]);\n"
     "}\n",
     "roots", ""},
};

START_TEST(test_rule_case)
{
    struct snippet s;
    snippet_analyse(&s, NULL, cases[_i].code);
    ck_assert_msg(s.analysis.program.nerrors == 0, "%s: snippet failed to parse: %s",
                  cases[_i].name,
                  s.analysis.program.nerrors ? s.analysis.program.errors[0].message : "");
    const char *got = snippet_findings(&s, cases[_i].function);
    ck_assert_msg(strcmp(got, cases[_i].expected) == 0, "%s: expected \"%s\", got \"%s\"",
                  cases[_i].name, cases[_i].expected, got);
    snippet_free(&s);
}
END_TEST

START_TEST(test_suppression)
{
    struct snippet s;
    snippet_analyse(&s, NULL,
                    "long ways(int n) {\n"
                    "  if (n < 2) return 1;\n"
                    "  // perfaudit-ignore(missing-memoization)\n"
                    "  return ways(n - 1) + ways(n - 2);\n"
                    "}\n"
                    "long more(int n) {\n"
                    "  if (n < 2) return 1;\n"
                    "  return more(n - 1) + more(n - 2); // perfaudit-ignore(nested-loop)\n"
                    "}\n"
                    "long quiet(int n) {\n"
                    "  return n < 2 ? 1 : quiet(n - 1) + quiet(n - 2); /* perfaudit-ignore */\n"
                    "}\n");
    ck_assert_str_eq(snippet_findings(&s, "ways"), "");
    ck_assert_str_eq(snippet_findings(&s, "more"), "missing-memoization@8");
    ck_assert_str_eq(snippet_findings(&s, "quiet"), "");
    snippet_free(&s);
}
END_TEST

Suite *rules_suite(void);

Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("cases");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_rule_case, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_suppression);
    suite_add_tcase(s, tc);
    return s;
}
