/* test_readers.c: the readers of other profilers' files, each on a file the test writes itself
 * and on damaged copies of it (profiler/format_gperftools.c, format_callgrind.c,
 * format_pstats.c): gperftools CPU profiles of this very binary, symbolized; callgrind output;
 * Python's pstats, hand-made and (where /usr/bin/python3 exists) written by cProfile. */
#include "error.h"
#include "fixture.h"
#include "perfaudit/profile.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *top_name(const struct pa_profile *p, const struct pa_profile_table *t,
                            unsigned i)
{
    ck_assert_uint_gt(t->nrows, i);
    return p->functions[t->rows[i].function].name;
}

/* The file must fail to read, with one line naming it and saying `expect`. */
static void expect_error(const char *path, const char *expect)
{
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_int_eq(pa_profile_read(path, &p, &err), -1);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err.message, path) != NULL, "%s", err.message);
    ck_assert_msg(strstr(err.message, expect) != NULL, "'%s' not in: %s", expect, err.message);
    ck_assert_ptr_null(strchr(err.message, '\n'));
}

/* --- gperftools ------------------------------------------------------------------------- */

static const unsigned leaf_line = __LINE__ + 1;
__attribute__((noinline)) int readers_target_leaf(int x)
{
    return x * 5 + 3; /* the leaf samples' address is inside this function */
}

__attribute__((noinline)) int readers_target_caller(int x)
{
    return readers_target_leaf(x) + 7;
}

/* A CPU profile as libprofiler writes it: words of `width` bytes in either byte order. */
struct gp_writer {
    FILE *f;
    unsigned width;
    bool big_endian;
};

static void gp_word(struct gp_writer *w, uint64_t v)
{
    unsigned char b[8];
    for (unsigned k = 0; k < w->width; k++)
        b[w->big_endian ? w->width - 1 - k : k] = (unsigned char)(v >> (8 * k));
    ck_assert_uint_eq(fwrite(b, 1, w->width, w->f), w->width);
}

static void gp_record(struct gp_writer *w, uint64_t count, const uint64_t *pcs, unsigned n)
{
    gp_word(w, count);
    gp_word(w, n);
    for (unsigned k = 0; k < n; k++)
        gp_word(w, pcs[k]);
}

static void gp_header(struct gp_writer *w, uint64_t period_us)
{
    static const uint64_t head[] = {0, 3, 0};
    for (unsigned k = 0; k < 3; k++)
        gp_word(w, head[k]);
    gp_word(w, period_us);
    gp_word(w, 0);
}

static void gp_trailer(struct gp_writer *w)
{
    gp_word(w, 0);
    gp_word(w, 1);
    gp_word(w, 0);
}

/* This process's own maps after the trailer, as libprofiler writes them. */
static void gp_self_maps(struct gp_writer *w)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    char buf[4096];
    size_t n;
    ck_assert_ptr_nonnull(maps);
    while ((n = fread(buf, 1, sizeof(buf), maps)) > 0)
        fwrite(buf, 1, n, w->f);
    fclose(maps);
}

