/* utf8.c: UTF-8 validation, sanitising and cutting at character boundaries. */
#include "utf8.h"
#include "strbuf.h"

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0 if it is not one (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t sequence(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ? 4 : 0;
    }
    return 0;
}

void pa_utf8_sanitize(struct pa_strbuf *out, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = sequence(u); /* a NUL ends every check early, so no read past the end */
        if (n == 0) {
            pa_strbuf_putc(out, '?');
            u++;
        } else if (n == 1 && (*u < 0x20 || *u == 0x7f)) {
            pa_strbuf_putc(out, ' ');
            u++;
        } else {
            pa_strbuf_append_n(out, (const char *)u, n);
            u += n;
        }
    }
}

size_t pa_utf8_prefix(const char *s, size_t n)
{
    size_t i = 0;
    for (; s[i] && n; n--) {
        i++;
        while ((s[i] & 0xc0) == 0x80)
            i++;
    }
    return i;
}

size_t pa_utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (*s & 0xc0) != 0x80;
    return n;
}
