/* front_insert_in_loop.c: inserting or removing at the front of an array inside a loop, which
 * shifts the whole tail every time. */
#include "libc_catalog.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

#include <string.h>

/* A pointer written as base + terms + constant: a + 1, &a[i + 1], v->e + pos + 1. */
struct place {
    const struct pa_expr *base;
    const struct pa_expr *terms[8];
    unsigned nterms;
    long long offset;
    bool ok;
};

static void add_term(const struct pa_function *fn, struct place *p, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e)
        return;
    if (e->kind == PA_EXPR_INT) {
        p->offset += e->value;
    } else if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_ADD && e->nkids == 2) {
        add_term(fn, p, e->kids[0]);
        add_term(fn, p, e->kids[1]);
    } else if (e->kind == PA_EXPR_BINARY && e->op == PA_OP_SUB && e->nkids == 2 &&
               pa_expr_strip(e->kids[1])->kind == PA_EXPR_INT) {
        add_term(fn, p, e->kids[0]);
        p->offset -= pa_expr_strip(e->kids[1])->value;
    } else if (p->nterms < 8) {
        p->terms[p->nterms++] = e;
    } else {
        p->ok = false;
    }
}

static bool is_pointer(const struct pa_expr *e)
{
    return e && (e->type == PA_TYPE_POINTER || e->type == PA_TYPE_ARRAY);
}

static void locate(const struct pa_function *fn, struct place *p, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e) {
        p->ok = false;
        return;
    }
    if (e->kind == PA_EXPR_UNARY && e->op == PA_OP_ADDR) {
        const struct pa_expr *k = pa_expr_strip(e->kids[0]);
        if (!k || k->kind != PA_EXPR_SUBSCRIPT) {
            p->ok = false;
            return;
        }
        locate(fn, p, k->kids[0]);
        add_term(fn, p, k->kids[1]);
        return;
    }
    if (e->kind == PA_EXPR_BINARY && (e->op == PA_OP_ADD || e->op == PA_OP_SUB) && e->nkids == 2) {
        bool left_ptr = is_pointer(e->kids[0]) || !is_pointer(e->kids[1]);
        if (e->op == PA_OP_SUB && !left_ptr) {
            p->ok = false;
            return;
        }
        locate(fn, p, left_ptr ? e->kids[0] : e->kids[1]);
        if (e->op == PA_OP_ADD)
            add_term(fn, p, left_ptr ? e->kids[1] : e->kids[0]);
        else if (pa_expr_strip(e->kids[1])->kind == PA_EXPR_INT)
            p->offset -= pa_expr_strip(e->kids[1])->value;
        else
            p->ok = false;
        return;
    }
    if (e->kind == PA_EXPR_VAR || e->kind == PA_EXPR_MEMBER) {
        p->base = e;
        return;
    }
    p->ok = false;
}

/* Same base, same variable terms, offsets a constant apart: a one-place shift. */
static bool shifted_by_constant(const struct place *a, const struct place *b)
{
    if (!a->ok || !b->ok || !a->base || !b->base || !pa_expr_same(a->base, b->base) ||
        a->nterms != b->nterms || a->offset == b->offset)
        return false;
    bool used[8] = {false};
    for (unsigned i = 0; i < a->nterms; i++) {
        bool found = false;
        for (unsigned j = 0; j < b->nterms && !found; j++) {
            if (!used[j] && pa_expr_same(a->terms[i], b->terms[j])) {
                used[j] = true;
                found = true;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

static void check_memmove(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_libc_fn *lib = pa_libc_lookup(s->call->name);
    if (!lib || !(lib->flags & PA_LIBC_MOVE) || s->call->nkids < 3 ||
        !pa_site_repeats(ctx->program, s))
        return;
    if (pa_expr_is_constant(fn, s->call->kids[2]))
        return; /* a fixed-size move: O(1) */
    struct place dst = {.ok = true}, src = {.ok = true};
    locate(fn, &dst, s->call->kids[0]);
    locate(fn, &src, s->call->kids[1]);
    if (!shifted_by_constant(&dst, &src))
        return;
    struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
    pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                   "use a ring buffer or deque (head index modulo capacity), append at the end "
                   "and reverse once, or collect then sort",
                   "%s() shifts the whole array by one place on every iteration", s->call->name);
}

static void check_shift_loop(const struct pa_rule_context *ctx, const struct pa_loop *inner)
{
    const struct pa_function *fn = ctx->function;
    if (inner->trip.kind != PA_TRIP_LINEAR || !pa_loop_is_shift(fn, inner))
        return;
    const struct pa_loop *outer = pa_loop_growing(inner->parent);
    if (!outer)
        return;
    struct pa_cx repeat = pa_loop_repeat(inner->parent);
    pa_rule_report(ctx, inner->line, inner->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                   "use a ring buffer or deque (head index modulo capacity), or insert in bulk "
                   "and sort once",
                   "element-by-element shift of the array inside a loop (outer loop at line %u)",
                   outer->line);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++)
        check_memmove(ctx, &fn->calls[i]);
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
};
