/* alloc_in_loop.c: a block allocated on every iteration of a growing loop and released (or
 * dropped) within the same iteration. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

#include <stdio.h>

#define MAX_GUARDS 8

/* malloc, calloc, strdup, a project allocator that returns a fresh block (xmalloc, xstrdup,
 * a concatenation), and realloc(NULL, n), which is malloc. */
static bool is_allocation(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_call_site *s)
{
    if (pa_call_returns(prog, s, NULL, NULL) != PA_RETURN_OTHER)
        return true;
    return s->call->nkids > 0 && pa_expr_is_int(s->call->kids[0], 0) &&
           pa_call_effect_on_arg(prog, fn, s, 0, PA_EFFECT_RESIZES, NULL);
}

/* The argument of the call that is exactly var and that the call frees, or -1. */
static int frees_var(const struct pa_program *prog, const struct pa_function *fn,
                     const struct pa_call_site *s, int var)
{
    for (unsigned a = 0; a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++) {
        const struct pa_expr *arg = pa_expr_strip(s->call->kids[a]);
        if (arg && arg->kind == PA_EXPR_VAR && arg->var == var &&
            pa_call_effect_on_arg(prog, fn, s, a, PA_EFFECT_FREES, NULL))
            return (int)a;
    }
    return -1;
}

/* The local pointer the call's result is assigned to (p = malloc(n), char *p = strdup(s)). */
static int result_var(const struct pa_function *fn, const struct pa_expr *call)
{
    for (unsigned v = 0; v < fn->nvars; v++) {
        const struct pa_var *var = &fn->vars[v];
        if (var->kind != PA_VAR_LOCAL || var->type != PA_TYPE_POINTER)
            continue;
        for (unsigned d = 0; d < var->ndefs; d++) {
            const struct pa_expr *def = var->defs[d];
            if (def->kind == PA_EXPR_ASSIGN && def->op == PA_OP_NONE && def->nkids == 2 &&
                pa_expr_strip(def->kids[1]) == call)
                return (int)v;
        }
    }
    return -1;
}

/* Does the value of e hold the pointer in var: var itself, var + k, &var[k], a ?: arm, an
 * initializer list, or an assignment of it (the value of `a = b` is a)? */
static bool carries(const struct pa_expr *e, int var)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    switch (e->kind) {
    case PA_EXPR_VAR:
        return e->var == var;
    case PA_EXPR_COND:
        return e->nkids == 3 && (carries(e->kids[1], var) || carries(e->kids[2], var));
    case PA_EXPR_BINARY:
        if (e->op == PA_OP_COMMA && e->nkids == 2)
            return carries(e->kids[1], var);
        return (e->op == PA_OP_ADD || e->op == PA_OP_SUB) && e->type == PA_TYPE_POINTER &&
               e->nkids == 2 && (carries(e->kids[0], var) || carries(e->kids[1], var));
    case PA_EXPR_UNARY:
        return e->op == PA_OP_ADDR && pa_expr_root_var(e->kids[0]) == var;
    case PA_EXPR_ASSIGN:
        return e->nkids == 2 && carries(e->kids[0], var);
    case PA_EXPR_OTHER:
        for (unsigned i = 0; i < e->nkids; i++)
            if (carries(e->kids[i], var))
                return true;
        return false;
    default:
        return false;
    }
}

/* Where the block in var may go inside one loop: stored somewhere that outlives the iteration
 * (a list node linked in, an array slot, another pointer), returned, or handed to a project or
 * unknown function that may keep it. */
struct escape_scan {
    const struct pa_program *prog;
    const struct pa_function *fn;
    int var;
    bool stored;     /* assigned to another lvalue, or returned */
    bool handed_off; /* passed to a function that is not a known library function */
};

