/*
 * flags_eval.c - evaluating a flag set over a scored result: at each
 * follow-up, each flag's condition reads every compared rule set's
 * responses there (ALIAS.FIELD), and a flag whose condition is true is
 * recorded with its rendered message.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "rules/flagset.h"
#include "score/result.h"

/*
 * The values of one rule set's follow-up, in FLAG_FIELDS order.  Two of
 * them look back, so that a flag may see a pattern across follow-ups
 * (pseudo-progression: an iUPD set aside after RECIST 1.1 progression):
 * the days since the rule set's date of progression, and since the iUPD
 * pending before this follow-up.
 */
static void fill(struct value *q, const struct crit_result *cr, const struct tp_result *tp)
{
	const struct bor_date *pd = &cr->bor.progression;

	value_set_str(&q[FF_target], recist_response_name(tp->target));
	value_set_str(&q[FF_non_target], recist_response_name(tp->non_target));
	value_set_str(&q[FF_new_lesions], recist_response_name(tp->new_lesions));
	value_set_str(&q[FF_overall], recist_response_name(tp_response(tp)));
	value_set_opt(&q[FF_sum_mm], tp->sum_mm);
	value_set_opt(&q[FF_nadir_mm], tp->nadir_mm);
	value_set_opt(&q[FF_change_from_baseline_pct], tp->change_from_baseline_pct);
	value_set_opt(&q[FF_change_from_nadir_pct], tp->change_from_nadir_pct);
	if (pd->has && pd->day <= tp->day)
		value_set_int(&q[FF_days_since_progression], tp->day - pd->day);
	else
		value_set_null(&q[FF_days_since_progression]);
	if (tp->has_pending_iupd)
		value_set_int(&q[FF_days_since_iupd], tp->day - tp->pending_iupd_day);
	else
		value_set_null(&q[FF_days_since_iupd]);
}

static const struct crit_result *find_criteria(const struct recist_result *res, const char *id)
{
	for (size_t i = 0; i < res->n_crit; i++)
		if (strcmp(res->crit[i].rs->id, id) == 0)
			return res->crit[i].not_assessed == NULL ? &res->crit[i] : NULL;  /* not assessed: not scored */
	return NULL;
}

static int undecided(const struct recist_result *res, const struct flag_rule *fl, const recist_diag_sink *sink)
{
	diag_emit(sink, D_EVAL_UNDECIDED, (struct pos){ NULL, 0, 0 }, NULL,
	          "case '%s': arithmetic overflow or out of memory in flag '%s'", res->case_id, fl->code);
	return RECIST_ERROR;
}

int recist_evaluate_flags(recist_result *res, const recist_flagset *fs, const recist_diag_sink *sink)
{
	struct value q[FLAG_MAX_CRITERIA * FF__COUNT];
	const struct crit_result *cr[FLAG_MAX_CRITERIA];
	size_t n_tps = 0;

	/* Drop the cross-criteria flags of an earlier call; keep the rule sets' own. */
	size_t kept = 0;
	for (size_t i = 0; i < res->n_flags; i++)
		if (res->flags[i].criteria != NULL)
			res->flags[kept++] = res->flags[i];
	res->n_flags = kept;
	for (size_t a = 0; a < fs->n_criteria; a++) {
		cr[a] = find_criteria(res, fs->criteria[a]);
		if (cr[a] != NULL)
			n_tps = cr[a]->n_tps;
	}
	/* Every rule set scored the same assessments, so follow-ups align. */
	for (size_t ti = 0; ti < n_tps; ti++) {
		const char *date = NULL;

		for (size_t a = 0; a < fs->n_criteria; a++) {
			if (cr[a] != NULL) {
				fill(q + a * FF__COUNT, cr[a], &cr[a]->tps[ti]);
				date = cr[a]->tps[ti].date;
			} else {
				/* Not scored: no field has a value, so no flag fires on it. */
				for (size_t f = 0; f < FF__COUNT; f++)
					q[a * FF__COUNT + f].t = V_NULL;
			}
		}
		for (size_t k = 0; k < fs->n_flags; k++) {
			const struct flag_rule *fl = &fs->flags[k];
			const char *msg;
			int rc;

			if ((rc = expr_test(&fl->when, q)) < 0)
				return undecided(res, fl, sink);
			if (rc == 0)
				continue;
			if ((msg = tmpl_render(&fl->message, q, &res->arena)) == NULL)
				return undecided(res, fl, sink);
			if ((rc = result_add_flag(res, NULL, fl->code, date, msg)) < 0)
				return rc;
		}
	}
	return 0;
}
