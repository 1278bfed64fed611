/* sample.c: the sampling signal's handler. It unwinds the interrupted thread with libunwind's
 * local unwinder and appends one SAMPLE record to the thread's own preallocated buffer.
 *
 * What keeps it safe in a signal handler:
 *  - no malloc, no stdio, no lock the application may hold: libunwind was initialised (and its
 *    caches created) in the constructor and at each thread's start, and its global cache's lock
 *    is taken with every signal blocked, so no thread can be interrupted while holding it;
 *  - no re-entry: a thread-local guard drops the sample when the thread is inside the runtime;
 *  - no unwinding when the thread was stopped inside libunwind or the dynamic loader (whose
 *    data may be half-updated): the sample is counted as dropped;
 *  - errno is saved and restored; nothing else of the application's state is touched. */
#include "runtime.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/perf_event.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

struct pc_range {
    uintptr_t lo, hi;
};

#define MAX_FORBIDDEN 16
static struct pc_range forbidden[MAX_FORBIDDEN];
static int n_forbidden;

enum { SRC_FOREIGN, SRC_PERF, SRC_TIMER };

/* The executable segments of libunwind and of the dynamic loader. */
static int collect_forbidden(struct dl_phdr_info *info, size_t size, void *data)
{
    uintptr_t probe = (uintptr_t)data;
    uintptr_t interp = (uintptr_t)getauxval(AT_BASE);
    int mine = interp && info->dlpi_addr == interp;

    (void)size;
    for (int i = 0; !mine && i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && probe >= lo && probe < lo + ph->p_memsz)
            mine = 1;
    }
    for (int i = 0; mine && i < info->dlpi_phnum && n_forbidden < MAX_FORBIDDEN; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            forbidden[n_forbidden].lo = info->dlpi_addr + ph->p_vaddr;
            forbidden[n_forbidden].hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
            n_forbidden++;
        }
    }
    return 0;
}

/* Whether pc is in libunwind's or the dynamic loader's code. */
int pa_rt_pc_in_unwinder(uintptr_t pc)
{
    for (int i = 0; i < n_forbidden; i++)
        if (pc >= forbidden[i].lo && pc < forbidden[i].hi)
            return 1;
    return 0;
}

static int lowest_free_fd(int from)
{
    for (int fd = from; fd < 65536; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
            return fd;
    return -1;
}

/* libunwind (built with its default conservative checks) validates the memory it reads by
 * writing it into a pipe it opens at its first use. If the application closes that pipe and
 * reuses the numbers, libunwind would read from and write to the application's files: before
 * each unwind the handler checks the numbers still name that pipe, else it keeps the leaf. */
static void find_unwind_pipe(int before0, int before1)
{
    struct stat a, b;
    pa_rt.unwind_pipe[0] = pa_rt.unwind_pipe[1] = -1;
    if (before0 < 0 || before1 < 0 || fstat(before0, &a) != 0 || fstat(before1, &b) != 0)
        return;
    if (!S_ISFIFO(a.st_mode) || !S_ISFIFO(b.st_mode) || a.st_ino != b.st_ino ||
        a.st_dev != b.st_dev)
        return;
    pa_rt.unwind_pipe[0] = before0;
    pa_rt.unwind_pipe[1] = before1;
    pa_rt.unwind_pipe_dev = a.st_dev;
    pa_rt.unwind_pipe_ino = a.st_ino;
}

static int unwind_pipe_intact(void)
{
    struct stat st;
    if (pa_rt.unwind_pipe[0] < 0)
        return 1;
    for (int i = 0; i < 2; i++)
        if (fstat(pa_rt.unwind_pipe[i], &st) != 0 || st.st_ino != pa_rt.unwind_pipe_ino ||
            st.st_dev != pa_rt.unwind_pipe_dev)
            return 0;
    return 1;
}

/* Prepares libunwind: initialised now rather than in the first handler, with the cache
 * policy that is safe from signal handlers in this build. UNW_CACHE_PER_THREAD is not used
 * on purpose: Debian's libunwind 1.6.2 is built without --enable-per-thread-cache, and there
 * that policy silently shares the global cache *without* its lock between threads. */
int pa_rt_sample_init(void)
{
    int p0 = lowest_free_fd(0), p1 = p0 >= 0 ? lowest_free_fd(p0 + 1) : -1;

    if (pa_rt_unwinder_load() != 0)
        return -1;
    dl_iterate_phdr(collect_forbidden, (void *)(uintptr_t)pa_rt_unw.init_local2);
    pa_rt_unw.set_caching_policy(pa_rt_unw.local_as, UNW_CACHE_GLOBAL);
    find_unwind_pipe(p0, p1);
    pa_rt_sample_warm();
    return 0;
}

/* One unwind from here, outside any handler: libunwind's lazily created state, this thread's
 * trace cache and the caches for the runtime's own frames exist before the first signal.
 * Counted as a handler, so that fork never copies libunwind's locks while it runs; skipped
 * while handlers are held off (in a fork child the forking thread keeps its cache). */
void pa_rt_sample_warm(void)
{
    void *frames[64];
    unw_context_t uc;
    unw_cursor_t cursor;
    int n = 0;

    if (!pa_rt_unw.loaded)
        return;
    __atomic_add_fetch(&pa_rt.in_flight, 1, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&pa_rt.hold_off, __ATOMIC_SEQ_CST)) {
        pa_rt_unw.backtrace(frames, 64);
        if (pa_rt_unw.getcontext(&uc) == 0 && pa_rt_unw.init_local(&cursor, &uc) == 0)
            while (n++ < 64 && pa_rt_unw.step(&cursor) > 0)
                ;
    }
    __atomic_sub_fetch(&pa_rt.in_flight, 1, __ATOMIC_SEQ_CST);
}

