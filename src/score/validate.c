/*
 * validate.c - recist validate: the calls a site reported, checked against
 * the recomputed ones, and the data-quality checks of a case.
 *
 * SPDX-License-Identifier: MIT
 *
 * A disagreement's reason is the rule set's own words: the 'unmet' message
 * of the rule that would have given the reported response (why it was not
 * reached), else the reason of the rule that decided.  Data-quality
 * findings are the rule sets' baseline warnings and the engine's, plus the
 * checks below that need no rule set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/names.h"
#include "input/case.h"
#include "score/bor_reasons.h"
#include "score/result.h"

/* The codes of validate's own findings (finding.def). */
enum finding_code {
#define FINDING(code, sev, what) F_##code,
#include "score/finding.def"
#undef FINDING
};

static const struct {
	const char     *name;
	recist_severity severity;
} finding_codes[] = {
#define FINDING(code, sev, what) { #code, RECIST_SEV_##sev },
#include "score/finding.def"
#undef FINDING
};

static int add(struct recist_result *res, const char *criteria, const char *date, const char *field,
               const char *reported, const char *computed, recist_severity severity, const char *reason)
{
	recist_finding *f = arena_grow(&res->arena, res->findings, res->n_findings, &res->cap_findings, sizeof *f);

	if (f == NULL || reason == NULL)
		return RECIST_ENOMEM;
	/* Findings are borrowed from the result alone: dates may come from the case. */
	if (date != NULL && (date = arena_strdup(&res->arena, date)) == NULL)
		return RECIST_ENOMEM;
	res->findings = f;
	f[res->n_findings++] = (recist_finding){ res->case_id, criteria, date, field, reported, computed,
	                                         severity, reason };
	return 0;
}

/* A finding of one of validate's own codes, with its catalogue severity. */
static int add_code(struct recist_result *res, const char *date, enum finding_code code, const char *reason)
{
	return add(res, NULL, date, finding_codes[code].name, NULL, NULL, finding_codes[code].severity, reason);
}

static const struct crit_result *criteria_of(const struct recist_result *res, const char *id)
{
	if (id == NULL)  /* a history that names no rule set: the one it was scored under */
		return res->history && res->n_crit == 1 ? &res->crit[0] : NULL;
	for (size_t i = 0; i < res->n_crit; i++)
		if (strcmp(res->crit[i].rs->id, id) == 0)
			return &res->crit[i];
	return NULL;
}

/*
 * Why the reported response was not reached: the 'unmet' message of the
 * first rule of the list that gives it, rendered with the follow-up's
 * quantities; NULL when there is none (or nothing was kept).
 */
static const char *unmet(struct recist_result *res, const struct rule_list *list, recist_response reported,
                         const struct tp_result *tp)
{
	if (tp->q == NULL)
		return NULL;
	for (size_t i = 0; i < list->n; i++)
		if (list->rules[i].then == reported && list->rules[i].has_unmet)
			return tmpl_render(&list->rules[i].unmet, tp->q, &res->arena);
	return NULL;
}

/* The new-lesion reasons of a follow-up, joined; "no new lesion" when none. */
static const char *new_lesion_reason(struct recist_result *res, const struct tp_result *tp)
{
	recist_buffer b = RECIST_BUFFER_INIT;
	const char *s;

	if (tp->n_new_lesion_reasons == 0)
		return "no new lesion was recorded";
	for (size_t i = 0; i < tp->n_new_lesion_reasons; i++)
		if ((i && buf_puts(&b, "; ") < 0) || buf_puts(&b, tp->new_lesion_reasons[i]) < 0) {
			recist_buffer_release(&b);
			return NULL;
		}
	s = arena_strdup(&res->arena, b.ptr);
	recist_buffer_release(&b);
	return s;
}

/* One reported response of a follow-up against the computed one. */
static int check_call(struct recist_result *res, const struct crit_result *cr, const struct tp_result *tp,
                      const char *field, recist_response reported, recist_response computed,
                      const struct rule_list *list, const char *computed_reason)
{
	const char *why;

	if (reported == RECIST_RESP_NONE || reported == computed)
		return 0;
	why = list != NULL ? unmet(res, list, reported, tp) : NULL;
	if (why == NULL)
		why = computed_reason;
	return add(res, cr->rs->id, tp->date, field, recist_response_name(reported), recist_response_name(computed),
	           RECIST_SEV_ERROR, why);
}

