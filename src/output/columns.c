/*
 * columns.c - the CSV outputs' columns: names, values, and the two layouts
 * the interface fixes (see columns.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "output/columns.h"
#include "output/format.h"
#include "rules/ruleset.h"

static const char *const column_name[COL__N] = {
	[COL_CASE_ID]                     = "case_id",
	[COL_CRITERIA]                    = "criteria",
	[COL_DATE]                        = "date",
	[COL_SUM_MM]                      = "sum_mm",
	[COL_NADIR_MM]                    = "nadir_mm",
	[COL_CHANGE_FROM_BASELINE_PCT]    = "change_from_baseline_pct",
	[COL_CHANGE_FROM_NADIR_PCT]       = "change_from_nadir_pct",
	[COL_CHANGE_FROM_NADIR_MM]        = "change_from_nadir_mm",
	[COL_TARGET]                      = "target",
	[COL_NON_TARGET]                  = "non_target",
	[COL_NEW_LESIONS]                 = "new_lesions",
	[COL_OVERALL]                     = "overall",
	[COL_PROGRESSION_DATE]            = "progression_date",
	[COL_REASONS]                     = "reasons",
	[COL_FLAGS]                       = "flags",
	[COL_BEST_OVERALL]                = "best_overall",
	[COL_BEST_OVERALL_DATE]           = "best_overall_date",
	[COL_CONFIRMED_BEST_OVERALL]      = "confirmed_best_overall",
	[COL_CONFIRMED_BEST_OVERALL_DATE] = "confirmed_best_overall_date",
	[COL_DOR_DAYS]                    = "duration_of_response_days",
	[COL_DOR_CENSORED]                = "duration_of_response_censored",
	[COL_TTP_DAYS]                    = "time_to_progression_days",
	[COL_TTP_CENSORED]                = "time_to_progression_censored",
	[COL_WARNINGS]                    = "warnings",
	[COL_RECIST_VERSION]              = "recist_version",
	[COL_RULES_VERSION]               = "rules_version",
	[COL_RULES_SHA256]                = "rules_sha256",
	[COL_OVERRIDES]                   = "overrides",
};

/* recist evaluate/batch --format csv: one row per case, rule set and
 * follow-up (recist(1), OUTPUT, csv). */
static const enum column results_cols[] = {
	COL_CASE_ID, COL_CRITERIA, COL_DATE, COL_SUM_MM, COL_NADIR_MM, COL_CHANGE_FROM_BASELINE_PCT,
	COL_CHANGE_FROM_NADIR_PCT, COL_CHANGE_FROM_NADIR_MM, COL_TARGET, COL_NON_TARGET, COL_NEW_LESIONS,
	COL_OVERALL, COL_PROGRESSION_DATE, COL_REASONS, COL_FLAGS, COL_BEST_OVERALL, COL_BEST_OVERALL_DATE,
	COL_CONFIRMED_BEST_OVERALL, COL_CONFIRMED_BEST_OVERALL_DATE, COL_DOR_DAYS, COL_DOR_CENSORED,
	COL_TTP_DAYS, COL_TTP_CENSORED, COL_WARNINGS, COL_RECIST_VERSION, COL_RULES_VERSION, COL_RULES_SHA256,
	COL_OVERRIDES,
};

/* recist bor --format csv: one row per subject and rule set. */
static const enum column bor_cols[] = {
	COL_CASE_ID, COL_CRITERIA, COL_BEST_OVERALL, COL_BEST_OVERALL_DATE, COL_CONFIRMED_BEST_OVERALL,
	COL_CONFIRMED_BEST_OVERALL_DATE, COL_PROGRESSION_DATE, COL_DOR_DAYS, COL_DOR_CENSORED, COL_TTP_DAYS,
	COL_TTP_CENSORED, COL_FLAGS, COL_RECIST_VERSION, COL_RULES_VERSION, COL_RULES_SHA256, COL_OVERRIDES,
};

const struct csv_layout csv_results_layout = { results_cols, ARRAY_SIZE(results_cols) };
const struct csv_layout csv_bor_layout = { bor_cols, ARRAY_SIZE(bor_cols) };

int csv_header(recist_buffer *b, const struct csv_layout *l)
{
	int rc = 0;

	for (size_t i = 0; i < l->n; i++)
		rc |= csv_field(b, column_name[l->cols[i]], i + 1 == l->n);
	return rc ? RECIST_ENOMEM : 0;
}

static const char *days(long d, char scratch[24])
{
	snprintf(scratch, 24, "%ld", d);
	return scratch;
}

const char *best_value(const struct crit_result *cr, enum column c, char scratch[24])
{
	const struct bor_result *bor = &cr->bor;

	if (cr->not_assessed != NULL)  /* no best response to give */
		return "";
	switch (c) {
	case COL_PROGRESSION_DATE:
		return cr->has_progression ? cr->progression_date : "";
	case COL_BEST_OVERALL:
		return recist_response_name(bor->best);
	case COL_BEST_OVERALL_DATE:
		return bor->best_date.has ? cr->best_date : "";
	case COL_CONFIRMED_BEST_OVERALL:
		return recist_response_name(bor->confirmed);
	case COL_CONFIRMED_BEST_OVERALL_DATE:
		return bor->confirmed_date.has ? cr->confirmed_date : "";
	case COL_DOR_DAYS:
		return bor->has_dor ? days((long)bor->dor_end - bor->dor_start, scratch) : "";
	case COL_DOR_CENSORED:
		return bor->has_dor ? (bor->dor_censored ? "true" : "false") : "";
	case COL_TTP_DAYS:
		return days((long)bor->ttp_end - cr->start_day, scratch);
	case COL_TTP_CENSORED:
		return bor->ttp_censored ? "true" : "false";
	default:
		return "";
	}
}

