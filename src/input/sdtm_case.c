/*
 * sdtm_case.c - one subject's SDTM rows of one reader as a recist-case/1
 * document (sdtm.h): lesions from TU, assessments and measurements from
 * TR, reported calls from RS.  recist-sdtm(5) documents each step; the
 * case reader (case_read.c) then checks the document like any other.
 *
 * SPDX-License-Identifier: MIT
 *
 * The steps: the lesions (lesions_of); every TR row as an observation of
 * a lesion or a sum at a visit (observe); visits scanned twice split, and
 * each dated (date_visits); the baseline chosen (choose_baseline); the
 * reported calls placed (place_calls); the document written (emit).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "input/sdtm.h"

#define NONE SIZE_MAX

struct les {
	const struct sdtm_row *tu;
	const char            *id;
	enum sdtm_role         role;
	bool                   nodal;
	size_t                 first_visit;  /* a new lesion: the visit TU identifies it at, or NONE */
};

/* What a TR row says. */
struct obs {
	const struct sdtm_row        *row;
	size_t                        lesion;   /* NONE: a sum */
	const struct recist_ruleset  *sum_of;   /* a sum: the rule set naming it */
	enum sdtm_test                test;
	size_t                        visit;
	int32_t                       day;      /* full or imputed */
	int                           dated;    /* 0 none, 1 partial, 2 full */
	/* The value: */
	bool                          not_done;
	bool                          too_small;
	char                          mm[40];   /* a length as JSON text; "" for a state */
	const struct sdtm_state_term *state;
	bool                          dropped;
};

struct visit {
	const char            *key;       /* VISITNUM, else VISIT, else the date */
	const char            *name;      /* VISIT, or the key */
	const struct sdtm_row *first;
	int32_t                day, last; /* the assessment's date; its last full scan date */
	int                    dated;     /* 0 none, 1 partial only, 2 full */
	bool                   flagged;   /* --BLFL or --LOBXFL = Y */
	bool                   screening; /* VISIT says BASELINE or SCREENING, or EPOCH = SCREENING */
	size_t                 n_obs;     /* its rows in use */
};

/* The calls reported at one assessment for one rule set. */
struct calls {
	const struct sdtm_row *row[5];    /* target, non_target, new_lesions, overall, sum */
	const char            *value[5];
};
enum { CALL_TARGET, CALL_NON_TARGET, CALL_NEW, CALL_OVERALL, CALL_SUM };

struct build {
	const struct sdtm_subject *s;
	const char                *reader;
	struct arena              *a;
	const recist_diag_sink    *sink;
	bool                      *bad;
	const struct sdtm_table   *tu, *tr, *rs;
	struct les                *les;
	size_t                     n_les, cap_les;
	struct obs                *obs;     /* [n of TR's rows] */
	size_t                     n_obs;
	struct visit              *vis;
	size_t                     n_vis, cap_vis;
	size_t                    *order;   /* the assessments: visit indices by date, baseline first */
	size_t                     n_order;
	struct calls              *calls;   /* [n_order * n_sets] */
	const struct sdtm_row    **best;    /* [n_sets] BESTRESP rows */
};

