/* summary.h: what a call does to what it is given, whoever wrote the callee: one summary per
 * function (inferred bottom-up from its body and its callees') or library function (from the
 * catalogue), in the same form, and the questions rules ask of a call site with them.
 * Ownership: summaries live in the program's storage and are freed with it; every pointer
 * returned here is borrowed from the program. docs/design/summaries.md explains the design. */
#ifndef PERFAUDIT_SUMMARY_H
#define PERFAUDIT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "perfaudit/model.h"

/* Effects are tracked for the first PA_SUMMARY_MAX_PARAMS parameters only. */
#define PA_SUMMARY_MAX_PARAMS 8

/* What a function may do to a parameter's data (what it points to, the fields of the
 * structure it points to), or to a global. May-facts: set when some path does it. */
enum pa_effect {
    PA_EFFECT_READS,          /* reads all of it (a full walk) */
    PA_EFFECT_SEARCHES,       /* walks it until it finds something (stops early) */
    PA_EFFECT_SHIFTS_TAIL,    /* moves the elements after a position by a fixed distance */
    PA_EFFECT_GROWS_CONST,    /* reallocates it a constant amount larger on each call */
    PA_EFFECT_RESIZES,        /* reallocates it to a size taken from another parameter */
    PA_EFFECT_APPENDS_STRING, /* finds the end of the string it holds, then copies after it */
    PA_EFFECT_SORTS,          /* sorts it */
    PA_EFFECT_OVERWRITES,     /* writes it afresh from its start (strcpy, sprintf into it) */
    PA_EFFECT_STORES,         /* stores into it */
    PA_EFFECT_FREES,          /* gives it back to the allocator */
    PA_EFFECT_COUNT,
};

#define PA_EFFECT_BIT(e) (1u << (e))

/* Where a tail shift starts: at the start (insert or remove at the front), at a position a
 * parameter gives, or somewhere the summary cannot name. */
enum pa_position {
    PA_POS_NONE,
    PA_POS_START, /* position 0: every element moves */
    PA_POS_PARAM, /* the position a parameter gives */
    PA_POS_END,   /* at a call: the collection's own length field (v->len): nothing moves */
    PA_POS_OTHER,
};

struct pa_summary;

/* Why an effect holds: the line in the summarised function where it happens, directly or
 * through a call, and for a call the callee's summary and the callee's subject it came from
 * (a parameter index >= 0, or -1 - i for the callee's i-th global). */
struct pa_witness {
    unsigned line;
    const struct pa_summary *via; /* NULL: the function does it itself */
    int via_subject;
};

struct pa_effects {
    unsigned mask; /* PA_EFFECT_BIT(e) for each effect */
    struct pa_witness why[PA_EFFECT_COUNT];
    enum pa_position shift_at; /* SHIFTS_TAIL: where the moved tail starts */
    int shift_param;           /* ... PA_POS_PARAM: the parameter holding the position */
    int size_param;            /* RESIZES: the parameter holding the new size, -1 if unknown */
    int size_factor;           /* ... the size is size_param's value times this parameter's
                                * (reallocarray's nmemb and size), -1 if none */
    /* ... or the size is read from a field of a parameter (realloc(c->tree, (c->count + 1) *
     * ...), c->count kept by the caller): the parameter, -1 if none, and the field */
    int size_field_param;
    const char *size_field;
    int bound_param; /* READS, SEARCHES, SORTS: a parameter bounding the elements
                      * (memchr's n, qsort's count), -1 if none */
    int append_at;   /* STORES, OVERWRITES: the copy lands at the offset this
                      * parameter gives (a helper appending at `at` given strlen),
                      * -1 if none, -2 if copies disagree */
};

struct pa_global_effects {
    const char *name;
    struct pa_effects fx;
};

/* What the return value is. */
enum pa_return {
    PA_RETURN_OTHER,   /* anything else, or not known */
    PA_RETURN_FRESH,   /* a new allocation (malloc-like) */
    PA_RETURN_COPY,    /* a new allocation holding a copy of one parameter (strdup) */
    PA_RETURN_EXTENDS, /* ... holding copies of parameters and more (a concatenation) */
};

/* System calls that move data, push buffered data out, or move a file offset. */
enum pa_io_kind { PA_IO_TRANSFER, PA_IO_FLUSH, PA_IO_SEEK, PA_IO_KINDS };

/* A system call made on every call of the function (not only when a buffer fills). */
struct pa_io_effect {
    bool per_call;
    bool input;       /* reads (read, recv) rather than writes */
    int stream_param; /* the parameter naming the descriptor or stream, -1 if none */
    int size_param;   /* the byte count is this parameter's value, -1 if not */
    long long bytes;  /* else the constant byte count, -1 if not known */
    const char *call; /* the system call's name (write) */
    struct pa_witness why;
};

