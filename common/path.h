/* path.h: what perfaudit asks of a file name: its last component and its extension. Names are
 * only looked at, never touched on disk (common/fileio.h does that). */
#ifndef PERFAUDIT_PATH_H
#define PERFAUDIT_PATH_H

#include <stdbool.h>

/* The last component: "src/scan.c" -> "scan.c", "scan.c" -> itself, "dir/" -> "dir/" (a name
 * ending in '/' has no last file component), NULL -> "". Points into path. */
const char *pa_path_base(const char *path);
/* Whether the last component ends in ext (".svg"), ignoring case: output formats are chosen
 * by extension, and "CHART.PNG" is a PNG. */
bool pa_path_has_ext(const char *path, const char *ext);

#endif
