/*
 * sdtm_history.c - one subject's overall responses in RS, of one reader
 * and one rule set, as a response history (sdtm.h): what `recist bor`
 * derives the best overall response from when the measurements (TU, TR)
 * are not at hand.  recist-sdtm(5) documents it.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "input/sdtm.h"

struct response {
	const struct sdtm_row *row;
	int32_t                day;
	recist_response        overall;
	recist_response        part[3];  /* the site's TRGRESP, NTRGRESP, NEWLIND/NEWLPROG that day; NONE: none */
};

/* The key of each component in a history, and the RS tests that give it. */
static const char *const part_key[3] = { "target", "non_target", "new_lesions" };

static int by_day(const void *x, const void *y)
{
	const struct response *p = x, *q = y;

	if (p->day != q->day)
		return p->day < q->day ? -1 : 1;
	return (p->row->number > q->row->number) - (p->row->number < q->row->number);
}

/* Each OVRLRESP row of the reader under rs, checked and dated: the count, or RECIST_ENOMEM. */
static long collect(const struct sdtm_subject *s, const char *reader, const struct recist_ruleset *rs,
                    struct arena *a, struct response **out, const recist_diag_sink *sink, bool *bad)
{
	const struct sdtm_table *t = &s->tables[DOM_RS];
	const struct sdtm_rs_test *test = sdtm_rs_test_lookup("OVRLRESP");
	struct response *resp;
	long n = 0;

