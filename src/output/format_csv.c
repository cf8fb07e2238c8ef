/*
 * format_csv.c - one row per case, rule set and follow-up (RFC 4180).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "output/format.h"

#define CSV_HEADER "case_id,criteria,date,sum_mm,nadir_mm,change_from_baseline_pct," \
	"change_from_nadir_pct,change_from_nadir_mm,target,non_target,new_lesions,overall," \
	"progression_date,reasons,flags,best_overall,best_overall_date,confirmed_best_overall," \
	"confirmed_best_overall_date,duration_of_response_days,duration_of_response_censored," \
	"time_to_progression_days,time_to_progression_censored\n"

int recist_csv_header(recist_buffer *buf)
{
	return buf_puts(buf, CSV_HEADER);
}

/* The rule set's best response, repeated on each of its rows. */
static int csv_best_response(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	char dor[24] = "", ttp[24];

	if (bor->has_dor)
		snprintf(dor, sizeof dor, "%ld", (long)bor->dor_end - bor->dor_start);
	snprintf(ttp, sizeof ttp, "%ld", (long)bor->ttp_end - cr->start_day);
	return buf_printf(b, "%s,%s,%s,%s,%s,%s,%s,%s\n", recist_response_name(bor->best),
	                  bor->best_date.has ? cr->best_date : "", recist_response_name(bor->confirmed),
	                  bor->confirmed_date.has ? cr->confirmed_date : "", dor,
	                  bor->has_dor ? (bor->dor_censored ? "true" : "false") : "", ttp,
	                  bor->ttp_censored ? "true" : "false");
}

int format_csv(recist_buffer *b, const struct recist_result *res)
{
	char sum[48], nadir[48], cbl[48], cnp[48], cnm[48];
	recist_buffer reasons = RECIST_BUFFER_INIT, flags = RECIST_BUFFER_INIT;
	int rc = 0;

	for (size_t ci = 0; ci < res->n_crit; ci++) {
		const struct crit_result *cr = &res->crit[ci];
		for (size_t ti = 0; ti < cr->n_tps; ti++) {
			const struct tp_result *tp = &cr->tps[ti];
			format_mm(tp->sum_mm, sum);
			format_mm(tp->nadir_mm, nadir);
			format_pct(tp->change_from_baseline_pct, cbl);
			format_pct(tp->change_from_nadir_pct, cnp);
			format_mm(tp->change_from_nadir_mm, cnm);
			recist_buffer_clear(&reasons);
			for (size_t i = 0; i < tp->n_reasons; i++) {
				rc |= i ? buf_puts(&reasons, "; ") : 0;
				rc |= buf_puts(&reasons, tp->reasons[i]);
			}
			rc |= csv_field(b, res->case_id, 0);
			rc |= csv_field(b, cr->rs->id, 0);
			rc |= csv_field(b, tp->date, 0);
			rc |= csv_field(b, sum, 0);
			rc |= csv_field(b, nadir, 0);
			rc |= csv_field(b, cbl, 0);
			rc |= csv_field(b, cnp, 0);
			rc |= csv_field(b, cnm, 0);
			rc |= csv_field(b, recist_response_name(tp->target), 0);
			rc |= csv_field(b, recist_response_name(tp->non_target), 0);
			rc |= csv_field(b, recist_response_name(tp->new_lesions), 0);
			rc |= csv_field(b, recist_response_name(tp->overall), 0);
			rc |= csv_field(b, cr->has_progression ? cr->progression_date : "", 0);
			rc |= csv_field(b, reasons.ptr ? reasons.ptr : "", 0);
			/* The flags raised at this follow-up (they compare rule sets). */
			recist_buffer_clear(&flags);
			for (size_t i = 0; i < res->n_flags; i++) {
				if (strcmp(res->flags[i].date, tp->date) != 0 ||
				    (res->flags[i].criteria && strcmp(res->flags[i].criteria, cr->rs->id) != 0))
					continue;
				rc |= flags.len ? buf_puts(&flags, ";") : 0;
				rc |= buf_puts(&flags, res->flags[i].code);
			}
			rc |= csv_field(b, flags.ptr && flags.len ? flags.ptr : "", 0);
			rc |= csv_best_response(b, cr);
		}
	}
	recist_buffer_release(&reasons);
	recist_buffer_release(&flags);
	return rc ? RECIST_ENOMEM : 0;
}
