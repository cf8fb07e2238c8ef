/*
 * format_text.c - the report a radiologist reads (recist(1), OUTPUT, text).
 *
 * SPDX-License-Identifier: MIT
 *
 * The case (id, arm, note, treatment start: the clock every day count
 * uses), the baseline, then one block per follow-up: the rule sets side by
 * side in columns (sum, nadir, changes, the four responses), so that where
 * they differ shows at a glance; the flags raised there; a table of the
 * lesions (what each rule set counted, the change from the lesion's
 * baseline and from its smallest earlier value); the warnings about that
 * follow-up; the reasons behind every call.  Last the best responses with
 * the sentences that explain them (score/bor_reasons.c, the words validate
 * uses).  Every line fits TEXT_WIDTH columns: columns that do not fit go
 * to a further table below, text wraps (an id or organ longer than its
 * column can still push a line past it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "output/columns.h"
#include "output/format.h"
#include "score/bor_reasons.h"

enum {
	LABEL_WIDTH = 22,          /* the row labels of the columns */
	COLUMN_WIDTH = 21          /* a rule set's column: "-26.7 mm, -63.27 %" and two blanks */
};

/* ---- Columns of rule sets ---- */

/* The label column: as wide as the widest block title needs ("baseline 2024-01-10 (day -5)"). */
static int label_width(const struct recist_result *res)
{
	int w = LABEL_WIDTH;
	char t[48];

	if (res->n_crit == 0)
		return w;
	snprintf(t, sizeof t, "baseline 2024-01-01 (day %ld)", (long)res->crit[0].baseline_day - res->crit[0].start_day);
	w = (int)strlen(t) > w ? (int)strlen(t) : w;
	if (res->crit[0].n_tps > 0) {
		const struct tp_result *last = &res->crit[0].tps[res->crit[0].n_tps - 1];
		snprintf(t, sizeof t, "2024-01-01 (day %ld)", (long)last->day - res->crit[0].start_day);
		w = (int)strlen(t) > w ? (int)strlen(t) : w;
	}
	return w;
}

/* How many rule sets' columns fit beside the labels. */
static size_t per_group(const struct recist_result *res)
{
	int room = TEXT_WIDTH - 2 - label_width(res);

	return room >= COLUMN_WIDTH ? (size_t)(room / COLUMN_WIDTH) : 1;
}

/* The header of a block: its title, then the names of rule sets [from, to). */
static int header(recist_buffer *b, const char *title, const struct recist_result *res, size_t from, size_t to)
{
	int rc = buf_puts(b, "\n") | text_cell(b, title, label_width(res) + 2);

	for (size_t ci = from; ci < to; ci++)
		rc |= text_cell(b, res->crit[ci].rs->name, COLUMN_WIDTH);
	return rc | text_end_line(b);
}

/* A row: its label, then one cell per rule set of [from, to), filled by fill(). */
typedef void row_fill(const struct crit_result *cr, size_t ti, char out[64]);

static int row(recist_buffer *b, const char *label, const struct recist_result *res, size_t from, size_t to,
               size_t ti, row_fill *fill)
{
	char cell[64];
	int rc = buf_puts(b, "  ") | text_cell(b, label, label_width(res));

	for (size_t ci = from; ci < to; ci++) {
		fill(&res->crit[ci], ti, cell);
		rc |= text_cell(b, cell, COLUMN_WIDTH);
	}
	return rc | text_end_line(b);
}

/* "-5.9 mm", "+20.0 %", "n/a". */
static void signed_value(struct optnum v, size_t (*f)(struct optnum, char *), const char *unit, char out[64])
{
	char num[48];

	f(v, num);
	snprintf(out, 64, v.has ? "%s%s%s" : "n/a", v.has && v.v.num > 0 ? "+" : "", num, unit);
}

static void mm_or_na(struct optnum v, char out[64])
{
	char num[48];

	format_mm(v, num);
	snprintf(out, 64, v.has ? "%s mm" : "n/a", num);
}

