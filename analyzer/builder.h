/* builder.h: the state and helpers the libclang visitor shares across its files: the function
 * being built, its variables, loops, calls and writes, and reading cursors and source text.
 * Internal to the model builder (build_model.c, build_expr.c, build_stmt.c, builder.c). */
#ifndef PERFAUDIT_BUILDER_H
#define PERFAUDIT_BUILDER_H

#include <clang-c/Index.h>

#include "build_model.h"

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

/* A cursor's children, in order; items is malloc'd and freed by the caller. */
struct kids {
    CXCursor *items;
    size_t n, cap;
};

/* The file offsets of a cursor's extent, where its text is written (macro arguments: where
 * the argument was written; macro bodies: where the macro was used). */
struct span {
    CXFile file;
    unsigned start, end;
};

/* Cursors, locations and text (builder.c). */
struct kids pa_build_children(CXCursor c);
void pa_build_position(CXCursor c, unsigned *line, unsigned *column);
unsigned pa_build_end_line(CXCursor c);
struct file_info *pa_build_file_info(struct builder *b, CXFile file);
const char *pa_build_file_text(struct builder *b, CXFile file, size_t *size);
bool pa_build_span(CXCursor c, struct span *s);
char *pa_build_string(struct builder *b, CXString s);
enum pa_type_class pa_build_type_class(CXType t);
bool pa_build_is_function_kind(enum CXCursorKind k);
/* The function's variables: the index of decl's variable, created on first sight; and what
 * is recorded when one is assigned or stored through (builder.c). */
int pa_build_var(struct builder *b, CXCursor decl);
void pa_build_add_def(struct builder *b, int var, struct pa_expr *def);
void pa_build_add_call_write(struct builder *b, int var, enum pa_write_kind kind,
                             const struct pa_expr *e, int call, int arg);
void pa_build_add_write(struct builder *b, int var, enum pa_write_kind kind,
                        const struct pa_expr *e);
void pa_build_note_store(struct builder *b, struct pa_expr *target, struct pa_expr *assign);
/* Expressions (build_expr.c). */
struct pa_expr *pa_build_new_expr(struct builder *b, CXCursor c, enum pa_expr_kind kind);
void pa_build_set_kids(struct builder *b, struct pa_expr *e, struct pa_expr **kids, unsigned n);
struct kids pa_build_expr_children(CXCursor c);
/* Is the function declared noreturn (GNU attribute, C11 _Noreturn, [[noreturn]])? */
bool pa_build_declared_noreturn(struct builder *b, CXCursor decl);
struct pa_expr *pa_build_expr(struct builder *b, CXCursor c);
/* Statements, loops among them (build_stmt.c). */
struct pa_stmt *pa_build_stmt(struct builder *b, CXCursor c);

#endif
