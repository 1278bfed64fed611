/* test_cxx_catalog.c: the C++ standard library catalogue (analyzer/cxx_catalog.c), its
 * summaries (analyzer/summary_cxx.c), and the object of a member call as a subject of effects
 * (analyzer/summary_receiver.c), on C++ snippets with hand-written expectations. */
#include "../snippet.h"
#include "cxx_catalog.h"
#include "perfaudit/query.h"
#include "perfaudit/summary.h"

#include <check.h>
#include <string.h>

/* USRs as clang 19 spells them for libstdc++ (and libc++'s std::__1), by hand. */
static const struct {
    const char *usr;
    const char *entry; /* NULL: not catalogued */
    unsigned flags;    /* a flag the entry must have, 0 for none */
    enum pa_cxx_cost cost;
} usrs[] = {
    {"c:@N@std@S@vector>#I#$@N@std@S@allocator>#I@F@insert#$@N@__gnu_cxx@S@__normal_iterator>"
     "#*1I#$@N@std@S@vector>#I#S0_#&&I#",
     "insert", PA_CXX_SHIFTS_AT, PA_CXX_ON},
    {"c:@N@std@ST>2#T#T@vector@F@erase#$@N@__gnu_cxx@S@__normal_iterator>#*1t0.0#S0_#", "erase",
     PA_CXX_SHIFTS_AT, PA_CXX_ON},
    {"c:@N@std@S@vector>#I#$@N@std@S@allocator>#I@F@push_back#&&I#", "push_back", PA_CXX_STORES,
     PA_CXX_O1},
    {"c:@N@std@F@sort<#$@N@__gnu_cxx@S@__normal_iterator>#*I#$@N@std@S@vector>#I#$@N@std@S@"
     "allocator>#I>#S0_#S0_#",
     "sort", PA_CXX_SORTS, PA_CXX_ONLOGN},
    {"c:@N@std@N@__cxx11@S@list>#I#$@N@std@S@allocator>#I@F@sort#", "sort", PA_CXX_SORTS,
     PA_CXX_ONLOGN},
    {"c:@N@std@S@map>#I#I#$@N@std@S@less>#I#$@N@std@S@allocator>#$@N@std@S@pair>#1I#I@F@find#&1I#",
     "find", PA_CXX_PURE, PA_CXX_OLOG},
    {"c:@N@std@S@unordered_map>#I#I@F@find#&1I#", "find", PA_CXX_PURE, PA_CXX_O1},
    {"c:@N@std@N@__cxx11@S@basic_string>#C#$@N@std@S@char_traits>#C#$@N@std@S@allocator>#C@F@"
     "find#C#l#1",
     "find", PA_CXX_SEARCHES, PA_CXX_ON},
    {"c:@N@std@N@__1@S@basic_string>#C@F@operator+=#*1C#", "operator+=", PA_CXX_APPENDS, PA_CXX_O1},
    {"c:@N@std@F@operator+<#C#$@N@std@S@char_traits>#C#$@N@std@S@allocator>#C>#&1$@N@std@N@__"
     "cxx11@S@basic_string>#C#S0_#S1_#*1C#",
     "operator+", PA_CXX_CONCAT, PA_CXX_ON},
    {"c:@N@std@S@vector>#I#$@N@std@S@allocator>#I@F@operator[]#l#", "operator[]", PA_CXX_PURE,
     PA_CXX_O1},
    {"c:@N@std@F@accumulate<#*I#I>#S0_#S0_#I#", "accumulate", PA_CXX_READS, PA_CXX_ON},
    /* not catalogued: std::complex's operator+, std::chrono, the project's own vector::insert,
     * a C function, an iterator's constructor outside std */
    {"c:@N@std@F@operator+<#T>#&1$@N@std@S@complex>#t0.0#S0_#", NULL, 0, PA_CXX_O1},
    {"c:@N@std@N@chrono@F@floor<#T#T#T>#&1$@N@std@N@chrono@S@duration>#t0.1#t0.2#", NULL, 0,
     PA_CXX_O1},
    {"c:@N@app@S@vector@F@insert#I#I#", NULL, 0, PA_CXX_O1},
    {"c:@F@strlen", NULL, 0, PA_CXX_O1},
    {"c:@N@__gnu_cxx@S@__normal_iterator>#*I#$@N@std@S@vector>#I#$@N@std@S@allocator>#I@F@__"
     "normal_iterator#",
     NULL, 0, PA_CXX_O1},
};

