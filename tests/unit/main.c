/* main.c: runs every Check suite of the unit tests. */
#include <check.h>
#include <stdlib.h>

Suite *complexity_value_suite(void);
Suite *source_text_suite(void);
Suite *macro_loops_suite(void);
Suite *const_fold_suite(void);
Suite *dependence_suite(void);
Suite *cpp_model_suite(void);
Suite *cxx_catalog_suite(void);
Suite *loop_bound_cxx_suite(void);
Suite *complexity_suite(void);
Suite *loop_bound_suite(void);
Suite *rules_suite(void);
Suite *profile_suite(void);
Suite *symbolize_suite(void);
Suite *readers_suite(void);
Suite *estimate_suite(void);
Suite *line_index_suite(void);
Suite *path_suite(void);
Suite *stats_suite(void);
Suite *profile_diff_suite(void);
Suite *callgraph_suite(void);
Suite *bar_chart_suite(void);
Suite *flame_suite(void);
Suite *glob_suite(void);
Suite *summary_suite(void);

int main(void)
{
    SRunner *runner = srunner_create(complexity_value_suite());
    srunner_add_suite(runner, source_text_suite());
    srunner_add_suite(runner, macro_loops_suite());
    srunner_add_suite(runner, const_fold_suite());
    srunner_add_suite(runner, dependence_suite());
    srunner_add_suite(runner, cpp_model_suite());
    srunner_add_suite(runner, cxx_catalog_suite());
    srunner_add_suite(runner, loop_bound_cxx_suite());
    srunner_add_suite(runner, complexity_suite());
    srunner_add_suite(runner, loop_bound_suite());
    srunner_add_suite(runner, rules_suite());
    srunner_add_suite(runner, profile_suite());
    srunner_add_suite(runner, symbolize_suite());
    srunner_add_suite(runner, readers_suite());
    srunner_add_suite(runner, estimate_suite());
    srunner_add_suite(runner, line_index_suite());
    srunner_add_suite(runner, path_suite());
    srunner_add_suite(runner, stats_suite());
    srunner_add_suite(runner, profile_diff_suite());
    srunner_add_suite(runner, callgraph_suite());
    srunner_add_suite(runner, bar_chart_suite());
    srunner_add_suite(runner, flame_suite());
    srunner_add_suite(runner, glob_suite());
    srunner_add_suite(runner, summary_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
