/* parallelizable_loop.c: a loop over the input whose iterations are independent and each carry
 * enough work (O(n) or more) to be shared among cores. */
#include "perfaudit/dependence.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

#include <stdio.h>
#include <string.h>

/* The loop being judged. */
struct par {
    const struct pa_program *prog;
    const struct pa_function *fn;
    const struct pa_loop *loop;
    int iv;
};

struct grid_scan {
    const struct par *p;
    int inner_var;
    bool cells; /* touches memory of its own for each (i, j): a cell, or at random */
};

/* Does e name the row the outer loop is at: i itself, or a local set from it (row = m + i * n)? */
static bool names_row(const struct par *p, const struct pa_expr *e)
{
    if (pa_expr_uses_var(e, p->iv))
        return true;
    int root = pa_expr_root_var(e);
    if (root < 0 || p->fn->vars[root].kind != PA_VAR_LOCAL)
        return false;
    const struct pa_var *v = &p->fn->vars[root];
    for (unsigned d = 0; d < v->ndefs; d++)
        if (pa_loop_within(v->def_loops[d], p->loop) && pa_expr_uses_var(v->defs[d], p->iv))
            return true;
    return false;
}

static bool visit_multiplies(const struct pa_expr *e, void *data)
{
    int var = *(const int *)data;
    if (e->kind != PA_EXPR_BINARY || e->op != PA_OP_MUL || e->nkids != 2)
        return true;
    for (unsigned i = 0; i < 2; i++) {
        const struct pa_expr *k = pa_expr_strip(e->kids[i]);
        if (k && k->kind == PA_EXPR_VAR && k->var == var)
            return false;
    }
    return true;
}

/* Is var scaled by a stride in e (i * n)? */
static bool scales(const struct pa_expr *e, int var)
{
    return !pa_expr_walk(e, visit_multiplies, &var);
}

static bool visit_indirect(const struct pa_expr *e, void *data)
{
    (void)data;
    return e->kind != PA_EXPR_SUBSCRIPT && e->kind != PA_EXPR_CALL &&
           !(e->kind == PA_EXPR_UNARY && e->op == PA_OP_DEREF);
}

/* Does the inner loop touch memory of its own on every (i, j): a cell m[i][j], m[j][i],
 * m[i * n + j], m[j * n + i], row[j], or an element found through an index (a[idx[j]])? Data
 * read again for every i (x[j], a sliding window in[i + j]) stays in the caches. */
static void scan_cells(struct grid_scan *g, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || g->cells)
        return;
    if (e->kind != PA_EXPR_SUBSCRIPT || e->nkids != 2) {
        for (unsigned i = 0; i < e->nkids; i++)
            scan_cells(g, e->kids[i]);
        return;
    }
    const struct pa_expr *index[4], *base = e;
    unsigned n = 0;
    for (; base && base->kind == PA_EXPR_SUBSCRIPT && base->nkids == 2 && n < 4;
         base = pa_expr_strip(base->kids[0]))
        index[n++] = base->kids[1];
    bool uses_j = false, uses_i = false, direct = true, scaled = false;
    for (unsigned k = 0; k < n; k++) {
        uses_j |= pa_expr_uses_var(index[k], g->inner_var);
        uses_i |= pa_expr_uses_var(index[k], g->p->iv);
        direct &= pa_expr_walk(index[k], visit_indirect, NULL);
        scaled |= scales(index[k], g->p->iv) || scales(index[k], g->inner_var);
    }
    if (uses_j && (!direct || names_row(g->p, base) || (uses_i && (n > 1 || scaled)))) {
        g->cells = true;
        return;
    }
    for (unsigned k = 0; k < n; k++)
        scan_cells(g, index[k]);
    scan_cells(g, base);
}

static bool grid_expr(const struct pa_expr *e, void *ctx)
{
    scan_cells(ctx, e);
    return !((struct grid_scan *)ctx)->cells;
}

/* Work inside one cell of a grid walk: a loop (even a constant one, as in an escape-time
 * fractal), an expensive library call, or a call of a project function that loops. */
static bool cell_work(const struct par *p, const struct pa_loop *inner)
{
    for (unsigned i = 0; i < p->fn->nloops; i++)
        if (p->fn->loops[i] != inner && pa_loop_within(p->fn->loops[i], inner))
            return true;
    for (unsigned i = 0; i < p->fn->ncalls; i++) {
        const struct pa_call_site *s = &p->fn->calls[i];
        if (!pa_loop_within(s->loop, inner))
            continue;
        const struct pa_function *target = pa_call_target(p->prog, s);
        if (target ? target->nloops > 0 : pa_call_is_costly_library(s))
            return true;
    }
    return false;
}

