/* deep_recursion.c: the cost benchmark: a CPU-bound loop at the bottom of a 30-deep recursion
 * (built -O2 -fno-omit-frame-pointer, like the peers' measurements in
 * shared/notes/profiler-sampling.md). Usage: deep_recursion [UNITS] (default 8: about 1 s). */
#define _GNU_SOURCE
#include <stdio.h>

#include "work.h"

__attribute__((noinline)) static uint64_t leaf(uint64_t n)
{
    uint64_t x = 1;
    for (uint64_t i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

__attribute__((noinline)) static uint64_t recurse(int depth, uint64_t n)
{
    uint64_t r;
    if (depth == 0)
        return leaf(n);
    r = recurse(depth - 1, n);
    __asm__ volatile("" ::: "memory"); /* keeps the call from becoming a jump */
    return r + (uint64_t)depth;
}

int main(int argc, char **argv)
{
    double units = argc > 1 ? atof(argv[1]) : 8.0;
    uint64_t per_call = 400000, calls = work_iterations(units) / per_call, sum = 0;
    for (uint64_t k = 0; k < calls; k++)
        sum += recurse(30, per_call);
    printf("deep_recursion %llu\n", (unsigned long long)(sum & 0xffff));
    return 0;
}
