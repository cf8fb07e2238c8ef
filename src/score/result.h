/*
 * result.h - the evaluation of one case under one or more rule sets.
 *
 * SPDX-License-Identifier: MIT
 *
 * Filled by src/score/engine.c, read by the accessors (src/score/result.c) and the
 * formatters (src/format_*.c).  All memory is in the result's arena; the
 * rule sets are borrowed.
 */
#ifndef RECIST_RESULT_H
#define RECIST_RESULT_H

#include "base/arena.h"
#include "base/ratio.h"
#include "input/case.h"
#include "input/result_record.h"
#include "rules/expr.h"
#include "rules/ruleset.h"
#include "score/bor.h"

/* v = o as a quantity: its number, or no value. */
static inline void value_set_opt(struct value *v, struct optnum o)
{
	if (o.has)
		value_set_num(v, o.v);
	else
		value_set_null(v);
}

/*
 * What a rule set counted for one target at one assessment (the text
 * report's lesion table): the value and where it came from.
 */
enum target_source {
	TS_NOT_EVALUATED = 0, /* not recorded, or "not_evaluated" */
	TS_MISSING,           /* recorded without the measurement the rule set reads */
	TS_DIAMETER,          /* diameter_mm */
	TS_FRAGMENTS,         /* the sum of fragments_mm */
	TS_SHORT_AXIS,        /* short_axis_mm */
	TS_VIABLE,            /* viable_mm */
	TS_GONE,              /* viable: 0 mm, the lesion measured at 0 mm (Decision 11) */
	TS_TOO_SMALL          /* too_small: the rule set's too_small_mm */
};

struct target_value {
	uint32_t lesion;     /* index into the registry */
	uint8_t  source;     /* enum target_source */
	int64_t  um;         /* the value counted, when it has one (TS_DIAMETER .. TS_TOO_SMALL) */
};

struct tp_result {
	char            date[11];
	int32_t         day;
	const char     *visit, *visitnum;          /* the case's SDTM visit, or NULL */
	struct optnum   sum_mm;
	struct optnum   nadir_mm;                 /* the reference for PD: before this follow-up */
	struct optnum   change_from_baseline_pct;
	struct optnum   change_from_nadir_pct;
	struct optnum   change_from_nadir_mm;
	recist_response target, non_target, new_lesions, overall;
	const char     *target_rule, *non_target_rule; /* ids of the rules that decided */
	const char    **new_lesion_rules;          /* one per new lesion */
	size_t          overall_row;               /* index of the overall table's row */
	const char     *target_reason, *non_target_reason, *overall_reason;
	const char    **new_lesion_reasons;        /* one per new lesion */
	size_t          n_new_lesion_reasons;
	struct value   *q;                         /* the quantities, kept when explaining */
	const char    **reasons;
	size_t          n_reasons;
	struct target_value *targets;              /* the recorded targets, in registry order */
	size_t          n_targets;
	/*
	 * A rule set with new_lesion_role (iRECIST): the new lesions made new
	 * targets so far and the sum of their measurements here (iSOM), no
	 * value when one of them is not listed or not measured here.
	 */
	int64_t         n_new_targets;
	struct optnum   new_target_sum_mm;
	/*
	 * A rule set with a progression list (iRECIST): its response here (iCR,
	 * ..., iCPD, NE), the rule that gave it and its reason; else
	 * RECIST_RESP_NONE and NULL.
	 */
	recist_response progression;
	const char     *progression_rule, *progression_reason;
	/*
	 * A progression list: the day of the iUPD pending before this follow-up,
	 * which this one confirms, sets aside or leaves pending (the flags'
	 * days_since_iupd: pseudo-progression is an iUPD set aside).
	 */
	bool            has_pending_iupd;
	int32_t         pending_iupd_day;
};

/*
 * The rule set's response at a follow-up, what every output calls its
 * overall response: the progression list's (iRECIST's iCR ... iCPD) where
 * the rule set has one, else the overall table's.
 */
