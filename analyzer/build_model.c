/* build_model.c: the libclang visitor that builds struct pa_function models. */
#include "build_model.h"
#include "libc_catalog.h"
#include "source_text.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct file_info {
    CXFile file;
    const char *display; /* NULL: not analysed */
    const char *text;
    size_t size;
};

struct tmp_var {
    struct pa_var var;
    CXCursor decl;
    unsigned hash;
    struct pa_expr **defs;
    struct pa_loop **def_loops;
    size_t ndefs, cap, cap_loops;
};

struct noreturn_entry {
    unsigned hash;
    CXCursor decl;
    bool noreturn;
};

struct builder {
    CXTranslationUnit tu;
    struct noreturn_entry *noreturn_cache; /* what each callee declaration says */
    size_t nnoreturn, cap_noreturn;
    struct pa_model_sink *sink;
    struct pa_arena *arena;
    struct file_info *files;
    size_t nfiles, cap_files;

    /* The function being built. */
    struct pa_function *fn;
    struct tmp_var *vars;
    size_t nvars, cap_vars;
    struct pa_loop **loops;
    size_t nloops, cap_loops;
    struct pa_call_site *calls;
    size_t ncalls, cap_calls;
    struct pa_write *writes;
    size_t nwrites, cap_writes;
    struct pa_loop *loop;         /* innermost loop around what is being built */
    struct pa_loop *break_target; /* NULL inside a switch: break leaves the switch */
    bool in_header;
    unsigned branch_depth;
};

/* ---- cursors and locations ---- */

struct kids {
    CXCursor *items;
    size_t n, cap;
};

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct kids *k = data;
    PA_GROW(k->items, k->cap, k->n + 1);
    k->items[k->n++] = c;
    return CXChildVisit_Continue;
}

static struct kids children(CXCursor c)
{
    struct kids k = {0};
    clang_visitChildren(c, collect_kid, &k);
    return k;
}

static void position(CXCursor c, unsigned *line, unsigned *column)
{
    clang_getExpansionLocation(clang_getCursorLocation(c), NULL, line, column, NULL);
}

static unsigned end_line(CXCursor c)
{
    unsigned line = 0;
    clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, &line, NULL,
                               NULL);
    return line;
}

static struct file_info *file_info(struct builder *b, CXFile file)
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

static const char *file_text(struct builder *b, CXFile file, size_t *size)
{
    struct file_info *fi = file_info(b, file);
    if (!fi->text)
        fi->text = clang_getFileContents(b->tu, file, &fi->size);
    *size = fi->size;
    return fi->text;
}

/* The file offsets of a cursor's extent, where its text is written (macro arguments: where
 * the argument was written; macro bodies: where the macro was used). */
struct span {
    CXFile file;
    unsigned start, end;
};

static bool cursor_span(CXCursor c, struct span *s)
{
    CXSourceRange r = clang_getCursorExtent(c);
    CXFile f2 = NULL;
    clang_getFileLocation(clang_getRangeStart(r), &s->file, NULL, NULL, &s->start);
    clang_getFileLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &s->end);
    return s->file && f2 && clang_File_isEqual(s->file, f2) && s->start <= s->end;
}

static char *string_of(struct builder *b, CXString s)
{
    const char *c = clang_getCString(s);
    char *r = c ? pa_arena_strdup(b->arena, c) : NULL;
    clang_disposeString(s);
    return r;
}

static enum pa_type_class type_class(CXType t)
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
        return type_class(clang_getPointeeType(t));
    default:
        return PA_TYPE_OTHER;
    }
}

static bool is_function_kind(enum CXCursorKind k)
{
    return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
           k == CXCursor_Destructor || k == CXCursor_ConversionFunction ||
           k == CXCursor_FunctionTemplate;
}

/* ---- variables ---- */

static int var_of_decl(struct builder *b, CXCursor decl)
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
    tv->var.name = string_of(b, clang_getCursorSpelling(decl));
    tv->var.type = type_class(clang_getCursorType(decl));
    tv->var.param_index = -1;
    if (clang_getCursorKind(decl) == CXCursor_ParmDecl) {
        tv->var.kind = PA_VAR_PARAM;
    } else {
        enum CXCursorKind parent = clang_getCursorKind(clang_getCursorSemanticParent(decl));
        if (!is_function_kind(parent))
            tv->var.kind = PA_VAR_GLOBAL;
        else if (clang_Cursor_getStorageClass(decl) == CX_SC_Static)
            tv->var.kind = PA_VAR_STATIC_LOCAL;
        else
            tv->var.kind = PA_VAR_LOCAL;
    }
    return (int)b->nvars++;
}

static void add_def(struct builder *b, int var, struct pa_expr *def)
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