static bool visit_escape(const struct pa_expr *e, void *data)
{
    struct escape_scan *es = data;
    if (e->kind == PA_EXPR_ASSIGN && e->nkids == 2) {
        const struct pa_expr *lhs = pa_expr_strip(e->kids[0]);
        bool to_self = lhs && lhs->kind == PA_EXPR_VAR && lhs->var == es->var;
        if (!to_self && carries(e->kids[1], es->var))
            es->stored = true;
    } else if (e->kind == PA_EXPR_CALL) {
        const struct pa_call_site *site = pa_call_site_of(es->fn, e);
        const struct pa_summary *cs = site ? pa_call_summary(es->prog, site) : NULL;
        /* a library function does not keep the block; a project function that frees it
         * releases it (that is the free this rule looks for) */
        bool library = cs && (!cs->fn || (site && frees_var(es->prog, es->fn, site, es->var) >= 0));
        for (unsigned i = 0; i < e->nkids && !library; i++)
            if (carries(e->kids[i], es->var))
                es->handed_off = true;
    }
    return true;
}

static void scan_stmt(struct escape_scan *es, const struct pa_stmt *s)
{
    if (!s)
        return;
    pa_expr_walk(s->expr, visit_escape, es);
    if (s->kind == PA_STMT_RETURN && carries(s->expr, es->var))
        es->stored = true;
    if (s->kind == PA_STMT_LOOP) {
        pa_expr_walk(s->loop->init, visit_escape, es);
        pa_expr_walk(s->loop->cond, visit_escape, es);
        pa_expr_walk(s->loop->inc, visit_escape, es);
        scan_stmt(es, s->loop->body);
    }
    for (unsigned i = 0; i < s->nkids; i++)
        scan_stmt(es, s->kids[i]);
}

/* if (p), if (p != NULL), if (!p) ... else: the branch taken whenever the allocation worked. */
static bool is_success_guard(const struct pa_guard *g, int var)
{
    const struct pa_expr *c = pa_expr_strip(g->cond);
    bool negated = g->in_else;
    if (c && c->kind == PA_EXPR_UNARY && c->op == PA_OP_NOT) {
        c = pa_expr_strip(c->kids[0]);
        negated = !negated;
    }
    if (!c)
        return false;
    if (c->kind == PA_EXPR_VAR)
        return c->var == var && !negated;
    if (c->kind != PA_EXPR_BINARY || c->nkids != 2 || (c->op != PA_OP_NE && c->op != PA_OP_EQ))
        return false;
    bool tests_var = (carries(c->kids[0], var) && pa_expr_is_int(c->kids[1], 0)) ||
                     (carries(c->kids[1], var) && pa_expr_is_int(c->kids[0], 0));
    return tests_var && (c->op == PA_OP_NE) != negated;
}

/* Runs on every iteration of loop on which var holds a block: no guard, or only null tests. */
static bool runs_with_block(const struct pa_function *fn, const struct pa_call_site *site,
                            const struct pa_loop *loop, int var)
{
    struct pa_guard guards[MAX_GUARDS];
    int n = pa_call_guards(fn, site, loop, guards, MAX_GUARDS);
    if (n < 0 || n > MAX_GUARDS)
        return false;
    for (int i = 0; i < n; i++)
        if (!is_success_guard(&guards[i], var))
            return false;
    return true;
}

/* free(var) in the loop's own body, on the path every allocated block takes (not an error path
 * that leaves the loop). */
static const struct pa_call_site *per_iteration_free(const struct pa_program *prog,
                                                     const struct pa_function *fn,
                                                     const struct pa_loop *loop, int var)
{
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (s->loop != loop || s->leaves_loop)
            continue;
        if (frees_var(prog, fn, s, var) >= 0 && runs_with_block(fn, s, loop, var))
            return s;
    }
    return NULL;
}

/* Does any free(var) (or a helper that frees it) run in the loop, on whatever path? */
static bool freed_in(const struct pa_program *prog, const struct pa_function *fn,
                     const struct pa_loop *loop, int var)
{
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (pa_loop_within(s->loop, loop) && frees_var(prog, fn, s, var) >= 0)
            return true;
    }
    return false;
}

