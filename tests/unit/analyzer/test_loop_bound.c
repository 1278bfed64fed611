/* test_loop_bound.c: the trip-count class and reason of one loop per shape
 * (analyzer/loop_bound.c), each checked against the class worked out by hand. */
#include "../snippet.h"
#include "perfaudit/finding.h"
#include "perfaudit/rule.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define PRELUDE                                                                                    \
    "#include <stddef.h>\n"                                                                        \
    "#include <string.h>\n"                                                                        \
    "struct node { int key; struct node *next, *left, *right, *forward[16]; };\n"                  \
    "struct iter { struct node *at; };\n"                                                          \
    "struct queue { struct node *head; unsigned count; };\n"

static const struct {
    const char *code;
    const char *function;
    unsigned loop; /* index in the function's loops (preorder) */
    enum pa_trip_kind kind;
    enum pa_trip_reason reason;
} cases[] = {
    /* iterator loops: a call advances the state it is given */
    {PRELUDE "struct node *next(struct iter *it);\n"
             "int count(struct iter *it) { int n = 0; struct node *e;\n"
             "  while ((e = next(it))) n += e->key; return n; }\n",
     "count", 0, PA_TRIP_LINEAR, PA_REASON_ITERATOR},
    {PRELUDE "struct node *iter_next(struct iter *it);\n"
             "int total(struct node *l) { struct iter it = {l}; struct node *e; int t = 0;\n"
             "  while ((e = iter_next(&it)) != NULL) t += e->key; return t; }\n",
     "total", 0, PA_TRIP_LINEAR, PA_REASON_ITERATOR},
    {PRELUDE "const char *skip_field(const char *p);\n"
             "int fields(const char *p) { int n = 0;\n"
             "  for (; p; p = skip_field(p)) n++; return n; }\n",
     "fields", 0, PA_TRIP_LINEAR, PA_REASON_ITERATOR},
    /* pointer-to-pointer and index-chain walks */
    {PRELUDE
     "void drop(struct node **pp, int k) {\n"
     "  while (*pp) { if ((*pp)->key == k) *pp = (*pp)->next; else pp = &(*pp)->next; } }\n",
     "drop", 0, PA_TRIP_LINEAR, PA_REASON_LIST_WALK},
    {PRELUDE "int depth(const int *prev, int i) { int d = 0;\n"
             "  while (i != -1) { d++; i = prev[i]; } return d; }\n",
     "depth", 0, PA_TRIP_LINEAR, PA_REASON_LIST_WALK},
    {PRELUDE "int find_root(const int *parent, int x) {\n"
             "  while (parent[x] != x) x = parent[x]; return x; }\n",
     "find_root", 0, PA_TRIP_LINEAR, PA_REASON_LIST_WALK},
    /* cursors held in memory: through a pointer to the pointer, or in a buffer's field */
    {PRELUDE "void skip_comment(char **input) {\n"
             "  for (; (*input)[0] != '\\0'; ++(*input)) if ((*input)[0] == '\\n') break; }\n",
     "skip_comment", 0, PA_TRIP_LINEAR, PA_REASON_STRING_WALK},
    {PRELUDE "struct buf { const char *content; size_t offset, length; };\n"
             "void skip_blanks(struct buf *b) {\n"
             "  while (b->offset + 0 < b->length && b->content[b->offset] <= 32) b->offset++; }\n",
     "skip_blanks", 0, PA_TRIP_LINEAR, PA_REASON_FIELD},
    /* worklists */
    {PRELUDE "int empty(const struct queue *q);\n"
             "struct node *pop(struct queue *q) { struct node *n = q->head; q->head = n->next;\n"
             "  q->count--; return n; }\n"
             "int drain(struct queue *q) { int s = 0;\n"
             "  while (!empty(q)) s += pop(q)->key; return s; }\n",
     "drain", 0, PA_TRIP_LINEAR, PA_REASON_WORKLIST},
    {PRELUDE "int visit(struct node **stack, struct node *root) { int top = 0, n = 0;\n"
             "  stack[top++] = root;\n"
             "  while (top > 0) { struct node *x = stack[--top]; n++;\n"
             "    if (x->left) stack[top++] = x->left; if (x->right) stack[top++] = x->right; }\n"
             "  return n; }\n",
     "visit", 0, PA_TRIP_LINEAR, PA_REASON_WORKLIST},
    {PRELUDE
     "int unlink_all(struct queue *q) { int n = 0;\n"
     "  while (q->head) { struct node *x = q->head; q->head = x->next; n++; } return n; }\n",
     "unlink_all", 0, PA_TRIP_LINEAR, PA_REASON_WORKLIST},
    /* for (;;) and while (1) left by break or return */
    {PRELUDE "int scan(const int *a, int n) { int i = 0, s = 0;\n"
             "  for (;;) { if (i >= n) break; s += a[i]; i++; } return s; }\n",
     "scan", 0, PA_TRIP_LINEAR, PA_REASON_PARAM},
    {PRELUDE "size_t span(const char *p) { const char *s = p;\n"
             "  while (1) { char c = *p++; if (c == '\\0') return (size_t)(p - s); } }\n",
     "span", 0, PA_TRIP_LINEAR, PA_REASON_STRING_WALK},
    {PRELUDE "int poll_event(void);\n"
             "int wait_event(void) { for (;;) { int e = poll_event(); if (e > 0) return e; } }\n",
     "wait_event", 0, PA_TRIP_UNKNOWN, PA_REASON_EXIT_IN_BODY},
    /* counting down */
    {PRELUDE "int drop_n(struct node *l, int n) { while (n) { l = l->next; n--; }\n"
             "  return l->key; }\n",
     "drop_n", 0, PA_TRIP_LINEAR, PA_REASON_PARAM},
    {PRELUDE "int scanf(const char *, ...);\n"
             "int countdown(void) { int k, s = 0; scanf(\"%d\", &k);\n"
             "  for (; k > 0; k--) s += k; return s; }\n",
     "countdown", 0, PA_TRIP_LINEAR, PA_REASON_VARIABLE},
    {PRELUDE "int fixed_down(void) { int s = 0; for (int k = 8; k > 0; k--) s += k; return s; }\n",
     "fixed_down", 0, PA_TRIP_CONSTANT, PA_REASON_CONSTANT_BOUND},
    {PRELUDE "char *put_digits(char *p, unsigned v) { char tmp[12]; int k = 0;\n"
             "  do { tmp[k++] = (char)('0' + v % 10); v /= 10; } while (v != 0);\n"
             "  while (k > 0) *p++ = tmp[--k]; return p; }\n",
     "put_digits", 1, PA_TRIP_LOG, PA_REASON_HALVING},
    /* flag loops */
    {PRELUDE "int settle(const int *a, int n) { int done = 0, i = 0, s = 0;\n"
             "  while (!done) { s += a[i]; i++; done = i >= n; } return s; }\n",
     "settle", 0, PA_TRIP_LINEAR, PA_REASON_PARAM},
    {PRELUDE "int sum_until(const int *a, int n) { int done = 0, i = 0, s = 0;\n"
             "  while (!done) { s += a[i++]; if (i == n) done = 1; } return s; }\n",
     "sum_until", 0, PA_TRIP_LINEAR, PA_REASON_PARAM},
    {PRELUDE "int step(int *state);\n"
             "int converge(int *state) { int done = 0, n = 0;\n"
             "  while (!done) { done = step(state); n++; } return n; }\n",
     "converge", 0, PA_TRIP_UNKNOWN, PA_REASON_FLAG},
    /* counters capped by a constant */
    {PRELUDE "int first16(const struct node *p, int *out) { int n = 0;\n"
             "  for (; p; p = p->next) { if (n >= 16) break; out[n] = p->key; n++; } return n; }\n",
     "first16", 0, PA_TRIP_CONSTANT, PA_REASON_CAPPED},
    {PRELUDE "int matches16(const struct node *p, int k, int *out) { int n = 0;\n"
             "  for (; p; p = p->next) { if (n >= 16) break; if (p->key == k) out[n++] = 1; }\n"
             "  return n; }\n",
     "matches16", 0, PA_TRIP_LINEAR, PA_REASON_LIST_WALK},
    {PRELUDE "int prefix(const int *a, int n) { int s = 0;\n"
             "  for (int i = 0; i < n && i < 16; i++) s += a[i]; return s; }\n",
     "prefix", 0, PA_TRIP_CONSTANT, PA_REASON_CAPPED},
    /* a parameter every caller passes as a constant */
    {PRELUDE
     "static int checksum(const unsigned char *p, int len) { int h = 0;\n"
     "  for (int i = 0; i < len; i++) h += p[i]; return h; }\n"
     "int header_sum(const unsigned char *p) { return checksum(p, 20) + checksum(p + 20, 8); }\n",
     "checksum", 0, PA_TRIP_CONSTANT, PA_REASON_CALLER_CONSTANT},
    {PRELUDE
     "static int checksum(const unsigned char *p, int len) { int h = 0;\n"
     "  for (int i = 0; i < len; i++) h += p[i]; return h; }\n"
     "int body_sum(const unsigned char *p, int n) { return checksum(p, 20) + checksum(p, n); }\n",
     "checksum", 0, PA_TRIP_LINEAR, PA_REASON_PARAM},
    /* small-size guard */
    {PRELUDE "void small_sort(int *a, int n) { if (n < 7) {\n"
             "  for (int i = 1; i < n; i++) for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {\n"
             "    int t = a[j]; a[j] = a[j - 1]; a[j - 1] = t; } } }\n",
     "small_sort", 0, PA_TRIP_CONSTANT, PA_REASON_SMALL_GUARD},
    /* inner loop continuing the outer cursor: one pass in all */
    {PRELUDE
     "int runs(const int *a, int n) { int r = 0, j;\n"
     "  for (int i = 0; i < n; ) { for (j = i; j < n && a[j] == a[i]; j++) ; r++; i = j; }\n"
     "  return r; }\n",
     "runs", 1, PA_TRIP_LINEAR, PA_REASON_CONTINUES_OUTER},
    {PRELUDE
     "int runs(const int *a, int n) { int r = 0, j;\n"
     "  for (int i = 0; i < n; ) { for (j = i; j < n && a[j] == a[i]; j++) ; r++; i = j; }\n"
     "  return r; }\n",
     "runs", 0, PA_TRIP_LINEAR, PA_REASON_PARAM},
    /* an inner loop moving the enclosing loop's cursor: a reader skipping blanks, and the two
     * closing cursors of a partition */
    {PRELUDE "struct lexer { const char *p; int current; };\n"
             "void advance(struct lexer *ls) { ls->current = *ls->p++; }\n"
             "int words(struct lexer *ls) { int n = 0;\n"
             "  while (ls->current != 0) { n++;\n"
             "    while (ls->current == ' ') advance(ls); advance(ls); } return n; }\n",
     "words", 1, PA_TRIP_LINEAR, PA_REASON_CONTINUES_OUTER},
    {PRELUDE "int split(int *a, int lo, int hi, int pivot) { int i = lo - 1, j = hi + 1;\n"
             "  for (;;) { do i++; while (a[i] < pivot); do j--; while (a[j] > pivot);\n"
             "    if (i >= j) return j; int t = a[i]; a[i] = a[j]; a[j] = t; } }\n",
     "split", 1, PA_TRIP_LINEAR, PA_REASON_CONTINUES_OUTER},
    {PRELUDE "int first_gap(const int *a, int k) { int i = 0;\n"
             "  while (a[i] < k) i++; return i; }\n",
     "first_gap", 0, PA_TRIP_LINEAR, PA_REASON_SENTINEL_SCAN},
    /* descents */
    {PRELUDE "struct node *lookup(struct node *x, int k) {\n"
             "  while (x && x->key != k) { if (k < x->key) x = x->left; else x = x->right; }\n"
             "  return x; }\n",
     "lookup", 0, PA_TRIP_LOG, PA_REASON_TREE_DESCENT},
    {PRELUDE "struct node **slot_of(struct node **slot, int k) {\n"
             "  while (*slot) { if (k < (*slot)->key) slot = &(*slot)->left;\n"
             "    else slot = &(*slot)->right; } return slot; }\n",
     "slot_of", 0, PA_TRIP_LOG, PA_REASON_TREE_DESCENT},
    {PRELUDE "struct node *skip_find(struct node *x, int level, int k) {\n"
             "  for (int i = level; i >= 0; i--)\n"
             "    while (x->forward[i] && x->forward[i]->key < k) x = x->forward[i];\n"
             "  return x->forward[0]; }\n",
     "skip_find", 0, PA_TRIP_LOG, PA_REASON_SKIP_LEVELS},
    {PRELUDE "struct node *skip_find(struct node *x, int level, int k) {\n"
             "  for (int i = level; i >= 0; i--)\n"
             "    while (x->forward[i] && x->forward[i]->key < k) x = x->forward[i];\n"
             "  return x->forward[0]; }\n",
     "skip_find", 1, PA_TRIP_CONSTANT, PA_REASON_SKIP_STEP},
    /* a table of string literals */
    {PRELUDE "int is_unit(const char *s) {\n"
             "  static const char *const units[] = {\"kb\", \"mb\", \"gb\", NULL};\n"
             "  for (const char *const *u = units; *u; u++) if (strcmp(*u, s) == 0) return 1;\n"
             "  return 0; }\n",
     "is_unit", 0, PA_TRIP_CONSTANT, PA_REASON_LITERAL_TABLE},
    /* truly unbounded: the class says so */
    {PRELUDE "int spin(volatile int *flag) { int n = 0; while (*flag) n++; return n; }\n", "spin",
     0, PA_TRIP_UNKNOWN, PA_REASON_UNKNOWN_CONDITION},
};

