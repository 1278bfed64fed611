/* registry.c: the one list of rules, sorted by id. Adding a rule is one line here. */
#include "perfaudit/rule.h"

#include <string.h>

extern const struct pa_rule pa_rule_alloc_in_loop;
extern const struct pa_rule pa_rule_blas_candidate;
extern const struct pa_rule pa_rule_front_insert_in_loop;
extern const struct pa_rule pa_rule_linear_scan_in_loop;
extern const struct pa_rule pa_rule_loop_invariant_call;
extern const struct pa_rule pa_rule_missing_memoization;
extern const struct pa_rule pa_rule_nested_loop;
extern const struct pa_rule pa_rule_parallelizable_loop;
extern const struct pa_rule pa_rule_quadratic_string_build;
extern const struct pa_rule pa_rule_realloc_linear_growth;
extern const struct pa_rule pa_rule_sort_in_loop;
extern const struct pa_rule pa_rule_unbuffered_io_in_loop;

const struct pa_rule *const pa_rules[] = {
    &pa_rule_alloc_in_loop,         &pa_rule_blas_candidate,      &pa_rule_front_insert_in_loop,
    &pa_rule_linear_scan_in_loop,   &pa_rule_loop_invariant_call, &pa_rule_missing_memoization,
    &pa_rule_nested_loop,           &pa_rule_parallelizable_loop, &pa_rule_quadratic_string_build,
    &pa_rule_realloc_linear_growth, &pa_rule_sort_in_loop,        &pa_rule_unbuffered_io_in_loop,
};

const size_t pa_nrules = sizeof(pa_rules) / sizeof(pa_rules[0]);

const struct pa_rule *pa_rule_find(const char *id)
{
    for (size_t i = 0; i < pa_nrules; i++)
        if (strcmp(pa_rules[i]->id, id) == 0)
            return pa_rules[i];
    return NULL;
}
