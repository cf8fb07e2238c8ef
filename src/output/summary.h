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
#define SUM_RESP     (RECIST_RESP_NON_CR_NON_PD + 1)  /* the best responses counted */

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

/* Times to an event of every patient: one Kaplan-Meier endpoint. */
struct sum_times {
	struct surv_obs *obs;
	size_t           n, cap;
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

#endif
