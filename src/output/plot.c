/*
 * plot.c - recist plot: a cohort's series collected for the figures, as we
 * add patients one by one (recist_plot_add, recist_plot_add_json).
 *
 * SPDX-License-Identifier: MIT
 *
 * A scored result (result_record_of) and a result line (result_record_parse)
 * become the same result_record first, with their follow-ups
 * (RECORD_TIMEPOINTS), so that the figures
 * derive their numbers once: the best % change, the PD from a new lesion
 * alone, first response, progression and the end of follow-up.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/text.h"
#include "output/plot.h"
#include "score/result.h"

int recist_plot_new(recist_plot **out, const recist_plot_options *opts)
{
	recist_plot *p;

	*out = NULL;
	if (opts == NULL || opts->version != RECIST_PLOT_OPTIONS_VERSION || opts->kind < RECIST_PLOT_WATERFALL ||
	    opts->kind > RECIST_PLOT_SWIMMER ||
	    (opts->by != NULL && strcmp(opts->by, "arm") != 0 && strcmp(opts->by, "none") != 0))
		return RECIST_EINVALID;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return RECIST_ENOMEM;
	p->kind = opts->kind;
	p->by_none = opts->by != NULL && strcmp(opts->by, "none") == 0;
	p->sets = opts->sets;
	p->n_sets = opts->n_sets;
	if ((opts->criteria != NULL && (p->criteria = arena_strdup(&p->arena, opts->criteria)) == NULL) ||
	    (opts->mark_flags != NULL && (p->mark_flags = arena_strdup(&p->arena, opts->mark_flags)) == NULL)) {
		recist_plot_free(p);
		return RECIST_ENOMEM;
	}
	*out = p;
	return 0;
}

void recist_plot_free(recist_plot *p)
{
	if (p == NULL)
		return;
	free(p->groups);
	free(p->patients);
	free(p->series);
	free(p->points);
	arena_release(&p->arena);
	arena_release(&p->rec.arena);
	free(p);
}

/* Is id among the comma-separated ids of list (NULL: all are)? */
static bool chosen(const char *list, const char *id)
{
	return list == NULL || text_list_has(list, id);
}

/* The index of group name, added when new; -1 when out of memory. */
static long group_of(recist_plot *p, const char *name)
{
	for (size_t i = 0; i < p->n_groups; i++)
		if (strcmp(p->groups[i], name) == 0)
			return (long)i;
	if (!array_grow((void **)&p->groups, &p->cap_groups, p->n_groups + 1, sizeof *p->groups) ||
	    (p->groups[p->n_groups] = arena_strdup(&p->arena, name)) == NULL)
		return -1;
	return (long)p->n_groups++;
}

/* The rule set named id among the plot's sets, or NULL. */
static const recist_ruleset *set_of(const recist_plot *p, const char *id)
{
	for (size_t i = 0; i < p->n_sets; i++)
		if (strcmp(recist_ruleset_id(p->sets[i]), id) == 0)
			return p->sets[i];
	return NULL;
}

/*
 * The index of rule set cr in the plot, added when new with the params of
 * rs (the result's rule set; NULL: the plot's set of that id); -1 when
 * full or the id is too long to keep.
 */
static int crit_of(recist_plot *p, const struct record_crit *cr, const recist_ruleset *rs)
{
	struct plot_crit *c;

	for (size_t k = 0; k < p->n_crit; k++)
		if (strcmp(p->crit[k].id, cr->id) == 0)
			return (int)k;
	if (p->n_crit == PLOT_MAX_CRIT || strlen(cr->id) >= sizeof p->crit[0].id)
		return -1;
	c = &p->crit[p->n_crit];
	memset(c, 0, sizeof *c);
	strcpy(c->id, cr->id);
	snprintf(c->name, sizeof c->name, "%s", cr->name != NULL ? cr->name : cr->id);
	if (rs == NULL)
		rs = set_of(p, cr->id);
	/* The reference lines are the rule set's own params: rules are data. */
	c->has_pd_ref = rs != NULL && recist_ruleset_param(rs, "pd_increase_pct", &c->pd_ref) == 0;
	c->has_pr_ref = rs != NULL && recist_ruleset_param(rs, "pr_decrease_pct", &c->pr_ref) == 0;
	return (int)p->n_crit++;
}

/* A PD that a new lesion alone made: neither the targets nor the non-targets progressed. */
static bool new_lesion_alone(const struct record_tp *t)
{
	return plot_is_pd(t->overall) && t->new_lesions == RECIST_RESP_YES && t->target != RECIST_RESP_PD &&
	       t->non_target != RECIST_RESP_PD;
}

/* The points of series s: the baseline, then each follow-up. */
static int add_points(recist_plot *p, struct plot_series *s, const struct record_crit *cr)
{
	int32_t base = cr->has_baseline ? cr->baseline_day : cr->n_tps > 0 ? cr->tps[0].day : 0;

	if (!array_grow((void **)&p->points, &p->cap_points, p->n_points + cr->n_tps + 1, sizeof *p->points))
		return RECIST_ENOMEM;
	s->first_point = p->n_points;
	if (cr->has_baseline)
		p->points[p->n_points++] = (struct plot_point){ 0, cr->baseline_sum_mm > 0, true, cr->baseline_sum_mm,
		                                                0, RECIST_RESP_NONE };
	for (size_t i = 0; i < cr->n_tps; i++) {
		const struct record_tp *t = &cr->tps[i];

		p->points[p->n_points++] = (struct plot_point){ t->day - base, t->has_sum, t->has_pchg && t->has_sum,
		                                                t->sum_mm, t->pchg, t->overall };
	}
	s->n_points = p->n_points - s->first_point;
	return 0;
}

