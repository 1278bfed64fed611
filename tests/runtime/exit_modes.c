/* exit_modes.c: ways a process ends, each after about 0.3 s of CPU.
 *   return     return 0 from main          exit3      exit(3)
 *   _exit5     _exit(5)                    sigterm    raise(SIGTERM)
 *   abort      abort()                     segv       a write through a null pointer
 *   handler    its own SIGTERM handler (prints, exits 7), then raise(SIGTERM)
 *   query      sigaction(SIGTERM) must read SIG_DFL, exits 0
 *   rtsig      its own handler for SIGRTMAX-4 (the runtime's sampling signal), then raises it:
 *              the handler must run (prints), exits 0
 *   spin       burns until killed from outside
 * Prints one line to stdout before ending (compared with an unprofiled run). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "work.h"

__attribute__((noinline)) static uint64_t burn(double units)
{
    uint64_t n = work_iterations(units), x = 1;
    for (uint64_t i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

static volatile sig_atomic_t rt_seen;

static void on_rt(int sig)
{
    (void)sig;
    rt_seen++;
}

static void on_term(int sig)
{
    static const char msg[] = "handler ran\n";
    (void)sig;
    write(1, msg, sizeof msg - 1);
    _exit(7);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "return";
    uint64_t r = burn(3);
    printf("exit_modes %s %llu\n", mode, (unsigned long long)(r & 1));
    fflush(stdout);
    if (strcmp(mode, "exit3") == 0)
        exit(3);
    if (strcmp(mode, "_exit5") == 0)
        _exit(5);
    if (strcmp(mode, "sigterm") == 0)
        raise(SIGTERM);
    if (strcmp(mode, "abort") == 0)
        abort();
    if (strcmp(mode, "segv") == 0)
        *(volatile int *)(uintptr_t)8 = 1;
    if (strcmp(mode, "handler") == 0) {
        signal(SIGTERM, on_term);
        raise(SIGTERM);
    }
    if (strcmp(mode, "query") == 0) {
        struct sigaction old;
        sigaction(SIGTERM, NULL, &old);
        printf("query %s\n", old.sa_handler == SIG_DFL ? "SIG_DFL" : "not SIG_DFL");
    }
    if (strcmp(mode, "rtsig") == 0) {
        struct sigaction act, old;
        memset(&act, 0, sizeof act);
        act.sa_handler = on_rt;
        sigaction(SIGRTMAX - 4, &act, NULL);
        sigaction(SIGRTMAX - 4, NULL, &old);
        raise(SIGRTMAX - 4);
        printf("rtsig handler=%s seen=%d\n", old.sa_handler == on_rt ? "mine" : "other",
               (int)rt_seen);
    }
    if (strcmp(mode, "spin") == 0)
        for (;;)
            burn(0.1);
    return 0;
}
