/* test_flame.c: the flame-graph writers (report/flame_tree.c, flame_folded.c, speedscope.c,
 * flame_html.c): the merged tree, folded stacks read back, speedscope's structure and the
 * differential values in seconds. */
#include "../profiler/fixture.h"
#include "error.h"
#include "fileio.h"
#include "flame_graph.h"
#include "flame_tree.h"
#include "perfaudit/profile.h"
#include "strbuf.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds count samples of a stack written root first ("main;f;g"), each frame a function of
 * file (at line 10 + its place in the stack, so that lines differ), leaf first in the model. */
static void add(struct pa_profile *p, const char *file, const char *stack, unsigned line,
                uint64_t count)
{
    unsigned frames[16], n = 0;
    char *copy = strdup(stack), *save = NULL;
    for (char *f = strtok_r(copy, ";", &save); f; f = strtok_r(NULL, ";", &save)) {
        unsigned fn = pa_profile_function(p, f, file, 1, "app");
        frames[n] = pa_profile_location(p, fn, line + n);
        n++;
    }
    for (unsigned i = 0; i < n / 2; i++) {
        unsigned t = frames[i];
        frames[i] = frames[n - 1 - i];
        frames[n - 1 - i] = t;
    }
    pa_profile_add_stack(p, frames, n, count);
    free(copy);
}

static struct pa_profile *sample_profile(double hz)
{
    struct pa_profile *p = pa_profile_new("test", "app.prof");
    p->frequency_hz = hz;
    p->period = 1.0 / hz;
    add(p, "app.c", "main;f;g", 10, 3);
    add(p, "app.c", "main;f;g", 20, 2); /* another line of g: the same frame */
    add(p, "app.c", "main;f", 10, 1);
    add(p, "app.c", "main;h", 10, 4);
    return p;
}

static uint32_t find_child(const struct pa_flame_tree *t, uint32_t node, const char *name)
{
    for (uint32_t c = t->nodes[node].first_child; c != PA_FLAME_NONE; c = t->nodes[c].next_sibling)
        if (strcmp(t->frames[t->nodes[c].frame].name, name) == 0)
            return c;
    return PA_FLAME_NONE;
}

