/* test_callgraph.c: the call graph of a profile and its DOT text (report/callgraph.c,
 * report/callgraph_dot.c), and rendering DOT with Graphviz (report/graphviz.c). */
#include "../profiler/fixture.h"
#include "callgraph.h"
#include "error.h"
#include "fileio.h"
#include "graphviz.h"
#include "perfaudit/profile.h"
#include "strbuf.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A profile from stacks written root first as "main;walk;leaf" (the model wants leaf first). */
static struct pa_profile *profile_of(const char *const *stacks, const unsigned *counts, unsigned n)
{
    struct pa_profile *p = pa_profile_new("test", "mem.prof");
    p->period = 0.01;
    p->frequency_hz = 100;
    for (unsigned s = 0; s < n; s++) {
        unsigned frames[32], nf = 0;
        char *copy = strdup(stacks[s]), *save = NULL;
        for (char *name = strtok_r(copy, ";", &save); name; name = strtok_r(NULL, ";", &save)) {
            unsigned f =
                pa_profile_function(p, name, "src/app.c", 10 + (unsigned)strlen(name), "app");
            frames[nf++] = pa_profile_location(p, f, 0);
        }
        for (unsigned i = 0; i < nf / 2; i++) { /* root first -> leaf first */
            unsigned t = frames[i];
            frames[i] = frames[nf - 1 - i];
            frames[nf - 1 - i] = t;
        }
        pa_profile_add_stack(p, frames, nf, counts[s]);
        free(copy);
    }
    return p;
}

static const struct pa_callgraph_node *node_named(const struct pa_profile *p,
                                                  const struct pa_callgraph *g, const char *name)
{
    for (unsigned i = 0; i < g->nnodes; i++)
        if (strcmp(p->functions[g->nodes[i].function].name, name) == 0)
            return &g->nodes[i];
    return NULL;
}

static const struct pa_callgraph_edge *edge_named(const struct pa_profile *p,
                                                  const struct pa_callgraph *g, const char *from,
                                                  const char *to)
{
    for (unsigned i = 0; i < g->nedges; i++)
        if (strcmp(p->functions[g->nodes[g->edges[i].caller].function].name, from) == 0 &&
            strcmp(p->functions[g->nodes[g->edges[i].callee].function].name, to) == 0)
            return &g->edges[i];
    return NULL;
}

static struct pa_callgraph_options no_pruning(void)
{
    struct pa_callgraph_options o = {0, 0, 0};
    return o;
}

/* Self and cumulative samples per function; recursion counts a sample once per function and
 * once per distinct edge of its stack. */
START_TEST(test_build_counts)
{
    static const char *const stacks[] = {"main;walk;walk;walk;leaf", "main;walk;leaf", "main;walk",
                                         "main;other"};
    static const unsigned counts[] = {30, 20, 10, 40};
    struct pa_profile *p = profile_of(stacks, counts, 4);
    struct pa_callgraph_options o = no_pruning();
    struct pa_callgraph g;
    pa_callgraph_build(p, &o, &g);
    ck_assert_uint_eq(g.total, 100);
    ck_assert_uint_eq(g.nnodes, 4);
    ck_assert_uint_eq(g.all_nodes, 4);
    ck_assert(g.has_stacks);
    ck_assert_double_eq_tol(g.unit_seconds, 0.01, 1e-12);
    ck_assert_str_eq(p->functions[g.nodes[0].function].name, "main"); /* hottest first */
    const struct pa_callgraph_node *walk = node_named(p, &g, "walk");
    ck_assert_uint_eq(walk->self, 10);
    ck_assert_uint_eq(walk->cum, 60); /* not 30 * 3 + 20 + 10 */
    ck_assert_uint_eq(node_named(p, &g, "leaf")->self, 50);
    ck_assert_uint_eq(node_named(p, &g, "leaf")->cum, 50);
    ck_assert_uint_eq(node_named(p, &g, "main")->cum, 100);
    ck_assert_uint_eq(node_named(p, &g, "main")->self, 0);

    ck_assert_uint_eq(g.nedges, 4);
    ck_assert_uint_eq(edge_named(p, &g, "main", "walk")->weight, 60);
    ck_assert_uint_eq(edge_named(p, &g, "walk", "walk")->weight, 30); /* twice in one stack */
    ck_assert_uint_eq(edge_named(p, &g, "walk", "leaf")->weight, 50);
    ck_assert_uint_eq(edge_named(p, &g, "main", "other")->weight, 40);
    ck_assert(!edge_named(p, &g, "main", "walk")->indirect);
    ck_assert_ptr_null(edge_named(p, &g, "walk", "main"));
    for (unsigned i = 1; i < g.nedges; i++) /* heaviest first */
        ck_assert_uint_ge(g.edges[i - 1].weight, g.edges[i].weight);
    pa_callgraph_free(&g);
    pa_profile_free(p);
}
END_TEST

