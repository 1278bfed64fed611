/* unwinder.c: the runtime's private libunwind. It is loaded with dlopen(RTLD_LOCAL) rather than
 * linked: libunwind.so defines the _Unwind_* exception-handling entry points too, and as a
 * dependency of a preloaded library it would join the global scope and take C++ exceptions
 * away from libgcc_s for every library loaded later (a C program dlopen'ing C++ code), which
 * changes the application's behaviour. Loaded locally, only the runtime sees it. Without it
 * (not installed), samples keep their leaf frame only. */
#include "runtime.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include <dlfcn.h>

#ifndef PA_RT_LIBUNWIND_SONAME
#define PA_RT_LIBUNWIND_SONAME "libunwind.so.8" /* libunwind 1.x */
#endif

/* UNW_LOCAL_ONLY maps the unw_* names to the local-only _ULx86_64_* (and _Ux86_64_*)
 * symbols; STR() spells the name the header maps to. */
#define STR_(x) #x
#define STR(x)  STR_(x)

struct pa_rt_unwinder pa_rt_unw;

static void *sym(void *handle, const char *name)
{
    void *p = dlsym(handle, name);
    if (!p)
        pa_rt_debug("libunwind lacks", name);
    return p;
}

int pa_rt_unwinder_load(void)
{
    void *h = dlopen(PA_RT_LIBUNWIND_SONAME, RTLD_NOW | RTLD_LOCAL);
    unw_addr_space_t *local_as;

    if (!h) {
        pa_rt_debug("cannot load " PA_RT_LIBUNWIND_SONAME ", keeping leaf frames only", NULL);
        return -1;
    }
    /* The prototypes differ from libunwind's only in spelling pointers void * (same ABI). */
    pa_rt_unw.getcontext = (int (*)(void *))sym(h, STR(unw_tdep_getcontext));
    pa_rt_unw.init_local = (int (*)(void *, void *))sym(h, STR(unw_init_local));
    pa_rt_unw.init_local2 = (int (*)(void *, void *, int))sym(h, STR(unw_init_local2));
    pa_rt_unw.step = (int (*)(void *))sym(h, STR(unw_step));
    pa_rt_unw.get_reg = (int (*)(void *, int, uintptr_t *))sym(h, STR(unw_get_reg));
    pa_rt_unw.set_caching_policy = (int (*)(void *, int))sym(h, STR(unw_set_caching_policy));
    pa_rt_unw.flush_cache = (void (*)(void *, uintptr_t, uintptr_t))sym(h, STR(unw_flush_cache));
    pa_rt_unw.backtrace = (int (*)(void **, int))sym(h, "unw_backtrace");
    local_as = (unw_addr_space_t *)sym(h, STR(unw_local_addr_space));
    if (!pa_rt_unw.getcontext || !pa_rt_unw.init_local || !pa_rt_unw.init_local2 ||
        !pa_rt_unw.step || !pa_rt_unw.get_reg || !pa_rt_unw.set_caching_policy ||
        !pa_rt_unw.flush_cache || !pa_rt_unw.backtrace || !local_as) {
        __builtin_memset(&pa_rt_unw, 0, sizeof pa_rt_unw);
        return -1;
    }
    pa_rt_unw.local_as = (void *)*local_as;
    pa_rt_unw.loaded = 1;
    return 0;
}
