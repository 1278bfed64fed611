/* nested_loop.c: loops over the input nested inside each other (O(n^2) or worse). */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

/* An inner loop that makes the nest quadratic: linear, not a search (linear-scan-in-loop),
 * not an element shift (front-insert-in-loop), and not bounded by the outer element's own
 * size (those add up to the input once). */
static bool multiplies(const struct pa_rule_context *ctx, const struct pa_loop *inner,
                       const struct pa_loop *outer)
{
    const struct pa_function *fn = ctx->function;
    /* a loop run once on the way out of the outer one (then break or return) adds to it */
    for (const struct pa_loop *p = inner; p && p != outer; p = p->parent)
        if (p->leaves_function || (p->leaves_parent && p->parent == outer))
            return false;
    return inner->trip.kind == PA_TRIP_LINEAR && !pa_loop_is_search(fn, inner) &&
           !pa_loop_is_shift(fn, inner) &&
           !pa_loop_bound_per_element(ctx->program, fn, inner, outer) &&
           !pa_loop_splits_step(inner, outer) && !pa_loops_walk_grid(fn, inner, outer);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *outer = fn->loops[i];
        if (outer->trip.kind != PA_TRIP_LINEAR)
            continue;
        /* one finding per nest, at its outermost linear loop */
        bool nested_in_reported = false;
        for (const struct pa_loop *p = outer->parent; p; p = p->parent)
            if (p->trip.kind == PA_TRIP_LINEAR)
                nested_in_reported = true;
        if (nested_in_reported)
            continue;
        unsigned depth = 1, best = 1;
        const struct pa_loop *deepest = NULL;
        for (unsigned j = i + 1; j < fn->nloops; j++) {
            const struct pa_loop *inner = fn->loops[j];
            if (!pa_loop_within(inner, outer))
                break; /* preorder: the nest's loops come right after it */
            if (!multiplies(ctx, inner, outer))
                continue;
            depth = 2;
            for (const struct pa_loop *p = inner->parent; p && p != outer; p = p->parent)
                if (p->trip.kind == PA_TRIP_LINEAR && multiplies(ctx, p, outer))
                    depth++;
            if (depth > best) {
                best = depth;
                deepest = inner;
            }
        }
        if (!deepest)
            continue;
        struct pa_cx current = {(short)best, 0, false, false};
        struct pa_cx proposed = pa_cx_mul(pa_cx_div_n(current), PA_CX_LOG);
        char cur[PA_CX_STRLEN];
        pa_rule_report(ctx, outer->line, outer->column, current, proposed,
                       "sort both sides once and merge, or index the inner collection in a hash "
                       "table keyed by what the inner loop compares",
                       "%u nested loops over the input (inner loop at line %u): %s work", best,
                       deepest->line, pa_cx_format(current, cur, sizeof(cur)));
    }
}

static const struct pa_rule_example examples[] = {
    {"nested loop",
     "int pairs(const int *a, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = i + 1; j < n; j++)\n"
     "      if (a[i] + a[j] == 0) c++;\n"
     "  return c;\n"
     "}\n",
     "pairs", "nested-loop@3,parallelizable-loop@3"},
    {"constant inner loop is fine",
     "int rows(const int (*m)[4], int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < 4; j++) s += m[i][j];\n"
     "  return s;\n"
     "}\n",
     "rows", ""},
    {"two loops in sequence are fine",
     "int twice(const int *a, int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i < n; i++) s += a[i];\n"
     "  for (int j = 0; j < n; j++) s -= a[j];\n"
     "  return s;\n"
     "}\n",
     "twice", ""},
    {"per-element inner loop is fine",
     "#include <string.h>\n"
     "int vowels(char **words, int n) {\n"
     "  int c = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    const char *w = words[i];\n"
     "    for (int j = 0; w[j]; j++) c += w[j] == 'a';\n"
     "  }\n"
     "  return c;\n"
     "}\n",
     "vowels", ""},
    {"walking a grid is linear in its cells",
     "void clear(char **grid, int rows, int cols) {\n"
     "  for (int y = 0; y < rows; y++)\n"
     "    for (int x = 0; x < cols; x++) grid[y][x] = ' ';\n"
     "}\n",
     "clear", ""},
    {"drawing every cell through a call is a grid walk",
     "void plot(char *canvas, int w, int x, int y);\n"
     "void fill_canvas(char *canvas, int w, int h) {\n"
     "  for (int y = 0; y < h; y++)\n"
     "    for (int x = 0; x < w; x++) plot(canvas, w, x, y);\n"
     "}\n",
     "fill_canvas", ""},
    {"blocked iteration is linear",
     "void fill(int *v, int n, int k) {\n"
     "  for (int i = 0; i < n; i += k)\n"
     "    for (int j = 0; j < k; j++) v[i + j] = j;\n"
     "}\n",
     "fill", ""},
    {"an inner loop followed by break runs once per outer loop",
     "int trim_digits(char *d, int n) {\n"
     "  int k = n;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (d[i] == '.') {\n"
     "      for (int j = n - 1; j > i; j--) d[j] = '0';\n"
     "      k = i;\n"
     "      break;\n"
     "    }\n"
     "    d[i] = d[i] + 1;\n"
     "  }\n"
     "  return k;\n"
     "}\n",
     "trim_digits", ""},
    {"each symbol fills as many slots as its own count: the counts add up to the table",
     "void fill(unsigned char *table, const short *counts, unsigned nsym) {\n"
     "  unsigned pos = 0;\n"
     "  for (unsigned s = 0; s < nsym; s++) {\n"
     "    for (int i = 0; i < counts[s]; i++) {\n"
     "      table[pos] = (unsigned char)s;\n"
     "      pos++;\n"
     "    }\n"
     "  }\n"
     "}\n",
     "fill", ""},
    {"each window's own panes, windows walked by an iterator call: every pane once",
     "struct pane { int id; struct pane *next; };\n"
     "struct window { struct pane *panes_first; int flags; };\n"
     "struct window *win_min(void *tree);\n"
     "struct window *win_next(struct window *w);\n"
     "int count_active(void *tree) {\n"
     "  int c = 0;\n"
     "  struct window *w;\n"
     "  for (w = win_min(tree); w != 0; w = win_next(w))\n"
     "    for (struct pane *p = w->panes_first; p != 0; p = p->next)\n"
     "      c += p->id > 0;\n"
     "  return c;\n"
     "}\n",
     "count_active", ""},
};

const struct pa_rule pa_rule_nested_loop = {
    .id = "nested-loop",
    .category = 'B',
    .title = "Nested loops over the input",
    .summary = "Loops nested so that the work grows as a product of input sizes (O(n^2) or "
               "worse); a loop bounded by a small constant does not count.",
    .remedy = "Replace the inner pass with a lookup structure built once (hash table, sorted "
              "array with binary search) or a single merge pass over sorted inputs.",
    .alternatives = "sort both inputs once and merge them in one pass; build an index (hash map) "
                    "on the join key once instead of per outer element; pre-aggregate the inner "
                    "side (totals per key) when only aggregates are used; for tabular data, an "
                    "embedded database (SQLite, DuckDB) does joins with indexes",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_COMPLEXITY,
                 .factor = 0.0,
                 .base_hours = 2.0,
                 .hours_per_line = 0.05,
                 .assumption = "the nest is rewritten as proposed (hash table, sort and merge) at "
                               "a similar cost per element"},
    PA_RULE_EXAMPLES(examples),
};
