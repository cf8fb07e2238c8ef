/*
 * recist.h - public interface of librecist, a tumour-response rule engine
 * (RECIST 1.1, mRECIST, and any rule set written in the recist-rules YAML
 * format).
 *
 * SPDX-License-Identifier: MIT
 *
 * Ownership: an object made by a recist_*_new() or returned through an
 * out-parameter belongs to the caller and is released with the matching
 * recist_*_free(), which accepts NULL.  Pointers returned as values are
 * borrowed from their parent and stay valid until the parent is freed or
 * reused.
 *
 * Threads: a loaded recist_ruleset is immutable and may be shared by any
 * number of threads.  A recist_case, recist_result or recist_buffer belongs
 * to one thread at a time.  The library keeps no mutable global state; it
 * installs cJSON allocation hooks once (see librecist(3)).
 *
 * Errors: functions that can fail return 0 or a negative recist_error_code.
 * The details go to the caller's diagnostic sink, never to stdout/stderr.
 */
#ifndef RECIST_RECIST_H
#define RECIST_RECIST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RECIST_VERSION "0.1.0"

/*
 * Every function of the API is declared RECIST_API, the only symbols the
 * shared library exports (the library is built with hidden visibility, so
 * nothing else leaks into a host program's name space).
 */
#if defined(__GNUC__) && __GNUC__ >= 4
#define RECIST_API __attribute__((visibility("default")))
#else
#define RECIST_API
#endif

/*
 * The versions of the libraries librecist runs with, as they report them
 * at run time (a shared library may differ from the one it was built
 * with): cJSON_Version() and yaml_get_version_string().  Static strings.
 */
RECIST_API const char *recist_cjson_version(void);
RECIST_API const char *recist_yaml_version(void);

/* Return codes.  Keep the list short; never renumber. */
typedef enum {
	RECIST_OK        =  0,
	RECIST_ERROR     = -1, /* generic failure; see the diagnostics */
	RECIST_ENOTFOUND = -2, /* no such rule set, or no document left in the input */
	RECIST_EPARSE    = -3, /* JSON or YAML not well-formed */
	RECIST_EINVALID  = -4, /* well-formed, but breaks the schema or the rule-file format */
	RECIST_ENOMEM    = -5, /* out of memory */
	RECIST_EIO       = -6  /* a file could not be read */
} recist_error_code;

/* ---- Diagnostics ------------------------------------------------------ */

typedef enum {
	RECIST_SEV_WARNING = 1, /* the input was used; something in it is suspect */
	RECIST_SEV_ERROR   = 2  /* the input cannot be used */
} recist_severity;

/*
 * One diagnostic.  Every string is borrowed for the duration of the sink
 * call only; copy what you keep.
 */
typedef struct {
	recist_severity severity;
	const char *code;    /* stable identifier, e.g. "CASE_BAD_VALUE" (see recist(1) DIAGNOSTICS) */
	const char *file;    /* input name; NULL when unknown */
	unsigned    line;    /* 1-based; 0 when unknown */
	unsigned    column;  /* 1-based; 0 when unknown */
	const char *path;    /* key path in the document ("assessments[2].lesions.T3"); NULL */
	const char *message; /* lowercase, no trailing period */
} recist_diag;

typedef void (*recist_diag_fn)(void *ctx, const recist_diag *d);

/* Where diagnostics go.  A NULL sink, or a sink with a NULL fn, drops them. */
typedef struct {
	recist_diag_fn fn;
	void          *ctx;
} recist_diag_sink;

/* ---- Response vocabulary (CDISC terms) -------------------------------- */

typedef enum {
	RECIST_RESP_NONE = 0,  /* no value (e.g. baseline) */
	RECIST_RESP_CR,
	RECIST_RESP_PR,
	RECIST_RESP_SD,
	RECIST_RESP_PD,
	RECIST_RESP_NE,
	RECIST_RESP_NA,        /* no lesions of that kind at baseline */
	RECIST_RESP_NON_CR_NON_PD,
	RECIST_RESP_YES,       /* new lesions: unequivocal new lesion */
	RECIST_RESP_NO,
	RECIST_RESP_EQUIVOCAL,
	/* iRECIST time-point responses (Seymour 2017), given by a rule set's
	 * progression list; appended, so that no earlier value moves. */
	RECIST_RESP_ICR,
	RECIST_RESP_IPR,
	RECIST_RESP_ISD,
	RECIST_RESP_NON_ICR_NON_IUPD,
	RECIST_RESP_IUPD,      /* unconfirmed progression */
	RECIST_RESP_ICPD       /* confirmed progression */
} recist_response;

