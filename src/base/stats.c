/*
 * stats.c - exact binomial intervals, Fisher's exact test, Kaplan-Meier and
 * the log-rank test, as R computes them (stats.h), over the GNU Scientific
 * Library: its beta distribution, hypergeometric probabilities, chi-square
 * tail, normal quantile and LU solver.  The only file that includes a GSL header; nothing of
 * GSL leaves it.
 *
 * GSL's default error handler aborts; the arguments are checked here so
 * that the calls below stay inside their domains, and the library leaves
 * the handler, which is the program's, alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#include "base/stats.h"

/* The normal quantile of a two-sided level (0.95: 1.959964). */
static double z_of(double level)
{
	return gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
}

/* ---- Proportions ------------------------------------------------------ */

/*
 * The p at which the Beta(a, b) distribution function is q, by bisection
 * on GSL's gsl_cdf_beta_P to 1e-13: not gsl_cdf_beta_Pinv, which calls the
 * error handler (by default, abort) when its iteration does not converge,
 * as for 1/1000000.  Where the distribution function gives no number
 * (parameters of millions, near the centre), the normal approximation of
 * the beta distribution, within 1e-6 of the exact limit at that size.
 */
static double beta_quantile(double q, double a, double b)
{
	double lo = 0, hi = 1;

	for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
		double mid = (lo + hi) / 2, f = gsl_cdf_beta_P(mid, a, b);

		if (isnan(f)) {
			double mean = a / (a + b), sd = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));

			return fmin(1, fmax(0, mean + gsl_cdf_ugaussian_Pinv(q) * sd));
		}
		if (f < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

int stats_clopper_pearson(struct stats_ci *out, unsigned x, unsigned n, double level)
{
	double a = (1 - level) / 2;

	if (n == 0 || x > n || !(level > 0 && level < 1))
		return -1;
	out->lo = x == 0 ? 0 : beta_quantile(a, x, n - x + 1);
	out->hi = x == n ? 1 : beta_quantile(1 - a, x + 1, n - x);
	return 0;
}

/*
 * R's fisher.test for 2 x 2: with the margins fixed, a follows the
 * hypergeometric law of drawing a + b from a + c of one kind and b + d of
 * the other; p sums the probabilities of every a whose probability is at
 * most the observed one's times 1 + 1e-7.
 */
double stats_fisher(unsigned a, unsigned b, unsigned c, unsigned d)
{
	unsigned m = a + c, n = b + d, k = a + b;
	unsigned lo = k > n ? k - n : 0, hi = k < m ? k : m;
	double p_obs, p = 0;

	if (m + n == 0)
		return NAN;
	p_obs = gsl_ran_hypergeometric_pdf(a, m, n, k);
	for (unsigned x = lo; x <= hi; x++) {
		double px = gsl_ran_hypergeometric_pdf(x, m, n, k);

		if (px <= p_obs * (1 + 1e-7))
			p += px;
	}
	return p > 1 ? 1 : p;
}

/* ---- Time to event ---------------------------------------------------- */

/* By time, events before censorings at one time (both are at risk then). */
static int obs_cmp(const void *pa, const void *pb)
{
	const struct surv_obs *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return (int)b->event - (int)a->event;
}

static int obs_sort(struct surv_obs *obs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(obs[i].time >= 0) || isinf(obs[i].time))
			return -1;
	qsort(obs, n, sizeof *obs, obs_cmp);
	return 0;
}

