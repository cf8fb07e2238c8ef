/*
 * test_stats.c - the statistics of recist summary against R, to 4
 * decimals (src/base/stats.c).
 *
 * SPDX-License-Identifier: MIT
 *
 * Sources of the expected values:
 *   Clopper-Pearson: R binom.test(x, n)$conf.int; 0/20, 3/20, 5/13, 12/40
 *   and 1/1 are the project's published test vectors (the research notes on
 *   reporting), and all were recomputed by bisection on the exact binomial
 *   tails (Python, math.comb, 200 halvings).
 *   Fisher: R fisher.test(); 3 1 / 1 3 is Fisher's tea tasting (R's
 *   ?fisher.test: p = 0.4857); the rest summed exactly over the
 *   hypergeometric support with fractions.Fraction and R's rule (tables at
 *   most 1 + 1e-7 times as probable as the observed one).
 *   Kaplan-Meier and log-rank: R's aml data set (survival package), whose
 *   summary(survfit(Surv(time, status) ~ x, data = aml)) and survdiff
 *   output is printed in many texts (Maintained: survival 0.909 ... 0.184,
 *   95 % limits 0.7541 ... 0.0359 / 1 ... 0.944; medians 31 (18, NA) and
 *   23 (8, NA); chi-square 3.4, p = 0.0653), recomputed in Python
 *   (Greenwood, conf.type "log") for the digits below.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "base/stats.h"

#define EPS 5e-5   /* 4 decimals */

TestSuite(stats);

Test(stats, clopper_pearson_is_r_binom_test)
{
	static const struct { unsigned x, n; double lo, hi; } t[] = {
		{ 0, 20, 0.0, 0.16843347 },
		{ 3, 20, 0.03207094, 0.37892683 },
		{ 8, 40, 0.09052241, 0.35647802 },    /* HACE RECIST 1.1 PR */
		{ 26, 40, 0.48315555, 0.79371751 },   /* HACE RECIST 1.1 disease control */
		{ 32, 40, 0.64352198, 0.90947759 },   /* HACE mRECIST disease control */
		{ 40, 40, 0.91190270, 1.0 },
		{ 16, 36, 0.27935419, 0.61902321 },   /* SCT disease control */
		{ 5, 13, 0.13857934, 0.68422240 },
		{ 12, 40, 0.16562720, 0.46531629 },
		{ 1, 1, 0.025, 1.0 },
	};
	struct stats_ci ci;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		cr_assert_eq(stats_clopper_pearson(&ci, t[i].x, t[i].n, 0.95), 0);
		cr_expect_float_eq(ci.lo, t[i].lo, EPS, "%u/%u lower %.6f", t[i].x, t[i].n, ci.lo);
		cr_expect_float_eq(ci.hi, t[i].hi, EPS, "%u/%u upper %.6f", t[i].x, t[i].n, ci.hi);
	}
	/* Where gsl_cdf_beta_Pinv aborts (does not converge); exact, from the
	 * binomial tails 1 - (1 - p)^n and (1 - p)^n + n p (1 - p)^(n - 1). */
	cr_assert_eq(stats_clopper_pearson(&ci, 1, 1000000, 0.95), 0);
	cr_expect_float_eq(ci.lo, 2.5317807e-08, 1e-12, "%.8e", ci.lo);
	cr_expect_float_eq(ci.hi, 5.5716307e-06, 1e-11, "%.8e", ci.hi);
	/* Millions: the normal approximation, within 1e-6 of the exact limits. */
	cr_assert_eq(stats_clopper_pearson(&ci, 2500000, 5000000, 0.95), 0);
	cr_expect_float_eq(ci.lo, 0.5 - 1.959964 * sqrt(0.25 / 5000000), 1e-6, "%.8f", ci.lo);
	cr_expect_eq(stats_clopper_pearson(&ci, 1, 0, 0.95), -1);
	cr_expect_eq(stats_clopper_pearson(&ci, 3, 2, 0.95), -1);
}

