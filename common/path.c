/* path.c: the last component and the extension of a file name. */
#include "path.h"

#include <string.h>
#include <strings.h>

const char *pa_path_base(const char *path)
{
    if (!path)
        return "";
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

bool pa_path_has_ext(const char *path, const char *ext)
{
    const char *base = pa_path_base(path);
    size_t n = strlen(base), m = strlen(ext);
    return n > m && strcasecmp(base + n - m, ext) == 0;
}
