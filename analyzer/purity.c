/* purity.c: resolving calls to project functions, and which functions have side effects. */
#include "inference.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int lookup(const struct pa_program *prog, const int *table, size_t cap, const char *usr)
{
    size_t h = (size_t)hash_str(usr) & (cap - 1);
    while (table[h] >= 0) {
        if (strcmp(prog->functions[table[h]]->usr, usr) == 0)
            return table[h];
        h = (h + 1) & (cap - 1);
    }
    return -1;
}

/* Calls resolve by USR. Several programs in one tree may each define a function of the same
 * name (external linkage, same USR): a call then goes to the definition in the caller's own
 * file when there is one. */
void pa_resolve_calls(struct pa_program *prog)
{
    unsigned n = prog->nfunctions;
    size_t cap = 16;
    while (cap < (size_t)n * 2)
        cap *= 2;
    int *table = pa_xmalloc(cap * sizeof(*table));
    int *next_same = pa_xmalloc((n + 1) * sizeof(*next_same));
    for (size_t i = 0; i < cap; i++)
        table[i] = -1;
    for (unsigned f = 0; f < n; f++) {
        next_same[f] = -1;
        const char *usr = prog->functions[f]->usr;
        if (!usr || !*usr)
            continue;
        size_t h = (size_t)hash_str(usr) & (cap - 1);
        while (table[h] >= 0 && strcmp(prog->functions[table[h]]->usr, usr) != 0)
            h = (h + 1) & (cap - 1);
        if (table[h] < 0) {
            table[h] = (int)f;
        } else {
            int last = table[h];
            while (next_same[last] >= 0)
                last = next_same[last];
            next_same[last] = (int)f;
        }
    }
    for (unsigned f = 0; f < n; f++) {
        struct pa_function *fn = prog->functions[f];
        for (unsigned i = 0; i < fn->ncalls; i++) {
            struct pa_call_site *s = &fn->calls[i];
            const char *usr = s->call->callee_usr;
            s->callee = usr && *usr ? lookup(prog, table, cap, usr) : -1;
            for (int c = s->callee; c >= 0; c = next_same[c]) {
                if (strcmp(prog->functions[c]->file, fn->file) == 0) {
                    s->callee = c;
                    break;
                }
            }
        }
    }
    free(table);
    free(next_same);
}

/* Where a store through variable var lands, seen from the caller: a parameter (its bit),
 * global memory (*global), or the function's own locals (nothing). */
static unsigned store_target(const struct pa_function *fn, int var, bool *global, int depth)
{
    if (var < 0) {
        *global = true;
        return 0;
    }
    const struct pa_var *v = &fn->vars[var];
    switch (v->kind) {
    case PA_VAR_PARAM:
        return v->param_index >= 0 && v->param_index < 32 ? 1u << v->param_index : 0;
    case PA_VAR_GLOBAL:
    case PA_VAR_STATIC_LOCAL:
        *global = true;
        return 0;
    case PA_VAR_LOCAL:
        break;
    }
    if (v->type != PA_TYPE_POINTER || depth > 3)
        return 0; /* a local array or struct: the function's own memory */
    /* a local pointer stores wherever it was pointed: follow its definitions */
    unsigned bits = 0;
    for (unsigned i = 0; i < v->ndefs; i++) {
        const struct pa_expr *d = v->defs[i];
        if (d->kind == PA_EXPR_ASSIGN && d->nkids == 2) {
            const struct pa_expr *rhs = pa_expr_strip(d->kids[1]);
            if (rhs && rhs->kind == PA_EXPR_CALL)
                continue; /* fresh memory from an allocator or a constructor */
            int root = pa_expr_root_var(rhs);
            if (root >= 0 && root != var)
                bits |= store_target(fn, root, global, depth + 1);
        }
    }
    return bits;
}

static bool libc_has_global_effects(const struct pa_libc_fn *lib)
{
    /* I/O, allocation and random numbers are effects a caller can observe */
    return !(lib->flags & PA_LIBC_PURE) && lib->writes_args == 0
               ? true
               : (lib->flags & PA_LIBC_READS_INPUT) != 0;
}