Test(stats, fisher_is_r_fisher_test_two_sided)
{
	static const struct { unsigned a, b, c, d; double p; } t[] = {
		{ 3, 1, 1, 3, 0.4857142857 },
		{ 26, 14, 16, 20, 0.1056417052 },   /* disease control, HACE 26/40 vs SCT 16/36 */
		{ 8, 32, 0, 36, 0.0056833733 },
		{ 32, 8, 16, 20, 0.0018875665 },
		{ 1, 9, 11, 3, 0.0027594562 },
		{ 0, 0, 0, 5, 1.0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		cr_expect_float_eq(stats_fisher(t[i].a, t[i].b, t[i].c, t[i].d), t[i].p, EPS,
		                   "table %zu: %.8f", i, stats_fisher(t[i].a, t[i].b, t[i].c, t[i].d));
	cr_expect(isnan(stats_fisher(0, 0, 0, 0)));
}

/* R's aml: 0 Maintained, 1 Nonmaintained; ties at 5, 8 and 13 (an event and a censoring). */
static const struct surv_obs aml[] = {
	{ 9, 0, true, 1 }, { 13, 0, true, 1 }, { 13, 0, false, 1 }, { 18, 0, true, 1 }, { 23, 0, true, 1 },
	{ 28, 0, false, 1 }, { 31, 0, true, 1 }, { 34, 0, true, 1 }, { 45, 0, false, 1 }, { 48, 0, true, 1 },
	{ 161, 0, false, 1 },
	{ 5, 1, true, 1 }, { 5, 1, true, 1 }, { 8, 1, true, 1 }, { 8, 1, true, 1 }, { 12, 1, true, 1 },
	{ 16, 1, false, 1 }, { 23, 1, true, 1 }, { 27, 1, true, 1 }, { 30, 1, true, 1 }, { 33, 1, true, 1 },
	{ 43, 1, true, 1 }, { 45, 1, true, 1 },
};

Test(stats, kaplan_meier_is_r_survfit_with_log_intervals)
{
	static const struct { double t, s, lo, hi; unsigned n_risk; } want[] = {
		{ 9, 0.909091, 0.754134, 1.0, 11 },
		{ 13, 0.818182, 0.619249, 1.0, 10 },
		{ 18, 0.715909, 0.488426, 1.0, 8 },
		{ 23, 0.613636, 0.376867, 0.999158, 7 },
		{ 28, 0.613636, 0.376867, 0.999158, 6 },
		{ 31, 0.490909, 0.254860, 0.945585, 5 },
		{ 34, 0.368182, 0.154877, 0.875261, 4 },
		{ 45, 0.368182, 0.154877, 0.875261, 3 },
		{ 48, 0.184091, 0.035918, 0.943526, 2 },
		{ 161, 0.184091, 0.035918, 0.943526, 1 },
	};
	struct surv_obs obs[12];
	struct km_curve c;
	struct stats_ci ci;

	memcpy(obs, aml, 11 * sizeof obs[0]);
	cr_assert_eq(stats_km(&c, obs, 11, 0.95), 0);
	cr_assert_eq(c.n, 10, "one step a distinct time");
	cr_expect_eq(c.n_events, 7);
	for (size_t i = 0; i < c.n; i++) {
		cr_expect_float_eq(c.steps[i].time, want[i].t, 0);
		cr_expect_eq(c.steps[i].n_risk, want[i].n_risk, "at %g", want[i].t);
		cr_expect_float_eq(c.steps[i].surv, want[i].s, EPS, "at %g", want[i].t);
		cr_expect_float_eq(c.steps[i].lo, want[i].lo, EPS, "at %g: %.6f", want[i].t, c.steps[i].lo);
		cr_expect_float_eq(c.steps[i].hi, want[i].hi, EPS, "at %g: %.6f", want[i].t, c.steps[i].hi);
	}
	cr_expect_float_eq(stats_km_at(&c, 30, &ci), 0.613636, EPS);
	cr_expect_float_eq(ci.lo, 0.376867, EPS);
	cr_expect_float_eq(stats_km_at(&c, 8.9, &ci), 1, 0);
	cr_expect_float_eq(stats_km_median(&c, &ci), 31, 0);
	cr_expect_float_eq(ci.lo, 18, 0);
	cr_expect(isnan(ci.hi), "R: NA");
	km_curve_release(&c);

	memcpy(obs, aml + 11, 12 * sizeof obs[0]);
	cr_assert_eq(stats_km(&c, obs, 12, 0.95), 0);
	cr_expect_float_eq(c.steps[c.n - 1].surv, 0, 0);
	cr_expect(isnan(c.steps[c.n - 1].lo) && isnan(c.steps[c.n - 1].hi), "R: NA once S is 0");
	cr_expect_float_eq(c.steps[1].lo, 0.446846, EPS);
	cr_expect_float_eq(c.steps[1].hi, 0.994625, EPS);
	cr_expect_float_eq(stats_km_median(&c, &ci), 23, 0);
	cr_expect_float_eq(ci.lo, 8, 0);
	cr_expect(isnan(ci.hi));
	km_curve_release(&c);
}

Test(stats, the_median_of_a_step_at_one_half_is_its_midpoint)
{
	/* R: survfit(Surv(1:4, rep(1, 4)) ~ 1) has median 2.5. */
	struct surv_obs obs[] = { { 3, 0, true, 1 }, { 1, 0, true, 1 }, { 4, 0, true, 1 }, { 2, 0, true, 1 } };
	struct km_curve c;
	struct stats_ci ci;

	cr_assert_eq(stats_km(&c, obs, 4, 0.95), 0);
	cr_expect_float_eq(stats_km_median(&c, &ci), 2.5, 0);
	km_curve_release(&c);
	/* Nobody has the event: S stays 1, no median. */
	struct surv_obs none[] = { { 3, 0, false, 1 }, { 1, 0, false, 1 } };
	cr_assert_eq(stats_km(&c, none, 2, 0.95), 0);
	cr_expect(isnan(stats_km_median(&c, &ci)));
	cr_expect_float_eq(stats_km_at(&c, 5, &ci), 1, 0);
	km_curve_release(&c);
	/* A negative time is refused. */
	struct surv_obs bad[] = { { -1, 0, true, 1 } };
	cr_expect_eq(stats_km(&c, bad, 1, 0.95), -1);
	km_curve_release(&c);
}

Test(stats, log_rank_is_r_survdiff)
{
	struct surv_obs obs[23];
	double chisq;

	memcpy(obs, aml, sizeof obs);
	cr_expect_float_eq(stats_logrank(obs, 23, 2, &chisq), 0.065339, EPS);
	cr_expect_float_eq(chisq, 3.396389, EPS);
	/* Three groups, the third empty: the same test on 1 degree of freedom. */
	memcpy(obs, aml, sizeof obs);
	cr_expect_float_eq(stats_logrank(obs, 23, 3, &chisq), 0.065339, EPS);
	/* One group only: no test. */
	memcpy(obs, aml, 11 * sizeof obs[0]);
	cr_expect(isnan(stats_logrank(obs, 11, 2, &chisq)));
}

/* Subjects alike in one entry (n) give the curve and the test that one entry each gives. */
Test(stats, subjects_alike_count_as_one_entry)
{
	struct surv_obs one[23], merged[23];
	struct km_curve a, b;
	struct stats_ci ci;
	size_t n = 0;
	double chisq;

	memcpy(one, aml, sizeof one);
	for (size_t i = 0; i < 23; i++) {
		size_t j;

		for (j = 0; j < n; j++)
			if (merged[j].time == aml[i].time && merged[j].group == aml[i].group && merged[j].event == aml[i].event)
				break;
		if (j == n)
			merged[n++] = aml[i];
		else
			merged[j].n++;
	}
	cr_assert_eq(n, 21, "aml has two pairs alike: 5 and 8 in group 1");
	merged[n++] = (struct surv_obs){ 7, 1, true, 0 };  /* nobody: no step */
	cr_assert_eq(stats_km(&a, one + 11, 12, 0.95), 0);
	cr_assert_eq(stats_km(&b, merged + 11, n - 11, 0.95), 0);
	cr_assert_eq(b.n, a.n);
	cr_expect_eq(b.n_subjects, 12);
	cr_expect_eq(b.n_events, a.n_events);
	for (size_t i = 0; i < a.n; i++) {
		cr_expect_float_eq(b.steps[i].surv, a.steps[i].surv, 1e-12);
		cr_expect_eq(b.steps[i].n_risk, a.steps[i].n_risk);
	}
	cr_expect_float_eq(stats_km_median(&b, &ci), 23, 0);
	km_curve_release(&a);
	km_curve_release(&b);
	cr_expect_float_eq(stats_logrank(merged, n, 2, &chisq), 0.065339, EPS);
	cr_expect_float_eq(chisq, 3.396389, EPS);
}
