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

/* The flags raised at this follow-up for this rule set or across rule sets, ";"-separated. */
static int join_flags(recist_buffer *out, const struct recist_result *res, const struct crit_result *cr,
                      const struct tp_result *tp)
{
	int rc = 0;

	recist_buffer_clear(out);
	for (size_t i = 0; i < res->n_flags; i++) {
		if (strcmp(res->flags[i].date, tp->date) != 0 ||
		    (res->flags[i].criteria && strcmp(res->flags[i].criteria, cr->rs->id) != 0))
			continue;
		rc |= out->len ? buf_puts(out, ";") : 0;
		rc |= buf_puts(out, res->flags[i].code);
	}
	return rc;
}

int format_csv(recist_buffer *b, const struct recist_result *res)
{
	recist_buffer reasons = RECIST_BUFFER_INIT, flags = RECIST_BUFFER_INIT;
	int rc = 0;

	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct crit_result *cr = &res->crit[ci];
		if (cr->not_assessed != NULL) {
			/* One row says so, with the reason: not an NE per follow-up. */
			recist_buffer_clear(&reasons);
			rc |= buf_puts(&reasons, "not assessed: ") | buf_puts(&reasons, cr->not_assessed);
			struct csv_row row = { res, cr, NULL, reasons.ptr, "" };
			rc |= csv_row(b, &csv_results_layout, &row);
			continue;
		}
		for (size_t ti = 0; ti < cr->n_tps; ti++) {
			const struct tp_result *tp = &cr->tps[ti];
			rc |= join_reasons(&reasons, tp);
			rc |= join_flags(&flags, res, cr, tp);
			struct csv_row row = { res, cr, tp, reasons.ptr ? reasons.ptr : "",
			                       flags.ptr && flags.len ? flags.ptr : "" };
			rc |= csv_row(b, &csv_results_layout, &row);
		}
	}
	recist_buffer_release(&reasons);
	recist_buffer_release(&flags);
	return rc ? RECIST_ENOMEM : 0;
}
