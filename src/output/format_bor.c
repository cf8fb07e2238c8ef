/*
 * format_bor.c - the output of `recist bor`: one record per subject with
 * the best overall responses, the progression date, duration of response
 * and time to progression, and the review flags (text, JSON Lines, CSV).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "output/columns.h"
#include "output/format.h"

int recist_bor_csv_header(recist_buffer *buf)
{
	return csv_header(buf, &csv_bor_layout);
}

/* A review flag belongs to the record of the rule set that raised it. */
static bool flag_of(const struct result_flag *f, const struct crit_result *cr)
{
	return f->criteria != NULL && strcmp(f->criteria, cr->rs->id) == 0;
}

static int bor_json(recist_buffer *b, const struct recist_result *res, const struct crit_result *cr)
{
	int rc = 0;

	rc |= buf_puts(b, "{\"case_id\":");
	rc |= json_string(b, res->case_id);
	rc |= buf_puts(b, ",\"criteria\":");
	rc |= json_string(b, cr->rs->id);
	rc |= json_best_response(b, cr);
	rc |= buf_puts(b, ",\"flags\":[");
	for (size_t i = 0, k = 0; i < res->n_flags; i++) {
		if (!flag_of(&res->flags[i], cr))
			continue;
		rc |= buf_puts(b, k++ ? ",{\"code\":" : "{\"code\":");
		rc |= json_string(b, res->flags[i].code);
		rc |= buf_puts(b, ",\"date\":");
		rc |= json_string(b, res->flags[i].date);
		rc |= buf_puts(b, ",\"message\":");
		rc |= json_string(b, res->flags[i].message);
		rc |= buf_puts(b, "}");
	}
	rc |= buf_puts(b, "]");
	rc |= json_provenance(b, cr, 1);
	rc |= buf_puts(b, "}\n");
	return rc;
}

static int bor_csv(recist_buffer *b, const struct recist_result *res, const struct crit_result *cr)
{
	recist_buffer flags = RECIST_BUFFER_INIT;
	int rc = 0;

	for (size_t i = 0; i < res->n_flags; i++) {
		if (!flag_of(&res->flags[i], cr))
			continue;
		rc |= flags.len ? buf_puts(&flags, ";") : 0;
		rc |= buf_puts(&flags, res->flags[i].code);
	}
	struct csv_row row = { res, cr, NULL, "", flags.len ? flags.ptr : "", "" };
	rc |= csv_row(b, &csv_bor_layout, &row);
	recist_buffer_release(&flags);
	return rc;
}

static int bor_text(recist_buffer *b, const struct recist_result *res, const struct crit_result *cr)
{
	int rc = 0;

	rc |= buf_printf(b, "%s [%s]\n", res->case_id, cr->rs->id);
	for (size_t k = 0; k < best_rows_count; k++) {
		char value[64];
		if (best_rows[k].value(cr, value))
			rc |= buf_printf(b, "  %-22s %s\n", best_rows[k].label, value);
	}
	for (size_t i = 0; i < res->n_flags; i++)
		if (flag_of(&res->flags[i], cr))
			rc |= buf_printf(b, "  !! %s %s: %s\n", res->flags[i].code, res->flags[i].date,
			                 res->flags[i].message);
	rc |= buf_printf(b, "  %-22s ", "rules") | text_rule_set(b, cr) | buf_puts(b, "\n");
	return rc;
}

int recist_bor_write(recist_buffer *buf, const recist_result *res, recist_format fmt)
{
	int rc = 0;

	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct crit_result *cr = &res->crit[ci];
		switch (fmt) {
		case RECIST_FORMAT_JSON: rc |= bor_json(buf, res, cr); break;
		case RECIST_FORMAT_CSV:  rc |= bor_csv(buf, res, cr); break;
		case RECIST_FORMAT_TEXT: rc |= bor_text(buf, res, cr); break;
		}
	}
	return rc ? RECIST_ENOMEM : 0;
}
