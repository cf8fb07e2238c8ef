/*
 * summary_write.c - recist summary written as rows, JSON (recist-summary/1)
 * or CSV, with the numbers of summary_stats.c; the text is tables
 * (summary_text.c).
 *
 * SPDX-License-Identifier: MIT
 *
 * Every number is one row: a section (what it is), the group or the pair
 * of groups, the rule set, an item, and as they apply a count n of a total,
 * an estimate with its 95 % interval, and a p-value.  Proportions are
 * fractions (0 to 1); times are months of 30.4375 days.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "output/format.h"
#include "output/summary.h"


struct row {
	const char *section, *group, *criteria, *item, *unit;
	long        n, total;     /* -1: none */
	double      est, lo, hi;  /* NAN: none */
	double      p;            /* NAN: none */
};

struct writer {
	recist_buffer *b;
	recist_format  fmt;
	size_t         n_rows;
	int            rc;
};


/* ---- Writing one row ---------------------------------------------------- */

static int json_num(recist_buffer *b, const char *key, double v, int digits)
{
	if (isnan(v))
		return buf_printf(b, ",\"%s\":null", key);
	return buf_printf(b, ",\"%s\":%.*f", key, digits, v);
}

static int write_json(recist_buffer *b, const struct row *r, size_t i)
{
	int rc = buf_printf(b, "%s{\"section\":", i ? "," : "");

	rc |= json_string(b, r->section);
	rc |= buf_printf(b, ",\"group\":");
	rc |= json_string(b, r->group);
	rc |= buf_printf(b, ",\"criteria\":");
	rc |= r->criteria ? json_string(b, r->criteria) : buf_printf(b, "null");
	rc |= buf_printf(b, ",\"item\":");
	rc |= json_string(b, r->item);
	rc |= r->n >= 0 ? buf_printf(b, ",\"n\":%ld", r->n) : buf_printf(b, ",\"n\":null");
	rc |= r->total >= 0 ? buf_printf(b, ",\"total\":%ld", r->total) : buf_printf(b, ",\"total\":null");
	rc |= buf_printf(b, ",\"unit\":");
	rc |= r->unit ? json_string(b, r->unit) : buf_printf(b, "null");
	rc |= json_num(b, "estimate", r->est, 6);
	rc |= json_num(b, "lower", r->lo, 6);
	rc |= json_num(b, "upper", r->hi, 6);
	rc |= json_num(b, "p", r->p, 6);
	return rc | buf_printf(b, "}");
}

static int csv_num(recist_buffer *b, double v, int last)
{
	return isnan(v) ? buf_printf(b, "%s", last ? "\n" : ",") : buf_printf(b, "%.6f%s", v, last ? "\n" : ",");
}

static int write_csv(recist_buffer *b, const struct row *r)
{
	int rc = csv_field(b, r->section, 0) | csv_field(b, r->group, 0) |
	         csv_field(b, r->criteria ? r->criteria : "", 0) | csv_field(b, r->item, 0);

	rc |= r->n >= 0 ? buf_printf(b, "%ld,", r->n) : buf_printf(b, ",");
	rc |= r->total >= 0 ? buf_printf(b, "%ld,", r->total) : buf_printf(b, ",");
	rc |= csv_field(b, r->unit ? r->unit : "", 0);
	return rc | csv_num(b, r->est, 0) | csv_num(b, r->lo, 0) | csv_num(b, r->hi, 0) | csv_num(b, r->p, 1);
}

static void emit(struct writer *w, const struct row *r)
{
	if (w->rc < 0)
		return;
	if (w->fmt == RECIST_FORMAT_JSON)
		w->rc = write_json(w->b, r, w->n_rows);
	else
		w->rc = write_csv(w->b, r);
	w->rc = w->rc < 0 ? RECIST_ENOMEM : 0;
	w->n_rows++;
}

/* ---- The numbers -------------------------------------------------------- */

static void proportion(struct writer *w, const char *section, const char *group, const char *crit,
                       const char *item, size_t n, size_t total)
{
	struct sum_prop p = sum_proportion(n, total);
	struct row r = { section, group, crit, item, "proportion", (long)n, (long)total, p.est, p.lo, p.hi, NAN };

	emit(w, &r);
}

