/* text_ranking.c: the terminal report's first sections: the top recommendations with their
 * estimates and evidence, and the hot functions in which no known pattern was found. */
#include "perfaudit/analysis.h"
#include "perfaudit/profile.h"
#include "perfaudit/ranking.h"
#include "perfaudit/rule.h"
#include "report.h"
#include "strbuf.h"
#include "terminal.h"

#include <string.h>

/* The terminal shows the first few; JSON, SARIF and markdown carry them all. */
#define TEXT_TOP 5

static void write_recommendation(struct pa_strbuf *out, const struct pa_term *t,
                                 const struct pa_recommendation *r)
{
    const char *dim = pa_term_style(t, PA_TERM_DIM), *reset = pa_term_style(t, PA_TERM_RESET);
    pa_strbuf_printf(out, "%2u. %s[%c]%s %s%s%s", r->rank, pa_term_style(t, PA_TERM_YELLOW),
                     r->category, reset, pa_term_style(t, PA_TERM_BOLD),
                     r->function ? r->function->name : "build flags", reset);
    if (r->file)
        pa_strbuf_printf(out, " %s(%s:%u)%s", dim, r->file, r->line, reset);
    pa_strbuf_printf(out, "  %s%.2fx faster%s, ~%.1f h, leverage %.2f\n",
                     pa_term_style(t, PA_TERM_GREEN), r->estimated_speedup, reset, r->effort_hours,
                     r->leverage);
    pa_strbuf_printf(out, "    now:   %s\n", r->current);
    pa_strbuf_printf(out, "    fix:   %s\n", r->proposed);
    pa_strbuf_printf(out, "    %sdata:  %s%s\n", dim, r->evidence_note, reset);
    if (r->nestimates) {
        const struct pa_estimate *e = r->estimates[0];
        bool why = *e->confidence_reason != '\0';
        pa_strbuf_printf(out, "    %sconfidence: %s%s%s%s%s\n", dim,
                         pa_confidence_name(r->confidence), why ? " (" : "", e->confidence_reason,
                         why ? ")" : "", reset);
        pa_strbuf_printf(out, "    %smodel: %s%s\n", dim, e->model, reset);
        pa_strbuf_printf(out, "    %sassumes: %s%s\n", dim, e->assumption, reset);
    }
}

static void write_cold_hotspots(struct pa_strbuf *out, const struct pa_term *t,
                                const struct pa_ranking *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nhotspots; i++)
        n += r->hotspots[i].no_known_pattern;
    if (!n)
        return;
    pa_strbuf_printf(out,
                     "%sHot, no known pattern%s (where the time goes; nothing to fix found):\n",
                     pa_term_style(t, PA_TERM_BOLD), pa_term_style(t, PA_TERM_RESET));
    for (size_t i = 0; i < r->nhotspots; i++) {
        const struct pa_hotspot *h = &r->hotspots[i];
        if (!h->no_known_pattern)
            continue;
        char cx[PA_CX_STRLEN];
        pa_strbuf_printf(out, "    %-24s %-10s %5.1f%% self %5.1f%% total  %s(%s:%u",
                         h->function->name, pa_cx_format(h->function->cx, cx, sizeof(cx)),
                         h->measure.self_pct, h->measure.cum_pct, pa_term_style(t, PA_TERM_DIM),
                         h->function->file, h->function->line);
        if (h->lines[0].line)
            pa_strbuf_printf(out, "; hottest line %u, %.1f%%", h->lines[0].line, h->lines[0].pct);
        pa_strbuf_printf(out, ")%s\n", pa_term_style(t, PA_TERM_RESET));
    }
    pa_strbuf_putc(out, '\n');
}

void pa_report_text_ranking(const struct pa_ranking *r, const struct pa_term *t,
                            struct pa_strbuf *out)
{
    if (!r || (r->n == 0 && r->nhotspots == 0))
        return;
    const char *bold = pa_term_style(t, PA_TERM_BOLD), *reset = pa_term_style(t, PA_TERM_RESET);
    if (r->n) {
        pa_strbuf_printf(out, "%sTop recommendations%s, by %sleverage (speedup per hour of work)",
                         bold, reset, r->profile ? "" : "confidence, then ");
        if (r->profile)
            pa_strbuf_printf(out,
                             ", measured on %s (%.3g s, %llu samples, %.1f%% in the "
                             "analysed code):\n",
                             r->profile->path, r->total_time, (unsigned long long)r->total_samples,
                             r->matched_pct);
        else
            pa_strbuf_printf(out, ":\n    (%s; pass --profile for measured ones)\n",
                             PA_STATIC_NOTE);
        size_t shown = r->n < TEXT_TOP ? r->n : TEXT_TOP;
        for (size_t i = 0; i < shown; i++)
            write_recommendation(out, t, &r->items[i]);
        if (r->n > shown)
            pa_strbuf_printf(out, "    ... and %zu more (--format json or markdown lists all)\n",
                             r->n - shown);
        pa_strbuf_putc(out, '\n');
    }
    write_cold_hotspots(out, t, r);
}
