/*
 * format_text.c - the report a radiologist reads.  For each follow-up the
 * rule sets stand side by side in columns (sum, changes, the four
 * responses), so that where they differ shows at a glance; then the flags
 * raised there and the reasons behind every call.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "output/columns.h"
#include "output/format.h"



enum { LABEL_WIDTH = 22, COLUMN_WIDTH = 18, MAX_COLUMNS = 16 };

/* A signed number with a unit: "+20.0%", "-5.9 mm", "n/a". */
static void signed_change(struct optnum v, size_t (*f)(struct optnum, char *), const char *unit, char out[64])
{
	char num[48];

	f(v, num);
	if (!v.has)
		snprintf(out, 64, "n/a");
	else
		snprintf(out, 64, "%s%s%s", v.v.num > 0 ? "+" : "", num, unit);
}

static void mm_or_na(struct optnum v, char out[64])
{
	char num[48];

	format_mm(v, num);
	snprintf(out, 64, v.has ? "%s mm" : "n/a", num);
}

/*
 * One line with text from the case (ids, reasons, messages), fmt ending in
 * its only "\n".  The report is for a terminal: a control byte of that text
 * (a "\n" or an escape sequence written in a JSON string) must neither break
 * the report's lines nor drive the terminal, so each becomes '?'.
 */
static int case_line(recist_buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int case_line(recist_buffer *b, const char *fmt, ...)
{
	size_t from = b->len;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	for (size_t i = from; rc == 0 && i + 1 < b->len; i++) {
		unsigned char c = (unsigned char)b->ptr[i];
		if (c < 0x20 || c == 0x7f)
			b->ptr[i] = '?';
	}
	return rc;
}

/* End a line of columns: no trailing blanks. */
static int end_line(recist_buffer *b)
{
	while (b->len > 0 && b->ptr[b->len - 1] == ' ')
		b->len--;
	return buf_puts(b, "\n");
}

/* One row: a label, then one cell per rule set. */
/* A cell padded to its column; one wider than the column keeps two blanks after it. */
static int put_cell(recist_buffer *b, const char *s)
{
	int len = (int)strlen(s);

	return buf_printf(b, "%-*s", len >= COLUMN_WIDTH ? len + 2 : COLUMN_WIDTH, s);
}

static int row(recist_buffer *b, const char *label, const char *const *cells, size_t n)
{
	int rc = buf_printf(b, "  %-*s", LABEL_WIDTH, label);

	for (size_t i = 0; i < n; i++)
		rc |= put_cell(b, cells[i]);
	return rc | end_line(b);
}

/* The header of a block: the date, then each rule set's name. */
static int header(recist_buffer *b, const char *title, const struct recist_result *res)
{
	int rc = buf_printf(b, "\n%-*s", LABEL_WIDTH + 2, title);

	for (size_t ci = 0; ci < res->n_crit && ci < MAX_COLUMNS; ci++)
		rc |= put_cell(b, res->crit[ci].rs->name);
	return rc | end_line(b);
}

static int text_followup(recist_buffer *b, const struct recist_result *res, size_t ti)
{
	char cell[MAX_COLUMNS][64], title[64];
	const char *cells[MAX_COLUMNS];
	size_t n = res->n_crit < MAX_COLUMNS ? res->n_crit : MAX_COLUMNS;
	const struct tp_result *tp0 = &res->crit[0].tps[ti];
	int rc = 0;

	for (size_t ci = 0; ci < n; ci++)
		cells[ci] = cell[ci];
	snprintf(title, sizeof title, "%s (day %d)", tp0->date, (int)(tp0->day - res->crit[0].baseline_day));
	rc |= header(b, title, res);
#define ROW(label, fill) do {                                   \
		for (size_t ci = 0; ci < n; ci++) {              \
			const struct tp_result *tp = &res->crit[ci].tps[ti]; \
			fill;                                    \
		}                                                \
		rc |= row(b, label, cells, n);                   \
	} while (0)
	ROW("sum", mm_or_na(tp->sum_mm, cell[ci]));
	ROW("from baseline", signed_change(tp->change_from_baseline_pct, format_pct, "%", cell[ci]));
	ROW("nadir", mm_or_na(tp->nadir_mm, cell[ci]));
	ROW("from nadir", signed_change(tp->change_from_nadir_mm, format_mm, " mm", cell[ci]));
	ROW("target", snprintf(cell[ci], 64, "%s", recist_response_name(tp->target)));
	ROW("non-target", snprintf(cell[ci], 64, "%s", recist_response_name(tp->non_target)));
	ROW("new lesions", snprintf(cell[ci], 64, "%s", recist_response_name(tp->new_lesions)));
	ROW("OVERALL", snprintf(cell[ci], 64, "%s", recist_response_name(tp->overall)));
#undef ROW
	for (size_t i = 0; i < res->n_flags; i++)
		if (res->flags[i].criteria == NULL && strcmp(res->flags[i].date, tp0->date) == 0)
			rc |= case_line(b, "  !! %s: %s\n", res->flags[i].code, res->flags[i].message);
	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct tp_result *tp = &res->crit[ci].tps[ti];
		rc |= buf_printf(b, "  %s:\n", res->crit[ci].rs->name);
		for (size_t i = 0; i < tp->n_reasons; i++)
			rc |= case_line(b, "    - %s\n", tp->reasons[i]);
	}
	return rc;
}

