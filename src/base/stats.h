/*
 * stats.h - the statistics of recist summary, over the GNU Scientific
 * Library (stats.c is the only file that includes a GSL header).
 *
 * SPDX-License-Identifier: MIT
 *
 * Each function gives what R gives, to be checked against it:
 *   stats_clopper_pearson   binom.test(x, n)$conf.int (exact, two-sided)
 *   stats_fisher            fisher.test(matrix(c(a, c, b, d), 2))$p.value
 *                           (two-sided: the tables no more probable than
 *                           the observed one, with R's relative tolerance
 *                           1e-7)
 *   stats_km                survfit(Surv(time, event) ~ 1) with its
 *                           defaults: Greenwood's variance and
 *                           conf.type = "log" (S * exp(+-z se(log S)),
 *                           the upper limit at most 1)
 *   stats_km_at             summary(fit, times = t): the step at or
 *                           before t
 *   stats_km_median         quantile(fit, 0.5) (print(fit)): the first
 *                           time the curve is at or below 0.5, the
 *                           midpoint of the step where it is 0.5 exactly;
 *                           the limits where the confidence curves cross
 *                           0.5 the same way
 *   stats_logrank           survdiff(Surv(time, event) ~ group): the
 *                           chi-square on groups - 1 degrees of freedom
 *                           and its p
 * A missing value (an interval limit that R prints as NA) is NAN.
 */
#ifndef RECIST_STATS_H
#define RECIST_STATS_H

#include "base/recist_int.h"

struct stats_ci {
	double lo, hi;
};

/* x successes of n (x <= n, n > 0), level such as 0.95; -1 when out of range. */
RECIST_INTERNAL int stats_clopper_pearson(struct stats_ci *out, unsigned x, unsigned n, double level);

/* The two-sided p of the 2 x 2 table [a b; c d]; NAN for an empty table. */
RECIST_INTERNAL double stats_fisher(unsigned a, unsigned b, unsigned c, unsigned d);

/*
 * Subjects alike: n of them in one group with their event or censoring at
 * one time.  A cohort's times are whole days, so a summary keeps one of
 * these a day, group and outcome, however many patients it reads.
 */
struct surv_obs {
	double   time;    /* >= 0 */
	unsigned group;   /* 0 .. n_groups - 1 (stats_logrank) */
	bool     event;   /* false: censored at time */
	unsigned n;       /* subjects (0: none, skipped) */
};

/* One distinct time of a Kaplan-Meier curve, event or censoring. */
struct km_step {
	double   time;
	unsigned n_risk, n_event, n_censor;
	double   surv;        /* S(time) */
	double   std_err;     /* of log S (Greenwood); INFINITY once S is 0 */
	double   lo, hi;      /* conf.type "log"; NAN once S is 0 */
};

struct km_curve {
	struct km_step *steps;   /* by increasing time */
	size_t          n;
	unsigned        n_subjects, n_events;
	double          level;
};

/*
 * The curve of obs[0 .. n-1] (their group is not read), which it sorts by
 * time; -1 on a time that is negative or not a number, RECIST_ENOMEM.
 * out is released with km_curve_release.
 */
RECIST_INTERNAL int stats_km(struct km_curve *out, struct surv_obs *obs, size_t n, double level);
RECIST_INTERNAL void km_curve_release(struct km_curve *c);

/* S(t), and its interval, from the last step at or before t (1 before the first). */
RECIST_INTERNAL double stats_km_at(const struct km_curve *c, double t, struct stats_ci *ci);

/* The median and its interval (NAN where not reached). */
RECIST_INTERNAL double stats_km_median(const struct km_curve *c, struct stats_ci *ci);

/*
 * The log-rank test of obs[0 .. n-1] across groups 0 .. n_groups - 1
 * (2 <= n_groups <= 16), which it sorts by time: the chi-square into
 * *chisq, the p returned; NAN when fewer than two groups have subjects or
 * no one has an event.
 */
RECIST_INTERNAL double stats_logrank(struct surv_obs *obs, size_t n, unsigned n_groups, double *chisq);

#endif