/* "CR", "NON-CR/NON-PD", ..., "iCPD"; "" for RECIST_RESP_NONE.  Static storage. */
RECIST_API const char *recist_response_name(recist_response r);

/* ---- Output buffer ---------------------------------------------------- */

/* A growable byte buffer the library appends to.  ptr is NUL-terminated
 * whenever len > 0.  Reuse one buffer across cases to avoid reallocation. */
typedef struct {
	char  *ptr;
	size_t len;
	size_t cap;
} recist_buffer;
#define RECIST_BUFFER_INIT { NULL, 0, 0 }

RECIST_API void recist_buffer_clear(recist_buffer *buf);   /* len = 0, memory kept */
RECIST_API void recist_buffer_release(recist_buffer *buf); /* frees the memory; buffer reusable */

/* Output formats of the writers below. */
typedef enum {
	RECIST_FORMAT_TEXT = 0, /* the report a radiologist reads */
	RECIST_FORMAT_JSON,     /* recist-result/1, one line */
	RECIST_FORMAT_CSV       /* one row per criteria and follow-up */
} recist_format;

/* ---- Rule sets -------------------------------------------------------- */

typedef struct recist_ruleset recist_ruleset;

/* Built-in rule sets, compiled into the library: "recist1.1", "mrecist", ... */
RECIST_API size_t      recist_builtin_count(void);
RECIST_API const char *recist_builtin_id(size_t i);            /* NULL when i is out of range */
RECIST_API const char *recist_builtin_text(const char *id, size_t *len); /* YAML source; NULL if unknown */

/*
 * Load a rule set: a built-in one by id, a YAML file, or YAML text in memory
 * ('name' is used in diagnostics).  On success *out is a new, immutable rule
 * set.  Returns RECIST_ENOTFOUND (unknown built-in id), RECIST_EIO,
 * RECIST_EPARSE or RECIST_EINVALID, with FILE:LINE:COL diagnostics, or
 * RECIST_ENOMEM, with one SYS_NOMEM diagnostic naming the file.
 */
RECIST_API int recist_ruleset_load_builtin(recist_ruleset **out, const char *id,
                                           const recist_diag_sink *sink);
RECIST_API int recist_ruleset_load_file(recist_ruleset **out, const char *path,
                                        const recist_diag_sink *sink);
RECIST_API int recist_ruleset_load_text(recist_ruleset **out, const char *text, size_t len,
                                        const char *name, const recist_diag_sink *sink);

RECIST_API const char *recist_ruleset_id(const recist_ruleset *rs);     /* "recist1.1" */
RECIST_API const char *recist_ruleset_name(const recist_ruleset *rs);   /* "RECIST 1.1" */
RECIST_API const char *recist_ruleset_source(const recist_ruleset *rs); /* the publication */
/* The rule file's 'version' (its revision), or NULL when it has none. */
RECIST_API const char *recist_ruleset_version(const recist_ruleset *rs);
/*
 * The SHA-256 of the rule file's text as loaded, 64 lower-case hex digits:
 * for a built-in rule set, that of the file shipped in rules/, so that
 * sha256sum(1) of a copy tells whether it is the same.
 */
RECIST_API const char *recist_ruleset_sha256(const recist_ruleset *rs);
RECIST_API const char *recist_ruleset_text(const recist_ruleset *rs, size_t *len); /* its YAML */

/* The value of a param as a double (for display only; the engine uses the
 * exact decimal).  Returns RECIST_ENOTFOUND if the rule set has no such param. */
RECIST_API int recist_ruleset_param(const recist_ruleset *rs, const char *name, double *out);

RECIST_API void recist_ruleset_free(recist_ruleset *rs);

/* ---- Cases (input, recist-case/1) ------------------------------------- */

typedef struct recist_case recist_case;

/* Where text[0] lies in its file, for diagnostics.  line/column 1-based. */
typedef struct {
	const char *file;
	unsigned    line;
	unsigned    column;
} recist_origin;

RECIST_API recist_case *recist_case_new(void); /* NULL when out of memory */

/*
 * Parse the first JSON document in text[0..len) into c, replacing what c
 * held (its memory is reused).  *consumed receives the number of bytes read,
 * trailing white space included, so that a caller can loop over a file of
 * several documents.  Returns RECIST_ENOTFOUND when text holds only white
 * space, RECIST_EPARSE for malformed JSON (with line:column) or another
 * input than JSON (CASE_WRONG_KIND), RECIST_EINVALID for a schema violation
 * (with the key path and its line:column).  Warnings (unknown keys) go to
 * the sink and are kept in the case.  A reported value that is not valid
 * does not fail the parse: it is kept, reported by recist_evaluate_opts and
 * listed by recist_validate.
 */
