/*
 * engine.c - scoring a case under a rule set.
 *
 * SPDX-License-Identifier: MIT
 *
 * The engine computes quantities (quantity.h) from the measurements and
 * runs the rule set's compiled rules over them; every threshold and table is
 * in the rule file (recist-rules(5), Decision 9).  What C decides is only
 * bookkeeping the guidelines fix by definition:
 *   - the sum of target measurements, which measurement per lesion kind
 *     being the rule set's choice (RECIST 1.1 §4.3.2; mRECIST viable);
 *   - the nadir: the smallest sum at baseline or any earlier follow-up
 *     (RECIST 1.1 §4.3.1 "smallest sum on study", baseline included);
 *   - which measurement a target counts, the rule set's choice, with
 *     Decision 11's order (the measurement read, 0 mm for a lesion gone,
 *     too_small's stand-in);
 *   - each node's normal size, from the params node_normal_mm and
 *     porta_hepatis_node_normal_mm (Decision 10), and the increase tested
 *     for PD, in which a normal node adds no growth (Decision 15);
 *   - the history of each new lesion by id and its runs of sightings, and
 *     back-dating of progression to a confirmed lesion's first sighting
 *     (§4.3.5; Decisions 12 and 14), when the deciding rule's backdate
 *     param asks for it.
 * Each rule set is scored separately and independently.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/names.h"
#include "input/case.h"
#include "score/result.h"

/*
 * The history of one new lesion id within one rule set's scoring.  A run
 * is the follow-ups in a row at which the lesion was recorded and not
 * called NO; a confirmation dates progression back to the first of the
 * current run (Decisions 12 and 14).
 */
struct nl_history {
	const char *id;
	int64_t     first_size_um;
	bool        first_has_size;
	bool        has_smallest;
	int64_t     smallest_um;        /* smallest size at earlier follow-ups (Decision 13) */
	size_t      last_seen;          /* the run's last follow-up (assessment index); 0: no run */
	size_t      run_start;          /* the run's first follow-up */
	bool        equivocal_in_run;   /* called EQUIVOCAL during the run */
	enum role_choice role;          /* new_lesion_role's choice, at its first YES */
	size_t      first_yes, last_yes; /* the first and last follow-ups where new_lesion made it YES; 0: never */
};

/*
 * What a progression list (iRECIST, S7) carries from one follow-up to the
 * next; rule sets without one keep none of it.  The list decides, the
 * engine records: iUPD starts a pending progression (its day, the sums
 * and which categories were PD there), iCR, iPR, iSD and NON-iCR/NON-iUPD
 * set it aside (the reset: baseline and nadir stay), iCPD confirms it for
 * good.
 */
struct iupd_state {
	bool          pending;          /* an iUPD neither set aside nor confirmed */
	bool          confirmed;        /* iCPD was given: final */
	size_t        ai;               /* the pending iUPD's follow-up */
	int32_t       day;
	struct optnum sum_mm, isom_mm;  /* the target sum and the new-target sum there */
	bool          target_pd, non_target_pd, new_lesions_pd; /* the categories PD there */
	size_t        reset_ai;         /* the last follow-up that set an iUPD aside; 0: none */
	struct optnum isom_nadir;       /* the smallest new-target sum of the current new targets ... */
	int64_t       isom_targets;     /* ... (this many): taken afresh when one is added (Decision 28) */
};

/* An optional day; for back-dating, the new lesion that dates it. */
struct optday {
	bool        has;
	int32_t     day;
	const char *lesion;
};

struct eval {
	const struct recist_case    *c;
	const struct recist_ruleset *rs;
	struct recist_result        *res;
	struct crit_result          *cr;
	const recist_diag_sink      *sink;
	const recist_eval_options   *opts;        /* overrides; NULL: none */
	int32_t                      start_day;   /* treatment_start, else baseline */
	int64_t                      n_targets;
	int64_t                      base_missing; /* targets with no usable baseline value */
	struct optnum                nadir_mm;
	int64_t                     *nadir_um;    /* per lesion: targets' values where the nadir was first reached */
	int64_t                     *cur_um;      /* per lesion: targets' values at this follow-up */
	bool                        *cur_ok;      /* ... and whether each was evaluated */
	struct optday                first_pd;    /* the first follow-up with overall PD */
	struct optday                backdate;    /* the earliest first sighting of a lesion confirmed later */
	int32_t                      backdate_confirmed; /* ... and the follow-up that confirmed it */
	bool                         had_overall_cr;
	bool                         had_target_pr;
	struct nl_history           *hist;        /* by the place of an id's first sighting in new_ids */
	struct name_ref             *new_ids;     /* the case's new lesions, all assessments, sorted */
	size_t                       n_new_ids;
	const char                 **reasons;     /* scratch for one follow-up */
	size_t                       n_reasons, cap_reasons;
	struct target_value         *values;      /* where target_value() records, or NULL */
	size_t                      *n_values;
	/* Rule sets with new_lesion_role only (new_lesion_organs()); else NULL and 0. */
	uint32_t                    *nl_organ;    /* per new lesion of the case, in document order: its organ's slot */
	int64_t                     *organ_new_targets; /* per organ slot: new targets chosen there */
	size_t                       nl_base;     /* the case's new lesions before this follow-up's */
	int64_t                      n_new_targets;
	struct iupd_state           *iupd;        /* rule sets with a progression list only; else NULL */
};

/* Room in *out for the targets recorded at a, for target_value() to record in. */
static int record_targets(struct eval *ev, const struct assessment *a, struct target_value **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	ev->values = NULL;
	if (a->n_meas > 0 && (*out = arena_alloc(&ev->res->arena, a->n_meas * sizeof **out)) == NULL)
		return RECIST_ENOMEM;
	ev->values = *out;
	ev->n_values = n;
	return 0;
}

/* An assessment's SDTM visit, copied into the result (the case need not outlive it). */
static int copy_visit(struct recist_result *res, const struct assessment *a, const char **visit,
                      const char **visitnum)
{
	*visit = *visitnum = NULL;
	if ((a->visit != NULL && (*visit = arena_strdup(&res->arena, a->visit)) == NULL) ||
	    (a->visitnum != NULL && (*visitnum = arena_strdup(&res->arena, a->visitnum)) == NULL))
		return RECIST_ENOMEM;
	return 0;
}

/* Quantities are set in place (expr.h says why). */
static void set_um(struct value *v, int64_t um) { value_set_num(v, ratio_from_um(um)); }
/* um micrometres when has, else no value. */
static void set_um_if(struct value *v, bool has, int64_t um) { if (has) set_um(v, um); else value_set_null(v); }
/* An optional boolean of the case. */
static void set_tri(struct value *v, enum tri t) { if (t == TRI_UNKNOWN) value_set_null(v); else value_set_bool(v, t == TRI_TRUE); }

static struct optnum opt_none(void) { struct optnum o = { false, { 0, 1 } }; return o; }
static struct optnum opt_um(int64_t um) { struct optnum o = { true, ratio_from_um(um) }; return o; }

/* a - b, and 100 * (a - b) / b; no value when either is missing (or b is 0 for the percentage). */
static int change(struct optnum a, struct optnum b, struct optnum *mm, struct optnum *pct)
{
	struct ratio d;

	*mm = opt_none();
	*pct = opt_none();
	if (!a.has || !b.has)
		return 0;
	if (ratio_sub(&d, a.v, b.v) < 0)
		return RATIO_EOVERFLOW;
	mm->has = true;
	mm->v = d;
	if (b.v.num == 0)
		return 0;
	if (ratio_mul(&d, d, ratio_int(100)) < 0 || ratio_div(&d, d, b.v) < 0)
		return RATIO_EOVERFLOW;
	pct->has = true;
	pct->v = d;
	return 0;
}

/*
 * The short axis under which a node is normal: the rule set's
 * node_normal_mm, or porta_hepatis_node_normal_mm for a node at the porta
 * hepatis (recist-rules(5), Decision 10; the AASLD-JNCI panel, Llovet 2008).
 */
static int64_t node_normal_um(const struct recist_ruleset *rs, bool porta_hepatis)
{
	return porta_hepatis ? rs->porta_node_normal_um : rs->node_normal_um;
}

static const char *const measure_key[] = {
	[MEASURE_DIAMETER]   = "diameter_mm",
	[MEASURE_SHORT_AXIS] = "short_axis_mm",
	[MEASURE_VIABLE]     = "viable_mm",
};

/*
 * The value of target lesion k at assessment a under rule set rs, in
 * micrometres, or false when it is not evaluated.  Which measurement is
 * the rule set's choice (RECIST 1.1 §4.3.2: diameter, short axis for
 * nodes; mRECIST: viable diameter).  Decision 11: the measurement the rule
 * set reads, when given, wins over too_small; a lesion measured at 0 mm is
 * gone, so its viable part is 0 mm too; too_small (RECIST 1.1 §4.4.4, the
 * rule set's too_small_mm) stands in only when neither applies.
 */
