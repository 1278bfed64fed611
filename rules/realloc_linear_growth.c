/* realloc_linear_growth.c: a buffer grown by a constant amount per iteration. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

#include <stdio.h>

static const char *const remedy = "grow the capacity geometrically (cap = cap ? cap * 2 : 16) and "
                                  "realloc only when the size reaches it: amortised O(1) per "
                                  "element";

/* The loop repeating s when perfaudit found no bound for it (and none of the loops around it
 * grows with the input or is bounded by a constant): each of its iterations adds a constant to
 * the buffer, so the copying is quadratic in the final size however the loop is left. NULL
 * otherwise. */
static const struct pa_loop *unbounded_loop(const struct pa_program *prog,
                                            const struct pa_call_site *s)
{
    const struct pa_loop *rep = pa_site_repeating_loop(s);
    if (!rep || s->call->noreturn || pa_site_repeats(prog, s))
        return NULL;
    for (const struct pa_loop *l = rep; l; l = l->parent)
        if (l->trip.kind != PA_TRIP_UNKNOWN)
            return NULL;
    return rep;
}

/* Does the callee grow argument a by a constant on every call (a push helper)? */
static bool grows_per_call(const struct pa_program *prog, const struct pa_call_site *s, unsigned a)
{
    const struct pa_summary *cs = pa_call_summary(prog, s);
    return cs && cs->fn && (cs->params[a].mask & PA_EFFECT_BIT(PA_EFFECT_GROWS_CONST));
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        const struct pa_loop *unbounded = unbounded_loop(ctx->program, s);
        if (!unbounded && !pa_site_repeats(ctx->program, s))
            continue;
        int arg = -1;
        struct pa_witness why;
        for (unsigned a = 0; a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS && arg < 0; a++)
            if (unbounded
                    ? pa_call_resize_steps(ctx->program, fn, s, a, unbounded) ||
                          grows_per_call(ctx->program, s, a)
                    : pa_call_effect_on_arg(ctx->program, fn, s, a, PA_EFFECT_GROWS_CONST, &why))
                arg = (int)a;
        if (arg < 0)
            continue;
        /* without a bound the loop still runs once per element it adds */
        struct pa_cx repeat = unbounded ? PA_CX_N : pa_loop_repeat(pa_site_repeating_loop(s));
        const struct pa_summary *cs = pa_call_summary(ctx->program, s);
        if (!cs->fn || !(cs->params[arg].mask & PA_EFFECT_BIT(PA_EFFECT_GROWS_CONST))) {
            /* realloc, or a resizing wrapper, given a size that steps by a constant here */
            char via[240] = "";
            if (cs->fn) {
                char chain[200];
                pa_call_chain(ctx->program, s, arg, PA_EFFECT_RESIZES, chain, sizeof(chain));
                snprintf(via, sizeof(via), " (%s)", chain);
            }
            pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                           remedy,
                           "%s() grows the buffer by a constant amount on each iteration, "
                           "copying it again each time%s",
                           s->call->name, via);
            continue;
        }
        char chain[256];
        pa_call_chain(ctx->program, s, arg, PA_EFFECT_GROWS_CONST, chain, sizeof(chain));
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                       remedy,
                       "%s() grows the buffer by a constant amount on every call, copying it "
                       "again on each iteration (%s)",
                       s->call->name, chain);
    }
}

