/* output.c: writing a command's output to standard output or, atomically, to a file. */
#include "output.h"
#include "error.h"
#include "exit_codes.h"
#include "fileio.h"
#include "options.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

int pa_cli_emit(const char *output, const struct pa_strbuf *text)
{
    struct pa_error err;
    if (output) {
        if (pa_write_file_atomic(output, pa_strbuf_cstr(text), text->len, &err) < 0)
            return pa_usage_error("%s", err.message);
        return PA_EXIT_OK;
    }
    fwrite(pa_strbuf_cstr(text), 1, text->len, stdout);
    if (fflush(stdout) != 0 || ferror(stdout))
        return pa_usage_error("standard output: write error");
    return PA_EXIT_OK;
}

int pa_cli_parse_output(const char *option, const char *value, const char **output)
{
    if (!*value)
        return pa_usage_error("%s: empty file name", option);
    *output = strcmp(value, "-") == 0 ? NULL : value;
    return PA_EXIT_OK;
}
