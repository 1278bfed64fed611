/* fork_exec.c: processes that fork and exec.
 *   fork_exec tree      parent burns 1 unit; child A (fork) burns 2 units and exits;
 *                       child B (fork + execv of this program "burn 3") burns 3 units
 *   fork_exec true      fork + execl("/bin/true")
 *   fork_exec envclear  fork + execve(this program "burn 1") with an empty environment
 *   fork_exec execfail  burns 1 unit, execv of a missing file fails, burns 1 more, exits 0
 *   fork_exec burn N    burns N units
 *   fork_exec storm N   4 busy threads while the main thread forks N children that burn a
 *                       little and _exit (fork must never hang with sampling in flight)
 * Prints what it did and the children's statuses. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work.h"

__attribute__((noinline)) static uint64_t burn(double units)
{
    uint64_t n = work_iterations(units), x = 1;
    for (uint64_t i = 0; i < n; i++)
        x = x * 6364136223846793005ULL + i;
    return x;
}

static int wait_child(pid_t pid)
{
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static volatile int storm_stop;
static void *storm_worker(void *arg)
{
    (void)arg;
    while (!storm_stop)
        burn(0.01);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "tree";
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0)
        return 2;
    self[n] = '\0';

    if (strcmp(mode, "burn") == 0) {
        uint64_t r = burn(argc > 2 ? atof(argv[2]) : 1.0);
        printf("burn %s done %llu\n", argc > 2 ? argv[2] : "1", (unsigned long long)(r & 1));
        return 0;
    }
    if (strcmp(mode, "tree") == 0) {
        fflush(stdout);
        pid_t a = fork();
        if (a == 0) {
            burn(2);
            exit(0);
        }
        pid_t b = fork();
        if (b == 0) {
            char *args[] = {self, "burn", "3", NULL};
            execv(self, args);
            _exit(127);
        }
        burn(1);
        int sa = wait_child(a), sb = wait_child(b);
        printf("tree children %d %d\n", sa, sb);
        return 0;
    }
    if (strcmp(mode, "true") == 0) {
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) {
            execl("/bin/true", "true", (char *)NULL);
            _exit(127);
        }
        printf("true child %d\n", wait_child(c));
        return 0;
    }
    if (strcmp(mode, "envclear") == 0) {
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) {
            char *args[] = {self, "burn", "1", NULL};
            char *env[] = {NULL};
            execve(self, args, env);
            _exit(127);
        }
        printf("envclear child %d\n", wait_child(c));
        return 0;
    }
    if (strcmp(mode, "execfail") == 0) {
        burn(1);
        char *args[] = {"missing", NULL};
        int rc = execv("/nonexistent/perfaudit-missing", args);
        int err = errno;
        burn(1);
        printf("execfail rc=%d errno=%s\n", rc, err == ENOENT ? "ENOENT" : "other");
        return 0;
    }
    if (strcmp(mode, "storm") == 0) {
        int count = argc > 2 ? atoi(argv[2]) : 100, bad = 0;
        pthread_t th[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&th[i], NULL, storm_worker, NULL);
        fflush(stdout);
        for (int i = 0; i < count; i++) {
            pid_t c = fork();
            if (c == 0) {
                burn(0.05);
                _exit(0);
            }
            if (c < 0 || wait_child(c) != 0)
                bad++;
        }
        storm_stop = 1;
        for (int i = 0; i < 4; i++)
            pthread_join(th[i], NULL);
        printf("storm forks=%d bad=%d\n", count, bad);
        return 0;
    }
    fprintf(stderr, "fork_exec: unknown mode %s\n", mode);
    return 2;
}
