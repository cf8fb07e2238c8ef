/*
 * format_text.c - the report a radiologist reads: per rule set, one block
 * per follow-up with the sum, its changes, the four responses and the
 * reasons behind them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "format.h"

int format_text(recist_buffer *b, const struct recist_result *res);

/* "n/a" for a missing value. */
static const char *or_na(const char *s) { return s[0] ? s : "n/a"; }

/* A signed change: "+20.0", "-30.0", "n/a". */
static void signed_change(struct optnum v, void (*f)(struct optnum, char *), char out[49])
{
	char num[48];

	f(v, num);
	snprintf(out, 49, "%s%s", v.has && v.v.num > 0 ? "+" : "", or_na(num));
}

static int text_timepoint(recist_buffer *b, const struct crit_result *cr, const struct tp_result *tp)
{
	char sum[48], nadir[48], cbl[49], cnp[49], cnm[49];
	int rc = 0;

	format_mm(tp->sum_mm, sum);
	format_mm(tp->nadir_mm, nadir);
	signed_change(tp->change_from_baseline_pct, format_pct, cbl);
	signed_change(tp->change_from_nadir_pct, format_pct, cnp);
	signed_change(tp->change_from_nadir_mm, format_mm, cnm);
	rc |= buf_printf(b, "\n  %s  (day %d)\n", tp->date, (int)(tp->day - cr->baseline_day));
	if (tp->sum_mm.has)
		rc |= buf_printf(b, "    sum %s mm   from baseline %s%%   from nadir %s mm: %s mm, %s%%\n",
		                 sum, cbl, or_na(nadir), cnm, cnp);
	else
		rc |= buf_printf(b, "    sum n/a (a target lacks a usable measurement)   nadir %s mm\n", or_na(nadir));
	rc |= buf_printf(b, "    target %-4s  non-target %-13s  new lesions %-9s  => overall %s\n",
	                 recist_response_name(tp->target), recist_response_name(tp->non_target),
	                 recist_response_name(tp->new_lesions), recist_response_name(tp->overall));
	for (size_t i = 0; i < tp->n_reasons; i++)
		rc |= buf_printf(b, "      - %s\n", tp->reasons[i]);
	return rc;
}

int format_text(recist_buffer *b, const struct recist_result *res)
{
	char sum[48];
	int rc = 0;

	rc |= buf_printf(b, "Case %s%s%s%s\n", res->case_id, res->arm ? "  (arm " : "", res->arm ? res->arm : "",
	                 res->arm ? ")" : "");
	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct crit_result *cr = &res->crit[ci];
		format_mm(cr->baseline_sum_mm, sum);
		rc |= buf_printf(b, "\n%s [%s]\n  baseline %s: sum %s mm\n", cr->rs->name, cr->rs->id,
		                 cr->baseline_date, or_na(sum));
		for (size_t ti = 0; ti < cr->n_tps; ti++)
			rc |= text_timepoint(b, cr, &cr->tps[ti]);
		if (cr->n_tps == 0)
			rc |= buf_puts(b, "  no follow-up assessments\n");
		rc |= buf_printf(b, "\n  progression: %s\n", cr->has_progression ? cr->progression_date : "none");
	}
	if (res->n_warnings) {
		rc |= buf_puts(b, "\nWarnings\n");
		for (size_t i = 0; i < res->n_warnings; i++) {
			const struct result_warning *w = &res->warnings[i];
			if (w->criteria)
				rc |= buf_printf(b, "  [%s] %s: %s\n", w->criteria, w->code, w->message);
			else
				rc |= buf_printf(b, "  %s: %s\n", w->code, w->message);
		}
	}
	rc |= buf_puts(b, "\n");
	return rc ? RECIST_ENOMEM : 0;
}
