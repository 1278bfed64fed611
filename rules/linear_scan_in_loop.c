/* linear_scan_in_loop.c: a linear-time search or scan repeated on every iteration of a loop. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

#include <stdio.h>

static const char *const scan_remedy =
    "compute it once before the loop (hoist the length or position into a variable), or keep "
    "an index: a hash table or a sorted array with bsearch";

/* strncmp(key, elem, strlen(key)): the key's length handed with the key to a pure call that
 * compares it with each element. The key is what is looked for, not the collection the loop
 * walks: a search key's length does not grow with the collection. */
static bool length_of_compared_key(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                                   const struct pa_expr *subject)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *p = &fn->calls[i];
        if (p == s || p->loop != s->loop || !pa_call_is_pure(ctx->program, p))
            continue;
        bool gets_length = false, gets_key = false;
        for (unsigned k = 0; k < p->call->nkids; k++) {
            const struct pa_expr *a = pa_expr_strip(p->call->kids[k]);
            if (a == s->call)
                gets_length = true;
            else if (a && pa_expr_same(a, subject))
                gets_key = true;
        }
        if (gets_length && gets_key)
            return true;
    }
    return false;
}

/* strlen(s), strchr(s, c), memchr(buf, c, n) ... of data that does not change in the loop. */
static void check_library_scan(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_summary *cs = pa_call_summary(ctx->program, s);
    const unsigned scans = PA_EFFECT_BIT(PA_EFFECT_READS) | PA_EFFECT_BIT(PA_EFFECT_SEARCHES);
    if (!cs || cs->fn || !cs->pure || !(cs->params[0].mask & scans) || s->call->nkids == 0)
        return; /* project functions are check_project_call's */
    const struct pa_expr *subject = pa_expr_strip(s->call->kids[0]);
    const struct pa_expr *from = NULL, *to = NULL;
    bool iterators = pa_iterator_position(subject, &from) != PA_POS_NONE;
    if (iterators) {
        /* std::find(v.begin(), v.end(), x): the whole of one container, not a part of it */
        if (s->call->nkids < 2 || pa_iterator_position(subject, &from) != PA_POS_START ||
            pa_iterator_position(s->call->kids[1], &to) != PA_POS_END || !from || !to ||
            !pa_expr_same(from, to))
            return;
        subject = from;
    }
    if (!subject || subject->kind == PA_EXPR_STRING || pa_expr_is_constant(fn, subject))
        return;
    int bound = cs->params[0].bound_param;
    if (bound >= 0 && (unsigned)bound < s->call->nkids &&
        pa_expr_is_constant(fn, s->call->kids[bound]))
        return; /* memcmp(a, b, 4): bounded */
    /* a container searched on every iteration is the same one even while the loop appends to
     * it (the dedupe of find, then push_back, is quadratic); other data must not change */
    if (iterators ? !pa_object_persists_in(ctx->program, fn, subject,
                                           pa_loop_growing(pa_site_repeating_loop(s)))
                  : !pa_expr_invariant_in(ctx->program, fn, subject, s->loop))
        return; /* a different string each time round: the scans add up to the input once */
    if (!s->in_loop_header && length_of_compared_key(ctx, s, subject))
        return;
    /* strchr(set, c) with a different c each time is a membership test in a set of characters;
     * memcmp(key, elem, n) compares with each element in turn: neither rescans the data. But
     * strstr(text, word) with a different word each time does rescan the text. */
    unsigned key = iterators ? 2 : 1; /* std::find(b, e, key) */
    const struct pa_expr *other = s->call->nkids > key ? pa_expr_strip(s->call->kids[key]) : NULL;
    bool compares = (cs->params[1].mask & scans) && cs->params[1].bound_param == bound;
    if (other && !pa_expr_invariant_in(ctx->program, fn, other, s->loop) &&
        (other->type == PA_TYPE_CHAR || (!iterators && (other->type == PA_TYPE_INT || compares))))
        return;
    const struct pa_loop *outer = pa_loop_growing(pa_site_repeating_loop(s));
    struct pa_cx current = pa_cx_mul(pa_loop_repeat(pa_site_repeating_loop(s)), PA_CX_N);
    struct pa_cx proposed = pa_loop_repeat(pa_site_repeating_loop(s));
    (void)outer;
    pa_rule_report(ctx, s->call->line, s->call->column, current, proposed, scan_remedy,
                   "%s() rescans the same data on every iteration%s", s->call->name,
                   s->in_loop_header ? " of the loop condition" : " of the loop");
}

