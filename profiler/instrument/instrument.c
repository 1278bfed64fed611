/* instrument.c: the runtime for -finstrument-functions builds: exact call counts and times per
 * function, counted as Python's cProfile counts them, written as a raw profile at exit.
 *
 * Link it into the program (cc -g -finstrument-functions ... -lperfaudit_instrument) and run
 * it under `perfaudit record`, which sets PERFAUDIT_OUTPUT_DIR; without that variable the hooks
 * only count and nothing is written. It allocates with mmap only (the hooks run inside malloc
 * too), keeps one shadow stack and one function table per thread, and merges them at exit. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "raw_format.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define HOOK   __attribute__((no_instrument_function))
#define EXPORT __attribute__((visibility("default"), no_instrument_function))

#define STACK_DEPTH 8192
#define TABLE_SIZE  16384 /* functions per thread; a power of two */

struct frame {
    uintptr_t fn;
    uint64_t start_ns, child_ns;
};

struct stat_entry {
    uintptr_t fn; /* 0: empty */
    uint64_t calls, primitive_calls, tottime_ns, cumtime_ns;
    uint32_t active; /* activations on this thread's stack now */
};

struct thread_state {
    struct thread_state *next; /* every thread's state, for the writer at exit */
    uint32_t depth, overflow;
    struct frame stack[STACK_DEPTH];
    struct stat_entry table[TABLE_SIZE];
    uint64_t dropped;
};

static _Atomic(struct thread_state *) all_threads;
static __thread struct thread_state *self;
static __thread bool busy; /* the hooks of the hooks' own callees (none should be instrumented) */
static uint64_t start_ns;

static HOOK uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static HOOK struct thread_state *state(void)
{
    if (self)
        return self;
    void *mem = mmap(NULL, sizeof(struct thread_state), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return NULL;
    struct thread_state *t = mem; /* mmap gives zeroed memory */
    t->next = atomic_load(&all_threads);
    while (!atomic_compare_exchange_weak(&all_threads, &t->next, t))
        ;
    self = t;
    return t;
}

static HOOK struct stat_entry *entry(struct thread_state *t, uintptr_t fn)
{
    size_t i = (size_t)((fn >> 4) * 0x9e3779b97f4a7c15ull) & (TABLE_SIZE - 1);
    for (size_t probes = 0; probes < TABLE_SIZE; probes++) {
        struct stat_entry *e = &t->table[i];
        if (e->fn == fn)
            return e;
        if (!e->fn) {
            e->fn = fn;
            return e;
        }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    return NULL;
}

EXPORT void __cyg_profile_func_enter(void *fn, void *call_site)
{
    (void)call_site;
    if (busy)
        return;
    busy = true;
    struct thread_state *t = state();
    if (t) {
        struct stat_entry *e = entry(t, (uintptr_t)fn);
        if (!e || t->depth >= STACK_DEPTH) {
            t->overflow++; /* its exit is then ignored too */
            t->dropped++;
        } else {
            e->calls++;
            if (e->active++ == 0)
                e->primitive_calls++;
            t->stack[t->depth++] = (struct frame){(uintptr_t)fn, now_ns(), 0};
        }
    }
    busy = false;
}

EXPORT void __cyg_profile_func_exit(void *fn, void *call_site)
{
    (void)call_site;
    if (busy)
        return;
    busy = true;
    struct thread_state *t = self;
    if (t && t->overflow) {
        t->overflow--;
    } else if (t && t->depth) {
        uint64_t now = now_ns();
        /* longjmp or an exception may skip exits: unwind to the frame being left */
        while (t->depth) {
            struct frame f = t->stack[--t->depth];
            uint64_t elapsed = now - f.start_ns;
            struct stat_entry *e = entry(t, f.fn);
            if (e) {
                e->tottime_ns += elapsed - (f.child_ns < elapsed ? f.child_ns : elapsed);
                if (--e->active == 0)
                    e->cumtime_ns += elapsed; /* outermost activation only, as cProfile */
            }
            if (t->depth)
                t->stack[t->depth - 1].child_ns += elapsed;
            if (f.fn == (uintptr_t)fn)
                break;
        }
    }
    busy = false;
}

/* ---- writing the raw profile at exit ---- */

static HOOK bool put(int fd, uint32_t type, const void *body, uint32_t size, const void *tail,
                     uint32_t tail_size)
{
    struct pa_raw_record_head head = {type, size + tail_size};
    return write(fd, &head, sizeof(head)) == (ssize_t)sizeof(head) &&
           write(fd, body, size) == (ssize_t)size &&
           (!tail_size || write(fd, tail, tail_size) == (ssize_t)tail_size);
}

static HOOK void write_maps(int fd)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return;
    char line[4096];
    while (fgets(line, sizeof(line), maps)) {
        unsigned long start, end, offset;
        char perms[8], path[4096] = "";
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %4095s", &start, &end, perms, &offset, path) <
                4 ||
            perms[2] != 'x' || path[0] != '/')
            continue;
        struct pa_raw_map m = {start, end, offset, (uint32_t)strlen(path), 0};
        put(fd, PA_RAW_MAP, &m, sizeof(m), path, m.path_len);
    }
    fclose(maps);
}