static void add_call_write(struct builder *b, int var, enum pa_write_kind kind,
                           const struct pa_expr *e, int call, int arg)
{
    if (var < 0)
        return;
    PA_GROW(b->writes, b->cap_writes, b->nwrites + 1);
    b->writes[b->nwrites++] = (struct pa_write){var, kind, b->loop, e, call, arg};
}

static void add_write(struct builder *b, int var, enum pa_write_kind kind, const struct pa_expr *e)
{
    add_call_write(b, var, kind, e, -1, -1);
}

/* The variable an lvalue or pointer expression is rooted in: a for a[i], p->next->x, *p, p+1. */
static int root_var(const struct pa_expr *e)
{
    while (e) {
        switch (e->kind) {
        case PA_EXPR_VAR:
            return e->var;
        case PA_EXPR_MEMBER:
        case PA_EXPR_SUBSCRIPT:
            e = e->kids[0];
            break;
        case PA_EXPR_UNARY:
            if (e->op != PA_OP_DEREF && e->op != PA_OP_ADDR && e->op != PA_OP_POSTINC &&
                e->op != PA_OP_PREINC && e->op != PA_OP_POSTDEC && e->op != PA_OP_PREDEC)
                return -1;
            e = e->kids[0];
            break;
        case PA_EXPR_BINARY:
            if (e->op != PA_OP_ADD && e->op != PA_OP_SUB)
                return -1;
            e = (e->kids[1] &&
                 (e->kids[1]->type == PA_TYPE_POINTER || e->kids[1]->type == PA_TYPE_ARRAY))
                    ? e->kids[1]
                    : e->kids[0];
            break;
        case PA_EXPR_ASSIGN:
            e = e->kids[0];
            break;
        default:
            return -1;
        }
    }
    return -1;
}

/* Records that `target` is assigned by `assign` (an ASSIGN or ++/-- expression). */
static void note_store(struct builder *b, struct pa_expr *target, struct pa_expr *assign)
{
    if (!target)
        return;
    if (target->kind == PA_EXPR_VAR) {
        add_write(b, target->var, PA_WRITE_VALUE, assign);
        add_def(b, target->var, assign);
    } else {
        add_write(b, root_var(target), PA_WRITE_CONTENTS, assign);
    }
}

/* ---- expressions ---- */

static struct pa_expr *expr(struct builder *b, CXCursor c);

static struct pa_expr *new_expr(struct builder *b, CXCursor c, enum pa_expr_kind kind)
{
    struct pa_expr *e = pa_arena_alloc(b->arena, sizeof(*e));
    e->kind = kind;
    e->var = -1;
    e->type = type_class(clang_getCursorType(c));
    position(c, &e->line, &e->column);
    return e;
}

static void set_kids(struct builder *b, struct pa_expr *e, struct pa_expr **kids, unsigned n)
{
    e->nkids = n;
    e->kids = n ? pa_arena_memdup(b->arena, kids, n * sizeof(*kids)) : NULL;
}

/* Expression children only: casts carry TypeRef children that are not operands. */
static struct kids expr_children(CXCursor c)
{
    struct kids all = children(c), out = {0};
    for (size_t i = 0; i < all.n; i++) {
        if (clang_isExpression(clang_getCursorKind(all.items[i]))) {
            PA_GROW(out.items, out.cap, out.n + 1);
            out.items[out.n++] = all.items[i];
        }
    }
    free(all.items);
    return out;
}

static long long int_value(CXCursor c, bool *ok)
{
    CXEvalResult r = clang_Cursor_Evaluate(c);
    *ok = false;
    long long v = 0;
    if (r) {
        if (clang_EvalResult_getKind(r) == CXEval_Int) {
            v = clang_EvalResult_getAsLongLong(r);
            *ok = true;
        }
        clang_EvalResult_dispose(r);
    }
    return v;
}

