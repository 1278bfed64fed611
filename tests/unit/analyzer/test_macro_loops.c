/* test_macro_loops.c: loops written by foreach macros build the same model as the same loops
 * written by hand (analyzer/build_expr.c, analyzer/build_stmt.c read operators from the AST),
 * and the do { ... } while (0) of statement macros is not a loop. */
#include "../snippet.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each macro-written function has a hand-written twin named hand_<same>. */
static const char *const code =
    "#include <stddef.h>\n"
    "struct vec { int *items; size_t len; };\n"
    "struct node { int key; struct node *next; };\n"
    "struct list { struct node *head; };\n"
    "struct map { struct node **buckets; size_t nbuckets; };\n"
    "#define VEC_FOREACH(v, i) for ((i) = 0; (i) < (v)->len; (i)++)\n"
    "#define LIST_FOREACH(l, n) for (n = (l)->head; n; n = n->next)\n"
    "#define MAP_FOREACH(m, b, e) for ((b) = 0; (b) < (m)->nbuckets; (b)++) \\\n"
    "    for ((e) = (m)->buckets[b]; (e); (e) = (e)->next)\n"
    "#define VEC_EACH_DECL(v, i) for (size_t i = 0; i < (v)->len; i += 1)\n"
    "long vsum(const struct vec *v) { long s = 0; size_t i;\n"
    "  VEC_FOREACH(v, i) s += v->items[i]; return s; }\n"
    "long hand_vsum(const struct vec *v) { long s = 0; size_t i;\n"
    "  for ((i) = 0; (i) < (v)->len; (i)++) s += v->items[i]; return s; }\n"
    "int lcount(const struct list *l) { int c = 0; struct node *n;\n"
    "  LIST_FOREACH(l, n) c++; return c; }\n"
    "int hand_lcount(const struct list *l) { int c = 0; struct node *n;\n"
    "  for (n = (l)->head; n; n = n->next) c++; return c; }\n"
    "int mcount(const struct map *m) { int c = 0; size_t b; struct node *e;\n"
    "  MAP_FOREACH(m, b, e) c += e->key; return c; }\n"
    "int hand_mcount(const struct map *m) { int c = 0; size_t b; struct node *e;\n"
    "  for ((b) = 0; (b) < (m)->nbuckets; (b)++)\n"
    "    for ((e) = (m)->buckets[b]; (e); (e) = (e)->next) c += e->key; return c; }\n"
    "long dsum(const struct vec *v) { long s = 0; VEC_EACH_DECL(v, i) s += v->items[i];\n"
    "  return s; }\n"
    "long hand_dsum(const struct vec *v) { long s = 0;\n"
    "  for (size_t i = 0; i < (v)->len; i += 1) s += v->items[i]; return s; }\n"
    /* The nested scan: for every element of a, a linear search of b. */
    "int common(const struct vec *a, const struct vec *b) { int c = 0; size_t i, j;\n"
    "  VEC_FOREACH(a, i) { VEC_FOREACH(b, j) { if (a->items[i] == b->items[j]) { c++; break; } "
    "} }\n"
    "  return c; }\n"
    "int hand_common(const struct vec *a, const struct vec *b) { int c = 0; size_t i, j;\n"
    "  for ((i) = 0; (i) < (a)->len; (i)++) { for ((j) = 0; (j) < (b)->len; (j)++) {\n"
    "    if (a->items[i] == b->items[j]) { c++; break; } } }\n"
    "  return c; }\n"
    "int lcommon(const struct list *a, const struct list *b) { int c = 0; struct node *n, *m;\n"
    "  LIST_FOREACH(a, n) LIST_FOREACH(b, m) if (n->key == m->key) c++; return c; }\n"
    "int hand_lcommon(const struct list *a, const struct list *b) { int c = 0;\n"
    "  struct node *n, *m;\n"
    "  for (n = (a)->head; n; n = n->next) for (m = (b)->head; m; m = m->next)\n"
    "    if (n->key == m->key) c++; return c; }\n"
    /* do { ... } while (0): one statement, not a loop */
    "#define SWAP(x, y) do { int t_ = (x); (x) = (y); (y) = t_; } while (0)\n"
    "#define SKIP_UNLESS(c) do { if (!(c)) break; } while (0)\n"
    "void rev(int *a, int n) { for (int i = 0; i < n / 2; i++) SWAP(a[i], a[n - 1 - i]); }\n"
    "void once(int *a) { SWAP(a[0], a[1]); }\n"
    "int count_pos(const int *a, int n) { int c = 0;\n"
    "  for (int i = 0; i < n; i++) { SKIP_UNLESS(a[i] > 0); c += a[i]; } return c; }\n"
    "void rev_rows(int *a, int rows, int cols) { for (int r = 0; r < rows; r++)\n"
    "  for (int i = 0; i < cols / 2; i++) SWAP(a[r * cols + i], a[r * cols + cols - 1 - i]); }\n"
    "int digits(unsigned n) { int d = 0; do { d++; n /= 10; } while (n); return d; }\n"
    /* headers with parts left out */
    "#define UPTO(i, n) for (; (i) < (n); (i)++)\n"
    "#define EACH(n, l) for (n = (l)->head; n; )\n"
    "#define WHILE_LESS(i, n) for (; (i) < (n); )\n"
    "#define BUMP(i) for (; ; (i)++)\n"
    "int upto(int m) { int i = 0, c = 0; UPTO(i, m) c++; return c; }\n"
    "int hand_upto(int m) { int i = 0, c = 0; for (; (i) < (m); (i)++) c++; return c; }\n"
    "int each(const struct list *l) { struct node *n; int c = 0;\n"
    "  EACH(n, l) { c += n->key; n = n->next; } return c; }\n"
    "int hand_each(const struct list *l) { struct node *n; int c = 0;\n"
    "  for (n = (l)->head; n; ) { c += n->key; n = n->next; } return c; }\n"
    "int wless(int m) { int i = 0, c = 0; WHILE_LESS(i, m) { c++; i++; } return c; }\n"
    "int hand_wless(int m) { int i = 0, c = 0; for (; (i) < (m); ) { c++; i++; } return c; }\n"
    "int bump(int m) { int i = 0; BUMP(i) if (i >= m) break; return i; }\n"
    "int hand_bump(int m) { int i = 0; for (; ; (i)++) if (i >= m) break; return i; }\n"
    /* declarations: the initializer comes from the AST, not from an '=' in the text */
    "#define DECL(x, v) int x = (v)\n"
    "int decl_macro(int n) { DECL(k, 7); return k + n; }\n"
    "int vla_decl(int n) { int a[n]; a[0] = n; return a[0]; }\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, NULL, code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

