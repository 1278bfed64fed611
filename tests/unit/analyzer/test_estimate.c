/* test_estimate.c: the arithmetic behind every recommendation: Amdahl's law, complexity ratios,
 * and a static estimate on a real finding (no profile: p = 1, n = 10000). */
#include "../snippet.h"
#include "estimate.h"
#include "perfaudit/rule.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define N2 ((struct pa_cx){2, 0, false, false})

START_TEST(test_amdahl)
{
    ck_assert_double_eq_tol(pa_amdahl(0.9, 10.0), 1.0 / (0.1 + 0.09), 1e-9);
    ck_assert_double_eq_tol(pa_amdahl(0.5, 2.0), 4.0 / 3.0, 1e-9);
    ck_assert_double_eq(pa_amdahl(0.0, 100.0), 1.0); /* cold code gains nothing */
    ck_assert_double_eq(pa_amdahl(0.8, 1.0), 1.0);   /* nothing faster, nothing gained */
    ck_assert_double_eq_tol(pa_amdahl(1.0, 50.0), 50.0, 1e-9);
    ck_assert_double_eq_tol(pa_amdahl(1.5, 50.0), 50.0, 1e-9); /* a share is at most 1 */
}
END_TEST

START_TEST(test_complexity_ratio)
{
    ck_assert_double_eq_tol(pa_complexity_ratio(N2, PA_CX_NLOGN, 1024.0), 102.4, 1e-6);
    ck_assert_double_eq_tol(pa_complexity_ratio(N2, PA_CX_N, 5000.0), 5000.0, 1e-6);
    ck_assert_double_eq_tol(pa_complexity_ratio(PA_CX_EXP, N2, 20.0), 1048576.0 / 400.0, 1e-6);
    ck_assert_double_eq(pa_complexity_ratio(PA_CX_N, N2, 100.0), 1.0); /* never below 1 */
    ck_assert_double_eq(pa_complexity_ratio(N2, PA_CX_N, 0.5), 2.0);   /* n is at least 2 */
}
END_TEST

/* The snippet's finding of rule (other rules may flag the same code too). */
static const struct pa_finding *finding_of(const struct snippet *s, const char *rule)
{
    for (size_t i = 0; i < s->analysis.findings.n; i++)
        if (strcmp(s->analysis.findings.items[i].rule->id, rule) == 0)
            return &s->analysis.findings.items[i];
    ck_abort_msg("no %s finding", rule);
    return NULL;
}

START_TEST(test_static_estimate)
{
    struct snippet s;
    snippet_analyse(&s, NULL,
                    "int pairs(const int *a, int n) {\n"
                    "  int c = 0;\n"
                    "  for (int i = 0; i < n; i++)\n"
                    "    for (int j = i + 1; j < n; j++)\n"
                    "      if (a[i] + a[j] == 0) c++;\n"
                    "  return c;\n"
                    "}\n");
    const struct pa_finding *f = finding_of(&s, "nested-loop");
    struct pa_estimate_context ctx = {NULL, 4};
    struct pa_estimate e;
    pa_estimate_finding(&ctx, f, &e);
    ck_assert(!e.measured);
    ck_assert_uint_eq(e.first_line, 3); /* the flagged loop, both lines of it */
    ck_assert_uint_eq(e.last_line, 5);
    ck_assert_double_eq(e.share, 1.0);
    ck_assert_double_eq(e.n, PA_STATIC_N);
    double local =
        pa_complexity_ratio(f->current, f->proposed, PA_STATIC_N) / PA_PROPOSED_STEP_COST;
    ck_assert_double_eq_tol(e.local_speedup, local, 1e-9);
    ck_assert_double_eq_tol(e.speedup, local, 1e-9);
    double effort =
        PA_VALIDATION_HOURS + f->rule->estimate.base_hours + 3.0 * f->rule->estimate.hours_per_line;
    ck_assert_double_eq_tol(e.effort_hours, effort, 1e-9);
    ck_assert_ptr_nonnull(strstr(e.model, "no profile"));
    ck_assert_str_eq(e.assumption, f->rule->estimate.assumption);
    ck_assert_int_eq(e.confidence, PA_CONFIDENCE_HIGH); /* both bounds are the parameter n */
    ck_assert_str_eq(e.confidence_reason, "");
    free(e.model);
    snippet_free(&s);
}
END_TEST

