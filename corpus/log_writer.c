/*
 * log_writer - write a stream of sensor events (generated in memory) to a
 * binary telemetry log with an index, append the alarms to an alarm file,
 * then read the log back and checksum it.
 *
 * usage: log_writer [nevents]
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NSENSORS 16
#define ALARM_FLAG 0x8000u
#define INDEX_EVERY 64
#define BLOCK_SIZE 65536
#define DEFAULT_EVENTS 80000

struct event {
    uint64_t ts;
    uint16_t sensor;
    uint16_t flags;
    double value;
};

struct index_entry {
    uint64_t ts;
    uint64_t offset;
};

uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void make_events(struct event *ev, size_t n, uint64_t seed)
{
    uint64_t s = seed, ts = 1700000000000ull;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = splitmix64(&s);
        ts += 1 + r % 250;
        ev[i].ts = ts;
        ev[i].sensor = (uint16_t)((r >> 16) % NSENSORS);
        /* about one event in a thousand raises an alarm */
        ev[i].flags = (uint16_t)(((r >> 24) % 1000 == 0 ? ALARM_FLAG : 0) | ((r >> 40) & 0xff));
        ev[i].value = (double)((r >> 32) % 100000) / 100.0 - 250.0;
    }
}

/* Writes each event field by field, straight to the descriptor; returns the bytes written. */
uint64_t write_events(int fd, const struct event *ev, size_t n)
{
    uint64_t written = 0;
    for (size_t i = 0; i < n; i++) {
        const char sep = '\n';
        if (write(fd, &ev[i].ts, sizeof ev[i].ts) < 0 ||
            write(fd, &ev[i].sensor, sizeof ev[i].sensor) < 0 ||
            write(fd, &ev[i].flags, sizeof ev[i].flags) < 0 ||
            write(fd, &ev[i].value, sizeof ev[i].value) < 0 || write(fd, &sep, 1) < 0)
            return written;
        written += sizeof ev[i].ts + sizeof ev[i].sensor + sizeof ev[i].flags +
                   sizeof ev[i].value + 1;
    }
    return written;
}

/* Writes everything in buf, resuming after short writes. */
int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0)
            return -1;
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Writes an index entry for every INDEX_EVERY-th event through one 64 KiB block buffer. */
size_t write_index(int fd, const struct event *ev, size_t n, uint64_t record_size)
{
    static char block[BLOCK_SIZE];
    size_t used = 0, entries = 0;
    for (size_t i = 0; i < n; i += INDEX_EVERY) {
        struct index_entry e = { ev[i].ts, (uint64_t)i * record_size };
        if (used + sizeof e > sizeof block) {
            if (write_all(fd, block, used) != 0)
                return entries;
            used = 0;
        }
        memcpy(block + used, &e, sizeof e);
        used += sizeof e;
        entries++;
    }
    if (used > 0 && write_all(fd, block, used) != 0)
        return entries;
    return entries;
}

size_t collect_alarms(const struct event *ev, size_t n, struct event *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].flags & ALARM_FLAG)
            out[k++] = ev[i];
    }
    return k;
}

/* Appends one text line per alarm, opening the alarm file for each of them. */
size_t append_alarms(const char *path, const struct event *alarms, size_t n)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(path, "a");
        if (f == NULL)
            return done;
        fprintf(f, "%llu sensor=%u value=%.2f\n", (unsigned long long)alarms[i].ts,
                (unsigned)alarms[i].sensor, alarms[i].value);
        fclose(f);
        done++;
    }
    return done;
}

uint64_t fold_block(const unsigned char *buf, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ buf[i]) * 0x100000001B3ull;
    return h;
}

/* Reads the whole file back in 64 KiB blocks and hashes it. */
uint64_t checksum_fd(int fd, uint64_t *total)
{
    static unsigned char buf[BLOCK_SIZE];
    uint64_t h = 0xCBF29CE484222325ull;
    ssize_t r;
    *total = 0;
    if (lseek(fd, 0, SEEK_SET) < 0)
        return 0;
    while ((r = read(fd, buf, sizeof buf)) > 0) {
        h = fold_block(buf, (size_t)r, h);
        *total += (uint64_t)r;
    }
    return h;
}

/* One status letter per event on a stdio stream (buffered by stdio), flushed once at the end. */
size_t write_status_line(FILE *out, const struct event *ev, size_t n)
{
    size_t alarms = 0;
    for (size_t i = 0; i < n; i++) {
        int alarm = (ev[i].flags & ALARM_FLAG) != 0;
        putc(alarm ? 'A' : ev[i].value < 0.0 ? '-' : '+', out);
        alarms += (size_t)alarm;
    }
    putc('\n', out);
    fflush(out);
    return alarms;
}

/* Opens each of the listed files once to see whether it can be read. */
int count_readable(const char *const *paths, int n)
{
    int readable = 0;
    for (int i = 0; i < n; i++) {
        int fd = open(paths[i], O_RDONLY);
        if (fd >= 0) {
            readable++;
            close(fd);
        }
    }
    return readable;
}

/* A temporary file named after the template; returns its descriptor, or -1. */
int make_temp(char *path, size_t cap, const char *name)
{
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || *dir == '\0')
        dir = "/tmp";
    if ((size_t)snprintf(path, cap, "%s/%s.XXXXXX", dir, name) >= cap)
        return -1;
    return mkstemp(path);
}

int main(int argc, char **argv)
{
    static const char *const probes[] = { "/dev/null", "/dev/zero", "/nonexistent/file" };
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_EVENTS;
    char log_path[512], alarm_path[512];
    struct event *ev, *alarms;
    uint64_t written, total, h;
    size_t nalarms, appended, entries, status_alarms;
    int fd, afd, readable;
    FILE *status;

    if (n == 0)
        n = DEFAULT_EVENTS;
    ev = malloc(n * sizeof *ev);
    alarms = malloc(n * sizeof *alarms);
    if (ev == NULL || alarms == NULL)
        return 1;
    make_events(ev, n, 0x1065EEDull);
    fd = make_temp(log_path, sizeof log_path, "log_writer");
    afd = make_temp(alarm_path, sizeof alarm_path, "log_writer_alarms");
    status = fopen("/dev/null", "w");
    if (fd < 0 || afd < 0 || status == NULL)
        return 1;
    close(afd);

    written = write_events(fd, ev, n);
    entries = write_index(fd, ev, n, sizeof ev[0].ts + sizeof ev[0].sensor + sizeof ev[0].flags +
                                         sizeof ev[0].value + 1);
    nalarms = collect_alarms(ev, n, alarms);
    appended = append_alarms(alarm_path, alarms, nalarms);
    status_alarms = write_status_line(status, ev, n);
    readable = count_readable(probes, 3);
    h = checksum_fd(fd, &total);
    printf("events=%zu written=%llu index=%zu alarms=%zu/%zu/%zu readable=%d bytes=%llu "
           "hash=%016llx\n",
           n, (unsigned long long)written, entries, nalarms, appended, status_alarms, readable,
           (unsigned long long)total, (unsigned long long)h);
    fclose(status);
    close(fd);
    unlink(log_path);
    unlink(alarm_path);
    free(alarms);
    free(ev);
    return 0;
}
