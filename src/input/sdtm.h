/*
 * sdtm.h - CDISC SDTM tumour data (TU, TR, RS, with DM or ADaM ADSL for
 * the treatment start) read into recist-case/1 documents, one per subject
 * and reader: recist_sdtm_read() in sdtm_tables.c reads the tables,
 * sdtm_case.c turns one subject's rows into a case (sdtm_history.c its
 * calls into a response history), sdtm_terms.c holds the controlled
 * terminology they read and sdtm_columns.c what they say of a table.  recist-sdtm(5) documents the
 * mapping.
 *
 * SPDX-License-Identifier: MIT
 *
 * Two passes, so that the import holds one subject's rows at a time,
 * whatever the size of the trial: the first reads each table through and
 * keeps only where each subject's rows lie (struct sdtm_run); the second
 * reads each subject's rows again, in the order of USUBJID, keeping the
 * columns below, and makes its cases.  A subject's rows may be anywhere in
 * a table; sorted by USUBJID, as SDTM tables are, each is one block.
 */
#ifndef RECIST_SDTM_H
#define RECIST_SDTM_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/recist_int.h"
#include "rules/ruleset.h"

enum sdtm_domain { DOM_TU, DOM_TR, DOM_RS, DOM_DM, DOM_ADSL, DOM__N };

/*
 * The columns read, by their SDTM names; "--" stands for the domain's
 * prefix (TRLNKID in TR).  Any other column is ignored.
 */
enum sdtm_col {
	COL_STUDYID, COL_USUBJID, COL_LNKID, COL_TESTCD, COL_ORRES, COL_ORRESU, COL_STRESC, COL_STRESN,
	COL_STRESU, COL_STAT, COL_LOC, COL_LOCDTL, COL_EVAL, COL_EVALID, COL_ACPTFL, COL_VISITNUM,
	COL_VISIT, COL_DTC, COL_BLFL, COL_LOBXFL, COL_EPOCH, COL_CAT,
	COL_RFXSTDTC, COL_RFSTDTC, COL_TRTSDT, COL_RANDDT,
	COL__N
};

/* A row: the cells of the columns read, "" when missing or absent. */
struct sdtm_row {
	const char   **v;       /* [COL__N] */
	const char    *reader;  /* --EVALID, else --EVAL, else "" */
	unsigned long  number;  /* 1-based data row */
	unsigned       line;    /* CSV line, 0 in a transport file */
};

/*
 * A block of consecutive rows of one subject in a table, found by the
 * first pass: where to read them again when that subject's turn comes.
 */
struct sdtm_run {
	uint32_t      subject;       /* index into the import's subjects */
	uint32_t      rank;          /* the subject's place in USUBJID order */
	uint32_t      n_rows;
	uint64_t      offset;        /* CSV: the byte its first row starts at; transport: that row's index */
	uint64_t      end;           /* CSV: the byte after its last row */
	unsigned long first_number;  /* its first row's number and line */
	unsigned      first_line;
};

struct sdtm_table {
	const char      *file;    /* as given, for messages */
	enum sdtm_domain dom;
	bool             present; /* a file was given for the domain */
	bool             xpt;     /* SAS transport, else CSV */
	bool             has[COL__N];
	size_t          *map;     /* file column -> enum sdtm_col (COL__N: not read) */
	size_t           n_map;
	bool            *want, *want_id; /* [n_map]: the columns read; USUBJID alone (table.h, want) */
	struct sdtm_run *runs;    /* in file order, then sorted by subject */
	size_t           n_runs, cap_runs;
	struct sdtm_row *rows;    /* the rows of the subject at hand */
	size_t           n_rows, cap_rows;
	int              fd;      /* CSV: open while subjects are read */
};

/* One subject's rows of each domain, and what the import was asked. */
struct sdtm_subject {
	const char               *usubjid;
	const struct sdtm_table  *tables;   /* [DOM__N] */
	const struct sdtm_row    *rows[DOM__N];
	size_t                    n[DOM__N];
	const char               *start;    /* treatment start, "YYYY-MM-DD", or NULL */
	const struct sdtm_row    *start_row;
	const recist_sdtm_options *opts;
	const recist_ruleset *const *sets;
	size_t                    n_sets;
};