START_TEST(test_tree_merges_by_function)
{
    struct pa_profile *p = sample_profile(1000);
    /* a second "h" from another file is another frame; from the same file, the same one */
    unsigned m = pa_profile_location(p, pa_profile_function(p, "main", "app.c", 1, "app"), 11);
    unsigned h_other = pa_profile_function(p, "h", "other.c", 1, "app");
    unsigned h_lib = pa_profile_function(p, "h", "app.c", 1, "libother.so");
    unsigned st1[] = {pa_profile_location(p, h_other, 5), m};
    unsigned st2[] = {pa_profile_location(p, h_lib, 99), m};
    pa_profile_add_stack(p, st1, 2, 7);
    pa_profile_add_stack(p, st2, 2, 5);
    struct pa_flame_tree t;
    pa_flame_tree_build(p, NULL, &t);
    ck_assert_uint_eq(t.sides, 1);
    ck_assert_uint_eq(t.nodes[0].total[0], 22);
    uint32_t main_n = find_child(&t, 0, "main");
    ck_assert_uint_ne(main_n, PA_FLAME_NONE);
    ck_assert_uint_eq(t.nodes[main_n].total[0], 22);
    ck_assert_uint_eq(t.nodes[main_n].self[0], 0);
    uint32_t f = find_child(&t, main_n, "f"), g = find_child(&t, f, "g");
    ck_assert_uint_eq(t.nodes[f].total[0], 6);
    ck_assert_uint_eq(t.nodes[f].self[0], 1);
    ck_assert_uint_eq(t.nodes[g].total[0], 5); /* both lines of g merged */
    ck_assert_uint_eq(t.nodes[g].self[0], 5);
    ck_assert_uint_eq(t.nodes[g].depth, 3);
    ck_assert_uint_eq(t.max_depth, 3);

    /* main's children: f, h (app.c, 4 + 5), h (other.c, 7), sorted by name then file */
    uint32_t c = t.nodes[main_n].first_child;
    ck_assert_str_eq(t.frames[t.nodes[c].frame].name, "f");
    c = t.nodes[c].next_sibling;
    ck_assert_str_eq(t.frames[t.nodes[c].frame].file, "app.c");
    ck_assert_uint_eq(t.nodes[c].total[0], 9);
    c = t.nodes[c].next_sibling;
    ck_assert_str_eq(t.frames[t.nodes[c].frame].file, "other.c");
    ck_assert_uint_eq(t.nodes[c].total[0], 7);
    ck_assert_uint_eq(t.nodes[c].next_sibling, PA_FLAME_NONE);

    /* pre-order: parents first, subtrees contiguous, totals add up */
    for (uint32_t i = 1; i < t.nnodes; i++) {
        const struct pa_flame_node *n = &t.nodes[i];
        ck_assert_uint_lt(n->parent, i);
        ck_assert_uint_le(n->end, t.nodes[n->parent].end);
        uint64_t sum = n->self[0];
        for (uint32_t k = n->first_child; k != PA_FLAME_NONE; k = t.nodes[k].next_sibling)
            sum += t.nodes[k].total[0];
        ck_assert_uint_eq(sum, n->total[0]);
    }
    ck_assert_uint_eq(t.nodes[0].end, t.nnodes);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, f, PA_FLAME_AFTER), 0.006, 1e-12);
    pa_flame_tree_free(&t);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_folded_round_trip)
{
    struct pa_profile *p = sample_profile(1000);
    struct pa_strbuf out = {0};
    pa_flame_folded(p, &out);
    ck_assert_str_eq(pa_strbuf_cstr(&out), "main;f 1\nmain;f;g 5\nmain;h 4\n");

    struct pa_error err;
    char path[256];
    snprintf(path, sizeof(path), "%s", fixture_path("out.folded"));
    ck_assert_int_eq(pa_write_file_atomic(path, out.data, out.len, &err), 0);
    struct pa_profile *q = NULL;
    ck_assert_msg(pa_profile_read(path, &q, &err) == 0, "%s", err.message);
    ck_assert_str_eq(q->format, "folded");
    ck_assert_uint_eq(q->samples, p->samples);
    struct pa_profile_table tp, tq;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &tp);
    pa_profile_table_build(q, PA_SORT_TOTTIME, &tq);
    ck_assert_uint_eq(tq.nrows, tp.nrows);
    for (unsigned i = 0; i < tp.nrows; i++) {
        const char *name = p->functions[tp.rows[i].function].name;
        const struct pa_profile_row *r = fixture_row(q, &tq, name);
        ck_assert_msg(r != NULL, "%s is missing after the round trip", name);
        ck_assert_uint_eq(r->self_samples, tp.rows[i].self_samples);
        ck_assert_uint_eq(r->cum_samples, tp.rows[i].cum_samples);
    }
    /* folding the folded profile again gives the same text */
    struct pa_strbuf again = {0};
    pa_flame_folded(q, &again);
    ck_assert_str_eq(pa_strbuf_cstr(&again), pa_strbuf_cstr(&out));
    pa_strbuf_free(&again);

    /* ';' separates frames and a newline ends the stack: neither survives inside a name */
    struct pa_profile *odd = pa_profile_new("test", "odd.prof");
    unsigned frame = pa_profile_location(odd, pa_profile_function(odd, "a;b\nc", NULL, 0, NULL), 0);
    pa_profile_add_stack(odd, &frame, 1, 3);
    pa_flame_folded(odd, &again);
    ck_assert_str_eq(pa_strbuf_cstr(&again), "a:b c 3\n");
    pa_strbuf_free(&again);
    pa_profile_free(odd);
    pa_profile_table_free(&tp);
    pa_profile_table_free(&tq);
    pa_profile_free(q);
    pa_strbuf_free(&out);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_speedscope_structure)
{
    struct pa_profile *p = sample_profile(500);
    struct pa_strbuf out = {0};
    pa_flame_speedscope(p, "run 1", &out);
    cJSON *root = cJSON_Parse(pa_strbuf_cstr(&out));
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(cJSON_GetObjectItem(root, "$schema")->valuestring,
                     "https://www.speedscope.app/file-format-schema.json");
    ck_assert_str_eq(cJSON_GetObjectItem(root, "name")->valuestring, "run 1");
    cJSON *frames = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "shared"), "frames");
    ck_assert_int_eq(cJSON_GetArraySize(frames), 4); /* main f g h */
    cJSON *fr;
    cJSON_ArrayForEach(fr, frames)
    {
        ck_assert(cJSON_IsString(cJSON_GetObjectItem(fr, "name")));
        ck_assert_str_eq(cJSON_GetObjectItem(fr, "file")->valuestring, "app.c");
        ck_assert_int_eq(cJSON_GetObjectItem(fr, "line")->valueint, 1);
    }
    cJSON *profiles = cJSON_GetObjectItem(root, "profiles");
    ck_assert_int_eq(cJSON_GetArraySize(profiles), 1);
    cJSON *prof = cJSON_GetArrayItem(profiles, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(prof, "type")->valuestring, "sampled");
    ck_assert_str_eq(cJSON_GetObjectItem(prof, "unit")->valuestring, "seconds");
    ck_assert_double_eq(cJSON_GetObjectItem(prof, "startValue")->valuedouble, 0);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(prof, "endValue")->valuedouble, 10 / 500.0, 1e-12);
    cJSON *samples = cJSON_GetObjectItem(prof, "samples");
    cJSON *weights = cJSON_GetObjectItem(prof, "weights");
    ck_assert_int_eq(cJSON_GetArraySize(samples), 3); /* main;f  main;f;g  main;h */
    ck_assert_int_eq(cJSON_GetArraySize(weights), 3);
    double sum = 0;
    for (int i = 0; i < 3; i++) {
        cJSON *stack = cJSON_GetArrayItem(samples, i);
        int first = cJSON_GetArrayItem(stack, 0)->valueint; /* root first */
        ck_assert_str_eq(cJSON_GetArrayItem(frames, first)->child->valuestring, "main");
        cJSON *idx;
        cJSON_ArrayForEach(idx, stack)
        {
            ck_assert(idx->valueint >= 0 && idx->valueint < 4);
        }
        sum += cJSON_GetArrayItem(weights, i)->valuedouble;
    }
    ck_assert_double_eq_tol(sum, 10 / 500.0, 1e-12);
    cJSON *g_stack = cJSON_GetArrayItem(samples, 1);
    ck_assert_int_eq(cJSON_GetArraySize(g_stack), 3);
    ck_assert_str_eq(
        cJSON_GetArrayItem(frames, cJSON_GetArrayItem(g_stack, 2)->valueint)->child->valuestring,
        "g");
    ck_assert_double_eq_tol(cJSON_GetArrayItem(weights, 1)->valuedouble, 5 / 500.0, 1e-12);
    cJSON_Delete(root);
    pa_strbuf_free(&out);
    pa_profile_free(p);
}
END_TEST