static enum CXChildVisitResult find_noreturn(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (clang_getCursorKind(c) != CXCursor_UnexposedAttr)
        return CXChildVisit_Continue;
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
    CXToken *tokens = NULL;
    unsigned n = 0;
    clang_tokenize(tu, clang_getCursorExtent(c), &tokens, &n);
    for (unsigned i = 0; i < n; i++) {
        CXString sp = clang_getTokenSpelling(tu, tokens[i]);
        const char *t = clang_getCString(sp);
        if (t && (strcmp(t, "noreturn") == 0 || strcmp(t, "__noreturn__") == 0 ||
                  strcmp(t, "_Noreturn") == 0))
            *(bool *)data = true;
        clang_disposeString(sp);
    }
    clang_disposeTokens(tu, tokens, n);
    return *(bool *)data ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* Is the function declared noreturn (GNU attribute, C11 _Noreturn, C++ [[noreturn]])? */
static bool declared_noreturn(struct builder *b, CXCursor decl)
{
    unsigned hash = clang_hashCursor(decl);
    for (size_t i = 0; i < b->nnoreturn; i++)
        if (b->noreturn_cache[i].hash == hash &&
            clang_equalCursors(b->noreturn_cache[i].decl, decl))
            return b->noreturn_cache[i].noreturn;
    bool noreturn = false;
    if (clang_Cursor_hasAttrs(decl))
        clang_visitChildren(decl, find_noreturn, &noreturn);
    PA_GROW(b->noreturn_cache, b->cap_noreturn, b->nnoreturn + 1);
    b->noreturn_cache[b->nnoreturn++] = (struct noreturn_entry){hash, decl, noreturn};
    return noreturn;
}

static struct pa_expr *call_expr(struct builder *b, CXCursor c)
{
    struct pa_expr *e = new_expr(b, c, PA_EXPR_CALL);
    CXCursor callee = clang_getCursorReferenced(c);
    if (!clang_Cursor_isNull(callee) && is_function_kind(clang_getCursorKind(callee))) {
        e->name = string_of(b, clang_getCursorSpelling(callee));
        e->callee_usr = string_of(b, clang_getCursorUSR(callee));
        e->noreturn = declared_noreturn(b, callee);
    }
    int nargs = clang_Cursor_getNumArguments(c);
    struct pa_expr *argv[64];
    unsigned n = 0;
    bool saved_header = b->in_header;
    for (int i = 0; i < nargs && n < 64; i++)
        argv[n++] = expr(b, clang_Cursor_getArgument(c, (unsigned)i));
    if (nargs < 0) {
        /* Calls libclang does not break into arguments: keep the sub-expressions. */
        struct kids k = expr_children(c);
        for (size_t i = 1; i < k.n && n < 64; i++)
            argv[n++] = expr(b, k.items[i]);
        free(k.items);
    }
    b->in_header = saved_header;
    set_kids(b, e, argv, n);

    PA_GROW(b->calls, b->cap_calls, b->ncalls + 1);
    b->calls[b->ncalls++] = (struct pa_call_site){.call = e,
                                                  .loop = b->loop,
                                                  .in_loop_header = b->in_header && b->loop,
                                                  .callee = -1,
                                                  .branch_depth = b->branch_depth};

    /* What the call may store into: known library functions say which arguments they
     * write; anything else may write through every pointer it is given. */
    int call_index = (int)b->ncalls - 1;
    const struct pa_libc_fn *lib = e->name ? pa_libc_lookup(e->name) : NULL;
    for (unsigned i = 0; i < n; i++) {
        struct pa_expr *a = argv[i];
        if (!a)
            continue;
        if (a->kind == PA_EXPR_UNARY && a->op == PA_OP_ADDR && a->kids[0] &&
            a->kids[0]->kind == PA_EXPR_VAR) {
            if (!lib || (lib->writes_args & (1u << i))) {
                add_call_write(b, a->kids[0]->var, PA_WRITE_VALUE, e, call_index, (int)i);
                add_def(b, a->kids[0]->var, e);
            }
            continue;
        }
        bool pointer = a->type == PA_TYPE_POINTER || a->type == PA_TYPE_ARRAY;
        if (lib ? (lib->writes_args & (1u << i)) != 0 : pointer)
            add_call_write(b, root_var(a), PA_WRITE_CONTENTS, e, call_index, (int)i);
    }
    return e;
}

static struct pa_expr *binary_expr(struct builder *b, CXCursor c, bool compound)
{
    struct kids k = expr_children(c);
    struct pa_expr *e = new_expr(b, c, PA_EXPR_BINARY);
    if (k.n != 2) {
        e->kind = PA_EXPR_OTHER;
        goto done;
    }
    struct span ls, rs;
    bool is_assign = false;
    if (cursor_span(k.items[0], &ls) && cursor_span(k.items[1], &rs) &&
        clang_File_isEqual(ls.file, rs.file) && ls.end <= rs.start) {
        size_t size;
        const char *text = file_text(b, ls.file, &size);
        e->op = pa_text_binary_op(text, size, ls.end, rs.start, &is_assign);
    }
    if (compound && !is_assign)
        is_assign = true; /* the operator text was not readable; the cursor kind says it */
    bool rhs_conditional = e->op == PA_OP_LAND || e->op == PA_OP_LOR;
    struct pa_expr *kids[2];
    kids[0] = expr(b, k.items[0]);
    if (rhs_conditional)
        b->branch_depth++;
    kids[1] = expr(b, k.items[1]);
    if (rhs_conditional)
        b->branch_depth--;
    set_kids(b, e, kids, 2);
    if (is_assign) {
        e->kind = PA_EXPR_ASSIGN;
        note_store(b, kids[0], e);
    }
    /* (report_failure(...), __builtin_unreachable()): the call does not come back */
    if (e->op == PA_OP_COMMA && kids[0] && kids[1] && kids[0]->kind == PA_EXPR_CALL &&
        kids[1]->kind == PA_EXPR_CALL && kids[1]->name &&
        (strcmp(kids[1]->name, "__builtin_unreachable") == 0 ||
         strcmp(kids[1]->name, "abort") == 0 || strcmp(kids[1]->name, "__builtin_trap") == 0))
        kids[0]->noreturn = true;
done:
    free(k.items);
    return e;
}

static struct pa_expr *unary_expr(struct builder *b, CXCursor c)
{
    struct kids k = expr_children(c);
    struct pa_expr *e = new_expr(b, c, PA_EXPR_UNARY);
    if (k.n != 1) {
        e->kind = PA_EXPR_OTHER;
        free(k.items);
        return e;
    }
    struct span self, operand;
    if (cursor_span(c, &self) && cursor_span(k.items[0], &operand) &&
        clang_File_isEqual(self.file, operand.file)) {
        size_t size;
        const char *text = file_text(b, self.file, &size);
        bool postfix = self.start == operand.start;
        e->op = pa_text_unary_op(text, size, postfix ? operand.end : self.start, postfix);
    }
    struct pa_expr *kid = expr(b, k.items[0]);
    set_kids(b, e, &kid, 1);
    free(k.items);
    if (e->op == PA_OP_PREINC || e->op == PA_OP_PREDEC || e->op == PA_OP_POSTINC ||
        e->op == PA_OP_POSTDEC)
        note_store(b, kid, e);
    if (e->op == PA_OP_ADDR && kid && kid->kind == PA_EXPR_VAR && kid->var >= 0)
        b->vars[kid->var].var.address_taken = true;
    return e;
}

static void mark_failure_path(struct pa_expr *e)
{
    if (!e)
        return;
    if (e->kind == PA_EXPR_CALL)
        e->noreturn = true;
    for (unsigned i = 0; i < e->nkids; i++)
        if (e->kind != PA_EXPR_CALL)
            mark_failure_path(e->kids[i]);
}

static struct pa_expr *generic_expr(struct builder *b, CXCursor c, enum pa_expr_kind kind,
                                    unsigned want)
{
    struct kids k = expr_children(c);
    struct pa_expr *e = new_expr(b, c, kind);
    if (want && k.n != want)
        e->kind = PA_EXPR_OTHER;
    struct pa_expr *kids[16];
    unsigned n = 0;
    bool conditional = kind == PA_EXPR_COND;
    for (size_t i = 0; i < k.n && n < 16; i++) {
        if (conditional && i == 1)
            b->branch_depth++;
        kids[n++] = expr(b, k.items[i]);
    }
    if (conditional && k.n > 1)
        b->branch_depth--;
    set_kids(b, e, kids, n);
    /* cond ? (void)0 : report_failure(...): an assertion; the other arm is a failure path */
    if (e->kind == PA_EXPR_COND && n == 3 && kids[1] && kids[1]->kind == PA_EXPR_INT &&
        kids[1]->value == 0 && kids[1]->type == PA_TYPE_OTHER)
        mark_failure_path(kids[2]);
    free(k.items);
    return e;
}

static struct pa_expr *decl_ref_expr(struct builder *b, CXCursor c)
{
    CXCursor ref = clang_getCursorReferenced(c);
    enum CXCursorKind rk = clang_getCursorKind(ref);
    struct pa_expr *e;
    if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl) {
        e = new_expr(b, c, PA_EXPR_VAR);
        e->var = var_of_decl(b, ref);
        e->name = b->vars[e->var].var.name;
        CXType t = clang_getCursorType(ref);
        if (clang_isConstQualifiedType(t) && rk == CXCursor_VarDecl) {
            bool ok;
            long long v = int_value(ref, &ok);
            if (ok) {
                e->is_const_value = true;
                e->value = v;
            }
        }
    } else if (rk == CXCursor_EnumConstantDecl) {
        e = new_expr(b, c, PA_EXPR_INT);
        e->value = clang_getEnumConstantDeclValue(ref);
    } else if (is_function_kind(rk)) {
        e = new_expr(b, c, PA_EXPR_FUNC_REF);
        e->name = string_of(b, clang_getCursorSpelling(ref));
    } else {
        e = new_expr(b, c, PA_EXPR_OTHER);
    }
    return e;
}

