/*
 * plot_svg.c - recist plot's figures as self-contained SVG: waterfall,
 * spider and swimmer, a panel per group (rows) and rule set (columns).
 *
 * SPDX-License-Identifier: MIT
 *
 * Readable in print: each best response has a colour of the Okabe-Ito
 * palette (safe for colour-blind readers) and also a fill pattern (bars)
 * or a dash pattern (lines), so that a grey-scale copy still tells them
 * apart; events are black shapes.  No fonts, style sheets or images are
 * referenced; numbers are printed with one decimal, and patients sorted
 * with a full tie-break, so the same plot is the same bytes.  The
 * reference lines are each rule set's params (pd_increase_pct,
 * pr_decrease_pct): rules are data.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "output/plot.h"
#include "output/svg.h"

/* Layout, px.  A waterfall gives each bar BAR_PITCH until the panel is PANEL_MAX_W wide. */
enum {
	MARGIN = 16, TITLE_H = 36, PANEL_HEAD = 34, AXIS_LEFT = 60, AXIS_BOTTOM = 44, IDS_BOTTOM = 48,
	PANEL_GAP = 44, BAR_PITCH = 10, PANEL_MIN_W = 260, PANEL_MAX_W = 760, PANEL_H = 260, SPIDER_W = 400,
	SWIM_PITCH = 10, SWIM_BAR = 6, SWIM_W = 400, ID_MIN_PITCH = 8, LEGEND_ROW = 16, NOTE_ROW = 12,
	LEGEND_FONT = 9, TITLE_FONT = 16
};

/* Increases above this are cut at it (waterfall, spider): one patient's +400 % would flatten the rest. */
static const double cap_pct = 100;

/* The width of a character of the notes' text, on average: for wrapping, which SVG does not do. */
static const double char_w = 5.2;

/*
 * The width of text at size px, estimated (SVG cannot measure it): capitals
 * and digits are wider than small letters, a space narrower, in the common
 * sans-serif faces.
 */
static double text_w(const char *text, double size)
{
	double em = 0;

	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		if ((*c & 0xC0) != 0x80)  /* a UTF-8 character counts once */
			em += *c == ' ' ? 0.32 : (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ? 0.68 : 0.58;
	return em * size;
}

/* How each best response is drawn; the legend lists them in this order. */
static const struct resp_style {
	recist_response r;
	const char     *cls;     /* the class of its bars and lines, for readers of the SVG */
	const char     *colour;
	const char     *hatch;   /* the pattern over the colour (4 x 4 px), or NULL: solid */
	const char     *dash;    /* spider lines */
} styles[] = {
	{ RECIST_RESP_CR, "resp-CR", "#0072B2", NULL, "none" },
	{ RECIST_RESP_PR, "resp-PR", "#56B4E9", "M-1,1 L1,-1 M0,4 L4,0 M3,5 L5,3", "6,2" },
	{ RECIST_RESP_SD, "resp-SD", "#009E73", "M0,2 L4,2", "2,2" },
	{ RECIST_RESP_NON_CR_NON_PD, "resp-NONCR-NONPD", "#CC79A7", "M2,0 L2,4", "8,2,2,2" },
	{ RECIST_RESP_PD, "resp-PD", "#D55E00", "M0,0 L4,4 M4,0 L0,4", "9,3" },
	/* iRECIST's, as their RECIST counterparts; iUPD, progression not confirmed, apart. */
	{ RECIST_RESP_ICR, "resp-iCR", "#0072B2", NULL, "none" },
	{ RECIST_RESP_IPR, "resp-iPR", "#56B4E9", "M-1,1 L1,-1 M0,4 L4,0 M3,5 L5,3", "6,2" },
	{ RECIST_RESP_ISD, "resp-iSD", "#009E73", "M0,2 L4,2", "2,2" },
	{ RECIST_RESP_NON_ICR_NON_IUPD, "resp-NONiCR-NONiUPD", "#CC79A7", "M2,0 L2,4", "8,2,2,2" },
	{ RECIST_RESP_IUPD, "resp-iUPD", "#E69F00", "M0,1 L4,1 M0,3 L4,3", "4,4" },
	{ RECIST_RESP_ICPD, "resp-iCPD", "#D55E00", "M0,0 L4,4 M4,0 L0,4", "9,3" },
	{ RECIST_RESP_NE, "resp-NE", "#999999", "M-1,3 L1,5 M0,0 L4,4 M3,-1 L5,1", "1,3" },
};
enum { N_STYLES = sizeof styles / sizeof styles[0] };

/* The style of a best response: no value or one not listed is drawn as NE. */
static size_t style_of(recist_response r)
{
	for (size_t i = 0; i < N_STYLES; i++)
		if (styles[i].r == r)
			return i;
	return N_STYLES - 1;
}

/* What a legend entry shows before its text. */
enum shape { SH_TEXT, SH_FILL, SH_LINE, SH_NEW_LESION, SH_FLAG, SH_CUT, SH_REF, SH_RESPONSE, SH_PD, SH_DEATH,
             SH_ONGOING };

struct entry {
	enum shape sh;
	size_t     style;      /* SH_FILL, SH_LINE */
	bool       new_row;
	char       text[112];
	double     x, y;       /* placed by place_legend */
};

enum { MAX_ENTRIES = 16, MAX_NOTES = 6, NOTE_LEN = 256 };

/* The figure's shape, worked out before anything is drawn. */
struct layout {
	const recist_plot *p;
	unsigned  cols[PLOT_MAX_CRIT];  /* the rule sets that assessed somebody, in order */
	size_t    n_cols;
	double    pw, ph;               /* a panel's plot area */
	double    cell_w, cell_h;       /* a panel with its margins */
	double    width, height;
	double    y0, y1, ystep, x0, x1, xstep;  /* shared by every panel */
	size_t    max_n;                /* the most series in one panel */
	unsigned  used;                 /* bit i: styles[i] drawn */
	size_t    n_left_out;           /* waterfall: no post-baseline sum */
	bool      any_cap, any_nl, any_flag, any_resp, any_pd, any_death, any_ongoing, ids;
	struct entry legend[MAX_ENTRIES];
	size_t    n_legend, legend_rows;
	char      notes[MAX_NOTES][NOTE_LEN];
	size_t    n_notes, note_lines;
};

static const char *title_of(recist_plot_kind kind)
{
	switch (kind) {
	case RECIST_PLOT_WATERFALL:
		return "Best change from baseline in the sum of target lesion diameters";
	case RECIST_PLOT_SPIDER:
		return "Change from baseline in the sum of target lesion diameters over time";
	case RECIST_PLOT_SWIMMER:
		return "Follow-up, response and progression by patient";
	}
	return "";
}

/* Does series s belong to panel (g, k)? */
static bool in_panel(const struct plot_series *s, unsigned g, unsigned k)
{
	return s->group == g && s->crit == k;
}

static size_t panel_count(const recist_plot *p, unsigned g, unsigned k)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_series; i++)
		n += in_panel(&p->series[i], g, k) && (p->kind != RECIST_PLOT_WATERFALL || p->series[i].has_best_pchg);
	return n;
}

