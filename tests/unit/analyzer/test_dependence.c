/* test_dependence.c: which loops carry dependences between iterations, and what independent
 * iterations write (analyzer/dependence.c), on the outermost loop of small functions. */
#include "../snippet.h"
#include "perfaudit/dependence.h"

#include <check.h>
#include <string.h>

static const char *const code =
    "#include <stdio.h>\n"
    "static double sq(double x) { return x * x; }\n"
    "void scale(const double *a, double *out, int n, double f) {\n"
    "  for (int i = 0; i < n; i++) out[i] = sq(a[i]) * f; }\n"
    "double sum(const double *a, int n) { double s = 0;\n"
    "  for (int i = 0; i < n; i++) s += a[i]; return s; }\n"
    "double product(const double *a, int n) { double p = 1;\n"
    "  for (int i = 0; i < n; i += 2) p *= a[i]; return p; }\n"
    "long count_neg(const int *a, int n) { long c = 0;\n"
    "  for (int i = 0; i < n; i++) if (a[i] < 0) c--; return c; }\n"
    "void prefix(double *a, int n) { for (int i = 1; i < n; i++) a[i] += a[i - 1]; }\n"
    "void running(const double *a, double *out, int n) { double s = 0;\n"
    "  for (int i = 0; i < n; i++) { s += a[i]; out[i] = s; } }\n"
    "int find(const int *a, int n, int k) { for (int i = 0; i < n; i++) if (a[i] == k) return i;\n"
    "  return -1; }\n"
    "void show(const int *a, int n) { for (int i = 0; i < n; i++) printf(\"%d\\n\", a[i]); }\n"
    "int compact(const int *a, int *out, int n) { int k = 0;\n"
    "  for (int i = 0; i < n; i++) if (a[i]) out[k++] = a[i]; return k; }\n"
    "void zero_rows(double *m, int n) { for (int i = 0; i < n; i++)\n"
    "  for (int j = 0; j < n; j++) m[i * n + j] = 0; }\n"
    "void ranks(const int *a, long *out, int n) { for (int i = 0; i < n; i++) { long c = 0;\n"
    "  for (int j = i + 1; j < n; j++) c += a[j] < a[i]; out[i] = c; } }\n"
    "int drain(int *a, int n) { int i = 0; while (i < n && a[i]) i++; return i; }\n"
    "double totals[64];\n"
    "void tally(const double *a, int n) { for (int i = 0; i < n; i++) totals[i & 63] += a[i]; }\n"
    "void whole(double *a, int n) { for (int i = 0; i < n; i++) a[i] = a[n - 1 - i]; }\n"
    "void temp(const double *a, double *out, int n) { double t;\n"
    "  for (int i = 0; i < n; i++) { t = a[i] * 2; out[i] = t + 1; } }\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, NULL, code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

static const struct {
    const char *fn;
    enum pa_dep_carrier carrier;
    const char *part; /* the array of the one part, NULL if none */
    enum pa_dep_split split;
    const char *stride;    /* the stride variable of a row split */
    const char *reduction; /* the variable of the one reduction, NULL if none */
    enum pa_op op;
    bool uneven;
} cases[] = {
    {"scale", PA_DEP_NONE, "out", PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"sum", PA_DEP_NONE, NULL, PA_DEP_SPLIT_INDEX, NULL, "s", PA_OP_ADD, false},
    {"product", PA_DEP_NONE, NULL, PA_DEP_SPLIT_INDEX, NULL, "p", PA_OP_MUL, false},
    {"count_neg", PA_DEP_NONE, NULL, PA_DEP_SPLIT_INDEX, NULL, "c", PA_OP_ADD, false},
    {"prefix", PA_DEP_READ, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"running", PA_DEP_STORE, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"find", PA_DEP_CONTROL, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"show", PA_DEP_CALL, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"compact", PA_DEP_STORE, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"zero_rows", PA_DEP_NONE, "m", PA_DEP_SPLIT_ROWS, "n", NULL, PA_OP_NONE, false},
    {"ranks", PA_DEP_NONE, "out", PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, true},
    {"drain", PA_DEP_CONTROL, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"tally", PA_DEP_STORE, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"whole", PA_DEP_READ, NULL, PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
    {"temp", PA_DEP_NONE, "out", PA_DEP_SPLIT_INDEX, NULL, NULL, PA_OP_NONE, false},
};

START_TEST(test_loop_dependences)
{
    const struct pa_function *fn = snippet_function(&snip, cases[_i].fn);
    ck_assert_msg(fn != NULL && fn->nloops > 0, "%s: no loop", cases[_i].fn);
    struct pa_loop_deps d;
    bool independent = pa_loop_dependences(&snip.analysis.program, fn, fn->loops[0], &d);
    ck_assert_msg(d.carrier == cases[_i].carrier, "%s: carrier %d", cases[_i].fn, d.carrier);
    ck_assert_int_eq(independent, cases[_i].carrier == PA_DEP_NONE);
    ck_assert_int_eq(d.induction_var, fn->loops[0]->trip.induction_var);
    if (!independent) {
        ck_assert_uint_eq(d.nparts, 0);
        ck_assert_uint_eq(d.nreductions, 0);
        return;
    }
    ck_assert_uint_eq(d.nparts, cases[_i].part ? 1 : 0);
    if (cases[_i].part) {
        ck_assert_str_eq(d.parts[0].array->name, cases[_i].part);
        ck_assert_int_eq(d.parts[0].split, cases[_i].split);
        if (cases[_i].stride)
            ck_assert_str_eq(d.parts[0].stride->name, cases[_i].stride);
        else
            ck_assert_ptr_null(d.parts[0].stride);
    }
    ck_assert_uint_eq(d.nreductions, cases[_i].reduction ? 1 : 0);
    if (cases[_i].reduction) {
        ck_assert_str_eq(fn->vars[d.reductions[0].var].name, cases[_i].reduction);
        ck_assert_int_eq(d.reductions[0].op, cases[_i].op);
    }
    ck_assert_int_eq(d.uneven, cases[_i].uneven);
}
END_TEST

Suite *dependence_suite(void);

Suite *dependence_suite(void)
{
    Suite *s = suite_create("dependence");
    TCase *tc = tcase_create("loops");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_loop_dependences, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