/* s.find(word) (a member that walks its object) on the same string on every iteration. */
static void check_member_scan(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_summary *cs = pa_call_summary(ctx->program, s);
    const unsigned scans = PA_EFFECT_BIT(PA_EFFECT_READS) | PA_EFFECT_BIT(PA_EFFECT_SEARCHES);
    if (!cs || cs->fn || !cs->pure || !(cs->receiver.mask & scans))
        return; /* the project's members are check_project_call's */
    const struct pa_expr *object = pa_call_object(ctx->program, s);
    if (!object || (pa_expr_root_var(object) < 0 && !pa_expr_rooted_in_this(object)) ||
        !pa_expr_invariant_in(ctx->program, fn, object, s->loop))
        return;
    /* set.find(c) with a different character each time: a membership test, as strchr */
    const struct pa_expr *key = s->call->nkids ? pa_expr_strip(s->call->kids[0]) : NULL;
    if (key && key->type == PA_TYPE_CHAR && !pa_expr_invariant_in(ctx->program, fn, key, s->loop))
        return;
    /* s.find(x, pos) from a position that moves: each search resumes where the last one
     * ended, one pass in all */
    for (unsigned a = 1; a < s->call->nkids; a++)
        if (!pa_expr_invariant_in(ctx->program, fn, s->call->kids[a], s->loop))
            return;
    struct pa_cx proposed = pa_loop_repeat(pa_site_repeating_loop(s));
    pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(proposed, PA_CX_N), proposed,
                   scan_remedy, "%s() rescans the same string on every iteration%s", s->call->name,
                   s->in_loop_header ? " of the loop condition" : " of the loop");
}

static bool args_invariant(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    for (unsigned i = 0; i < s->call->nkids; i++)
        if (!pa_expr_invariant_in(ctx->program, ctx->function, s->call->kids[i], s->loop))
            return false;
    return true;
}

static bool visit_call(const struct pa_expr *e, void *data)
{
    (void)data;
    return e->kind != PA_EXPR_CALL;
}

/* The argument names a collection held in a variable or a global (list, &t->items, v->buf),
 * not a value a call makes afresh (make_empty(), a constructor's result): only a collection
 * that lives across iterations can be the same one on every iteration. */
static bool names_collection(const struct pa_expr *arg)
{
    arg = pa_expr_strip(arg);
    if (!arg || pa_expr_root_var(arg) < 0)
        return false;
    if (arg->type != PA_TYPE_POINTER && arg->type != PA_TYPE_ARRAY && arg->type != PA_TYPE_RECORD)
        return false;
    return pa_expr_walk(arg, visit_call, NULL);
}

/* A call of a project function that is itself O(n) at this call and walks a collection that
 * is the same on every iteration: a lookup per iteration. Fills *cost and *arg. */
