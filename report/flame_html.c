/* flame_html.c: the flame graph page: one self-contained HTML file holding the merged tree as
 * JSON, and the script and style of report/assets/ that draw it (ordinary or differential). */
#include "flame_assets.h"
#include "flame_graph.h"
#include "flame_tree.h"
#include "json_util.h"
#include "strbuf.h"

#include <stdlib.h>

static void html_escape(struct pa_strbuf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            pa_strbuf_append(out, "&amp;");
            break;
        case '<':
            pa_strbuf_append(out, "&lt;");
            break;
        case '>':
            pa_strbuf_append(out, "&gt;");
            break;
        case '"':
            pa_strbuf_append(out, "&quot;");
            break;
        default:
            pa_strbuf_putc(out, *s);
        }
    }
}

/* "profile <code>app.prof</code> (perfaudit, sampling) · 1234 samples at 999 Hz · ..." */
static void meta_line(struct pa_strbuf *out, const char *label, const struct pa_profile *p)
{
    pa_strbuf_printf(out, "<p class=\"meta\"><span class=\"side\">%s</span> <code>", label);
    html_escape(out, p->path);
    pa_strbuf_append(out, "</code> <span class=\"dim\">(");
    html_escape(out, p->format);
    pa_strbuf_printf(out, ", %s)</span> &middot; %llu samples",
                     p->mode == PA_PROFILE_INSTRUMENTED ? "instrumented" : "sampling",
                     (unsigned long long)p->samples);
    if (p->frequency_hz > 0)
        pa_strbuf_printf(out, " at %g Hz%s", p->frequency_hz,
                         p->period_assumed ? " (assumed: the file does not say)" : "");
    pa_strbuf_printf(out, " &middot; %.3f s of CPU", (double)p->samples * p->period);
    if (p->duration > 0)
        pa_strbuf_printf(out, " &middot; %.3f s duration", p->duration);
    pa_strbuf_append(out, "</p>\n");
}

static cJSON *profile_json(const struct pa_profile *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", p->path);
    cJSON_AddStringToObject(o, "format", p->format);
    cJSON_AddStringToObject(o, "mode",
                            p->mode == PA_PROFILE_INSTRUMENTED ? "instrumented" : "sampling");
    cJSON_AddNumberToObject(o, "samples", (double)p->samples);
    cJSON_AddNumberToObject(o, "period", p->period);
    cJSON_AddNumberToObject(o, "frequency_hz", p->frequency_hz);
    cJSON_AddNumberToObject(o, "duration", p->duration);
    cJSON_AddBoolToObject(o, "period_assumed", p->period_assumed);
    return o;
}

static cJSON *numbers(void)
{
    return cJSON_CreateArray();
}

static void push(cJSON *array, double x)
{
    cJSON_AddItemToArray(array, cJSON_CreateNumber(x));
}

/* The tree as columns (one array per field, one entry per node, pre-order): compact, and the
 * script reads it without building objects. */
static cJSON *data_json(const struct pa_flame_tree *t, const struct pa_profile *after,
                        const struct pa_profile *before, const char *title)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "title", title);
    cJSON_AddBoolToObject(root, "diff", before != NULL);
    cJSON *profiles = cJSON_AddArrayToObject(root, "profiles");
    cJSON_AddItemToArray(profiles, profile_json(after));
    if (before)
        cJSON_AddItemToArray(profiles, profile_json(before));

    cJSON *frames = cJSON_AddObjectToObject(root, "frames");
    cJSON *name = cJSON_AddArrayToObject(frames, "name"), *file = numbers(), *line = numbers();
    cJSON *module = numbers();
    for (uint32_t i = 0; i < t->nframes; i++) {
        const struct pa_flame_frame *f = &t->frames[i];
        cJSON_AddItemToArray(name, cJSON_CreateString(f->name));
        cJSON_AddItemToArray(file, f->file ? cJSON_CreateString(f->file) : cJSON_CreateNull());
        push(line, f->line);
        cJSON_AddItemToArray(module,
                             f->module ? cJSON_CreateString(f->module) : cJSON_CreateNull());
    }
    cJSON_AddItemToObject(frames, "file", file);
    cJSON_AddItemToObject(frames, "line", line);
    cJSON_AddItemToObject(frames, "module", module);

    cJSON *nodes = cJSON_AddObjectToObject(root, "nodes");
    cJSON *frame = numbers(), *parent = numbers(), *col[4];
    for (int k = 0; k < 4; k++)
        col[k] = numbers();
    for (uint32_t i = 0; i < t->nnodes; i++) {
        const struct pa_flame_node *n = &t->nodes[i];
        push(frame, n->frame == PA_FLAME_NONE ? -1 : (double)n->frame);
        push(parent, n->parent == PA_FLAME_NONE ? -1 : (double)n->parent);
        push(col[0], (double)n->total[PA_FLAME_AFTER]);
        push(col[1], (double)n->self[PA_FLAME_AFTER]);
        push(col[2], (double)n->total[PA_FLAME_BEFORE]);
        push(col[3], (double)n->self[PA_FLAME_BEFORE]);
    }
    cJSON_AddItemToObject(nodes, "frame", frame);
    cJSON_AddItemToObject(nodes, "parent", parent);
    cJSON_AddItemToObject(nodes, "total", col[0]);
    cJSON_AddItemToObject(nodes, "self", col[1]);
    if (before) {
        cJSON_AddItemToObject(nodes, "btotal", col[2]);
        cJSON_AddItemToObject(nodes, "bself", col[3]);
    } else {
        cJSON_Delete(col[2]);
        cJSON_Delete(col[3]);
    }
    return root;
}

