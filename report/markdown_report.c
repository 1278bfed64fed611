/* markdown_report.c: the full profiling report in Markdown (--format markdown), and the
 * Markdown pieces plan_writer.c shares. docs/formats/markdown.md describes the sections. */
#include "perfaudit/analysis.h"
#include "perfaudit/profile.h"
#include "perfaudit/ranking.h"
#include "perfaudit/rule.h"
#include "diff_report.h"
#include "error.h"
#include "fileio.h"
#include "line_index.h"
#include "profile_report.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PA_VERSION
#error "PA_VERSION is defined by CMakeLists.txt"
#endif

#define BASELINE_ROWS    15 /* rows of the baseline table */
#define DIFF_ROWS        15 /* rows of the before/after table */
#define MAX_HOTSPOTS     8  /* hotspots analysed in detail */
#define SUMMARY_TOP      2  /* recommendations named in the executive summary */
#define COMBINED_TOP     5  /* recommendations the combined estimate may take */
#define ALTERNATIVES_TOP 5  /* recommendations whose rules' alternatives are listed */
#define CONTEXT_LINES    2  /* source lines shown around a hot line */
#define MAX_FILES_NAMED  10 /* analysed files named in the header */
#define PARETO_PCT       80.0
/* Self time in the C library's string and memory functions above which the data's
 * representation, not a loop, is what the profile points at. */
#define LIBC_STRING_PCT 20.0
/* One function holding this much of the run makes "where else could its time go" a question
 * about that function alone (parallelism, a different algorithm). */
#define DOMINANT_PCT 50.0
/* A second recommendation that rounds to no gain is not worth the summary's space. */
#define SUMMARY_MIN_SPEEDUP 1.01

static const struct pa_ranking no_ranking;

void pa_markdown_code(struct pa_strbuf *out, const char *s, bool in_table)
{
    if (!s || !*s) {
        pa_strbuf_putc(out, '-');
        return;
    }
    size_t run = 0, longest = 0, len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    bool pad = s[0] == '`' || s[len - 1] == '`'; /* CommonMark strips one space each side */
    for (size_t i = 0; i <= longest; i++)
        pa_strbuf_putc(out, '`');
    if (pad)
        pa_strbuf_putc(out, ' ');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '|' && in_table)
            pa_strbuf_append(out, "\\|");
        else
            pa_strbuf_putc(out, s[i] == '\n' ? ' ' : s[i]);
    }
    if (pad)
        pa_strbuf_putc(out, ' ');
    for (size_t i = 0; i <= longest; i++)
        pa_strbuf_putc(out, '`');
}

/* The length of the backtick run at s. */
static size_t backticks(const char *s)
{
    size_t n = 0;
    while (s[n] == '`')
        n++;
    return n;
}

/* Where the code span opened by the run of n backticks at s ends (past its closing run), or
 * NULL when no run of exactly n closes it. */
static const char *span_end(const char *s, size_t n)
{
    for (const char *p = s + n; *p;) {
        size_t k = backticks(p);
        if (k == n)
            return p + k;
        p += k ? k : 1;
    }
    return NULL;
}

void pa_markdown_text(struct pa_strbuf *out, const char *s, bool in_table)
{
    for (const char *p = s; p && *p;) {
        size_t n = backticks(p);
        const char *end = n ? span_end(p, n) : NULL;
        if (end) { /* a code span: as written, but a '|' would still end a table cell */
            for (; p < end; p++)
                if (*p == '|' && in_table)
                    pa_strbuf_append(out, "\\|");
                else
                    pa_strbuf_putc(out, *p == '\n' ? ' ' : *p);
            continue;
        }
        if (n) { /* no run of the same length closes it: literal backticks */
            for (; n; n--, p++)
                pa_strbuf_append(out, "\\`");
            continue;
        }
        char c = *p;
        bool word_edge =
            c == '_' && !(p > s && isalnum((unsigned char)p[-1]) && isalnum((unsigned char)p[1]));
        if (c == '*' || c == '<' || c == '\\' || word_edge || (c == '|' && in_table))
            pa_strbuf_putc(out, '\\');
        pa_strbuf_putc(out, c == '\n' ? ' ' : c);
        p++;
    }
}

/* file:line as prose (line 0: the file alone). */
static void write_place(struct pa_strbuf *out, const char *file, unsigned line, bool in_table)
{
    pa_markdown_text(out, file ? file : "?", in_table);
    if (line)
        pa_strbuf_printf(out, ":%u", line);
}

const char *pa_markdown_category(char category)
{
    switch (category) {
    case 'A':
        return "data pipeline";
    case 'B':
        return "algorithmic";
    case 'C':
        return "implementation";
    case 'D':
        return "infrastructure";
    default:
        return "uncategorised";
    }
}

time_t pa_report_time(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    if (epoch && *epoch) {
        long long v = strtoll(epoch, &end, 10);
        if (!*end && v >= 0)
            return (time_t)v;
    }
    return time(NULL);
}