START_TEST(test_gperftools_self)
{
    const char *path = fixture_path("cpu.prof");
    struct gp_writer w = {fopen(path, "wb"), 8, false};
    ck_assert_ptr_nonnull(w.f);
    uint64_t leaf = (uint64_t)(uintptr_t)readers_target_leaf + 4;
    uint64_t caller = (uint64_t)(uintptr_t)readers_target_caller + 8;
    uint64_t deep[] = {leaf, caller}, shallow[] = {caller};
    gp_header(&w, 4000); /* 250 Hz */
    gp_record(&w, 5, deep, 2);
    gp_record(&w, 6, shallow, 1);
    gp_record(&w, 2, deep, 2); /* the same stack again, as after an eviction */
    gp_trailer(&w);
    gp_self_maps(&w);
    fclose(w.f);

    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_str_eq(p->format, "gperftools");
    ck_assert_int_eq(p->mode, PA_PROFILE_SAMPLING);
    ck_assert_double_eq_tol(p->frequency_hz, 250, 1e-9);
    ck_assert_double_eq_tol(p->period, 0.004, 1e-12);
    ck_assert(!p->period_assumed);
    ck_assert_uint_eq(p->samples, 13);
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &t);
    ck_assert_str_eq(top_name(p, &t, 0), "readers_target_leaf");
    ck_assert_str_eq(top_name(p, &t, 1), "readers_target_caller");
    const struct pa_profile_row *rl = fixture_row(p, &t, "readers_target_leaf");
    const struct pa_profile_row *rc = fixture_row(p, &t, "readers_target_caller");
    ck_assert_uint_eq(rl->self_samples, 7);
    ck_assert_uint_eq(rc->self_samples, 6);
    ck_assert_uint_eq(rc->cum_samples, 13);
    ck_assert_double_eq_tol(rc->cumtime, 13 * 0.004, 1e-12);
    ck_assert(!rc->has_calls);
    const struct pa_prof_function *f = &p->functions[rl->function];
    ck_assert_ptr_nonnull(f->file);
    ck_assert_msg(strstr(f->file, "test_readers.c") != NULL, "%s", f->file);
    ck_assert_uint_eq(f->line, leaf_line);
    ck_assert_str_eq(f->module, "unit_tests");
    pa_profile_table_free(&t);
    pa_profile_free(p);
}
END_TEST

/* 32-bit big-endian words; binaries that are gone: "module+offset", or the bare address. */
START_TEST(test_gperftools_layouts)
{
    const char *path = fixture_path("be32.prof");
    struct gp_writer w = {fopen(path, "wb"), 4, true};
    uint64_t in_lib[] = {0x10001234, 0x10002000}, outside[] = {0x30000010};
    gp_header(&w, 10000); /* 100 Hz */
    gp_record(&w, 3, in_lib, 2);
    gp_record(&w, 1, outside, 1);
    gp_trailer(&w);
    fputs("10000000-10010000 r-xp 00004000 08:01 42    /nonexistent/libgone.so\n"
          "20000000-20001000 rw-p 00000000 00:00 0\n"
          "build=/nonexistent/app\n",
          w.f);
    fclose(w.f);
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_double_eq_tol(p->frequency_hz, 100, 1e-9);
    ck_assert_uint_eq(p->samples, 4);
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &t);
    ck_assert_str_eq(top_name(p, &t, 0), "libgone.so+0x5234"); /* 0x1234 + file offset 0x4000 */
    const struct pa_profile_row *r = fixture_row(p, &t, "libgone.so+0x5fff");
    ck_assert_ptr_nonnull(r); /* a return address is looked up at address - 1 */
    ck_assert_uint_eq(r->self_samples, 0);
    ck_assert_uint_eq(r->cum_samples, 3);
    r = fixture_row(p, &t, "libgone.so+0x5234");
    ck_assert_uint_eq(r->self_samples, 3);
    ck_assert_str_eq(p->functions[r->function].module, "libgone.so");
    ck_assert_ptr_null(p->functions[r->function].file);
    r = fixture_row(p, &t, "0x30000010");
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->self_samples, 1);
    pa_profile_table_free(&t);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_gperftools_malformed)
{
    uint64_t pcs[] = {0x401000, 0x402000};
    /* no trailer: the profiler was killed before it finished the file */
    const char *path = fixture_path("cut.prof");
    struct gp_writer w = {fopen(path, "wb"), 8, false};
    gp_header(&w, 1000);
    gp_record(&w, 2, pcs, 2);
    fclose(w.f);
    expect_error(path, "truncated gperftools profile (no end-of-samples trailer)");

    /* a record cut in the middle */
    w.f = fopen(path, "wb");
    gp_header(&w, 1000);
    gp_record(&w, 2, pcs, 2);
    gp_word(&w, 1);
    gp_word(&w, 8);
    gp_word(&w, 0x401000);
    fclose(w.f);
    expect_error(path, "byte 72: a sample of 8 frames runs past the end");

    /* garbage where a record should be */
    w.f = fopen(path, "wb");
    gp_header(&w, 1000);
    gp_word(&w, 1);
    gp_word(&w, 0x6b6a686766656463ull);
    gp_trailer(&w);
    fclose(w.f);
    expect_error(path, "byte 40: a sample of");

    /* the header alone */
    w.f = fopen(path, "wb");
    gp_header(&w, 1000);
    fclose(w.f);
    expect_error(path, "truncated");

    /* not quite the header (version 2): not recognised at all */
    static const uint64_t wrong[] = {0, 3, 2, 1000, 0, 0, 1, 0};
    expect_error(fixture_write("wrong.prof", wrong, sizeof(wrong)), "not a profile");
}
END_TEST

