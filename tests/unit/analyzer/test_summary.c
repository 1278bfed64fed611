/* test_summary.c: function summaries (analyzer/summary*.c): effects carried through wrappers,
 * recursive components, fields and globals, the catalogue's summaries, and growth per call. */
#include "../snippet.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/summary.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const char *const code =
    "#include <stdlib.h>\n"
    "#include <string.h>\n"
    "#include <unistd.h>\n"
    "struct vec { int *items; size_t len, cap; };\n"
    /* 5 */ "static void move_up(int *a, size_t pos, size_t len) {\n"
    "  memmove(a + pos + 1, a + pos, (len - pos) * sizeof *a);\n"
    "}\n"
    "static void open_gap(struct vec *v, size_t pos) { move_up(v->items, pos, v->len); }\n"
    "void vec_insert(struct vec *v, size_t pos, int x) {\n"
    /* 10 */ "  open_gap(v, pos);\n"
    "  v->items[pos] = x;\n"
    "  v->len++;\n"
    "}\n"
    "void vec_push_front(struct vec *v, int x) { vec_insert(v, 0, x); }\n"
    /* 15 */ "void push_slow(struct vec *v, int x) {\n"
    "  v->items = realloc(v->items, (v->len + 1) * sizeof *v->items);\n"
    "  v->items[v->len++] = x;\n"
    "}\n"
    "void push_fast(struct vec *v, int x) {\n"
    /* 20 */ "  if (v->len == v->cap) {\n"
    "    v->cap = v->cap ? v->cap * 2 : 16;\n"
    "    v->items = realloc(v->items, v->cap * sizeof *v->items);\n"
    "  }\n"
    "  v->items[v->len++] = x;\n"
    /* 25 */ "}\n"
    "int even_fill(struct vec *v, int n);\n"
    "int odd_fill(struct vec *v, int n) { if (n <= 0) return 0; push_slow(v, n);\n"
    "  return even_fill(v, n - 1); }\n"
    "int even_fill(struct vec *v, int n) { if (n <= 0) return 0; return odd_fill(v, n - 1); }\n"
    /* 30 */ "struct vec journal;\n"
    "void log_value(int x) { push_slow(&journal, x); }\n"
    "static void put_byte(int fd, char c) { write(fd, &c, 1); }\n"
    "void put_line(int fd, const char *s) { while (*s) put_byte(fd, *s++); put_byte(fd, '\\n'); }\n"
    "char *concat(const char *a, const char *b) {\n"
    /* 35 */ "  char *r = malloc(strlen(a) + strlen(b) + 1);\n"
    "  if (!r) return NULL;\n"
    "  strcpy(r, a);\n"
    "  strcat(r, b);\n"
    "  return r;\n"
    /* 40 */ "}\n"
    "void release(struct vec *v) { free(v->items); free(v); }\n"
    "void guarded_insert(struct vec *v, size_t pos, int x) {\n"
    "  if (pos < v->len) move_up(v->items, pos, v->len);\n"
    "  v->items[pos] = x;\n"
    "  v->len++;\n"
    "}\n"
    "struct table { int *slots; size_t size; };\n"
    "void wrap_probe(struct table *t, size_t end, int full) {\n"
    "  if (full) memmove(t->slots + 1, t->slots, end * sizeof *t->slots);\n"
    "}\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, "vec.c", code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

static const struct pa_summary *summary(const char *name)
{
    const struct pa_function *fn = snippet_function(&snip, name);
    ck_assert_msg(fn != NULL, "no function %s", name);
    return pa_function_summary(fn);
}

static bool has(const struct pa_summary *s, int param, enum pa_effect e)
{
    return (s->params[param].mask & PA_EFFECT_BIT(e)) != 0;
}

START_TEST(test_wrapper_of_wrapper_of_memmove)
{
    ck_assert_int_eq(snip.analysis.program.nerrors, 0);
    const struct pa_summary *s = summary("vec_insert");
    ck_assert(has(s, 0, PA_EFFECT_SHIFTS_TAIL));
    ck_assert_int_eq(s->params[0].shift_at, PA_POS_PARAM);
    ck_assert_int_eq(s->params[0].shift_param, 1);
    ck_assert(!has(s, 1, PA_EFFECT_SHIFTS_TAIL));
    char chain[256];
    pa_witness_chain(s, 0, PA_EFFECT_SHIFTS_TAIL, chain, sizeof(chain));
    ck_assert_str_eq(chain, "vec_insert() -> open_gap() at vec.c:10 -> move_up() at vec.c:8 -> "
                            "memmove() at vec.c:6");
    /* the constant 0 passed down makes the shift start at the front */
    s = summary("vec_push_front");
    ck_assert(has(s, 0, PA_EFFECT_SHIFTS_TAIL));
    ck_assert_int_eq(s->params[0].shift_at, PA_POS_START);
}
END_TEST

