/* build_expr.c: turning libclang expression cursors into struct pa_expr, recording the calls,
 * stores and definitions they make. */
#include "builder.h"
#include "cxx_catalog.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct pa_expr *pa_build_new_expr(struct builder *b, CXCursor c, enum pa_expr_kind kind)
{
    struct pa_expr *e = pa_arena_alloc(b->arena, sizeof(*e));
    e->kind = kind;
    e->var = -1;
    e->type = pa_build_type_class(clang_getCursorType(c));
    pa_build_position(c, &e->line, &e->column);
    return e;
}

void pa_build_set_kids(struct builder *b, struct pa_expr *e, struct pa_expr **kids, unsigned n)
{
    e->nkids = n;
    e->kids = n ? pa_arena_memdup(b->arena, kids, n * sizeof(*kids)) : NULL;
}

/* Expression children only: casts carry TypeRef children that are not operands. */
struct kids pa_build_expr_children(CXCursor c)
{
    struct kids all = pa_build_children(c), out = {0};
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
bool pa_build_declared_noreturn(struct builder *b, CXCursor decl)
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

/* The object of a C++ member call written obj.f(...) or ptr->f(...): the expression under the
 * member reference that names the callee. NULL cursor for implicit this, static members,
 * overloaded operators (whose object is already argument 0) and other calls. */
static CXCursor receiver_cursor(CXCursor call, CXCursor callee)
{
    CXCursor none = clang_getNullCursor();
    enum CXCursorKind ck = clang_getCursorKind(callee);
    if ((ck != CXCursor_CXXMethod && ck != CXCursor_ConversionFunction &&
         ck != CXCursor_Destructor) ||
        clang_CXXMethod_isStatic(callee))
        return none;
    struct kids k = pa_build_expr_children(call);
    CXCursor ref = k.n ? k.items[0] : none;
    free(k.items);
    while (clang_getCursorKind(ref) == CXCursor_UnexposedExpr ||
           clang_getCursorKind(ref) == CXCursor_ParenExpr) {
        k = pa_build_expr_children(ref);
        ref = k.n == 1 ? k.items[0] : none;
        free(k.items);
    }
    if (clang_getCursorKind(ref) != CXCursor_MemberRefExpr ||
        !clang_equalCursors(clang_getCursorReferenced(ref), callee))
        return none;
    k = pa_build_expr_children(ref);
    CXCursor object = k.n == 1 ? k.items[0] : none;
    free(k.items);
    return object;
}

/* What a C++ member call may do to its object, as writes of the variable the object is rooted
 * in: s = t assigns it (an assignment the model can read, beside the call), a member that is
 * not const may change its contents (v.push_back(x), s += t). A const member, a static one,
 * and the standard library's pure ones (v.begin() of a non-const v) change nothing. */
static void note_member_call(struct builder *b, CXCursor call, CXCursor callee, struct pa_expr *e,
                             struct pa_expr *object, int call_index)
{
    if (!object || clang_getCursorKind(callee) != CXCursor_CXXMethod ||
        clang_CXXMethod_isStatic(callee) || clang_CXXMethod_isConst(callee))
        return;
    const struct pa_cxx_fn *f = pa_cxx_lookup(e->callee_usr);
    if (f && (f->flags & PA_CXX_PURE))
        return;
    int root = pa_expr_root_var(object);
    if (root < 0)
        return;
    if (object->kind == PA_EXPR_VAR && e->nkids == 2 && e->name &&
        strcmp(e->name, "operator=") == 0) {
        struct pa_expr *assign = pa_build_new_expr(b, call, PA_EXPR_ASSIGN);
        struct pa_expr *kids[2] = {object, e->kids[1]};
        pa_build_set_kids(b, assign, kids, 2);
        pa_build_add_write(b, root, PA_WRITE_VALUE, assign);
        pa_build_add_def(b, root, assign);
        return;
    }
    pa_build_add_call_write(b, root, PA_WRITE_CONTENTS, e, call_index, -1);
}

static struct pa_expr *call_expr(struct builder *b, CXCursor c)
{
    struct pa_expr *e = pa_build_new_expr(b, c, PA_EXPR_CALL);
    CXCursor callee = clang_getCursorReferenced(c);
    if (!clang_Cursor_isNull(callee) && pa_build_is_function_kind(clang_getCursorKind(callee))) {
        e->name = pa_build_string(b, clang_getCursorSpelling(callee));
        e->callee_usr = pa_build_string(b, clang_getCursorUSR(callee));
        e->noreturn = pa_build_declared_noreturn(b, callee);
        /* evaluated before the arguments */
        e->receiver = pa_build_expr(b, receiver_cursor(c, callee));
        e->arrow = e->receiver && e->receiver->type == PA_TYPE_POINTER;
    }
    int nargs = clang_Cursor_getNumArguments(c);
    struct pa_expr *argv[64];
    unsigned n = 0;
    bool saved_header = b->in_header;
    for (int i = 0; i < nargs && n < 64; i++)
        argv[n++] = pa_build_expr(b, clang_Cursor_getArgument(c, (unsigned)i));
    if (nargs < 0) {
        /* Calls libclang does not break into arguments: keep the sub-expressions. */
        struct kids k = pa_build_expr_children(c);
        for (size_t i = 1; i < k.n && n < 64; i++)
            argv[n++] = pa_build_expr(b, k.items[i]);
        free(k.items);
    }
    b->in_header = saved_header;
    pa_build_set_kids(b, e, argv, n);