/* The value of column c in row r; numbers and the overrides go through scratch. */
static const char *row_value(const struct csv_row *r, enum column c, char scratch[160])
{
	const struct tp_result *tp = r->tp;

	switch (c) {
	case COL_CASE_ID:                  return r->res->case_id;
	case COL_CRITERIA:                 return r->cr->rs->id;
	case COL_DATE:                     return tp ? tp->date : "";
	case COL_SUM_MM:                   return tp ? (format_mm(tp->sum_mm, scratch), scratch) : "";
	case COL_NADIR_MM:                 return tp ? (format_mm(tp->nadir_mm, scratch), scratch) : "";
	case COL_CHANGE_FROM_BASELINE_PCT: return tp ? (format_pct(tp->change_from_baseline_pct, scratch), scratch) : "";
	case COL_CHANGE_FROM_NADIR_PCT:    return tp ? (format_pct(tp->change_from_nadir_pct, scratch), scratch) : "";
	case COL_CHANGE_FROM_NADIR_MM:     return tp ? (format_mm(tp->change_from_nadir_mm, scratch), scratch) : "";
	case COL_TARGET:                   return tp ? recist_response_name(tp->target) : "";
	case COL_NON_TARGET:               return tp ? recist_response_name(tp->non_target) : "";
	case COL_NEW_LESIONS:              return tp ? recist_response_name(tp->new_lesions) : "";
	case COL_OVERALL:                  return tp ? recist_response_name(tp_response(tp)) : "";
	case COL_REASONS:                  return r->reasons;
	case COL_FLAGS:                    return r->flags;
	case COL_WARNINGS:                 return r->warnings ? r->warnings : "";
	case COL_RECIST_VERSION:           return RECIST_VERSION;
	case COL_RULES_VERSION:            return r->cr->rs->version ? r->cr->rs->version : "";
	case COL_RULES_SHA256:             return r->cr->rs->sha256;
	case COL_OVERRIDES:                return provenance_overrides(r->cr, ";", "=", scratch, 160) < 0 ? "" : scratch;
	default:                           return best_value(r->cr, c, scratch);
	}
}

int csv_row(recist_buffer *b, const struct csv_layout *l, const struct csv_row *row)
{
	char scratch[160];
	int rc = 0;

	for (size_t i = 0; i < l->n; i++)
		rc |= csv_field(b, row_value(row, l->cols[i], scratch), i + 1 == l->n);
	return rc ? RECIST_ENOMEM : 0;
}

int csv_error_row(recist_buffer *b, const struct csv_layout *l, const char *case_id, const char *reason)
{
	int rc = 0;

	for (size_t i = 0; i < l->n; i++) {
		enum column c = l->cols[i];
		const char *v = c == COL_CASE_ID ? (case_id ? case_id : "")
		              : c == COL_CRITERIA ? "ERROR"
		              : c == COL_REASONS  ? reason : "";
		rc |= csv_field(b, v, i + 1 == l->n);
	}
	return rc ? RECIST_ENOMEM : 0;
}

/* "PR 2024-03-04", "NE". */
static bool text_best(const struct crit_result *cr, char out[64])
{
	const struct bor_result *bor = &cr->bor;

	snprintf(out, 64, "%s%s%s", recist_response_name(bor->best), bor->best_date.has ? " " : "",
	         bor->best_date.has ? cr->best_date : "");
	return true;
}

static bool text_confirmed(const struct crit_result *cr, char out[64])
{
	const struct bor_result *bor = &cr->bor;

	snprintf(out, 64, "%s%s%s", recist_response_name(bor->confirmed), bor->confirmed_date.has ? " " : "",
	         bor->confirmed_date.has ? cr->confirmed_date : "");
	return true;
}

static bool text_progression(const struct crit_result *cr, char out[64])
{
	snprintf(out, 64, "%s", cr->has_progression ? cr->progression_date : "none");
	return true;
}

/* "120 d" or "120 d (censored)". */
static bool text_ttp(const struct crit_result *cr, char out[64])
{
	char days[24];

	snprintf(out, 64, "%s d%s", best_value(cr, COL_TTP_DAYS, days), cr->bor.ttp_censored ? " (censored)" : "");
	return true;
}

static bool text_dor(const struct crit_result *cr, char out[64])
{
	char days[24];

	if (!cr->bor.has_dor)
		return false;
	snprintf(out, 64, "%s d%s", best_value(cr, COL_DOR_DAYS, days), cr->bor.dor_censored ? " (censored)" : "");
	return true;
}

const struct best_row best_rows[] = {
	{ "best overall",        text_best },
	{ "confirmed best",      text_confirmed },
	{ "progression",         text_progression },
	{ "time to progression", text_ttp },
	{ "response duration",   text_dor },
};
const size_t best_rows_count = ARRAY_SIZE(best_rows);