static inline recist_response tp_response(const struct tp_result *tp)
{
	return tp->progression != RECIST_RESP_NONE ? tp->progression : tp->overall;
}

struct crit_result {
	const struct recist_ruleset *rs;
	const char       *not_assessed;           /* why it was not assessed (assessable_only), or NULL */
	char              baseline_date[11];
	int32_t           baseline_day;
	const char       *baseline_visit, *baseline_visitnum; /* the case's SDTM visit, or NULL */
	struct optnum     baseline_sum_mm;
	struct target_value *baseline_targets;    /* as tp_result's, at baseline */
	size_t            n_baseline_targets;
	struct tp_result *tps;                    /* follow-ups, in date order */
	size_t            n_tps;
	bool              has_progression;
	char              progression_date[11];
	struct bor_result bor;                    /* best overall response, DoR, TTP */
	struct bor_params bor_params;             /* the settings it was derived with */
	char              best_date[11];          /* bor's dates, formatted */
	char              confirmed_date[11];
	int32_t           start_day;              /* treatment start (or baseline) */
	bool              backdated;              /* progression dated back (RECIST 1.1 §4.3.5): */
	int32_t           backdate_day;           /* to the first sighting of this new lesion, */
	const char       *backdate_lesion;        /* its id, */
	int32_t           backdate_confirmed_day; /* confirmed at this follow-up */
};

/*
 * Where a warning points, as data: only the writers format it as a key
 * path (output/fields.c), so that validate reads the assessment and the
 * lesion instead of parsing a path back.
 */
enum place_kind {
	PLACE_NONE,         /* the case as a whole: no path */
	PLACE_REGISTRY,     /* "lesions" */
	PLACE_LESION,       /* "lesions[lesion]" */
	PLACE_MEASUREMENT,  /* "assessments[assessment].lesions.<text>": text is the lesion's id */
	PLACE_KEY           /* text: a key path (a check rule's 'at', the case reader's) */
};

struct place {
	enum place_kind kind;
	int32_t         assessment;  /* the assessment it concerns, or -1 */
	int32_t         lesion;      /* PLACE_LESION, PLACE_MEASUREMENT: the registry index, else -1 */
	const char     *text;        /* see enum place_kind */
};

struct result_warning {
	const char  *criteria;  /* rule-set id, or NULL for the case itself */
	const char  *rule;      /* id of the check rule that raised it, or NULL */
	const char  *code;
	const char  *message;
	struct place at;
};

/* A flag raised at one follow-up: by a flag file (src/score/flags_eval.c), or by
 * one rule set's best-response review (criteria set). */
struct result_flag {
	const char *criteria;  /* NULL: a cross-criteria flag */
	const char *code;
	const char *date;
	const char *message;
};

/*
 * The case as the text report shows it, copied so that the result may
 * outlive the case: its registry, and what each assessment recorded of
 * the non-targets and the new lesions (the targets: each rule set's
 * target_value).  Strings in the result's arena.
 */
struct result_lesion {
	const char *id;
	const char *organ;        /* as written; "" when not given */
	bool        target, nodal;
};

struct result_non_target {
	uint32_t       lesion;    /* index into the registry */
	enum nt_status status;
	bool           has_short_axis;
	int64_t        short_axis_um;
	enum tri       enhancing;
};

struct result_new_lesion {
	const char *id;
	const char *organ;        /* as written; "" when not given */
	bool        nodal, has_size, equivocal;
	int64_t     size_um;
	enum tri    arterial_enhancement, washout;
	enum new_role role;       /* as the reader recorded it (NEW_ROLE_UNSET: not given) */
};

struct result_assessment {
	struct result_non_target *non_targets;  /* the recorded ones, in registry order */
	size_t                    n_non_targets;
	struct result_new_lesion *new_lesions;
	size_t                    n_new_lesions;
};