/* What one series adds to the layout: its ranges, styles and marks. */
static void measure_series(struct layout *l, const struct plot_series *s, double *lo, double *hi)
{
	const recist_plot *p = l->p;

	if (p->kind == RECIST_PLOT_WATERFALL && !s->has_best_pchg) {
		l->n_left_out++;
		return;
	}
	l->used |= 1u << style_of(s->best);
	if (p->kind == RECIST_PLOT_WATERFALL) {
		*lo = fmin(*lo, s->best_pchg);
		*hi = fmax(*hi, fmin(s->best_pchg, cap_pct));
		l->any_cap |= s->best_pchg > cap_pct;
		l->any_nl |= s->new_lesion_pd;
		l->any_flag |= p->patients[s->patient].flagged;
	} else if (p->kind == RECIST_PLOT_SPIDER) {
		for (size_t j = 0; j < s->n_points; j++) {
			const struct plot_point *pt = &p->points[s->first_point + j];

			if (!pt->has_pchg)
				continue;
			*lo = fmin(*lo, pt->pchg);
			*hi = fmax(*hi, fmin(pt->pchg, cap_pct));
			l->any_cap |= pt->pchg > cap_pct;
			l->x1 = fmax(l->x1, pt->ady);
		}
		l->any_pd |= s->has_pd;
	} else {
		l->x1 = fmax(l->x1, s->end_day);
		l->any_resp |= s->has_response;
		l->any_pd |= s->has_pd;
		l->any_death |= s->died;
		l->any_ongoing |= !s->died;
	}
}

/* The ranges shared by the panels: the data and the reference lines, at round ticks. */
static void measure_ranges(struct layout *l)
{
	const recist_plot *p = l->p;
	double lo = 0, hi = 0;

	for (size_t i = 0; i < p->n_series; i++)
		measure_series(l, &p->series[i], &lo, &hi);
	for (size_t c = 0; c < l->n_cols; c++) {
		const struct plot_crit *cr = &p->crit[l->cols[c]];

		if (cr->has_pd_ref)
			hi = fmax(hi, cr->pd_ref);
		if (cr->has_pr_ref)
			lo = fmin(lo, -cr->pr_ref);
	}
	l->y0 = lo;
	l->y1 = hi;
	svg_ticks(&l->y0, &l->y1, 8, &l->ystep);
	l->x0 = 0;
	svg_ticks(&l->x0, &l->x1, 8, &l->xstep);
}