/* What the classes mean for a function's Big-O: unbounded loops count as growing (and make the
 * result unknown), amortised inner loops add up to one pass, literals are constant. */
static const struct {
    const char *code;
    const char *function;
    const char *complexity;
} costs[] = {
    {PRELUDE "int poll_event(void); void handle(int e, int *out);\n"
             "void pump(const int *a, int n, int *out) { for (int i = 0; i < n; i++)\n"
             "  for (;;) { int e = poll_event(); if (e > a[i]) break; handle(e, out); } }\n",
     "pump", "unknown"},
    {PRELUDE
     "int runs(const int *a, int n) { int r = 0, j;\n"
     "  for (int i = 0; i < n; ) { for (j = i; j < n && a[j] == a[i]; j++) ; r++; i = j; }\n"
     "  return r; }\n",
     "runs", "O(n)"},
    {PRELUDE "int poll_event(void);\n"
             "int wait_event(void) { for (;;) { int e = poll_event(); if (e > 0) return e; } }\n"
             "int settle(const int *a, int n) { int s = wait_event();\n"
             "  for (int i = 0; i < n; i++) s += a[i]; return s; }\n",
     "settle", "O(n)"}, /* called once, an unbounded callee adds its known part */
    {PRELUDE "int poll_event(void);\n"
             "int wait_event(void) { for (;;) { int e = poll_event(); if (e > 0) return e; } }\n",
     "wait_event", "unknown"},
    {PRELUDE "struct bucket { struct node *items; struct bucket *next; };\n"
             "int weigh(const struct bucket *b) { int w = 0;\n"
             "  for (; b; b = b->next) for (const struct node *x = b->items; x; x = x->next)\n"
             "    w += x->key; return w; }\n",
     "weigh", "O(n)"},
    {PRELUDE "int is_keyword(const char *s, size_t len) {\n"
             "  static const char *const words[] = {\"if\", \"else\", \"while\"};\n"
             "  for (size_t k = 0; k < 3; k++)\n"
             "    if (strlen(words[k]) == len && memcmp(words[k], s, len) == 0) return 1;\n"
             "  return 0; }\n",
     "is_keyword", "O(1)"},
    {PRELUDE
     "static size_t indent(const char *in, const char *prefix, char *out) {\n"
     "  size_t plen = strlen(prefix), o = 0;\n"
     "  for (const char *p = in; *p; p++) { if (*p == '\\n') { memcpy(out + o, prefix, plen);\n"
     "    o += plen; } out[o++] = *p; } return o; }\n"
     "size_t quote(const char *in, char *out) { return indent(in, \"> \", out); }\n",
     "indent", "O(n)"},
    {PRELUDE
     "static size_t indent(const char *in, const char *prefix, char *out) {\n"
     "  size_t plen = strlen(prefix), o = 0;\n"
     "  for (const char *p = in; *p; p++) { if (*p == '\\n') { memcpy(out + o, prefix, plen);\n"
     "    o += plen; } out[o++] = *p; } return o; }\n"
     "size_t quote(const char *in, const char *pre, char *out) { return indent(in, pre, out); }\n",
     "indent", "O(n^2)"},
    {PRELUDE "int getdetails(const char **fmt, unsigned *pad);\n"
             "void put(char *b, int c);\n"
             "void pack(const char *fmt, char *b) { while (*fmt != '\\0') { unsigned pad;\n"
             "  int k = getdetails(&fmt, &pad); while (pad-- > 0) put(b, k); } }\n",
     "pack", "O(n)"},
};

