/* front_insert_in_loop.c: inserting or removing at the front of an array inside a loop, which
 * shifts the whole tail every time. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

/* The argument whose tail the call shifts, or -1. */
static int shifted_arg(const struct pa_rule_context *ctx, const struct pa_call_site *s,
                       struct pa_witness *why)
{
    for (unsigned a = 0; a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++)
        if (pa_call_effect_on_arg(ctx->program, ctx->function, s, a, PA_EFFECT_SHIFTS_TAIL, why))
            return (int)a;
    return -1;
}

static void check_call(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    struct pa_witness why;
    int arg = shifted_arg(ctx, s, &why);
    if (arg < 0 || !pa_site_repeats(ctx->program, s))
        return;
    bool by_pointers;
    enum pa_position at =
        pa_call_shift_position(ctx->program, ctx->function, s, (unsigned)arg, &by_pointers);
    /* memmove(a + pos + 1, a + pos, ...) shifts whatever pos is; a helper given a position
     * is reported only when it is the front (vec_insert(v, 0, x)), not the end */
    if (!by_pointers && at != PA_POS_START)
        return;
    /* the same array on every iteration, not rows[i] or a string the loop assigns afresh */
    if (!pa_object_persists_in(ctx->program, ctx->function, pa_call_arg_subject(s, (unsigned)arg),
                               pa_loop_growing(pa_site_repeating_loop(s))))
        return;
    struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
    const char *suggestion = "use a ring buffer or deque (head index modulo capacity), append at "
                             "the end and reverse once, or collect then sort";
    const struct pa_summary *cs = pa_call_summary(ctx->program, s);
    if (cs && !cs->fn) {
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                       suggestion, "%s() shifts the whole array by one place on every iteration",
                       s->call->name);
        return;
    }
    char chain[256];
    pa_call_chain(ctx->program, s, arg, PA_EFFECT_SHIFTS_TAIL, chain, sizeof(chain));
    pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                   suggestion,
                   "%s() shifts the array's tail from its front on every iteration (%s)",
                   s->call->name, chain);
}

/* v.insert(v.begin(), x), v.erase(v.begin()), or a member function doing it to its object,
 * on the same container on every iteration. */
static void check_receiver_call(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    const struct pa_program *prog = ctx->program;
    const struct pa_function *fn = ctx->function;
    if (!pa_call_effect_on_receiver(prog, fn, s, PA_EFFECT_SHIFTS_TAIL, NULL) ||
        !pa_site_repeats(prog, s) || pa_call_receiver_shift_position(prog, fn, s) != PA_POS_START)
        return;
    const struct pa_expr *object = pa_call_object(prog, s);
    const struct pa_loop *growing = pa_loop_growing(pa_site_repeating_loop(s));
    if (object ? !pa_object_persists_in(prog, fn, object, growing) : !pa_call_on_this(prog, s))
        return; /* a different container each time (rows[i], a local of the loop) */
    struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
    const char *suggestion = "use a std::deque (constant time at both ends), or push_back and "
                             "reverse once after the loop";
    const struct pa_summary *cs = pa_call_summary(prog, s);
    if (cs && !cs->fn) {
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                       suggestion,
                       "%s() at the front moves every element of the container on every "
                       "iteration",
                       s->call->name);
        return;
    }
    char chain[256];
    pa_call_chain(prog, s, PA_SUBJECT_RECEIVER, PA_EFFECT_SHIFTS_TAIL, chain, sizeof(chain));
    pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                   suggestion,
                   "%s() moves every element of its object's container on every iteration (%s)",
                   s->call->name, chain);
}

static void check_shift_loop(const struct pa_rule_context *ctx, const struct pa_loop *inner)
{
    const struct pa_function *fn = ctx->function;
    if (inner->trip.kind != PA_TRIP_LINEAR || !pa_loop_is_shift(fn, inner))
        return;
    /* a shift followed by leaving the loop (rank one element, then return) is not repeated */
    const struct pa_loop *outer = pa_loop_growing(pa_loop_repeating(inner));
    if (!outer)
        return;
    struct pa_cx repeat = pa_loop_repeat(pa_loop_repeating(inner));
    pa_rule_report(ctx, inner->line, inner->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                   "use a ring buffer or deque (head index modulo capacity), or insert in bulk "
                   "and sort once",
                   "element-by-element shift of the array inside a loop (outer loop at line %u)",
                   outer->line);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        check_call(ctx, &fn->calls[i]);
        check_receiver_call(ctx, &fn->calls[i]);
    }
    for (unsigned i = 0; i < fn->nloops; i++)
        check_shift_loop(ctx, fn->loops[i]);
}

