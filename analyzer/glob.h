/* glob.h: the --exclude patterns: shell-like globs over the paths perfaudit reaches, where '*'
 * stays inside one path component and '**' crosses any number of them. */
#ifndef PERFAUDIT_GLOB_H
#define PERFAUDIT_GLOB_H

#include <stdbool.h>

/* Does the whole of path match pattern? '*' matches any run of characters but '/', '?' one
 * character but '/', '[abc]' and '[!abc]' one character of (or not of) a set, '**' standing
 * as a whole component any number of components (zero included), and a backslash escapes the
 * next character. docs/analyze-sources.md has examples. */
bool pa_glob_match(const char *pattern, const char *path);

/* Is a file at path (as reached from a PATH operand, "src/io/win32.c") excluded by pattern?
 * A leading "./" on either is ignored. A pattern with a '/' must match the whole path or a
 * directory prefix of it ("src/io" excludes everything under src/io); a pattern without one
 * is matched against each component ("tests", "*_test.c"). */
bool pa_glob_excludes(const char *pattern, const char *path);

#endif
