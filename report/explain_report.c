/* explain_report.c: analyze --explain FUNCTION: a function's summary as text, each effect with
 * the chain of calls it was derived through. */
#include "perfaudit/analysis.h"
#include "perfaudit/summary.h"
#include "report.h"
#include "strbuf.h"

#include <string.h>

#define CHAIN_LEN 512

static const char *param_name(const struct pa_function *fn, int k)
{
    for (unsigned v = 0; v < fn->nvars; v++)
        if (fn->vars[v].kind == PA_VAR_PARAM && fn->vars[v].param_index == k)
            return fn->vars[v].name ? fn->vars[v].name : "?";
    return "?";
}

static void explain_effects(const struct pa_summary *s, const struct pa_function *fn,
                            const struct pa_effects *fx, int subject, struct pa_strbuf *out)
{
    char chain[CHAIN_LEN];
    for (int e = 0; e < PA_EFFECT_COUNT; e++) {
        if (!(fx->mask & PA_EFFECT_BIT(e)))
            continue;
        pa_strbuf_printf(out, "    %s", pa_effect_name((enum pa_effect)e));
        if (e == PA_EFFECT_SHIFTS_TAIL) {
            if (fx->shift_at == PA_POS_START)
                pa_strbuf_append(out, " (from the start)");
            else if (fx->shift_at == PA_POS_PARAM)
                pa_strbuf_printf(out, " (from the position in parameter '%s')",
                                 param_name(fn, fx->shift_param));
            else
                pa_strbuf_append(out, " (from a position it computes)");
        }
        if (e == PA_EFFECT_RESIZES && fx->size_param >= 0)
            pa_strbuf_printf(out, " (to the size in parameter '%s')",
                             param_name(fn, fx->size_param));
        if ((e == PA_EFFECT_READS || e == PA_EFFECT_SEARCHES) && fx->bound_param >= 0)
            pa_strbuf_printf(out, " (up to parameter '%s')", param_name(fn, fx->bound_param));
        pa_witness_chain(s, subject, (enum pa_effect)e, chain, sizeof(chain));
        pa_strbuf_printf(out, ": %s\n", chain);
    }
}

static void explain_function(const struct pa_program *prog, const struct pa_function *fn,
                             struct pa_strbuf *out)
{
    const struct pa_summary *s = pa_function_summary(fn);
    char cx[PA_CX_STRLEN], chain[CHAIN_LEN];
    pa_strbuf_printf(out, "%s (%s:%u-%u)\n", fn->name, fn->file, fn->line, fn->end_line);
    pa_strbuf_printf(out, "  complexity: %s\n", pa_cx_format(fn->cx, cx, sizeof(cx)));
    if (fn->size_params) {
        pa_strbuf_append(out, "  grows with:");
        for (int k = 0; k < 32; k++)
            if (fn->size_params & (1u << k))
                pa_strbuf_printf(out, " '%s'", param_name(fn, k));
        pa_strbuf_putc(out, '\n');
    }
    if (!s)
        return;
    pa_strbuf_printf(out, "  derived in %u pass%s%s%s\n", s->passes, s->passes == 1 ? "" : "es",
                     s->pure ? ", pure" : "",
                     s->opaque ? ", calls code without a summary (indirect or unknown)" : "");
    for (unsigned k = 0; k < fn->nparams && k < PA_SUMMARY_MAX_PARAMS; k++) {
        pa_strbuf_printf(out, "  parameter %u '%s':%s\n", k, param_name(fn, (int)k),
                         s->params[k].mask ? "" : " no effects");
        explain_effects(s, fn, &s->params[k], (int)k, out);
    }
    if (s->receiver.mask) {
        pa_strbuf_append(out, "  its object (this):\n");
        explain_effects(s, fn, &s->receiver, PA_SUBJECT_RECEIVER, out);
    }
    for (unsigned g = 0; g < s->nglobals; g++) {
        pa_strbuf_printf(out, "  global '%s':\n", s->globals[g].name);
        explain_effects(s, fn, &s->globals[g].fx, -1 - (int)g, out);
    }
    if (s->ret != PA_RETURN_OTHER) {
        static const char *const what[] = {"", "a fresh allocation", "a fresh copy of",
                                           "a fresh copy, with more, of"};
        pa_strbuf_printf(out, "  returns %s", what[s->ret]);
        for (int k = 0; k < 32; k++)
            if (s->ret_params & (1u << k))
                pa_strbuf_printf(out, " '%s'", param_name(fn, k));
        pa_witness_chain(s, PA_SUBJECT_RETURN, PA_EFFECT_READS, chain, sizeof(chain));
        pa_strbuf_printf(out, ": %s\n", chain);
    }
    static const char *const io_what[PA_IO_KINDS] = {"a transfer", "a flush", "a seek"};
    for (int k = 0; k < PA_IO_KINDS; k++) {
        const struct pa_io_effect *io = &s->io[k];
        if (!io->per_call)
            continue;
        pa_strbuf_printf(out, "  on every call, %s (%s)", io_what[k], io->call);
        if (io->size_param >= 0)
            pa_strbuf_printf(out, " of parameter '%s' bytes", param_name(fn, io->size_param));
        else if (io->bytes >= 0)
            pa_strbuf_printf(out, " of %lld byte%s", io->bytes, io->bytes == 1 ? "" : "s");
        if (io->stream_param >= 0)
            pa_strbuf_printf(out, " on parameter '%s'", param_name(fn, io->stream_param));
        pa_witness_chain(s, PA_SUBJECT_IO - k, PA_EFFECT_READS, chain, sizeof(chain));
        pa_strbuf_printf(out, ": %s\n", chain);
    }
    if (s->open.per_call) {
        pa_strbuf_printf(out, "  on every call, opens a file (%s)", s->open.call);
        if (s->open.path_param >= 0)
            pa_strbuf_printf(out, " named by parameter '%s'", param_name(fn, s->open.path_param));
        pa_witness_chain(s, PA_SUBJECT_OPEN, PA_EFFECT_READS, chain, sizeof(chain));
        pa_strbuf_printf(out, ": %s\n", chain);
    }
    if (fn->ncalls) {
        pa_strbuf_append(out, "  depends on:");
        for (unsigned i = 0; i < fn->ncalls; i++) {
            const struct pa_call_site *site = &fn->calls[i];
            bool seen = false;
            for (unsigned j = 0; j < i && !seen; j++)
                seen =
                    fn->calls[j].callee == site->callee &&
                    (site->callee >= 0 || (site->call->name && fn->calls[j].call->name &&
                                           strcmp(site->call->name, fn->calls[j].call->name) == 0));
            if (seen)
                continue;
            const struct pa_summary *cs = pa_call_summary(prog, site);
            pa_strbuf_printf(out, " %s (%s)", site->call->name ? site->call->name : "(indirect)",
                             !cs      ? "no summary"
                             : cs->fn ? "project"
                                      : "library");
        }
        pa_strbuf_putc(out, '\n');
    }
}

unsigned pa_report_explain(const struct pa_analysis *analysis, const char *function,
                           struct pa_strbuf *out)
{
    const struct pa_program *prog = &analysis->program;
    unsigned found = 0;
    for (unsigned i = 0; i < prog->nfunctions; i++) {
        const struct pa_function *fn = prog->functions[i];
        if (!fn->name || strcmp(fn->name, function) != 0)
            continue;
        if (found++)
            pa_strbuf_putc(out, '\n');
        explain_function(prog, fn, out);
    }
    return found;
}