START_TEST(test_usr_lookup)
{
    const struct pa_cxx_fn *f = pa_cxx_lookup(usrs[_i].usr);
    if (!usrs[_i].entry) {
        ck_assert_msg(f == NULL, "%s: catalogued as %s", usrs[_i].usr, f ? f->name : "");
        return;
    }
    ck_assert_msg(f != NULL, "%s: not found", usrs[_i].usr);
    ck_assert_str_eq(f->name, usrs[_i].entry);
    ck_assert_msg((f->flags & usrs[_i].flags) == usrs[_i].flags, "%s: flags %x", f->name, f->flags);
    ck_assert_int_eq(f->cost, usrs[_i].cost);
}
END_TEST

START_TEST(test_usr_shapes)
{
    ck_assert(pa_cxx_usr_is_std("c:@N@std@N@chrono@F@floor<#T>#"));
    ck_assert(!pa_cxx_usr_is_std("c:@N@app@N@std@F@f#"));
    ck_assert(!pa_cxx_usr_is_std("c:@F@strlen"));
    ck_assert(pa_cxx_usr_is_method("c:@S@Q@F@push_front#I#"));
    ck_assert(pa_cxx_usr_is_method("c:@N@std@ST>2#T#T@vector@F@size#1"));
    ck_assert(!pa_cxx_usr_is_method("c:@N@std@F@sort<#*I>#S0_#S0_#"));
    ck_assert(!pa_cxx_usr_is_method("c:snippet.cpp@F@helper#I#"));
    ck_assert(pa_cxx_usr_is_constructor("c:@S@Q@F@Q#I#"));
    ck_assert(!pa_cxx_usr_is_constructor("c:@S@Q@F@Qx#I#"));
}
END_TEST

static const char *const code =
    "#include <algorithm>\n"
    "#include <list>\n"
    "#include <map>\n"
    "#include <numeric>\n"
    /* 5 */ "#include <string>\n"
    "#include <unordered_map>\n"
    "#include <vector>\n"
    "void front(std::vector<int> &v, int x) { v.insert(v.begin(), x); }\n"
    "void back(std::vector<int> &v, int x) { v.insert(v.end(), x); }\n"
    /* 10 */ "void middle(std::vector<int> &v) { v.erase(v.begin() + 3); }\n"
    "void at_size(std::string &s) { s.insert(s.size(), \"x\"); }\n"
    "void at_zero(std::string &s) { s.insert(0, \"x\"); }\n"
    "void push(std::vector<int> &v, int x) { v.push_back(x); }\n"
    "void order(std::vector<int> &v) { std::sort(v.begin(), v.end()); }\n"
    /* 15 */ "bool has(const std::vector<int> &v, int x) {\n"
    "  return std::find(v.begin(), v.end(), x) != v.end(); }\n"
    "bool has_char(const std::string &s) { return s.find('c') != std::string::npos; }\n"
    "bool has_key(const std::map<int, int> &m, int k) { return m.find(k) != m.end(); }\n"
    "bool has_hash(const std::unordered_map<int, int> &m, int k) { return m.count(k) != 0; }\n"
    /* 20 */ "std::string cat(const std::string &s, const std::string &p) { return s + p; }\n"
    "void app(std::string &s, const std::string &p) { s += p; s.append(p); }\n"
    "int peek(const std::vector<int> &v) { return v.empty() ? 0 : v[0] + (int)v.size(); }\n"
    "void room(std::vector<int> &v, unsigned n) { v.reserve(n); }\n"
    "int total(const std::vector<int> &v) { return std::accumulate(v.begin(), v.end(), 0); }\n"
    /* 25 */ "void dup(const std::vector<int> &v, std::vector<int> &w) {\n"
    "  std::copy(v.begin(), v.end(), w.begin()); }\n"
    "void lsort(std::list<int> &l) { l.sort(); }\n"
    "struct Q {\n"
    "  std::vector<int> items; int n;\n"
    /* 30 */ "  void push_front(int x) { items.insert(items.begin(), x); }\n"
    "  void add(int x) { items.push_back(x); }\n"
    "  void set(int x) { n = x; }\n"
    "  void set_this(int x) { this->n = x; }\n"
    "  void twice() { push_front(1); push_front(2); }\n"
    /* 35 */ "  int get() const { return n; }\n"
    "  int total() const { int s = 0; for (int x : items) s += x; return s; }\n"
    "};\n"
    "Q shared;\n"
    "void use(Q &q, Q *p) { q.push_front(1); p->add(2); shared.twice(); Q mine; mine.twice(); }\n"
    "void local_sort() { std::vector<int> v(3); std::sort(v.begin(), v.end()); }\n";

static struct snippet snip;

static void setup(void)
{
    snippet_analyse(&snip, "snippet.cpp", code);
}

static void teardown(void)
{
    snippet_free(&snip);
}