static int text_best_response(recist_buffer *b, const struct recist_result *res, char cell[][64],
                              const char *const *cells, size_t n)
{
	int rc = 0;

	for (size_t k = 0; k < best_rows_count; k++) {
		for (size_t ci = 0; ci < n; ci++)
			if (!best_rows[k].value(&res->crit[ci], cell[ci]))
				snprintf(cell[ci], 64, "n/a");
		rc |= row(b, best_rows[k].label, cells, n);
	}
	for (size_t i = 0; i < res->n_flags; i++)
		if (res->flags[i].criteria != NULL)
			rc |= case_line(b, "  !! %s [%s] %s: %s\n", res->flags[i].code, res->flags[i].criteria,
			                 res->flags[i].date, res->flags[i].message);
	return rc;
}

int format_text(recist_buffer *b, const struct recist_result *res)
{
	char cell[MAX_COLUMNS][64];
	const char *cells[MAX_COLUMNS];
	size_t n = res->n_crit < MAX_COLUMNS ? res->n_crit : MAX_COLUMNS;
	int rc = 0;

	for (size_t ci = 0; ci < n; ci++)
		cells[ci] = cell[ci];
	rc |= case_line(b, "Case %s%s%s%s\n", res->case_id, res->arm ? "  (arm " : "", res->arm ? res->arm : "",
	                 res->arm ? ")" : "");
	if (n > 0) {
		char title[64];
		snprintf(title, sizeof title, "baseline %s", res->crit[0].baseline_date);
		rc |= header(b, title, res);
		for (size_t ci = 0; ci < n; ci++)
			mm_or_na(res->crit[ci].baseline_sum_mm, cell[ci]);
		rc |= row(b, "sum", cells, n);
		for (size_t ti = 0; ti < res->crit[0].n_tps; ti++)
			rc |= text_followup(b, res, ti);
		if (res->crit[0].n_tps == 0)
			rc |= buf_puts(b, "\nno follow-up assessments\n");
		rc |= header(b, "best response", res);
		rc |= text_best_response(b, res, cell, cells, n);
	}
	if (res->n_warnings) {
		rc |= buf_puts(b, "\nwarnings\n");
		for (size_t i = 0; i < res->n_warnings; i++) {
			const struct result_warning *w = &res->warnings[i];
			if (w->criteria)
				rc |= case_line(b, "  [%s] %s: %s\n", w->criteria, w->code, w->message);
			else
				rc |= case_line(b, "  %s: %s\n", w->code, w->message);
		}
	}
	rc |= buf_puts(b, "\n");
	rc |= buf_puts(b, "rules (recist " RECIST_VERSION ")\n");
	for (size_t ci = 0; ci < res->n_crit; ci++)
		rc |= buf_puts(b, "  ") | text_rule_set(b, &res->crit[ci]) | buf_puts(b, "\n");
	rc |= buf_puts(b, "\n");
	return rc ? RECIST_ENOMEM : 0;
}