int stats_km(struct km_curve *out, struct surv_obs *obs, size_t n, double level)
{
	struct km_step *steps = NULL;
	size_t n_steps = 0, at_risk = 0, subjects;
	double s = 1, var = 0, z = z_of(level);
	unsigned events = 0;

	memset(out, 0, sizeof *out);
	if (!(level > 0 && level < 1) || obs_sort(obs, n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		at_risk += obs[i].n;
	subjects = at_risk;
	if (n > 0 && (steps = malloc(n * sizeof *steps)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < n; ) {
		struct km_step *st;
		unsigned d = 0, cens = 0;
		size_t j = i;

		for (; j < n && obs[j].time == obs[i].time; j++) {
			if (obs[j].event)
				d += obs[j].n;
			else
				cens += obs[j].n;
		}
		if (d + cens == 0) {
			i = j;
			continue;
		}
		st = &steps[n_steps++];
		st->time = obs[i].time;
		st->n_risk = (unsigned)at_risk;
		st->n_event = d;
		st->n_censor = cens;
		if (d > 0) {
			s *= 1 - (double)d / (double)at_risk;
			var = d == at_risk ? INFINITY : var + d / ((double)at_risk * (double)(at_risk - d));
		}
		st->surv = s;
		st->std_err = sqrt(var);
		if (s > 0 && isfinite(var)) {
			st->lo = exp(log(s) - z * st->std_err);
			st->hi = fmin(1, exp(log(s) + z * st->std_err));
		} else {
			st->lo = st->hi = NAN;
		}
		events += d;
		at_risk -= d + cens;
		i = j;
	}
	out->steps = steps;
	out->n = n_steps;
	out->n_subjects = (unsigned)subjects;
	out->n_events = events;
	out->level = level;
	return 0;
}

void km_curve_release(struct km_curve *c)
{
	if (c == NULL)
		return;
	free(c->steps);
	memset(c, 0, sizeof *c);
}

double stats_km_at(const struct km_curve *c, double t, struct stats_ci *ci)
{
	const struct km_step *last = NULL;

	for (size_t i = 0; i < c->n && c->steps[i].time <= t; i++)
		last = &c->steps[i];
	if (last == NULL) {
		ci->lo = ci->hi = 1;
		return 1;
	}
	ci->lo = last->lo;
	ci->hi = last->hi;
	return last->surv;
}

enum { CURVE_SURV, CURVE_LO, CURVE_HI };

static double curve_value(const struct km_step *st, int which)
{
	return which == CURVE_SURV ? st->surv : which == CURVE_LO ? st->lo : st->hi;
}

/*
 * R's findq (quantile.survfit) for p = 0.5 on one of the three curves, as
 * it is written: the points (0, 0) and (time, 1 - value) in time order; a
 * value seen before (a censoring, or a limit that does not move) is
 * dropped, and so is a missing one (NAN).  With i1 the point of the
 * smallest value at least p - tol and i2 that of the smallest at least p +
 * tol, the quantile is the midpoint of their times: one time when the
 * curve jumps across p, the midpoint of a step at p otherwise.  A step at
 * p that is the last point ends at the curve's last time.  The upper
 * confidence curve need not fall; R reads it the same way.
 */
static double find_median(const struct km_curve *c, int which)
{
	const double p = 0.5, tol = 1.4901161193847656e-08;  /* sqrt(DBL_EPSILON) */
	double y1 = INFINITY, y2 = INFINITY, x1 = NAN, x2 = NAN, last_y = 0, prev = 0;
	bool last_missing = false;

	if (c->n == 0)
		return NAN;
	for (size_t i = 0; i <= c->n; i++) {
		double x = i == 0 ? 0 : c->steps[i - 1].time;
		double y = i == 0 ? 0 : 1 - curve_value(&c->steps[i - 1], which);

		/* Seen before: the same value as the point before (the curve and its
		 * lower limit only fall; a limit that goes back to a value it had
		 * earlier is the one case where this differs from R, and it picks
		 * the same points, the first of each value, below). */
		if (i > 0 && ((isnan(y) && isnan(prev)) || y == prev))
			continue;
		prev = y;
		last_missing = isnan(y);
		if (last_missing)
			continue;
		last_y = y;
		if (y >= p - tol && y < y1) {
			y1 = y;
			x1 = x;
		}
		if (y >= p + tol && y < y2) {
			y2 = y;
			x2 = x;
		}
	}
	if (isnan(x1))
		return NAN;
	if (!last_missing && fabs(p - last_y) < tol)
		return (x1 + c->steps[c->n - 1].time) / 2;
	return isnan(x2) ? NAN : (x1 + x2) / 2;
}

double stats_km_median(const struct km_curve *c, struct stats_ci *ci)
{
	/* The lower confidence curve crosses 0.5 first: the lower limit. */
	ci->lo = find_median(c, CURVE_LO);
	ci->hi = find_median(c, CURVE_HI);
	return find_median(c, CURVE_SURV);
}

#define LOGRANK_MAX_GROUPS 16

/*
 * (O - E)' V^-1 (O - E) over the groups that have subjects, the last one
 * left out (V has rank k - 1), by LU; NAN when V is singular.  *df = k - 1.
 */
static double chisq_of(const double *oe, double v[][LOGRANK_MAX_GROUPS], const unsigned *seen,
                       unsigned n_groups, size_t *df)
{
	/*
	 * On the stack, through GSL's views: GSL's own allocations call its
	 * error handler when memory is out, and the default one aborts.
	 */
	double a_data[LOGRANK_MAX_GROUPS * LOGRANK_MAX_GROUPS], b_data[LOGRANK_MAX_GROUPS], x_data[LOGRANK_MAX_GROUPS];
	size_t perm_data[LOGRANK_MAX_GROUPS];
	unsigned idx[LOGRANK_MAX_GROUPS], m = 0;
	gsl_matrix_view a;
	gsl_vector_view b, x;
	gsl_permutation perm;
	double stat = 0;
	int sign;

	for (unsigned g = 0; g < n_groups; g++)
		if (seen[g] > 0)
			idx[m++] = g;
	*df = m - 1;  /* at least 1: the caller saw two groups */
	a = gsl_matrix_view_array(a_data, *df, *df);
	b = gsl_vector_view_array(b_data, *df);
	x = gsl_vector_view_array(x_data, *df);
	perm = (gsl_permutation){ *df, perm_data };
	for (size_t g = 0; g < *df; g++) {
		b_data[g] = oe[idx[g]];
		for (size_t h = 0; h < *df; h++)
			a_data[g * *df + h] = v[idx[g]][idx[h]];
	}
	if (gsl_linalg_LU_decomp(&a.matrix, &perm, &sign) != 0 || gsl_linalg_LU_det(&a.matrix, sign) == 0 ||
	    gsl_linalg_LU_solve(&a.matrix, &perm, &b.vector, &x.vector) != 0)
		return NAN;
	for (size_t g = 0; g < *df; g++)
		stat += oe[idx[g]] * x_data[g];
	return stat;
}

/*
 * survdiff with rho = 0: at each event time, the observed and expected
 * events of each group and their hypergeometric covariance, summed; then
 * chisq_of.
 */
double stats_logrank(struct surv_obs *obs, size_t n, unsigned n_groups, double *chisq)
{
	double oe[LOGRANK_MAX_GROUPS] = { 0 }, v[LOGRANK_MAX_GROUPS][LOGRANK_MAX_GROUPS] = { { 0 } };
	double risk[LOGRANK_MAX_GROUPS] = { 0 };
	unsigned seen[LOGRANK_MAX_GROUPS] = { 0 }, k = 0;
	double total_events = 0, stat = 0;
	size_t df;

	*chisq = NAN;
	if (n_groups < 2 || n_groups > LOGRANK_MAX_GROUPS || obs_sort(obs, n) < 0)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		if (obs[i].group >= n_groups)
			return NAN;
		risk[obs[i].group] += obs[i].n;
		seen[obs[i].group] += obs[i].n;
	}
	for (unsigned g = 0; g < n_groups; g++)
		k += seen[g] > 0;
	for (size_t i = 0; i < n; ) {
		double d_g[LOGRANK_MAX_GROUPS] = { 0 }, left[LOGRANK_MAX_GROUPS] = { 0 };
		double d = 0, r = 0;
		size_t j = i;

		for (; j < n && obs[j].time == obs[i].time; j++) {
			if (obs[j].event) {
				d_g[obs[j].group] += obs[j].n;
				d += obs[j].n;
			}
			left[obs[j].group] += obs[j].n;
		}
		for (unsigned g = 0; g < n_groups; g++)
			r += risk[g];
		if (d > 0) {
			for (unsigned g = 0; g < n_groups; g++) {
				oe[g] += d_g[g] - d * risk[g] / r;
				if (r > 1)
					for (unsigned h = 0; h < n_groups; h++)
						v[g][h] += d * (r - d) / (r * r * (r - 1)) *
						           (risk[g] * ((g == h) * r - risk[h]));
			}
			total_events += d;
		}
		for (unsigned g = 0; g < n_groups; g++)
			risk[g] -= left[g];
		i = j;
	}
	if (k < 2 || total_events == 0)
		return NAN;
	stat = chisq_of(oe, v, seen, n_groups, &df);
	*chisq = stat;
	return isnan(stat) ? NAN : gsl_cdf_chisq_Q(stat, (double)df);
}
