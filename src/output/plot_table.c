/*
 * plot_table.c - the table behind each figure of recist plot, tidy (a row
 * per bar, point or event) and named as ADaM names its columns, for R, SAS
 * and JMP to draw their own: CSV with a header, or a JSON array of objects.
 *
 * SPDX-License-Identifier: MIT
 *
 *   waterfall: USUBJID, ARM, CRITERIA, BEST_PCHG, BOR, CBOR,
 *              NEWLESION_PD_FLAG, N_POSTBASE (a row per patient and rule set)
 *   spider:    USUBJID, ARM, CRITERIA, ADY, SUMDIAM, PCHG, OVR (a row per
 *              assessment, the baseline first at ADY 0)
 *   swimmer:   USUBJID, ARM, CRITERIA, START, END, ONGOING, TYPE, DAY (a row
 *              per bar with TYPE empty, then one per event: RESPONSE, PD,
 *              DEATH)
 */
#include <stdio.h>

#include "output/format.h"
#include "output/plot.h"

/* One cell: its text (NULL: empty, JSON null), and whether JSON writes it bare. */
struct cell {
	const char *text;
	bool        number;
};

struct table {
	recist_buffer            *buf;
	recist_plot_format        fmt;
	const char *const        *cols;
	size_t                    n_cols;
	size_t                    n_rows;
};

static int header(struct table *t)
{
	if (t->fmt == RECIST_PLOT_JSON)
		return buf_puts(t->buf, "[");
	for (size_t i = 0; i < t->n_cols; i++)
		if (csv_field(t->buf, t->cols[i], i + 1 == t->n_cols) < 0)
			return RECIST_ENOMEM;
	return 0;
}

static int row(struct table *t, const struct cell *cells)
{
	int rc = 0;

	if (t->fmt == RECIST_PLOT_CSV) {
		for (size_t i = 0; i < t->n_cols && rc == 0; i++)
			rc = csv_field(t->buf, cells[i].text ? cells[i].text : "", i + 1 == t->n_cols);
		return rc < 0 ? RECIST_ENOMEM : 0;
	}
	rc = buf_puts(t->buf, t->n_rows++ ? ",\n{" : "\n{");
	for (size_t i = 0; i < t->n_cols && rc == 0; i++) {
		rc = buf_printf(t->buf, "%s\"%s\":", i ? "," : "", t->cols[i]);
		if (rc == 0)
			rc = cells[i].text == NULL ? buf_puts(t->buf, "null") :
			     cells[i].number       ? buf_puts(t->buf, cells[i].text) :
			                             json_string(t->buf, cells[i].text);
	}
	return rc < 0 || buf_puts(t->buf, "}") < 0 ? RECIST_ENOMEM : 0;
}

static int footer(struct table *t)
{
	return t->fmt == RECIST_PLOT_JSON ? buf_puts(t->buf, t->n_rows ? "\n]\n" : "]\n") : 0;
}

static const char *resp(recist_response r)
{
	return r == RECIST_RESP_NONE ? NULL : recist_response_name(r);
}

/* The three cells every row begins with. */
static void id_cells(struct cell *c, const recist_plot *p, const struct plot_series *s)
{
	c[0] = (struct cell){ p->patients[s->patient].id, false };
	c[1] = (struct cell){ p->groups[s->group], false };
	c[2] = (struct cell){ p->crit[s->crit].id, false };
}

static int waterfall_rows(struct table *t, const recist_plot *p)
{
	for (size_t i = 0; i < p->n_series; i++) {
		const struct plot_series *s = &p->series[i];
		char pchg[32], n[16];
		struct cell c[8];

		snprintf(pchg, sizeof pchg, "%.2f", s->best_pchg);
		snprintf(n, sizeof n, "%u", s->n_postbase);
		id_cells(c, p, s);
		c[3] = (struct cell){ s->has_best_pchg ? pchg : NULL, true };
		c[4] = (struct cell){ resp(s->best), false };
		c[5] = (struct cell){ resp(s->confirmed), false };
		c[6] = (struct cell){ s->new_lesion_pd ? "Y" : "N", false };
		c[7] = (struct cell){ n, true };
		if (row(t, c) < 0)
			return RECIST_ENOMEM;
	}
	return 0;
}

