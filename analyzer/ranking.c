/* ranking.c: from findings and a profile to ranked recommendations and the list of hotspots. */
#include "perfaudit/ranking.h"
#include "estimate.h"
#include "perfaudit/analysis.h"
#include "perfaudit/profile.h"
#include "perfaudit/rule.h"
#include "profile_join.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Compute-bound C typically runs 2 to 3 times faster at -O2 than at -O0; the low end. */
#define OPTIMISED_BUILD_SPEEDUP 2.0
#define OPTIMISED_BUILD_HOURS   0.25
/* Hotspots listed: functions with at least this much self or cumulative time, at most this
 * many. */
#define HOTSPOT_SELF_PCT 1.0
#define HOTSPOT_CUM_PCT  5.0
#define MAX_HOTSPOTS     20

static unsigned online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void free_estimates(struct pa_estimate *estimates, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(estimates[i].model);
    free(estimates);
}

static struct pa_estimate *estimate_all(const struct pa_estimate_context *ctx,
                                        const struct pa_findings *findings)
{
    struct pa_estimate *estimates = pa_xcalloc(findings->n + 1, sizeof(*estimates));
    for (size_t i = 0; i < findings->n; i++)
        pa_estimate_finding(ctx, &findings->items[i], &estimates[i]);
    return estimates;
}

/* Drops the findings in code below min_share of the run, and renumbers the rest. */
static void drop_cold_findings(struct pa_analysis *a, const struct pa_estimate_context *ctx,
                               double min_share)
{
    struct pa_findings *list = &a->findings;
    struct pa_estimate *estimates = estimate_all(ctx, list);
    size_t n = list->n, kept = 0;
    for (size_t i = 0; i < list->n; i++) {
        if (estimates[i].share >= min_share) {
            list->items[kept++] = list->items[i];
        } else {
            pa_finding_clear(&list->items[i]);
        }
    }
    list->n = kept;
    free_estimates(estimates, n);
    pa_findings_finish(list);
}