START_TEST(test_loop_cost)
{
    struct snippet s;
    snippet_analyse(&s, NULL, costs[_i].code);
    ck_assert_msg(s.analysis.program.nerrors == 0, "cost case %d failed to parse: %s", _i,
                  s.analysis.program.nerrors ? s.analysis.program.errors[0].message : "");
    ck_assert_msg(strcmp(snippet_complexity(&s, costs[_i].function), costs[_i].complexity) == 0,
                  "cost case %d (%s): got %s, want %s", _i, costs[_i].function,
                  snippet_complexity(&s, costs[_i].function), costs[_i].complexity);
    snippet_free(&s);
}
END_TEST

START_TEST(test_loop_shape)
{
    struct snippet s;
    snippet_analyse(&s, NULL, cases[_i].code);
    ck_assert_msg(s.analysis.program.nerrors == 0, "case %d failed to parse: %s", _i,
                  s.analysis.program.nerrors ? s.analysis.program.errors[0].message : "");
    const struct pa_function *fn = snippet_function(&s, cases[_i].function);
    ck_assert_ptr_nonnull(fn);
    ck_assert_uint_gt(fn->nloops, cases[_i].loop);
    const struct pa_trip *t = &fn->loops[cases[_i].loop]->trip;
    ck_assert_msg(t->kind == cases[_i].kind && t->reason == cases[_i].reason,
                  "case %d (%s, loop %u): got kind %d reason %d, want kind %d reason %d", _i,
                  cases[_i].function, cases[_i].loop, t->kind, t->reason, cases[_i].kind,
                  cases[_i].reason);
    snippet_free(&s);
}
END_TEST

