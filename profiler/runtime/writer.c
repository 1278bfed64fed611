/* writer.c: writing this image's raw profile (profiler/raw_format.h): PROCESS, one MAP per
 * executable mapping, one THREAD per thread, the SAMPLE records, END. It runs at exit, before
 * exec and in terminating-signal handlers, so it is async-signal-safe: open/write/link only,
 * static buffers, no stdio, no malloc. The file appears under its final name only when
 * complete (written as <name>.tmp, then linked), and never replaces another process's. */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename() only */
#include <sys/prctl.h>
#include <unistd.h>

#define OUT_SIZE  65536
#define MAPS_SIZE 65536
#define PATH_SIZE 4352

static unsigned char out[OUT_SIZE];
static size_t out_len;
static int out_fd = -1;
static int out_err;
static char maps_buf[MAPS_SIZE];
static char tmp_path[PATH_SIZE], final_path[PATH_SIZE];
static pid_t writer_tid;

static void out_flush(void)
{
    if (out_len && !out_err && pa_rt_write_all(out_fd, out, out_len) != 0)
        out_err = 1;
    out_len = 0;
}

static void out_put(const void *p, size_t n)
{
    if (n > OUT_SIZE - out_len)
        out_flush();
    if (n > OUT_SIZE) {
        if (!out_err && pa_rt_write_all(out_fd, p, n) != 0)
            out_err = 1;
        return;
    }
    __builtin_memcpy(out + out_len, p, n);
    out_len += n;
}

static void out_record(uint32_t type, const void *body, uint32_t size, const void *tail,
                       uint32_t tail_len)
{
    struct pa_raw_record_head head = {type, size + tail_len};
    out_put(&head, sizeof head);
    out_put(body, size);
    if (tail_len)
        out_put(tail, tail_len);
}

/* <dir>/perfaudit.<pid>[.<n>].raw[.tmp] into buf. */
static void build_path(char *buf, pid_t pid, unsigned n, int tmp)
{
    char *p = buf, *end = buf + PATH_SIZE;
    p = pa_rt_append(p, end, pa_rt_config.output_dir);
    p = pa_rt_append(p, end, "/perfaudit.");
    p = pa_rt_append_u64(p, end, (uint64_t)pid);
    if (n) {
        p = pa_rt_append(p, end, ".");
        p = pa_rt_append_u64(p, end, n);
    }
    p = pa_rt_append(p, end, tmp ? ".raw.tmp" : ".raw");
}

static uint64_t parse_hex(const char **s)
{
    uint64_t v = 0;
    for (;; (*s)++) {
        char c = **s;
        if (c >= '0' && c <= '9')
            v = v * 16 + (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (uint64_t)(c - 'a' + 10);
        else
            return v;
    }
}

/* "start-end perms offset dev inode   path" -> a MAP record when perms has 'x'. */
static void map_line(const char *line, const char *eol)
{
    struct pa_raw_map map;
    const char *s = line, *path;
    char perms[4];

    __builtin_memset(&map, 0, sizeof map);
    map.start = parse_hex(&s);
    if (*s++ != '-')
        return;
    map.end = parse_hex(&s);
    if (*s++ != ' ' || eol - s < 5)
        return;
    for (int i = 0; i < 4; i++)
        perms[i] = *s++;
    if (perms[2] != 'x' || *s++ != ' ')
        return;
    map.offset = parse_hex(&s);
    /* Skip dev and inode, then the padding before the path. */
    for (int field = 0; field < 2; field++) {
        while (s < eol && *s == ' ')
            s++;
        while (s < eol && *s != ' ')
            s++;
    }
    while (s < eol && *s == ' ')
        s++;
    path = s;
    map.path_len = (uint32_t)(eol - path);
    out_record(PA_RAW_MAP, &map, sizeof map, path, map.path_len);
}

static void write_maps(void)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    size_t have = 0;
    if (fd < 0)
        return;
    for (;;) {
        ssize_t n = read(fd, maps_buf + have, sizeof maps_buf - have);
        size_t start = 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        for (size_t i = 0; i < have; i++)
            if (maps_buf[i] == '\n') {
                map_line(maps_buf + start, maps_buf + i);
                start = i + 1;
            }
        __builtin_memmove(maps_buf, maps_buf + start, have - start);
        have -= start;
        if (have == sizeof maps_buf) /* a line longer than the buffer: skip it */
            have = 0;
    }
    close(fd);
}