/* --- callgrind -------------------------------------------------------------------------- */

/* main -> walk (once) -> walk'2 (3 times, then 2 more times from itself); main and walk'2
 * call memcpy in libc. walk has inlined code from a header (fi=/fe=). */
static const char callgrind_text[] = "# callgrind format\n"
                                     "version: 1\n"
                                     "creator: callgrind-3.19.0\n"
                                     "cmd: ./app\n"
                                     "positions: line\n"
                                     "events: Ir Dr\n"
                                     "summary: 1048 300\n"
                                     "\n"
                                     "ob=(1) /usr/bin/app\n"
                                     "fl=(1) src/app.c\n"
                                     "fn=(1) main\n"
                                     "10 5 1\n"
                                     "+1 3\n"
                                     "cfn=(2) walk\n"
                                     "calls=1 20\n"
                                     "* 1000 200\n"
                                     "cob=(2) /lib/libc.so.6\n"
                                     "cfi=(2) ???\n"
                                     "cfn=(3) memcpy\n"
                                     "calls=4 0\n"
                                     "12 40\n"
                                     "\n"
                                     "fn=(2)\n"
                                     "20 100\n"
                                     "jump=2 25\n"
                                     "20\n"
                                     "fi=(3) src/inline.h\n"
                                     "5 50 9\n"
                                     "fe=(1)\n"
                                     "22 10\n"
                                     "cfn=(4) walk'2\n"
                                     "calls=3 20\n"
                                     "22 840\n"
                                     "\n"
                                     "# the deeper recursion levels of walk\n"
                                     "fn=(4)\n"
                                     "20 800\n"
                                     "cfn=(4)\n"
                                     "calls=2 20\n"
                                     "22 500\n"
                                     "cob=(2)\n"
                                     "cfi=(2)\n"
                                     "cfn=(3)\n"
                                     "calls=6 0\n"
                                     "21 40\n"
                                     "\n"
                                     "ob=(2)\n"
                                     "fl=(2)\n"
                                     "fn=(3)\n"
                                     "0 80\n"
                                     "\n"
                                     "totals: 1048 300\n";

