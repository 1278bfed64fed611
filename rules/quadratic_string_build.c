/* quadratic_string_build.c: a string built by appends that each rescan the whole string. */
#include "perfaudit/loop_shape.h"
#include "perfaudit/query.h"
#include "perfaudit/rule.h"
#include "perfaudit/summary.h"

#include <stdio.h>
#include <string.h>

static const char *const remedy = "keep the current length in a variable and write at buf + len "
                                  "(len += the bytes written), or use a growable string buffer";

/* strlen(buf) by what it does: a pure call that reads all of its one argument. */
static bool is_length_call(const struct pa_program *prog, const struct pa_function *fn,
                           const struct pa_expr *e)
{
    if (!e || e->kind != PA_EXPR_CALL || e->nkids != 1)
        return false;
    const struct pa_call_site *site = pa_call_site_of(fn, e);
    const struct pa_summary *cs = site ? pa_call_summary(prog, site) : NULL;
    return cs && cs->pure && cs->params[0].mask == PA_EFFECT_BIT(PA_EFFECT_READS) &&
           cs->params[0].bound_param < 0 && (e->type == PA_TYPE_INT || e->type == PA_TYPE_OTHER);
}

/* buf + strlen(buf): the end found by scanning from the start */
static bool end_by_scan(const struct pa_program *prog, const struct pa_function *fn,
                        const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    if (!e || e->kind != PA_EXPR_BINARY || e->op != PA_OP_ADD || e->nkids != 2)
        return false;
    for (int side = 0; side < 2; side++) {
        const struct pa_expr *call = pa_expr_strip(e->kids[side]);
        const struct pa_expr *base = e->kids[1 - side];
        if (is_length_call(prog, fn, call)) {
            int root = pa_expr_root_var(base);
            if (root >= 0 && root == pa_expr_root_var(call->kids[0]))
                return true;
        }
    }
    return false;
}

/* Skips the nodes the model keeps around a C++ temporary (materialisation, binding). */
static const struct pa_expr *through_temporaries(const struct pa_expr *e)
{
    e = pa_expr_strip(e);
    while (e && e->kind == PA_EXPR_OTHER && !e->name && e->nkids == 1)
        e = pa_expr_strip(e->kids[0]);
    return e;
}

/* The variable the call's result is assigned to (s = f(...)), or -1. */
static int assigned_to(const struct pa_function *fn, const struct pa_expr *call)
{
    /* a class's s = f(...) is a call of its operator= with s as the object */
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_expr *c = fn->calls[i].call;
        if (c->name && strcmp(c->name, "operator=") == 0 && c->nkids == 2 &&
            through_temporaries(c->kids[1]) == call) {
            const struct pa_expr *target = pa_expr_strip(c->kids[0]);
            return target && target->kind == PA_EXPR_VAR ? target->var : -1;
        }
    }
    for (unsigned v = 0; v < fn->nvars; v++) {
        const struct pa_var *var = &fn->vars[v];
        for (unsigned d = 0; d < var->ndefs; d++) {
            const struct pa_expr *def = var->defs[d];
            if (def->kind == PA_EXPR_ASSIGN && def->op == PA_OP_NONE && def->nkids == 2 &&
                pa_expr_strip(def->kids[1]) == call)
                return (int)v;
        }
    }
    return -1;
}

/* Is var set anywhere in loop other than by call (which gets its address)? */
static bool assigned_in(const struct pa_function *fn, int var, const struct pa_loop *loop,
                        const struct pa_expr *call)
{
    const struct pa_var *v = &fn->vars[var];
    for (unsigned d = 0; d < v->ndefs; d++)
        if (v->defs[d] != call && pa_loop_within(v->def_loops[d], loop))
            return true;
    return false;
}

/* strcat(buf, x), or a helper that does it, into the same buffer each time: its end is
 * searched anew. The argument appended to, or -1. */
static int appended_arg(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned a = 0; a < s->call->nkids && a < PA_SUMMARY_MAX_PARAMS; a++) {
        if (!pa_call_effect_on_arg(ctx->program, fn, s, a, PA_EFFECT_APPENDS_STRING, NULL))
            continue;
        const struct pa_expr *dst = s->call->kids[a];

        const struct pa_expr *d = pa_expr_strip(dst);
        /* append(&s, piece): the callee grows s itself */
        bool by_address = d && d->kind == PA_EXPR_UNARY && d->op == PA_OP_ADDR && d->nkids == 1;
        int root = pa_expr_root_var(by_address ? d->kids[0] : dst);
        if (root < 0)
            continue;
        /* s = append(s, piece) reassigns s with the grown string: still the same string */
        bool same = !pa_var_modified_in(ctx->program, fn, root, s->loop, false) ||
                    assigned_to(fn, s->call) == root;
        /* ... the same string unless the loop assigns s too */
        if (by_address && pa_expr_strip(d->kids[0]) &&
            pa_expr_strip(d->kids[0])->kind == PA_EXPR_VAR &&
            !assigned_in(fn, root, s->loop, s->call))
            same = true;
        /* an element (lines[i]) is a different string each time */
        if (d && d->kind == PA_EXPR_SUBSCRIPT &&
            !pa_expr_invariant_in(ctx->program, fn, d->kids[1], s->loop))
            same = false;
        if (same)
            return (int)a;
    }
    return -1;
}