/* A shift under if (pos < len) is the insert's; one under any other condition is not. */
START_TEST(test_conditional_shift)
{
    const struct pa_summary *s = summary("guarded_insert");
    ck_assert(has(s, 0, PA_EFFECT_SHIFTS_TAIL));
    ck_assert_int_eq(s->params[0].shift_param, 1);
    ck_assert(!has(summary("wrap_probe"), 0, PA_EFFECT_SHIFTS_TAIL));
    ck_assert(has(summary("wrap_probe"), 0, PA_EFFECT_STORES));
}
END_TEST

START_TEST(test_growth_per_call)
{
    ck_assert(has(summary("push_slow"), 0, PA_EFFECT_GROWS_CONST));
    ck_assert(has(summary("push_slow"), 0, PA_EFFECT_RESIZES));
    /* doubling the capacity is geometric: not a constant step */
    ck_assert(!has(summary("push_fast"), 0, PA_EFFECT_GROWS_CONST));
    ck_assert(has(summary("push_fast"), 0, PA_EFFECT_RESIZES));
}
END_TEST

START_TEST(test_recursive_component)
{
    const struct pa_summary *odd = summary("odd_fill"), *even = summary("even_fill");
    /* even_fill reaches push_slow only through odd_fill, which calls it back */
    ck_assert(has(even, 0, PA_EFFECT_GROWS_CONST));
    ck_assert(has(odd, 0, PA_EFFECT_GROWS_CONST));
    ck_assert(!has(even, 1, PA_EFFECT_STORES));
    ck_assert_uint_ge(even->passes, 2);
    ck_assert_uint_eq(even->passes, odd->passes);
    ck_assert_uint_eq(summary("push_slow")->passes, 1);
}
END_TEST

START_TEST(test_fields_and_globals)
{
    /* v->items passed on is an effect on v */
    ck_assert(has(summary("open_gap"), 0, PA_EFFECT_SHIFTS_TAIL));
    /* &journal is the global journal */
    const struct pa_summary *s = summary("log_value");
    ck_assert_uint_eq(s->nglobals, 1);
    ck_assert_str_eq(s->globals[0].name, "journal");
    ck_assert(s->globals[0].fx.mask & PA_EFFECT_BIT(PA_EFFECT_GROWS_CONST));
    ck_assert(!s->pure);
    /* free(v) frees v; free(v->items) only changes what v holds */
    s = summary("release");
    ck_assert(has(s, 0, PA_EFFECT_FREES));
    ck_assert(has(s, 0, PA_EFFECT_STORES));
}
END_TEST

START_TEST(test_io_and_return)
{
    const struct pa_summary *s = summary("put_byte");
    ck_assert(s->io[PA_IO_TRANSFER].per_call);
    ck_assert_int_eq(s->io[PA_IO_TRANSFER].bytes, 1);
    ck_assert_int_eq(s->io[PA_IO_TRANSFER].stream_param, 0);
    /* put_line's loop may not run, but the final put_byte does, once per call */
    s = summary("put_line");
    ck_assert(s->io[PA_IO_TRANSFER].per_call);
    ck_assert_int_eq(s->io[PA_IO_TRANSFER].stream_param, 0);
    s = summary("concat");
    ck_assert_int_eq(s->ret, PA_RETURN_EXTENDS);
    ck_assert_uint_eq(s->ret_params, 3u);
    ck_assert(has(s, 0, PA_EFFECT_READS));
}
END_TEST

