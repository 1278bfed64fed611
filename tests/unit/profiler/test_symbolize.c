/* test_symbolize.c: the raw reader and the symbolizer on this very test binary (a PIE): a raw
 * profile written from /proc/self/maps and the addresses of two of its own functions must come
 * back as those functions, with this file and their lines (profiler/raw_reader.c,
 * profiler/symbolize.c). */
#include "error.h"
#include "perfaudit/profile.h"
#include "raw_format.h"
#include "raw_reader.h"
#include "strbuf.h"
#include "symbolize.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned leaf_line = __LINE__ + 1;
__attribute__((noinline)) int symbolize_target_leaf(int x)
{
    return x * 3 + 1; /* the leaf sample's address is inside this function */
}

__attribute__((noinline)) int symbolize_target_caller(int x)
{
    return symbolize_target_leaf(x) + 2;
}

static void put(FILE *f, uint32_t type, const void *body, uint32_t size, const void *tail,
                uint32_t tail_size)
{
    struct pa_raw_record_head head = {type, size + tail_size};
    fwrite(&head, sizeof(head), 1, f);
    fwrite(body, size, 1, f);
    if (tail_size)
        fwrite(tail, tail_size, 1, f);
}

/* Writes a raw profile of this process: its executable mappings and one sample. */
static void write_raw(const char *path, bool complete)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(PA_RAW_MAGIC, 8, 1, f);
    char exe[256];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    ck_assert_int_gt(n, 0);
    exe[n] = '\0';
    struct pa_raw_process proc = {getpid(), getppid(), 999,         PA_RAW_CLOCK_PERF_TASK_CLOCK,
                                  1001001,  1000,      (uint32_t)n, 0};
    put(f, PA_RAW_PROCESS, &proc, sizeof(proc), exe, (uint32_t)n);
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[1024];
    while (fgets(line, sizeof(line), maps)) {
        unsigned long start, end, offset;
        char perms[8], file[512] = "";
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %511s", &start, &end, perms, &offset, file) < 4 ||
            perms[2] != 'x' || file[0] != '/')
            continue;
        struct pa_raw_map m = {start, end, offset, (uint32_t)strlen(file), 0};
        put(f, PA_RAW_MAP, &m, sizeof(m), file, m.path_len);
    }
    fclose(maps);
    struct pa_raw_thread t = {getpid(), 1, 1000, 0, "unit_tests"};
    put(f, PA_RAW_THREAD, &t, sizeof(t), NULL, 0);
    /* leaf: inside the leaf function; caller: a "return address" inside the caller */
    uint64_t frames[2] = {(uint64_t)(uintptr_t)symbolize_target_leaf + 4,
                          (uint64_t)(uintptr_t)symbolize_target_caller + 8};
    struct pa_raw_sample s = {getpid(), 2};
    put(f, PA_RAW_SAMPLE, &s, sizeof(s), frames, sizeof(frames));
    if (complete) {
        struct pa_raw_end e = {2000, 1000, 0, 0};
        put(f, PA_RAW_END, &e, sizeof(e), NULL, 0);
    }
    fclose(f);
}

START_TEST(test_symbolize_self)
{
    char path[] = "/tmp/pa-raw-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    write_raw(path, true);
    struct pa_raw_profile raw;
    struct pa_error err;
    ck_assert_msg(pa_raw_read(path, &raw, &err) == 0, "%s", err.message);
    ck_assert_uint_eq(raw.nsamples, 1);
    ck_assert_uint_eq(raw.nthreads, 1);
    ck_assert_int_gt((int)raw.nmaps, 0);

    struct pa_profile *p = pa_profile_new("perfaudit", path);
    struct pa_strbuf notes = {0};
    pa_symbolize(&raw, p, &notes);
    ck_assert_uint_eq(p->nstacks, 1);
    ck_assert_uint_ge(p->stacks[0].nframes, 2);
    const struct pa_prof_function *leaf =
        &p->functions[p->locations[p->stacks[0].frames[0]].function];
    const struct pa_prof_function *caller =
        &p->functions[p->locations[p->stacks[0].frames[1]].function];
    ck_assert_str_eq(leaf->name, "symbolize_target_leaf");
    ck_assert_str_eq(caller->name, "symbolize_target_caller");
    ck_assert_ptr_nonnull(leaf->file);
    ck_assert_msg(strstr(leaf->file, "test_symbolize.c") != NULL, "%s", leaf->file);
    ck_assert_uint_eq(leaf->line, leaf_line);
    ck_assert_uint_gt(p->locations[p->stacks[0].frames[0]].line, 0);
    ck_assert_str_eq(leaf->module, "unit_tests");
    pa_strbuf_free(&notes);
    pa_profile_free(p);
    pa_raw_free(&raw);

    /* a process that died before finishing its file */
    write_raw(path, false);
    ck_assert_int_eq(pa_raw_read(path, &raw, &err), -1);
    ck_assert(strstr(err.message, "truncated") != NULL);
    pa_raw_free(&raw);
    FILE *f = fopen(path, "w");
    fputs("PARAW but not really", f);
    fclose(f);
    ck_assert_int_eq(pa_raw_read(path, &raw, &err), -1);
    pa_raw_free(&raw);
    unlink(path);
}
END_TEST

Suite *symbolize_suite(void);

Suite *symbolize_suite(void)
{
    Suite *s = suite_create("symbolize");
    TCase *tc = tcase_create("self");
    tcase_add_test(tc, test_symbolize_self);
    suite_add_tcase(s, tc);
    return s;
}
