/* runtime.h: the preloaded sampling runtime's internal header (state, threads, entry points).
 * Shared by the files of profiler/runtime/ only; nothing here is exported from the library. */
#ifndef PERFAUDIT_RUNTIME_H
#define PERFAUDIT_RUNTIME_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "raw_format.h"

/* Everything not marked PA_RT_EXPORT stays inside the library (-fvisibility=hidden). */
#define PA_RT_EXPORT __attribute__((visibility("default")))
#define PA_RT_TLS    __attribute__((tls_model("initial-exec")))

#define PA_RT_DEFAULT_FREQ      999 /* Hz; off the 1 kHz / 250 Hz / 100 Hz beats of periodic work */
#define PA_RT_DEFAULT_MAX_DEPTH 128
#define PA_RT_MAX_FREQ          20000
#define PA_RT_MAX_DEPTH_LIMIT   1024
#define PA_RT_BUFFER_SECONDS    60 /* a thread's buffer holds this long at max depth */
#define PA_RT_MAX_ENV_SAVED     16
#define PA_RT_HANDLER_FRAMES    16          /* room for the handler's own frames in a trace */
#define PA_RT_STACK_RESERVE     (12 * 1024) /* free stack an unwind needs (it takes ~8 KB) */
#define PA_RT_TIMER_COOKIE      ((void *)0x70612d7274ULL) /* "pa-rt" in si_value */

/* The terminating signals whose default action the runtime takes over to write first. */
#define PA_RT_FATAL_SIGNALS                                                                        \
    {                                                                                              \
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL                 \
    }

enum pa_rt_clock_choice { PA_RT_CLOCK_AUTO = 0, PA_RT_CLOCK_PERF, PA_RT_CLOCK_TIMER };

/* Configuration, read once from PERFAUDIT_* in the constructor (config.c). */
struct pa_rt_config {
    char output_dir[4096];
    uint32_t freq;       /* PERFAUDIT_FREQ */
    uint32_t max_depth;  /* PERFAUDIT_MAX_DEPTH */
    int signo;           /* PERFAUDIT_SIGNAL, default SIGRTMAX - 4 */
    int clock_choice;    /* PERFAUDIT_CLOCK=auto|perf|timer */
    size_t buffer_bytes; /* PERFAUDIT_BUFFER_KB, else derived from freq and depth */
    int debug;           /* PERFAUDIT_DEBUG=1: one-line diagnostics on stderr */
    uint64_t period_ns;  /* 1e9 / freq */
    /* The environment to carry into exec'd programs whose environment lost it. */
    char *saved_env[PA_RT_MAX_ENV_SAVED];
    int saved_env_count;
    char *saved_preload; /* "LD_PRELOAD=..." or NULL */
};

enum pa_rt_thread_state {
    PA_RT_THREAD_FREE = 0, /* slot never used, or pthread_create failed */
    PA_RT_THREAD_STARTING, /* handed to a new thread that has not begun yet */
    PA_RT_THREAD_ACTIVE,   /* sampled */
    PA_RT_THREAD_EXITED,   /* finished; its samples wait for the profile */
    PA_RT_THREAD_STALE,    /* another process's (a fork's parent's) thread: never written */
};

/* One sampled thread. Its buffer holds complete PA_RAW_SAMPLE records (head, sample,
 * frames) exactly as they go into the file; `pos` is published with release order after a
 * record is complete, so a writer in another thread reads [base, pos) safely. */
struct pa_rt_thread {
    int state; /* enum pa_rt_thread_state, accessed atomically */
    int32_t tid;
    void *(*start)(void *); /* the application's start routine and argument */
    void *arg;
    int clock;        /* enum pa_raw_clock armed for it, 0 when none */
    int perf_fd;      /* -1 when none */
    uint64_t perf_id; /* PERF_EVENT_IOC_ID, to recognise our fd before closing it */
    timer_t timer;
    unsigned char *buf;
    size_t map_len;   /* bytes mapped at buf */
    size_t cap;       /* bytes usable at buf */
    size_t pos;       /* end of the complete records (atomic) */
    size_t base;      /* start of the records not yet written (an exec that failed wrote them) */
    uint64_t dropped; /* atomic */
    uint64_t dropped_base;
    uint64_t timer_signals, timer_periods; /* timer fallback: signals and expirations */
    uint64_t cpu_ns;                       /* measured when the thread ended */
    uintptr_t stack_lo, stack_hi;          /* the thread's stack, 0 when unknown */
    char name[16];
    /* Filled by the writer's snapshot. */
    size_t snap_pos;
    uint32_t snap_samples;
    uint64_t snap_dropped;
};