    PA_GROW(b->calls, b->cap_calls, b->ncalls + 1);
    b->calls[b->ncalls++] = (struct pa_call_site){.call = e,
                                                  .loop = b->loop,
                                                  .in_loop_header = b->in_header && b->loop,
                                                  .callee = -1,
                                                  .branch_depth = b->branch_depth};

    /* What the call may store into: known library functions say which arguments they
     * write; anything else may write through every pointer it is given. */
    int call_index = (int)b->ncalls - 1;
    if (e->callee_usr) /* the object: v in v.f(), or a member operator's first operand */
        note_member_call(b, c, callee, e,
                         e->receiver                                              ? e->receiver
                         : (n && e->name && strncmp(e->name, "operator", 8) == 0) ? argv[0]
                                                                                  : NULL,
                         call_index);
    const struct pa_libc_fn *lib = e->name ? pa_libc_lookup(e->name) : NULL;
    for (unsigned i = 0; i < n; i++) {
        struct pa_expr *a = argv[i];
        if (!a)
            continue;
        if (a->kind == PA_EXPR_UNARY && a->op == PA_OP_ADDR && a->kids[0] &&
            a->kids[0]->kind == PA_EXPR_VAR) {
            if (!lib || (lib->writes_args & (1u << i))) {
                pa_build_add_call_write(b, a->kids[0]->var, PA_WRITE_VALUE, e, call_index, (int)i);
                pa_build_add_def(b, a->kids[0]->var, e);
            }
            continue;
        }
        bool pointer = a->type == PA_TYPE_POINTER || a->type == PA_TYPE_ARRAY;
        if (lib ? (lib->writes_args & (1u << i)) != 0 : pointer)
            pa_build_add_call_write(b, pa_expr_root_var(a), PA_WRITE_CONTENTS, e, call_index,
                                    (int)i);
    }
    return e;
}

/* The model's operator for a binary or compound-assignment cursor, from the AST (so operators
 * written inside a macro body are read as well as hand-written ones); *is_assign is set for
 * "=" and the compound assignments ("+=" gives PA_OP_ADD). */
static enum pa_op binary_op(CXCursor c, bool *is_assign)
{
    static const struct {
        enum CXBinaryOperatorKind kind;
        enum pa_op op;
        bool assign;
    } ops[] = {
        {CXBinaryOperator_Mul, PA_OP_MUL, false},
        {CXBinaryOperator_Div, PA_OP_DIV, false},
        {CXBinaryOperator_Rem, PA_OP_MOD, false},
        {CXBinaryOperator_Add, PA_OP_ADD, false},
        {CXBinaryOperator_Sub, PA_OP_SUB, false},
        {CXBinaryOperator_Shl, PA_OP_SHL, false},
        {CXBinaryOperator_Shr, PA_OP_SHR, false},
        {CXBinaryOperator_LT, PA_OP_LT, false},
        {CXBinaryOperator_GT, PA_OP_GT, false},
        {CXBinaryOperator_LE, PA_OP_LE, false},
        {CXBinaryOperator_GE, PA_OP_GE, false},
        {CXBinaryOperator_EQ, PA_OP_EQ, false},
        {CXBinaryOperator_NE, PA_OP_NE, false},
        {CXBinaryOperator_And, PA_OP_AND, false},
        {CXBinaryOperator_Xor, PA_OP_XOR, false},
        {CXBinaryOperator_Or, PA_OP_OR, false},
        {CXBinaryOperator_LAnd, PA_OP_LAND, false},
        {CXBinaryOperator_LOr, PA_OP_LOR, false},
        {CXBinaryOperator_Assign, PA_OP_NONE, true},
        {CXBinaryOperator_MulAssign, PA_OP_MUL, true},
        {CXBinaryOperator_DivAssign, PA_OP_DIV, true},
        {CXBinaryOperator_RemAssign, PA_OP_MOD, true},
        {CXBinaryOperator_AddAssign, PA_OP_ADD, true},
        {CXBinaryOperator_SubAssign, PA_OP_SUB, true},
        {CXBinaryOperator_ShlAssign, PA_OP_SHL, true},
        {CXBinaryOperator_ShrAssign, PA_OP_SHR, true},
        {CXBinaryOperator_AndAssign, PA_OP_AND, true},
        {CXBinaryOperator_XorAssign, PA_OP_XOR, true},
        {CXBinaryOperator_OrAssign, PA_OP_OR, true},
        {CXBinaryOperator_Comma, PA_OP_COMMA, false},
    };
    enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(c);
    *is_assign = false;
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (ops[i].kind == k) {
            *is_assign = ops[i].assign;
            return ops[i].op;
        }
    }
    return PA_OP_NONE; /* .* and ->* (pointers to members), <=> */
}