static int spider_rows(struct table *t, const recist_plot *p)
{
	for (size_t i = 0; i < p->n_series; i++) {
		const struct plot_series *s = &p->series[i];

		for (size_t j = 0; j < s->n_points; j++) {
			const struct plot_point *pt = &p->points[s->first_point + j];
			char ady[16], sum[32], pchg[32];
			struct cell c[7];

			snprintf(ady, sizeof ady, "%ld", (long)pt->ady);
			snprintf(sum, sizeof sum, "%.1f", pt->sum_mm);
			snprintf(pchg, sizeof pchg, "%.2f", pt->pchg);
			id_cells(c, p, s);
			c[3] = (struct cell){ ady, true };
			c[4] = (struct cell){ pt->has_sum ? sum : NULL, true };
			c[5] = (struct cell){ pt->has_pchg ? pchg : NULL, true };
			c[6] = (struct cell){ resp(pt->overall), false };
			if (row(t, c) < 0)
				return RECIST_ENOMEM;
		}
	}
	return 0;
}

/* The bar of s, then its events. */
static int swimmer_series(struct table *t, const recist_plot *p, const struct plot_series *s)
{
	const struct { bool has; const char *type; int32_t day; } events[] = {
		{ s->has_response, "RESPONSE", s->response_day },
		{ s->has_pd, "PD", s->pd_day },
		{ s->died, "DEATH", s->end_day },
	};
	char start[16], end[16], day[16];
	struct cell c[8];

	snprintf(start, sizeof start, "%ld", (long)0);
	snprintf(end, sizeof end, "%ld", (long)s->end_day);
	id_cells(c, p, s);
	c[3] = (struct cell){ start, true };
	c[4] = (struct cell){ end, true };
	c[5] = (struct cell){ s->died ? "N" : "Y", false };
	c[6] = c[7] = (struct cell){ NULL, false };
	if (row(t, c) < 0)
		return RECIST_ENOMEM;
	for (size_t k = 0; k < sizeof events / sizeof events[0]; k++) {
		if (!events[k].has)
			continue;
		snprintf(day, sizeof day, "%ld", (long)events[k].day);
		c[6] = (struct cell){ events[k].type, false };
		c[7] = (struct cell){ day, true };
		if (row(t, c) < 0)
			return RECIST_ENOMEM;
	}
	return 0;
}

static int swimmer_rows(struct table *t, const recist_plot *p)
{
	for (size_t i = 0; i < p->n_series; i++)
		if (swimmer_series(t, p, &p->series[i]) < 0)
			return RECIST_ENOMEM;
	return 0;
}

int plot_write_table(recist_buffer *buf, const recist_plot *p, recist_plot_format fmt)
{
	static const char *const waterfall[] = { "USUBJID", "ARM", "CRITERIA", "BEST_PCHG", "BOR", "CBOR",
	                                         "NEWLESION_PD_FLAG", "N_POSTBASE" };
	static const char *const spider[] = { "USUBJID", "ARM", "CRITERIA", "ADY", "SUMDIAM", "PCHG", "OVR" };
	static const char *const swimmer[] = { "USUBJID", "ARM", "CRITERIA", "START", "END", "ONGOING", "TYPE",
	                                       "DAY" };
	struct table t = { buf, fmt, waterfall, sizeof waterfall / sizeof waterfall[0], 0 };
	int (*rows)(struct table *, const recist_plot *) = waterfall_rows;

	if (p->kind == RECIST_PLOT_SPIDER) {
		t.cols = spider;
		t.n_cols = sizeof spider / sizeof spider[0];
		rows = spider_rows;
	} else if (p->kind == RECIST_PLOT_SWIMMER) {
		t.cols = swimmer;
		t.n_cols = sizeof swimmer / sizeof swimmer[0];
		rows = swimmer_rows;
	}
	if (header(&t) < 0 || rows(&t, p) < 0 || footer(&t) < 0)
		return RECIST_ENOMEM;
	return 0;
}
