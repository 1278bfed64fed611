/* complexity.h: Big-O values (n^poly * log^log n, or 2^n, or unknown) and their arithmetic.
 * Every input size is "n": sizes are not told apart. */
#ifndef PERFAUDIT_COMPLEXITY_H
#define PERFAUDIT_COMPLEXITY_H

#include <stdbool.h>
#include <stddef.h>

struct pa_cx {
    short poly;   /* exponent of n */
    short log;    /* exponent of log n */
    bool exp;     /* 2^n: dominates any polynomial */
    bool unknown; /* some part could not be bounded: the value is a lower bound */
};

#define PA_CX_ONE   ((struct pa_cx){0, 0, false, false})
#define PA_CX_LOG   ((struct pa_cx){0, 1, false, false})
#define PA_CX_N     ((struct pa_cx){1, 0, false, false})
#define PA_CX_NLOGN ((struct pa_cx){1, 1, false, false})
#define PA_CX_EXP   ((struct pa_cx){0, 0, true, false})

/* The cost of doing b once per step of a (nesting). */
struct pa_cx pa_cx_mul(struct pa_cx a, struct pa_cx b);
/* The cost of a then b (sequence): the larger, unknown if either is. */
struct pa_cx pa_cx_max(struct pa_cx a, struct pa_cx b);
/* Orders known values: <0, 0, >0. Unknown flags are ignored. */
int pa_cx_cmp(struct pa_cx a, struct pa_cx b);
bool pa_cx_eq(struct pa_cx a, struct pa_cx b);
/* One factor of n less (at least O(1)); used for "what the fix brings". */
struct pa_cx pa_cx_div_n(struct pa_cx a);
/* "O(n^2 log n)", "O(2^n)", or "unknown"; buf of at least PA_CX_STRLEN bytes. */
#define PA_CX_STRLEN 32
const char *pa_cx_format(struct pa_cx cx, char *buf, size_t size);
/* Parses the forms pa_cx_format writes; returns false on anything else. */
bool pa_cx_parse(const char *s, struct pa_cx *out);

#endif