/*
 * The case of one reader of subject s (reader "" when the rows name none),
 * named case_id, as a recist-case/1 document appended to out, one line.  Rows it cannot
 * use are reported to sink and left out; *bad is set when any was, or when
 * the case itself cannot be made (nothing appended then).  Returns 0 or
 * RECIST_ENOMEM.
 */
RECIST_INTERNAL int sdtm_case(const struct sdtm_subject *s, const char *reader, const char *case_id,
                              struct arena *scratch, recist_buffer *out, const recist_diag_sink *sink, bool *bad);

/* A diagnostic about a row: FILE:LINE: row N, COLUMN: message. */
RECIST_INTERNAL void sdtm_row_diag(const recist_diag_sink *sink, enum diag_code code, const struct sdtm_table *t,
                                   const struct sdtm_row *r, enum sdtm_col col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* An ISO 8601 date or date-time (--DTC): full (2), partial (1, *day its first day), none (0); -1 when not a date. */
RECIST_INTERNAL int sdtm_date(const char *v, int32_t *day);

/*
 * Subject s's overall responses of one reader under rule set rs (the RS
 * rows of RSCAT rs's cdisc.rscat) as a response history (recist(1)),
 * appended to out, one line; as sdtm_case otherwise.
 */
RECIST_INTERNAL int sdtm_history(const struct sdtm_subject *s, const char *reader, const char *case_id,
                                 const struct recist_ruleset *rs, struct arena *scratch, recist_buffer *out,
                                 const recist_diag_sink *sink, bool *bad);

/* The SDTM name of column col in domain dom ("TRLNKID") into buf; a domain's file name ("tr"). */
RECIST_INTERNAL const char *sdtm_col_name(enum sdtm_domain dom, enum sdtm_col col, char buf[16]);
RECIST_INTERNAL const char *sdtm_domain_stem(enum sdtm_domain dom);

/* ---- controlled terminology (sdtm_terms.c) ---- */

/* TU's lesion role (TUSTRESC, else TUORRES). */
enum sdtm_role { SROLE_TARGET, SROLE_NON_TARGET, SROLE_NEW };
struct sdtm_role_term {
	const char    *term;
	enum sdtm_role role;
	bool           nodal;   /* "TARGET NODAL", "NON-TARGET NODAL" */
};

/* TR's test codes. */
enum sdtm_test {
	TEST_LDIAM, TEST_LPERP, TEST_DIAMETER, TEST_VDIAM, TEST_TUMSTATE, TEST_LNSTATE,
	TEST_SUM,      /* a target sum some rule set names (cdisc.sum_test) */
	TEST_DERIVED,  /* subtotals and changes computed from the others: not read */
	TEST_FOREIGN   /* a measure of other criteria (PPD, SUMPPD): refused */
};

/* A non-target's state (TUMSTATE, LNSTATE) as a case's status. */
struct sdtm_state_term {
	const char *term;
	const char *status;     /* "present", "absent", "progression", "not_evaluated" */
	bool        equivocal;  /* for a new lesion */
};

/* RS's test codes: the key of a reported call they fill. */
struct sdtm_rs_test {
	const char *testcd;
	const char *key;        /* "target", ..., or "best" for BESTRESP */
	int (*value)(const char *term, recist_response *out);  /* the term as a response: 0, or -1 */
	const char *expected;   /* the terms value() takes, for a message */
};

RECIST_INTERNAL const struct sdtm_role_term  *sdtm_role_lookup(const char *term);
RECIST_INTERNAL int                           sdtm_test_lookup(const char *testcd, enum sdtm_test *out);
RECIST_INTERNAL const struct sdtm_state_term *sdtm_state_lookup(const char *term);
RECIST_INTERNAL const struct sdtm_rs_test    *sdtm_rs_test_lookup(const char *testcd);

#endif
