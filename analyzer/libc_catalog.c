/* libc_catalog.c: the table of known C library functions, sorted by name for bsearch. */
#include "libc_catalog.h"

#include <stdlib.h>
#include <string.h>

#define P   PA_LIBC_PURE
#define S   PA_LIBC_SCAN
#define A0  (1u << 0)
#define A1  (1u << 1)
#define A2  (1u << 2)
#define ALL 0xffffffffu
#define AL  PA_LIBC_ALLOC
#define IO  PA_LIBC_SYSCALL_IO
#define SE  PA_LIBC_STOPS_EARLY

/* Keep sorted by name (a unit test checks). Arguments from index 1 on for scanf-like
 * functions are all written (ALL minus the format). */
static const struct pa_libc_fn catalog[] = {
    {"abs", PA_LIBC_CONSTANT, P, 0, -1},
    {"acos", PA_LIBC_COSTLY, P, 0, -1},
    {"asin", PA_LIBC_COSTLY, P, 0, -1},
    {"atan", PA_LIBC_COSTLY, P, 0, -1},
    {"atan2", PA_LIBC_COSTLY, P, 0, -1},
    {"atof", PA_LIBC_COSTLY, P, 0, -1},
    {"atoi", PA_LIBC_COSTLY, P, 0, -1},
    {"atol", PA_LIBC_COSTLY, P, 0, -1},
    {"atoll", PA_LIBC_COSTLY, P, 0, -1},
    {"bsearch", PA_LIBC_CONSTANT, P, 0, -1},
    {"calloc", PA_LIBC_CONSTANT, AL, 0, -1},
    {"cbrt", PA_LIBC_COSTLY, P, 0, -1},
    {"close", PA_LIBC_CONSTANT, 0, 0, -1},
    {"cos", PA_LIBC_COSTLY, P, 0, -1},
    {"cosh", PA_LIBC_COSTLY, P, 0, -1},
    {"creat", PA_LIBC_CONSTANT, PA_LIBC_OPEN, 0, -1},
    {"exp", PA_LIBC_COSTLY, P, 0, -1},
    {"exp2", PA_LIBC_COSTLY, P, 0, -1},
    {"expf", PA_LIBC_COSTLY, P, 0, -1},
    {"fabs", PA_LIBC_CONSTANT, P, 0, -1},
    {"fclose", PA_LIBC_CONSTANT, 0, A0, -1},
    {"fdatasync", PA_LIBC_CONSTANT, PA_LIBC_FLUSH, 0, -1},
    {"feof", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, 0, -1},
    {"fflush", PA_LIBC_CONSTANT, PA_LIBC_FLUSH, A0, -1},
    {"fgetc", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, A0, -1},
    {"fgets", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, A0 | (1u << 2), -1},
    {"fmod", PA_LIBC_CONSTANT, P, 0, -1},
    {"fopen", PA_LIBC_CONSTANT, PA_LIBC_OPEN, 0, -1},
    {"fprintf", PA_LIBC_CONSTANT, 0, A0, -1},
    {"fputc", PA_LIBC_CONSTANT, 0, A1, -1},
    {"fputs", PA_LIBC_CONSTANT, 0, A1, -1},
    {"fread", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, A0 | (1u << 3), -1},
    {"free", PA_LIBC_CONSTANT, PA_LIBC_FREE, A0, -1},
    {"fscanf", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, ALL & ~A1, -1},
    {"fsync", PA_LIBC_CONSTANT, PA_LIBC_FLUSH, 0, -1},
    {"fwrite", PA_LIBC_CONSTANT, 0, 1u << 3, -1},
    {"getc", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, A0, -1},
    {"getchar", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, 0, -1},
    {"getdelim", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, A0 | A1 | (1u << 3), -1},
    {"getenv", PA_LIBC_COSTLY, P, 0, -1},
    {"getline", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, A0 | A1 | A2, -1},
    {"hypot", PA_LIBC_COSTLY, P, 0, -1},
    {"isalnum", PA_LIBC_CONSTANT, P, 0, -1},
    {"isalpha", PA_LIBC_CONSTANT, P, 0, -1},
    {"isdigit", PA_LIBC_CONSTANT, P, 0, -1},
    {"islower", PA_LIBC_CONSTANT, P, 0, -1},
    {"isspace", PA_LIBC_CONSTANT, P, 0, -1},
    {"isupper", PA_LIBC_CONSTANT, P, 0, -1},
    {"labs", PA_LIBC_CONSTANT, P, 0, -1},
    {"log", PA_LIBC_COSTLY, P, 0, -1},
    {"log10", PA_LIBC_COSTLY, P, 0, -1},
    {"log2", PA_LIBC_COSTLY, P, 0, -1},
    {"logf", PA_LIBC_COSTLY, P, 0, -1},
    {"lsearch", PA_LIBC_LINEAR, 0, A0 | A2, -1},
    {"lseek", PA_LIBC_CONSTANT, PA_LIBC_SEEK, 0, -1},
    {"malloc", PA_LIBC_CONSTANT, AL, 0, -1},
    {"memchr", PA_LIBC_LINEAR, P | S | SE, 0, 2},
    {"memcmp", PA_LIBC_LINEAR, P | S | SE | PA_LIBC_COMPARE, 0, 2},
    {"memcpy", PA_LIBC_LINEAR, PA_LIBC_COPY, A0, 2},
    {"memmem", PA_LIBC_LINEAR, P | S | SE, 0, 1},
    {"memmove", PA_LIBC_LINEAR, PA_LIBC_MOVE | PA_LIBC_COPY, A0, 2},
    {"memset", PA_LIBC_LINEAR, 0, A0, 2},
    {"open", PA_LIBC_CONSTANT, PA_LIBC_OPEN, 0, -1},
    {"pow", PA_LIBC_COSTLY, P, 0, -1},
    {"powf", PA_LIBC_COSTLY, P, 0, -1},
    {"pread", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT | IO, A1, 2},
    {"printf", PA_LIBC_CONSTANT, 0, 0, -1},
    {"putc", PA_LIBC_CONSTANT, 0, A1, -1},
    {"putchar", PA_LIBC_CONSTANT, 0, 0, -1},
    {"puts", PA_LIBC_CONSTANT, 0, 0, -1},
    {"pwrite", PA_LIBC_CONSTANT, IO, 0, 2},
    {"qsort", PA_LIBC_SORT, PA_LIBC_SORT_CALL, A0, 1},
    {"qsort_r", PA_LIBC_SORT, PA_LIBC_SORT_CALL, A0, 1},
    {"rand", PA_LIBC_CONSTANT, 0, 0, -1},
    {"read", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT | IO, A1, 2},
    {"realloc", PA_LIBC_CONSTANT, PA_LIBC_REALLOC, A0, -1},
    {"reallocarray", PA_LIBC_CONSTANT, PA_LIBC_REALLOC, A0, -1},
    {"recv", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT | IO, A1, 2},
    {"recvfrom", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT | IO, A1 | (1u << 4) | (1u << 5), 2},
    {"scanf", PA_LIBC_CONSTANT, PA_LIBC_READS_INPUT, ALL & ~A0, -1},
    {"send", PA_LIBC_CONSTANT, IO, 0, 2},
    {"sendto", PA_LIBC_CONSTANT, IO, 0, 2},
    {"sin", PA_LIBC_COSTLY, P, 0, -1},
    {"sinh", PA_LIBC_COSTLY, P, 0, -1},
    {"snprintf", PA_LIBC_CONSTANT, PA_LIBC_FORMAT, A0, -1},
    {"sprintf", PA_LIBC_CONSTANT, PA_LIBC_FORMAT, A0, -1},
    {"sqrt", PA_LIBC_COSTLY, P, 0, -1},
    {"sqrtf", PA_LIBC_COSTLY, P, 0, -1},
    {"sscanf", PA_LIBC_CONSTANT, 0, ALL & ~(A0 | A1), -1},
    {"stpcpy", PA_LIBC_LINEAR, PA_LIBC_COPY, A0, -1},
    {"strcasecmp", PA_LIBC_CONSTANT, P, 0, -1},
    {"strcat", PA_LIBC_LINEAR, PA_LIBC_APPEND, A0, -1},
    {"strchr", PA_LIBC_LINEAR, P | S | SE, 0, -1},
    {"strcmp", PA_LIBC_CONSTANT, P, 0, -1},
    {"strcpy", PA_LIBC_LINEAR, PA_LIBC_COPY, A0, -1},
    {"strcspn", PA_LIBC_LINEAR, P | S | SE, 0, -1},
    {"strdup", PA_LIBC_LINEAR, AL, 0, -1},
    {"strlen", PA_LIBC_LINEAR, P | S, 0, -1},
    {"strncat", PA_LIBC_LINEAR, PA_LIBC_APPEND, A0, -1},
    {"strncmp", PA_LIBC_CONSTANT, P, 0, -1},
    {"strncpy", PA_LIBC_LINEAR, PA_LIBC_COPY, A0, 2},
    {"strndup", PA_LIBC_LINEAR, AL, 0, 1},
    {"strnlen", PA_LIBC_LINEAR, P | S, 0, 1},
    {"strpbrk", PA_LIBC_LINEAR, P | S | SE, 0, -1},
    {"strrchr", PA_LIBC_LINEAR, P | S, 0, -1},
    {"strsep", PA_LIBC_LINEAR, PA_LIBC_READS_INPUT, A0, -1},
    {"strspn", PA_LIBC_LINEAR, P | S | SE, 0, -1},
    {"strstr", PA_LIBC_LINEAR, P | S | SE, 0, -1},
    {"strtod", PA_LIBC_COSTLY, P, A1, -1},
    {"strtof", PA_LIBC_COSTLY, P, A1, -1},
    {"strtok", PA_LIBC_LINEAR, PA_LIBC_READS_INPUT, A0, -1},
    {"strtok_r", PA_LIBC_LINEAR, PA_LIBC_READS_INPUT, A0 | A2, -1},
    {"strtol", PA_LIBC_COSTLY, P, A1, -1},
    {"strtoll", PA_LIBC_COSTLY, P, A1, -1},
    {"strtoul", PA_LIBC_COSTLY, P, A1, -1},
    {"strtoull", PA_LIBC_COSTLY, P, A1, -1},
    {"tan", PA_LIBC_COSTLY, P, 0, -1},
    {"tanh", PA_LIBC_COSTLY, P, 0, -1},
    {"tolower", PA_LIBC_CONSTANT, P, 0, -1},
    {"toupper", PA_LIBC_CONSTANT, P, 0, -1},
    {"vsnprintf", PA_LIBC_CONSTANT, PA_LIBC_FORMAT, A0, -1},
    {"vsprintf", PA_LIBC_CONSTANT, PA_LIBC_FORMAT, A0, -1},
    {"wcslen", PA_LIBC_LINEAR, P | S, 0, -1},
    {"write", PA_LIBC_CONSTANT, IO, 0, 2},
};

static int by_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct pa_libc_fn *)elem)->name);
}

const struct pa_libc_fn *pa_libc_lookup(const char *name)
{
    if (!name)
        return NULL;
    /* glibc's fortified and builtin spellings name the same functions */
    if (strncmp(name, "__builtin_", 10) == 0)
        name += 10;
    return bsearch(name, catalog, sizeof(catalog) / sizeof(catalog[0]), sizeof(catalog[0]),
                   by_name);
}

unsigned pa_libc_catalog_size(void)
{
    return sizeof(catalog) / sizeof(catalog[0]);
}

const struct pa_libc_fn *pa_libc_catalog_entry(unsigned i)
{
    return &catalog[i];
}
