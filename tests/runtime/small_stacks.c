/* small_stacks.c: CPU-bound code on stacks with little room: a thread created with the
 * smallest stack pthreads allows, then a signal handler running on an 8 KB alternate signal
 * stack. The runtime must not overflow them (it keeps only the leaf frame where an unwind
 * would not fit) and the program must behave as without it. */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "work.h"

static volatile uint64_t sink;

__attribute__((noinline)) static uint64_t burn(double units)
{
    uint64_t n = work_iterations(units), x = 1;
    for (uint64_t i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

static void on_usr1(int sig)
{
    (void)sig;
    sink = burn(2);
}

static void *small_thread(void *arg)
{
    (void)arg;
    sink = burn(2);
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t t;
    stack_t ss;
    struct sigaction sa;
    static char alt[8192];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
    if (pthread_create(&t, &attr, small_thread, NULL) != 0)
        return 1;
    pthread_join(t, NULL);

    ss.ss_sp = alt;
    ss.ss_size = sizeof alt;
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("small_stacks done %d\n", (int)(sink & 1));
    return 0;
}
