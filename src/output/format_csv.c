/*
 * format_csv.c - one row per case, rule set and follow-up (RFC 4180), in
 * the columns of columns.c.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "output/columns.h"
#include "output/format.h"

int recist_csv_header(recist_buffer *buf)
{
	return csv_header(buf, &csv_results_layout);
}

/* The reasons of a follow-up, "; "-separated. */
static int join_reasons(recist_buffer *out, const struct tp_result *tp)
{
	int rc = 0;

	recist_buffer_clear(out);
	for (size_t i = 0; i < tp->n_reasons; i++) {
		rc |= i ? buf_puts(out, "; ") : 0;
		rc |= buf_puts(out, tp->reasons[i]);
	}
	return rc;
}

/* The flags raised at this follow-up (none without one) for this rule set or across rule sets, ";"-separated. */
static int join_flags(recist_buffer *out, const struct recist_result *res, const struct crit_result *cr,
                      const struct tp_result *tp)
{
	int rc = 0;

	recist_buffer_clear(out);
	for (size_t i = 0; tp != NULL && i < res->n_flags; i++) {
		if (strcmp(res->flags[i].date, tp->date) != 0 ||
		    (res->flags[i].criteria && strcmp(res->flags[i].criteria, cr->rs->id) != 0))
			continue;
		rc |= out->len ? buf_puts(out, ";") : 0;
		rc |= buf_puts(out, res->flags[i].code);
	}
	return rc;
}

/*
 * The warnings of the case and of this rule set, "; "-separated, each
 * "CODE: PATH: message" (no path for one about the case as a whole): the
 * same on each of the rule set's rows, as its best response is.
 */
static int join_warnings(recist_buffer *out, const struct recist_result *res, const struct crit_result *cr)
{
	int rc = 0;

	recist_buffer_clear(out);
	for (size_t i = 0; i < res->n_warnings; i++) {
		const struct result_warning *w = &res->warnings[i];
		if (w->criteria != NULL && strcmp(w->criteria, cr->rs->id) != 0)
			continue;
		rc |= out->len ? buf_puts(out, "; ") : 0;
		rc |= buf_puts(out, w->code);
		rc |= buf_puts(out, ": ");
		if (w->at.kind != PLACE_NONE) {
			rc |= text_place(out, &w->at);
			rc |= buf_puts(out, ": ");
		}
		rc |= buf_puts(out, w->message);
	}
	return rc;
}

/*
 * A row per rule set and follow-up; a case without follow-up, one row per
 * rule set with the follow-up's columns empty: every case scored has rows,
 * so that one record per case (recist batch) holds in CSV too.
 */
int format_csv(recist_buffer *b, const struct recist_result *res)
{
	recist_buffer reasons = RECIST_BUFFER_INIT, flags = RECIST_BUFFER_INIT, warnings = RECIST_BUFFER_INIT;
	int rc = 0;

	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct crit_result *cr = &res->crit[ci];
		rc |= join_warnings(&warnings, res, cr);
		if (cr->not_assessed != NULL) {
			/* One row says so, with the reason: not an NE per follow-up. */
			recist_buffer_clear(&reasons);
			rc |= buf_puts(&reasons, "not assessed: ") | buf_puts(&reasons, cr->not_assessed);
			struct csv_row row = { res, cr, NULL, reasons.ptr, "", warnings.len ? warnings.ptr : "" };
			rc |= csv_row(b, &csv_results_layout, &row);
			continue;
		}
		for (size_t ti = 0; ti < (cr->n_tps ? cr->n_tps : 1); ti++) {
			const struct tp_result *tp = cr->n_tps ? &cr->tps[ti] : NULL;
			recist_buffer_clear(&reasons);
			rc |= tp ? join_reasons(&reasons, tp) : 0;
			rc |= join_flags(&flags, res, cr, tp);
			struct csv_row row = { res, cr, tp, reasons.len ? reasons.ptr : "", flags.len ? flags.ptr : "",
			                       warnings.len ? warnings.ptr : "" };
			rc |= csv_row(b, &csv_results_layout, &row);
		}
	}
	recist_buffer_release(&reasons);
	recist_buffer_release(&flags);
	recist_buffer_release(&warnings);
	return rc ? RECIST_ENOMEM : 0;
}
