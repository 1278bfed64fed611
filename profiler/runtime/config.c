/* config.c: the runtime's configuration, read once from the PERFAUDIT_* environment in the
 * constructor. Invalid values fall back to the defaults (named on stderr with PERFAUDIT_DEBUG=1).
 */
#include "runtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

/* Parses a decimal number within [lo, hi]; returns def when absent or invalid. */
static unsigned long parse_num(const char *name, unsigned long def, unsigned long lo,
                               unsigned long hi)
{
    const char *s = getenv(name);
    char *end = NULL;
    unsigned long v;
    if (!s || !*s)
        return def;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        pa_rt_debug("ignoring invalid value", name);
        return def;
    }
    return v;
}

/* Keeps copies of the PERFAUDIT_* entries and LD_PRELOAD, to put back into the environment
 * of an exec'd program whose environment lost them (exec.c). */
static void save_environment(struct pa_rt_config *cfg)
{
    const char *preload = getenv("LD_PRELOAD");
    for (char **e = environ; e && *e; e++) {
        if (strncmp(*e, "PERFAUDIT_", 10) != 0 || cfg->saved_env_count >= PA_RT_MAX_ENV_SAVED)
            continue;
        char *copy = strdup(*e);
        if (copy)
            cfg->saved_env[cfg->saved_env_count++] = copy;
    }
    if (preload && *preload) {
        size_t n = strlen(preload);
        cfg->saved_preload = malloc(n + sizeof "LD_PRELOAD=");
        if (cfg->saved_preload) {
            memcpy(cfg->saved_preload, "LD_PRELOAD=", sizeof "LD_PRELOAD=" - 1);
            memcpy(cfg->saved_preload + sizeof "LD_PRELOAD=" - 1, preload, n + 1);
        }
    }
}

void pa_rt_config_load(struct pa_rt_config *cfg)
{
    const char *dir = getenv("PERFAUDIT_OUTPUT_DIR");
    const char *clock = getenv("PERFAUDIT_CLOCK");
    const char *debug = getenv("PERFAUDIT_DEBUG");
    unsigned long kb;

    memset(cfg, 0, sizeof *cfg);
    cfg->debug = debug && strcmp(debug, "0") != 0 && *debug;
    if (dir && *dir && strlen(dir) < sizeof cfg->output_dir - 64)
        memcpy(cfg->output_dir, dir, strlen(dir) + 1);
    else if (dir && *dir)
        pa_rt_debug("PERFAUDIT_OUTPUT_DIR is too long, staying inactive", NULL);

    cfg->freq = (uint32_t)parse_num("PERFAUDIT_FREQ", PA_RT_DEFAULT_FREQ, 1, PA_RT_MAX_FREQ);
    cfg->max_depth = (uint32_t)parse_num("PERFAUDIT_MAX_DEPTH", PA_RT_DEFAULT_MAX_DEPTH, 1,
                                         PA_RT_MAX_DEPTH_LIMIT);
    cfg->signo = (int)parse_num("PERFAUDIT_SIGNAL", (unsigned long)(SIGRTMAX - 4),
                                (unsigned long)SIGRTMIN, (unsigned long)SIGRTMAX);
    cfg->period_ns = 1000000000ULL / cfg->freq;

    cfg->clock_choice = PA_RT_CLOCK_AUTO;
    if (clock && strcmp(clock, "perf") == 0)
        cfg->clock_choice = PA_RT_CLOCK_PERF;
    else if (clock && strcmp(clock, "timer") == 0)
        cfg->clock_choice = PA_RT_CLOCK_TIMER;
    else if (clock && *clock && strcmp(clock, "auto") != 0)
        pa_rt_debug("ignoring invalid value", "PERFAUDIT_CLOCK");

    /* Room for PA_RT_BUFFER_SECONDS of samples at full depth; the mapping is lazy
     * (MAP_NORESERVE), so only what is recorded takes memory. */
    kb = parse_num("PERFAUDIT_BUFFER_KB", 0, 16, 4UL * 1024 * 1024);
    if (kb)
        cfg->buffer_bytes = kb * 1024;
    else {
        uint64_t per_sample = sizeof(struct pa_raw_record_head) + sizeof(struct pa_raw_sample) +
                              8ULL * cfg->max_depth;
        uint64_t bytes = (uint64_t)PA_RT_BUFFER_SECONDS * cfg->freq * per_sample;
        if (bytes > 512ULL * 1024 * 1024)
            bytes = 512ULL * 1024 * 1024;
        cfg->buffer_bytes = (size_t)bytes;
    }

    if (cfg->output_dir[0])
        save_environment(cfg);
}