RECIST_API int recist_case_parse(recist_case *c, size_t *consumed,
                                 const char *text, size_t len,
                                 const recist_origin *origin,
                                 const recist_diag_sink *sink);

RECIST_API const char *recist_case_id(const recist_case *c);

/* 1 if case c reports calls (reported, reported_best_overall, ...) for the
 * rule set with this id, else 0: recist validate checks those by default. */
RECIST_API int recist_case_reports(const recist_case *c, const char *criteria_id);

RECIST_API void recist_case_free(recist_case *c);

/*
 * Read the whole file at path ("-": standard input) into a malloc'd,
 * NUL-terminated buffer: *text (the caller frees it), *len bytes without
 * the NUL.  0, RECIST_EIO (SYS_OPEN or SYS_READ to the sink) or
 * RECIST_ENOMEM.
 */
RECIST_API int recist_read_file(const char *path, char **text, size_t *len, const recist_diag_sink *sink);

/* ---- Trial data: CDISC SDTM ------------------------------------------- */

/*
 * Options of recist_sdtm_read.  Start from RECIST_SDTM_OPTIONS_INIT;
 * fields may be appended in later versions, never reordered.
 */
typedef struct {
	unsigned    version;        /* RECIST_SDTM_OPTIONS_VERSION */
	const char *evaluator;      /* only this reader's rows (--EVALID, else --EVAL); NULL: every reader */
	int         accepted_only;  /* 1: only rows whose --ACPTFL is Y */
	int         axis_codes;     /* 1: LDIAM/LPERP rather than DIAMETER when a lesion has both */
	const char *start;          /* the treatment start's column: RFXSTDTC, RFSTDTC (DM), TRTSDT, RANDDT
	                               (ADSL); NULL: RFXSTDTC, else RFSTDTC, else TRTSDT */
	int         rs_alone;       /* 1: a subject with RS calls but no lesions gives a response history per
	                               rule set (RECIST_SDTM_HISTORY), for validate's consistency check */
} recist_sdtm_options;
#define RECIST_SDTM_OPTIONS_VERSION 1
#define RECIST_SDTM_OPTIONS_INIT { RECIST_SDTM_OPTIONS_VERSION, NULL, 0, 0, NULL, 0 }

/* What a document made from SDTM tables is. */
typedef enum {
	RECIST_SDTM_CASE    = 1,  /* a recist-case/1 document: recist_case_parse */
	RECIST_SDTM_HISTORY = 2   /* a response history with the site's calls: recist_history_parse */
} recist_sdtm_kind;

/* Called with each document made, doc[0..len), one line; label ("USUBJID",
 * or "USUBJID/READER") names it in messages.  A negative return stops the
 * reading and is returned. */
typedef int (*recist_sdtm_fn)(void *ctx, recist_sdtm_kind kind, const char *doc, size_t len, const char *label);

/*
 * Read CDISC SDTM tumour data, the domains TU, TR and RS, with DM or ADaM
 * ADSL for the treatment start: paths are directories, whose files named
 * after a domain (tu.csv, TR.xpt, ...) are read, or such files; CSV or SAS
 * transport.  One case per subject and reader, in the order of USUBJID,
 * goes to fn; sets are the rule sets whose 'cdisc' names (recist-rules(5))
 * map RS calls and TR sums to them.  A row that cannot be used, or a
 * subject that cannot be made a case, is reported to sink and left out;
 * the others are still passed.  recist-sdtm(5) gives the mapping.
 * Returns 0; RECIST_EINVALID when something was left out; RECIST_EIO,
 * RECIST_EPARSE or RECIST_EINVALID (no domain, a required column missing)
 * when a table cannot be read, and nothing is passed then; RECIST_ENOMEM;
 * or fn's negative value.
 */
RECIST_API int recist_sdtm_read(const char *const *paths, size_t n_paths, const recist_ruleset *const *sets,
                                size_t n_sets, const recist_sdtm_options *opts, recist_sdtm_fn fn, void *ctx,
                                const recist_diag_sink *sink);

/*
 * The same tables' overall responses (RS rows OVRLRESP whose RSCAT is rule
 * set rs's cdisc.rscat), one response history (the input of recist_history_parse)
 * per subject and reader, to fn, as recist_sdtm_read passes cases: the
 * best overall response of trial data that has calls but no measurements.
 * TR is not read; TU only for the readers.  Returns as recist_sdtm_read,
 * and RECIST_EINVALID when rs names no RSCAT or there is no RS table.
 */
