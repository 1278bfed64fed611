/* deep.c: a CPU-bound program with deep stacks (60 frames of recursion above the work), for
 * measuring what profilers cost. Argument: work units (default 40, about 1.5 s). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static volatile uint64_t sink;

__attribute__((noinline)) static uint64_t work(uint64_t n)
{
    uint64_t x = n | 1;
    for (uint64_t i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

__attribute__((noinline)) static uint64_t dive(int depth, uint64_t n)
{
    if (depth == 0)
        return work(n);
    uint64_t r = dive(depth - 1, n) + (uint64_t)depth;
    sink += r & 1;
    return r;
}

int main(int argc, char **argv)
{
    uint64_t units = argc > 1 ? strtoull(argv[1], NULL, 10) : 40;
    uint64_t total = 0;
    for (uint64_t i = 0; i < units * 100; i++)
        total += dive(60, i);
    printf("%llu\n", (unsigned long long)(total & 0xff));
    return 0;
}