/* Functions too cold to show disappear; their callers and callees are joined by an indirect
 * edge carrying every sample that went through them. */
START_TEST(test_prune_nodes_indirect_edges)
{
    static const char *const stacks[] = {"main;a1;hot", "main;a2;hot", "main;a3;hot",
                                         "main;a4;hot", "main;hot",    "main;cold"};
    static const unsigned counts[] = {20, 20, 20, 20, 10, 10};
    struct pa_profile *p = profile_of(stacks, counts, 6);
    struct pa_callgraph_options o = {0.25, 0, 0};
    struct pa_callgraph g;
    pa_callgraph_build(p, &o, &g);
    ck_assert_uint_eq(g.all_nodes, 7);
    ck_assert_uint_eq(g.nnodes, 2); /* main (100) and hot (90); a1..a4 and cold are below 25 */
    ck_assert_uint_eq(g.node_cutoff, 25);
    ck_assert_ptr_nonnull(node_named(p, &g, "hot"));
    ck_assert_ptr_null(node_named(p, &g, "a1"));
    ck_assert_uint_eq(g.nedges, 1);
    const struct pa_callgraph_edge *e = edge_named(p, &g, "main", "hot");
    ck_assert_uint_eq(e->weight, 90);
    ck_assert(!e->indirect); /* 10 samples are a direct call */
    pa_callgraph_free(&g);

    /* without the direct call, the edge only skips pruned functions: indirect */
    static const unsigned counts2[] = {20, 20, 20, 20, 0, 10};
    pa_profile_free(p);
    p = profile_of(stacks, counts2, 6);
    pa_callgraph_build(p, &o, &g);
    e = edge_named(p, &g, "main", "hot");
    ck_assert_uint_eq(e->weight, 80);
    ck_assert(e->indirect);
    pa_callgraph_free(&g);

    /* max_nodes keeps the hottest */
    o = (struct pa_callgraph_options){0, 0, 3};
    pa_callgraph_build(p, &o, &g);
    ck_assert_uint_eq(g.nnodes, 3);
    ck_assert_str_eq(p->functions[g.nodes[2].function].name, "a1"); /* ties by name */
    pa_callgraph_free(&g);
    pa_profile_free(p);
}
END_TEST

/* Light edges go, except a function's heaviest incoming one, which keeps it attached. */
START_TEST(test_prune_edges)
{
    static const char *const stacks[] = {"main;c;b", "main;b", "main;d", "main;c;d"};
    static const unsigned counts[] = {95, 2, 2, 1};
    struct pa_profile *p = profile_of(stacks, counts, 4);
    struct pa_callgraph_options o = {0, 0.05, 0};
    struct pa_callgraph g;
    pa_callgraph_build(p, &o, &g);
    ck_assert_uint_eq(g.edge_cutoff, 5);
    ck_assert_ptr_nonnull(edge_named(p, &g, "main", "c"));
    ck_assert_ptr_nonnull(edge_named(p, &g, "c", "b"));
    ck_assert_ptr_null(edge_named(p, &g, "main", "b"));    /* 2 < 5 and c -> b is heavier */
    ck_assert_ptr_nonnull(edge_named(p, &g, "main", "d")); /* d's heaviest caller */
    ck_assert_ptr_null(edge_named(p, &g, "c", "d"));
    ck_assert_uint_eq(g.dropped_edges, 2);
    pa_callgraph_free(&g);
    pa_profile_free(p);
}
END_TEST

