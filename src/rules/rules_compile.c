/*
 * rules_compile.c - a rule file's YAML tree into a recist_ruleset.
 *
 * SPDX-License-Identifier: MIT
 *
 * Every key a rule file may hold is a row in a table below; one generic
 * checker rejects unknown keys, wrong types and missing keys with positions.
 * Conditions and messages are compiled here, once, so that evaluating a
 * case never parses anything.  The format is described in recist-rules(5).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/ruleset.h"
#include "rules/yaml_tree.h"

#define RULES_FORMAT "recist-rules/1"

/*
 * Params with a known meaning: their valid range, and whether every rule
 * file must define them (because the engine itself reads them).  Other
 * params may be defined freely and used by name in conditions.
 */
static const struct param_spec {
	const char *name;
	const char *min, *max;
	bool        engine; /* read by the engine: required */
} param_specs[] = {
	{ "too_small_mm",          "0", "100",  true  },
	{ "backdate_equivocal",    "0", "1",    true  },
	{ "confirm_days",          "0", "3650", true  },
	{ "sd_min_days",           "0", "3650", true  },
	{ "pr_decrease_pct",       "0", "100",  false },
	{ "pd_increase_pct",       "0", "1000", false },
	{ "pd_increase_mm",        "0", "1000", false },
	{ "node_normal_mm",        "0", "1000", false },
	{ "node_target_min_mm",    "0", "1000", false },
	{ "lesion_target_min_mm",  "0", "1000", false },
	{ "max_targets",           "1", "1000", false },
	{ "max_targets_per_organ", "1", "1000", false },
	{ "continuing_pr",         "0", "1",    false },
	{ "new_lesion_min_mm",     "0", "1000", false },
	{ "atypical_growth_mm",    "0", "1000", false },
	{ "max_ne_between",        "0", "1000", true  },
	{ "accept_sd",             "0", "1",    true  },
	{ "backdate_atypical",     "0", "1",    false },
	{ "porta_hepatis_node_normal_mm", "0", "1000", false },
	{ "baseline_max_days_before_treatment", "0", "3650", false },
	{ "new_target_max",        "0", "1000", false },
	{ "new_target_max_per_organ", "0", "1000", false },
};

static const struct key_spec top_keys[] = {
	{ "format",          YN_SCALAR, true  },
	{ "id",              YN_SCALAR, true  },
	{ "name",            YN_SCALAR, true  },
	{ "source",          YN_SCALAR, true  },
	{ "description",     YN_SCALAR, false },
	{ "params",          YN_MAP,    true  },
	{ "measure",         YN_MAP,    true  },
	{ "baseline",        YN_SEQ,    false },
	{ "baseline_lesion", YN_SEQ,    false },
	{ "baseline_non_target", YN_SEQ, false },
	{ "target",          YN_SEQ,    true  },
	{ "non_target",      YN_SEQ,    true  },
	{ "new_lesion",      YN_SEQ,    true  },
	{ "new_lesion_role", YN_SEQ,    false },
	{ "new_lesion_role_checks", YN_SEQ, false },
	{ "overall",         YN_SEQ,    true  },
	{ "progression",     YN_SEQ,    false },
	{ "progression_checks", YN_SEQ, false },
	{ "review",          YN_MAP,    false },
	{ "cdisc",           YN_MAP,    false },
	{ "version",         YN_SCALAR, false },
};
enum { K_FORMAT, K_ID, K_NAME, K_SOURCE, K_DESCRIPTION, K_PARAMS, K_MEASURE,
       K_BASELINE, K_BASELINE_LESION, K_BASELINE_NON_TARGET, K_TARGET, K_NON_TARGET, K_NEW_LESION,
       K_NEW_LESION_ROLE, K_NEW_LESION_ROLE_CHECKS, K_OVERALL, K_PROGRESSION, K_PROGRESSION_CHECKS,
       K_REVIEW, K_CDISC, K_VERSION };

/* The review flags the best-response derivation can raise, each with the rule file's message. */
static const struct key_spec review_keys[] = {
	{ "CR_THEN_PR", YN_SCALAR, false },
};

/*
 * How CDISC SDTM names these criteria: RS's RSCAT, TR's test code of the
 * target sum, and the terms RS writes the category responses in.
 */
static const struct key_spec cdisc_keys[] = {
	{ "rscat",          YN_SCALAR, true  },
	{ "sum_test",       YN_SCALAR, false },
	{ "category_terms", YN_MAP,    false },
};
enum { C_RSCAT, C_SUM_TEST, C_CATEGORY_TERMS };

static const struct key_spec measure_keys[] = {
	{ "nonnodal", YN_SCALAR, true },
	{ "nodal",    YN_SCALAR, true },
};

static const struct { const char *name; enum measure_kind kind; } measure_names[] = {
	{ "diameter", MEASURE_DIAMETER }, { "short_axis", MEASURE_SHORT_AXIS }, { "viable", MEASURE_VIABLE },
};

