/* cpu_single.c: one thread, two CPU-bound functions; heavy() does exactly 3x the work of
 * light(). Built -O0 -g -fno-omit-frame-pointer. Prints a checksum (compared with an
 * unprofiled run). Usage: cpu_single [UNITS] (default 8: about 1 s of CPU). */
#define _GNU_SOURCE
#include <stdio.h>

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

int main(int argc, char **argv)
{
    double units = argc > 1 ? atof(argv[1]) : 8.0;
    uint64_t n = work_iterations(units / 4); /* light: 1/4 of the units, heavy: 3/4 */
    uint64_t r = light(n) ^ heavy(n);
    printf("cpu_single checksum %llu\n", (unsigned long long)r);
    return 0;
}
