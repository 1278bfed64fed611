/* const_fold.c: evaluating constant integer expressions of the function model. */
#include "perfaudit/const_fold.h"
#include "perfaudit/query.h"

#include <limits.h>
#include <stddef.h>

/* How many assignments deep a local's value is followed (int a = 4; int b = a * 2; ...): also
 * what stops i = i + 1 from being followed forever. */
#define MAX_DEF_DEPTH 6

static bool eval(const struct pa_function *fn, const struct pa_expr *e, int depth, long long *out);

/* A local whose every assignment is a plain `=` of the same constant. */
static bool local_value(const struct pa_function *fn, int var, int depth, long long *out)
{
    if (!fn || var < 0 || (unsigned)var >= fn->nvars || depth >= MAX_DEF_DEPTH)
        return false;
    const struct pa_var *v = &fn->vars[var];
    if (v->kind != PA_VAR_LOCAL || v->address_taken || v->ndefs == 0)
        return false;
    long long value = 0;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        long long x;
        if (d->kind != PA_EXPR_ASSIGN || d->op != PA_OP_NONE || d->nkids != 2 ||
            !eval(fn, d->kids[1], depth + 1, &x) || (i > 0 && x != value))
            return false;
        value = x;
    }
    *out = value;
    return true;
}

static bool unary(enum pa_op op, long long a, long long *out)
{
    switch (op) {
    case PA_OP_PLUS:
        *out = a;
        return true;
    case PA_OP_NEG:
        if (a == LLONG_MIN)
            return false;
        *out = -a;
        return true;
    case PA_OP_BNOT:
        *out = ~a;
        return true;
    case PA_OP_NOT:
        *out = !a;
        return true;
    default:
        return false; /* *, &, ++, -- */
    }
}

static bool binary(enum pa_op op, long long a, long long b, long long *out)
{
    switch (op) {
    case PA_OP_ADD:
        return !__builtin_add_overflow(a, b, out);
    case PA_OP_SUB:
        return !__builtin_sub_overflow(a, b, out);
    case PA_OP_MUL:
        return !__builtin_mul_overflow(a, b, out);
    case PA_OP_DIV:
    case PA_OP_MOD:
        if (b == 0 || (a == LLONG_MIN && b == -1))
            return false;
        *out = op == PA_OP_DIV ? a / b : a % b;
        return true;
    case PA_OP_SHL:
        /* only what C defines: a non-negative value shifted within the width, not overflowing */
        if (a < 0 || b < 0 || b > 62 || a > (LLONG_MAX >> b))
            return false;
        *out = a << b;
        return true;
    case PA_OP_SHR:
        if (b < 0 || b > 63)
            return false;
        *out = a >> b;
        return true;
    case PA_OP_LT:
        *out = a < b;
        return true;
    case PA_OP_LE:
        *out = a <= b;
        return true;
    case PA_OP_GT:
        *out = a > b;
        return true;
    case PA_OP_GE:
        *out = a >= b;
        return true;
    case PA_OP_EQ:
        *out = a == b;
        return true;
    case PA_OP_NE:
        *out = a != b;
        return true;
    case PA_OP_AND:
        *out = a & b;
        return true;
    case PA_OP_OR:
        *out = a | b;
        return true;
    case PA_OP_XOR:
        *out = a ^ b;
        return true;
    default:
        return false; /* the comma operator, and && and || (handled by the caller) */
    }
}

static bool eval(const struct pa_function *fn, const struct pa_expr *e, int depth, long long *out)
{
    e = pa_expr_strip(e);
    if (!e)
        return false;
    long long a, b;
    switch (e->kind) {
    case PA_EXPR_INT:
        *out = e->value;
        return true;
    case PA_EXPR_SIZEOF:
        if (e->value < 0)
            return false; /* sizeof of a variable-length array */
        *out = e->value;
        return true;
    case PA_EXPR_VAR:
        if (e->is_const_value) {
            *out = e->value;
            return true;
        }
        return local_value(fn, e->var, depth, out);
    case PA_EXPR_UNARY:
        return e->nkids == 1 && eval(fn, e->kids[0], depth, &a) && unary(e->op, a, out);
    case PA_EXPR_BINARY:
        if (e->nkids != 2 || !eval(fn, e->kids[0], depth, &a))
            return false;
        /* 0 && x and 1 || x are constants whatever x is, as C evaluates them */
        if ((e->op == PA_OP_LAND && !a) || (e->op == PA_OP_LOR && a)) {
            *out = e->op == PA_OP_LOR;
            return true;
        }
        if (!eval(fn, e->kids[1], depth, &b))
            return false;
        if (e->op == PA_OP_LAND || e->op == PA_OP_LOR) {
            *out = b != 0;
            return true;
        }
        return binary(e->op, a, b, out);
    case PA_EXPR_COND:
        if (e->nkids != 3)
            return false;
        if (eval(fn, e->kids[0], depth, &a))
            return eval(fn, e->kids[a ? 1 : 2], depth, out);
        /* c ? 4 : 4 whatever c is */
        if (!eval(fn, e->kids[1], depth, &a) || !eval(fn, e->kids[2], depth, &b) || a != b)
            return false;
        *out = a;
        return true;
    default:
        return false;
    }
}

bool pa_const_eval(const struct pa_function *fn, const struct pa_expr *e, long long *out)
{
    long long v;
    if (!eval(fn, e, 0, &v))
        return false;
    *out = v;
    return true;
}
