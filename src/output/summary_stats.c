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

/* ORR counts CR and PR; DCR counts SD too (NON-CR/NON-PD is shown apart). */
size_t sum_rate_count(const size_t *bor, enum sum_rate rate)
{
	size_t n = bor[RECIST_RESP_CR] + bor[RECIST_RESP_PR];

	return rate == SUM_DCR ? n + bor[RECIST_RESP_SD] : n;
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