static const struct pa_function *fn_of(const char *name)
{
    const struct pa_function *fn = snippet_function(&snip, name);
    ck_assert_msg(fn != NULL, "%s not modelled", name);
    ck_assert_ptr_nonnull(fn->summary);
    return fn;
}

/* The effects of function name on its parameter k (-1: its object, -2: the global "shared"). */
static const struct pa_effects *effects_of(const char *name, int k)
{
    const struct pa_summary *s = fn_of(name)->summary;
    if (k == -1)
        return &s->receiver;
    if (k == -2) {
        for (unsigned g = 0; g < s->nglobals; g++)
            if (strcmp(s->globals[g].name, "shared") == 0)
                return &s->globals[g].fx;
        ck_abort_msg("%s: no effect on the global", name);
    }
    return &s->params[k];
}

#define B(e) PA_EFFECT_BIT(PA_EFFECT_##e)

/* What each function's summary says it does to a parameter, its object or a global. */
static const struct {
    const char *fn;
    int subject;
    unsigned mask;
    enum pa_position shift_at; /* when mask has SHIFTS_TAIL */
} effects[] = {
    {"front", 0, B(SHIFTS_TAIL) | B(STORES), PA_POS_START},
    {"back", 0, B(SHIFTS_TAIL) | B(STORES), PA_POS_END},
    {"middle", 0, B(SHIFTS_TAIL) | B(STORES), PA_POS_OTHER},
    {"at_zero", 0, B(SHIFTS_TAIL) | B(STORES), PA_POS_START},
    {"push", 0, B(STORES), PA_POS_NONE}, /* amortised: never GROWS_CONST */
    {"order", 0, B(SORTS), PA_POS_NONE},
    {"has", 0, B(SEARCHES), PA_POS_NONE},
    {"has_char", 0, B(SEARCHES), PA_POS_NONE},
    {"has_key", 0, 0, PA_POS_NONE}, /* a tree's find descends, it does not walk */
    {"has_hash", 0, 0, PA_POS_NONE},
    {"cat", 0, 0, PA_POS_NONE},
    {"app", 0, B(STORES), PA_POS_NONE}, /* += appends: no APPENDS_STRING (no end search) */
    {"peek", 0, 0, PA_POS_NONE},
    {"room", 0, B(RESIZES), PA_POS_NONE},
    {"total", 0, B(READS), PA_POS_NONE},
    {"dup", 0, B(READS), PA_POS_NONE},
    {"dup", 1, B(STORES), PA_POS_NONE},
    {"lsort", 0, B(SORTS), PA_POS_NONE},
    {"Q::push_front", -1, B(SHIFTS_TAIL) | B(STORES), PA_POS_START},
    {"Q::add", -1, B(STORES), PA_POS_NONE},
    {"Q::set", -1, B(STORES), PA_POS_NONE},
    {"Q::set_this", -1, B(STORES), PA_POS_NONE},
    {"Q::twice", -1, B(SHIFTS_TAIL) | B(STORES), PA_POS_START},
    {"Q::get", -1, 0, PA_POS_NONE},
    {"Q::total", -1, B(READS), PA_POS_NONE}, /* walks its own vector */
    {"use", 0, B(SHIFTS_TAIL) | B(STORES), PA_POS_START},
    {"use", 1, B(STORES), PA_POS_NONE},
    {"use", -2, B(SHIFTS_TAIL) | B(STORES), PA_POS_START},
};

START_TEST(test_summary_effects)
{
    const struct pa_effects *fx = effects_of(effects[_i].fn, effects[_i].subject);
    ck_assert_msg(fx->mask == effects[_i].mask, "%s subject %d: mask %x, want %x", effects[_i].fn,
                  effects[_i].subject, fx->mask, effects[_i].mask);
    if (fx->mask & B(SHIFTS_TAIL))
        ck_assert_int_eq(fx->shift_at, effects[_i].shift_at);
}
END_TEST

/* The call to callee in fn (the first one). */
static const struct pa_call_site *site_of(const char *fn_name, const char *callee)
{
    const struct pa_function *fn = fn_of(fn_name);
    for (unsigned i = 0; i < fn->ncalls; i++)
        if (fn->calls[i].call->name && strcmp(fn->calls[i].call->name, callee) == 0)
            return &fn->calls[i];
    ck_abort_msg("%s: no call to %s", fn_name, callee);
    return NULL;
}

