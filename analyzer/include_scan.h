/* include_scan.h: what the sources' #include lines say before anything is parsed: which
 * analysed files other analysed files include, and where the tree keeps its headers. */
#ifndef PERFAUDIT_INCLUDE_SCAN_H
#define PERFAUDIT_INCLUDE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "sources.h"

struct pa_include_scan {
    bool *included; /* per source (index in the list): another source #includes it */
    char **dirs;    /* include directories inferred from the tree (real paths), owned */
    size_t ndirs, cap;
};

/* Reads every source's #include "NAME" and #include <NAME> lines. A quoted name resolves next
 * to its includer, or else (like an angled one the system include directories do not have)
 * to every source whose path ends in "/NAME"; the directory above such a match is an include
 * directory, as are the real paths of the directory operands (roots), which come first.
 * Text inside #if branches counts too: the scan does not preprocess. Free with
 * pa_include_scan_free. */
void pa_include_scan(const struct pa_source_list *sources, const char *const *roots, size_t nroots,
                     struct pa_include_scan *out);
void pa_include_scan_free(struct pa_include_scan *scan);

#endif
