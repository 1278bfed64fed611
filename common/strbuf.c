/* strbuf.c: a growable string buffer with amortised O(1) appends. */
#include "strbuf.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pa_strbuf_append_n(struct pa_strbuf *sb, const char *s, size_t n)
{
    PA_GROW(sb->data, sb->cap, sb->len + n + 1);
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void pa_strbuf_append(struct pa_strbuf *sb, const char *s)
{
    pa_strbuf_append_n(sb, s, strlen(s));
}

void pa_strbuf_putc(struct pa_strbuf *sb, char c)
{
    pa_strbuf_append_n(sb, &c, 1);
}

void pa_strbuf_vprintf(struct pa_strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    PA_GROW(sb->data, sb->cap, sb->len + (size_t)n + 1);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void pa_strbuf_printf(struct pa_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pa_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

const char *pa_strbuf_cstr(const struct pa_strbuf *sb)
{
    return sb->data ? sb->data : "";
}

void pa_strbuf_reset(struct pa_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void pa_strbuf_free(struct pa_strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

char *pa_strbuf_detach(struct pa_strbuf *sb)
{
    char *s = sb->data ? sb->data : pa_xstrdup("");
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return s;
}
