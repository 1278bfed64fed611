/* build_stmt.c: turning libclang statement cursors into struct pa_stmt and loops, with the
 * loop context (enclosing loop, break target, early exits) they are built in. */
#include "builder.h"
#include "libc_catalog.h"
#include "perfaudit/query.h"
#include "source_text.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static struct pa_stmt *new_stmt(struct builder *b, CXCursor c, enum pa_stmt_kind kind)
{
    struct pa_stmt *s = pa_arena_alloc(b->arena, sizeof(*s));
    s->kind = kind;
    pa_build_position(c, &s->line, &s->column);
    return s;
}

/* Can control go from s back to the top of the enclosing loop (a continue of that loop) or
 * jump anywhere (goto)? Then what came before s is not on a path that always leaves. */
static bool may_go_round(const struct pa_stmt *s, bool in_nested_loop)
{
    if (!s)
        return false;
    if (s->kind == PA_STMT_GOTO || (s->kind == PA_STMT_CONTINUE && !in_nested_loop))
        return true;
    if (s->kind == PA_STMT_LOOP)
        return s->loop && may_go_round(s->loop->body, true);
    for (unsigned i = 0; i < s->nkids; i++)
        if (may_go_round(s->kids[i], in_nested_loop))
            return true;
    return false;
}

/* The loops directly inside `loop` that s holds (in its blocks and ifs, not in nested loops)
 * run once per execution of `loop`: what follows s always leaves it. */
static void mark_leaving_loops(struct pa_stmt *s, const struct pa_loop *loop, bool by_return)
{
    if (!s)
        return;
    if (s->kind == PA_STMT_LOOP) {
        if (s->loop && s->loop->parent == loop) {
            s->loop->leaves_parent = true;
            s->loop->leaves_function |= by_return;
        }
        return;
    }
    for (unsigned i = 0; i < s->nkids; i++)
        mark_leaving_loops(s->kids[i], loop, by_return);
}

static struct pa_stmt *block_of(struct builder *b, CXCursor c, CXCursor *items, size_t n)
{
    struct pa_stmt *s = new_stmt(b, c, PA_STMT_BLOCK);
    struct pa_stmt **kids = n ? pa_xmalloc(n * sizeof(*kids)) : NULL;
    unsigned m = 0;
    /* the first call of the statements that are always followed by what comes next in this
     * block: those after the last statement that may go round the loop again */
    size_t straight_from = b->ncalls;
    unsigned straight_kid = 0;
    for (size_t i = 0; i < n; i++) {
        struct pa_stmt *k = pa_build_stmt(b, items[i]);
        if (!k)
            continue;
        kids[m++] = k;
        bool leaves = k->kind == PA_STMT_RETURN || k->kind == PA_STMT_GOTO ||
                      (k->kind == PA_STMT_BREAK && b->loop && b->break_target == b->loop);
        if (leaves && b->loop) {
            /* the calls on a path that then always leaves run once per execution of the loop */
            for (size_t ci = straight_from; ci < b->ncalls; ci++)
                if (b->calls[ci].loop == b->loop) {
                    b->calls[ci].leaves_loop = true;
                    b->calls[ci].leaves_function |= k->kind == PA_STMT_RETURN;
                }
            /* and so do the loops written before it (fix up a run once, then return) */
            for (unsigned ki = straight_kid; ki + 1 < m; ki++)
                mark_leaving_loops(kids[ki], b->loop, k->kind == PA_STMT_RETURN);
        } else if (may_go_round(k, false)) {
            straight_from = b->ncalls;
            straight_kid = m;
        }
    }
    s->nkids = m;
    s->kids = m ? pa_arena_memdup(b->arena, kids, m * sizeof(*kids)) : NULL;
    free(kids);
    return s;
}

/* `T x;` of a class type: the implicit call of T's default constructor assigns nothing the
 * program wrote. */