/* Does var take the value of from inside loop (s = t after t = concat(s, piece))? */
static bool copied_back(const struct pa_function *fn, int var, int from, const struct pa_loop *loop)
{
    const struct pa_var *v = &fn->vars[var];
    for (unsigned d = 0; d < v->ndefs; d++) {
        const struct pa_expr *def = v->defs[d];
        const struct pa_expr *rhs = def->nkids == 2 ? pa_expr_strip(def->kids[1]) : NULL;
        if (pa_loop_within(v->def_loops[d], loop) && def->kind == PA_EXPR_ASSIGN &&
            def->op == PA_OP_NONE && rhs && rhs->kind == PA_EXPR_VAR && rhs->var == from)
            return true;
    }
    return false;
}

/* s = concat(s, piece), or t = concat(s, piece); ...; s = t: a fresh copy of the whole string
 * plus the piece, every iteration. */
static int recopied_arg(const struct pa_rule_context *ctx, const struct pa_call_site *s)
{
    unsigned args = 0;
    if (pa_call_returns(ctx->program, s, &args, NULL) != PA_RETURN_EXTENDS)
        return -1;
    int target = assigned_to(ctx->function, s->call);
    const struct pa_loop *growing = pa_loop_growing(pa_site_repeating_loop(s));
    /* name = prefix + name with name declared in the loop: a new string, extended once */
    bool fresh = target >= 0 && ctx->function->vars[target].kind == PA_VAR_LOCAL &&
                 pa_loop_within(ctx->function->vars[target].decl_loop, growing);
    for (unsigned a = 0; a < s->call->nkids && a < 32 && target >= 0; a++) {
        const struct pa_expr *arg = pa_expr_strip(s->call->kids[a]);
        if (!(args & (1u << a)) || !arg || arg->kind != PA_EXPR_VAR || arg->var < 0)
            continue;
        if ((arg->var == target && !fresh) || copied_back(ctx->function, arg->var, target, s->loop))
            return (int)a;
    }
    return -1;
}

static void check(const struct pa_rule_context *ctx)
{
    const struct pa_function *fn = ctx->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (!pa_site_repeats(ctx->program, s) || s->call->nkids == 0)
            continue;
        const struct pa_summary *cs = pa_call_summary(ctx->program, s);
        if (!cs)
            continue;
        struct pa_cx repeat = pa_loop_repeat(pa_site_repeating_loop(s));
        struct pa_cx current = pa_cx_mul(repeat, PA_CX_N);
        char chain[256];
        int arg = appended_arg(ctx, s);
        if (arg >= 0 && !cs->fn) {
            pa_rule_report(ctx, s->call->line, s->call->column, current, repeat, remedy,
                           "%s() appends to a string whose end is found by rescanning it from "
                           "the start on every iteration",
                           s->call->name);
        } else if (arg >= 0) {
            pa_call_chain(ctx->program, s, arg, PA_EFFECT_APPENDS_STRING, chain, sizeof(chain));
            pa_rule_report(ctx, s->call->line, s->call->column, current, repeat, remedy,
                           "%s() appends to a string whose end it finds by rescanning it from "
                           "the start, on every iteration (%s)",
                           s->call->name, chain);
        } else if ((cs->params[0].mask & PA_EFFECT_BIT(PA_EFFECT_OVERWRITES)) &&
                   end_by_scan(ctx->program, fn, s->call->kids[0])) {
            pa_rule_report(ctx, s->call->line, s->call->column, current, repeat, remedy,
                           "%s() appends to a string whose end is found by rescanning it from "
                           "the start on every iteration",
                           s->call->name);
        } else if ((arg = recopied_arg(ctx, s)) >= 0) {
            /* a string object (C++'s s = s + piece) has its own in-place append */
            bool object = s->call->kids[arg]->type == PA_TYPE_RECORD;
            pa_witness_chain(cs, PA_SUBJECT_RETURN, PA_EFFECT_READS, chain, sizeof(chain));
            pa_rule_report(ctx, s->call->line, s->call->column, current, repeat,
                           object ? "append in place (s += piece, with s.reserve(total) first "
                                    "when the total is known) instead of building a new string "
                                    "each time"
                                  : "append in place to a growable buffer (pointer, length, "
                                    "capacity doubling) instead of building a new string each "
                                    "time",
                           "%s() returns a new copy of the whole string plus the piece, on "
                           "every iteration%s%s%s",
                           s->call->name, cs->fn ? " (" : "", cs->fn ? chain : "",
                           cs->fn ? ")" : "");
        }
    }
}