/* Best responses, ORR and DCR of one group under rule set k. */
static void responses(struct writer *w, const recist_summary *s, const struct sum_group *g, size_t k)
{
	const struct sum_crit *c = &g->crit[k];
	const struct sum_vocab *v = sum_vocab_of(s, k);
	const char *id = s->crit_id[k];
	char apart[64];

	if (c->not_assessed > 0) {
		struct row r = { "not_assessed", g->name, id, "patients", NULL, (long)c->not_assessed,
		                 (long)g->n_cases, NAN, NAN, NAN, NAN };
		emit(w, &r);
	}
	if (c->n == 0)
		return;
	for (size_t i = 0; i < v->n_shown; i++)
		proportion(w, "best_overall", g->name, id, recist_response_name(v->shown[i]), c->bor[v->shown[i]], c->n);
	for (size_t i = 0; i < v->n_shown; i++)
		proportion(w, "confirmed_best_overall", g->name, id, recist_response_name(v->shown[i]),
		           c->cbor[v->shown[i]], c->n);
	snprintf(apart, sizeof apart, "%s apart", recist_response_name(v->apart));
	proportion(w, "orr", g->name, id, v->orr, sum_rate_count(c->bor, SUM_ORR), c->n);
	proportion(w, "orr_confirmed", g->name, id, v->orr, sum_rate_count(c->cbor, SUM_ORR), c->n);
	proportion(w, "dcr", g->name, id, v->dcr, sum_rate_count(c->bor, SUM_DCR), c->n);
	proportion(w, "dcr", g->name, id, apart, c->bor[v->apart], c->n);
	proportion(w, "dcr_confirmed", g->name, id, v->dcr, sum_rate_count(c->cbor, SUM_DCR), c->n);
}

/* Fisher's exact test of ORR and DCR, best and confirmed, between every two groups, rule set k. */
static void fisher_pairs(struct writer *w, const recist_summary *s, size_t k)
{
	static const struct { const char *section; enum sum_rate rate; bool confirmed; } ends[] = {
		{ "orr", SUM_ORR, false }, { "dcr", SUM_DCR, false },
		{ "orr_confirmed", SUM_ORR, true }, { "dcr_confirmed", SUM_DCR, true },
	};

	for (size_t a = 0; a < s->n_groups; a++)
		for (size_t b = a + 1; b < s->n_groups; b++) {
			const struct sum_crit *ca = &s->groups[a].crit[k], *cb = &s->groups[b].crit[k];
			char pair[160];

			if (ca->n == 0 || cb->n == 0)
				continue;
			snprintf(pair, sizeof pair, "%s vs %s", s->groups[a].name, s->groups[b].name);
			for (size_t e = 0; e < ARRAY_SIZE(ends); e++) {
				struct row r = { ends[e].section, pair, s->crit_id[k], "Fisher exact, two-sided", NULL, -1, -1,
				                 NAN, NAN, NAN,
				                 ends[e].confirmed ? sum_fisher(ca->cbor, ca->n, cb->cbor, cb->n, ends[e].rate)
				                                   : sum_fisher(ca->bor, ca->n, cb->bor, cb->n, ends[e].rate) };
				emit(w, &r);
			}
		}
}

/* The patients whose best responses differ between the two rule sets, of those both assessed. */
static void disagree(struct writer *w, const struct sum_group *g, const char *crit)
{
	size_t total = 0, agree = 0;

	for (size_t i = 0; i < SUM_RESP; i++)
		for (size_t j = 0; j < SUM_RESP; j++) {
			total += g->cross[i][j];
			agree += sum_same_response((recist_response)i, (recist_response)j) ? g->cross[i][j] : 0;
		}
	if (total > 0)
		proportion(w, "cross", g->name, crit, "disagree", total - agree, total);
}

/* The cross-table of the first two rule sets, its non-empty cells and the disagreement; flags and warnings. */
static void discordance(struct writer *w, const recist_summary *s, const struct sum_group *g)
{
	char crit[80], item[64];

	if (s->n_crit >= 2) {
		snprintf(crit, sizeof crit, "%s x %s", s->crit_id[0], s->crit_id[1]);
		for (size_t i = 0; i < SUM_RESP; i++)
			for (size_t j = 0; j < SUM_RESP; j++) {
				if (g->cross[i][j] == 0)
					continue;
				snprintf(item, sizeof item, "%s / %s", recist_response_name((recist_response)i),
				         recist_response_name((recist_response)j));
				struct row r = { "cross", g->name, crit, item, NULL, (long)g->cross[i][j], -1, NAN, NAN,
				                 NAN, NAN };
				emit(w, &r);
			}
		disagree(w, g, crit);
	}
	for (size_t i = 0; i < g->n_flags; i++)
		proportion(w, "flag", g->name, NULL, g->flags[i].code, g->flags[i].n, g->n_cases);
	for (size_t i = 0; i < g->n_warnings; i++) {
		struct row r = { "warning", g->name, NULL, g->warnings[i].code, NULL, (long)g->warnings[i].n, -1,
		                 NAN, NAN, NAN, NAN };
		emit(w, &r);
	}
}