/* A reported sum against the recomputed one, beyond the reported rounding. */
static int check_sum(struct recist_result *res, const struct crit_result *cr, const char *date,
                     const struct reported_calls *rc, struct optnum computed)
{
	char rep[48], comp[48];
	int64_t um, diff;

	if (!rc->has_sum || !computed.has || ratio_to_um(computed.v, &um) < 0)
		return 0;
	diff = rc->sum_um > um ? rc->sum_um - um : um - rc->sum_um;
	if (diff <= rc->sum_rounding_um)
		return 0;
	format_mm((struct optnum){ true, ratio_from_um(rc->sum_um) }, rep);
	format_mm(computed, comp);
	return add(res, cr->rs->id, date, "sum_mm", arena_strdup(&res->arena, rep), arena_strdup(&res->arena, comp),
	           RECIST_SEV_ERROR, arena_printf(&res->arena, "reported sum %s mm, recomputed %s mm from the target measurements",
	                                 rep, comp));
}

static int check_reported(struct recist_result *res, const struct recist_case *c)
{
	int rc;

	for (size_t i = 0; i < c->n_assessments; i++) {
		const struct assessment *a = &c->assessments[i];
		for (size_t k = 0; k < a->n_reported; k++) {
			const struct reported_calls *r = &a->reported[k];
			const struct crit_result *cr = criteria_of(res, r->criteria);
			if (cr == NULL)
				continue;  /* not applied, or unknown: see check_unknown_criteria */
			if (i == 0) {
				if ((rc = check_sum(res, cr, cr->baseline_date, r, cr->baseline_sum_mm)) < 0)
					return rc;
				continue;
			}
			const struct tp_result *tp = &cr->tps[i - 1];
			const struct recist_ruleset *rs = cr->rs;
			if ((rc = check_sum(res, cr, tp->date, r, tp->sum_mm)) < 0 ||
			    (rc = check_call(res, cr, tp, "target", r->target, tp->target, &rs->target, tp->target_reason)) < 0 ||
			    (rc = check_call(res, cr, tp, "non_target", r->non_target, tp->non_target, &rs->non_target,
			                     tp->non_target_reason)) < 0 ||
			    (r->new_lesions != RECIST_RESP_NONE && r->new_lesions != tp->new_lesions &&
			     (rc = check_call(res, cr, tp, "new_lesions", r->new_lesions, tp->new_lesions, NULL,
			                      new_lesion_reason(res, tp))) < 0) ||
			    (rc = check_call(res, cr, tp, "overall", r->overall, tp->overall, NULL, tp->overall_reason)) < 0)
				return rc;
		}
	}
	return 0;
}

/* "; computed PD on 2024-03-04" after a sentence of b: the whole as a finding's reason, or NULL. */
static const char *with_computed(struct recist_result *res, recist_buffer *b, recist_response computed,
                                 const char *date)
{
	const char *s = NULL;

	if (buf_printf(b, "; computed %s%s%s", recist_response_name(computed), date ? " on " : "", date ? date : "") == 0)
		s = arena_strdup(&res->arena, b->ptr);
	recist_buffer_release(b);
	return s;
}

/*
 * Why the reported best response is not the computed one, in the words of
 * the report (bor_reasons.c, from the derivation's own record, not a
 * second derivation): a CR or PR that was not confirmed says what stood in
 * the way; an SD that did not count says when it came.
 */
