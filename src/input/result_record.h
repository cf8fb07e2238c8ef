/*
 * result_record.h - what recist summary and recist plot read of a result
 * line (recist-result/1, written by evaluate --format json and by batch):
 * the arm, each rule set's best responses and time to progression, the
 * flag and warning codes, overall survival; for plot, also each rule set's
 * baseline and follow-ups (record_tp), which summary does not pay for.
 * The reader is in case_read.c, the one file that includes cJSON.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_RESULT_RECORD_H
#define RECIST_RESULT_RECORD_H

#include "base/arena.h"
#include "base/diag.h"

#define RECORD_MAX_CRIT 8

/* One follow-up of one rule set: what a figure draws of it. */
struct record_tp {
	int32_t         day;              /* day number (days since 1970-01-01) */
	bool            has_sum, has_pchg;
	double          sum_mm, pchg;     /* target sum; its change from baseline, % */
	recist_response target, non_target, new_lesions, overall;
};

struct record_crit {
	const char     *id;
	bool            not_assessed;
	recist_response best, confirmed;
	bool            has_ttp, ttp_censored;
	int32_t         ttp_days;
	/* Read with RECORD_TIMEPOINTS only: */
	const char       *name;            /* "RECIST 1.1", or the id */
	bool              has_baseline, has_start;
	int32_t           baseline_day;    /* day number of the baseline */
	int32_t           start_day;       /* of treatment start (time_to_progression's start) */
	double            baseline_sum_mm; /* 0 when absent */
	struct record_tp *tps;             /* in date order (arena) */
	size_t            n_tps;
};

/* What to read beyond what summary reads. */
enum { RECORD_TIMEPOINTS = 1 };

struct result_record {
	struct arena       arena;     /* the strings, and cJSON's tree; reset for each record */
	const char        *case_id, *arm;
	struct record_crit crit[RECORD_MAX_CRIT];
	size_t             n_crit;
	const char       **flags, **warnings;  /* codes, as they come */
	size_t             n_flags, n_warnings;
	bool               has_os, os_censored;
	int32_t            os_days;
	bool               error_record;  /* recist-error/1 (batch's rejected case): nothing else read */
};

/*
 * Read one result document text[0..len) (one line of JSON Lines; file and
 * line name it in messages) into rec, whose arena it resets first; what:
 * 0, or RECORD_TIMEPOINTS.  0, RECIST_EPARSE or RECIST_EINVALID with one
 * diagnostic, RECIST_ENOMEM.
 */
RECIST_INTERNAL int result_record_parse(struct result_record *rec, const char *text, size_t len, unsigned what,
                                        const char *file, unsigned line, const recist_diag_sink *sink);

#endif
