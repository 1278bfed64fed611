/* signals.c: the signal dispositions the runtime owns, kept invisible to the application.
 *  - The sampling signal (PERFAUDIT_SIGNAL, default SIGRTMAX-4): always the runtime's handler.
 *    An application that installs its own gets it recorded and called for the signals that
 *    are not the runtime's (kill, sigqueue); sigaction reports the application's action.
 *  - Terminating signals left at SIG_DFL (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV,
 *    SIGBUS, SIGFPE, SIGILL): a handler that writes the profile, restores SIG_DFL and lets the
 *    signal take its default action, so the exit status and core dump are unchanged.
 *    sigaction/signal still report SIG_DFL; an application handler replaces the runtime's
 *    (the application wins), and setting SIG_DFL again brings the runtime's back.
 *  - sigprocmask/pthread_sigmask never block the sampling signal (threads that block every
 *    signal would otherwise go unsampled and queue the signal forever). */
#include "runtime.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { KIND_NONE = 0, KIND_FATAL, KIND_SAMPLE };

struct disposition {
    int kind;
    int ours;                /* the runtime's handler is the one installed */
    struct sigaction shadow; /* what the application believes is installed */
};

static struct disposition table[_NSIG];
static int table_lock;

/* Taken with every signal blocked, so a handler of this thread can never wait for it. */
static void lock(sigset_t *old)
{
    sigset_t all;
    sigfillset(&all);
    pa_rt_real_sigprocmask(SIG_BLOCK, &all, old);
    while (__atomic_test_and_set(&table_lock, __ATOMIC_ACQUIRE))
        ;
}

static void unlock(const sigset_t *old)
{
    __atomic_clear(&table_lock, __ATOMIC_RELEASE);
    pa_rt_real_sigprocmask(SIG_SETMASK, old, NULL);
}

static int is_default(const struct sigaction *act)
{
    return act->sa_handler == SIG_DFL;
}

static int synchronous_fault(int sig, const siginfo_t *si)
{
    return si && si->si_code > 0 &&
           (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL);
}

/* Lets `sig` take its default action once the handler returns: the default is restored and,
 * unless the fault will simply recur on return, the signal is sent again to this thread (it
 * stays pending while the handler runs). */
static void default_action(int sig, const siginfo_t *si)
{
    struct sigaction dfl;
    sigset_t old;

    __builtin_memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    if (getpid() == pa_rt.pid) {
        lock(&old);
        pa_rt_real_sigaction(sig, &dfl, NULL);
        table[sig].ours = 0;
        unlock(&old);
    } else
        pa_rt_real_sigaction(sig, &dfl, NULL);
    if (!synchronous_fault(sig, si))
        syscall(SYS_tgkill, getpid(), pa_rt_gettid(), sig);
}

static void on_fatal(int sig, siginfo_t *si, void *uc)
{
    int saved_errno = errno;
    (void)uc;
    pa_rt_write_profile(1, 128 + sig);
    default_action(sig, si);
    errno = saved_errno;
}

static void our_action(int sig, struct sigaction *act)
{
    static const int fatal[] = PA_RT_FATAL_SIGNALS;
    __builtin_memset(act, 0, sizeof *act);
    sigemptyset(&act->sa_mask);
    if (table[sig].kind == KIND_SAMPLE) {
        act->sa_sigaction = pa_rt_on_sample;
        act->sa_flags = SA_SIGINFO | SA_RESTART;
    } else {
        act->sa_sigaction = on_fatal;
        act->sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
        for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
            if (fatal[i] != SIGSEGV && fatal[i] != SIGBUS && fatal[i] != SIGFPE &&
                fatal[i] != SIGILL)
                sigaddset(&act->sa_mask, fatal[i]);
    }
}

void pa_rt_signals_init(void)
{
    static const int fatal[] = PA_RT_FATAL_SIGNALS;
    struct sigaction act, cur;
    int s = pa_rt_config.signo;

    table[s].kind = KIND_SAMPLE;
    pa_rt_real_sigaction(s, NULL, &table[s].shadow);
    our_action(s, &act);
    table[s].ours = pa_rt_real_sigaction(s, &act, NULL) == 0;

    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        int sig = fatal[i];
        if (sig == s)
            continue;
        table[sig].kind = KIND_FATAL;
        if (pa_rt_real_sigaction(sig, NULL, &cur) != 0 || !is_default(&cur))
            continue; /* ignored, or the application's already: left alone */
        table[sig].shadow = cur;
        our_action(sig, &act);
        table[sig].ours = pa_rt_real_sigaction(sig, &act, NULL) == 0;
    }
}

/* A sampling signal that is not the runtime's goes where the application asked. */
void pa_rt_chain_sample_signal(int sig, siginfo_t *si, void *uc)
{
    struct sigaction sh = table[sig].shadow;
    if (sh.sa_flags & SA_SIGINFO) {
        if (sh.sa_sigaction)
            sh.sa_sigaction(sig, si, uc);
    } else if (sh.sa_handler == SIG_DFL) {
        pa_rt_write_profile(1, 128 + sig); /* the default action terminates */
        default_action(sig, NULL);
        return;
    } else if (sh.sa_handler != SIG_IGN)
        sh.sa_handler(sig);
    if (sh.sa_flags & SA_RESETHAND) {
        __builtin_memset(&table[sig].shadow, 0, sizeof table[sig].shadow);
        table[sig].shadow.sa_handler = SIG_DFL;
    }
}