#define ROW_DIAG(b, code, t, r, col, ...) \
	(sdtm_row_diag((b)->sink, D_##code, (t), (r), (col), __VA_ARGS__), \
	 diag_severity(D_##code) == RECIST_SEV_ERROR ? (void)(*(b)->bad = true) : (void)0)

/* A controlled term as compared: capitals (the cell is already trimmed). */
static const char *upper(struct build *b, const char *s)
{
	size_t n = strlen(s);
	char *u = arena_alloc(b->a, n + 1);

	if (u == NULL)
		return NULL;
	for (size_t i = 0; i <= n; i++)  /* ASCII: controlled terms are, and the locale must not matter */
		u[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
	return u;
}

/* Whether s begins with word, in any case ("Screening 2" does, "POST-BASELINE" does not). */
static bool begins(const char *s, const char *word)
{
	return strncasecmp(s, word, strlen(word)) == 0;
}

static const char *result_text(const struct sdtm_row *r)
{
	return r->v[COL_STRESN][0] ? r->v[COL_STRESN] : r->v[COL_STRESC][0] ? r->v[COL_STRESC] : r->v[COL_ORRES];
}

/*
 * A length as a JSON number of millimetres: s a plain decimal (digits, at
 * most one point, no sign or exponent), in mm, or in cm when cm (the point
 * moved one place).  0, or -1 when s is no such number.
 */
static int length_text(const char *s, bool cm, char *out, size_t size)
{
	const char *dot = strchr(s, '.');
	size_t n_int = dot ? (size_t)(dot - s) : strlen(s), n_frac = dot ? strlen(dot + 1) : 0;
	char digits[40];
	size_t n = 0, point;

	if (n_int + n_frac == 0 || n_int + n_frac + 2 >= sizeof digits || n_int + n_frac + 4 >= size)
		return -1;
	for (size_t i = 0; i < n_int; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	for (size_t i = 0; i < n_frac; i++)
		if (!isdigit((unsigned char)dot[1 + i]))
			return -1;
	memcpy(digits, s, n_int);
	if (n_frac)
		memcpy(digits + n_int, dot + 1, n_frac);
	n = n_int + n_frac;
	point = n_int;
	if (cm) {
		if (point == n)
			digits[n++] = '0';
		point++;
	}
	/* Leading zeros of the whole part go, one stays before the point. */
	size_t lead = 0;
	while (lead + 1 < point && digits[lead] == '0')
		lead++;
	size_t k = 0;
	if (point == 0)
		out[k++] = '0';
	for (size_t i = lead; i < point; i++)
		out[k++] = digits[i];
	if (point < n) {
		out[k++] = '.';
		for (size_t i = point; i < n; i++)
			out[k++] = digits[i];
	}
	out[k] = '\0';
	/* At most 10 m (CASE_MAX_UM), the case reader's limit: 10000 mm. */
	size_t n_whole = point - lead;
	bool frac = false;
	for (size_t i = point; i < n; i++)
		frac |= digits[i] != '0';
	if (n_whole > 5 || (n_whole == 5 && (memcmp(digits + lead, "10000", 5) > 0 ||
	                                      (memcmp(digits + lead, "10000", 5) == 0 && frac))))
		return -1;
	return 0;
}

static bool mine(const struct build *b, const struct sdtm_row *r)
{
	return strcmp(r->reader, b->reader) == 0;
}

/* ---- lesions (TU) ---- */

static size_t lesion_named(const struct build *b, const char *id)
{
	for (size_t i = 0; i < b->n_les; i++)
		if (strcmp(b->les[i].id, id) == 0)
			return i;
	return NONE;
}

static int lesions_of(struct build *b)
{
	for (size_t i = 0; i < b->s->n[DOM_TU]; i++) {
		const struct sdtm_row *r = &b->s->rows[DOM_TU][i];
		const char *role_text = r->v[COL_STRESC][0] ? r->v[COL_STRESC] : r->v[COL_ORRES], *u, *test, *loc;
		const struct sdtm_role_term *role;

		if (!mine(b, r))
			continue;
		if ((test = upper(b, r->v[COL_TESTCD])) == NULL || (u = upper(b, role_text)) == NULL ||
		    (loc = upper(b, r->v[COL_LOC])) == NULL)
			return RECIST_ENOMEM;
		if (test[0] && strcmp(test, "TUMIDENT") != 0 && strcmp(test, "LESIDENT") != 0) {
			ROW_DIAG(b, SDTM_NOT_READ, b->tu, r, COL_TESTCD, "test '%s' (split and merged lesions "
			         "are not read): the row is not used", r->v[COL_TESTCD]);
			continue;
		}
		if (r->v[COL_LNKID][0] == '\0') {
			ROW_DIAG(b, SDTM_BAD_ROW, b->tu, r, COL_LNKID, "no lesion id: the row is not used");
			continue;
		}
		if ((role = sdtm_role_lookup(u)) == NULL) {
			ROW_DIAG(b, SDTM_BAD_VALUE, b->tu, r, r->v[COL_STRESC][0] ? COL_STRESC : COL_ORRES,
			         "'%s' is not a lesion role (TARGET, NON-TARGET or NEW): lesion %s is not used",
			         role_text, r->v[COL_LNKID]);
			continue;
		}
		if (lesion_named(b, r->v[COL_LNKID]) != NONE) {
			ROW_DIAG(b, SDTM_BAD_ROW, b->tu, r, COL_LNKID, "lesion %s identified twice: the row is not used",
			         r->v[COL_LNKID]);
			continue;
		}
		if ((b->les = arena_grow(b->a, b->les, b->n_les, &b->cap_les, sizeof *b->les)) == NULL)
			return RECIST_ENOMEM;
		b->les[b->n_les++] = (struct les){ r, r->v[COL_LNKID], role->role,
		                                   role->nodal || strcmp(loc, "LYMPH NODE") == 0, NONE };
	}
	return 0;
}

/* ---- observations (TR) ---- */

static size_t visit_of(struct build *b, const struct sdtm_row *r, const char *key)
{
	for (size_t i = 0; i < b->n_vis; i++)
		if (strcmp(b->vis[i].key, key) == 0)
			return i;
	if ((b->vis = arena_grow(b->a, b->vis, b->n_vis, &b->cap_vis, sizeof *b->vis)) == NULL)
		return NONE - 1;
	b->vis[b->n_vis] = (struct visit){ key, r->v[COL_VISIT][0] ? r->v[COL_VISIT] : key, r, 0, 0, 0,
	                                   false, false, 0 };
	return b->n_vis++;
}

static const char *visit_key(const struct sdtm_row *r)
{
	return r->v[COL_VISITNUM][0] ? r->v[COL_VISITNUM] : r->v[COL_VISIT][0] ? r->v[COL_VISIT] : r->v[COL_DTC];
}

/* The value of a TR row: a length, too small, not done, or a state.  0, or -1 (said). */
static int obs_value(struct build *b, struct obs *o)
{
	const struct sdtm_row *r = o->row;
	const char *text = result_text(r), *u, *unit;
	enum sdtm_col col = r->v[COL_STRESN][0] ? COL_STRESN : r->v[COL_STRESC][0] ? COL_STRESC : COL_ORRES;

	if (strcasecmp(r->v[COL_STAT], "NOT DONE") == 0) {
		o->not_done = true;
		return 0;
	}
	if ((u = upper(b, text)) == NULL || (unit = upper(b, col == COL_ORRES ? r->v[COL_ORRESU] : r->v[COL_STRESU])) == NULL)
		return RECIST_ENOMEM;
	if (o->test == TEST_TUMSTATE || o->test == TEST_LNSTATE) {
		if ((o->state = sdtm_state_lookup(u)) == NULL) {
			ROW_DIAG(b, SDTM_BAD_VALUE, b->tr, r, col, "'%s' is not a tumour state (PRESENT, ABSENT, "
			         "UNEQUIVOCAL PROGRESSION, ...): the row is not used", text);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(r->v[COL_ORRES], "TOO SMALL TO MEASURE") == 0 || strcmp(u, "TOO SMALL TO MEASURE") == 0) {
		/*
		 * The rule set's too_small_mm stands for it; the sponsor's default
		 * in TRSTRESN is kept only for a viable diameter beside a measured
		 * whole one, which a case cannot mark too small (emit_target).
		 */
		o->too_small = true;
		if (o->test == TEST_VDIAM && r->v[COL_STRESN][0] &&
		    length_text(r->v[COL_STRESN], strcasecmp(r->v[COL_STRESU], "CM") == 0, o->mm, sizeof o->mm) < 0)
			o->mm[0] = '\0';
		return 0;
	}
	if (text[0] == '\0') {
		ROW_DIAG(b, SDTM_BAD_VALUE, b->tr, r, b->tr->has[COL_ORRES] ? COL_ORRES : col,
		         "no result, and TRSTAT is not NOT DONE: the row is not used");
		return -1;
	}
	if (unit[0] && strcmp(unit, "MM") != 0 && strcmp(unit, "CM") != 0) {
		ROW_DIAG(b, SDTM_BAD_VALUE, b->tr, r, col == COL_ORRES ? COL_ORRESU : COL_STRESU,
		         "unit '%s' (expected mm or cm): the row is not used", unit);
		return -1;
	}
	if (length_text(text, strcmp(unit, "CM") == 0, o->mm, sizeof o->mm) < 0) {
		ROW_DIAG(b, SDTM_BAD_VALUE, b->tr, r, col, "'%s' is not a length (a number of mm up to 10 m, or "
		         "TOO SMALL TO MEASURE): the row is not used", text);
		return -1;
	}
	return 0;
}

/* The test of a TR row: a rule set's sum first, then the table; -1 when unknown (said). */
static int obs_test(struct build *b, struct obs *o, const char *testcd)
{
	for (size_t k = 0; k < b->s->n_sets; k++) {
		const char *st = b->s->sets[k]->cdisc_sum_test;
		if (st != NULL && strcasecmp(st, testcd) == 0) {
			o->test = TEST_SUM;
			o->sum_of = b->s->sets[k];
			return 0;
		}
	}
	if (sdtm_test_lookup(testcd, &o->test) < 0) {
		ROW_DIAG(b, SDTM_NOT_READ, b->tr, o->row, COL_TESTCD, "unknown test code '%s': the row is not used",
		         o->row->v[COL_TESTCD]);
		return -1;
	}
	if (o->test == TEST_FOREIGN) {
		ROW_DIAG(b, SDTM_NOT_READ, b->tr, o->row, COL_TESTCD, "test '%s' belongs to other criteria (WHO, "
		         "Lugano, RANO): the row is not used", o->row->v[COL_TESTCD]);
		return -1;
	}
	return o->test == TEST_DERIVED ? -1 : 0;
}

static int observe(struct build *b)
{
	/* At most one observation a row: room for all at once. */
	size_t room = b->s->n[DOM_TR] + 1;
	if (room > SIZE_MAX / sizeof *b->obs || (b->obs = arena_alloc(b->a, room * sizeof *b->obs)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < b->s->n[DOM_TR]; i++) {
		const struct sdtm_row *r = &b->s->rows[DOM_TR][i];
		struct obs o = { r, NONE, NULL, TEST_DERIVED, NONE, 0, 0, false, false, "", NULL, false };
		const char *testcd, *key;
		int rc;

		if (!mine(b, r))
			continue;
		if ((testcd = upper(b, r->v[COL_TESTCD])) == NULL)
			return RECIST_ENOMEM;
		if (obs_test(b, &o, testcd) < 0)
			continue;
		if (o.test != TEST_SUM && (o.lesion = lesion_named(b, r->v[COL_LNKID])) == NONE) {
			ROW_DIAG(b, SDTM_UNKNOWN_LINK, b->tr, r, COL_LNKID, "lesion '%s' is not in TU%s%s: the row is "
			         "not used", r->v[COL_LNKID], b->reader[0] ? " for " : "", b->reader);
			continue;
		}
		if ((o.dated = sdtm_date(r->v[COL_DTC], &o.day)) < 0) {
			ROW_DIAG(b, SDTM_BAD_VALUE, b->tr, r, COL_DTC, "'%s' is not an ISO 8601 date: the row is not used",
			         r->v[COL_DTC]);
			continue;
		}
		if ((key = visit_key(r))[0] == '\0') {
			ROW_DIAG(b, SDTM_BAD_ROW, b->tr, r, COL_VISIT, "no visit and no date: the row is not used");
			continue;
		}
		if ((rc = obs_value(b, &o)) != 0) {
			if (rc < -1)
				return rc;
			continue;
		}
		if ((o.visit = visit_of(b, r, key)) == NONE - 1)
			return RECIST_ENOMEM;
		b->obs[b->n_obs++] = o;
	}
	return 0;
}

/* ---- visits ---- */

static int by_visit_lesion_test(const void *x, const void *y)
{
	const struct obs *p = x, *q = y;

	if (p->visit != q->visit)
		return p->visit < q->visit ? -1 : 1;
	if (p->lesion != q->lesion)
		return p->lesion < q->lesion ? -1 : 1;
	if (p->sum_of != q->sum_of)
		return p->sum_of < q->sum_of ? -1 : 1;
	if (p->test != q->test)
		return p->test < q->test ? -1 : 1;
	if (p->dated != q->dated || p->day != q->day)
		return p->dated != q->dated ? q->dated - p->dated : (p->day < q->day ? -1 : 1);
	return (p->row->number > q->row->number) - (p->row->number < q->row->number);
}

static bool same_value(const struct obs *p, const struct obs *q)
{
	return p->not_done == q->not_done && p->too_small == q->too_small && p->state == q->state &&
	       strcmp(p->mm, q->mm) == 0;
}

/*
 * A visit in which one lesion's test has two full dates holds two
 * assessments (a visit number used twice): each date becomes a visit of
 * its own, and the visit's undated rows cannot be placed.  Otherwise the
 * visit is one assessment, however many days its scans took.
 */
static int split_visits(struct build *b)
{
	size_t n_vis = b->n_vis;
	bool *split = arena_calloc(b->a, n_vis + 1, sizeof *split), any = false;

	if (split == NULL)
		return RECIST_ENOMEM;
	if (b->n_obs > 1)
		qsort(b->obs, b->n_obs, sizeof *b->obs, by_visit_lesion_test);
	for (size_t i = 1; i < b->n_obs; i++) {
		const struct obs *p = &b->obs[i - 1], *q = &b->obs[i];
		if (p->visit == q->visit && p->lesion == q->lesion && p->test == q->test && p->sum_of == q->sum_of &&
		    p->dated == 2 && q->dated == 2 && p->day != q->day)
			split[q->visit] = true;
	}
	for (size_t v = 0; v < n_vis; v++) {
		if (!split[v])
			continue;
		any = true;
		for (size_t i = 0; i < b->n_obs; i++) {
			struct obs *o = &b->obs[i];
			char d[11];
			const char *key;
			if (o->visit != v)
				continue;
			if (o->dated != 2) {
				ROW_DIAG(b, SDTM_NO_DATE, b->tr, o->row, COL_DTC, "visit %s was scanned on several days "
				         "as separate assessments, and this row has no full date: the row is not used",
				         b->vis[v].name);
				o->dropped = true;
				continue;
			}
			date_format(o->day, d);
			if ((key = arena_printf(b->a, "%s@%s", b->vis[v].key, d)) == NULL ||
			    (o->visit = visit_of(b, o->row, key)) == NONE - 1)
				return RECIST_ENOMEM;
		}
	}
	if (any && b->n_obs > 1)  /* split visits renumber rows: sorted again */
		qsort(b->obs, b->n_obs, sizeof *b->obs, by_visit_lesion_test);
	return 0;
}

/* The same lesion's test twice in one visit: the first row is used, a differing one reported. */
static void drop_repeats(struct build *b)
{
	size_t first = 0;

	for (size_t i = 1; i < b->n_obs; i++) {
		const struct obs *p = &b->obs[first];
		struct obs *q = &b->obs[i];
		if (p->visit != q->visit || p->lesion != q->lesion || p->test != q->test || p->sum_of != q->sum_of) {
			first = i;
			continue;
		}
		if (q->dropped)
			continue;
		if (!same_value(p, q))
			ROW_DIAG(b, SDTM_CONFLICT, b->tr, q->row, COL__N, "%s of %s at visit %s again, with another "
			         "value (row %lu is used): the row is not used", q->row->v[COL_TESTCD],
			         q->lesion == NONE ? "the sum" : b->les[q->lesion].id, b->vis[q->visit].name,
			         p->row->number);
		q->dropped = true;
	}
}

/*
 * Each visit dated by its earliest full scan date: the day the findings
 * of the assessment were first documented (progression is dated at its
 * first observation, RECIST 1.1 §4.3); a visit with partial dates only by
 * the first day they allow, with a warning; a visit without any date is
 * not an assessment.
 */
static void date_visits(struct build *b)
{
	for (size_t i = 0; i < b->n_obs; i++) {
		const struct obs *o = &b->obs[i];
		struct visit *v = &b->vis[o->visit];
		const char *epoch = o->row->v[COL_EPOCH], *name = o->row->v[COL_VISIT];

		if (o->dropped)
			continue;
		v->n_obs++;
		if (strcasecmp(o->row->v[COL_BLFL], "Y") == 0 || strcasecmp(o->row->v[COL_LOBXFL], "Y") == 0)
			v->flagged = true;
		if (strcasecmp(epoch, "SCREENING") == 0 || begins(name, "BASELINE") || begins(name, "SCREENING"))
			v->screening = true;
		if (o->dated == 0)
			continue;
		if (o->dated > v->dated || (o->dated == v->dated && o->day < v->day)) {
			if (o->dated > v->dated)
				v->last = o->day;
			v->dated = o->dated;
			v->day = o->day;
		}
		if (o->dated == 2 && o->day > v->last)
			v->last = o->day;
	}
	for (size_t v = 0; v < b->n_vis; v++) {
		char d[11], l[11];
		struct visit *vi = &b->vis[v];
		if (vi->n_obs == 0)
			continue;  /* a visit split by date: its rows are its parts' */
		date_format(vi->day, d);
		date_format(vi->last, l);
		if (vi->dated == 0)
			ROW_DIAG(b, SDTM_NO_DATE, b->tr, vi->first, COL_DTC, "visit %s has no scan date: its rows are "
			         "not used", vi->name);
		else if (vi->dated == 1)
			ROW_DIAG(b, SDTM_PARTIAL_DATE, b->tr, vi->first, COL_DTC, "visit %s has partial dates only: "
			         "dated %s, the first day they allow", vi->name, d);
		else if (vi->last != vi->day)
			ROW_DIAG(b, SDTM_SPLIT_DATES, b->tr, vi->first, COL_DTC, "visit %s was scanned from %s to %s: "
			         "the assessment is dated %s, its first scan", vi->name, d, l, d);
	}
}


static size_t assessment_of_row(const struct build *b, const struct sdtm_row *r);

/*
 * The assessment the baseline lesions were identified at: the visit or
 * date of the first TU row of a target or non-target that gives one; NONE
 * when none does; NONE - 1 when this reader has no TR rows there (said):
 * scoring from a later visit would take a follow-up for the baseline.
 */
static size_t identified_at(struct build *b)
{
	for (size_t i = 0; i < b->n_les; i++) {
		const struct sdtm_row *tu = b->les[i].tu;
		size_t at;
		if (b->les[i].role == SROLE_NEW || (!tu->v[COL_DTC][0] && !tu->v[COL_VISIT][0] && !tu->v[COL_VISITNUM][0]))
			continue;
		if ((at = assessment_of_row(b, tu)) != NONE)
			return at;
		ROW_DIAG(b, SDTM_NO_BASELINE, b->tu, tu, tu->v[COL_DTC][0] ? COL_DTC : COL_VISIT, "lesion %s was "
		         "identified at visit %s%s%s, which has no TR row of subject %s%s%s: the subject is not imported",
		         b->les[i].id, tu->v[COL_VISIT][0] ? tu->v[COL_VISIT] : tu->v[COL_VISITNUM],
		         tu->v[COL_DTC][0] ? " on " : "", tu->v[COL_DTC], b->s->usubjid, b->reader[0] ? ", reader " : "",
		         b->reader);
		return NONE - 1;
	}
	return NONE;
}

/*
 * The assessments in date order, starting at the baseline: the last visit
 * flagged --BLFL or --LOBXFL; else the visit TU identifies the baseline
 * lesions at; else the last named BASELINE or SCREENING (or in EPOCH
 * SCREENING); else the first.  0, or -1 when the case cannot be made
 * (said).
 */
static int choose_baseline(struct build *b)
{
	size_t n = 0, base = NONE;

	if ((b->order = arena_alloc(b->a, (b->n_vis + 1) * sizeof *b->order)) == NULL)
		return RECIST_ENOMEM;
	for (size_t v = 0; v < b->n_vis; v++)
		if (b->vis[v].dated)
			b->order[n++] = v;
	for (size_t i = 1; i < n; i++)  /* a handful of visits: insertion sort, stable */
		for (size_t k = i; k > 0 && b->vis[b->order[k - 1]].day > b->vis[b->order[k]].day; k--) {
			size_t x = b->order[k];
			b->order[k] = b->order[k - 1];
			b->order[k - 1] = x;
		}
	b->n_order = n;
	for (size_t i = 0; i < n; i++)
		if (b->vis[b->order[i]].flagged)
			base = i;
	if (base == NONE && (base = identified_at(b)) == NONE - 1)
		return -1;
	for (size_t i = 0; i < n && base == NONE; i++)
		if (b->vis[b->order[i]].screening && (i + 1 == n || !b->vis[b->order[i + 1]].screening))
			base = i;
	if (n == 0) {
		ROW_DIAG(b, SDTM_NO_BASELINE, b->tu, b->les[0].tu, COL__N, "subject %s%s%s has no dated TR row: "
		         "no case", b->s->usubjid, b->reader[0] ? ", reader " : "", b->reader);
		return -1;
	}
	if (base == NONE)
		base = 0;
	for (size_t i = 0; i < base; i++)
		ROW_DIAG(b, SDTM_BEFORE_BASELINE, b->tr, b->vis[b->order[i]].first, COL__N, "visit %s is before "
		         "the baseline visit %s: its rows are not used", b->vis[b->order[i]].name,
		         b->vis[b->order[base]].name);
	memmove(b->order, b->order + base, (n - base) * sizeof *b->order);
	b->n_order = n - base;
	for (size_t i = 1; i < b->n_order; i++)
		if (b->vis[b->order[i]].day == b->vis[b->order[i - 1]].day) {
			char d[11];
			date_format(b->vis[b->order[i]].day, d);
			ROW_DIAG(b, SDTM_CONFLICT, b->tr, b->vis[b->order[i]].first, COL__N, "visits %s and %s are both "
			         "dated %s: subject %s%s%s is not imported", b->vis[b->order[i - 1]].name,
			         b->vis[b->order[i]].name, d, b->s->usubjid, b->reader[0] ? ", reader " : "", b->reader);
			return -1;
		}
	return 0;
}

/* The assessment (index into order) of a visit, or NONE. */
static size_t assessment_of_visit(const struct build *b, size_t v)
{
	for (size_t i = 0; i < b->n_order; i++)
		if (b->order[i] == v)
			return i;
	return NONE;
}

/* The assessment a dated or visit-named row of TU or RS belongs to, or NONE. */
static size_t assessment_of_row(const struct build *b, const struct sdtm_row *r)
{
	int32_t day;
	const char *key = r->v[COL_VISITNUM][0] ? r->v[COL_VISITNUM] : r->v[COL_VISIT];

	if (sdtm_date(r->v[COL_DTC], &day) == 2)
		for (size_t i = 0; i < b->n_order; i++) {
			const struct visit *v = &b->vis[b->order[i]];
			if (day >= v->day && day <= (v->dated == 2 ? v->last : v->day))
				return i;
		}
	if (key[0])
		for (size_t i = 0; i < b->n_order; i++) {
			const struct visit *v = &b->vis[b->order[i]];
			if (strcmp(v->key, key) == 0 || (strncmp(v->key, key, strlen(key)) == 0 && v->key[strlen(key)] == '@'))
				return i;
		}
	/* A row that names the visit one way (VISIT) where TR names it another (VISITNUM). */
	if (r->v[COL_VISIT][0])
		for (size_t i = 0; i < b->n_order; i++)
			if (strcasecmp(b->vis[b->order[i]].name, r->v[COL_VISIT]) == 0)
				return i;
	return NONE;
}

/* ---- reported calls (RS) ---- */

static const struct recist_ruleset *set_of_category(const struct build *b, const char *cat)
{
	for (size_t k = 0; k < b->s->n_sets; k++)
		if (b->s->sets[k]->cdisc_rscat != NULL && strcasecmp(b->s->sets[k]->cdisc_rscat, cat) == 0)
			return b->s->sets[k];
	return NULL;
}

static size_t set_index(const struct build *b, const struct recist_ruleset *rs)
{
	for (size_t k = 0; k < b->s->n_sets; k++)
		if (b->s->sets[k] == rs)
			return k;
	return NONE;
}

static void put_call(struct build *b, const struct sdtm_table *t, struct calls *c, int key,
                     const struct sdtm_row *r, const char *value)
{
	if (c->row[key] != NULL && strcmp(c->value[key], value) != 0) {
		ROW_DIAG(b, SDTM_CONFLICT, t, r, COL__N, "a second %s call at this assessment, %s (row %lu says %s): "
		         "the row is not used", r->v[COL_TESTCD], value, c->row[key]->number, c->value[key]);
		return;
	}
	c->row[key] = r;
	c->value[key] = value;
}

/* A BESTRESP: the reported best response of its rule set; a second one that differs is reported. */
static void place_best(struct build *b, const struct sdtm_rs_test *test, size_t set, const struct sdtm_row *r,
                       enum sdtm_col vcol, recist_response resp)
{
	const struct sdtm_row **best = &b->best[set];
	recist_response had;
	const char *u = *best ? upper(b, (*best)->v[(*best)->v[COL_STRESC][0] ? COL_STRESC : COL_ORRES]) : NULL;

	if (*best != NULL && (u == NULL || test->value(b->s->sets[set], u, &had) < 0 || had != resp))
		ROW_DIAG(b, SDTM_CONFLICT, b->rs, r, vcol, "a second BESTRESP (row %lu): the row is not used", (*best)->number);
	else
		*best = r;
}

/* One RS row of the reader: a call placed at its assessment, or reported.  0, or RECIST_ENOMEM. */
static int place_rs_row(struct build *b, const struct sdtm_row *r, const char **unknown)
{
	size_t n_sets = b->s->n_sets, at;
	const struct sdtm_rs_test *test;
	const struct recist_ruleset *rs;
	const char *testcd, *value;
	enum sdtm_col vcol = r->v[COL_STRESC][0] ? COL_STRESC : COL_ORRES;
	recist_response resp;

	if ((testcd = upper(b, r->v[COL_TESTCD])) == NULL || (value = upper(b, r->v[vcol])) == NULL)
		return RECIST_ENOMEM;
	if ((test = sdtm_rs_test_lookup(testcd)) == NULL)
		return 0;  /* SYMPTDTR and tests of other kinds: not calls recist makes */
	if ((rs = set_of_category(b, r->v[COL_CAT])) == NULL) {
		if (*unknown == NULL || strcmp(*unknown, r->v[COL_CAT]) != 0)
			ROW_DIAG(b, SDTM_NOT_READ, b->rs, r, COL_CAT, "RSCAT '%s' names no loaded rule set: "
			         "the subject's %s calls are not read", r->v[COL_CAT], r->v[COL_CAT]);
		*unknown = r->v[COL_CAT];
		return 0;
	}
	if (strcmp(value, "NED") == 0) {  /* no evidence of disease: a reader's finding, not a response of these criteria */
		ROW_DIAG(b, SDTM_NOT_READ, b->rs, r, vcol, "%s NED (no evidence of disease) is not a response "
		         "%s gives: the call is not compared", test->testcd, rs->id);
		return 0;
	}
	if (test->value(rs, value, &resp) < 0) {
		char expected[128];
		sdtm_rs_expected(test, rs, expected, sizeof expected);
		ROW_DIAG(b, SDTM_BAD_VALUE, b->rs, r, vcol, "%s '%s' is not controlled terminology (expected "
		         "%s): the call is not compared", test->testcd, r->v[vcol], expected);
		return 0;
	}
	if (strcmp(test->key, "best") == 0) {
		place_best(b, test, set_index(b, rs), r, vcol, resp);
		return 0;
	}
	if ((at = assessment_of_row(b, r)) == NONE) {
		ROW_DIAG(b, SDTM_UNMATCHED_CALL, b->rs, r, COL_DTC, "%s call of visit %s, %s, matches no "
		         "assessment of the subject's TR rows: it is not compared", test->testcd,
		         r->v[COL_VISIT][0] ? r->v[COL_VISIT] : "(none)", r->v[COL_DTC][0] ? r->v[COL_DTC] : "undated");
		return 0;
	}
	int key = strcmp(test->key, "target") == 0 ? CALL_TARGET : strcmp(test->key, "non_target") == 0 ?
	          CALL_NON_TARGET : strcmp(test->key, "new_lesions") == 0 ? CALL_NEW : CALL_OVERALL;
	struct calls *c = &b->calls[at * n_sets + set_index(b, rs)];
	/*
	 * NEWLPROG says more than NEWLIND: an equivocal new lesion is a
	 * NEWLIND of Y, and NEWLPROG tells whether it is progression.
	 */
	bool prog = strcmp(testcd, "NEWLPROG") == 0;
	if (key == CALL_NEW && c->row[key] != NULL && prog != (strcasecmp(c->row[key]->v[COL_TESTCD], "NEWLPROG") == 0)) {
		if (!prog)
			return 0;
		c->row[key] = NULL;
	}
	put_call(b, b->rs, c, key, r, recist_response_name(resp));
	return 0;
}

/* The reported calls: the sums of TR (cdisc.sum_test), then RS's rows. */
static int place_calls(struct build *b)
{
	size_t n_sets = b->s->n_sets;
	const char *unknown = NULL;
	int rc;

	if ((b->calls = arena_calloc(b->a, b->n_order * n_sets + 1, sizeof *b->calls)) == NULL ||
	    (b->best = arena_calloc(b->a, n_sets + 1, sizeof *b->best)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < b->n_obs; i++) {
		const struct obs *o = &b->obs[i];
		size_t at;
		if (o->dropped || o->test != TEST_SUM || o->not_done || o->mm[0] == '\0' ||
		    (at = assessment_of_visit(b, o->visit)) == NONE)
			continue;
		put_call(b, b->tr, &b->calls[at * n_sets + set_index(b, o->sum_of)], CALL_SUM, o->row, o->mm);
	}
	for (size_t i = 0; i < b->s->n[DOM_RS]; i++) {
		const struct sdtm_row *r = &b->s->rows[DOM_RS][i];
		if (mine(b, r) && strcasecmp(r->v[COL_STAT], "NOT DONE") != 0 && (rc = place_rs_row(b, r, &unknown)) < 0)
			return rc;
	}
	return 0;
}

/* ---- the document ---- */

/* A lesion's rows at one visit, the measurement of each axis chosen. */
struct meas {
	const struct obs             *main;      /* the axis summed: diameter (non-nodal), short axis (nodes) */
	const struct obs             *long_axis; /* a node's LDIAM */
	const struct obs             *viable;
	const struct sdtm_state_term *state;
	bool                          not_done, any;
};

/*
 * DIAMETER is the value as collected, its axis given by TULOC; LDIAM and
 * LPERP name the axis.  A lesion that has both uses DIAMETER, or the axis
 * codes with axis_codes; LDIAM and LPERP are never added together.
 */
static void gather(const struct build *b, size_t visit, size_t lesion, struct meas *m)
{
	const struct obs *ldiam = NULL, *lperp = NULL, *dia = NULL;
	bool nodal = b->les[lesion].nodal, axis = b->s->opts->axis_codes;
	size_t lo = 0, hi = b->n_obs;

	memset(m, 0, sizeof *m);
	/* The observations are sorted by visit, then lesion (split_visits): the first of this pair. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct obs *o = &b->obs[mid];
		if (o->visit < visit || (o->visit == visit && o->lesion < lesion))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < b->n_obs && b->obs[i].visit == visit && b->obs[i].lesion == lesion; i++) {
		const struct obs *o = &b->obs[i];
		if (o->dropped)
			continue;
		m->any = true;
		if (o->not_done) {
			m->not_done = true;
			continue;
		}
		switch (o->test) {
		case TEST_LDIAM:    ldiam = o; break;
		case TEST_LPERP:    lperp = o; break;
		case TEST_DIAMETER: dia = o; break;
		case TEST_VDIAM:    m->viable = o; break;
		case TEST_TUMSTATE:
		case TEST_LNSTATE:  m->state = o->state; break;
		default:            break;
		}
	}
	if (nodal) {
		m->main = axis ? (lperp ? lperp : dia) : (dia ? dia : lperp);
		m->long_axis = ldiam;
	} else {
		m->main = axis ? (ldiam ? ldiam : dia) : (dia ? dia : ldiam);
	}
}

static int number_key(recist_buffer *out, const char *key, const struct obs *o, bool *first)
{
	int rc = buf_puts(out, *first ? "\"" : ", \"") | buf_puts(out, key) | buf_puts(out, "\": ") | buf_puts(out, o->mm);

	*first = false;
	return rc;
}

/* Whether a target's rows give it a measurement a case can hold (else emit_target writes not_evaluated). */
static bool target_measured(const struct meas *m)
{
	return (m->main && (m->main->mm[0] || m->main->too_small)) || (m->long_axis && m->long_axis->mm[0]) ||
	       (m->viable && m->viable->mm[0]);
}

static int emit_target(const struct build *b, const struct meas *m, recist_buffer *out)
{
	bool first = true;
	int rc = 0;

	rc |= buf_puts(out, "{");
	if (m->main && m->main->mm[0])
		rc |= number_key(out, m->main->test == TEST_LPERP || (m->main->test == TEST_DIAMETER &&
		                 b->les[m->main->lesion].nodal) ? "short_axis_mm" : "diameter_mm", m->main, &first);
	else if (m->main && m->main->too_small) {
		rc |= buf_puts(out, "\"too_small\": true");
		first = false;
	}
	if (m->long_axis && m->long_axis->mm[0])
		rc |= number_key(out, "diameter_mm", m->long_axis, &first);
	/* A viable diameter too small to measure: with the whole lesion too small, too_small says both. */
	if (m->viable && m->viable->mm[0] && !(m->viable->too_small && m->main && m->main->too_small))
		rc |= number_key(out, "viable_mm", m->viable, &first);
	if (first)
		rc |= buf_puts(out, "\"not_evaluated\": true");
	rc |= buf_puts(out, "}");
	return rc ? RECIST_ENOMEM : 0;
}

static int emit_non_target(const struct build *b, size_t lesion, const struct meas *m, recist_buffer *out)
{
	const char *status = m->state ? m->state->status : m->not_done ? "not_evaluated" : NULL;
	int rc = 0;

	if (status == NULL)  /* measured without a state: present, or gone at 0 mm */
		status = m->main && m->main->mm[0] && strspn(m->main->mm, "0.") != strlen(m->main->mm) ? "present"
		         : m->main && m->main->mm[0] ? "absent" : "present";
	rc |= buf_puts(out, "{\"status\": \"") | buf_puts(out, status) | buf_puts(out, "\"");
	if (b->les[lesion].nodal && strcmp(status, "present") == 0 && m->main && m->main->mm[0])
		rc |= buf_puts(out, ", \"short_axis_mm\": ") | buf_puts(out, m->main->mm);
	rc |= buf_puts(out, "}");
	return rc ? RECIST_ENOMEM : 0;
}

/* A lesion's object opened with its id, organ (TULOC) and location (TULOCDTL), after a comma unless *first. */
static int emit_identity(recist_buffer *out, const struct les *l, bool *first)
{
	int rc = buf_puts(out, *first ? "{\"id\": " : ", {\"id\": ");

	*first = false;
	rc |= json_string(out, l->id);
	if (l->tu->v[COL_LOC][0]) {
		rc |= buf_puts(out, ", \"organ\": ");
		rc |= json_string(out, l->tu->v[COL_LOC]);
	}
	if (l->tu->v[COL_LOCDTL][0]) {
		rc |= buf_puts(out, ", \"location\": ");
		rc |= json_string(out, l->tu->v[COL_LOCDTL]);
	}
	return rc;
}

/* A new lesion at assessment k: seen there (rows other than ABSENT or NOT DONE), or first identified there. */
static int emit_new(const struct build *b, size_t k, size_t lesion, bool *first, recist_buffer *out)
{
	const struct les *l = &b->les[lesion];
	struct meas m;
	int rc = 0;

	if (l->first_visit == NONE || assessment_of_visit(b, l->first_visit) > k)
		return 0;
	gather(b, b->order[k], lesion, &m);
	if (l->first_visit != b->order[k] &&
	    (!m.any || (m.state && strcmp(m.state->status, "absent") == 0) || (m.not_done && !m.main && !m.state)))
		return 0;
	rc |= emit_identity(out, l, first);
	rc |= buf_printf(out, ", \"nodal\": %s", l->nodal ? "true" : "false");
	if (m.main && m.main->mm[0])
		rc |= buf_printf(out, ", \"%s\": %s", l->nodal ? "short_axis_mm" : "diameter_mm", m.main->mm);
	if (m.state && m.state->equivocal)
		rc |= buf_puts(out, ", \"equivocal\": true");
	rc |= buf_puts(out, "}");
	return rc ? RECIST_ENOMEM : 0;
}

static int emit_calls(const struct build *b, const struct calls *c, recist_buffer *out)
{
	static const char *const keys[] = { "target", "non_target", "new_lesions", "overall", "sum_mm" };
	bool first_set = true;
	int rc = 0;

	for (size_t k = 0; k < b->s->n_sets; k++) {
		bool first = true;
		if (!c[k].row[0] && !c[k].row[1] && !c[k].row[2] && !c[k].row[3] && !c[k].row[4])
			continue;
		rc |= buf_puts(out, first_set ? ", \"reported\": {" : ", ");
		first_set = false;
		rc |= json_string(out, b->s->sets[k]->id);
		rc |= buf_puts(out, ": {");
		for (int key = 0; key < 5; key++) {
			if (c[k].row[key] == NULL)
				continue;
			rc |= buf_puts(out, first ? "\"" : ", \"") | buf_puts(out, keys[key]) | buf_puts(out, "\": ");
			rc |= key == CALL_SUM ? buf_puts(out, c[k].value[key]) : json_string(out, c[k].value[key]);
			first = false;
		}
		rc |= buf_puts(out, "}");
	}
	if (!first_set)
		rc |= buf_puts(out, "}");
	return rc ? RECIST_ENOMEM : 0;
}

/* "sdtm": {"KEY": value, ...} of the filled ones among n keys, or nothing. */
static int emit_ids(recist_buffer *out, const char *const *keys, const char *const *values, size_t n)
{
	bool first = true;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (values[i] == NULL || values[i][0] == '\0')
			continue;
		rc |= buf_puts(out, first ? ", \"sdtm\": {\"" : ", \"") | buf_puts(out, keys[i]) | buf_puts(out, "\": ");
		rc |= json_string(out, values[i]);
		first = false;
	}
	if (!first)
		rc |= buf_puts(out, "}");
	return rc ? RECIST_ENOMEM : 0;
}

static int emit_assessment(const struct build *b, size_t k, recist_buffer *out)
{
	static const char *const keys[] = { "VISIT", "VISITNUM" };
	const struct visit *v = &b->vis[b->order[k]];
	bool first = true;
	char d[11];
	int rc = 0;

	date_format(v->day, d);
	rc |= buf_puts(out, k ? ", {\"date\": \"" : "{\"date\": \"") | buf_append(out, d, 10) | buf_puts(out, "\"");
	rc |= emit_ids(out, keys, (const char *const[]){ v->first->v[COL_VISIT], v->first->v[COL_VISITNUM] }, 2);
	rc |= buf_puts(out, ", \"lesions\": {");
	for (size_t i = 0; i < b->n_les; i++) {
		struct meas m;
		if (b->les[i].role == SROLE_NEW)
			continue;
		gather(b, b->order[k], i, &m);
		if (!m.any)
			continue;
		rc |= buf_puts(out, first ? "" : ", ");
		first = false;
		rc |= json_string(out, b->les[i].id);
		rc |= buf_puts(out, ": ");
		rc |= b->les[i].role == SROLE_TARGET ? emit_target(b, &m, out) : emit_non_target(b, i, &m, out);
	}
	rc |= buf_puts(out, "}");
	if (k > 0) {
		first = true;
		rc |= buf_puts(out, ", \"new_lesions\": [");
		for (size_t i = 0; i < b->n_les; i++)
			if (b->les[i].role == SROLE_NEW)
				rc |= emit_new(b, k, i, &first, out);
		rc |= buf_puts(out, "]");
	}
	rc |= emit_calls(b, &b->calls[k * b->s->n_sets], out);
	rc |= buf_puts(out, "}");
	return rc ? RECIST_ENOMEM : 0;
}

static int emit(struct build *b, const char *case_id, recist_buffer *out)
{
	bool first = true;
	int rc = 0;

	static const char *const keys[] = { "STUDYID", "USUBJID", "EVAL", "EVALID" };
	const struct sdtm_row *id = b->les[0].tu;

	rc |= buf_puts(out, "{\"format\": \"recist-case/1\", \"case_id\": ");
	rc |= json_string(out, case_id);
	rc |= emit_ids(out, keys, (const char *const[]){ id->v[COL_STUDYID], b->s->usubjid, id->v[COL_EVAL],
	                                                  id->v[COL_EVALID] }, 4);
	if (b->s->start != NULL)
		rc |= buf_printf(out, ", \"treatment_start\": \"%s\"", b->s->start);
	rc |= buf_puts(out, ", \"lesions\": [");
	for (size_t i = 0; i < b->n_les; i++) {
		const struct les *l = &b->les[i];
		if (l->role == SROLE_NEW)
			continue;
		rc |= emit_identity(out, l, &first);
		rc |= buf_puts(out, l->role == SROLE_TARGET ? ", \"role\": \"target\"" : ", \"role\": \"non-target\"");
		rc |= buf_puts(out, l->nodal ? ", \"nodal\": true}" : ", \"nodal\": false}");
	}
	rc |= buf_puts(out, "], \"assessments\": [");
	for (size_t k = 0; k < b->n_order; k++)
		rc |= emit_assessment(b, k, out);
	rc |= buf_puts(out, "]");
	first = true;
	for (size_t k = 0; k < b->s->n_sets; k++) {
		const struct sdtm_row *r = b->best[k];
		recist_response resp;
		const char *u;
		if (r == NULL)
			continue;
		u = upper(b, r->v[COL_STRESC][0] ? r->v[COL_STRESC] : r->v[COL_ORRES]);
		if (u == NULL || sdtm_rs_test_lookup("BESTRESP")->value(b->s->sets[k], u, &resp) < 0)
			continue;
		rc |= buf_puts(out, first ? ", \"reported_best_overall\": {" : ", ");
		first = false;
		rc |= json_string(out, b->s->sets[k]->id);
		rc |= buf_puts(out, ": ");
		rc |= json_string(out, recist_response_name(resp));
	}
	if (!first)
		rc |= buf_puts(out, "}");
	rc |= buf_puts(out, "}\n");
	return rc ? RECIST_ENOMEM : 0;
}

/* ---- one case ---- */

/* Each new lesion's first visit; one seen at the baseline is not new. */
static void place_new_lesions(struct build *b)
{
	for (size_t i = 0; i < b->n_les; i++) {
		struct les *l = &b->les[i];
		size_t at, first = NONE;
		if (l->role != SROLE_NEW)
			continue;
		if ((at = assessment_of_row(b, l->tu)) != NONE)
			first = at;
		for (size_t o = 0; o < b->n_obs; o++)
			if (b->obs[o].lesion == i && !b->obs[o].dropped &&
			    (at = assessment_of_visit(b, b->obs[o].visit)) != NONE && at < first)
				first = at;
		if (first == 0) {
			ROW_DIAG(b, SDTM_BAD_ROW, b->tu, l->tu, COL__N, "new lesion %s is seen at the baseline visit %s: "
			         "it is not used", l->id, b->vis[b->order[0]].name);
			continue;
		}
		/* A new lesion left out would hide a progression: an error, never silence. */
		if (first == NONE)
			ROW_DIAG(b, SDTM_BAD_ROW, b->tu, l->tu, l->tu->v[COL_DTC][0] ? COL_DTC : COL_VISIT, "new lesion %s: "
			         "neither its TU row (visit %s%s%s) nor any TR row places it at an assessment of subject %s%s%s: "
			         "it is not used", l->id, l->tu->v[COL_VISIT][0] ? l->tu->v[COL_VISIT] : "(none)",
			         l->tu->v[COL_DTC][0] ? ", " : "", l->tu->v[COL_DTC], b->s->usubjid,
			         b->reader[0] ? ", reader " : "", b->reader);
		l->first_visit = first == NONE ? NONE : b->order[first];
	}
}

/*
 * A viable diameter too small to measure beside a measured whole diameter,
 * without the sponsor's value in TRSTRESN, is something a case cannot
 * hold (too_small goes with no diameter): said, so that the lesion's NE
 * under mRECIST at that visit has its reason.
 */
static void say_unsayable(struct build *b)
{
	for (size_t k = 0; k < b->n_order; k++)
		for (size_t i = 0; i < b->n_les; i++) {
			struct meas m;
			if (b->les[i].role != SROLE_TARGET)
				continue;
			gather(b, b->order[k], i, &m);
			if (m.viable && m.viable->too_small && !m.viable->mm[0] && m.main && m.main->mm[0])
				ROW_DIAG(b, SDTM_NOT_READ, b->tr, m.viable->row,
				         m.viable->row->v[COL_ORRES][0] ? COL_ORRES : COL_STRESC, "VDIAM TOO SMALL TO MEASURE beside "
				         "a measured %s, without a value in TRSTRESN: a case cannot hold it, and %s has no "
				         "viable diameter at visit %s", m.main->row->v[COL_TESTCD], b->les[i].id,
				         b->vis[b->order[k]].name);
		}
}

/* Every target measured at the baseline, or no case (said). */
static int check_baseline(struct build *b)
{
	int rc = 0;

	for (size_t i = 0; i < b->n_les; i++) {
		struct meas m;
		if (b->les[i].role != SROLE_TARGET)
			continue;
		gather(b, b->order[0], i, &m);
		if (!target_measured(&m)) {
			char d[11];
			date_format(b->vis[b->order[0]].day, d);
			ROW_DIAG(b, SDTM_NO_BASELINE, b->tu, b->les[i].tu, COL_LNKID, "target %s is not measured at the "
			         "baseline visit %s (%s): subject %s%s%s is not imported", b->les[i].id,
			         b->vis[b->order[0]].name, d, b->s->usubjid, b->reader[0] ? ", reader " : "", b->reader);
			rc = -1;
		}
	}
	return rc;
}

int sdtm_case(const struct sdtm_subject *s, const char *reader, const char *case_id, struct arena *scratch,
              recist_buffer *out, const recist_diag_sink *sink, bool *bad)
{
	struct build b;
	int rc;

	memset(&b, 0, sizeof b);
	b.s = s;
	b.reader = reader;
	b.a = scratch;
	b.sink = sink;
	b.bad = bad;
	b.tu = &s->tables[DOM_TU];
	b.tr = &s->tables[DOM_TR];
	b.rs = &s->tables[DOM_RS];
	if ((rc = lesions_of(&b)) < 0)
		return rc;
	if (b.n_les == 0 && s->opts->rs_alone && s->n[DOM_TU] == 0 && s->n[DOM_TR] == 0)
		return 0;  /* the caller makes histories of the calls */
	size_t n_baseline = 0;
	for (size_t i = 0; i < b.n_les; i++)
		n_baseline += b.les[i].role != SROLE_NEW;
	if (n_baseline == 0) {
		const struct sdtm_row *r = s->n[DOM_RS] ? s->rows[DOM_RS] : s->n[DOM_TR] ? s->rows[DOM_TR] : s->rows[DOM_TU];
		const struct sdtm_table *t = s->n[DOM_RS] ? b.rs : s->n[DOM_TR] ? b.tr : b.tu;
		ROW_DIAG(&b, SDTM_NO_LESIONS, t, r, COL_USUBJID, "subject %s%s%s has no baseline lesion in TU: no case to score",
		         s->usubjid, reader[0] ? ", reader " : "", reader);
		return 0;
	}
	if ((rc = observe(&b)) < 0 || (rc = split_visits(&b)) < 0)
		return rc;
	drop_repeats(&b);
	date_visits(&b);
	if ((rc = choose_baseline(&b)) != 0)
		return rc == -1 ? 0 : rc;
	place_new_lesions(&b);
	if (check_baseline(&b) < 0)
		return 0;
	if ((rc = place_calls(&b)) < 0)
		return rc;
	say_unsayable(&b);
	/* Without a start, the SD minimum and the time to progression count from the baseline scan. */
	if (s->start == NULL && (s->tables[DOM_DM].present || s->tables[DOM_ADSL].present))
		ROW_DIAG(&b, SDTM_START_UNKNOWN, b.tu, b.les[0].tu, COL_USUBJID, "subject %s has no treatment start "
		         "in DM or ADSL: its clock starts at the baseline scan", s->usubjid);
	return emit(&b, case_id, out);
}
