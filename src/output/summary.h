/*
 * summary.h - the state of recist summary (summary.c adds results to it,
 * summary_write.c makes and writes its numbers).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_SUMMARY_H
#define RECIST_SUMMARY_H

#include "base/stats.h"
#include "input/result_record.h"
#include "score/result.h"

#define SUM_MAX_CRIT RECORD_MAX_CRIT         /* rule sets in one summary */
#define SUM_RESP     (RECIST_RESP_ICPD + 1)  /* the best responses counted: RECIST's and iRECIST's */

/* A code (flag or warning) and the patients (flags) or times (warnings) seen. */
struct sum_count {
	char  *code;
	size_t n;
};

/* One rule set in one group. */
struct sum_crit {
	size_t n;                   /* patients it assessed */
	size_t not_assessed;        /* patients it had nothing to read in */
	size_t bor[SUM_RESP];       /* best overall response, by recist_response */
	size_t cbor[SUM_RESP];      /* confirmed */
};

struct sum_group {
	char            *name;
	size_t           n_cases;
	struct sum_crit  crit[SUM_MAX_CRIT];
	size_t           cross[SUM_RESP][SUM_RESP]; /* best response, rule set 0 by rule set 1 */
	struct sum_count *flags, *warnings;
	size_t           n_flags, cap_flags, n_warnings, cap_warnings;
};

/*
 * Times to an event: one Kaplan-Meier endpoint.  Patients alike (the same
 * day, group and outcome) share one entry, found through a hash table of
 * entry indexes plus one (0: empty), so the memory grows with the days
 * seen, not with the patients.
 */
struct sum_times {
	struct surv_obs *obs;
	size_t           n, cap;
	size_t          *slots;
	size_t           n_slots;  /* a power of two, at least twice n */
};

struct recist_summary {
	bool              by_none;    /* one group, "all" */
	size_t            n_cases;
	struct sum_group *groups;     /* in the order first seen */
	size_t            n_groups, cap_groups;
	char              crit_id[SUM_MAX_CRIT][32];
	size_t            n_crit;
	struct sum_times  ttp[SUM_MAX_CRIT];  /* time to progression, per rule set */
	struct sum_times  os;                 /* overall survival */
	size_t            n_rejected;         /* batch's error records read */
	struct result_record rec;             /* the patient being added */
};

/*
 * The numbers, made once for every format (summary_stats.c): a count of a
 * total with its exact 95 % interval, Fisher's test between two groups,
 * a Kaplan-Meier curve's figures, the log-rank test.  Proportions are
 * fractions; times are days.
 */
#define SUM_LEVEL 0.95

struct sum_prop {
	size_t n, total;
	double est, lo, hi;  /* NAN when total is 0 */
};

/* The response sets of the rates: ORR is CR+PR, DCR CR+PR+SD. */
enum sum_rate { SUM_ORR, SUM_DCR };

struct sum_km {
	size_t events, subjects;
	double median, median_lo, median_hi;  /* days; NAN: not reached */
	double rate[3], lo[3], hi[3];         /* at 1, 2 and 3 years; NAN after the last follow-up */
};

RECIST_INTERNAL struct sum_prop sum_proportion(size_t n, size_t total);

/*
 * The best responses a table shows for rule set k, in order, and the names
 * of its rates: RECIST's (CR, PR, ...; "CR+PR") or, when the rule set
 * answered in iRECIST's terms, iRECIST's (iCR, iPR, ..., iUPD, iCPD).
 */
struct sum_vocab {
	const recist_response *shown;
	size_t                 n_shown;
	const char            *orr, *dcr;   /* "CR+PR", "CR+PR+SD" */
	recist_response        apart;       /* NON-CR/NON-PD, shown apart from DCR */
};
RECIST_INTERNAL const struct sum_vocab *sum_vocab_of(const recist_summary *s, size_t k);
/*
 * Do two rule sets agree when one answers a and the other b?  The same
 * response, or its counterpart in the other vocabulary (iPR and PR; iUPD
 * and iCPD both PD).
 */
RECIST_INTERNAL bool sum_same_response(recist_response a, recist_response b);
RECIST_INTERNAL size_t sum_rate_count(const size_t *bor, enum sum_rate rate);
/* Fisher's two-sided p of a rate between two groups' counts (best or confirmed). */
RECIST_INTERNAL double sum_fisher(const size_t *bor_a, size_t n_a, const size_t *bor_b, size_t n_b,
                                  enum sum_rate rate);
/* The curve of group gi in t: 1 made, 0 when the group has no one, RECIST_ENOMEM. */
RECIST_INTERNAL int sum_km_of(struct sum_km *out, const struct sum_times *t, unsigned gi);
/* The log-rank test across s's groups into *chisq and *p (NAN where it cannot be made): 0 or RECIST_ENOMEM. */
RECIST_INTERNAL int sum_logrank(const recist_summary *s, const struct sum_times *t, double *chisq, double *p);

/* The paper-style tables of the text format (summary_text.c). */
RECIST_INTERNAL int summary_text(recist_buffer *b, const recist_summary *s);

#define DAYS_MONTH 30.4375  /* a month of a year of 365.25 days */
#define DAYS_YEAR  365.25

#endif
