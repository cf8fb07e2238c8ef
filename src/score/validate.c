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
#include "base/diag.h"
#include "base/names.h"
#include "base/text.h"
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

/*
 * A finding's reason, and how the site wrote the reported value it shows
 * when that was not the term itself ("sd" for SD): the reader accepts such
 * a writing without a word, and says it only where the output echoes the
 * value (recist-case(5), Conventions).
 */
static const char *as_written(struct recist_result *res, const char *why, const char *written)
{
	char q[TEXT_QUOTE_SIZE];

	if (written == NULL || why == NULL)
		return why;
	return arena_printf(&res->arena, "%s; the site wrote '%s'", why, text_quote(written, strlen(written), q));
}

/*
 * A reported overall or best response outside the rule set's vocabulary
 * (iRECIST's terms for a rule set with a progression list, RECIST 1.1's
 * otherwise; the reader takes either): a finding of its own, as the reader
 * reports a term of no vocabulary.  1 when found, so that it is not
 * compared too.
 */
static int check_vocabulary(struct recist_result *res, const struct crit_result *cr, const char *date,
                            const char *path, const char *field, recist_response reported, const char *written,
                            recist_response computed)
{
	resp_set set = ruleset_response_set(cr->rs);
	char names[160];
	int rc;

	if (reported == RECIST_RESP_NONE || (set & RESP_BIT(reported)))
		return 0;
	resp_set_list(set, ", ", names, sizeof names);
	rc = add(res, cr->rs->id, date, diag_code_name(D_CASE_BAD_VALUE), written ? written : recist_response_name(reported),
	         recist_response_name(computed), RECIST_SEV_ERROR,
	         arena_printf(&res->arena, "%s%s%s: %s: %s responses are one of %s, got '%s'", path, *field ? "." : "",
	                      field, diag_message(D_CASE_BAD_VALUE), cr->rs->name, names,
	                      written ? written : recist_response_name(reported)));
	return rc < 0 ? rc : 1;
}

