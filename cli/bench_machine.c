/* bench_machine.c: describing the machine, the time and the git revision of a benchmark. */
#include "bench_machine.h"
#include "bench_result.h"
#include "error.h"
#include "fileio.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The value of the first "key<spaces>: value" line of /proc/cpuinfo, or NULL. */
static char *cpuinfo_field(const char *text, const char *key)
{
    size_t klen = strlen(key);
    for (const char *line = text; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > klen && strncmp(line, key, klen) == 0 &&
            (line[klen] == ' ' || line[klen] == '\t' || line[klen] == ':')) {
            const char *colon = memchr(line, ':', len);
            if (colon) {
                const char *v = colon + 1;
                while (v < line + len && (*v == ' ' || *v == '\t'))
                    v++;
                if (v < line + len)
                    return pa_xstrndup(v, (size_t)(line + len - v));
            }
        }
        line = eol ? eol + 1 : NULL;
    }
    return NULL;
}

void pa_bench_machine_describe(struct pa_bench_machine *m)
{
    char host[256];
    if (gethostname(host, sizeof(host)) == 0) {
        host[sizeof(host) - 1] = '\0';
        m->hostname = pa_xstrdup(host);
    }
    struct utsname u;
    if (uname(&u) == 0) {
        struct pa_strbuf os = {0};
        pa_strbuf_printf(&os, "%s %s %s", u.sysname, u.release, u.machine);
        m->os = pa_strbuf_detach(&os);
    }
    char *text = NULL;
    size_t len;
    struct pa_error err;
    if (pa_read_file("/proc/cpuinfo", &text, &len, &err) == 0) {
        /* x86 says "model name"; some ARM kernels only "Hardware" or "Processor" */
        m->cpu = cpuinfo_field(text, "model name");
        if (!m->cpu)
            m->cpu = cpuinfo_field(text, "Hardware");
        if (!m->cpu)
            m->cpu = cpuinfo_field(text, "Processor");
    }
    free(text);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    m->cores = cores > 0 ? cores : 0;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    m->memory = pages > 0 && page > 0 ? (unsigned long long)pages * (unsigned long long)page : 0;
}

static bool same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool pa_bench_machine_same(const struct pa_bench_machine *a, const struct pa_bench_machine *b)
{
    unsigned long long hi = a->memory > b->memory ? a->memory : b->memory;
    unsigned long long lo = a->memory > b->memory ? b->memory : a->memory;
    return same_string(a->hostname, b->hostname) && same_string(a->cpu, b->cpu) &&
           a->cores == b->cores && (hi - lo) * 50 <= hi;
}

char *pa_bench_timestamp(void)
{
    time_t now = time(NULL);
    struct tm tm;
    char buf[32];
    gmtime_r(&now, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return pa_xstrdup(buf);
}

/* Runs argv (no shell) with stdout into *out; returns its exit status, or -1 when it could not
 * run or was killed. */
static int capture(char *const argv[], struct pa_strbuf *out)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int e = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (e != 0) {
        close(fds[0]);
        return -1;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        pa_strbuf_append_n(out, buf, (size_t)n);
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *pa_bench_git_revision(bool *dirty)
{
    char *rev_parse[] = {"git", "rev-parse", "--verify", "-q", "HEAD", NULL};
    char *status[] = {"git", "status", "--porcelain", "--untracked-files=no", NULL};
    struct pa_strbuf out = {0};
    *dirty = false;
    if (capture(rev_parse, &out) != 0) {
        pa_strbuf_free(&out);
        return NULL;
    }
    char *revision = pa_strbuf_detach(&out);
    revision[strcspn(revision, "\r\n")] = '\0';
    if (!*revision) {
        free(revision);
        return NULL;
    }
    if (capture(status, &out) == 0)
        *dirty = out.len > 0;
    pa_strbuf_free(&out);
    return revision;
}
