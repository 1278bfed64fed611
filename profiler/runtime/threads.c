/* threads.c: the table of sampled threads and each thread's life in the runtime: its slot and
 * sample buffer, the pthread_create interposer that starts sampling in new threads, and the
 * thread-exit hook that stops it. Slots are never reused, so a writer may read any slot of
 * this image at any time without a lock. */
#include "runtime.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#define CHUNK_SLOTS 256
#define MAX_CHUNKS  1024

static struct pa_rt_thread *chunks[MAX_CHUNKS]; /* published with release order */
static size_t slot_next;                        /* slots handed out (atomic) */
static pthread_key_t exit_key;
static int exit_key_ok;

static size_t page_round(size_t n)
{
    size_t page = 4096;
    return (n + page - 1) & ~(page - 1);
}

/* A fresh slot, or NULL when the table is full or memory is refused. Lock-free: it may run
 * in any thread, and after fork in a child. */
struct pa_rt_thread *pa_rt_thread_alloc(void)
{
    size_t i = __atomic_fetch_add(&slot_next, 1, __ATOMIC_SEQ_CST);
    size_t c = i / CHUNK_SLOTS;
    struct pa_rt_thread *chunk, *expected = NULL;

    if (c >= MAX_CHUNKS)
        return NULL;
    chunk = __atomic_load_n(&chunks[c], __ATOMIC_ACQUIRE);
    if (!chunk) {
        void *m = mmap(NULL, CHUNK_SLOTS * sizeof(struct pa_rt_thread), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        if (__atomic_compare_exchange_n(&chunks[c], &expected, (struct pa_rt_thread *)m, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            chunk = m;
        else {
            munmap(m, CHUNK_SLOTS * sizeof(struct pa_rt_thread));
            chunk = expected;
        }
    }
    struct pa_rt_thread *t = &chunk[i % CHUNK_SLOTS];
    t->perf_fd = -1;
    return t;
}

size_t pa_rt_thread_count(void)
{
    size_t n = __atomic_load_n(&slot_next, __ATOMIC_ACQUIRE);
    return n < (size_t)MAX_CHUNKS * CHUNK_SLOTS ? n : (size_t)MAX_CHUNKS * CHUNK_SLOTS;
}

/* Slot i, or NULL while its chunk is not yet published. */
struct pa_rt_thread *pa_rt_thread_at(size_t i)
{
    struct pa_rt_thread *chunk = __atomic_load_n(&chunks[i / CHUNK_SLOTS], __ATOMIC_ACQUIRE);
    return chunk ? &chunk[i % CHUNK_SLOTS] : NULL;
}

/* Maps the thread's sample buffer: lazily committed, halved until the system accepts it. */
static void buffer_map(struct pa_rt_thread *t)
{
    size_t one = sizeof(struct pa_raw_record_head) + sizeof(struct pa_raw_sample) +
                 8 * (size_t)(pa_rt_config.max_depth + PA_RT_HANDLER_FRAMES);
    size_t len = page_round(pa_rt_config.buffer_bytes);
    size_t min = page_round(one);

    t->buf = NULL;
    t->cap = t->map_len = 0;
    if (len < min)
        len = min;
    for (; len >= min; len = page_round(len / 2)) {
        void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m != MAP_FAILED) {
            t->buf = m;
            t->cap = t->map_len = len;
            return;
        }
        if (len == min)
            break;
    }
    pa_rt_debug("no memory for a thread's sample buffer", NULL);
}

static void buffer_unmap(struct pa_rt_thread *t)
{
    if (t->buf)
        munmap(t->buf, t->map_len);
    t->buf = NULL;
    t->cap = t->map_len = 0;
}

/* The calling thread's stack, so the handler can tell whether an unwind fits in what is left. */
static void stack_bounds(struct pa_rt_thread *t)
{
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (t->stack_lo || pthread_getattr_np(pthread_self(), &attr) != 0)
        return; /* a fork child keeps its thread's stack */
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        t->stack_lo = (uintptr_t)addr;
        t->stack_hi = (uintptr_t)addr + size;
    }
    pthread_attr_destroy(&attr);
}

/* Starts sampling the calling thread in slot t. */
int pa_rt_thread_begin(struct pa_rt_thread *t)
{
    pa_rt_guard++;
    t->tid = pa_rt_gettid();
    stack_bounds(t);
    t->pos = t->base = 0;
    t->dropped = t->dropped_base = 0;
    t->timer_signals = t->timer_periods = 0;
    t->clock = 0;
    t->perf_fd = -1;
    buffer_map(t);
    pa_rt_self = t;
    if (exit_key_ok)
        pthread_setspecific(exit_key, t);
    pa_rt_sample_warm();
    __atomic_store_n(&t->state, PA_RT_THREAD_ACTIVE, __ATOMIC_RELEASE);
    if (t->cap)
        pa_rt_source_arm(t);
    pa_rt_guard--;
    return 0;
}

/* Thread exit (the key's destructor runs on return from the start routine, pthread_exit and
 * cancellation alike): stop the clock, keep the CPU time and name, give back the buffer's
 * unused tail. The samples stay until the profile is written. */
static void thread_end(void *arg)
{
    struct pa_rt_thread *t = arg;
    size_t keep;

    if (!t || t != pa_rt_self)
        return;
    pa_rt_guard++;
    pa_rt_source_disarm(t, 1);
    t->cpu_ns = pa_rt_now_ns(CLOCK_THREAD_CPUTIME_ID);
    prctl(PR_GET_NAME, t->name, 0, 0, 0);
    keep = page_round(__atomic_load_n(&t->pos, __ATOMIC_ACQUIRE));
    if (t->buf && keep < t->map_len) {
        munmap(t->buf + keep, t->map_len - keep);
        t->map_len = keep;
        t->cap = keep;
        if (keep == 0)
            t->buf = NULL;
    }
    __atomic_store_n(&t->state, PA_RT_THREAD_EXITED, __ATOMIC_RELEASE);
    pa_rt_self = NULL;
    pa_rt_guard--;
}

int pa_rt_threads_init(void)
{
    exit_key_ok = pthread_key_create(&exit_key, thread_end) == 0;
    return exit_key_ok ? 0 : -1;
}

/* The main thread (or whichever thread runs the constructor). */
void pa_rt_thread_attach_main(void)
{
    struct pa_rt_thread *t = pa_rt_thread_alloc();
    if (t)
        pa_rt_thread_begin(t);
}

/* In a forked child only the forking thread lives on: the parent's other threads become
 * stale (their buffers are given back), and the forking thread starts afresh with an empty
 * buffer, its own tid and a new clock. */
void pa_rt_threads_after_fork_child(void)
{
    struct pa_rt_thread *self = pa_rt_self;
    size_t n = pa_rt_thread_count();

    for (size_t i = 0; i < n; i++) {
        struct pa_rt_thread *t = pa_rt_thread_at(i);
        int state;
        if (!t)
            continue;
        state = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
        if (state == PA_RT_THREAD_FREE || state == PA_RT_THREAD_STALE)
            continue;
        pa_rt_source_forget_inherited(t);
        buffer_unmap(t);
        __atomic_store_n(&t->state, PA_RT_THREAD_STALE, __ATOMIC_RELEASE);
    }
    if (self) {
        /* Reused in place so that the thread's exit key keeps pointing at a live slot. */
        pa_rt_thread_begin(self);
    } else
        pa_rt_thread_attach_main();
}

/* Sampling ends for good (the final profile is being written): every clock is stopped,
 * nothing is closed, since other threads may still be running their handlers. */
void pa_rt_threads_stop_all(void)
{
    size_t n = pa_rt_thread_count();
    __atomic_store_n(&pa_rt.stopped, 1, __ATOMIC_SEQ_CST);
    for (size_t i = 0; i < n; i++) {
        struct pa_rt_thread *t = pa_rt_thread_at(i);
        if (t && __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == PA_RT_THREAD_ACTIVE)
            pa_rt_source_disarm(t, 0);
    }
}

/* New threads start in trampoline(), which sets up sampling before the application's start
 * routine runs. */
static void *trampoline(void *arg)
{
    struct pa_rt_thread *t = arg;
    void *(*start)(void *) = t->start;
    void *start_arg = t->arg;

    pa_rt_thread_begin(t);
    return start(start_arg);
}

PA_RT_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                                void *(*start)(void *), void *arg)
{
    int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) =
        (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))pa_rt_real(
            "pthread_create");
    struct pa_rt_thread *t;
    int rc;

    if (!real)
        return EAGAIN;
    if (!pa_rt.active || __atomic_load_n(&pa_rt.stopped, __ATOMIC_ACQUIRE))
        return real(thread, attr, start, arg);
    pa_rt_guard++;
    t = pa_rt_thread_alloc();
    pa_rt_guard--;
    if (!t)
        return real(thread, attr, start, arg);
    t->start = start;
    t->arg = arg;
    __atomic_store_n(&t->state, PA_RT_THREAD_STARTING, __ATOMIC_RELEASE);
    rc = real(thread, attr, trampoline, t);
    if (rc != 0)
        __atomic_store_n(&t->state, PA_RT_THREAD_FREE, __ATOMIC_RELEASE);
    return rc;
}