/* Long: the panel sizes of three kinds of figure and the legend's rows, one after the other. */
static void measure(struct layout *l, const recist_plot *p)
{
	memset(l, 0, sizeof *l);
	l->p = p;
	for (unsigned k = 0; k < p->n_crit; k++)
		for (size_t i = 0; i < p->n_series; i++)
			if (p->series[i].crit == k) {
				l->cols[l->n_cols++] = k;
				break;
			}
	for (unsigned g = 0; g < p->n_groups; g++)
		for (size_t c = 0; c < l->n_cols; c++)
			l->max_n = fmax(l->max_n, panel_count(p, g, l->cols[c]));
	measure_ranges(l);
	if (p->kind == RECIST_PLOT_WATERFALL) {
		l->pw = fmin(PANEL_MAX_W, fmax(PANEL_MIN_W, (double)l->max_n * BAR_PITCH));
		l->ph = PANEL_H;
		l->ids = l->max_n == 0 || l->pw / (double)l->max_n >= ID_MIN_PITCH;
		l->cell_h = PANEL_HEAD + l->ph + (l->ids ? IDS_BOTTOM : 0) + AXIS_BOTTOM / 2;
	} else if (p->kind == RECIST_PLOT_SPIDER) {
		l->pw = SPIDER_W;
		l->ph = PANEL_H;
		l->cell_h = PANEL_HEAD + l->ph + AXIS_BOTTOM;
	} else {
		l->pw = SWIM_W;
		l->ph = fmax(1, (double)l->max_n) * SWIM_PITCH;
		l->cell_h = PANEL_HEAD + l->ph + AXIS_BOTTOM;
	}
	l->cell_w = AXIS_LEFT + l->pw + PANEL_GAP;
	/* As wide as the title too, which SVG would not wrap (bold: an eighth wider). */
	l->width = ceil(fmax(MARGIN * 2 + fmax(1, (double)l->n_cols) * l->cell_w,
	                     MARGIN * 2 + text_w(title_of(p->kind), TITLE_FONT) * 1.125));
}

/* ---- Shapes ---------------------------------------------------------- */


/* A black mark (what: "mark" in a panel, "key" in the legend) centred on (x, y); dir -1 points up, 1 down. */
static int mark(recist_buffer *b, const char *what, enum shape sh, double x, double y, int dir)
{
	switch (sh) {
	case SH_NEW_LESION:
		return buf_printf(b, "<path class=\"%s new-lesion\" d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" "
		                  "fill=\"#000\"/>\n", what, x - 3.5, y - dir * 3.0, x + 3.5, y - dir * 3.0, x, y + dir * 3.0);
	case SH_FLAG:
		return buf_printf(b, "<path class=\"%s flag\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f "
		                  "L%.1f,%.1f\" stroke=\"#000\" stroke-width=\"1.3\"/>\n", what, x, y - 4, x, y + 4,
		                  x - 3.5, y - 2, x + 3.5, y + 2, x - 3.5, y + 2, x + 3.5, y - 2);
	case SH_RESPONSE:
		return buf_printf(b, "<path class=\"%s response\" d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" fill=\"#fff\" "
		                  "stroke=\"#000\" stroke-width=\"1.2\"/>\n", what, x - 3.5, y + 3.0, x + 3.5, y + 3.0, x,
		                  y - 3.5);
	/* PD and death are outlined in white, to stand out on the darker bars. */
	case SH_PD:
		return buf_printf(b, "<rect class=\"%s pd\" x=\"%.1f\" y=\"%.1f\" width=\"5\" height=\"5\" "
		                  "fill=\"#000\" stroke=\"#fff\" stroke-width=\"0.8\"/>\n", what, x - 2.5, y - 2.5);
	case SH_DEATH:
		return buf_printf(b, "<path class=\"halo\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\" "
		                  "stroke=\"#fff\" stroke-width=\"3.2\"/>\n", x - 3, y - 3, x + 3, y + 3, x - 3, y + 3,
		                  x + 3, y - 3) ||
		       buf_printf(b, "<path class=\"%s death\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\" "
		                  "stroke=\"#000\" stroke-width=\"1.6\"/>\n", what, x - 3, y - 3, x + 3, y + 3, x - 3, y + 3,
		                  x + 3, y - 3);
	case SH_ONGOING:
		return buf_printf(b, "<path class=\"%s ongoing\" d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" "
		                  "fill=\"#000\"/>\n", what, x, y - 3.5, x + 6, y, x, y + 3.5);
	case SH_CUT:
		return buf_printf(b, "<path class=\"%s cut\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\" "
		                  "stroke=\"#fff\" stroke-width=\"1.5\"/>\n", what, x - 4, y + 1.5, x + 4, y - 1.5, x - 4,
		                  y + 4.5, x + 4, y + 1.5);
	case SH_TEXT:
	case SH_FILL:
	case SH_LINE:
	case SH_REF:
		break;
	}
	return 0;
}

