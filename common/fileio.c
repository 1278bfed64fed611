/* fileio.c: whole-file reads and atomic writes. */
#include "fileio.h"
#include "error.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pa_read_file(const char *path, char **out, size_t *len, struct pa_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return pa_error_errno(err, "%s: cannot open", path);
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return pa_error_set(err, "%s: is a directory", path);
    }
    size_t cap = 65536, n = 0;
    char *buf = pa_xmalloc(cap);
    for (;;) {
        if (cap - n < 4096) {
            cap *= 2;
            buf = pa_xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return pa_error_set(err, "%s: read error", path);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int pa_write_file_atomic(const char *path, const char *data, size_t len, struct pa_error *err)
{
    size_t plen = strlen(path);
    char *tmp = pa_xmalloc(plen + 32);
    snprintf(tmp, plen + 32, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pa_error_errno(err, "%s: cannot create temporary file", path);
        free(tmp);
        return -1;
    }
    /* mkstemp makes the file 0600; output files get the usual umask-governed mode. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            pa_error_errno(err, "%s: write error", path);
            goto fail;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 && errno != EINVAL) {
        pa_error_errno(err, "%s: write error", path);
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        pa_error_errno(err, "%s: write error", path);
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        pa_error_errno(err, "%s: cannot replace", path);
        goto fail;
    }
    free(tmp);
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}

int pa_make_dirs(const char *dir, struct pa_error *err)
{
    if (!*dir)
        return pa_error_set(err, "empty directory name");
    char *path = pa_xstrdup(dir);
    int rc = 0;
    /* each prefix ending before a '/', then the whole path */
    for (char *p = path + 1; rc == 0; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(path, 0777) != 0 &&
            !(errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
            rc = pa_error_errno(err, "%s: cannot create the directory", path);
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(path);
    return rc;
}
