/* error.h: the caller-supplied error record for input and environment failures.
 * Functions that can fail on bad input return an int (< 0 on failure) and fill a
 * struct pa_error with one impersonal line naming the file and the reason. */
#ifndef PERFAUDIT_ERROR_H
#define PERFAUDIT_ERROR_H

struct pa_error {
    char message[1024];
};

/* Sets the message and returns -1, so that `return pa_error_set(err, ...)` reads well. */
int pa_error_set(struct pa_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* pa_error_set with ": strerror(errno)" appended. */
int pa_error_errno(struct pa_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
