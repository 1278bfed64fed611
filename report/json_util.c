/* json_util.c: cJSON set-up, fixed-decimal numbers and the two-space pretty printer. */
#include "json_util.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

void pa_json_init(void)
{
    cJSON_Hooks hooks = {pa_xmalloc, free};
    cJSON_InitHooks(&hooks);
}

void pa_json_add_string_or_null(cJSON *obj, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(obj, key, s);
    else
        cJSON_AddNullToObject(obj, key);
}

void pa_json_add_fixed(cJSON *obj, const char *key, double x, int decimals)
{
    char buf[64];
    if (x != x || x > 1e300 || x < -1e300)
        x = 0.0; /* keeps the document valid JSON */
    snprintf(buf, sizeof(buf), "%.*f", decimals, x);
    cJSON_AddRawToObject(obj, key, buf);
}

static void indent(struct pa_strbuf *out, int depth)
{
    pa_strbuf_putc(out, '\n');
    for (int i = 0; i < depth; i++)
        pa_strbuf_append(out, "  ");
}

/* cJSON_Print indents with tabs and puts a tab after every colon; this keeps cJSON for every
 * scalar (escaping and numbers are its own) and lays the structure out itself. */
static void print_item(struct pa_strbuf *out, const cJSON *item, int depth)
{
    if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        bool object = cJSON_IsObject(item);
        if (!item->child) {
            pa_strbuf_append(out, object ? "{}" : "[]");
            return;
        }
        pa_strbuf_putc(out, object ? '{' : '[');
        for (const cJSON *c = item->child; c; c = c->next) {
            indent(out, depth + 1);
            if (object)
                pa_strbuf_printf(out, "\"%s\": ", c->string); /* keys are perfaudit's literals */
            print_item(out, c, depth + 1);
            if (c->next)
                pa_strbuf_putc(out, ',');
        }
        indent(out, depth);
        pa_strbuf_putc(out, object ? '}' : ']');
        return;
    }
    char *text = cJSON_PrintUnformatted(item);
    if (!text) {
        fputs("perfaudit: out of memory\n", stderr); /* cJSON's own failure path */
        abort();
    }
    pa_strbuf_append(out, text);
    cJSON_free(text);
}

void pa_json_print(struct pa_strbuf *out, const cJSON *root)
{
    print_item(out, root, 0);
    pa_strbuf_putc(out, '\n');
}
