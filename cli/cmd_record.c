/* cmd_record.c: perfaudit record -o FILE [--freq HZ] -- COMMAND [ARGS...]: runs the command with
 * the sampling runtime preloaded, then symbolizes what each process recorded and writes one
 * profile per process (the command's own to FILE, every other to FILE.<pid>). */
#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "options.h"
#include "perfaudit/profile.h"
#include "raw_reader.h"
#include "strbuf.h"
#include "symbolize.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define COMMAND      "perfaudit record"
#define RUNTIME_NAME "libperfaudit_runtime.so"
#define DEFAULT_HZ   999 /* see docs/profiler.md: about 1000 samples per CPU-second */

enum { OPT_OUTPUT = 1, OPT_FREQ, OPT_INSTRUMENTED, OPT_HELP };

static const struct pa_opt_spec options[] = {
    {OPT_OUTPUT, "output", 'o', "FILE", "where to write the profile (required)"},
    {OPT_FREQ, "freq", 0, "HZ", "samples per second of CPU time per thread (default 999)"},
    {OPT_INSTRUMENTED, "instrumented", 0, NULL,
     "the program was built with -finstrument-functions and linked with\n"
     "libperfaudit_instrument: record its exact call counts, without sampling"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

struct settings {
    const char *output;
    unsigned freq;
    char **command; /* borrowed from argv, NULL-terminated */
    bool instrumented;
    bool help;
};

static void print_help(void)
{
    pa_opt_usage(stdout, COMMAND, NULL, options, NOPTIONS, "-- COMMAND [ARGS...]");
    fputs("\nRuns COMMAND with perfaudit's sampling runtime preloaded (no rebuild needed) and\n"
          "records where each thread spends its CPU time. Forked children and programs they\n"
          "exec are recorded too, each into its own file (FILE.<pid>). Build the program\n"
          "with -g for file and line information.\n\nOptions:\n",
          stdout);
    pa_opt_help(stdout, options, NOPTIONS);
}

static int parse_args(int argc, char **argv, struct settings *s)
{
    struct pa_opt_parser p;
    struct pa_opt_match m;
    struct pa_error err;
    enum pa_opt_result r;
    s->freq = DEFAULT_HZ;
    pa_opt_init(&p, COMMAND, options, NOPTIONS, argc, argv, 1);
    while ((r = pa_opt_next(&p, &m, &err)) != PA_OPT_END) {
        if (r == PA_OPT_ERROR)
            return pa_usage_error("%s", err.message);
        if (r == PA_OPT_ARG) {
            /* the command starts at the first operand; everything after it is its own */
            s->command = argv + p.next - 1;
            break;
        }
        switch (m.spec->key) {
        case OPT_OUTPUT:
            if (!*m.value)
                return pa_usage_error("%s: empty file name", m.name);
            s->output = m.value;
            break;
        case OPT_FREQ: {
            char *end;
            long hz = strtol(m.value, &end, 10);
            if (!*m.value || *end || hz < 1 || hz > 100000)
                return pa_usage_error("%s: '%s' is not a frequency in Hz (1 to 100000)", m.name,
                                      m.value);
            s->freq = (unsigned)hz;
            break;
        }
        case OPT_INSTRUMENTED:
            s->instrumented = true;
            break;
        case OPT_HELP:
            s->help = true;
            return PA_EXIT_OK;
        }
    }
    if (!s->output)
        return pa_usage_error("record: -o FILE is required (see '%s --help')", COMMAND);
    if (!s->command || !s->command[0])
        return pa_usage_error("record: no COMMAND given (see '%s --help')", COMMAND);
    return PA_EXIT_OK;
}

/* The runtime: $PERFAUDIT_RUNTIME, else beside the perfaudit executable, else in
 * ../lib/perfaudit/ from it (an installed layout). */
static bool find_runtime(char *out, size_t size)
{
    const char *env = getenv("PERFAUDIT_RUNTIME");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return access(out, R_OK) == 0;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    const char *dir = dirname(self);
    snprintf(out, size, "%s/" RUNTIME_NAME, dir);
    if (access(out, R_OK) == 0)
        return true;
    snprintf(out, size, "%s/../lib/perfaudit/" RUNTIME_NAME, dir);
    return access(out, R_OK) == 0;
}

/* Runs the command; returns its wait status, or -1 with err set when it could not start. */
static int run_command(char **command, const char *runtime, const char *dir, unsigned freq,
                       struct pa_error *err)
{
    int report[2]; /* the child tells the parent why exec failed */
    if (pipe2(report, O_CLOEXEC) != 0)
        return pa_error_errno(err, "record: cannot create a pipe");
    pid_t pid = fork();
    if (pid < 0) {
        close(report[0]);
        close(report[1]);
        return pa_error_errno(err, "record: cannot fork");
    }
    if (pid == 0) {
        char preload[PATH_MAX * 2], hz[32];
        const char *old = getenv("LD_PRELOAD");
        snprintf(hz, sizeof(hz), "%u", freq);
        if (runtime) { /* NULL: an instrumented build that counts by itself */
            snprintf(preload, sizeof(preload), "%s%s%s", runtime, old && *old ? ":" : "",
                     old ? old : "");
            setenv("LD_PRELOAD", preload, 1);
        }
        setenv("PERFAUDIT_OUTPUT_DIR", dir, 1);
        setenv("PERFAUDIT_FREQ", hz, 1);
        execvp(command[0], command);
        int e = errno;
        ssize_t w = write(report[1], &e, sizeof(e));
        (void)w;
        _exit(127);
    }
    close(report[1]);
    /* Like time(1): the terminal's interrupt goes to the command; record waits and writes. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    int exec_errno = 0;
    ssize_t got = read(report[0], &exec_errno, sizeof(exec_errno));
    close(report[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (got == (ssize_t)sizeof(exec_errno)) {
        errno = exec_errno;
        return pa_error_errno(err, "%s: cannot run", command[0]);
    }
    return status;
}

/* One process's profile from all its raw files: the sampled stacks of each image it ran (an
 * exec keeps the pid) and, from an instrumented build, exact counts. */
static struct pa_profile *profile_of(const struct pa_raw_profile *raws, const bool *is_calls,
                                     size_t nraws, const char *path, struct pa_strbuf *notes)
{
    struct pa_profile *p = pa_profile_new("perfaudit", path);
    p->mode = PA_PROFILE_SAMPLING;
    p->threads = 0;
    uint64_t start = 0, end = 0;
    for (size_t i = 0; i < nraws; i++) {
        const struct pa_raw_profile *r = &raws[i];
        if (is_calls[i]) {
            p->mode = PA_PROFILE_INSTRUMENTED;
        } else {
            if (p->frequency_hz <= 0) {
                p->frequency_hz = r->process.requested_hz;
                p->period = r->process.period_ns
                                ? (double)r->process.period_ns / 1e9
                                : (p->frequency_hz > 0 ? 1.0 / p->frequency_hz : 0.001);
            }
            p->threads += r->nthreads ? (unsigned)r->nthreads : 1;
            if (!start || (r->process.start_ns && r->process.start_ns < start))
                start = r->process.start_ns;
            if (r->end.end_ns > end)
                end = r->end.end_ns;
        }
        pa_symbolize(r, p, notes);
    }
    if (p->threads == 0)
        p->threads = 1;
    if (end > start && start)
        p->duration = (double)(end - start) / 1e9;
    return p;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char path[PATH_MAX * 2];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int by_pid(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

int cmd_record(int argc, char **argv)
{
    struct settings s = {0};
    struct pa_error err;
    int rc = parse_args(argc, argv, &s);
    if (rc != PA_EXIT_OK || s.help) {
        if (s.help)
            print_help();
        return rc;
    }
    char runtime[PATH_MAX];
    if (!s.instrumented && !find_runtime(runtime, sizeof(runtime)))
        return pa_usage_error("record: the sampling runtime (" RUNTIME_NAME ") is not installed "
                              "beside perfaudit; set PERFAUDIT_RUNTIME to its path");
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/perfaudit-record-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return pa_usage_error("%s: cannot create a directory for the raw profiles: %s", dir,
                              strerror(errno));

    int status = run_command(s.command, s.instrumented ? NULL : runtime, dir, s.freq, &err);
    if (status < 0) {
        remove_dir(dir);
        return pa_usage_error("%s", err.message);
    }

    /* per process: perfaudit.<pid>.raw and, for images it exec'd, perfaudit.<pid>.<n>.raw
     * (samples), and perfaudit.<pid>.calls.raw (exact counts of an instrumented build) */
    struct raw_file {
        int pid;
        bool calls;
        char name[256];
    } *files = NULL;
    size_t nfiles = 0, cap = 0;
    int *pids = NULL;
    size_t npids = 0, cap_pids = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        int pid, n, used = 0;
        bool calls = false, ok = false;
        if (sscanf(e->d_name, "perfaudit.%d.raw%n", &pid, &used) == 1 && !e->d_name[used])
            ok = true;
        else if (sscanf(e->d_name, "perfaudit.%d.calls.raw%n", &pid, &used) == 1 &&
                 !e->d_name[used])
            ok = calls = true;
        else if (sscanf(e->d_name, "perfaudit.%d.%d.raw%n", &pid, &n, &used) == 2 &&
                 !e->d_name[used])
            ok = true;
        if (!ok || strlen(e->d_name) >= sizeof(files->name))
            continue;
        PA_GROW(files, cap, nfiles + 1);
        files[nfiles].pid = pid;
        files[nfiles].calls = calls;
        snprintf(files[nfiles].name, sizeof(files->name), "%s", e->d_name);
        nfiles++;
        bool seen = false;
        for (size_t i = 0; i < npids && !seen; i++)
            seen = pids[i] == pid;
        if (!seen) {
            PA_GROW(pids, cap_pids, npids + 1);
            pids[npids++] = pid;
        }
    }
    if (d)
        closedir(d);
    if (npids > 1)
        qsort(pids, npids, sizeof(*pids), by_pid);

    struct pa_strbuf notes = {0}, summary = {0};
    bool wrote_main = false;
    rc = PA_EXIT_OK;
    for (size_t i = 0; i < npids; i++) {
        /* every image of this pid, samples and counts, makes one profile */
        struct pa_raw_profile *raws = pa_xcalloc(nfiles + 1, sizeof(*raws));
        bool *is_calls = pa_xcalloc(nfiles + 1, sizeof(*is_calls));
        size_t nraws = 0;
        for (size_t f = 0; f < nfiles; f++) {
            if (files[f].pid != pids[i])
                continue;
            char raw_path[PATH_MAX * 2];
            snprintf(raw_path, sizeof(raw_path), "%s/%s", dir, files[f].name);
            if (pa_raw_read(raw_path, &raws[nraws], &err) < 0) {
                fprintf(stderr, "perfaudit: %s\n", err.message);
                pa_raw_free(&raws[nraws]);
                rc = PA_EXIT_USAGE;
                continue;
            }
            is_calls[nraws++] = files[f].calls;
        }
        if (nraws) {
            /* the command's own process is record's child */
            char out[PATH_MAX * 2];
            if (raws[0].process.ppid == getpid() && !wrote_main)
                snprintf(out, sizeof(out), "%s", s.output);
            else
                snprintf(out, sizeof(out), "%s.%d", s.output, pids[i]);
            struct pa_profile *p = profile_of(raws, is_calls, nraws, out, &notes);
            const char *exe = raws[nraws - 1].exe ? raws[nraws - 1].exe : "?";
            if (pa_profile_write(p, out, &err) < 0) {
                fprintf(stderr, "perfaudit: %s\n", err.message);
                rc = PA_EXIT_USAGE;
            } else {
                if (strcmp(out, s.output) == 0)
                    wrote_main = true;
                if (p->mode == PA_PROFILE_INSTRUMENTED)
                    pa_strbuf_printf(&summary,
                                     "perfaudit: %s: exact counts of %u functions (pid %d, %s)\n",
                                     out, p->nstats, pids[i], exe);
                else
                    pa_strbuf_printf(&summary,
                                     "perfaudit: %s: %llu samples, %.3f s of CPU, %u thread%s "
                                     "(pid %d, %s)\n",
                                     out, (unsigned long long)p->samples,
                                     (double)p->samples * p->period, p->threads,
                                     p->threads == 1 ? "" : "s", pids[i], exe);
            }
            pa_profile_free(p);
        }
        for (size_t k = 0; k < nraws; k++)
            pa_raw_free(&raws[k]);
        free(raws);
        free(is_calls);
    }
    free(files);
    free(pids);
    remove_dir(dir);

    fputs(pa_strbuf_cstr(&summary), stderr);
    if (notes.len)
        fprintf(stderr, "perfaudit: note: %s", pa_strbuf_cstr(&notes));
    if (WIFSIGNALED(status))
        fprintf(stderr, "perfaudit: %s was killed by signal %d\n", s.command[0], WTERMSIG(status));
    else if (WIFEXITED(status) && WEXITSTATUS(status))
        fprintf(stderr, "perfaudit: %s exited with status %d\n", s.command[0], WEXITSTATUS(status));
    if (!wrote_main && rc == PA_EXIT_OK)
        rc = s.instrumented
                 ? pa_usage_error("%s: no profile: %s wrote no counts (was it built with "
                                  "-finstrument-functions and linked with "
                                  "-lperfaudit_instrument?)",
                                  s.output, s.command[0])
                 : pa_usage_error("%s: no profile: %s ended without writing one (killed with "
                                  "SIGKILL, or a static executable the runtime cannot be "
                                  "preloaded into)",
                                  s.output, s.command[0]);
    pa_strbuf_free(&notes);
    pa_strbuf_free(&summary);
    return rc;
}