RECIST_API int recist_sdtm_read_histories(const char *const *paths, size_t n_paths, const recist_ruleset *rs,
                                          const recist_sdtm_options *opts, recist_sdtm_fn fn, void *ctx,
                                          const recist_diag_sink *sink);

/* ---- Evaluation ------------------------------------------------------- */

typedef struct recist_result recist_result;

RECIST_API recist_result *recist_result_new(void); /* NULL when out of memory */

/*
 * Evaluate case c under each of the n rule sets (each separately, in the
 * order given) into res, replacing what res held.  The rule sets must
 * outlive res; the case need not.  Returns RECIST_ENOMEM, RECIST_ERROR
 * when a rule set cannot decide (e.g. arithmetic overflow), or
 * RECIST_EINVALID for an error of the case (a reported value that is not
 * valid; a baseline target recorded only on an axis a rule set does not
 * read, CASE_WRONG_AXIS), each with a diagnostic.
 */
RECIST_API int recist_evaluate(recist_result *res, const recist_case *c,
                               const recist_ruleset *const *sets, size_t n,
                               const recist_diag_sink *sink);

/*
 * Settings of the best-overall-response derivation that override every rule
 * set's params (recist-rules(5)): a negative value keeps the rule set's own.
 * Start from RECIST_EVAL_OPTIONS_INIT; fields may be appended in later
 * versions, never reordered.
 */
typedef struct {
	unsigned version;        /* RECIST_EVAL_OPTIONS_VERSION */
	int      confirm_days;   /* CR/PR confirmed no earlier than this many days later */
	int      sd_min_days;    /* SD counts from this many days after treatment start */
	int      max_ne_between; /* NE assessments allowed between a response and its confirmation */
	int      accept_sd;      /* 1: one SD allowed inside a PR confirmation window; 0: not */
	int      explain;        /* 1: keep what recist_validate needs to explain a call, and leave it the
	                            errors of the case it lists as findings (not RECIST_EINVALID) */
	/*
	 * Version 2.  1: a rule set that reads, for the case's targets, a
	 * measurement none of them has at baseline (mRECIST's viable diameter
	 * in a case without one) is not assessed: it has no follow-ups, its best
	 * responses are NE, and recist_result_not_assessed() says why, instead
	 * of an NE and a warning at every follow-up.  0: every rule set is
	 * scored (recist evaluate --criteria).
	 */
	int      assessable_only;
} recist_eval_options;
#define RECIST_EVAL_OPTIONS_VERSION 2
#define RECIST_EVAL_OPTIONS_INIT { RECIST_EVAL_OPTIONS_VERSION, -1, -1, -1, -1, 0, 0 }

/* As recist_evaluate, with overrides (opts may be NULL: none). */
RECIST_API int recist_evaluate_opts(recist_result *res, const recist_case *c,
                                    const recist_ruleset *const *sets, size_t n,
                                    const recist_eval_options *opts, const recist_diag_sink *sink);

/* Read access to a result.  ci indexes the rule sets, ti the follow-ups. */
RECIST_API size_t          recist_result_criteria_count(const recist_result *res);
RECIST_API const char     *recist_result_criteria_id(const recist_result *res, size_t ci);
RECIST_API size_t          recist_result_timepoint_count(const recist_result *res, size_t ci);

typedef struct {
	const char     *date;           /* "YYYY-MM-DD" */
	int             has_sum;        /* 0 when the sum cannot be computed */
	int64_t         sum_um;         /* sum of target diameters, micrometres */
	recist_response target;
	recist_response non_target;
	recist_response new_lesions;
	recist_response overall;
	size_t          reason_count;
	const char *const *reasons;     /* borrowed from the result */
} recist_timepoint;

/* Fills *out (borrowed strings); RECIST_ENOTFOUND when out of range. */
RECIST_API int recist_result_timepoint(const recist_result *res, size_t ci, size_t ti,
                                       recist_timepoint *out);

/*
 * Why rule set ci was not assessed ("no viable diameters at baseline",
 * see assessable_only), or NULL when it was.
 */
RECIST_API const char *recist_result_not_assessed(const recist_result *res, size_t ci);

/* Date of first documented progression ("YYYY-MM-DD") or NULL. */
RECIST_API const char *recist_result_progression_date(const recist_result *res, size_t ci);

/* Best overall response of rule set ci, without (confirmed 0) or with
 * (confirmed 1) confirmation of CR and PR; *date gets "YYYY-MM-DD" or NULL. */