static struct pa_expr *expr(struct builder *b, CXCursor c)
{
    if (clang_Cursor_isNull(c))
        return NULL;
    enum CXCursorKind kind = clang_getCursorKind(c);
    switch (kind) {
    case CXCursor_UnexposedExpr:
    case CXCursor_ParenExpr:
    case CXCursor_CStyleCastExpr:
    case CXCursor_CXXStaticCastExpr:
    case CXCursor_CXXConstCastExpr:
    case CXCursor_CXXReinterpretCastExpr:
    case CXCursor_CXXFunctionalCastExpr: {
        if (kind == CXCursor_CStyleCastExpr &&
            clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Void) {
            /* (void)x: keep the void type, so that assertion idioms can be recognised */
            struct pa_expr *v = generic_expr(b, c, PA_EXPR_OTHER, 0);
            if (v->nkids == 1 && v->kids[0] && v->kids[0]->kind == PA_EXPR_INT) {
                v->kind = PA_EXPR_INT;
                v->value = v->kids[0]->value;
                v->nkids = 0;
            }
            return v;
        }
        struct kids k = expr_children(c);
        struct pa_expr *e = NULL;
        if (k.n == 1)
            e = expr(b, k.items[0]);
        else
            e = NULL;
        free(k.items);
        return e ? e : generic_expr(b, c, PA_EXPR_OTHER, 0);
    }
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_CXXBoolLiteralExpr:
    case CXCursor_CXXNullPtrLiteralExpr: {
        struct pa_expr *e = new_expr(b, c, PA_EXPR_INT);
        bool ok;
        e->value = int_value(c, &ok);
        return e;
    }
    case CXCursor_FloatingLiteral:
        return new_expr(b, c, PA_EXPR_FLOAT);
    case CXCursor_StringLiteral:
        return new_expr(b, c, PA_EXPR_STRING);
    case CXCursor_UnaryExpr:
        return new_expr(b, c, PA_EXPR_SIZEOF);
    case CXCursor_DeclRefExpr:
        return decl_ref_expr(b, c);
    case CXCursor_MemberRefExpr: {
        struct pa_expr *e = generic_expr(b, c, PA_EXPR_MEMBER, 0);
        if (e->nkids > 1)
            e->kind = PA_EXPR_OTHER;
        e->name = string_of(b, clang_getCursorSpelling(c));
        e->arrow = e->nkids == 1 && e->kids[0] && e->kids[0]->type == PA_TYPE_POINTER;
        if (e->nkids == 0) { /* implicit this->member */
            struct pa_expr *none = NULL;
            set_kids(b, e, &none, 1);
        }
        return e;
    }
    case CXCursor_CallExpr:
        return call_expr(b, c);
    case CXCursor_BinaryOperator:
        return binary_expr(b, c, false);
    case CXCursor_CompoundAssignOperator:
        return binary_expr(b, c, true);
    case CXCursor_UnaryOperator:
        return unary_expr(b, c);
    case CXCursor_ArraySubscriptExpr:
        return generic_expr(b, c, PA_EXPR_SUBSCRIPT, 2);
    case CXCursor_ConditionalOperator:
        return generic_expr(b, c, PA_EXPR_COND, 3);
    case CXCursor_LambdaExpr:
        return new_expr(b, c, PA_EXPR_OTHER); /* its body is not part of this function */
    default:
        return generic_expr(b, c, PA_EXPR_OTHER, 0);
    }
}