static bool default_construction(CXCursor init)
{
    while (clang_getCursorKind(init) == CXCursor_UnexposedExpr) {
        struct kids k = pa_build_expr_children(init);
        bool one = k.n == 1;
        if (one)
            init = k.items[0];
        free(k.items);
        if (!one)
            return false;
    }
    if (clang_getCursorKind(init) != CXCursor_CallExpr || clang_Cursor_getNumArguments(init) != 0)
        return false;
    CXCursor ctor = clang_getCursorReferenced(init);
    return clang_getCursorKind(ctor) == CXCursor_Constructor;
}

/* A range-for's variable is a new object on every iteration, given the next element of the
 * range: declared in the loop, and assigned there (from the range, as the model sees it). */
static void range_for_var(struct builder *b, CXCursor decl, struct pa_loop *loop)
{
    int v = pa_build_var(b, decl);
    b->vars[v].var.decl_loop = loop;
    struct pa_expr *assign = pa_build_new_expr(b, decl, PA_EXPR_ASSIGN);
    struct pa_expr *target = pa_build_new_expr(b, decl, PA_EXPR_VAR);
    target->var = v;
    target->name = b->vars[v].var.name;
    struct pa_expr *kids[2] = {target, loop->cond};
    pa_build_set_kids(b, assign, kids, 2);
    struct pa_loop *saved = b->loop;
    b->loop = loop;
    pa_build_add_write(b, v, PA_WRITE_VALUE, assign);
    pa_build_add_def(b, v, assign);
    b->loop = saved;
}

/* A variable declaration with an initializer becomes an assignment statement. */
static struct pa_stmt *var_decl(struct builder *b, CXCursor decl)
{
    int v = pa_build_var(b, decl);
    /* From the AST, not the text: a declaration written by a macro keeps its initializer. */
    CXCursor init = clang_Cursor_getVarDeclInitializer(decl);
    if (!clang_Cursor_isNull(init) && default_construction(init))
        init = clang_getNullCursor();
    if (clang_Cursor_isNull(init))
        return NULL;
    struct pa_stmt *s = new_stmt(b, decl, PA_STMT_EXPR);
    struct pa_expr *assign = pa_build_new_expr(b, decl, PA_EXPR_ASSIGN);
    struct pa_expr *target = pa_build_new_expr(b, decl, PA_EXPR_VAR);
    target->var = v;
    target->name = b->vars[v].var.name;
    struct pa_expr *kids[2] = {target, pa_build_expr(b, init)};
    pa_build_set_kids(b, assign, kids, 2);
    pa_build_add_write(b, v, PA_WRITE_VALUE, assign);
    pa_build_add_def(b, v, assign);
    s->expr = assign;
    return s;
}

static struct pa_stmt *decl_stmt(struct builder *b, CXCursor c)
{
    struct kids k = pa_build_children(c);
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
            struct pa_expr *comma = pa_build_new_expr(b, c, PA_EXPR_BINARY);
            comma->op = PA_OP_COMMA;
            struct pa_expr *kids[2] = {e, s->kids[i]->expr};
            pa_build_set_kids(b, comma, kids, 2);
            e = comma;
        }
        return e;
    }
    if (clang_isExpression(k))
        return pa_build_expr(b, c);
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
    l->end_line = pa_build_end_line(c);
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
    l->body = clang_Cursor_isNull(body) ? NULL : pa_build_stmt(b, body);
    b->loop = saved_loop;
    b->break_target = saved_target;
    return s;
}

/* Where a macro's for header is spelled: the file, and the offsets of 'for', its two ';' and
 * its ')'. */
struct spelled_header {
    CXFile file;
    unsigned start;
    size_t semi1, semi2, rparen;
    size_t found; /* the offset of a token of the part being placed, or 0 */
};

