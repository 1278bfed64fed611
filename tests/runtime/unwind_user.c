/* unwind_user.c: a target that uses libunwind itself, sharing the runtime's instance: two
 * threads trace their own stacks in a loop (unw_backtrace's per-thread tracer, and
 * unw_init_local + unw_step, which takes libunwind's lock with every signal blocked) while the
 * runtime samples them. It must finish (no deadlock, no crash) and print the same line. */
#define _GNU_SOURCE
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <pthread.h>
#include <stdio.h>

#include "work.h"

static unsigned long walk_slow(void)
{
    unw_context_t uc;
    unw_cursor_t c;
    unsigned long n = 0;
    unw_getcontext(&uc);
    unw_init_local(&c, &uc);
    while (unw_step(&c) > 0)
        n++;
    return n;
}

__attribute__((noinline)) static unsigned long deeper(int d, int slow)
{
    void *frames[64];
    if (d > 0)
        return deeper(d - 1, slow) + 1;
    return slow ? walk_slow() : (unsigned long)unw_backtrace(frames, 64);
}

static void *tracer(void *arg)
{
    int slow = (int)(long)arg;
    unsigned long total = 0;
    uint64_t rounds = work_iterations(0.002);
    for (uint64_t i = 0; i < rounds; i++)
        total += deeper(8, slow) > 0;
    return (void *)total;
}

int main(void)
{
    pthread_t a, b;
    void *ra, *rb;
    pthread_create(&a, NULL, tracer, (void *)0L);
    pthread_create(&b, NULL, tracer, (void *)1L);
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    printf("unwind_user traced %lu %lu\n", (unsigned long)ra, (unsigned long)rb);
    return 0;
}