/* Adds every thread's counts for fn together (each thread has its own table). */
static HOOK void merged(uintptr_t fn, struct pa_raw_funcstat *out)
{
    for (struct thread_state *t = atomic_load(&all_threads); t; t = t->next) {
        struct stat_entry *e = entry(t, fn);
        if (!e)
            continue;
        out->calls += e->calls;
        out->primitive_calls += e->primitive_calls;
        out->tottime_ns += e->tottime_ns;
        out->cumtime_ns += e->cumtime_ns;
        e->calls = 0; /* counted once: later threads skip it */
        e->primitive_calls = 0;
    }
}

static HOOK void write_profile(void)
{
    const char *dir = getenv("PERFAUDIT_OUTPUT_DIR");
    if (!dir || !*dir)
        return;
    /* exit() called from deep inside: the frames still open end now */
    if (self && self->depth)
        __cyg_profile_func_exit((void *)self->stack[0].fn, NULL);
    busy = true; /* the writer's own calls are not counted */
    char path[4096], tmp[4200], exe[4096];
    snprintf(path, sizeof(path), "%s/perfaudit.%d.calls.raw", dir, getpid());
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = '\0';
    bool ok = write(fd, PA_RAW_MAGIC, 8) == 8;
    struct pa_raw_process proc = {
        getpid(), getppid(), 0, PA_RAW_CLOCK_INSTRUMENTED, 0, start_ns, (uint32_t)strlen(exe), 0};
    ok = ok && put(fd, PA_RAW_PROCESS, &proc, sizeof(proc), exe, proc.path_len);
    write_maps(fd);
    uint32_t threads = 0;
    for (struct thread_state *t = atomic_load(&all_threads); t; t = t->next) {
        threads++;
        struct pa_raw_thread rt = {0, 0, 0, t->dropped, "instrumented"};
        put(fd, PA_RAW_THREAD, &rt, sizeof(rt), NULL, 0);
    }
    for (struct thread_state *t = atomic_load(&all_threads); t; t = t->next) {
        for (size_t i = 0; i < TABLE_SIZE; i++) {
            if (!t->table[i].fn || !t->table[i].calls)
                continue;
            struct pa_raw_funcstat fs = {t->table[i].fn, 0, 0, 0, 0};
            merged(t->table[i].fn, &fs);
            put(fd, PA_RAW_FUNCSTAT, &fs, sizeof(fs), NULL, 0);
        }
    }
    struct pa_raw_end end = {now_ns(), 0, -1, 0};
    ok = ok && put(fd, PA_RAW_END, &end, sizeof(end), NULL, 0);
    ok = close(fd) == 0 && ok;
    if (ok)
        rename(tmp, path);
    else
        unlink(tmp);
    (void)threads;
}

__attribute__((constructor, no_instrument_function)) static void start(void)
{
    start_ns = now_ns();
    atexit(write_profile);
}
