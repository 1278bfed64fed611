/* init.c: the runtime's life in a process: the constructor that reads the configuration and
 * starts sampling the main thread, the fork handlers that give each child its own profile,
 * and the destructor that writes the profile at exit. */
#include "runtime.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

struct pa_rt_config pa_rt_config;
struct pa_rt_state pa_rt = {.exit_status = -1, .unwind_pipe = {-1, -1}};
_Thread_local struct pa_rt_thread *pa_rt_self PA_RT_TLS;
_Thread_local int pa_rt_guard PA_RT_TLS;

/* Perf fds live high (from half the fd limit, at most 1024) so the application keeps the
 * low numbers it expects; a quarter of the limit at most, beyond which new threads take the
 * timer fallback rather than starve the application of descriptors. */
static void fd_budget(void)
{
    struct rlimit rl;
    rlim_t cur = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
        cur = rl.rlim_cur == RLIM_INFINITY ? (rlim_t)1 << 20 : rl.rlim_cur;
    pa_rt.perf_fd_base = cur >= 2048 ? 1024 : (int)(cur / 2);
    pa_rt.perf_fd_budget = (int)(cur / 4);
}

/* Before fork: no handler may be inside libunwind (holding its cache lock) or the loader's
 * list when the child is made, or the child's first sample would wait forever. Handlers
 * that start now drop their sample; those running are waited for (briefly). */
static void fork_prepare(void)
{
    struct timespec tick = {0, 20000};
    if (!pa_rt.active)
        return;
    __atomic_add_fetch(&pa_rt.hold_off, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 50000 && __atomic_load_n(&pa_rt.in_flight, __ATOMIC_SEQ_CST) > 0; i++)
        if (i < 100)
            sched_yield();
        else
            nanosleep(&tick, NULL);
}

static void fork_parent(void)
{
    if (pa_rt.active)
        __atomic_sub_fetch(&pa_rt.hold_off, 1, __ATOMIC_SEQ_CST);
}

/* The child: a new process with its own (empty) profile and its only thread sampled. */
static void fork_child(void)
{
    if (!pa_rt.active)
        return;
    pa_rt_guard++;
    pa_rt.pid = getpid();
    pa_rt.start_ns = pa_rt_now_ns(CLOCK_REALTIME);
    pa_rt.exit_status = -1;
    pa_rt.write_state = 0;
    pa_rt.stopped = 0;
    pa_rt.in_flight = 0;
    pa_rt.main_clock = 0;
    pa_rt.perf_fd_count = 0;
    pa_rt_threads_after_fork_child();
    __atomic_store_n(&pa_rt.hold_off, 0, __ATOMIC_SEQ_CST);
    pa_rt_guard--;
}

__attribute__((constructor)) static void pa_rt_init(void)
{
    pa_rt_real_init();
    pa_rt_config_load(&pa_rt_config);
    if (!pa_rt_config.output_dir[0])
        return; /* not asked to profile: every interposer passes straight through */

    pa_rt_guard++;
    mkdir(pa_rt_config.output_dir, 0777); /* perfaudit record makes it; harmless if it did */
    pa_rt.pid = getpid();
    pa_rt.start_ns = pa_rt_now_ns(CLOCK_REALTIME);
    fd_budget();
    pa_rt_unsafe_regions_init();
    pa_rt_sample_init();
    if (pa_rt_threads_init() != 0 || pthread_atfork(fork_prepare, fork_parent, fork_child) != 0) {
        pa_rt_debug("cannot hook thread exit or fork, staying inactive", NULL);
        pa_rt_guard--;
        return;
    }
    pa_rt_signals_init();
    pa_rt.active = 1;
    pa_rt_thread_attach_main();
    pa_rt_guard--;
}

/* Runs after the application's atexit handlers and destructors (the runtime was initialised
 * before the executable, so it is finalised after it). */
__attribute__((destructor)) static void pa_rt_fini(void)
{
    if (!pa_rt.active)
        return;
    pa_rt_guard++;
    pa_rt_write_profile(1, __atomic_load_n(&pa_rt.exit_status, __ATOMIC_ACQUIRE));
    pa_rt_guard--;
}
