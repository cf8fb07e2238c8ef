/*
 * case.h - a case (recist-case/1) as the engine sees it, after
 * src/input/case_read.c has validated it and copied it out of cJSON.
 *
 * SPDX-License-Identifier: MIT
 *
 * Lengths are integers in micrometres (1 mm = 1000 um): input decimals are
 * rounded once, on reading, to the nearest micrometre, and from then on every
 * threshold is decided in exact arithmetic (recist-rules(5), Decision 1).
 * Dates are day numbers (date.h).  All memory belongs to the case's arena.
 */
#ifndef RECIST_CASE_H
#define RECIST_CASE_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/recist_int.h"

/* Largest length accepted, in um (10 m): anything above is a data error. */
#define CASE_MAX_UM INT64_C(10000000)

/*
 * Limits on one case, far above any real one (under 100 lesions and 50
 * assessments), so that a hostile or broken record is refused at once with
 * CASE_TOO_LARGE instead of taking minutes or gigabytes: the engine and
 * validate look at every lesion at every assessment, so their product is
 * bounded too.  recist-case(5) documents them.
 */
#define CASE_MAX_LESIONS      100000  /* registry lesions */
#define CASE_MAX_ASSESSMENTS  1000
#define CASE_MAX_NEW_LESIONS  100000  /* new lesions of one assessment */
#define CASE_MAX_CELLS        10000000 /* lesions x assessments */

enum lesion_role { ROLE_TARGET, ROLE_NON_TARGET };

/* A lesion of the baseline registry ("lesions"). */
struct lesion {
	const char      *id;
	const char      *organ;  /* its first word, lower case (Decision 19); "" when not given */
	const char      *organ_text; /* as written (the text report); "" when not given */
	const char      *location; /* lower case; "" when not given (Decision 10) */
	enum lesion_role role;
	bool             nodal;  /* lymph node: short axis, one organ for all nodes */
	bool             porta_hepatis; /* location "porta hepatis" */
};

/* What the reader recorded for one registry lesion at one assessment. */
enum meas_flag {
	M_RECORDED      = 1 << 0, /* the lesion's id appears in this assessment's "lesions" */
	M_NOT_EVALUATED = 1 << 1, /* target "not_evaluated": true */
	M_TOO_SMALL     = 1 << 2, /* target "too_small": true */
	M_DIAMETER      = 1 << 3, /* diameter_um is set */
	M_SHORT_AXIS    = 1 << 4, /* short_axis_um is set (targets and nodal non-targets) */
	M_VIABLE        = 1 << 5, /* viable_um is set */
	M_FRAGMENTS     = 1 << 6  /* fragments_um is set: the sum of "fragments_mm" */
};

enum nt_status {
	NT_UNRECORDED = 0,  /* non-target absent from the assessment: not evaluated */
	NT_PRESENT,
	NT_ABSENT,
	NT_PROGRESSION,     /* unequivocal progression */
	NT_NOT_EVALUATED
};

/* Tri-state for optional booleans. */
enum tri { TRI_UNKNOWN = 0, TRI_FALSE, TRI_TRUE };

struct measurement {
	uint32_t       lesion;         /* the lesion's index in the registry */
	unsigned       flags;          /* enum meas_flag */
	int64_t        diameter_um;
	int64_t        short_axis_um;
	int64_t        viable_um;
	int64_t        fragments_um;
	enum nt_status status;         /* non-target lesions only */
	enum tri       enhancing;      /* non-target lesions only (mRECIST) */
	bool           increased;      /* non-target lesions: "increased": true, the reader's "further increase" (iRECIST) */
};

/*
 * What the reader recorded a new lesion as ("role"): for rule sets that
 * follow new lesions as targets and non-targets of their own (iRECIST's
 * new lesion target and non-target, Seymour 2017).  NEW_ROLE_UNSET: the
 * reader left the choice to the rule set.  Given at a lesion's first
 * sighting, it holds at every later one (case_read.c checks).
 */
enum new_role { NEW_ROLE_UNSET = 0, NEW_ROLE_TARGET, NEW_ROLE_NON_TARGET };

struct new_lesion {
	const char *id;
	const char *organ;               /* as struct lesion's */
	const char *organ_text;          /* as struct lesion's */
	const char *location;            /* as struct lesion's */
	bool        porta_hepatis;
	bool        nodal;               /* "nodal", default: short_axis_mm given */
	bool        has_size;            /* a diameter_mm or short_axis_mm was given */
	int64_t     size_um;             /* diameter (non-nodal) or short axis (nodal) */
	bool        equivocal;           /* "equivocal": true */
	enum tri    arterial_enhancement;
	enum tri    washout;
	enum new_role role;              /* "role", that of its first sighting */
	bool        increased;           /* "increased": true, grown since the previous assessment (iRECIST) */
	bool        progression;         /* "progression": true, the reader's unequivocal progression (iRECIST) */
	const char *path;                /* "assessments[2].new_lesions[0]" */
};

/* The calls a site reported for one rule set at one assessment (validate). */
struct reported_calls {
	const char     *criteria;          /* rule-set id, as written */
	recist_response target, non_target, new_lesions, overall; /* RECIST_RESP_NONE: not reported */
	/* Each as the site wrote it when that is not the term itself ("sd"), else NULL. */
	const char     *target_written, *non_target_written, *new_lesions_written, *overall_written;
	bool            has_sum;
	int64_t         sum_um;
	int64_t         sum_rounding_um;   /* half a unit of the reported value's last decimal */
	const char     *path;              /* "assessments[2].reported.recist1.1" */
};

/* A best response a site reported for one rule set (validate). */
struct reported_best {
	const char     *criteria;
	recist_response response;
	const char     *written;           /* as written, when not the term itself; else NULL */
	const char     *path;
};