static const char *explain_best(struct recist_result *res, const struct crit_result *cr, recist_response reported,
                                recist_response computed, const char *date, bool confirmed)
{
	const struct bor_params *p = &cr->bor_params;
	const char *rep = recist_response_name(reported), *comp = recist_response_name(computed);
	recist_buffer b = RECIST_BUFFER_INIT;
	size_t i;
	int rc = 0;

	if (reported == RECIST_RESP_CR || reported == RECIST_RESP_PR) {
		const struct bor_confirmation *c = reported == RECIST_RESP_CR ? &cr->bor.confirm_cr : &cr->bor.confirm_pr;
		for (i = 0; i < cr->n_tps && cr->tps[i].overall != reported; i++)
			;
		if (i == cr->n_tps)
			rc = buf_printf(&b, "no follow-up has overall %s", rep);
		else if (i >= cr->bor.counted)
			rc = bor_why_after_progression(&b, cr, i);
		else if (confirmed)
			rc = bor_why_unconfirmed(&b, cr, reported);
		if (rc == 0 && b.len == 0 && confirmed && reported == RECIST_RESP_PR && computed == RECIST_RESP_CR &&
		    date != NULL && c->has) {
			char at[11], by[11];
			date_format(c->at_day, at);
			date_format(c->by_day, by);
			rc = buf_printf(&b, "PR on %s is confirmed on %s, but the CR on %s is confirmed too and ranks above it",
			                at, by, date);
		}
		if (rc < 0)
			return recist_buffer_release(&b), NULL;
		if (b.len > 0)
			return with_computed(res, &b, computed, date);
	}
	if ((reported == RECIST_RESP_SD || reported == RECIST_RESP_NON_CR_NON_PD) &&
	    (computed == RECIST_RESP_PD || computed == RECIST_RESP_NE)) {
		for (i = 0; i < cr->n_tps && !bor_sd_too_early(cr, i, confirmed); i++)
			;
		if (i < cr->n_tps)
			return bor_why_sd_too_early(&b, cr, i) < 0 ? (recist_buffer_release(&b), NULL)
			                                           : with_computed(res, &b, computed, date);
	}
	rc |= buf_printf(&b, "computed %s%s%s from the follow-ups' overall responses (%s: ", comp, date ? " on " : "",
	                 date ? date : "", cr->rs->id);
	rc |= bor_confirm_rule(&b, p, RECIST_RESP_PR);
	rc |= buf_printf(&b, ", with at most %ld NE between; ", (long)p->max_ne_between);
	rc |= bor_sd_rule(&b, p) | buf_puts(&b, ")");
	const char *s = rc == 0 ? arena_strdup(&res->arena, b.ptr) : NULL;
	recist_buffer_release(&b);
	return s;
}

/* A reported best response against the computed one. */
static int check_best(struct recist_result *res, const struct reported_best *rb, size_t n, bool confirmed)
{
	const char *field = confirmed ? "confirmed_best_overall" : "best_overall";
	int rc;

	for (size_t i = 0; i < n; i++) {
		const struct crit_result *cr = criteria_of(res, rb[i].criteria);
		const struct bor_result *b;
		recist_response computed;
		bool has;
		const char *date;
		if (cr == NULL)
			continue;
		b = &cr->bor;
		computed = confirmed ? b->confirmed : b->best;
		has = confirmed ? b->confirmed_date.has : b->best_date.has;
		date = confirmed ? cr->confirmed_date : cr->best_date;
		if (rb[i].response == computed)
			continue;
		const char *why = explain_best(res, cr, rb[i].response, computed, has ? date : NULL, confirmed);
		if ((rc = add(res, cr->rs->id, NULL, field, recist_response_name(rb[i].response),
		              recist_response_name(computed), RECIST_SEV_ERROR, why)) < 0)
			return rc;
	}
	return 0;
}

/* Calls reported for a rule set that is not loaded at all: once per case and rule set. */
/* The i-th rule-set id the case reports calls for, in document order (i < reported_ids_count). */
static size_t reported_ids_count(const struct recist_case *c)
{
	size_t n = c->n_reported_best + c->n_reported_confirmed;

	for (size_t i = 0; i < c->n_assessments; i++)
		n += c->assessments[i].n_reported;
	return n;
}

/*
 * Calls reported for a rule set that is not loaded: one finding per id, in
 * document order.  The ids are sorted once (names.h) to find each one's
 * first place: a case may name thousands.
 */
