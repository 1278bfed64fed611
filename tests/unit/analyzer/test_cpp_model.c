/* test_cpp_model.c: C++ in the function model: member calls keep their object (receiver) and
 * range-for loops their range (analyzer/build_expr.c, analyzer/build_stmt.c). */
#include "../snippet.h"

#include <check.h>
#include <string.h>

static const char *const code =
    "struct vec {\n"
    "  int *d; unsigned n;\n"
    "  unsigned size() const { return n; }\n"
    "  int at(unsigned i) const { return d[i]; }\n"
    "  int *begin() const { return d; }\n"
    "  int *end() const { return d + n; }\n"
    "  int operator[](unsigned i) const { return d[i]; }\n"
    "  static int zero() { return 0; }\n"
    "};\n"
    "int sum(const vec &v) { int s = 0; for (unsigned i = 0; i < v.size(); i++) s += v.at(i);\n"
    "  return s; }\n"
    "int psum(const vec *p) { int s = 0; for (unsigned i = 0; i < p->size(); i++) s += p->at(i);\n"
    "  return s; }\n"
    "int rsum(const vec &v) { int s = 0; for (int x : v) s += x; return s; }\n"
    "int chain(const vec *const *pp) { return pp[0]->size() + vec::zero(); }\n"
    "int index(const vec &v) { return v[1]; }\n"
    "struct holder {\n"
    "  vec v;\n"
    "  int total() const { int s = 0; for (int x : v) s += x; return s + count(); }\n"
    "  int count() const { return (int)v.size(); }\n"
    "};\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, "snippet.cpp", code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

/* The first call to callee in fn. */
static const struct pa_expr *call_of(const char *fn_name, const char *callee)
{
    const struct pa_function *fn = snippet_function(&snip, fn_name);
    ck_assert_msg(fn != NULL, "%s not modelled", fn_name);
    for (unsigned i = 0; i < fn->ncalls; i++)
        if (fn->calls[i].call->name && strcmp(fn->calls[i].call->name, callee) == 0)
            return fn->calls[i].call;
    ck_abort_msg("%s: no call to %s", fn_name, callee);
    return NULL;
}

static const struct {
    const char *fn, *callee;
    enum pa_expr_kind receiver; /* PA_EXPR_OTHER: no receiver */
    const char *receiver_name;  /* the variable or member named, if any */
    bool arrow;
    unsigned nargs;
} calls[] = {
    {"sum", "size", PA_EXPR_VAR, "v", false, 0},
    {"sum", "at", PA_EXPR_VAR, "v", false, 1},
    {"psum", "size", PA_EXPR_VAR, "p", true, 0},
    {"psum", "at", PA_EXPR_VAR, "p", true, 1},
    {"chain", "size", PA_EXPR_SUBSCRIPT, NULL, true, 0},
    {"chain", "zero", PA_EXPR_OTHER, NULL, false, 0},          /* static member */
    {"index", "operator[]", PA_EXPR_OTHER, NULL, false, 2},    /* object is argument 0 */
    {"holder::total", "count", PA_EXPR_OTHER, NULL, false, 0}, /* implicit this */
    {"holder::count", "size", PA_EXPR_MEMBER, "v", false, 0},
};

START_TEST(test_member_call_receiver)
{
    const struct pa_expr *call = call_of(calls[_i].fn, calls[_i].callee);
    ck_assert_uint_eq(call->nkids, calls[_i].nargs);
    if (calls[_i].receiver == PA_EXPR_OTHER) {
        ck_assert_ptr_null(call->receiver);
        return;
    }
    ck_assert_ptr_nonnull(call->receiver);
    ck_assert_int_eq(call->receiver->kind, calls[_i].receiver);
    if (calls[_i].receiver_name)
        ck_assert_str_eq(call->receiver->name, calls[_i].receiver_name);
    ck_assert_int_eq(call->arrow, calls[_i].arrow);
    if (calls[_i].nargs)
        ck_assert_int_eq(call->kids[0]->kind, PA_EXPR_VAR); /* the argument i, not the object */
}
END_TEST

/* A range-for's cond is the range it walks: a parameter, or a member of this. */
START_TEST(test_range_for_range)
{
    const struct pa_function *fn = snippet_function(&snip, "rsum");
    ck_assert_uint_eq(fn->nloops, 1);
    const struct pa_loop *l = fn->loops[0];
    ck_assert_int_eq(l->kind, PA_LOOP_RANGE_FOR);
    ck_assert_ptr_nonnull(l->cond);
    ck_assert_int_eq(l->cond->kind, PA_EXPR_VAR);
    ck_assert_str_eq(l->cond->name, "v");
    ck_assert_int_eq(fn->vars[l->cond->var].kind, PA_VAR_PARAM);

    fn = snippet_function(&snip, "holder::total");
    ck_assert_uint_eq(fn->nloops, 1);
    l = fn->loops[0];
    ck_assert_int_eq(l->kind, PA_LOOP_RANGE_FOR);
    ck_assert_ptr_nonnull(l->cond);
    ck_assert_int_eq(l->cond->kind, PA_EXPR_MEMBER);
    ck_assert_str_eq(l->cond->name, "v");
    ck_assert_ptr_null(l->cond->kids[0]); /* this->v */
}
END_TEST

