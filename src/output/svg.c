/*
 * svg.c - the SVG elements of recist plot's figures (svg.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>

#include "output/svg.h"

enum { TICK = 4, TICK_FONT = 9, TITLE_FONT = 11 };

void svg_ticks(double *lo, double *hi, unsigned n, double *step)
{
	static const double nice[] = { 1, 2, 2.5, 5, 10 };
	double raw = (*hi - *lo) / (n ? n : 1), mag;

	if (!(raw > 0))
		raw = 1;
	mag = pow(10, floor(log10(raw)));
	*step = mag * nice[sizeof nice / sizeof nice[0] - 1];
	for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
		if (mag * nice[i] >= raw) {
			*step = mag * nice[i];
			break;
		}
	*lo = floor(*lo / *step) * *step;
	*hi = ceil(*hi / *step) * *step;
	if (*hi <= *lo)
		*hi = *lo + *step;
}

int svg_escaped(recist_buffer *b, const char *text)
{
	int rc = 0;

	for (const char *p = text; *p && rc == 0; p++) {
		switch (*p) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\'': rc = buf_puts(b, "&apos;"); break;
		default:
			/* XML 1.0 allows no control characters but tab and line breaks. */
			rc = (unsigned char)*p < ' ' ? buf_puts(b, " ") : buf_append(b, p, 1);
		}
	}
	return rc;
}

int svg_text(recist_buffer *b, double x, double y, double size, const char *anchor, int deg, const char *attrs,
             const char *text)
{
	int rc = buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"", x, y, size);

	if (rc == 0 && strcmp(anchor, "start") != 0)
		rc = buf_printf(b, " text-anchor=\"%s\"", anchor);
	if (rc == 0 && deg != 0)
		rc = buf_printf(b, " transform=\"rotate(%d %.1f %.1f)\"", deg, x, y);
	if (rc == 0 && *attrs)
		rc = buf_printf(b, " %s", attrs);
	if (rc == 0)
		rc = buf_puts(b, ">");
	if (rc == 0)
		rc = svg_escaped(b, text);
	return rc == 0 ? buf_puts(b, "</text>\n") : rc;
}

int svg_line(recist_buffer *b, double x1, double y1, double x2, double y2, const char *attrs)
{
	return buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x1, y1, x2, y2, attrs);
}

int svg_rect(recist_buffer *b, double x, double y, double w, double h, const char *attrs)
{
	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	return buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s/>\n", x, y, w, h, attrs);
}

/* A tick's label: no decimals unless the step has them; a true minus sign. */
static void tick_label(char *out, size_t size, double v, double step, const char *unit)
{
	int dec = step >= 1 ? 0 : 1;

	if (fabs(v) < step / 1e6)
		v = 0;
	snprintf(out, size, "%s%.*f%s", v < 0 ? "\xe2\x88\x92" : "", dec, fabs(v), unit);
}

int svg_axis_y(recist_buffer *b, const struct svg_frame *f, double step, const char *unit, const char *title)
{
	int rc = svg_line(b, f->x, f->y, f->x, f->y + f->h, "stroke=\"#000\" stroke-width=\"1\"");

	for (double v = f->y0; rc == 0 && v <= f->y1 + step / 1e6; v += step) {
		double y = svg_fy(f, v);
		char label[32];

		tick_label(label, sizeof label, v, step, unit);
		rc = svg_line(b, f->x, y, f->x + f->w, y, "stroke=\"#e4e4e4\" stroke-width=\"0.6\"");
		if (rc == 0)
			rc = svg_line(b, f->x - TICK, y, f->x, y, "stroke=\"#000\" stroke-width=\"1\"");
		if (rc == 0)
			rc = svg_text(b, f->x - TICK - 2, y + 3, TICK_FONT, "end", 0, "", label);
	}
	if (rc == 0 && title != NULL)
		rc = svg_text(b, f->x - 44, f->y + f->h / 2, TITLE_FONT, "middle", -90, "", title);
	return rc;
}

int svg_axis_x(recist_buffer *b, const struct svg_frame *f, double step, const char *title)
{
	int rc = svg_line(b, f->x, f->y + f->h, f->x + f->w, f->y + f->h, "stroke=\"#000\" stroke-width=\"1\"");

	for (double v = f->x0; rc == 0 && v <= f->x1 + step / 1e6; v += step) {
		double x = svg_fx(f, v);
		char label[32];

		tick_label(label, sizeof label, v, step, "");
		rc = svg_line(b, x, f->y + f->h, x, f->y + f->h + TICK, "stroke=\"#000\" stroke-width=\"1\"");
		if (rc == 0)
			rc = svg_text(b, x, f->y + f->h + TICK + TICK_FONT + 1, TICK_FONT, "middle", 0, "", label);
	}
	if (rc == 0 && title != NULL)
		rc = svg_text(b, f->x + f->w / 2, f->y + f->h + TICK + TICK_FONT + TITLE_FONT + 6, TITLE_FONT, "middle",
		              0, "", title);
	return rc;
}
