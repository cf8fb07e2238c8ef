/*
 * flagset.h - a loaded flag set (recist-flags/1): patterns across rule
 * sets at one follow-up, compiled like rules (src/rules/flags_compile.c) and
 * evaluated over a result (src/score/flags_eval.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_FLAGSET_H
#define RECIST_FLAGSET_H

#include "base/arena.h"
#include "rules/expr.h"

/* A flag file compares at most this many rule sets. */
#define FLAG_MAX_CRITERIA 8

/*
 * A flag file holds at most this many flags, as a rule file at most
 * RULES_MAX_RULES rules (the shipped one holds 1): past it, RULES_TOO_LARGE
 * at the first flag past the limit.
 */
#define FLAG_MAX_FLAGS 20000

/*
 * What a condition may read of each compared rule set, as ALIAS.FIELD
 * ("mrecist.target").  X(field, type, format)
 */
#define FLAG_FIELDS(X) \
	X(target,                   STR, COUNT) \
	X(non_target,               STR, COUNT) \
	X(new_lesions,              STR, COUNT) \
	X(overall,                  STR, COUNT) \
	X(sum_mm,                   NUM, MM)    \
	X(nadir_mm,                 NUM, MM)    \
	X(change_from_baseline_pct, NUM, PCT)   \
	X(change_from_nadir_pct,    NUM, PCT)   \
	X(days_since_progression,   NUM, COUNT) \
	X(days_since_iupd,          NUM, COUNT)

#define FLAG_FIELD_ENUM(name, type, fmt) FF_##name,
enum { FLAG_FIELDS(FLAG_FIELD_ENUM) FF__COUNT };

struct flag_rule {
	const char *code;
	struct expr when;
	struct tmpl message;
	const char *source;
	struct pos  pos;
};

struct recist_flagset {
	struct arena      arena;
	const char       *text;       /* the YAML, NUL-terminated copy */
	size_t            text_len;
	const char       *file;
	const char       *name;
	const char       *source;
	const char       *alias[FLAG_MAX_CRITERIA];    /* "mrecist" */
	const char       *criteria[FLAG_MAX_CRITERIA]; /* the rule-set id it stands for */
	size_t            n_criteria;
	struct flag_rule *flags;
	size_t            n_flags;
};

#endif
