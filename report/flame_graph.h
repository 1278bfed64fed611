/* flame_graph.h: the flame-graph writers of `perfaudit flame` (and of `perfaudit diff`'s page):
 * the interactive HTML page, folded stacks and speedscope's JSON. They format the merged call
 * tree of report/flame_tree.h and never compute anything the profile does not say. */
#ifndef PERFAUDIT_FLAME_GRAPH_H
#define PERFAUDIT_FLAME_GRAPH_H

#include "perfaudit/profile.h"

struct pa_strbuf;

/* Self-contained interactive page. baseline NULL: an ordinary flame graph of profile.
 * baseline non-NULL: a differential flame graph of baseline (before) -> profile (after):
 * frames merged by function name (+file) along the stack path, each frame carrying both
 * sides' time in SECONDS (samples x each profile's period, so profiles with different rates
 * compare), coloured by the change (red = more time after, blue = less), with a page toggle
 * to draw the widths from the before or the after profile, and tooltips giving before, after,
 * delta and percent change. */
void pa_flame_html(const struct pa_profile *profile, const struct pa_profile *baseline,
                   const char *title, struct pa_strbuf *out);
/* "main;f;g 12\n", root first, one line per distinct path, sorted */
void pa_flame_folded(const struct pa_profile *profile, struct pa_strbuf *out);
/* speedscope's file format (https://www.speedscope.app/file-format-schema.json), type
 * "sampled", unit seconds, frames with name/file/line */
void pa_flame_speedscope(const struct pa_profile *profile, const char *name, struct pa_strbuf *out);

#endif
