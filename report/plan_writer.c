/* plan_writer.c: plan.md (--plan FILE): one feature per recommendation, F001 first, each with
 * the steps, the expected gain and a measurable acceptance criterion. */
#include "perfaudit/analysis.h"
#include "perfaudit/profile.h"
#include "perfaudit/ranking.h"
#include "perfaudit/rule.h"
#include "estimate.h"
#include "report.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const struct pa_ranking no_ranking;

/* A speedup factor as a reader takes it in: "251x", "2500x", "1.80x". */
static const char *factor(double x, char *buf, size_t size)
{
    snprintf(buf, size, x >= 10.0 ? "%.0fx" : "%.2fx", x);
    return buf;
}

/* Whether s starts with a plain lower-case word, which a sentence may capitalise (not an
 * identifier such as "realloc()" or "cblas_dgemm"). */
static bool starts_with_word(const char *s)
{
    size_t n = strcspn(s, " ");
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]))
            return false;
    return n > 0;
}

/* s as a sentence of Markdown prose: a leading plain word capitalised, ending in a full stop. */
static void sentence(struct pa_strbuf *out, const char *s)
{
    if (!s || !*s)
        return;
    if (starts_with_word(s)) {
        char first[2] = {(char)toupper((unsigned char)s[0]), '\0'};
        pa_strbuf_append(out, first);
        s++;
    }
    pa_markdown_text(out, s, false);
    if (s[0] && s[strlen(s) - 1] != '.')
        pa_strbuf_putc(out, '.');
}

/* The feature's title: the rule's remedy up to its first clause ("Replace the inner pass with
 * a lookup structure built once"), so that the wording of a fix lives once, in the rule. */
static void remedy_headline(struct pa_strbuf *out, const struct pa_rule *rule)
{
    const char *s = rule->remedy ? rule->remedy : rule->title;
    size_t len = strcspn(s, ",:;.");
    const char *paren = strstr(s, " (");
    if (paren && (size_t)(paren - s) < len)
        len = (size_t)(paren - s);
    pa_strbuf_append_n(out, s, len);
}

/* The function's cumulative share of a new run after its changed code (share of the old run)
 * gets `local` times faster: the function keeps cum - share + share/local of the old run, and
 * the run shrinks to 1 / amdahl of itself. */
static double share_after(double cum, double share, double local)
{
    if (cum < share)
        cum = share;
    return (cum - share + share / local) * pa_amdahl(share, local);
}

/* The local speedup of a whole recommendation: the one that, applied to its share, gives its
 * estimated speedup (several estimates combine into one saved fraction). */
static double rec_local(const struct pa_recommendation *rec)
{
    double saved = 1.0 - 1.0 / rec->estimated_speedup;
    if (rec->share <= saved || rec->share <= 0.0)
        return 1e6; /* the code goes entirely */
    return rec->share / (rec->share - saved);
}

/* The bar a feature must clear: half the estimated gain in the changed code. An estimate is a
 * model, so the criterion leaves it room, but not so much that a token change passes. */
static double half_gain(double local)
{
    return 1.0 + (local - 1.0) / 2.0;
}

static void write_header(struct pa_strbuf *out, const struct pa_analysis *a,
                         const struct pa_ranking *r)
{
    pa_strbuf_append(out, "# Performance plan\n\n");
    pa_strbuf_append(out, "The work `perfaudit analyze` recommends, one feature per "
                          "recommendation (F001, F002, ...) in leverage order: estimated "
                          "whole-program speedup per hour of work, highest first. Each feature "
                          "names the code to change, the steps, the expected gain with the model "
                          "and assumption behind it, and a measurable point at which it is "
                          "done.\n\n");
    pa_markdown_provenance(a, r, out);
    const char *before = r->profile ? r->profile->path : "before.prof";
    pa_strbuf_append(out, "\n**Validating a feature.** ");
    if (r->profile)
        pa_strbuf_append(out, "The profile above is the baseline");
    else
        pa_strbuf_append(out, "Record a baseline first, from a build with `-g`: `perfaudit "
                              "record -o before.prof -- ./app ARGS`");
    pa_strbuf_printf(out,
                     ". After the change, rebuild with the same flags and record the same "
                     "workload again (`perfaudit record -o after.prof -- ./app ARGS`), then "
                     "compare `perfaudit report %s --sort cumtime` with `perfaudit report "
                     "after.prof --sort cumtime` (`--lines` shows the hot lines). \"Done when\" "
                     "names the number to check; the program's output must be the same before "
                     "and after.\n\n",
                     before);
}

static void write_title(struct pa_strbuf *out, size_t index, const struct pa_recommendation *rec)
{
    pa_strbuf_printf(out, "## F%03zu: ", index + 1);
    if (rec->kind == PA_REC_BUILD_FLAGS || !rec->nestimates) {
        pa_strbuf_append(out, "Build with optimisation (-O2) and profile the optimised build\n\n");
        return;
    }
    remedy_headline(out, rec->estimates[0]->finding->rule);
    pa_strbuf_append(out, " in ");
    pa_markdown_code(out, rec->function->name, false);
    pa_strbuf_append(out, "\n\n");
}