RECIST_API recist_response recist_result_best_overall(const recist_result *res, size_t ci, int confirmed,
                                                      const char **date);

RECIST_API void recist_result_free(recist_result *res);

/* ---- Flags across rule sets ------------------------------------------- */

/*
 * A flag set (recist-flags/1, e.g. the built-in rules/flags.yaml) names
 * patterns across the rule sets' responses at one follow-up, such as
 * NEW_LESION_WITH_LOCAL_RESPONSE.  Immutable once loaded, like a rule set.
 */
typedef struct recist_flagset recist_flagset;

/* Load the built-in flag set, a flag file, or flag YAML in memory.  Return
 * codes and diagnostics as for rule sets. */
RECIST_API int recist_flagset_load_builtin(recist_flagset **out, const recist_diag_sink *sink);
RECIST_API int recist_flagset_load_file(recist_flagset **out, const char *path, const recist_diag_sink *sink);
RECIST_API int recist_flagset_load_text(recist_flagset **out, const char *text, size_t len,
                                        const char *name, const recist_diag_sink *sink);
RECIST_API const char *recist_flagset_name(const recist_flagset *fs);
/* The rule-set ids the flags compare (the values of its 'criteria'). */
RECIST_API size_t      recist_flagset_criteria_count(const recist_flagset *fs);
RECIST_API const char *recist_flagset_criteria_id(const recist_flagset *fs, size_t i); /* NULL if out of range */
RECIST_API const char *recist_flagset_text(const recist_flagset *fs, size_t *len); /* its YAML */
/* The codes of its flags, in file order. */
RECIST_API size_t      recist_flagset_flag_count(const recist_flagset *fs);
RECIST_API const char *recist_flagset_flag_code(const recist_flagset *fs, size_t i); /* NULL if out of range */
RECIST_API void recist_flagset_free(recist_flagset *fs);

/*
 * Evaluate the flags of fs on res, after recist_evaluate(), replacing any
 * flags res held.  A rule set res was not scored with gives no value, so a
 * condition that needs it is not true and its flag does not fire.  fs must
 * outlive res.  Returns 0, RECIST_ENOMEM or
 * RECIST_ERROR (arithmetic overflow, with a diagnostic).
 */
RECIST_API int recist_evaluate_flags(recist_result *res, const recist_flagset *fs, const recist_diag_sink *sink);

typedef struct {
	const char *code;     /* "NEW_LESION_WITH_LOCAL_RESPONSE", "CR_THEN_PR" */
	const char *date;     /* the follow-up, "YYYY-MM-DD" */
	const char *message;
	const char *criteria; /* the rule set that raised it; NULL for a cross-criteria flag */
} recist_flag;

RECIST_API size_t recist_result_flag_count(const recist_result *res);
/* Fills *out (borrowed strings); RECIST_ENOTFOUND when out of range. */
RECIST_API int    recist_result_flag(const recist_result *res, size_t i, recist_flag *out);

/* ---- Validation of a site's reported calls ---------------------------- */

/*
 * One finding of recist_validate: a reported call that disagrees with the
 * recomputed one, or a data-quality problem.  Strings are borrowed from the
 * result; NULL stands for "none" (a case-level finding has no date, a
 * data-quality finding no reported or computed value).
 */
typedef struct {
	const char *case_id;
	const char *criteria;  /* the rule set, or NULL */
	const char *date;      /* "YYYY-MM-DD", or NULL for the case as a whole */
	const char *field;     /* "target", ..., "best_overall", or a data-quality code */
	const char *reported;
	const char *computed;
	recist_severity severity; /* RECIST_SEV_ERROR (a wrong call or sum) or RECIST_SEV_WARNING (data quality) */
	const char *reason;
} recist_finding;

/*
 * Compare case c with the result res of scoring it (recist_evaluate_opts
 * with explain set, so that reasons can say why a reported call was not
 * reached) and check c's data; the findings are kept in res, sorted by
 * date and rule set.  loaded lists every rule set available, applied or
 * not, so that calls reported for one that does not exist are found.
 * Returns 0 or RECIST_ENOMEM.
 */
RECIST_API int recist_validate(recist_result *res, const recist_case *c, const recist_ruleset *const *loaded,
                               size_t n_loaded, const recist_diag_sink *sink);
RECIST_API size_t recist_result_finding_count(const recist_result *res);
RECIST_API int    recist_result_finding(const recist_result *res, size_t i, recist_finding *out);

