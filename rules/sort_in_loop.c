/* sort_in_loop.c: the same array sorted again on every iteration of a loop. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

/* Is every variable the expression names left unassigned by the loop (contents may change:
 * that is what sorting after an insert does)? */
struct same_array {
    const struct pa_program *prog;
    const struct pa_function *fn;
    const struct pa_loop *loop;
};

static bool visit_same(const struct pa_expr *e, void *data)
{
    const struct same_array *s = data;
    if (e->kind == PA_EXPR_VAR)
        return e->var >= 0 && !pa_var_modified_in(s->prog, s->fn, e->var, s->loop, false);
    return e->kind != PA_EXPR_CALL;
}

/* std::sort(b, e) over iterators: the whole of one container, begin() to end(); the container
 * in *container. False for a part of one (v.begin() + k) or iterators kept elsewhere. */
static bool whole_container(const struct pa_call_site *s, const struct pa_expr **container)
{
    const struct pa_expr *from = NULL, *to = NULL;
    *container = NULL;
    if (pa_iterator_position(s->call->kids[0], &from) == PA_POS_NONE)
        return true; /* not iterators: a pointer and a count, checked as before */
    if (s->call->nkids < 2 || pa_iterator_position(s->call->kids[0], &from) != PA_POS_START ||
        pa_iterator_position(s->call->kids[1], &to) != PA_POS_END || !from || !to ||
        !pa_expr_same(from, to))
        return false;
    *container = from;
    return true;
}

/* l.sort(), or a member function sorting its object, on the same container every time. */
static void check_receiver(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    const struct pa_program *prog = ctx->program;
    const struct pa_function *fn = ctx->function;
    if (!pa_call_effect_on_receiver(prog, fn, s, PA_EFFECT_SORTS, NULL))
        return;
    const struct pa_summary *cs = pa_call_summary(prog, s);
    if (!cs || cs->fn == fn || (cs->fn && fn->scc >= 0 && cs->fn->scc == fn->scc))
        return;
    const struct pa_expr *object = pa_call_object(prog, s);
    const struct pa_loop *growing = pa_loop_growing(pa_site_repeating_loop(s));
    if (object ? !pa_object_persists_in(prog, fn, object, growing) : !pa_call_on_this(prog, s))
        return;
    struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
    char chain[256];
    pa_call_chain(prog, s, PA_SUBJECT_RECEIVER, PA_EFFECT_SORTS, chain, sizeof(chain));
    pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_NLOGN),
                   pa_cx_mul(repeat, PA_CX_LOG),
                   "sort once after the loop, or keep the container ordered as you go (a "
                   "std::set or std::multiset, or a heap)",
                   "%s() sorts the same container again on every iteration%s%s%s", s->call->name,
                   cs->fn ? " (" : "", cs->fn ? chain : "", cs->fn ? ")" : "");
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_site_repeats(ctx->program, s))
            continue;
        check_receiver(ctx, s);
        if (s->call->nkids == 0)
            continue;
        const struct pa_summary *cs = pa_call_summary(ctx->program, s);
        if (!cs || cs->fn == fn || (cs->fn && fn->scc >= 0 && cs->fn->scc == fn->scc))
            continue; /* a recursive sort's own calls */
        int arg = -1;
        for (unsigned a = 0; a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS && arg < 0; a++)
            if (pa_call_effect_on_arg(ctx->program, fn, s, a, PA_EFFECT_SORTS, NULL))
                arg = (int)a;
        if (arg < 0)
            continue;
        const struct pa_loop *growing = pa_loop_growing(pa_site_repeating_loop(s));
        struct same_array same = {ctx->program, fn, growing};
        const struct pa_expr *container;
        if (!whole_container(s, &container))
            continue; /* std::sort(v.begin(), v.begin() + k): a part of it */
        if (container ? !pa_object_persists_in(ctx->program, fn, container, growing)
                      : !pa_expr_walk(s->call->kids[arg], visit_same, &same))
            continue; /* a different array (a bucket, a row) each time */
        if (pa_call_walks_new_element(ctx->program, fn, s, s->loop))
            continue; /* a scratch array refilled from each new element, then sorted */
        int bound = cs->params[arg].bound_param;
        if (bound >= 0 && (unsigned)bound < s->call->nkids &&
            pa_expr_is_constant(fn, s->call->kids[bound]))
            continue; /* a few elements: constant time */
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        const char *remedy = "sort once after the loop, or keep the array ordered as you go "
                             "(binary search for the insertion point) or use a heap or balanced "
                             "tree";
        if (!cs->fn || !(cs->params[arg].why[PA_EFFECT_SORTS].via)) {
            pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_NLOGN),
                           pa_cx_mul(repeat, PA_CX_LOG), remedy,
                           "%s() sorts the same array again on every iteration", s->call->name);
            continue;
        }
        char chain[256];
        pa_call_chain(ctx->program, s, arg, PA_EFFECT_SORTS, chain, sizeof(chain));
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_NLOGN),
                       pa_cx_mul(repeat, PA_CX_LOG), remedy,
                       "%s() sorts the same array again on every iteration (%s)", s->call->name,
                       chain);
    }
}