static const struct key_spec decision_keys[] = {
	{ "id", YN_SCALAR, true }, { "when", YN_SCALAR, true }, { "then", YN_SCALAR, true },
	{ "reason", YN_SCALAR, true }, { "source", YN_SCALAR, true }, { "unmet", YN_SCALAR, false },
	{ "backdate", YN_SCALAR, false },
};
static const struct key_spec check_keys_spec[] = {
	{ "id", YN_SCALAR, true }, { "when", YN_SCALAR, true }, { "warning", YN_SCALAR, true },
	{ "message", YN_SCALAR, true }, { "source", YN_SCALAR, true }, { "at", YN_SCALAR, false },
};
/* The same slots for both lists: then/warning, reason/message, and the sixth (unmet/at). */
enum { R_ID, R_WHEN, R_THEN, R_REASON, R_SOURCE, R_UNMET, R_BACKDATE, R__MAX };
#define R_AT R_UNMET

static const struct key_spec overall_keys[] = {
	{ "target", YN_SCALAR, true }, { "non_target", YN_SCALAR, true },
	{ "new_lesions", YN_SCALAR, true }, { "overall", YN_SCALAR, true },
	{ "source", YN_SCALAR, true },
};
enum { O_TARGET, O_NON_TARGET, O_NEW_LESIONS, O_OVERALL, O_SOURCE };

/*
 * The rule lists, in the order they are compiled (rule ids are numbered in
 * this order, and the rule count is checked in it, the rows of 'overall'
 * last).
 */
static const struct list_spec {
	size_t          key;        /* K_* */
	const char     *section;
	enum scope      scope;
	bool            decision;   /* then/reason; else warning/message */
	const resp_set *allowed;    /* decisions: the responses 'then' may give; NULL: a role_choice */
	size_t          offset;     /* the struct rule_list in struct recist_ruleset */
} lists[] = {
	{ K_BASELINE,            "baseline",            SCOPE_BASELINE,        false, NULL,
	  offsetof(struct recist_ruleset, baseline) },
	{ K_BASELINE_LESION,     "baseline_lesion",     SCOPE_BASELINE_LESION, false, NULL,
	  offsetof(struct recist_ruleset, baseline_lesion) },
	{ K_BASELINE_NON_TARGET, "baseline_non_target", SCOPE_BASELINE_LESION, false, NULL,
	  offsetof(struct recist_ruleset, baseline_non_target) },
	{ K_TARGET,              "target",              SCOPE_TIMEPOINT,       true,  &resp_target_set,
	  offsetof(struct recist_ruleset, target) },
	{ K_NON_TARGET,          "non_target",          SCOPE_TIMEPOINT,       true,  &resp_non_target_set,
	  offsetof(struct recist_ruleset, non_target) },
	{ K_NEW_LESION,          "new_lesion",          SCOPE_NEW_LESION,      true,  &resp_new_lesions_set,
	  offsetof(struct recist_ruleset, new_lesion) },
	{ K_NEW_LESION_ROLE,     "new_lesion_role",     SCOPE_NEW_LESION,      true,  NULL,
	  offsetof(struct recist_ruleset, new_lesion_role) },
	{ K_NEW_LESION_ROLE_CHECKS, "new_lesion_role_checks", SCOPE_NEW_LESION,  false, NULL,
	  offsetof(struct recist_ruleset, new_lesion_role_checks) },
	{ K_PROGRESSION,         "progression",         SCOPE_PROGRESSION,      true,  &resp_progression_set,
	  offsetof(struct recist_ruleset, progression) },
	{ K_PROGRESSION_CHECKS,  "progression_checks",  SCOPE_PROGRESSION,     false, NULL,
	  offsetof(struct recist_ruleset, progression_checks) },
};

struct compiler {
	struct recist_ruleset  *rs;
	const recist_diag_sink *sink;
	size_t                  n_rules;      /* rules compiled so far, all lists */
	size_t                  repeated_id;  /* the first rule (as n_rules counts) whose id is taken; SIZE_MAX: none */
};

/* ---- params ---- */

static const struct param_spec *param_spec_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(param_specs); i++)
		if (strcmp(param_specs[i].name, name) == 0)
			return &param_specs[i];
	return NULL;
}

static int param_by_name(void *ctx, const char *name, size_t len, struct ratio *out)
{
	struct recist_ruleset *rs = ctx;
	const struct name_ref *ref = names_find(rs->param_index, rs->n_params, name, len);

	if (ref == NULL)
		return -1;
	rs->params[ref->i].used = true;
	*out = rs->params[ref->i].value;
	return 0;
}

/* A param of the rule set being compiled, to mark it used; NULL when absent. */
static struct param *param_mut(struct recist_ruleset *rs, const char *name)
{
	const struct name_ref *ref = names_find(rs->param_index, rs->n_params, name, strlen(name));

	return ref != NULL ? &rs->params[ref->i] : NULL;
}

/* A param the engine reads as a whole number (it exists: engine params are required). */
static int whole_param(struct compiler *cc, const char *name, int64_t *out)
{
	const struct param *p = ruleset_param(cc->rs, name);

	if (p->value.den != 1) {
		diag_emit(cc->sink, D_RULES_PARAM_RANGE, p->pos, NULL, "'%s' must be a whole number", name);
		return RECIST_EINVALID;
	}
	*out = p->value.num;
	return 0;
}

