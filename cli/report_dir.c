/* report_dir.c: writing the report directory: pictures first, then the report that links
 * them, so that a picture that failed is not linked. */
#include "report_dir.h"
#include "bar_chart.h"
#include "callgraph.h"
#include "diff_report.h"
#include "error.h"
#include "exit_codes.h"
#include "fileio.h"
#include "flame_graph.h"
#include "graphviz.h"
#include "options.h"
#include "output.h"
#include "perfaudit/profile.h"
#include "perfaudit/profile_diff.h"
#include "perfaudit/ranking.h"
#include "report.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define CHART_ROWS 12
#define MAX_TARGET 64

static const char *base_name(const char *path, size_t *len)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && path[start - 1] != '/')
        start--;
    *len = n - start;
    return path + start;
}

static void clean_name(const char *name, size_t len, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < size && n < MAX_TARGET; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        buf[n++] = ok ? c : '_';
    }
    buf[n] = '\0';
}

void pa_report_dir_target(const struct pa_report_dir_request *r, char *buf, size_t size)
{
    const char *name = r->target;
    size_t len = name ? strlen(name) : 0;
    for (unsigned f = 0; !name && r->profile && f < r->profile->nfunctions; f++) {
        const struct pa_prof_function *fn = &r->profile->functions[f];
        if (strcmp(fn->name, "main") == 0 && fn->module && *fn->module)
            name = base_name(fn->module, &len);
    }
    if (!name && r->npaths) {
        name = base_name(r->paths[0], &len);
        const char *dot = memchr(name, '.', len);
        if (dot && dot > name) /* "csv_join.c" -> "csv_join"; ".", "..": no name */
            len = (size_t)(dot - name);
        if (len == 0 || name[0] == '.')
            name = NULL;
    }
    if (!name) {
        name = "program";
        len = strlen(name);
    }
    clean_name(name, len, buf, size);
}

struct written {
    struct pa_strbuf list;
    int rc;
};

static void note_result(struct written *w, const char *name, int ok, const struct pa_error *err)
{
    if (ok == 0) {
        pa_strbuf_append(&w->list, w->list.len ? ", " : "");
        pa_strbuf_append(&w->list, name);
    } else {
        w->rc = pa_usage_error("%s", err->message);
    }
}

static int write_text(const char *path, const struct pa_strbuf *text, struct pa_error *err)
{
    return pa_write_file_atomic(path, pa_strbuf_cstr(text), text->len, err);
}

int pa_report_dir_write(const struct pa_report_dir_request *r)
{
    struct pa_error err;
    if (pa_make_dirs(r->dir, &err) < 0)
        return pa_usage_error("%s", err.message);
    char target[MAX_TARGET + 1], date[16] = "undated";
    pa_report_dir_target(r, target, sizeof target);
    time_t now = pa_report_time();
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
    char flame[128], callgraph[128], improvement[128], report[160], path[4352];
    snprintf(flame, sizeof flame, "flame_%s.html", target);
    snprintf(callgraph, sizeof callgraph, "callgraph_%s.png", target);
    snprintf(improvement, sizeof improvement, "improvement_%s.png", target);
    snprintf(report, sizeof report, "performance_analysis_%s_%s.md", target, date);
    struct written w = {{0}, PA_EXIT_OK};
    struct pa_markdown_extras extras = {0};

    struct pa_strbuf text = {0};
    char title[256];
    snprintf(title, sizeof title, "Flame graph: %s", target);
    pa_flame_html(r->profile, NULL, title, &text);
    snprintf(path, sizeof path, "%s/%s", r->dir, flame);
    int ok = write_text(path, &text, &err);
    note_result(&w, flame, ok, &err);
    extras.flame_graph = ok == 0 ? flame : NULL;

    pa_strbuf_reset(&text);
    struct pa_callgraph_options cg;
    pa_callgraph_options_default(&cg);
    pa_callgraph_dot(r->profile, &cg, &text);
    snprintf(path, sizeof path, "%s/%s", r->dir, callgraph);
    ok = pa_graphviz_render(&text, path, &err);
    note_result(&w, callgraph, ok, &err);
    extras.call_graph = ok == 0 ? callgraph : NULL;

    if (r->diff) {
        extras.diff = r->diff;
        snprintf(path, sizeof path, "%s/%s", r->dir, improvement);
        ok = pa_diff_chart(r->diff, CHART_ROWS, path, &err);
        pa_bar_chart_release_fonts(); /* nothing else draws: leak checkers stay quiet */
        note_result(&w, improvement, ok, &err);
        extras.diff_chart = ok == 0 ? improvement : NULL;
    }

    pa_strbuf_reset(&text);
    pa_report_markdown_with(r->analysis, r->ranking, &extras, &text);
    snprintf(path, sizeof path, "%s/%s", r->dir, report);
    note_result(&w, report, write_text(path, &text, &err), &err);

    if (w.list.len)
        fprintf(stderr, "perfaudit: wrote %s/: %s\n", r->dir, pa_strbuf_cstr(&w.list));
    pa_strbuf_free(&text);
    pa_strbuf_free(&w.list);
    return w.rc;
}
