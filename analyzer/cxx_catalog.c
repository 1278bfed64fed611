/* cxx_catalog.c: the table of known C++ standard library members and algorithms, and the
 * reading of a callee's USR (namespace std, class template, member name) that finds an entry.
 * Entries are chosen by the class template and the member the compiler resolved, never by
 * the names the project uses. */
#include "cxx_catalog.h"

#include <stddef.h>
#include <string.h>

#define SEQ   (PA_CXX_VECTOR | PA_CXX_DEQUE | PA_CXX_STRING) /* indexable sequences */
#define ALLQ  (SEQ | PA_CXX_LIST)                            /* every sequence */
#define ASSOC (PA_CXX_TREE | PA_CXX_HASH)
#define ANY   (ALLQ | ASSOC)
#define F     PA_CXX_FREE
#define P     PA_CXX_PURE
#define ST    PA_CXX_STORES

/* The first entry matching a name and a class wins: keep the specific rows first. */
static const struct pa_cxx_fn catalog[] = {
    /* inserting or erasing inside a contiguous sequence moves its tail (a deque moves the
     * shorter side: at either end nothing moves) */
    {"insert", PA_CXX_VECTOR | PA_CXX_STRING, PA_CXX_ON, PA_CXX_SHIFTS_AT | ST},
    {"emplace", PA_CXX_VECTOR | PA_CXX_STRING, PA_CXX_ON, PA_CXX_SHIFTS_AT | ST},
    {"erase", PA_CXX_VECTOR | PA_CXX_STRING, PA_CXX_ON, PA_CXX_SHIFTS_AT | ST},
    {"insert", PA_CXX_DEQUE, PA_CXX_ON, ST},
    {"emplace", PA_CXX_DEQUE, PA_CXX_ON, ST},
    {"erase", PA_CXX_DEQUE, PA_CXX_ON, ST},
    {"insert", PA_CXX_LIST | PA_CXX_HASH, PA_CXX_O1, ST},
    {"emplace", PA_CXX_LIST | PA_CXX_HASH, PA_CXX_O1, ST},
    {"erase", PA_CXX_LIST | PA_CXX_HASH, PA_CXX_O1, ST},
    {"insert", PA_CXX_TREE, PA_CXX_OLOG, ST},
    {"emplace", PA_CXX_TREE, PA_CXX_OLOG, ST},
    {"erase", PA_CXX_TREE, PA_CXX_OLOG, ST},
    /* amortised constant at the ends */
    {"push_back", ALLQ, PA_CXX_O1, ST | PA_CXX_APPENDS},
    {"emplace_back", ALLQ, PA_CXX_O1, ST | PA_CXX_APPENDS},
    {"pop_back", ALLQ, PA_CXX_O1, ST},
    {"push_front", PA_CXX_DEQUE | PA_CXX_LIST, PA_CXX_O1, ST},
    {"emplace_front", PA_CXX_DEQUE | PA_CXX_LIST, PA_CXX_O1, ST},
    {"pop_front", PA_CXX_DEQUE | PA_CXX_LIST, PA_CXX_O1, ST},
    {"operator+=", PA_CXX_STRING, PA_CXX_O1, ST | PA_CXX_APPENDS},
    {"append", PA_CXX_STRING, PA_CXX_O1, ST | PA_CXX_APPENDS},
    {"clear", ANY, PA_CXX_O1, ST}, /* amortised against the inserts that filled it */
    {"assign", ALLQ, PA_CXX_ON, ST},
    /* amortised: a size already reached costs nothing again */
    {"reserve", SEQ | PA_CXX_HASH, PA_CXX_O1, PA_CXX_RESIZES},
    {"resize", ALLQ, PA_CXX_O1, PA_CXX_RESIZES},
    {"shrink_to_fit", SEQ, PA_CXX_O1, PA_CXX_RESIZES},
    /* lookups: a string's searches walk it, a tree's descend it, a hash table's probe it */
    {"find", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"rfind", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"find_first_of", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"find_last_of", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"find_first_not_of", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"find_last_not_of", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"compare", PA_CXX_STRING, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"substr", PA_CXX_STRING, PA_CXX_ON, P},
    {"find", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"count", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"contains", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"lower_bound", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"upper_bound", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"equal_range", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"at", PA_CXX_TREE, PA_CXX_OLOG, P},
    {"operator[]", PA_CXX_TREE, PA_CXX_OLOG, ST}, /* inserts a missing key */
    {"find", PA_CXX_HASH, PA_CXX_O1, P},
    {"count", PA_CXX_HASH, PA_CXX_O1, P},
    {"contains", PA_CXX_HASH, PA_CXX_O1, P},
    {"equal_range", PA_CXX_HASH, PA_CXX_O1, P},
    {"at", PA_CXX_HASH, PA_CXX_O1, P},
    {"operator[]", PA_CXX_HASH, PA_CXX_O1, ST},
    {"sort", PA_CXX_LIST, PA_CXX_ONLOGN, PA_CXX_SORTS},
    {"remove", PA_CXX_LIST, PA_CXX_ON, ST},
    {"unique", PA_CXX_LIST, PA_CXX_ON, ST},
    /* element access and size: constant and pure */
    {"operator[]", SEQ, PA_CXX_O1, P},
    {"at", SEQ, PA_CXX_O1, P},
    {"front", ALLQ, PA_CXX_O1, P},
    {"back", ALLQ, PA_CXX_O1, P},
    {"data", SEQ, PA_CXX_O1, P},
    {"c_str", PA_CXX_STRING, PA_CXX_O1, P},
    {"size", ANY, PA_CXX_O1, P},
    {"length", PA_CXX_STRING, PA_CXX_O1, P},
    {"empty", ANY, PA_CXX_O1, P},
    {"capacity", SEQ, PA_CXX_O1, P},
    {"begin", ANY, PA_CXX_O1, P},
    {"end", ANY, PA_CXX_O1, P},
    {"cbegin", ANY, PA_CXX_O1, P},
    {"cend", ANY, PA_CXX_O1, P},
    {"rbegin", ANY, PA_CXX_O1, P},
    {"rend", ANY, PA_CXX_O1, P},
    /* algorithms over the range [argument 0, argument 1) */
    {"find", F, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"find_if", F, PA_CXX_ON, PA_CXX_SEARCHES},
    {"find_if_not", F, PA_CXX_ON, PA_CXX_SEARCHES},
    {"search", F, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"adjacent_find", F, PA_CXX_ON, P | PA_CXX_SEARCHES},
    {"any_of", F, PA_CXX_ON, PA_CXX_SEARCHES},
    {"all_of", F, PA_CXX_ON, PA_CXX_SEARCHES},
    {"none_of", F, PA_CXX_ON, PA_CXX_SEARCHES},
    {"count", F, PA_CXX_ON, P | PA_CXX_READS},
    {"count_if", F, PA_CXX_ON, PA_CXX_READS},
    {"accumulate", F, PA_CXX_ON, P | PA_CXX_READS},
    {"min_element", F, PA_CXX_ON, P | PA_CXX_READS},
    {"max_element", F, PA_CXX_ON, P | PA_CXX_READS},
    {"equal", F, PA_CXX_ON, P | PA_CXX_READS},
    {"lower_bound", F, PA_CXX_OLOG, P},
    {"upper_bound", F, PA_CXX_OLOG, P},
    {"binary_search", F, PA_CXX_OLOG, P},
    {"equal_range", F, PA_CXX_OLOG, P},
    {"sort", F, PA_CXX_ONLOGN, PA_CXX_SORTS},
    {"stable_sort", F, PA_CXX_ONLOGN, PA_CXX_SORTS},
    {"partial_sort", F, PA_CXX_ONLOGN, PA_CXX_SORTS},
    {"fill", F, PA_CXX_ON, PA_CXX_FILLS},
    {"copy", F, PA_CXX_ON, PA_CXX_COPIES},
    {"operator+", F, PA_CXX_ON, P | PA_CXX_CONCAT}, /* only basic_string's: see lookup */
    {"begin", F, PA_CXX_O1, P},                     /* std::begin(c), std::end(c) */
    {"end", F, PA_CXX_O1, P},
    {"cbegin", F, PA_CXX_O1, P},
    {"cend", F, PA_CXX_O1, P},
};