static void write_date(struct pa_strbuf *out)
{
    time_t t = pa_report_time();
    struct tm tm;
    char buf[32];
    if (gmtime_r(&t, &tm) && strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
        pa_strbuf_append(out, buf);
    else
        pa_strbuf_append(out, "(unknown date)");
}

void pa_markdown_provenance(const struct pa_analysis *a, const struct pa_ranking *r,
                            struct pa_strbuf *out)
{
    pa_strbuf_append(out, "Generated by perfaudit " PA_VERSION " on ");
    write_date(out);
    pa_strbuf_append(out, ".\n\n");
    const struct pa_profile *p = r ? r->profile : NULL;
    if (p) {
        pa_strbuf_append(out, "- **Profile:** ");
        pa_markdown_code(out, p->path, false);
        pa_strbuf_printf(out, " (%s format, ", p->format);
        if (p->mode == PA_PROFILE_INSTRUMENTED)
            pa_strbuf_append(out, "instrumented: exact call counts");
        else if (p->frequency_hz > 0)
            pa_strbuf_printf(out, "sampled at %g Hz%s", p->frequency_hz,
                             p->period_assumed ? ", rate assumed: the file does not say" : "");
        else
            pa_strbuf_append(out, "sampled");
        pa_strbuf_printf(out, "): %llu samples, %.3f s of CPU time",
                         (unsigned long long)r->total_samples, r->total_time);
        if (p->duration > 0)
            pa_strbuf_printf(out, " in %.3f s of wall time", p->duration);
        pa_strbuf_printf(out, "; %.1f%% of it in the analysed functions' own code.\n",
                         r->matched_pct);
    } else {
        pa_strbuf_printf(out,
                         "- **No profile was given: every estimate here is static.** Each "
                         "speedup is a complexity ratio at n = %.0f, taken as the whole run: not "
                         "a measurement. The ranking orders the work; it does not measure it.\n",
                         PA_STATIC_N);
    }
    const struct pa_program *prog = &a->program;
    pa_strbuf_printf(out, "- **Analysed:** %u file%s, %u function%s", prog->nfiles,
                     prog->nfiles == 1 ? "" : "s", prog->nfunctions,
                     prog->nfunctions == 1 ? "" : "s");
    for (unsigned i = 0; i < prog->nfiles && i < MAX_FILES_NAMED; i++) {
        pa_strbuf_append(out, i ? ", " : ": ");
        pa_markdown_code(out, prog->files[i], false);
    }
    if (prog->nfiles > MAX_FILES_NAMED)
        pa_strbuf_printf(out, " and %u more", prog->nfiles - MAX_FILES_NAMED);
    pa_strbuf_append(out, ".\n");
}

/* The recommendation's function as a code span, or "build flags" (no code to name). */
static void write_rec_name(struct pa_strbuf *out, const struct pa_recommendation *rec,
                           bool in_table)
{
    if (rec->function)
        pa_markdown_code(out, rec->function->name, in_table);
    else
        pa_strbuf_append(out, "build flags");
}

/* Where a recommendation points: file:line, or the example file of the compile database. */
static void write_rec_place(struct pa_strbuf *out, const struct pa_recommendation *rec)
{
    if (!rec->file)
        pa_strbuf_putc(out, '-');
    else if (rec->function) {
        write_place(out, rec->file, rec->line, true);
    } else {
        pa_markdown_text(out, rec->file, true);
        pa_strbuf_append(out, " (the build)");
    }
}

/* The rank of the recommendation that holds finding f, 0 if none does. */
static unsigned rank_of(const struct pa_ranking *r, const struct pa_finding *f)
{
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->items[i].nestimates; k++)
            if (r->items[i].estimates[k]->finding == f)
                return r->items[i].rank;
    return 0;
}

static void write_calls(struct pa_strbuf *out, const struct pa_measure *m)
{
    if (!m->has_calls)
        pa_strbuf_append(out, "calls not counted (sampling profile)");
    else if (m->ncalls != m->primitive_calls)
        pa_strbuf_printf(out, "%llu calls (%llu not recursive)", (unsigned long long)m->ncalls,
                         (unsigned long long)m->primitive_calls);
    else
        pa_strbuf_printf(out, "%llu call%s", (unsigned long long)m->ncalls,
                         m->ncalls == 1 ? "" : "s");
}

static void write_measure(struct pa_strbuf *out, const struct pa_measure *m)
{
    pa_strbuf_printf(out,
                     "%.1f%% of the run in its own code (%.3f s), %.1f%% with its callees "
                     "(%.3f s); ",
                     m->self_pct, m->tottime, m->cum_pct, m->cumtime);
    write_calls(out, m);
}

struct pareto {
    unsigned k;     /* functions taken: the first k rows of the table by self time */
    unsigned nseen; /* functions in the profile */
    double pct;     /* of the run they hold */
};

/* The 80/20 statement: the fewest functions whose self times reach PARETO_PCT of the run.
 * Taking them hottest first (by self time) gives the fewest, and self times partition the run
 * (each sample has one leaf), so the running sum reaches 100%. */
static struct pareto pareto_cut(const struct pa_profile_table *by_self)
{
    struct pareto p = {0, by_self->nrows, 0.0};
    while (p.k < by_self->nrows && p.pct < PARETO_PCT)
        p.pct += by_self->rows[p.k++].self_pct;
    return p;
}

struct combined {
    size_t n; /* recommendations taken */
    size_t ranks[COMBINED_TOP];
    size_t nbuild, noverlap; /* left out: build flags, and those overlapping the others */
    double saved;            /* sum of their saved fractions of the run */
    double speedup;          /* 1 / (1 - saved) */
};

/* What the top recommendations bring together. Each saves 1 - 1/speedup of the run; in
 * different functions they change different code, so the saved fractions add up (Amdahl):
 * combined = 1 / (1 - sum). Build flags change all the code at once and are left out; a
 * recommendation whose share would take the total past 100% overlaps another (a caller's
 * loop holds its callee's time) and is left out too. */
static struct combined combine_top(const struct pa_ranking *r)
{
    struct combined c = {0};
    double share = 0.0;
    for (size_t i = 0; i < r->n && i < COMBINED_TOP; i++) {
        const struct pa_recommendation *rec = &r->items[i];
        if (rec->kind != PA_REC_FINDINGS) {
            c.nbuild++;
            continue;
        }
        if (rec->estimated_speedup <= 1.0)
            continue;
        if (share + rec->share > 1.0) {
            c.noverlap++;
            continue;
        }
        share += rec->share;
        c.saved += 1.0 - 1.0 / rec->estimated_speedup;
        c.ranks[c.n++] = i;
    }
    if (c.saved > 0.999999)
        c.saved = 0.999999;
    c.speedup = 1.0 / (1.0 - c.saved);
    return c;
}

static void write_pareto(struct pa_strbuf *out, const struct pa_profile *p,
                         const struct pa_profile_table *by_self)
{
    if (by_self->nrows == 0) {
        pa_strbuf_append(out, "The profile holds no samples, so no 80/20 statement.\n\n");
        return;
    }
    struct pareto cut = pareto_cut(by_self);
    pa_strbuf_printf(out,
                     "**80/20:** %u function%s (%.0f%% of the %u seen) account%s for %.0f%% of "
                     "the CPU time, by self time: ",
                     cut.k, cut.k == 1 ? "" : "s", 100.0 * cut.k / cut.nseen, cut.nseen,
                     cut.k == 1 ? "s" : "", cut.pct);
    for (unsigned i = 0; i < cut.k && i < 5; i++) {
        pa_strbuf_append(out, i ? ", " : "");
        pa_markdown_code(out, p->functions[by_self->rows[i].function].name, false);
        pa_strbuf_printf(out, " %.1f%%", by_self->rows[i].self_pct);
    }
    if (cut.k > 5)
        pa_strbuf_printf(out, " and %u more", cut.k - 5);
    pa_strbuf_append(out, ".\n\n");
}