/* What member calls do to their object, as the model's writes (analyzer/build_expr.c):
 * s = t assigns s, a non-const member stores into its object, v[i] = x stores into v; a
 * const member and the standard library's pure ones (begin() of a non-const vector) do not.
 * A range-for's variable is declared and assigned in its loop. */
static const char *const writes_code =
    "#include <string>\n"
    "#include <vector>\n"
    "struct counter { int n; int get() const { return n; } void bump() { n++; } };\n"
    "int assign(std::string &s, const std::string &t) { s = t; return (int)s.size(); }\n"
    "void push(std::vector<int> &v) { v.push_back(1); }\n"
    "int look(std::vector<int> &v) { return (int)v.size() + *v.begin() + v[0]; }\n"
    "void store(std::vector<int> &v) { v[0] = 1; }\n"
    "int get(counter &c) { return c.get(); }\n"
    "void bump(counter &c) { c.bump(); }\n"
    "int each(const std::vector<int> &v) { int s = 0; for (int x : v) s += x; return s; }\n";

static int var_named(const struct pa_function *fn, const char *name)
{
    for (unsigned v = 0; v < fn->nvars; v++)
        if (fn->vars[v].name && strcmp(fn->vars[v].name, name) == 0)
            return (int)v;
    ck_abort_msg("%s: no variable %s", fn->name, name);
    return -1;
}

/* The kinds of write fn makes to var: bit PA_WRITE_VALUE, bit PA_WRITE_CONTENTS. */
static unsigned writes_to(const struct pa_function *fn, int var)
{
    unsigned kinds = 0;
    for (unsigned i = 0; i < fn->nwrites; i++)
        if (fn->writes[i].var == var)
            kinds |= 1u << fn->writes[i].kind;
    return kinds;
}

static const struct {
    const char *fn, *var;
    unsigned kinds;
} member_writes[] = {
    {"assign", "s", 1u << PA_WRITE_VALUE},   {"assign", "t", 0},
    {"push", "v", 1u << PA_WRITE_CONTENTS},  {"look", "v", 0},
    {"store", "v", 1u << PA_WRITE_CONTENTS}, {"get", "c", 0},
    {"bump", "c", 1u << PA_WRITE_CONTENTS},
};

START_TEST(test_member_call_writes)
{
    struct snippet s;
    snippet_analyse(&s, "snippet.cpp", writes_code);
    for (size_t i = 0; i < sizeof(member_writes) / sizeof(member_writes[0]); i++) {
        const struct pa_function *fn = snippet_function(&s, member_writes[i].fn);
        ck_assert_ptr_nonnull(fn);
        int v = var_named(fn, member_writes[i].var);
        ck_assert_msg(writes_to(fn, v) == member_writes[i].kinds, "%s: %s: writes %x, want %x",
                      member_writes[i].fn, member_writes[i].var, writes_to(fn, v),
                      member_writes[i].kinds);
    }
    /* s = t is read as an assignment of t to s */
    const struct pa_function *fn = snippet_function(&s, "assign");
    const struct pa_var *sv = &fn->vars[var_named(fn, "s")];
    ck_assert_uint_eq(sv->ndefs, 1);
    ck_assert_int_eq(sv->defs[0]->kind, PA_EXPR_ASSIGN);
    /* the range-for's x: declared in the loop, assigned there */
    fn = snippet_function(&s, "each");
    const struct pa_var *x = &fn->vars[var_named(fn, "x")];
    ck_assert_ptr_eq(x->decl_loop, fn->loops[0]);
    ck_assert_uint_eq(x->ndefs, 1);
    ck_assert_ptr_eq(x->def_loops[0], fn->loops[0]);
    /* s, declared outside the loop */
    ck_assert_ptr_null(fn->vars[var_named(fn, "s")].decl_loop);
    snippet_free(&s);
}
END_TEST

Suite *cpp_model_suite(void);

Suite *cpp_model_suite(void)
{
    Suite *s = suite_create("cpp_model");
    TCase *tc = tcase_create("members");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_member_call_receiver, 0, sizeof(calls) / sizeof(calls[0]));
    tcase_add_test(tc, test_range_for_range);
    tcase_add_test(tc, test_member_call_writes);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
