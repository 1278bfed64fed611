/* strbuf.h: a growable, always NUL-terminated string buffer. */
#ifndef PERFAUDIT_STRBUF_H
#define PERFAUDIT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct pa_strbuf {
    char *data; /* NULL until the first append; pa_strbuf_cstr never returns NULL */
    size_t len, cap;
};

void pa_strbuf_append(struct pa_strbuf *sb, const char *s);
void pa_strbuf_append_n(struct pa_strbuf *sb, const char *s, size_t n);
void pa_strbuf_putc(struct pa_strbuf *sb, char c);
void pa_strbuf_printf(struct pa_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pa_strbuf_vprintf(struct pa_strbuf *sb, const char *fmt, va_list ap);
const char *pa_strbuf_cstr(const struct pa_strbuf *sb);
void pa_strbuf_reset(struct pa_strbuf *sb);
void pa_strbuf_free(struct pa_strbuf *sb);
/* Hands the string (never NULL) to the caller, who frees it, and leaves sb empty. */
char *pa_strbuf_detach(struct pa_strbuf *sb);

#endif
