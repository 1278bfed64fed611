/* profile_read.c: opening a profile of any supported format, recognised by its content. */
#include "error.h"
#include "fileio.h"
#include "perfaudit/profile.h"
#include "profile_formats.h"

#include <stdlib.h>

struct reader {
    const char *name;
    bool (*detect)(const char *text, size_t size);
    int (*read)(const char *path, char *text, size_t size, struct pa_profile **out,
                struct pa_error *err);
};

/* Most specific first: folded stacks are recognised only when nothing else matched. */
static const struct reader readers[] = {
    {"perfaudit", pa_format_perfaudit_detect, pa_format_perfaudit_read},
    {"gperftools", pa_format_gperftools_detect, pa_format_gperftools_read},
    {"pstats", pa_format_pstats_detect, pa_format_pstats_read},
    {"callgrind", pa_format_callgrind_detect, pa_format_callgrind_read},
    {"folded", pa_format_folded_detect, pa_format_folded_read},
};

int pa_profile_read(const char *path, struct pa_profile **out, struct pa_error *err)
{
    char *text = NULL;
    size_t size = 0;
    *out = NULL;
    if (pa_read_file(path, &text, &size, err) < 0)
        return -1;
    int rc = -1;
    if (size == 0) {
        pa_error_set(err, "%s: empty file, not a profile", path);
        goto done;
    }
    for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
        if (readers[i].detect(text, size)) {
            rc = readers[i].read(path, text, size, out, err);
            goto done;
        }
    }
    pa_error_set(
        err,
        "%s: not a profile perfaudit can read (perfaudit, gperftools, pstats, callgrind, folded "
        "stacks)",
        path);
done:
    free(text);
    return rc;
}