/* Is var set only inside loop (or declared there), so that its block cannot be one reused
 * across iterations? */
static bool lives_in_iteration(const struct pa_function *fn, int var, const struct pa_loop *loop)
{
    const struct pa_var *v = &fn->vars[var];
    for (unsigned i = 0; i < v->ndefs; i++)
        if (!pa_loop_within(v->def_loops[i], loop))
            return false;
    return true;
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!s->loop || s->in_loop_header || !is_allocation(ctx->program, fn, s) ||
            !pa_site_repeats(ctx->program, s))
            continue;
        const struct pa_loop *loop = s->loop;
        struct pa_cx iteration = pa_loop_iteration_cost(loop);
        if (iteration.unknown || iteration.exp || iteration.poly > 0)
            continue; /* each iteration does O(n) work (or more): the allocation is not the cost */
        int var = result_var(fn, s->call);
        if (var < 0)
            continue; /* stored straight into a structure, or passed on */
        /* Allocated on every iteration; a block allocated only when the one kept across
         * iterations is too small is the reuse this rule recommends. */
        bool every_iteration = pa_call_guards(fn, s, loop, NULL, 0) == 0;
        if (!every_iteration && !lives_in_iteration(fn, var, loop))
            continue;
        struct escape_scan es = {ctx->program, fn, var, false, false};
        scan_stmt(&es, loop->body);
        if (es.stored)
            continue; /* kept: a node linked into a list or tree, a slot of a growing array */
        const struct pa_call_site *release = per_iteration_free(ctx->program, fn, loop, var);
        if (!release &&
            (es.handed_off || !every_iteration || freed_in(ctx->program, fn, loop, var)))
            continue; /* a callee may keep it, or it is freed only on some paths */
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        const char *name = fn->vars[var].name;
        /* through the project's allocator: say where the block comes from */
        char via[240] = "";
        const struct pa_summary *cs = pa_call_summary(ctx->program, s);
        if (cs && cs->fn) {
            char chain[200];
            pa_witness_chain(cs, PA_SUBJECT_RETURN, PA_EFFECT_READS, chain, sizeof(chain));
            snprintf(via, sizeof(via), " (%s)", chain);
        }
        char suggestion[320];
        snprintf(suggestion, sizeof(suggestion),
                 "allocate one buffer before the loop at line %u (sized for the largest element, "
                 "grown with realloc when one needs more) and reuse it for every element, or use "
                 "a stack buffer or an arena reset per iteration; free it once after the loop",
                 loop->line);
        if (release)
            pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat, suggestion,
                           "%s() allocates '%s' on every iteration of the loop at line %u and "
                           "%s() at line %u releases it in the same iteration: one allocator "
                           "round trip per element%s",
                           s->call->name, name, loop->line, release->call->name,
                           release->call->line, via);
        else
            pa_rule_report(ctx, s->call->line, s->call->column, repeat, repeat, suggestion,
                           "%s() allocates '%s' on every iteration of the loop at line %u and the "
                           "block is neither kept nor freed: one allocation per element, and all "
                           "but the last leak%s",
                           s->call->name, name, loop->line, via);
    }
}