/* A profile with exact statistics and no stacks: nodes by time, no edges, call counts. */
START_TEST(test_statistics_only)
{
    struct pa_profile *p = pa_profile_new("pstats", "run.pstats");
    p->mode = PA_PROFILE_INSTRUMENTED;
    unsigned f = pa_profile_function(p, "parse", "parse.py", 3, NULL);
    unsigned g2 = pa_profile_function(p, "main", "main.py", 1, NULL);
    struct pa_prof_stats s1 = {f, 12, 10, 0.75, 0.75}, s2 = {g2, 1, 1, 0.25, 1.0};
    pa_profile_add_stats(p, &s1);
    pa_profile_add_stats(p, &s2);
    struct pa_callgraph_options o;
    pa_callgraph_options_default(&o);
    struct pa_callgraph g;
    pa_callgraph_build(p, &o, &g);
    ck_assert(!g.has_stacks);
    ck_assert_uint_eq(g.nnodes, 2);
    ck_assert_uint_eq(g.nedges, 0);
    ck_assert_uint_eq(node_named(p, &g, "parse")->self, 750000);
    pa_callgraph_free(&g);
    struct pa_strbuf dot = {0};
    pa_callgraph_dot(p, &o, &dot);
    ck_assert_ptr_nonnull(strstr(pa_strbuf_cstr(&dot), "\\n12/10 calls\""));
    ck_assert_ptr_nonnull(strstr(pa_strbuf_cstr(&dot), "\\n1 call\""));
    ck_assert_ptr_nonnull(strstr(pa_strbuf_cstr(&dot), "self 0.75 s (75.0%)\\nof 0.75 s"));
    pa_strbuf_free(&dot);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_dot_text)
{
    static const char *const stacks[] = {"main;hot", "main;warm"};
    static const unsigned counts[] = {90, 10};
    struct pa_profile *p = profile_of(stacks, counts, 2);
    struct pa_callgraph_options o;
    pa_callgraph_options_default(&o);
    struct pa_strbuf dot = {0};
    pa_callgraph_dot(p, &o, &dot);
    const char *t = pa_strbuf_cstr(&dot);
    ck_assert_ptr_nonnull(strstr(t, "digraph"));
    ck_assert_ptr_nonnull(strstr(t, "N2 [label=\"hot\\napp.c:13\\nself 0.90 s (90.0%)\\n"
                                    "of 0.90 s (90.0%) cum\" fontsize="));
    ck_assert_ptr_nonnull(strstr(t, "N1 -> N2 [label=\" 0.90 s, 90.0%\""));
    ck_assert_ptr_nonnull(strstr(t, "perfaudit callgraph: mem.prof\\l"));
    ck_assert_ptr_null(strstr(t, " calls\"")); /* no exact counts in a sampled profile */
    /* hotter is redder: main (100%) has the least green of the fills */
    const char *main_fill = strstr(strstr(t, "N1 [label"), "fillcolor=\"#");
    const char *warm_fill = strstr(strstr(t, "N3 [label"), "fillcolor=\"#");
    unsigned mr, mg, mb, wr, wg, wb;
    ck_assert_int_eq(sscanf(main_fill + 12, "%2x%2x%2x", &mr, &mg, &mb), 3);
    ck_assert_int_eq(sscanf(warm_fill + 12, "%2x%2x%2x", &wr, &wg, &wb), 3);
    ck_assert_uint_lt(mg, wg);
    ck_assert_uint_gt(wr, 0xf0); /* 10%: between white and yellow */
    pa_strbuf_free(&dot);
    pa_profile_free(p);
}
END_TEST