/*
 * An optional length param the engine reads (the normal size of nodes,
 * Decision 10): in micrometres, dflt when the file does not define it.
 */
static int node_normal_param(struct compiler *cc, const char *name, int64_t dflt, int64_t *out)
{
	struct param *p = param_mut(cc->rs, name);

	*out = dflt;
	if (p == NULL)
		return 0;
	p->used = true;
	if (ratio_to_um(p->value, out) < 0) {
		diag_emit(cc->sink, D_RULES_PARAM_RANGE, p->pos, NULL, "'%s' must be a whole number of micrometres", name);
		return RECIST_EINVALID;
	}
	return 0;
}

static int compile_params(struct compiler *cc, const struct ynode *map)
{
	struct recist_ruleset *rs = cc->rs;
	size_t repeated;
	int64_t accept_sd;

	if (map->n > RULES_MAX_PARAMS) {
		diag_emit(cc->sink, D_RULES_TOO_LARGE, map->keys[RULES_MAX_PARAMS]->pos, NULL,
		          "more than %d params", RULES_MAX_PARAMS);
		return RECIST_EINVALID;
	}
	if ((rs->params = arena_calloc(&rs->arena, map->n ? map->n : 1, sizeof *rs->params)) == NULL ||
	    (rs->param_index = arena_calloc(&rs->arena, map->n ? map->n : 1, sizeof *rs->param_index)) == NULL)
		return RECIST_ENOMEM;
	/* The index is complete before any param is checked; the loop below fills what it points to. */
	for (size_t k = 0; k < map->n; k++)
		rs->param_index[k] = (struct name_ref){ map->keys[k]->str, map->keys[k]->len, k };
	repeated = names_sort(rs->param_index, map->n);
	for (size_t k = 0; k < map->n; k++) {
		const struct ynode *key = map->keys[k], *val = map->items[k];
		const struct param_spec *spec = param_spec_find(key->str);
		struct param *p = &rs->params[rs->n_params];
		struct ratio lo, hi;

		if (k == repeated) {
			diag_emit(cc->sink, D_RULES_DUPLICATE, key->pos, NULL, "param '%s' given twice", key->str);
			return RECIST_EINVALID;
		}
		/* Quotes or a tag ('"30"', '!!str 30') make a value a string in YAML, however it reads. */
		if (val->kind != YN_SCALAR || !val->plain || ratio_parse_decimal(val->str, val->len, &p->value) < 0) {
			diag_emit(cc->sink, D_RULES_WRONG_TYPE, val->pos, NULL,
			          "param '%s' must be a plain decimal number, got %s'%s'", key->str,
			          val->kind == YN_SCALAR && !val->plain ? "quoted or tagged " : "",
			          val->kind == YN_SCALAR ? val->str : ytree_kind_name(val->kind));
			return RECIST_EINVALID;
		}
		if (spec != NULL) {
			ratio_parse_decimal(spec->min, strlen(spec->min), &lo);
			ratio_parse_decimal(spec->max, strlen(spec->max), &hi);
			if (ratio_cmp(p->value, lo) < 0 || ratio_cmp(p->value, hi) > 0) {
				diag_emit(cc->sink, D_RULES_PARAM_RANGE, val->pos, NULL, "'%s' = %s, expected %s to %s",
				          key->str, val->str, spec->min, spec->max);
				return RECIST_EINVALID;
			}
			p->used = spec->engine;
		}
		p->name = key->str;
		p->pos = val->pos;
		rs->n_params++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(param_specs); i++) {
		if (param_specs[i].engine && ruleset_param(rs, param_specs[i].name) == NULL) {
			diag_emit(cc->sink, D_RULES_MISSING_KEY, map->pos, NULL,
			          "param '%s' (the engine needs it)", param_specs[i].name);
			return RECIST_EINVALID;
		}
	}
	/* Params the engine reads directly, converted once. */
	const struct param *tsm = ruleset_param(rs, "too_small_mm");
	if (ratio_to_um(tsm->value, &rs->too_small_um) < 0) {
		diag_emit(cc->sink, D_RULES_PARAM_RANGE, tsm->pos, NULL,
		          "'too_small_mm' must be a whole number of micrometres");
		return RECIST_EINVALID;
	}
	rs->backdate_equivocal = ruleset_param(rs, "backdate_equivocal")->value.num != 0;
	if (node_normal_param(cc, "node_normal_mm", 0, &rs->node_normal_um) < 0 ||
	    node_normal_param(cc, "porta_hepatis_node_normal_mm", rs->node_normal_um, &rs->porta_node_normal_um) < 0)
		return RECIST_EINVALID;
	/* The best-response settings are whole numbers of days or counts. */
	if (whole_param(cc, "confirm_days", &rs->bor.confirm_days) < 0 ||
	    whole_param(cc, "sd_min_days", &rs->bor.sd_min_days) < 0 ||
	    whole_param(cc, "max_ne_between", &rs->bor.max_ne_between) < 0 ||
	    whole_param(cc, "accept_sd", &accept_sd) < 0)
		return RECIST_EINVALID;
	rs->bor.accept_sd = accept_sd != 0;
	return 0;
}

