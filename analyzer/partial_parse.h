/* partial_parse.h: which functions of a translation unit with errors lost code to them, and
 * why; the rest of the unit is analysed as usual. */
#ifndef PERFAUDIT_PARTIAL_PARSE_H
#define PERFAUDIT_PARTIAL_PARSE_H

#include <clang-c/Index.h>

#include "build_model.h"

/* Sets fn->incomplete on each function of sink whose definition holds an error diagnostic of
 * tu (clang drops the statement or expression it could not make sense of: a call with an
 * undeclared identifier among its arguments, a loop whose body did not parse) or is an
 * invalid declaration. The reason is "FILE:LINE:COL: MESSAGE", followed by " (after FIRST)"
 * when first (the unit's first error, as formatted for the user) is another one. Strings go
 * to sink's arena. */
void pa_partial_mark(CXTranslationUnit tu, struct pa_model_sink *sink, const char *first);

#endif
