/*
 * summary.c - recist summary: a cohort's results aggregated per group
 * (arm) and rule set, as we add them one by one (recist_summary_add).
 *
 * SPDX-License-Identifier: MIT
 *
 * Memory is bounded by the cohort's shape, not its records: counts per
 * group, rule set and response; flags and warnings per code; and for the
 * Kaplan-Meier curves one entry (24 bytes, and a slot of the hash table
 * that finds it) per day, group and outcome seen, each counting its
 * patients.  The numbers are made at the end (summary_stats.c).
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
	for (size_t k = 0; k < SUM_MAX_CRIT; k++) {
		free(s->ttp[k].obs);
		free(s->ttp[k].slots);
	}
	free(s->os.obs);
	free(s->os.slots);
	arena_release(&s->rec.arena);
	free(s);
}

/* The group named name, made when new; NULL when out of memory. */
static struct sum_group *group_of(recist_summary *s, const char *name)
{
	struct sum_group *g;

	for (size_t i = 0; i < s->n_groups; i++)
		if (strcmp(s->groups[i].name, name) == 0)
			return &s->groups[i];
	if (!array_grow((void **)&s->groups, &s->cap_groups, s->n_groups + 1, sizeof *s->groups))
		return NULL;
	g = &s->groups[s->n_groups];
	memset(g, 0, sizeof *g);
	if ((g->name = strdup(name)) == NULL)
		return NULL;
	s->n_groups++;
	return g;
}

/* A best response's row in the counts: one not counted as no value. */
static size_t sum_resp(recist_response r)
{
	return (size_t)r < SUM_RESP ? (size_t)r : RECIST_RESP_NONE;
}

/* The index of rule set id in the summary, added when new; -1 when full. */
static int crit_of(recist_summary *s, const char *id)
{
	for (size_t k = 0; k < s->n_crit; k++)
		if (strcmp(s->crit_id[k], id) == 0)
			return (int)k;
	if (s->n_crit == SUM_MAX_CRIT || strlen(id) >= sizeof s->crit_id[0])
		return -1;
	strcpy(s->crit_id[s->n_crit], id);
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
	if (!array_grow((void **)c, cap, *n + 1, sizeof **c))
		return RECIST_ENOMEM;
	if (((*c)[*n].code = strdup(code)) == NULL)
		return RECIST_ENOMEM;
	(*c)[(*n)++].n = 1;
	return 0;
}

static size_t times_hash(int32_t days, unsigned group, bool event)
{
	uint64_t h = ((uint64_t)(uint32_t)days << 17 ^ (uint64_t)group << 1 ^ event) * 0x9e3779b97f4a7c15u;

	return (size_t)(h ^ h >> 32);
}

/* The slot of (days, group, event): its entry's, or the empty one where it goes. */
static size_t *times_slot(const struct sum_times *t, int32_t days, unsigned group, bool event)
{
	size_t mask = t->n_slots - 1, i = times_hash(days, group, event) & mask;

	for (;; i = (i + 1) & mask) {
		const struct surv_obs *o = t->slots[i] ? &t->obs[t->slots[i] - 1] : NULL;

		if (o == NULL || (o->time == days && o->group == group && o->event == event))
			return &t->slots[i];
	}
}

/* Twice the slots, the entries placed again; 0 or RECIST_ENOMEM. */
static int times_rehash(struct sum_times *t)
{
	size_t n_slots = t->n_slots ? t->n_slots * 2 : 64, *old = t->slots;

	if ((t->slots = calloc(n_slots, sizeof *t->slots)) == NULL) {
		t->slots = old;
		return RECIST_ENOMEM;
	}
	free(old);
	t->n_slots = n_slots;
	for (size_t i = 0; i < t->n; i++)
		*times_slot(t, (int32_t)t->obs[i].time, t->obs[i].group, t->obs[i].event) = i + 1;
	return 0;
}

/* One patient more at days in group, with the event or censored. */
static int add_obs(struct sum_times *t, int32_t days, bool event, unsigned group)
{
	size_t *slot;

	if ((t->n + 1) * 2 > t->n_slots && times_rehash(t) < 0)
		return RECIST_ENOMEM;
	slot = times_slot(t, days, group, event);
	if (*slot != 0) {
		t->obs[*slot - 1].n++;
		return 0;
	}
	if (!array_grow((void **)&t->obs, &t->cap, t->n + 1, sizeof *t->obs))
		return RECIST_ENOMEM;
	t->obs[t->n++] = (struct surv_obs){ days, group, event, 1 };
	*slot = t->n;
	return 0;
}

/* The flags of a patient, each code once; the warnings, each time. */
static int add_flags(struct sum_group *g, const struct result_record *rec)
{
	for (size_t i = 0; i < rec->n_flags; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(rec->flags[j], rec->flags[i]) == 0)
				break;
		if (j == i && count_code(&g->flags, &g->n_flags, &g->cap_flags, rec->flags[i]) < 0)
			return RECIST_ENOMEM;
	}
	for (size_t i = 0; i < rec->n_warnings; i++)
		if (count_code(&g->warnings, &g->n_warnings, &g->cap_warnings, rec->warnings[i]) < 0)
			return RECIST_ENOMEM;
	return 0;
}

/* One patient, as read from a result line or taken from a result. */
static int add_record(recist_summary *s, const struct result_record *rec)
{
	const char *name = s->by_none ? "all" : rec->arm ? rec->arm : "(no arm)";
	struct sum_group *g = group_of(s, name);
	int idx[2] = { -1, -1 };
	unsigned gi;

	if (g == NULL)
		return RECIST_ENOMEM;
	gi = (unsigned)(g - s->groups);
	g->n_cases++;
	s->n_cases++;
	for (size_t i = 0; i < rec->n_crit; i++) {
		const struct record_crit *cr = &rec->crit[i];
		struct sum_crit *c;
		int k = crit_of(s, cr->id);

		if (k < 0)
			continue;
		c = &g->crit[k];
		if (cr->not_assessed) {
			c->not_assessed++;
			continue;
		}
		if (i < 2)
			idx[i] = k;
		c->n++;
		c->bor[sum_resp(cr->best)]++;
		c->cbor[sum_resp(cr->confirmed)]++;
		if (cr->has_ttp && add_obs(&s->ttp[k], cr->ttp_days, !cr->ttp_censored, gi) < 0)
			return RECIST_ENOMEM;
	}
	/* The cross-table of the first two rule sets, where both assessed the patient. */
	if (idx[0] == 0 && idx[1] == 1)
		g->cross[sum_resp(rec->crit[0].best)][sum_resp(rec->crit[1].best)]++;
	if (add_flags(g, rec) < 0 || (rec->has_os && add_obs(&s->os, rec->os_days, !rec->os_censored, gi) < 0))
		return RECIST_ENOMEM;
	return 0;
}

int recist_summary_add(recist_summary *s, const recist_result *res)
{
	if (result_record_of(&s->rec, res, 0) < 0)
		return RECIST_ENOMEM;
	return add_record(s, &s->rec);
}

int recist_summary_add_json(recist_summary *s, const char *text, size_t len, const char *file, unsigned line,
                            const recist_diag_sink *sink)
{
	int rc = result_record_parse(&s->rec, text, len, 0, file, line, sink);

	if (rc < 0)
		return rc;
	if (s->rec.error_record) {
		s->n_rejected++;
		return 0;
	}
	return add_record(s, &s->rec);
}
