/* exec.c: the exec family and posix_spawn. Before an exec replaces the image, its profile is
 * written (when it recorded anything) under the pid's next free name, since the new image
 * keeps the pid and writes its own; if the exec fails, sampling resumes and those samples are
 * not written twice. Programs started with an environment that lost the runtime's variables
 * (env -i, a hand-built envp) get LD_PRELOAD and PERFAUDIT_* back, so they are profiled too.
 * No malloc here: exec may follow fork in a multithreaded program, where only
 * async-signal-safe calls are allowed. The new environment array lives on the stack (a vfork
 * child borrows its parent's memory, so a mapping made there would outlive the exec), and is
 * mmap'ed only when it is too large for that. */
#include "runtime.h"

#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

void pa_rt_exec_prepare(void)
{
    if (!pa_rt.active || getpid() != pa_rt.pid)
        return; /* a vfork child shares the parent's memory: leave it alone */
    pa_rt_guard++;
    pa_rt_source_quiesce_self();
    pa_rt_write_profile(0, -1);
    pa_rt_guard--;
}

void pa_rt_exec_failed(void)
{
    int saved = errno;
    if (pa_rt.active && getpid() == pa_rt.pid) {
        pa_rt_guard++;
        pa_rt_source_resume_self();
        pa_rt_guard--;
    }
    errno = saved;
}

/* Whether envp has an entry for the variable that `entry` ("NAME=value") sets. */
static int env_has(char *const envp[], const char *entry)
{
    size_t n = 0;
    while (entry[n] && entry[n] != '=')
        n++;
    for (size_t i = 0; envp && envp[i]; i++)
        if (strncmp(envp[i], entry, n) == 0 && envp[i][n] == '=')
            return 1;
    return 0;
}

#define ENV_ON_STACK 512

struct env_copy {
    char **env;
    size_t map_len; /* bytes mmap'ed for env, 0 when it is envp itself or `local` */
};

/* envp, or a copy (in local[], or mmap'ed) with the runtime's variables added where they are
 * missing. */
static struct env_copy env_for_child(char *const envp[], char **local)
{
    struct env_copy c = {(char **)envp, 0};
    const struct pa_rt_config *cfg = &pa_rt_config;
    size_t n = 0, k;
    int need = 0;

    if (!pa_rt.active)
        return c;
    for (int i = 0; i < cfg->saved_env_count; i++)
        need |= !env_has(envp, cfg->saved_env[i]);
    if (cfg->saved_preload)
        need |= !env_has(envp, cfg->saved_preload);
    if (!need)
        return c;
    while (envp && envp[n])
        n++;
    if (n + (size_t)cfg->saved_env_count + 2 <= ENV_ON_STACK)
        c.env = local;
    else {
        c.map_len = (n + (size_t)cfg->saved_env_count + 2) * sizeof(char *);
        void *m = mmap(NULL, c.map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) {
            c.map_len = 0;
            return c;
        }
        c.env = m;
    }
    for (k = 0; k < n; k++)
        c.env[k] = envp[k];
    for (int i = 0; i < cfg->saved_env_count; i++)
        if (!env_has(envp, cfg->saved_env[i]))
            c.env[k++] = cfg->saved_env[i];
    if (cfg->saved_preload && !env_has(envp, cfg->saved_preload))
        c.env[k++] = cfg->saved_preload;
    c.env[k] = NULL;
    return c;
}

static void env_release(struct env_copy *c)
{
    int saved = errno;
    if (c->map_len)
        munmap(c->env, c->map_len);
    errno = saved;
}

typedef int (*execve_fn)(const char *, char *const[], char *const[]);

/* execve and execvpe (and everything built on them) share this path. */
static int exec_with(const char *real_name, const char *file, char *const argv[],
                     char *const envp[])
{
    execve_fn real = (execve_fn)pa_rt_real(real_name);
    char *local[ENV_ON_STACK];
    struct env_copy env;
    int rc;

    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    pa_rt_exec_prepare();
    env = env_for_child(envp, local);
    rc = real(file, argv, env.env);
    env_release(&env);
    pa_rt_exec_failed();
    return rc;
}