static enum pa_op unary_op(CXCursor c)
{
    switch (clang_getCursorUnaryOperatorKind(c)) {
    case CXUnaryOperator_PostInc:
        return PA_OP_POSTINC;
    case CXUnaryOperator_PostDec:
        return PA_OP_POSTDEC;
    case CXUnaryOperator_PreInc:
        return PA_OP_PREINC;
    case CXUnaryOperator_PreDec:
        return PA_OP_PREDEC;
    case CXUnaryOperator_AddrOf:
        return PA_OP_ADDR;
    case CXUnaryOperator_Deref:
        return PA_OP_DEREF;
    case CXUnaryOperator_Plus:
        return PA_OP_PLUS;
    case CXUnaryOperator_Minus:
        return PA_OP_NEG;
    case CXUnaryOperator_Not:
        return PA_OP_BNOT;
    case CXUnaryOperator_LNot:
        return PA_OP_NOT;
    default:
        return PA_OP_NONE; /* __real__, __imag__, __extension__, co_await */
    }
}

static struct pa_expr *binary_expr(struct builder *b, CXCursor c)
{
    struct kids k = pa_build_expr_children(c);
    struct pa_expr *e = pa_build_new_expr(b, c, PA_EXPR_BINARY);
    if (k.n != 2) {
        e->kind = PA_EXPR_OTHER;
        goto done;
    }
    bool is_assign;
    e->op = binary_op(c, &is_assign);
    bool rhs_conditional = e->op == PA_OP_LAND || e->op == PA_OP_LOR;
    struct pa_expr *kids[2];
    kids[0] = pa_build_expr(b, k.items[0]);
    if (rhs_conditional)
        b->branch_depth++;
    kids[1] = pa_build_expr(b, k.items[1]);
    if (rhs_conditional)
        b->branch_depth--;
    pa_build_set_kids(b, e, kids, 2);
    if (is_assign) {
        e->kind = PA_EXPR_ASSIGN;
        pa_build_note_store(b, kids[0], e);
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
    struct kids k = pa_build_expr_children(c);
    struct pa_expr *e = pa_build_new_expr(b, c, PA_EXPR_UNARY);
    if (k.n != 1) {
        e->kind = PA_EXPR_OTHER;
        free(k.items);
        return e;
    }
    e->op = unary_op(c);
    struct pa_expr *kid = pa_build_expr(b, k.items[0]);
    pa_build_set_kids(b, e, &kid, 1);
    free(k.items);
    if (e->op == PA_OP_PREINC || e->op == PA_OP_PREDEC || e->op == PA_OP_POSTINC ||
        e->op == PA_OP_POSTDEC)
        pa_build_note_store(b, kid, e);
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
    struct kids k = pa_build_expr_children(c);
    struct pa_expr *e = pa_build_new_expr(b, c, kind);
    if (want && k.n != want)
        e->kind = PA_EXPR_OTHER;
    struct pa_expr *kids[16];
    unsigned n = 0;
    bool conditional = kind == PA_EXPR_COND;
    for (size_t i = 0; i < k.n && n < 16; i++) {
        if (conditional && i == 1)
            b->branch_depth++;
        kids[n++] = pa_build_expr(b, k.items[i]);
    }
    if (conditional && k.n > 1)
        b->branch_depth--;
    pa_build_set_kids(b, e, kids, n);
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
        e = pa_build_new_expr(b, c, PA_EXPR_VAR);
        e->var = pa_build_var(b, ref);
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
        e = pa_build_new_expr(b, c, PA_EXPR_INT);
        e->value = clang_getEnumConstantDeclValue(ref);
    } else if (pa_build_is_function_kind(rk)) {
        e = pa_build_new_expr(b, c, PA_EXPR_FUNC_REF);
        e->name = pa_build_string(b, clang_getCursorSpelling(ref));
    } else {
        e = pa_build_new_expr(b, c, PA_EXPR_OTHER);
    }
    return e;
}