	if ((resp = arena_calloc(a, s->n[DOM_RS] + 1, sizeof *resp)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < s->n[DOM_RS]; i++) {
		const struct sdtm_row *r = &s->rows[DOM_RS][i];
		enum sdtm_col vcol = r->v[COL_STRESC][0] ? COL_STRESC : COL_ORRES;
		char term[32];
		size_t k;
		int dated;

		if (strcmp(r->reader, reader) != 0 || strcasecmp(r->v[COL_TESTCD], "OVRLRESP") != 0 ||
		    strcasecmp(r->v[COL_CAT], rs->cdisc_rscat) != 0 || strcasecmp(r->v[COL_STAT], "NOT DONE") == 0)
			continue;
		for (k = 0; r->v[vcol][k] && k + 1 < sizeof term; k++)
			term[k] = (char)toupper((unsigned char)r->v[vcol][k]);
		term[k] = '\0';
		if (strcmp(term, "NED") == 0) {  /* no evidence of disease: a reader's finding, as in cases */
			sdtm_row_diag(sink, D_SDTM_NOT_READ, t, r, vcol, "OVRLRESP NED (no evidence of disease) is not a "
			              "response %s gives: the row is not used", rs->id);
			continue;
		}
		if (test->value(rs, term, &resp[n].overall) < 0) {
			char expected[128];
			sdtm_rs_expected(test, rs, expected, sizeof expected);
			sdtm_row_diag(sink, D_SDTM_BAD_VALUE, t, r, vcol, "OVRLRESP '%s' is not controlled terminology "
			              "(expected %s): the row is not used", r->v[vcol], expected);
			*bad = true;
			continue;
		}
		if ((dated = sdtm_date(r->v[COL_DTC], &resp[n].day)) <= 0) {
			sdtm_row_diag(sink, D_SDTM_BAD_VALUE, t, r, COL_DTC, "%s: the row is not used",
			              dated == 0 ? "no date" : "not an ISO 8601 date");
			*bad = true;
			continue;
		}
		if (dated == 1) {
			char d[11];
			date_format(resp[n].day, d);
			sdtm_row_diag(sink, D_SDTM_PARTIAL_DATE, t, r, COL_DTC, "'%s' is dated %s, the first day it allows",
			              r->v[COL_DTC], d);
		}
		resp[n++].row = r;
	}
	*out = resp;
	return n;
}

/* The term of an RS row in capitals, for the controlled-terminology tables. */
static void term_of(const struct sdtm_row *r, char out[32])
{
	const char *v = r->v[COL_STRESC][0] ? r->v[COL_STRESC] : r->v[COL_ORRES];
	size_t k;

	for (k = 0; v[k] && k + 1 < 32; k++)
		out[k] = (char)toupper((unsigned char)v[k]);
	out[k] = '\0';
}

/*
 * The component calls (TRGRESP, NTRGRESP, NEWLIND, NEWLPROG) of the reader
 * under rs dated as each response, for validate's check of the site's own
 * consistency; NEWLPROG says more than NEWLIND.  Terms that are not
 * controlled are left out (validate of the cases reports them).
 */
static void components(const struct sdtm_subject *s, const char *reader, const struct recist_ruleset *rs,
                       struct response *resp, size_t n)
{
	for (size_t i = 0; i < s->n[DOM_RS]; i++) {
		const struct sdtm_row *r = &s->rows[DOM_RS][i];
		const struct sdtm_rs_test *test;
		recist_response v;
		char term[32];
		int32_t day;
		int k;

		if (strcmp(r->reader, reader) != 0 || strcasecmp(r->v[COL_CAT], rs->cdisc_rscat) != 0 ||
		    strcasecmp(r->v[COL_STAT], "NOT DONE") == 0 || sdtm_date(r->v[COL_DTC], &day) != 2)
			continue;
		term_of(r, term);
		for (k = 0; k < 3; k++)
			if ((test = sdtm_rs_test_lookup(r->v[COL_TESTCD])) != NULL && strcmp(test->key, part_key[k]) == 0)
				break;
		if (k == 3 || test->value(rs, term, &v) < 0)
			continue;
		for (size_t j = 0; j < n; j++)
			if (resp[j].day == day && (resp[j].part[k] == RECIST_RESP_NONE || strcmp(test->testcd, "NEWLPROG") == 0))
				resp[j].part[k] = v;
	}
}

/* The reader's BESTRESP under rs, or NONE; a second that differs is reported, as in cases. */
static recist_response best_reported(const struct sdtm_subject *s, const char *reader, const struct recist_ruleset *rs,
                                     const recist_diag_sink *sink, bool *bad)
{
	const struct sdtm_row *first = NULL;
	recist_response best = RECIST_RESP_NONE;

	for (size_t i = 0; i < s->n[DOM_RS]; i++) {
		const struct sdtm_row *r = &s->rows[DOM_RS][i];
		recist_response v;
		char term[32];
		if (strcmp(r->reader, reader) != 0 || strcasecmp(r->v[COL_TESTCD], "BESTRESP") != 0 ||
		    strcasecmp(r->v[COL_CAT], rs->cdisc_rscat) != 0)
			continue;
		term_of(r, term);
		if (sdtm_rs_test_lookup("BESTRESP")->value(rs, term, &v) < 0)
			continue;  /* said by the cases' reading of the same row */
		if (first == NULL) {
			first = r;
			best = v;
		} else if (v != best) {
			sdtm_row_diag(sink, D_SDTM_CONFLICT, &s->tables[DOM_RS], r, COL__N, "a second BESTRESP, %s "
			              "(row %lu says %s): the row is not used", recist_response_name(v), first->number,
			              recist_response_name(best));
			*bad = true;
		}
	}
	return best;
}

int sdtm_history(const struct sdtm_subject *s, const char *reader, const char *case_id,
                 const struct recist_ruleset *rs, struct arena *scratch, recist_buffer *out,
                 const recist_diag_sink *sink, bool *bad)
{
	const struct sdtm_table *t = &s->tables[DOM_RS];
	struct response *resp;
	long n = collect(s, reader, rs, scratch, &resp, sink, bad);
	size_t kept = 0;
	int rc = 0;

	if (n < 0)
		return (int)n;
	if (n == 0)
		return 0;
	qsort(resp, (size_t)n, sizeof *resp, by_day);
	/* One response per date: a repeated row is dropped, a differing one leaves the subject out. */
	for (long i = 0; i < n; i++) {
		if (kept > 0 && resp[kept - 1].day == resp[i].day) {
			if (resp[kept - 1].overall != resp[i].overall) {
				sdtm_row_diag(sink, D_SDTM_CONFLICT, t, resp[i].row, COL__N, "OVRLRESP %s on the date of "
				              "row %lu, which says %s: subject %s is not scored", recist_response_name(resp[i].overall),
				              resp[kept - 1].row->number, recist_response_name(resp[kept - 1].overall), case_id);
				*bad = true;
				return 0;
			}
			continue;
		}
		resp[kept++] = resp[i];
	}
	if (s->start == NULL) {
		sdtm_row_diag(sink, D_SDTM_NO_START, t, resp[0].row, COL_USUBJID, "subject %s has no treatment start "
		              "(DM RFXSTDTC or RFSTDTC, ADSL TRTSDT): its best response is not derived", s->usubjid);
		*bad = true;
		return 0;
	}
	components(s, reader, rs, resp, kept);
	recist_response best = best_reported(s, reader, rs, sink, bad);
	rc |= buf_puts(out, "{\"case_id\": ");
	rc |= json_string(out, case_id);
	rc |= buf_puts(out, ", \"criteria\": ");
	rc |= json_string(out, rs->id);
	rc |= buf_printf(out, ", \"treatment_start\": \"%s\", \"responses\": [", s->start);
	for (size_t i = 0; i < kept; i++) {
		char d[11];
		date_format(resp[i].day, d);
		rc |= buf_printf(out, "%s{\"date\": \"%s\", \"overall\": \"%s\"", i ? ", " : "", d,
		                 recist_response_name(resp[i].overall));
		for (int k = 0; k < 3; k++)
			if (resp[i].part[k] != RECIST_RESP_NONE)
				rc |= buf_printf(out, ", \"%s\": \"%s\"", part_key[k], recist_response_name(resp[i].part[k]));
		rc |= buf_puts(out, "}");
	}
	rc |= buf_puts(out, "]");
	if (best != RECIST_RESP_NONE)
		rc |= buf_printf(out, ", \"reported_best_overall\": \"%s\"", recist_response_name(best));
	rc |= buf_puts(out, "}\n");
	return rc ? RECIST_ENOMEM : 0;
}