/* The derivation a finding carries: every loop around it, its class and its reason. */
START_TEST(test_derivation)
{
    struct snippet s;
    snippet_analyse(&s, NULL,
                    "struct node { int key; struct node *next; };\n"
                    "int dups(const int *a, int n) { int c = 0;\n"
                    "  for (int i = 0; i < n; i++)\n"
                    "    for (int j = 0; j < n; j++)\n"
                    "      c += a[i] == a[j];\n"
                    "  return c; }\n");
    const struct pa_findings *f = &s.analysis.findings;
    const struct pa_finding *nested = NULL;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule->id, "nested-loop") == 0)
            nested = &f->items[i];
    ck_assert_ptr_nonnull(nested);
    ck_assert_uint_eq(nested->line, 3);
    ck_assert_str_eq(nested->derivation, "line 3: O(n), bounded by a parameter; "
                                         "line 4: O(n), bounded by a parameter");
    snippet_free(&s);

    struct pa_loop loop = {.line = 30, .trip = {PA_TRIP_UNKNOWN, PA_REASON_EXIT_IN_BODY, -1, -1}};
    char buf[160];
    ck_assert_str_eq(pa_loop_explain(&loop, buf, sizeof(buf)),
                     "line 30: not bounded (left by a break or return that is not a bound), "
                     "counted as O(n)");
    loop.trip = (struct pa_trip){PA_TRIP_CONSTANT, PA_REASON_CAPPED, -1, -1, NULL};
    ck_assert_str_eq(pa_loop_explain(&loop, buf, sizeof(buf)),
                     "line 30: O(1), a counter stepped on every iteration is capped by a constant");
}
END_TEST