struct pa_expr *pa_build_expr(struct builder *b, CXCursor c)
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
        struct kids k = pa_build_expr_children(c);
        struct pa_expr *e = NULL;
        if (k.n == 1)
            e = pa_build_expr(b, k.items[0]);
        else
            e = NULL;
        free(k.items);
        return e ? e : generic_expr(b, c, PA_EXPR_OTHER, 0);
    }
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_CXXBoolLiteralExpr:
    case CXCursor_CXXNullPtrLiteralExpr: {
        struct pa_expr *e = pa_build_new_expr(b, c, PA_EXPR_INT);
        bool ok;
        e->value = int_value(c, &ok);
        return e;
    }
    case CXCursor_FloatingLiteral:
        return pa_build_new_expr(b, c, PA_EXPR_FLOAT);
    case CXCursor_StringLiteral:
        return pa_build_new_expr(b, c, PA_EXPR_STRING);
    case CXCursor_UnaryExpr: {
        struct pa_expr *e = pa_build_new_expr(b, c, PA_EXPR_SIZEOF);
        bool ok;
        e->value = int_value(c, &ok);
        if (!ok)
            e->value = -1; /* sizeof of a variable-length array */
        return e;
    }
    case CXCursor_DeclRefExpr:
        return decl_ref_expr(b, c);
    case CXCursor_MemberRefExpr: {
        struct pa_expr *e = generic_expr(b, c, PA_EXPR_MEMBER, 0);
        if (e->nkids > 1)
            e->kind = PA_EXPR_OTHER;
        e->name = pa_build_string(b, clang_getCursorSpelling(c));
        e->arrow = e->nkids == 1 && e->kids[0] && e->kids[0]->type == PA_TYPE_POINTER;
        if (e->nkids == 0) { /* implicit this->member */
            struct pa_expr *none = NULL;
            pa_build_set_kids(b, e, &none, 1);
        }
        return e;
    }
    case CXCursor_CallExpr:
        return call_expr(b, c);
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator:
        return binary_expr(b, c);
    case CXCursor_UnaryOperator:
        return unary_expr(b, c);
    case CXCursor_ArraySubscriptExpr:
        return generic_expr(b, c, PA_EXPR_SUBSCRIPT, 2);
    case CXCursor_ConditionalOperator:
        return generic_expr(b, c, PA_EXPR_COND, 3);
    case CXCursor_CXXThisExpr: {
        /* named so that what a member function does to its object can be told apart */
        struct pa_expr *e = pa_build_new_expr(b, c, PA_EXPR_OTHER);
        e->name = "this";
        return e;
    }
    case CXCursor_LambdaExpr:
        return pa_build_new_expr(b, c, PA_EXPR_OTHER); /* its body is not part of this function */
    default:
        return generic_expr(b, c, PA_EXPR_OTHER, 0);
    }
}
