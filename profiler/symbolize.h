/* symbolize.h: turning the addresses a raw profile recorded into functions, source files and
 * lines (inlined frames included) with elfutils' libdwfl, after the run, from the memory map
 * the runtime recorded: PIE executables and shared libraries alike. */
#ifndef PERFAUDIT_SYMBOLIZE_H
#define PERFAUDIT_SYMBOLIZE_H

struct pa_profile;
struct pa_raw_profile;
struct pa_strbuf;

/* Adds every sample of raw to profile (stacks leaf first, one frame per inlined function).
 * Modules that had samples but no debug information get one line each in notes. */
void pa_symbolize(const struct pa_raw_profile *raw, struct pa_profile *profile,
                  struct pa_strbuf *notes);

#endif