static const struct pa_rule_example examples[] = {
    {"scratch buffer per record",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "long total(const char **recs, int n) {\n"
     "  long sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char *tmp = malloc(strlen(recs[i]) + 1);\n"
     "    if (tmp == NULL) return -1;\n"
     "    strcpy(tmp, recs[i]);\n"
     "    sum += (long)strlen(tmp);\n"
     "    free(tmp);\n"
     "  }\n"
     "  return sum;\n"
     "}\n",
     "total", "alloc-in-loop@6"},
    {"strdup per line, freed under a null check",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "int count_fields(FILE *f) {\n"
     "  char line[256]; int fields = 0;\n"
     "  while (fgets(line, sizeof line, f)) {\n"
     "    char *copy = strdup(line);\n"
     "    if (copy != NULL) {\n"
     "      copy[strcspn(copy, \"\\n\")] = '\\0';\n"
     "      fields += (int)strlen(copy);\n"
     "      free(copy);\n"
     "    }\n"
     "  }\n"
     "  return fields;\n"
     "}\n",
     "count_fields", "alloc-in-loop@7"},
    {"calloc per sample, freed first thing next time round",
     "#include <stdlib.h>\n"
     "double smooth(const double *v, int n) {\n"
     "  double *win = NULL, s = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    free(win);\n"
     "    win = calloc(8, sizeof *win);\n"
     "    for (int k = 0; k < 8 && i + k < n; k++) win[k] = v[i + k];\n"
     "    s += win[0] + win[7];\n"
     "  }\n"
     "  free(win);\n"
     "  return s;\n"
     "}\n",
     "smooth", "alloc-in-loop@6"},
    {"realloc from NULL is an allocation",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "int sum_pairs(const int *a, int n) {\n"
     "  int s = 0;\n"
     "  for (int i = 0; i + 1 < n; i++) {\n"
     "    int *c = realloc(NULL, 2 * sizeof *c);\n"
     "    if (!c) return -1;\n"
     "    memcpy(c, a + i, 2 * sizeof *c);\n"
     "    s += c[0] * c[1];\n"
     "    free(c);\n"
     "  }\n"
     "  return s;\n"
     "}\n",
     "sum_pairs", "alloc-in-loop@6"},
    {"list nodes kept in the list are how a list is built",
     "#include <stdlib.h>\n"
     "struct node { int v; struct node *next; };\n"
     "struct node *build(const int *a, int n) {\n"
     "  struct node *head = NULL;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    struct node *nd = malloc(sizeof *nd);\n"
     "    if (nd == NULL) break;\n"
     "    nd->v = a[i];\n"
     "    nd->next = head;\n"
     "    head = nd;\n"
     "  }\n"
     "  return head;\n"
     "}\n",
     "build", ""},
    {"a row buffer per row of O(n) work: the allocation is not the cost",
     "#include <stdlib.h>\n"
     "double total(const double *m, int rows, int cols) {\n"
     "  double t = 0;\n"
     "  for (int r = 0; r < rows; r++) {\n"
     "    double *row = malloc((size_t)cols * sizeof *row);\n"
     "    if (row == NULL) return -1;\n"
     "    for (int c = 0; c < cols; c++) {\n"
     "      row[c] = m[r * cols + c] * 2.0;\n"
     "      t += row[c];\n"
     "    }\n"
     "    free(row);\n"
     "  }\n"
     "  return t;\n"
     "}\n",
     "total", ""},
    {"a constant number of allocations",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "int probe(void) {\n"
     "  int ok = 0;\n"
     "  for (int i = 0; i < 4; i++) {\n"
     "    char *p = malloc(64);\n"
     "    if (p) { memset(p, 0, 64); ok++; }\n"
     "    free(p);\n"
     "  }\n"
     "  return ok;\n"
     "}\n",
     "probe", ""},
    {"one buffer before the loop, grown only when too small",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "long total(const char **recs, int n) {\n"
     "  char *buf = NULL; size_t cap = 0; long sum = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    size_t len = strlen(recs[i]) + 1;\n"
     "    if (len > cap) {\n"
     "      free(buf);\n"
     "      buf = malloc(len);\n"
     "      if (buf == NULL) return -1;\n"
     "      cap = len;\n"
     "    }\n"
     "    memcpy(buf, recs[i], len);\n"
     "    sum += buf[0];\n"
     "  }\n"
     "  free(buf);\n"
     "  return sum;\n"
     "}\n",
     "total", ""},
    {"an allocation on a failure path that leaves the loop",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "char *first_bad(const int *a, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    if (a[i] < 0) {\n"
     "      char *msg = malloc(64);\n"
     "      if (msg) snprintf(msg, 64, \"bad value at %d\", i);\n"
     "      return msg;\n"
     "    }\n"
     "  }\n"
     "  return NULL;\n"
     "}\n",
     "first_bad", ""},
    {"a copy handed to a container that keeps it",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "struct set;\n"
     "int set_add(struct set *s, char *key);\n"
     "int add_all(struct set *s, const char **words, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char *key = strdup(words[i]);\n"
     "    if (key == NULL || set_add(s, key) < 0) return -1;\n"
     "  }\n"
     "  return 0;\n"
     "}\n",
     "add_all", ""},
    {"freed only when parsing fails, kept otherwise",
     "#include <stdlib.h>\n"
     "struct rec { int id; };\n"
     "int parse(struct rec *r, const char *s);\n"
     "void keep(struct rec *r);\n"
     "void load(const char **lines, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    struct rec *r = malloc(sizeof *r);\n"
     "    if (r == NULL) return;\n"
     "    if (parse(r, lines[i]) < 0) { free(r); continue; }\n"
     "    keep(r);\n"
     "  }\n"
     "}\n",
     "load", ""},
    {"a checked allocator and its free per record",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static char *xstrdup(const char *s) {\n"
     "  char *p = strdup(s);\n"
     "  if (p == NULL) { perror(\"strdup\"); exit(1); }\n"
     "  return p;\n"
     "}\n"
     "static void xfree(char *p) { free(p); }\n"
     "int count_upper(const char **recs, int n) {\n"
     "  int upper = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char *r = xstrdup(recs[i]);\n"
     "    upper += r[0] >= 'A' && r[0] <= 'Z';\n"
     "    xfree(r);\n"
     "  }\n"
     "  return upper;\n"
     "}\n",
     "count_upper", "alloc-in-loop@13"},
    {"a constructor whose nodes are kept in a list is fine",
     "#include <stdlib.h>\n"
     "struct node { int v; struct node *next; };\n"
     "static struct node *node_new(int v) {\n"
     "  struct node *n = malloc(sizeof *n);\n"
     "  if (n == NULL) abort();\n"
     "  n->v = v;\n"
     "  n->next = NULL;\n"
     "  return n;\n"
     "}\n"
     "struct node *build(const int *a, int n) {\n"
     "  struct node *head = NULL;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    struct node *nd = node_new(a[i]);\n"
     "    nd->next = head;\n"
     "    head = nd;\n"
     "  }\n"
     "  return head;\n"
     "}\n",
     "build", ""},
};

/* glibc's calloc clears a large block in a tail-called memset, which a profile shows directly
 * under the loop: that clearing is allocator time too. */
static const char *const allocator_calls[] = {"malloc", "calloc",  "realloc", "free",
                                              "strdup", "strndup", "memset",  NULL};

const struct pa_rule pa_rule_alloc_in_loop = {
    .id = "alloc-in-loop",
    .category = 'C',
    .title = "Allocation per iteration",
    .summary = "A block allocated and freed (or dropped) on every iteration of a loop that grows "
               "with the input: one malloc/free round trip per element.",
    .remedy = "Allocate one buffer before the loop, reuse it for every element (growing it when "
              "needed), and free it after the loop; or use a stack buffer or an arena.",
    .alternatives =
        "a scratch buffer allocated once before the loop and reused (grown when too small); a "
        "stack buffer for small fixed sizes; an arena or pool allocator reset per batch; a faster "
        "general allocator (jemalloc, mimalloc) when allocations cannot be removed",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_REMOVE_CALLS,
                 .factor = 0.1,
                 .callees = allocator_calls,
                 .base_hours = 1.0,
                 .hours_per_line = 0.02,
                 .assumption = "a buffer reused across iterations leaves about a tenth of the "
                               "time spent in the allocator inside the loop"},
    PA_RULE_EXAMPLES(examples),
};
