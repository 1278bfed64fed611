/* estimate.c: the speedup and effort of one finding's fix, from the profile when there is one
 * and from complexity alone when there is not. */
#include "estimate.h"
#include "perfaudit/finding.h"
#include "perfaudit/model.h"
#include "perfaudit/rule.h"
#include "profile_join.h"
#include "strbuf.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double pa_amdahl(double share, double local)
{
    if (share <= 0.0 || local <= 1.0)
        return 1.0;
    if (share > 1.0)
        share = 1.0;
    return 1.0 / ((1.0 - share) + share / local);
}

/* log2 of n^poly * log2(n)^log * 2^n (the last only for an exponential). */
static double log2_cost(struct pa_cx cx, double n)
{
    double lg = log2(n);
    double c = cx.poly * lg + (cx.log && lg > 1.0 ? cx.log * log2(lg) : 0.0);
    if (cx.exp)
        c += n;
    return c;
}

double pa_complexity_ratio(struct pa_cx current, struct pa_cx proposed, double n)
{
    if (n < 2.0)
        n = 2.0;
    double r = log2_cost(current, n) - log2_cost(proposed, n);
    if (r <= 0.0)
        return 1.0;
    return r > 1000.0 ? exp2(1000.0) : exp2(r);
}

/* The n at which cost(cx) steps take `steps`: the size the measured time implies. */
static double size_for_steps(struct pa_cx cx, double steps)
{
    if (steps <= 4.0 || (cx.poly == 0 && cx.log == 0 && !cx.exp))
        return 2.0;
    double target = log2(steps), lo = 1.0, hi = 200.0; /* log2(n) */
    if (cx.exp)
        hi = log2(target + 2.0) + 1.0; /* 2^n alone reaches the target by n = target */
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2.0;
        if (log2_cost(cx, exp2(mid)) < target)
            lo = mid;
        else
            hi = mid;
    }
    return exp2(lo);
}

static const struct pa_loop *loop_starting_at(const struct pa_function *fn, unsigned line)
{
    for (unsigned i = 0; i < fn->nloops; i++)
        if (fn->loops[i]->line == line)
            return fn->loops[i];
    return NULL;
}

static const struct pa_loop *innermost_loop_around(const struct pa_function *fn, unsigned line)
{
    const struct pa_loop *best = NULL;
    for (unsigned i = 0; i < fn->nloops; i++) {
        const struct pa_loop *l = fn->loops[i];
        if (l->line <= line && line <= l->end_line && (!best || l->depth > best->depth))
            best = l;
    }
    return best;
}

static const struct pa_loop *outermost_loop_around(const struct pa_function *fn, unsigned line)
{
    const struct pa_loop *l = innermost_loop_around(fn, line);
    while (l && l->parent)
        l = l->parent;
    return l;
}

/* The code a fix changes: the loop flagged, or the loop around the flagged code (an exponential
 * recursion: the whole function). */
static void region_of(const struct pa_finding *f, unsigned *first, unsigned *last)
{
    const struct pa_function *fn = f->function;
    const struct pa_loop *loop = loop_starting_at(fn, f->line);
    *first = fn->line;
    *last = fn->end_line;
    switch (f->rule->estimate.model) {
    case PA_SPEEDUP_COMPLEXITY:
        if (f->current.exp)
            return;
        if (!loop)
            loop = innermost_loop_around(fn, f->line);
        break;
    case PA_SPEEDUP_REMOVE_CALLS:
        loop = innermost_loop_around(fn, f->line);
        break;
    case PA_SPEEDUP_FACTOR:
    case PA_SPEEDUP_PARALLEL:
        if (!loop)
            loop = outermost_loop_around(fn, f->line);
        break;
    }
    if (loop) {
        *first = loop->line;
        *last = loop->end_line;
    }
}

/* A complexity fix of an operation repeated in a loop (a scan, an append, a sort) changes
 * that operation's time, not the rest of the loop: its line, or 0 when the finding is a loop or
 * a recursion as a whole. */
static unsigned operation_line(const struct pa_finding *f)
{
    const struct pa_function *fn = f->function;
    if (f->rule->estimate.model != PA_SPEEDUP_COMPLEXITY || f->current.exp ||
        loop_starting_at(fn, f->line) || !innermost_loop_around(fn, f->line))
        return 0;
    return f->line;
}

/* Lines of the code a developer reworks: the loop around the finding, or the function. */
static unsigned touched_lines(const struct pa_finding *f)
{
    const struct pa_function *fn = f->function;
    const struct pa_loop *l = loop_starting_at(fn, f->line);
    if (!l)
        l = innermost_loop_around(fn, f->line);
    if (l)
        return l->end_line - l->line + 1;
    return fn->end_line >= fn->line ? fn->end_line - fn->line + 1 : 1;
}

