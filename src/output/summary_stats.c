/*
 * summary_stats.c - the numbers of recist summary, made from its counts
 * and times (summary.c) with the statistics of base/stats.c.  The rows of
 * JSON and CSV (summary_write.c) and the tables of the text
 * (summary_text.c) take them from here, so the formats cannot disagree.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>

#include "output/summary.h"

struct sum_prop sum_proportion(size_t n, size_t total)
{
	struct sum_prop p = { n, total, NAN, NAN, NAN };
	struct stats_ci ci;

	if (total > 0) {
		p.est = (double)n / (double)total;
		if (stats_clopper_pearson(&ci, (unsigned)n, (unsigned)total, SUM_LEVEL) == 0) {
			p.lo = ci.lo;
			p.hi = ci.hi;
		}
	}
	return p;
}

/*
 * ORR counts CR and PR; DCR counts SD too (NON-CR/NON-PD is shown apart);
 * iRECIST's iCR, iPR and iSD likewise (a rule set answers in one of the
 * two vocabularies).
 */
size_t sum_rate_count(const size_t *bor, enum sum_rate rate)
{
	size_t n = bor[RECIST_RESP_CR] + bor[RECIST_RESP_PR] + bor[RECIST_RESP_ICR] + bor[RECIST_RESP_IPR];

	return rate == SUM_DCR ? n + bor[RECIST_RESP_SD] + bor[RECIST_RESP_ISD] : n;
}

static const recist_response recist_shown[] = {
	RECIST_RESP_CR, RECIST_RESP_PR, RECIST_RESP_SD, RECIST_RESP_NON_CR_NON_PD, RECIST_RESP_PD, RECIST_RESP_NE,
};
static const recist_response irecist_shown[] = {
	RECIST_RESP_ICR, RECIST_RESP_IPR, RECIST_RESP_ISD, RECIST_RESP_NON_ICR_NON_IUPD, RECIST_RESP_IUPD,
	RECIST_RESP_ICPD, RECIST_RESP_NE,
};
static const struct sum_vocab vocabs[] = {
	{ recist_shown, ARRAY_SIZE(recist_shown), "CR+PR", "CR+PR+SD", RECIST_RESP_NON_CR_NON_PD },
	{ irecist_shown, ARRAY_SIZE(irecist_shown), "iCR+iPR", "iCR+iPR+iSD", RECIST_RESP_NON_ICR_NON_IUPD },
};

/* iRECIST's when any patient's best response under rule set k is in its terms. */
const struct sum_vocab *sum_vocab_of(const recist_summary *s, size_t k)
{
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t i = 0; i < ARRAY_SIZE(irecist_shown) - 1; i++)
			if (s->groups[g].crit[k].bor[irecist_shown[i]] + s->groups[g].crit[k].cbor[irecist_shown[i]] > 0)
				return &vocabs[1];
	return &vocabs[0];
}

bool sum_same_response(recist_response a, recist_response b)
{
	return resp_recist_counterpart(a) == resp_recist_counterpart(b);
}

double sum_fisher(const size_t *bor_a, size_t n_a, const size_t *bor_b, size_t n_b, enum sum_rate rate)
{
	size_t xa = sum_rate_count(bor_a, rate), xb = sum_rate_count(bor_b, rate);

	return stats_fisher((unsigned)xa, (unsigned)(n_a - xa), (unsigned)xb, (unsigned)(n_b - xb));
}

int sum_km_of(struct sum_km *out, const struct sum_times *t, unsigned gi)
{
	struct surv_obs *obs;
	struct km_curve c;
	struct stats_ci ci;
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->obs[i].group == gi;
	if (n == 0)
		return 0;
	if ((obs = malloc(n * sizeof *obs)) == NULL)
		return RECIST_ENOMEM;
	n = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->obs[i].group == gi)
			obs[n++] = t->obs[i];
	if (stats_km(&c, obs, n, SUM_LEVEL) < 0) {
		free(obs);
		return RECIST_ENOMEM;
	}
	out->events = c.n_events;
	out->subjects = c.n_subjects;
	out->median = stats_km_median(&c, &ci);
	out->median_lo = ci.lo;
	out->median_hi = ci.hi;
	for (int y = 0; y < 3; y++) {
		/*
		 * As R's summary(fit, times): a time after the last follow-up has
		 * no estimate, unless the curve is at 0 already and stays there.
		 */
		if (c.n == 0 || ((y + 1) * DAYS_YEAR > c.steps[c.n - 1].time && c.steps[c.n - 1].surv > 0)) {
			out->rate[y] = out->lo[y] = out->hi[y] = NAN;
			continue;
		}
		out->rate[y] = stats_km_at(&c, (y + 1) * DAYS_YEAR, &ci);
		out->lo[y] = ci.lo;
		out->hi[y] = ci.hi;
	}
	km_curve_release(&c);
	free(obs);
	return 1;
}

int sum_logrank(const recist_summary *s, const struct sum_times *t, double *chisq, double *p)
{
	struct surv_obs *obs;

	*chisq = *p = NAN;
	if (t->n == 0 || s->n_groups < 2 || s->n_groups > 16)
		return 0;
	if ((obs = malloc(t->n * sizeof *obs)) == NULL)
		return RECIST_ENOMEM;
	memcpy(obs, t->obs, t->n * sizeof *obs);
	*p = stats_logrank(obs, t->n, (unsigned)s->n_groups, chisq);
	free(obs);
	return 0;
}