/* ---- measure ---- */

/*
 * The assessment a check's 'at' names, "assessments[N]...", or -1 (0 for a
 * lesion of the registry, "lesions[i]...": measured at the baseline): read
 * once here, so that the warning carries it as a number (validate dates
 * the warning by it).
 */
static int32_t at_assessment(const char *at)
{
	static const char head[] = "assessments[";
	int32_t n = 0;
	const char *p;

	if (at != NULL && strncmp(at, "lesions[", 8) == 0)
		return 0;
	if (at == NULL || strncmp(at, head, sizeof head - 1) != 0)
		return -1;
	for (p = at + sizeof head - 1; *p >= '0' && *p <= '9' && n < INT32_MAX / 10; p++)
		n = n * 10 + (*p - '0');
	return *p == ']' && p > at + sizeof head - 1 ? n : -1;
}

static int measure_lookup(struct compiler *cc, const struct ynode *v, enum measure_kind *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(measure_names); i++) {
		if (strcmp(measure_names[i].name, v->str) == 0) {
			*out = measure_names[i].kind;
			return 0;
		}
	}
	diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL,
	          "measurement '%s' (expected diameter, short_axis or viable)", v->str);
	return RECIST_EINVALID;
}

static int compile_measure(struct compiler *cc, const struct ynode *map)
{
	const struct ynode *f[ARRAY_SIZE(measure_keys)];
	int rc;

	if ((rc = ytree_check_keys(cc->sink, map, measure_keys, ARRAY_SIZE(measure_keys), f, "measure")) < 0)
		return rc;
	if ((rc = measure_lookup(cc, f[0], &cc->rs->measure_nonnodal)) < 0)
		return rc;
	return measure_lookup(cc, f[1], &cc->rs->measure_nodal);
}

/* 'review': the messages of the best-response derivation's review flags; absent, no flag. */
static int compile_review(struct compiler *cc, const struct ynode *map)
{
	const struct ynode *f[ARRAY_SIZE(review_keys)];
	int rc;

	if (map == NULL)
		return 0;
	if ((rc = ytree_check_keys(cc->sink, map, review_keys, ARRAY_SIZE(review_keys), f, "review")) < 0)
		return rc;
	cc->rs->review_cr_then_pr = f[0] != NULL ? f[0]->str : NULL;
	return 0;
}

/*
 * One term of cdisc.category_terms for category cat (node t): a scalar,
 * not another category's name, not given before (in any letter case).
 */
static int check_category_term(struct compiler *cc, const struct ynode *t, recist_response cat, size_t n_before)
{
	const resp_set categories = (resp_target_set | resp_non_target_set) & ~RESP_BIT(RECIST_RESP_NA);
	const char *name = recist_response_name(cat);
	recist_response other;

	if (t->kind != YN_SCALAR) {
		diag_emit(cc->sink, D_RULES_WRONG_TYPE, t->pos, NULL, "cdisc.category_terms.%s: expected a term, got %s",
		          name, ytree_kind_name(t->kind));
		return RECIST_EINVALID;
	}
	if (t->len == 0 || strlen(t->str) != t->len || t->str[0] == ' ' || t->str[t->len - 1] == ' ') {
		diag_emit(cc->sink, D_RULES_BAD_VALUE, t->pos, NULL, "cdisc.category_terms.%s: '%s' is not a term "
		          "(empty, or with space around it)", name, t->str);
		return RECIST_EINVALID;
	}
	/* A term that names another category would make the SDTM tables say what is not meant. */
	if (resp_lookup_loose(t->str, t->len, &other) >= 0 && (categories & RESP_BIT(other)) && other != cat) {
		diag_emit(cc->sink, D_RULES_BAD_VALUE, t->pos, NULL, "cdisc.category_terms.%s: '%s' is the name of "
		          "the category response %s", name, t->str, recist_response_name(other));
		return RECIST_EINVALID;
	}
	for (size_t k = 0; k < n_before; k++)
		if (strcasecmp(cc->rs->cdisc_terms[k].term, t->str) == 0) {
			diag_emit(cc->sink, D_RULES_DUPLICATE, t->pos, NULL, "cdisc.category_terms.%s: '%s' is a term of "
			          "%s already", name, t->str, recist_response_name(cc->rs->cdisc_terms[k].category));
			return RECIST_EINVALID;
		}
	return 0;
}

/*
 * 'cdisc.category_terms': {CATEGORY: TERM or [TERM, ...]}, the terms RS
 * writes a category response in under these criteria (iRECIST's iUPD for
 * PD); the first is written, all are read.  A category is one of the
 * target and non-target calls (NA is never written).
 */