/* ---- statements ---- */

static struct pa_stmt *stmt(struct builder *b, CXCursor c);

static struct pa_stmt *new_stmt(struct builder *b, CXCursor c, enum pa_stmt_kind kind)
{
    struct pa_stmt *s = pa_arena_alloc(b->arena, sizeof(*s));
    s->kind = kind;
    position(c, &s->line, &s->column);
    return s;
}

static struct pa_stmt *block_of(struct builder *b, CXCursor c, CXCursor *items, size_t n)
{
    struct pa_stmt *s = new_stmt(b, c, PA_STMT_BLOCK);
    struct pa_stmt **kids = n ? pa_xmalloc(n * sizeof(*kids)) : NULL;
    unsigned m = 0;
    size_t first_call = b->ncalls;
    for (size_t i = 0; i < n; i++) {
        struct pa_stmt *k = stmt(b, items[i]);
        if (!k)
            continue;
        kids[m++] = k;
        bool leaves = k->kind == PA_STMT_RETURN || k->kind == PA_STMT_GOTO ||
                      (k->kind == PA_STMT_BREAK && b->loop && b->break_target == b->loop);
        if (leaves && b->loop) {
            /* what this block did before leaving runs once per execution of the loop */
            for (size_t c = first_call; c < b->ncalls; c++)
                if (b->calls[c].loop == b->loop)
                    b->calls[c].leaves_loop = true;
        }
    }
    s->nkids = m;
    s->kids = m ? pa_arena_memdup(b->arena, kids, m * sizeof(*kids)) : NULL;
    free(kids);
    return s;
}

