/*
 * format_json.c - recist-result/1 (recist(1), OUTPUT, json), one line per
 * case.
 *
 * SPDX-License-Identifier: MIT
 *
 * Written by hand rather than through cJSON: the key order is the
 * interface's, numbers print exactly (format.h), and no tree is built per
 * case.
 */
#include <string.h>

#include "base/date.h"
#include "base/text.h"
#include "output/format.h"

/* ,"key": (keys are our own: nothing to escape) */
static int json_key(recist_buffer *b, const char *key)
{
	return buf_append(b, ",\"", 2) | buf_puts(b, key) | buf_append(b, "\":", 2);
}

/* "key":value for an optional number printed by f. */
static int json_num(recist_buffer *b, const char *key, struct optnum v, size_t (*f)(struct optnum, char *))
{
	char num[48];
	size_t n = f(v, num);

	return json_key(b, key) | (v.has ? buf_append(b, num, n) : buf_puts(b, "null"));
}

static int json_resp(recist_buffer *b, const char *key, recist_response r)
{
	return json_key(b, key) | buf_append(b, "\"", 1) | buf_puts(b, recist_response_name(r)) |
	       buf_append(b, "\"", 1);
}

/* [s[0],s[1],...] */
static int json_strings(recist_buffer *b, const char *const *s, size_t n)
{
	int rc = buf_append(b, "[", 1);

	for (size_t i = 0; i < n; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_string(b, s[i]);
	}
	return rc | buf_append(b, "]", 1);
}

/*
 * new_targets and new_target_sum_mm (iSOM) follow the sums, only under a
 * rule set that chooses new targets (new_lesion_role, recist-rules(5));
 * progression (the response and its rule) follows overall, only under a
 * rule set with a progression list (iRECIST).
 */
static int json_timepoint(recist_buffer *b, const struct tp_result *tp, bool new_targets, bool progression)
{
	char digits[48];
	int rc = 0;

	rc |= buf_puts(b, "{\"date\":\"");
	rc |= buf_append(b, tp->date, 10);
	rc |= buf_append(b, "\"", 1);
	rc |= json_num(b, "sum_mm", tp->sum_mm, format_mm);
	rc |= json_num(b, "nadir_mm", tp->nadir_mm, format_mm);
	rc |= json_num(b, "change_from_baseline_pct", tp->change_from_baseline_pct, format_pct);
	rc |= json_num(b, "change_from_nadir_pct", tp->change_from_nadir_pct, format_pct);
	rc |= json_num(b, "change_from_nadir_mm", tp->change_from_nadir_mm, format_mm);
	if (new_targets) {
		rc |= buf_puts(b, ",\"new_targets\":");
		rc |= buf_append(b, digits, ratio_format(ratio_int(tp->n_new_targets), 0, 0, digits));
		rc |= json_num(b, "new_target_sum_mm", tp->new_target_sum_mm, format_mm);
	}
	rc |= json_resp(b, "target", tp->target);
	rc |= json_resp(b, "non_target", tp->non_target);
	rc |= json_resp(b, "new_lesions", tp->new_lesions);
	/* Under a progression list, "overall" is its answer and the table's is kept beside it. */
	rc |= json_resp(b, "overall", tp_response(tp));
	if (progression)
		rc |= json_resp(b, "overall_recist", tp->overall);
	rc |= buf_puts(b, ",\"reasons\":");
	rc |= json_strings(b, tp->reasons, tp->n_reasons);
	rc |= buf_puts(b, ",\"rules\":{\"target\":");
	rc |= json_string(b, tp->target_rule);
	rc |= buf_puts(b, ",\"non_target\":");
	rc |= json_string(b, tp->non_target_rule);
	rc |= buf_puts(b, ",\"new_lesions\":");
	rc |= json_strings(b, tp->new_lesion_rules, tp->n_new_lesion_reasons);
	rc |= buf_puts(b, ",\"overall\":\"overall[");
	rc |= buf_append(b, digits, ratio_format(ratio_int((int64_t)tp->overall_row), 0, 0, digits));
	rc |= buf_puts(b, "]\"");
	if (progression) {
		rc |= buf_puts(b, ",\"progression\":");
		rc |= json_string(b, tp->progression_rule);
	}
	rc |= buf_puts(b, "}}");
	return rc ? RECIST_ENOMEM : 0;
}

/* {"start","end","days","censored"}, days from start to end (no printf: one per rule set and case). */
static int json_span(recist_buffer *b, int32_t start, int32_t end, bool censored)
{
	char s[11], e[11], days[48];

	date_format(start, s);
	date_format(end, e);
	ratio_format(ratio_int((int64_t)end - start), 0, 0, days);
	return buf_puts(b, "{\"start\":\"") | buf_append(b, s, 10) | buf_puts(b, "\",\"end\":\"") |
	       buf_append(b, e, 10) | buf_puts(b, "\",\"days\":") | buf_puts(b, days) |
	       buf_puts(b, censored ? ",\"censored\":true}" : ",\"censored\":false}");
}

/*
 * best_overall, confirmed_best_overall, progression_date (recist(1),
 * OUTPUT, json), then duration_of_response (null unless best is CR or
 * PR) and time_to_progression from treatment start.
 */