/* The measured project callee on the finding's line, if any. */
static const struct pa_measure *callee_measure(const struct pa_join *join,
                                               const struct pa_finding *f)
{
    const struct pa_function *fn = f->function;
    for (unsigned i = 0; i < fn->ncalls; i++) {
        const struct pa_call_site *s = &fn->calls[i];
        if (s->call->line == f->line && s->callee >= 0 && s->callee != (int)fn->id &&
            join->measures[s->callee].has_calls)
            return &join->measures[s->callee];
    }
    return NULL;
}

static void complexity_model(const struct pa_estimate_context *ctx, const struct pa_finding *f,
                             double region_seconds, struct pa_estimate *out, struct pa_strbuf *why)
{
    char cur[PA_CX_STRLEN], prop[PA_CX_STRLEN];
    pa_cx_format(f->current, cur, sizeof(cur));
    pa_cx_format(f->proposed, prop, sizeof(prop));
    const struct pa_measure *m = ctx->join ? &ctx->join->measures[f->function->id] : NULL;
    const struct pa_measure *callee = ctx->join ? callee_measure(ctx->join, f) : NULL;
    double n;
    char source[160];
    if (!out->measured) {
        n = PA_STATIC_N;
        snprintf(source, sizeof(source), "assumed");
    } else if (f->current.exp && m->has_calls && m->primitive_calls) {
        double per_call = (double)m->ncalls / (double)m->primitive_calls;
        n = size_for_steps(f->current, per_call);
        snprintf(source, sizeof(source), "%.0f recursive calls per top-level call, counted",
                 per_call);
    } else if (m->has_calls && m->ncalls && callee) {
        n = (double)callee->ncalls / (double)m->ncalls;
        snprintf(source, sizeof(source), "%.0f calls of the callee per call, counted", n);
    } else {
        double executions = m->has_calls && m->ncalls ? (double)m->ncalls : 1.0;
        double seconds = region_seconds / executions;
        n = size_for_steps(f->current, seconds / PA_STEP_SECONDS);
        snprintf(source, sizeof(source), "%.3g s%s at %.0f ns a step", seconds,
                 executions > 1.0 ? " a call" : "", PA_STEP_SECONDS * 1e9);
    }
    if (n < 2.0)
        n = 2.0;
    double ratio = pa_complexity_ratio(f->current, f->proposed, n) / PA_PROPOSED_STEP_COST;
    out->n = n;
    out->local_speedup = ratio > 1.0 ? ratio : 1.0;
    pa_strbuf_printf(why,
                     "%s to %s at n ~ %.0f (%s), a step of the new code taken as %.0f of the old: "
                     "%.3gx faster",
                     cur, prop, n, source, PA_PROPOSED_STEP_COST, out->local_speedup);
}

static void remove_calls_model(const struct pa_estimate_context *ctx, const struct pa_finding *f,
                               uint64_t region_samples, struct pa_estimate *out,
                               struct pa_strbuf *why)
{
    const struct pa_rule_estimate *e = &f->rule->estimate;
    double removed = 1.0 - e->factor;
    if (!out->measured) {
        out->local_speedup = 1.0 / (1.0 - 0.5 * removed);
        pa_strbuf_printf(why,
                         "the calls taken as half of the loop's time, %.0f%% of it saved: "
                         "%.3gx faster",
                         100.0 * removed, out->local_speedup);
        return;
    }
    struct pa_join_query q = {f->function, out->first_line, out->last_line, true, e->callees};
    if (!e->callees) {
        /* the flagged statement goes as a whole: its calls and the arithmetic around them */
        q.first_line = q.last_line = f->line;
        q.in_callee = false;
    }
    uint64_t calls = pa_join_samples(ctx->join, &q);
    double saved = (double)calls * removed;
    double rest = (double)region_samples - saved;
    out->local_speedup = rest > 0.0 ? (double)region_samples / rest : 1.0;
    if (rest <= 0.0 && region_samples)
        out->local_speedup = (double)region_samples; /* all of it goes: bounded by one sample */
    pa_strbuf_printf(
        why,
        "the flagged code takes %llu of the loop's %llu samples, %.0f%% of them saved: "
        "%.3gx faster",
        (unsigned long long)calls, (unsigned long long)region_samples, 100.0 * removed,
        out->local_speedup);
}

