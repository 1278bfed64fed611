/* unsafe_regions.c: the calls during which the sampling handler must not unwind the calling
 * thread, marked with a thread-local count: the application's own walks of the loader's list
 * (dl_iterate_phdr: unwinding calls it too, and its recursive lock would deadlock if the
 * thread was stopped half-way through taking or releasing it), dlclose (which holds that
 * lock while it unmaps), and libunwind's per-thread tracer (unw_backtrace: a nested trace
 * may reallocate the cache the interrupted trace is reading). A sample arriving inside one
 * of them is counted as dropped. dlopen is not wrapped: glibc resolves $ORIGIN and the
 * search path from its caller's address, which a wrapper would change.
 *
 * dlclose also makes libunwind's address-keyed caches stale (a library loaded later may
 * reuse the addresses). After one, the caches of its general unwinder are flushed with the
 * handlers held off, and the per-thread tracer, whose caches cannot be flushed, is no longer
 * used. */
#include "runtime.h"

#include <dlfcn.h>
#include <link.h>
#include <sched.h>

_Thread_local int pa_rt_unsafe PA_RT_TLS;
int pa_rt_tracer_stale;

typedef int (*iterate_fn)(int (*)(struct dl_phdr_info *, size_t, void *), void *);
static iterate_fn real_iterate;
static int (*real_backtrace)(void **, int);

/* Resolved by the constructor: dl_iterate_phdr's runs inside the sampling handler. */
void pa_rt_unsafe_regions_init(void)
{
    real_iterate = (iterate_fn)dlsym(RTLD_NEXT, "dl_iterate_phdr");
    real_backtrace = (int (*)(void **, int))dlsym(RTLD_NEXT, "unw_backtrace");
}

PA_RT_EXPORT int dl_iterate_phdr(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data)
{
    iterate_fn real = real_iterate ? real_iterate : (iterate_fn)dlsym(RTLD_NEXT, "dl_iterate_phdr");
    int rc;
    pa_rt_unsafe++;
    rc = real(cb, data);
    pa_rt_unsafe--;
    return rc;
}

/* Only an application linked with libunwind itself calls this (it then shares the runtime's
 * instance: dlopen finds the one already loaded). */
PA_RT_EXPORT int unw_backtrace(void **frames, int size)
{
    int (*real)(void **, int) =
        real_backtrace ? real_backtrace : (int (*)(void **, int))dlsym(RTLD_NEXT, "unw_backtrace");
    int rc;
    pa_rt_unsafe++;
    rc = real ? real(frames, size) : 0;
    pa_rt_unsafe--;
    return rc;
}

/* libunwind's general caches go stale: flush them while no handler is unwinding. */
static void flush_unwind_caches(void)
{
    struct timespec tick = {0, 20000};
    __atomic_store_n(&pa_rt_tracer_stale, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&pa_rt.hold_off, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 50000 && __atomic_load_n(&pa_rt.in_flight, __ATOMIC_SEQ_CST) > 0; i++)
        nanosleep(&tick, NULL);
    if (pa_rt_unw.loaded)
        pa_rt_unw.flush_cache(pa_rt_unw.local_as, 0, 0);
    __atomic_sub_fetch(&pa_rt.hold_off, 1, __ATOMIC_SEQ_CST);
}

PA_RT_EXPORT int dlclose(void *handle)
{
    int (*real)(void *) = (int (*)(void *))pa_rt_real("dlclose");
    int rc;
    pa_rt_unsafe++;
    rc = real ? real(handle) : -1;
    pa_rt_unsafe--;
    if (rc == 0 && pa_rt.active) {
        pa_rt_guard++;
        flush_unwind_caches();
        pa_rt_guard--;
    }
    return rc;
}