/* leaves_loop: a call runs once per execution of its loop only when its block then always
 * leaves; a continue before the break, or a guarded break, keeps it repeating. */
START_TEST(test_leaves_loop)
{
    struct snippet s;
    snippet_analyse(&s, NULL,
                    "int handle(int v);\n"
                    "int report(int v);\n"
                    "int first_bad(const int *a, int n) { int s = 0;\n"
                    "  for (int i = 0; i < n; i++) {\n"
                    "    if (a[i] >= 0) { s += handle(a[i]); continue; }\n"
                    "    s += report(a[i]);\n"
                    "    break; }\n"
                    "  return s; }\n"
                    "int until_found(const int *a, int n) { int s = 0;\n"
                    "  for (int i = 0; i < n; i++) { s += handle(a[i]); if (s > 100) break; }\n"
                    "  return s; }\n");
    const struct pa_function *fn = snippet_function(&s, "first_bad");
    ck_assert_ptr_nonnull(fn);
    ck_assert_uint_eq(fn->ncalls, 2);
    ck_assert_str_eq(fn->calls[0].call->name, "handle");
    ck_assert(!fn->calls[0].leaves_loop); /* followed by continue: runs again */
    ck_assert_str_eq(fn->calls[1].call->name, "report");
    ck_assert(fn->calls[1].leaves_loop); /* then break, always */
    fn = snippet_function(&s, "until_found");
    ck_assert_ptr_nonnull(fn);
    ck_assert_uint_eq(fn->ncalls, 1);
    ck_assert(!fn->calls[0].leaves_loop); /* the break is guarded */
    snippet_free(&s);
}
END_TEST

Suite *loop_bound_suite(void);

Suite *loop_bound_suite(void)
{
    Suite *s = suite_create("loop_bound");
    TCase *tc = tcase_create("shapes");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_loop_shape, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_loop_test(tc, test_loop_cost, 0, (int)(sizeof(costs) / sizeof(costs[0])));
    tcase_add_test(tc, test_derivation);
    tcase_add_test(tc, test_leaves_loop);
    suite_add_tcase(s, tc);
    return s;
}
