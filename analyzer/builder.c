/* builder.c: reading cursors, locations and source text, and recording variables and writes
 * for the function being built. */
#include "builder.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct kids *k = data;
    PA_GROW(k->items, k->cap, k->n + 1);
    k->items[k->n++] = c;
    return CXChildVisit_Continue;
}

struct kids pa_build_children(CXCursor c)
{
    struct kids k = {0};
    clang_visitChildren(c, collect_kid, &k);
    return k;
}

void pa_build_position(CXCursor c, unsigned *line, unsigned *column)
{
    clang_getExpansionLocation(clang_getCursorLocation(c), NULL, line, column, NULL);
}

unsigned pa_build_end_line(CXCursor c)
{
    unsigned line = 0;
    clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, &line, NULL,
                               NULL);
    return line;
}

struct file_info *pa_build_file_info(struct builder *b, CXFile file)
{
    for (size_t i = 0; i < b->nfiles; i++)
        if (clang_File_isEqual(b->files[i].file, file))
            return &b->files[i];
    PA_GROW(b->files, b->cap_files, b->nfiles + 1);
    struct file_info *fi = &b->files[b->nfiles++];
    memset(fi, 0, sizeof(*fi));
    fi->file = file;
    CXString name = clang_getFileName(file);
    const char *cname = clang_getCString(name);
    fi->display = cname ? b->sink->filter(b->sink->filter_ctx, cname) : NULL;
    clang_disposeString(name);
    return fi;
}

const char *pa_build_file_text(struct builder *b, CXFile file, size_t *size)
{
    struct file_info *fi = pa_build_file_info(b, file);
    if (!fi->text)
        fi->text = clang_getFileContents(b->tu, file, &fi->size);
    *size = fi->size;
    return fi->text;
}

bool pa_build_span(CXCursor c, struct span *s)
{
    CXSourceRange r = clang_getCursorExtent(c);
    CXFile f2 = NULL;
    clang_getFileLocation(clang_getRangeStart(r), &s->file, NULL, NULL, &s->start);
    clang_getFileLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &s->end);
    return s->file && f2 && clang_File_isEqual(s->file, f2) && s->start <= s->end;
}

char *pa_build_string(struct builder *b, CXString s)
{
    const char *c = clang_getCString(s);
    char *r = c ? pa_arena_strdup(b->arena, c) : NULL;
    clang_disposeString(s);
    return r;
}

enum pa_type_class pa_build_type_class(CXType t)
{
    t = clang_getCanonicalType(t);
    switch (t.kind) {
    case CXType_Bool:
        return PA_TYPE_BOOL;
    case CXType_Char_U:
    case CXType_UChar:
    case CXType_Char_S:
    case CXType_SChar:
        return PA_TYPE_CHAR;
    case CXType_Enum:
        return PA_TYPE_ENUM;
    case CXType_UShort:
    case CXType_UInt:
    case CXType_ULong:
    case CXType_ULongLong:
    case CXType_UInt128:
    case CXType_Short:
    case CXType_Int:
    case CXType_Long:
    case CXType_LongLong:
    case CXType_Int128:
    case CXType_WChar:
    case CXType_Char16:
    case CXType_Char32:
        return PA_TYPE_INT;
    case CXType_Float:
    case CXType_Double:
    case CXType_LongDouble:
    case CXType_Float128:
    case CXType_Half:
        return PA_TYPE_FLOAT;
    case CXType_Pointer:
    case CXType_BlockPointer:
    case CXType_ObjCObjectPointer:
        return PA_TYPE_POINTER;
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray:
    case CXType_DependentSizedArray:
        return PA_TYPE_ARRAY;
    case CXType_Record:
        return PA_TYPE_RECORD;
    case CXType_LValueReference:
    case CXType_RValueReference:
        return pa_build_type_class(clang_getPointeeType(t));
    default:
        return PA_TYPE_OTHER;
    }
}

bool pa_build_is_function_kind(enum CXCursorKind k)
{
    return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
           k == CXCursor_Destructor || k == CXCursor_ConversionFunction ||
           k == CXCursor_FunctionTemplate;
}

/* ---- variables ---- */

struct literal_scan {
    bool only, any;
};

