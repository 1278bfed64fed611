/* recursion.c: recursive components of the call graph and the shape of each recursion
 * (shrinking by a constant, halving, walking a structure), plus the facts recursion rules
 * need: does a function cache its results, does it sort. */
#include "inference.h"
#include "libc_catalog.h"
#include "loop_bound.h"
#include "perfaudit/query.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- Tarjan's strongly connected components ---- */

struct tarjan {
    struct pa_program *prog;
    int *index, *low, *stack;
    bool *on_stack;
    int next_index, sp, next_scc;
};

static void strongconnect(struct tarjan *t, int v)
{
    t->index[v] = t->low[v] = t->next_index++;
    t->stack[t->sp++] = v;
    t->on_stack[v] = true;
    const struct pa_function *fn = t->prog->functions[v];
    bool self = false;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        int w = fn->calls[i].callee;
        if (w < 0)
            continue;
        if (w == v)
            self = true;
        if (t->index[w] < 0) {
            strongconnect(t, w);
            if (t->low[w] < t->low[v])
                t->low[v] = t->low[w];
        } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
            t->low[v] = t->index[w];
        }
    }
    if (t->low[v] != t->index[v])
        return;
    int size = 0, first = t->sp;
    do {
        first--;
        size++;
    } while (t->stack[first] != v);
    int id = (size > 1 || self) ? t->next_scc++ : -1;
    for (int i = first; i < t->sp; i++) {
        t->on_stack[t->stack[i]] = false;
        t->prog->functions[t->stack[i]]->scc = id;
    }
    t->sp = first;
}

static void find_components(struct pa_program *prog)
{
    unsigned n = prog->nfunctions;
    struct tarjan t = {prog,
                       pa_xmalloc((n + 1) * sizeof(int)),
                       pa_xmalloc((n + 1) * sizeof(int)),
                       pa_xmalloc((n + 1) * sizeof(int)),
                       pa_xcalloc(n + 1, sizeof(bool)),
                       0,
                       0,
                       0};
    for (unsigned i = 0; i < n; i++)
        t.index[i] = -1;
    for (unsigned i = 0; i < n; i++)
        if (t.index[i] < 0)
            strongconnect(&t, (int)i);
    free(t.index);
    free(t.low);
    free(t.stack);
    free(t.on_stack);
}

/* ---- the shape of one recursive call ---- */

static bool is_recursive_site(const struct pa_program *prog, const struct pa_function *fn,
                              const struct pa_call_site *s)
{
    const struct pa_function *target = pa_call_target(prog, s);
    return target && fn->scc >= 0 && target->scc == fn->scc;
}

static bool structural_var(const struct pa_function *fn, int var, int depth);

/* Does e come from a parameter's structure: p->left, p->kids[i], a local set from those? */
static bool structural(const struct pa_function *fn, const struct pa_expr *e, int depth)
{
    e = pa_expr_strip(e);
    if (!e || depth > 3)
        return false;
    if (e->kind == PA_EXPR_MEMBER || e->kind == PA_EXPR_SUBSCRIPT) {
        const struct pa_expr *base = pa_expr_strip(e->kids[0]);
        if (!base)
            return false;
        if (e->kind == PA_EXPR_SUBSCRIPT && base->kind != PA_EXPR_MEMBER)
            return false; /* a[i] of an array parameter is not a child link */
        int root = pa_expr_root_var(base);
        return root >= 0 &&
               (fn->vars[root].kind == PA_VAR_PARAM || structural_var(fn, root, depth + 1));
    }
    if (e->kind == PA_EXPR_VAR && e->var >= 0 && fn->vars[e->var].kind == PA_VAR_LOCAL)
        return structural_var(fn, e->var, depth + 1);
    return false;
}

static bool structural_var(const struct pa_function *fn, int var, int depth)
{
    const struct pa_var *v = &fn->vars[var];
    if (v->kind != PA_VAR_LOCAL || v->ndefs == 0 || depth > 3)
        return false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || !structural(fn, d->kids[1], depth))
            return false;
    }
    return true;
}

/* x - c, x + c, p + 1 where x is a parameter: a constant step towards the base case. */
static bool shrinks_by_constant(const struct pa_function *fn, const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_BINARY || (e->op != PA_OP_ADD && e->op != PA_OP_SUB))
        return false;
    const struct pa_expr *l = pa_expr_strip(e->kids[0]);
    return l && l->kind == PA_EXPR_VAR && l->var >= 0 && fn->vars[l->var].kind == PA_VAR_PARAM &&
           pa_expr_is_constant(fn, e->kids[1]);
}