struct recist_result {
	struct arena           arena;
	const char            *case_id;
	const char            *arm;       /* NULL when not given */
	const char            *note;      /* the case's note, NULL when not given */
	struct result_lesion  *lesions;   /* the registry (none for a history) */
	size_t                 n_lesions;
	struct result_assessment *assessments; /* [0] the baseline; as many as the case's */
	size_t                 n_assessments;
	struct case_sdtm       sdtm;      /* the case's trial identifiers, each NULL when not given */
	bool                   has_treatment_start;
	int32_t                treatment_start;  /* day number */
	bool                   has_death_date, has_last_alive_date;  /* overall survival */
	int32_t                death_date, last_alive_date;          /* day numbers */
	struct crit_result    *crit;
	size_t                 n_crit;
	struct result_warning *warnings;
	size_t                 n_warnings, cap_warnings;
	bool                   history;   /* from recist_evaluate_history: no follow-up detail */
	struct result_flag    *flags;     /* the rule sets' review flags, then cross-criteria flags */
	size_t                 n_flags, cap_flags;
	recist_finding        *findings;  /* recist_validate */
	size_t                 n_findings, cap_findings;
};

/* Copy into res what the text report shows of case c (see struct result_lesion): 0 or RECIST_ENOMEM. */
RECIST_INTERNAL int result_copy_case(struct recist_result *res, const struct recist_case *c);

/*
 * Is target l, recorded as m, measured only on the other axis than rs
 * measures it by (its 'measure': RECIST 1.1 §4.3.2, the short axis of
 * nodes and the longest diameter of other lesions; mRECIST's viable
 * diameter is a longest diameter too, Decision 10)?  A target recorded
 * too_small or not_evaluated is on no axis; one on the right axis without
 * the measurement rs reads (mRECIST without viable_mm) is not either: it
 * lacks a measurement (MEASUREMENT_MISSING).  engine.c.
 */
RECIST_INTERNAL bool target_wrong_axis(const struct recist_ruleset *rs, const struct lesion *l,
                                       const struct measurement *m);
/* The key of m on the wrong axis (target_wrong_axis is true): "diameter_mm", "short_axis_mm", ... */
RECIST_INTERNAL const char *wrong_axis_key(const struct lesion *l, const struct measurement *m);
/* What a rule set sums for a lesion, by what it measures: "its longest diameter (diameter_mm)", ... */
extern RECIST_INTERNAL const char *const measure_said[];

/* A baseline target on the wrong axis for some rule set: CASE_WRONG_AXIS. */
struct axis_error {
	size_t      lesion;     /* registry index */
	const char *path;       /* "assessments[0].lesions.N1.diameter_mm" */
	unsigned    line, col;  /* of that key, when the reader kept it; else 0 */
	const char *detail;     /* what is recorded, what is summed instead, what to write */
};

/*
 * The baseline targets of c that a rule set of sets[0..n) finds measured
 * on the wrong axis, in registry order, into *out[*n_out] (in a).  0 or
 * RECIST_ENOMEM.  engine.c.
 */
RECIST_INTERNAL int baseline_axis_errors(struct arena *a, const struct recist_case *c,
                                         const struct recist_ruleset *const *sets, size_t n,
                                         struct axis_error **out, size_t *n_out);

/* Append a flag (strings must live in the result's arena or longer). */
RECIST_INTERNAL int result_add_flag(struct recist_result *res, const char *criteria, const char *code,
                                    const char *date, const char *message);

/* Append a warning (strings must live in the result's arena or longer). */
RECIST_INTERNAL int result_add_warning(struct recist_result *res, const char *criteria, const char *rule,
                                       const char *code, const char *message, struct place at);

/*
 * The record of a scored result, as its result line would give it
 * (result_record_parse, with the same what): strings borrowed from res,
 * arrays in rec's arena, which is reset first.  0 or RECIST_ENOMEM.
 */
RECIST_INTERNAL int result_record_of(struct result_record *rec, const struct recist_result *res, unsigned what);

#endif
