/*
 * result.c - result lifetime and the public read accessors.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score/result.h"

recist_result *recist_result_new(void)
{
	return calloc(1, sizeof(recist_result));
}

void recist_result_free(recist_result *res)
{
	if (res == NULL)
		return;
	arena_release(&res->arena);
	free(res);
}

int result_add_warning(struct recist_result *res, const char *criteria, const char *rule, const char *code,
                       const char *message, struct place at)
{
	struct result_warning *w = arena_grow(&res->arena, res->warnings, res->n_warnings,
	                                      &res->cap_warnings, sizeof *w);

	if (w == NULL)
		return RECIST_ENOMEM;
	res->warnings = w;
	res->warnings[res->n_warnings++] = (struct result_warning){ criteria, rule, code, message, at };
	return 0;
}

/* What assessment a recorded of the non-targets and the new lesions, into ra. */
static int copy_assessment(struct recist_result *res, const struct recist_case *c, const struct assessment *a,
                           struct result_assessment *ra)
{
	struct arena *ar = &res->arena;

	if (a->n_meas > 0 && (ra->non_targets = arena_alloc(ar, a->n_meas * sizeof *ra->non_targets)) == NULL)
		return RECIST_ENOMEM;
	for (size_t k = 0; k < a->n_meas; k++) {
		const struct measurement *m = &a->meas[k];
		if (c->lesions[m->lesion].role != ROLE_NON_TARGET)
			continue;
		ra->non_targets[ra->n_non_targets++] = (struct result_non_target){
			m->lesion, m->status, (m->flags & M_SHORT_AXIS) != 0, m->short_axis_um, m->enhancing };
	}
	if (a->n_new > 0 && (ra->new_lesions = arena_alloc(ar, a->n_new * sizeof *ra->new_lesions)) == NULL)
		return RECIST_ENOMEM;
	for (size_t k = 0; k < a->n_new; k++) {
		const struct new_lesion *nl = &a->new_lesions[k];
		struct result_new_lesion *rn = &ra->new_lesions[k];
		*rn = (struct result_new_lesion){ arena_strdup(ar, nl->id), arena_strdup(ar, nl->organ_text), nl->nodal,
		                                  nl->has_size, nl->equivocal, nl->size_um, nl->arterial_enhancement,
		                                  nl->washout, nl->role };
		if (rn->id == NULL || rn->organ == NULL)
			return RECIST_ENOMEM;
	}
	ra->n_new_lesions = a->n_new;
	return 0;
}