static bool target_measure(const struct recist_ruleset *rs, const struct lesion *l,
                           const struct measurement *m, int64_t *out, enum target_source *src)
{
	enum measure_kind kind = l->nodal ? rs->measure_nodal : rs->measure_nonnodal;

	*src = TS_NOT_EVALUATED;
	if (!(m->flags & M_RECORDED) || (m->flags & M_NOT_EVALUATED))
		return false;
	switch (kind) {
	case MEASURE_DIAMETER:
		if (m->flags & M_DIAMETER)
			return *src = TS_DIAMETER, *out = m->diameter_um, true;
		if (m->flags & M_FRAGMENTS)   /* §4.4.4: a split lesion: the sum of its parts */
			return *src = TS_FRAGMENTS, *out = m->fragments_um, true;
		break;
	case MEASURE_SHORT_AXIS:
		if (m->flags & M_SHORT_AXIS)
			return *src = TS_SHORT_AXIS, *out = m->short_axis_um, true;
		break;
	case MEASURE_VIABLE:
		if (m->flags & M_VIABLE)
			return *src = TS_VIABLE, *out = m->viable_um, true;
		if (((m->flags & M_DIAMETER) && m->diameter_um == 0) ||
		    ((m->flags & M_FRAGMENTS) && m->fragments_um == 0))
			return *src = TS_GONE, *out = 0, true;
		break;
	}
	if (m->flags & M_TOO_SMALL)
		return *src = TS_TOO_SMALL, *out = rs->too_small_um, true;
	*src = TS_MISSING;
	return false;
}

/* ---- targets measured on the other axis ---- */