struct usr_parts {
    const char *cls; /* the class template's name, NULL for a namespace-scope function */
    size_t cls_len;
    const char *member; /* after "@F@" */
    size_t member_len;
    bool std;   /* declared in namespace std (or a namespace inside it) */
    bool plain; /* ... directly, or in an implementation namespace (std::__cxx11, std::__1) */
};

static size_t span_name(const char *p)
{
    return strcspn(p, "@#<>$");
}

/* Reads "c:@N@ns@...@S@cls>args@F@member#params" (or ST>/SP> for templates and partial
 * specialisations, "c:file@F@f" for file-local functions). False when it is not a function. */
static bool parse(const char *usr, struct usr_parts *out)
{
    memset(out, 0, sizeof(*out));
    if (!usr || strncmp(usr, "c:", 2) != 0)
        return false;
    const char *p = usr + 2;
    if (*p != '@') /* a file-local function: "c:a.cpp@F@f" */
        p = strchr(p, '@');
    bool first = true;
    while (p && strncmp(p, "@N@", 3) == 0) {
        const char *name = p + 3;
        size_t n = span_name(name);
        if (first)
            out->std = out->plain = n == 3 && strncmp(name, "std", 3) == 0;
        else if (strncmp(name, "__", 2) != 0) /* std::chrono and the like: not catalogued */
            out->plain = false;
        first = false;
        p = name + n;
    }
    if (!p)
        return false;
    if (strncmp(p, "@S@", 3) == 0 || strncmp(p, "@U@", 3) == 0) {
        out->cls = p + 3;
    } else if (strncmp(p, "@ST>", 4) == 0 || strncmp(p, "@SP>", 4) == 0) {
        const char *at = strchr(p + 4, '@');
        if (!at)
            return false;
        out->cls = at + 1;
    }
    if (out->cls) {
        out->cls_len = span_name(out->cls);
        p = strstr(out->cls, "@F@");
    } else if (strncmp(p, "@F@", 3) != 0) {
        return false;
    }
    if (!p)
        return false;
    out->member = p + 3;
    out->member_len = strcspn(out->member, "#<@");
    /* operator< and operator<< would stop at their own '<': not catalogued, not needed */
    return out->member_len > 0;
}