PA_RT_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
    return exec_with("execve", path, argv, envp);
}

PA_RT_EXPORT int execv(const char *path, char *const argv[])
{
    return exec_with("execve", path, argv, environ);
}

PA_RT_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
    return exec_with("execvpe", file, argv, envp);
}

PA_RT_EXPORT int execvp(const char *file, char *const argv[])
{
    return exec_with("execvpe", file, argv, environ);
}

PA_RT_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
    int (*real)(int, char *const[], char *const[]) =
        (int (*)(int, char *const[], char *const[]))pa_rt_real("fexecve");
    char *local[ENV_ON_STACK];
    struct env_copy env;
    int rc;
    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    pa_rt_exec_prepare();
    env = env_for_child(envp, local);
    rc = real(fd, argv, env.env);
    env_release(&env);
    pa_rt_exec_failed();
    return rc;
}

/* execl, execlp, execle: the arguments, gathered into an array on the stack. */
#define COLLECT_ARGS(arg0, ap, n)                                                                  \
    do {                                                                                           \
        va_start(ap, arg0);                                                                        \
        n = 1;                                                                                     \
        while (va_arg(ap, const char *) != NULL)                                                   \
            n++;                                                                                   \
        va_end(ap);                                                                                \
    } while (0)

/* argv[0] = arg0, then the n - 1 further arguments and the NULL that ends them, from *ap. */
static void fill_argv(char **argv, const char *arg0, size_t n, va_list *ap)
{
    argv[0] = (char *)arg0;
    for (size_t i = 1; i <= n; i++)
        argv[i] = va_arg(*ap, char *);
}

PA_RT_EXPORT int execl(const char *path, const char *arg0, ...)
{
    va_list ap;
    size_t n;
    COLLECT_ARGS(arg0, ap, n);
    {
        char *argv[n + 1];
        va_start(ap, arg0);
        fill_argv(argv, arg0, n, &ap);
        va_end(ap);
        return exec_with("execve", path, argv, environ);
    }
}

PA_RT_EXPORT int execlp(const char *file, const char *arg0, ...)
{
    va_list ap;
    size_t n;
    COLLECT_ARGS(arg0, ap, n);
    {
        char *argv[n + 1];
        va_start(ap, arg0);
        fill_argv(argv, arg0, n, &ap);
        va_end(ap);
        return exec_with("execvpe", file, argv, environ);
    }
}

PA_RT_EXPORT int execle(const char *path, const char *arg0, ...)
{
    va_list ap;
    size_t n;
    COLLECT_ARGS(arg0, ap, n);
    {
        char *argv[n + 1];
        char *const *envp;
        va_start(ap, arg0);
        fill_argv(argv, arg0, n, &ap);
        envp = va_arg(ap, char *const *);
        va_end(ap);
        return exec_with("execve", path, argv, envp);
    }
}

typedef int (*spawn_fn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                        const posix_spawnattr_t *, char *const[], char *const[]);

static int spawn_with(const char *real_name, pid_t *pid, const char *file,
                      const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
                      char *const argv[], char *const envp[])
{
    spawn_fn real = (spawn_fn)pa_rt_real(real_name);
    char *local[ENV_ON_STACK];
    struct env_copy env;
    int rc;
    if (!real)
        return ENOSYS;
    env = env_for_child(envp, local);
    rc = real(pid, file, actions, attr, argv, env.env);
    env_release(&env);
    return rc;
}

PA_RT_EXPORT int posix_spawn(pid_t *pid, const char *path,
                             const posix_spawn_file_actions_t *actions,
                             const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return spawn_with("posix_spawn", pid, path, actions, attr, argv, envp);
}

PA_RT_EXPORT int posix_spawnp(pid_t *pid, const char *file,
                              const posix_spawn_file_actions_t *actions,
                              const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return spawn_with("posix_spawnp", pid, file, actions, attr, argv, envp);
}
