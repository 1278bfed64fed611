/* test_rules.c: runs every registered rule's examples (flagged snippets and look-alikes that
 * must stay quiet, kept in the rule's own file), and suppression comments. */
#include "../snippet.h"

#include "perfaudit/rule.h"

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The i-th example over all registered rules, in registry order: the C ones, then the C++
 * ones (*cxx set). */
static const struct pa_rule_example *example_at(size_t i, const struct pa_rule **rule, bool *cxx)
{
    for (int lang = 0; lang < 2; lang++) {
        for (size_t r = 0; r < pa_nrules; r++) {
            size_t n = lang ? pa_rules[r]->ncxx_examples : pa_rules[r]->nexamples;
            if (i < n) {
                *rule = pa_rules[r];
                *cxx = lang == 1;
                return lang ? &pa_rules[r]->cxx_examples[i] : &pa_rules[r]->examples[i];
            }
            i -= n;
        }
    }
    return NULL;
}

static int example_count(void)
{
    size_t n = 0;
    for (size_t r = 0; r < pa_nrules; r++)
        n += pa_rules[r]->nexamples + pa_rules[r]->ncxx_examples;
    return (int)n;
}

START_TEST(test_rule_example)
{
    const struct pa_rule *rule = NULL;
    bool cxx = false;
    const struct pa_rule_example *ex = example_at((size_t)_i, &rule, &cxx);
    ck_assert_ptr_nonnull(ex);
    struct snippet s;
    snippet_analyse(&s, cxx ? "snippet.cpp" : NULL, ex->code);
    ck_assert_msg(s.analysis.program.nerrors == 0, "%s: %s: snippet failed to parse: %s", rule->id,
                  ex->name, s.analysis.program.nerrors ? s.analysis.program.errors[0].message : "");
    const char *got = snippet_findings(&s, ex->function);
    ck_assert_msg(strcmp(got, ex->expected) == 0, "%s: %s: expected \"%s\", got \"%s\"", rule->id,
                  ex->name, ex->expected, got);
    snippet_free(&s);
}
END_TEST

/* Every rule shows what it flags and a look-alike it leaves alone. */
START_TEST(test_rule_has_examples)
{
    for (size_t r = 0; r < pa_nrules; r++) {
        bool flagged = false, quiet = false;
        for (size_t i = 0; i < pa_rules[r]->nexamples; i++) {
            if (*pa_rules[r]->examples[i].expected)
                flagged = true;
            else
                quiet = true;
        }
        ck_assert_msg(flagged && quiet, "%s: needs a flagged and a quiet example", pa_rules[r]->id);
    }
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
    tcase_add_loop_test(tc, test_rule_example, 0, example_count());
    tcase_add_test(tc, test_rule_has_examples);
    tcase_add_test(tc, test_suppression);
    suite_add_tcase(s, tc);
    return s;
}