void pa_infer_purity(struct pa_program *prog)
{
    unsigned n = prog->nfunctions;
    for (unsigned f = 0; f < n; f++) {
        struct pa_function *fn = prog->functions[f];
        bool global = fn->writes_nonlocal;
        unsigned params = 0;
        for (unsigned i = 0; i < fn->nwrites; i++) {
            const struct pa_write *w = &fn->writes[i];
            if (w->call >= 0 || w->kind != PA_WRITE_CONTENTS)
                continue;
            params |= store_target(fn, w->var, &global, 0);
        }
        fn->writes_nonlocal = global;
        fn->param_writes = params;
    }
    /* Effects flow from callees to callers until nothing changes. */
    bool changed = true;
    while (changed) {
        changed = false;
        for (unsigned f = 0; f < n; f++) {
            struct pa_function *fn = prog->functions[f];
            bool global = fn->writes_nonlocal;
            unsigned params = fn->param_writes;
            for (unsigned i = 0; i < fn->ncalls; i++) {
                const struct pa_call_site *s = &fn->calls[i];
                const struct pa_function *target = pa_call_target(prog, s);
                const struct pa_libc_fn *lib = target ? NULL : pa_libc_lookup(s->call->name);
                unsigned through;
                if (target) {
                    global |= target->writes_nonlocal;
                    through = target->param_writes;
                } else if (lib) {
                    global |= libc_has_global_effects(lib);
                    through = lib->writes_args;
                } else {
                    /* an unknown or indirect callee may do anything with what it is given */
                    global = true;
                    through = ~0u;
                }
                for (unsigned a = 0; a < s->call->nkids && a < 32; a++) {
                    if (!(through & (1u << a)) || !s->call->kids[a])
                        continue;
                    const struct pa_expr *arg = pa_expr_strip(s->call->kids[a]);
                    int root = pa_expr_root_var(arg);
                    if (arg->kind == PA_EXPR_UNARY && arg->op == PA_OP_ADDR && root >= 0 &&
                        fn->vars[root].kind == PA_VAR_LOCAL)
                        continue; /* &local: the caller's own variable */
                    params |= store_target(fn, root, &global, 0);
                }
            }
            if (global != fn->writes_nonlocal || params != fn->param_writes) {
                fn->writes_nonlocal = global;
                fn->param_writes = params;
                changed = true;
            }
        }
    }
    for (unsigned f = 0; f < n; f++) {
        struct pa_function *fn = prog->functions[f];
        fn->pure = !fn->writes_nonlocal && fn->param_writes == 0;
    }
}

static bool ends_program(const char *name)
{
    static const char *const enders[] = {
        "exit",          "_exit",   "_Exit",      "abort",          "quick_exit",
        "__assert_fail", "longjmp", "siglongjmp", "__builtin_trap", "__builtin_unreachable",
        "pthread_exit",  "err",     "errx",       "verr",           "verrx"};
    for (size_t i = 0; name && i < sizeof(enders) / sizeof(enders[0]); i++)
        if (strcmp(name, enders[i]) == 0)
            return true;
    return false;
}

void pa_infer_noreturn(struct pa_program *prog)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (unsigned f = 0; f < prog->nfunctions; f++) {
            struct pa_function *fn = prog->functions[f];
            if (fn->noreturn || !fn->body)
                continue;
            /* an unconditional call to something that never returns, at the top level */
            for (unsigned i = 0; i < fn->body->nkids && !fn->noreturn; i++) {
                const struct pa_stmt *st = fn->body->kids[i];
                const struct pa_expr *e = st->kind == PA_STMT_EXPR ? pa_expr_strip(st->expr) : NULL;
                if (!e || e->kind != PA_EXPR_CALL)
                    continue;
                const struct pa_call_site *site = pa_call_site_of(fn, e);
                const struct pa_function *target = site ? pa_call_target(prog, site) : NULL;
                if (target ? target->noreturn : e->noreturn || ends_program(e->name)) {
                    fn->noreturn = true;
                    changed = true;
                }
            }
        }
    }
}