static void thread_name(struct pa_rt_thread *t, char name[16])
{
    char path[64], *p = path, *end = path + sizeof path;
    int fd;
    ssize_t n;

    __builtin_memset(name, 0, 16);
    if (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == PA_RT_THREAD_EXITED) {
        __builtin_memcpy(name, t->name, 16);
        return;
    }
    if (t == pa_rt_self) {
        prctl(PR_GET_NAME, name, 0, 0, 0);
        return;
    }
    p = pa_rt_append(p, end, "/proc/self/task/");
    p = pa_rt_append_u64(p, end, (uint64_t)t->tid);
    p = pa_rt_append(p, end, "/comm");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    do
        n = read(fd, name, 15);
    while (n < 0 && errno == EINTR);
    close(fd);
    for (int i = 0; i < 16; i++)
        if (i >= n || name[i] == '\n')
            name[i] = '\0';
}

static int slot_written(struct pa_rt_thread *t)
{
    int state = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
    return state == PA_RT_THREAD_ACTIVE || state == PA_RT_THREAD_EXITED;
}

/* Fixes, for every thread, the end of the records this profile takes and counts them. */
static uint64_t snapshot(void)
{
    size_t n = pa_rt_thread_count();
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        struct pa_rt_thread *t = pa_rt_thread_at(i);
        size_t at;
        uint32_t count = 0;
        if (!t || !slot_written(t))
            continue;
        t->snap_pos = __atomic_load_n(&t->pos, __ATOMIC_ACQUIRE);
        t->snap_dropped = __atomic_load_n(&t->dropped, __ATOMIC_RELAXED);
        for (at = t->base; at < t->snap_pos; count++) {
            const struct pa_raw_record_head *h = (const void *)(t->buf + at);
            at += sizeof *h + h->size;
        }
        t->snap_samples = count;
        total += count + (t->snap_dropped - t->dropped_base);
    }
    return total;
}

/* The CPU time one sample stands for. perf: the period asked for. The timer fallback: the
 * period times the expirations per signal (the kernel folds the expirations it could not
 * deliver at the tick into one signal's overrun count). */
static uint64_t effective_period(void)
{
    uint64_t signals = 0, periods = 0;
    size_t n = pa_rt_thread_count();
    if (pa_rt.main_clock != PA_RAW_CLOCK_THREAD_CPUTIME)
        return pa_rt_config.period_ns;
    for (size_t i = 0; i < n; i++) {
        struct pa_rt_thread *t = pa_rt_thread_at(i);
        if (t && slot_written(t)) {
            signals += t->timer_signals;
            periods += t->timer_periods;
        }
    }
    if (!signals)
        return pa_rt_config.period_ns;
    return (pa_rt_config.period_ns * periods + signals / 2) / signals;
}

static void write_process(void)
{
    struct pa_raw_process proc;
    char exe[PATH_SIZE];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe);

    if (len < 0)
        len = 0;
    __builtin_memset(&proc, 0, sizeof proc);
    proc.pid = getpid();
    proc.ppid = getppid();
    proc.requested_hz = pa_rt_config.freq;
    proc.clock = (uint32_t)pa_rt.main_clock;
    proc.period_ns = effective_period();
    proc.start_ns = pa_rt.start_ns;
    proc.path_len = (uint32_t)len;
    out_record(PA_RAW_PROCESS, &proc, sizeof proc, exe, (uint32_t)len);
}

static void write_threads(void)
{
    size_t n = pa_rt_thread_count();
    for (size_t i = 0; i < n; i++) {
        struct pa_rt_thread *t = pa_rt_thread_at(i);
        struct pa_raw_thread rec;
        if (!t || !slot_written(t))
            continue;
        __builtin_memset(&rec, 0, sizeof rec);
        rec.tid = t->tid;
        rec.samples = t->snap_samples;
        rec.dropped = t->snap_dropped - t->dropped_base;
        rec.cpu_ns = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == PA_RT_THREAD_EXITED
                         ? t->cpu_ns
                         : pa_rt_thread_cpu_ns(t->tid);
        thread_name(t, rec.name);
        out_record(PA_RAW_THREAD, &rec, sizeof rec, NULL, 0);
    }
}