static int compile_category_terms(struct compiler *cc, const struct ynode *map)
{
	const resp_set categories = (resp_target_set | resp_non_target_set) & ~RESP_BIT(RECIST_RESP_NA);
	struct recist_ruleset *rs = cc->rs;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < map->n; i++)
		n += map->items[i]->kind == YN_SEQ ? map->items[i]->n : 1;
	if ((rs->cdisc_terms = arena_calloc(&rs->arena, n + 1, sizeof *rs->cdisc_terms)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *key = map->keys[i], *v = map->items[i];
		recist_response cat;
		char names[96];
		if (resp_lookup(key->str, key->len, &cat) < 0 || !(categories & RESP_BIT(cat))) {
			resp_set_list(categories, " or ", names, sizeof names);
			diag_emit(cc->sink, D_RULES_BAD_VALUE, key->pos, NULL, "cdisc.category_terms: '%s' is not a "
			          "category response (expected %s)", key->str, names);
			return RECIST_EINVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(map->keys[j]->str, key->str) == 0) {
				diag_emit(cc->sink, D_RULES_DUPLICATE, key->pos, NULL, "cdisc.category_terms: '%s' given twice",
				          key->str);
				return RECIST_EINVALID;
			}
		if (v->kind == YN_SEQ && v->n == 0) {
			diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL, "cdisc.category_terms.%s: no term", key->str);
			return RECIST_EINVALID;
		}
		for (size_t t = 0; t < (v->kind == YN_SEQ ? v->n : 1); t++) {
			const struct ynode *term = v->kind == YN_SEQ ? v->items[t] : v;
			if ((rc = check_category_term(cc, term, cat, rs->n_cdisc_terms)) < 0)
				return rc;
			rs->cdisc_terms[rs->n_cdisc_terms++] = (struct cdisc_term){ term->str, cat, t == 0 };
		}
	}
	return 0;
}

/* 'cdisc': the RSCAT that names the rule set in SDTM RS, the TR test of its target sum, its category terms. */
static int compile_cdisc(struct compiler *cc, const struct ynode *map)
{
	const struct ynode *f[ARRAY_SIZE(cdisc_keys)];
	int rc;

	if (map == NULL)
		return 0;
	if ((rc = ytree_check_keys(cc->sink, map, cdisc_keys, ARRAY_SIZE(cdisc_keys), f, "cdisc")) < 0)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (f[i] != NULL && f[i]->kind == YN_SCALAR && f[i]->len == 0) {
			diag_emit(cc->sink, D_RULES_BAD_VALUE, f[i]->pos, NULL, "cdisc.%s: empty", cdisc_keys[i].name);
			return RECIST_EINVALID;
		}
	cc->rs->cdisc_rscat = f[C_RSCAT]->str;
	cc->rs->cdisc_sum_test = f[C_SUM_TEST] != NULL ? f[C_SUM_TEST]->str : NULL;
	return f[C_CATEGORY_TERMS] != NULL ? compile_category_terms(cc, f[C_CATEGORY_TERMS]) : 0;
}

/* ---- rule lists ---- */

/*
 * Before anything is compiled: at most RULES_MAX_RULES rules and rows,
 * reported at the first one past the limit.
 */
static int check_rule_count(struct compiler *cc, const struct ynode *const *f)
{
	size_t left = RULES_MAX_RULES;
	const struct ynode *seq;

	for (size_t l = 0; l <= ARRAY_SIZE(lists); l++) {
		seq = f[l < ARRAY_SIZE(lists) ? lists[l].key : K_OVERALL];
		if (seq == NULL)
			continue;
		if (seq->n > left) {
			diag_emit(cc->sink, D_RULES_TOO_LARGE, seq->items[left]->pos, NULL,
			          "more than %d rules (with the rows of 'overall')", RULES_MAX_RULES);
			return RECIST_EINVALID;
		}
		left -= seq->n;
	}
	return 0;
}

/*
 * Rule ids are unique in the whole file (they name the rule in reasons).
 * Find the first rule, in the order they are compiled, whose id an earlier
 * one has; compile_rule_list reports it when it gets there, so that the
 * errors of the rules before it come first, as if each id were compared
 * with all before it.  Rules without a scalar id are numbered but left
 * out: their own check fails first.
 */
static int find_repeated_id(struct compiler *cc, const struct ynode *const *f)
{
	struct name_ref *ids;
	size_t n = 0, total = 0, i = 0;

	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		total += f[lists[l].key] != NULL ? f[lists[l].key]->n : 0;
	if ((ids = malloc((total ? total : 1) * sizeof *ids)) == NULL)
		return RECIST_ENOMEM;
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		const struct ynode *seq = f[lists[l].key];
		for (size_t k = 0; seq != NULL && k < seq->n; k++, i++) {
			const struct ynode *item = seq->items[k];
			for (size_t j = 0; item->kind == YN_MAP && j < item->n; j++) {
				if (strcmp(item->keys[j]->str, "id") == 0 && item->items[j]->kind == YN_SCALAR) {
					ids[n++] = (struct name_ref){ item->items[j]->str, item->items[j]->len, i };
					break;
				}
			}
		}
	}
	cc->repeated_id = names_sort(ids, n);
	free(ids);
	return 0;
}

/*
 * 'backdate: PARAM' on a new_lesion rule that gives YES: whether a lesion
 * confirmed by this rule after an equivocal sighting dates progression
 * back to its first sighting (RECIST 1.1 §4.3.5; Decision 12) is the
 * param's value, 0 or 1.  Without the key: backdate_equivocal.
 */