static bool is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && strncmp(s, name, n) == 0;
}

static unsigned class_bit(const char *cls, size_t n)
{
    static const struct {
        const char *name;
        unsigned bit;
    } classes[] = {
        {"vector", PA_CXX_VECTOR},
        {"deque", PA_CXX_DEQUE},
        {"basic_string", PA_CXX_STRING},
        {"list", PA_CXX_LIST},
        {"forward_list", PA_CXX_LIST},
        {"map", PA_CXX_TREE},
        {"set", PA_CXX_TREE},
        {"multimap", PA_CXX_TREE},
        {"multiset", PA_CXX_TREE},
        {"unordered_map", PA_CXX_HASH},
        {"unordered_set", PA_CXX_HASH},
        {"unordered_multimap", PA_CXX_HASH},
        {"unordered_multiset", PA_CXX_HASH},
    };
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (is(cls, n, classes[i].name))
            return classes[i].bit;
    return 0;
}

const struct pa_cxx_fn *pa_cxx_lookup(const char *usr)
{
    struct usr_parts u;
    if (!parse(usr, &u) || !u.plain)
        return NULL;
    unsigned bit = u.cls ? class_bit(u.cls, u.cls_len) : PA_CXX_FREE;
    if (!bit)
        return NULL;
    for (size_t i = 0; i < sizeof(catalog) / sizeof(catalog[0]); i++) {
        const struct pa_cxx_fn *f = &catalog[i];
        if (!(f->classes & bit) || !is(u.member, u.member_len, f->name))
            continue;
        /* std::operator+ is also complex's, a duration's, an iterator's: only a string's
         * concatenates (its parameters name basic_string) */
        if ((f->flags & PA_CXX_CONCAT) && !strstr(u.member, "basic_string"))
            return NULL;
        return f;
    }
    return NULL;
}

bool pa_cxx_usr_is_std(const char *usr)
{
    struct usr_parts u;
    return parse(usr, &u) && u.std;
}

bool pa_cxx_usr_is_method(const char *usr)
{
    struct usr_parts u;
    return parse(usr, &u) && u.cls;
}

bool pa_cxx_usr_is_constructor(const char *usr)
{
    struct usr_parts u;
    return parse(usr, &u) && u.cls && u.cls_len == u.member_len &&
           strncmp(u.cls, u.member, u.cls_len) == 0;
}

unsigned pa_cxx_catalog_size(void)
{
    return sizeof(catalog) / sizeof(catalog[0]);
}

const struct pa_cxx_fn *pa_cxx_catalog_entry(unsigned i)
{
    return &catalog[i];
}