/* A variable declaration with an initializer becomes an assignment statement. */
static struct pa_stmt *var_decl(struct builder *b, CXCursor decl)
{
    int v = var_of_decl(b, decl);
    struct kids k = children(decl);
    /* The initializer is the last expression child, present only after an '='. */
    CXCursor init = clang_getNullCursor();
    if (k.n > 0 && clang_isExpression(clang_getCursorKind(k.items[k.n - 1]))) {
        struct span ds, is;
        CXFile nf;
        unsigned name_off;
        clang_getFileLocation(clang_getCursorLocation(decl), &nf, NULL, NULL, &name_off);
        if (cursor_span(k.items[k.n - 1], &is) && cursor_span(decl, &ds) && nf &&
            clang_File_isEqual(nf, is.file) && name_off < is.start) {
            size_t size;
            const char *text = file_text(b, nf, &size);
            /* skip the name and any array bounds up to the '=' */
            size_t off = name_off;
            while (off < is.start && off < size && text[off] != '=')
                off++;
            if (off < is.start)
                init = k.items[k.n - 1];
        } else if (!nf || !is.file) {
            init = k.items[k.n - 1];
        }
    }
    free(k.items);
    if (clang_Cursor_isNull(init))
        return NULL;
    struct pa_stmt *s = new_stmt(b, decl, PA_STMT_EXPR);
    struct pa_expr *assign = new_expr(b, decl, PA_EXPR_ASSIGN);
    struct pa_expr *target = new_expr(b, decl, PA_EXPR_VAR);
    target->var = v;
    target->name = b->vars[v].var.name;
    struct pa_expr *kids[2] = {target, expr(b, init)};
    set_kids(b, assign, kids, 2);
    add_write(b, v, PA_WRITE_VALUE, assign);
    add_def(b, v, assign);
    s->expr = assign;
    return s;
}

static struct pa_stmt *decl_stmt(struct builder *b, CXCursor c)
{
    struct kids k = children(c);
    struct pa_stmt *out = NULL;
    struct pa_stmt *parts[64];
    unsigned n = 0;
    for (size_t i = 0; i < k.n && n < 64; i++) {
        if (clang_getCursorKind(k.items[i]) != CXCursor_VarDecl)
            continue;
        struct pa_stmt *s = var_decl(b, k.items[i]);
        if (s)
            parts[n++] = s;
    }
    if (n == 1) {
        out = parts[0];
    } else if (n > 1) {
        out = new_stmt(b, c, PA_STMT_BLOCK);
        out->nkids = n;
        out->kids = pa_arena_memdup(b->arena, parts, n * sizeof(parts[0]));
    }
    free(k.items);
    return out;
}

/* The expression of a statement-position cursor (for-init, conditions), or NULL. */
static struct pa_expr *expr_of(struct builder *b, CXCursor c)
{
    if (clang_Cursor_isNull(c))
        return NULL;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_DeclStmt || k == CXCursor_VarDecl) {
        struct pa_stmt *s = k == CXCursor_DeclStmt ? decl_stmt(b, c) : var_decl(b, c);
        if (!s)
            return NULL;
        if (s->kind == PA_STMT_EXPR)
            return s->expr;
        /* several declarations: join them with commas */
        struct pa_expr *e = NULL;
        for (unsigned i = 0; i < s->nkids; i++) {
            if (!e) {
                e = s->kids[i]->expr;
                continue;
            }
            struct pa_expr *comma = new_expr(b, c, PA_EXPR_BINARY);
            comma->op = PA_OP_COMMA;
            struct pa_expr *kids[2] = {e, s->kids[i]->expr};
            set_kids(b, comma, kids, 2);
            e = comma;
        }
        return e;
    }
    if (clang_isExpression(k))
        return expr(b, c);
    return NULL;
}

static struct pa_stmt *loop_stmt(struct builder *b, CXCursor c, enum pa_loop_kind kind,
                                 CXCursor init, CXCursor cond, CXCursor inc, CXCursor body)
{
    struct pa_stmt *s = new_stmt(b, c, PA_STMT_LOOP);
    struct pa_loop *l = pa_arena_alloc(b->arena, sizeof(*l));
    l->kind = kind;
    l->line = s->line;
    l->column = s->column;
    l->end_line = end_line(c);
    l->parent = b->loop;
    l->depth = b->loop ? b->loop->depth + 1 : 1;
    l->index = (int)b->nloops;
    l->trip.induction_var = -1;
    l->trip.bound_param = -1;
    PA_GROW(b->loops, b->cap_loops, b->nloops + 1);
    b->loops[b->nloops++] = l;
    s->loop = l;

    l->init = expr_of(b, init); /* runs once, in the enclosing context */
    struct pa_loop *saved_loop = b->loop, *saved_target = b->break_target;
    b->loop = l;
    b->break_target = l;
    b->in_header = true;
    l->cond = expr_of(b, cond);
    l->inc = expr_of(b, inc);
    b->in_header = false;
    l->body = clang_Cursor_isNull(body) ? NULL : stmt(b, body);
    b->loop = saved_loop;
    b->break_target = saved_target;
    return s;
}