/* Confidence falls with each weakness of the evidence: an unbounded loop, a function that lost
 * code, a growth claim built from four or more nested factors. */
START_TEST(test_confidence)
{
    static const struct {
        struct pa_cx current;
        const char *incomplete;
        enum pa_confidence want;
    } cases[] = {
        {{2, 0, false, false}, NULL, PA_CONFIDENCE_HIGH},
        {{2, 0, false, true}, NULL, PA_CONFIDENCE_MEDIUM},
        {{2, 0, false, false}, "x.c:3:1: unknown type name 'T'", PA_CONFIDENCE_MEDIUM},
        {{2, 0, false, true}, "x.c:3:1: unknown type name 'T'", PA_CONFIDENCE_LOW},
        {{3, 1, false, false}, NULL, PA_CONFIDENCE_HIGH},
        {{4, 0, false, false}, NULL, PA_CONFIDENCE_LOW},
        {{0, 0, true, false}, NULL, PA_CONFIDENCE_HIGH}, /* 2^n: one recursion, not a tower */
    };
    struct snippet s;
    snippet_analyse(&s, NULL,
                    "int pairs(const int *a, int n) {\n"
                    "  int c = 0;\n"
                    "  for (int i = 0; i < n; i++)\n"
                    "    for (int j = i + 1; j < n; j++)\n"
                    "      if (a[i] + a[j] == 0) c++;\n"
                    "  return c;\n"
                    "}\n");
    struct pa_finding f = *finding_of(&s, "nested-loop");
    struct pa_function fn = *f.function;
    f.function = &fn;
    struct pa_estimate_context ctx = {NULL, 1};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        f.current = cases[i].current;
        fn.incomplete = cases[i].incomplete;
        struct pa_estimate e;
        pa_estimate_finding(&ctx, &f, &e);
        ck_assert_msg(e.confidence == cases[i].want, "case %zu: %s, want %s", i,
                      pa_confidence_name(e.confidence), pa_confidence_name(cases[i].want));
        ck_assert(cases[i].want == PA_CONFIDENCE_HIGH ? *e.confidence_reason == '\0'
                                                      : *e.confidence_reason != '\0');
        free(e.model);
    }
    snippet_free(&s);
}
END_TEST

START_TEST(test_removed_calls_without_profile)
{
    struct snippet s;
    snippet_analyse(&s, NULL,
                    "#include <math.h>\n"
                    "void scale(const double *x, double *y, int n, double k) {\n"
                    "  for (int i = 0; i < n; i++) y[i] = pow(k, 2.5);\n"
                    "}\n");
    const struct pa_finding *f = finding_of(&s, "loop-invariant-call");
    struct pa_estimate e;
    struct pa_estimate_context ctx = {NULL, 1};
    pa_estimate_finding(&ctx, f, &e);
    /* no profile: the flagged call is taken as half of the loop, all of it saved */
    ck_assert_double_eq_tol(e.local_speedup, 2.0, 1e-9);
    free(e.model);
    snippet_free(&s);
}
END_TEST

Suite *estimate_suite(void);

Suite *estimate_suite(void)
{
    Suite *s = suite_create("estimate");
    TCase *tc = tcase_create("estimate");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_amdahl);
    tcase_add_test(tc, test_complexity_ratio);
    tcase_add_test(tc, test_static_estimate);
    tcase_add_test(tc, test_removed_calls_without_profile);
    tcase_add_test(tc, test_confidence);
    suite_add_tcase(s, tc);
    return s;
}