static void fill_baseline_sum(const struct crit_result *cr, size_t ti, char out[64])
{
	(void)ti;
	mm_or_na(cr->baseline_sum_mm, out);
}

static void fill_sum(const struct crit_result *cr, size_t ti, char out[64]) { mm_or_na(cr->tps[ti].sum_mm, out); }
static void fill_nadir(const struct crit_result *cr, size_t ti, char out[64]) { mm_or_na(cr->tps[ti].nadir_mm, out); }

static void fill_from_baseline(const struct crit_result *cr, size_t ti, char out[64])
{
	signed_value(cr->tps[ti].change_from_baseline_pct, format_pct, " %", out);
}

/* From the nadir, as PD reads it: millimetres and percent ("-5.9 mm, -11.82 %"). */
static void fill_from_nadir(const struct crit_result *cr, size_t ti, char out[64])
{
	char mm[64], pct[64];

	signed_value(cr->tps[ti].change_from_nadir_mm, format_mm, " mm", mm);
	signed_value(cr->tps[ti].change_from_nadir_pct, format_pct, " %", pct);
	snprintf(out, 64, "%.30s%s%.30s", mm, cr->tps[ti].change_from_nadir_pct.has ? ", " : "",
	         cr->tps[ti].change_from_nadir_pct.has ? pct : "");
}

/* iRECIST's iSOM and how many new targets it sums ("68.0 mm (5)"); blank for a rule set without new targets. */
static void fill_new_target_sum(const struct crit_result *cr, size_t ti, char out[64])
{
	char mm[64];

	out[0] = '\0';
	if (cr->rs->new_lesion_role.n == 0 || cr->tps[ti].n_new_targets == 0)
		return;
	mm_or_na(cr->tps[ti].new_target_sum_mm, mm);
	snprintf(out, 64, "%.40s (%lld)", mm, (long long)cr->tps[ti].n_new_targets);
}

static void fill_target(const struct crit_result *cr, size_t ti, char out[64])
{
	snprintf(out, 64, "%s", recist_response_name(cr->tps[ti].target));
}

static void fill_non_target(const struct crit_result *cr, size_t ti, char out[64])
{
	snprintf(out, 64, "%s", recist_response_name(cr->tps[ti].non_target));
}

static void fill_new_lesions(const struct crit_result *cr, size_t ti, char out[64])
{
	snprintf(out, 64, "%s", recist_response_name(cr->tps[ti].new_lesions));
}

/* The overall response, marked '*' when the best response counts it otherwise (bor_row_mark). */
static void fill_overall(const struct crit_result *cr, size_t ti, char out[64])
{
	recist_buffer mark = RECIST_BUFFER_INIT;

	bor_row_mark(&mark, cr, ti);
	snprintf(out, 64, "%s%s", recist_response_name(tp_response(&cr->tps[ti])), mark.len ? " *" : "");
	recist_buffer_release(&mark);
}

static void fill_best(const struct crit_result *cr, size_t k, char out[64])
{
	if (!best_rows[k].value(cr, out))
		snprintf(out, 64, "n/a");
}

/*
 * What the duration of response counts from: "PR, unconfirmed" or "CR,
 * confirmed" (the first CR or PR; its confirmation as bor.c recorded it).
 * A duration is given whenever the best response without confirmation is
 * CR or PR, so it can count from a response that was never confirmed: this
 * says so beside it.
 */
static void fill_dor_from(const struct crit_result *cr, size_t k, char out[64])
{
	const struct bor_result *bor = &cr->bor;
	const struct bor_confirmation *c;
	recist_response r;
	size_t ti;

	(void)k;
	for (ti = 0; bor->has_dor && ti < cr->n_tps && cr->tps[ti].day != bor->dor_start; ti++)
		;
	if (!bor->has_dor || ti == cr->n_tps) {
		snprintf(out, 64, "n/a");
		return;
	}
	/* The response as the rule set calls it (iRECIST: iCR, iPR). */
	r = tp_response(&cr->tps[ti]);
	c = r == RECIST_RESP_CR || r == RECIST_RESP_ICR ? &bor->confirm_cr : &bor->confirm_pr;
	snprintf(out, 64, "%s, %s", recist_response_name(r),
	         c->has && c->at == ti && c->verdict == BOR_CONFIRMED ? "confirmed" : "unconfirmed");
}

