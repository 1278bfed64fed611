/* flame_assets.h: the flame graph page's script and style (report/assets/flame.js, flame.css),
 * compiled in at build time by cmake/embed_file.cmake as NUL-terminated strings. */
#ifndef PERFAUDIT_FLAME_ASSETS_H
#define PERFAUDIT_FLAME_ASSETS_H

extern const char pa_flame_js[];
extern const char pa_flame_css[];

#endif