static enum CXChildVisitResult find_spelled(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct spelled_header *h = data;
    CXFile f = NULL;
    unsigned off;
    clang_getSpellingLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
    if (f && clang_File_isEqual(f, h->file) && off > h->start && off < h->rparen) {
        h->found = off;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

/* Places the header parts of a macro-written for (some of init, cond, inc missing) by the first
 * token of each that the macro's definition spells: WALK(n, l) defined as
 * for (n = (l); ; n = n->next) has `(` before the first ';' and `next` after the second. Leaves
 * every part unset when one cannot be placed (all its tokens come from the macro's arguments).
 */
static void place_macro_header(struct builder *b, CXCursor c, const CXCursor *items, size_t n,
                               CXCursor *parts[3])
{
    struct spelled_header h = {0};
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(c)), &h.file, NULL, NULL,
                              &h.start);
    size_t size;
    const char *text = h.file ? pa_build_file_text(b, h.file, &size) : NULL;
    if (!text || !pa_text_for_header(text, size, h.start, &h.semi1, &h.semi2, &h.rparen))
        return;
    CXCursor placed[3] = {clang_getNullCursor(), clang_getNullCursor(), clang_getNullCursor()};
    /* for (n = (l); n; ): the parts the definition leaves blank are the missing ones */
    const char *lparen = memchr(text + h.start, '(', h.semi1 - h.start);
    size_t from[3] = {lparen ? (size_t)(lparen - text) + 1 : h.semi1, h.semi1 + 1, h.semi2 + 1};
    size_t to[3] = {h.semi1, h.semi2, h.rparen};
    bool written[3];
    size_t nwritten = 0;
    for (int i = 0; i < 3; i++) {
        written[i] = !pa_text_blank(text, size, from[i], to[i]);
        nwritten += written[i];
    }
    if (nwritten == n) {
        for (int i = 0, next = 0; i < 3; i++)
            if (written[i])
                *parts[i] = items[next++];
        return;
    }
    int last = -1;
    for (size_t i = 0; i < n; i++) {
        h.found = 0;
        if (find_spelled(items[i], clang_getNullCursor(), &h) != CXChildVisit_Break)
            clang_visitChildren(items[i], find_spelled, &h);
        int part = !h.found ? -1 : h.found < h.semi1 ? 0 : h.found < h.semi2 ? 1 : 2;
        if (part <= last)
            return; /* not found, or out of order */
        placed[part] = items[i];
        last = part;
    }
    for (int i = 0; i < 3; i++)
        *parts[i] = placed[i];
}

