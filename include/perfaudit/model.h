/* model.h: the function model, a libclang-independent picture of every function definition.
 * The analyzer's libclang pass fills it; complexity inference and the rules only read it.
 * Ownership: everything reachable from a struct pa_function lives in the arena of the
 * translation unit it came from (struct pa_program owns those arenas). */
#ifndef PERFAUDIT_MODEL_H
#define PERFAUDIT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "perfaudit/complexity.h"

struct pa_summary;

enum pa_expr_kind {
    PA_EXPR_OTHER,     /* something the model does not look into (kids still walked); C++'s
                        * `this` is one, with name "this" */
    PA_EXPR_INT,       /* integer or character literal, enum constant: value */
    PA_EXPR_FLOAT,     /* floating literal */
    PA_EXPR_STRING,    /* string literal */
    PA_EXPR_SIZEOF,    /* sizeof / alignof: a compile-time constant */
    PA_EXPR_VAR,       /* reference to a variable: var */
    PA_EXPR_FUNC_REF,  /* a function named but not called (a function pointer): name */
    PA_EXPR_MEMBER,    /* kids[0].name or kids[0]->name (arrow), kids[0] NULL for implicit this */
    PA_EXPR_CALL,      /* name(kids...) or an indirect call (name NULL) */
    PA_EXPR_UNARY,     /* op kids[0] */
    PA_EXPR_BINARY,    /* kids[0] op kids[1] */
    PA_EXPR_ASSIGN,    /* kids[0] = kids[1] (op PA_OP_NONE) or kids[0] op= kids[1] */
    PA_EXPR_SUBSCRIPT, /* kids[0][kids[1]] */
    PA_EXPR_COND,      /* kids[0] ? kids[1] : kids[2] */
};

enum pa_op {
    PA_OP_NONE,
    PA_OP_ADD,
    PA_OP_SUB,
    PA_OP_MUL,
    PA_OP_DIV,
    PA_OP_MOD,
    PA_OP_SHL,
    PA_OP_SHR,
    PA_OP_LT,
    PA_OP_LE,
    PA_OP_GT,
    PA_OP_GE,
    PA_OP_EQ,
    PA_OP_NE,
    PA_OP_LAND,
    PA_OP_LOR,
    PA_OP_AND,
    PA_OP_OR,
    PA_OP_XOR,
    PA_OP_COMMA,
    PA_OP_NEG,
    PA_OP_PLUS,
    PA_OP_NOT,
    PA_OP_BNOT,
    PA_OP_DEREF,
    PA_OP_ADDR,
    PA_OP_PREINC,
    PA_OP_PREDEC,
    PA_OP_POSTINC,
    PA_OP_POSTDEC,
};

/* The coarse type of an expression: what the rules need to tell a small domain (char, bool,
 * enum) from a size, and a pointer from a value. */
enum pa_type_class {
    PA_TYPE_OTHER,
    PA_TYPE_BOOL,
    PA_TYPE_CHAR,
    PA_TYPE_ENUM,
    PA_TYPE_INT,
    PA_TYPE_FLOAT,
    PA_TYPE_POINTER,
    PA_TYPE_ARRAY,
    PA_TYPE_RECORD,
};

struct pa_expr {
    enum pa_expr_kind kind;
    enum pa_op op;
    enum pa_type_class type;
    bool arrow;          /* MEMBER: p->f rather than s.f; CALL: p->f() (receiver a pointer) */
    bool is_const_value; /* VAR: the variable is const-qualified with a constant initializer */
    bool noreturn;       /* CALL: the callee is declared noreturn (or _Noreturn) */
    unsigned line, column;
    const char *name;       /* VAR, MEMBER, CALL (callee), FUNC_REF */
    const char *callee_usr; /* CALL: the callee's unified symbol resolution, NULL if indirect */
    int var;                /* VAR: index in the function's vars, or -1 */
    long long value;        /* INT; SIZEOF: the size in bytes, -1 when not a constant */
    unsigned nkids;
    struct pa_expr **kids; /* CALL: the arguments; a kid may be NULL where the model gave up */
    /* CALL of a C++ member function written v.f(...) or p->f(...): the object, v or p (arrow
     * set for p). Not among kids, so that kids[k] stays the callee's parameter k, and not
     * visited by pa_expr_walk. NULL for other calls, implicit this, static members, and
     * overloaded operators (whose object is kids[0], as C++ passes it). */
    struct pa_expr *receiver;
};

enum pa_var_kind { PA_VAR_PARAM, PA_VAR_LOCAL, PA_VAR_STATIC_LOCAL, PA_VAR_GLOBAL };