const char *pa_confidence_name(enum pa_confidence c)
{
    switch (c) {
    case PA_CONFIDENCE_LOW:
        return "low";
    case PA_CONFIDENCE_MEDIUM:
        return "medium";
    default:
        return "high";
    }
}

/* Real performance bugs are one or two growing loops deep; a claim of n^4 or more is almost
 * always costs composed through helpers whose sizes are not the same n. */
#define IMPLAUSIBLE_POLY 4

static void rate_confidence(const struct pa_finding *f, struct pa_estimate *out)
{
    int level = PA_CONFIDENCE_HIGH;
    const char *reason = "";
    if (f->function->incomplete) {
        level--;
        reason = "the function did not parse whole";
    }
    if (f->current.unknown) {
        level--;
        reason = "a loop it counts has no bound the analysis could name";
    }
    if (!f->current.exp && f->current.poly >= IMPLAUSIBLE_POLY) {
        level = PA_CONFIDENCE_LOW;
        reason = "the claimed growth composes many loops and calls whose sizes may differ";
    }
    out->confidence = level < PA_CONFIDENCE_LOW ? PA_CONFIDENCE_LOW : (enum pa_confidence)level;
    out->confidence_reason = reason;
}

void pa_estimate_finding(const struct pa_estimate_context *ctx, const struct pa_finding *f,
                         struct pa_estimate *out)
{
    const struct pa_rule_estimate *e = &f->rule->estimate;
    const struct pa_join *join = ctx->join;
    memset(out, 0, sizeof(*out));
    out->finding = f;
    out->assumption = e->assumption;
    rate_confidence(f, out);
    region_of(f, &out->first_line, &out->last_line);
    out->effort_hours =
        PA_VALIDATION_HOURS + e->base_hours + e->hours_per_line * (double)touched_lines(f);

    struct pa_strbuf why = {0};
    uint64_t region_samples = 0;
    double region_seconds = 0.0;
    out->measured = join != NULL;
    if (!join) {
        out->share = 1.0;
    } else if (join->total_samples) {
        struct pa_join_query q = {f->function, out->first_line, out->last_line, false, NULL};
        unsigned op = operation_line(f);
        region_samples =
            op ? pa_join_operation_samples(join, f->function, out->first_line, out->last_line, op)
               : pa_join_samples(join, &q);
        out->share = (double)region_samples / (double)join->total_samples;
        /* a profile cannot tell the rest of the run from nothing below one sample: at least
         * one sample's worth stays outside the changed code */
        double resolution = 1.0 - 1.0 / (double)join->total_samples;
        if (out->share > resolution)
            out->share = resolution;
        region_seconds = out->share * join->total_time;
    } else {
        /* exact statistics without samples: only the function's cumulative share is known */
        const struct pa_measure *m = &join->measures[f->function->id];
        out->share = m->cum_pct / 100.0;
        region_seconds = m->cumtime;
        out->first_line = f->function->line;
        out->last_line = f->function->end_line;
    }

    if (out->measured && out->share <= 0.0) {
        out->local_speedup = 1.0;
        pa_strbuf_printf(&why, "no samples in lines %u-%u: nothing to save on this workload",
                         out->first_line, out->last_line);
    } else {
        switch (e->model) {
        case PA_SPEEDUP_COMPLEXITY:
            complexity_model(ctx, f, region_seconds, out, &why);
            break;
        case PA_SPEEDUP_REMOVE_CALLS:
            if (join && !join->total_samples) {
                out->local_speedup = 1.0;
                pa_strbuf_printf(&why, "no line samples in the profile to time the calls by");
            } else {
                remove_calls_model(ctx, f, region_samples, out, &why);
            }
            break;
        case PA_SPEEDUP_FACTOR:
            out->local_speedup = e->factor > 1.0 ? e->factor : 1.0;
            pa_strbuf_printf(&why, "a tuned implementation taken as %.3gx faster",
                             out->local_speedup);
            break;
        case PA_SPEEDUP_PARALLEL: {
            unsigned cores = ctx->cores ? ctx->cores : 1;
            out->local_speedup = 1.0 + (double)(cores - 1) * e->factor;
            pa_strbuf_printf(&why, "%u cores at %.0f%% efficiency: %.3gx faster", cores,
                             100.0 * e->factor, out->local_speedup);
            break;
        }
        }
    }
    out->speedup = pa_amdahl(out->share, out->local_speedup);
    if (out->measured)
        pa_strbuf_printf(&why, "; %.1f%% of the run in lines %u-%u", 100.0 * out->share,
                         out->first_line, out->last_line);
    else
        pa_strbuf_printf(&why, "; %s", PA_STATIC_NOTE);
    out->model = pa_strbuf_detach(&why);
}
