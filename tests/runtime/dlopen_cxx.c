/* dlopen_cxx.c: a C program that dlopens C++ code (cxx_plugin.cc, path in argv[1]) which
 * throws exceptions while sampled. Prints the count and whether the unwinder is libgcc_s. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    void *h = dlopen(argc > 1 ? argv[1] : "./libcxx_plugin.so", RTLD_NOW);
    long (*run)(long, const char **);
    const char *unwinder = "?";
    if (!h) {
        fprintf(stderr, "%s\n", dlerror());
        return 2;
    }
    run = (long (*)(long, const char **))dlsym(h, "plugin_run");
    long caught = run(200000, &unwinder);
    printf("dlopen_cxx caught %ld unwinder %s\n", caught,
           strstr(unwinder, "libgcc_s") ? "libgcc_s" : unwinder);
    dlclose(h);
    return 0;
}
