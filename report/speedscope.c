/* speedscope.c: the speedscope JSON writer (https://www.speedscope.app/file-format-schema.json):
 * one "sampled" profile whose samples are the merged tree's distinct paths, weighted in seconds,
 * so that speedscope's left-heavy and sandwich views show what the flame graph shows. */
#include "flame_graph.h"
#include "flame_tree.h"
#include "json_util.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>

#define SCHEMA_URL "https://www.speedscope.app/file-format-schema.json"

static cJSON *frames_json(const struct pa_flame_tree *t)
{
    cJSON *frames = cJSON_CreateArray();
    for (uint32_t i = 0; i < t->nframes; i++) {
        const struct pa_flame_frame *f = &t->frames[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", f->name);
        if (f->file)
            cJSON_AddStringToObject(o, "file", f->file);
        else if (f->module)
            cJSON_AddStringToObject(o, "file", f->module); /* where it lives, at least */
        if (f->file && f->line)
            cJSON_AddNumberToObject(o, "line", f->line);
        cJSON_AddItemToArray(frames, o);
    }
    return frames;
}

void pa_flame_speedscope(const struct pa_profile *profile, const char *name, struct pa_strbuf *out)
{
    struct pa_flame_tree t;
    pa_flame_tree_build(profile, NULL, &t);
    pa_json_init();
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", SCHEMA_URL);
    cJSON_AddStringToObject(root, "exporter", "perfaudit " PA_VERSION);
    cJSON_AddStringToObject(root, "name", name ? name : profile->path);
    cJSON_AddNumberToObject(root, "activeProfileIndex", 0);
    cJSON *shared = cJSON_AddObjectToObject(root, "shared");
    cJSON_AddItemToObject(shared, "frames", frames_json(&t));

    cJSON *prof = cJSON_CreateObject();
    cJSON_AddStringToObject(prof, "type", "sampled");
    cJSON_AddStringToObject(prof, "name", name ? name : profile->path);
    cJSON_AddStringToObject(prof, "unit", "seconds");
    cJSON_AddNumberToObject(prof, "startValue", 0);
    cJSON *samples = cJSON_AddArrayToObject(prof, "samples");
    cJSON *weights = cJSON_AddArrayToObject(prof, "weights");
    uint32_t *path = pa_xmalloc(((size_t)t.max_depth + 1) * sizeof(*path)); /* frames by depth */
    double end = 0;
    for (uint32_t i = 1; i < t.nnodes; i++) { /* pre-order: paths sharing a prefix sit together */
        const struct pa_flame_node *n = &t.nodes[i];
        path[n->depth] = n->frame;
        if (n->self[PA_FLAME_AFTER] == 0)
            continue;
        cJSON *stack = cJSON_CreateArray(); /* root first, as speedscope reads them */
        for (uint32_t d = 1; d <= n->depth; d++)
            cJSON_AddItemToArray(stack, cJSON_CreateNumber(path[d]));
        cJSON_AddItemToArray(samples, stack);
        double w = (double)n->self[PA_FLAME_AFTER] * t.period[PA_FLAME_AFTER];
        cJSON_AddItemToArray(weights, cJSON_CreateNumber(w));
        end += w;
    }
    cJSON_AddNumberToObject(prof, "endValue", end);
    cJSON *profiles = cJSON_AddArrayToObject(root, "profiles");
    cJSON_AddItemToArray(profiles, prof);
    char *text = cJSON_PrintUnformatted(root);
    pa_strbuf_append(out, text);
    pa_strbuf_putc(out, '\n');
    free(text);
    cJSON_Delete(root);
    free(path);
    pa_flame_tree_free(&t);
}