/* Enough work per iteration to pay for threads: a call of linear cost, or an inner loop over
 * the input that only re-reads data every i shares (a[j], a sliding window) or computes, or
 * that does real work on each cell it touches. One pass over memory with O(1) per cell (copy,
 * fill, row sums, an outer product) is bound by memory bandwidth, not by the core. */
static bool heavy(const struct par *p)
{
    const struct pa_loop *l = p->loop;
    if (l->cost.unknown || l->cost.exp || l->cost.poly < 2)
        return false;
    for (unsigned i = 0; i < p->fn->ncalls; i++) {
        const struct pa_call_site *s = &p->fn->calls[i];
        if (!pa_loop_within(s->loop, l))
            continue;
        struct pa_cx c = pa_call_cost(p->prog, p->fn, s);
        if (!c.unknown && (c.exp || c.poly >= 1))
            return true;
    }
    for (unsigned i = 0; i < p->fn->nloops; i++) {
        const struct pa_loop *inner = p->fn->loops[i];
        if (inner == l || !pa_loop_within(inner, l) || inner->trip.kind != PA_TRIP_LINEAR ||
            pa_loop_bound_per_element(p->prog, p->fn, inner, l))
            continue;
        struct grid_scan g = {p, inner->trip.induction_var, false};
        scan_cells(&g, inner->cond);
        pa_stmt_walk_exprs(inner->body, grid_expr, &g);
        if (!g.cells || cell_work(p, inner))
            return true; /* data read again, pure computation, or work per cell */
    }
    return false;
}

/* Leaves a nest that blas-candidate reports alone: the library call is the better fix, and
 * OpenBLAS already runs on every core. */
static bool in_dense_product(const struct pa_function *fn, const struct pa_loop *loop)
{
    for (unsigned i = 0; i < fn->nloops; i++) {
        struct pa_product prod;
        if ((pa_loop_within(fn->loops[i], loop) || pa_loop_within(loop, fn->loops[i])) &&
            pa_loop_dense_product(fn, fn->loops[i], &prod))
            return true;
    }
    return false;
}

/* Independent iterations (dependence.h) with enough work each, outside a dense product. */
static bool parallelizable(const struct par *p, struct pa_loop_deps *deps)
{
    return heavy(p) && pa_loop_dependences(p->prog, p->fn, p->loop, deps) &&
           !in_dense_product(p->fn, p->loop);
}

static void describe(const struct par *p, const struct pa_loop_deps *d, char *what, size_t wsize,
                     char *pragma, size_t psize)
{
    char names[160] = "";
    for (unsigned i = 0; i < d->nparts; i++) {
        size_t len = strlen(names);
        const struct pa_expr *a = pa_expr_strip(d->parts[i].array);
        const char *iv = p->fn->vars[p->iv].name;
        char array[64];
        if (a->kind == PA_EXPR_MEMBER && a->kids[0])
            snprintf(array, sizeof(array), "%s%s%s",
                     pa_expr_strip(a->kids[0])->name ? pa_expr_strip(a->kids[0])->name : "...",
                     a->arrow ? "->" : ".", a->name);
        else
            snprintf(array, sizeof(array), "%s", a->name ? a->name : "...");
        if (d->parts[i].split == PA_DEP_SPLIT_ROWS)
            snprintf(names + len, sizeof(names) - len, "%srow %s of %s", len ? ", " : "", iv,
                     array);
        else
            snprintf(names + len, sizeof(names) - len, "%s%s[%s]", len ? ", " : "", array, iv);
    }
    char reductions[160] = "", clause[200] = "";
    for (unsigned i = 0; i < d->nreductions; i++) {
        size_t len = strlen(reductions), clen = strlen(clause);
        const char *name = p->fn->vars[d->reductions[i].var].name;
        const char *op = d->reductions[i].op == PA_OP_MUL ? "*" : "+";
        snprintf(reductions + len, sizeof(reductions) - len, "%s%s", len ? ", " : "", name);
        snprintf(clause + clen, sizeof(clause) - clen, " reduction(%s:%s)", op, name);
    }
    if (d->nparts && d->nreductions)
        snprintf(what, wsize, "each iteration writes only its own %s and adds into %s", names,
                 reductions);
    else if (d->nparts)
        snprintf(what, wsize, "each iteration writes only its own %s", names);
    else
        snprintf(what, wsize, "each iteration only adds into %s", reductions);
    snprintf(pragma, psize, "#pragma omp parallel for%s%s", d->uneven ? " schedule(dynamic)" : "",
             clause);
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    const struct pa_loop *reported = NULL;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (reported && pa_loop_within(l, reported))
            continue; /* one finding per nest, at its outermost independent loop */
        struct par p = {.prog = ctx->program, .fn = fn, .loop = l, .iv = l->trip.induction_var};
        struct pa_loop_deps deps;
        if (!parallelizable(&p, &deps) || (!deps.nparts && !deps.nreductions))
            continue;
        reported = l;
        char what[400], pragma[256], suggestion[600], cx[PA_CX_STRLEN];
        describe(&p, &deps, what, sizeof(what), pragma, sizeof(pragma));
        struct pa_cx cost = pa_loop_nest_cost(l);
        snprintf(suggestion, sizeof(suggestion),
                 "put `%s` before the loop and build with -fopenmp (or split the range of %s "
                 "across pthreads); keep the variables it sets inside the loop body",
                 pragma, fn->vars[p.iv].name);
        pa_rule_report(ctx, l->line, l->column, cost, cost, suggestion,
                       "the iterations of this loop are independent (%s): %s of work on one core",
                       what, pa_cx_format(cost, cx, sizeof(cx)));
    }
}

