/* exits.c: how the runtime learns the exit status and writes at the end. Return from main is
 * seen by wrapping main (through __libc_start_main, since libc calls exit() internally, out of
 * an interposer's reach); exit() is interposed to note its status, and the profile is then
 * written by the destructor (init.c), after the application's atexit handlers and
 * destructors have run. _exit(), _Exit() and quick_exit() run no destructor, so their
 * interposers write the profile first. The status recorded is what the parent sees
 * (status & 0xff); -1 when the process ends some other way (last thread's pthread_exit). */
#include "runtime.h"

#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef int (*main_fn)(int, char **, char **);
static main_fn app_main;

void pa_rt_note_exit_status(int status)
{
    if (pa_rt.active && getpid() == pa_rt.pid)
        __atomic_store_n(&pa_rt.exit_status, status & 0xff, __ATOMIC_RELEASE);
}

static int main_wrapper(int argc, char **argv, char **envp)
{
    int status = app_main(argc, argv, envp);
    pa_rt_note_exit_status(status);
    return status;
}

PA_RT_EXPORT int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void),
                                   void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
    int (*real)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *) =
        (int (*)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                 void *))pa_rt_real("__libc_start_main");
    if (!real)
        abort();
    if (!pa_rt.active)
        return real(main, argc, argv, init, fini, rtld_fini, stack_end);
    app_main = main;
    return real(main_wrapper, argc, argv, init, fini, rtld_fini, stack_end);
}

PA_RT_EXPORT void exit(int status)
{
    void (*real)(int) = (void (*)(int))pa_rt_real("exit");
    pa_rt_note_exit_status(status);
    if (real)
        real(status);
    syscall(SYS_exit_group, status);
    __builtin_unreachable();
}

static __attribute__((noreturn)) void exit_now(const char *name, int status)
{
    void (*real)(int) = (void (*)(int))pa_rt_real(name);
    if (pa_rt.active)
        pa_rt_write_profile(1, status & 0xff);
    if (real)
        real(status);
    for (;;)
        syscall(SYS_exit_group, status);
}

PA_RT_EXPORT void _exit(int status)
{
    exit_now("_exit", status);
}

PA_RT_EXPORT void _Exit(int status)
{
    exit_now("_Exit", status);
}

PA_RT_EXPORT void quick_exit(int status)
{
    exit_now("quick_exit", status);
}