START_TEST(test_callgrind)
{
    const char *path = fixture_write("callgrind.out", callgrind_text, strlen(callgrind_text));
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_str_eq(p->format, "callgrind: times are Ir/1e9");
    ck_assert_int_eq(p->mode, PA_PROFILE_INSTRUMENTED);
    ck_assert_uint_eq(p->samples, 0);
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &t);
    ck_assert_uint_eq(t.nrows, 3); /* walk'2 is walk */
    ck_assert_double_eq_tol(t.total_time, 1048e-9, 1e-15);
    ck_assert_str_eq(top_name(p, &t, 0), "walk");
    ck_assert_str_eq(top_name(p, &t, 1), "memcpy");
    ck_assert_str_eq(top_name(p, &t, 2), "main");

    const struct pa_profile_row *walk = fixture_row(p, &t, "walk");
    ck_assert(walk->has_calls);
    ck_assert_uint_eq(walk->ncalls, 6); /* 1 from main, 5 recursive */
    ck_assert_uint_eq(walk->primitive_calls, 1);
    ck_assert_double_eq_tol(walk->tottime, 960e-9, 1e-15);  /* 160 + 800 at depth 2 */
    ck_assert_double_eq_tol(walk->cumtime, 1000e-9, 1e-15); /* nested levels counted once */
    const struct pa_prof_function *f = &p->functions[walk->function];
    ck_assert_str_eq(f->file, "src/app.c");
    ck_assert_uint_eq(f->line, 20); /* its first line with cost, inlined code aside */
    ck_assert_str_eq(f->module, "app");

    const struct pa_profile_row *memcpy_row = fixture_row(p, &t, "memcpy");
    ck_assert_uint_eq(memcpy_row->ncalls, 10);
    ck_assert_uint_eq(memcpy_row->primitive_calls, 10);
    ck_assert_double_eq_tol(memcpy_row->tottime, 80e-9, 1e-15);
    ck_assert_double_eq_tol(memcpy_row->cumtime, 80e-9, 1e-15);
    ck_assert_ptr_null(p->functions[memcpy_row->function].file);
    ck_assert_str_eq(p->functions[memcpy_row->function].module, "libc.so.6");

    const struct pa_profile_row *m = fixture_row(p, &t, "main");
    ck_assert_uint_eq(m->ncalls, 0);
    ck_assert_double_eq_tol(m->tottime, 8e-9, 1e-15);
    ck_assert_double_eq_tol(m->cumtime, 1048e-9, 1e-15);
    ck_assert_double_eq_tol(m->cum_pct, 100.0, 1e-9);
    ck_assert_uint_eq(p->functions[m->function].line, 10);
    pa_profile_table_free(&t);
    pa_profile_free(p);

    /* without the magic line and compression, as other tools write it */
    static const char plain[] = "events: Instructions\n"
                                "fl=file1.c\n"
                                "fn=main\n"
                                "16 20\n"
                                "cfn=(below main)\n"
                                "calls=3 20\n"
                                "16 400\n"
                                "fn=(below main)\n"
                                "20 400\n";
    path = fixture_write("plain.out", plain, strlen(plain));
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    pa_profile_table_build(p, PA_SORT_CUMTIME, &t);
    ck_assert_str_eq(top_name(p, &t, 0), "main");
    ck_assert_double_eq_tol(t.rows[0].cumtime, 420e-9, 1e-15);
    ck_assert_uint_eq(fixture_row(p, &t, "(below main)")->ncalls, 3);
    ck_assert_str_eq(p->format, "callgrind: times are Instructions/1e9");
    pa_profile_table_free(&t);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_callgrind_malformed)
{
    static const struct {
        const char *text;
        const char *expect;
    } cases[] = {
        /* cut after a calls= line */
        {"# callgrind format\nevents: Ir\nfn=main\n10 5\ncfn=f\ncalls=1 3\n",
         "truncated callgrind profile (calls= without the cost of the call)"},
        /* cut before the end: callgrind always ends with totals: */
        {"# callgrind format\nevents: Ir\nfn=main\n10 5\n", "no 'totals:' line at the end"},
        {"# callgrind format\nevents: Ir\nfn=main\n10 5\ntotals: 6\n", "totals:' says 6 Ir"},
        {"# callgrind format\nevents: Ir\nfn=(1)\n10 5\n", "line 3: function id (1) used before"},
        {"# callgrind format\nevents: Ir\n10 5\n", "line 3: a cost line outside a function"},
        {"# callgrind format\nfn=main\n10 5\n", "line 3: a cost line before the 'events:' line"},
        {"# callgrind format\nevents: Ir\nfn=main\n10 5\nhello world\n10 5\n",
         "line 5: not a line of the callgrind format"},
        {"# callgrind format\nevents: Ir\nfn=main\n10 5x\n", "line 4: a malformed cost"},
        {"# callgrind format\nevents: Ir\nfn=main\n10 5 6\n", "line 4: more costs than events"},
        {"# callgrind format\nevents: Ir\nfn=main\ncfn=f\ncalls=1 3\nfn=g\n",
         "line 6: calls= not followed by the cost of the call"},
        {"# callgrind format\nversion: 2\n", "line 2: a callgrind format version other than 1"},
        {"# callgrind format\nevents: Ir\nfn=main\nxyz=3\n", "line 4: an unknown 'spec=' line"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(fixture_write("bad.out", cases[i].text, strlen(cases[i].text)),
                     cases[i].expect);
}
END_TEST

/* --- pstats ----------------------------------------------------------------------------- */

/* marshal.dumps(d, 4) of d = {
 *   ('~', 0, '<built-in method builtins.len>'): (3, 3, 0.25, 0.25, {}),
 *   ('app.py', 10, 'walk'): (1, 4, 1.5, 2.0, {('app.py', 10, 'walk'): (3, 0, 1.0, 1.5),
 *                                             ('app.py', 1, 'main'): (1, 1, 0.5, 2.0)}),
 *   ('app.py', 1, 'main'): (1, 1, 0.125, 2.375, {})}
 * with short strings, small tuples, binary floats and back-references. */
static const char blob_v4[] =
    "\xfb\xa9\x03\xfa\x01\x7e\xe9\x00\x00\x00\x00\xfa\x1e\x3c\x62\x75\x69\x6c\x74\x2d\x69\x6e"
    "\x20\x6d\x65\x74\x68\x6f\x64\x20\x62\x75\x69\x6c\x74\x69\x6e\x73\x2e\x6c\x65\x6e\x3e\x29"
    "\x05\xe9\x03\x00\x00\x00\x72\x05\x00\x00\x00\xe7\x00\x00\x00\x00\x00\x00\xd0\x3f\x72\x06"
    "\x00\x00\x00\x7b\x30\xa9\x03\xfa\x06\x61\x70\x70\x2e\x70\x79\xe9\x0a\x00\x00\x00\xda\x04"
    "\x77\x61\x6c\x6b\x29\x05\xe9\x01\x00\x00\x00\xe9\x04\x00\x00\x00\xe7\x00\x00\x00\x00\x00"
    "\x00\xf8\x3f\xe7\x00\x00\x00\x00\x00\x00\x00\x40\x7b\x72\x07\x00\x00\x00\xa9\x04\x72\x05"
    "\x00\x00\x00\x72\x03\x00\x00\x00\xe7\x00\x00\x00\x00\x00\x00\xf0\x3f\x72\x0d\x00\x00\x00"
    "\xa9\x03\x72\x08\x00\x00\x00\x72\x0b\x00\x00\x00\xda\x04\x6d\x61\x69\x6e\xa9\x04\x72\x0b"
    "\x00\x00\x00\x72\x0b\x00\x00\x00\xe7\x00\x00\x00\x00\x00\x00\xe0\x3f\x72\x0e\x00\x00\x00"
    "\x30\x72\x11\x00\x00\x00\x29\x05\x72\x0b\x00\x00\x00\x72\x0b\x00\x00\x00\xe7\x00\x00\x00"
    "\x00\x00\x00\xc0\x3f\xe7\x00\x00\x00\x00\x00\x00\x03\x40\x7b\x30\x30";

/* marshal.dumps({('m.py', 3, 'hot'): (2**40, 2**40, 1.5, 2.5, {})}, 1): long ints, UTF-8
 * strings with 32-bit lengths, floats as text. */
static const char blob_v1[] =
    "\x7b\x28\x03\x00\x00\x00\x75\x04\x00\x00\x00\x6d\x2e\x70\x79\x69\x03\x00\x00\x00\x75\x03"
    "\x00\x00\x00\x68\x6f\x74\x28\x05\x00\x00\x00\x6c\x03\x00\x00\x00\x00\x00\x00\x00\x00\x04"
    "\x6c\x03\x00\x00\x00\x00\x00\x00\x00\x00\x04\x66\x03\x31\x2e\x35\x66\x03\x32\x2e\x35\x7b"
    "\x30\x30";

START_TEST(test_pstats_blob)
{
    const char *path = fixture_write("v4.pstats", blob_v4, sizeof(blob_v4) - 1);
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_str_eq(p->format, "pstats");
    ck_assert_int_eq(p->mode, PA_PROFILE_INSTRUMENTED);
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_TOTTIME, &t);
    ck_assert_uint_eq(t.nrows, 3);
    ck_assert_double_eq_tol(t.total_time, 1.875, 1e-12);
    ck_assert_str_eq(top_name(p, &t, 0), "walk");
    const struct pa_profile_row *walk = fixture_row(p, &t, "walk");
    ck_assert_uint_eq(walk->ncalls, 4);
    ck_assert_uint_eq(walk->primitive_calls, 1);
    ck_assert_double_eq_tol(walk->tottime, 1.5, 1e-12);
    ck_assert_double_eq_tol(walk->cumtime, 2.0, 1e-12);
    ck_assert_double_eq_tol(walk->self_pct, 80.0, 1e-9);
    ck_assert_str_eq(p->functions[walk->function].file, "app.py");
    ck_assert_uint_eq(p->functions[walk->function].line, 10);
    const struct pa_profile_row *len = fixture_row(p, &t, "<built-in method builtins.len>");
    ck_assert_uint_eq(len->ncalls, 3);
    ck_assert_ptr_null(p->functions[len->function].file);
    ck_assert_uint_eq(p->functions[len->function].line, 0);
    ck_assert_double_eq_tol(fixture_row(p, &t, "main")->cumtime, 2.375, 1e-12);
    pa_profile_table_free(&t);
    pa_profile_free(p);

    path = fixture_write("v1.pstats", blob_v1, sizeof(blob_v1) - 1);
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_uint_eq(p->nstats, 1);
    ck_assert_uint_eq(p->stats[0].ncalls, 1ull << 40);
    ck_assert_double_eq_tol(p->stats[0].tottime, 1.5, 1e-12);
    ck_assert_double_eq_tol(p->stats[0].cumtime, 2.5, 1e-12);
    ck_assert_str_eq(p->functions[0].name, "hot");
    pa_profile_free(p);
}
END_TEST

/* A real file from cProfile, where Python is installed. */
START_TEST(test_pstats_cprofile)
{
    if (access("/usr/bin/python3", X_OK) != 0) {
        fprintf(stderr, "test_pstats_cprofile: /usr/bin/python3 missing, check skipped\n");
        return;
    }
    const char *path = fixture_path("real.pstats");
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import cProfile\n"
             "def f(n): return n and f(n - 1)\n"
             "def g(): return [(lambda x: x)(i) for i in range(7)]\n"
             "h = lambda: 0\n"
             "cProfile.run(\"f(30); sum(range(10**4)); g(); h()\", \"%s\")'",
             path);
    ck_assert_int_eq(system(cmd), 0);
    struct pa_profile *p = NULL;
    struct pa_error err;
    ck_assert_msg(pa_profile_read(path, &p, &err) == 0, "%s", err.message);
    ck_assert_str_eq(p->format, "pstats");
    struct pa_profile_table t;
    pa_profile_table_build(p, PA_SORT_NCALLS, &t);
    const struct pa_profile_row *f = fixture_row(p, &t, "f");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->ncalls, 31);
    ck_assert_uint_eq(f->primitive_calls, 1);
    ck_assert_str_eq(p->functions[f->function].file, "<string>");
    ck_assert_uint_eq(p->functions[f->function].line, 2);
    const struct pa_profile_row *sum = fixture_row(p, &t, "<built-in method builtins.sum>");
    ck_assert_ptr_nonnull(sum);
    ck_assert_uint_eq(sum->ncalls, 1);
    ck_assert_ptr_null(p->functions[sum->function].file);
    /* two lambdas of one file stay two functions */
    const struct pa_profile_row *l3 = fixture_row(p, &t, "<lambda>:3"),
                                *l4 = fixture_row(p, &t, "<lambda>:4");
    ck_assert_ptr_nonnull(l3);
    ck_assert_ptr_nonnull(l4);
    ck_assert_uint_eq(l3->ncalls, 7);
    ck_assert_uint_eq(l4->ncalls, 1);
    ck_assert_ptr_null(fixture_row(p, &t, "<lambda>"));
    ck_assert_str_eq(top_name(p, &t, 0), "f");
    pa_profile_table_free(&t);
    pa_profile_free(p);
}
END_TEST