static struct pa_stmt *for_stmt(struct builder *b, CXCursor c)
{
    struct kids k = children(c);
    CXCursor none = clang_getNullCursor(), init = none, cond = none, inc = none, body = none;
    struct span fs;
    size_t semi1, semi2, rparen;
    bool parsed = false;
    if (cursor_span(c, &fs)) {
        size_t size;
        const char *text = file_text(b, fs.file, &size);
        parsed = pa_text_for_header(text, size, fs.start, &semi1, &semi2, &rparen);
    }
    if (parsed) {
        for (size_t i = 0; i < k.n; i++) {
            struct span ks;
            if (!cursor_span(k.items[i], &ks) || !clang_File_isEqual(ks.file, fs.file)) {
                parsed = false;
                break;
            }
            if (ks.start < semi1)
                init = k.items[i];
            else if (ks.start < semi2)
                cond = k.items[i];
            else if (ks.start < rparen)
                inc = k.items[i];
            else
                body = k.items[i];
        }
    }
    if (!parsed) {
        /* A for loop written by a macro: only a full header can be placed. */
        init = cond = inc = none;
        if (k.n == 4) {
            init = k.items[0];
            cond = k.items[1];
            inc = k.items[2];
        }
        body = k.n ? k.items[k.n - 1] : none;
    }
    struct pa_stmt *s = loop_stmt(b, c, PA_LOOP_FOR, init, cond, inc, body);
    free(k.items);
    return s;
}

static struct pa_stmt *if_stmt(struct builder *b, CXCursor c)
{
    struct kids k = children(c);
    struct pa_stmt *s = new_stmt(b, c, PA_STMT_IF);
    size_t first = k.n >= 3 ? k.n - 3 : 0;
    if (k.n == 2)
        first = 0;
    if (k.n >= 2) {
        s->expr = expr_of(b, k.items[first]);
        b->branch_depth++;
        struct pa_stmt *then = stmt(b, k.items[first + 1]);
        struct pa_stmt *els = k.n >= 3 ? stmt(b, k.items[first + 2]) : NULL;
        b->branch_depth--;
        s->nkids = 2;
        s->kids = pa_arena_alloc(b->arena, 2 * sizeof(*s->kids));
        s->kids[0] = then;
        s->kids[1] = els;
    }
    free(k.items);
    return s;
}

static void mark_exit(struct builder *b, bool leaves_all)
{
    if (!leaves_all) {
        if (b->break_target)
            b->break_target->has_early_exit = true;
        return;
    }
    for (struct pa_loop *l = b->loop; l; l = l->parent)
        l->has_early_exit = true;
}

