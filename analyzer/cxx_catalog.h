/* cxx_catalog.h: what perfaudit knows about the C++ standard library's containers and
 * algorithms (cost, purity, what a call does to its object and to the range it is given),
 * and how a callee's USR names an entry. */
#ifndef PERFAUDIT_CXX_CATALOG_H
#define PERFAUDIT_CXX_CATALOG_H

#include <stdbool.h>

#include "perfaudit/complexity.h"

/* The class template a member function belongs to, as a bit (free functions: PA_CXX_FREE). */
enum pa_cxx_class {
    PA_CXX_VECTOR = 1 << 0, /* vector: contiguous, inserting before the end moves the tail */
    PA_CXX_DEQUE = 1 << 1,  /* deque: O(1) at both ends, inserting inside moves elements */
    PA_CXX_STRING = 1 << 2, /* basic_string */
    PA_CXX_LIST = 1 << 3,   /* list, forward_list */
    PA_CXX_TREE = 1 << 4,   /* map, set, multimap, multiset */
    PA_CXX_HASH = 1 << 5,   /* unordered_map, unordered_set and their multi forms */
    PA_CXX_FREE = 1 << 6,   /* a function at namespace std scope (an algorithm, operator+) */
};

enum pa_cxx_cost {
    PA_CXX_O1,     /* constant, or amortised constant (push_back, +=) */
    PA_CXX_OLOG,   /* a balanced tree's search */
    PA_CXX_ON,     /* linear in the container or range */
    PA_CXX_ONLOGN, /* a sort */
};

/* What a call does; "the object" is the container a member is called on, "the range" the
 * container behind a free algorithm's first iterator argument (argument 0). */
enum pa_cxx_flag {
    PA_CXX_PURE = 1 << 0,      /* no effect beyond its value (size, find, operator[]) */
    PA_CXX_SHIFTS_AT = 1 << 1, /* insert/erase at the iterator in argument 0: the tail moves */
    PA_CXX_STORES = 1 << 2,    /* stores into the object (push_back, map insert, clear) */
    PA_CXX_SEARCHES = 1 << 3,  /* walks the object (member) or range (free) until it finds */
    PA_CXX_READS = 1 << 4,     /* walks all of the object or range (count, accumulate) */
    PA_CXX_SORTS = 1 << 5,     /* sorts the object or range */
    PA_CXX_RESIZES = 1 << 6,   /* reallocates the object to the size in argument 0 */
    PA_CXX_FILLS = 1 << 7,     /* stores into the whole range (fill) */
    PA_CXX_COPIES = 1 << 8,    /* reads the range, stores through argument 2 (copy) */
    PA_CXX_CONCAT = 1 << 9,    /* returns a new string holding arguments 0 and 1 (operator+) */
    PA_CXX_APPENDS = 1 << 10,  /* appends to the object's end, amortised O(1) (+=, append) */
};

struct pa_cxx_fn {
    const char *name; /* the member or function name: "insert", "operator+=", "sort" */
    unsigned classes; /* enum pa_cxx_class bits it applies to */
    enum pa_cxx_cost cost;
    unsigned flags;
};

/* The catalogue entry for a callee, from its USR ("c:@N@std@S@vector>#I#...@F@insert#..."),
 * or NULL when the callee is not in namespace std or the catalogue does not know it. */
const struct pa_cxx_fn *pa_cxx_lookup(const char *usr);
/* Is the callee declared in namespace std (its implementation namespaces included)? */
bool pa_cxx_usr_is_std(const char *usr);
/* Is the USR a member function's (the name follows a class)? */
bool pa_cxx_usr_is_method(const char *usr);
/* Is the USR a constructor's (the member is named as its class)? */
bool pa_cxx_usr_is_constructor(const char *usr);
/* What one call of a catalogued std function costs (cxx_cost.c): its entry's cost, except
 * that an insert or erase at end() moves nothing. PA_CX_ONE for what is not catalogued. */
struct pa_expr;
struct pa_cx pa_cxx_call_cost(const struct pa_expr *call);
/* The whole table, in order (the library summaries are made from it). */
unsigned pa_cxx_catalog_size(void);
const struct pa_cxx_fn *pa_cxx_catalog_entry(unsigned i);

#endif