/* Append one finding, or all of a result's, in fmt (JSON Lines, CSV rows,
 * text lines); and the CSV header.  0 or RECIST_ENOMEM. */
RECIST_API int recist_finding_write(recist_buffer *buf, const recist_finding *f, recist_format fmt);
RECIST_API int recist_findings_write(recist_buffer *buf, const recist_result *res, recist_format fmt);
RECIST_API int recist_findings_csv_header(recist_buffer *buf);

/* ---- Response histories: best overall response without measurements --- */

/*
 * A response history is one subject's dated overall responses, as a trial
 * coordinator tabulates them (input of `recist bor`, described in
 * recist(1)).  It is held in a recist_case: parse it with
 * recist_history_parse (a JSON object) or recist_history_parse_csv (a
 * table), then score it with recist_evaluate_history.
 */
RECIST_API int recist_history_parse(recist_case *c, size_t *consumed, const char *text, size_t len,
                                    const recist_origin *origin, const recist_diag_sink *sink);

/*
 * Parse a CSV table of histories (header with the columns case_id,
 * treatment_start, date and overall, in any order) and call fn once per
 * subject, in the order subjects first appear; the history passed is valid
 * during the call only.  A subject with a bad value or conflicting rows is
 * reported and skipped; the others are still passed.  Malformed CSV, text
 * that is not UTF-8 or holds a NUL, a bad header, a row out of line with the
 * header or without a usable case_id is reported and no subject is passed.
 * Returns 0, RECIST_EINVALID (some subject was skipped, or none passed),
 * RECIST_ENOMEM, or the first negative value fn returned (which stops the
 * parse).
 */
typedef int (*recist_history_fn)(void *ctx, const recist_case *history);
RECIST_API int recist_history_parse_csv(const char *text, size_t len, const char *file, recist_history_fn fn,
                                        void *ctx, const recist_diag_sink *sink);

/*
 * Best overall response, confirmed best overall response, progression
 * date, duration of response and time to progression of a history under
 * rule set rs (its params, with opts' overrides), into res: the same
 * derivation recist_evaluate applies to the follow-ups it scores.
 * Returns 0, RECIST_ENOMEM, or RECIST_EINVALID when c is not a history or
 * holds a reported value that is not valid (unless opts->explain is set).
 */
RECIST_API int recist_evaluate_history(recist_result *res, const recist_case *c, const recist_ruleset *rs,
                                       const recist_eval_options *opts, const recist_diag_sink *sink);

/* ---- Output ----------------------------------------------------------- */

/* Append res, rendered in fmt, to buf.  Returns 0 or RECIST_ENOMEM. */
RECIST_API int recist_result_write(recist_buffer *buf, const recist_result *res, recist_format fmt);

/* Append the CSV header line to buf.  Returns 0 or RECIST_ENOMEM. */
RECIST_API int recist_csv_header(recist_buffer *buf);

/* Append a result's best responses (recist bor output: one record per rule
 * set, no follow-up detail) to buf; and the CSV header of that output.
 * 0 or RECIST_ENOMEM.  recist_result_write refuses (RECIST_EINVALID) the
 * result of a history, which has no follow-up detail to show. */
RECIST_API int recist_bor_write(recist_buffer *buf, const recist_result *res, recist_format fmt);
RECIST_API int recist_bor_csv_header(recist_buffer *buf);

/* ---- Summaries of a cohort (recist summary) ---------------------------- */

/*
 * A cohort's results, added one at a time and summarised per group and
 * rule set: best overall responses, ORR and DCR with exact 95 % intervals,
 * Fisher's test between two groups, the cross-table of the first two rule
 * sets, flags and warnings by code, and Kaplan-Meier time to progression and
 * overall survival (recist(1), SUMMARY).  by: "arm" (NULL is the same) or
 * "none" (one group); NULL for another field or when out of memory.  Its
 * memory grows with the groups and codes seen, and by 16 bytes a patient
 * and time-to-event endpoint.
 */
typedef struct recist_summary recist_summary;
RECIST_API recist_summary *recist_summary_new(const char *by);
/* Add a scored result (recist_evaluate_opts, then recist_evaluate_flags): 0 or RECIST_ENOMEM. */
RECIST_API int recist_summary_add(recist_summary *s, const recist_result *res);
/*
 * Add the patient of one result line text[0..len) (recist-result/1, from
 * recist evaluate --format json or recist batch; file and line name it in
 * messages): 0, RECIST_EPARSE or RECIST_EINVALID with a diagnostic, or
 * RECIST_ENOMEM.  An error record of batch (recist-error/1) is counted as
 * rejected and adds no patient.
 */
