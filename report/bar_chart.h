/* bar_chart.h: a grouped horizontal bar chart (one or two series per row, such as before and
 * after a change), drawn with cairo to SVG or PNG by the file's extension. */
#ifndef PERFAUDIT_BAR_CHART_H
#define PERFAUDIT_BAR_CHART_H

struct pa_error;

struct pa_bar_chart_row {
    const char *label; /* "join_totals"; long names are cut with an ellipsis */
    double value[2];   /* value[1] unused with one series; NaN draws no bar ("n/a") */
};

/* What to draw; nothing is copied or kept. With two series each row also shows the change
 * from the first to the second, green when it went down (less time is better), red when up. */
struct pa_bar_chart {
    const char *title, *subtitle; /* subtitle may be NULL */
    const char *unit;             /* "s", shown after each value; may be NULL */
    const char *series[2];        /* {"before", "after"}; series[1] NULL: one series */
    const struct pa_bar_chart_row *rows;
    unsigned nrows; /* 0 draws a chart that says "no data" */
};

/* Draws chart into path (".svg" or ".png", any case), atomically: the image is made in memory
 * and written through a temporary file and rename. Returns 0, or -1 with one line in err
 * naming path and the reason.
 * Example: struct pa_bar_chart c = {"Hot functions", NULL, "s", {"before", "after"}, rows, n};
 *          if (pa_bar_chart_write(&c, "improvement.png", &err) < 0) ... */
int pa_bar_chart_write(const struct pa_bar_chart *chart, const char *path, struct pa_error *err);

/* Frees the font caches that cairo and fontconfig keep for the whole process. They are not
 * leaks, but fontconfig stores pointers in a form leak checkers cannot follow, so LSan reports
 * them; a command that drew charts may call this once before it exits, under the sanitizers.
 * Only when no cairo object is alive and no other thread draws; drawing again afterwards
 * reloads the caches. */
void pa_bar_chart_release_fonts(void);

#endif
