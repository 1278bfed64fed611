/* blas_candidate.c: a hand-written dense matrix product or matrix-vector product that a tuned
 * BLAS (OpenBLAS's dgemm, dgemv) computes with the same Big-O and a far smaller constant. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

#include <stdio.h>
#include <string.h>

/* Writes a readable rendering of e (names, members, subscripts, + - *) to buf. */
static void render(const struct pa_expr *e, char *buf, size_t size)
{
    size_t len = strlen(buf);
    if (len + 1 >= size)
        return;
    char *out = buf + len;
    size_t room = size - len;
    e = pa_expr_strip(e);
    if (!e) {
        snprintf(out, room, "?");
        return;
    }
    switch (e->kind) {
    case PA_EXPR_VAR:
    case PA_EXPR_CALL:
        snprintf(out, room, "%s%s", e->name ? e->name : "?", e->kind == PA_EXPR_CALL ? "()" : "");
        return;
    case PA_EXPR_INT:
        snprintf(out, room, "%lld", e->value);
        return;
    case PA_EXPR_MEMBER:
        if (e->kids[0]) {
            render(e->kids[0], buf, size);
            len = strlen(buf);
            snprintf(buf + len, size - len, "%s", e->arrow ? "->" : ".");
        }
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s", e->name ? e->name : "?");
        return;
    case PA_EXPR_SUBSCRIPT:
        render(e->kids[0], buf, size);
        len = strlen(buf);
        snprintf(buf + len, size - len, "[");
        render(e->kids[1], buf, size);
        len = strlen(buf);
        snprintf(buf + len, size - len, "]");
        return;
    case PA_EXPR_UNARY:
        if (e->op == PA_OP_ADDR || e->op == PA_OP_DEREF || e->op == PA_OP_NEG) {
            snprintf(out, room, "%s", e->op == PA_OP_ADDR ? "&" : e->op == PA_OP_DEREF ? "*" : "-");
            render(e->kids[0], buf, size);
            return;
        }
        break;
    case PA_EXPR_BINARY:
    case PA_EXPR_ASSIGN: {
        static const char *const ops[] = {[PA_OP_NONE] = "=",
                                          [PA_OP_ADD] = "+",
                                          [PA_OP_SUB] = "-",
                                          [PA_OP_MUL] = "*",
                                          [PA_OP_DIV] = "/"};
        if (e->op >= sizeof(ops) / sizeof(ops[0]) || !ops[e->op] || e->nkids != 2 ||
            (e->kind == PA_EXPR_BINARY && e->op == PA_OP_NONE))
            break;
        /* (i + 1) * n: a sum under a product keeps its parentheses */
        for (unsigned i = 0; i < 2; i++) {
            const struct pa_expr *k = pa_expr_strip(e->kids[i]);
            bool paren = e->kind == PA_EXPR_BINARY && (e->op == PA_OP_MUL || e->op == PA_OP_DIV) &&
                         k && k->kind == PA_EXPR_BINARY &&
                         (k->op == PA_OP_ADD || k->op == PA_OP_SUB);
            len = strlen(buf);
            if (i == 1)
                snprintf(buf + len, size - len, " %s%s ", ops[e->op],
                         e->kind == PA_EXPR_ASSIGN && e->op != PA_OP_NONE ? "=" : "");
            len = strlen(buf);
            if (paren)
                snprintf(buf + len, size - len, "(");
            render(k, buf, size);
            len = strlen(buf);
            if (paren)
                snprintf(buf + len, size - len, ")");
        }
        return;
    }
    default:
        break;
    }
    snprintf(out, room, "...");
}

static const char *text(const struct pa_expr *e, char *buf, size_t size)
{
    buf[0] = '\0';
    render(e, buf, size);
    return buf;
}

/* The size a loop runs to, as written (n, m->rows), or the placeholder. */
static const char *bound_text(const struct pa_loop *l, const char *fallback, char *buf, size_t size)
{
    if (l && l->trip.bound)
        return text(l->trip.bound, buf, size);
    snprintf(buf, size, "%s", fallback);
    return buf;
}

/* What the BLAS call is given for an operand: the array and its leading dimension (the row
 * stride of a flattened index; for a 2-D array, the size of the loop over its columns). */