static enum pa_recursion_kind call_shape(const struct pa_function *fn, const struct pa_expr *call,
                                         unsigned *shrunk_params)
{
    bool halves = false, walks = false, steps = false;
    for (unsigned i = 0; i < call->nkids; i++) {
        const struct pa_expr *a = call->kids[i];
        if (!a)
            continue;
        if (pa_expr_is_halving(fn, a))
            halves = true;
        else if (structural(fn, a, 0))
            walks = true;
        else if (shrinks_by_constant(fn, a)) {
            steps = true;
            const struct pa_expr *l = pa_expr_strip(pa_expr_strip(a)->kids[0]);
            int p = fn->vars[l->var].param_index;
            if (p >= 0 && p < 32)
                *shrunk_params |= 1u << p;
        }
    }
    if (halves)
        return PA_REC_HALVING;
    if (walks)
        return PA_REC_STRUCTURAL;
    if (steps)
        return PA_REC_DECREASING;
    return PA_REC_UNKNOWN;
}

/* ---- recursive calls on one path through the function ---- */

struct path_count {
    const struct pa_program *prog;
    const struct pa_function *fn;
};

static unsigned expr_count(const struct path_count *pc, const struct pa_expr *e)
{
    if (!e)
        return 0;
    if (e->kind == PA_EXPR_COND && e->nkids == 3) {
        unsigned a = expr_count(pc, e->kids[1]), b = expr_count(pc, e->kids[2]);
        return expr_count(pc, e->kids[0]) + (a > b ? a : b);
    }
    unsigned n = 0;
    if (e->kind == PA_EXPR_CALL) {
        const struct pa_call_site *s = pa_call_site_of(pc->fn, e);
        if (s && is_recursive_site(pc->prog, pc->fn, s))
            n++;
    }
    for (unsigned i = 0; i < e->nkids; i++)
        n += expr_count(pc, e->kids[i]);
    return n;
}

static bool stmt_returns(const struct pa_stmt *s)
{
    if (!s)
        return false;
    if (s->kind == PA_STMT_RETURN)
        return true;
    if (s->kind == PA_STMT_BLOCK)
        for (unsigned i = 0; i < s->nkids; i++)
            if (stmt_returns(s->kids[i]))
                return true;
    return false;
}

static unsigned stmt_count(const struct path_count *pc, const struct pa_stmt *s)
{
    if (!s)
        return 0;
    switch (s->kind) {
    case PA_STMT_BLOCK: {
        /* statements after an if whose branch returns run on another path than that branch */
        unsigned total = 0;
        for (unsigned i = 0; i < s->nkids; i++) {
            const struct pa_stmt *k = s->kids[i];
            if (k->kind == PA_STMT_IF && k->nkids == 2 && stmt_returns(k->kids[0]) && !k->kids[1]) {
                unsigned branch = stmt_count(pc, k->kids[0]);
                struct pa_stmt rest = {
                    .kind = PA_STMT_BLOCK, .nkids = s->nkids - i - 1, .kids = s->kids + i + 1};
                unsigned after = stmt_count(pc, &rest);
                return total + expr_count(pc, k->expr) + (branch > after ? branch : after);
            }
            total += stmt_count(pc, k);
        }
        return total;
    }
    case PA_STMT_IF: {
        unsigned a = s->nkids > 0 ? stmt_count(pc, s->kids[0]) : 0;
        unsigned b = s->nkids > 1 ? stmt_count(pc, s->kids[1]) : 0;
        return expr_count(pc, s->expr) + (a > b ? a : b);
    }
    case PA_STMT_LOOP: {
        const struct pa_loop *l = s->loop;
        return expr_count(pc, l->init) + expr_count(pc, l->cond) + expr_count(pc, l->inc) +
               stmt_count(pc, l->body);
    }
    case PA_STMT_SWITCH: {
        /* cases are alternatives: count the largest single statement of the body */
        unsigned best = 0;
        const struct pa_stmt *body = s->nkids ? s->kids[0] : NULL;
        if (body && body->kind == PA_STMT_BLOCK) {
            for (unsigned i = 0; i < body->nkids; i++) {
                unsigned c = stmt_count(pc, body->kids[i]);
                if (c > best)
                    best = c;
            }
        } else {
            best = stmt_count(pc, body);
        }
        return expr_count(pc, s->expr) + best;
    }
    default:
        return expr_count(pc, s->expr);
    }
}

/* ---- caches and sorts ---- */

/* Does fn store into a table outside its frame (global, static, or through a parameter)
 * at an index computed from its parameters, and read that table too? */
