/* format_folded.c: folded stacks ("main;parse;lookup 42": frames root first, a space, a count),
 * the format of Brendan Gregg's stackcollapse scripts, perf script | stackcollapse-perf.pl, and
 * many flame-graph tools. */
#include "error.h"
#include "perfaudit/profile.h"
#include "profile_formats.h"
#include "xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Folded files say nothing of the sampling rate: perf and most collectors default to 99 Hz or
 * 100 Hz, so one sample is taken as 10 ms and the profile says the period was assumed. */
#define ASSUMED_HZ 100.0

/* "frames count": a count at the end of the line, after the last space. */
static bool folded_line(const char *line, size_t len)
{
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
        len--;
    size_t digits = 0;
    while (digits < len && isdigit((unsigned char)line[len - 1 - digits]))
        digits++;
    return digits > 0 && digits < len && line[len - 1 - digits] == ' ' && len - 1 - digits > 0;
}

bool pa_format_folded_detect(const char *text, size_t size)
{
    /* the first few non-empty lines all look folded, and the text is text */
    if (memchr(text, '\0', size < 4096 ? size : 4096))
        return false;
    unsigned checked = 0;
    const char *p = text, *end = text + size;
    while (p < end && checked < 8) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > 0 && p[0] != '#') {
            if (!folded_line(p, len))
                return false;
            checked++;
        }
        p = nl ? nl + 1 : end;
    }
    return checked > 0;
}

int pa_format_folded_read(const char *path, char *text, size_t size, struct pa_profile **out,
                          struct pa_error *err)
{
    struct pa_profile *p = pa_profile_new("folded", path);
    p->frequency_hz = ASSUMED_HZ;
    p->period = 1.0 / ASSUMED_HZ;
    p->period_assumed = true;
    unsigned *frames = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    (void)size;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *space = strrchr(line, ' ');
        char *end;
        errno = 0;
        unsigned long long count = space ? strtoull(space + 1, &end, 10) : 0;
        if (!space || space == line || errno || *end || !isdigit((unsigned char)space[1])) {
            pa_error_set(err, "%s: line %u: not a folded stack ('frame;frame;... COUNT')", path,
                         lineno);
            free(frames);
            pa_profile_free(p);
            return -1;
        }
        *space = '\0';
        /* frames come root first; the model keeps them leaf first */
        unsigned n = 0;
        for (char *f = line, *semi; f; f = semi) {
            semi = strchr(f, ';');
            if (semi)
                *semi++ = '\0';
            PA_GROW(frames, cap, (size_t)n + 1);
            frames[n++] =
                pa_profile_location(p, pa_profile_function(p, *f ? f : "?", NULL, 0, NULL), 0);
        }
        for (unsigned i = 0; i < n / 2; i++) {
            unsigned t = frames[i];
            frames[i] = frames[n - 1 - i];
            frames[n - 1 - i] = t;
        }
        pa_profile_add_stack(p, frames, n, count);
    }
    free(frames);
    *out = p;
    return 0;
}