START_TEST(test_call_site_queries)
{
    const struct pa_program *prog = &snip.analysis.program;
    const struct pa_function *fn = fn_of("front");
    const struct pa_call_site *site = site_of("front", "insert");
    struct pa_witness why;
    ck_assert(pa_call_effect_on_receiver(prog, fn, site, PA_EFFECT_SHIFTS_TAIL, &why));
    ck_assert_int_eq(why.via_subject, PA_SUBJECT_RECEIVER);
    ck_assert_uint_eq(why.line, 8);
    ck_assert_int_eq(pa_call_receiver_shift_position(prog, fn, site), PA_POS_START);
    const struct pa_expr *object = pa_call_object(prog, site);
    ck_assert_ptr_nonnull(object);
    ck_assert_int_eq(object->kind, PA_EXPR_VAR);
    ck_assert_str_eq(object->name, "v");

    fn = fn_of("at_size");
    site = site_of("at_size", "insert");
    ck_assert_int_eq(pa_call_receiver_shift_position(prog, fn, site), PA_POS_END);
    fn = fn_of("push");
    site = site_of("push", "push_back");
    ck_assert(!pa_call_effect_on_receiver(prog, fn, site, PA_EFFECT_SHIFTS_TAIL, NULL));
    ck_assert(!pa_call_effect_on_receiver(prog, fn, site, PA_EFFECT_GROWS_CONST, NULL));
    ck_assert_int_eq(pa_call_receiver_shift_position(prog, fn, site), PA_POS_NONE);

    /* a member operator's object is its first operand */
    site = site_of("app", "operator+=");
    object = pa_call_object(prog, site);
    ck_assert_ptr_nonnull(object);
    ck_assert_str_eq(object->name, "s");
    ck_assert(pa_call_effect_on_receiver(prog, fn_of("app"), site, PA_EFFECT_STORES, NULL));

    /* operator+ returns a fresh string holding both operands */
    unsigned args = 0;
    ck_assert_int_eq(pa_call_returns(prog, site_of("cat", "operator+"), &args, NULL),
                     PA_RETURN_EXTENDS);
    ck_assert_uint_eq(args, 3);

    /* std::sort's effect lands on the container behind its iterators, a local here */
    fn = fn_of("local_sort");
    site = site_of("local_sort", "sort");
    ck_assert(pa_call_effect_on_arg(prog, fn, site, 0, PA_EFFECT_SORTS, NULL));
    const struct pa_expr *subject = pa_call_arg_subject(site, 0);
    ck_assert_int_eq(subject->kind, PA_EXPR_VAR);
    ck_assert_str_eq(subject->name, "v");
    ck_assert_int_eq(fn->vars[subject->var].kind, PA_VAR_LOCAL);

    /* a member called on the caller's own object, and on a local one */
    site = site_of("Q::twice", "push_front");
    ck_assert(pa_call_on_this(prog, site));
    ck_assert_ptr_null(pa_call_object(prog, site));
    site = site_of("use", "twice");
    ck_assert(!pa_call_on_this(prog, site));
    ck_assert(pa_call_effect_on_receiver(prog, fn_of("use"), site, PA_EFFECT_SHIFTS_TAIL, NULL));
    ck_assert(pa_call_is_pure(prog, site_of("peek", "size")));
}
END_TEST

/* What one call costs, as the complexity of a function making just that call. */
static const struct {
    const char *fn, *cx;
} costs[] = {
    {"front", "O(n)"},       /* the whole tail moves */
    {"back", "O(1)"},        /* insert at end(): nothing moves */
    {"middle", "O(n)"},      /* erase inside */
    {"push", "O(1)"},        /* amortised */
    {"order", "O(n log n)"}, /* std::sort */
    {"has", "O(n)"},         /* std::find */
    {"has_char", "O(n)"},    /* string::find */
    {"has_key", "O(log n)"}, /* map::find */
    {"has_hash", "O(1)"},    /* unordered_map::count, on average */
    {"app", "O(1)"},         /* += and append, amortised */
    {"peek", "O(1)"},        /* empty, operator[], size */
    {"lsort", "O(n log n)"}, /* list::sort */
    {"Q::twice", "O(n)"},    /* two front inserts through a member */
};

START_TEST(test_call_cost)
{
    ck_assert_str_eq(snippet_complexity(&snip, costs[_i].fn), costs[_i].cx);
}
END_TEST

Suite *cxx_catalog_suite(void);

Suite *cxx_catalog_suite(void)
{
    Suite *s = suite_create("cxx_catalog");
    TCase *tc = tcase_create("usr");
    tcase_add_loop_test(tc, test_usr_lookup, 0, sizeof(usrs) / sizeof(usrs[0]));
    tcase_add_test(tc, test_usr_shapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("summaries");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_summary_effects, 0, sizeof(effects) / sizeof(effects[0]));
    tcase_add_test(tc, test_call_site_queries);
    tcase_add_loop_test(tc, test_call_cost, 0, sizeof(costs) / sizeof(costs[0]));
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