static void write_fields(struct pa_strbuf *out, const struct pa_ranking *r,
                         const struct pa_recommendation *rec)
{
    pa_strbuf_printf(out, "- **Category:** %c (%s)\n", rec->category,
                     pa_markdown_category(rec->category));
    if (rec->function) {
        const struct pa_estimate *e = rec->estimates[0];
        pa_strbuf_append(out, "- **Location:** ");
        pa_markdown_text(out, rec->file, false);
        pa_strbuf_printf(out, ":%u, in ", rec->line);
        pa_markdown_code(out, rec->function->name, false);
        pa_strbuf_printf(out, " (the change touches lines %u-%u)\n", e->first_line, e->last_line);
    } else {
        pa_strbuf_append(out, "- **Location:** the build: ");
        pa_markdown_text(out, rec->file ? rec->file : "the compile database", false);
        pa_strbuf_append(out, " and the other unoptimised sources\n");
    }
    pa_strbuf_append(out, "- **Why:** ");
    sentence(out, rec->current);
    pa_strbuf_putc(out, ' ');
    if (r->profile)
        pa_strbuf_append(out, "Measured: ");
    sentence(out, rec->evidence_note);
    pa_strbuf_putc(out, '\n');
}

static void write_steps(struct pa_strbuf *out, const struct pa_recommendation *rec)
{
    unsigned step = 1;
    pa_strbuf_append(out, "- **What to do:**\n");
    if (rec->kind == PA_REC_BUILD_FLAGS) {
        pa_strbuf_printf(out, "  %u. ", step++);
        sentence(out, rec->proposed);
        pa_strbuf_printf(out,
                         "\n  %u. Regenerate the compile database and rerun `perfaudit "
                         "analyze -p BUILD_DIR`: this recommendation must be gone.\n",
                         step++);
        pa_strbuf_printf(out,
                         "  %u. Record the optimised build and use that profile as the "
                         "baseline of the other features: their shares change with it.\n",
                         step++);
        pa_strbuf_printf(out,
                         "  %u. Run the test suite: optimisation exposes undefined "
                         "behaviour that -O0 hid.\n",
                         step);
        return;
    }
    for (size_t k = 0; k < rec->nestimates; k++) {
        const struct pa_estimate *e = rec->estimates[k];
        const struct pa_finding *f = e->finding;
        pa_strbuf_printf(out, "  %u. In ", step++);
        pa_markdown_text(out, f->file, false);
        pa_strbuf_printf(out, " lines %u-%u (%s, `%s`, flagged at line %u): ", e->first_line,
                         e->last_line, f->id, f->rule->id, f->line);
        sentence(out, f->suggestion);
        pa_strbuf_putc(out, '\n');
    }
    for (size_t k = 0; k < rec->nestimates; k++) {
        const struct pa_rule *rule = rec->estimates[k]->finding->rule;
        bool again = false;
        for (size_t j = 0; j < k; j++)
            again |= rec->estimates[j]->finding->rule == rule;
        if (again)
            continue;
        pa_strbuf_printf(out, "  %u. If that does not fit the code, the general remedy for ",
                         step++);
        pa_strbuf_putc(out, (char)tolower((unsigned char)rule->title[0]));
        pa_markdown_text(out, rule->title + 1, false);
        pa_strbuf_append(out, ": ");
        sentence(out, rule->remedy);
        if (rule->estimate.assumption) {
            pa_strbuf_append(out, " Either way, the estimate assumes that ");
            pa_markdown_text(out, rule->estimate.assumption, false);
            pa_strbuf_putc(out, '.');
        }
        pa_strbuf_putc(out, '\n');
    }
    pa_strbuf_printf(out,
                     "  %u. Run the program on the same input before and after, and compare "
                     "the outputs: they must be identical.\n",
                     step++);
    pa_strbuf_printf(out,
                     "  %u. Re-record and compare the profiles (\"Validating a feature\" "
                     "above).\n",
                     step);
}

static void write_gain(struct pa_strbuf *out, const struct pa_recommendation *rec)
{
    pa_strbuf_printf(out, "- **Expected gain:** %.2fx for the whole run", rec->estimated_speedup);
    if (rec->kind == PA_REC_BUILD_FLAGS || !rec->nestimates) {
        pa_strbuf_append(out, ": ");
        sentence(out, rec->evidence_note);
        pa_strbuf_putc(out, '\n');
        return;
    }
    pa_strbuf_append(out, ":\n");
    for (size_t k = 0; k < rec->nestimates; k++) {
        const struct pa_estimate *e = rec->estimates[k];
        pa_strbuf_printf(out,
                         "  - %s, lines %u-%u: %.2fx faster there, on %.1f%% of the run: %.2fx. "
                         "Model: ",
                         e->finding->id, e->first_line, e->last_line, e->local_speedup,
                         100.0 * e->share, e->speedup);
        sentence(out, e->model);
        pa_strbuf_append(out, " Assumes: ");
        sentence(out, e->assumption ? e->assumption : "nothing stated");
        pa_strbuf_putc(out, '\n');
    }
}