int json_best_response(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	int rc = 0;

	rc |= buf_puts(b, ",\"best_overall\":{\"response\":\"") | buf_puts(b, recist_response_name(bor->best)) |
	      buf_puts(b, "\",\"date\":");
	rc |= json_string(b, bor->best_date.has ? cr->best_date : NULL);
	rc |= buf_puts(b, "},\"confirmed_best_overall\":{\"response\":\"") |
	      buf_puts(b, recist_response_name(bor->confirmed)) | buf_puts(b, "\",\"date\":");
	rc |= json_string(b, bor->confirmed_date.has ? cr->confirmed_date : NULL);
	rc |= buf_puts(b, "},\"progression_date\":");
	rc |= json_string(b, cr->has_progression ? cr->progression_date : NULL);
	rc |= buf_puts(b, ",\"duration_of_response\":");
	rc |= bor->has_dor ? json_span(b, bor->dor_start, bor->dor_end, bor->dor_censored) : buf_puts(b, "null");
	rc |= buf_puts(b, ",\"time_to_progression\":");
	rc |= json_span(b, cr->start_day, bor->ttp_end, bor->ttp_censored);
	return rc;
}

static int json_criteria(recist_buffer *b, const struct crit_result *cr)
{
	int rc = 0;

	rc |= json_string(b, cr->rs->id);
	rc |= buf_puts(b, ":{\"name\":");
	rc |= json_string(b, cr->rs->name);
	if (cr->not_assessed != NULL) {  /* once, instead of an NE at every follow-up (recist evaluate) */
		rc |= buf_puts(b, ",\"not_assessed\":");
		rc |= json_string(b, cr->not_assessed);
	}
	rc |= buf_puts(b, ",\"baseline\":{\"date\":\"") | buf_append(b, cr->baseline_date, 10) | buf_puts(b, "\"");
	rc |= json_num(b, "sum_mm", cr->baseline_sum_mm, format_mm);
	rc |= buf_puts(b, "},\"timepoints\":[");
	for (size_t i = 0; i < cr->n_tps; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_timepoint(b, &cr->tps[i], cr->rs->new_lesion_role.n > 0, cr->rs->progression.n > 0);
	}
	rc |= buf_puts(b, "]");
	rc |= json_best_response(b, cr);
	rc |= buf_append(b, "}", 1);
	return rc ? RECIST_ENOMEM : 0;
}

static int json_warning(recist_buffer *b, const struct result_warning *w)
{
	int rc = 0;

	rc |= buf_puts(b, "{\"code\":");
	rc |= json_string(b, w->code);
	rc |= buf_puts(b, ",\"message\":");
	rc |= json_string(b, w->message);
	rc |= buf_puts(b, ",\"path\":");
	rc |= json_place(b, &w->at);
	rc |= buf_puts(b, ",\"criteria\":");
	rc |= json_string(b, w->criteria);
	rc |= buf_puts(b, ",\"rule\":");
	rc |= json_string(b, w->rule);
	rc |= buf_append(b, "}", 1);
	return rc ? RECIST_ENOMEM : 0;
}

int format_json(recist_buffer *b, const struct recist_result *res)
{
	int rc = 0;

	rc |= buf_puts(b, "{\"format\":\"recist-result/1\",\"case_id\":");
	rc |= json_string(b, res->case_id);
	if (res->arm) {
		rc |= buf_puts(b, ",\"arm\":");
		rc |= json_string(b, res->arm);
	}
	if (res->has_death_date || res->has_last_alive_date) {  /* recist-case(5): death_date, last_alive_date */
		int32_t start = res->has_treatment_start ? res->treatment_start
		              : res->n_crit > 0 ? res->crit[0].start_day : 0;

		rc |= buf_puts(b, ",\"overall_survival\":");
		rc |= json_span(b, start, res->has_death_date ? res->death_date : res->last_alive_date,
		                !res->has_death_date);
	}
	rc |= buf_puts(b, ",\"criteria\":{");
	for (size_t i = 0; i < res->n_crit; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_criteria(b, &res->crit[i]);
	}
	rc |= buf_puts(b, "},\"flags\":[");
	for (size_t i = 0; i < res->n_flags; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= buf_puts(b, "{\"code\":");
		rc |= json_string(b, res->flags[i].code);
		if (res->flags[i].criteria) {
			rc |= buf_puts(b, ",\"criteria\":");
			rc |= json_string(b, res->flags[i].criteria);
		}
		rc |= buf_puts(b, ",\"date\":");
		rc |= json_string(b, res->flags[i].date);
		rc |= buf_puts(b, ",\"message\":");
		rc |= json_string(b, res->flags[i].message);
		rc |= buf_append(b, "}", 1);
	}
	rc |= buf_puts(b, "],\"warnings\":[");
	for (size_t i = 0; i < res->n_warnings; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_warning(b, &res->warnings[i]);
	}
	rc |= buf_puts(b, "]");
	rc |= json_provenance(b, res->crit, res->n_crit);
	rc |= buf_puts(b, "}\n");
	return rc ? RECIST_ENOMEM : 0;
}