static int check_unknown_criteria(struct recist_result *res, const struct recist_case *c,
                                  const recist_ruleset *const *loaded, size_t n_loaded)
{
	size_t n = reported_ids_count(c), k = 0;
	struct name_ref *refs = arena_alloc(&res->arena, (n ? n : 1) * sizeof *refs);
	bool *first = arena_calloc(&res->arena, n ? n : 1, sizeof *first);
	const char **ids = arena_alloc(&res->arena, (n ? n : 1) * sizeof *ids);
	int rc;

	if (refs == NULL || first == NULL || ids == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < c->n_assessments; i++)
		for (size_t j = 0; j < c->assessments[i].n_reported; j++)
			ids[k++] = c->assessments[i].reported[j].criteria;
	for (size_t i = 0; i < c->n_reported_best; i++)
		ids[k++] = c->reported_best[i].criteria;
	for (size_t i = 0; i < c->n_reported_confirmed; i++)
		ids[k++] = c->reported_confirmed[i].criteria;
	for (size_t i = 0; i < n; i++)
		refs[i] = (struct name_ref){ ids[i], strlen(ids[i]), i };
	names_sort(refs, n);
	/* Equal names are adjacent, the earliest given first. */
	for (size_t i = 0; i < n; i++)
		first[refs[i].i] = i == 0 || refs[i].len != refs[i - 1].len ||
		                   memcmp(refs[i].name, refs[i - 1].name, refs[i].len) != 0;
	for (size_t i = 0; i < n; i++) {
		bool known = !first[i];
		for (size_t j = 0; j < n_loaded && !known; j++)
			known = strcmp(recist_ruleset_id(loaded[j]), ids[i]) == 0;
		if (!known && (rc = add_code(res, NULL, F_UNKNOWN_CRITERIA,
		                             arena_printf(&res->arena, "calls reported for '%s', which is not a loaded "
		                                          "rule set", ids[i]))) < 0)
			return rc;
	}
	return 0;
}

/* ---- Data quality ---- */

/*
 * A target recorded only on the other axis than rs measures it by: rs's
 * choice for its kind (the rule file's 'measure': RECIST 1.1 §4.3.2, the
 * short axis of nodes and the longest diameter of other lesions; mRECIST's
 * viable diameter is a longest diameter too).  A lesion recorded on the
 * right axis but without the measurement rs reads (mRECIST without
 * viable_mm) is not this: the engine's MEASUREMENT_MISSING says that.
 */
static bool wrong_axis(const struct recist_ruleset *rs, const struct lesion *l, const struct measurement *m)
{
	unsigned f = m->flags, same, other;

	if (l->role != ROLE_TARGET || !(f & M_RECORDED) || (f & (M_TOO_SMALL | M_NOT_EVALUATED)))
		return false;
	switch (l->nodal ? rs->measure_nodal : rs->measure_nonnodal) {
	case MEASURE_SHORT_AXIS:
		same = M_SHORT_AXIS;
		other = M_DIAMETER | M_FRAGMENTS;
		break;
	case MEASURE_VIABLE:
		same = M_VIABLE | M_DIAMETER | M_FRAGMENTS;
		other = M_SHORT_AXIS;
		break;
	case MEASURE_DIAMETER:
	default:
		same = M_DIAMETER | M_FRAGMENTS;
		other = M_SHORT_AXIS;
		break;
	}
	return (f & other) && !(f & same);
}

/* What a rule set sums for a lesion, by what it measures (recist-case(5) keys). */
static const char *const measure_said[] = {
	[MEASURE_DIAMETER]   = "its longest diameter (diameter_mm)",
	[MEASURE_SHORT_AXIS] = "a node's short axis (short_axis_mm)",
	[MEASURE_VIABLE]     = "the longest diameter of its viable tumour (viable_mm)",
};

/*
 * The WRONG_AXIS message for target l, recorded as m, or NULL when no
 * rule set of res finds it on the wrong axis: what each rule set that does
 * sums instead ("... is what is summed" when that is every rule set and
 * they agree).
 */
static const char *wrong_axis_message(struct recist_result *res, const struct lesion *l,
                                      const struct measurement *m)
{
	char sums[512];
	size_t n = 0, wrong = 0;
	int kind = -1;
	bool agree = true;

	sums[0] = '\0';
	for (size_t i = 0; i < res->n_crit; i++) {
		const struct recist_ruleset *rs = res->crit[i].rs;
		enum measure_kind k = l->nodal ? rs->measure_nodal : rs->measure_nonnodal;
		if (!wrong_axis(rs, l, m))
			continue;
		agree = agree && (kind < 0 || kind == (int)k);
		kind = (int)k;
		wrong++;
		if (n < sizeof sums) {
			int w = snprintf(sums + n, sizeof sums - n, "%s%s %s %s sums", n ? ", " : "", measure_said[k],
			                 n ? "what" : "is what", rs->id);
			n += w > 0 ? (size_t)w : 0;
		}
	}
	if (wrong == 0)
		return NULL;
	if (agree && wrong == res->n_crit)
		snprintf(sums, sizeof sums, "%s is what is summed", measure_said[kind]);
	return arena_printf(&res->arena, "%s target %s is measured by %s; %s", l->nodal ? "nodal" : "non-nodal", l->id,
	                    l->nodal ? "diameter_mm" : "short_axis_mm", sums);
}