static int compile_backdate(struct compiler *cc, struct rule *r, enum scope scope, const struct ynode *v)
{
	struct param *p;

	r->backdates = cc->rs->backdate_equivocal;
	if (v == NULL)
		return 0;
	if (scope != SCOPE_NEW_LESION || r->then != RECIST_RESP_YES) {
		diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL,
		          "'backdate' belongs to a new_lesion rule whose 'then' is YES");
		return RECIST_EINVALID;
	}
	p = param_mut(cc->rs, v->str);
	if (p == NULL || p->value.den != 1 || (p->value.num != 0 && p->value.num != 1)) {
		diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL, "'backdate: %s' must name a param of value 0 or 1",
		          v->str);
		return RECIST_EINVALID;
	}
	p->used = true;
	r->backdates = p->value.num != 0;
	return 0;
}

/* 'then' of a decision rule: a response of the list's vocabulary, or a new lesion's role. */
static int compile_then(struct compiler *cc, const struct ynode *v, const struct list_spec *ls, struct rule *r)
{
	recist_response resp;
	char names[160];

	if (ls->allowed == NULL) {
		if (strcmp(v->str, "target") == 0 || strcmp(v->str, "non-target") == 0) {
			r->choice = v->str[0] == 't' ? CHOICE_TARGET : CHOICE_NON_TARGET;
			return 0;
		}
		diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL, "'%s' is not a %s choice (expected target or non-target)",
		          v->str, ls->section);
		return RECIST_EINVALID;
	}
	if (resp_lookup(v->str, v->len, &resp) == 0 && (*ls->allowed & RESP_BIT(resp))) {
		r->then = resp;
		return 0;
	}
	resp_set_list(*ls->allowed, ", ", names, sizeof names);
	diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL, "'%s' is not a %s response (expected %s)", v->str,
	          ls->section, names);
	return RECIST_EINVALID;
}

/* One rule of list ls: a decision rule (when, then, reason) or a check (when, warning, message). */
static int compile_rule(struct compiler *cc, const struct ynode *item, const struct list_spec *ls,
                        const struct expr_env *env, struct rule *r)
{
	struct recist_ruleset *rs = cc->rs;
	const struct key_spec *spec = ls->decision ? decision_keys : check_keys_spec;
	size_t n_keys = ls->decision ? ARRAY_SIZE(decision_keys) : ARRAY_SIZE(check_keys_spec);
	const struct ynode *f[R__MAX];
	char what[64];
	int rc;

	snprintf(what, sizeof what, "a rule of '%s'", ls->section);
	if ((rc = ytree_expect_map(cc->sink, item, what)) < 0 ||
	    (rc = ytree_check_keys(cc->sink, item, spec, n_keys, f, what)) < 0)
		return rc;
	r->id = f[R_ID]->str;
	r->source = f[R_SOURCE]->str;
	r->pos = item->pos;
	if (cc->n_rules++ == cc->repeated_id) {
		diag_emit(cc->sink, D_RULES_DUPLICATE, f[R_ID]->pos, NULL, "rule id '%s'", r->id);
		return RECIST_EINVALID;
	}
	if ((rc = expr_compile(&r->when, &rs->arena, f[R_WHEN]->str, f[R_WHEN]->len, env, &f[R_WHEN]->src, 0,
	                       cc->sink)) < 0)
		return rc;
	if (r->when.type != V_BOOL) {
		diag_emit(cc->sink, D_RULES_BAD_EXPR, f[R_WHEN]->pos, NULL, "'when' must be true or false, this is %s",
		          r->when.type == V_NUM ? "a number" : "a string");
		return RECIST_EINVALID;
	}
	if ((rc = tmpl_compile(&r->reason, &rs->arena, f[R_REASON]->str, f[R_REASON]->len, env, &f[R_REASON]->src,
	                       cc->sink)) < 0)
		return rc;
	if (!ls->decision) {
		r->warning = f[R_THEN]->str;
		r->at = f[R_AT] != NULL ? f[R_AT]->str : NULL;
		r->at_assessment = at_assessment(r->at);
		return 0;
	}
	if (f[R_UNMET] != NULL) {
		if ((rc = tmpl_compile(&r->unmet, &rs->arena, f[R_UNMET]->str, f[R_UNMET]->len, env, &f[R_UNMET]->src,
		                       cc->sink)) < 0)
			return rc;
		r->has_unmet = true;
	}
	if ((rc = compile_then(cc, f[R_THEN], ls, r)) < 0)
		return rc;
	return compile_backdate(cc, r, ls->scope, f[R_BACKDATE]);
}

