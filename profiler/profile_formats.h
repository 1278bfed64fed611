/* profile_formats.h: the readers of each profile format, and how each is recognised from the
 * first bytes of a file. pa_profile_read (profile_read.c) picks one by content. */
#ifndef PERFAUDIT_PROFILE_FORMATS_H
#define PERFAUDIT_PROFILE_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

struct pa_error;
struct pa_profile;

#define PA_PROFILE_FORMAT_VERSION 1

/* Each reader takes the whole file (NUL-terminated, modifiable), fills *out or returns -1
 * with err naming the file, the line when there is one, and the reason. */
bool pa_format_perfaudit_detect(const char *text, size_t size);
int pa_format_perfaudit_read(const char *path, char *text, size_t size, struct pa_profile **out,
                             struct pa_error *err);

bool pa_format_gperftools_detect(const char *text, size_t size);
int pa_format_gperftools_read(const char *path, char *text, size_t size, struct pa_profile **out,
                              struct pa_error *err);

bool pa_format_pstats_detect(const char *text, size_t size);
int pa_format_pstats_read(const char *path, char *text, size_t size, struct pa_profile **out,
                          struct pa_error *err);

bool pa_format_callgrind_detect(const char *text, size_t size);
int pa_format_callgrind_read(const char *path, char *text, size_t size, struct pa_profile **out,
                             struct pa_error *err);

bool pa_format_folded_detect(const char *text, size_t size);
int pa_format_folded_read(const char *path, char *text, size_t size, struct pa_profile **out,
                          struct pa_error *err);

#endif