static void write_samples(void)
{
    size_t n = pa_rt_thread_count();
    out_flush();
    for (size_t i = 0; i < n; i++) {
        struct pa_rt_thread *t = pa_rt_thread_at(i);
        if (t && slot_written(t) && t->snap_pos > t->base && !out_err &&
            pa_rt_write_all(out_fd, t->buf + t->base, t->snap_pos - t->base) != 0)
            out_err = 1;
    }
}

/* Gives the finished file its name: the first of perfaudit.<pid>.raw, perfaudit.<pid>.1.raw,
 * ... that does not exist yet (an exec'd image keeps its pid, and pids are reused). */
static int publish(pid_t pid)
{
    for (unsigned n = 0; n < 1000; n++) {
        build_path(final_path, pid, n, 0);
        if (link(tmp_path, final_path) == 0) {
            unlink(tmp_path);
            return 0;
        }
        if (errno == EEXIST)
            continue;
        if (errno == EPERM || errno == EOPNOTSUPP || errno == EXDEV || errno == EMLINK) {
            /* No hard links on this file system: check, then rename. */
            if (access(final_path, F_OK) == 0)
                continue;
            return rename(tmp_path, final_path);
        }
        break;
    }
    unlink(tmp_path);
    return -1;
}

static int write_file(int exit_status)
{
    struct pa_raw_end end;
    pid_t pid = getpid();

    build_path(tmp_path, pid, 0, 1);
    out_fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out_fd < 0) {
        pa_rt_debug("cannot create the profile", tmp_path);
        return -1;
    }
    out_len = 0;
    out_err = 0;
    out_put(PA_RAW_MAGIC, 8);
    write_process();
    write_maps();
    write_threads();
    write_samples();
    __builtin_memset(&end, 0, sizeof end);
    end.end_ns = pa_rt_now_ns(CLOCK_REALTIME);
    end.cpu_ns = pa_rt_now_ns(CLOCK_PROCESS_CPUTIME_ID);
    end.exit_status = exit_status;
    out_record(PA_RAW_END, &end, sizeof end, NULL, 0);
    out_flush();
    if (close(out_fd) != 0)
        out_err = 1;
    out_fd = -1;
    if (out_err) {
        pa_rt_debug("cannot write the profile", tmp_path);
        unlink(tmp_path);
        return -1;
    }
    return publish(pid);
}

/* Writes this image's profile. final: the process ends (sampling stops for good, and no
 * later call writes again); otherwise (before exec) only when something was recorded, and
 * the records written are not written again if the exec fails. Returns 0 when a file was
 * written. A second writer waits for the first (a terminating signal racing exit), except in
 * the writing thread itself, where it returns at once. */
int pa_rt_write_profile(int final, int exit_status)
{
    static const int async_fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    int expected = 0, rc = 0;
    pid_t tid = pa_rt_gettid();
    sigset_t block, old;

    if (!pa_rt.active || getpid() != pa_rt.pid)
        return -1; /* a vfork child, or a clone the runtime was not told about */
    if (!__atomic_compare_exchange_n(&pa_rt.write_state, &expected, 1, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        struct timespec ms = {0, 1000000};
        if (__atomic_load_n(&writer_tid, __ATOMIC_ACQUIRE) == tid)
            return -1;
        for (int i = 0; i < 5000 && __atomic_load_n(&pa_rt.write_state, __ATOMIC_ACQUIRE) == 1; i++)
            nanosleep(&ms, NULL);
        return -1;
    }
    __atomic_store_n(&writer_tid, tid, __ATOMIC_RELEASE);
    pa_rt_guard++;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof async_fatal / sizeof async_fatal[0]; i++)
        sigaddset(&block, async_fatal[i]);
    pa_rt_real_sigprocmask(SIG_BLOCK, &block, &old);

    if (final)
        pa_rt_threads_stop_all();
    if (snapshot() == 0 && !final)
        rc = 1; /* nothing new before exec: no file */
    else
        rc = write_file(exit_status);
    if (rc == 0 && !final) {
        size_t n = pa_rt_thread_count();
        for (size_t i = 0; i < n; i++) {
            struct pa_rt_thread *t = pa_rt_thread_at(i);
            if (t && slot_written(t)) {
                t->base = t->snap_pos;
                t->dropped_base = t->snap_dropped;
            }
        }
    }

    pa_rt_real_sigprocmask(SIG_SETMASK, &old, NULL);
    pa_rt_guard--;
    __atomic_store_n(&writer_tid, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&pa_rt.write_state, final ? 2 : 0, __ATOMIC_RELEASE);
    return rc == 0 ? 0 : -1;
}