static void write_summary_rec(struct pa_strbuf *out, const struct pa_recommendation *rec)
{
    pa_strbuf_printf(out, "- **#%u** (%c, %s) ", rec->rank, rec->category,
                     pa_markdown_category(rec->category));
    pa_strbuf_append(out, rec->function ? "in " : "in the ");
    write_rec_name(out, rec, false);
    if (rec->function) {
        pa_strbuf_append(out, " (");
        write_place(out, rec->file, rec->line, false);
        pa_strbuf_putc(out, ')');
    }
    pa_strbuf_append(out, ": ");
    pa_markdown_text(out, rec->proposed, false);
    pa_strbuf_printf(out, "; estimated **%.2fx** faster over the whole run for ~%.1f h.\n",
                     rec->estimated_speedup, rec->effort_hours);
}

static void write_combined(struct pa_strbuf *out, const struct pa_ranking *r)
{
    if (!r->profile) {
        pa_strbuf_append(out, "No combined estimate: each static estimate assumes the whole run "
                              "is in its own code, so they cannot be added.\n\n");
        return;
    }
    struct combined c = combine_top(r);
    if (c.n < 2)
        return;
    pa_strbuf_printf(out, "**Combined:** applying recommendations ");
    for (size_t i = 0; i < c.n; i++)
        pa_strbuf_printf(out, "%s#%u",
                         i == 0         ? ""
                         : i + 1 == c.n ? " and "
                                        : ", ",
                         r->items[c.ranks[i]].rank);
    pa_strbuf_printf(out,
                     " together gives about **%.2fx** (Amdahl over different functions: 1 / "
                     "(1 - (",
                     c.speedup);
    for (size_t i = 0; i < c.n; i++)
        pa_strbuf_printf(out, "%s%.3f", i ? " + " : "",
                         1.0 - 1.0 / r->items[c.ranks[i]].estimated_speedup);
    pa_strbuf_append(out, ")), each term 1 - 1/speedup, the fraction of the run it saves; this "
                          "assumes none of them changes code that another one's share "
                          "includes).");
    if (c.nbuild)
        pa_strbuf_append(out, " The build-flag recommendation is left out: it speeds up all the "
                              "code, these changes included, so it does not add to them.");
    if (c.noverlap)
        pa_strbuf_printf(out,
                         " %zu more %s left out: with %s the shares would pass 100%% of "
                         "the run, so the code they change overlaps.",
                         c.noverlap, c.noverlap == 1 ? "is" : "are",
                         c.noverlap == 1 ? "it" : "them");
    pa_strbuf_append(out, "\n\n");
}

static void write_summary(struct pa_strbuf *out, const struct pa_analysis *a,
                          const struct pa_ranking *r, const struct pa_profile_table *by_self)
{
    pa_strbuf_append(out, "## Executive summary\n\n");
    if (r->profile) {
        pa_strbuf_printf(out,
                         "The profiled run took **%.3f s** of CPU time (%llu samples); %.1f%% "
                         "of it is in the analysed functions' own code, the rest in what they "
                         "call (libraries, the system) and in code not analysed.\n\n",
                         r->total_time, (unsigned long long)r->total_samples, r->matched_pct);
        write_pareto(out, r->profile, by_self);
    } else {
        pa_strbuf_printf(out,
                         "No profile was given, so there is no measured time and no 80/20 "
                         "statement; the %zu recommendation%s below %s ranked by static "
                         "estimates.\n\n",
                         r->n, r->n == 1 ? "" : "s", r->n == 1 ? "is" : "are");
    }
    if (r->n == 0) {
        pa_strbuf_printf(out,
                         "No recommendation: no rule found a known pattern in the %u "
                         "analysed functions.\n\n",
                         a->program.nfunctions);
        return;
    }
    pa_strbuf_printf(out, "Top recommendations, by %sleverage (speedup per hour of work):\n\n",
                     r->profile ? "" : "confidence, then ");
    size_t shown = 0;
    for (size_t i = 0; i < r->n && i < SUMMARY_TOP; i++) {
        if (i > 0 && r->items[i].estimated_speedup < SUMMARY_MIN_SPEEDUP)
            break; /* the first always, the second when it brings something */
        write_summary_rec(out, &r->items[i]);
        shown++;
    }
    if (r->n > shown)
        pa_strbuf_printf(out, "- %zu more in the ranking below.\n", r->n - shown);
    pa_strbuf_putc(out, '\n');
    write_combined(out, r);

    size_t cold = 0;
    double cold_pct = 0.0;
    for (size_t i = 0; i < r->nhotspots; i++)
        if (r->hotspots[i].no_known_pattern) {
            cold++;
            cold_pct += r->hotspots[i].measure.self_pct;
        }
    if (cold)
        pa_strbuf_printf(out,
                         "%zu hot function%s with no known pattern hold%s %.1f%% of the run in "
                         "%s own code (see the hotspot analysis).\n\n",
                         cold, cold == 1 ? "" : "s", cold == 1 ? "s" : "", cold_pct,
                         cold == 1 ? "its" : "their");
}

static void write_baseline(struct pa_strbuf *out, const struct pa_profile *p)
{
    pa_strbuf_append(out, "## Baseline\n\n");
    if (!p) {
        pa_strbuf_append(out,
                         "No profile, so no baseline. To measure one, build the program with "
                         "`-g` (at its usual optimisation level), record it with `perfaudit "
                         "record -o out.prof -- ./app ARGS`, and rerun `perfaudit analyze` with "
                         "`--profile out.prof`.\n\n");
        return;
    }
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_CUMTIME, &t);
    unsigned n = t.nrows < BASELINE_ROWS ? t.nrows : BASELINE_ROWS;
    pa_strbuf_printf(out, "The profile's functions by cumulative time, the top %u of %u ", n,
                     t.nrows);
    pa_strbuf_append(out, "(`perfaudit report ");
    pa_strbuf_append(out, p->path);
    pa_strbuf_printf(out,
                     " --sort %s` lists them all)%s. Times are seconds; self %% and cum %% "
                     "are of the whole run.\n\n",
                     pa_profile_sort_name(PA_SORT_CUMTIME),
                     p->mode == PA_PROFILE_SAMPLING
                         ? "; a sampling profiler does not count calls, so ncalls and percall "
                           "are \"-\""
                         : "");
    pa_strbuf_append(out, "| function | file:line | ncalls | tottime | percall | cumtime | "
                          "percall | self % | cum % |\n"
                          "|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (unsigned i = 0; i < n; i++) {
        const struct pa_profile_row *row = &t.rows[i];
        const struct pa_prof_function *f = &p->functions[row->function];
        pa_strbuf_append(out, "| ");
        pa_markdown_code(out, f->name, true);
        pa_strbuf_append(out, " | ");
        pa_markdown_text(out, f->file ? f->file : f->module ? f->module : "-", true);
        if (f->file && f->line)
            pa_strbuf_printf(out, ":%u", f->line);
        if (!row->has_calls)
            pa_strbuf_append(out, " | - ");
        else if (row->ncalls != row->primitive_calls)
            pa_strbuf_printf(out, " | %llu/%llu ", (unsigned long long)row->ncalls,
                             (unsigned long long)row->primitive_calls);
        else
            pa_strbuf_printf(out, " | %llu ", (unsigned long long)row->ncalls);
        pa_strbuf_printf(out, "| %.3f | ", row->tottime);
        if (row->has_calls && row->ncalls)
            pa_strbuf_printf(out, "%.6f", row->tottime / (double)row->ncalls);
        else
            pa_strbuf_putc(out, '-');
        pa_strbuf_printf(out, " | %.3f | ", row->cumtime);
        if (row->has_calls && row->primitive_calls)
            pa_strbuf_printf(out, "%.6f", row->cumtime / (double)row->primitive_calls);
        else
            pa_strbuf_putc(out, '-');
        pa_strbuf_printf(out, " | %.1f | %.1f |\n", row->self_pct, row->cum_pct);
    }
    pa_strbuf_putc(out, '\n');
    pa_profile_table_free(&t);
}