/* The attributes of a bar (what: "bar", "key") of style i: its class and fill. */
static void fill_of(char *out, size_t size, const char *what, size_t i)
{
	if (styles[i].hatch == NULL)
		snprintf(out, size, "class=\"%s %s\" fill=\"%s\" stroke=\"#000\" stroke-width=\"0.4\"", what,
		         styles[i].cls, styles[i].colour);
	else
		snprintf(out, size, "class=\"%s %s\" fill=\"url(#resp%zu)\" stroke=\"#000\" stroke-width=\"0.4\"",
		         what, styles[i].cls, i);
}

/* The patterns of the hatched responses. */
static int defs(recist_buffer *b)
{
	int rc = buf_puts(b, "<defs>\n");

	for (size_t i = 0; i < N_STYLES && rc == 0; i++)
		if (styles[i].hatch != NULL)
			rc = buf_printf(b, "<pattern id=\"resp%zu\" patternUnits=\"userSpaceOnUse\" width=\"4\" height=\"4\">"
			                "<rect width=\"4\" height=\"4\" fill=\"%s\"/><path d=\"%s\" stroke=\"#000\" "
			                "stroke-width=\"0.6\"/></pattern>\n", i, styles[i].colour, styles[i].hatch);
	return rc == 0 ? buf_puts(b, "</defs>\n") : rc;
}

/* ---- Panels ---------------------------------------------------------- */

/* A series in a panel's order: by key, then patient id. */
struct order {
	double      key;
	const char *id;
	size_t      series;
};

static int order_cmp(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return c != 0 ? c : (x->series > y->series) - (x->series < y->series);
}

/* The series of panel (g, k) in its order (*n of them, malloc'd into *out): largest key first. */
static int panel_order(const struct layout *l, unsigned g, unsigned k, struct order **out, size_t *n)
{
	const recist_plot *p = l->p;
	struct order *o = malloc((p->n_series ? p->n_series : 1) * sizeof *o);

	*n = 0;
	if ((*out = o) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < p->n_series; i++) {
		const struct plot_series *s = &p->series[i];

		if (!in_panel(s, g, k) || (p->kind == RECIST_PLOT_WATERFALL && !s->has_best_pchg))
			continue;
		o[(*n)++] = (struct order){ p->kind == RECIST_PLOT_WATERFALL ? s->best_pchg :
		                            p->kind == RECIST_PLOT_SWIMMER ? s->end_day : 0,
		                            p->patients[s->patient].id, i };
	}
	qsort(o, *n, sizeof *o, order_cmp);
	return 0;
}

/* The reference lines of rule set k, labelled with their values, and the zero line. */
static int ref_lines(recist_buffer *b, const struct svg_frame *f, const struct plot_crit *cr)
{
	const char *pd = "class=\"ref pd\" stroke=\"#333\" stroke-width=\"1\" stroke-dasharray=\"5,3\"";
	const char *pr = "class=\"ref pr\" stroke=\"#333\" stroke-width=\"1\" stroke-dasharray=\"5,3\"";
	double right = f->x + f->w + 3;
	char label[32];
	int rc = svg_line(b, f->x, svg_fy(f, 0), f->x + f->w, svg_fy(f, 0), "stroke=\"#000\" stroke-width=\"0.8\"");

	if (rc == 0 && cr->has_pd_ref) {
		snprintf(label, sizeof label, "+%g %%", cr->pd_ref);
		rc = svg_line(b, f->x, svg_fy(f, cr->pd_ref), f->x + f->w, svg_fy(f, cr->pd_ref), pd);
		if (rc == 0)
			rc = svg_text(b, right, svg_fy(f, cr->pd_ref) + 3, 9, "start", 0, "fill=\"#333\"", label);
	}
	if (rc == 0 && cr->has_pr_ref) {
		snprintf(label, sizeof label, "\xe2\x88\x92%g %%", cr->pr_ref);
		rc = svg_line(b, f->x, svg_fy(f, -cr->pr_ref), f->x + f->w, svg_fy(f, -cr->pr_ref), pr);
		if (rc == 0)
			rc = svg_text(b, right, svg_fy(f, -cr->pr_ref) + 3, 9, "start", 0, "fill=\"#333\"", label);
	}
	return rc;
}

