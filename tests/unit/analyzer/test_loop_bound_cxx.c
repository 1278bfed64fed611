/* test_loop_bound_cxx.c: trip counts of C++ loops over standard containers
 * (analyzer/loop_bound_cxx.c): range-for and iterator loops, each against the class and the
 * bound worked out by hand, and look-alikes the file must leave to the general classifier. */
#include "../snippet.h"
#include "loop_bound_cxx.h"

#include <check.h>
#include <string.h>

static const char *const code =
    "#include <list>\n"
    "#include <map>\n"
    "#include <set>\n"
    "#include <string>\n"
    "#include <vector>\n"
    "struct H {\n"
    "  std::vector<int> items;\n"
    "  int range_member() const { int s = 0; for (int x : items) s += x; return s; }\n"
    "  int iter_member() const { int s = 0;\n"
    "    for (auto it = items.begin(); it != items.end(); ++it) s += *it; return s; }\n"
    "};\n"
    "int range_param(const std::vector<int> &v) { int s = 0; for (int x : v) s += x; return s; }\n"
    "int range_set(const std::set<int> &m) { int s = 0; for (const auto &x : m) s += x;\n"
    "  return s; }\n"
    "int range_array() { int s = 0; int a[4] = {1, 2, 3, 4}; for (int x : a) s += x; return s; }\n"
    "int range_list() { int s = 0; for (int x : {1, 2, 3}) s += x; return s; }\n"
    "int iter_vec(const std::vector<int> &v) { int s = 0;\n"
    "  for (auto it = v.begin(); it != v.end(); ++it) s += *it; return s; }\n"
    "int iter_map(const std::map<int, int> &m) { int s = 0;\n"
    "  for (auto it = m.begin(); it != m.end(); it++) s += it->second; return s; }\n"
    "int iter_while(const std::list<int> &l) { int s = 0; auto it = l.begin(), end = l.end();\n"
    "  while (it != end) { s += *it; ++it; } return s; }\n"
    "int iter_const(const std::vector<int> &v) { int s = 0;\n"
    "  for (std::vector<int>::const_iterator it = v.cbegin(); it != v.cend(); ++it) s += *it;\n"
    "  return s; }\n"
    "void iter_erase(std::map<int, int> &m) {\n"
    "  for (auto it = m.begin(); it != m.end();) { if (it->second) it = m.erase(it); else ++it; }\n"
    "}\n"
    "struct P { std::vector<int> items; };\n"
    "int iter_field(const P *p) { int s = 0;\n"
    "  for (auto it = p->items.begin(); it != p->items.end(); ++it) s += *it; return s; }\n"
    /* look-alikes: not a walk from begin to end, or the iterator moves some other way */
    "int from_find(const std::map<int, int> &m, int k) { int s = 0;\n"
    "  for (auto it = m.find(k); it != m.end(); ++it) s += it->second; return s; }\n"
    "int restarts(const std::vector<int> &v) { int s = 0;\n"
    "  for (auto it = v.begin(); it != v.end(); ++it) { s += *it; if (s > 9) it = v.begin(); }\n"
    "  return s; }\n"
    "int no_step(const std::vector<int> &v) { int s = 0; auto it = v.begin();\n"
    "  while (it != v.end()) s++; return s; }\n"
    "int two(const std::vector<int> &v, const std::vector<int> &w) { int s = 0;\n"
    "  for (auto it = v.begin(); it != w.end(); ++it) s += *it; return s; }\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, "snippet.cpp", code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

static const struct {
    const char *fn;
    bool classified; /* false: left to loop_bound.c */
    enum pa_trip_kind kind;
    int bound_param;
    const char *bound; /* the name of the container expression (a variable or a member) */
} cases[] = {
    {"H::range_member", true, PA_TRIP_LINEAR, -1, "items"},
    {"H::iter_member", true, PA_TRIP_LINEAR, -1, "items"},
    {"range_param", true, PA_TRIP_LINEAR, 0, "v"},
    {"range_set", true, PA_TRIP_LINEAR, 0, "m"},
    {"range_array", true, PA_TRIP_CONSTANT, -1, NULL},
    {"range_list", true, PA_TRIP_CONSTANT, -1, NULL},
    {"iter_vec", true, PA_TRIP_LINEAR, 0, "v"},
    {"iter_map", true, PA_TRIP_LINEAR, 0, "m"},
    {"iter_while", true, PA_TRIP_LINEAR, 0, "l"},
    {"iter_const", true, PA_TRIP_LINEAR, 0, "v"},
    {"iter_erase", true, PA_TRIP_LINEAR, 0, "m"},
    {"iter_field", true, PA_TRIP_LINEAR, 0, "items"},
    {"from_find", false, PA_TRIP_UNKNOWN, -1, NULL},
    {"restarts", false, PA_TRIP_UNKNOWN, -1, NULL},
    {"no_step", false, PA_TRIP_UNKNOWN, -1, NULL},
    {"two", false, PA_TRIP_UNKNOWN, -1, NULL},
};

START_TEST(test_container_loop)
{
    const struct pa_function *fn = snippet_function(&snip, cases[_i].fn);
    ck_assert_msg(fn != NULL, "%s not modelled", cases[_i].fn);
    ck_assert_uint_eq(fn->nloops, 1);
    const struct pa_loop *loop = fn->loops[0];
    struct pa_trip t = {PA_TRIP_UNKNOWN, PA_REASON_NONE, -1, -1, NULL};
    bool classified = pa_classify_cxx_loop(fn, loop, &t);
    ck_assert_msg(classified == cases[_i].classified, "%s: classified %d", cases[_i].fn,
                  classified);
    if (!classified)
        return;
    ck_assert_int_eq(t.kind, cases[_i].kind);
    ck_assert_int_eq(t.reason,
                     cases[_i].kind == PA_TRIP_LINEAR ? PA_REASON_RANGE : PA_REASON_CONSTANT_BOUND);
    ck_assert_int_eq(t.bound_param, cases[_i].bound_param);
    if (cases[_i].bound) {
        ck_assert_ptr_nonnull(t.bound);
        ck_assert_str_eq(t.bound->name, cases[_i].bound);
    }
    /* and the model's loop carries it */
    ck_assert_int_eq(loop->trip.kind, t.kind);
    ck_assert_int_eq(loop->trip.bound_param, t.bound_param);
}
END_TEST

Suite *loop_bound_cxx_suite(void);

Suite *loop_bound_cxx_suite(void)
{
    Suite *s = suite_create("loop_bound_cxx");
    TCase *tc = tcase_create("containers");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_container_loop, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