/* ---- Text ---- */

/* Each line of text (lines end in '\n') as a paragraph after first, continued after rest. */
static int paragraphs(recist_buffer *b, const char *first, const char *rest, const char *text, size_t len)
{
	int rc = 0;

	for (size_t i = 0; i < len;) {
		size_t n = strcspn(text + i, "\n");
		char *line = malloc(n + 1);
		if (line == NULL)
			return RECIST_ENOMEM;
		memcpy(line, text + i, n);
		line[n] = '\0';
		rc |= text_paragraph(b, first, rest, line);
		free(line);
		i += n + 1;
	}
	return rc;
}

/* Which assessment a warning is about: its index, or -1 for the case as a whole. */
static long warning_assessment(const struct result_warning *w)
{
	switch (w->at.kind) {
	case PLACE_REGISTRY:
	case PLACE_LESION:
		return 0;
	case PLACE_MEASUREMENT:
	case PLACE_KEY:
		return w->at.assessment;
	case PLACE_NONE:
		break;
	}
	return -1;
}

/* The warnings about assessment ai (-1: about the case), one paragraph each. */
static int warnings_at(recist_buffer *b, const struct recist_result *res, long ai, const char *first)
{
	int rc = 0;

	for (size_t i = 0; i < res->n_warnings; i++) {
		const struct result_warning *w = &res->warnings[i];
		char *text;
		if (warning_assessment(w) != ai)
			continue;
		size_t n = strlen(w->code) + strlen(w->message) + (w->criteria ? strlen(w->criteria) : 0) + 8;
		if ((text = malloc(n)) == NULL)
			return RECIST_ENOMEM;
		snprintf(text, n, "%s%s%s%s: %s", w->criteria ? "[" : "", w->criteria ? w->criteria : "",
		         w->criteria ? "] " : "", w->code, w->message);
		rc |= text_paragraph(b, first, "      ", text);
		free(text);
	}
	return rc;
}

/* A flag's line: "!! CODE: message", or with its rule set and date for a review flag. */
static int flag_line(recist_buffer *b, const struct result_flag *f)
{
	size_t n = strlen(f->code) + strlen(f->message) + strlen(f->date) + (f->criteria ? strlen(f->criteria) : 0) + 8;
	char *text = malloc(n);
	int rc;

	if (text == NULL)
		return RECIST_ENOMEM;
	if (f->criteria)
		snprintf(text, n, "%s [%s] %s: %s", f->code, f->criteria, f->date, f->message);
	else
		snprintf(text, n, "%s: %s", f->code, f->message);
	rc = text_paragraph(b, "  !! ", "     ", text);
	free(text);
	return rc;
}

/* ---- Blocks ---- */

/* "2024-03-11 (day 56)": a date with its day from the treatment start, the clock of the best response. */
static void dated(const struct recist_result *res, const char *prefix, int32_t day, char out[64])
{
	char date[11];

	date_format(day, date);
	snprintf(out, 64, "%s%s (day %ld)", prefix, date, (long)day - res->crit[0].start_day);
}