/* The acceptance bar on the changed lines themselves, for when no share of a profile can
 * show the change: half the estimated local gain. */
static void write_lines_bar(struct pa_strbuf *out, const struct pa_estimate *e, const char *why)
{
    char b1[32], b2[32];
    pa_strbuf_printf(out,
                     "lines %u-%u must do the same work at least %s faster (half the estimated "
                     "%s; %s; `perfaudit report PROFILE --lines` shows their samples), and the "
                     "program's output is unchanged.\n",
                     e->first_line, e->last_line,
                     factor(half_gain(e->local_speedup), b1, sizeof(b1)),
                     factor(e->local_speedup, b2, sizeof(b2)), why);
}

static void write_done_when(struct pa_strbuf *out, const struct pa_ranking *r,
                            const struct pa_recommendation *rec)
{
    pa_strbuf_append(out, "- **Done when:** ");
    if (rec->kind == PA_REC_BUILD_FLAGS) {
        pa_strbuf_append(out, "`perfaudit analyze -p` reports no unoptimised source");
        if (r->profile) {
            double bar = pa_amdahl(rec->share, half_gain(2.0));
            pa_strbuf_printf(out,
                             ", and a new profile of the same workload takes at most %.3f s of "
                             "CPU (now %.3f s; that is half the estimated gain of the analysed "
                             "code)",
                             r->total_time / bar, r->total_time);
        }
        pa_strbuf_append(out, "; the program's output is unchanged.\n");
        return;
    }
    double local = rec_local(rec), bar = half_gain(local);
    const struct pa_measure *m = &rec->measure;
    char b1[32], b2[32];
    if (r->profile && m->seen) {
        double cum = m->cum_pct / 100.0, after = share_after(cum, rec->share, bar);
        double sample = r->total_samples ? 1.0 / (double)r->total_samples : 1.0;
        if (cum - after < sample) {
            pa_strbuf_printf(out,
                             "the change saves less than one sample of this profile (it touches "
                             "%.2f%% of the run; one sample is %.2f%%), so the profile cannot "
                             "show it: ",
                             100.0 * rec->share, 100.0 * sample);
            write_lines_bar(out, rec->estimates[0],
                            "timed on a workload large enough for them "
                            "to matter");
            return;
        }
        pa_strbuf_append(out, "in a new profile of the same workload, ");
        pa_markdown_code(out, rec->function->name, false);
        if (after < sample) /* below what the profile resolves: one sample is the bar */
            pa_strbuf_printf(out, " takes at most one sample's worth (%.2f%%) of the run",
                             100.0 * sample);
        else
            pa_strbuf_printf(out, " takes less than %.1f%% of the run", 100.0 * after);
        pa_strbuf_printf(out,
                         " with its callees (now %.1f%%; %.2f%% if the estimate holds in full; "
                         "the bar is the changed code getting %s faster, half the estimated "
                         "%s), and the program's output is unchanged.\n",
                         m->cum_pct, 100.0 * share_after(cum, rec->share, local),
                         factor(bar, b1, sizeof(b1)), factor(local, b2, sizeof(b2)));
        return;
    }
    pa_strbuf_append(out, "with a profile recorded before and after the change, ");
    write_lines_bar(out, rec->estimates[0],
                    r->profile ? "the profile did not see this function, so no share is given"
                               : "a static estimate: the real ratio depends on the input size");
}

static void write_feature(struct pa_strbuf *out, const struct pa_ranking *r, size_t index)
{
    const struct pa_recommendation *rec = &r->items[index];
    write_title(out, index, rec);
    write_fields(out, r, rec);
    write_steps(out, rec);
    write_gain(out, rec);
    pa_strbuf_printf(out,
                     "- **Effort:** ~%.1f h (%.0f h of it to measure before and after, and "
                     "review)\n",
                     rec->effort_hours, PA_VALIDATION_HOURS);
    pa_strbuf_printf(out, "- **Leverage:** %.2f (speedup per hour; rank %u)\n", rec->leverage,
                     rec->rank);
    write_done_when(out, r, rec);
    pa_strbuf_append(out, "- **Findings:** ");
    if (rec->nestimates == 0)
        pa_strbuf_append(out, "none (from the compile database)");
    for (size_t k = 0; k < rec->nestimates; k++) {
        const struct pa_finding *f = rec->estimates[k]->finding;
        pa_strbuf_printf(out, "%s%s (`%s`, ", k ? ", " : "", f->id, f->rule->id);
        pa_markdown_text(out, f->file, false);
        pa_strbuf_printf(out, ":%u)", f->line);
    }
    pa_strbuf_append(out, "\n\n");
}

void pa_report_plan(const struct pa_analysis *a, const struct pa_ranking *ranking,
                    struct pa_strbuf *out)
{
    const struct pa_ranking *r = ranking ? ranking : &no_ranking;
    write_header(out, a, r);
    if (r->n == 0) {
        pa_strbuf_append(out, "No features: no rule found a known pattern in the analysed "
                              "code.\n");
        return;
    }
    for (size_t i = 0; i < r->n; i++)
        write_feature(out, r, i);
}
