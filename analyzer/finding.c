/* finding.c: the findings list and the reporting entry point detectors call. */
#include "perfaudit/finding.h"
#include "loop_bound.h"
#include "perfaudit/rule.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pa_findings_add(struct pa_findings *list, const struct pa_finding *finding)
{
    PA_GROW(list->items, list->cap, list->n + 1);
    list->items[list->n++] = *finding;
}

static int by_place(const void *a, const void *b)
{
    const struct pa_finding *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return strcmp(x->rule->id, y->rule->id);
}

void pa_findings_finish(struct pa_findings *list)
{
    if (list->n)
        qsort(list->items, list->n, sizeof(list->items[0]), by_place);
    for (size_t i = 0; i < list->n; i++)
        snprintf(list->items[i].id, sizeof(list->items[i].id), "F%zu", i + 1);
}

void pa_finding_clear(struct pa_finding *f)
{
    free(f->message);
    free(f->suggestion);
    free(f->derivation);
    f->message = f->suggestion = f->derivation = NULL;
}

void pa_findings_free(struct pa_findings *list)
{
    for (size_t i = 0; i < list->n; i++)
        pa_finding_clear(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

const char *pa_loop_explain(const struct pa_loop *loop, char *buf, size_t size)
{
    const char *why = pa_trip_reason_text(loop->trip.reason);
    switch (loop->trip.kind) {
    case PA_TRIP_CONSTANT:
        snprintf(buf, size, "line %u: O(1), %s", loop->line, why);
        break;
    case PA_TRIP_LOG:
        snprintf(buf, size, "line %u: O(log n), %s", loop->line, why);
        break;
    case PA_TRIP_LINEAR:
        snprintf(buf, size, "line %u: O(n), %s", loop->line, why);
        break;
    default:
        snprintf(buf, size, "line %u: not bounded (%s), counted as O(n)", loop->line, why);
        break;
    }
    return buf;
}

/* Is l inside (or) a loop that starts on line: the nest a finding at a loop's line is about? */
static bool in_nest_at(const struct pa_loop *l, unsigned line)
{
    for (; l; l = l->parent)
        if (l->line == line)
            return true;
    return false;
}

/* The loops of fn around line, and the nest of a loop starting there, outermost first, each
 * explained (at most 8). */
static char *derivation_of(const struct pa_function *fn, unsigned line)
{
    struct pa_strbuf sb = {0};
    char one[256];
    unsigned shown = 0;
    for (unsigned i = 0; fn && i < fn->nloops && shown < 8; i++) {
        const struct pa_loop *l = fn->loops[i];
        if ((line < l->line || line > l->end_line) && !in_nest_at(l, line))
            continue;
        shown++;
        if (sb.data)
            pa_strbuf_append(&sb, "; ");
        pa_strbuf_append(&sb, pa_loop_explain(l, one, sizeof(one)));
    }
    return sb.data ? sb.data : pa_xstrdup("");
}

/* Messages are one line by contract: newlines become spaces. */
static char *one_line(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return s;
}

void pa_rule_report(const struct pa_rule_context *ctx, unsigned line, unsigned column,
                    struct pa_cx current, struct pa_cx proposed, const char *suggestion,
                    const char *message_fmt, ...)
{
    struct pa_strbuf msg = {0};
    va_list ap;
    va_start(ap, message_fmt);
    pa_strbuf_vprintf(&msg, message_fmt, ap);
    va_end(ap);
    /* The same rule at the same place once: nested shapes may be reached twice. Findings of
     * one function are contiguous at the end of the list. */
    for (size_t i = ctx->out->n; i-- > 0 && ctx->out->items[i].function == ctx->function;) {
        const struct pa_finding *f = &ctx->out->items[i];
        if (f->rule == ctx->rule && f->line == line && f->column == column) {
            pa_strbuf_free(&msg);
            return;
        }
    }
    struct pa_finding f = {
        .rule = ctx->rule,
        .function = ctx->function,
        .file = ctx->function->file,
        .line = line,
        .column = column,
        .current = current,
        .proposed = proposed,
        .message = one_line(msg.data ? msg.data : pa_xstrdup("")),
        .suggestion = one_line(pa_xstrdup(suggestion)),
        .derivation = derivation_of(ctx->function, line),
    };
    pa_findings_add(ctx->out, &f);
}

struct pa_cx pa_loop_nest_cost(const struct pa_loop *loop)
{
    struct pa_cx c = loop->cost;
    for (const struct pa_loop *l = loop->parent; l; l = l->parent) {
        switch (l->trip.kind) {
        case PA_TRIP_LINEAR:
            c = pa_cx_mul(c, PA_CX_N);
            break;
        case PA_TRIP_LOG:
            c = pa_cx_mul(c, PA_CX_LOG);
            break;
        case PA_TRIP_UNKNOWN: /* not bounded: counted as growing, and marked unknown */
            c = pa_cx_mul(c, PA_CX_N);
            c.unknown = true;
            break;
        default:
            break;
        }
    }
    return c;
}