/* The case: its id and arm, its note, the treatment start and the clock it sets. */
static int text_case(recist_buffer *b, const struct recist_result *res)
{
	char line[160], date[11];
	int rc = 0;

	rc |= buf_puts(b, "Case ") | text_printable(b, res->case_id, strlen(res->case_id));
	if (res->arm)
		rc |= buf_puts(b, "  (arm ") | text_printable(b, res->arm, strlen(res->arm)) | buf_puts(b, ")");
	rc |= buf_puts(b, "\n");
	if (res->note != NULL)
		rc |= text_paragraph(b, "Note: ", "      ", res->note);
	if (res->n_crit == 0)
		return rc;
	date_format(res->crit[0].start_day, date);
	if (res->has_treatment_start)
		snprintf(line, sizeof line, "Treatment start %s (day 0): days are counted from it, the clock of "
		         "confirmation and stable disease.", date);
	else
		snprintf(line, sizeof line, "No treatment start given: days are counted from the baseline scan, %s "
		         "(day 0), the clock of confirmation and stable disease.", date);
	rc |= text_paragraph(b, "", "", line);
	/* A rule set that reads what the case does not have, once (recist_result_not_assessed). */
	for (size_t ci = 0; ci < res->n_crit; ci++)
		if (res->crit[ci].not_assessed != NULL) {
			snprintf(line, sizeof line, "%s: not assessed, %s.", res->crit[ci].rs->name, res->crit[ci].not_assessed);
			rc |= text_paragraph(b, "", "  ", line);
		}
	return rc;
}

/* The summary rows of follow-up ti, the rule sets side by side, as many tables as they need. */
static int followup_columns(recist_buffer *b, const struct recist_result *res, size_t ti)
{
	static const struct { const char *label; row_fill *fill; } rows[] = {
		{ "sum", fill_sum }, { "nadir", fill_nadir }, { "from baseline", fill_from_baseline },
		{ "from nadir", fill_from_nadir }, { "target", fill_target }, { "non-target", fill_non_target },
		{ "new lesions", fill_new_lesions }, { "OVERALL", fill_overall },
	};
	char title[64];
	int rc = 0;

	dated(res, "", res->crit[0].tps[ti].day, title);
	for (size_t from = 0; from < res->n_crit; from += per_group(res)) {
		size_t to = from + per_group(res) < res->n_crit ? from + per_group(res) : res->n_crit;
		bool new_targets = false;
		for (size_t ci = from; ci < to; ci++)
			new_targets |= res->crit[ci].rs->new_lesion_role.n > 0 && res->crit[ci].tps[ti].n_new_targets > 0;
		rc |= header(b, title, res, from, to);
		for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
			rc |= row(b, rows[r].label, res, from, to, ti, rows[r].fill);
			/* After the target sum's rows, the new targets' (iSOM), where a rule set has some. */
			if (rows[r].fill == fill_from_nadir && new_targets)
				rc |= row(b, "new-target sum", res, from, to, ti, fill_new_target_sum);
		}
	}
	return rc;
}

/* Follow-up ti: its columns, the marks of its OVERALL row, its flags, lesions, warnings and reasons. */
static int text_followup(recist_buffer *b, const struct recist_result *res, struct lesion_memory *m, size_t ti)
{
	recist_buffer mark = RECIST_BUFFER_INIT;
	int rc = followup_columns(b, res, ti);

	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct crit_result *cr = &res->crit[ci];
		recist_buffer_clear(&mark);
		rc |= buf_printf(&mark, "%s: ", cr->rs->name);
		size_t named = mark.len;
		rc |= bor_row_mark(&mark, cr, ti);
		if (rc == 0 && mark.len > named)
			rc |= text_paragraph(b, "  * ", "    ", mark.ptr);
	}
	recist_buffer_release(&mark);
	for (size_t i = 0; i < res->n_flags; i++)
		if (res->flags[i].criteria == NULL && strcmp(res->flags[i].date, res->crit[0].tps[ti].date) == 0)
			rc |= flag_line(b, &res->flags[i]);
	rc |= text_lesions(b, res, m, ti + 1);
	rc |= warnings_at(b, res, (long)ti + 1, "  ! ");
	rc |= buf_puts(b, "\n");
	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct tp_result *tp = &res->crit[ci].tps[ti];
		rc |= buf_printf(b, "  %s:\n", res->crit[ci].rs->name);
		for (size_t i = 0; i < tp->n_reasons; i++)
			rc |= text_paragraph(b, "    - ", "      ", tp->reasons[i]);
	}
	return rc;
}

