/* parse_recovery.h: parsing a translation unit again, after a parse with errors, with stand-ins
 * for what an unconfigured tree lacks (missing headers, decorator macros, unknown type names). */
#ifndef PERFAUDIT_PARSE_RECOVERY_H
#define PERFAUDIT_PARSE_RECOVERY_H

#include <clang-c/Index.h>
#include <stdbool.h>

/* At most this many parses after the first: each round's stand-ins can uncover the next (an
 * empty stand-in header leaves its macros unknown; a decorator hid an unknown parameter type;
 * a feature the missing configuration enabled left the unit's code out). */
#define PA_RECOVERY_ROUNDS 4

/* What the kept parse stood in. */
struct pa_recovery {
    unsigned ndirs;     /* the tree's directories that hold headers the flags did not reach */
    unsigned nheaders;  /* empty headers for includes that were not found */
    unsigned nmacros;   /* identifiers defined empty: decorators such as EXPORT_API */
    unsigned ntypes;    /* identifiers declared as types (typedef int) */
    unsigned nfeatures; /* "#ifdef X" blocks (no #else) of the unit's file enabled with -DX=1 */
    bool c23;           /* parsed as C23 (-std=gnu23): the unit used nullptr, true or false */
    unsigned nparses;   /* parses made after the first */
};

/* *tu was parsed from path with argv and options and holds errors. Derives stand-ins from its
 * diagnostics, parses again with them (-I for a directory of the tree that holds a header
 * named relative to it; else a private include directory of unsaved files, -D, and a prelude
 * given with -include; nothing is written to disk), and repeats while new stand-ins appear,
 * up to PA_RECOVERY_ROUNDS. Keeps, in *tu, the parse with the most function
 * definitions free of errors, then the most valid definitions, then the fewest errors; the
 * first parse wins ties. *used says what the kept parse stood in (all zero: the first). */
void pa_recover_parse(CXIndex index, const char *path, const char *const *argv, int argc,
                      unsigned options, CXTranslationUnit *tu, struct pa_recovery *used);

/* "analysed with stand-ins for 2 missing headers and 3 unknown macros" ("analysed with 1
 * include directory found in the tree and stand-ins for ..."), or NULL when the kept parse
 * used none. Owned by the caller. */
char *pa_recovery_describe(const struct pa_recovery *used);

#endif
