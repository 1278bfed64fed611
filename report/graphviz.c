/* graphviz.c: rendering DOT text with Graphviz's dot program. The DOT text goes to dot's
 * standard input from an unlinked scratch file (no pipe, so no deadlock whatever the sizes),
 * its output into a temporary file beside the target that is renamed over it on success. */
#include "graphviz.h"
#include "error.h"
#include "fileio.h"
#include "path.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* "svg", "png" or "dot" from path's extension (any case), or NULL. */
static const char *format_of(const char *path)
{
    static const char *const formats[][2] = {{".svg", "svg"}, {".png", "png"}, {".dot", "dot"}};
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (pa_path_has_ext(path, formats[i][0]))
            return formats[i][1];
    return NULL;
}

/* fd moved above the standard descriptors (close-on-exec), so that the dup2s that set up the
 * child's 0, 1 and 2 cannot overwrite one another when perfaudit was started with some of
 * them closed. */
static int above_stdio(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int saved = errno;
    close(fd);
    errno = saved;
    return moved;
}

/* A temporary file "<path>.<what>.XXXXXX" beside path, or -1. *name is malloc'd. */
static int temp_beside(const char *path, const char *what, char **name)
{
    size_t len = strlen(path) + strlen(what) + 16;
    *name = pa_xmalloc(len);
    snprintf(*name, len, "%s.%s.XXXXXX", path, what);
    int fd = mkostemp(*name, O_CLOEXEC);
    if (fd >= 0 && (fd = above_stdio(fd)) < 0) {
        int saved = errno;
        unlink(*name);
        errno = saved;
    }
    if (fd < 0) {
        free(*name);
        *name = NULL;
    }
    return fd;
}

/* An unlinked scratch file beside path (nothing is left behind whatever happens), or -1. */
static int scratch_beside(const char *path, const char *what)
{
    char *name = NULL;
    int fd = temp_beside(path, what, &name);
    if (fd >= 0)
        unlink(name);
    free(name);
    return fd;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* The first line of dot's standard error that says "Error", else its first line, or "" (in
 * buf): warnings may come before the reason. */
static const char *first_line(int fd, char *buf, size_t size)
{
    buf[0] = '\0';
    if (lseek(fd, 0, SEEK_SET) != 0)
        return buf;
    ssize_t n = read(fd, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    char *s = buf + strspn(buf, " \t\r\n");
    char *error = strstr(s, "Error");
    if (error) {
        while (error > s && error[-1] != '\n')
            error--;
        s = error;
    }
    s[strcspn(s, "\r\n")] = '\0';
    return s;
}

/* Runs prog -T<format> with stdin, stdout and stderr on the given files; returns its wait
 * status, or -1 with err filled when it could not start. */
static int run_dot(const char *prog, const char *format, int in, int out, int errfd,
                   const char *path, struct pa_error *err)
{
    posix_spawn_file_actions_t actions;
    char flag[16];
    snprintf(flag, sizeof(flag), "-T%s", format);
    char *argv[] = {(char *)prog, flag, NULL};
    pid_t pid;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in, 0);
    posix_spawn_file_actions_adddup2(&actions, out, 1);
    posix_spawn_file_actions_adddup2(&actions, errfd, 2);
    int e = posix_spawnp(&pid, prog, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (e == ENOENT || e == ENOTDIR)
        return pa_error_set(err,
                            "%s: cannot render: Graphviz's dot program (%s) was not found "
                            "(install graphviz, or set PERFAUDIT_DOT to its path)",
                            path, prog);
    if (e != 0) {
        errno = e;
        return pa_error_errno(err, "%s: cannot render: cannot run %s", path, prog);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return pa_error_errno(err, "%s: cannot render: waiting for %s", path, prog);
    return status;
}

int pa_graphviz_render(const struct pa_strbuf *dot, const char *path, struct pa_error *err)
{
    const char *format = format_of(path);
    if (!format)
        return pa_error_set(err,
                            "%s: unknown output format (the name must end in .svg, .png "
                            "or .dot)",
                            path);
    if (strcmp(format, "dot") == 0)
        return pa_write_file_atomic(path, pa_strbuf_cstr(dot), dot->len, err);

    const char *prog = getenv("PERFAUDIT_DOT");
    if (!prog || !*prog)
        prog = "dot";
    int rc = -1, in = -1, errfd = -1, out = -1;
    char *tmp = NULL;
    char line[512];
    struct stat st;
    if ((in = scratch_beside(path, "in")) < 0 || (errfd = scratch_beside(path, "err")) < 0 ||
        (out = temp_beside(path, "tmp", &tmp)) < 0) {
        pa_error_errno(err, "%s: cannot create temporary file", path);
        goto done;
    }
    if (write_all(in, pa_strbuf_cstr(dot), dot->len) < 0 || lseek(in, 0, SEEK_SET) != 0) {
        pa_error_errno(err, "%s: cannot write temporary file", path);
        goto done;
    }
    int status = run_dot(prog, format, in, out, errfd, path, err);
    if (status < 0)
        goto done;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) { /* the shell-less exec failed */
        pa_error_set(err,
                     "%s: cannot render: Graphviz's dot program (%s) could not be run "
                     "(install graphviz, or set PERFAUDIT_DOT to its path)",
                     path, prog);
        goto done;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const char *why = first_line(errfd, line, sizeof(line));
        if (WIFSIGNALED(status))
            pa_error_set(err, "%s: %s was killed by signal %d%s%s", path, prog, WTERMSIG(status),
                         *why ? ": " : "", why);
        else
            pa_error_set(err, "%s: %s failed (exit %d)%s%s", path, prog, WEXITSTATUS(status),
                         *why ? ": " : "", why);
        goto done;
    }
    if (fstat(out, &st) != 0 || st.st_size == 0) {
        pa_error_set(err, "%s: %s wrote nothing", path, prog);
        goto done;
    }
    /* mkostemp makes the file 0600; output files get the usual umask-governed mode */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(out, 0666 & ~mask);
    if (fsync(out) != 0 && errno != EINVAL) {
        pa_error_errno(err, "%s: write error", path);
        goto done;
    }
    int closed = close(out);
    out = -1;
    if (closed != 0) {
        pa_error_errno(err, "%s: write error", path);
        goto done;
    }
    if (rename(tmp, path) != 0) {
        pa_error_errno(err, "%s: cannot replace", path);
        goto done;
    }
    free(tmp);
    tmp = NULL;
    rc = 0;
done:
    if (tmp) /* a failure leaves any old file untouched and no temporary behind */
        unlink(tmp);
    free(tmp);
    if (out >= 0)
        close(out);
    if (errfd >= 0)
        close(errfd);
    if (in >= 0)
        close(in);
    return rc;
}