/* Estimates grouped by function (in place order), then by report order. */
static int by_function(const void *a, const void *b)
{
    const struct pa_estimate *x = *(const struct pa_estimate *const *)a;
    const struct pa_estimate *y = *(const struct pa_estimate *const *)b;
    const struct pa_function *f = x->finding->function, *g = y->finding->function;
    if (f != g) {
        int c = pa_function_compare(f, g);
        if (c)
            return c;
        return f->id < g->id ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

/* Within a function the best estimate of each changed region counts; regions add up. */
static void combine(struct pa_recommendation *rec)
{
    double saved = 0.0, share = 0.0, effort = 0.0;
    for (size_t i = 0; i < rec->nestimates; i++) {
        const struct pa_estimate *e = rec->estimates[i];
        bool best_of_region = true;
        for (size_t j = 0; j < rec->nestimates && best_of_region; j++) {
            const struct pa_estimate *o = rec->estimates[j];
            if (j == i || o->first_line > e->last_line || e->first_line > o->last_line)
                continue; /* regions apart */
            if (o->speedup > e->speedup || (o->speedup == e->speedup && j < i))
                best_of_region = false;
        }
        double region_effort = e->effort_hours;
        if (!best_of_region)
            continue;
        for (size_t j = 0; j < rec->nestimates; j++) {
            const struct pa_estimate *o = rec->estimates[j];
            if (o->first_line <= e->last_line && e->first_line <= o->last_line &&
                o->effort_hours > region_effort)
                region_effort = o->effort_hours;
        }
        saved += e->share * (1.0 - 1.0 / e->local_speedup);
        share += e->share;
        effort += region_effort;
    }
    if (saved > 0.999999)
        saved = 0.999999;
    rec->estimated_speedup = 1.0 / (1.0 - saved);
    rec->confidence = PA_CONFIDENCE_LOW;
    for (size_t i = 0; i < rec->nestimates; i++)
        if (rec->estimates[i]->confidence > rec->confidence)
            rec->confidence = rec->estimates[i]->confidence;
    rec->share = share > 1.0 ? 1.0 : share;
    rec->effort_hours = effort;
    rec->leverage = rec->estimated_speedup / rec->effort_hours;
}

static int by_speedup(const void *a, const void *b)
{
    const struct pa_estimate *x = *(const struct pa_estimate *const *)a;
    const struct pa_estimate *y = *(const struct pa_estimate *const *)b;
    if (x->speedup != y->speedup)
        return x->speedup > y->speedup ? -1 : 1;
    return x < y ? -1 : x > y;
}

static char *evidence_note(const struct pa_ranking *r, const struct pa_recommendation *rec)
{
    if (!r->profile)
        return pa_xstrdup(PA_STATIC_NOTE);
    struct pa_strbuf sb = {0};
    const struct pa_measure *m = &rec->measure;
    if (!m->seen) {
        pa_strbuf_printf(&sb, "not seen in the profile (%s): no time measured here",
                         r->profile->path);
        return pa_strbuf_detach(&sb);
    }
    pa_strbuf_printf(&sb,
                     "%.1f%% of the run in the function with its callees, %.1f%% in its own "
                     "code, of %.3g s",
                     m->cum_pct, m->self_pct, r->total_time);
    if (m->has_calls)
        pa_strbuf_printf(&sb, ", %llu calls", (unsigned long long)m->ncalls);
    pa_strbuf_printf(&sb, "; %.1f%% in the code the change touches", 100.0 * rec->share);
    return pa_strbuf_detach(&sb);
}

static void fill_from_findings(struct pa_ranking *r, const struct pa_join *join,
                               struct pa_recommendation *rec, const struct pa_estimate **group,
                               size_t n)
{
    rec->kind = PA_REC_FINDINGS;
    rec->estimates = pa_xmalloc(n * sizeof(*rec->estimates));
    memcpy(rec->estimates, group, n * sizeof(*group));
    rec->nestimates = n;
    qsort(rec->estimates, n, sizeof(*rec->estimates), by_speedup);
    combine(rec);
    const struct pa_finding *main = rec->estimates[0]->finding;
    rec->function = main->function;
    rec->file = main->file;
    rec->line = main->line;
    rec->category = main->rule->category;
    struct pa_strbuf current = {0};
    pa_strbuf_append(&current, main->message);
    if (n > 1)
        pa_strbuf_printf(&current, " (and %zu more finding%s in this function)", n - 1,
                         n > 2 ? "s" : "");
    rec->current = pa_strbuf_detach(&current);
    rec->proposed = pa_xstrdup(main->suggestion);
    if (join)
        rec->measure = join->measures[main->function->id];
    rec->evidence_note = evidence_note(r, rec);
}

static void add_build_flags(const struct pa_analysis *a, const struct pa_join *join,
                            struct pa_recommendation *rec)
{
    const struct pa_build_info *b = &a->build;
    rec->kind = PA_REC_BUILD_FLAGS;
    rec->category = 'D';
    rec->file = b->example;
    rec->line = 1;
    rec->share = join ? join->matched_self_pct / 100.0 : 1.0;
    if (rec->share > 1.0)
        rec->share = 1.0;
    rec->estimated_speedup = pa_amdahl(rec->share, OPTIMISED_BUILD_SPEEDUP);
    rec->effort_hours = PA_VALIDATION_HOURS + OPTIMISED_BUILD_HOURS;
    rec->leverage = rec->estimated_speedup / rec->effort_hours;
    struct pa_strbuf sb = {0};
    pa_strbuf_printf(&sb, "%u of the %u sources in %s are compiled without optimisation (%s: %s)",
                     b->nunoptimized, b->ncompiled, b->compdb ? b->compdb : "the build", b->example,
                     *b->example_level ? b->example_level : "no -O flag");
    rec->current = pa_strbuf_detach(&sb);
    rec->proposed = pa_xstrdup(
        "build with -O2 (CMake: -DCMAKE_BUILD_TYPE=Release or RelWithDebInfo, which keeps -g "
        "for profiles), and profile the optimised build");
    pa_strbuf_printf(&sb,
                     "the project's own code taken as %.0fx faster optimised (compute-bound C "
                     "gains 2-3x from -O2 over -O0; the low end); ",
                     OPTIMISED_BUILD_SPEEDUP);
    if (join)
        pa_strbuf_printf(&sb, "%.1f%% of the run is in the analysed code", 100.0 * rec->share);
    else
        pa_strbuf_append(&sb, PA_STATIC_NOTE);
    rec->evidence_note = pa_strbuf_detach(&sb);
}

static int by_leverage(const void *a, const void *b)
{
    const struct pa_recommendation *x = a, *y = b;
    if (x->leverage != y->leverage)
        return x->leverage > y->leverage ? -1 : 1;
    if (x->estimated_speedup != y->estimated_speedup)
        return x->estimated_speedup > y->estimated_speedup ? -1 : 1;
    if (x->category != y->category)
        return x->category < y->category ? -1 : 1;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Without a profile every estimate assumes the finding is where the run goes, so the speedups
 * hardly differ: what the evidence is worth orders them first. */
static int by_confidence(const void *a, const void *b)
{
    const struct pa_recommendation *x = a, *y = b;
    if (x->confidence != y->confidence)
        return x->confidence > y->confidence ? -1 : 1;
    return by_leverage(a, b);
}

static int by_self_time(const void *a, const void *b)
{
    const struct pa_hotspot *x = a, *y = b;
    if (x->measure.self_samples != y->measure.self_samples)
        return x->measure.self_samples > y->measure.self_samples ? -1 : 1;
    if (x->measure.tottime != y->measure.tottime)
        return x->measure.tottime > y->measure.tottime ? -1 : 1;
    if (x->measure.cum_pct != y->measure.cum_pct)
        return x->measure.cum_pct > y->measure.cum_pct ? -1 : 1;
    return pa_function_compare(x->function, y->function);
}

static void build_hotspots(struct pa_ranking *r, const struct pa_analysis *a,
                           const struct pa_join *join)
{
    const struct pa_program *prog = &a->program;
    r->hotspots = pa_xcalloc(prog->nfunctions + 1, sizeof(*r->hotspots));
    for (unsigned i = 0; i < prog->nfunctions; i++) {
        const struct pa_measure *m = &join->measures[i];
        if (!m->seen || (m->self_pct < HOTSPOT_SELF_PCT && m->cum_pct < HOTSPOT_CUM_PCT))
            continue;
        struct pa_hotspot *h = &r->hotspots[r->nhotspots++];
        h->function = prog->functions[i];
        h->measure = *m;
    }
    qsort(r->hotspots, r->nhotspots, sizeof(*r->hotspots), by_self_time);
    if (r->nhotspots > MAX_HOTSPOTS)
        r->nhotspots = MAX_HOTSPOTS;
    for (size_t i = 0; i < r->nhotspots; i++) {
        struct pa_hotspot *h = &r->hotspots[i];
        pa_join_hot_lines(join, h->function, h->lines, sizeof(h->lines) / sizeof(h->lines[0]));
        for (size_t f = 0; f < a->findings.n; f++)
            h->nfindings += a->findings.items[f].function == h->function;
        /* a function hot only through its callees (main) is explained by them */
        h->no_known_pattern = h->nfindings == 0 && h->measure.self_pct >= HOTSPOT_SELF_PCT;
    }
}

void pa_ranking_build(struct pa_analysis *a, const struct pa_profile *profile, double min_share,
                      struct pa_ranking *out)
{
    memset(out, 0, sizeof(*out));
    out->profile = profile;
    out->cores = online_cores();
    struct pa_join join;
    if (profile) {
        pa_join_build(&a->program, profile, &join);
        out->total_time = join.total_time;
        out->total_samples = join.total_samples;
        out->matched_pct = join.matched_self_pct;
        out->matched_functions = join.matched_functions;
    }
    struct pa_estimate_context ctx = {profile ? &join : NULL, out->cores};
    if (profile && min_share > 0.0)
        drop_cold_findings(a, &ctx, min_share);

    const struct pa_findings *list = &a->findings;
    out->estimates = estimate_all(&ctx, list);
    out->nestimates = list->n;
    out->items = pa_xcalloc(list->n + 2, sizeof(*out->items));

    const struct pa_estimate **order = pa_xmalloc((list->n + 1) * sizeof(*order));
    for (size_t i = 0; i < list->n; i++)
        order[i] = &out->estimates[i];
    if (list->n)
        qsort(order, list->n, sizeof(*order), by_function);
    for (size_t start = 0; start < list->n;) {
        size_t end = start + 1;
        while (end < list->n && order[end]->finding->function == order[start]->finding->function)
            end++;
        fill_from_findings(out, ctx.join, &out->items[out->n++], order + start, end - start);
        start = end;
    }
    free(order);
    if (a->build.nunoptimized)
        add_build_flags(a, ctx.join, &out->items[out->n++]);

    if (out->n)
        qsort(out->items, out->n, sizeof(*out->items), profile ? by_leverage : by_confidence);
    for (size_t i = 0; i < out->n; i++)
        out->items[i].rank = (unsigned)i + 1;
    if (profile) {
        build_hotspots(out, a, &join);
        pa_join_free(&join);
    }
}

void pa_ranking_free(struct pa_ranking *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].estimates);
        free(r->items[i].current);
        free(r->items[i].proposed);
        free(r->items[i].evidence_note);
    }
    free(r->items);
    free_estimates(r->estimates, r->nestimates);
    free(r->hotspots);
    memset(r, 0, sizeof(*r));
}

const struct pa_estimate *pa_ranking_estimate(const struct pa_ranking *r,
                                              const struct pa_finding *finding)
{
    /* estimates are parallel to the analysis' findings: the first one gives the base */
    if (!r->nestimates || finding < r->estimates[0].finding)
        return NULL;
    size_t i = (size_t)(finding - r->estimates[0].finding);
    return i < r->nestimates ? &r->estimates[i] : NULL;
}