static const char *fence_language(const char *file)
{
    const char *dot = file ? strrchr(file, '.') : NULL;
    if (dot && (!strcmp(dot, ".cc") || !strcmp(dot, ".cpp") || !strcmp(dot, ".cxx") ||
                !strcmp(dot, ".hpp") || !strcmp(dot, ".hh")))
        return "cpp";
    return "c";
}

/* The hot lines of h in source order, and their share. */
static size_t hot_lines_sorted(const struct pa_hotspot *h, struct pa_hot_line *out)
{
    size_t n = 0, max = sizeof(h->lines) / sizeof(h->lines[0]);
    while (n < max && h->lines[n].line)
        n++;
    memcpy(out, h->lines, n * sizeof(*out));
    for (size_t i = 1; i < n; i++) /* insertion sort: at most three */
        for (size_t j = i; j > 0 && out[j].line < out[j - 1].line; j--) {
            struct pa_hot_line tmp = out[j];
            out[j] = out[j - 1];
            out[j - 1] = tmp;
        }
    return n;
}

/* The hot lines of h with CONTEXT_LINES around each, from its source file, in one fence: a
 * gutter with the line numbers ('>' on a hot line) and the share as a trailing comment. */
static void write_excerpt(struct pa_strbuf *out, const struct pa_hotspot *h)
{
    struct pa_hot_line lines[sizeof(h->lines) / sizeof(h->lines[0])];
    size_t nhot = hot_lines_sorted(h, lines);
    if (nhot == 0) {
        pa_strbuf_append(out, "No code excerpt: the profile has no line information for it "
                              "(build with `-g`).\n\n");
        return;
    }
    struct pa_error err;
    char *text = NULL;
    size_t size = 0;
    if (pa_read_file(h->function->file, &text, &size, &err) < 0) {
        pa_strbuf_append(out, "No code excerpt: ");
        pa_markdown_text(out, err.message, false);
        pa_strbuf_append(out, ".\n\n");
        return;
    }
    struct pa_line_index index;
    pa_line_index_build(&index, text, size);
    size_t longest = 0, run = 0; /* the fence must outlast any backtick run in the code */
    for (size_t i = 0; i < size; i++) {
        run = text[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    size_t fence = longest >= 3 ? longest + 1 : 3;
    for (size_t i = 0; i < fence; i++)
        pa_strbuf_putc(out, '`');
    pa_strbuf_printf(out, "%s\n", fence_language(h->function->file));
    unsigned printed = 0; /* the last line written */
    for (size_t k = 0; k < nhot; k++) {
        unsigned first = lines[k].line > CONTEXT_LINES ? lines[k].line - CONTEXT_LINES : 1;
        unsigned last = lines[k].line + CONTEXT_LINES;
        if (first <= printed)
            first = printed + 1;
        if (printed && first > printed + 1)
            pa_strbuf_append(out, "        ...\n");
        const char *s;
        size_t len;
        for (unsigned l = first; l <= last && pa_line_index_get(&index, l, &s, &len); l++) {
            const struct pa_hot_line *hot = NULL;
            for (size_t j = 0; j < nhot; j++)
                if (lines[j].line == l)
                    hot = &lines[j];
            pa_strbuf_printf(out, "%c %5u | ", hot ? '>' : ' ', l);
            pa_strbuf_append_n(out, s, len);
            if (hot)
                pa_strbuf_printf(out, "  // <- %.1f%% of the run", hot->pct);
            pa_strbuf_putc(out, '\n');
            printed = l;
        }
    }
    for (size_t i = 0; i < fence; i++)
        pa_strbuf_putc(out, '`');
    pa_strbuf_append(out, "\n\n");
    pa_line_index_free(&index);
    free(text);
}

/* What a function's complexity suggests when no rule explains its time. */
static const char *complexity_hint(struct pa_cx cx)
{
    if (cx.unknown)
        return "some of its loops could not be bounded, so read them by hand: a loop whose "
               "trip count grows with the input is the first suspect";
    if (cx.exp)
        return "exponential work: look for a recursion that recomputes the same subproblems";
    if (cx.poly >= 2)
        return "superlinear work that matches no rule's pattern: read its loop nest by hand";
    if (cx.poly == 1)
        return "linear work per call: the time is the data it touches, so less work per "
               "element (a tighter layout, fewer conversions, vectorisation) or fewer calls "
               "(its callers' loops) are where to look";
    return "constant or logarithmic work per call: the time comes from how often it is "
           "called, so look at its callers' loops, then at its constant factors (memory "
           "access, branches)";
}

static void write_root_cause(struct pa_strbuf *out, const struct pa_analysis *a,
                             const struct pa_ranking *r, const struct pa_hotspot *h)
{
    char cur[PA_CX_STRLEN], prop[PA_CX_STRLEN];
    if (h->nfindings) {
        pa_strbuf_append(out, "**Root cause:**\n\n");
        for (size_t i = 0; i < a->findings.n; i++) {
            const struct pa_finding *f = &a->findings.items[i];
            if (f->function != h->function)
                continue;
            pa_strbuf_printf(out, "- %s `%s` at line %u: ", f->id, f->rule->id, f->line);
            pa_markdown_text(out, f->message, false);
            pa_strbuf_printf(out, " (%s -> %s)", pa_cx_format(f->current, cur, sizeof(cur)),
                             pa_cx_format(f->proposed, prop, sizeof(prop)));
            unsigned rank = rank_of(r, f);
            if (rank)
                pa_strbuf_printf(out, "; recommendation #%u", rank);
            pa_strbuf_append(out, ".\n");
        }
        pa_strbuf_putc(out, '\n');
        return;
    }
    const char *cx = h->function ? pa_cx_format(h->function->cx, cur, sizeof(cur)) : "unknown";
    if (h->no_known_pattern) {
        pa_strbuf_printf(out,
                         "**Root cause:** hot, no known pattern: %.1f%% of the run is in its "
                         "own code and no rule found a cause. Its inferred complexity is %s: "
                         "%s.\n\n",
                         h->measure.self_pct, cx,
                         h->function ? complexity_hint(h->function->cx)
                                     : "it is not among the analysed sources");
        return;
    }
    pa_strbuf_printf(out,
                     "**Root cause:** its time is in the functions it calls (%.1f%% self, "
                     "%.1f%% with callees)",
                     h->measure.self_pct, h->measure.cum_pct);
    if (h->lines[0].line)
        pa_strbuf_printf(out, "; the hottest call is on line %u (%.1f%% of the run)",
                         h->lines[0].line, h->lines[0].pct);
    pa_strbuf_append(out, ": see the hotspots it calls.\n\n");
}

static void write_hotspots(struct pa_strbuf *out, const struct pa_analysis *a,
                           const struct pa_ranking *r)
{
    pa_strbuf_append(out, "## Hotspot analysis\n\n");
    if (!r->profile) {
        pa_strbuf_append(out, "Needs a profile (see the baseline).\n\n");
        return;
    }
    if (r->nhotspots == 0) {
        pa_strbuf_append(out, "No analysed function has 1% of the run in its own code or 5% "
                              "with its callees.\n\n");
        return;
    }
    size_t n = r->nhotspots < MAX_HOTSPOTS ? r->nhotspots : MAX_HOTSPOTS;
    pa_strbuf_printf(out,
                     "The analysed functions where the run spends its time, by self time (%zu "
                     "of %zu).\n\n",
                     n, r->nhotspots);
    for (size_t i = 0; i < n; i++) {
        const struct pa_hotspot *h = &r->hotspots[i];
        char cx[PA_CX_STRLEN];
        pa_strbuf_printf(out, "### %zu. ", i + 1);
        pa_markdown_code(out, h->function->name, false);
        pa_strbuf_append(out, " (");
        write_place(out, h->function->file, h->function->line, false);
        pa_strbuf_append(out, ")\n\n- **Location:** ");
        write_place(out, h->function->file, h->function->line, false);
        if (h->function->end_line > h->function->line)
            pa_strbuf_printf(out, " (lines %u-%u)", h->function->line, h->function->end_line);
        pa_strbuf_append(out, "\n- **Profile data:** ");
        write_measure(out, &h->measure);
        pa_strbuf_printf(out, "; %llu samples with it on the stack.\n",
                         (unsigned long long)h->measure.cum_samples);
        pa_strbuf_append(out, "- **Hot lines:** ");
        if (!h->lines[0].line)
            pa_strbuf_append(out, "none recorded (no line information)");
        for (size_t k = 0; k < sizeof(h->lines) / sizeof(h->lines[0]) && h->lines[k].line; k++)
            pa_strbuf_printf(out, "%sline %u, %.1f%% of the run", k ? "; " : "", h->lines[k].line,
                             h->lines[k].pct);
        pa_strbuf_printf(out, "\n- **Complexity (inferred):** %s\n\n",
                         h->function ? pa_cx_format(h->function->cx, cx, sizeof(cx)) : "unknown");
        write_excerpt(out, h);
        write_root_cause(out, a, r, h);
    }
}

static void write_estimate(struct pa_strbuf *out, const struct pa_estimate *e)
{
    pa_strbuf_printf(out,
                     "  - **%s** `%s`, lines %u-%u: %.1f%% of the run, %.2fx faster there "
                     "(local), %.2fx for the whole run, ~%.1f h",
                     e->finding->id, e->finding->rule->id, e->first_line, e->last_line,
                     100.0 * e->share, e->local_speedup, e->speedup, e->effort_hours);
    if (e->n > 0.0)
        pa_strbuf_printf(out, ", n ~ %.0f", e->n);
    pa_strbuf_printf(out, " (%s).\n", e->measured ? "measured" : "static");
    pa_strbuf_append(out, "    - Model: ");
    pa_markdown_text(out, e->model, false);
    pa_strbuf_append(out, "\n    - Assumption: ");
    pa_markdown_text(out, e->assumption ? e->assumption : "none stated", false);
    pa_strbuf_putc(out, '\n');
}

static void write_recommendation(struct pa_strbuf *out, const struct pa_ranking *r,
                                 const struct pa_recommendation *rec)
{
    pa_strbuf_printf(out, "### #%u ", rec->rank);
    write_rec_name(out, rec, false);
    pa_strbuf_printf(out, ": %c, %s\n\n", rec->category, pa_markdown_category(rec->category));
    pa_strbuf_printf(out, "- **Category:** %c (%s)\n", rec->category,
                     pa_markdown_category(rec->category));
    if (rec->function) {
        pa_strbuf_append(out, "- **Function:** ");
        pa_markdown_code(out, rec->function->name, false);
        pa_strbuf_append(out, " at ");
        write_place(out, rec->file, rec->line, false);
        pa_strbuf_printf(out, " (the function spans lines %u-%u)\n", rec->function->line,
                         rec->function->end_line);
    } else {
        pa_strbuf_append(out, "- **Where:** the build (for example ");
        pa_markdown_text(out, rec->file ? rec->file : "the compile database", false);
        pa_strbuf_append(out, ")\n");
    }
    pa_strbuf_append(out, "- **Current pattern:** ");
    pa_markdown_text(out, rec->current, false);
    pa_strbuf_append(out, "\n- **Proposed alternative:** ");
    pa_markdown_text(out, rec->proposed, false);
    pa_strbuf_putc(out, '\n');
    pa_strbuf_printf(out, "- **Estimated speedup:** %.2fx for the whole run\n",
                     rec->estimated_speedup);
    pa_strbuf_printf(out, "- **Effort:** ~%.1f h\n", rec->effort_hours);
    pa_strbuf_printf(out, "- **Leverage:** %.2f (speedup per hour)\n", rec->leverage);
    pa_strbuf_printf(out, "- **Share of the run:** %.1f%% in the code the change touches%s\n",
                     100.0 * rec->share, r->profile ? "" : " (static: assumed)");
    if (r->profile && rec->kind == PA_REC_FINDINGS) {
        pa_strbuf_append(out, "- **Measured:** ");
        if (rec->measure.seen)
            write_measure(out, &rec->measure);
        else
            pa_strbuf_append(out, "not seen in the profile");
        pa_strbuf_append(out, "\n");
    }
    pa_strbuf_append(out, "- **Evidence:** ");
    pa_markdown_text(out, rec->evidence_note, false);
    pa_strbuf_append(out, " (source: ");
    if (r->profile)
        pa_markdown_code(out, r->profile->path, false);
    else
        pa_strbuf_append(out, "static estimate");
    pa_strbuf_append(out, ")\n");
    if (rec->nestimates) {
        pa_strbuf_append(out, "- **Estimates** (the main one first):\n");
        for (size_t k = 0; k < rec->nestimates; k++)
            write_estimate(out, rec->estimates[k]);
    }
    pa_strbuf_putc(out, '\n');
}

/* The recommendations grouped by category: how many, the best of them (the first in rank
 * order) and the hours they would all take. */
static void write_by_category(struct pa_strbuf *out, const struct pa_ranking *r)
{
    pa_strbuf_append(out, "By category:\n\n| category | recommendations | best (rank, speedup) | "
                          "effort of all (h) |\n|---|--:|---|--:|\n");
    for (const char *c = "ABCD"; *c; c++) {
        size_t n = 0;
        double hours = 0.0;
        const struct pa_recommendation *best = NULL;
        for (size_t i = 0; i < r->n; i++) {
            if (r->items[i].category != *c)
                continue;
            n++;
            hours += r->items[i].effort_hours;
            if (!best)
                best = &r->items[i];
        }
        if (!best)
            continue;
        pa_strbuf_printf(out, "| %c %s | %zu | #%u, %.2fx | %.1f |\n", *c, pa_markdown_category(*c),
                         n, best->rank, best->estimated_speedup, hours);
    }
    pa_strbuf_putc(out, '\n');
}

static void write_recommendations(struct pa_strbuf *out, const struct pa_ranking *r)
{
    pa_strbuf_append(out, "## Recommendations, ranked\n\n");
    if (r->n == 0) {
        pa_strbuf_append(out, "None: no rule found a known pattern.\n\n");
        return;
    }
    pa_strbuf_append(out, "Ranked by leverage: the estimated whole-program speedup per hour of "
                          "work. Categories: A data pipeline, B algorithmic, C implementation, "
                          "D infrastructure.");
    if (!r->profile)
        pa_strbuf_append(out, " **Static estimates** (no profile): ranked by the confidence of "
                              "the evidence first.");
    pa_strbuf_append(out, "\n\n");
    write_by_category(out, r);
    pa_strbuf_append(out, "| rank | category | function | location | speedup | effort (h) | "
                          "leverage |\n|--:|---|---|---|--:|--:|--:|\n");
    for (size_t i = 0; i < r->n; i++) {
        const struct pa_recommendation *rec = &r->items[i];
        pa_strbuf_printf(out, "| %u | %c %s | ", rec->rank, rec->category,
                         pa_markdown_category(rec->category));
        write_rec_name(out, rec, true);
        pa_strbuf_append(out, " | ");
        write_rec_place(out, rec);
        pa_strbuf_printf(out, " | %.2fx | %.1f | %.2f |\n", rec->estimated_speedup,
                         rec->effort_hours, rec->leverage);
    }
    pa_strbuf_putc(out, '\n');
    for (size_t i = 0; i < r->n; i++)
        write_recommendation(out, r, &r->items[i]);
}

/* Whether rule is among the rules of recommendations ranked before index `before`. */
static unsigned listed_before(const struct pa_ranking *r, size_t before, const struct pa_rule *rule)
{
    for (size_t i = 0; i < before; i++)
        for (size_t k = 0; k < r->items[i].nestimates; k++)
            if (r->items[i].estimates[k]->finding->rule == rule)
                return r->items[i].rank;
    return 0;
}

/* Each rule's `alternatives`, for the top recommendations; returns how many were written. */
static size_t write_rule_alternatives(struct pa_strbuf *out, const struct pa_ranking *r)
{
    size_t written = 0;
    for (size_t i = 0; i < r->n && i < ALTERNATIVES_TOP; i++) {
        const struct pa_recommendation *rec = &r->items[i];
        for (size_t k = 0; k < rec->nestimates; k++) {
            const struct pa_rule *rule = rec->estimates[k]->finding->rule;
            bool again = false;
            for (size_t j = 0; j < k; j++)
                again |= rec->estimates[j]->finding->rule == rule;
            if (again || !rule->alternatives || !*rule->alternatives)
                continue;
            pa_strbuf_printf(out, "- **#%u ", rec->rank);
            write_rec_name(out, rec, false);
            pa_strbuf_append(out, "** (");
            pa_markdown_text(out, rule->title, false);
            pa_strbuf_printf(out, ", `%s`): ", rule->id);
            unsigned earlier = listed_before(r, i, rule);
            if (earlier) {
                pa_strbuf_printf(out, "the same as for #%u.\n", earlier);
                written++;
                continue;
            }
            pa_strbuf_append(out, "instead of the fix above,\n");
            for (const char *s = rule->alternatives; *s;) {
                const char *end = strstr(s, "; ");
                size_t len = end ? (size_t)(end - s) : strlen(s);
                char *item = pa_xstrndup(s, len);
                pa_strbuf_append(out, "  - ");
                pa_markdown_text(out, item, false);
                pa_strbuf_putc(out, '\n');
                free(item);
                s += len + (end ? 2 : 0);
            }
            written++;
        }
    }
    return written;
}

/* Whether a profiled function is one of the C library's string or memory routines (glibc
 * names its variants __strstr_avx512, __memmove_evex_unaligned_erms, ...). */
static bool libc_string_function(const struct pa_prof_function *f)
{
    const char *name = f->name;
    while (*name == '_')
        name++;
    bool libc = !f->module || strncmp(f->module, "libc", 4) == 0;
    return libc && (strncmp(name, "str", 3) == 0 || strncmp(name, "mem", 3) == 0 ||
                    strncmp(name, "wcs", 3) == 0);
}

/* The share of the run in the C library's string and memory routines, from the self times. */
static double libc_string_pct(const struct pa_profile *p, const struct pa_profile_table *by_self)
{
    double pct = 0.0;
    for (unsigned i = 0; i < by_self->nrows; i++)
        if (libc_string_function(&p->functions[by_self->rows[i].function]))
            pct += by_self->rows[i].self_pct;
    return pct;
}

static const struct pa_finding *finding_of_rule(const struct pa_analysis *a,
                                                const struct pa_function *fn, const char *rule)
{
    for (size_t i = 0; i < a->findings.n; i++)
        if (a->findings.items[i].function == fn && !strcmp(a->findings.items[i].rule->id, rule))
            return &a->findings.items[i];
    return NULL;
}

/* Approaches that follow from the profile's shape; returns how many were written. */
/* The hottest function of the profile (by self time) that is not an analysed function, or
 * NULL: what "the time is in libraries" names. */
static const struct pa_profile_row *hottest_outside(const struct pa_analysis *a,
                                                    const struct pa_profile *p,
                                                    const struct pa_profile_table *by_self)
{
    for (unsigned i = 0; i < by_self->nrows; i++) {
        const char *name = p->functions[by_self->rows[i].function].name;
        bool analysed = false;
        for (unsigned k = 0; k < a->program.nfunctions && !analysed; k++)
            analysed = strcmp(a->program.functions[k]->name, name) == 0;
        if (!analysed)
            return &by_self->rows[i];
    }
    return NULL;
}

/* The share of the run with an analysed function on the stack: the outermost one (main,
 * usually) holds it all, so the largest cumulative share among the hotspots. */
static double analysed_cum_pct(const struct pa_ranking *r)
{
    double pct = 0.0;
    for (size_t i = 0; i < r->nhotspots; i++)
        if (r->hotspots[i].measure.cum_pct > pct)
            pct = r->hotspots[i].measure.cum_pct;
    return pct;
}

static void write_dominant(struct pa_strbuf *out, const struct pa_analysis *a,
                           const struct pa_ranking *r, const struct pa_hotspot *top,
                           const struct pa_rule *par)
{
    const struct pa_finding *f = finding_of_rule(a, top->function, par->id);
    pa_strbuf_append(out, "- **One function holds most of the run:** ");
    pa_markdown_code(out, top->function->name, false);
    pa_strbuf_printf(out, " has %.1f%% of it in its own code. ", top->measure.self_pct);
    if (f)
        pa_strbuf_printf(out,
                         "Its loop at line %u has independent iterations (%s, recommendation "
                         "#%u), so besides a better algorithm it can use the %u cores of this "
                         "machine: ",
                         f->line, f->id, rank_of(r, f), r->cores);
    else
        pa_strbuf_printf(out,
                         "perfaudit did not prove its iterations independent; if they are (each "
                         "writes only its own element, private locals or a sum), the %u cores "
                         "of this machine are another way out once the algorithm is right: ",
                         r->cores);
    pa_markdown_text(out, par->remedy, false);
    pa_strbuf_putc(out, '\n');
}

/* Approaches that follow from the profile's shape; returns how many were written. */
static size_t write_shape_alternatives(struct pa_strbuf *out, const struct pa_analysis *a,
                                       const struct pa_ranking *r,
                                       const struct pa_profile_table *by_self)
{
    size_t written = 0;
    const struct pa_hotspot *top = r->nhotspots ? &r->hotspots[0] : NULL;
    const struct pa_rule *par = pa_rule_find("parallelizable-loop");
    if (top && top->function && top->measure.self_pct >= DOMINANT_PCT && par) {
        write_dominant(out, a, r, top, par);
        written++;
    }
    double str_pct = libc_string_pct(r->profile, by_self);
    if (str_pct >= LIBC_STRING_PCT) {
        pa_strbuf_printf(out,
                         "- **Text handling dominates:** %.1f%% of the run is in the C "
                         "library's string and memory routines. A different data "
                         "representation removes that work rather than speeding it up: parse "
                         "the text once into numbers or structs, keep string lengths instead "
                         "of rescanning for the terminator, intern repeated strings and compare "
                         "them by id.\n",
                         str_pct);
        written++;
    }
    double under = analysed_cum_pct(r);
    const struct pa_profile_row *lib = hottest_outside(a, r->profile, by_self);
    if (under < DOMINANT_PCT) {
        /* Amdahl's bound: no change to the analysed code saves more than the time under it. */
        pa_strbuf_printf(out,
                         "- **Most of the run is outside the analysed code:** only %.1f%% of it "
                         "has an analysed function on the stack, so no change to that code can "
                         "make the run more than %.2fx faster. A larger gain has to come from "
                         "the rest (other threads, start-up, code not given to `analyze`): "
                         "analyse those sources too.\n",
                         under, 100.0 / (100.0 - under));
        written++;
    } else if (r->matched_pct < DOMINANT_PCT && str_pct < LIBC_STRING_PCT && lib) {
        pa_strbuf_printf(out,
                         "- **The time is in what the analysed code calls:** %.1f%% of the run "
                         "is in its own instructions, %.1f%% with its callees; ",
                         r->matched_pct, under);
        pa_markdown_code(out, r->profile->functions[lib->function].name, false);
        pa_strbuf_printf(out,
                         " alone has %.1f%%. Calling it less often (the recommendations above "
                         "do where they apply), in larger batches, or through a faster "
                         "implementation of the same work is where the time is.\n",
                         lib->self_pct);
        written++;
    }
    return written;
}

static void write_alternatives(struct pa_strbuf *out, const struct pa_analysis *a,
                               const struct pa_ranking *r, const struct pa_profile_table *by_self)
{
    pa_strbuf_append(out, "## Alternative architectural approaches\n\n");
    size_t n = write_rule_alternatives(out, r);
    if (r->profile)
        n += write_shape_alternatives(out, a, r, by_self);
    if (n == 0)
        pa_strbuf_printf(out,
                         "None follow from this data: the top rules name no bigger "
                         "alternative%s.\n",
                         r->profile ? ", and the profile's shape (how concentrated the time "
                                      "is, how much is in string routines or outside the "
                                      "analysed code) calls for none"
                                    : "; with a profile, its shape may suggest some");
    pa_strbuf_putc(out, '\n');
}

#define MAX_INCOMPLETE_LISTED 50 /* in "Parse errors"; the JSON report has them all */

/* How each finding's loops were counted: the evidence behind its complexity. */
static void write_derivations(struct pa_strbuf *out, const struct pa_findings *list)
{
    bool any = false;
    for (size_t i = 0; i < list->n; i++) {
        const struct pa_finding *f = &list->items[i];
        if (!f->derivation || !*f->derivation)
            continue;
        if (!any)
            pa_strbuf_append(out, "How the loops were counted:\n\n");
        any = true;
        pa_strbuf_printf(out, "- %s: ", f->id);
        pa_markdown_text(out, f->derivation, false);
        pa_strbuf_putc(out, '\n');
    }
    if (any)
        pa_strbuf_putc(out, '\n');
}

static void write_findings(struct pa_strbuf *out, const struct pa_analysis *a,
                           const struct pa_ranking *r)
{
    const struct pa_findings *list = &a->findings;
    pa_strbuf_append(out, "## All findings\n\n");
    if (list->n == 0) {
        pa_strbuf_append(out, "None.\n\n");
    } else {
        pa_strbuf_append(out, "| id | location | function | rule | complexity | recommendation "
                              "|\n|---|---|---|---|---|--:|\n");
        for (size_t i = 0; i < list->n; i++) {
            const struct pa_finding *f = &list->items[i];
            char cur[PA_CX_STRLEN], prop[PA_CX_STRLEN];
            pa_strbuf_printf(out, "| %s | ", f->id);
            write_place(out, f->file, f->line, true);
            pa_strbuf_append(out, " | ");
            pa_markdown_code(out, f->function ? f->function->name : NULL, true);
            if (f->function && f->function->incomplete)
                pa_strbuf_append(out, " (incomplete: see Parse errors)");
            pa_strbuf_printf(out, " | `%s` (%c) | %s -> %s | ", f->rule->id, f->rule->category,
                             pa_cx_format(f->current, cur, sizeof(cur)),
                             pa_cx_format(f->proposed, prop, sizeof(prop)));
            unsigned rank = rank_of(r, f);
            if (rank)
                pa_strbuf_printf(out, "#%u |\n", rank);
            else
                pa_strbuf_append(out, "- |\n");
        }
        pa_strbuf_putc(out, '\n');
        write_derivations(out, list);
    }
    const struct pa_program *prog = &a->program;
    pa_strbuf_append(out, "## Parse errors\n\n");
    if (prog->nerrors == 0)
        pa_strbuf_append(out, "None.\n");
    for (unsigned i = 0; i < prog->nerrors; i++) {
        pa_strbuf_append(out, "- ");
        pa_markdown_code(out, prog->errors[i].file, false);
        pa_strbuf_append(out, ": ");
        pa_markdown_text(out, prog->errors[i].message, false);
        pa_strbuf_putc(out, '\n');
    }
    if (a->nskipped)
        pa_strbuf_printf(out, "\n%u %s not in the compile database %s skipped.\n", a->nskipped,
                         a->nskipped == 1 ? "file" : "files", a->nskipped == 1 ? "was" : "were");
    if (a->nunreached)
        pa_strbuf_printf(out,
                         "\n%u %s only #included %s not reached (the preprocessor left %s "
                         "out).\n",
                         a->nunreached, a->nunreached == 1 ? "file that is" : "files that are",
                         a->nunreached == 1 ? "was" : "were", a->nunreached == 1 ? "it" : "them");
    unsigned listed = 0, more = 0;
    for (unsigned i = 0; i < prog->nfunctions; i++) {
        const struct pa_function *fn = prog->functions[i];
        if (!fn->incomplete)
            continue;
        if (listed == MAX_INCOMPLETE_LISTED) {
            more++;
            continue;
        }
        if (listed++ == 0)
            pa_strbuf_append(out, "\nFunctions analysed as far as they parsed (their model may "
                                  "miss code):\n\n");
        pa_strbuf_append(out, "- ");
        pa_markdown_code(out, fn->name, false);
        pa_strbuf_printf(out, " (line %u): ", fn->line);
        pa_markdown_text(out, fn->incomplete, false);
        pa_strbuf_putc(out, '\n');
    }
    if (more)
        pa_strbuf_printf(out, "- ... and %u more (the JSON report lists them all)\n", more);
}

/* The report directory's pictures: links beside the report, drawn from the same profile. */
static void write_pictures(struct pa_strbuf *out, const struct pa_markdown_extras *x)
{
    if (!x->flame_graph && !x->call_graph)
        return;
    pa_strbuf_append(out, "## Pictures\n\n");
    if (x->flame_graph) {
        pa_strbuf_printf(out,
                         "- [Interactive flame graph](%s): every sampled stack, widest "
                         "where the time goes. Click a frame to zoom, search to see a "
                         "function's share; it needs no network.\n",
                         x->flame_graph);
    }
    if (x->call_graph)
        pa_strbuf_printf(out,
                         "- The call graph, pruned to the hot part (boxes sized by self "
                         "time, coloured by cumulative time, edges labelled by "
                         "samples):\n\n  ![Call graph](%s)\n",
                         x->call_graph);
    pa_strbuf_putc(out, '\n');
}

void pa_report_markdown_with(const struct pa_analysis *a, const struct pa_ranking *ranking,
                             const struct pa_markdown_extras *extras, struct pa_strbuf *out)
{
    static const struct pa_markdown_extras none;
    const struct pa_markdown_extras *x = extras ? extras : &none;
    const struct pa_ranking *r = ranking ? ranking : &no_ranking;
    struct pa_profile_table by_self = {0};
    if (r->profile)
        pa_profile_table_build(r->profile, PA_SORT_TOTTIME, &by_self);

    pa_strbuf_append(out, "# Performance report\n\n");
    pa_markdown_provenance(a, r, out);
    pa_strbuf_putc(out, '\n');
    write_summary(out, a, r, &by_self);
    if (x->diff)
        pa_diff_report_markdown(x->diff, DIFF_ROWS, x->diff_chart, out);
    write_baseline(out, r->profile);
    write_pictures(out, x);
    write_hotspots(out, a, r);
    write_recommendations(out, r);
    write_alternatives(out, a, r, &by_self);
    write_findings(out, a, r);
    pa_profile_table_free(&by_self);
}

void pa_report_markdown(const struct pa_analysis *a, const struct pa_ranking *ranking,
                        struct pa_strbuf *out)
{
    pa_report_markdown_with(a, ranking, NULL, out);
}