/* The measurement of lesion k at assessment ai (recorded ones are in registry order). */
static const struct measurement *measurement_at(const struct recist_case *c, size_t ai, size_t k)
{
	const struct assessment *a = &c->assessments[ai];
	size_t lo = 0, hi = a->n_meas;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->meas[mid].lesion < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->n_meas && a->meas[lo].lesion == k ? &a->meas[lo] : &meas_unrecorded;
}

/* Checks of the case itself, whatever the rule set. */
static int check_case(struct recist_result *res, const struct recist_case *c)
{
	int rc;

	for (size_t i = 0; i < c->n_assessments; i++) {
		const struct assessment *a = &c->assessments[i];
		struct meas_walk w = { a, 0 };
		if (i > 0 && c->has_treatment_start && a->date < c->treatment_start) {
			char start[11];
			date_format(c->treatment_start, start);
			if ((rc = add_code(res, a->date_str, F_ASSESSMENT_BEFORE_TREATMENT,
			                   arena_printf(&res->arena, "follow-up %s is before treatment_start %s",
			                                a->date_str, start))) < 0)
				return rc;
		}
		for (size_t k = 0; k < c->n_lesions; k++) {
			const struct lesion *l = &c->lesions[k];
			const struct measurement *m = meas_of(&w, k);
			const char *msg = NULL;
			enum finding_code code = F_WRONG_AXIS;
			if ((msg = wrong_axis_message(res, l, m)) != NULL) {
				code = F_WRONG_AXIS;
			} else if (i > 0 && l->role == ROLE_TARGET &&
			           (!(m->flags & M_RECORDED) || (m->flags & M_NOT_EVALUATED))) {
				code = F_TARGET_NOT_EVALUATED;
				msg = arena_printf(&res->arena, "target %s is not evaluated at this follow-up", l->id);
			} else if (i > 0 && l->role == ROLE_NON_TARGET &&
			           (!(m->flags & M_RECORDED) || m->status == NT_NOT_EVALUATED)) {
				code = F_NON_TARGET_NOT_EVALUATED;
				msg = arena_printf(&res->arena, "non-target %s is not evaluated at this follow-up", l->id);
			}
			if (msg != NULL && (rc = add_code(res, a->date_str, code, msg)) < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * The rule sets' warnings as findings.  Baseline lesion checks
 * ("lesions[i]") are dated at the baseline; registry checks ("lesions")
 * are case-level.  The same warning at the same place from a second rule
 * set is the same problem: reported once, under the first.  A measurement
 * missing because the wrong axis was recorded is reported as WRONG_AXIS.
 */
/*
 * Which warnings repeat an earlier one (same code at the same place):
 * repeat[i] for each.  Sorted once, so that many warnings cost n log n.
 */
static int repeated_warnings(struct recist_result *res, bool *repeat)
{
	struct name_ref *refs = arena_alloc(&res->arena, (res->n_warnings ? res->n_warnings : 1) * sizeof *refs);
	size_t n = 0;

	if (refs == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < res->n_warnings; i++) {
		const struct result_warning *w = &res->warnings[i];
		const char *where;
		if (w->criteria == NULL)
			continue;
		if ((where = arena_printf(&res->arena, "%s\x1f%d\x1f%ld\x1f%ld\x1f%s", w->code, (int)w->at.kind,
		                          (long)w->at.assessment, (long)w->at.lesion, w->at.text ? w->at.text : "")) == NULL)
			return RECIST_ENOMEM;
		refs[n++] = (struct name_ref){ where, strlen(where), i };
	}
	names_sort(refs, n);
	/* Equal places are adjacent, in the order given: all but the first repeat it. */
	for (size_t k = 1; k < n; k++)
		repeat[refs[k].i] = strcmp(refs[k].name, refs[k - 1].name) == 0;
	return 0;
}

static int check_warnings(struct recist_result *res, const struct recist_case *c)
{
	bool *repeat = arena_calloc(&res->arena, res->n_warnings ? res->n_warnings : 1, sizeof *repeat);
	int rc;

	if (repeat == NULL || repeated_warnings(res, repeat) < 0)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < res->n_warnings; i++) {
		const struct result_warning *w = &res->warnings[i];
		const struct place *at = &w->at;
		const struct crit_result *cr;
		const char *date = NULL;

		if (w->criteria == NULL)
			continue;  /* the case's own (unknown keys): not data quality */
		if (repeat[i])
			continue;
		/* A measurement missing because it is on the wrong axis is WRONG_AXIS (check_case). */
		if (at->kind == PLACE_MEASUREMENT && (cr = criteria_of(res, w->criteria)) != NULL &&
		    wrong_axis(cr->rs, &c->lesions[at->lesion], measurement_at(c, (size_t)at->assessment, (size_t)at->lesion)))
			continue;
		if (at->kind == PLACE_LESION)
			date = c->assessments[0].date_str;
		else if (at->assessment >= 0 && (size_t)at->assessment < c->n_assessments)
			date = c->assessments[at->assessment].date_str;
		if ((rc = add(res, w->criteria, date, w->code, NULL, NULL, RECIST_SEV_WARNING, w->message)) < 0)
			return rc;
	}
	return 0;
}

/* Findings by date (case-level first), then rule set (none first); stable. */
static int finding_cmp(const recist_finding *a, const recist_finding *b)
{
	int d = (a->date != NULL) - (b->date != NULL);

	if (d == 0 && a->date != NULL)
		d = strcmp(a->date, b->date);
	if (d == 0)
		d = (a->criteria != NULL) - (b->criteria != NULL);
	if (d == 0 && a->criteria != NULL)
		d = strcmp(a->criteria, b->criteria);
	return d;
}

/* Merge sort, stable (findings keep their order within a date), with tmp[n] beside f. */
static void sort_findings(recist_finding *f, recist_finding *tmp, size_t n)
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = finding_cmp(&f[j], &f[i]) < 0 ? f[j++] : f[i++];
			while (i < mid)
				tmp[k++] = f[i++];
			while (j < hi)
				tmp[k++] = f[j++];
		}
		memcpy(f, tmp, n * sizeof *f);
	}
}