static bool has_result_cache(const struct pa_function *fn)
{
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        if (w->call >= 0 || w->kind != PA_WRITE_CONTENTS || w->expr->kind != PA_EXPR_ASSIGN)
            continue;
        const struct pa_var *table = &fn->vars[w->var];
        bool outside = table->kind == PA_VAR_GLOBAL || table->kind == PA_VAR_STATIC_LOCAL ||
                       table->kind == PA_VAR_PARAM;
        if (!outside)
            continue;
        const struct pa_expr *lhs = pa_expr_strip(w->expr->kids[0]);
        bool indexed_by_param = false;
        for (const struct pa_expr *e = lhs; e && e->kind == PA_EXPR_SUBSCRIPT;
             e = pa_expr_strip(e->kids[0])) {
            for (unsigned p = 0; p < fn->nvars; p++)
                if (fn->vars[p].kind == PA_VAR_PARAM && pa_expr_uses_var(e->kids[1], (int)p))
                    indexed_by_param = true;
        }
        if (indexed_by_param)
            return true;
    }
    return false;
}

/* if (a[x] > a[y]) { ... a[x] = ...; } inside a loop inside a loop: compare and swap. */
static bool compares_and_swaps(const struct pa_stmt *s, unsigned depth)
{
    if (!s)
        return false;
    if (s->kind == PA_STMT_LOOP)
        return compares_and_swaps(s->loop->body, depth + 1);
    if (s->kind == PA_STMT_IF && depth >= 2 && s->expr && s->expr->kind == PA_EXPR_BINARY &&
        s->expr->op >= PA_OP_LT && s->expr->op <= PA_OP_GE) {
        const struct pa_expr *l = pa_expr_strip(s->expr->kids[0]);
        const struct pa_expr *r = pa_expr_strip(s->expr->kids[1]);
        int root = pa_expr_root_var(l);
        if (l && r && l->kind == PA_EXPR_SUBSCRIPT && r->kind == PA_EXPR_SUBSCRIPT && root >= 0 &&
            root == pa_expr_root_var(r))
            return true;
    }
    for (unsigned i = 0; i < s->nkids; i++)
        if (compares_and_swaps(s->kids[i], depth))
            return true;
    return false;
}

static void find_sorts(struct pa_program *prog)
{
    for (unsigned f = 0; f < prog->nfunctions; f++) {
        struct pa_function *fn = prog->functions[f];
        fn->is_sort =
            compares_and_swaps(fn->body, 0) ||
            (fn->recursion == PA_REC_HALVING && fn->recursive_calls >= 2 && fn->param_writes != 0);
    }
    /* wrappers: a function that hands its own array parameter to a sort sorts too */
    bool changed = true;
    while (changed) {
        changed = false;
        for (unsigned f = 0; f < prog->nfunctions; f++) {
            struct pa_function *fn = prog->functions[f];
            if (fn->is_sort)
                continue;
            for (unsigned i = 0; i < fn->ncalls && !fn->is_sort; i++) {
                const struct pa_call_site *s = &fn->calls[i];
                const struct pa_function *target = pa_call_target(prog, s);
                const struct pa_libc_fn *lib = target ? NULL : pa_libc_lookup(s->call->name);
                bool sorts = target ? target->is_sort && target != fn
                                    : lib && (lib->flags & PA_LIBC_SORT_CALL);
                if (!sorts || s->call->nkids == 0)
                    continue;
                int root = pa_expr_root_var(s->call->kids[0]);
                if (root >= 0 && fn->vars[root].kind == PA_VAR_PARAM) {
                    fn->is_sort = true;
                    changed = true;
                }
            }
        }
    }
}

void pa_infer_recursion(struct pa_program *prog)
{
    find_components(prog);
    for (unsigned f = 0; f < prog->nfunctions; f++) {
        struct pa_function *fn = prog->functions[f];
        fn->has_cache = has_result_cache(fn);
        fn->recursion = PA_REC_NONE;
        fn->recursive_calls = 0;
        if (fn->scc < 0)
            continue;
        enum pa_recursion_kind shape = PA_REC_NONE;
        unsigned shrunk = 0;
        for (unsigned i = 0; i < fn->ncalls; i++) {
            const struct pa_call_site *s = &fn->calls[i];
            if (!is_recursive_site(prog, fn, s))
                continue;
            for (struct pa_loop *l = s->loop; l; l = l->parent)
                l->has_recursive_call = true;
            enum pa_recursion_kind k = call_shape(fn, s->call, &shrunk);
            if (shape == PA_REC_NONE || shape == k)
                shape = k;
            else
                shape = PA_REC_UNKNOWN;
        }
        struct path_count pc = {prog, fn};
        fn->recursion = shape == PA_REC_NONE ? PA_REC_UNKNOWN : shape;
        fn->recursive_calls = stmt_count(&pc, fn->body);
        fn->shrinking_params = shrunk;
    }
    /* a cache anywhere in a component serves the whole component */
    for (unsigned f = 0; f < prog->nfunctions; f++) {
        struct pa_function *fn = prog->functions[f];
        if (fn->scc < 0 || !fn->has_cache)
            continue;
        for (unsigned g = 0; g < prog->nfunctions; g++)
            if (prog->functions[g]->scc == fn->scc)
                prog->functions[g]->has_cache = true;
    }
    find_sorts(prog);
}