/* The application's requests go to the next sigaction (another preloaded library's, or
 * libc's); the runtime's own go straight to libc's. */
static int next_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    int (*next)(int, const struct sigaction *, struct sigaction *) =
        (int (*)(int, const struct sigaction *, struct sigaction *))pa_rt_real("sigaction");
    return next ? next(sig, act, old) : pa_rt_real_sigaction(sig, act, old);
}

PA_RT_EXPORT int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact)
{
    struct sigaction view, ours;
    sigset_t old;
    int rc = 0;

    if (!pa_rt.active || sig <= 0 || sig >= _NSIG || table[sig].kind == KIND_NONE)
        return next_sigaction(sig, act, oldact);

    lock(&old);
    if (table[sig].kind == KIND_SAMPLE) {
        view = table[sig].shadow;
        if (act)
            table[sig].shadow = *act;
    } else if (table[sig].ours) {
        view = table[sig].shadow;
        if (act && is_default(act))
            table[sig].shadow = *act;
        else if (act && (rc = next_sigaction(sig, act, NULL)) == 0)
            table[sig].ours = 0;
    } else if (act && is_default(act) && !__atomic_load_n(&pa_rt.stopped, __ATOMIC_ACQUIRE) &&
               getpid() == pa_rt.pid) {
        rc = pa_rt_real_sigaction(sig, NULL, &view);
        our_action(sig, &ours);
        if (rc == 0 && (rc = pa_rt_real_sigaction(sig, &ours, NULL)) == 0) {
            table[sig].shadow = *act;
            table[sig].ours = 1;
        }
    } else
        rc = next_sigaction(sig, act, &view);
    unlock(&old);
    if (rc == 0 && oldact)
        *oldact = view;
    return rc;
}

static sighandler_t signal_via_sigaction(int sig, sighandler_t handler)
{
    struct sigaction act, old;
    __builtin_memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    sigaddset(&act.sa_mask, sig);
    act.sa_flags = SA_RESTART; /* glibc's signal(): BSD semantics */
    if (sigaction(sig, &act, &old) != 0)
        return SIG_ERR;
    return old.sa_handler;
}

static sighandler_t any_signal(const char *name, int sig, sighandler_t handler)
{
    sighandler_t (*next)(int, sighandler_t) = (sighandler_t(*)(int, sighandler_t))pa_rt_real(name);
    if (pa_rt.active && sig > 0 && sig < _NSIG && table[sig].kind != KIND_NONE) {
        if (handler == SIG_ERR) {
            errno = EINVAL;
            return SIG_ERR;
        }
        return signal_via_sigaction(sig, handler);
    }
    if (!next) {
        errno = ENOSYS;
        return SIG_ERR;
    }
    return next(sig, handler);
}

PA_RT_EXPORT sighandler_t signal(int sig, sighandler_t handler)
{
    return any_signal("signal", sig, handler);
}

PA_RT_EXPORT sighandler_t bsd_signal(int sig, sighandler_t handler)
{
    return any_signal("bsd_signal", sig, handler);
}

/* Blocking requests lose the sampling signal; everything else passes unchanged. Except
 * libunwind's own: it blocks every signal while it holds its locks, precisely so that a
 * handler that unwinds (ours) cannot interrupt it and wait for them forever. */
static const sigset_t *without_sample_signal(int how, const sigset_t *set, sigset_t *copy,
                                             const void *caller)
{
    if (!pa_rt.active || !set || (how != SIG_BLOCK && how != SIG_SETMASK) ||
        !sigismember(set, pa_rt_config.signo) || pa_rt_pc_in_unwinder((uintptr_t)caller))
        return set;
    *copy = *set;
    sigdelset(copy, pa_rt_config.signo);
    return copy;
}

PA_RT_EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    int (*real)(int, const sigset_t *, sigset_t *) =
        (int (*)(int, const sigset_t *, sigset_t *))pa_rt_real("sigprocmask");
    const void *caller = __builtin_return_address(0);
    sigset_t copy;
    if (!real)
        return pa_rt_real_sigprocmask(how, without_sample_signal(how, set, &copy, caller), old);
    return real(how, without_sample_signal(how, set, &copy, caller), old);
}

PA_RT_EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
    int (*real)(int, const sigset_t *, sigset_t *) =
        (int (*)(int, const sigset_t *, sigset_t *))pa_rt_real("pthread_sigmask");
    const void *caller = __builtin_return_address(0);
    sigset_t copy;
    if (!real)
        return pa_rt_real_sigprocmask(how, without_sample_signal(how, set, &copy, caller), old) == 0
                   ? 0
                   : errno;
    return real(how, without_sample_signal(how, set, &copy, caller), old);
}
