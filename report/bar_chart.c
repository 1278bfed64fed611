/* bar_chart.c: grouped horizontal bar charts drawn with cairo. One drawing serves both formats:
 * it is run on an SVG surface or an image surface, whose bytes are collected in memory and
 * written atomically. */
#include "bar_chart.h"
#include "error.h"
#include "fileio.h"
#include "path.h"
#include "strbuf.h"
#include "utf8.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <dlfcn.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FONT      "DejaVu Sans"
#define WIDTH     1000.0
#define MARGIN    28.0
#define LABEL_W   280.0 /* the row labels' column, left of the plot */
#define RIGHT_W   150.0 /* right of the plot: value labels and the change column */
#define MAX_ROWS  300   /* more would pass an image surface's size limit: the rest are counted */
#define NO_DATA_H 220.0

struct rgb {
    double r, g, b;
};

static const struct rgb ink = {0.13, 0.15, 0.18}, muted = {0.40, 0.43, 0.47},
                        grid = {0.89, 0.90, 0.92}, axis = {0.55, 0.57, 0.60},
                        better = {0.10, 0.50, 0.22}, worse = {0.81, 0.13, 0.18};
/* the first series pale, the second (the newer one, or the only one) strong */
static const struct rgb series_colour[2][2] = {{{0.18, 0.44, 0.87}, {0, 0, 0}},
                                               {{0.66, 0.70, 0.75}, {0.18, 0.44, 0.87}}};

/* The geometry every drawing step shares. */
struct layout {
    const struct pa_bar_chart *chart;
    unsigned nseries, nrows; /* rows drawn (at most MAX_ROWS) */
    double height, rows_top, row_h, bar_h, plot_x0, plot_x1, axis_y;
    double lo, hi, step; /* the axis, at nice tick values */
};

