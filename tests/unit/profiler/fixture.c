/* fixture.c: temporary directories and files for the profiler's unit tests. */
#include "fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];

void fixture_setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/pa-profiler-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

void fixture_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

const char *fixture_path(const char *name)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

const char *fixture_write(const char *name, const void *data, size_t size)
{
    const char *path = fixture_path(name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, size, f), size);
    fclose(f);
    return path;
}

const char *fixture_write_text(const char *name, const char *text)
{
    return fixture_write(name, text, strlen(text));
}

const struct pa_profile_row *fixture_row(const struct pa_profile *p,
                                         const struct pa_profile_table *t, const char *name)
{
    for (unsigned i = 0; i < t->nrows; i++)
        if (strcmp(p->functions[t->rows[i].function].name, name) == 0)
            return &t->rows[i];
    return NULL;
}