/* The overall response rs's table gives for these calls (the first row that matches). */
static recist_response table_overall(const struct recist_ruleset *rs, recist_response t, recist_response nt,
                                     recist_response nl, const struct overall_row **row)
{
	for (size_t i = 0; i < rs->n_overall; i++) {
		*row = &rs->overall[i];
		if (((*row)->target & RESP_BIT(t)) && ((*row)->non_target & RESP_BIT(nt)) &&
		    ((*row)->new_lesions & RESP_BIT(nl)))
			return (*row)->overall;
	}
	*row = NULL;
	return RECIST_RESP_NONE;
}

/* The values a reported component may stand for: itself, or its whole vocabulary when not reported. */
static resp_set completions(recist_response reported, resp_set vocabulary)
{
	return reported == RECIST_RESP_NONE ? vocabulary : RESP_BIT(reported);
}

/*
 * A history with the site's component calls (RS alone: TRGRESP, NTRGRESP,
 * NEWLIND beside OVRLRESP): each overall response checked against the
 * overall table of the rule set for the site's own calls.  A call the site
 * did not report may be anything: the overall is wrong only when no value
 * of it gives the reported one.
 */
static int check_history(struct recist_result *res, const struct recist_case *c)
{
	for (size_t i = 0; i < c->n_assessments; i++) {
		const struct assessment *a = &c->assessments[i];
		const struct crit_result *cr;
		const struct reported_calls *rc;
		const struct overall_row *row = NULL, *seen = NULL;
		recist_response made = RECIST_RESP_NONE;
		resp_set possible = 0;
		bool agrees = false, unique = true;
		int err;
		if (a->n_reported == 0 || (cr = criteria_of(res, (rc = a->reported)->criteria)) == NULL)
			continue;
		resp_set ts = completions(rc->target, resp_target_set), ns = completions(rc->non_target, resp_non_target_set),
		         ls = completions(rc->new_lesions, resp_new_lesions_set);
		for (int t = 0; t <= RECIST_RESP_EQUIVOCAL; t++)
			for (int n = 0; n <= RECIST_RESP_EQUIVOCAL; n++)
				for (int l = 0; l <= RECIST_RESP_EQUIVOCAL; l++) {
					recist_response o;
					if (!(ts & RESP_BIT(t)) || !(ns & RESP_BIT(n)) || !(ls & RESP_BIT(l)))
						continue;
					o = table_overall(cr->rs, (recist_response)t, (recist_response)n, (recist_response)l, &row);
					agrees |= o == a->overall;
					possible |= RESP_BIT(o);
					if (made != RECIST_RESP_NONE && o != made)
						unique = false;
					made = o;
					seen = row;
				}
		if (agrees || made == RECIST_RESP_NONE)
			continue;
		char why[512], options[128];
		const char *t = rc->target ? recist_response_name(rc->target) : "not reported",
		           *nt = rc->non_target ? recist_response_name(rc->non_target) : "not reported",
		           *nl = rc->new_lesions ? recist_response_name(rc->new_lesions) : "not reported";
		if (unique) {
			snprintf(why, sizeof why, "the site's own calls (target %s, non-target %s, new lesions %s) make %s%s%s, "
			         "not %s", t, nt, nl, recist_response_name(made), seen && seen->source ? " by " : "",
			         seen && seen->source ? seen->source : "", recist_response_name(a->overall));
		} else {
			resp_set_list(possible, " or ", options, sizeof options);
			snprintf(why, sizeof why, "the site's own calls (target %s, non-target %s, new lesions %s) make %s by "
			         "the overall table of %s, not %s", t, nt, nl, options, cr->rs->name,
			         recist_response_name(a->overall));
		}
		const char *reason = arena_strdup(&res->arena, why);
		if ((err = add(res, cr->rs->id, a->date_str, "overall", recist_response_name(a->overall),
		               unique ? recist_response_name(made) : NULL, RECIST_SEV_ERROR, reason)) < 0)
			return err;
	}
	return 0;
}