static bool project_scan(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                         struct pa_cx *cost, int *arg)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_function *target = pa_call_target(ctx->program, s);
    if (!target || target->is_sort || (fn->scc >= 0 && target->scc == fn->scc))
        return false;
    *cost = pa_call_site_cost(ctx->program, fn, s);
    if (cost->unknown || cost->exp || cost->poly < 1)
        return false;
    if (target->pure && args_invariant(ctx, s))
        return false; /* the same answer every time: loop-invariant-call */
    if (pa_call_walks_new_element(ctx->program, fn, s, s->loop))
        return false; /* its cost may be the new element's own size */
    /* it goes through a collection passed in (its summary reads or searches it, through any
     * number of helpers), the same one on every iteration */
    const struct pa_summary *ts = pa_function_summary(target);
    for (unsigned a = 0; ts && a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++) {
        const struct pa_expr *e = s->call->kids[a];
        bool walks = pa_effect_by_project_code(ts, (int)a, PA_EFFECT_SEARCHES) ||
                     pa_effect_by_project_code(ts, (int)a, PA_EFFECT_READS);
        /* a walk that gives back what it walks (a destructor, a release) is paid for once
         * per element over the whole run, not once per call */
        bool consumes = ts->params[a].mask & PA_EFFECT_BIT(PA_EFFECT_FREES);
        if (walks && !consumes && names_collection(e) &&
            pa_expr_invariant_in(ctx->program, fn, e, s->loop)) {
            *arg = (int)a;
            return true;
        }
    }
    /* or through the object it is called on: set.contains(x) walking set's members */
    const struct pa_expr *object = pa_call_object(ctx->program, s);
    if (ts && object &&
        (pa_effect_by_project_code(ts, PA_SUBJECT_RECEIVER, PA_EFFECT_SEARCHES) ||
         pa_effect_by_project_code(ts, PA_SUBJECT_RECEIVER, PA_EFFECT_READS)) &&
        pa_expr_invariant_in(ctx->program, fn, object, s->loop)) {
        *arg = PA_SUBJECT_RECEIVER;
        return true;
    }
    return false;
}

/* Reports a scanning call once per loop and callee, naming the other lines that call it. */
static void check_project_call(const struct pa_rule_context *ctx, unsigned index)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_call_site *s = &fn->calls[index];
    struct pa_cx cost, other_cost;
    int arg, other_arg;
    if (!project_scan(ctx, s, &cost, &arg))
        return;
    const struct pa_function *target = pa_call_target(ctx->program, s);
    const struct pa_loop *loop = pa_site_repeating_loop(s);
    char also[96] = "";
    size_t used = 0;
    unsigned more = 0;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *o = &fn->calls[i];
        if (i == index || pa_call_target(ctx->program, o) != target ||
            pa_site_repeating_loop(o) != loop || !pa_site_repeats(ctx->program, o) ||
            !project_scan(ctx, o, &other_cost, &other_arg))
            continue;
        if (i < index)
            return; /* reported at the first of them */
        if (used + 24 < sizeof(also))
            used += (size_t)snprintf(also + used, sizeof(also) - used, "%s%u",
                                     more ? ", " : "; also at line ", o->call->line);
        more++;
    }
    const struct pa_summary *ts = pa_function_summary(target);
    struct pa_cx repeat = pa_loop_repeat(loop);
    struct pa_cx current = pa_cx_mul(repeat, cost);
    struct pa_cx proposed = pa_cx_mul(repeat, pa_cx_div_n(cost));
    char buf[PA_CX_STRLEN], chain[256];
    enum pa_effect how = pa_effect_by_project_code(ts, arg, PA_EFFECT_SEARCHES) ? PA_EFFECT_SEARCHES
                                                                                : PA_EFFECT_READS;
    pa_witness_chain(ts, arg, how, chain, sizeof(chain));
    pa_rule_report(ctx, s->call->line, s->call->column, current, proposed,
                   "build an index once before the loop (a hash table or a sorted array with "
                   "bsearch) and look each key up in it",
                   "%s() goes through the same collection on every iteration (%s per call; %s%s)",
                   s->call->name, pa_cx_format(cost, buf, sizeof(buf)), chain, also);
}

/* An inner loop that searches the same collection for each outer element. */
static void check_inner_search(const struct pa_rule_context *ctx, const struct pa_loop *inner)
{
    const struct pa_function *fn = ctx->function;
    if (inner->trip.kind != PA_TRIP_LINEAR || !pa_loop_is_search(fn, inner))
        return;
    /* while (a[i] == b[j]) ...: the common run of two sequences, not a walk of either */
    if (pa_loop_stops_at_mismatch(inner))
        return;
    /* moving elements up to make room is front-insert-in-loop's finding, not a search */
    if (pa_loop_is_shift(fn, inner))
        return;
    const struct pa_loop *outer = pa_loop_growing(pa_loop_repeating(inner));
    if (!outer || outer->trip.kind != PA_TRIP_LINEAR)
        return;
    if (pa_loop_bound_per_element(ctx->program, fn, inner, outer))
        return;
    struct pa_cx repeat = pa_loop_repeat(pa_loop_repeating(inner));
    struct pa_cx current = pa_cx_mul(repeat, PA_CX_N);
    struct pa_cx proposed = repeat;
    const char *what =
        inner->trip.reason == PA_REASON_LIST_WALK ? "linked-list lookup" : "linear search";
    pa_rule_report(ctx, inner->line, inner->column, current, proposed,
                   "put the searched elements in a hash set or hash map once, before the outer "
                   "loop (or sort them and use bsearch), and look each key up in it",
                   "%s inside a loop (outer loop at line %u): every iteration walks the whole "
                   "collection",
                   what, outer->line);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_site_repeats(ctx->program, s))
            continue;
        check_library_scan(ctx, s);
        check_member_scan(ctx, s);
        check_project_call(ctx, i);
    }
    for (unsigned i = 0; i < fn->nloops; i++)
        check_inner_search(ctx, fn->loops[i]);
}

