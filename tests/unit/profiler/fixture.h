/* fixture.h: what the profiler's unit tests share: a temporary directory per test, files
 * written into it, and finding a function's row in a profile table. */
#ifndef PERFAUDIT_TEST_PROFILE_FIXTURE_H
#define PERFAUDIT_TEST_PROFILE_FIXTURE_H

#include <stddef.h>

#include "perfaudit/profile.h"

/* Check fixtures: a fresh directory before each test, removed after it. */
void fixture_setup(void);
void fixture_teardown(void);
/* The path of name inside the directory (a static buffer, valid until the next call). */
const char *fixture_path(const char *name);
/* Writes size bytes of data to name in the directory; returns its path. */
const char *fixture_write(const char *name, const void *data, size_t size);
/* fixture_write of a NUL-terminated text. */
const char *fixture_write_text(const char *name, const char *text);
/* The row of the function called name, or NULL. */
const struct pa_profile_row *fixture_row(const struct pa_profile *p,
                                         const struct pa_profile_table *t, const char *name);

#endif
