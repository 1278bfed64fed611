/* build_model.c: the libclang visitor that finds function definitions and builds their models. */
#include "builder.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static void pa_build_reset_function(struct builder *b)
{
    for (size_t i = 0; i < b->nvars; i++) {
        free(b->vars[i].defs);
        free(b->vars[i].def_loops);
    }
    b->nvars = b->nloops = b->ncalls = b->nwrites = 0;
    b->loop = b->break_target = NULL;
    b->in_header = false;
    b->branch_depth = 0;
}

static char *qualified_name(struct builder *b, CXCursor c)
{
    char *name = pa_build_string(b, clang_getCursorSpelling(c));
    CXCursor parent = clang_getCursorSemanticParent(c);
    enum CXCursorKind pk = clang_getCursorKind(parent);
    if (pk == CXCursor_ClassDecl || pk == CXCursor_StructDecl || pk == CXCursor_ClassTemplate ||
        pk == CXCursor_Namespace) {
        CXString ps = clang_getCursorSpelling(parent);
        const char *p = clang_getCString(ps);
        if (p && *p) {
            size_t n = strlen(p) + strlen(name) + 3;
            char *q = pa_arena_alloc(b->arena, n);
            strcpy(q, p);
            strcat(q, "::");
            strcat(q, name);
            name = q;
        }
        clang_disposeString(ps);
    }
    return name;
}

static void build_function(struct builder *b, CXCursor c, const char *display)
{
    pa_build_reset_function(b);
    struct pa_function *fn = pa_arena_alloc(b->arena, sizeof(*fn));
    b->fn = fn;
    fn->name = qualified_name(b, c);
    fn->usr = pa_build_string(b, clang_getCursorUSR(c));
    fn->file = display;
    pa_build_position(c, &fn->line, &fn->column);
    fn->end_line = pa_build_end_line(c);
    fn->is_static = clang_getCursorLinkage(c) == CXLinkage_Internal;
    fn->noreturn = pa_build_declared_noreturn(b, c);
    fn->scc = -1;

    int nparams = clang_Cursor_getNumArguments(c);
    CXCursor body = clang_getNullCursor();
    struct kids k = pa_build_children(c);
    if (nparams < 0) { /* templates: parameters are plain children */
        nparams = 0;
        for (size_t i = 0; i < k.n; i++)
            if (clang_getCursorKind(k.items[i]) == CXCursor_ParmDecl) {
                int v = pa_build_var(b, k.items[i]);
                b->vars[v].var.param_index = nparams++;
            }
    } else {
        for (int i = 0; i < nparams; i++) {
            int v = pa_build_var(b, clang_Cursor_getArgument(c, (unsigned)i));
            b->vars[v].var.param_index = i;
        }
    }
    fn->nparams = (unsigned)nparams;
    for (size_t i = 0; i < k.n; i++)
        if (clang_getCursorKind(k.items[i]) == CXCursor_CompoundStmt)
            body = k.items[i];
    free(k.items);
    fn->body = clang_Cursor_isNull(body) ? NULL : pa_build_stmt(b, body);

    fn->nvars = (unsigned)b->nvars;
    fn->vars = pa_arena_alloc(b->arena, b->nvars * sizeof(*fn->vars));
    for (size_t i = 0; i < b->nvars; i++) {
        struct tmp_var *tv = &b->vars[i];
        fn->vars[i] = tv->var;
        fn->vars[i].ndefs = (unsigned)tv->ndefs;
        fn->vars[i].defs = pa_arena_memdup(b->arena, tv->defs, tv->ndefs * sizeof(*tv->defs));
        fn->vars[i].def_loops =
            pa_arena_memdup(b->arena, tv->def_loops, tv->ndefs * sizeof(*tv->def_loops));
    }
    fn->nloops = (unsigned)b->nloops;
    fn->loops = pa_arena_memdup(b->arena, b->loops, b->nloops * sizeof(*b->loops));
    fn->ncalls = (unsigned)b->ncalls;
    fn->calls = pa_arena_memdup(b->arena, b->calls, b->ncalls * sizeof(*b->calls));
    fn->nwrites = (unsigned)b->nwrites;
    fn->writes = pa_arena_memdup(b->arena, b->writes, b->nwrites * sizeof(*b->writes));
    for (unsigned i = 0; i < fn->nwrites; i++) {
        const struct pa_write *w = &fn->writes[i];
        const struct pa_var *v = &fn->vars[w->var];
        if (w->call < 0 && (v->kind == PA_VAR_GLOBAL || v->kind == PA_VAR_STATIC_LOCAL))
            fn->writes_nonlocal = true;
    }

    struct pa_model_sink *sink = b->sink;
    PA_GROW(sink->functions, sink->cap, sink->nfunctions + 1);
    sink->functions[sink->nfunctions++] = fn;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct builder *b = data;
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (pa_build_is_function_kind(kind)) {
        if (!clang_isCursorDefinition(c))
            return CXChildVisit_Continue;
        CXFile file = NULL;
        clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
        if (!file)
            return CXChildVisit_Continue;
        struct file_info *fi = pa_build_file_info(b, file);
        if (fi->display)
            build_function(b, c, fi->display);
        return CXChildVisit_Continue;
    }
    return pa_build_may_hold_definitions(kind) ? CXChildVisit_Recurse : CXChildVisit_Continue;
}

bool pa_build_may_hold_definitions(enum CXCursorKind kind)
{
    switch (kind) {
    case CXCursor_Namespace:
    case CXCursor_ClassDecl:
    case CXCursor_StructDecl:
    case CXCursor_ClassTemplate:
    case CXCursor_ClassTemplatePartialSpecialization:
    case CXCursor_LinkageSpec:
    case CXCursor_UnexposedDecl:
        return true;
    default:
        return false;
    }
}

void pa_model_build_tu(CXTranslationUnit tu, struct pa_model_sink *sink)
{
    struct builder b = {.tu = tu, .sink = sink, .arena = sink->arena};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &b);
    pa_build_reset_function(&b);
    free(b.vars);
    free(b.loops);
    free(b.calls);
    free(b.writes);
    free(b.files);
    free(b.noreturn_cache);
}
