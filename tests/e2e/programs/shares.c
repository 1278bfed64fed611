/* shares.c: known time shares for the profiler's accuracy test. heavy_work does three times
 * the work of light_work; with "threads", four threads do work in the ratio 1:2:3:4; with
 * "recursive", a recursive function does 3/4 of the work and a loop the rest.
 *
 * The profiler measures CPU time, and on a shared machine equal work does not always cost
 * equal CPU time (frequency ramp-up, a busy SMT sibling), so each part also measures its own
 * thread CPU time and prints it on stderr as "truth NAME NANOSECONDS": the test compares the
 * profile with that, not with the nominal ratio. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile uint64_t sink;

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void report_truth(const char *name, uint64_t start_ns)
{
    fprintf(stderr, "truth %s %llu\n", name, (unsigned long long)(thread_cpu_ns() - start_ns));
}

__attribute__((noinline)) static uint64_t spin(uint64_t units)
{
    uint64_t x = 88172645463325252ull;
    for (uint64_t i = 0; i < units * 1000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

__attribute__((noinline)) void light_work(uint64_t units)
{
    sink += spin(units);
}

__attribute__((noinline)) void heavy_work(uint64_t units)
{
    sink += spin(3 * units);
}

__attribute__((noinline)) uint64_t descend(int depth, uint64_t units)
{
    if (depth == 0)
        return spin(units);
    return descend(depth - 1, units) + 1;
}

struct job {
    int share;
    uint64_t units;
    char name[16];
};

static void *worker(void *arg)
{
    struct job *j = arg;
    uint64_t start = thread_cpu_ns();
    sink += spin(j->units * (uint64_t)j->share);
    report_truth(j->name, start);
    return NULL;
}

__attribute__((noinline)) void *worker_1(void *a)
{
    return worker(a);
}
__attribute__((noinline)) void *worker_2(void *a)
{
    return worker(a);
}
__attribute__((noinline)) void *worker_3(void *a)
{
    return worker(a);
}
__attribute__((noinline)) void *worker_4(void *a)
{
    return worker(a);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "single";
    uint64_t units = argc > 2 ? strtoull(argv[2], NULL, 10) : 60;
    if (strcmp(mode, "threads") == 0) {
        void *(*fns[4])(void *) = {worker_1, worker_2, worker_3, worker_4};
        pthread_t t[4];
        struct job jobs[4];
        for (int i = 0; i < 4; i++) {
            jobs[i] = (struct job){i + 1, units / 4, ""};
            snprintf(jobs[i].name, sizeof jobs[i].name, "worker_%d", i + 1);
            pthread_create(&t[i], NULL, fns[i], &jobs[i]);
        }
        for (int i = 0; i < 4; i++)
            pthread_join(t[i], NULL);
    } else if (strcmp(mode, "recursive") == 0) {
        uint64_t start = thread_cpu_ns();
        sink += descend(40, 3 * units / 4);
        report_truth("descend", start);
        start = thread_cpu_ns();
        light_work(units / 4);
        report_truth("light_work", start);
    } else {
        uint64_t start = thread_cpu_ns();
        light_work(units / 4);
        report_truth("light_work", start);
        start = thread_cpu_ns();
        heavy_work(units / 4);
        report_truth("heavy_work", start);
    }
    printf("%llu\n", (unsigned long long)(sink & 1));
    return 0;
}