static struct pa_stmt *stmt(struct builder *b, CXCursor c)
{
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (clang_isExpression(kind)) {
        struct pa_stmt *s = new_stmt(b, c, PA_STMT_EXPR);
        s->expr = expr(b, c);
        return s;
    }
    struct kids k = {0};
    struct pa_stmt *s = NULL;
    switch (kind) {
    case CXCursor_CompoundStmt:
        k = children(c);
        s = block_of(b, c, k.items, k.n);
        break;
    case CXCursor_DeclStmt:
        s = decl_stmt(b, c);
        break;
    case CXCursor_IfStmt:
        s = if_stmt(b, c);
        break;
    case CXCursor_ForStmt:
        s = for_stmt(b, c);
        break;
    case CXCursor_WhileStmt:
        k = children(c);
        if (k.n >= 2)
            s = loop_stmt(b, c, PA_LOOP_WHILE, clang_getNullCursor(), k.items[k.n - 2],
                          clang_getNullCursor(), k.items[k.n - 1]);
        break;
    case CXCursor_DoStmt:
        k = children(c);
        if (k.n == 2)
            s = loop_stmt(b, c, PA_LOOP_DO, clang_getNullCursor(), k.items[1],
                          clang_getNullCursor(), k.items[0]);
        break;
    case CXCursor_CXXForRangeStmt: {
        k = children(c);
        CXCursor range = clang_getNullCursor();
        for (size_t i = 0; i + 1 < k.n; i++)
            if (clang_isExpression(clang_getCursorKind(k.items[i])))
                range = k.items[i];
        if (k.n >= 1)
            s = loop_stmt(b, c, PA_LOOP_RANGE_FOR, clang_getNullCursor(), range,
                          clang_getNullCursor(), k.items[k.n - 1]);
        break;
    }
    case CXCursor_SwitchStmt: {
        k = children(c);
        s = new_stmt(b, c, PA_STMT_SWITCH);
        if (k.n >= 2) {
            s->expr = expr_of(b, k.items[k.n - 2]);
            struct pa_loop *saved = b->break_target;
            b->break_target = NULL;
            b->branch_depth++;
            struct pa_stmt *body = stmt(b, k.items[k.n - 1]);
            b->branch_depth--;
            b->break_target = saved;
            if (body) {
                s->nkids = 1;
                s->kids = pa_arena_memdup(b->arena, &body, sizeof(body));
            }
        }
        break;
    }
    case CXCursor_CaseStmt:
    case CXCursor_DefaultStmt:
    case CXCursor_LabelStmt:
        k = children(c);
        if (k.n)
            s = stmt(b, k.items[k.n - 1]);
        break;
    case CXCursor_ReturnStmt:
        k = children(c);
        s = new_stmt(b, c, PA_STMT_RETURN);
        if (k.n)
            s->expr = expr(b, k.items[0]);
        mark_exit(b, true);
        break;
    case CXCursor_BreakStmt:
        s = new_stmt(b, c, PA_STMT_BREAK);
        mark_exit(b, false);
        break;
    case CXCursor_ContinueStmt:
        s = new_stmt(b, c, PA_STMT_CONTINUE);
        break;
    case CXCursor_GotoStmt:
    case CXCursor_IndirectGotoStmt:
        s = new_stmt(b, c, PA_STMT_GOTO);
        mark_exit(b, true);
        break;
    case CXCursor_NullStmt:
        break;
    default:
        /* attributes, try blocks, asm and the like: keep what they contain */
        k = children(c);
        s = block_of(b, c, k.items, k.n);
        break;
    }
    free(k.items);
    return s;
}

/* ---- functions ---- */

static void reset_function(struct builder *b)
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
    char *name = string_of(b, clang_getCursorSpelling(c));
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
    reset_function(b);
    struct pa_function *fn = pa_arena_alloc(b->arena, sizeof(*fn));
    b->fn = fn;
    fn->name = qualified_name(b, c);
    fn->usr = string_of(b, clang_getCursorUSR(c));
    fn->file = display;
    position(c, &fn->line, &fn->column);
    fn->end_line = end_line(c);
    fn->is_static = clang_getCursorLinkage(c) == CXLinkage_Internal;
    fn->noreturn = declared_noreturn(b, c);
    fn->scc = -1;

    int nparams = clang_Cursor_getNumArguments(c);
    CXCursor body = clang_getNullCursor();
    struct kids k = children(c);
    if (nparams < 0) { /* templates: parameters are plain children */
        nparams = 0;
        for (size_t i = 0; i < k.n; i++)
            if (clang_getCursorKind(k.items[i]) == CXCursor_ParmDecl) {
                int v = var_of_decl(b, k.items[i]);
                b->vars[v].var.param_index = nparams++;
            }
    } else {
        for (int i = 0; i < nparams; i++) {
            int v = var_of_decl(b, clang_Cursor_getArgument(c, (unsigned)i));
            b->vars[v].var.param_index = i;
        }
    }
    fn->nparams = (unsigned)nparams;
    for (size_t i = 0; i < k.n; i++)
        if (clang_getCursorKind(k.items[i]) == CXCursor_CompoundStmt)
            body = k.items[i];
    free(k.items);
    fn->body = clang_Cursor_isNull(body) ? NULL : stmt(b, body);

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
    if (is_function_kind(kind)) {
        if (!clang_isCursorDefinition(c))
            return CXChildVisit_Continue;
        CXFile file = NULL;
        clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
        if (!file)
            return CXChildVisit_Continue;
        struct file_info *fi = file_info(b, file);
        if (fi->display)
            build_function(b, c, fi->display);
        return CXChildVisit_Continue;
    }
    switch (kind) {
    case CXCursor_Namespace:
    case CXCursor_ClassDecl:
    case CXCursor_StructDecl:
    case CXCursor_ClassTemplate:
    case CXCursor_ClassTemplatePartialSpecialization:
    case CXCursor_LinkageSpec:
    case CXCursor_UnexposedDecl:
        return CXChildVisit_Recurse;
    default:
        return CXChildVisit_Continue;
    }
}

void pa_model_build_tu(CXTranslationUnit tu, struct pa_model_sink *sink)
{
    struct builder b = {.tu = tu, .sink = sink, .arena = sink->arena};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &b);
    reset_function(&b);
    free(b.vars);
    free(b.loops);
    free(b.calls);
    free(b.writes);
    free(b.files);
    free(b.noreturn_cache);
}
