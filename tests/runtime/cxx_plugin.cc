// cxx_plugin.cc: C++ code a C program loads with dlopen. It throws and catches exceptions
// while the runtime samples, and reports which library unwinds them: it must be libgcc_s
// (the runtime's private libunwind must not take over _Unwind_RaiseException).
#include <dlfcn.h>
#include <stdexcept>

static int depth(int n)
{
    if (n == 0)
        throw std::runtime_error("bottom");
    return depth(n - 1) + 1;
}

extern "C" long plugin_run(long rounds, const char **unwinder)
{
    long caught = 0;
    for (long i = 0; i < rounds; i++) {
        try {
            depth(10);
        } catch (const std::exception &) {
            caught++;
        }
    }
    Dl_info info;
    void *raise = dlsym(RTLD_DEFAULT, "_Unwind_RaiseException");
    *unwinder = raise && dladdr(raise, &info) ? info.dli_fname : "none";
    return caught;
}