static enum pa_op op_of(const struct pa_expr *e)
{
    return e ? e->op : PA_OP_NONE;
}

static enum pa_expr_kind kind_of(const struct pa_expr *e)
{
    return e ? e->kind : PA_EXPR_OTHER;
}

/* The rule ids of a function's findings, without their lines. */
static void rules_of(const char *findings, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = findings; *p && n + 1 < size; p++) {
        if (*p == '@') {
            while (p[1] && p[1] != ',')
                p++;
            continue;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}

static const struct {
    const char *fn;
    unsigned nloops;
    enum pa_trip_kind trip[2];
    enum pa_trip_reason reason[2];
    enum pa_op cond_op[2]; /* the top operator of each loop's condition */
    enum pa_expr_kind inc_kind[2];
    enum pa_op inc_op[2];
    const char *complexity;
    const char *rules; /* finding rules, in order, without lines */
} cases[] = {
    {"vsum",
     1,
     {PA_TRIP_LINEAR},
     {PA_REASON_FIELD},
     {PA_OP_LT},
     {PA_EXPR_UNARY},
     {PA_OP_POSTINC},
     "O(n)",
     ""},
    {"lcount",
     1,
     {PA_TRIP_LINEAR},
     {PA_REASON_LIST_WALK},
     {PA_OP_NONE},
     {PA_EXPR_ASSIGN},
     {PA_OP_NONE},
     "O(n)",
     ""},
    {"mcount",
     2,
     {PA_TRIP_LINEAR, PA_TRIP_LINEAR},
     {PA_REASON_FIELD, PA_REASON_LIST_WALK},
     {PA_OP_LT, PA_OP_NONE},
     {PA_EXPR_UNARY, PA_EXPR_ASSIGN},
     {PA_OP_POSTINC, PA_OP_NONE},
     "O(n)", /* every entry once: the chain is the bucket's own items */
     ""},
    {"dsum",
     1,
     {PA_TRIP_LINEAR},
     {PA_REASON_FIELD},
     {PA_OP_LT},
     {PA_EXPR_ASSIGN},
     {PA_OP_ADD},
     "O(n)",
     ""},
    {"common",
     2,
     {PA_TRIP_LINEAR, PA_TRIP_LINEAR},
     {PA_REASON_FIELD, PA_REASON_FIELD},
     {PA_OP_LT, PA_OP_LT},
     {PA_EXPR_UNARY, PA_EXPR_UNARY},
     {PA_OP_POSTINC, PA_OP_POSTINC},
     "O(n^2)",
     "parallelizable-loop,linear-scan-in-loop"},
    {"lcommon",
     2,
     {PA_TRIP_LINEAR, PA_TRIP_LINEAR},
     {PA_REASON_LIST_WALK, PA_REASON_LIST_WALK},
     {PA_OP_NONE, PA_OP_NONE},
     {PA_EXPR_ASSIGN, PA_EXPR_ASSIGN},
     {PA_OP_NONE, PA_OP_NONE},
     "O(n^2)",
     "nested-loop"},
};

/* The macro-written loop and its hand-written twin both match the hand-computed model. */
START_TEST(test_macro_loop_model)
{
    char hand[64], rules[2][256];
    const char *names[2] = {cases[_i].fn, hand};
    snprintf(hand, sizeof(hand), "hand_%s", cases[_i].fn);
    for (int w = 0; w < 2; w++) {
        const struct pa_function *f = snippet_function(&snip, names[w]);
        ck_assert_msg(f != NULL, "%s not modelled", names[w]);
        ck_assert_uint_eq(f->nloops, cases[_i].nloops);
        for (unsigned l = 0; l < f->nloops; l++) {
            const struct pa_loop *loop = f->loops[l];
            ck_assert_msg(loop->trip.kind == cases[_i].trip[l], "%s loop %u: trip %d", names[w], l,
                          loop->trip.kind);
            ck_assert_msg(loop->trip.reason == cases[_i].reason[l], "%s loop %u: reason %d",
                          names[w], l, loop->trip.reason);
            ck_assert_msg(op_of(loop->cond) == cases[_i].cond_op[l], "%s loop %u: cond op %d",
                          names[w], l, op_of(loop->cond));
            ck_assert_int_eq(kind_of(loop->inc), cases[_i].inc_kind[l]);
            ck_assert_msg(op_of(loop->inc) == cases[_i].inc_op[l], "%s loop %u: inc op %d",
                          names[w], l, op_of(loop->inc));
            ck_assert_ptr_nonnull(loop->init);
            ck_assert_int_eq(loop->init->kind, PA_EXPR_ASSIGN);
        }
        ck_assert_str_eq(snippet_complexity(&snip, names[w]), cases[_i].complexity);
        rules_of(snippet_findings(&snip, names[w]), rules[w], sizeof(rules[w]));
        ck_assert_str_eq(rules[w], cases[_i].rules);
    }
}
END_TEST

static const struct {
    const char *fn;
    unsigned nloops, depth; /* loops modelled, deepest nesting */
    bool early_exit;        /* the outermost loop has an early exit */
    const char *complexity; /* NULL: not checked here (trip counts are loop_bound.c's) */
    const char *findings;
} once_cases[] = {
    {"rev", 1, 1, false, "O(n)", ""},
    {"once", 0, 0, false, "O(1)", ""},
    {"count_pos", 1, 1, false, "O(n)", ""}, /* the break leaves the do, not the for */
    {"rev_rows", 2, 2, false, "O(n^2)", ""},
    {"digits", 1, 1, false, NULL, ""}, /* a do-while that repeats is still a loop */
};

START_TEST(test_do_while_zero)
{
    const struct pa_function *f = snippet_function(&snip, once_cases[_i].fn);
    ck_assert_msg(f != NULL, "%s not modelled", once_cases[_i].fn);
    ck_assert_uint_eq(f->nloops, once_cases[_i].nloops);
    unsigned depth = 0;
    for (unsigned l = 0; l < f->nloops; l++)
        depth = f->loops[l]->depth > depth ? f->loops[l]->depth : depth;
    ck_assert_uint_eq(depth, once_cases[_i].depth);
    if (f->nloops)
        ck_assert_int_eq(f->loops[0]->has_early_exit, once_cases[_i].early_exit);
    if (once_cases[_i].complexity)
        ck_assert_str_eq(snippet_complexity(&snip, once_cases[_i].fn), once_cases[_i].complexity);
    ck_assert_str_eq(snippet_findings(&snip, once_cases[_i].fn), once_cases[_i].findings);
}
END_TEST

/* A macro-written for that leaves parts of its header out: each part lands where the hand-written
 * loop has it. */
static const struct {
    const char *fn;
    enum pa_expr_kind init, cond, inc; /* PA_EXPR_OTHER: absent */
    enum pa_op cond_op;
    const char *complexity;
} partial_cases[] = {
    {"upto", PA_EXPR_OTHER, PA_EXPR_BINARY, PA_EXPR_UNARY, PA_OP_LT, "O(n)"},
    {"each", PA_EXPR_ASSIGN, PA_EXPR_VAR, PA_EXPR_OTHER, PA_OP_NONE, "O(n)"},
    {"wless", PA_EXPR_OTHER, PA_EXPR_BINARY, PA_EXPR_OTHER, PA_OP_LT, "O(n)"},
    {"bump", PA_EXPR_OTHER, PA_EXPR_OTHER, PA_EXPR_UNARY, PA_OP_NONE, NULL},
};

START_TEST(test_partial_macro_header)
{
    char hand[64];
    snprintf(hand, sizeof(hand), "hand_%s", partial_cases[_i].fn);
    const char *names[2] = {partial_cases[_i].fn, hand};
    for (int w = 0; w < 2; w++) {
        const struct pa_function *f = snippet_function(&snip, names[w]);
        ck_assert_msg(f != NULL && f->nloops == 1, "%s: one loop", names[w]);
        const struct pa_loop *l = f->loops[0];
        ck_assert_msg(kind_of(l->init) == partial_cases[_i].init, "%s: init %d", names[w],
                      kind_of(l->init));
        ck_assert_msg(kind_of(l->cond) == partial_cases[_i].cond, "%s: cond %d", names[w],
                      kind_of(l->cond));
        ck_assert_msg(kind_of(l->inc) == partial_cases[_i].inc, "%s: inc %d", names[w],
                      kind_of(l->inc));
        ck_assert_int_eq(op_of(l->cond), partial_cases[_i].cond_op);
        if (partial_cases[_i].complexity)
            ck_assert_str_eq(snippet_complexity(&snip, names[w]), partial_cases[_i].complexity);
    }
}
END_TEST

static int var_named(const struct pa_function *f, const char *name)
{
    for (unsigned i = 0; i < f->nvars; i++)
        if (strcmp(f->vars[i].name, name) == 0)
            return (int)i;
    return -1;
}

START_TEST(test_declaration_initializers)
{
    const struct pa_function *f = snippet_function(&snip, "decl_macro");
    int k = var_named(f, "k");
    ck_assert_int_ge(k, 0);
    ck_assert_uint_eq(f->vars[k].ndefs, 1);
    const struct pa_expr *def = f->vars[k].defs[0];
    ck_assert_int_eq(def->kind, PA_EXPR_ASSIGN);
    ck_assert_int_eq(kind_of(def->kids[1]), PA_EXPR_INT);
    ck_assert_int_eq(def->kids[1]->value, 7);

    f = snippet_function(&snip, "vla_decl");
    int a = var_named(f, "a");
    ck_assert_int_ge(a, 0);
    ck_assert_uint_eq(f->vars[a].ndefs, 0); /* n is the bound, not a value */
}
END_TEST

Suite *macro_loops_suite(void);

Suite *macro_loops_suite(void)
{
    Suite *s = suite_create("macro_loops");
    TCase *tc = tcase_create("foreach");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_macro_loop_model, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_loop_test(tc, test_partial_macro_header, 0,
                        sizeof(partial_cases) / sizeof(partial_cases[0]));
    tcase_add_test(tc, test_declaration_initializers);
    tcase_add_loop_test(tc, test_do_while_zero, 0, sizeof(once_cases) / sizeof(once_cases[0]));
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
