/* quadratic_string_build.c: a string built by appends that each rescan the whole string. */
#include "libc_catalog.h"
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"

#include <string.h>

/* buf + strlen(buf): the end found by scanning from the start */
static bool end_by_scan(const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_BINARY || e->op != PA_OP_ADD || e->nkids != 2)
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *call = pa_expr_strip(e->kids[side]);
        const struct pa_expr *base = e->kids[1 - side];
        if (call && call->kind == PA_EXPR_CALL && call->name && strcmp(call->name, "strlen") == 0 &&
            call->nkids == 1) {
            int root = pa_expr_root_var(base);
            if (root >= 0 && root == pa_expr_root_var(call->kids[0]))
                return true;
        }
    }
    return false;
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_site_repeats(ctx->program, s) || s->call->nkids == 0)
            continue;
        const struct pa_libc_fn *lib = pa_libc_lookup(s->call->name);
        if (!lib)
            continue;
        const struct pa_expr *dst = s->call->kids[0];
        bool appends = false;
        if (lib->flags & PA_LIBC_APPEND) {
            /* strcat(buf, x) into the same buffer each time: its end is searched anew */
            int root = pa_expr_root_var(dst);
            appends = root >= 0 && !pa_var_modified_in(ctx->program, fn, root, s->loop, false);
            /* an element (lines[i]) is a different string each time */
            const struct pa_expr *d = pa_expr_strip(dst);
            if (d && d->kind == PA_EXPR_SUBSCRIPT &&
                !pa_expr_invariant_in(ctx->program, fn, d->kids[1], s->loop))
                appends = false;
        } else if (lib->flags & (PA_LIBC_FORMAT | PA_LIBC_COPY)) {
            appends = end_by_scan(dst);
        }
        if (!appends)
            continue;
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        pa_rule_report(ctx, s->call->line, s->call->column, pa_cx_mul(repeat, PA_CX_N), repeat,
                       "keep the current length in a variable and write at buf + len (len += "
                       "the bytes written), or use a growable string buffer",
                       "%s() appends to a string whose end is found by rescanning it from the "
                       "start on every iteration",
                       s->call->name);
    }
}

static const struct pa_rule_example examples[] = {
    {"strcat in a loop",
     "#include <string.h>\n"
     "void join(char *out, char **parts, int n) {\n"
     "  out[0] = '\\0';\n"
     "  for (int i = 0; i < n; i++)\n"
     "    strcat(out, parts[i]);\n"
     "}\n",
     "join", "quadratic-string-build@5"},
    {"tracked end is fine",
     "#include <stdio.h>\n"
     "void join(char *out, const int *v, int n) {\n"
     "  char *p = out;\n"
     "  for (int i = 0; i < n; i++) p += sprintf(p, \"%d,\", v[i]);\n"
     "}\n",
     "join", ""},
};

const struct pa_rule pa_rule_quadratic_string_build = {
    .id = "quadratic-string-build",
    .category = 'B',
    .title = "Quadratic string building",
    .summary = "A string built by appending in a loop where each append rescans or recopies the "
               "whole string (strcat, sprintf(buf + strlen(buf), ...)).",
    .remedy = "Track the end of the string and append there, or use a string builder.",
    .alternatives = "a growable string type (pointer, length, capacity) used throughout the "
                    "project; open_memstream to let stdio do the appending; write the pieces "
                    "straight to the output (fwrite, writev) instead of building one string",
    .check = check,
    .estimate = {.model = PA_SPEEDUP_COMPLEXITY,
                 .factor = 0.0,
                 .base_hours = 0.5,
                 .hours_per_line = 0.02,
                 .assumption =
                     "keeping the end of the string makes each append cost only what it adds"},
    PA_RULE_EXAMPLES(examples),
};