/* One group's curve of an endpoint: events, median, 1-, 2- and 3-year rates. */
static int curve(struct writer *w, const char *section, const char *group, const char *crit,
                 const struct sum_times *t, unsigned gi)
{
	static const char *const years[] = { "1 year", "2 years", "3 years" };
	struct sum_km km;
	int rc = sum_km_of(&km, t, gi);

	if (rc <= 0)
		return rc;
	struct row r = { section, group, crit, "events", NULL, (long)km.events, (long)km.subjects,
	                 NAN, NAN, NAN, NAN };
	emit(w, &r);
	r.n = r.total = -1;
	r.item = "median";
	r.unit = "months";
	r.est = km.median / DAYS_MONTH;
	r.lo = km.median_lo / DAYS_MONTH;
	r.hi = km.median_hi / DAYS_MONTH;
	emit(w, &r);
	r.unit = "proportion";
	for (int y = 0; y < 3; y++) {
		r.item = years[y];
		r.est = km.rate[y];
		r.lo = km.lo[y];
		r.hi = km.hi[y];
		emit(w, &r);
	}
	return 0;
}

/* An endpoint over the groups: each curve, then the log-rank test between them. */
static int endpoint(struct writer *w, const recist_summary *s, const char *section, const char *crit,
                    const struct sum_times *t)
{
	double chisq, p;

	if (t->n == 0)
		return 0;
	for (size_t g = 0; g < s->n_groups; g++)
		if (curve(w, section, s->groups[g].name, crit, t, (unsigned)g) < 0)
			return RECIST_ENOMEM;
	if (sum_logrank(s, t, &chisq, &p) < 0)
		return RECIST_ENOMEM;
	if (!isnan(p)) {
		struct row r = { section, "all groups", crit, "log-rank chi-square", "chi-square", -1, -1, chisq,
		                 NAN, NAN, p };
		emit(w, &r);
	}
	return 0;
}

static int write_rows(struct writer *w, const recist_summary *s)
{
	if (s->n_rejected > 0) {
		struct row r = { "rejected", "all groups", NULL, "error records", NULL, (long)s->n_rejected, -1,
		                 NAN, NAN, NAN, NAN };
		emit(w, &r);
	}
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t k = 0; k < s->n_crit; k++)
			responses(w, s, &s->groups[g], k);
	for (size_t k = 0; k < s->n_crit; k++)
		fisher_pairs(w, s, k);
	for (size_t g = 0; g < s->n_groups; g++)
		discordance(w, s, &s->groups[g]);
	for (size_t k = 0; k < s->n_crit; k++)
		if (endpoint(w, s, "time_to_progression", s->crit_id[k], &s->ttp[k]) < 0)
			return RECIST_ENOMEM;
	if (endpoint(w, s, "overall_survival", NULL, &s->os) < 0)
		return RECIST_ENOMEM;
	return w->rc;
}

int recist_summary_write(recist_buffer *b, const recist_summary *s, recist_format fmt)
{
	struct writer w = { b, fmt, 0, 0 };
	int rc;

	if (fmt != RECIST_FORMAT_JSON && fmt != RECIST_FORMAT_CSV)
		return summary_text(b, s);
	if (fmt == RECIST_FORMAT_JSON)
		rc = buf_printf(b, "{\"format\":\"recist-summary/1\",\"by\":\"%s\",\"cases\":%zu,\"rows\":[",
		                s->by_none ? "none" : "arm", s->n_cases);
	else
		rc = buf_printf(b, "section,group,criteria,item,n,total,unit,estimate,lower,upper,p\n");
	if (rc < 0 || write_rows(&w, s) < 0)
		return RECIST_ENOMEM;
	if (fmt == RECIST_FORMAT_JSON && buf_printf(b, "]}\n") < 0)
		return RECIST_ENOMEM;
	return 0;
}