static uintptr_t interrupted_pc(const ucontext_t *uc)
{
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}

static void drop(struct pa_rt_thread *t)
{
    __atomic_store_n(&t->dropped, t->dropped + 1, __ATOMIC_RELAXED);
}

/* The general unwinder, from the signal's context. */
static uint32_t unwind_slow(ucontext_t *uc, uint64_t *frames, uint32_t max)
{
    unw_cursor_t cursor;
    uint32_t n = 0;
    if (pa_rt_unw.init_local2(&cursor, uc, UNW_INIT_SIGNAL_FRAME) < 0)
        return 0;
    do {
        uintptr_t ip;
        if (pa_rt_unw.get_reg(&cursor, UNW_REG_IP, &ip) < 0 || ip == 0)
            break;
        frames[n++] = (uint64_t)ip;
    } while (n < max && pa_rt_unw.step(&cursor) > 0);
    return n;
}

/* Unwinds from the interrupted context into frames[], leaf first: frames[0] is the
 * interrupted instruction, the others are return addresses. frames[] has room for
 * max + PA_RT_HANDLER_FRAMES entries.
 *
 * The fast path is unw_backtrace(): libunwind's x86-64 tracer keeps a per-thread cache of
 * frame layouts (created by the warm-up at thread start) and walks cached frames without a
 * lock or a system call, through the signal frame into the interrupted code. It starts in
 * this handler, so the handler's own frames are cut off at the interrupted pc. When the pc is
 * not found there (a frame the tracer gives up on), the general unwinder runs from the
 * signal's context (unw_init_local2 + unw_step, which takes libunwind's global cache lock
 * with all signals blocked at every step: correct, but slower). */
static uint32_t unwind(ucontext_t *uc, uintptr_t pc, uint64_t *frames, uint32_t max)
{
    int got = 0;
    if (!pa_rt_unw.loaded)
        return 0;
    if (!__atomic_load_n(&pa_rt_tracer_stale, __ATOMIC_RELAXED))
        got = pa_rt_unw.backtrace((void **)frames, (int)(max + PA_RT_HANDLER_FRAMES));
    for (int i = 0; pc && i < got && i < PA_RT_HANDLER_FRAMES; i++)
        if (frames[i] == pc) {
            uint32_t n = (uint32_t)(got - i) < max ? (uint32_t)(got - i) : max;
            __builtin_memmove(frames, frames + i, n * sizeof *frames);
            return n;
        }
    return unwind_slow(uc, frames, max);
}

/* Whether an unwind fits on the stack the handler runs on: the thread's own (bounds known from
 * its start) or the application's alternate signal stack when the interrupted code was on it.
 * On a stack the runtime does not know (a coroutine's), it assumes so. */
