/* sort_in_loop.c: the same array sorted again on every iteration of a loop. */
#include "libc_catalog.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

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

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_site_repeats(ctx->program, s) || s->call->nkids == 0)
            continue;
        const struct pa_function *target = pa_call_target(ctx->program, s);
        const struct pa_libc_fn *lib = target ? NULL : pa_libc_lookup(s->call->name);
        bool sorts =
            target ? target->is_sort && target != fn : lib && (lib->flags & PA_LIBC_SORT_CALL);
        if (!sorts)
            continue;
        const struct pa_loop *growing = pa_loop_growing(pa_site_repeating_loop(s));
        struct same_array same = {ctx->program, fn, growing};
        if (!pa_expr_walk(s->call->kids[0], visit_same, &same))
            continue; /* a different array (a bucket, a row) each time */
        if (lib && lib->len_arg >= 0 && (unsigned)lib->len_arg < s->call->nkids &&
            pa_expr_is_constant(fn, s->call->kids[lib->len_arg]))
            continue;
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_NLOGN),
                       pa_cx_mul(repeat, PA_CX_LOG),
                       "sort once after the loop, or keep the array ordered as you go (binary "
                       "search for the insertion point) or use a heap or balanced tree",
                       "%s() sorts the same array again on every iteration", s->call->name);
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
};