static int text_baseline(recist_buffer *b, const struct recist_result *res, struct lesion_memory *m)
{
	char title[64];
	int rc = 0;

	dated(res, "baseline ", res->crit[0].baseline_day, title);
	for (size_t from = 0; from < res->n_crit; from += per_group(res)) {
		size_t to = from + per_group(res) < res->n_crit ? from + per_group(res) : res->n_crit;
		rc |= header(b, title, res, from, to) | row(b, "sum", res, from, to, 0, fill_baseline_sum);
	}
	rc |= text_lesions(b, res, m, 0);
	return rc | warnings_at(b, res, 0, "  ! ");
}

/* The best responses side by side, the review flags, then each rule set's reasons (bor_reasons.c). */
static int text_best_response(recist_buffer *b, const struct recist_result *res)
{
	recist_buffer why = RECIST_BUFFER_INIT;
	int rc = 0;

	for (size_t from = 0; from < res->n_crit; from += per_group(res)) {
		size_t to = from + per_group(res) < res->n_crit ? from + per_group(res) : res->n_crit;
		rc |= header(b, "best response", res, from, to);
		for (size_t k = 0; k < best_rows_count; k++)
			rc |= row(b, best_rows[k].label, res, from, to, k, fill_best);
		bool dor = false;
		for (size_t ci = from; ci < to; ci++)
			dor |= res->crit[ci].bor.has_dor;
		if (dor)
			rc |= row(b, "response from", res, from, to, 0, fill_dor_from);
	}
	for (size_t i = 0; i < res->n_flags; i++)
		if (res->flags[i].criteria != NULL)
			rc |= flag_line(b, &res->flags[i]);
	for (size_t ci = 0; ci < res->n_crit; ci++) {
		recist_buffer_clear(&why);
		rc |= bor_reasons(&why, &res->crit[ci]);
		if (rc != 0 || why.len == 0)
			continue;
		rc |= buf_printf(b, "  %s:\n", res->crit[ci].rs->name) | paragraphs(b, "    - ", "      ", why.ptr, why.len);
	}
	recist_buffer_release(&why);
	return rc;
}

/*
 * The report's parts in order; the rule sets that were not assessed are
 * said once (text_case) and left out of every table (a view of res without
 * them).
 */
int format_text(recist_buffer *b, const struct recist_result *all)
{
	struct recist_result view = *all, *res = &view;
	struct lesion_memory *m = NULL;
	int rc = 0;

	view.n_crit = 0;
	if ((view.crit = malloc((all->n_crit + 1) * sizeof *view.crit)) == NULL)
		return RECIST_ENOMEM;
	for (size_t ci = 0; ci < all->n_crit; ci++)
		if (all->crit[ci].not_assessed == NULL)
			view.crit[view.n_crit++] = all->crit[ci];
	if ((m = lesion_memory_new(res)) == NULL) {
		free(view.crit);
		return RECIST_ENOMEM;
	}
	rc |= text_case(b, all);
	if (res->n_crit > 0) {
		rc |= text_baseline(b, res, m);
		if (res->crit[0].n_tps > 0)
			rc |= text_lesion_legend(b, res);
		for (size_t ti = 0; ti < res->crit[0].n_tps; ti++)
			rc |= text_followup(b, res, m, ti);
		if (res->crit[0].n_tps == 0)
			rc |= buf_puts(b, "\nno follow-up assessments\n");
		rc |= text_best_response(b, res);
	}
	if (res->n_warnings > 0) {
		size_t from = b->len;
		rc |= buf_puts(b, "\nwarnings\n");
		size_t heading = b->len;
		rc |= warnings_at(b, res, -1, "  ");
		if (b->len == heading)
			b->len = from;  /* every warning stood by its assessment */
	}
	rc |= buf_puts(b, "\n");
	rc |= buf_puts(b, "rules (recist " RECIST_VERSION ")\n");
	for (size_t ci = 0; ci < all->n_crit; ci++)
		rc |= buf_puts(b, "  ") | text_rule_set(b, &all->crit[ci]) | buf_puts(b, "\n");
	rc |= buf_puts(b, "\n");
	lesion_memory_free(m);
	free(view.crit);
	return rc ? RECIST_ENOMEM : 0;
}