START_TEST(test_pstats_malformed)
{
    char copy[sizeof(blob_v4) + 1];
    size_t size = sizeof(blob_v4) - 1;
    expect_error(fixture_write("cut.pstats", blob_v4, size / 2), "truncated");
    expect_error(fixture_write("cut.pstats", blob_v4, size - 1), "truncated");

    /* garbage in the middle: walk's name becomes a code object */
    memcpy(copy, blob_v4, size);
    char *walk = memmem(copy, size, "\xda\x04walk", 6);
    ck_assert_ptr_nonnull(walk);
    *walk = 'c';
    char where[64];
    snprintf(where, sizeof(where), "byte %zu: an unsupported marshal type 0x63",
             (size_t)(walk - copy));
    expect_error(fixture_write("junk.pstats", copy, size), where);

    memcpy(copy, blob_v4, size);
    copy[size] = 'N';
    expect_error(fixture_write("tail.pstats", copy, size + 1), "data after the statistics");

    static const struct {
        const char *data;
        size_t size;
        const char *expect;
    } cases[] = {
        /* (a, 1, f) -> 7: a dict, but not of statistics */
        {"{)\x03z\x01"
         "ai\x01\x00\x00\x00z\x01"
         "fi\x07\x00\x00\x00"
         "0",
         20, "byte 1: not a pstats entry"},
        /* a back-reference to nothing */
        {"{)\x03r\x05\x00\x00\x00", 8, "byte 3: a reference to an object not read before"},
        /* a string longer than the file */
        {"{)\x03s\xff\x00\x00\x00", 8, "a length that runs past the end of the data"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(fixture_write("bad.pstats", cases[i].data, cases[i].size), cases[i].expect);

    /* tuples in tuples, deeper than any statistics: refused before the stack runs out */
    char deep[3 + 2 * 100] = "{)\x03";
    for (size_t i = 0; i < 100; i++)
        memcpy(deep + 3 + 2 * i, ")\x01", 2);
    expect_error(fixture_write("deep.pstats", deep, sizeof(deep)),
                 "byte 65: objects nested too deeply");
}
END_TEST

Suite *readers_suite(void);

Suite *readers_suite(void)
{
    Suite *s = suite_create("readers");
    TCase *tc = tcase_create("formats");
    tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
    tcase_add_test(tc, test_gperftools_self);
    tcase_add_test(tc, test_gperftools_layouts);
    tcase_add_test(tc, test_gperftools_malformed);
    tcase_add_test(tc, test_callgrind);
    tcase_add_test(tc, test_callgrind_malformed);
    tcase_add_test(tc, test_pstats_blob);
    tcase_add_test(tc, test_pstats_cprofile);
    tcase_add_test(tc, test_pstats_malformed);
    suite_add_tcase(s, tc);
    return s;
}