static int stack_room(const struct pa_rt_thread *t, const ucontext_t *uc)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0), lo = 0;
    uintptr_t alt = (uintptr_t)uc->uc_stack.ss_sp; /* the kernel leaves ss_flags 0 on it */
    if (!(uc->uc_stack.ss_flags & SS_DISABLE) && sp >= alt && sp - alt < uc->uc_stack.ss_size)
        lo = alt;
    else if (sp >= t->stack_lo && sp < t->stack_hi)
        lo = t->stack_lo;
    return !lo || sp - lo >= PA_RT_STACK_RESERVE;
}

static void take_sample(struct pa_rt_thread *t, ucontext_t *uc)
{
    uint32_t max = pa_rt_config.max_depth;
    size_t pos = t->pos; /* only this thread moves it */
    size_t need = sizeof(struct pa_raw_record_head) + sizeof(struct pa_raw_sample) +
                  8 * (size_t)(max + PA_RT_HANDLER_FRAMES);
    uintptr_t pc = interrupted_pc(uc);
    struct pa_raw_record_head *head;
    struct pa_raw_sample *sample;
    uint64_t *frames;
    uint32_t n = 0;

    if (pa_rt_pc_in_unwinder(pc) || !t->buf || t->cap - pos < need) {
        drop(t);
        return;
    }
    head = (struct pa_raw_record_head *)(t->buf + pos);
    sample = (struct pa_raw_sample *)(head + 1);
    frames = (uint64_t *)(sample + 1);
    if (unwind_pipe_intact() && stack_room(t, uc))
        n = unwind(uc, pc, frames, max);
    if (n == 0) {
        if (!pc) {
            drop(t);
            return;
        }
        frames[0] = pc;
        n = 1;
    }
    head->type = PA_RAW_SAMPLE;
    head->size = (uint32_t)(sizeof *sample + 8 * (size_t)n);
    sample->tid = t->tid;
    sample->nframes = n;
    __atomic_store_n(&t->pos, pos + sizeof *head + head->size, __ATOMIC_RELEASE);
}

static int classify(const siginfo_t *si)
{
    if (si->si_code == SI_TIMER && si->si_value.sival_ptr == PA_RT_TIMER_COOKIE)
        return SRC_TIMER;
    /* F_SETSIG deliveries carry the POLL_* codes, which no kill() or sigqueue() can. */
    if (si->si_code >= POLL_IN && si->si_code <= POLL_HUP)
        return SRC_PERF;
    return SRC_FOREIGN;
}

void pa_rt_on_sample(int sig, siginfo_t *si, void *ucv)
{
    int saved_errno = errno;
    int src = classify(si);
    struct pa_rt_thread *t = pa_rt_self;

    if (src == SRC_FOREIGN) {
        pa_rt_chain_sample_signal(sig, si, ucv);
        errno = saved_errno;
        return;
    }
    __atomic_add_fetch(&pa_rt.in_flight, 1, __ATOMIC_SEQ_CST);
    if (t && __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == PA_RT_THREAD_ACTIVE &&
        !__atomic_load_n(&pa_rt.stopped, __ATOMIC_ACQUIRE)) {
        if (src == SRC_TIMER) {
            t->timer_signals++;
            t->timer_periods += 1 + (uint64_t)(si->si_overrun > 0 ? si->si_overrun : 0);
        }
        if (pa_rt_guard || pa_rt_unsafe || __atomic_load_n(&pa_rt.hold_off, __ATOMIC_SEQ_CST))
            drop(t);
        else {
            pa_rt_guard++;
            errno = 0; /* libunwind's validation loops while errno reads EINTR */
            take_sample(t, ucv);
            pa_rt_guard--;
        }
        if (src == SRC_PERF && t->clock == PA_RAW_CLOCK_PERF_TASK_CLOCK &&
            si->si_fd == t->perf_fd && !__atomic_load_n(&pa_rt.stopped, __ATOMIC_ACQUIRE))
            ioctl(t->perf_fd, PERF_EVENT_IOC_REFRESH, 1);
    }
    __atomic_sub_fetch(&pa_rt.in_flight, 1, __ATOMIC_SEQ_CST);
    errno = saved_errno;
}