/* Before at 100 Hz, after at 1000 Hz: frames compare in seconds, not in samples. */
START_TEST(test_differential_values)
{
    struct pa_profile *before = pa_profile_new("test", "before.prof");
    before->frequency_hz = 100;
    before->period = 0.01;
    add(before, "app.c", "main;f", 10, 50);    /* 0.5 s */
    add(before, "app.c", "main;gone", 10, 10); /* 0.1 s, not in after */
    struct pa_profile *after = pa_profile_new("test", "after.prof");
    after->frequency_hz = 1000;
    after->period = 0.001;
    add(after, "app.c", "main;f", 10, 300); /* 0.3 s */
    add(after, "app.c", "main;new", 10, 100);
    struct pa_flame_tree t;
    pa_flame_tree_build(after, before, &t);
    ck_assert_uint_eq(t.sides, 2);
    uint32_t m = find_child(&t, 0, "main");
    uint32_t f = find_child(&t, m, "f"), gone = find_child(&t, m, "gone");
    uint32_t added = find_child(&t, m, "new");
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, f, PA_FLAME_BEFORE), 0.5, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, f, PA_FLAME_AFTER), 0.3, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, gone, PA_FLAME_BEFORE), 0.1, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, gone, PA_FLAME_AFTER), 0, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, added, PA_FLAME_BEFORE), 0, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, added, PA_FLAME_AFTER), 0.1, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, m, PA_FLAME_BEFORE), 0.6, 1e-12);
    ck_assert_double_eq_tol(pa_flame_tree_seconds(&t, m, PA_FLAME_AFTER), 0.4, 1e-12);
    ck_assert_uint_eq(t.nodes[f].total[PA_FLAME_BEFORE], 50);
    ck_assert_uint_eq(t.nodes[f].total[PA_FLAME_AFTER], 300);
    int nnodes = (int)t.nnodes;
    pa_flame_tree_free(&t);

    /* the page carries both sides and both periods */
    struct pa_strbuf page = {0};
    pa_flame_html(after, before, "before -> after", &page);
    const char *html = pa_strbuf_cstr(&page);
    const char *json = strstr(html, "<script type=\"application/json\" id=\"flame-data\">");
    ck_assert_ptr_nonnull(json);
    json = strchr(json, '>') + 1;
    char *text = strndup(json, (size_t)(strstr(json, "</script>") - json));
    cJSON *data = cJSON_Parse(text);
    ck_assert_ptr_nonnull(data);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(data, "diff")));
    cJSON *profiles = cJSON_GetObjectItem(data, "profiles");
    ck_assert_double_eq_tol(
        cJSON_GetObjectItem(cJSON_GetArrayItem(profiles, 0), "period")->valuedouble, 0.001, 1e-15);
    ck_assert_double_eq_tol(
        cJSON_GetObjectItem(cJSON_GetArrayItem(profiles, 1), "period")->valuedouble, 0.01, 1e-15);
    cJSON *nodes = cJSON_GetObjectItem(data, "nodes");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(nodes, "btotal")), nnodes);
    ck_assert_double_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(nodes, "btotal"), 0)->valuedouble,
                        60);
    ck_assert_double_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(nodes, "total"), 0)->valuedouble,
                        400);
    cJSON_Delete(data);
    free(text);
    pa_strbuf_free(&page);
    pa_profile_free(after);
    pa_profile_free(before);
}
END_TEST

