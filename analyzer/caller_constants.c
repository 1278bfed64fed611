/* caller_constants.c: parameters every caller passes as a small constant, found as a least fixed
 * point over the whole program's call sites (a recursive call passing n - 1 never makes n one). */
#include "caller_constants.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The largest count a caller-supplied constant may be and still be treated as constant work:
 * 16, 20, 64 are record widths and table sizes; 4096 or 65536 are sizes of real data. */
#define SMALL_CONSTANT 256

/* The value of an integer constant expression, if it can be worked out. */
static bool int_value(const struct pa_expr *e, long long *out, int depth)
{
    e = pa_expr_strip(e);
    if (!e || depth > 6)
        return false;
    switch (e->kind) {
    case PA_EXPR_INT:
        *out = e->value;
        return true;
    case PA_EXPR_SIZEOF:
        *out = e->value;
        return e->value >= 0;
    case PA_EXPR_VAR:
        *out = e->value;
        return e->is_const_value;
    case PA_EXPR_UNARY:
        if (e->op == PA_OP_NEG && int_value(e->kids[0], out, depth + 1)) {
            *out = -*out;
            return true;
        }
        return false;
    case PA_EXPR_BINARY: {
        long long a, b;
        if (e->nkids != 2 || !int_value(e->kids[0], &a, depth + 1) ||
            !int_value(e->kids[1], &b, depth + 1) || a < -(1LL << 30) || a > (1LL << 30) ||
            b < -(1LL << 30) || b > (1LL << 30))
            return false;
        switch (e->op) {
        case PA_OP_ADD:
            *out = a + b;
            return true;
        case PA_OP_SUB:
            *out = a - b;
            return true;
        case PA_OP_MUL:
            *out = a * b;
            return true;
        case PA_OP_DIV:
            *out = b ? a / b : 0;
            return b != 0;
        case PA_OP_SHL:
            *out = b >= 0 && b < 30 ? a << b : 0;
            return b >= 0 && b < 30;
        case PA_OP_SHR:
            *out = b >= 0 && b < 62 ? a >> b : 0;
            return b >= 0 && b < 62;
        default:
            return false;
        }
    }
    default:
        return false;
    }
}

static bool fixed_value(const struct pa_function *fn, const struct pa_expr *e, int depth);

static bool fixed_var(const struct pa_function *fn, int var, int depth)
{
    if (var < 0 || depth > 4)
        return false;
    const struct pa_var *v = &fn->vars[var];
    if (v->kind == PA_VAR_PARAM)
        return v->param_index >= 0 && v->param_index < 32 &&
               (fn->constant_params & (1u << v->param_index));
    if (v->kind != PA_VAR_LOCAL || v->address_taken || v->ndefs == 0)
        return false;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2 ||
            !fixed_value(fn, d->kids[1], depth + 1))
            return false;
    }
    return true;
}

static bool fixed_value(const struct pa_function *fn, const struct pa_expr *e, int depth)
{
    e = pa_expr_strip(e);
    if (!e || depth > 6)
        return false;
    long long value;
    if (e->kind == PA_EXPR_STRING)
        return true;
    if (int_value(e, &value, 0))
        return value >= -SMALL_CONSTANT && value <= SMALL_CONSTANT;
    switch (e->kind) {
    case PA_EXPR_VAR:
        return fixed_var(fn, e->var, depth);
    case PA_EXPR_BINARY:
        switch (e->op) {
        case PA_OP_ADD: /* no products or shifts: they make small values large */
        case PA_OP_SUB:
        case PA_OP_DIV:
        case PA_OP_MOD:
        case PA_OP_SHR:
        case PA_OP_AND:
            return e->nkids == 2 && fixed_value(fn, e->kids[0], depth + 1) &&
                   fixed_value(fn, e->kids[1], depth + 1);
        default:
            return false;
        }
    case PA_EXPR_CALL: {
        /* strlen of a literal passed down: the same length every time */
        const struct pa_libc_fn *lib = e->name ? pa_libc_lookup(e->name) : NULL;
        return lib && (lib->flags & PA_LIBC_SCAN) && (lib->flags & PA_LIBC_PURE) &&
               lib->len_arg < 0 && e->nkids == 1 && fixed_value(fn, e->kids[0], depth + 1);
    }
    default:
        return false;
    }
}