static void operand_args(const struct pa_product *p, const struct pa_product_operand *op,
                         char *array, char *ld, size_t size)
{
    bool whole = op->ndims == 2 && !op->ld && !op->row_table; /* a[n][n]: from a[0][0] */
    snprintf(array, size, "%s", whole ? "&" : "");
    render(op->array, array, size);
    if (whole)
        strncat(array, "[0][0]", size - strlen(array) - 1);
    if (op->ld) {
        text(op->ld, ld, size);
    } else if (op->ndims == 2) {
        const struct pa_loop *loops[3] = {p->row, p->col, p->sum}, *cols = NULL;
        for (unsigned i = 0; i < 3; i++)
            if (loops[i] && loops[i]->trip.induction_var == op->dims[1])
                cols = loops[i];
        bound_text(cols, "ld", ld, size);
    } else {
        snprintf(ld, size, "1");
    }
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->nloops; i++) {
        struct pa_product p;
        if (!pa_loop_dense_product(fn, fn->loops[i], &p))
            continue;
        char formula[320], a[96], lda[96], b[96], ldb[96], c[96], ldc[96], m[64], n[64], k[64];
        char alpha[80], suggestion[1200];
        /* c[i][j] += sum over k of a[i][k] * b[k][j] */
        text(p.c.element, formula, sizeof(formula));
        snprintf(formula + strlen(formula), sizeof(formula) - strlen(formula),
                 " %s sum over %s of ", p.accumulates ? (p.negate ? "-=" : "+=") : "=",
                 fn->vars[p.sum->trip.induction_var].name);
        render(p.a.element, formula, sizeof(formula));
        strncat(formula, " * ", sizeof(formula) - strlen(formula) - 1);
        render(p.b.element, formula, sizeof(formula));
        operand_args(&p, &p.a, a, lda, sizeof(a));
        operand_args(&p, &p.b, b, ldb, sizeof(b));
        operand_args(&p, &p.c, c, ldc, sizeof(c));
        snprintf(alpha, sizeof(alpha), "%s", p.negate ? "-" : "");
        if (p.alpha)
            render(p.alpha, alpha, sizeof(alpha));
        else
            strncat(alpha, "1.0", sizeof(alpha) - strlen(alpha) - 1);
        bool table = p.a.row_table || p.b.row_table || p.c.row_table;
        const char *lib = "from OpenBLAS (libopenblas-dev: #include <cblas.h>, link -lopenblas)";
        struct pa_cx cost = pa_loop_nest_cost(p.outer);
        if (p.kind == PA_PRODUCT_MATMUL) {
            bool ta = p.a.dims[0] != p.row->trip.induction_var;
            bool tb = p.b.dims[0] != p.sum->trip.induction_var;
            /* x * x^T: a symmetric result, of which dsyrk computes one triangle */
            bool gram = ta != tb && pa_expr_same(p.a.array, p.b.array);
            snprintf(suggestion, sizeof(suggestion),
                     "call cblas_dgemm(CblasRowMajor, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                     "%s, %s, %s) %s instead (cblas_sgemm for float data%s%s): same Big-O, "
                     "blocked for the caches and vectorised",
                     ta ? "CblasTrans" : "CblasNoTrans", tb ? "CblasTrans" : "CblasNoTrans",
                     bound_text(p.row, "M", m, sizeof(m)), bound_text(p.col, "N", n, sizeof(n)),
                     bound_text(p.sum, "K", k, sizeof(k)), alpha, a, lda, b, ldb,
                     p.accumulates ? "1.0" : "0.0", c, ldc, lib,
                     gram ? "; cblas_dsyrk computes only one triangle of this symmetric product"
                          : "",
                     table ? "; the rows must first sit in one contiguous block" : "");
            pa_rule_report(ctx, p.outer->line, p.outer->column, cost, cost, suggestion,
                           "hand-written matrix product %s (loops at lines %u, %u, %u): a naive "
                           "triple loop, many times slower than a tuned dgemm",
                           formula, p.row->line, p.col->line, p.sum->line);
        } else {
            /* a[r][k]: row-major as is; a[k][r]: the transpose of the stored matrix */
            bool ta = p.a.dims[0] != p.row->trip.induction_var;
            const struct pa_loop *first = ta ? p.sum : p.row, *second = ta ? p.row : p.sum;
            snprintf(suggestion, sizeof(suggestion),
                     "call cblas_dgemv(CblasRowMajor, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                     "%s) %s instead (cblas_sgemv for float data%s): same Big-O, vectorised "
                     "and multithreaded",
                     ta ? "CblasTrans" : "CblasNoTrans", bound_text(first, "M", m, sizeof(m)),
                     bound_text(second, "N", n, sizeof(n)), alpha, a, lda, b, ldb,
                     p.accumulates ? "1.0" : "0.0", c, ldc, lib,
                     table ? "; the rows must first sit in one contiguous block" : "");
            pa_rule_report(ctx, p.outer->line, p.outer->column, cost, cost, suggestion,
                           "hand-written matrix-vector product %s (loops at lines %u, %u): a "
                           "naive double loop, several times slower than a tuned dgemv",
                           formula, p.row->line, p.sum->line);
        }
    }
}

