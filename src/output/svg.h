/*
 * svg.h - the few SVG elements recist plot draws (svg.c): text escaped for
 * XML, lines, rectangles, paths, and axes with ticks at round values.
 * Coordinates are printed with one decimal, so the same figure is the same
 * bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_SVG_H
#define RECIST_SVG_H

#include "base/recist_int.h"

/* A plot area: its place on the page (px) and the data ranges it shows. */
struct svg_frame {
	double x, y, w, h;
	double x0, x1, y0, y1;
};

static inline double svg_fx(const struct svg_frame *f, double v)
{
	return f->x + (v - f->x0) / (f->x1 - f->x0) * f->w;
}

static inline double svg_fy(const struct svg_frame *f, double v)
{
	return f->y + f->h - (v - f->y0) / (f->y1 - f->y0) * f->h;
}

/* Round ticks over [*lo, *hi], which are widened to multiples of *step: about n of them. */
RECIST_INTERNAL void svg_ticks(double *lo, double *hi, unsigned n, double *step);

/* text, escaped for XML (&, <, >, quotes). */
RECIST_INTERNAL int svg_escaped(recist_buffer *b, const char *text);

/*
 * A text element at (x, y): size in px, anchor "start", "middle" or "end",
 * rotated by deg about (x, y) when deg is not 0; attrs (or "") added as is.
 */
RECIST_INTERNAL int svg_text(recist_buffer *b, double x, double y, double size, const char *anchor, int deg,
                             const char *attrs, const char *text);

/* A line; attrs: its stroke and so on, as is. */
RECIST_INTERNAL int svg_line(recist_buffer *b, double x1, double y1, double x2, double y2, const char *attrs);

/* A rectangle (w, h may come negative: it is normalised). */
RECIST_INTERNAL int svg_rect(recist_buffer *b, double x, double y, double w, double h, const char *attrs);

/* The y axis of f: ticks, labels with unit, light grid lines, and its title (rotated). */
RECIST_INTERNAL int svg_axis_y(recist_buffer *b, const struct svg_frame *f, double step, const char *unit,
                               const char *title);

/* The x axis of f at its bottom: ticks, labels, and its title below them (title may be NULL). */
RECIST_INTERNAL int svg_axis_x(recist_buffer *b, const struct svg_frame *f, double step, const char *title);

#endif