struct pa_var {
    const char *name;
    enum pa_var_kind kind;
    enum pa_type_class type;
    int param_index;    /* PARAM: its position, else -1 */
    bool address_taken; /* &v appears: writes through pointers may change it */
    bool literal_table; /* an array initialised with string literals only: {"a", "b", NULL} */
    unsigned ndefs;
    struct pa_expr **defs;      /* every value assigned to it (initializer included); for
                                 * compound assignments and ++/-- the assignment itself */
    struct pa_loop **def_loops; /* the innermost loop of each def, NULL outside loops */
    struct pa_loop *decl_loop;  /* LOCAL: the innermost loop its declaration is in (a new
                                 * object on each of its iterations), NULL outside loops */
};

enum pa_stmt_kind {
    PA_STMT_BLOCK,
    PA_STMT_EXPR,
    PA_STMT_IF,
    PA_STMT_LOOP,
    PA_STMT_SWITCH,
    PA_STMT_RETURN,
    PA_STMT_BREAK,
    PA_STMT_CONTINUE,
    PA_STMT_GOTO,
    PA_STMT_OTHER,
};

struct pa_stmt {
    enum pa_stmt_kind kind;
    unsigned line, column;
    struct pa_expr *expr; /* EXPR, RETURN (may be NULL), IF and SWITCH condition */
    unsigned nkids;
    struct pa_stmt **kids; /* BLOCK: statements; IF: then, else (NULL if none); SWITCH: body */
    struct pa_loop *loop;  /* LOOP */
};

enum pa_loop_kind { PA_LOOP_FOR, PA_LOOP_WHILE, PA_LOOP_DO, PA_LOOP_RANGE_FOR };

/* PA_TRIP_UNKNOWN: no bound was found (the reason says why); complexity counts such a loop
 * as growing with the input and marks the result unknown, the rules do not take it as linear. */
enum pa_trip_kind { PA_TRIP_UNKNOWN, PA_TRIP_CONSTANT, PA_TRIP_LOG, PA_TRIP_LINEAR };

/* Why a loop runs as often as it does: the classification and the evidence for it. */
enum pa_trip_reason {
    PA_REASON_NONE,
    PA_REASON_CONSTANT_BOUND,
    PA_REASON_HALVING,
    PA_REASON_BINARY_SEARCH,
    PA_REASON_PARAM,
    PA_REASON_FIELD,
    PA_REASON_STRLEN,
    PA_REASON_OUTER_LOOP_VAR,
    PA_REASON_VARIABLE,
    PA_REASON_LIST_WALK,
    PA_REASON_STRING_WALK,
    PA_REASON_READ_UNTIL_EOF,
    PA_REASON_RANGE,
    PA_REASON_CALL,
    PA_REASON_HASH_PROBE,
    PA_REASON_ITERATOR,          /* a cursor or iterator advanced by a call until it ends */
    PA_REASON_WORKLIST,          /* drains a work list its body pops from (and may push to) */
    PA_REASON_CAPPED,            /* a counter stepped every iteration is capped by a constant */
    PA_REASON_CALLER_CONSTANT,   /* bounded by a parameter every caller passes as a constant */
    PA_REASON_SMALL_GUARD,       /* runs only under a guard that keeps the size below a constant */
    PA_REASON_TREE_DESCENT,      /* descends a tree one level per step (left or right) */
    PA_REASON_SKIP_LEVELS,       /* counts down the levels of a skip list */
    PA_REASON_SKIP_STEP,         /* moves along one skip-list level: expected constant steps */
    PA_REASON_CONTINUES_OUTER,   /* continues the enclosing loop's cursor: amortised over it */
    PA_REASON_LITERAL_TABLE,     /* walks a table of string literals */
    PA_REASON_EXIT_IN_BODY,      /* unbounded: left by a break or return that is not a bound */
    PA_REASON_FLAG,              /* unbounded: a flag set by something that is not a bound */
    PA_REASON_UNKNOWN_CONDITION, /* unbounded: the condition is not a bound perfaudit knows */
    PA_REASON_SENTINEL_SCAN,     /* steps an index until an element stops it: a[i] < pivot */
};

struct pa_trip {
    enum pa_trip_kind kind;
    enum pa_trip_reason reason;
    int induction_var;           /* the variable that steps towards the bound, or -1 */
    int bound_param;             /* a parameter the count is proportional to, or -1 */
    const struct pa_expr *bound; /* the expression the count is taken from, may be NULL */
};

