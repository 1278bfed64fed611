/* calls.c: exact call counts for the instrumented mode's test: fib(20) makes 21891 calls of
 * fib, one of them primitive; leaf is called exactly 1000 times from a loop. */
#include <stdio.h>

static volatile long sink;

__attribute__((noinline)) long fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) void leaf(int i)
{
    sink += i;
}

int main(void)
{
    for (int i = 0; i < 1000; i++)
        leaf(i);
    printf("%ld %ld\n", fib(20), (long)sink);
    return 0;
}
