/* cpu_threads.c: four threads named w1..w4 doing work in the ratio 1:2:3:4, started together.
 * Usage: cpu_threads [UNITS] (default 20 in all: about 2 s of CPU). With "blockall", every
 * worker blocks all signals first (the runtime must still sample it). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "work.h"

static uint64_t per_unit;
static int block_all;
static uint64_t results[4];

__attribute__((noinline)) static uint64_t burn(uint64_t n)
{
    uint64_t x = 1;
    for (uint64_t i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

static void *worker(void *arg)
{
    long k = (long)arg; /* 1..4 */
    char name[16];
    snprintf(name, sizeof name, "w%ld", k);
    pthread_setname_np(pthread_self(), name);
    if (block_all) {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, NULL);
    }
    results[k - 1] = burn(per_unit * (uint64_t)k);
    return NULL;
}

int main(int argc, char **argv)
{
    double units = 20.0;
    pthread_t th[4];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "blockall") == 0)
            block_all = 1;
        else
            units = atof(argv[i]);
    }
    per_unit = work_iterations(units / 10); /* 1+2+3+4 = 10 shares */
    for (long k = 1; k <= 4; k++)
        if (pthread_create(&th[k - 1], NULL, worker, (void *)k) != 0)
            return 1;
    for (int k = 0; k < 4; k++)
        pthread_join(th[k], NULL);
    printf("cpu_threads checksum %llu\n",
           (unsigned long long)(results[0] ^ results[1] ^ results[2] ^ results[3]));
    return 0;
}