static const struct pa_rule_example examples[] = {
    {"memmove to the front",
     "#include <string.h>\n"
     "void prepend_all(int *a, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    memmove(a + 1, a, i * sizeof *a);\n"
     "    a[0] = in[i];\n"
     "  }\n"
     "}\n",
     "prepend_all", "front-insert-in-loop@4"},
    {"insertion at a position in a loop",
     "#include <string.h>\n"
     "void insert_sorted(int *a, int *n, const int *in, int m) {\n"
     "  for (int k = 0; k < m; k++) {\n"
     "    int pos = 0;\n"
     "    while (pos < *n && a[pos] < in[k]) pos++;\n"
     "    memmove(a + pos + 1, a + pos, (*n - pos) * sizeof *a);\n"
     "    a[pos] = in[k];\n"
     "    (*n)++;\n"
     "  }\n"
     "}\n",
     "insert_sorted", "linear-scan-in-loop@5,front-insert-in-loop@6"},
    {"moving each element into another array is fine",
     "#include <string.h>\n"
     "void gather(char (*dst)[16], char (*src)[16], const int *order, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    memmove(dst[i], src[order[i]], sizeof(dst[i]));\n"
     "}\n",
     "gather", ""},
    {"a helper inserting at index 0 through a wrapper of memmove",
     "#include <string.h>\n"
     "struct vec { int *items; int len; };\n"
     "static void shift_tail(int *a, int pos, int len) {\n"
     "  memmove(a + pos + 1, a + pos, (size_t)(len - pos) * sizeof *a);\n"
     "}\n"
     "static void vec_insert(struct vec *v, int pos, int x) {\n"
     "  shift_tail(v->items, pos, v->len);\n"
     "  v->items[pos] = x;\n"
     "  v->len++;\n"
     "}\n"
     "void load_recent_first(struct vec *v, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    vec_insert(v, 0, in[i]);\n"
     "}\n",
     "load_recent_first", "front-insert-in-loop@13"},
    {"a push-front helper that shifts with its own loop",
     "struct queue { int items[4096]; int count; };\n"
     "static void queue_push_front(struct queue *q, int x) {\n"
     "  for (int j = q->count; j > 0; j--)\n"
     "    q->items[j] = q->items[j - 1];\n"
     "  q->items[0] = x;\n"
     "  q->count++;\n"
     "}\n"
     "void requeue(struct queue *q, const int *ids, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    queue_push_front(q, ids[i]);\n"
     "}\n",
     "requeue", "front-insert-in-loop@10"},
    {"the same insert helper appending at the end is fine",
     "#include <string.h>\n"
     "struct vec { int *items; int len; };\n"
     "static void shift_tail(int *a, int pos, int len) {\n"
     "  memmove(a + pos + 1, a + pos, (size_t)(len - pos) * sizeof *a);\n"
     "}\n"
     "static void vec_insert(struct vec *v, int pos, int x) {\n"
     "  shift_tail(v->items, pos, v->len);\n"
     "  v->items[pos] = x;\n"
     "  v->len++;\n"
     "}\n"
     "void load_in_order(struct vec *v, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    vec_insert(v, v->len, in[i]);\n"
     "}\n",
     "load_in_order", ""},
    {"a ring buffer overwrites the oldest slot instead of shifting",
     "void window(const int *x, int *out, int n, int *ring, int w) {\n"
     "  int head = 0, len = 0, sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (len == w) { sum -= ring[head]; ring[head] = x[i]; head = (head + 1) % w; }\n"
     "    else ring[len++] = x[i];\n"
     "    sum += x[i];\n"
     "    out[i] = sum;\n"
     "  }\n"
     "}\n",
     "window", ""},
    {"a shift that ranks one element, then returns, runs once",
     "int promote(int *rank, int n, int key) {\n"
     "  for (int u = 1; u < n; u++) {\n"
     "    if (rank[u] == key) {\n"
     "      int v = rank[u];\n"
     "      while (u > 1 && rank[u - 1] < v) { rank[u] = rank[u - 1]; u--; }\n"
     "      rank[u] = v;\n"
     "      return u;\n"
     "    }\n"
     "  }\n"
     "  return -1;\n"
     "}\n",
     "promote", ""},
};