static int compile_rule_list(struct compiler *cc, const struct ynode *seq, const struct list_spec *ls)
{
	struct recist_ruleset *rs = cc->rs;
	struct rule_list *out = (struct rule_list *)((char *)rs + ls->offset);
	struct expr_env env = { ls->scope, param_by_name, rs, NULL, NULL };
	int rc;

	if (seq == NULL)
		return 0;
	if ((out->rules = arena_calloc(&rs->arena, seq->n ? seq->n : 1, sizeof *out->rules)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < seq->n; i++) {
		if ((rc = compile_rule(cc, seq->items[i], ls, &env, &out->rules[i])) < 0)
			return rc;
		out->n++;
	}
	/* A decision list must always decide: its last rule is a catch-all. */
	if (ls->decision && (out->n == 0 || !expr_is_true(&out->rules[out->n - 1].when))) {
		diag_emit(cc->sink, D_RULES_NO_DEFAULT, out->n ? out->rules[out->n - 1].pos : seq->pos, NULL,
		          "the last rule of '%s' must have 'when: true'", ls->section);
		return RECIST_EINVALID;
	}
	return 0;
}

/* ---- the overall table ---- */

/* A table cell: ANY, one response, or a flow list of responses. */
static int cell_set(struct compiler *cc, const struct ynode *v, resp_set allowed,
                    const char *column, resp_set *out)
{
	recist_response r;

	if (v->kind == YN_SCALAR && strcmp(v->str, "ANY") == 0) {
		*out = allowed;
		return 0;
	}
	if (v->kind == YN_SCALAR) {
		if (resp_lookup(v->str, v->len, &r) < 0 || !(allowed & RESP_BIT(r)))
			goto bad;
		*out = RESP_BIT(r);
		return 0;
	}
	if (v->kind != YN_SEQ)
		goto bad;
	*out = 0;
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *e = v->items[i];
		if (e->kind != YN_SCALAR || resp_lookup(e->str, e->len, &r) < 0 || !(allowed & RESP_BIT(r))) {
			v = e;
			goto bad;
		}
		*out |= RESP_BIT(r);
	}
	return 0;
bad:
	diag_emit(cc->sink, D_RULES_BAD_VALUE, v->pos, NULL, "'%s' is not a %s response (or ANY, or a list)",
	          v->kind == YN_SCALAR ? v->str : "?", column);
	return RECIST_EINVALID;
}

