/* bench_run.c: spawning the benchmarked command (no shell), reaping it with wait4 for its
 * rusage, and timing it with CLOCK_MONOTONIC. */
#include "bench_run.h"
#include "bench_result.h"
#include "error.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* One run of the command. which names the round for messages ("round 3 of 10"). */
static int run_once(const struct pa_bench_run_options *o, const char *which,
                    struct pa_bench_round *round, struct pa_error *err)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (!o->show_output) {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    }
    struct timespec start, end;
    pid_t pid;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int e = posix_spawnp(&pid, o->command[0], &actions, NULL, o->command, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (e != 0) {
        errno = e;
        return pa_error_errno(err, "%s: cannot run", o->command[0]);
    }
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR)
            return pa_error_errno(err, "%s: cannot wait for it (%s)", o->command[0], which);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (WIFSIGNALED(status))
        return pa_error_set(err, "%s was killed by signal %d (%s) in %s", o->command[0],
                            WTERMSIG(status), strsignal(WTERMSIG(status)), which);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return pa_error_set(err, "%s exited with status %d in %s", o->command[0],
                            WIFEXITED(status) ? WEXITSTATUS(status) : status, which);
    round->wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    round->user = seconds(usage.ru_utime);
    round->sys = seconds(usage.ru_stime);
    round->max_rss_kib = usage.ru_maxrss;
    return 0;
}

long pa_bench_rss_floor_kib(void)
{
    struct rusage self;
    return getrusage(RUSAGE_SELF, &self) == 0 ? self.ru_maxrss : 0;
}

int pa_bench_run(const struct pa_bench_run_options *o, struct pa_bench_round **out,
                 struct pa_error *err)
{
    struct pa_bench_round *rounds = pa_xcalloc(o->rounds, sizeof(*rounds));
    struct pa_bench_round discarded;
    char which[64];
    int rc = 0;
    *out = NULL;
    fflush(NULL); /* what perfaudit printed comes before the output of --show-output */
    for (unsigned i = 0; i < o->warmup && rc == 0; i++) {
        snprintf(which, sizeof(which), "warmup round %u of %u", i + 1, o->warmup);
        rc = run_once(o, which, &discarded, err);
    }
    for (unsigned i = 0; i < o->rounds && rc == 0; i++) {
        snprintf(which, sizeof(which), "round %u of %u", i + 1, o->rounds);
        rc = run_once(o, which, &rounds[i], err);
    }
    if (rc < 0) {
        free(rounds);
        return rc;
    }
    *out = rounds;
    return 0;
}