/* One waterfall bar (the i-th of n in f), its marks, and its patient's id under the panel. */
static int waterfall_bar(recist_buffer *b, const struct layout *l, const struct svg_frame *f,
                         const struct plot_series *s, size_t i, size_t n)
{
	double pitch = f->w / (double)n, x = f->x + pitch * (double)i, xc = x + pitch / 2;
	double v = fmin(s->best_pchg, cap_pct), tip = svg_fy(f, v), h = tip - svg_fy(f, 0);
	int dir = v >= 0 ? -1 : 1;
	double at = tip + dir * 6;
	char fill[96];
	int rc;

	fill_of(fill, sizeof fill, "bar", style_of(s->best));
	if (fabs(h) < 0.8)
		h = -0.8;
	rc = svg_rect(b, x + pitch * 0.1, svg_fy(f, 0), pitch * 0.8, h, fill);
	if (rc == 0 && s->best_pchg > cap_pct)
		rc = mark(b, "mark", SH_CUT, xc, tip + 6, 0);
	if (rc == 0 && s->new_lesion_pd) {
		rc = mark(b, "mark", SH_NEW_LESION, xc, at, dir);
		at += dir * 9;
	}
	if (rc == 0 && l->p->patients[s->patient].flagged)
		rc = mark(b, "mark", SH_FLAG, xc, at, dir);
	if (rc == 0 && l->ids)
		rc = svg_text(b, xc + 2.5, f->y + f->h + 4, fmin(7, pitch * 0.8), "end", -90, "",
		              l->p->patients[s->patient].id);
	return rc;
}

static int waterfall_panel(recist_buffer *b, const struct layout *l, const struct svg_frame *f, unsigned g,
                           unsigned k)
{
	struct order *o;
	size_t n;
	int rc = panel_order(l, g, k, &o, &n);

	if (rc == 0)
		rc = svg_axis_y(b, f, l->ystep, "", "Best change from baseline (%)");
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = waterfall_bar(b, l, f, &l->p->series[o[i].series], i, n);
	if (rc == 0)
		rc = ref_lines(b, f, &l->p->crit[k]);
	if (rc == 0)
		rc = svg_line(b, f->x, f->y + f->h, f->x + f->w, f->y + f->h, "stroke=\"#000\" stroke-width=\"1\"");
	if (rc == 0)
		rc = svg_text(b, f->x + f->w / 2, f->y + f->h + (l->ids ? IDS_BOTTOM : 4) + 8, 11, "middle", 0, "",
		              "Patients, from the largest increase to the largest decrease");
	free(o);
	return rc;
}

/* One patient's line, from (0, 0), and a mark at its first PD. */
static int spider_line(recist_buffer *b, const struct layout *l, const struct svg_frame *f,
                       const struct plot_series *s)
{
	const struct resp_style *st = &styles[style_of(s->best)];
	bool pd_marked = false;
	int rc = buf_printf(b, "<polyline class=\"line %s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.3\" "
	                    "stroke-dasharray=\"%s\" points=\"", st->cls, st->colour, st->dash);

	for (size_t j = 0; j < s->n_points && rc == 0; j++) {
		const struct plot_point *pt = &l->p->points[s->first_point + j];

		if (pt->has_pchg)
			rc = buf_printf(b, "%s%.1f,%.1f", j ? " " : "", svg_fx(f, pt->ady), svg_fy(f, fmin(pt->pchg, cap_pct)));
	}
	if (rc == 0)
		rc = buf_puts(b, "\"/>\n");
	for (size_t j = 0; j < s->n_points && rc == 0 && !pd_marked; j++) {
		const struct plot_point *pt = &l->p->points[s->first_point + j];

		if (pt->has_pchg && plot_is_pd(pt->overall)) {
			rc = mark(b, "mark", SH_PD, svg_fx(f, pt->ady), svg_fy(f, fmin(pt->pchg, cap_pct)), 0);
			pd_marked = true;
		}
	}
	return rc;
}

static int spider_panel(recist_buffer *b, const struct layout *l, const struct svg_frame *f, unsigned g,
                        unsigned k)
{
	int rc = svg_axis_y(b, f, l->ystep, "", "Change from baseline (%)");

	if (rc == 0)
		rc = svg_axis_x(b, f, l->xstep, "Days since baseline");
	if (rc == 0)
		rc = ref_lines(b, f, &l->p->crit[k]);
	for (size_t i = 0; i < l->p->n_series && rc == 0; i++)
		if (in_panel(&l->p->series[i], g, k))
			rc = spider_line(b, l, f, &l->p->series[i]);
	return rc;
}