static const struct pa_rule_example examples[] = {
    {"inner search loop",
     "int unique(const int *a, int n, int *out) {\n"
     "  int m = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    int seen = 0;\n"
     "    for (int j = 0; j < m; j++)\n"
     "      if (out[j] == a[i]) { seen = 1; break; }\n"
     "    if (!seen) out[m++] = a[i];\n"
     "  }\n"
     "  return m;\n"
     "}\n",
     "unique", "linear-scan-in-loop@5"},
    {"strlen in the loop condition",
     "#include <string.h>\n"
     "int spaces(const char *s) {\n"
     "  int c = 0;\n"
     "  for (size_t i = 0; i < strlen(s); i++) c += s[i] == ' ';\n"
     "  return c;\n"
     "}\n",
     "spaces", "linear-scan-in-loop@4"},
    {"hoisted strlen is fine",
     "#include <string.h>\n"
     "int spaces(const char *s) {\n"
     "  int c = 0;\n"
     "  size_t n = strlen(s);\n"
     "  for (size_t i = 0; i < n; i++) c += s[i] == ' ';\n"
     "  return c;\n"
     "}\n",
     "spaces", ""},
    {"O(n) project function per iteration",
     "struct node { int key; struct node *next; };\n"
     "static int has(const struct node *p, int k) {\n"
     "  for (; p; p = p->next) if (p->key == k) return 1;\n"
     "  return 0;\n"
     "}\n"
     "int known(const struct node *list, const int *keys, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++) c += has(list, keys[i]);\n"
     "  return c;\n"
     "}\n",
     "known", "parallelizable-loop@8,linear-scan-in-loop@8"},
    {"binary search in a loop is fine",
     "static int find(const int *a, int n, int k) {\n"
     "  int lo = 0, hi = n - 1;\n"
     "  while (lo <= hi) { int mid = lo + (hi - lo) / 2;\n"
     "    if (a[mid] == k) return mid; if (a[mid] < k) lo = mid + 1; else hi = mid - 1; }\n"
     "  return -1;\n"
     "}\n"
     "int known(const int *a, int n, const int *keys, int m) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < m; i++) c += find(a, n, keys[i]) >= 0;\n"
     "  return c;\n"
     "}\n",
     "known", ""},
    {"a failure path in an assertion macro is not repeated work",
     "struct list { int *v; int n; };\n"
     "void report(const struct list *l, const char *what);\n"
     "static int has(const struct list *l, int k) {\n"
     "  for (int i = 0; i < l->n; i++) if (l->v[i] == k) return 1;\n"
     "  return 0;\n"
     "}\n"
     "#define check(l, e) ((e) ? (void)0 : (report(l, #e), __builtin_unreachable()))\n"
     "__attribute__((noreturn)) void die(const struct list *l);\n"
     "int sum_known(const struct list *l, const int *keys, int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    check(l, keys[i] >= 0);\n"
     "    if (keys[i] > 1000) die(l);\n"
     "    s += keys[i];\n"
     "  }\n"
     "  return s;\n"
     "}\n",
     "sum_known", ""},
    {"acting once after a search is not repeated",
     "#include <string.h>\n"
     "int remove_value(int *a, int n, int v) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (a[i] == v) {\n"
     "      memmove(a + i, a + i + 1, (n - i - 1) * sizeof *a);\n"
     "      return n - 1;\n"
     "    }\n"
     "  }\n"
     "  return n;\n"
     "}\n",
     "remove_value", ""},
    {"searching a static option table is constant",
     "#include <string.h>\n"
     "struct opt { const char *name; int flag; };\n"
     "static const struct opt opts[] = {{\"a\", 1}, {\"b\", 2}, {0, 0}};\n"
     "int parse(char **words, int n) {\n"
     "  int flags = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (const struct opt *o = opts; o->name; o++)\n"
     "      if (!strcmp(words[i], o->name)) { flags |= o->flag; break; }\n"
     "  return flags;\n"
     "}\n",
     "parse", ""},
    {"strlen of a field while another field of the same structure advances",
     "#include <string.h>\n"
     "struct lexer { const char *text; size_t pos; int spaces; };\n"
     "void count_spaces(struct lexer *lx) {\n"
     "  while (lx->pos < strlen(lx->text)) {\n"
     "    if (lx->text[lx->pos] == ' ') lx->spaces++;\n"
     "    lx->pos++;\n"
     "  }\n"
     "}\n",
     "count_spaces", "linear-scan-in-loop@4"},
    {"the field scanned is replaced on every iteration",
     "#include <string.h>\n"
     "struct lexer { const char *text; size_t pos; int chars; };\n"
     "void measure(struct lexer *lx, const char **texts, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    lx->text = texts[i];\n"
     "    lx->chars += (int)strlen(lx->text);\n"
     "  }\n"
     "}\n",
     "measure", ""},
    {"a free on the way out of the loop does not change the scanned line",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "int count_past_end(char *line, const int *cols, int n) {\n"
     "  int past = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (cols[i] < 0) { free(line); return -1; }\n"
     "    if ((size_t)cols[i] >= strlen(line)) past++;\n"
     "  }\n"
     "  return past;\n"
     "}\n",
     "count_past_end", "linear-scan-in-loop@7"},
    {"a lookup helper behind a wrapper, per element of another collection",
     "#include <string.h>\n"
     "struct user { const char *name; int id; };\n"
     "struct users { struct user *v; int n; };\n"
     "static const struct user *users_find(const struct users *u, const char *name) {\n"
     "  for (int i = 0; i < u->n; i++)\n"
     "    if (strcmp(u->v[i].name, name) == 0) return &u->v[i];\n"
     "  return NULL;\n"
     "}\n"
     "static int users_has(const struct users *u, const char *name) {\n"
     "  return users_find(u, name) != NULL;\n"
     "}\n"
     "int count_known(const struct users *u, const char **names, int n) {\n"
     "  int known = 0;\n"
     "  for (int i = 0; i < n; i++) known += users_has(u, names[i]);\n"
     "  return known;\n"
     "}\n",
     "count_known", "parallelizable-loop@14,linear-scan-in-loop@14"},
    {"a helper that measures each element's own string is fine",
     "#include <string.h>\n"
     "static size_t width(const char *prefix, const char *s) {\n"
     "  return strlen(prefix) + strlen(s);\n"
     "}\n"
     "size_t widest(const char **lines, int n) {\n"
     "  size_t w = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    size_t k = width(\"> \", lines[i]);\n"
     "    if (k > w) w = k;\n"
     "  }\n"
     "  return w;\n"
     "}\n",
     "widest", ""},
    {"a lookup right before return runs once, however many loops enclose it",
     "struct list { int *v; int n; };\n"
     "static int has(const struct list *l, int k) {\n"
     "  for (int i = 0; i < l->n; i++) if (l->v[i] == k) return 1;\n"
     "  return 0;\n"
     "}\n"
     "int first_clash(const struct list *l, const int *rows, int nr, int nc) {\n"
     "  int sum = 0;\n"
     "  for (int r = 0; r < nr; r++)\n"
     "    for (int c = 0; c < nc; c++) {\n"
     "      sum += rows[r * nc + c];\n"
     "      if (sum < 0) {\n"
     "        int bad = has(l, -sum);\n"
     "        return bad ? r : -1;\n"
     "      }\n"
     "    }\n"
     "  return nr;\n"
     "}\n",
     "first_clash", ""},
    {"one finding per loop and callee, naming its other lines",
     "struct list { int *v; int n; };\n"
     "static int has(const struct list *l, int k) {\n"
     "  for (int i = 0; i < l->n; i++) if (l->v[i] == k) return 1;\n"
     "  return 0;\n"
     "}\n"
     "int tally(const struct list *l, const int *a, const int *b, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    c += has(l, a[i]);\n"
     "    c += has(l, b[i]);\n"
     "    c += has(l, a[i] + b[i]);\n"
     "  }\n"
     "  return c;\n"
     "}\n",
     "tally", "parallelizable-loop@8,linear-scan-in-loop@9"},
    {"a shift loop is front-insert-in-loop's, not a search",
     "void insert_sorted(int *a, int n) {\n"
     "  for (int i = 1; i < n; i++) {\n"
     "    int v = a[i], j = i;\n"
     "    while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }\n"
     "    a[j] = v;\n"
     "  }\n"
     "}\n",
     "insert_sorted", "front-insert-in-loop@4"},
    {"a comparison that runs while two suffixes match walks neither",
     "static int suffix_cmp(const unsigned char *t, const unsigned char *end, const int *p, const "
     "int *q) {\n"
     "  const unsigned char *a = t + *p, *b = t + *q;\n"
     "  for (; a < end && b < end && *a == *b; a++, b++) {\n"
     "  }\n"
     "  return a < end ? (b < end ? *a - *b : 1) : -1;\n"
     "}\n"
     "void sort_suffixes(const unsigned char *t, const unsigned char *end, int *sa, int m) {\n"
     "  for (int i = 1; i < m; i++) {\n"
     "    int j = i;\n"
     "    while (j > 0 && suffix_cmp(t, end, &sa[j - 1], &sa[j]) > 0) {\n"
     "      int x = sa[j]; sa[j] = sa[j - 1]; sa[j - 1] = x; j--;\n"
     "    }\n"
     "  }\n"
     "}\n",
     "sort_suffixes", "front-insert-in-loop@10"},
    {"a value a call makes afresh is not a collection kept across iterations",
     "struct list { int *v; int n; };\n"
     "static struct list *no_items(void) { static struct list none; return &none; }\n"
     "static int add_all(struct list *dst, const struct list *src) {\n"
     "  int k = 0;\n"
     "  for (int i = 0; i < src->n; i++) k += dst->v[i % dst->n] = src->v[i];\n"
     "  return k;\n"
     "}\n"
     "int fill(struct list *dst, int times) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < times; i++) s += add_all(dst, no_items());\n"
     "  return s;\n"
     "}\n",
     "fill", ""},
    {"the length of the key each element is compared with",
     "#include <string.h>\n"
     "struct cmd { const char *name; int id; };\n"
     "int find_prefix(const struct cmd *cmds, int n, const char *word) {\n"
     "  int found = -1;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (strncmp(word, cmds[i].name, strlen(word)) != 0)\n"
     "      continue;\n"
     "    if (found != -1)\n"
     "      return -2;\n"
     "    found = i;\n"
     "  }\n"
     "  return found;\n"
     "}\n",
     "find_prefix", ""},
};

