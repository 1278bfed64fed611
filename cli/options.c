/* options.c: the table-driven option parser and the usage and help it generates. */
#include "options.h"
#include "exit_codes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define USAGE_WIDTH 100 /* wrap the usage line here */
#define HELP_COLUMN 30  /* help text starts here unless an option is wider */

void pa_opt_init(struct pa_opt_parser *p, const char *command, const struct pa_opt_spec *specs,
                 size_t nspecs, int argc, char **argv, int first)
{
    memset(p, 0, sizeof(*p));
    p->command = command;
    p->specs = specs;
    p->nspecs = nspecs;
    p->argc = argc;
    p->argv = argv;
    p->next = first;
}

static const struct pa_opt_spec *find_long(const struct pa_opt_parser *p, const char *name,
                                           size_t len)
{
    for (size_t i = 0; i < p->nspecs; i++) {
        const char *l = p->specs[i].long_name;
        if (l && strlen(l) == len && strncmp(l, name, len) == 0)
            return &p->specs[i];
    }
    return NULL;
}

static const struct pa_opt_spec *find_short(const struct pa_opt_parser *p, char c)
{
    for (size_t i = 0; i < p->nspecs; i++)
        if (p->specs[i].short_name && p->specs[i].short_name == c)
            return &p->specs[i];
    return NULL;
}

/* "-x" with what follows it in the same argument (rest), or in the next one. */
static enum pa_opt_result parse_short(struct pa_opt_parser *p, const char *arg,
                                      struct pa_opt_match *m, struct pa_error *err)
{
    char c = arg[0];
    const char *rest = arg + 1;
    const struct pa_opt_spec *spec = find_short(p, c);
    if (!spec) {
        pa_error_set(err, "-%c: unknown option (see '%s --help')", c, p->command);
        return PA_OPT_ERROR;
    }
    m->spec = spec;
    snprintf(m->name, sizeof(m->name), "-%c", c);
    if (!spec->value_name) {
        p->cluster = *rest ? rest : NULL;
        return PA_OPT_OPTION;
    }
    if (*rest) {
        m->value = rest;
    } else if (p->next < p->argc) {
        m->value = p->argv[p->next++];
    } else {
        pa_error_set(err, "-%c: needs a value (%s)", c, spec->value_name);
        return PA_OPT_ERROR;
    }
    return PA_OPT_OPTION;
}

/* "--name", "--name=value" or "--name value"; arg points past the dashes. */
static enum pa_opt_result parse_long(struct pa_opt_parser *p, const char *arg,
                                     struct pa_opt_match *m, struct pa_error *err)
{
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const struct pa_opt_spec *spec = find_long(p, arg, len);
    if (!spec) {
        pa_error_set(err, "--%.*s: unknown option (see '%s --help')", (int)len, arg, p->command);
        return PA_OPT_ERROR;
    }
    m->spec = spec;
    snprintf(m->name, sizeof(m->name), "--%s", spec->long_name);
    if (!spec->value_name) {
        if (eq) {
            pa_error_set(err, "%s: takes no value", m->name);
            return PA_OPT_ERROR;
        }
        return PA_OPT_OPTION;
    }
    if (eq) {
        m->value = eq + 1;
    } else if (p->next < p->argc) {
        m->value = p->argv[p->next++];
    } else {
        pa_error_set(err, "%s: needs a value (%s)", m->name, spec->value_name);
        return PA_OPT_ERROR;
    }
    return PA_OPT_OPTION;
}

enum pa_opt_result pa_opt_next(struct pa_opt_parser *p, struct pa_opt_match *m,
                               struct pa_error *err)
{
    memset(m, 0, sizeof(*m));
    if (p->cluster) {
        const char *rest = p->cluster;
        p->cluster = NULL;
        return parse_short(p, rest, m, err);
    }
    while (p->next < p->argc) {
        const char *arg = p->argv[p->next++];
        if (p->operands_only || arg[0] != '-' || arg[1] == '\0') {
            m->value = arg; /* "-" alone is an operand, as in most tools */
            return PA_OPT_ARG;
        }
        if (strcmp(arg, "--") == 0) {
            p->operands_only = true;
            continue;
        }
        if (arg[1] == '-')
            return parse_long(p, arg + 2, m, err);
        return parse_short(p, arg + 1, m, err);
    }
    return PA_OPT_END;
}

/* How an option is shown in the usage line: its short name if it has one. */
static int format_synopsis(const struct pa_opt_spec *s, char *buf, size_t size)
{
    char name[64];
    if (s->short_name)
        snprintf(name, sizeof(name), "-%c", s->short_name);
    else
        snprintf(name, sizeof(name), "--%s", s->long_name);
    if (s->value_name)
        return snprintf(buf, size, "[%s %s]", name, s->value_name);
    return snprintf(buf, size, "[%s]", name);
}

void pa_opt_usage(FILE *out, const char *command, const char *before,
                  const struct pa_opt_spec *specs, size_t nspecs, const char *after)
{
    int indent = fprintf(out, "usage: %s", command);
    int col = indent;
    if (before && *before)
        col += fprintf(out, " %s", before);
    for (size_t i = 0; i < nspecs; i++) {
        char item[160];
        int len = format_synopsis(&specs[i], item, sizeof(item));
        if (col + 1 + len > USAGE_WIDTH && col > indent) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        }
        col += fprintf(out, " %s", item);
    }
    if (after && *after) {
        if (col + 1 + (int)strlen(after) > USAGE_WIDTH && col > indent)
            fprintf(out, "\n%*s", indent, "");
        fprintf(out, " %s", after);
    }
    fputc('\n', out);
}

/* "-o, --output FILE", "    --format text|json", "-h, --help". */
static int format_names(const struct pa_opt_spec *s, char *buf, size_t size)
{
    int n;
    if (s->short_name && s->long_name)
        n = snprintf(buf, size, "-%c, --%s", s->short_name, s->long_name);
    else if (s->short_name)
        n = snprintf(buf, size, "-%c", s->short_name);
    else
        n = snprintf(buf, size, "    --%s", s->long_name);
    if (s->value_name && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " %s", s->value_name);
    return n;
}

void pa_opt_help(FILE *out, const struct pa_opt_spec *specs, size_t nspecs)
{
    int column = 0;
    for (size_t i = 0; i < nspecs; i++) {
        char names[160];
        int len = 2 + format_names(&specs[i], names, sizeof(names)) + 2;
        if (len > column && len <= HELP_COLUMN)
            column = len;
    }
    for (size_t i = 0; i < nspecs; i++) {
        char names[160];
        format_names(&specs[i], names, sizeof(names));
        int len = fprintf(out, "  %s", names);
        if (len + 2 > column) {
            fputc('\n', out); /* too wide: the help goes on its own line */
            len = 0;
        }
        fprintf(out, "%*s", column - len, "");
        for (const char *h = specs[i].help; *h; h++) {
            fputc(*h, out);
            if (*h == '\n')
                fprintf(out, "%*s", column, "");
        }
        fputc('\n', out);
    }
}

int pa_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("perfaudit: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return PA_EXIT_USAGE;
}

int pa_opt_parse_count(const char *name, const char *value, long min, long max, const char *what,
                       long *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (!*value || *end || errno || n < min || n > max)
        return pa_usage_error("%s: '%s' is not a number of %s (%ld to %ld)", name, value, what, min,
                              max);
    *out = n;
    return PA_EXIT_OK;
}