/* The i-th bar of a swimmer panel, its id on the left, its events. */
static int swimmer_bar(recist_buffer *b, const struct layout *l, const struct svg_frame *f,
                       const struct plot_series *s, size_t i)
{
	double y = f->y + ((double)i + 0.5) * SWIM_PITCH, end = svg_fx(f, s->end_day);
	char fill[96];
	int rc;

	fill_of(fill, sizeof fill, "bar", style_of(s->best));
	rc = svg_rect(b, svg_fx(f, 0), y - SWIM_BAR / 2.0, fmax(0.8, end - svg_fx(f, 0)), SWIM_BAR, fill);
	if (rc == 0)
		rc = svg_text(b, f->x - 4, y + 2.5, 7, "end", 0, "", l->p->patients[s->patient].id);
	if (rc == 0 && s->has_response)
		rc = mark(b, "mark", SH_RESPONSE, svg_fx(f, s->response_day), y, 0);
	if (rc == 0 && s->has_pd)
		rc = mark(b, "mark", SH_PD, svg_fx(f, s->pd_day), y, 0);
	if (rc == 0)
		rc = mark(b, "mark", s->died ? SH_DEATH : SH_ONGOING, s->died ? end : end + 1.5, y, 0);
	return rc;
}

static int swimmer_panel(recist_buffer *b, const struct layout *l, const struct svg_frame *f, unsigned g,
                         unsigned k)
{
	struct order *o;
	size_t n;
	int rc = panel_order(l, g, k, &o, &n);

	if (rc == 0)
		rc = svg_axis_x(b, f, l->xstep, "Days since start of treatment");
	if (rc == 0)
		rc = svg_line(b, f->x, f->y, f->x, f->y + f->h, "stroke=\"#000\" stroke-width=\"1\"");
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = swimmer_bar(b, l, f, &l->p->series[o[i].series], i);
	free(o);
	return rc;
}

/* Panel (g, k) at (x, y): its heading (group, rule set, counts) and its plot. */
static int panel_body(recist_buffer *b, const struct layout *l, double x, double y, unsigned g, unsigned k)
{
	const recist_plot *p = l->p;
	struct svg_frame f = { x + AXIS_LEFT, y + PANEL_HEAD, l->pw, l->ph, l->x0, l->x1, l->y0, l->y1 };
	size_t n = 0, shown = panel_count(p, g, k);
	char head[160], sub[160];
	int rc;

	for (size_t i = 0; i < p->n_series; i++)
		n += in_panel(&p->series[i], g, k);
	snprintf(head, sizeof head, "%s \xe2\x80\x94 %s", p->by_none ? "All patients" : p->groups[g], p->crit[k].name);
	if (n == 0)
		snprintf(sub, sizeof sub, "no patient assessed");
	else if (shown < n)
		snprintf(sub, sizeof sub, "%zu patients; %zu without a post-baseline target sum not shown", n, n - shown);
	else
		snprintf(sub, sizeof sub, "%zu patients", n);
	rc = svg_text(b, f.x, y + 13, 12, "start", 0, "font-weight=\"bold\"", head);
	if (rc == 0)
		rc = svg_text(b, f.x, y + 26, 9, "start", 0, "fill=\"#333\"", sub);
	if (rc < 0 || n == 0)
		return rc;
	if (p->kind == RECIST_PLOT_WATERFALL)
		return waterfall_panel(b, l, &f, g, k);
	if (p->kind == RECIST_PLOT_SPIDER)
		return spider_panel(b, l, &f, g, k);
	return swimmer_panel(b, l, &f, g, k);
}

/* A panel as one group of elements, which readers of the SVG (and the tests) can pick out. */
static int panel(recist_buffer *b, const struct layout *l, double x, double y, unsigned g, unsigned k)
{
	if (buf_puts(b, "<g class=\"panel\">\n") < 0 || panel_body(b, l, x, y, g, k) < 0)
		return RECIST_ENOMEM;
	return buf_puts(b, "</g>\n");
}

/* ---- Legend and notes ------------------------------------------------ */

static struct entry *entry(struct layout *l, enum shape sh, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static struct entry *entry(struct layout *l, enum shape sh, const char *fmt, ...)
{
	struct entry *e = &l->legend[l->n_legend < MAX_ENTRIES ? l->n_legend++ : MAX_ENTRIES - 1];
	va_list ap;

	memset(e, 0, sizeof *e);
	e->sh = sh;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof e->text, fmt, ap);
	va_end(ap);
	return e;
}