/* Names reach DOT quoted and escaped: quotes, backslashes, C++ templates, bad UTF-8, and
 * names too long to read are cut with an ellipsis. */
START_TEST(test_dot_escaping)
{
    struct pa_profile *p = pa_profile_new("test", "dir/\"odd\".prof");
    p->period = 0.001;
    char longname[200];
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    unsigned a = pa_profile_function(p, "std::map<int, \"q\">::at\\n", "a\\b.cc", 7, NULL);
    unsigned b = pa_profile_function(p, longname, NULL, 0, "lib\"x\".so");
    unsigned c = pa_profile_function(p, "bad\xff\xc3 (utf8)\t", NULL, 0, NULL);
    unsigned frames[] = {pa_profile_location(p, c, 0), pa_profile_location(p, b, 0),
                         pa_profile_location(p, a, 0)};
    pa_profile_add_stack(p, frames, 3, 10);
    struct pa_callgraph_options o;
    pa_callgraph_options_default(&o);
    struct pa_strbuf dot = {0};
    pa_callgraph_dot(p, &o, &dot);
    const char *t = pa_strbuf_cstr(&dot);
    ck_assert_ptr_nonnull(strstr(t, "label=\"std::map<int, \\\"q\\\">::at\\\\n\\na\\\\b.cc:7\\n"));
    ck_assert_ptr_nonnull(strstr(t, "\\nlib\\\"x\\\".so\\n"));
    ck_assert_ptr_nonnull(strstr(t, "bad?? (utf8) \\n"));
    ck_assert_ptr_nonnull(strstr(t, "perfaudit callgraph: dir/\\\"odd\\\".prof\\l"));
    char cut[80];
    memset(cut, 'x', 59);
    strcpy(cut + 59, "\xe2\x80\xa6\\n"); /* 59 characters and an ellipsis */
    ck_assert_ptr_nonnull(strstr(t, cut));
    ck_assert_ptr_nonnull(strstr(t, longname)); /* the tooltip has it whole */
    /* every quote is escaped or delimits: an even number of unescaped quotes per line */
    for (const char *line = t; *line;) {
        const char *end = strchr(line, '\n');
        unsigned quotes = 0;
        for (const char *q = line; q < end; q++)
            if (*q == '\\')
                q++;
            else if (*q == '"')
                quotes++;
        ck_assert_uint_eq(quotes % 2, 0);
        line = end + 1;
    }
    pa_strbuf_free(&dot);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_empty_profile)
{
    struct pa_profile *p = pa_profile_new("test", "empty.prof");
    struct pa_callgraph_options o;
    pa_callgraph_options_default(&o);
    struct pa_strbuf dot = {0};
    pa_callgraph_dot(p, &o, &dot);
    ck_assert_ptr_nonnull(strstr(pa_strbuf_cstr(&dot), "Showing 0 of 0 functions"));
    ck_assert_ptr_nonnull(strstr(pa_strbuf_cstr(&dot), "}\n"));
    pa_strbuf_free(&dot);
    pa_profile_free(p);
}
END_TEST

