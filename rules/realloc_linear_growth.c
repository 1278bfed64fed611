/* realloc_linear_growth.c: a buffer grown by a constant amount per iteration. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

#include <stdio.h>

static const char *const remedy = "grow the capacity geometrically (cap = cap ? cap * 2 : 16) and "
                                  "realloc only when the size reaches it: amortised O(1) per "
                                  "element";

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_site_repeats(ctx->program, s))
            continue;
        int arg = -1;
        struct pa_witness why;
        for (unsigned a = 0; a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS && arg < 0; a++)
            if (pa_call_effect_on_arg(ctx->program, fn, s, a, PA_EFFECT_GROWS_CONST, &why))
                arg = (int)a;
        if (arg < 0)
            continue;
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
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