struct pa_loop {
    enum pa_loop_kind kind;
    int index; /* position in the function's loops (preorder) */
    unsigned line, column, end_line;
    struct pa_expr *init, *cond, *inc; /* any may be NULL; range-for: cond is the range */
    struct pa_stmt *body;
    struct pa_loop *parent;  /* the enclosing loop in the same function, or NULL */
    unsigned depth;          /* 1 for an outermost loop */
    bool has_early_exit;     /* break, return or goto that leaves this loop */
    bool has_recursive_call; /* a call back into the function's recursive component */
    bool leaves_parent;      /* its statement is then always followed by leaving `parent`
                              * (return, break, goto): it runs once per execution of parent */
    bool leaves_function;    /* ... by return: once per call of the function */
    struct pa_trip trip;     /* filled by the trip-count classification */
    struct pa_cx cost;       /* cost of one execution of the whole loop, filled by inference */
};

/* A call expression and where it sits: the loop that repeats it and whether it is part of
 * that loop's condition (evaluated on every iteration). */
struct pa_call_site {
    struct pa_expr *call;
    struct pa_loop *loop;  /* innermost enclosing loop, NULL if not in a loop */
    bool in_loop_header;   /* in the condition or the increment of `loop` */
    int callee;            /* index in the program's functions, -1 for library/unknown */
    unsigned branch_depth; /* number of enclosing if/switch/?: inside the function */
    bool leaves_loop;      /* its block then leaves `loop` (return, break, goto): it runs at
                            * most once per execution of the loop */
    bool leaves_function;  /* ... by return: it runs at most once per call of the function,
                            * whatever loops enclose it (leaves_loop is set too) */
};

/* A write: an assignment, ++/--, or a call that stores through a pointer argument. */
enum pa_write_kind { PA_WRITE_VALUE, PA_WRITE_CONTENTS };

struct pa_write {
    int var; /* the variable written, or whose pointed-to contents are written */
    enum pa_write_kind kind;
    struct pa_loop *loop; /* innermost enclosing loop, NULL if none */
    const struct pa_expr *expr;
    int call; /* the call site (index in calls) that may store, -1 if direct */
    int arg;  /* for a call: the argument through which it may store */
};

enum pa_recursion_kind {
    PA_REC_NONE,
    PA_REC_DECREASING,
    PA_REC_HALVING,
    PA_REC_STRUCTURAL,
    PA_REC_UNKNOWN,
};

struct pa_function {
    unsigned id;      /* its index in the program's functions */
    const char *name; /* as written (qualified for C++ methods) */
    const char *usr;  /* unique across translation units */
    const char *file; /* the path as reached from the command line */
    unsigned line, column, end_line;
    bool is_static;
    unsigned nparams;
    unsigned nvars;
    struct pa_var *vars;
    struct pa_stmt *body;
    unsigned nloops;
    struct pa_loop **loops; /* preorder: a loop comes before the loops it contains */
    unsigned ncalls;
    struct pa_call_site *calls;
    unsigned nwrites;
    struct pa_write *writes;
    bool writes_nonlocal; /* stores to globals or statics, or does I/O (with its callees) */
    bool has_cache;       /* reads and writes a non-local table indexed by its parameters */
    /* NULL, or why the model may miss code: the parse error inside the definition
     * ("src/x.c:12:10: use of undeclared identifier 'N'"); analyzer/partial_parse.c */
    const char *incomplete;

    /* Filled by inference. */
    struct pa_cx cx;          /* the function's complexity */
    bool pure;                /* no side effects visible to the caller */
    bool noreturn;            /* always ends the program or jumps away (exit, abort, longjmp) */
    unsigned param_writes;    /* bit k: may store through parameter k (or what it points to) */
    unsigned size_params;     /* bit k: some loop's count grows with parameter k's size */
    unsigned constant_params; /* bit k: every caller passes a small constant (all calls known) */
    bool is_sort;             /* sorts its input (calls qsort, or compares and swaps elements) */
    int scc;                  /* recursive component id, -1 if not recursive */
    enum pa_recursion_kind recursion;
    unsigned recursive_calls;   /* calls back into its component on one path */
    unsigned shrinking_params;  /* bit k: parameter k steps by a constant in recursive calls */
    struct pa_summary *summary; /* its effects per parameter (perfaudit/summary.h) */
};

/* Orders functions by place: file, line, column, then name (stable across runs). */
int pa_function_compare(const struct pa_function *a, const struct pa_function *b);

struct pa_parse_error {
    const char *file;
    const char *message;
};

/* The whole program: every analysed function, across translation units, once each. */
struct pa_program {
    unsigned nfunctions;
    struct pa_function **functions;
    unsigned nerrors;
    struct pa_parse_error *errors;
    unsigned nfiles; /* source files analysed, headers included */
    const char **files;
    struct pa_program_storage *storage; /* arenas and tables; see analyzer/program.h */
};

#endif