static const struct pa_rule_example examples[] = {
    {"realloc by one",
     "#include <stdlib.h>\n"
     "int *fill(int n) {\n"
     "  int *v = NULL;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    v = realloc(v, (i + 1) * sizeof *v);\n"
     "    v[i] = i;\n"
     "  }\n"
     "  return v;\n"
     "}\n",
     "fill", "realloc-linear-growth@5"},
    {"geometric growth is fine",
     "#include <stdlib.h>\n"
     "int *fill(int n) {\n"
     "  int *v = NULL; size_t cap = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if ((size_t)i == cap) { cap = cap ? cap * 2 : 16; v = realloc(v, cap * sizeof *v); }\n"
     "    v[i] = i;\n"
     "  }\n"
     "  return v;\n"
     "}\n",
     "fill", ""},
    {"a push helper that grows by one element per call",
     "#include <stdlib.h>\n"
     "struct ids { long *v; size_t n; };\n"
     "static void ids_push(struct ids *a, long id) {\n"
     "  a->v = realloc(a->v, (a->n + 1) * sizeof *a->v);\n"
     "  a->v[a->n++] = id;\n"
     "}\n"
     "void collect(struct ids *out, const long *in, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    if (in[i] > 0) ids_push(out, in[i]);\n"
     "}\n",
     "collect", "realloc-linear-growth@9"},
    {"a checked realloc wrapper given one more element each time",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "static void *xrealloc(void *p, size_t n) {\n"
     "  void *q = realloc(p, n);\n"
     "  if (!q) { perror(\"realloc\"); exit(1); }\n"
     "  return q;\n"
     "}\n"
     "double *read_all(FILE *f, size_t *count) {\n"
     "  double *v = NULL, x; size_t n = 0;\n"
     "  while (fscanf(f, \"%lf\", &x) == 1) {\n"
     "    v = xrealloc(v, (n + 1) * sizeof *v);\n"
     "    v[n++] = x;\n"
     "  }\n"
     "  *count = n;\n"
     "  return v;\n"
     "}\n",
     "read_all", "realloc-linear-growth@11"},
    {"an array-realloc wrapper given one element of a size that grows by each piece",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static void *xreallocn(void *p, size_t n, size_t size) {\n"
     "  void *q = reallocarray(p, n, size);\n"
     "  if (!q) abort();\n"
     "  return q;\n"
     "}\n"
     "static void *xrealloc1(void *p, size_t size) { return xreallocn(p, 1, size); }\n"
     "char *join(char *buf, size_t len, const char **parts, const size_t *lens, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    buf = xrealloc1(buf, len + lens[i]);\n"
     "    memcpy(buf + len, parts[i], lens[i]);\n"
     "    len += lens[i];\n"
     "  }\n"
     "  return buf;\n"
     "}\n",
     "join", "realloc-linear-growth@11"},
    {"the same wrapper given a doubled capacity is fine",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static void *xreallocn(void *p, size_t n, size_t size) {\n"
     "  void *q = reallocarray(p, n, size);\n"
     "  if (!q) abort();\n"
     "  return q;\n"
     "}\n"
     "static void *xrealloc1(void *p, size_t size) { return xreallocn(p, 1, size); }\n"
     "char *join(char *buf, size_t len, const char **parts, const size_t *lens, int n) {\n"
     "  size_t cap = len;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    while (len + lens[i] > cap) {\n"
     "      cap = cap ? cap * 2 : 64;\n"
     "      buf = xrealloc1(buf, cap);\n"
     "    }\n"
     "    memcpy(buf + len, parts[i], lens[i]);\n"
     "    len += lens[i];\n"
     "  }\n"
     "  return buf;\n"
     "}\n",
     "join", ""},
    {"a loop without a bound (left by a break) grown by one element each time",
     "#include <stdlib.h>\n"
     "struct source { int (*next)(void *); void *arg; };\n"
     "int *collect(struct source *s, int *count) {\n"
     "  int *v = NULL, n = 0;\n"
     "  for (;;) {\n"
     "    int x = s->next(s->arg);\n"
     "    if (x < 0) break;\n"
     "    v = realloc(v, (n + 1) * sizeof *v);\n"
     "    v[n++] = x;\n"
     "  }\n"
     "  *count = n;\n"
     "  return v;\n"
     "}\n",
     "collect", "realloc-linear-growth@8"},
    {"the same loop doubling its capacity is fine",
     "#include <stdlib.h>\n"
     "struct source { int (*next)(void *); void *arg; };\n"
     "int *collect(struct source *s, int *count) {\n"
     "  int *v = NULL, n = 0, cap = 0;\n"
     "  for (;;) {\n"
     "    int x = s->next(s->arg);\n"
     "    if (x < 0) break;\n"
     "    if (n == cap) { cap = cap ? cap * 2 : 16; v = realloc(v, cap * sizeof *v); }\n"
     "    v[n++] = x;\n"
     "  }\n"
     "  *count = n;\n"
     "  return v;\n"
     "}\n",
     "collect", ""},
    {"a retry loop that resizes to a size it does not step is fine",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "int fill(char **buf, size_t *size, int (*try_fill)(char *, size_t, size_t *)) {\n"
     "  size_t need;\n"
     "  while (1) {\n"
     "    if (try_fill(*buf, *size, &need) == 0) return 0;\n"
     "    *buf = realloc(*buf, need);\n"
     "    *size = need;\n"
     "  }\n"
     "}\n",
     "fill", ""},
    {"a helper sizing the array by a count its caller steps by one",
     "#include <stdlib.h>\n"
     "struct tree { int *nodes; int count; };\n"
     "static int add_slot(struct tree *t) {\n"
     "  int *n = realloc(t->nodes, (t->count + 1) * sizeof *t->nodes);\n"
     "  if (!n) return -1;\n"
     "  t->nodes = n;\n"
     "  return 0;\n"
     "}\n"
     "int build(struct tree *t, const int *v, int len) {\n"
     "  for (int i = 0; i < len; i++) {\n"
     "    if (add_slot(t) < 0) return -1;\n"
     "    t->nodes[t->count++] = v[i];\n"
     "  }\n"
     "  return 0;\n"
     "}\n",
     "build", "realloc-linear-growth@11"},
    {"the same helper sized by a capacity its caller doubles is fine",
     "#include <stdlib.h>\n"
     "struct tree { int *nodes; int count, cap; };\n"
     "static int fit(struct tree *t) {\n"
     "  int *n = realloc(t->nodes, (t->cap + 1) * sizeof *t->nodes);\n"
     "  if (!n) return -1;\n"
     "  t->nodes = n;\n"
     "  return 0;\n"
     "}\n"
     "int build(struct tree *t, const int *v, int len) {\n"
     "  for (int i = 0; i < len; i++) {\n"
     "    if (t->count >= t->cap) {\n"
     "      t->cap = t->cap ? t->cap * 2 : 16;\n"
     "      if (fit(t) < 0) return -1;\n"
     "    }\n"
     "    t->nodes[t->count++] = v[i];\n"
     "  }\n"
     "  return 0;\n"
     "}\n",
     "build", ""},
    {"a line reached through a local pointer, grown one cell per cell copied",
     "#include <stdlib.h>\n"
     "struct line { int *cells; unsigned size; };\n"
     "struct grid { struct line *lines; };\n"
     "static void expand(struct grid *g, unsigned y, unsigned sx) {\n"
     "  struct line *l = &g->lines[y];\n"
     "  if (sx <= l->size) return;\n"
     "  l->cells = realloc(l->cells, sx * sizeof *l->cells);\n"
     "  l->size = sx;\n"
     "}\n"
     "static void set(struct grid *g, unsigned x, unsigned y, int c) {\n"
     "  expand(g, y, x + 1);\n"
     "  g->lines[y].cells[x] = c;\n"
     "}\n"
     "void copy_row(struct grid *dst, const int *src, unsigned n, unsigned y) {\n"
     "  for (unsigned x = 0; x < n; x++) set(dst, x, y, src[x]);\n"
     "}\n",
     "copy_row", "realloc-linear-growth@15"},
    {"the same line grown once to its final width is fine",
     "#include <stdlib.h>\n"
     "struct line { int *cells; unsigned size; };\n"
     "struct grid { struct line *lines; };\n"
     "static void expand(struct grid *g, unsigned y, unsigned sx) {\n"
     "  struct line *l = &g->lines[y];\n"
     "  if (sx <= l->size) return;\n"
     "  l->cells = realloc(l->cells, sx * sizeof *l->cells);\n"
     "  l->size = sx;\n"
     "}\n"
     "static void set(struct grid *g, unsigned x, unsigned y, int c) {\n"
     "  expand(g, y, x + 1);\n"
     "  g->lines[y].cells[x] = c;\n"
     "}\n"
     "void copy_row(struct grid *dst, const int *src, unsigned n, unsigned y) {\n"
     "  expand(dst, y, n);\n"
     "  for (unsigned x = 0; x < n; x++) dst->lines[y].cells[x] = src[x];\n"
     "}\n",
     "copy_row", ""},
    {"a push helper with geometric growth is fine",
     "#include <stdlib.h>\n"
     "struct ids { long *v; size_t n, cap; };\n"
     "static void ids_push(struct ids *a, long id) {\n"
     "  if (a->n == a->cap) {\n"
     "    a->cap = a->cap ? a->cap * 2 : 16;\n"
     "    a->v = realloc(a->v, a->cap * sizeof *a->v);\n"
     "  }\n"
     "  a->v[a->n++] = id;\n"
     "}\n"
     "void collect(struct ids *out, const long *in, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    if (in[i] > 0) ids_push(out, in[i]);\n"
     "}\n",
     "collect", ""},
};

const struct pa_rule pa_rule_realloc_linear_growth = {
    .id = "realloc-linear-growth",
    .category = 'B',
    .title = "Buffer grown by a constant",
    .summary = "A buffer grown inside a loop by a constant amount, so the total copying is O(n^2).",
    .remedy = "Grow the capacity geometrically (double it) and track size and capacity apart.",
    .alternatives =
        "one growable-array type for the project (size, capacity, doubling); count the elements "
        "first and allocate once; an arena allocator when many buffers grow and are freed together",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_COMPLEXITY,
                 .factor = 0.0,
                 .base_hours = 0.5,
                 .hours_per_line = 0.01,
                 .assumption = "geometric growth makes the copying amortised constant per element"},
    PA_RULE_EXAMPLES(examples),
};