static const struct pa_rule_example examples[] = {
    {"qsort in a loop",
     "#include <stdlib.h>\n"
     "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
     "void add_all(int *v, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    v[i] = in[i];\n"
     "    qsort(v, i + 1, sizeof *v, cmp);\n"
     "  }\n"
     "}\n",
     "add_all", "sort-in-loop@6"},
    {"sorting each bucket is fine",
     "#include <stdlib.h>\n"
     "struct bucket { int *v; int n; };\n"
     "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
     "void sort_buckets(struct bucket *b, int n) {\n"
     "  for (int i = 0; i < n; i++) qsort(b[i].v, b[i].n, sizeof(int), cmp);\n"
     "}\n",
     "sort_buckets", ""},
    {"a project sort wrapper called per insert",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "struct board { int *scores; int n; };\n"
     "static int by_score(const void *a, const void *b) {\n"
     "  return *(const int *)b - *(const int *)a;\n"
     "}\n"
     "static void board_rank(struct board *b) {\n"
     "  qsort(b->scores, (size_t)b->n, sizeof b->scores[0], by_score);\n"
     "}\n"
     "void board_add_all(struct board *b, const int *scores, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    b->scores[b->n++] = scores[i];\n"
     "    board_rank(b);\n"
     "  }\n"
     "}\n",
     "board_add_all", "sort-in-loop@13"},
    {"a sort wrapper applied to each row is fine",
     "#include <stdlib.h>\n"
     "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
     "static void sort_row(int *row, int n) { qsort(row, (size_t)n, sizeof *row, cmp); }\n"
     "void sort_rows(int **rows, int nrows, int ncols) {\n"
     "  for (int r = 0; r < nrows; r++) sort_row(rows[r], ncols);\n"
     "}\n",
     "sort_rows", ""},
    {"a scratch array refilled from each new block, then sorted",
     "#include <stdlib.h>\n"
     "struct scratch { int *counts; int n; };\n"
     "static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\n"
     "static void block_stats(struct scratch *s, const unsigned char *src, int len) {\n"
     "  for (int i = 0; i < s->n; i++) s->counts[i] = 0;\n"
     "  for (int i = 0; i < len; i++) s->counts[src[i] % s->n]++;\n"
     "  qsort(s->counts, s->n, sizeof *s->counts, cmp);\n"
     "}\n"
     "void all_stats(struct scratch *s, const unsigned char *const *blocks, const int *lens, int "
     "nb) {\n"
     "  for (int b = 0; b < nb; b++) block_stats(s, blocks[b], lens[b]);\n"
     "}\n",
     "all_stats", ""},
};

static const struct pa_rule_example cxx_examples[] = {
    {"std::sort after each push_back",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "void add_all(std::vector<int> &v, const std::vector<int> &in) {\n"
     "  for (int x : in) {\n"
     "    v.push_back(x);\n"
     "    std::sort(v.begin(), v.end());\n"
     "  }\n"
     "}\n",
     "add_all", "sort-in-loop@6"},
    {"a list sorted on every iteration",
     "#include <list>\n"
     "void add_all(std::list<int> &l, const int *in, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    l.push_back(in[i]);\n"
     "    l.sort();\n"
     "  }\n"
     "}\n",
     "add_all", "sort-in-loop@5"},
    {"sorting once after the loop is fine",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "void add_all(std::vector<int> &v, const std::vector<int> &in) {\n"
     "  for (int x : in)\n"
     "    v.push_back(x);\n"
     "  std::sort(v.begin(), v.end());\n"
     "}\n",
     "add_all", ""},
    {"sorting each row is fine",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "void sort_rows(std::vector<std::vector<int>> &rows) {\n"
     "  for (auto &row : rows)\n"
     "    std::sort(row.begin(), row.end());\n"
     "}\n",
     "sort_rows", ""},
    {"sorting the first few is fine",
     "#include <algorithm>\n"
     "#include <vector>\n"
     "void top3(std::vector<int> &v, const std::vector<int> &in) {\n"
     "  for (int x : in) {\n"
     "    v.push_back(x);\n"
     "    std::sort(v.begin(), v.begin() + 3);\n"
     "  }\n"
     "}\n",
     "top3", ""},
};

const struct pa_rule pa_rule_sort_in_loop = {
    .id = "sort-in-loop",
    .category = 'B',
    .title = "Sort inside a loop",
    .summary = "A sort (qsort or a project sort function) executed inside a loop on the same "
               "array.",
    .remedy = "Sort once outside the loop, or maintain order incrementally with a heap or tree.",
    .alternatives = "a binary heap when only the smallest (or largest) is taken each time; a "
                    "balanced tree or skip list when the order must stay current under inserts; "
                    "sort once after the loop when the order is only read afterwards",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_COMPLEXITY,
                 .factor = 0.0,
                 .base_hours = 1.5,
                 .hours_per_line = 0.03,
                 .assumption =
                     "one sort after the loop (or an ordered structure) gives the same order"},
    PA_RULE_EXAMPLES(examples),
    PA_RULE_CXX_EXAMPLES(cxx_examples),
};
