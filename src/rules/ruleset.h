/*
 * ruleset.h - a loaded rule set: params, compiled rules, the overall table.
 *
 * SPDX-License-Identifier: MIT
 *
 * Immutable after loading (src/rules/rules_compile.c builds it), so one rule set
 * serves any number of threads.  All memory is in its arena.
 */
#ifndef RECIST_RULESET_H
#define RECIST_RULESET_H

#include "base/arena.h"
#include "base/digest.h"
#include "rules/expr.h"

/*
 * Limits of a rule file, far above any real one (the shipped ones hold at
 * most 47 rules and table rows and 20 params): past them the file is
 * refused with RULES_TOO_LARGE at the first item past the limit
 * (recist-rules(5), Limits), so that loading and scoring stay quick
 * whatever the file.  RULES_MAX_RULES counts the rules of every list and
 * the rows of 'overall'.
 */
enum { RULES_MAX_RULES = 20000, RULES_MAX_PARAMS = 1000 };

/*
 * The best-overall-response settings (src/score/bor.c; RECIST 1.1 §4.4.3,
 * §4.6, Table 3), from the rule set's params or their command-line
 * overrides.
 */
struct bor_params {
	int64_t confirm_days;    /* CR/PR confirmed at least this many days later */
	int64_t sd_min_days;     /* SD counts from this many days after the start */
	int64_t max_ne_between;  /* NE assessments allowed between response and confirmation */
	bool    accept_sd;       /* one SD allowed inside a PR confirmation window */
};

struct name_ref;

struct param {
	const char  *name;
	struct ratio value;
	struct pos   pos;
	bool         used;   /* referenced by a rule or by the engine */
};

/* Which measurement of a target lesion the sums use. */
enum measure_kind { MEASURE_DIAMETER, MEASURE_SHORT_AXIS, MEASURE_VIABLE };

/*
 * What a new_lesion_role rule makes a new lesion: a new target lesion,
 * with a sum of its own, or a new non-target lesion (iRECIST's NLT and
 * NLNT, Seymour 2017).  CHOICE_NONE: not decided (other lists).
 */
enum role_choice { CHOICE_NONE = 0, CHOICE_TARGET, CHOICE_NON_TARGET };

/*
 * One rule.  Decision lists (target, non_target, new_lesion) use 'then' and
 * 'reason'; check lists (baseline, baseline_lesion, baseline_non_target)
 * use 'warning', 'reason' (the message) and 'at'.
 */
struct rule {
	const char     *id;
	const char     *source;   /* the guideline section it implements */
	struct expr     when;
	recist_response then;
	enum role_choice choice;  /* new_lesion_role: its 'then' */
	const char     *warning;  /* warning code */
	struct tmpl     reason;
	bool            has_unmet;
	struct tmpl     unmet;    /* why its response was not reached (recist validate) */
	bool            backdates; /* new_lesion YES: a confirmation dates PD back (its 'backdate' param) */
	const char     *at;       /* checks: the warning's key path; NULL: the lesion's, or "lesions" */
	int32_t         at_assessment; /* the assessment 'at' names ("assessments[0].date"), or -1 */
	struct pos      pos;
};

struct rule_list {
	struct rule *rules;
	size_t       n;
};

/*
 * A term SDTM RS writes a category response in under these criteria
 * ('cdisc.category_terms'): iRECIST writes a target or non-target PD as
 * iUPD (Seymour 2017).  The first term of a category is the one written;
 * every term is read back as its category.
 */
struct cdisc_term {
	const char     *term;
	recist_response category;  /* CR, PR, SD, PD, NON-CR/NON-PD or NE */
	bool            written;   /* the term the SDTM RS writer uses for category */
};

/* Sets of responses as bit masks: bit (1 << recist_response). */
typedef uint32_t resp_set;
#define RESP_BIT(r) ((resp_set)1 << (r))

/* A row of the overall-response table; the first row that matches decides. */
struct overall_row {
	resp_set        target, non_target, new_lesions;
	recist_response overall;
	const char     *source;
	struct pos      pos;
};

