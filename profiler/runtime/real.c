/* real.c: finding the definitions the runtime's interposers forward to (the next object's,
 * through dlsym(RTLD_NEXT)). The constructor resolves them all, so that no signal handler
 * ever calls dlsym; an interposer reached before the constructor resolves its own lazily. */
#include "runtime.h"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The names resolved up front: everything an interposer or a handler may forward to. */
static const char *const eager_names[] = {
    "pthread_create", "exit",         "_exit",           "_Exit",
    "quick_exit",     "execve",       "execvpe",         "fexecve",
    "posix_spawn",    "posix_spawnp", "sigaction",       "signal",
    "bsd_signal",     "sigprocmask",  "pthread_sigmask", "__libc_start_main",
    "dlclose",
};

#define N_EAGER (sizeof eager_names / sizeof eager_names[0])
static void *eager_fns[N_EAGER];

extern int __sigaction(int, const struct sigaction *, struct sigaction *);

void pa_rt_real_init(void)
{
    for (size_t i = 0; i < N_EAGER; i++)
        if (!eager_fns[i])
            eager_fns[i] = dlsym(RTLD_NEXT, eager_names[i]);
}

/* The next definition of `name` (one of eager_names), or NULL. */
void *pa_rt_real(const char *name)
{
    for (size_t i = 0; i < N_EAGER; i++) {
        const char *a = eager_names[i], *b = name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b) {
            if (!eager_fns[i])
                eager_fns[i] = dlsym(RTLD_NEXT, name);
            return eager_fns[i];
        }
    }
    return NULL;
}

/* libc's sigaction under its other exported name, so the runtime's own calls never pass
 * through its sigaction interposer and never need dlsym. */
int pa_rt_real_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    return __sigaction(sig, act, old);
}

/* The thread's signal mask through the system call: the set handed in never holds glibc's
 * internal signals (sigfillset leaves them out). */
int pa_rt_real_sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return (int)syscall(SYS_rt_sigprocmask, how, set, old, (size_t)(_NSIG / 8));
}