static const struct pa_rule_example cxx_examples[] = {
    {"std::find over one vector for each element of another",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "int common(const std::vector<int> &a, const std::vector<int> &b) {\n"
     "  int n = 0;\n"
     "  for (int x : a)\n"
     "    if (std::find(b.begin(), b.end(), x) != b.end())\n"
     "      n++;\n"
     "  return n;\n"
     "}\n",
     "common", "linear-scan-in-loop@6"},
    {"std::string::find of each word in the same text",
     "#include <string>\n"
     "#include <vector>\n"
     "int mentioned(const std::string &text, const std::vector<std::string> &words) {\n"
     "  int n = 0;\n"
     "  for (const std::string &w : words)\n"
     "    if (text.find(w) != std::string::npos)\n"
     "      n++;\n"
     "  return n;\n"
     "}\n",
     "mentioned", "linear-scan-in-loop@6"},
    {"a std::map's find is a tree lookup: fine",
     "#include <map>\n"
     "#include <vector>\n"
     "int known(const std::map<int, int> &m, const std::vector<int> &keys) {\n"
     "  int n = 0;\n"
     "  for (int k : keys)\n"
     "    if (m.find(k) != m.end())\n"
     "      n++;\n"
     "  return n;\n"
     "}\n",
     "known", ""},
    {"a character looked up in a set of characters is fine",
     "#include <string>\n"
     "int separators(const std::string &seps, const std::string &in) {\n"
     "  int n = 0;\n"
     "  for (char c : in)\n"
     "    if (seps.find(c) != std::string::npos)\n"
     "      n++;\n"
     "  return n;\n"
     "}\n",
     "separators", ""},
    {"std::find over the first few elements is fine",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "int in_top3(const std::vector<int> &a, const std::vector<int> &top) {\n"
     "  int n = 0;\n"
     "  for (int x : a)\n"
     "    if (std::find(top.begin(), top.begin() + 3, x) != top.begin() + 3)\n"
     "      n++;\n"
     "  return n;\n"
     "}\n",
     "in_top3", ""},
    {"a member function walking its object's elements, for each element of another",
     "#include <vector>\n"
     "struct bag {\n"
     "  std::vector<int> items;\n"
     "  bool contains(int x) const {\n"
     "    for (int y : items)\n"
     "      if (y == x)\n"
     "        return true;\n"
     "    return false;\n"
     "  }\n"
     "};\n"
     "int common(const bag &b, const std::vector<int> &in) {\n"
     "  int n = 0;\n"
     "  for (int x : in)\n"
     "    if (b.contains(x))\n"
     "      n++;\n"
     "  return n;\n"
     "}\n",
     "common", "linear-scan-in-loop@14"},
    {"the same member function on a different object each time is fine",
     "#include <vector>\n"
     "struct bag {\n"
     "  std::vector<int> items;\n"
     "  bool contains(int x) const {\n"
     "    for (int y : items)\n"
     "      if (y == x)\n"
     "        return true;\n"
     "    return false;\n"
     "  }\n"
     "};\n"
     "int with_three(const std::vector<bag> &bags) {\n"
     "  int n = 0;\n"
     "  for (const bag &b : bags)\n"
     "    n += b.contains(3);\n"
     "  return n;\n"
     "}\n",
     "with_three", ""},
    {"std::find before push_back: a dedupe that rescans what it keeps",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "std::vector<int> distinct(const std::vector<int> &in) {\n"
     "  std::vector<int> out;\n"
     "  for (int x : in)\n"
     "    if (std::find(out.begin(), out.end(), x) == out.end())\n"
     "      out.push_back(x);\n"
     "  return out;\n"
     "}\n",
     "distinct", "linear-scan-in-loop@6"},
    {"a search that resumes where the last one ended is fine",
     "#include <string>\n"
     "long nth(const std::string &text, const std::string &word, int n) {\n"
     "  std::string::size_type at = 0;\n"
     "  for (int i = 0; i < n && at != std::string::npos; i++)\n"
     "    at = text.find(word, at + 1);\n"
     "  return (long)at;\n"
     "}\n",
     "nth", ""},
};

const struct pa_rule pa_rule_linear_scan_in_loop = {
    .id = "linear-scan-in-loop",
    .category = 'B',
    .title = "Linear scan repeated in a loop",
    .summary = "A linear-time operation repeated per iteration of a loop: an inner search loop, "
               "strlen/strchr/strstr/memchr/memcmp of unchanging data, a list lookup, or a call "
               "of a project function that is O(n).",
    .remedy = "Hoist the scan out of the loop, or build a hash table or sorted index once and "
              "look up into it.",
    .alternatives = "keep the collection in a hash map (or a sorted array searched with bsearch) "
                    "for its whole life instead of a list; carry each string's length with it so "
                    "that nothing rescans it; intern strings once and compare their ids",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_COMPLEXITY,
                 .factor = 0.0,
                 .base_hours = 1.5,
                 .hours_per_line = 0.03,
                 .assumption =
                     "an index (hash table, sorted array, length kept) replaces the repeated scan"},
    PA_RULE_EXAMPLES(examples),
    PA_RULE_CXX_EXAMPLES(cxx_examples),
};
