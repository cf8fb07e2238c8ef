/*
 * sdtm.h - CDISC SDTM tumour data (TU, TR, RS, with DM or ADaM ADSL for
 * the treatment start) read into recist-case/1 documents, one per subject
 * and reader.  recist-sdtm(5) documents the mapping.  The files:
 *
 *   sdtm_read.c     recist_sdtm_read(), recist_sdtm_read_histories(): the
 *                   domain files found, then the tables read once or twice
 *   sdtm_once.c     one pass, for CSV tables in the order of USUBJID
 *   sdtm_twice.c    two passes, whatever the order: where each subject's
 *                   rows lie (struct sdtm_run), then each read again
 *   sdtm_rows.c     what both do with a header and a subject's rows
 *   sdtm_case.c     one subject and reader as a case
 *   sdtm_history.c  ... or its RS calls as a response history
 *   sdtm_terms.c    the controlled terminology read
 *   sdtm_columns.c  column names, row diagnostics, --DTC dates
 *
 * SPDX-License-Identifier: MIT
 *
 * Either way the import holds the rows of one subject at a time, whatever
 * the size of the trial, and the cases come in the order of USUBJID.
 */
#ifndef RECIST_SDTM_H
#define RECIST_SDTM_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/recist_int.h"
#include "input/table.h"
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
	size_t           column[COL__N]; /* enum sdtm_col -> file column, where has[] */
	size_t           read[COL__N];   /* the file columns read, in file order */
	size_t           n_read;
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

/* Which terms an RS test takes: fixed ones, a rule set's category terms, its time-point responses. */
enum sdtm_terms { SDTM_TERMS_FIXED, SDTM_TERMS_TARGET, SDTM_TERMS_NON_TARGET, SDTM_TERMS_OVERALL };

/* RS's test codes: the key of a reported call they fill. */
struct sdtm_rs_test {
	const char *testcd;
	const char *key;        /* "target", ..., or "best" for BESTRESP */
	/* The term (in capitals) as a response under rule set rs: 0, or -1. */
	int (*value)(const struct recist_ruleset *rs, const char *term, recist_response *out);
	enum sdtm_terms terms;
	const char *expected;   /* SDTM_TERMS_FIXED: the terms value() takes, for a message */
};

RECIST_INTERNAL const struct sdtm_role_term  *sdtm_role_lookup(const char *term);
RECIST_INTERNAL int                           sdtm_test_lookup(const char *testcd, enum sdtm_test *out);
RECIST_INTERNAL const struct sdtm_state_term *sdtm_state_lookup(const char *term);
RECIST_INTERNAL const struct sdtm_rs_test    *sdtm_rs_test_lookup(const char *testcd);
/* The terms test takes under rs, for a message: "CR, PR, SD, PD or NE", "iCR, ..., iUPD, iCPD or NE". */
RECIST_INTERNAL void sdtm_rs_expected(const struct sdtm_rs_test *test, const struct recist_ruleset *rs,
                                      char *out, size_t size);

/* ---- reading the tables (sdtm_read.c, sdtm_once.c, sdtm_twice.c, sdtm_rows.c) ---- */

struct import {
	struct arena                arena;      /* subjects, file names, runs */
	struct arena                rows;       /* the rows of the subject at hand */
	struct sdtm_table           t[DOM__N];
	const recist_sdtm_options  *opts;
	const recist_diag_sink     *sink;
	/* Subjects, by first appearance; slots: an open-addressing table of indices + 1. */
	const char                **ids;
	size_t                      n_ids, cap_ids;
	uint32_t                   *slots;
	size_t                      n_slots;
	/* The first pass: the open run of the table being read, or SIZE_MAX. */
	size_t                      open_run;
	unsigned long               other_reader[DOM__N], not_accepted[DOM__N]; /* rows the options left out */
	bool                        bad;
};
struct reading {
	struct import       *im;
	struct sdtm_table   *t;
	struct table_reader *reader;  /* the first pass's: its want is set by the header */
};
/* What each_subject hands its documents to. */
struct emit {
	const recist_ruleset *const *sets;
	size_t                       n_sets;
	const struct recist_ruleset *history_of;  /* histories under this rule set, else cases */
	recist_sdtm_fn               fn;
	void                        *ctx;
	recist_buffer                doc;
	struct arena                 scratch;
};
/* The columns of DM and ADSL the treatment start is read from (start_columns). */
struct starts {
	size_t        n[DOM__N];
	enum sdtm_col col[DOM__N][3];
};

/* A table's header: its columns mapped (t->map) and chosen for each pass (want, want_id). */
RECIST_INTERNAL int  sdtm_on_header(void *ctx, const char *const *names, size_t n);
/* The cell of column col in row, trimmed of surrounding space: [*s, *s + *n). */
RECIST_INTERNAL void sdtm_cell_of(const struct sdtm_table *t, const struct table_row *row, enum sdtm_col col,
                                  const char **s, size_t *n);
/* The columns a table cannot do without, one of each group: 0 or RECIST_EINVALID (said). */
RECIST_INTERNAL int  sdtm_check_columns(struct import *im, const struct sdtm_table *t);
/* A table reader's failure said (EIO, EPARSE); rc returned. */
RECIST_INTERNAL int  sdtm_table_failed(struct import *im, const struct sdtm_table *t, int rc,
                                       const struct table_error *err);
/* A row of the subject at hand kept in t->rows, unless the options leave it out (a table_reader row()). */
RECIST_INTERNAL int  sdtm_keep_row(void *ctx, const struct table_row *row);
/* The columns of DM and ADSL the treatment start is read from: 0 or RECIST_EINVALID (said). */
RECIST_INTERNAL int  sdtm_setup_starts(struct import *im, struct starts *st);
/* Subject usubjid, its rows in im->t[].rows: its documents to e.  0 or < 0. */
RECIST_INTERNAL int  sdtm_subject_ready(struct import *im, const struct starts *st, const char *usubjid, struct emit *e);
/* Forget the rows of the subject at hand. */
RECIST_INTERNAL void sdtm_rows_reset(struct import *im);
/* What --evaluator and --accepted-only left out, said once per table. */
RECIST_INTERNAL void sdtm_say_left_out(struct import *im);

/*
 * The tables read once (CSV in the order of USUBJID): 0 (done), 1 (not
 * possible: nothing passed on, read twice), or < 0; sdtm_once.c.  Read
 * twice, whatever the order: 0 or < 0; sdtm_twice.c.
 */
RECIST_INTERNAL int  sdtm_read_once(struct import *im, struct emit *e);
RECIST_INTERNAL int  sdtm_read_twice(struct import *im, struct emit *e);

#endif