static enum CXChildVisitResult visit_literal_init(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct literal_scan *ls = data;
    switch (clang_getCursorKind(c)) {
    case CXCursor_StringLiteral:
        ls->any = true;
        return CXChildVisit_Continue;
    case CXCursor_IntegerLiteral:
    case CXCursor_GNUNullExpr:
        return CXChildVisit_Continue;
    case CXCursor_InitListExpr:
    case CXCursor_UnexposedExpr:
    case CXCursor_ParenExpr:
    case CXCursor_CStyleCastExpr:
        return CXChildVisit_Recurse;
    case CXCursor_TypeRef: /* the declaration's own type, not part of the initializer */
        return CXChildVisit_Continue;
    default:
        ls->only = false;
        return CXChildVisit_Break;
    }
}

/* An array initialised with string literals only ({"kb", "mb", NULL}): a table of names. */
static bool is_literal_table_decl(CXCursor decl)
{
    if (clang_getCursorType(decl).kind != CXType_ConstantArray &&
        clang_getCursorType(decl).kind != CXType_IncompleteArray)
        return false;
    struct literal_scan ls = {true, false};
    clang_visitChildren(decl, visit_literal_init, &ls);
    return ls.only && ls.any;
}

int pa_build_var(struct builder *b, CXCursor decl)
{
    unsigned hash = clang_hashCursor(decl);
    for (size_t i = 0; i < b->nvars; i++)
        if (b->vars[i].hash == hash && clang_equalCursors(b->vars[i].decl, decl))
            return (int)i;
    PA_GROW(b->vars, b->cap_vars, b->nvars + 1);
    struct tmp_var *tv = &b->vars[b->nvars];
    memset(tv, 0, sizeof(*tv));
    tv->decl = decl;
    tv->hash = hash;
    tv->var.name = pa_build_string(b, clang_getCursorSpelling(decl));
    tv->var.type = pa_build_type_class(clang_getCursorType(decl));
    tv->var.param_index = -1;
    if (clang_getCursorKind(decl) == CXCursor_ParmDecl) {
        tv->var.kind = PA_VAR_PARAM;
    } else {
        enum CXCursorKind parent = clang_getCursorKind(clang_getCursorSemanticParent(decl));
        if (!pa_build_is_function_kind(parent))
            tv->var.kind = PA_VAR_GLOBAL;
        else if (clang_Cursor_getStorageClass(decl) == CX_SC_Static)
            tv->var.kind = PA_VAR_STATIC_LOCAL;
        else
            tv->var.kind = PA_VAR_LOCAL;
        /* first met at its declaration (a range-for's variable: in its loop's body) */
        if (tv->var.kind == PA_VAR_LOCAL)
            tv->var.decl_loop = b->loop;
        tv->var.literal_table = is_literal_table_decl(decl);
    }
    return (int)b->nvars++;
}

void pa_build_add_def(struct builder *b, int var, struct pa_expr *def)
{
    if (var < 0)
        return;
    struct tmp_var *tv = &b->vars[var];
    PA_GROW(tv->defs, tv->cap, tv->ndefs + 1);
    PA_GROW(tv->def_loops, tv->cap_loops, tv->ndefs + 1);
    tv->defs[tv->ndefs] = def;
    tv->def_loops[tv->ndefs] = b->loop;
    tv->ndefs++;
}

void pa_build_add_call_write(struct builder *b, int var, enum pa_write_kind kind,
                             const struct pa_expr *e, int call, int arg)
{
    if (var < 0)
        return;
    PA_GROW(b->writes, b->cap_writes, b->nwrites + 1);
    b->writes[b->nwrites++] = (struct pa_write){var, kind, b->loop, e, call, arg};
}

void pa_build_add_write(struct builder *b, int var, enum pa_write_kind kind,
                        const struct pa_expr *e)
{
    pa_build_add_call_write(b, var, kind, e, -1, -1);
}

/* Records that `target` is assigned by `assign` (an ASSIGN or ++/-- expression). */
void pa_build_note_store(struct builder *b, struct pa_expr *target, struct pa_expr *assign)
{
    if (!target)
        return;
    if (target->kind == PA_EXPR_VAR) {
        pa_build_add_write(b, target->var, PA_WRITE_VALUE, assign);
        pa_build_add_def(b, target->var, assign);
    } else if (target->kind == PA_EXPR_CALL) {
        /* v[i] = x, v.at(i)++, *it = x: a store into what the call gives a reference into */
        const struct pa_expr *object = target->receiver ? target->receiver
                                       : target->nkids  ? target->kids[0]
                                                        : NULL;
        pa_build_add_write(b, pa_expr_root_var(object), PA_WRITE_CONTENTS, assign);
    } else {
        pa_build_add_write(b, pa_expr_root_var(target), PA_WRITE_CONTENTS, assign);
    }
}