static const struct pa_rule_example cxx_examples[] = {
    {"vector insert at begin() in a loop",
     "#include <vector>\n"
     "std::vector<int> newest_first(const std::vector<int> &in) {\n"
     "  std::vector<int> out;\n"
     "  for (int x : in)\n"
     "    out.insert(out.begin(), x);\n"
     "  return out;\n"
     "}\n",
     "newest_first", "front-insert-in-loop@5"},
    {"vector erase at begin() in a loop",
     "#include <vector>\n"
     "long drain(std::vector<int> &queue, int n) {\n"
     "  long sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    sum += queue.front();\n"
     "    queue.erase(queue.begin());\n"
     "  }\n"
     "  return sum;\n"
     "}\n",
     "drain", "front-insert-in-loop@6"},
    {"a member function that inserts at its vector's front",
     "#include <vector>\n"
     "struct history {\n"
     "  std::vector<int> items;\n"
     "  void remember(int x) { items.insert(items.begin(), x); }\n"
     "};\n"
     "void load(history &h, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    h.remember(in[i]);\n"
     "}\n",
     "load", "front-insert-in-loop@8"},
    {"push_back is fine",
     "#include <vector>\n"
     "std::vector<int> in_order(const std::vector<int> &in) {\n"
     "  std::vector<int> out;\n"
     "  for (int x : in)\n"
     "    out.push_back(x);\n"
     "  return out;\n"
     "}\n",
     "in_order", ""},
    {"insert at end() is fine",
     "#include <vector>\n"
     "void append_all(std::vector<int> &out, const std::vector<int> &in) {\n"
     "  for (int x : in)\n"
     "    out.insert(out.end(), x);\n"
     "}\n",
     "append_all", ""},
    {"a deque's push_front is fine",
     "#include <deque>\n"
     "#include <vector>\n"
     "std::deque<int> newest_first(const std::vector<int> &in) {\n"
     "  std::deque<int> out;\n"
     "  for (int x : in)\n"
     "    out.push_front(x);\n"
     "  return out;\n"
     "}\n",
     "newest_first", ""},
    {"a new vector on each iteration is fine",
     "#include <vector>\n"
     "int firsts(const std::vector<int> &in) {\n"
     "  int sum = 0;\n"
     "  for (int x : in) {\n"
     "    std::vector<int> pair(1, x);\n"
     "    pair.insert(pair.begin(), -x);\n"
     "    sum += pair[0];\n"
     "  }\n"
     "  return sum;\n"
     "}\n",
     "firsts", ""},
    {"trimming the front of each line read is fine",
     "#include <string>\n"
     "#include <vector>\n"
     "static void ltrim(std::string &s) { s.erase(s.begin()); }\n"
     "int total(const std::vector<std::string> &lines) {\n"
     "  std::string line;\n"
     "  int n = 0;\n"
     "  for (const std::string &l : lines) {\n"
     "    line = l;\n"
     "    ltrim(line);\n"
     "    n += (int)line.size();\n"
     "  }\n"
     "  return n;\n"
     "}\n",
     "total", ""},
};

const struct pa_rule pa_rule_front_insert_in_loop = {
    .id = "front-insert-in-loop",
    .category = 'B',
    .title = "Insert or remove at the front in a loop",
    .summary = "Insertion or removal at the front of an array (memmove of the tail) inside a "
               "loop.",
    .remedy = "Use a ring buffer or deque, or append and reverse once.",
    .alternatives =
        "a ring buffer or deque (head index modulo capacity); append at the end and reverse or "
        "sort once; a linked list when elements are inserted in the middle by position",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_COMPLEXITY,
                 .factor = 0.0,
                 .base_hours = 2.0,
                 .hours_per_line = 0.04,
                 .assumption =
                     "appending (or a deque) and one reversal or sort gives the same order"},
    PA_RULE_EXAMPLES(examples),
    PA_RULE_CXX_EXAMPLES(cxx_examples),
};