/* The marks of the figure's kind that it draws. */
static void legend_marks(struct layout *l)
{
	const recist_plot *p = l->p;

	if (p->kind != RECIST_PLOT_SWIMMER)
		entry(l, SH_REF, "PD and PR thresholds of each rule set, from baseline (PD is judged from the nadir)")
			->new_row = true;
	if (p->kind == RECIST_PLOT_WATERFALL) {
		if (l->any_nl)
			entry(l, SH_NEW_LESION, "PD from a new lesion alone");
		if (l->any_flag)
			entry(l, SH_FLAG, "flagged: %s", p->marked_flags);
		if (l->any_cap)
			entry(l, SH_CUT, "cut at +%g %%", cap_pct);
		return;
	}
	if (p->kind == RECIST_PLOT_SWIMMER && l->any_resp)
		entry(l, SH_RESPONSE, "first CR or PR")->new_row = true;
	if (l->any_pd)
		entry(l, SH_PD, "first PD")->new_row = p->kind == RECIST_PLOT_SWIMMER && !l->any_resp;
	if (l->any_death)
		entry(l, SH_DEATH, "death");
	if (l->any_ongoing)
		entry(l, SH_ONGOING, "alive at the last contact (ongoing)");
}

/* Place the entries left to right, wrapping at the figure's width: the rows they take. */
static size_t place_legend(struct layout *l, double top)
{
	double x = MARGIN, y = top;
	size_t rows = l->n_legend > 0;

	for (size_t i = 0; i < l->n_legend; i++) {
		struct entry *e = &l->legend[i];
		double w = (e->sh == SH_TEXT ? 0 : 16) + text_w(e->text, LEGEND_FONT) + 14;

		if (i > 0 && (e->new_row || x + w > l->width - MARGIN)) {
			x = MARGIN;
			y += LEGEND_ROW;
			rows++;
		}
		e->x = x;
		e->y = y;
		x += w;
	}
	return rows;
}

/* The length of the next line of s at most max characters, broken at a space. */
static size_t wrap(const char *s, size_t max)
{
	size_t n = strlen(s), cut = 0;

	if (n <= max)
		return n;
	for (size_t i = 0; i <= max; i++)
		if (s[i] == ' ')
			cut = i;
	return cut ? cut : max;
}

static size_t note_chars(const struct layout *l)
{
	return (size_t)fmax(40, (l->width - 2 * MARGIN) / char_w);
}

