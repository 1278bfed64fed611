/* exit_codes.h: the exit codes of every perfaudit command, as CONTRACT.md fixes them. */
#ifndef PERFAUDIT_EXIT_CODES_H
#define PERFAUDIT_EXIT_CODES_H

#define PA_EXIT_OK       0 /* success: no finding at or above --fail-on */
#define PA_EXIT_FINDINGS 1 /* findings at or above --fail-on */
#define PA_EXIT_USAGE    2 /* usage error, or unreadable or invalid input */

#endif