static const struct pa_rule_example examples[] = {
    {"an append helper told the end by strlen, through a helper copying at an offset",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static int put_at(char **str, size_t at, const char *piece) {\n"
     "  size_t n = strlen(piece);\n"
     "  char *t = realloc(*str, at + n + 1);\n"
     "  if (!t) return 0;\n"
     "  *str = t;\n"
     "  memcpy(*str + at, piece, n + 1);\n"
     "  return 1;\n"
     "}\n"
     "static int str_append(char **str, const char *piece) {\n"
     "  return put_at(str, *str ? strlen(*str) : 0, piece);\n"
     "}\n"
     "char *join(const char **parts, int n) {\n"
     "  char *s = NULL;\n"
     "  for (int i = 0; i < n; i++) str_append(&s, parts[i]);\n"
     "  return s;\n"
     "}\n",
     "join", "quadratic-string-build@16"},
    {"the same helper given the length the caller keeps is fine",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static int put_at(char **str, size_t at, const char *piece) {\n"
     "  size_t n = strlen(piece);\n"
     "  char *t = realloc(*str, at + n + 1);\n"
     "  if (!t) return 0;\n"
     "  *str = t;\n"
     "  memcpy(*str + at, piece, n + 1);\n"
     "  return 1;\n"
     "}\n"
     "char *join(const char **parts, int n) {\n"
     "  char *s = NULL; size_t len = 0;\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    put_at(&s, len, parts[i]);\n"
     "    len += strlen(parts[i]);\n"
     "  }\n"
     "  return s;\n"
     "}\n",
     "join", ""},
    {"a concatenation helper that measures the string and copies after its end",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static char *cat(char *cur, const char *add) {\n"
     "  size_t size = strlen(cur), len = strlen(add);\n"
     "  char *ret = realloc(cur, size + len + 1);\n"
     "  if (!ret) return NULL;\n"
     "  memcpy(&ret[size], add, len + 1);\n"
     "  return ret;\n"
     "}\n"
     "char *join(const char **parts, int n) {\n"
     "  char *s = calloc(1, 1);\n"
     "  for (int i = 0; i < n && s; i++) s = cat(s, parts[i]);\n"
     "  return s;\n"
     "}\n",
     "join", "quadratic-string-build@12"},
    {"a helper that formats a buffer afresh and pads after its end is fine",
     "#include <stdio.h>\n"
     "#include <string.h>\n"
     "static void make_entry(char *buf, size_t len, const char *name, int width) {\n"
     "  snprintf(buf, len, \"%s:\", name);\n"
     "  size_t s = strlen(buf);\n"
     "  if ((size_t)width < len && s < (size_t)width) {\n"
     "    memset(buf + s, ' ', (size_t)width - s);\n"
     "    buf[width] = '\\0';\n"
     "  }\n"
     "}\n"
     "void draw(const char **names, int n, int width) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char line[256];\n"
     "    make_entry(line, sizeof line, names[i], width);\n"
     "    puts(line);\n"
     "  }\n"
     "}\n",
     "draw", ""},
    {"a helper copying after the end of a different string is fine",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static void tail_copy(char *dst, const char *src) {\n"
     "  memcpy(dst, src + strlen(src) / 2, strlen(src) / 2 + 1);\n"
     "}\n"
     "static void put_after(char *dst, const char *key, const char *val) {\n"
     "  size_t k = strlen(key);\n"
     "  memcpy(dst, key, k);\n"
     "  strcpy(dst + k, val);\n"
     "}\n"
     "void fill(char (*out)[64], const char **keys, const char **vals, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    put_after(out[i], keys[i], vals[i]);\n"
     "    tail_copy(out[i], vals[i]);\n"
     "  }\n"
     "}\n",
     "fill", ""},
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
    {"a strcat wrapper in a loop",
     "#include <string.h>\n"
     "struct text { char buf[65536]; };\n"
     "static void text_add(struct text *t, const char *s) { strcat(t->buf, s); }\n"
     "void render(struct text *t, const char **words, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    text_add(t, words[i]);\n"
     "    text_add(t, \" \");\n"
     "  }\n"
     "}\n",
     "render", "quadratic-string-build@6,quadratic-string-build@7"},
    {"a concatenation helper reassigned to the string it copies",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static char *concat(const char *a, const char *b) {\n"
     "  size_t la = strlen(a), lb = strlen(b);\n"
     "  char *r = malloc(la + lb + 1);\n"
     "  if (!r) abort();\n"
     "  memcpy(r, a, la);\n"
     "  memcpy(r + la, b, lb + 1);\n"
     "  return r;\n"
     "}\n"
     "char *join_all(char **parts, int n) {\n"
     "  char *s = concat(\"\", \"\");\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char *t = s;\n"
     "    s = concat(s, parts[i]);\n"
     "    free(t);\n"
     "  }\n"
     "  return s;\n"
     "}\n",
     "join_all", "quadratic-string-build@15"},
    {"a concatenation into a temporary copied back after freeing the old string",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static char *concat(const char *a, const char *b) {\n"
     "  char *r = malloc(strlen(a) + strlen(b) + 1);\n"
     "  if (!r) abort();\n"
     "  strcpy(r, a);\n"
     "  strcat(r, b);\n"
     "  return r;\n"
     "}\n"
     "char *csv_line(char *line, char **cells, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char *next = concat(line, cells[i]);\n"
     "    free(line);\n"
     "    line = next;\n"
     "  }\n"
     "  return line;\n"
     "}\n",
     "csv_line", "quadratic-string-build@12"},
    {"a concatenation of two fixed parts per element is fine",
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static char *concat(const char *a, const char *b) {\n"
     "  char *r = malloc(strlen(a) + strlen(b) + 1);\n"
     "  if (!r) abort();\n"
     "  strcpy(r, a);\n"
     "  strcat(r, b);\n"
     "  return r;\n"
     "}\n"
     "void label_all(char **out, const char *prefix, char **names, int n) {\n"
     "  for (int i = 0; i < n; i++)\n"
     "    out[i] = concat(prefix, names[i]);\n"
     "}\n",
     "label_all", ""},
    {"a string builder that keeps its length is fine",
     "#include <string.h>\n"
     "struct sb { char buf[65536]; size_t len; };\n"
     "static void sb_add(struct sb *b, const char *s) {\n"
     "  size_t n = strlen(s);\n"
     "  memcpy(b->buf + b->len, s, n + 1);\n"
     "  b->len += n;\n"
     "}\n"
     "void render(struct sb *b, const char **words, int n) {\n"
     "  for (int i = 0; i < n; i++) sb_add(b, words[i]);\n"
     "}\n",
     "render", ""},
    {"a fresh path built per element is fine",
     "#include <stdio.h>\n"
     "#include <stdlib.h>\n"
     "#include <string.h>\n"
     "static char *path_join(const char *dir, const char *name) {\n"
     "  char *r = malloc(strlen(dir) + strlen(name) + 2);\n"
     "  if (r) sprintf(r, \"%s/%s\", dir, name);\n"
     "  return r;\n"
     "}\n"
     "void list(const char *dir, char **names, int n) {\n"
     "  for (int i = 0; i < n; i++) {\n"
     "    char *p = path_join(dir, names[i]);\n"
     "    puts(p);\n"
     "    free(p);\n"
     "  }\n"
     "}\n",
     "list", ""},
};

static const struct pa_rule_example cxx_examples[] = {
    {"s = s + piece in a loop",
     "#include <string>\n"
     "#include <vector>\n"
     "std::string join(const std::vector<std::string> &parts) {\n"
     "  std::string s;\n"
     "  for (const std::string &p : parts)\n"
     "    s = s + p;\n"
     "  return s;\n"
     "}\n",
     "join", "quadratic-string-build@6"},
    {"s += piece appends in place: fine",
     "#include <string>\n"
     "#include <vector>\n"
     "std::string join(const std::vector<std::string> &parts) {\n"
     "  std::string s;\n"
     "  for (const std::string &p : parts)\n"
     "    s += p;\n"
     "  return s;\n"
     "}\n",
     "join", ""},
    {"a new string per element is fine",
     "#include <string>\n"
     "#include <vector>\n"
     "void quote_all(std::vector<std::string> &out, const std::vector<std::string> &in) {\n"
     "  for (const std::string &p : in) {\n"
     "    std::string q = p + \"'\";\n"
     "    out.push_back(q);\n"
     "  }\n"
     "}\n",
     "quote_all", ""},
    {"a string declared in the loop, extended once, is fine",
     "#include <string>\n"
     "#include <vector>\n"
     "void prefix_all(std::vector<std::string> &out, const std::vector<std::string> &in) {\n"
     "  for (const std::string &p : in) {\n"
     "    std::string name = p;\n"
     "    name = \"-\" + name;\n"
     "    out.push_back(name);\n"
     "  }\n"
     "}\n",
     "prefix_all", ""},
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
    PA_RULE_CXX_EXAMPLES(cxx_examples),
};
