/* bench_machine.h: where and when a benchmark runs: the machine (host, OS, CPU model, cores,
 * memory), the time in UTC, and the git revision of the working directory's repository. */
#ifndef PERFAUDIT_BENCH_MACHINE_H
#define PERFAUDIT_BENCH_MACHINE_H

#include <stdbool.h>

struct pa_bench_machine;

/* Fills m from gethostname, uname, /proc/cpuinfo and sysconf; what cannot be read stays
 * NULL or 0. The strings are the caller's (pa_bench_result_free releases them). */
void pa_bench_machine_describe(struct pa_bench_machine *m);
/* Whether two descriptions name the same machine: host, CPU, cores and memory (within 2%, as
 * the kernel's reserve changes between boots). The OS may differ (a kernel update). */
bool pa_bench_machine_same(const struct pa_bench_machine *a, const struct pa_bench_machine *b);
/* The current time as ISO 8601 UTC, "2024-05-01T09:30:00Z", malloc'd. */
char *pa_bench_timestamp(void);
/* `git rev-parse HEAD` in the working directory, run without a shell: the revision (malloc'd)
 * and *dirty from `git status --porcelain --untracked-files=no` (untracked files, such as the
 * baselines themselves, do not count). NULL when not in a repository or git is missing. */
char *pa_bench_git_revision(bool *dirty);

#endif