RECIST_API int recist_summary_add_json(recist_summary *s, const char *text, size_t len, const char *file,
                                       unsigned line, const recist_diag_sink *sink);
/* Append the summary in fmt (text, JSON or CSV) to buf: 0 or RECIST_ENOMEM. */
RECIST_API int recist_summary_write(recist_buffer *buf, const recist_summary *s, recist_format fmt);
RECIST_API void recist_summary_free(recist_summary *s);

/* ---- Figures of a cohort (recist plot) --------------------------------- */

/*
 * The standard figures of tumour response (recist(1), PLOT): waterfall (a
 * bar per patient, the best % change of the target sum from baseline),
 * spider (a line per patient, that change over time) and swimmer (a bar
 * per patient over time, with first response, progression and death).
 * Patients are added one at a time, as to a summary; the plot keeps a few
 * numbers per patient and assessment, never the results themselves.  It is
 * written as a self-contained SVG figure or as the figure's tidy table
 * (CSV or JSON), one panel per group and rule set.
 */
typedef enum {
	RECIST_PLOT_WATERFALL = 1,
	RECIST_PLOT_SPIDER    = 2,
	RECIST_PLOT_SWIMMER   = 3
} recist_plot_kind;

typedef enum {
	RECIST_PLOT_SVG  = 0,  /* the figure */
	RECIST_PLOT_CSV  = 1,  /* its tidy table, a row per bar, point or event */
	RECIST_PLOT_JSON = 2   /* the same rows as a JSON array of objects */
} recist_plot_format;

/*
 * What to draw.  Start from RECIST_PLOT_OPTIONS_INIT; fields may be
 * appended in later versions, never reordered.  The strings are copied;
 * the rule sets are borrowed and must outlive the plot.
 */
typedef struct {
	unsigned                     version;   /* RECIST_PLOT_OPTIONS_VERSION */
	recist_plot_kind             kind;
	const char                  *by;        /* "arm" (NULL is the same) or "none": the groups */
	const recist_ruleset *const *sets;      /* whose params (pd_increase_pct, pr_decrease_pct) draw */
	size_t                       n_sets;    /*   the reference lines of result lines of the same id */
	const char                  *criteria;  /* comma-separated rule-set ids to draw; NULL: all */
	const char                  *mark_flags; /* comma-separated flag codes marked on the waterfall's bars; NULL: none */
} recist_plot_options;
#define RECIST_PLOT_OPTIONS_VERSION 1
#define RECIST_PLOT_OPTIONS_INIT { RECIST_PLOT_OPTIONS_VERSION, RECIST_PLOT_WATERFALL, NULL, NULL, 0, NULL, NULL }

typedef struct recist_plot recist_plot;

/*
 * A new, empty plot into *out, which the caller frees with
 * recist_plot_free: 0, RECIST_EINVALID (an unknown kind, by or options
 * version) or RECIST_ENOMEM.
 */
RECIST_API int recist_plot_new(recist_plot **out, const recist_plot_options *opts);
/* Add a scored result (recist_evaluate_opts, then recist_evaluate_flags): 0 or RECIST_ENOMEM. */
RECIST_API int recist_plot_add(recist_plot *p, const recist_result *res);
/*
 * Add the patient of one result line text[0..len) (recist-result/1; file
 * and line name it in messages): 0, RECIST_EPARSE or RECIST_EINVALID with
 * a diagnostic, or RECIST_ENOMEM.  An error record of batch
 * (recist-error/1) adds no patient.
 */
RECIST_API int recist_plot_add_json(recist_plot *p, const char *text, size_t len, const char *file,
                                    unsigned line, const recist_diag_sink *sink);
/* Append the figure (SVG) or its table (CSV, JSON) to buf: 0, RECIST_EINVALID (fmt) or RECIST_ENOMEM. */
RECIST_API int recist_plot_write(recist_buffer *buf, const recist_plot *p, recist_plot_format fmt);
RECIST_API void recist_plot_free(recist_plot *p);

/* ---- Trial data out: CDISC SDTM RS, ADaM ADRS and ADTR ----------------- */

/*
 * Results as the tables trials exchange (recist-sdtm(5) lists their
 * columns): identifiers from the case's "sdtm" object (recist import sdtm
 * writes it), else the case id as USUBJID; each rule set named by its
 * cdisc.rscat, else its name, and RS's target and non-target calls in its
 * cdisc.category_terms (iRECIST's iUPD for PD).
 */