struct assessment {
	int32_t             date;        /* day number */
	char                date_str[11];
	recist_response     overall;     /* response histories only: the recorded overall response */
	struct measurement *meas;        /* the recorded ones, in registry order (meas_walk) */
	size_t              n_meas;
	struct new_lesion  *new_lesions;
	size_t              n_new;
	struct reported_calls *reported;  /* "reported", by rule set */
	size_t              n_reported;
	const char         *visit, *visitnum;  /* "sdtm": VISIT and VISITNUM, or NULL */
};

/* A case's trial identifiers ("sdtm"), each NULL when not given. */
struct case_sdtm {
	const char *studyid, *usubjid, *eval, *evalid;
};

/* A warning kept with the case, copied into every result of it. */
struct case_warning {
	const char *code;
	const char *message;
	const char *path;
};

/*
 * An error in a value the site reported (a call or a sum under "reported",
 * a reported best response, a history's component calls): kept with the
 * case instead of ending the reading, since only recist validate compares
 * such values.  recist_validate lists it as a finding of its own and checks
 * the rest; the engine otherwise reports it and rejects the case, as it
 * would any other error.
 */
struct case_error {
	enum diag_code code;
	unsigned        line, col;      /* 0 when not known */
	const char     *path;           /* "assessments[1].reported.recist1.1.target" */
	const char     *detail;         /* the message after the catalogue's text */
	const char     *criteria;       /* the rule-set id it was reported for; NULL when none is named */
	int32_t         assessment;     /* -1: a reported best response */
	const char     *field;          /* "target", ..., "sum_mm", "best_overall", "confirmed_best_overall" */
	const char     *written;        /* the value, when it is a string; else NULL */
};

/*
 * A baseline target the reader found measured only on the axis RECIST 1.1
 * does not read for its kind (a node by a long axis, another lesion by its
 * short axis): the position of the key, for the engine's CASE_WRONG_AXIS,
 * which the rule sets decide (their 'measure').  The first few only: the
 * position costs a walk over the text.
 */
struct axis_hint {
	uint32_t lesion;
	unsigned line, col;
};
#define CASE_AXIS_HINTS 8

struct recist_case {
	struct arena         arena;        /* everything below */
	struct arena         scratch;      /* cJSON's tree while parsing; reset after */
	const char          *file;         /* input name, for messages; may be NULL */
	const char          *case_id;
	const char          *arm;          /* NULL when not given */
	const char          *note;         /* the case's "note" (the text report), NULL when not given */
	struct case_sdtm     sdtm;         /* "sdtm": STUDYID, USUBJID, EVAL, EVALID */
	bool                 has_treatment_start;
	int32_t              treatment_start;
	bool                 has_death_date;       /* "death_date" (overall survival) */
	int32_t              death_date;
	bool                 has_last_alive_date;  /* "last_alive_date": censored there when alive */
	int32_t              last_alive_date;
	struct lesion       *lesions;
	size_t               n_lesions;
	struct assessment   *assessments;  /* [0] is the baseline; dates strictly increase */
	size_t               n_assessments;
	struct case_warning *warnings;
	size_t               n_warnings;
	struct case_error   *errors;       /* errors in reported values, in document order */
	size_t               n_errors;
	struct axis_hint     axis_hints[CASE_AXIS_HINTS];
	size_t               n_axis_hints;
	/*
	 * A response history (input of `recist bor`): no lesions, and the
	 * assessments are the follow-ups, each with its recorded 'overall'.
	 */
	bool                 history;
	bool                 target_disease;  /* history: false for non-target disease only */
	const char          *history_criteria; /* history: "criteria", the rule set its calls were made under, or NULL */
	struct reported_best *reported_best;       /* "reported_best_overall" */
	size_t               n_reported_best;
	struct reported_best *reported_confirmed;  /* "reported_confirmed_best_overall" */
	size_t               n_reported_confirmed;
};

/* A lesion not recorded at an assessment: not evaluated (case.c). */
extern RECIST_INTERNAL const struct measurement meas_unrecorded;

/*
 * The measurements of one assessment, lesion by lesion in registry order:
 * meas_of(w, k) for k = 0, 1, ... gives lesion k's measurement, or
 * meas_unrecorded.  Assessments store only what was recorded, so that a case
 * costs memory in proportion to its text.
 */
struct meas_walk {
	const struct assessment *a;
	size_t                   next;
};

static inline const struct measurement *meas_of(struct meas_walk *w, size_t k)
{
	while (w->next < w->a->n_meas && w->a->meas[w->next].lesion < k)
		w->next++;
	if (w->next < w->a->n_meas && w->a->meas[w->next].lesion == k)
		return &w->a->meas[w->next++];
	return &meas_unrecorded;
}

/*
 * What text is, told by its start, when it is an input of recist that a
 * reader was not made for (case.c): a CSV table of response histories (a
 * header naming case_id and overall), a CDISC SDTM table (CSV naming
 * USUBJID, or a SAS transport file), a rule or a flag file (a line
 * "format: recist-rules/..." or "format: recist-flags/...").  For the
 * readers' CASE_WRONG_KIND, which says what the file is and what reads it.
 */
enum input_kind { INPUT_OTHER, INPUT_HISTORY_CSV, INPUT_SDTM, INPUT_RULES, INPUT_FLAGS };
RECIST_INTERNAL enum input_kind input_kind_of(const char *text, size_t len);

/* Empty c, keeping its arenas' memory for the next case (case.c). */
RECIST_INTERNAL void case_reset(struct recist_case *c);

/* Whether a response history h shows target disease, from its responses (case.c). */
RECIST_INTERNAL bool case_infer_target_disease(const struct recist_case *h);

#endif