int recist_validate(recist_result *res, const recist_case *c, const recist_ruleset *const *loaded,
                    size_t n_loaded, const recist_diag_sink *sink)
{
	int rc;

	res->n_findings = 0;
	if (c->history) {
		if ((rc = check_history(res, c)) < 0 ||
		    (rc = check_best(res, c->reported_best, c->n_reported_best, false)) < 0 ||
		    (rc = check_best(res, c->reported_confirmed, c->n_reported_confirmed, true)) < 0) {
			diag_emit(sink, D_SYS_NOMEM, (struct pos){ c->file, 0, 0 }, NULL, NULL);
			return rc;
		}
		return 0;
	}
	if ((rc = check_reported(res, c)) < 0 ||
	    (rc = check_best(res, c->reported_best, c->n_reported_best, false)) < 0 ||
	    (rc = check_best(res, c->reported_confirmed, c->n_reported_confirmed, true)) < 0 ||
	    (rc = check_unknown_criteria(res, c, loaded, n_loaded)) < 0 ||
	    (rc = check_warnings(res, c)) < 0 ||
	    (rc = check_case(res, c)) < 0) {
		diag_emit(sink, D_SYS_NOMEM, (struct pos){ c->file, 0, 0 }, NULL, NULL);
		return rc;
	}
	recist_finding *tmp = arena_calloc(&res->arena, res->n_findings ? res->n_findings : 1, sizeof *tmp);
	if (tmp == NULL) {
		diag_emit(sink, D_SYS_NOMEM, (struct pos){ c->file, 0, 0 }, NULL, NULL);
		return RECIST_ENOMEM;
	}
	sort_findings(res->findings, tmp, res->n_findings);
	return 0;
}

size_t recist_result_finding_count(const recist_result *res)
{
	return res->n_findings;
}

int recist_result_finding(const recist_result *res, size_t i, recist_finding *out)
{
	if (i >= res->n_findings)
		return RECIST_ENOTFOUND;
	*out = res->findings[i];
	return 0;
}
