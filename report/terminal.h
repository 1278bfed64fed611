/* terminal.h: ANSI colour for the text report, on only for a terminal and when NO_COLOR is
 * unset. A style is an escape sequence when colour is on and "" when it is off. */
#ifndef PERFAUDIT_TERMINAL_H
#define PERFAUDIT_TERMINAL_H

#include <stdbool.h>
#include <stdio.h>

struct pa_term {
    bool color;
};

enum pa_term_style {
    PA_TERM_RESET,
    PA_TERM_BOLD,
    PA_TERM_DIM,
    PA_TERM_RED,
    PA_TERM_GREEN,
    PA_TERM_YELLOW,
    PA_TERM_CYAN,
};

/* Colour on if stream is a terminal and NO_COLOR is not set (to any value, even empty). */
struct pa_term pa_term_for(FILE *stream);
/* Colour off: for files and pipes. */
struct pa_term pa_term_plain(void);
/* The escape sequence for style, or "" with colour off.
 * Example: printf("%s%s%s\n", pa_term_style(&t, PA_TERM_BOLD), file,
 *                 pa_term_style(&t, PA_TERM_RESET)); */
const char *pa_term_style(const struct pa_term *term, enum pa_term_style style);

#endif
