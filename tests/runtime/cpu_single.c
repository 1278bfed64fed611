/* cpu_single.c: one thread, two CPU-bound functions; heavy() does exactly 3x the work of
 * light(). Built -O0 -g -fno-omit-frame-pointer. Prints a checksum (compared with an
 * unprofiled run). Usage: cpu_single [UNITS] (default 8: about 1 s of CPU).
 *
 * Equal work does not always cost equal CPU time on a shared machine (frequency ramp-up, a
 * busy SMT sibling), so with CPU_TRUTH_FILE set it also writes each function's measured
 * thread CPU time there ("light NS" and "heavy NS"): the truth a profile is checked against. */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>

#include "work.h"

__attribute__((noinline)) static uint64_t light(uint64_t n)
{
    uint64_t x = 1;
    for (uint64_t i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

__attribute__((noinline)) static uint64_t heavy(uint64_t n)
{
    uint64_t x = 1;
    for (uint64_t i = 0; i < 3 * n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    double units = argc > 1 ? atof(argv[1]) : 8.0;
    uint64_t n = work_iterations(units / 4); /* light: 1/4 of the units, heavy: 3/4 */
    uint64_t t0 = thread_cpu_ns();
    uint64_t r = light(n);
    uint64_t t1 = thread_cpu_ns();
    r ^= heavy(n);
    uint64_t t2 = thread_cpu_ns();
    const char *truth_path = getenv("CPU_TRUTH_FILE");
    FILE *truth = truth_path ? fopen(truth_path, "w") : NULL;
    if (truth) {
        fprintf(truth, "light %llu\nheavy %llu\n", (unsigned long long)(t1 - t0),
                (unsigned long long)(t2 - t1));
        fclose(truth);
    }
    printf("cpu_single checksum %llu\n", (unsigned long long)r);
    return 0;
}
