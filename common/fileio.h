/* fileio.h: reading whole files and writing output files atomically (temp file + rename). */
#ifndef PERFAUDIT_FILEIO_H
#define PERFAUDIT_FILEIO_H

#include <stddef.h>

struct pa_error;

/* Reads path into a NUL-terminated malloc'd buffer owned by the caller (*out, *len). */
int pa_read_file(const char *path, char **out, size_t *len, struct pa_error *err);
/* Writes data to path through a temporary file in the same directory and rename(2), so a
 * reader never sees a half-written file and a failure leaves any old file untouched. */
int pa_write_file_atomic(const char *path, const char *data, size_t len, struct pa_error *err);
/* mkdir -p: creates dir and its missing parents. Returns 0, or -1 with err naming the first
 * directory that could not be made (or that exists and is not a directory). */
int pa_make_dirs(const char *dir, struct pa_error *err);

#endif