struct recist_ruleset {
	struct arena        arena;
	const char         *text;     /* the YAML, NUL-terminated copy */
	size_t              text_len;
	const char         *file;     /* where it was loaded from ("<built-in>") */
	const char         *id;
	const char         *name;
	const char         *source;
	const char         *version;  /* 'version': the file's revision, or NULL */
	char                sha256[DIGEST_HEX_SIZE]; /* of text: which rules made an output (provenance) */
	struct param       *params;        /* in the order of the file */
	size_t              n_params;
	struct name_ref    *param_index;   /* the params by name, for ruleset_param() */
	enum measure_kind   measure_nonnodal;
	enum measure_kind   measure_nodal;
	const char         *review_cr_then_pr; /* 'review': CR_THEN_PR's message, or NULL: not raised */
	const char         *cdisc_rscat;       /* 'cdisc': RS's RSCAT for these criteria, or NULL */
	const char         *cdisc_sum_test;    /* 'cdisc': TR's TRTESTCD of the target sum, or NULL */
	struct cdisc_term  *cdisc_terms;       /* 'cdisc.category_terms', in the order of the file */
	size_t              n_cdisc_terms;
	struct rule_list    baseline;        /* SCOPE_BASELINE checks */
	struct rule_list    baseline_lesion; /* SCOPE_BASELINE_LESION checks, per target */
	struct rule_list    baseline_non_target; /* SCOPE_BASELINE_LESION checks, per non-target */
	struct rule_list    target;          /* SCOPE_TIMEPOINT decisions */
	struct rule_list    non_target;      /* SCOPE_TIMEPOINT decisions */
	struct rule_list    new_lesion;      /* SCOPE_NEW_LESION decisions */
	struct rule_list    new_lesion_role; /* SCOPE_NEW_LESION decisions of a choice; n == 0: none */
	struct rule_list    progression;     /* SCOPE_PROGRESSION decisions after the overall table (iRECIST); n == 0: none */
	struct rule_list    progression_checks; /* SCOPE_PROGRESSION checks, with progression */
	struct rule_list    new_lesion_role_checks; /* SCOPE_NEW_LESION checks, once a choice is made */
	struct overall_row *overall;
	size_t              n_overall;
	/* Params the engine itself reads (required in every rule file). */
	int64_t             too_small_um;        /* too_small_mm: a target "too small to measure" */
	bool                backdate_equivocal;  /* backdate_equivocal: PD dated to first sighting */
	/*
	 * The short axis under which a node is normal: node_normal_mm, and
	 * porta_hepatis_node_normal_mm at the porta hepatis (Decision 10).
	 * Optional params: 0 (no node normal by size) and node_normal_mm when
	 * absent.
	 */
	int64_t             node_normal_um;
	int64_t             porta_node_normal_um;
	struct bor_params   bor;                 /* confirm_days, sd_min_days, max_ne_between, accept_sd */
};

/*
 * The value sets each response field may take (recist(1), OUTPUT); the
 * progression list's are iRECIST's time-point responses and NE.  A
 * reported overall or best response is read in either vocabulary
 * (resp_any_overall_set), and checked against its rule set's own when it
 * is compared (ruleset_response_set).
 */
extern RECIST_INTERNAL const resp_set resp_target_set, resp_non_target_set,
	resp_new_lesions_set, resp_overall_set, resp_progression_set, resp_any_overall_set;

/*
 * The RECIST 1.1 counterpart of an iRECIST response (iCR as CR, ..., iUPD
 * and iCPD as PD): what iBOR derives it as, and what agrees with it across
 * rule sets; any other response as itself.
 */
RECIST_INTERNAL recist_response resp_recist_counterpart(recist_response r);

/* The responses rs gives a follow-up, and a best overall response takes. */
static inline resp_set ruleset_response_set(const struct recist_ruleset *rs)
{
	return rs->progression.n > 0 ? resp_progression_set : resp_overall_set;
}

/* Name <-> value of the response vocabulary; -1 when unknown. */
RECIST_INTERNAL int resp_lookup(const char *s, size_t len, recist_response *out);
/*
 * resp_lookup() for input (cases, histories, reported calls), which may
 * write a term in any letter case and with white space around it ("sd",
 * " PR", "Non-CR/Non-PD"); rule files may not.  0 when s is the term as
 * written here, 1 when it is another writing of it, -1 when unknown.
 */
RECIST_INTERNAL int resp_lookup_loose(const char *s, size_t len, recist_response *out);

/*
 * The terms of set for a message, best response first: "CR, PR, SD, PD,
 * NE, NA", the last one after last_sep (", " or " or ").  Truncated to size.
 */
RECIST_INTERNAL void resp_set_list(resp_set set, const char *last_sep, char *out, size_t size);

/*
 * The term SDTM RS writes category response r in under rs: its first term
 * in cdisc.category_terms, else r's own name ("NE").
 */
RECIST_INTERNAL const char *ruleset_category_term(const struct recist_ruleset *rs, recist_response r);
/*
 * The category response a term of rs's cdisc.category_terms stands for,
 * whatever its letter case ("IUPD": PD); RECIST_RESP_NONE when it is none.
 */
RECIST_INTERNAL recist_response ruleset_term_category(const struct recist_ruleset *rs, const char *term);

/* Look a param up (O(log n)); NULL when absent. */
RECIST_INTERNAL const struct param *ruleset_param(const struct recist_ruleset *rs, const char *name);

/* Build a rule set from YAML text (src/rules/rules_compile.c).  On success *out. */
RECIST_INTERNAL int rules_compile(struct recist_ruleset **out, const char *text, size_t len,
                                  const char *file, const recist_diag_sink *sink);

#endif