static void colour(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* Draws s (any bytes: cairo refuses invalid UTF-8) with its baseline at y, aligned at x:
 * align 0 left, 0.5 centre, 1 right. Longer than max_w (> 0), it is cut with an ellipsis. */
static void text(cairo_t *cr, const char *s, double x, double y, double align, double max_w)
{
    struct pa_strbuf clean = {0}, cut = {0};
    pa_utf8_sanitize(&clean, s ? s : "");
    const char *t = pa_strbuf_cstr(&clean);
    if (max_w > 0 && text_width(cr, t) > max_w) {
        for (size_t n = pa_utf8_length(t); n-- > 0;) {
            pa_strbuf_reset(&cut);
            pa_strbuf_append_n(&cut, t, pa_utf8_prefix(t, n));
            pa_strbuf_append(&cut, "\xe2\x80\xa6"); /* U+2026 HORIZONTAL ELLIPSIS */
            if (text_width(cr, pa_strbuf_cstr(&cut)) <= max_w)
                break;
        }
        t = pa_strbuf_cstr(&cut);
    }
    cairo_move_to(cr, x - align * text_width(cr, t), y);
    cairo_show_text(cr, t);
    pa_strbuf_free(&cut);
    pa_strbuf_free(&clean);
}

/* "0.819 s", "12.4 s", "0.007 s", "0.00012 s", "n/a", "inf s": three decimals below 1 so that
 * neighbouring bars read alike (0.007 beside 0.002), significant digits only below 0.001. */
static void format_value(char *buf, size_t size, double v, const char *unit)
{
    const char *sep = unit && *unit ? " " : "";
    unit = unit ? unit : "";
    double a = fabs(v);
    if (isnan(v))
        snprintf(buf, size, "n/a");
    else if (isinf(v))
        snprintf(buf, size, "%sinf%s%s", v < 0 ? "-" : "", sep, unit);
    else if (a >= 100)
        snprintf(buf, size, "%.0f%s%s", v, sep, unit);
    else if (a >= 10)
        snprintf(buf, size, "%.1f%s%s", v, sep, unit);
    else if (a >= 1)
        snprintf(buf, size, "%.2f%s%s", v, sep, unit);
    else if (a >= 0.001 || a == 0)
        snprintf(buf, size, "%.3f%s%s", v, sep, unit);
    else
        snprintf(buf, size, "%.2g%s%s", v, sep, unit);
}

/* The decimals that show every multiple of step exactly enough (2.5 -> 1, 0.05 -> 2). */
static int tick_decimals(double step)
{
    for (int d = 0; d < 9; d++) {
        double scaled = step * pow(10, d);
        if (fabs(scaled - round(scaled)) < 1e-6 * scaled)
            return d;
    }
    return 9;
}

/* A 1, 2, 2.5 or 5 times a power of ten near range / 5: about five ticks. */
static double nice_step(double range)
{
    double raw = range / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

static void plan(const struct pa_bar_chart *c, struct layout *l)
{
    memset(l, 0, sizeof(*l));
    l->chart = c;
    l->nseries = c->series[1] ? 2 : 1;
    l->nrows = c->nrows < MAX_ROWS ? c->nrows : MAX_ROWS;
    l->row_h = l->nseries == 2 ? 44 : 30;
    l->bar_h = l->nseries == 2 ? 15 : 18;
    l->rows_top = MARGIN + 34 + (c->subtitle ? 20 : 0) + 34; /* title, subtitle, legend */
    l->plot_x0 = MARGIN + LABEL_W;
    l->plot_x1 = WIDTH - MARGIN - RIGHT_W;
    l->axis_y = l->rows_top + l->row_h * l->nrows + 6;
    l->height = l->nrows ? l->axis_y + 34 + (c->nrows > l->nrows ? 22 : 0) + MARGIN : NO_DATA_H;

    /* the axis spans 0 and every finite value; infinities are drawn to its ends */
    double lo = 0, hi = 0;
    for (unsigned i = 0; i < l->nrows; i++)
        for (unsigned s = 0; s < l->nseries; s++) {
            double v = c->rows[i].value[s];
            if (isfinite(v) && fabs(v) < 1e300) { /* larger ones are drawn like infinities */
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        }
    if (hi - lo <= 0 || !isfinite(hi - lo))
        hi = lo + 1;
    l->step = nice_step(hi - lo);
    l->lo = floor(lo / l->step) * l->step;
    l->hi = ceil(hi / l->step) * l->step;
}

static double x_of(const struct layout *l, double v)
{
    double x = l->plot_x0 + (v - l->lo) / (l->hi - l->lo) * (l->plot_x1 - l->plot_x0);
    return x < l->plot_x0 ? l->plot_x0 : x > l->plot_x1 ? l->plot_x1 : x;
}

static void draw_header(cairo_t *cr, const struct layout *l)
{
    const struct pa_bar_chart *c = l->chart;
    double y = MARGIN + 20;
    colour(cr, ink);
    font(cr, 20, true);
    text(cr, c->title, MARGIN, y, 0, WIDTH - 2 * MARGIN);
    if (c->subtitle) {
        y += 22;
        colour(cr, muted);
        font(cr, 13, false);
        text(cr, c->subtitle, MARGIN, y, 0, WIDTH - 2 * MARGIN);
    }
    if (!l->nrows || !c->series[0])
        return;
    /* the legend: a swatch and a name per series, from the plot's left edge */
    double x = l->plot_x0;
    y += 30;
    font(cr, 12.5, false);
    for (unsigned s = 0; s < l->nseries; s++) {
        colour(cr, series_colour[l->nseries - 1][s]);
        cairo_rectangle(cr, x, y - 10, 12, 12);
        cairo_fill(cr);
        colour(cr, ink);
        text(cr, c->series[s], x + 18, y, 0, 200);
        x += 18 + text_width(cr, c->series[s]) + 28;
    }
    if (l->nseries == 2) {
        colour(cr, muted);
        text(cr, "change", WIDTH - MARGIN, y, 1, 0);
    }
}

static void draw_axis(cairo_t *cr, const struct layout *l)
{
    char label[64];
    int decimals = tick_decimals(l->step);
    const char *unit = l->chart->unit ? l->chart->unit : "";
    unsigned nticks = (unsigned)lround((l->hi - l->lo) / l->step);
    cairo_set_line_width(cr, 1);
    font(cr, 11, false);
    for (unsigned k = 0; k <= nticks; k++) {
        double v = l->lo + k * l->step, x = round(x_of(l, v)) + 0.5;
        colour(cr, fabs(v) < l->step / 2 ? axis : grid); /* the zero line stands out */
        cairo_move_to(cr, x, l->rows_top - 6);
        cairo_line_to(cr, x, l->axis_y);
        cairo_stroke(cr);
        snprintf(label, sizeof(label), "%.*f%s%s", decimals, fabs(v) < l->step / 2 ? 0.0 : v,
                 *unit ? " " : "", unit);
        colour(cr, muted);
        text(cr, label, x, l->axis_y + 16, 0.5, 0);
    }
    colour(cr, axis);
    cairo_move_to(cr, l->plot_x0, l->axis_y + 0.5);
    cairo_line_to(cr, l->plot_x1, l->axis_y + 0.5);
    cairo_stroke(cr);
}

/* "-62%" (down: better), "+8%" (up: worse), "0%"; nothing to compare gives "n/a". */
static void draw_change(cairo_t *cr, const struct pa_bar_chart_row *r, double y)
{
    double before = r->value[0], after = r->value[1];
    char buf[32] = "n/a";
    struct rgb c = muted;
    if (isfinite(before) && isfinite(after) && before != 0) {
        double pct = (after - before) / fabs(before) * 100;
        if (fabs(pct) < 0.5) {
            snprintf(buf, sizeof(buf), "0%%");
        } else {
            /* one decimal below 10% and near -100%: -99.7% is not "all of it went" */
            bool fine = fabs(pct) < 10 || (fabs(pct) >= 99.5 && fabs(pct) < 100);
            snprintf(buf, sizeof(buf), fine ? "%+.1f%%" : "%+.0f%%", pct);
            c = pct < 0 ? better : worse;
        }
    }
    colour(cr, c);
    font(cr, 13, true);
    text(cr, buf, WIDTH - MARGIN, y, 1, 0);
}

static void draw_rows(cairo_t *cr, const struct layout *l)
{
    const struct pa_bar_chart *c = l->chart;
    const char *unit = c->unit ? c->unit : "";
    double zero = x_of(l, 0);
    for (unsigned i = 0; i < l->nrows; i++) {
        const struct pa_bar_chart_row *r = &c->rows[i];
        double top = l->rows_top + i * l->row_h, mid = top + l->row_h / 2;
        if (i % 2) { /* banding keeps a label with its bars */
            cairo_set_source_rgb(cr, 0.975, 0.978, 0.982);
            cairo_rectangle(cr, MARGIN, top, WIDTH - 2 * MARGIN, l->row_h);
            cairo_fill(cr);
        }
        colour(cr, ink);
        font(cr, 12.5, false);
        text(cr, r->label, l->plot_x0 - 10, mid + 4.5, 1, LABEL_W - 12);
        double y = mid - (l->nseries * l->bar_h + (l->nseries - 1) * 3) / 2;
        for (unsigned s = 0; s < l->nseries; s++, y += l->bar_h + 3) {
            double v = r->value[s], end = isnan(v) ? zero : x_of(l, v);
            char label[64];
            if (!isnan(v) && fabs(end - zero) > 0) {
                colour(cr, series_colour[l->nseries - 1][s]);
                cairo_rectangle(cr, fmin(zero, end), y, fmax(fabs(end - zero), 1), l->bar_h);
                cairo_fill(cr);
            }
            format_value(label, sizeof(label), v, unit);
            colour(cr, isnan(v) ? muted : ink);
            font(cr, 11.5, false);
            text(cr, label, fmax(zero, end) + 6, y + l->bar_h / 2 + 4, 0, 0);
        }
        if (l->nseries == 2)
            draw_change(cr, r, mid + 5);
    }
    if (c->nrows > l->nrows) {
        char more[96];
        snprintf(more, sizeof(more), "... and %u more rows not shown", c->nrows - l->nrows);
        colour(cr, muted);
        font(cr, 12, false);
        text(cr, more, l->plot_x0, l->axis_y + 40, 0, 0);
    }
}

static void draw(cairo_t *cr, const struct layout *l)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_header(cr, l);
    if (!l->nrows) {
        colour(cr, muted);
        font(cr, 16, false);
        text(cr, "no data", WIDTH / 2, NO_DATA_H / 2 + 20, 0.5, 0);
        return;
    }
    draw_axis(cr, l);
    draw_rows(cr, l);
}

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
    pa_strbuf_append_n(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

int pa_bar_chart_write(const struct pa_bar_chart *chart, const char *path, struct pa_error *err)
{
    bool svg = pa_path_has_ext(path, ".svg"), png = pa_path_has_ext(path, ".png");
    if (!svg && !png)
        return pa_error_set(err, "%s: unknown chart format (the name must end in .svg or .png)",
                            path);
    struct layout l;
    struct pa_strbuf bytes = {0};
    plan(chart, &l);
    int w = (int)WIDTH, h = (int)ceil(l.height);
    cairo_surface_t *surface = svg ? cairo_svg_surface_create_for_stream(collect, &bytes, w, h)
                                   : cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surface);
    draw(cr, &l);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    if (status == CAIRO_STATUS_SUCCESS && png)
        status = cairo_surface_write_to_png_stream(surface, collect, &bytes);
    cairo_surface_finish(surface); /* the SVG surface writes its document here */
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    int rc = -1;
    if (status != CAIRO_STATUS_SUCCESS)
        pa_error_set(err, "%s: cannot draw the chart: %s", path, cairo_status_to_string(status));
    else
        rc = pa_write_file_atomic(path, pa_strbuf_cstr(&bytes), bytes.len, err);
    pa_strbuf_free(&bytes);
    return rc;
}

void pa_bar_chart_release_fonts(void)
{
    cairo_debug_reset_static_data(); /* drops the toy font faces and their fontconfig patterns */
    /* fontconfig is cairo's dependency, not ours: found at run time rather than linked */
    void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini)
        fc_fini();
}