/* One reported response of a follow-up (written so, when not the term) against the computed one. */
static int check_call(struct recist_result *res, const struct crit_result *cr, const struct tp_result *tp,
                      const char *field, recist_response reported, const char *written, recist_response computed,
                      const struct rule_list *list, const char *computed_reason)
{
	const char *why;

	if (reported == RECIST_RESP_NONE || reported == computed)
		return 0;
	why = list != NULL ? unmet(res, list, reported, tp) : NULL;
	if (why == NULL)
		why = computed_reason;
	return add(res, cr->rs->id, tp->date, field, recist_response_name(reported), recist_response_name(computed),
	           RECIST_SEV_ERROR, as_written(res, why, written));
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
			/* The rule set's own response (iRECIST's under a progression list) and its reason. */
			bool prog = tp->progression != RECIST_RESP_NONE;
			int bad = check_vocabulary(res, cr, tp->date, r->path, "overall", r->overall, r->overall_written,
			                           tp_response(tp));
			if (bad < 0)
				return bad;
			if ((rc = check_sum(res, cr, tp->date, r, tp->sum_mm)) < 0 ||
			    (rc = check_call(res, cr, tp, "target", r->target, r->target_written, tp->target, &rs->target,
			                     tp->target_reason)) < 0 ||
			    (rc = check_call(res, cr, tp, "non_target", r->non_target, r->non_target_written, tp->non_target,
			                     &rs->non_target, tp->non_target_reason)) < 0 ||
			    (r->new_lesions != RECIST_RESP_NONE && r->new_lesions != tp->new_lesions &&
			     (rc = check_call(res, cr, tp, "new_lesions", r->new_lesions, r->new_lesions_written, tp->new_lesions,
			                      NULL, new_lesion_reason(res, tp))) < 0) ||
			    (!bad && (rc = check_call(res, cr, tp, "overall", r->overall, r->overall_written, tp_response(tp),
			                              prog ? &rs->progression : NULL,
			                              prog ? tp->progression_reason : tp->overall_reason)) < 0))
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

	/* iRECIST's best response is derived as RECIST 1.1's from its counterparts (bor.h, ibor_input). */
	recist_response rcat = resp_recist_counterpart(reported), ccat = resp_recist_counterpart(computed);

	if (rcat == RECIST_RESP_CR || rcat == RECIST_RESP_PR) {
		const struct bor_confirmation *c = rcat == RECIST_RESP_CR ? &cr->bor.confirm_cr : &cr->bor.confirm_pr;
		for (i = 0; i < cr->n_tps && resp_recist_counterpart(tp_response(&cr->tps[i])) != rcat; i++)
			;
		if (i == cr->n_tps)
			rc = buf_printf(&b, "no follow-up has overall %s", rep);
		else if (i >= cr->bor.counted)
			rc = bor_why_after_progression(&b, cr, i);
		else if (confirmed)
			rc = bor_why_unconfirmed(&b, cr, rcat);
		if (rc == 0 && b.len == 0 && confirmed && rcat == RECIST_RESP_PR && ccat == RECIST_RESP_CR &&
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
	if ((rcat == RECIST_RESP_SD || rcat == RECIST_RESP_NON_CR_NON_PD) &&
	    (ccat == RECIST_RESP_PD || ccat == RECIST_RESP_NE)) {
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
		if (rb[i].response == computed || rb[i].response == RECIST_RESP_NONE)  /* NONE: not valid (kept error) */
			continue;
		if ((rc = check_vocabulary(res, cr, NULL, rb[i].path, "", rb[i].response, rb[i].written, computed)) != 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		const char *why = explain_best(res, cr, rb[i].response, computed, has ? date : NULL, confirmed);
		if ((rc = add(res, cr->rs->id, NULL, field, recist_response_name(rb[i].response),
		              recist_response_name(computed), RECIST_SEV_ERROR, as_written(res, why, rb[i].written))) < 0)
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
		if (!target_wrong_axis(rs, l, m))
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
			/* At the baseline, the wrong axis is an error of the case: CASE_WRONG_AXIS (check_case_errors). */
			if (i > 0 && (msg = wrong_axis_message(res, l, m)) != NULL) {
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
		    target_wrong_axis(cr->rs, &c->lesions[at->lesion],
		                      measurement_at(c, (size_t)at->assessment, (size_t)at->lesion)))
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

/*
 * An error of the input that explains other findings is said first
 * (CASE_WRONG_AXIS); then findings by date (case-level first), then rule
 * set (none first); stable.
 */
static int finding_cmp(const recist_finding *a, const recist_finding *b)
{
	int d = (strcmp(b->field, "CASE_WRONG_AXIS") == 0) - (strcmp(a->field, "CASE_WRONG_AXIS") == 0);

	if (d == 0)
		d = (a->date != NULL) - (b->date != NULL);

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

/* ---- Errors of the case ---- */

/* The assessment dated date (YYYY-MM-DD) of c, or -1; dates strictly increase. */
static long assessment_dated(const struct recist_case *c, const char *date)
{
	size_t lo = 0, hi = c->n_assessments;

	while (date != NULL && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->assessments[mid].date_str, date);
		if (d == 0)
			return (long)mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * The value of a reported field that is not valid, as the rule set cr
 * computed it (at assessment ai, -1 for a best response), for the finding
 * to show beside it; NULL when there is none.
 */
static const char *computed_of(struct recist_result *res, const struct crit_result *cr, const char *field, long ai)
{
	recist_response r = RECIST_RESP_NONE;
	struct optnum sum = { false, { 0, 1 } };
	char mm[48];

	if (strcmp(field, "best_overall") == 0)
		r = cr->bor.best;
	else if (strcmp(field, "confirmed_best_overall") == 0)
		r = cr->bor.confirmed;
	else if (res->history || ai < 0)
		return NULL;  /* a history's component calls are compared with nothing */
	else if (strcmp(field, "sum_mm") == 0)
		sum = ai == 0 ? cr->baseline_sum_mm : cr->tps[ai - 1].sum_mm;
	else if (ai == 0)
		return NULL;  /* the baseline's calls are not compared */
	else if (strcmp(field, "target") == 0)
		r = cr->tps[ai - 1].target;
	else if (strcmp(field, "non_target") == 0)
		r = cr->tps[ai - 1].non_target;
	else if (strcmp(field, "new_lesions") == 0)
		r = cr->tps[ai - 1].new_lesions;
	else if (strcmp(field, "overall") == 0)
		r = tp_response(&cr->tps[ai - 1]);
	if (sum.has) {
		format_mm(sum, mm);
		return arena_strdup(&res->arena, mm);
	}
	return r != RECIST_RESP_NONE ? recist_response_name(r) : NULL;
}

/*
 * The errors of the case that do not stop its check: a reported value that
 * is not valid (kept by the reader, struct case_error) is a finding of its
 * own, with its key path, beside the value computed there; the rest of the
 * case is checked.  A baseline target measured on an axis an applied rule
 * set does not read (CASE_WRONG_AXIS) is a finding too, one per target,
 * and an error reported to the sink, as recist evaluate reports it: the
 * calls of those rule sets then follow from it (explain_by_axis).
 */
static int check_case_errors(struct recist_result *res, const struct recist_case *c, const recist_diag_sink *sink)
{
	const struct recist_ruleset **sets = arena_alloc(&res->arena, (res->n_crit ? res->n_crit : 1) * sizeof *sets);
	struct axis_error *axis;
	size_t n_axis = 0;
	int rc;

	for (size_t i = 0; i < c->n_errors; i++) {
		const struct case_error *e = &c->errors[i];
		const struct crit_result *cr = e->criteria != NULL ? criteria_of(res, e->criteria) : NULL;
		const char *date = e->assessment >= 0 ? c->assessments[e->assessment].date_str : NULL;
		const char *crit = e->criteria != NULL ? arena_strdup(&res->arena, e->criteria) : NULL;
		const char *written = e->written != NULL ? arena_strdup(&res->arena, e->written) : NULL;
		if ((e->criteria != NULL && crit == NULL) || (e->written != NULL && written == NULL))
			return RECIST_ENOMEM;
		if (c->history && e->criteria == NULL && res->n_crit == 1)
			cr = &res->crit[0];  /* a history that names no rule set: the one it was scored under */
		if ((rc = add(res, crit, date, diag_code_name(e->code), written,
		              cr != NULL ? computed_of(res, cr, e->field, e->assessment) : NULL, RECIST_SEV_ERROR,
		              arena_printf(&res->arena, "%s: %s: %s", e->path, diag_message(e->code), e->detail))) < 0)
			return rc;
	}
	if (c->history || c->n_assessments == 0)
		return 0;
	if (sets == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < res->n_crit; i++)
		sets[i] = res->crit[i].rs;
	if ((rc = baseline_axis_errors(&res->arena, c, sets, res->n_crit, &axis, &n_axis)) < 0)
		return rc;
	for (size_t i = 0; i < n_axis; i++) {
		diag_emit(sink, D_CASE_WRONG_AXIS, (struct pos){ c->file, axis[i].line, axis[i].col }, axis[i].path,
		          "case '%s': %s", c->case_id, axis[i].detail);
		if ((rc = add(res, NULL, c->assessments[0].date_str, diag_code_name(D_CASE_WRONG_AXIS), NULL, NULL,
		              RECIST_SEV_ERROR, arena_printf(&res->arena, "%s: %s: %s", axis[i].path,
		                                             diag_message(D_CASE_WRONG_AXIS), axis[i].detail))) < 0)
			return rc;
	}
	return 0;
}

/* The reported fields whose findings may follow from a target without a value. */
static const char *const dependent_fields[] = { "target", "overall", "best_overall", "confirmed_best_overall" };
enum { N_DEPENDENT = ARRAY_SIZE(dependent_fields) };

/*
 * Where the findings that follow from one error of the input are counted:
 * the finding that states it, and per rule set and dependent field.
 */
struct root {
	long    finding;  /* its index among the findings, -1: none */
	size_t *count;    /* [n_crit * N_DEPENDENT] */
};

/* "; 6 findings that follow from it are not listed (recist1.1: target 2, overall 2, ...)" after root's reason. */
static int note_dependents(struct recist_result *res, const struct root *root)
{
	recist_buffer b = RECIST_BUFFER_INIT;
	size_t total = 0;
	recist_finding *f;
	int rc = 0;

	for (size_t k = 0; k < res->n_crit * N_DEPENDENT; k++)
		total += root->count[k];
	if (total == 0 || root->finding < 0)
		return 0;
	f = &res->findings[root->finding];
	rc |= buf_printf(&b, "%s; %zu finding%s that follow%s from it %s not listed (", f->reason, total,
	                 total == 1 ? "" : "s", total == 1 ? "s" : "", total == 1 ? "is" : "are");
	for (size_t i = 0, sets = 0; i < res->n_crit; i++) {
		size_t fields = 0;
		for (size_t j = 0; j < N_DEPENDENT; j++) {
			size_t n = root->count[i * N_DEPENDENT + j];
			if (n == 0)
				continue;
			if (fields++ == 0)
				rc |= buf_printf(&b, "%s%s: ", sets++ ? "; " : "", res->crit[i].rs->id);
			else
				rc |= buf_puts(&b, ", ");
			rc |= buf_printf(&b, "%s %zu", dependent_fields[j], n);
		}
	}
	rc |= buf_puts(&b, ")");
	if (rc == 0 && (f->reason = arena_strdup(&res->arena, b.ptr)) == NULL)
		rc = -1;
	recist_buffer_release(&b);
	return rc ? RECIST_ENOMEM : 0;
}

/*
 * A target measured on the wrong axis has no value under the rule sets
 * that find it so (target_wrong_axis): at the baseline, there is no
 * baseline sum and every follow-up's target response is NE, the best
 * responses following from those; at a follow-up, that follow-up's target
 * response is NE.  The site's calls compared with those responses follow
 * from the input, not from the site's reading, and would bury the one thing
 * to correct: they are not listed, and the finding that states the error
 * (CASE_WRONG_AXIS, or WRONG_AXIS at that follow-up) counts them, by rule
 * set and field.  A call compared with a response the missing value did not
 * decide (target or overall other than NE, such as a PD from a new lesion;
 * non-target, new-lesion and sum findings) is listed as usual.
 */
static int explain_by_axis(struct recist_result *res, const struct recist_case *c)
{
	size_t nc = res->n_crit, na = c->n_assessments, kept = 0;
	bool *wrong = arena_calloc(&res->arena, na * nc + 1, sizeof *wrong);
	struct root *roots = arena_calloc(&res->arena, na ? na : 1, sizeof *roots);
	bool any = false;
	int rc;

	if (c->history || na == 0 || nc == 0)
		return 0;
	if (wrong == NULL || roots == NULL)
		return RECIST_ENOMEM;
	/* wrong[ai * nc + i]: a target of assessment ai on the wrong axis for rule set i. */
	for (size_t ai = 0; ai < na; ai++) {
		struct meas_walk w = { &c->assessments[ai], 0 };
		roots[ai].finding = -1;
		if ((roots[ai].count = arena_calloc(&res->arena, nc * N_DEPENDENT, sizeof *roots[ai].count)) == NULL)
			return RECIST_ENOMEM;
		for (size_t k = 0; k < c->n_lesions; k++) {
			const struct measurement *m = meas_of(&w, k);
			for (size_t i = 0; i < nc; i++)
				any |= wrong[ai * nc + i] |= target_wrong_axis(res->crit[i].rs, &c->lesions[k], m);
		}
	}
	if (!any)
		return 0;
	for (size_t j = 0; j < res->n_findings; j++) {
		const recist_finding *f = &res->findings[j];
		long ai = assessment_dated(c, f->date);
		if (ai == 0 && strcmp(f->field, "CASE_WRONG_AXIS") == 0 && roots[0].finding < 0)
			roots[0].finding = (long)j;
		else if (ai > 0 && strcmp(f->field, "WRONG_AXIS") == 0 && roots[ai].finding < 0)
			roots[ai].finding = (long)j;
	}
	for (size_t j = 0; j < res->n_findings; j++) {
		recist_finding *f = &res->findings[j];
		const struct crit_result *cr = f->criteria != NULL ? criteria_of(res, f->criteria) : NULL;
		size_t i = cr != NULL ? (size_t)(cr - res->crit) : 0, field = N_DEPENDENT;
		long ai = assessment_dated(c, f->date), root = -1;
		for (size_t k = 0; k < N_DEPENDENT && cr != NULL && f->reported != NULL; k++)
			if (strcmp(f->field, dependent_fields[k]) == 0)
				field = k;
		bool ne = f->computed != NULL && strcmp(f->computed, "NE") == 0;
		if (field == N_DEPENDENT)
			;  /* not a call that a missing value decides */
		else if (wrong[i] && (field >= 2 || ne))  /* the baseline: every call of the rule set, the best ones too */
			root = 0;
		else if (ai > 0 && field < 2 && ne && wrong[(size_t)ai * nc + i])
			root = ai;
		if (root >= 0 && roots[root].finding >= 0) {
			roots[root].count[i * N_DEPENDENT + field]++;
			continue;
		}
		res->findings[kept++] = *f;
	}
	/* Compacting moved the roots (only back): find them again and note what follows from each. */
	res->n_findings = kept;
	for (size_t ai = 0; ai < na; ai++)
		roots[ai].finding = -1;
	for (size_t j = 0; j < res->n_findings; j++) {
		long ai = assessment_dated(c, res->findings[j].date);
		const char *root_field = ai == 0 ? "CASE_WRONG_AXIS" : "WRONG_AXIS";
		if (ai >= 0 && roots[ai].finding < 0 && strcmp(res->findings[j].field, root_field) == 0)
			roots[ai].finding = (long)j;
	}
	for (size_t ai = 0; ai < na; ai++)
		if ((rc = note_dependents(res, &roots[ai])) < 0)
			return rc;
	return 0;
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
		/*
		 * iRECIST's iUPD and iCPD are not checked here: a pending or confirmed
		 * progression outlasts the calls that made it (an iUPD held beside a
		 * non-target NON-CR/NON-PD; iCPD is final, Decision 23).
		 */
		if (cr->rs->progression.n > 0 && resp_recist_counterpart(a->overall) == RECIST_RESP_PD)
			continue;
		resp_set ts = completions(rc->target, resp_target_set), ns = completions(rc->non_target, resp_non_target_set),
		         ls = completions(rc->new_lesions, resp_new_lesions_set);
		/*
		 * A rule set that carries progression across follow-ups (iRECIST) lets
		 * the target lesions drive the response after an iUPD while a
		 * non-target PD or a new lesion stands (S7; recist-rules(5), Decision
		 * 21): those calls may count as not PD.
		 */
		if (cr->rs->progression.n > 0 && rc->non_target == RECIST_RESP_PD)
			ns |= RESP_BIT(RECIST_RESP_NON_CR_NON_PD);
		if (cr->rs->progression.n > 0 && rc->new_lesions == RECIST_RESP_YES)
			ls |= RESP_BIT(RECIST_RESP_NO);
		for (int t = 0; t <= RECIST_RESP_EQUIVOCAL; t++)
			for (int n = 0; n <= RECIST_RESP_EQUIVOCAL; n++)
				for (int l = 0; l <= RECIST_RESP_EQUIVOCAL; l++) {
					recist_response o;
					if (!(ts & RESP_BIT(t)) || !(ns & RESP_BIT(n)) || !(ls & RESP_BIT(l)))
						continue;
					o = table_overall(cr->rs, (recist_response)t, (recist_response)n, (recist_response)l, &row);
					/* iRECIST's iPR is the table's PR, and so on. */
					agrees |= o == resp_recist_counterpart(a->overall);
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
		if ((rc = check_case_errors(res, c, sink)) < 0 ||
		    (rc = check_history(res, c)) < 0 ||
		    (rc = check_best(res, c->reported_best, c->n_reported_best, false)) < 0 ||
		    (rc = check_best(res, c->reported_confirmed, c->n_reported_confirmed, true)) < 0) {
			diag_emit(sink, D_SYS_NOMEM, (struct pos){ c->file, 0, 0 }, NULL, NULL);
			return rc;
		}
		return 0;
	}
	if ((rc = check_case_errors(res, c, sink)) < 0 ||
	    (rc = check_reported(res, c)) < 0 ||
	    (rc = check_best(res, c->reported_best, c->n_reported_best, false)) < 0 ||
	    (rc = check_best(res, c->reported_confirmed, c->n_reported_confirmed, true)) < 0 ||
	    (rc = check_unknown_criteria(res, c, loaded, n_loaded)) < 0 ||
	    (rc = check_warnings(res, c)) < 0 ||
	    (rc = check_case(res, c)) < 0 ||
	    (rc = explain_by_axis(res, c)) < 0) {
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
