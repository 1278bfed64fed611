/* realloc_linear_growth.c: a buffer grown by a constant amount per iteration. */
#include "growth.h"
#include "libc_catalog.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/rule.h"

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        const struct pa_libc_fn *lib = pa_libc_lookup(s->call->name);
        if (!lib || !(lib->flags & PA_LIBC_REALLOC) || !pa_site_repeats(ctx->program, s))
            continue;
        if (pa_realloc_growth(fn, s) != PA_GROWTH_LINEAR)
            continue;
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                       "grow the capacity geometrically (cap = cap ? cap * 2 : 16) and realloc "
                       "only when the size reaches it: amortised O(1) per element",
                       "%s() grows the buffer by a constant amount on each iteration, copying it "
                       "again each time",
                       s->call->name);
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