bool pa_expr_is_caller_constant(const struct pa_function *fn, const struct pa_expr *e)
{
    return fixed_value(fn, e, 0);
}

/* The names of functions used as values (callbacks, tables of handlers): their callers are
 * not all in view. Collected once over the whole program, sorted for lookup. */
struct ref_names {
    const char **names;
    size_t n, cap;
};

static bool visit_ref(const struct pa_expr *e, void *data)
{
    struct ref_names *r = data;
    if (e->kind == PA_EXPR_FUNC_REF && e->name) {
        PA_GROW(r->names, r->cap, r->n + 1);
        r->names[r->n++] = e->name;
    }
    return true;
}

static void scan_stmt(const struct pa_stmt *s, struct ref_names *r)
{
    if (!s)
        return;
    pa_expr_walk(s->expr, visit_ref, r);
    if (s->loop) {
        pa_expr_walk(s->loop->init, visit_ref, r);
        pa_expr_walk(s->loop->cond, visit_ref, r);
        pa_expr_walk(s->loop->inc, visit_ref, r);
        scan_stmt(s->loop->body, r);
    }
    for (unsigned i = 0; i < s->nkids; i++)
        scan_stmt(s->kids[i], r);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool address_taken(const struct ref_names *r, const struct pa_function *fn)
{
    return r->n && bsearch(&fn->name, r->names, r->n, sizeof(r->names[0]), by_name) != NULL;
}

void pa_infer_constant_params(struct pa_program *prog)
{
    bool whole_program = false;
    for (unsigned i = 0; i < prog->nfunctions; i++) {
        prog->functions[i]->constant_params = 0;
        if (prog->functions[i]->name && strcmp(prog->functions[i]->name, "main") == 0)
            whole_program = true;
    }
    unsigned n = prog->nfunctions;
    if (n == 0)
        return;
    /* which functions qualify: all their callers are in view */
    struct ref_names refs = {NULL, 0, 0};
    for (unsigned i = 0; i < n; i++)
        scan_stmt(prog->functions[i]->body, &refs);
    if (refs.n)
        qsort(refs.names, refs.n, sizeof(refs.names[0]), by_name);
    bool *eligible = pa_xcalloc(n, sizeof(*eligible));
    bool *called = pa_xcalloc(n, sizeof(*called));
    unsigned *want = pa_xcalloc(n, sizeof(*want));
    for (unsigned i = 0; i < n; i++) {
        const struct pa_function *fn = prog->functions[i];
        eligible[i] = fn->nparams > 0 && fn->name && (fn->is_static || whole_program) &&
                      strcmp(fn->name, "main") != 0 && !address_taken(&refs, fn);
    }
    /* least fixed point: a bit is set once every call passes a value already known fixed */
    for (int round = 0; round < 8; round++) {
        for (unsigned i = 0; i < n; i++) {
            const struct pa_function *fn = prog->functions[i];
            want[i] = fn->nparams >= 32 ? ~0u : (1u << fn->nparams) - 1;
            called[i] = false;
        }
        for (unsigned g = 0; g < n; g++) {
            const struct pa_function *caller = prog->functions[g];
            for (unsigned c = 0; c < caller->ncalls; c++) {
                const struct pa_call_site *site = &caller->calls[c];
                const struct pa_function *target = pa_call_target(prog, site);
                if (!target || target->id >= n || !eligible[target->id])
                    continue;
                called[target->id] = true;
                for (unsigned k = 0; k < target->nparams && k < 32; k++)
                    if (k >= site->call->nkids || !fixed_value(caller, site->call->kids[k], 0))
                        want[target->id] &= ~(1u << k);
            }
        }
        bool changed = false;
        for (unsigned i = 0; i < n; i++) {
            unsigned bits = eligible[i] && called[i] ? want[i] : 0;
            if (bits != prog->functions[i]->constant_params) {
                prog->functions[i]->constant_params = bits;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    free(want);
    free(called);
    free(eligible);
    free(refs.names);
}