/* JSON inside <script>: every '<' becomes \u003c (it can only occur inside strings), so no
 * "</script>" or "<!--" in a function name can end or disturb the element. */
static void append_script_json(struct pa_strbuf *out, const char *json)
{
    for (const char *c = json; *c; c++) {
        if (*c == '<')
            pa_strbuf_append(out, "\\u003c");
        else
            pa_strbuf_putc(out, *c);
    }
}

void pa_flame_html(const struct pa_profile *profile, const struct pa_profile *baseline,
                   const char *title, struct pa_strbuf *out)
{
    struct pa_flame_tree t;
    pa_flame_tree_build(profile, baseline, &t);
    if (!title)
        title = baseline ? "Differential flame graph" : "Flame graph";

    pa_strbuf_append(out,
                     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"perfaudit " PA_VERSION "\">\n<title>");
    html_escape(out, title);
    pa_strbuf_append(out, "</title>\n<style>\n");
    pa_strbuf_append(out, pa_flame_css);
    pa_strbuf_printf(out,
                     "</style>\n</head>\n<body class=\"%s\">\n<header class=\"head\">\n<h1 "
                     "id=\"title\">",
                     baseline ? "diff" : "plain");
    html_escape(out, title);
    pa_strbuf_append(out, "</h1>\n");
    if (baseline) {
        meta_line(out, "before", baseline);
        meta_line(out, "after", profile);
    } else {
        meta_line(out, "profile", profile);
    }
    pa_strbuf_append(
        out,
        "</header>\n<nav class=\"toolbar\" aria-label=\"Flame graph controls\">\n"
        "<button type=\"button\" id=\"reset\" disabled title=\"Show the whole profile "
        "(Esc)\">Reset zoom</button>\n"
        "<div class=\"seg\" role=\"group\" aria-label=\"Orientation\">"
        "<button type=\"button\" id=\"view-flame\" aria-pressed=\"true\" title=\"Root at the "
        "bottom\">Flame</button><button type=\"button\" id=\"view-icicle\" aria-pressed=\"false\" "
        "title=\"Root at the top\">Icicle</button></div>\n");
    if (baseline)
        pa_strbuf_append(
            out, "<div class=\"seg\" role=\"group\" aria-label=\"Widths from\"><span "
                 "class=\"seg-label\">Widths</span><button type=\"button\" id=\"width-before\" "
                 "aria-pressed=\"false\" title=\"Frame widths from the before profile\">Before"
                 "</button><button type=\"button\" id=\"width-after\" aria-pressed=\"true\" "
                 "title=\"Frame widths from the after profile\">After</button></div>\n");
    pa_strbuf_append(
        out, "<input type=\"search\" id=\"search\" placeholder=\"Search functions (text or "
             "regex)\" aria-label=\"Search functions, by substring or regular expression\" "
             "autocomplete=\"off\" spellcheck=\"false\">\n"
             "<span id=\"match\" class=\"match\" role=\"status\" aria-live=\"polite\"></span>\n"
             "</nav>\n");
    if (baseline)
        pa_strbuf_append(out, "<p class=\"legend\"><span class=\"swatch less\"></span> less time "
                              "after <span class=\"swatch same\"></span> unchanged <span "
                              "class=\"swatch more\"></span> more time after <span "
                              "class=\"dim\">(colour by the change in each frame's own "
                              "time; totals in the tooltip)</span></p>\n");
    pa_strbuf_append(out,
                     "<main>\n<div id=\"crumbs\" class=\"crumbs\" aria-live=\"polite\"></div>\n"
                     "<div id=\"chart\" class=\"chart\" tabindex=\"0\" aria-label=\"Flame "
                     "graph: arrow keys move between frames, Enter zooms, Esc zooms "
                     "out\"></div>\n</main>\n"
                     "<div id=\"tooltip\" class=\"tooltip\" role=\"tooltip\" hidden></div>\n"
                     "<footer class=\"foot\">Click a frame to zoom into it &middot; Esc zooms "
                     "out &middot; / searches &middot; arrow keys move between frames, Enter "
                     "zooms &middot; perfaudit " PA_VERSION "</footer>\n"
                     "<script type=\"application/json\" id=\"flame-data\">");
    pa_json_init();
    cJSON *data = data_json(&t, profile, baseline, title);
    char *json = cJSON_PrintUnformatted(data);
    append_script_json(out, json);
    free(json);
    cJSON_Delete(data);
    pa_strbuf_append(out, "</script>\n<script>\n");
    pa_strbuf_append(out, pa_flame_js);
    pa_strbuf_append(out, "</script>\n</body>\n</html>\n");
    pa_flame_tree_free(&t);
}
