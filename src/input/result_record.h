/*
 * result_record.h - what recist summary reads of a result line
 * (recist-result/1, written by evaluate --format json and by batch): the
 * arm, each rule set's best responses and time to progression, the flag
 * and warning codes, overall survival.  The reader is in case_read.c, the
 * one file that includes cJSON.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_RESULT_RECORD_H
#define RECIST_RESULT_RECORD_H

#include "base/arena.h"
#include "base/diag.h"

#define RECORD_MAX_CRIT 8

struct record_crit {
	const char     *id;
	bool            not_assessed;
	recist_response best, confirmed;
	bool            has_ttp, ttp_censored;
	int32_t         ttp_days;
};

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
 * line name it in messages) into rec, whose arena it resets first: 0,
 * RECIST_EPARSE or RECIST_EINVALID with one diagnostic, RECIST_ENOMEM.
 */
RECIST_INTERNAL int result_record_parse(struct result_record *rec, const char *text, size_t len,
                                        const char *file, unsigned line, const recist_diag_sink *sink);

#endif
