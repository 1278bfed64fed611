/* partial_parse.c: matching error diagnostics to the function definitions that hold them. */
#include "partial_parse.h"
#include "builder.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct diag {
    CXFile file;
    unsigned line, column;
    char *text;
};

struct marker {
    struct pa_model_sink *sink;
    const char *first;
    struct diag *diags;
    size_t ndiags;
};

static bool before(unsigned l1, unsigned c1, unsigned l2, unsigned c2)
{
    return l1 < l2 || (l1 == l2 && c1 <= c2);
}

static struct pa_function *model_of(struct marker *m, CXFile file, unsigned line, unsigned col)
{
    CXString name = clang_getFileName(file);
    const char *cname = clang_getCString(name);
    const char *display = cname ? m->sink->filter(m->sink->filter_ctx, cname) : NULL;
    clang_disposeString(name);
    if (!display)
        return NULL;
    for (size_t i = 0; i < m->sink->nfunctions; i++) {
        struct pa_function *fn = m->sink->functions[i];
        if (fn->line == line && fn->column == col && strcmp(fn->file, display) == 0)
            return fn;
    }
    return NULL;
}

static void mark_function(struct marker *m, CXCursor c)
{
    CXFile file = NULL;
    unsigned line, col, sl, sc, el, ec;
    clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, NULL);
    if (!file)
        return;
    CXSourceRange extent = clang_getCursorExtent(c);
    clang_getExpansionLocation(clang_getRangeStart(extent), NULL, &sl, &sc, NULL);
    clang_getExpansionLocation(clang_getRangeEnd(extent), NULL, &el, &ec, NULL);
    const struct diag *hit = NULL;
    for (size_t i = 0; i < m->ndiags && !hit; i++) {
        const struct diag *d = &m->diags[i];
        if (clang_File_isEqual(d->file, file) && before(sl, sc, d->line, d->column) &&
            before(d->line, d->column, el, ec))
            hit = d;
    }
    bool invalid = clang_isInvalidDeclaration(c);
    if (!hit && !invalid)
        return;
    struct pa_function *fn = model_of(m, file, line, col);
    if (!fn || fn->incomplete)
        return;
    struct pa_strbuf sb = {0};
    if (hit)
        pa_strbuf_printf(&sb, "%s:%u:%u: %s", fn->file, hit->line, hit->column, hit->text);
    else
        pa_strbuf_printf(&sb, "%s:%u:%u: invalid declaration", fn->file, line, col);
    if (m->first && strcmp(m->first, sb.data) != 0)
        pa_strbuf_printf(&sb, " (after %s)", m->first);
    fn->incomplete = pa_arena_strdup(m->sink->arena, sb.data);
    pa_strbuf_free(&sb);
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (pa_build_is_function_kind(kind)) {
        if (clang_isCursorDefinition(c))
            mark_function(data, c);
        return CXChildVisit_Continue;
    }
    return pa_build_may_hold_definitions(kind) ? CXChildVisit_Recurse : CXChildVisit_Continue;
}

void pa_partial_mark(CXTranslationUnit tu, struct pa_model_sink *sink, const char *first)
{
    struct marker m = {.sink = sink, .first = first};
    size_t cap = 0;
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
            struct diag x = {0};
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &x.file, &x.line, &x.column,
                                       NULL);
            if (x.file) {
                CXString text = clang_getDiagnosticSpelling(d);
                const char *t = clang_getCString(text);
                x.text = pa_xstrdup(t ? t : "");
                clang_disposeString(text);
                PA_GROW(m.diags, cap, m.ndiags + 1);
                m.diags[m.ndiags++] = x;
            }
        }
        clang_disposeDiagnostic(d);
    }
    if (m.ndiags)
        clang_visitChildren(clang_getTranslationUnitCursor(tu), visit, &m);
    for (size_t i = 0; i < m.ndiags; i++)
        free(m.diags[i].text);
    free(m.diags);
}