static int compile_overall(struct compiler *cc, const struct ynode *seq)
{
	struct recist_ruleset *rs = cc->rs;
	/* The cell columns may hold lists, so check them by hand, not by kind. */
	struct key_spec spec[ARRAY_SIZE(overall_keys)];
	int rc;

	memcpy(spec, overall_keys, sizeof spec);
	if ((rs->overall = arena_calloc(&rs->arena, seq->n ? seq->n : 1, sizeof *rs->overall)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *item = seq->items[i], *f[ARRAY_SIZE(overall_keys)];
		struct overall_row *row = &rs->overall[i];
		resp_set ov;

		if ((rc = ytree_expect_map(cc->sink, item, "a row of 'overall'")) < 0)
			return rc;
		/* Accept lists in the three input columns: relax their kind. */
		for (size_t k = 0; k < item->n; k++) {
			for (size_t j = O_TARGET; j <= O_NEW_LESIONS; j++)
				if (strcmp(item->keys[k]->str, spec[j].name) == 0)
					spec[j].kind = item->items[k]->kind == YN_SEQ ? YN_SEQ : YN_SCALAR;
		}
		if ((rc = ytree_check_keys(cc->sink, item, spec, ARRAY_SIZE(spec), f, "a row of 'overall'")) < 0)
			return rc;
		if ((rc = cell_set(cc, f[O_TARGET], resp_target_set, "target", &row->target)) < 0 ||
		    (rc = cell_set(cc, f[O_NON_TARGET], resp_non_target_set, "non_target", &row->non_target)) < 0 ||
		    (rc = cell_set(cc, f[O_NEW_LESIONS], resp_new_lesions_set, "new_lesions", &row->new_lesions)) < 0 ||
		    (rc = cell_set(cc, f[O_OVERALL], resp_overall_set, "overall", &ov)) < 0)
			return rc;
		if (f[O_OVERALL]->kind != YN_SCALAR || strcmp(f[O_OVERALL]->str, "ANY") == 0) {
			diag_emit(cc->sink, D_RULES_BAD_VALUE, f[O_OVERALL]->pos, NULL, "'overall' must be one response");
			return RECIST_EINVALID;
		}
		resp_lookup(f[O_OVERALL]->str, f[O_OVERALL]->len, &row->overall);
		row->source = f[O_SOURCE]->str;
		row->pos = item->pos;
		rs->n_overall++;
	}
	/* Complete: every combination of the three inputs has a row. */
	for (int t = 1; t < 32; t++) {
		if (!(resp_target_set & RESP_BIT(t)))
			continue;
		for (int nt = 1; nt < 32; nt++) {
			if (!(resp_non_target_set & RESP_BIT(nt)))
				continue;
			for (int nl = 1; nl < 32; nl++) {
				size_t i;
				if (!(resp_new_lesions_set & RESP_BIT(nl)))
					continue;
				for (i = 0; i < rs->n_overall; i++) {
					const struct overall_row *row = &rs->overall[i];
					if ((row->target & RESP_BIT(t)) && (row->non_target & RESP_BIT(nt)) &&
					    (row->new_lesions & RESP_BIT(nl)))
						break;
				}
				if (i == rs->n_overall) {
					diag_emit(cc->sink, D_RULES_TABLE_INCOMPLETE, seq->pos, NULL,
					          "no row for target %s, non_target %s, new_lesions %s",
					          recist_response_name((recist_response)t),
					          recist_response_name((recist_response)nt),
					          recist_response_name((recist_response)nl));
					return RECIST_EINVALID;
				}
			}
		}
	}
	return 0;
}

/* ---- the whole file ---- */

static int compile_tree(struct compiler *cc, const struct ynode *root)
{
	struct recist_ruleset *rs = cc->rs;
	const struct ynode *f[ARRAY_SIZE(top_keys)];
	int rc;

	if ((rc = ytree_expect_map(cc->sink, root, "a rule file")) < 0 ||
	    (rc = ytree_check_keys(cc->sink, root, top_keys, ARRAY_SIZE(top_keys), f, "the rule file")) < 0)
		return rc;
	if (strcmp(f[K_FORMAT]->str, RULES_FORMAT) != 0) {
		diag_emit(cc->sink, D_RULES_BAD_VALUE, f[K_FORMAT]->pos, NULL, "format '%s' (expected '%s')",
		          f[K_FORMAT]->str, RULES_FORMAT);
		return RECIST_EINVALID;
	}
	if (f[K_ID]->len == 0 || strcspn(f[K_ID]->str, ", \t") != f[K_ID]->len) {
		diag_emit(cc->sink, D_RULES_BAD_VALUE, f[K_ID]->pos, NULL,
		          "id '%s' (expected a non-empty name without spaces or commas)", f[K_ID]->str);
		return RECIST_EINVALID;
	}
	rs->id = f[K_ID]->str;
	rs->name = f[K_NAME]->str;
	rs->source = f[K_SOURCE]->str;
	rs->version = f[K_VERSION] != NULL ? f[K_VERSION]->str : NULL;
	if ((rc = check_rule_count(cc, f)) < 0 ||
	    (rc = find_repeated_id(cc, f)) < 0 ||
	    (rc = compile_params(cc, f[K_PARAMS])) < 0 ||
	    (rc = compile_measure(cc, f[K_MEASURE])) < 0 ||
	    (rc = compile_review(cc, f[K_REVIEW])) < 0 ||
	    (rc = compile_cdisc(cc, f[K_CDISC])) < 0)
		return rc;
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		if ((rc = compile_rule_list(cc, f[lists[l].key], &lists[l])) < 0)
			return rc;
	/* Its checks run when new_lesion_role has chosen: without it, never. */
	if (f[K_NEW_LESION_ROLE_CHECKS] != NULL && f[K_NEW_LESION_ROLE] == NULL) {
		diag_emit(cc->sink, D_RULES_MISSING_KEY, f[K_NEW_LESION_ROLE_CHECKS]->pos, NULL,
		          "'new_lesion_role_checks' needs 'new_lesion_role'");
		return RECIST_EINVALID;
	}
	/* Its checks run beside the progression list: without it, never. */
	if (f[K_PROGRESSION_CHECKS] != NULL && f[K_PROGRESSION] == NULL) {
		diag_emit(cc->sink, D_RULES_MISSING_KEY, f[K_PROGRESSION_CHECKS]->pos, NULL,
		          "'progression_checks' needs 'progression'");
		return RECIST_EINVALID;
	}
	if ((rc = compile_overall(cc, f[K_OVERALL])) < 0)
		return rc;
	/* A param nothing reads is most likely a misspelt one. */
	for (size_t i = 0; i < rs->n_params; i++)
		if (!rs->params[i].used)
			diag_emit(cc->sink, D_RULES_UNUSED_PARAM, rs->params[i].pos, NULL, "'%s'", rs->params[i].name);
	return 0;
}

int rules_compile(struct recist_ruleset **out, const char *text, size_t len,
                  const char *file, const recist_diag_sink *sink)
{
	struct recist_ruleset *rs;
	struct compiler cc;
	struct ynode *root = NULL;
	char *copy;
	int rc;

	if ((rs = calloc(1, sizeof *rs)) == NULL) {
		rc = RECIST_ENOMEM;
		goto fail;
	}
	/* Keep a copy of the text (rules show) and of the name, in the arena. */
	if ((copy = arena_strndup(&rs->arena, text, len)) == NULL ||
	    (rs->file = arena_strdup(&rs->arena, file ? file : "<rules>")) == NULL) {
		rc = RECIST_ENOMEM;
		goto fail;
	}
	rs->text = copy;
	rs->text_len = len;
	digest_sha256_hex(text, len, rs->sha256);
	if ((rc = yaml_tree_parse(&root, &rs->arena, copy, len, rs->file, sink)) < 0)
		goto fail;
	cc.rs = rs;
	cc.sink = sink;
	cc.n_rules = 0;
	cc.repeated_id = SIZE_MAX;
	if ((rc = compile_tree(&cc, root)) < 0)
		goto fail;
	*out = rs;
	return 0;
fail:
	/* Below, running out of memory is only returned: reported here, once, for every path. */
	if (rc == RECIST_ENOMEM)
		diag_emit(sink, D_SYS_NOMEM, (struct pos){ file ? file : "<rules>", 0, 0 }, NULL,
		          "loading the rule set");
	if (rs != NULL)
		arena_release(&rs->arena);
	free(rs);
	return rc;
}