/* A hostile name cannot end the data's <script> element, and nothing is fetched. */
/* Two builds of one program: a function GCC split in one (scan.part.0) and a fixed copy built
 * from another directory are one frame in the differential tree; a single profile keeps its
 * symbols as they are. */
START_TEST(test_differential_identity)
{
    struct pa_profile *before = pa_profile_new("test", "before.prof");
    struct pa_profile *after = pa_profile_new("test", "after.prof");
    before->period = after->period = 0.001;
    add(before, "src/scan.c", "main;scan.part.0", 10, 90);
    add(after, "fixed/scan.c", "main;scan", 10, 10);
    add(after, "fixed/scan.c", "main;scan.part.0", 10, 5);
    struct pa_flame_tree t;
    pa_flame_tree_build(after, before, &t);
    uint32_t main_node = find_child(&t, 0, "main");
    ck_assert_uint_ne(main_node, PA_FLAME_NONE);
    uint32_t scan = t.nodes[main_node].first_child;
    ck_assert_uint_ne(scan, PA_FLAME_NONE);
    ck_assert_uint_eq(t.nodes[scan].next_sibling, PA_FLAME_NONE); /* one frame */
    ck_assert_str_eq(t.frames[t.nodes[scan].frame].name, "scan"); /* the after's symbol */
    ck_assert_str_eq(t.frames[t.nodes[scan].frame].file, "fixed/scan.c");
    ck_assert_uint_eq(t.nodes[scan].total[PA_FLAME_AFTER], 15);
    ck_assert_uint_eq(t.nodes[scan].total[PA_FLAME_BEFORE], 90);
    pa_flame_tree_free(&t);
    pa_flame_tree_build(after, NULL, &t);
    main_node = find_child(&t, 0, "main");
    ck_assert_uint_ne(find_child(&t, main_node, "scan"), PA_FLAME_NONE);
    ck_assert_uint_ne(find_child(&t, main_node, "scan.part.0"), PA_FLAME_NONE);
    pa_flame_tree_free(&t);
    pa_profile_free(before);
    pa_profile_free(after);
}
END_TEST

START_TEST(test_html_self_contained)
{
    struct pa_profile *p = sample_profile(1000);
    add(p, "x.c", "main;</script><img src=x onerror=alert(1)>", 10, 1);
    struct pa_strbuf page = {0};
    pa_flame_html(p, NULL, "<b>title</b> & more", &page);
    const char *html = pa_strbuf_cstr(&page);
    unsigned closers = 0;
    for (const char *s = html; (s = strstr(s, "</script>")); s++)
        closers++;
    ck_assert_uint_eq(closers, 2); /* the data's and the script's own */
    ck_assert_ptr_null(strstr(html, "<img"));
    ck_assert_ptr_null(strstr(html, "http://"));
    ck_assert_ptr_null(strstr(html, "https://"));
    ck_assert_ptr_null(strstr(html, "<b>title"));
    ck_assert_ptr_nonnull(strstr(html, "<title>&lt;b&gt;title&lt;/b&gt; &amp; more</title>"));
    ck_assert_ptr_nonnull(strstr(html, "\"diff\":false"));
    pa_strbuf_free(&page);

    /* a profile without stacks still makes a valid, empty page and empty outputs */
    struct pa_profile *empty = pa_profile_new("test", "empty.prof");
    pa_flame_html(empty, NULL, NULL, &page);
    ck_assert_ptr_nonnull(strstr(pa_strbuf_cstr(&page), "<title>Flame graph</title>"));
    struct pa_strbuf folded = {0};
    pa_flame_folded(empty, &folded);
    ck_assert_str_eq(pa_strbuf_cstr(&folded), "");
    pa_strbuf_free(&folded);
    pa_strbuf_free(&page);
    pa_profile_free(empty);
    pa_profile_free(p);
}
END_TEST

Suite *flame_suite(void);

Suite *flame_suite(void)
{
    Suite *s = suite_create("flame");
    TCase *tc = tcase_create("writers");
    tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
    tcase_add_test(tc, test_tree_merges_by_function);
    tcase_add_test(tc, test_folded_round_trip);
    tcase_add_test(tc, test_speedscope_structure);
    tcase_add_test(tc, test_differential_values);
    tcase_add_test(tc, test_differential_identity);
    tcase_add_test(tc, test_html_self_contained);
    suite_add_tcase(s, tc);
    return s;
}