static struct pa_stmt *for_stmt(struct builder *b, CXCursor c)
{
    struct kids k = pa_build_children(c);
    CXCursor none = clang_getNullCursor(), init = none, cond = none, inc = none, body = none;
    struct span fs;
    size_t semi1, semi2, rparen;
    bool parsed = false;
    if (pa_build_span(c, &fs)) {
        size_t size;
        const char *text = pa_build_file_text(b, fs.file, &size);
        parsed = pa_text_for_header(text, size, fs.start, &semi1, &semi2, &rparen);
    }
    if (parsed) {
        for (size_t i = 0; i < k.n; i++) {
            struct span ks;
            if (!pa_build_span(k.items[i], &ks) || !clang_File_isEqual(ks.file, fs.file)) {
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
        /* A for loop written by a macro: a full header places itself; otherwise the parts are
         * placed by the macro body's own tokens, where the definition spells the header. */
        init = cond = inc = none;
        if (k.n == 4) {
            init = k.items[0];
            cond = k.items[1];
            inc = k.items[2];
        } else if (k.n == 2 || k.n == 3) {
            CXCursor *parts[3] = {&init, &cond, &inc};
            place_macro_header(b, c, k.items, k.n - 1, parts);
        }
        body = k.n ? k.items[k.n - 1] : none;
    }
    struct pa_stmt *s = loop_stmt(b, c, PA_LOOP_FOR, init, cond, inc, body);
    free(k.items);
    return s;
}

static struct pa_stmt *if_stmt(struct builder *b, CXCursor c)
{
    struct kids k = pa_build_children(c);
    struct pa_stmt *s = new_stmt(b, c, PA_STMT_IF);
    size_t first = k.n >= 3 ? k.n - 3 : 0;
    if (k.n == 2)
        first = 0;
    if (k.n >= 2) {
        s->expr = expr_of(b, k.items[first]);
        b->branch_depth++;
        struct pa_stmt *then = pa_build_stmt(b, k.items[first + 1]);
        struct pa_stmt *els = k.n >= 3 ? pa_build_stmt(b, k.items[first + 2]) : NULL;
        b->branch_depth--;
        s->nkids = 2;
        s->kids = pa_arena_alloc(b->arena, 2 * sizeof(*s->kids));
        s->kids[0] = then;
        s->kids[1] = els;
    }
    free(k.items);
    return s;
}

/* Is the condition a constant that is false (the 0 of `do { ... } while (0)`)? */
static bool is_false(CXCursor cond)
{
    CXEvalResult r = clang_Cursor_Evaluate(cond);
    bool zero = false;
    if (r) {
        zero = clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
        clang_EvalResult_dispose(r);
    }
    return zero;
}

/* The body of `do { ... } while (0)`, the macro idiom for one statement: it runs exactly once,
 * so it is modelled as a block, not a loop (no depth, no trip count, no findings of its own).
 * A break or continue in it leaves the block only, as a break in a switch leaves the switch. */
static struct pa_stmt *once_block(struct builder *b, CXCursor body)
{
    struct pa_loop *saved = b->break_target;
    b->break_target = NULL;
    struct pa_stmt *s = pa_build_stmt(b, body);
    b->break_target = saved;
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

struct pa_stmt *pa_build_stmt(struct builder *b, CXCursor c)
{
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (clang_isExpression(kind)) {
        struct pa_stmt *s = new_stmt(b, c, PA_STMT_EXPR);
        s->expr = pa_build_expr(b, c);
        return s;
    }
    struct kids k = {0};
    struct pa_stmt *s = NULL;
    switch (kind) {
    case CXCursor_CompoundStmt:
        k = pa_build_children(c);
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
        k = pa_build_children(c);
        if (k.n >= 2)
            s = loop_stmt(b, c, PA_LOOP_WHILE, clang_getNullCursor(), k.items[k.n - 2],
                          clang_getNullCursor(), k.items[k.n - 1]);
        break;
    case CXCursor_DoStmt:
        k = pa_build_children(c);
        if (k.n == 2 && is_false(k.items[1]))
            s = once_block(b, k.items[0]);
        else if (k.n == 2)
            s = loop_stmt(b, c, PA_LOOP_DO, clang_getNullCursor(), k.items[1],
                          clang_getNullCursor(), k.items[0]);
        break;
    case CXCursor_CXXForRangeStmt: {
        k = pa_build_children(c);
        CXCursor range = clang_getNullCursor();
        for (size_t i = 0; i + 1 < k.n; i++)
            if (clang_isExpression(clang_getCursorKind(k.items[i])))
                range = k.items[i];
        if (k.n >= 1)
            s = loop_stmt(b, c, PA_LOOP_RANGE_FOR, clang_getNullCursor(), range,
                          clang_getNullCursor(), k.items[k.n - 1]);
        if (s && s->loop->cond && clang_getCursorKind(k.items[0]) == CXCursor_VarDecl)
            range_for_var(b, k.items[0], s->loop);
        break;
    }
    case CXCursor_SwitchStmt: {
        k = pa_build_children(c);
        s = new_stmt(b, c, PA_STMT_SWITCH);
        if (k.n >= 2) {
            s->expr = expr_of(b, k.items[k.n - 2]);
            struct pa_loop *saved = b->break_target;
            b->break_target = NULL;
            b->branch_depth++;
            struct pa_stmt *body = pa_build_stmt(b, k.items[k.n - 1]);
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
        k = pa_build_children(c);
        if (k.n)
            s = pa_build_stmt(b, k.items[k.n - 1]);
        break;
    case CXCursor_ReturnStmt:
        k = pa_build_children(c);
        s = new_stmt(b, c, PA_STMT_RETURN);
        if (k.n)
            s->expr = pa_build_expr(b, k.items[0]);
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
        k = pa_build_children(c);
        s = block_of(b, c, k.items, k.n);
        break;
    }
    free(k.items);
    return s;
}