/*
 * What the figures read of a series' follow-ups, days since start.  The
 * best change is taken up to the first PD, included: the follow-ups after
 * it no longer count for the best response (RECIST 1.1 §4.4), nor for the
 * bar that shows it.
 */
static void add_events(struct plot_series *s, const struct record_crit *cr, int32_t start)
{
	for (size_t i = 0; i < cr->n_tps; i++) {
		const struct record_tp *t = &cr->tps[i];

		if (t->has_sum)
			s->n_postbase++;
		if (t->has_sum && t->has_pchg && !s->has_pd && (!s->has_best_pchg || t->pchg < s->best_pchg)) {
			s->has_best_pchg = true;
			s->best_pchg = t->pchg;
		}
		if (new_lesion_alone(t))
			s->new_lesion_pd = true;
		if (!s->has_response && plot_is_response(t->overall)) {
			s->has_response = true;
			s->response_day = t->day - start;
		}
		if (!s->has_pd && plot_is_pd(t->overall)) {
			s->has_pd = true;
			s->pd_day = t->day - start;
		}
		if (t->day - start > s->end_day)
			s->end_day = t->day - start;
	}
}

/* One rule set of a patient (patient index pi, group gi), unless not assessed or not chosen. */
static int add_series(recist_plot *p, const struct result_record *rec, size_t i, const recist_ruleset *rs,
                      size_t pi, unsigned gi)
{
	const struct record_crit *cr = &rec->crit[i];
	struct plot_series *s;
	int32_t start;
	int k;

	if (cr->not_assessed || !chosen(p->criteria, cr->id) || (k = crit_of(p, cr, rs)) < 0)
		return 0;
	if (!array_grow((void **)&p->series, &p->cap_series, p->n_series + 1, sizeof *p->series))
		return RECIST_ENOMEM;
	s = &p->series[p->n_series];
	*s = (struct plot_series){ .patient = pi, .crit = (unsigned)k, .group = gi, .best = cr->best,
	                           .confirmed = cr->confirmed };
	start = cr->has_start ? cr->start_day : cr->has_baseline ? cr->baseline_day : 0;
	s->base_day = cr->has_baseline ? cr->baseline_day - start : 0;
	s->end_day = s->base_day > 0 ? s->base_day : 0;
	add_events(s, cr, start);
	if (rec->has_os && rec->os_days >= s->end_day) {
		s->end_day = rec->os_days;
		s->died = !rec->os_censored;
	}
	if (add_points(p, s, cr) < 0)
		return RECIST_ENOMEM;
	p->n_series++;
	return 0;
}

/*
 * Does the patient carry a flag the plot marks?  The codes that mark
 * someone are kept for the legend, which names only those: a flag file may
 * hold flags of rule sets the cohort was not scored by.
 */
static int has_flag(recist_plot *p, const struct result_record *rec)
{
	int flagged = 0;

	for (size_t i = 0; p->mark_flags != NULL && i < rec->n_flags; i++) {
		if (!chosen(p->mark_flags, rec->flags[i]))
			continue;
		flagged = 1;
		if (p->marked_flags != NULL && chosen(p->marked_flags, rec->flags[i]))
			continue;
		p->marked_flags = p->marked_flags == NULL ? arena_strdup(&p->arena, rec->flags[i])
		                : arena_printf(&p->arena, "%s,%s", p->marked_flags, rec->flags[i]);
		if (p->marked_flags == NULL)
			return RECIST_ENOMEM;
	}
	return flagged;
}

/* One patient; rs[i] the rule set of rec->crit[i] when known (a scored result), else NULL. */
static int add_record(recist_plot *p, const struct result_record *rec, const recist_ruleset *const *rs)
{
	long g = group_of(p, p->by_none ? "all" : rec->arm ? rec->arm : "(no arm)");
	struct plot_patient *pt;

	if (g < 0 || !array_grow((void **)&p->patients, &p->cap_patients, p->n_patients + 1, sizeof *p->patients))
		return RECIST_ENOMEM;
	pt = &p->patients[p->n_patients];
	int flagged = has_flag(p, rec);
	*pt = (struct plot_patient){ arena_strdup(&p->arena, rec->case_id), (unsigned)g, flagged > 0 };
	if (pt->id == NULL || flagged < 0)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < rec->n_crit; i++)
		if (add_series(p, rec, i, rs != NULL ? rs[i] : NULL, p->n_patients, (unsigned)g) < 0)
			return RECIST_ENOMEM;
	p->n_patients++;
	return 0;
}

int recist_plot_add(recist_plot *p, const recist_result *res)
{
	const recist_ruleset *rs[RECORD_MAX_CRIT] = { NULL };

	if (res->history)
		return 0;  /* no follow-up detail to draw */
	if (result_record_of(&p->rec, res, RECORD_TIMEPOINTS) < 0)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < res->n_crit && i < RECORD_MAX_CRIT; i++)
		rs[i] = res->crit[i].rs;
	return add_record(p, &p->rec, rs);
}

int recist_plot_add_json(recist_plot *p, const char *text, size_t len, const char *file, unsigned line,
                         const recist_diag_sink *sink)
{
	int rc = result_record_parse(&p->rec, text, len, RECORD_TIMEPOINTS, file, line, sink);

	if (rc < 0)
		return rc;
	if (p->rec.error_record) {
		p->n_rejected++;
		return 0;
	}
	return add_record(p, &p->rec, NULL);
}

int recist_plot_write(recist_buffer *buf, const recist_plot *p, recist_plot_format fmt)
{
	switch (fmt) {
	case RECIST_PLOT_SVG:
		return plot_write_svg(buf, p);
	case RECIST_PLOT_CSV:
	case RECIST_PLOT_JSON:
		return plot_write_table(buf, p, fmt);
	}
	return RECIST_EINVALID;
}