/* A file opened on every call. */
struct pa_open_effect {
    bool per_call;
    int path_param; /* the parameter naming the file, -1 if none */
    const char *call;
    struct pa_witness why;
};

struct pa_summary {
    const char *name;
    const struct pa_function *fn; /* NULL for a library function */
    unsigned nparams;             /* library: the arguments the catalogue describes */
    bool opaque;                  /* calls something without a summary (indirect, unknown) */
    struct pa_effects params[PA_SUMMARY_MAX_PARAMS];
    unsigned nglobals;
    struct pa_global_effects *globals;
    enum pa_return ret;
    unsigned ret_params; /* COPY, EXTENDS: bit k, the block holds a copy of parameter k */
    struct pa_witness ret_why;
    struct pa_io_effect io[PA_IO_KINDS];
    struct pa_open_effect open;
    /* Copies parameter move[1] into move[0], move[2] bytes, where the two may overlap
     * (memmove, or a function that passes its parameters straight to one): with the same
     * array a constant apart, a call shifts that array's tail. move[0] is -1 otherwise. */
    int move[3];
    bool pure;       /* no effect the caller can see beyond its return value */
    bool costly;     /* library: constant time but expensive (transcendental maths, conversions) */
    unsigned passes; /* fixpoint passes its recursive component needed (1 if not recursive) */
    /* A C++ member function: what it does to the object it is called on (*this, its members).
     * Its positions and sizes name the member function's own parameters. */
    struct pa_effects receiver;
};

/* The summary of a project function (NULL before inference). */
const struct pa_summary *pa_function_summary(const struct pa_function *fn);
/* The summary of what a call site calls: a project function's or a library function's from
 * the catalogue; NULL for an indirect call or an unknown library function. */
const struct pa_summary *pa_call_summary(const struct pa_program *prog,
                                         const struct pa_call_site *site);
/* The name of an effect, for messages: "shifts the tail of". */
const char *pa_effect_name(enum pa_effect e);

/* Does the call at site have effect e on what argument arg points to? Takes the callee's
 * summary and, for the effects that depend on the call's own arguments, the call itself:
 * memmove(a + 1, a, n) shifts a's tail (a library memmove does that only with such
 * arguments); realloc or a resizing wrapper GROWS_CONST when the size it is given grows by
 * a constant across the loop that repeats the call. Fills *why (may be NULL). */
bool pa_call_effect_on_arg(const struct pa_program *prog, const struct pa_function *fn,
                           const struct pa_call_site *site, unsigned arg, enum pa_effect e,
                           struct pa_witness *why);
/* For a call that resizes argument arg (realloc or a resizing wrapper): does the size it is
 * given grow by a constant across loop (any loop around the call, whatever its bound)? */
bool pa_call_resize_steps(const struct pa_program *prog, const struct pa_function *fn,
                          const struct pa_call_site *site, unsigned arg,
                          const struct pa_loop *loop);
/* For a call that shifts argument arg's tail: where, at this call. START for a constant 0
 * position or a callee that always shifts from the start, END for a position that is the
 * collection's own length field (vec_insert(v, v->len, x)), OTHER for anything else.
 * *by_pointers (may be NULL) is set when the call's own pointer arguments make the shift
 * (memmove(a + pos + 1, a + pos, n)), as opposed to a callee that shifts what it is given. */
enum pa_position pa_call_shift_position(const struct pa_program *prog, const struct pa_function *fn,
                                        const struct pa_call_site *site, unsigned arg,
                                        bool *by_pointers);
/* The I/O a call does on every call, with its stream and byte count resolved against the
 * call's arguments: out->stream is the argument naming the stream (NULL if none), out->bytes
 * the constant count (-1 if not constant). False when the call does no per-call I/O. */
struct pa_call_io {
    const struct pa_expr *stream;
    long long bytes;
    bool input;
    const char *syscall; /* the system call at the end of the chain */
    struct pa_witness why;
};
bool pa_call_io(const struct pa_program *prog, const struct pa_function *fn,
                const struct pa_call_site *site, enum pa_io_kind kind, struct pa_call_io *out);
/* The expression naming the file a call opens on every call, or NULL. */
const struct pa_expr *pa_call_opens(const struct pa_program *prog, const struct pa_call_site *site,
                                    struct pa_witness *why);
/* What the call returns; *args gets bit a for each argument copied into the returned block
 * (COPY, EXTENDS); args and why may be NULL. */