static const struct pa_rule_example examples[] = {
    {"rows of an escape-time fractal",
     "void mandel(int *iters, int w, int h) {\n"
     "  for (int y = 0; y < h; y++)\n"
     "    for (int x = 0; x < w; x++) {\n"
     "      double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h, zr = 0, zi = 0;\n"
     "      int it = 0;\n"
     "      while (it < 256 && zr * zr + zi * zi < 4.0) {\n"
     "        double t = zr * zr - zi * zi + cr;\n"
     "        zi = 2 * zr * zi + ci;\n"
     "        zr = t;\n"
     "        it++;\n"
     "      }\n"
     "      iters[y * w + x] = it;\n"
     "    }\n"
     "}\n",
     "mandel", "parallelizable-loop@2"},
    {"an expensive call per cell, one result per row",
     "#include <math.h>\n"
     "void softmax_denominators(const double *m, double *out, int rows, int cols) {\n"
     "  for (int i = 0; i < rows; i++) {\n"
     "    double s = 0.0;\n"
     "    for (int j = 0; j < cols; j++) s += exp(m[i * cols + j]);\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "softmax_denominators", "parallelizable-loop@3"},
    {"the same nest written with a foreach macro",
     "#include <math.h>\n"
     "#define FOR_RANGE(i, n) for ((i) = 0; (i) < (n); (i)++)\n"
     "void softmax_denominators(const double *m, double *out, int rows, int cols) {\n"
     "  int i, j;\n"
     "  FOR_RANGE(i, rows) {\n"
     "    double s = 0.0;\n"
     "    FOR_RANGE(j, cols) s += exp(m[i * cols + j]);\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "softmax_denominators", "parallelizable-loop@5"},
    {"a pair count is a reduction",
     "static double dist2(const double *a, const double *b) {\n"
     "  double s = 0;\n"
     "  for (int k = 0; k < 3; k++) s += (a[k] - b[k]) * (a[k] - b[k]);\n"
     "  return s;\n"
     "}\n"
     "long close_pairs(const double *p, int n, double r2) {\n"
     "  long count = 0;\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = i + 1; j < n; j++)\n"
     "      if (dist2(&p[i * 3], &p[j * 3]) < r2) count++;\n"
     "  return count;\n"
     "}\n",
     "close_pairs", "nested-loop@8,parallelizable-loop@8"},
    {"each iteration has its own random state",
     "#include <stdint.h>\n"
     "static double uniform(uint64_t *s) {\n"
     "  *s = *s * 6364136223846793005ull + 1442695040888963407ull;\n"
     "  return (double)(*s >> 11) / 9007199254740992.0;\n"
     "}\n"
     "void estimate(double *est, int n, int samples) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    uint64_t state = 12345u + (uint64_t)i;\n"
     "    int hits = 0;\n"
     "    for (int t = 0; t < samples; t++) {\n"
     "      double x = uniform(&state), y = uniform(&state);\n"
     "      if (x * x + y * y < 1.0) hits++;\n"
     "    }\n"
     "    est[i] = 4.0 * hits / samples;\n"
     "  }\n"
     "}\n",
     "estimate", "nested-loop@7,parallelizable-loop@7"},
    {"row sums are one pass over memory",
     "void row_sums(const double *m, double *out, int rows, int cols) {\n"
     "  for (int i = 0; i < rows; i++) {\n"
     "    double s = 0.0;\n"
     "    for (int j = 0; j < cols; j++) s += m[i * cols + j];\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "row_sums", ""},
    {"a running total carries a value from one iteration to the next",
     "void running(const double *a, double *out, int n) {\n"
     "  double sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    for (int j = 0; j < n; j++) sum += a[j] * a[i];\n"
     "    out[i] = sum;\n"
     "  }\n"
     "}\n",
     "running", "nested-loop@3"},
    {"each row depends on the row before it",
     "#include <math.h>\n"
     "void diffuse(double *a, int n) {\n"
     "  for (int i = 1; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) a[i * n + j] = sqrt(a[i * n + j] + a[(i - 1) * n + j]);\n"
     "}\n",
     "diffuse", ""},
    {"a search stops at the first match",
     "int first_dup(const int *a, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = i + 1; j < n; j++)\n"
     "      if (a[i] == a[j]) return i;\n"
     "  return -1;\n"
     "}\n",
     "first_dup", "linear-scan-in-loop@3"},
    {"I/O in the loop is ordered",
     "#include <math.h>\n"
     "#include <stdio.h>\n"
     "void print_norms(const double *m, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    double s = 0;\n"
     "    for (int j = 0; j < n; j++) s += log(m[i * n + j]);\n"
     "    printf(\"%g\\n\", s);\n"
     "  }\n"
     "}\n",
     "print_norms", ""},
    {"random numbers from a shared generator",
     "#include <stdlib.h>\n"
     "void noisy(double *out, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    double s = 0;\n"
     "    for (int j = 0; j < n; j++) s += rand() / (double)RAND_MAX;\n"
     "    out[i] = s;\n"
     "  }\n"
     "}\n",
     "noisy", "nested-loop@3"},
    {"writes through a cursor advanced across iterations",
     "int compact(const int *a, int *out, int n) {\n"
     "  int k = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    int c = 0;\n"
     "    for (int j = 0; j < n; j++) c += a[j] < a[i];\n"
     "    if (c > 0) out[k++] = a[i];\n"
     "  }\n"
     "  return k;\n"
     "}\n",
     "compact", "nested-loop@3"},
    {"a scatter into shared buckets",
     "void bucket_counts(const double *m, int *hist, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) hist[(int)(m[i * n + j] * 16.0) & 63]++;\n"
     "}\n",
     "bucket_counts", ""},
    {"a cheap element-wise pass is memory-bound",
     "void scale(const double *a, double *out, int n, double f) {\n"
     "  for (int i = 0; i < n; i++) out[i] = a[i] * f;\n"
     "}\n",
     "scale", ""},
    {"a shared global buffer",
     "#include <math.h>\n"
     "double totals[1024];\n"
     "void tally(const double *m, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) totals[i] += sqrt(m[i * n + j]);\n"
     "}\n",
     "tally", ""},
};

const struct pa_rule pa_rule_parallelizable_loop = {
    .id = "parallelizable-loop",
    .category = 'D',
    .title = "Independent iterations on one core",
    .summary = "A loop over the input whose iterations are independent (each writes only its own "
               "element, private locals or a reduction, and calls only pure functions) and carry "
               "O(n) work or more each, run on a single core.",
    .remedy = "Run the iterations on several cores: `#pragma omp parallel for` (with a "
              "reduction clause for accumulated totals) built with -fopenmp, or split the range "
              "across pthreads.",
    .alternatives =
        "OpenMP (#pragma omp parallel for with the reduction clause); a thread pool splitting the "
        "range in chunks; SIMD first when the body is simple arithmetic (-O3 -march=native, or "
        "vector intrinsics); several processes over separate inputs when the work is per file",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_PARALLEL,
                 .factor = 0.8,
                 .base_hours = 3.0,
                 .hours_per_line = 0.03,
                 .assumption = "the loop's time divides among the cores at 80% efficiency "
                               "(scheduling, memory bandwidth); the effort includes checking "
                               "that the callees are thread-safe"},
    PA_RULE_EXAMPLES(examples),
};
