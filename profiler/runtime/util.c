/* util.c: async-signal-safe helpers of the runtime: thread ids, clocks, string building
 * without stdio, and a write loop. Nothing here allocates or takes a lock. */
#include "runtime.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t pa_rt_gettid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

uint64_t pa_rt_now_ns(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The CPU clock of any thread of this process, from its tid (the kernel's
 * MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED), as glibc's pthread_getcpuclockid builds it). */
uint64_t pa_rt_thread_cpu_ns(pid_t tid)
{
    clockid_t clock = (clockid_t)((~(unsigned)tid << 3) | 4 /* per thread */ | 2 /* sched */);
    return pa_rt_now_ns(clock);
}

size_t pa_rt_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Appends src at dst, never past end - 1, keeps the result NUL-terminated; returns the new
 * end of the string. Example: p = pa_rt_append(p, buf + sizeof buf, "/perfaudit."); */
char *pa_rt_append(char *dst, char *end, const char *src)
{
    while (*src && dst < end - 1)
        *dst++ = *src++;
    if (dst < end)
        *dst = '\0';
    return dst;
}

char *pa_rt_append_u64(char *dst, char *end, uint64_t v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n > 0 && dst < end - 1)
        *dst++ = digits[--n];
    if (dst < end)
        *dst = '\0';
    return dst;
}

/* Writes all of buf, retrying on EINTR and short writes; 0 on success, -1 with errno. */
int pa_rt_write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0) {
            errno = EIO;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* One line on stderr when PERFAUDIT_DEBUG=1; silent otherwise, so that the target's stderr
 * stays its own. */
void pa_rt_debug(const char *msg, const char *detail)
{
    char line[512];
    char *p = line, *end = line + sizeof line - 1;
    int saved = errno;
    if (!pa_rt_config.debug)
        return;
    p = pa_rt_append(p, end, "perfaudit runtime: ");
    p = pa_rt_append(p, end, msg);
    if (detail) {
        p = pa_rt_append(p, end, ": ");
        p = pa_rt_append(p, end, detail);
    }
    *p++ = '\n';
    (void)pa_rt_write_all(2, line, (size_t)(p - line));
    errno = saved;
}
