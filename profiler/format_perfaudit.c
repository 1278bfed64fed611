/* format_perfaudit.c: perfaudit's own profile format (docs/formats/profile.md): a versioned,
 * line-oriented, tab-separated text file, written atomically and read back with line-accurate
 * errors. */
#include "error.h"
#include "fileio.h"
#include "perfaudit/profile.h"
#include "profile_formats.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "perfaudit-profile"

/* Names may hold anything but the separators. */
static void put_field(struct pa_strbuf *sb, const char *s)
{
    if (!s || !*s) {
        pa_strbuf_putc(sb, '-');
        return;
    }
    for (; *s; s++)
        pa_strbuf_putc(sb, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

int pa_profile_write(const struct pa_profile *p, const char *path, struct pa_error *err)
{
    struct pa_strbuf sb = {0};
    pa_strbuf_printf(&sb, MAGIC " %d\n", PA_PROFILE_FORMAT_VERSION);
    pa_strbuf_printf(&sb, "mode\t%s\n",
                     p->mode == PA_PROFILE_INSTRUMENTED ? "instrumented" : "sampling");
    pa_strbuf_printf(&sb, "frequency_hz\t%.17g\n", p->frequency_hz);
    pa_strbuf_printf(&sb, "period_s\t%.17g\n", p->period);
    pa_strbuf_printf(&sb, "duration_s\t%.17g\n", p->duration);
    pa_strbuf_printf(&sb, "processes\t%u\n", p->processes);
    pa_strbuf_printf(&sb, "threads\t%u\n", p->threads);
    for (unsigned i = 0; i < p->nfunctions; i++) {
        const struct pa_prof_function *f = &p->functions[i];
        pa_strbuf_printf(&sb, "function\t%u\t%u\t", i, f->line);
        put_field(&sb, f->module);
        pa_strbuf_putc(&sb, '\t');
        put_field(&sb, f->file);
        pa_strbuf_putc(&sb, '\t');
        put_field(&sb, f->name);
        pa_strbuf_putc(&sb, '\n');
    }
    for (unsigned i = 0; i < p->nlocations; i++)
        pa_strbuf_printf(&sb, "location\t%u\t%u\t%u\n", i, p->locations[i].function,
                         p->locations[i].line);
    for (unsigned i = 0; i < p->nstacks; i++) {
        const struct pa_prof_stack *s = &p->stacks[i];
        pa_strbuf_printf(&sb, "stack\t%llu\t", (unsigned long long)s->count);
        for (unsigned k = 0; k < s->nframes; k++)
            pa_strbuf_printf(&sb, k ? ",%u" : "%u", s->frames[k]);
        pa_strbuf_putc(&sb, '\n');
    }
    for (unsigned i = 0; i < p->nstats; i++) {
        const struct pa_prof_stats *s = &p->stats[i];
        pa_strbuf_printf(&sb, "stats\t%u\t%llu\t%llu\t%.17g\t%.17g\n", s->function,
                         (unsigned long long)s->ncalls, (unsigned long long)s->primitive_calls,
                         s->tottime, s->cumtime);
    }
    pa_strbuf_append(&sb, "end\n");
    int rc = pa_write_file_atomic(path, pa_strbuf_cstr(&sb), sb.len, err);
    pa_strbuf_free(&sb);
    return rc;
}

bool pa_format_perfaudit_detect(const char *text, size_t size)
{
    return size >= sizeof(MAGIC) - 1 && memcmp(text, MAGIC, sizeof(MAGIC) - 1) == 0;
}

/* Splits line at tabs into at most max fields (in place). */
static unsigned split_tabs(char *line, char **fields, unsigned max)
{
    unsigned n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

static bool parse_u64(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return false;
    *out = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return errno == 0 && end != s && *end == '\0' && *out >= 0;
}

static const char *field_or_null(const char *s)
{
    return strcmp(s, "-") == 0 ? NULL : s;
}

int pa_format_perfaudit_read(const char *path, char *text, size_t size, struct pa_profile **out,
                             struct pa_error *err)
{
    struct pa_profile *p = pa_profile_new("perfaudit", path);
    unsigned *frames = NULL;
    size_t cap_frames = 0;
    unsigned lineno = 0;
    bool ended = false;
    const char *why = NULL;
    (void)size;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (!*line && !next)
            break; /* the final newline */
        if (ended) {
            why = "data after 'end'";
            goto fail;
        }
        if (lineno == 1) {
            unsigned long long version;
            if (strncmp(line, MAGIC " ", sizeof(MAGIC)) != 0 ||
                !parse_u64(line + sizeof(MAGIC), &version)) {
                why = "not a perfaudit profile";
                goto fail;
            }
            if (version != PA_PROFILE_FORMAT_VERSION) {
                why = "a perfaudit profile of an unsupported version";
                goto fail;
            }
            continue;
        }
        if (line[0] == '#')
            continue;
        char *f[8];
        unsigned n = split_tabs(line, f, 8);
        unsigned long long a, b, c;
        double d;
        if (strcmp(f[0], "end") == 0 && n == 1) {
            ended = true;
        } else if (strcmp(f[0], "mode") == 0 && n == 2) {
            if (strcmp(f[1], "sampling") == 0)
                p->mode = PA_PROFILE_SAMPLING;
            else if (strcmp(f[1], "instrumented") == 0)
                p->mode = PA_PROFILE_INSTRUMENTED;
            else {
                why = "unknown mode";
                goto fail;
            }
        } else if (n == 2 && (strcmp(f[0], "frequency_hz") == 0 || strcmp(f[0], "period_s") == 0 ||
                              strcmp(f[0], "duration_s") == 0)) {
            if (!parse_double(f[1], &d)) {
                why = "not a number";
                goto fail;
            }
            if (f[0][0] == 'f')
                p->frequency_hz = d;
            else if (f[0][0] == 'p')
                p->period = d;
            else
                p->duration = d;
        } else if (n == 2 && (strcmp(f[0], "processes") == 0 || strcmp(f[0], "threads") == 0)) {
            if (!parse_u64(f[1], &a) || a > UINT32_MAX) {
                why = "not a count";
                goto fail;
            }
            if (f[0][0] == 'p')
                p->processes = (unsigned)a;
            else
                p->threads = (unsigned)a;
        } else if (strcmp(f[0], "function") == 0 && n == 6) {
            if (!parse_u64(f[1], &a) || a != p->nfunctions || !parse_u64(f[2], &b)) {
                why = "function ids must count up from 0";
                goto fail;
            }
            unsigned id =
                pa_profile_function(p, f[5], field_or_null(f[4]), (unsigned)b, field_or_null(f[3]));
            if (id != a) {
                why = "the same function twice";
                goto fail;
            }
        } else if (strcmp(f[0], "location") == 0 && n == 4) {
            if (!parse_u64(f[1], &a) || a != p->nlocations || !parse_u64(f[2], &b) ||
                b >= p->nfunctions || !parse_u64(f[3], &c)) {
                why = "a location must name a function defined before it";
                goto fail;
            }
            pa_profile_location(p, (unsigned)b, (unsigned)c);
        } else if (strcmp(f[0], "stack") == 0 && n == 3) {
            if (!parse_u64(f[1], &a)) {
                why = "a stack's count is not a number";
                goto fail;
            }
            unsigned nf = 0;
            char *fsave = NULL;
            for (char *t = strtok_r(f[2], ",", &fsave); t; t = strtok_r(NULL, ",", &fsave)) {
                if (!parse_u64(t, &b) || b >= p->nlocations) {
                    why = "a stack names a location not defined before it";
                    goto fail;
                }
                PA_GROW(frames, cap_frames, (size_t)nf + 1);
                frames[nf++] = (unsigned)b;
            }
            pa_profile_add_stack(p, frames, nf, a);
        } else if (strcmp(f[0], "stats") == 0 && n == 6) {
            struct pa_prof_stats s;
            double tt, ct;
            if (!parse_u64(f[1], &a) || a >= p->nfunctions || !parse_u64(f[2], &b) ||
                !parse_u64(f[3], &c) || !parse_double(f[4], &tt) || !parse_double(f[5], &ct)) {
                why = "malformed stats";
                goto fail;
            }
            s = (struct pa_prof_stats){(unsigned)a, b, c, tt, ct};
            pa_profile_add_stats(p, &s);
        } else {
            why = "unknown or malformed record";
            goto fail;
        }
    }
    if (!ended) {
        pa_error_set(err, "%s: truncated perfaudit profile (no 'end' line)", path);
        goto fail_quiet;
    }
    if (p->period <= 0 && p->frequency_hz > 0)
        p->period = 1.0 / p->frequency_hz;
    free(frames);
    *out = p;
    return 0;
fail:
    pa_error_set(err, "%s: line %u: %s", path, lineno, why);
fail_quiet:
    free(frames);
    pa_profile_free(p);
    return -1;
}
