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
#include "output/format.h"

#define BOR_CSV_HEADER "case_id,criteria,best_overall,best_overall_date,confirmed_best_overall," \
	"confirmed_best_overall_date,progression_date,duration_of_response_days," \
	"duration_of_response_censored,time_to_progression_days,time_to_progression_censored,flags\n"

int recist_bor_csv_header(recist_buffer *buf)
{
	return buf_puts(buf, BOR_CSV_HEADER);
}

/* A review flag belongs to the record of the rule set that raised it. */
static bool flag_of(const struct result_flag *f, const struct crit_result *cr)
{
	return f->criteria != NULL && strcmp(f->criteria, cr->rs->id) == 0;
}

static int bor_json(recist_buffer *b, const struct recist_result *res, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
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
	rc |= buf_puts(b, "]}\n");
	(void)bor;
	return rc;
}

static int bor_csv(recist_buffer *b, const struct recist_result *res, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	char dor[24] = "", flags[256] = "";
	size_t used = 0;
	int rc;

	if (bor->has_dor)
		snprintf(dor, sizeof dor, "%ld", (long)bor->dor_end - bor->dor_start);
	for (size_t i = 0; i < res->n_flags && used + 40 < sizeof flags; i++)
		if (flag_of(&res->flags[i], cr))
			used += (size_t)snprintf(flags + used, sizeof flags - used, "%s%s", used ? ";" : "",
			                         res->flags[i].code);
	rc = csv_field(b, res->case_id, 0);
	rc |= buf_printf(b, "%s,%s,%s,%s,%s,%s,%s,%s,%ld,%s,%s\n", cr->rs->id, recist_response_name(bor->best),
	                 bor->best_date.has ? cr->best_date : "", recist_response_name(bor->confirmed),
	                 bor->confirmed_date.has ? cr->confirmed_date : "",
	                 cr->has_progression ? cr->progression_date : "", dor,
	                 bor->has_dor ? (bor->dor_censored ? "true" : "false") : "",
	                 (long)bor->ttp_end - cr->start_day, bor->ttp_censored ? "true" : "false", flags);
	return rc;
}

static int bor_text(recist_buffer *b, const struct recist_result *res, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	int rc = 0;

	rc |= buf_printf(b, "%s [%s]\n", res->case_id, cr->rs->id);
	rc |= buf_printf(b, "  best overall           %s%s%s\n", recist_response_name(bor->best),
	                 bor->best_date.has ? " " : "", bor->best_date.has ? cr->best_date : "");
	rc |= buf_printf(b, "  confirmed best         %s%s%s\n", recist_response_name(bor->confirmed),
	                 bor->confirmed_date.has ? " " : "", bor->confirmed_date.has ? cr->confirmed_date : "");
	rc |= buf_printf(b, "  progression            %s\n", cr->has_progression ? cr->progression_date : "none");
	rc |= buf_printf(b, "  time to progression    %ld d%s\n", (long)bor->ttp_end - cr->start_day,
	                 bor->ttp_censored ? " (censored)" : "");
	if (bor->has_dor)
		rc |= buf_printf(b, "  response duration      %ld d%s\n", (long)bor->dor_end - bor->dor_start,
		                 bor->dor_censored ? " (censored)" : "");
	for (size_t i = 0; i < res->n_flags; i++)
		if (flag_of(&res->flags[i], cr))
			rc |= buf_printf(b, "  !! %s %s: %s\n", res->flags[i].code, res->flags[i].date,
			                 res->flags[i].message);
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