/* The number of file descriptors this process has open. */
static unsigned open_fds(void)
{
    unsigned n = 0;
    DIR *d = opendir("/proc/self/fd");
    ck_assert_ptr_nonnull(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* The number of files in the test's directory. */
static unsigned files_left(void)
{
    unsigned n = 0;
    struct dirent *e;
    DIR *d = opendir(fixture_path("."));
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static bool have_dot(void)
{
    return system("command -v dot > /dev/null 2>&1") == 0;
}

START_TEST(test_render)
{
    struct pa_strbuf dot = {0};
    struct pa_error err;
    char *data = NULL;
    size_t len;
    unsigned fds = open_fds();
    pa_strbuf_append(&dot, "digraph { a -> b }\n");
    const char *out = fixture_path("g.dot");
    ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), 0);
    ck_assert_int_eq(pa_read_file(out, &data, &len, &err), 0);
    ck_assert_str_eq(data, "digraph { a -> b }\n");
    free(data);

    out = fixture_path("g.pdf");
    ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, out));
    ck_assert_ptr_nonnull(strstr(err.message, ".svg, .png or .dot"));

    out = fixture_path("g.svg");
    setenv("PERFAUDIT_DOT", "/nonexistent/dot", 1);
    ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, out));
    ck_assert_ptr_nonnull(strstr(err.message, "install graphviz"));
    ck_assert_int_ne(access(out, F_OK), 0);
    setenv("PERFAUDIT_DOT", "false", 1);
    ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "false failed (exit 1)"));
    unsetenv("PERFAUDIT_DOT");

    if (have_dot()) {
        ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), 0);
        ck_assert_int_eq(pa_read_file(out, &data, &len, &err), 0);
        ck_assert_ptr_nonnull(strstr(data, "<svg"));
        free(data);
        out = fixture_path("g.png");
        ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), 0);
        ck_assert_int_eq(pa_read_file(out, &data, &len, &err), 0);
        ck_assert_int_eq(memcmp(data, "\x89PNG\r\n\x1a\n", 8), 0);
        free(data);
        pa_strbuf_reset(&dot);
        pa_strbuf_append(&dot, "digraph { a -> }\n");
        ck_assert_int_eq(pa_graphviz_render(&dot, out, &err), -1);
        ck_assert_ptr_nonnull(strstr(err.message, "dot failed (exit 1): Error: "));
        ck_assert_ptr_null(strchr(err.message, '\n'));
    }
    ck_assert_uint_eq(open_fds(), fds);                  /* no descriptor leaked, failing or not */
    ck_assert_uint_eq(files_left(), have_dot() ? 3 : 1); /* g.dot, g.svg, g.png: no temporary */
    pa_strbuf_free(&dot);
}
END_TEST

/* The escaped DOT of awkward names is accepted by Graphviz itself. */
START_TEST(test_render_escaped)
{
    if (!have_dot())
        return;
    struct pa_profile *p = pa_profile_new("test", "q\"uote\\.prof");
    p->period = 0.001;
    unsigned a = pa_profile_function(p, "ns::f<std::pair<int, \"q\">>\\", "x\\\".c", 1, NULL);
    unsigned b = pa_profile_function(p, "bad\xff<&>", NULL, 0, "m\"od");
    unsigned frames[] = {pa_profile_location(p, b, 0), pa_profile_location(p, a, 0)};
    pa_profile_add_stack(p, frames, 2, 5);
    struct pa_callgraph_options o;
    pa_callgraph_options_default(&o);
    struct pa_strbuf dot = {0};
    struct pa_error err;
    pa_callgraph_dot(p, &o, &dot);
    ck_assert_msg(pa_graphviz_render(&dot, fixture_path("names.svg"), &err) == 0, "%s",
                  err.message);
    char *svg = NULL;
    size_t len;
    ck_assert_int_eq(pa_read_file(fixture_path("names.svg"), &svg, &len, &err), 0);
    ck_assert_ptr_nonnull(strstr(svg, "ns::f&lt;std::pair&lt;int, &quot;q&quot;&gt;&gt;\\"));
    free(svg);
    pa_strbuf_free(&dot);
    pa_profile_free(p);
}
END_TEST

Suite *callgraph_suite(void)
{
    Suite *s = suite_create("callgraph");
    TCase *tc = tcase_create("callgraph");
    tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
    tcase_add_test(tc, test_build_counts);
    tcase_add_test(tc, test_prune_nodes_indirect_edges);
    tcase_add_test(tc, test_prune_edges);
    tcase_add_test(tc, test_statistics_only);
    tcase_add_test(tc, test_dot_text);
    tcase_add_test(tc, test_dot_escaping);
    tcase_add_test(tc, test_empty_profile);
    tcase_add_test(tc, test_render);
    tcase_add_test(tc, test_render_escaped);
    suite_add_tcase(s, tc);
    return s;
}