/* Process-wide state of this image. */
struct pa_rt_state {
    int active;         /* the constructor armed the runtime */
    pid_t pid;          /* the process this image's data belongs to (updated by fork) */
    uint64_t start_ns;  /* CLOCK_REALTIME at start */
    int main_clock;     /* enum pa_raw_clock of the first armed thread */
    int exit_status;    /* -1 unknown, else status & 0xff or 128 + signal */
    int write_state;    /* 0 idle, 1 writing, 2 final profile written (atomic) */
    int stopped;        /* sampling ended for good (atomic) */
    int hold_off;       /* >0: handlers do not unwind (fork, cache flush; atomic) */
    int in_flight;      /* sample handlers currently running (atomic) */
    int perf_refused;   /* perf_event_open failed for a reason that will not change */
    int perf_fd_count;  /* perf fds currently open (atomic) */
    int perf_fd_budget; /* at most this many; beyond, threads use the timer fallback */
    int perf_fd_base;   /* perf fds are moved to numbers at or above this */
    int unwind_pipe[2]; /* libunwind's validation pipe, -1 when unknown */
    dev_t unwind_pipe_dev;
    ino_t unwind_pipe_ino;
};

extern struct pa_rt_config pa_rt_config;
extern struct pa_rt_state pa_rt;
extern _Thread_local struct pa_rt_thread *pa_rt_self PA_RT_TLS;
extern _Thread_local int pa_rt_guard PA_RT_TLS;  /* >0: this thread is inside the runtime */
extern _Thread_local int pa_rt_unsafe PA_RT_TLS; /* >0: inside a call unwinding must avoid */
extern int pa_rt_tracer_stale; /* after dlclose: libunwind's per-thread tracer is not used */

/* config.c */
void pa_rt_config_load(struct pa_rt_config *cfg);

/* util.c: async-signal-safe helpers. */
pid_t pa_rt_gettid(void);
uint64_t pa_rt_now_ns(clockid_t clock);
uint64_t pa_rt_thread_cpu_ns(pid_t tid);
size_t pa_rt_strlen(const char *s);
char *pa_rt_append(char *dst, char *end, const char *src);
char *pa_rt_append_u64(char *dst, char *end, uint64_t v);
int pa_rt_write_all(int fd, const void *buf, size_t len);
void pa_rt_debug(const char *msg, const char *detail);

/* real.c: the next definitions of the functions the runtime interposes. */
void pa_rt_real_init(void);
void *pa_rt_real(const char *name);
int pa_rt_real_sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int pa_rt_real_sigprocmask(int how, const sigset_t *set, sigset_t *old);

/* threads.c */
struct pa_rt_thread *pa_rt_thread_alloc(void);
size_t pa_rt_thread_count(void);
struct pa_rt_thread *pa_rt_thread_at(size_t i);
int pa_rt_threads_init(void);
int pa_rt_thread_begin(struct pa_rt_thread *t);
void pa_rt_thread_attach_main(void);
void pa_rt_threads_after_fork_child(void);
void pa_rt_threads_stop_all(void);

/* source.c: the per-thread sampling clock. */
int pa_rt_source_arm(struct pa_rt_thread *t);
void pa_rt_source_disarm(struct pa_rt_thread *t, int close_it);
void pa_rt_source_forget_inherited(struct pa_rt_thread *t);
void pa_rt_source_quiesce_self(void);
void pa_rt_source_resume_self(void);

/* unwinder.c: libunwind, loaded privately. Types are passed as void * so that only the files
 * that include <libunwind.h> (with UNW_LOCAL_ONLY) see its types. */
struct pa_rt_unwinder {
    int loaded;
    int (*getcontext)(void *uc);
    int (*init_local)(void *cursor, void *uc);
    int (*init_local2)(void *cursor, void *uc, int flags);
    int (*step)(void *cursor);
    int (*get_reg)(void *cursor, int reg, uintptr_t *val);
    int (*set_caching_policy)(void *as, int policy);
    void (*flush_cache)(void *as, uintptr_t lo, uintptr_t hi);
    int (*backtrace)(void **frames, int size);
    void *local_as;
};
extern struct pa_rt_unwinder pa_rt_unw;
int pa_rt_unwinder_load(void);

/* unsafe_regions.c */
void pa_rt_unsafe_regions_init(void);

/* sample.c */
int pa_rt_sample_init(void);
void pa_rt_sample_warm(void);
void pa_rt_on_sample(int sig, siginfo_t *si, void *uc);
int pa_rt_pc_in_unwinder(uintptr_t pc);

/* writer.c */
int pa_rt_write_profile(int final, int exit_status);

/* signals.c */
void pa_rt_signals_init(void);
void pa_rt_chain_sample_signal(int sig, siginfo_t *si, void *uc);

/* exits.c */
void pa_rt_note_exit_status(int status);

/* exec.c */
void pa_rt_exec_prepare(void);
void pa_rt_exec_failed(void);

#endif
