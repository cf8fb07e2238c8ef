/*
 * summary.c - recist summary: a cohort's results aggregated per group
 * (arm) and rule set, as we add them one by one (recist_summary_add).
 *
 * SPDX-License-Identifier: MIT
 *
 * Memory is bounded by the cohort's shape, not its records: counts per
 * group, rule set and response; flags and warnings per code; and for the
 * Kaplan-Meier curves one small record (time, event, group: 16 bytes) per
 * patient and time-to-event endpoint, which the curves need.  The numbers
 * are made at the end (summary_rows.c).
 */
#include <stdlib.h>

#include "output/summary.h"
#include "rules/ruleset.h"

recist_summary *recist_summary_new(const char *by)
{
	recist_summary *s;

	if (by != NULL && strcmp(by, "arm") != 0 && strcmp(by, "none") != 0)
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->by_none = by != NULL && strcmp(by, "none") == 0;
	return s;
}

static void counts_free(struct sum_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].code);
	free(c);
}

void recist_summary_free(recist_summary *s)
{
	if (s == NULL)
		return;
	for (size_t g = 0; g < s->n_groups; g++) {
		free(s->groups[g].name);
		counts_free(s->groups[g].flags, s->groups[g].n_flags);
		counts_free(s->groups[g].warnings, s->groups[g].n_warnings);
	}
	free(s->groups);
	for (size_t k = 0; k < SUM_MAX_CRIT; k++)
		free(s->ttp[k].obs);
	free(s->os.obs);
	free(s);
}

/* The group named name, made when new; NULL when out of memory. */
static struct sum_group *group_of(recist_summary *s, const char *name)
{
	struct sum_group *g;

	for (size_t i = 0; i < s->n_groups; i++)
		if (strcmp(s->groups[i].name, name) == 0)
			return &s->groups[i];
	if (s->n_groups == s->cap_groups) {
		size_t cap = s->cap_groups ? 2 * s->cap_groups : 4;
		struct sum_group *p = realloc(s->groups, cap * sizeof *p);

		if (p == NULL)
			return NULL;
		s->groups = p;
		s->cap_groups = cap;
	}
	g = &s->groups[s->n_groups];
	memset(g, 0, sizeof *g);
	if ((g->name = strdup(name)) == NULL)
		return NULL;
	s->n_groups++;
	return g;
}

/* The index of rule set id in the summary, added when new; -1 when full. */
static int crit_of(recist_summary *s, const struct recist_ruleset *rs)
{
	for (size_t k = 0; k < s->n_crit; k++)
		if (strcmp(s->crit_id[k], rs->id) == 0)
			return (int)k;
	if (s->n_crit == SUM_MAX_CRIT || strlen(rs->id) >= sizeof s->crit_id[0] ||
	    strlen(rs->name) >= sizeof s->crit_name[0])
		return -1;
	strcpy(s->crit_id[s->n_crit], rs->id);
	strcpy(s->crit_name[s->n_crit], rs->name);
	return (int)s->n_crit++;
}

/* Count code once more in *c (n, cap); 0 or RECIST_ENOMEM. */
static int count_code(struct sum_count **c, size_t *n, size_t *cap, const char *code)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*c)[i].code, code) == 0) {
			(*c)[i].n++;
			return 0;
		}
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 8;
		struct sum_count *p = realloc(*c, nc * sizeof *p);

		if (p == NULL)
			return RECIST_ENOMEM;
		*c = p;
		*cap = nc;
	}
	if (((*c)[*n].code = strdup(code)) == NULL)
		return RECIST_ENOMEM;
	(*c)[(*n)++].n = 1;
	return 0;
}

static int add_obs(struct sum_times *t, double days, bool event, unsigned group)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct surv_obs *p = realloc(t->obs, cap * sizeof *p);

		if (p == NULL)
			return RECIST_ENOMEM;
		t->obs = p;
		t->cap = cap;
	}
	t->obs[t->n++] = (struct surv_obs){ days, group, event };
	return 0;
}

/* The flags of res, each code once for the patient. */
static int add_flags(struct sum_group *g, const struct recist_result *res)
{
	for (size_t i = 0; i < res->n_flags; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(res->flags[j].code, res->flags[i].code) == 0)
				break;
		if (j == i && count_code(&g->flags, &g->n_flags, &g->cap_flags, res->flags[i].code) < 0)
			return RECIST_ENOMEM;
	}
	for (size_t i = 0; i < res->n_warnings; i++)
		if (count_code(&g->warnings, &g->n_warnings, &g->cap_warnings, res->warnings[i].code) < 0)
			return RECIST_ENOMEM;
	return 0;
}

/* Overall survival, from the treatment start (else the baseline). */
static int add_os(recist_summary *s, const struct recist_result *res, unsigned group)
{
	int32_t start = res->has_treatment_start ? res->treatment_start
	              : res->n_crit > 0 ? res->crit[0].baseline_day : 0;

	if (res->has_death_date)
		return add_obs(&s->os, res->death_date - start, true, group);
	if (res->has_last_alive_date)
		return add_obs(&s->os, res->last_alive_date - start, false, group);
	return 0;
}

int recist_summary_add(recist_summary *s, const recist_result *res)
{
	const char *name = s->by_none ? "all" : res->arm ? res->arm : "(no arm)";
	struct sum_group *g = group_of(s, name);
	int idx[SUM_MAX_CRIT] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	unsigned gi;

	if (g == NULL)
		return RECIST_ENOMEM;
	gi = (unsigned)(g - s->groups);
	g->n_cases++;
	s->n_cases++;
	for (size_t i = 0; i < res->n_crit && i < SUM_MAX_CRIT; i++) {
		const struct crit_result *cr = &res->crit[i];
		struct sum_crit *c;
		int k = crit_of(s, cr->rs);

		if (k < 0)
			continue;
		c = &g->crit[k];
		if (cr->not_assessed != NULL) {
			c->not_assessed++;
			continue;
		}
		idx[i] = k;
		c->n++;
		c->bor[cr->bor.best < SUM_RESP ? cr->bor.best : RECIST_RESP_NONE]++;
		c->cbor[cr->bor.confirmed < SUM_RESP ? cr->bor.confirmed : RECIST_RESP_NONE]++;
		if (add_obs(&s->ttp[k], cr->bor.ttp_end - cr->start_day, !cr->bor.ttp_censored, gi) < 0)
			return RECIST_ENOMEM;
	}
	/* The cross-table of the first two rule sets, where both assessed the patient. */
	if (res->n_crit >= 2 && idx[0] == 0 && idx[1] == 1)
		g->cross[res->crit[0].bor.best % SUM_RESP][res->crit[1].bor.best % SUM_RESP]++;
	if (add_flags(g, res) < 0 || add_os(s, res, gi) < 0)
		return RECIST_ENOMEM;
	return 0;
}
