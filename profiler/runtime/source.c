/* source.c: each thread's sampling clock. First choice, a perf task-clock event of the thread
 * (high-resolution, so the asked rate is the rate obtained), signalling that thread only with
 * the runtime's real-time signal and re-armed by the handler (PERF_EVENT_IOC_REFRESH). When
 * perf_event_open is refused, a POSIX timer on the thread's CPU clock (SIGEV_THREAD_ID), which
 * the kernel checks at the scheduler tick only (250 Hz here, whatever rate is asked). */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef F_SETSIG
#define F_SETSIG 10
#endif
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static int perf_open(struct pa_rt_thread *t)
{
    struct perf_event_attr attr;
    struct f_owner_ex owner = {F_OWNER_TID, t->tid};
    int fd, high;

    if (__atomic_add_fetch(&pa_rt.perf_fd_count, 1, __ATOMIC_SEQ_CST) > pa_rt.perf_fd_budget) {
        __atomic_sub_fetch(&pa_rt.perf_fd_count, 1, __ATOMIC_SEQ_CST);
        errno = EMFILE;
        return -1;
    }
    __builtin_memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.sample_period = pa_rt_config.period_ns;
    attr.disabled = 1;
    attr.exclude_kernel = 1; /* what perf_event_paranoid=2 allows */
    attr.exclude_hv = 1;
    fd =
        (int)syscall(SYS_perf_event_open, &attr, 0 /* this thread */, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        __atomic_sub_fetch(&pa_rt.perf_fd_count, 1, __ATOMIC_SEQ_CST);
        if (err == EACCES || err == EPERM || err == ENOSYS || err == ENOENT || err == EINVAL ||
            err == EOPNOTSUPP)
            pa_rt.perf_refused = 1;
        errno = err;
        return -1;
    }
    /* Out of the application's way: it keeps getting the lowest free numbers it expects. */
    high = fcntl(fd, F_DUPFD_CLOEXEC, pa_rt.perf_fd_base);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    if (fcntl(fd, F_SETSIG, pa_rt_config.signo) < 0 || fcntl(fd, F_SETOWN_EX, &owner) < 0 ||
        fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK) < 0 ||
        ioctl(fd, PERF_EVENT_IOC_ID, &t->perf_id) < 0) {
        close(fd);
        __atomic_sub_fetch(&pa_rt.perf_fd_count, 1, __ATOMIC_SEQ_CST);
        return -1;
    }
    t->perf_fd = fd;
    t->clock = PA_RAW_CLOCK_PERF_TASK_CLOCK;
    ioctl(fd, PERF_EVENT_IOC_RESET, 0);
    /* One overflow, then the event disables itself until the handler refreshes it: at most
     * one signal is ever pending, and the handler's own time is not counted. */
    ioctl(fd, PERF_EVENT_IOC_REFRESH, 1);
    return 0;
}

static int timer_open(struct pa_rt_thread *t)
{
    struct sigevent sev;
    struct itimerspec its;
    uint64_t p = pa_rt_config.period_ns;

    __builtin_memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = pa_rt_config.signo;
    sev.sigev_value.sival_ptr = PA_RT_TIMER_COOKIE;
    sev.sigev_notify_thread_id = t->tid;
    if (timer_create(CLOCK_THREAD_CPUTIME_ID, &sev, &t->timer) != 0)
        return -1;
    its.it_interval.tv_sec = (time_t)(p / 1000000000ULL);
    its.it_interval.tv_nsec = (long)(p % 1000000000ULL);
    its.it_value = its.it_interval;
    if (timer_settime(t->timer, 0, &its, NULL) != 0) {
        timer_delete(t->timer);
        return -1;
    }
    t->clock = PA_RAW_CLOCK_THREAD_CPUTIME;
    return 0;
}

/* Arms the calling thread's clock (t is the calling thread's slot); 0 on success. */
int pa_rt_source_arm(struct pa_rt_thread *t)
{
    int rc = -1;
    if (pa_rt_config.clock_choice != PA_RT_CLOCK_TIMER && !pa_rt.perf_refused)
        rc = perf_open(t);
    if (rc != 0 && pa_rt_config.clock_choice != PA_RT_CLOCK_PERF)
        rc = timer_open(t);
    if (rc != 0) {
        pa_rt_debug("cannot arm a sampling clock for a thread", NULL);
        return -1;
    }
    if (__atomic_load_n(&pa_rt.main_clock, __ATOMIC_ACQUIRE) == 0)
        __atomic_store_n(&pa_rt.main_clock, t->clock, __ATOMIC_RELEASE);
    return 0;
}

/* Whether fd still is the perf event we opened (the application may have closed it and
 * reused the number: then it is not ours to close). */
static int perf_fd_is_ours(int fd, uint64_t id)
{
    uint64_t now = 0;
    return fd >= 0 && ioctl(fd, PERF_EVENT_IOC_ID, &now) == 0 && now == id;
}

/* Stops t's clock. With close_it, also releases it (only t's own thread does that, at its
 * exit); without, only disables it, which any thread may do. */
void pa_rt_source_disarm(struct pa_rt_thread *t, int close_it)
{
    if (t->clock == PA_RAW_CLOCK_PERF_TASK_CLOCK && t->perf_fd >= 0) {
        int fd = t->perf_fd;
        int ours = perf_fd_is_ours(fd, t->perf_id);
        if (ours)
            ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
        if (close_it) {
            t->perf_fd = -1;
            t->clock = 0;
            if (ours)
                close(fd);
            __atomic_sub_fetch(&pa_rt.perf_fd_count, 1, __ATOMIC_SEQ_CST);
        }
    } else if (t->clock == PA_RAW_CLOCK_THREAD_CPUTIME) {
        if (close_it) {
            t->clock = 0;
            timer_delete(t->timer);
        } else {
            struct itimerspec zero;
            __builtin_memset(&zero, 0, sizeof zero);
            timer_settime(t->timer, 0, &zero, NULL);
        }
    }
}

/* In a forked child: t's clock belongs to the parent. Its perf fd was inherited (closed
 * here, if it still is ours); POSIX timers are not inherited, so there is nothing to do. */
void pa_rt_source_forget_inherited(struct pa_rt_thread *t)
{
    if (t->clock == PA_RAW_CLOCK_PERF_TASK_CLOCK && perf_fd_is_ours(t->perf_fd, t->perf_id))
        close(t->perf_fd);
    t->perf_fd = -1;
    t->clock = 0;
}

/* Before exec: release the calling thread's clock and discard a signal of ours still pending
 * for it, since pending signals survive exec and the new image starts with the default
 * action (terminate) for our signal. */
void pa_rt_source_quiesce_self(void)
{
    struct pa_rt_thread *t = pa_rt_self;
    sigset_t ours, old;
    siginfo_t info;
    struct timespec zero = {0, 0};

    if (t)
        pa_rt_source_disarm(t, 1);
    sigemptyset(&ours);
    sigaddset(&ours, pa_rt_config.signo);
    pa_rt_real_sigprocmask(SIG_BLOCK, &ours, &old);
    while (sigtimedwait(&ours, &info, &zero) == pa_rt_config.signo)
        ;
    pa_rt_real_sigprocmask(SIG_SETMASK, &old, NULL);
}

/* After an exec that failed: the calling thread gets a new clock. */
void pa_rt_source_resume_self(void)
{
    struct pa_rt_thread *t = pa_rt_self;
    if (t && t->cap && !__atomic_load_n(&pa_rt.stopped, __ATOMIC_ACQUIRE))
        pa_rt_source_arm(t);
}