typedef enum {
	RECIST_TABLE_SDTM_RS = 1, /* RS: TRGRESP, NTRGRESP, NEWLIND, NEWLPROG, OVRLRESP per follow-up */
	RECIST_TABLE_ADRS    = 2, /* ADaM ADRS: OVR per follow-up, BOR and CBOR per rule set */
	RECIST_TABLE_ADTR    = 3  /* ADaM ADTR: SDIAM (the target sum) per assessment, baseline first */
} recist_table;

/* The CSV header of a table; 0, RECIST_EINVALID (unknown table) or RECIST_ENOMEM. */
RECIST_API int recist_table_csv_header(recist_buffer *buf, recist_table kind);

/*
 * Append res's rows of a table as CSV.  *seq is the last RSSEQ written
 * (RS), kept by the caller across results so that each row's RSSEQ is
 * unique within its subject, as SDTM requires.  0, RECIST_ENOMEM,
 * or RECIST_EINVALID (an unknown table, or RS and ADTR from a response
 * history, which has no measurements).
 */
RECIST_API int recist_table_csv_rows(recist_buffer *buf, const recist_result *res, recist_table kind,
                                     unsigned long *seq);

/*
 * Write a table as a SAS transport file (version 5, what regulators
 * receive) at path, from its CSV (csv[0..len): the header and the rows the
 * two functions above wrote): dataset RS, ADRS or ADTR, each character
 * column as wide as its longest value.  0, RECIST_EIO (said),
 * RECIST_EINVALID (not such a table's CSV, or a value the format cannot
 * hold; said) or RECIST_ENOMEM.
 */
RECIST_API int recist_table_write_xpt(const char *path, recist_table kind, const char *csv, size_t len,
                                      const recist_diag_sink *sink);

/* ---- Batch work: one record in, one record out ------------------------- */

/*
 * A scorer turns one input record (one recist-case/1 JSON document, as a
 * line of a JSON Lines file) into exactly one output record: its result, or
 * an error record ({"format": "recist-error/1", "source": "FILE:LINE",
 * "case_id": ..., "error": {...}}) that says why it was rejected.  A scorer
 * holds the per-record memory (case, result, buffers) and is reused record
 * after record; one scorer per thread, all sharing the same rule sets and
 * flag set, which must outlive it.
 */
typedef struct recist_scorer recist_scorer;

RECIST_API recist_scorer *recist_scorer_new(const recist_ruleset *const *sets, size_t n, const recist_flagset *flags,
                                            const recist_eval_options *opts); /* NULL when out of memory */

/* What recist_scorer_score did with a record. */
typedef enum {
	RECIST_RECORD_SCORED   = 0,  /* a result was appended */
	RECIST_RECORD_REJECTED = 1,  /* an error record was appended */
	RECIST_RECORD_SKIPPED  = 2   /* not in the shard: nothing appended */
} recist_record_status;

/*
 * One record to score: one document, text[0..len) (trailing white space
 * allowed; need not be NUL-terminated), from file:line, which its error
 * record names.  recist_scorer_score fills status and flagged (1 when the
 * result raised a flag).
 */
typedef struct {
	const char          *text;
	size_t               len;
	const char          *file;    /* never NULL */
	unsigned             line;    /* 1-based: the line of file the text starts on */
	recist_record_status status;  /* out */
	int                  flagged; /* out */
} recist_record;

/*
 * How records are written and which are taken.  Start from
 * RECIST_SCORE_OPTIONS_INIT; fields may be appended in later versions,
 * never reordered.
 */
typedef struct {
	unsigned      version;      /* RECIST_SCORE_OPTIONS_VERSION */
	recist_format format;       /* RECIST_FORMAT_JSON: one line; RECIST_FORMAT_CSV: rows or an ERROR row */
	unsigned      shard_index;  /* 0-based: with shard_count > 1, records of other shards are skipped */
	unsigned      shard_count;  /* 0 or 1: every record */
} recist_score_options;
#define RECIST_SCORE_OPTIONS_VERSION 1
#define RECIST_SCORE_OPTIONS_INIT { RECIST_SCORE_OPTIONS_VERSION, RECIST_FORMAT_JSON, 0, 1 }

/*
 * Score rec's text and append its output record under opts (NULL: the
 * defaults) to out.  Returns 0, RECIST_ENOMEM, or RECIST_EINVALID for
 * options of an unknown version.
 */
RECIST_API int recist_scorer_score(recist_scorer *s, recist_record *rec, const recist_score_options *opts,
                                   recist_buffer *out);

RECIST_API void recist_scorer_free(recist_scorer *s);

#ifdef __cplusplus
}
#endif

#endif /* RECIST_RECIST_H */