int result_copy_case(struct recist_result *res, const struct recist_case *c)
{
	struct arena *a = &res->arena;
	int rc;

	res->note = NULL;
	res->n_lesions = res->n_assessments = 0;
	if ((c->note != NULL && (res->note = arena_strdup(a, c->note)) == NULL) ||
	    (res->lesions = arena_calloc(a, c->n_lesions ? c->n_lesions : 1, sizeof *res->lesions)) == NULL ||
	    (res->assessments = arena_calloc(a, c->n_assessments ? c->n_assessments : 1, sizeof *res->assessments)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < c->n_lesions; i++) {
		const struct lesion *l = &c->lesions[i];
		res->lesions[i] = (struct result_lesion){ arena_strdup(a, l->id), arena_strdup(a, l->organ_text),
		                                          l->role == ROLE_TARGET, l->nodal };
		if (res->lesions[i].id == NULL || res->lesions[i].organ == NULL)
			return RECIST_ENOMEM;
	}
	res->n_lesions = c->n_lesions;
	for (size_t i = 0; i < c->n_assessments; i++)
		if ((rc = copy_assessment(res, c, &c->assessments[i], &res->assessments[i])) < 0)
			return rc;
	res->n_assessments = c->n_assessments;
	return 0;
}

int result_add_flag(struct recist_result *res, const char *criteria, const char *code,
                    const char *date, const char *message)
{
	struct result_flag *f = arena_grow(&res->arena, res->flags, res->n_flags, &res->cap_flags, sizeof *f);

	if (f == NULL)
		return RECIST_ENOMEM;
	res->flags = f;
	res->flags[res->n_flags++] = (struct result_flag){ criteria, code, date, message };
	return 0;
}

size_t recist_result_criteria_count(const recist_result *res)
{
	return res->n_crit;
}

const char *recist_result_criteria_id(const recist_result *res, size_t ci)
{
	return ci < res->n_crit ? res->crit[ci].rs->id : NULL;
}

const char *recist_result_not_assessed(const recist_result *res, size_t ci)
{
	return ci < res->n_crit ? res->crit[ci].not_assessed : NULL;
}

size_t recist_result_timepoint_count(const recist_result *res, size_t ci)
{
	return ci < res->n_crit ? res->crit[ci].n_tps : 0;
}

int recist_result_timepoint(const recist_result *res, size_t ci, size_t ti, recist_timepoint *out)
{
	const struct tp_result *tp;
	int64_t um;

	if (ci >= res->n_crit || ti >= res->crit[ci].n_tps)
		return RECIST_ENOTFOUND;
	tp = &res->crit[ci].tps[ti];
	memset(out, 0, sizeof *out);
	out->date = tp->date;
	out->has_sum = tp->sum_mm.has && ratio_to_um(tp->sum_mm.v, &um) == 0;
	out->sum_um = out->has_sum ? um : 0;
	out->target = tp->target;
	out->non_target = tp->non_target;
	out->new_lesions = tp->new_lesions;
	out->overall = tp_response(tp);   /* iRECIST: its own response, as every output gives it */
	out->reason_count = tp->n_reasons;
	out->reasons = tp->reasons;
	return 0;
}

const char *recist_result_progression_date(const recist_result *res, size_t ci)
{
	if (ci >= res->n_crit || !res->crit[ci].has_progression)
		return NULL;
	return res->crit[ci].progression_date;
}

size_t recist_result_flag_count(const recist_result *res)
{
	return res->n_flags;
}

int recist_result_flag(const recist_result *res, size_t i, recist_flag *out)
{
	if (i >= res->n_flags)
		return RECIST_ENOTFOUND;
	out->code = res->flags[i].code;
	out->date = res->flags[i].date;
	out->message = res->flags[i].message;
	out->criteria = res->flags[i].criteria;
	return 0;
}

recist_response recist_result_best_overall(const recist_result *res, size_t ci, int confirmed, const char **date)
{
	const struct crit_result *cr;

	*date = NULL;
	if (ci >= res->n_crit)
		return RECIST_RESP_NONE;
	cr = &res->crit[ci];
	if (confirmed) {
		*date = cr->bor.confirmed_date.has ? cr->confirmed_date : NULL;
		return cr->bor.confirmed;
	}
	*date = cr->bor.best_date.has ? cr->best_date : NULL;
	return cr->bor.best;
}

/* ---- A result as a result line's record (summary, plot) --------------- */

/*
 * An exact % change as a result line carries it (truncated toward zero to
 * 2 decimals, format_pct), so that cases and their result lines draw the
 * same figure, byte for byte.
 */
static double pct_as_written(struct optnum v)
{
	char text[48];

	format_pct(v, text);
	return strtod(text, NULL);
}

/* The follow-ups of cr as the record's (in rec's arena). */
static int copy_tps(struct result_record *rec, struct record_crit *rc, const struct crit_result *cr)
{
	if (cr->n_tps > 0 && (rc->tps = arena_calloc(&rec->arena, cr->n_tps, sizeof *rc->tps)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < cr->n_tps; i++) {
		const struct tp_result *t = &cr->tps[i];

		rc->tps[i] = (struct record_tp){ t->day, t->sum_mm.has, t->change_from_baseline_pct.has,
		                                 t->sum_mm.has ? ratio_to_double(t->sum_mm.v) : 0,
		                                 t->change_from_baseline_pct.has ? pct_as_written(t->change_from_baseline_pct) : 0,
		                                 t->target, t->non_target, t->new_lesions, tp_response(t) };
	}
	rc->n_tps = cr->n_tps;
	return 0;
}

/* One rule set's part of the record. */
static int record_crit_of(struct result_record *rec, struct record_crit *rc, const struct crit_result *cr,
                          unsigned what)
{
	*rc = (struct record_crit){ .id = cr->rs->id, .not_assessed = cr->not_assessed != NULL, .best = cr->bor.best,
	                            .confirmed = cr->bor.confirmed, .has_ttp = true,
	                            .ttp_censored = cr->bor.ttp_censored, .ttp_days = cr->bor.ttp_end - cr->start_day };
	if (!(what & RECORD_TIMEPOINTS))
		return 0;
	rc->name = cr->rs->name;
	rc->has_baseline = rc->has_start = true;
	rc->baseline_day = cr->baseline_day;
	rc->start_day = cr->start_day;
	rc->baseline_sum_mm = cr->baseline_sum_mm.has ? ratio_to_double(cr->baseline_sum_mm.v) : 0;
	return copy_tps(rec, rc, cr);
}

int result_record_of(struct result_record *rec, const struct recist_result *res, unsigned what)
{
	int32_t start = res->has_treatment_start ? res->treatment_start : res->n_crit > 0 ? res->crit[0].start_day : 0;

	arena_reset(&rec->arena);
	memset((char *)rec + sizeof rec->arena, 0, sizeof *rec - sizeof rec->arena);
	rec->case_id = res->case_id;
	rec->arm = res->arm;
	for (size_t i = 0; i < res->n_crit && i < RECORD_MAX_CRIT; i++)
		if (record_crit_of(rec, &rec->crit[rec->n_crit++], &res->crit[i], what) < 0)
			return RECIST_ENOMEM;
	if ((res->n_flags && (rec->flags = arena_calloc(&rec->arena, res->n_flags, sizeof *rec->flags)) == NULL) ||
	    (res->n_warnings &&
	     (rec->warnings = arena_calloc(&rec->arena, res->n_warnings, sizeof *rec->warnings)) == NULL))
		return RECIST_ENOMEM;
	for (size_t i = 0; i < res->n_flags; i++)
		rec->flags[rec->n_flags++] = res->flags[i].code;
	for (size_t i = 0; i < res->n_warnings; i++)
		rec->warnings[rec->n_warnings++] = res->warnings[i].code;
	if (res->has_death_date || res->has_last_alive_date) {
		rec->has_os = true;
		rec->os_censored = !res->has_death_date;
		rec->os_days = (res->has_death_date ? res->death_date : res->last_alive_date) - start;
	}
	return 0;
}