/* The catalogue's summaries have the project's form. */
START_TEST(test_catalogue_form)
{
    const struct pa_function *fn = snippet_function(&snip, "move_up");
    const struct pa_summary *memmove_s = pa_call_summary(&snip.analysis.program, &fn->calls[0]);
    ck_assert_ptr_nonnull(memmove_s);
    ck_assert_ptr_null(memmove_s->fn);
    ck_assert_str_eq(memmove_s->name, "memmove");
    ck_assert(has(memmove_s, 0, PA_EFFECT_STORES));
    ck_assert(has(memmove_s, 1, PA_EFFECT_READS));
    ck_assert_int_eq(memmove_s->move[0], 0);
    ck_assert_int_eq(memmove_s->move[2], 2);
    fn = snippet_function(&snip, "push_slow");
    const struct pa_summary *realloc_s = pa_call_summary(&snip.analysis.program, &fn->calls[0]);
    ck_assert_str_eq(realloc_s->name, "realloc");
    ck_assert(has(realloc_s, 0, PA_EFFECT_RESIZES));
    ck_assert_int_eq(realloc_s->params[0].size_param, 1);
    fn = snippet_function(&snip, "put_byte");
    const struct pa_summary *write_s = pa_call_summary(&snip.analysis.program, &fn->calls[0]);
    ck_assert(write_s->io[PA_IO_TRANSFER].per_call);
    ck_assert_int_eq(write_s->io[PA_IO_TRANSFER].size_param, 2);
    fn = snippet_function(&snip, "concat");
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_summary *cs = pa_call_summary(&snip.analysis.program, &fn->calls[i]);
        if (strcmp(cs->name, "strcat") == 0)
            ck_assert(has(cs, 0, PA_EFFECT_APPENDS_STRING));
        if (strcmp(cs->name, "strlen") == 0)
            ck_assert(cs->pure && has(cs, 0, PA_EFFECT_READS) && !has(cs, 0, PA_EFFECT_SEARCHES));
        if (strcmp(cs->name, "malloc") == 0)
            ck_assert_int_eq(cs->ret, PA_RETURN_FRESH);
    }
}
END_TEST

/* A loop that runs only while two sequences match walks neither; a loop of the function's
 * own witnesses a walk; calls and loops followed by return repeat in no loop. */
START_TEST(test_compare_and_exit_paths)
{
    struct snippet sn;
    snippet_analyse(&sn, "cmp.c",
                    "#include <stddef.h>\n"
                    "int run(const char *a, const char *b, const char *end) {\n"
                    "  const char *p = a;\n"
                    "  while (p < end && *p == *b) { p++; b++; }\n"
                    "  return (int)(p - a);\n"
                    "}\n"
                    "int count(const int *v, int n, int k) {\n"
                    "  int c = 0;\n"
                    "  for (int i = 0; i < n; i++) c += v[i] == k;\n"
                    "  return c;\n"
                    "}\n"
                    "int scan_rows(const int *v, int n, int m) {\n"
                    "  for (int i = 0; i < n; i++)\n"
                    "    for (int j = 0; j < m; j++)\n"
                    "      if (v[i * m + j] < 0) { count(v, n, j); return i; }\n"
                    "  return -1;\n"
                    "}\n");
    const struct pa_function *fn = snippet_function(&sn, "run");
    ck_assert_ptr_nonnull(fn);
    const struct pa_summary *s = pa_function_summary(fn);
    for (int p = 0; p < 2; p++)
        ck_assert(!(s->params[p].mask &
                    (PA_EFFECT_BIT(PA_EFFECT_READS) | PA_EFFECT_BIT(PA_EFFECT_SEARCHES))));
    s = pa_function_summary(snippet_function(&sn, "count"));
    ck_assert(s->params[0].mask & PA_EFFECT_BIT(PA_EFFECT_READS));
    ck_assert_uint_eq(s->params[0].why[PA_EFFECT_READS].line, 9);
    fn = snippet_function(&sn, "scan_rows");
    ck_assert_ptr_nonnull(fn);
    ck_assert_uint_eq(fn->ncalls, 1);
    ck_assert(fn->calls[0].leaves_loop && fn->calls[0].leaves_function);
    ck_assert(!pa_site_repeats(&sn.analysis.program, &fn->calls[0]));
    snippet_free(&sn);
}
END_TEST

Suite *summary_suite(void);

Suite *summary_suite(void)
{
    Suite *s = suite_create("summary");
    TCase *tc = tcase_create("summaries");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_wrapper_of_wrapper_of_memmove);
    tcase_add_test(tc, test_conditional_shift);
    tcase_add_test(tc, test_growth_per_call);
    tcase_add_test(tc, test_recursive_component);
    tcase_add_test(tc, test_fields_and_globals);
    tcase_add_test(tc, test_io_and_return);
    tcase_add_test(tc, test_catalogue_form);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    TCase *shapes = tcase_create("walks and exits");
    tcase_add_test(shapes, test_compare_and_exit_paths);
    tcase_set_timeout(shapes, 60);
    suite_add_tcase(s, shapes);
    return s;
}
