/* complexity_value.c: arithmetic, ordering and spelling of Big-O values. */
#include "perfaudit/complexity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pa_cx pa_cx_mul(struct pa_cx a, struct pa_cx b)
{
    struct pa_cx r = {0, 0, false, a.unknown || b.unknown};
    if (a.exp || b.exp) {
        r.exp = true;
        return r;
    }
    r.poly = (short)(a.poly + b.poly);
    r.log = (short)(a.log + b.log);
    return r;
}

int pa_cx_cmp(struct pa_cx a, struct pa_cx b)
{
    if (a.exp != b.exp)
        return a.exp ? 1 : -1;
    if (a.poly != b.poly)
        return a.poly < b.poly ? -1 : 1;
    if (a.log != b.log)
        return a.log < b.log ? -1 : 1;
    return 0;
}

bool pa_cx_eq(struct pa_cx a, struct pa_cx b)
{
    return pa_cx_cmp(a, b) == 0 && a.unknown == b.unknown;
}

struct pa_cx pa_cx_max(struct pa_cx a, struct pa_cx b)
{
    struct pa_cx r = pa_cx_cmp(a, b) >= 0 ? a : b;
    r.unknown = a.unknown || b.unknown;
    return r;
}

struct pa_cx pa_cx_div_n(struct pa_cx a)
{
    if (a.exp)
        return (struct pa_cx){1, 0, false, a.unknown};
    if (a.poly > 0)
        a.poly--;
    else if (a.log > 0)
        a.log--;
    return a;
}

static void append_power(char *buf, size_t size, const char *base, int power)
{
    size_t len = strlen(buf);
    if (power == 1)
        snprintf(buf + len, size - len, "%s%s", len > 2 ? " " : "", base);
    else
        snprintf(buf + len, size - len, "%s%s^%d", len > 2 ? " " : "", base, power);
}

const char *pa_cx_format(struct pa_cx cx, char *buf, size_t size)
{
    if (cx.unknown) {
        snprintf(buf, size, "unknown");
        return buf;
    }
    if (cx.exp) {
        snprintf(buf, size, "O(2^n)");
        return buf;
    }
    if (cx.poly == 0 && cx.log == 0) {
        snprintf(buf, size, "O(1)");
        return buf;
    }
    snprintf(buf, size, "O(");
    if (cx.poly > 0)
        append_power(buf, size, "n", cx.poly);
    if (cx.log > 0) {
        /* "log^2 n" rather than "log n^2", which reads as 2 log n */
        size_t len = strlen(buf);
        if (cx.log == 1)
            snprintf(buf + len, size - len, "%slog n", len > 2 ? " " : "");
        else
            snprintf(buf + len, size - len, "%slog^%d n", len > 2 ? " " : "", cx.log);
    }
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, ")");
    return buf;
}

bool pa_cx_parse(const char *s, struct pa_cx *out)
{
    char buf[PA_CX_STRLEN];
    for (int exp = 0; exp <= 1; exp++) {
        for (int poly = 0; poly <= 8; poly++) {
            for (int log = 0; log <= 3; log++) {
                struct pa_cx cx = {(short)poly, (short)log, exp == 1, false};
                if (exp && (poly || log))
                    continue;
                if (strcmp(pa_cx_format(cx, buf, sizeof(buf)), s) == 0) {
                    *out = cx;
                    return true;
                }
            }
        }
    }
    if (strcmp(s, "unknown") == 0) {
        *out = (struct pa_cx){0, 0, false, true};
        return true;
    }
    return false;
}
