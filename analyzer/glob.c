/* glob.c: matching --exclude patterns against paths, component-aware ('*' vs '**'). */
#include "glob.h"

#include <stddef.h>
#include <string.h>

/* [set] at p (just past '['): whether c is in it; *end is set past the closing ']'. A set
 * without its ']' is a literal '['. */
static bool match_set(const char *p, char c, const char **end)
{
    bool negate = *p == '!' || *p == '^';
    if (negate)
        p++;
    bool found = false;
    const char *start = p;
    for (; *p && (*p != ']' || p == start); p++) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            if ((unsigned char)c >= (unsigned char)p[0] && (unsigned char)c <= (unsigned char)p[2])
                found = true;
            p += 2;
        } else if (*p == c) {
            found = true;
        }
    }
    if (*p != ']') {
        *end = NULL;
        return false;
    }
    *end = p + 1;
    return found != negate;
}

static bool match_from(const char *p, const char *s, bool at_component_start)
{
    for (;;) {
        if (p[0] == '*' && p[1] == '*' && at_component_start && (p[2] == '/' || p[2] == '\0')) {
            if (p[2] == '\0')
                return true; /* "a/ **" at the end: everything below */
            const char *rest = p + 3;
            if (match_from(rest, s, true))
                return true; /* zero components */
            for (const char *q = s; *q; q++)
                if (*q == '/' && match_from(rest, q + 1, true))
                    return true;
            return false;
        }
        switch (*p) {
        case '\0':
            return *s == '\0';
        case '*':
            while (*p == '*')
                p++;
            for (const char *q = s;; q++) {
                if (match_from(p, q, q == s ? at_component_start : false))
                    return true;
                if (*q == '\0' || *q == '/')
                    return false;
            }
        case '?':
            if (*s == '\0' || *s == '/')
                return false;
            break;
        case '[': {
            const char *end;
            if (*s == '\0' || *s == '/')
                return false;
            bool in = match_set(p + 1, *s, &end);
            if (end) {
                if (!in)
                    return false;
                p = end;
                s++;
                at_component_start = false;
                continue;
            }
            if (*s != '[')
                return false;
            break;
        }
        case '\\':
            if (p[1])
                p++;
            /* fall through */
        default:
            if (*p != *s)
                return false;
            break;
        }
        at_component_start = *s == '/';
        p++;
        s++;
    }
}

bool pa_glob_match(const char *pattern, const char *path)
{
    return match_from(pattern, path, true);
}

static const char *skip_dot_slash(const char *s)
{
    while (s[0] == '.' && s[1] == '/') {
        s += 2;
        while (*s == '/')
            s++;
    }
    return s;
}

bool pa_glob_excludes(const char *pattern, const char *path)
{
    char pat[4096], buf[4096];
    pattern = skip_dot_slash(pattern);
    path = skip_dot_slash(path);
    size_t plen = strlen(pattern);
    while (plen > 1 && pattern[plen - 1] == '/')
        plen--; /* "build/" names the directory build */
    if (plen == 0 || plen >= sizeof(pat) || strlen(path) >= sizeof(buf))
        return false;
    memcpy(pat, pattern, plen);
    pat[plen] = '\0';
    bool anchored = memchr(pat, '/', plen) != NULL;
    size_t n = strlen(path);
    memcpy(buf, path, n + 1);
    /* the whole path, then each directory prefix ("a/b/c.c": "a/b", "a") or, for a pattern
     * without '/', each component on its own */
    const char *component = buf;
    for (size_t i = 0; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char saved = buf[i];
        buf[i] = '\0';
        bool hit = anchored ? pa_glob_match(pat, buf) : pa_glob_match(pat, component);
        buf[i] = saved;
        if (hit)
            return true;
        component = buf + i + 1;
    }
    return false;
}