enum pa_return pa_call_returns(const struct pa_program *prog, const struct pa_call_site *site,
                               unsigned *args, struct pa_witness *why);

/* The chain that explains effect e of summary s on subject (parameter >= 0, global -1 - i,
 * or PA_SUBJECT_RETURN / PA_SUBJECT_IO / PA_SUBJECT_OPEN), written as
 * "vec_insert() -> shift_tail() at vec.c:12 -> memmove() at vec.c:4" into buf. The first
 * element is s's own name; each later one is the callee and the line in its caller. */
#define PA_SUBJECT_RETURN   (-1000)
#define PA_SUBJECT_OPEN     (-1001)
#define PA_SUBJECT_IO       (-1002) /* PA_SUBJECT_IO - kind: the I/O of that pa_io_kind */
#define PA_SUBJECT_RECEIVER (-1010) /* the object a member function is called on */
void pa_witness_chain(const struct pa_summary *s, int subject, enum pa_effect e, char *buf,
                      size_t size);
/* The same chain for what a call site calls, starting at the callee:
 * "shift_tail() -> memmove() at vec.c:4" for effect e on the callee's subject. */
void pa_call_chain(const struct pa_program *prog, const struct pa_call_site *site, int subject,
                   enum pa_effect e, char *buf, size_t size);
/* Does the chain of effect e of s on subject end in the project's own code (a loop walking a
 * list or an array) rather than in a library function (strlen of a string)? */
bool pa_effect_by_project_code(const struct pa_summary *s, int subject, enum pa_effect e);

/* Does the project function the call calls walk, in loops of its own (through any helpers),
 * an argument that is different on each iteration of loop (compress(ctx, samples[i]))? Its
 * cost may then be that element's own size, per-element work rather than a rescan of what
 * stays the same. */
bool pa_call_walks_new_element(const struct pa_program *prog, const struct pa_function *fn,
                               const struct pa_call_site *site, const struct pa_loop *loop);

/* ---- C++: the object a member function is called on (analyzer/summary_receiver.c) ---- */

/* The object a member call acts on: v in v.f(x), p in p->f(x), s in s += x (a member
 * operator, whose object the model keeps as argument 0). NULL for a free function, a static
 * member, and a call on the implicit this (see pa_call_on_this). */
const struct pa_expr *pa_call_object(const struct pa_program *prog,
                                     const struct pa_call_site *site);
/* Is the call a member function called on the caller's own object (f() inside a method)? */
bool pa_call_on_this(const struct pa_program *prog, const struct pa_call_site *site);
/* Does the call have effect e on the object it is called on (v.insert(...) on v)? Fills
 * *why (may be NULL); its subject is PA_SUBJECT_RECEIVER. */
bool pa_call_effect_on_receiver(const struct pa_program *prog, const struct pa_function *fn,
                                const struct pa_call_site *site, enum pa_effect e,
                                struct pa_witness *why);
/* For a call that shifts its object's tail: where, at this call. START for a position that is
 * the object's begin() or the constant 0, END for its end() or its size(), OTHER otherwise. */
enum pa_position pa_call_receiver_shift_position(const struct pa_program *prog,
                                                 const struct pa_function *fn,
                                                 const struct pa_call_site *site);
/* What an effect on argument arg lands on: the container an iterator argument walks (v for
 * v.begin() in std::sort(v.begin(), v.end())), else the argument itself. */
const struct pa_expr *pa_call_arg_subject(const struct pa_call_site *site, unsigned arg);
/* Where an iterator expression points: START for c.begin(), std::begin(c), END for c.end(),
 * OTHER for another iterator of the standard library's containers, NONE if e is not one.
 * *container (may be NULL) gets c. */
enum pa_position pa_iterator_position(const struct pa_expr *e, const struct pa_expr **container);
/* Is e the same object on every iteration of loop: rooted in a parameter, a global, a static,
 * the function's own object, or a local declared outside loop, with nothing it names
 * reassigned in loop (its contents may change: that is what inserting does)? An element chosen
 * by an index that changes (rows[i]), or anything a call returns, is not. */
bool pa_object_persists_in(const struct pa_program *prog, const struct pa_function *fn,
                           const struct pa_expr *e, const struct pa_loop *loop);
/* Is the lvalue or pointer expression e rooted in the function's own object: an implicit
 * member (n), this->n, (*this).v[i]? */
bool pa_expr_rooted_in_this(const struct pa_expr *e);

/* The cost of one call at site as complexity inference counted it (the callee's cost with
 * this call's arguments). */
struct pa_cx pa_call_site_cost(const struct pa_program *prog, const struct pa_function *fn,
                               const struct pa_call_site *site);

#endif
