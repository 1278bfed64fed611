/* terminal.c: deciding whether to colour, and the ANSI escapes when we do. */
#include "terminal.h"

#include <stdlib.h>
#include <unistd.h>

static const char *const escapes[] = {
    [PA_TERM_RESET] = "\033[0m", [PA_TERM_BOLD] = "\033[1m",   [PA_TERM_DIM] = "\033[2m",
    [PA_TERM_RED] = "\033[31m",  [PA_TERM_GREEN] = "\033[32m", [PA_TERM_YELLOW] = "\033[33m",
    [PA_TERM_CYAN] = "\033[36m",
};

struct pa_term pa_term_for(FILE *stream)
{
    struct pa_term t = {false};
    int fd = stream ? fileno(stream) : -1;
    t.color = fd >= 0 && isatty(fd) && getenv("NO_COLOR") == NULL;
    return t;
}

struct pa_term pa_term_plain(void)
{
    return (struct pa_term){false};
}

const char *pa_term_style(const struct pa_term *term, enum pa_term_style style)
{
    if (!term || !term->color || (unsigned)style >= sizeof(escapes) / sizeof(escapes[0]))
        return "";
    return escapes[style];
}