bool target_wrong_axis(const struct recist_ruleset *rs, const struct lesion *l, const struct measurement *m)
{
	unsigned f = m->flags, same, other;

	if (l->role != ROLE_TARGET || !(f & M_RECORDED) || (f & (M_TOO_SMALL | M_NOT_EVALUATED)))
		return false;
	switch (l->nodal ? rs->measure_nodal : rs->measure_nonnodal) {
	case MEASURE_SHORT_AXIS:
		same = M_SHORT_AXIS;
		other = M_DIAMETER | M_FRAGMENTS | M_VIABLE;   /* a viable diameter is a longest diameter too */
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

const char *const measure_said[] = {
	[MEASURE_DIAMETER]   = "its longest diameter (diameter_mm)",
	[MEASURE_SHORT_AXIS] = "a node's short axis (short_axis_mm)",
	[MEASURE_VIABLE]     = "the longest diameter of its viable tumour (viable_mm)",
};

const char *wrong_axis_key(const struct lesion *l, const struct measurement *m)
{
	if (!(m->flags & M_SHORT_AXIS) || l->nodal)
		return m->flags & M_DIAMETER ? "diameter_mm" : m->flags & M_FRAGMENTS ? "fragments_mm"
		     : m->flags & M_VIABLE ? "viable_mm" : "short_axis_mm";
	return "short_axis_mm";
}

/*
 * The CASE_WRONG_AXIS detail of baseline target l, recorded as m, for the
 * rule sets of sets[0..n) in which it is on the wrong axis (wrong[i]):
 * what is recorded, what each of them sums instead, and what to write.
 */
static const char *axis_error_detail(struct arena *a, const struct lesion *l, const struct measurement *m,
                                     const struct recist_ruleset *const *sets, size_t n, const bool *wrong)
{
	recist_buffer b = RECIST_BUFFER_INIT;
	size_t n_wrong = 0, said = 0;
	int kind = -1;
	bool agree = true;
	const char *s;

	for (size_t i = 0; i < n; i++) {
		enum measure_kind k = l->nodal ? sets[i]->measure_nodal : sets[i]->measure_nonnodal;
		if (!wrong[i])
			continue;
		agree = agree && (kind < 0 || kind == (int)k);
		kind = (int)k;
		n_wrong++;
	}
	const char *key = wrong_axis_key(l, m);
	buf_printf(&b, "%s target %s is measured at baseline by %s, %s, but ", l->nodal ? "nodal" : "non-nodal", l->id,
	           key, strcmp(key, "short_axis_mm") == 0 ? "a short axis" : "a long axis");
	if (agree) {
		buf_printf(&b, "%s is what ", measure_said[kind]);
		for (size_t i = 0; i < n; i++)
			if (wrong[i]) {
				buf_printf(&b, "%s%s", said == 0 ? "" : said + 1 == n_wrong ? " and " : ", ", sets[i]->id);
				said++;
			}
		buf_printf(&b, " sum%s: write %s%s", n_wrong == 1 ? "s" : "", measure_key[kind],
		           l->nodal ? " (the long axis may stay beside it)" : "");
	} else {
		for (size_t i = 0; i < n; i++) {
			enum measure_kind k = l->nodal ? sets[i]->measure_nodal : sets[i]->measure_nonnodal;
			if (!wrong[i])
				continue;
			buf_printf(&b, "%s%s %s %s sums", said == 0 ? "" : ", ", measure_said[k], said == 0 ? "is what" : "what",
			           sets[i]->id);
			said++;
		}
		buf_puts(&b, ": write ");
		for (size_t i = 0, written = 0; i < n; i++)
			if (wrong[i]) {
				enum measure_kind k = l->nodal ? sets[i]->measure_nodal : sets[i]->measure_nonnodal;
				buf_printf(&b, "%s%s (%s)", written == 0 ? "" : written + 1 == n_wrong ? " and " : ", ",
				           measure_key[k], sets[i]->id);
				written++;
			}
	}
	buf_printf(&b, l->nodal ? ", or leave out \"nodal\": true if %s is not a lymph node"
	                        : ", or add \"nodal\": true if %s is a lymph node", l->id);
	s = b.ptr != NULL ? arena_strdup(a, b.ptr) : NULL;
	recist_buffer_release(&b);
	return s;
}

int baseline_axis_errors(struct arena *a, const struct recist_case *c, const struct recist_ruleset *const *sets,
                         size_t n, struct axis_error **out, size_t *n_out)
{
	struct meas_walk w = { &c->assessments[0], 0 };
	bool *wrong = arena_calloc(a, n ? n : 1, sizeof *wrong);
	size_t cap = 0;

	*out = NULL;
	*n_out = 0;
	if (wrong == NULL)
		return RECIST_ENOMEM;
	for (size_t k = 0; k < c->n_lesions; k++) {
		const struct lesion *l = &c->lesions[k];
		const struct measurement *m = meas_of(&w, k);
		bool any = false;
		for (size_t i = 0; i < n; i++)
			any |= wrong[i] = target_wrong_axis(sets[i], l, m);
		if (!any)
			continue;
		struct axis_error *e = arena_grow(a, *out, *n_out, &cap, sizeof *e);
		if (e == NULL)
			return RECIST_ENOMEM;
		*out = e;
		e = &e[(*n_out)++];
		*e = (struct axis_error){ k, arena_printf(a, "assessments[0].lesions.%s.%s", l->id, wrong_axis_key(l, m)),
		                          0, 0, axis_error_detail(a, l, m, sets, n, wrong) };
		for (size_t h = 0; h < c->n_axis_hints; h++)
			if (c->axis_hints[h].lesion == k) {
				e->line = c->axis_hints[h].line;
				e->col = c->axis_hints[h].col;
			}
		if (e->path == NULL || e->detail == NULL)
			return RECIST_ENOMEM;
	}
	return 0;
}

/*
 * target_measure() for the engine: a target recorded without the
 * measurement the rule set uses also gets a warning, because the engine
 * never substitutes another measurement silently (Decision 5).  A target
 * absent from the assessment or marked not_evaluated gets none.
 */
static int target_value(struct eval *ev, const struct assessment *a, size_t k, const struct measurement *m,
                        int64_t *out, bool *ok)
{
	const struct lesion *l = &ev->c->lesions[k];
	enum measure_kind kind = l->nodal ? ev->rs->measure_nodal : ev->rs->measure_nonnodal;
	enum target_source src;

	*ok = target_measure(ev->rs, l, m, out, &src);
	/* The text report's lesion table: what was counted, for each recorded target. */
	if ((m->flags & M_RECORDED) && ev->values != NULL)
		ev->values[(*ev->n_values)++] = (struct target_value){ (uint32_t)k, (uint8_t)src, *ok ? *out : 0 };
	if (*ok || !(m->flags & M_RECORDED) || (m->flags & M_NOT_EVALUATED))
		return 0;
	const char *msg = arena_printf(&ev->res->arena, "%s: %s%s has no %s at %s; not evaluated under %s",
	                               diag_message(D_MEASUREMENT_MISSING), l->nodal ? "nodal target " : "target ",
	                               l->id, measure_key[kind], a->date_str, ev->rs->id);
	if (msg == NULL)
		return RECIST_ENOMEM;
	/* The id in the result's arena: the result may outlive the case. */
	const char *id = arena_strdup(&ev->res->arena, l->id);
	if (id == NULL)
		return RECIST_ENOMEM;
	struct place at = { PLACE_MEASUREMENT, (int32_t)(a - ev->c->assessments), (int32_t)k, id };
	return result_add_warning(ev->res, ev->rs->id, NULL, diag_code_name(D_MEASUREMENT_MISSING), msg, at);
}

static int add_reason(struct eval *ev, const char *s)
{
	const char **r;

	if (s == NULL ||
	    (r = arena_grow(&ev->res->arena, ev->reasons, ev->n_reasons, &ev->cap_reasons, sizeof *r)) == NULL)
		return RECIST_ENOMEM;
	ev->reasons = r;
	ev->reasons[ev->n_reasons++] = s;
	return 0;
}

static int undecided(struct eval *ev, const struct rule *r, const char *what)
{
	diag_emit(ev->sink, D_EVAL_UNDECIDED, (struct pos){ ev->c->file, 0, 0 }, NULL,
	          "case '%s': arithmetic overflow in %s of rule '%s' (%s)", ev->c->case_id, what,
	          r ? r->id : "?", ev->rs->id);
	return RECIST_ERROR;
}

/*
 * Does rule r fire on quantities q?  If so, *text is its rendered reason
 * (decision lists) or message (check lists).  A rule fires only when its
 * condition is true, not when it is unknown (expr.h).
 */
static int fires(struct eval *ev, const struct rule *r, const struct value *q, const char **text)
{
	int rc;

	*text = NULL;
	if ((rc = expr_test(&r->when, q)) < 0)
		return undecided(ev, r, "the condition");
	if (rc == 0)
		return 0;
	if ((*text = tmpl_render(&r->reason, q, &ev->res->arena)) == NULL)
		return undecided(ev, r, "the message");
	return 0;
}

/*
 * Run a decision list: the first rule that fires decides.  The rule
 * compiler guarantees that the last rule is a catch-all.  *fired gets the
 * rule; its reason is added to the follow-up's reasons.
 */
static int decide(struct eval *ev, const struct rule_list *list, const struct value *q,
                  const struct rule **fired)
{
	const char *reason;
	int rc;

	for (size_t i = 0; i < list->n; i++) {
		if ((rc = fires(ev, &list->rules[i], q, &reason)) < 0)
			return rc;
		if (reason != NULL) {
			*fired = &list->rules[i];
			return add_reason(ev, reason);
		}
	}
	return undecided(ev, NULL, "the rule list");
}

/*
 * Run a check list: every rule that fires adds a warning at the rule's
 * 'at', else at dflt (a lesion, the registry, a new lesion).
 */
static int check_at(struct eval *ev, const struct rule_list *list, const struct value *q, struct place dflt)
{
	const char *msg;
	int rc;

	for (size_t i = 0; i < list->n; i++) {
		const struct rule *r = &list->rules[i];
		if ((rc = fires(ev, r, q, &msg)) < 0)
			return rc;
		if (msg == NULL)
			continue;
		struct place at = r->at != NULL ? (struct place){ PLACE_KEY, r->at_assessment, -1, r->at } : dflt;
		if ((rc = result_add_warning(ev->res, ev->rs->id, r->id, r->warning, msg, at)) < 0)
			return rc;
	}
	return 0;
}

/* check_at() for a baseline list: at lesion (a lesion's check) or the registry (lesion < 0). */
static int check(struct eval *ev, const struct rule_list *list, const struct value *q, long lesion)
{
	return check_at(ev, list, q, lesion < 0 ? (struct place){ PLACE_REGISTRY, -1, -1, NULL }
	                                        : (struct place){ PLACE_LESION, -1, (int32_t)lesion, NULL });
}

/* ---- baseline ---- */

static bool has_targets(const struct recist_case *c)
{
	for (size_t i = 0; i < c->n_lesions; i++)
		if (c->lesions[i].role == ROLE_TARGET)
			return true;
	return false;
}

/*
 * Most targets in one organ, and which (of those with that many, the one
 * met first in the registry); all lymph nodes are one organ (RWG FAQ).
 * Many organs are sorted once, so that each organ's targets are a run.
 */
enum { NAMES_SORTED_FROM = 16 };

static int max_targets_in_organ(struct eval *ev, int64_t *most, const char **organ)
{
	const struct recist_case *c = ev->c;
	struct name_ref *refs;
	size_t n = 0, first = SIZE_MAX;
	int64_t nodes = 0;

	*most = 0;
	*organ = "no organ";
	if ((refs = arena_alloc(&ev->res->arena, (c->n_lesions ? c->n_lesions : 1) * sizeof *refs)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < c->n_lesions; i++) {
		const struct lesion *l = &c->lesions[i];
		if (l->role != ROLE_TARGET)
			continue;
		if (l->nodal)
			nodes++;
		else if (l->organ[0] != '\0')   /* an organ not given cannot be grouped */
			refs[n++] = (struct name_ref){ l->organ, strlen(l->organ), i };
	}
	if (n > NAMES_SORTED_FROM) {
		/* A run of one organ starts with its first target in the registry. */
		names_sort(refs, n);
		for (size_t k = 0, run; k < n; k += run) {
			for (run = 1; k + run < n && strcmp(refs[k + run].name, refs[k].name) == 0; run++)
				;
			if ((int64_t)run > *most || ((int64_t)run == *most && refs[k].i < first)) {
				*most = (int64_t)run;
				first = refs[k].i;
				*organ = refs[k].name;
			}
		}
	} else {
		/* Few targets (nearly every case): each organ counted at its first target. */
		for (size_t k = 0; k < n; k++) {
			int64_t count = 0;
			size_t j;
			for (j = 0; j < k && strcmp(refs[j].name, refs[k].name) != 0; j++)
				;
			for (size_t m = k; j == k && m < n; m++)
				count += strcmp(refs[m].name, refs[k].name) == 0;
			if (count > *most) {
				*most = count;
				*organ = refs[k].name;
			}
		}
	}
	if (nodes > *most) {
		*most = nodes;
		*organ = "lymph nodes";
	}
	return 0;
}

/* The quantities of one lesion at baseline (its size as measured: size_mm, when has). */
static void lesion_quantities(struct eval *ev, const struct lesion *l, const struct measurement *m,
                              bool has, int64_t size, struct value *ql)
{
	value_set_str(&ql[QL_id], l->id);
	value_set_str(&ql[QL_organ], l->organ);
	value_set_bool(&ql[QL_nodal], l->nodal);
	set_um_if(&ql[QL_size_mm], has, size);
	if (m->flags & M_DIAMETER)
		set_um(&ql[QL_diameter_mm], m->diameter_um);
	else
		set_um_if(&ql[QL_diameter_mm], m->flags & M_FRAGMENTS, m->fragments_um);
	value_set_str(&ql[QL_location], l->location);
	value_set_bool(&ql[QL_porta_hepatis], l->porta_hepatis);
	set_um(&ql[QL_normal_below_mm], node_normal_um(ev->rs, l->porta_hepatis));
}

static int score_baseline(struct eval *ev)
{
	const struct recist_case *c = ev->c;
	const struct assessment *a = &c->assessments[0];
	struct meas_walk w = { a, 0 };
	struct value qb[QB__COUNT], ql[QL__COUNT];
	int64_t sum = 0, n_nontargets = 0, n_nodal = 0, v;
	bool ok;
	int rc;

	memcpy(ev->cr->baseline_date, a->date_str, sizeof a->date_str);
	ev->cr->baseline_day = a->date;
	if ((rc = copy_visit(ev->res, a, &ev->cr->baseline_visit, &ev->cr->baseline_visitnum)) < 0 ||
	    (rc = record_targets(ev, a, &ev->cr->baseline_targets, &ev->cr->n_baseline_targets)) < 0)
		return rc;
	for (size_t i = 0; i < c->n_lesions; i++) {
		const struct lesion *l = &c->lesions[i];
		const struct measurement *m = meas_of(&w, i);
		if (l->role != ROLE_TARGET) {
			/* A non-target's size at baseline: a node's short axis, when given. */
			n_nontargets++;
			lesion_quantities(ev, l, m, l->nodal && (m->flags & M_SHORT_AXIS), m->short_axis_um, ql);
			if ((rc = check(ev, &ev->rs->baseline_non_target, ql, (long)i)) < 0)
				return rc;
			continue;
		}
		ev->n_targets++;
		n_nodal += l->nodal;
		if ((rc = target_value(ev, a, i, m, &v, &ok)) < 0)
			return rc;
		ev->base_missing += !ok;
		ev->nadir_um[i] = ok ? v : 0;
		if (ok)
			sum += v;
		lesion_quantities(ev, l, m, ok, v, ql);
		if ((rc = check(ev, &ev->rs->baseline_lesion, ql, (long)i)) < 0)
			return rc;
	}
	ev->values = NULL;
	/* Decision 18: no target lesion, no sum (not 0 mm, which reads as a CR). */
	ev->cr->baseline_sum_mm = ev->base_missing || ev->n_targets == 0 ? opt_none() : opt_um(sum);
	ev->nadir_mm = ev->cr->baseline_sum_mm;
	value_set_int(&qb[QB_target_count], ev->n_targets);
	value_set_int(&qb[QB_nontarget_count], n_nontargets);
	value_set_int(&qb[QB_nodal_target_count], n_nodal);
	const char *organ;
	int64_t most;
	if ((rc = max_targets_in_organ(ev, &most, &organ)) < 0)
		return rc;
	value_set_int(&qb[QB_max_targets_in_organ], most);
	value_set_str(&qb[QB_organ_with_most_targets], organ);
	value_set_opt(&qb[QB_baseline_sum_mm], ev->cr->baseline_sum_mm);
	if (c->has_treatment_start)
		value_set_int(&qb[QB_days_before_treatment_start], (int64_t)c->treatment_start - a->date);
	else
		value_set_null(&qb[QB_days_before_treatment_start]);
	return check(ev, &ev->rs->baseline, qb, -1);
}

/* ---- new lesions ---- */

/*
 * The history of new lesion id: its slot is the place of the id's first
 * sighting among the case's new lesions (score() sorts them once).
 */
static struct nl_history *history(struct eval *ev, const char *id)
{
	return &ev->hist[names_find(ev->new_ids, ev->n_new_ids, id, strlen(id))->i];
}

/*
 * A new lesion made YES for the first time, under a rule set with
 * new_lesion_role: the list decides whether it is a new target (with a
 * sum of its own) or a new non-target, once and for good (iRECIST, S7:
 * up to the limits the rule file's conditions state).  Its reason joins
 * the lesion's own, so that there stays one reason per new lesion.
 */
static int choose_role(struct eval *ev, struct value *qn, struct nl_history *h, const struct new_lesion *nl,
                       size_t ai, uint32_t organ)
{
	const struct rule *r = NULL;
	const char **last;
	int rc;

	if ((rc = decide(ev, &ev->rs->new_lesion_role, qn, &r)) < 0)
		return rc;
	/* decide() added the choice's reason after the lesion's: join them. */
	last = &ev->reasons[ev->n_reasons - 2];
	if ((*last = arena_printf(&ev->res->arena, "%s; %s", last[0], last[1])) == NULL)
		return RECIST_ENOMEM;
	ev->n_reasons--;
	/* The checks see the choice, and warn at the new lesion (its path in the result's arena). */
	value_set_bool(&qn[QN_new_target], r->choice == CHOICE_TARGET);
	if (ev->rs->new_lesion_role_checks.n > 0) {
		struct place at = { PLACE_KEY, (int32_t)ai, -1, arena_strdup(&ev->res->arena, nl->path) };
		if (at.text == NULL)
			return RECIST_ENOMEM;
		if ((rc = check_at(ev, &ev->rs->new_lesion_role_checks, qn, at)) < 0)
			return rc;
	}
	h->role = r->choice;
	if (r->choice == CHOICE_TARGET) {
		ev->n_new_targets++;
		ev->organ_new_targets[organ]++;
	}
	return 0;
}

/*
 * The sum of the new targets' measurements at follow-up a (iSOM, S7): no
 * value when a new target chosen so far is not listed or not measured at
 * a (as a target missing at a follow-up, RECIST 1.1 §4.4.2).
 */
static void new_target_sum(struct eval *ev, const struct assessment *a, struct tp_result *tp)
{
	int64_t sum = 0, listed = 0;
	bool measured = true;

	for (size_t k = 0; k < a->n_new; k++) {
		const struct new_lesion *nl = &a->new_lesions[k];
		if (history(ev, nl->id)->role != CHOICE_TARGET)
			continue;
		listed++;
		measured = measured && nl->has_size;
		sum += nl->has_size ? nl->size_um : 0;
	}
	tp->n_new_targets = ev->n_new_targets;
	tp->new_target_sum_mm = listed == ev->n_new_targets && measured ? opt_um(sum) : opt_none();
}

/* The quantities of new lesion nl (the case's j-th), whose history is h, into qn. */
static void new_lesion_quantities(const struct eval *ev, const struct new_lesion *nl, const struct nl_history *h,
                                  bool seen, bool in_run, size_t j, struct value *qn)
{
	value_set_str(&qn[QN_id], nl->id);
	value_set_str(&qn[QN_organ], nl->organ);
	value_set_bool(&qn[QN_nodal], nl->nodal);
	set_um_if(&qn[QN_size_mm], nl->has_size, nl->size_um);
	value_set_bool(&qn[QN_equivocal], nl->equivocal);
	set_tri(&qn[QN_arterial_enhancement], nl->arterial_enhancement);
	set_tri(&qn[QN_washout], nl->washout);
	value_set_bool(&qn[QN_seen_before], seen);
	value_set_bool(&qn[QN_seen_at_previous], in_run);
	value_set_bool(&qn[QN_was_equivocal], in_run && h->equivocal_in_run);
	set_um_if(&qn[QN_first_size_mm], h->first_has_size, h->first_size_um);
	set_um_if(&qn[QN_growth_mm], h->first_has_size && nl->has_size, nl->size_um - h->first_size_um);
	set_um_if(&qn[QN_smallest_size_mm], h->has_smallest, h->smallest_um);
	set_um_if(&qn[QN_growth_from_smallest_mm], h->has_smallest && nl->has_size, nl->size_um - h->smallest_um);
	value_set_str(&qn[QN_location], nl->location);
	value_set_bool(&qn[QN_porta_hepatis], nl->porta_hepatis);
	set_um(&qn[QN_normal_below_mm], node_normal_um(ev->rs, nl->porta_hepatis));
	value_set_str(&qn[QN_role], nl->role == NEW_ROLE_TARGET ? "target" :
	                            nl->role == NEW_ROLE_NON_TARGET ? "non-target" : "");
	value_set_int(&qn[QN_new_targets_before], ev->n_new_targets);
	value_set_int(&qn[QN_new_targets_before_in_organ],
	              ev->nl_organ != NULL ? ev->organ_new_targets[ev->nl_organ[j]] : 0);
	if (h->role == CHOICE_NONE)
		value_set_null(&qn[QN_new_target]);
	else
		value_set_bool(&qn[QN_new_target], h->role == CHOICE_TARGET);
}

/*
 * Classify each new lesion of follow-up ai; *out is the follow-up's
 * new-lesion response (YES over EQUIVOCAL over NO), *backdate the earliest
 * first sighting of a lesion confirmed now after an equivocal call in the
 * same run, by a rule that back-dates (RECIST 1.1 §4.3.5; Decision 12).
 */
static int score_new_lesions(struct eval *ev, size_t ai, struct tp_result *tp, struct optday *backdate)
{
	const struct assessment *a = &ev->c->assessments[ai];
	struct value qn[QN__COUNT];
	int rc;

	tp->new_lesions = RECIST_RESP_NO;
	*backdate = (struct optday){ false, 0, NULL };
	if (a->n_new > 0 &&
	    (tp->new_lesion_rules = arena_alloc(&ev->res->arena, a->n_new * sizeof *tp->new_lesion_rules)) == NULL)
		return RECIST_ENOMEM;
	for (size_t k = 0; k < a->n_new; k++) {
		const struct new_lesion *nl = &a->new_lesions[k];
		struct nl_history *h = history(ev, nl->id);
		const struct rule *r = NULL;
		bool seen = h->id != NULL;

		if (!seen) {
			h->id = nl->id;
			h->first_has_size = nl->has_size;
			h->first_size_um = nl->size_um;
		}
		/* Seen at the follow-up before, not called NO there: the run goes on (Decision 14). */
		bool in_run = h->last_seen != 0 && h->last_seen == ai - 1;
		new_lesion_quantities(ev, nl, h, seen, in_run, ev->nl_base + k, qn);
		if ((rc = decide(ev, &ev->rs->new_lesion, qn, &r)) < 0)
			return rc;
		tp->new_lesion_rules[k] = r->id;
		if (r->then == RECIST_RESP_YES && h->role == CHOICE_NONE && ev->nl_organ != NULL &&
		    (rc = choose_role(ev, qn, h, nl, ai, ev->nl_organ[ev->nl_base + k])) < 0)
			return rc;

		if (r->then == RECIST_RESP_NO) {
			h->last_seen = 0;   /* not a lesion: a later sighting starts again */
		} else {
			if (!in_run) {
				h->run_start = ai;
				h->equivocal_in_run = false;
			}
			/* §4.3.5: confirmed after an equivocal call: PD from the run's first sighting. */
			int32_t first = ev->c->assessments[h->run_start].date;
			if (r->then == RECIST_RESP_YES && in_run && h->equivocal_in_run && r->backdates &&
			    (!backdate->has || first < backdate->day))
				*backdate = (struct optday){ true, first, nl->id };
			h->last_seen = ai;
			h->equivocal_in_run |= r->then == RECIST_RESP_EQUIVOCAL;
		}
		if (nl->has_size && (!h->has_smallest || nl->size_um < h->smallest_um)) {
			h->has_smallest = true;
			h->smallest_um = nl->size_um;
		}
		if (r->then == RECIST_RESP_YES) {
			h->first_yes = h->first_yes ? h->first_yes : ai;
			h->last_yes = ai;
			tp->new_lesions = RECIST_RESP_YES;
		} else if (r->then == RECIST_RESP_EQUIVOCAL && tp->new_lesions != RECIST_RESP_YES) {
			tp->new_lesions = RECIST_RESP_EQUIVOCAL;
		}
	}
	if (ev->nl_organ != NULL)
		new_target_sum(ev, a, tp);
	ev->nl_base += a->n_new;
	return 0;
}

/* ---- one follow-up ---- */

/* "overall PR: target PR, non-target NA, new lesions NO (RECIST 1.1 Table 1)", without printf. */
static int overall_reason(struct eval *ev, struct tp_result *tp, const struct overall_row *row)
{
	const char *parts[] = {
		"overall ", recist_response_name(tp->overall), ": target ", recist_response_name(tp->target),
		", non-target ", recist_response_name(tp->non_target), ", new lesions ",
		recist_response_name(tp->new_lesions), " (", row->source, ")",
	};
	size_t len[ARRAY_SIZE(parts)], total = 1;
	char *s, *p;

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		total += len[i] = strlen(parts[i]);
	if ((s = arena_alloc(&ev->res->arena, total)) == NULL)
		return RECIST_ENOMEM;
	p = s;
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		memcpy(p, parts[i], len[i]);
		p += len[i];
	}
	*p = '\0';
	return add_reason(ev, s);
}

/*
 * The target quantities of follow-up ai into q, and its sums into tp.
 * The increase tested for PD (Decision 15) is each target's change since
 * the follow-up where the nadir was first reached (baseline while the
 * nadir is the baseline sum), where a node now under its normal size adds
 * no growth (a decrease still counts): nodes under 10 mm are normal
 * (RECIST 1.1 §4.3.1).  A missing target counts as 0 mm, a lower bound
 * (§4.4.2).  Without such nodes it is sum_mm - nadir_mm.
 */
static int target_quantities(struct eval *ev, size_t ai, struct value *q, struct tp_result *tp)
{
	const struct recist_case *c = ev->c;
	const struct assessment *a = &c->assessments[ai];
	struct meas_walk w = { a, 0 };
	int64_t missing = 0, sum = 0, increase = 0, nonnodal_present = 0, nodal_abnormal = 0, max_nodal = 0, v;
	const char *max_nodal_id = "none";
	struct optnum chg_bl_mm;
	bool ok, have_nodal = false;
	int rc;

	for (size_t i = 0; i < c->n_lesions; i++) {
		const struct lesion *l = &c->lesions[i];
		if (l->role != ROLE_TARGET)
			continue;
		if ((rc = target_value(ev, a, i, meas_of(&w, i), &v, &ok)) < 0)
			return rc;
		ev->cur_ok[i] = ok;
		ev->cur_um[i] = v = ok ? v : 0;
		if (!ok) {
			missing++;
			increase -= ev->nadir_um[i];
			continue;
		}
		sum += v;
		if (!l->nodal) {
			nonnodal_present += v > 0;
			increase += v - ev->nadir_um[i];
			continue;
		}
		if (!have_nodal || v > max_nodal) {
			have_nodal = true;
			max_nodal = v;
			max_nodal_id = l->id;
		}
		if (v >= node_normal_um(ev->rs, l->porta_hepatis)) {
			nodal_abnormal++;
			increase += v - ev->nadir_um[i];
		} else if (v < ev->nadir_um[i]) {
			increase += v - ev->nadir_um[i];
		}
	}
	tp->sum_mm = missing || ev->base_missing || ev->n_targets == 0 ? opt_none() : opt_um(sum);
	tp->nadir_mm = ev->nadir_mm;
	if (change(tp->sum_mm, ev->cr->baseline_sum_mm, &chg_bl_mm, &tp->change_from_baseline_pct) < 0 ||
	    change(tp->sum_mm, tp->nadir_mm, &tp->change_from_nadir_mm, &tp->change_from_nadir_pct) < 0)
		return undecided(ev, NULL, "the sums");

	value_set_int(&q[QT_target_count], ev->n_targets);
	value_set_int(&q[QT_targets_missing], missing);
	value_set_int(&q[QT_baseline_targets_missing], ev->base_missing);
	value_set_opt(&q[QT_sum_mm], tp->sum_mm);
	set_um(&q[QT_sum_lower_mm], sum);
	value_set_opt(&q[QT_baseline_sum_mm], ev->cr->baseline_sum_mm);
	value_set_opt(&q[QT_nadir_mm], tp->nadir_mm);
	value_set_opt(&q[QT_change_from_baseline_mm], chg_bl_mm);
	value_set_opt(&q[QT_change_from_baseline_pct], tp->change_from_baseline_pct);
	value_set_opt(&q[QT_change_from_nadir_mm], tp->change_from_nadir_mm);
	value_set_opt(&q[QT_change_from_nadir_pct], tp->change_from_nadir_pct);
	set_um_if(&q[QT_increase_from_nadir_mm], ev->nadir_mm.has, increase);
	value_set_int(&q[QT_nonnodal_targets_present], nonnodal_present);
	value_set_int(&q[QT_nodal_targets_abnormal], nodal_abnormal);
	set_um(&q[QT_max_nodal_target_mm], max_nodal);
	value_set_str(&q[QT_max_nodal_target_id], max_nodal_id);
	return 0;
}

/* The non-target quantities of assessment a into q (RECIST 1.1 §4.3.3; mRECIST by enhancement). */
static void non_target_quantities(struct eval *ev, const struct assessment *a, struct value *q)
{
	const struct recist_case *c = ev->c;
	struct meas_walk w = { a, 0 };
	int64_t n_nt = 0, nt_ne = 0, nt_pd = 0, nt_nonnodal = 0, nt_enh = 0, nt_enh_unknown = 0;
	int64_t max_nt_node = 0, nodes_abnormal = 0;
	const char *max_nt_node_id = "none";
	bool nt_node_unmeasured = false;

	for (size_t i = 0; i < c->n_lesions; i++) {
		const struct lesion *l = &c->lesions[i];
		const struct measurement *m = meas_of(&w, i);
		if (l->role == ROLE_TARGET)
			continue;
		n_nt++;
		enum nt_status st = m->flags & M_RECORDED ? m->status : NT_UNRECORDED;
		bool present = st == NT_PRESENT || st == NT_PROGRESSION;
		nt_ne += st == NT_UNRECORDED || st == NT_NOT_EVALUATED;
		nt_pd += st == NT_PROGRESSION;
		if (!present)
			continue;
		if (!l->nodal) {
			/* Enhancement is judged on non-nodal lesions; nodes by their short axis (Decision 10). */
			nt_nonnodal++;
			nt_enh += m->enhancing == TRI_TRUE;
			nt_enh_unknown += m->enhancing == TRI_UNKNOWN;
			continue;
		}
		/* A node present without a short axis is not known to be normal. */
		if (!(m->flags & M_SHORT_AXIS)) {
			nt_node_unmeasured = true;
			nodes_abnormal++;
			continue;
		}
		if (m->short_axis_um >= max_nt_node)
			max_nt_node_id = l->id;
		if (m->short_axis_um > max_nt_node)
			max_nt_node = m->short_axis_um;
		nodes_abnormal += m->short_axis_um >= node_normal_um(ev->rs, l->porta_hepatis);
	}
	value_set_int(&q[QT_nontarget_count], n_nt);
	value_set_int(&q[QT_nontargets_not_evaluated], nt_ne);
	value_set_int(&q[QT_nontargets_progression], nt_pd);
	value_set_int(&q[QT_nontargets_nonnodal_present], nt_nonnodal);
	set_um_if(&q[QT_max_nontarget_node_mm], !nt_node_unmeasured, max_nt_node);
	value_set_str(&q[QT_max_nontarget_node_id], max_nt_node_id);
	value_set_int(&q[QT_nontarget_nodes_abnormal], nodes_abnormal);
	value_set_int(&q[QT_nontargets_enhancing], nt_enh);
	value_set_int(&q[QT_nontargets_enhancement_unknown], nt_enh_unknown);
}

/* The overall response: the first row of the rule set's table that matches. */
static int overall_response(struct eval *ev, struct tp_result *tp)
{
	for (size_t i = 0; i < ev->rs->n_overall; i++) {
		const struct overall_row *row = &ev->rs->overall[i];
		if ((row->target & RESP_BIT(tp->target)) && (row->non_target & RESP_BIT(tp->non_target)) &&
		    (row->new_lesions & RESP_BIT(tp->new_lesions))) {
			tp->overall = row->overall;
			tp->overall_row = i;
			return overall_reason(ev, tp, row);
		}
	}
	/* The rule compiler proved the table complete. */
	return undecided(ev, NULL, "the overall table");
}

/*
 * After follow-up tp: the nadir, the history flags, and progression.  A
 * lesion confirmed here after an equivocal first sighting dates progression
 * back to that sighting (RECIST 1.1 §4.3.5), also when an earlier PD of
 * another cause came between (Decision 12); the earliest date wins.
 */
static int update_history(struct eval *ev, const struct tp_result *tp, struct optday backdate)
{
	if (tp->overall == RECIST_RESP_CR)
		ev->had_overall_cr = true;
	if (tp->target == RECIST_RESP_PR)
		ev->had_target_pr = true;
	if (tp->sum_mm.has && (!ev->nadir_mm.has || ratio_cmp(tp->sum_mm.v, ev->nadir_mm.v) < 0)) {
		ev->nadir_mm = tp->sum_mm;
		memcpy(ev->nadir_um, ev->cur_um, ev->c->n_lesions * sizeof *ev->nadir_um);
	}
	if (tp->overall != RECIST_RESP_PD)
		return 0;
	if (backdate.has && tp->new_lesions == RECIST_RESP_YES && backdate.day < tp->day) {
		bool earliest = (!ev->first_pd.has || backdate.day < ev->first_pd.day) &&
		                (!ev->backdate.has || backdate.day < ev->backdate.day);
		if (!ev->backdate.has || backdate.day < ev->backdate.day) {
			ev->backdate = backdate;
			ev->backdate_confirmed = tp->day;
		}
		if (earliest) {
			char date[11];
			date_format(backdate.day, date);
			if (add_reason(ev, arena_printf(&ev->res->arena,
			        "progression dated back to %s, when new lesion %s, confirmed here, was first seen (as equivocal)",
			        date, backdate.lesion)) < 0)
				return RECIST_ENOMEM;
		}
	}
	if (!ev->first_pd.has)
		ev->first_pd = (struct optday){ true, tp->day, NULL };
	return 0;
}

/* ---- progression (iRECIST): state carried across follow-ups ---- */

/*
 * The quantities of the progression list at follow-up ai: the calls just
 * made, and the pending iUPD's state compared with now.  A new lesion is
 * new since the iUPD (or the reset) when new_lesion first made it YES at a
 * later follow-up (S7 Table 2 "additional new lesions"; the reset).
 */
static int progression_quantities(struct eval *ev, size_t ai, const struct tp_result *tp, struct value *q)
{
	const struct iupd_state *s = ev->iupd;
	const struct assessment *a = &ev->c->assessments[ai];
	struct optnum d, pct;
	int64_t since_iupd = 0, since_reset = 0, nlnt_increased = 0, nlnt_progression = 0, nt_increased = 0;

	value_set_str(&q[QT_overall_recist], recist_response_name(tp->overall));
	value_set_str(&q[QT_target_recist], recist_response_name(tp->target));
	value_set_str(&q[QT_non_target_recist], recist_response_name(tp->non_target));
	value_set_str(&q[QT_new_lesions_recist], recist_response_name(tp->new_lesions));
	value_set_bool(&q[QT_iupd_pending], s->pending);
	value_set_bool(&q[QT_progression_confirmed], s->confirmed);
	value_set_bool(&q[QT_target_pd_at_iupd], s->pending && s->target_pd);
	value_set_bool(&q[QT_non_target_pd_at_iupd], s->pending && s->non_target_pd);
	value_set_bool(&q[QT_new_lesions_pd_at_iupd], s->pending && s->new_lesions_pd);
	if (s->pending) {
		value_set_int(&q[QT_days_since_iupd], a->date - s->day);
		value_set_int(&q[QT_assessments_since_iupd], (int64_t)(ai - s->ai));
	} else {
		value_set_null(&q[QT_days_since_iupd]);
		value_set_null(&q[QT_assessments_since_iupd]);
	}
	if (change(tp->sum_mm, s->pending ? s->sum_mm : opt_none(), &d, &pct) < 0)
		return undecided(ev, NULL, "the change since iUPD");
	value_set_opt(&q[QT_sum_change_since_iupd_mm], d);
	value_set_opt(&q[QT_new_target_sum_mm], tp->new_target_sum_mm);
	if (change(tp->new_target_sum_mm, s->pending ? s->isom_mm : opt_none(), &d, &pct) < 0)
		return undecided(ev, NULL, "the new-target sum's change since iUPD");
	value_set_opt(&q[QT_new_target_sum_change_since_iupd_mm], d);
	value_set_opt(&q[QT_new_target_sum_nadir_mm], s->isom_targets == tp->n_new_targets ? s->isom_nadir : opt_none());
	for (size_t k = 0; k < a->n_new; k++) {
		const struct nl_history *h = history(ev, a->new_lesions[k].id);
		if (h->last_yes != ai)
			continue;   /* not YES here */
		since_iupd += s->pending && h->first_yes > s->ai;
		since_reset += h->first_yes > s->reset_ai;
		nlnt_increased += a->new_lesions[k].increased && h->role != CHOICE_TARGET;
		nlnt_progression += a->new_lesions[k].progression && h->role != CHOICE_TARGET;
	}
	/* The reader's "further increase" (recist-case(5)): read by this list alone. */
	for (size_t k = 0; k < a->n_meas; k++)
		nt_increased += a->meas[k].increased && ev->c->lesions[a->meas[k].lesion].role != ROLE_TARGET;
	value_set_int(&q[QT_nontargets_increased], nt_increased);
	value_set_int(&q[QT_new_non_targets_increased], nlnt_increased);
	value_set_int(&q[QT_new_non_targets_progression], nlnt_progression);
	value_set_int(&q[QT_new_lesions_since_iupd], since_iupd);
	value_set_int(&q[QT_new_lesions_since_reset], since_reset);
	return 0;
}

/*
 * The progression list's response at follow-up ai (iRECIST), and the state
 * it leaves: iUPD starts a pending progression unless one is pending (the
 * increases since it add up, S7); a response of iCR, iPR, iSD or
 * NON-iCR/NON-iUPD sets a pending one aside (the reset); iCPD confirms it
 * for good.  Only the rule file says which response a follow-up gets.
 */
static int score_progression(struct eval *ev, size_t ai, struct tp_result *tp, struct value *q)
{
	struct iupd_state *s = ev->iupd;
	const struct rule *r = NULL;
	int rc;

	if ((rc = progression_quantities(ev, ai, tp, q)) < 0 ||
	    (rc = decide(ev, &ev->rs->progression, q, &r)) < 0)
		return rc;
	/* The checks see the state the decision saw; they warn at the assessment's date. */
	if (ev->rs->progression_checks.n > 0) {
		struct place at = { PLACE_KEY, (int32_t)ai, -1, arena_printf(&ev->res->arena, "assessments[%zu].date", ai) };
		if (at.text == NULL)
			return RECIST_ENOMEM;
		if ((rc = check_at(ev, &ev->rs->progression_checks, q, at)) < 0)
			return rc;
	}
	tp->progression = r->then;
	tp->progression_rule = r->id;
	tp->has_pending_iupd = s->pending;
	tp->pending_iupd_day = s->day;
	switch (r->then) {
	case RECIST_RESP_IUPD:
		if (s->pending || s->confirmed)
			break;
		s->pending = true;
		s->ai = ai;
		s->day = tp->day;
		s->sum_mm = tp->sum_mm;
		s->isom_mm = tp->new_target_sum_mm;
		s->target_pd = tp->target == RECIST_RESP_PD;
		s->non_target_pd = tp->non_target == RECIST_RESP_PD;
		s->new_lesions_pd = tp->new_lesions == RECIST_RESP_YES;
		break;
	case RECIST_RESP_ICPD:
		s->pending = false;
		s->confirmed = true;
		break;
	case RECIST_RESP_ICR: case RECIST_RESP_IPR: case RECIST_RESP_ISD: case RECIST_RESP_NON_ICR_NON_IUPD:
		if (s->pending && !s->confirmed) {
			s->pending = false;
			s->reset_ai = ai;
		}
		break;
	default:
		break;
	}
	/*
	 * The smallest sum of the same new targets (Decision 28): a new target
	 * added changes what the sum measures, so its smallest starts again.
	 */
	if (tp->n_new_targets != s->isom_targets) {
		s->isom_nadir = opt_none();
		s->isom_targets = tp->n_new_targets;
	}
	if (tp->n_new_targets > 0 && tp->new_target_sum_mm.has &&
	    (!s->isom_nadir.has || ratio_cmp(tp->new_target_sum_mm.v, s->isom_nadir.v) < 0))
		s->isom_nadir = tp->new_target_sum_mm;
	return 0;
}

static int score_followup(struct eval *ev, size_t ai, struct tp_result *tp)
{
	const struct recist_case *c = ev->c;
	const struct assessment *a = &c->assessments[ai];
	struct value q[QP__END];   /* QP_LIST's only with a progression list */
	const struct rule *tr = NULL, *ntr = NULL;
	struct optday backdate;
	int rc;

	memcpy(tp->date, a->date_str, sizeof tp->date);
	tp->day = a->date;
	if ((rc = copy_visit(ev->res, a, &tp->visit, &tp->visitnum)) < 0)
		return rc;
	ev->n_reasons = 0;
	ev->cap_reasons = 0;
	ev->reasons = NULL;

	if ((rc = record_targets(ev, a, &tp->targets, &tp->n_targets)) < 0 ||
	    (rc = target_quantities(ev, ai, q, tp)) < 0)
		return rc;
	ev->values = NULL;
	non_target_quantities(ev, a, q);
	value_set_bool(&q[QT_had_overall_cr], ev->had_overall_cr);
	value_set_bool(&q[QT_had_target_pr], ev->had_target_pr);
	value_set_int(&q[QT_days_from_baseline], a->date - c->assessments[0].date);
	value_set_int(&q[QT_days_from_treatment_start], a->date - ev->start_day);

	if ((rc = decide(ev, &ev->rs->target, q, &tr)) < 0 ||
	    (rc = decide(ev, &ev->rs->non_target, q, &ntr)) < 0 ||
	    (rc = score_new_lesions(ev, ai, tp, &backdate)) < 0)
		return rc;
	tp->target = tr->then;
	tp->target_rule = tr->id;
	tp->non_target = ntr->then;
	tp->non_target_rule = ntr->id;
	tp->n_new_lesion_reasons = ev->n_reasons - 2;
	if ((rc = overall_response(ev, tp)) < 0 || (rc = update_history(ev, tp, backdate)) < 0)
		return rc;
	if (ev->rs->progression.n > 0 && (rc = score_progression(ev, ai, tp, q)) < 0)
		return rc;
	/*
	 * The reasons: target, non-target, one per new lesion, overall, then
	 * any back-dating, then the progression list's; pointed at once the
	 * array has stopped moving.
	 */
	tp->reasons = ev->reasons;
	tp->n_reasons = ev->n_reasons;
	tp->target_reason = tp->reasons[0];
	tp->non_target_reason = tp->reasons[1];
	tp->new_lesion_reasons = tp->reasons + 2;
	tp->overall_reason = tp->reasons[2 + tp->n_new_lesion_reasons];
	tp->progression_reason = tp->progression_rule != NULL ? tp->reasons[tp->n_reasons - 1] : NULL;
	if (ev->opts != NULL && ev->opts->explain) {
		/* recist_validate explains a call with the rules' unmet messages. */
		if (ev->rs->progression.n == 0)
			for (size_t i = QT__COUNT; i < ARRAY_SIZE(q); i++)
				value_set_null(&q[i]);
		if ((tp->q = arena_alloc(&ev->res->arena, sizeof q)) == NULL)
			return RECIST_ENOMEM;
		memcpy(tp->q, q, sizeof q);
		/* Text (lesion ids, organs) is the case's: copied, since the result may outlive the case. */
		for (size_t i = 0; i < ARRAY_SIZE(q); i++)
			if (tp->q[i].t == V_STR && tp->q[i].s != NULL &&
			    (tp->q[i].s = arena_strdup(&ev->res->arena, tp->q[i].s)) == NULL)
				return RECIST_ENOMEM;
	}
	return 0;
}

/*
 * The review flag of RECIST 1.1 Table 3's footnote (a PR after a CR),
 * with the rule file's message ('review'); a rule set without one raises
 * none.
 */
static int add_cr_then_pr(struct recist_result *res, const struct recist_ruleset *rs, int32_t day)
{
	char *date;

	if (rs->review_cr_then_pr == NULL)
		return 0;
	if ((date = arena_alloc(&res->arena, 11)) == NULL)
		return RECIST_ENOMEM;
	date_format(day, date);
	return result_add_flag(res, rs->id, "CR_THEN_PR", date, rs->review_cr_then_pr);
}

/* The rule set's best-response settings, with the caller's overrides. */
static struct bor_params bor_params_of(const struct recist_ruleset *rs, const recist_eval_options *o)
{
	struct bor_params p = rs->bor;

	if (o != NULL) {
		if (o->confirm_days >= 0)
			p.confirm_days = o->confirm_days;
		if (o->sd_min_days >= 0)
			p.sd_min_days = o->sd_min_days;
		if (o->max_ne_between >= 0)
			p.max_ne_between = o->max_ne_between;
		if (o->accept_sd >= 0)
			p.accept_sd = o->accept_sd != 0;
	}
	return p;
}

/* Best overall response from the follow-ups' overall responses (bor.c). */
static int score_best_overall(struct eval *ev)
{
	struct crit_result *cr = ev->cr;
	size_t n = cr->n_tps;
	int32_t *days = arena_calloc(&ev->res->arena, n ? n : 1, sizeof *days);
	recist_response *overall = arena_calloc(&ev->res->arena, n ? n : 1, sizeof *overall);
	recist_response *scratch = arena_calloc(&ev->res->arena, n ? n : 1, sizeof *scratch);
	struct bor_params params = bor_params_of(ev->rs, ev->opts);
	struct bor_input in;
	bool unconfirmed = false;

	if (days == NULL || overall == NULL || scratch == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		days[i] = cr->tps[i].day;
		overall[i] = cr->tps[i].progression_rule != NULL ? cr->tps[i].progression : cr->tps[i].overall;
	}
	/* iRECIST: iBOR from the progression list's responses (bor.h). */
	if (ev->rs->progression.n > 0)
		ibor_input(overall, n, overall, &unconfirmed);
	in = (struct bor_input){ days, overall, n, ev->start_day,
	                         ev->c->history ? ev->c->target_disease : has_targets(ev->c),
	                         ev->backdate.has, ev->backdate.day, ev->c->history };
	bor_derive(&in, &params, scratch, &cr->bor);
	if (ev->rs->progression.n > 0)
		ibor_result(&cr->bor, unconfirmed, n > 0 ? days[n - 1] : ev->start_day);
	cr->bor_params = params;
	cr->start_day = ev->start_day;
	/* Back-dating: which lesion, for the reasons of the best response (bor_reasons.c). */
	if ((cr->backdated = ev->backdate.has)) {
		cr->backdate_day = ev->backdate.day;
		cr->backdate_confirmed_day = ev->backdate_confirmed;
		if ((cr->backdate_lesion = arena_strdup(&ev->res->arena, ev->backdate.lesion)) == NULL)
			return RECIST_ENOMEM;
	}
	cr->has_progression = cr->bor.progression.has;
	if (cr->has_progression)
		date_format(cr->bor.progression.day, cr->progression_date);
	if (cr->bor.best_date.has)
		date_format(cr->bor.best_date.day, cr->best_date);
	if (cr->bor.confirmed_date.has)
		date_format(cr->bor.confirmed_date.day, cr->confirmed_date);
	if (cr->bor.cr_then_pr.has)
		return add_cr_then_pr(ev->res, ev->rs, cr->bor.cr_then_pr.day);
	return 0;
}

/* What a rule set reads, in the plural, for the reason it could not assess a case. */
static const char *const measure_plural[] = {
	[MEASURE_DIAMETER]   = "longest diameters",
	[MEASURE_SHORT_AXIS] = "short axes",
	[MEASURE_VIABLE]     = "viable diameters",
};

/*
 * Can rule set ev->rs assess the case?  Not when the case has targets and
 * none of them has at baseline the measurement the rule set reads for it
 * (nor too_small's stand-in): every follow-up would be NE, with a warning
 * for every target, and nothing learnt (issue 14: mRECIST on a case with no
 * viable diameter).  Else *why says what is missing: "no viable diameters
 * at baseline".
 */
static bool assessable(struct eval *ev, const char **why)
{
	const struct recist_case *c = ev->c;
	struct meas_walk w = { &c->assessments[0], 0 };
	bool read[ARRAY_SIZE(measure_plural)] = { false }, targets = false;
	const char *sep = "";
	char text[128];
	size_t n = 0;

	for (size_t i = 0; i < c->n_lesions; i++) {
		const struct lesion *l = &c->lesions[i];
		const struct measurement *m = meas_of(&w, i);
		enum target_source src;
		int64_t v;
		if (l->role != ROLE_TARGET)
			continue;
		if (target_measure(ev->rs, l, m, &v, &src))
			return true;
		targets = true;
		read[l->nodal ? ev->rs->measure_nodal : ev->rs->measure_nonnodal] = true;
	}
	if (!targets)
		return true;
	n = (size_t)snprintf(text, sizeof text, "no ");
	for (size_t k = 0; k < ARRAY_SIZE(read); k++)
		if (read[k]) {
			n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", sep, measure_plural[k]);
			sep = " or ";
		}
	snprintf(text + n, sizeof text - n, " at baseline");
	*why = arena_strdup(&ev->res->arena, text);
	return false;
}

/* A rule set that cannot assess the case (assessable()): no follow-ups, best responses NE, and why. */
static int not_assessed(struct eval *ev, const char *why)
{
	const struct assessment *a = &ev->c->assessments[0];
	struct crit_result *cr = ev->cr;
	int rc;

	if (why == NULL)
		return RECIST_ENOMEM;
	cr->rs = ev->rs;
	cr->not_assessed = why;
	memcpy(cr->baseline_date, a->date_str, sizeof a->date_str);
	cr->baseline_day = a->date;
	cr->baseline_sum_mm = opt_none();
	cr->n_tps = 0;
	if ((rc = copy_visit(ev->res, a, &cr->baseline_visit, &cr->baseline_visitnum)) < 0 ||
	    (cr->tps = arena_calloc(&ev->res->arena, 1, sizeof *cr->tps)) == NULL)
		return RECIST_ENOMEM;
	ev->start_day = ev->c->has_treatment_start ? ev->c->treatment_start : a->date;
	return score_best_overall(ev);
}

/*
 * For new_lesion_role: each new lesion's organ as a slot number, the
 * slots counting the new targets chosen in each organ (all nodes are one
 * organ, as for the targets at baseline: RECIST 1.1 §3.3.1).  Sorted
 * once, so that no count walks the lesions before it.
 */
static int new_lesion_organs(struct eval *ev, size_t n_new)
{
	static const char nodes[] = "(nodes)";  /* no organ: organs are runs of letters */
	const struct recist_case *c = ev->c;
	struct name_ref *refs;
	size_t j = 0, slot = 0;

	if ((refs = arena_alloc(&ev->res->arena, (n_new ? n_new : 1) * sizeof *refs)) == NULL ||
	    (ev->nl_organ = arena_alloc(&ev->res->arena, (n_new ? n_new : 1) * sizeof *ev->nl_organ)) == NULL ||
	    (ev->organ_new_targets = arena_calloc(&ev->res->arena, n_new ? n_new : 1,
	                                          sizeof *ev->organ_new_targets)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < c->n_assessments; i++)
		for (size_t k = 0; k < c->assessments[i].n_new; k++, j++) {
			const struct new_lesion *nl = &c->assessments[i].new_lesions[k];
			const char *organ = nl->nodal ? nodes : nl->organ;
			refs[j] = (struct name_ref){ organ, strlen(organ), j };
		}
	names_sort(refs, n_new);
	for (size_t x = 0; x < n_new; x++) {
		if (x > 0 && (refs[x].len != refs[x - 1].len || memcmp(refs[x].name, refs[x - 1].name, refs[x].len) != 0))
			slot++;
		ev->nl_organ[refs[x].i] = (uint32_t)slot;
	}
	return 0;
}

static int score(struct eval *ev)
{
	const struct recist_case *c = ev->c;
	size_t n_new = 0;
	int rc;

	ev->start_day = c->has_treatment_start ? c->treatment_start : c->assessments[0].date;
	for (size_t i = 0; i < c->n_assessments; i++)
		n_new += c->assessments[i].n_new;
	if ((ev->hist = arena_calloc(&ev->res->arena, n_new ? n_new : 1, sizeof *ev->hist)) == NULL ||
	    (ev->new_ids = arena_alloc(&ev->res->arena, (n_new ? n_new : 1) * sizeof *ev->new_ids)) == NULL ||
	    (ev->nadir_um = arena_calloc(&ev->res->arena, c->n_lesions, sizeof *ev->nadir_um)) == NULL ||
	    (ev->cur_um = arena_calloc(&ev->res->arena, c->n_lesions, sizeof *ev->cur_um)) == NULL ||
	    (ev->cur_ok = arena_calloc(&ev->res->arena, c->n_lesions, sizeof *ev->cur_ok)) == NULL)
		return RECIST_ENOMEM;
	/* A new lesion is followed by its id across the assessments. */
	for (size_t i = 0; i < c->n_assessments; i++)
		for (size_t k = 0; k < c->assessments[i].n_new; k++) {
			const char *id = c->assessments[i].new_lesions[k].id;
			ev->new_ids[ev->n_new_ids] = (struct name_ref){ id, strlen(id), ev->n_new_ids };
			ev->n_new_ids++;
		}
	names_sort(ev->new_ids, ev->n_new_ids);
	if (ev->rs->new_lesion_role.n > 0 && (rc = new_lesion_organs(ev, n_new)) < 0)
		return rc;
	if (ev->rs->progression.n > 0 && (ev->iupd = arena_calloc(&ev->res->arena, 1, sizeof *ev->iupd)) == NULL)
		return RECIST_ENOMEM;
	ev->cr->rs = ev->rs;
	ev->cr->n_tps = c->n_assessments - 1;
	if ((ev->cr->tps = arena_calloc(&ev->res->arena, ev->cr->n_tps ? ev->cr->n_tps : 1, sizeof *ev->cr->tps)) == NULL)
		return RECIST_ENOMEM;
	if ((rc = score_baseline(ev)) < 0)
		return rc;
	for (size_t i = 1; i < c->n_assessments; i++)
		if ((rc = score_followup(ev, i, &ev->cr->tps[i - 1])) < 0)
			return rc;
	return score_best_overall(ev);
}

int recist_evaluate(recist_result *res, const recist_case *c, const recist_ruleset *const *sets,
                    size_t n, const recist_diag_sink *sink)
{
	return recist_evaluate_opts(res, c, sets, n, NULL, sink);
}

/*
 * The errors of case c that the reader kept for the scoring (case_error:
 * reported values that are not valid) and those only the rule sets reveal
 * (CASE_WRONG_AXIS: a baseline target measured on the axis a rule set of
 * sets[0..n) does not read, so that every follow-up would be NE): sent to
 * sink, every one, and RECIST_EINVALID.  Scoring for recist_validate
 * (explain), they are not errors here: validate lists them as findings,
 * with the findings they explain.  0, RECIST_EINVALID or RECIST_ENOMEM.
 */
static int case_errors(struct recist_result *res, const struct recist_case *c, const struct recist_ruleset *const *sets,
                       size_t n, const recist_eval_options *opts, const recist_diag_sink *sink)
{
	struct axis_error *axis;
	size_t n_axis = 0;
	int rc;

	if (opts != NULL && opts->explain)
		return 0;
	for (size_t i = 0; i < c->n_errors; i++) {
		const struct case_error *e = &c->errors[i];
		diag_emit(sink, e->code, (struct pos){ c->file, e->line, e->col }, e->path, "%s", e->detail);
	}
	if (!c->history && (rc = baseline_axis_errors(&res->arena, c, sets, n, &axis, &n_axis)) < 0)
		return rc;
	for (size_t i = 0; i < n_axis; i++)
		diag_emit(sink, D_CASE_WRONG_AXIS, (struct pos){ c->file, axis[i].line, axis[i].col }, axis[i].path,
		          "case '%s': %s", c->case_id, axis[i].detail);
	return c->n_errors > 0 || n_axis > 0 ? RECIST_EINVALID : 0;
}

/* Empty res for case c, its memory kept; room for n rule sets. */
static int result_start(struct recist_result *res, const struct recist_case *c, size_t n)
{
	arena_reset(&res->arena);
	res->n_warnings = res->cap_warnings = 0;
	res->warnings = NULL;
	res->n_flags = res->cap_flags = 0;
	res->flags = NULL;
	res->n_findings = res->cap_findings = 0;
	res->findings = NULL;
	res->n_crit = 0;
	res->arm = NULL;
	res->note = NULL;
	res->lesions = NULL;
	res->assessments = NULL;
	res->n_lesions = res->n_assessments = 0;
	memset(&res->sdtm, 0, sizeof res->sdtm);
	res->has_treatment_start = c->has_treatment_start;
	res->treatment_start = c->treatment_start;
	res->has_death_date = c->has_death_date;
	res->death_date = c->death_date;
	res->has_last_alive_date = c->has_last_alive_date;
	res->last_alive_date = c->last_alive_date;
	res->history = c->history;
	if ((res->case_id = arena_strdup(&res->arena, c->case_id)) == NULL ||
	    (c->arm && (res->arm = arena_strdup(&res->arena, c->arm)) == NULL) ||
	    (c->sdtm.studyid && (res->sdtm.studyid = arena_strdup(&res->arena, c->sdtm.studyid)) == NULL) ||
	    (c->sdtm.usubjid && (res->sdtm.usubjid = arena_strdup(&res->arena, c->sdtm.usubjid)) == NULL) ||
	    (c->sdtm.eval && (res->sdtm.eval = arena_strdup(&res->arena, c->sdtm.eval)) == NULL) ||
	    (c->sdtm.evalid && (res->sdtm.evalid = arena_strdup(&res->arena, c->sdtm.evalid)) == NULL) ||
	    (res->crit = arena_calloc(&res->arena, n ? n : 1, sizeof *res->crit)) == NULL)
		return RECIST_ENOMEM;
	return 0;
}

int recist_evaluate_history(recist_result *res, const recist_case *c, const recist_ruleset *rs,
                            const recist_eval_options *opts, const recist_diag_sink *sink)
{
	struct eval ev;
	struct crit_result *cr;
	int rc;

	if (!c->history) {
		diag_emit(sink, D_CASE_BAD_VALUE, (struct pos){ c->file, 0, 0 }, NULL,
		          "case '%s' is not a response history", c->case_id);
		return RECIST_EINVALID;
	}
	if ((rc = result_start(res, c, 1)) < 0)
		goto nomem;
	if ((rc = case_errors(res, c, &rs, 1, opts, sink)) < 0) {
		if (rc == RECIST_ENOMEM)
			goto nomem;
		return rc;
	}
	cr = &res->crit[0];
	cr->rs = rs;
	cr->n_tps = c->n_assessments;
	if ((cr->tps = arena_calloc(&res->arena, cr->n_tps ? cr->n_tps : 1, sizeof *cr->tps)) == NULL)
		goto nomem;
	for (size_t i = 0; i < cr->n_tps; i++) {
		recist_response r = c->assessments[i].overall;
		/* iRECIST's responses under a rule set with a progression list, RECIST's under the others. */
		bool irecist = rs->progression.n > 0;
		if (!((irecist ? resp_progression_set : resp_overall_set) & RESP_BIT(r))) {
			diag_emit(sink, D_CASE_BAD_VALUE, (struct pos){ c->file, 0, 0 }, NULL,
			          "case '%s', %s: '%s' is %s response, and %s scores %s ones", c->case_id,
			          c->assessments[i].date_str, recist_response_name(r), irecist ? "a RECIST" : "an iRECIST",
			          recist_ruleset_id(rs), irecist ? "iRECIST" : "RECIST");
			return RECIST_EINVALID;
		}
		memcpy(cr->tps[i].date, c->assessments[i].date_str, 11);
		cr->tps[i].day = c->assessments[i].date;
		cr->tps[i].overall = r;
		if (irecist) {
			cr->tps[i].progression = r;
			cr->tps[i].progression_rule = "reported";
		}
	}
	res->n_crit = 1;
	memset(&ev, 0, sizeof ev);
	ev.c = c;
	ev.rs = rs;
	ev.res = res;
	ev.cr = cr;
	ev.sink = sink;
	ev.opts = opts;
	ev.start_day = c->treatment_start;
	if ((rc = score_best_overall(&ev)) < 0)
		goto nomem;
	return 0;
nomem:
	diag_emit(sink, D_SYS_NOMEM, (struct pos){ c->file, 0, 0 }, NULL, NULL);
	return RECIST_ENOMEM;
}

int recist_evaluate_opts(recist_result *res, const recist_case *c, const recist_ruleset *const *sets,
                         size_t n, const recist_eval_options *opts, const recist_diag_sink *sink)
{
	int rc;

	if (c->history) {
		diag_emit(sink, D_CASE_BAD_VALUE, (struct pos){ c->file, 0, 0 }, NULL,
		          "'%s' is a response history, without measurements: score it with recist bor", c->case_id);
		return RECIST_EINVALID;
	}
	if (result_start(res, c, n) < 0 || result_copy_case(res, c) < 0)
		goto nomem;
	if ((rc = case_errors(res, c, sets, n, opts, sink)) < 0) {
		if (rc == RECIST_ENOMEM)
			goto nomem;
		return rc;
	}
	/* The case's own warnings (unknown keys) come first; strings copied. */
	for (size_t i = 0; i < c->n_warnings; i++) {
		const struct case_warning *w = &c->warnings[i];
		const char *code = arena_strdup(&res->arena, w->code);
		const char *msg = arena_strdup(&res->arena, w->message);
		const char *path = w->path ? arena_strdup(&res->arena, w->path) : NULL;
		struct place at = { path != NULL ? PLACE_KEY : PLACE_NONE, -1, -1, path };
		if (code == NULL || msg == NULL || (w->path && path == NULL) ||
		    result_add_warning(res, NULL, NULL, code, msg, at) < 0)
			goto nomem;
	}
	for (size_t k = 0; k < n; k++) {
		struct eval ev;
		memset(&ev, 0, sizeof ev);
		ev.c = c;
		ev.rs = sets[k];
		ev.res = res;
		ev.cr = &res->crit[k];
		ev.sink = sink;
		ev.opts = opts;
		const char *why = NULL;
		if (opts != NULL && opts->version >= 2 && opts->assessable_only && !assessable(&ev, &why))
			rc = not_assessed(&ev, why);
		else
			rc = score(&ev);
		if (rc < 0) {
			if (rc == RECIST_ENOMEM)
				goto nomem;
			return rc;
		}
		res->n_crit++;
	}
	return 0;
nomem:
	diag_emit(sink, D_SYS_NOMEM, (struct pos){ c->file, 0, 0 }, NULL, NULL);
	return RECIST_ENOMEM;
}