static const struct pa_rule_example examples[] = {
    {"triple-loop matrix product on 2-D arrays",
     "void matmul(int n, double a[n][n], double b[n][n], double c[n][n]) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++)\n"
     "      for (int k = 0; k < n; k++)\n"
     "        c[i][j] += a[i][k] * b[k][j];\n"
     "}\n",
     "matmul", "blas-candidate@2"},
    {"flattened i-k-j order with the a element hoisted",
     "void gemm(const float *a, const float *b, float *c, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int k = 0; k < n; k++) {\n"
     "      float aik = a[i * n + k];\n"
     "      for (int j = 0; j < n; j++)\n"
     "        c[i * n + j] += aik * b[k * n + j];\n"
     "    }\n"
     "}\n",
     "gemm", "blas-candidate@2"},
    {"dot products of rows into an accumulator: a product with the transpose",
     "void gram(const double *x, double *g, int n, int d) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++) {\n"
     "      double s = 0.0;\n"
     "      for (int k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];\n"
     "      g[i * n + j] = s;\n"
     "    }\n"
     "}\n",
     "gram", "blas-candidate@2"},
    {"matrix-vector product through a row pointer",
     "void apply(double *const *rows, const double *x, double *y, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    const double *r = rows[i];\n"
     "    double s = 0;\n"
     "    for (int j = 0; j < n; j++) s += r[j] * x[j];\n"
     "    y[i] = s;\n"
     "  }\n"
     "}\n",
     "apply", "blas-candidate@2"},
    {"a 4x4 transform of n points is not a BLAS-sized product",
     "void transform(const double m[4][4], double (*p)[4], double (*q)[4], int n) {\n"
     "  for (int t = 0; t < n; t++)\n"
     "    for (int r = 0; r < 4; r++)\n"
     "      for (int c = 0; c < 4; c++) q[t][r] += m[r][c] * p[t][c];\n"
     "}\n",
     "transform", ""},
    {"an integer product is no BLAS work (its rows are still independent)",
     "void cooccur(const int *a, const int *b, int *c, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int j = 0; j < n; j++)\n"
     "      for (int k = 0; k < n; k++) c[i * n + j] += a[i * n + k] * b[k * n + j];\n"
     "}\n",
     "cooccur", "parallelizable-loop@2"},
    {"convolution with a sliding window is no matrix product (its outputs are independent)",
     "void convolve(const double *in, const double *w, double *out, int n, int m) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    for (int k = 0; k < m; k++) out[i] += in[i + k] * w[k];\n"
     "}\n",
     "convolve", "parallelizable-loop@2"},
    {"element-wise sum of two matrices is memory-bound",
     "void add(const double *a, const double *b, double *c, int rows, int cols) {\n"
     "  for (int i = 0; i < rows; i++)\n"
     "    for (int j = 0; j < cols; j++) c[i * cols + j] = a[i * cols + j] + b[i * cols + j];\n"
     "}\n",
     "add", ""},
    {"comparisons instead of multiply-accumulate (shortest paths)",
     "void relax(double *d, int n) {\n"
     "  for (int k = 0; k < n; k++)\n"
     "    for (int i = 0; i < n; i++)\n"
     "      for (int j = 0; j < n; j++)\n"
     "        if (d[i * n + k] + d[k * n + j] < d[i * n + j]) d[i * n + j] = d[i * n + k] + "
     "d[k * n + j];\n"
     "}\n",
     "relax", ""},
};

const struct pa_rule pa_rule_blas_candidate = {
    .id = "blas-candidate",
    .category = 'D',
    .title = "Hand-written dense linear algebra",
    .summary = "A hand-written dense linear-algebra kernel (a matrix product c[i][j] += a[i][k] * "
               "b[k][j] in any loop order, or a matrix-vector product) on floating-point data "
               "that a tuned BLAS computes many times faster.",
    .remedy = "Call the BLAS routine (cblas_dgemm / cblas_sgemm, cblas_dgemv) from OpenBLAS "
              "(Debian libopenblas-dev): the same Big-O with cache blocking, SIMD kernels and "
              "threads.",
    .alternatives = "OpenBLAS or BLIS (cblas_dgemm, dgemv, ddot); Eigen or another template "
                    "library in C++; a GPU library (cuBLAS) for large batches; reshape the data so "
                    "that several small products become one large one",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_FACTOR,
                 .factor = 10.0,
                 .base_hours = 2.0,
                 .hours_per_line = 0.02,
                 .assumption = "a tuned dgemm (cache blocking, SIMD kernels) runs 10-50x faster "
                               "than a naive triple loop built with -O2 for n in the hundreds; "
                               "the low end is taken"},
    PA_RULE_EXAMPLES(examples),
};