static void add_note(struct layout *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_note(struct layout *l, const char *fmt, ...)
{
	va_list ap;

	if (l->n_notes == MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(l->notes[l->n_notes++], NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* The notes under the figure: what is drawn, what is left out. */
static void notes(struct layout *l)
{
	const recist_plot *p = l->p;

	if (p->kind == RECIST_PLOT_WATERFALL)
		add_note(l, "Each bar: a patient's best (smallest) change from baseline in the sum of target lesion "
		         "diameters, over the follow-ups with a sum up to the first PD; colour and pattern: the best "
		         "overall response.");
	else if (p->kind == RECIST_PLOT_SPIDER)
		add_note(l, "Each line: a patient's change from baseline in the sum of target lesion diameters at each "
		         "follow-up with a sum; colour and dashes: the best overall response.");
	else
		add_note(l, "Each bar: a patient's time from the start of treatment to the last follow-up, or to death or "
		         "the last contact when the case records them, longest first; colour and pattern: the best "
		         "overall response.");
	if (l->n_left_out > 0)
		add_note(l, "%zu patient%s without a post-baseline target sum %s not shown.", l->n_left_out,
		         l->n_left_out == 1 ? "" : "s", l->n_left_out == 1 ? "is" : "are");
	if (l->any_cap)
		add_note(l, "Changes above +%g %% are drawn at +%g %%.", cap_pct, cap_pct);
	if (p->kind == RECIST_PLOT_WATERFALL && !l->ids)
		add_note(l, "Patient ids are left out: more than %d patients in a panel.", PANEL_MAX_W / ID_MIN_PITCH);
	if (p->n_rejected > 0)
		add_note(l, "%zu error record%s of recist batch (rejected cases) not drawn.", p->n_rejected,
		         p->n_rejected == 1 ? "" : "s");
	for (size_t i = 0; i < l->n_notes; i++)
		for (const char *s = l->notes[i]; *s; l->note_lines++) {
			s += wrap(s, note_chars(l));
			s += *s == ' ';
		}
}

/* The legend and the notes, and with them the figure's height. */
static void legend(struct layout *l)
{
	entry(l, SH_TEXT, "Best overall response:");
	for (size_t i = 0; i < N_STYLES; i++)
		if (l->used & (1u << i))
			entry(l, l->p->kind == RECIST_PLOT_SPIDER ? SH_LINE : SH_FILL,
			      "%s", recist_response_name(styles[i].r))->style = i;
	legend_marks(l);
	notes(l);
	l->legend_rows = place_legend(l, MARGIN + TITLE_H + (double)l->p->n_groups * l->cell_h + 8);
	l->height = MARGIN + TITLE_H + (double)l->p->n_groups * l->cell_h + 8 + (double)l->legend_rows * LEGEND_ROW +
	            (double)l->note_lines * NOTE_ROW + MARGIN;
}

/* An entry's swatch at (x, y), y its text's baseline. */
static int swatch(recist_buffer *b, const struct entry *e, double x, double y)
{
	char fill[96];

	switch (e->sh) {
	case SH_FILL:
		fill_of(fill, sizeof fill, "key", e->style);
		return svg_rect(b, x, y - 9, 12, 10, fill);
	case SH_LINE: {
		char attrs[128];

		snprintf(attrs, sizeof attrs, "stroke=\"%s\" stroke-width=\"1.6\" stroke-dasharray=\"%s\"",
		         styles[e->style].colour, styles[e->style].dash);
		return svg_line(b, x, y - 4, x + 12, y - 4, attrs);
	}
	case SH_REF:
		return svg_line(b, x, y - 4, x + 12, y - 4, "stroke=\"#333\" stroke-width=\"1\" stroke-dasharray=\"5,3\"");
	case SH_CUT:
		return svg_rect(b, x + 2, y - 10, 8, 12, "fill=\"#777\"") || mark(b, "key", SH_CUT, x + 6, y - 6, 0);
	case SH_TEXT:
		return 0;
	case SH_NEW_LESION:
	case SH_FLAG:
	case SH_RESPONSE:
	case SH_PD:
	case SH_DEATH:
	case SH_ONGOING:
		break;
	}
	return mark(b, "key", e->sh, x + 6, y - 4, 1);
}

static int draw_legend(recist_buffer *b, const struct layout *l)
{
	int rc = 0;

	for (size_t i = 0; i < l->n_legend && rc == 0; i++) {
		const struct entry *e = &l->legend[i];
		double y = e->y + 10;

		rc = swatch(b, e, e->x, y);
		if (rc == 0)
			rc = svg_text(b, e->x + (e->sh == SH_TEXT ? 0 : 16), y, LEGEND_FONT, "start", 0,
			              e->sh == SH_TEXT ? "font-weight=\"bold\"" : "", e->text);
	}
	return rc;
}

static int draw_notes(recist_buffer *b, const struct layout *l)
{
	double y = l->height - MARGIN - (double)l->note_lines * NOTE_ROW + 9;
	char line[NOTE_LEN];
	int rc = 0;

	for (size_t i = 0; i < l->n_notes && rc == 0; i++)
		for (const char *s = l->notes[i]; *s && rc == 0; y += NOTE_ROW) {
			size_t n = wrap(s, note_chars(l));

			snprintf(line, sizeof line, "%.*s", (int)n, s);
			rc = svg_text(b, MARGIN, y, 9, "start", 0, "fill=\"#333\"", line);
			s += n;
			s += *s == ' ';
		}
	return rc;
}

/* ---- The figure ------------------------------------------------------ */

int plot_write_svg(recist_buffer *buf, const recist_plot *p)
{
	struct layout *l = malloc(sizeof *l);
	int rc;

	if (l == NULL)
		return RECIST_ENOMEM;
	measure(l, p);
	legend(l);
	rc = buf_printf(buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	                "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	                "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n", l->width, l->height, l->width,
	                l->height);
	if (rc == 0)
		rc = buf_puts(buf, "<title>") || svg_escaped(buf, title_of(p->kind)) || buf_puts(buf, "</title>\n");
	if (rc == 0)
		rc = defs(buf) || svg_rect(buf, 0, 0, l->width, l->height, "fill=\"#fff\"");
	if (rc == 0)
		rc = svg_text(buf, MARGIN, MARGIN + 14, TITLE_FONT, "start", 0, "font-weight=\"bold\"", title_of(p->kind));
	for (unsigned g = 0; g < p->n_groups && rc == 0; g++)
		for (size_t c = 0; c < l->n_cols && rc == 0; c++)
			rc = panel(buf, l, MARGIN + (double)c * l->cell_w, MARGIN + TITLE_H + (double)g * l->cell_h, g,
			           l->cols[c]);
	if (rc == 0)
		rc = draw_legend(buf, l) || draw_notes(buf, l) || buf_puts(buf, "</svg>\n");
	free(l);
	return rc ? RECIST_ENOMEM : 0;
}
