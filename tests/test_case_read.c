/*
 * test_case_read.c - the case reader (src/input/case_read.c): recist-case/1 in,
 * struct recist_case or positioned diagnostics out.
 *
 * SPDX-License-Identifier: MIT
 *
 * Case texts are written with ' for " (see J()), so that they read like JSON.
 * Expected positions are found by searching the text for a marker (at()),
 * independently of the reader's own locator.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/case.h"

#ifndef FIXTURE_DIR
#define FIXTURE_DIR "fixtures/bad-case"
#endif

/* ---- A sink that keeps copies of what it is sent ---------------------- */

struct captured {
	recist_severity sev;
	char            code[40];
	char            file[64];
	unsigned        line, col;
	char            path[128];
	bool            has_path;
	char            msg[512];
};

struct capture {
	size_t          n;
	struct captured d[16];
};

static void capture_fn(void *ctx, const recist_diag *d)
{
	struct capture *cap = ctx;
	struct captured *k;

	if (cap->n == ARRAY_SIZE(cap->d))
		return;
	k = &cap->d[cap->n++];
	k->sev = d->severity;
	snprintf(k->code, sizeof k->code, "%s", d->code);
	snprintf(k->file, sizeof k->file, "%s", d->file ? d->file : "");
	k->line = d->line;
	k->col = d->column;
	k->has_path = d->path != NULL;
	snprintf(k->path, sizeof k->path, "%s", d->path ? d->path : "");
	snprintf(k->msg, sizeof k->msg, "%s", d->message);
}

/* The measurement of registry lesion k at assessment a (recorded or not). */
static const struct measurement *meas_at(const struct assessment *a, size_t k)
{
	struct meas_walk w = { a, 0 };

	return meas_of(&w, k);
}

/* ---- Fixture: one case object, one capture ---------------------------- */

static recist_case *cs;
static struct capture cap;
static char text[8192];
static size_t used;

static void setup(void)
{
	cs = recist_case_new();
	cr_assert_not_null(cs);
	memset(&cap, 0, sizeof cap);
}

static void teardown(void)
{
	recist_case_free(cs);
}

TestSuite(case_read, .init = setup, .fini = teardown);

/* text = s with every ' turned into ", so tests can write JSON inline. */
static const char *J(const char *s)
{
	size_t n = strlen(s);

	cr_assert_lt(n, sizeof text);
	for (size_t k = 0; k <= n; k++)
		text[k] = s[k] == '\'' ? '"' : s[k];
	return text;
}

static int parse_at(const char *s, unsigned line, unsigned col)
{
	recist_diag_sink sink = { capture_fn, &cap };
	recist_origin o = { "case.json", line, col };

	J(s);
	return recist_case_parse(cs, &used, text, strlen(text), &o, &sink);
}

static int parse(const char *s)
{
	return parse_at(s, 1, 1);
}

/* A valid case whose follow-up measurement of target T1 is 'meas'. */
static int parse_t1(const char *meas)
{
	static const char base[] =
		"{'case_id': 'S1',\n"
		" 'lesions': [{'id': 'T1', 'organ': 'liver', 'role': 'target'},\n"
		"             {'id': 'N1', 'organ': 'lung', 'role': 'non-target'}],\n"
		" 'assessments': [\n"
		"  {'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}, 'N1': {'status': 'present'}}},\n"
		"  {'date': '2024-03-01', 'lesions': {'T1': %s}}\n"
		" ]}\n";
	char src[2048];

	snprintf(src, sizeof src, base, meas);
	return parse(src);
}

/* The same, with 'extra' inserted into the follow-up assessment. */
static int parse_followup(const char *extra)
{
	static const char base[] =
		"{'case_id': 'S1',\n"
		" 'lesions': [{'id': 'T1', 'organ': 'liver', 'role': 'target'},\n"
		"             {'id': 'N1', 'organ': 'lung', 'role': 'non-target'}],\n"
		" 'assessments': [\n"
		"  {'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}, 'N1': {'status': 'present'}}},\n"
		"  {'date': '2024-03-01', %s}\n"
		" ]}\n";
	char src[2048];

	snprintf(src, sizeof src, base, extra);
	return parse(src);
}

/* A position in text, 1-based. */
struct lc {
	unsigned line, col;
};

/* Where the nth (0-based) occurrence of marker (' for ") lies in text. */
static struct lc at_nth(const char *marker, int nth)
{
	char m[256];
	const char *hit = text;
	struct lc lc = { 1, 1 };

	for (size_t k = 0; k <= strlen(marker) && k < sizeof m; k++)
		m[k] = marker[k] == '\'' ? '"' : marker[k];
	for (int k = 0; k <= nth; k++) {
		hit = strstr(k == 0 ? hit : hit + 1, m);
		cr_assert_not_null(hit, "marker %s not found", marker);
	}
	for (const char *p = text; p < hit; p++) {
		if (*p == '\n') {
			lc.line++;
			lc.col = 1;
		} else {
			lc.col++;
		}
	}
	return lc;
}

static struct lc at(const char *marker)
{
	return at_nth(marker, 0);
}

/* Where marker first occurs after the first occurrence of anchor. */
static struct lc at_from(const char *anchor, const char *marker)
{
	char a[256], m[256];
	const char *p, *hit;
	int nth = 0;

	for (size_t k = 0; k <= strlen(anchor) && k < sizeof a; k++)
		a[k] = anchor[k] == '\'' ? '"' : anchor[k];
	for (size_t k = 0; k <= strlen(marker) && k < sizeof m; k++)
		m[k] = marker[k] == '\'' ? '"' : marker[k];
	p = strstr(text, a);
	cr_assert_not_null(p, "anchor %s not found", anchor);
	for (hit = strstr(text, m); hit != NULL && hit < p; hit = strstr(hit + 1, m))
		nth++;
	return at_nth(marker, nth);
}

/* Diagnostic i is sev/code at path (NULL: none), at 'where'; msg if not NULL. */
static void expect_diag(size_t i, recist_severity sev, const char *code,
                        const char *path, struct lc where, const char *msg)
{
	const struct captured *d = &cap.d[i];

	cr_assert_gt(cap.n, i, "expected a diagnostic #%zu (%s), got %zu", i, code, cap.n);
	cr_expect_eq(d->sev, sev, "%s: severity", d->code);
	cr_expect_str_eq(d->code, code, "code of '%s'", d->msg);
	cr_expect_str_eq(d->file, "case.json");
	if (path == NULL)
		cr_expect_not(d->has_path, "%s: unexpected path %s", d->code, d->path);
	else
		cr_expect_str_eq(d->path, path, "%s: path", d->code);
	cr_expect_eq(d->line, where.line, "%s at %s: line %u, want %u", d->code, d->path,
	             d->line, where.line);
	cr_expect_eq(d->col, where.col, "%s at %s: column %u, want %u", d->code, d->path,
	             d->col, where.col);
	if (msg != NULL)
		cr_expect_str_eq(d->msg, msg);
}

/* The only diagnostic is error 'code'. */
static void expect_error(const char *code, const char *path, struct lc where, const char *msg)
{
	cr_expect_eq(cap.n, 1, "expected one diagnostic, got %zu (first: %s %s)", cap.n,
	             cap.d[0].code, cap.d[0].msg);
	expect_diag(0, RECIST_SEV_ERROR, code, path, where, msg);
}

/* ---- Valid cases ------------------------------------------------------ */

/* Decision 19: an organ is its first run of letters, lower case; Decision 10: location. */
Test(case_read, organ_is_its_first_word_in_lower_case_and_location_is_kept)
{
	static const char doc[] =
		"{'case_id': 'S', 'lesions': [\n"
		"  {'id': 'T1', 'organ': 'Liver segment VI', 'role': 'target'},\n"
		"  {'id': 'T2', 'organ': '  liver (S7)', 'role': 'target'},\n"
		"  {'id': 'T3', 'organ': '(S7)', 'role': 'target'},\n"
		"  {'id': 'T4', 'organ': 'Печень', 'role': 'target'},\n"
		"  {'id': 'N1', 'organ': 'lymph node', 'location': 'Porta Hepatis', 'role': 'non-target', 'nodal': true},\n"
		"  {'id': 'N2', 'organ': 'lymph node', 'location': 'porta hepatis node', 'role': 'non-target', 'nodal': true}],\n"
		" 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}, 'T2': {'diameter_mm': 20},\n"
		"     'T3': {'diameter_mm': 20}, 'T4': {'diameter_mm': 20}}},\n"
		"  {'date': '2024-03-01', 'new_lesions': [{'id': 'X1', 'organ': 'LIVER', 'location': 'PORTA HEPATIS'}]}]}\n";

	cr_assert_eq(parse(doc), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_str_eq(cs->lesions[0].organ, "liver");
	cr_expect_str_eq(cs->lesions[1].organ, "liver");
	cr_expect_str_eq(cs->lesions[2].organ, "s", "the first run of letters, even a short one");
	cr_expect_str_eq(cs->lesions[3].organ, "Печень", "non-ASCII letters are letters, not folded");
	cr_expect_str_eq(cs->lesions[0].location, "");
	cr_expect_not(cs->lesions[0].porta_hepatis);
	cr_expect_str_eq(cs->lesions[4].location, "porta hepatis");
	cr_expect(cs->lesions[4].porta_hepatis);
	cr_expect_str_eq(cs->lesions[5].location, "porta hepatis node");
	cr_expect_not(cs->lesions[5].porta_hepatis, "only \"porta hepatis\" itself, in any case");
	cr_expect_str_eq(cs->assessments[1].new_lesions[0].organ, "liver");
	cr_expect(cs->assessments[1].new_lesions[0].porta_hepatis);
	cr_expect_eq(cs->n_warnings, 0, "location is a known key");
}

Test(case_read, a_location_that_is_not_a_string_is_an_error)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target', 'location': 7}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}}]}"),
	             RECIST_EINVALID);
	cr_assert_geq(cap.n, 1);
	cr_expect_str_eq(cap.d[0].path, "lesions[0].location");
}

static const char full_case[] =
	"{'format': 'recist-case/1', 'case_id': 'S001', 'arm': 'A',\n"
	" 'treatment_start': '2024-01-02',\n"
	" 'lesions': [\n"
	"  {'id': 'T1', 'organ': 'liver', 'role': 'target'},\n"
	"  {'id': 'T2', 'organ': 'lymph node', 'role': 'target', 'nodal': true},\n"
	"  {'id': 'T3', 'role': 'target'},\n"
	"  {'id': 'N1', 'organ': 'lung', 'role': 'non-target', 'nodal': false}\n"
	" ],\n"
	" 'assessments': [\n"
	"  {'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 16.1},\n"
	"     'T2': {'short_axis_mm': 33.6128}, 'T3': {'diameter_mm': 12, 'viable_mm': 8},\n"
	"     'N1': {'status': 'present', 'enhancing': true}}},\n"
	"  {'date': '2024-03-01', 'lesions': {'T1': {'fragments_mm': [1, 2.5, 0.0004]},\n"
	"     'T2': {'too_small': true}, 'T3': {'not_evaluated': true},\n"
	"     'N1': {'status': 'progression', 'short_axis_mm': 11}},\n"
	"   'new_lesions': [{'id': 'X1', 'organ': 'node', 'short_axis_mm': 16},\n"
	"                   {'id': 'X2', 'diameter_mm': 12, 'equivocal': true,\n"
	"                    'arterial_enhancement': true, 'washout': false}]},\n"
	"  {'date': '2024-05-01'}\n"
	" ]}\n";

Test(case_read, reads_a_full_case_into_its_structs)
{
	const struct assessment *a;

	cr_assert_eq(parse(full_case), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_eq(cap.n, 0);
	cr_expect_eq(used, strlen(text));
	cr_expect_str_eq(recist_case_id(cs), "S001");
	cr_expect_str_eq(cs->arm, "A");
	cr_expect_str_eq(cs->file, "case.json");
	cr_expect(cs->has_treatment_start);
	cr_expect_eq(cs->treatment_start, 19724);     /* 2024-01-02 */

	cr_assert_eq(cs->n_lesions, 4);
	cr_expect_str_eq(cs->lesions[0].id, "T1");
	cr_expect_str_eq(cs->lesions[0].organ, "liver");
	cr_expect_eq(cs->lesions[0].role, ROLE_TARGET);
	cr_expect_not(cs->lesions[0].nodal);
	cr_expect(cs->lesions[1].nodal);
	cr_expect_str_eq(cs->lesions[2].organ, "");
	cr_expect_eq(cs->lesions[3].role, ROLE_NON_TARGET);

	cr_assert_eq(cs->n_assessments, 3);
	a = &cs->assessments[0];
	cr_expect_str_eq(a->date_str, "2024-01-01");
	cr_expect_eq(a->date, 19723);
	cr_expect_eq(meas_at(a, 0)->flags, M_RECORDED | M_DIAMETER);
	cr_expect_eq(meas_at(a, 0)->diameter_um, 16100);
	cr_expect_eq(meas_at(a, 1)->flags, M_RECORDED | M_SHORT_AXIS);
	cr_expect_eq(meas_at(a, 1)->short_axis_um, 33613);
	cr_expect_eq(meas_at(a, 2)->flags, M_RECORDED | M_DIAMETER | M_VIABLE);
	cr_expect_eq(meas_at(a, 2)->viable_um, 8000);
	cr_expect_eq(meas_at(a, 3)->status, NT_PRESENT);
	cr_expect_eq(meas_at(a, 3)->enhancing, TRI_TRUE);
	cr_expect_str_eq(cs->lesions[meas_at(a, 0)->lesion].id, "T1");
	cr_expect_eq(a->n_new, 0);

	a = &cs->assessments[1];
	cr_expect_eq(meas_at(a, 0)->flags, M_RECORDED | M_FRAGMENTS);
	cr_expect_eq(meas_at(a, 0)->fragments_um, 3500);  /* 1000 + 2500 + 0 */
	cr_expect_eq(meas_at(a, 1)->flags, M_RECORDED | M_TOO_SMALL);
	cr_expect_eq(meas_at(a, 2)->flags, M_RECORDED | M_NOT_EVALUATED);
	cr_expect_eq(meas_at(a, 3)->status, NT_PROGRESSION);
	cr_expect_eq(meas_at(a, 3)->flags, M_RECORDED | M_SHORT_AXIS);
	cr_expect_eq(meas_at(a, 3)->short_axis_um, 11000);
	cr_expect_eq(meas_at(a, 3)->enhancing, TRI_UNKNOWN);
	cr_expect_str_eq(cs->lesions[meas_at(a, 3)->lesion].id, "N1");
	cr_assert_eq(a->n_new, 2);
	cr_expect_str_eq(a->new_lesions[0].id, "X1");
	cr_expect_str_eq(a->new_lesions[0].organ, "node");
	cr_expect(a->new_lesions[0].nodal);           /* short axis given */
	cr_expect(a->new_lesions[0].has_size);
	cr_expect_eq(a->new_lesions[0].size_um, 16000);
	cr_expect_not(a->new_lesions[0].equivocal);
	cr_expect_eq(a->new_lesions[0].arterial_enhancement, TRI_UNKNOWN);
	cr_expect_str_eq(a->new_lesions[0].path, "assessments[1].new_lesions[0]");
	cr_expect_str_eq(a->new_lesions[1].organ, "");
	cr_expect_not(a->new_lesions[1].nodal);
	cr_expect_eq(a->new_lesions[1].size_um, 12000);
	cr_expect(a->new_lesions[1].equivocal);
	cr_expect_eq(a->new_lesions[1].arterial_enhancement, TRI_TRUE);
	cr_expect_eq(a->new_lesions[1].washout, TRI_FALSE);

	a = &cs->assessments[2];
	cr_expect_eq(a->n_meas, 0, "only what is recorded is kept");
	for (size_t k = 0; k < cs->n_lesions; k++)
		cr_expect_eq(meas_at(a, k)->flags, 0, "lesion %zu not recorded", k);
	cr_expect_eq(meas_at(a, 3)->status, NT_UNRECORDED);
	cr_expect_eq(cs->n_warnings, 0);
}

Test(case_read, rounds_lengths_to_the_nearest_micrometre)
{
	static const struct {
		const char *mm;
		int64_t     um;
	} cases[] = {
		{ "16.1", 16100 }, { "33.6128", 33613 }, { "0.0004", 0 }, { "0.0005", 1 },
		{ "7.9995", 8000 }, { "1e1", 10000 }, { "0", 0 }, { "-0", 0 }, { "10000", 10000000 },
	};
	char meas[64];

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		snprintf(meas, sizeof meas, "{'diameter_mm': %s}", cases[k].mm);
		cr_assert_eq(parse_t1(meas), RECIST_OK, "%s: %s", cases[k].mm, cap.d[0].msg);
		cr_expect_eq(meas_at(&cs->assessments[1], 0)->diameter_um, cases[k].um,
		             "%s mm -> %lld um", cases[k].mm,
		             (long long)meas_at(&cs->assessments[1], 0)->diameter_um);
	}
}

Test(case_read, reads_several_documents_through_consumed)
{
	static const char two[] =
		"{'case_id': 'A', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
		" 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 10}}}]}\n"
		"  \n"
		"{'case_id': 'B', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
		" 'assessments': [{'date': '2024-02-01'}]}\n\n";
	recist_diag_sink sink = { capture_fn, &cap };
	size_t off = 0, n;

	J(two);
	n = strlen(text);
	cr_assert_eq(recist_case_parse(cs, &used, text, n, NULL, &sink), RECIST_OK);
	cr_expect_str_eq(recist_case_id(cs), "A");
	cr_expect_eq(used, (size_t)(strstr(text + 1, "{\"case_id\"") - text));
	off += used;
	cr_assert_eq(text[off], '{', "consumed skips the white space after the document");
	cr_assert_eq(recist_case_parse(cs, &used, text + off, n - off, NULL, &sink), RECIST_OK);
	cr_expect_str_eq(recist_case_id(cs), "B");
	off += used;
	cr_expect_eq(off, n);
	cr_expect_eq(recist_case_parse(cs, &used, text + off, n - off, NULL, &sink),
	             RECIST_ENOTFOUND);
	cr_expect_eq(used, 0);
	cr_expect_eq(cap.n, 0);
}

Test(case_read, continues_after_a_schema_error_in_one_document)
{
	static const char two[] =
		"{'case_id': ''}\n"
		"{'case_id': 'B', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
		" 'assessments': [{'date': '2024-02-01'}]}";
	recist_diag_sink sink = { capture_fn, &cap };
	recist_origin o = { "case.json", 1, 1 };

	J(two);
	cr_assert_eq(recist_case_parse(cs, &used, text, strlen(text), &o, &sink), RECIST_EINVALID);
	cr_expect_eq(used, 16);
	o.line = 2;
	cr_expect_eq(recist_case_parse(cs, &used, text + used, strlen(text) - used, &o, &sink),
	             RECIST_OK);
	cr_expect_str_eq(recist_case_id(cs), "B");
}

Test(case_read, reports_not_found_for_white_space_without_a_diagnostic)
{
	recist_diag_sink sink = { capture_fn, &cap };

	cr_expect_eq(parse(" \n\t\r\n  "), RECIST_ENOTFOUND);
	cr_expect_eq(used, 7);
	cr_expect_eq(parse(""), RECIST_ENOTFOUND);
	cr_expect_eq(recist_case_parse(cs, &used, NULL, 0, NULL, &sink), RECIST_ENOTFOUND);
	cr_expect_eq(recist_case_parse(cs, NULL, "\xEF\xBB\xBF\n", 4, NULL, &sink),
	             RECIST_ENOTFOUND);
	cr_expect_eq(cap.n, 0);
	cr_expect_null(recist_case_id(cs));
}

Test(case_read, adds_the_origin_to_every_position)
{
	/* The error on the first line moves right by the origin's column; the
	 * error on a later line only moves down. */
	cr_expect_eq(parse_at("{'case_id': 7}", 10, 5), RECIST_EINVALID);
	cr_expect_eq(cap.d[0].line, 10);
	cr_expect_eq(cap.d[0].col, 5 + 12);
	cap.n = 0;
	cr_expect_eq(parse_at("{\n 'case_id': 7}", 10, 5), RECIST_EINVALID);
	cr_expect_eq(cap.d[0].line, 11);
	cr_expect_eq(cap.d[0].col, 13);
	cap.n = 0;
	cr_expect_eq(parse_at("\n\n  {'case_id' 7}", 3, 9), RECIST_EPARSE);
	cr_expect_eq(cap.d[0].line, 5);
	cr_expect_eq(cap.d[0].col, 14);
}

Test(case_read, reuses_one_case_for_several_parses)
{
	cr_assert_eq(parse(full_case), RECIST_OK);
	cr_assert_eq(parse_t1("{'diameter_mm': 5, 'colour': 'red'}"), RECIST_OK);
	cr_expect_str_eq(recist_case_id(cs), "S1");
	cr_expect_null(cs->arm);
	cr_expect_not(cs->has_treatment_start);
	cr_expect_eq(cs->n_lesions, 2);
	cr_expect_eq(cs->n_assessments, 2);
	cr_expect_eq(cs->assessments[1].n_new, 0);
	cr_expect_eq(cs->n_warnings, 1);

	cr_expect_eq(parse("{'case_id': 'Z', 'lesions': 3, 'assessments': []}"), RECIST_EINVALID);
	cr_expect_str_eq(recist_case_id(cs), "Z", "case_id read before the error stays");
	cr_expect_eq(cs->n_lesions, 0, "a failed case holds nothing to score");
	cr_expect_eq(cs->n_assessments, 0);
	cr_expect_eq(cs->n_warnings, 0);

	cr_assert_eq(parse(full_case), RECIST_OK);
	cr_expect_eq(cs->n_lesions, 4);
	cr_expect_eq(meas_at(&cs->assessments[0], 1)->short_axis_um, 33613);
}

Test(case_read, frees_null_and_answers_null_for_no_case)
{
	recist_case_free(NULL);
	cr_expect_null(recist_case_id(NULL));
	cr_expect_null(recist_case_id(cs), "nothing parsed yet");
	cr_expect_eq(recist_case_parse(NULL, &used, "{}", 2, NULL, NULL), RECIST_ERROR);
}

/* ---- Unknown and ignored keys ----------------------------------------- */

Test(case_read, warns_about_unknown_keys_and_keeps_them_in_the_case)
{
	cr_assert_eq(parse_t1("{'diameter_mm': 5, 'colour': 'red'}"), RECIST_OK);
	cr_assert_eq(cap.n, 1);
	expect_diag(0, RECIST_SEV_WARNING, "CASE_UNKNOWN_KEY", "assessments[1].lesions.T1.colour",
	            at("'colour'"), "unknown key ignored");
	cr_assert_eq(cs->n_warnings, 1);
	cr_expect_str_eq(cs->warnings[0].code, "CASE_UNKNOWN_KEY");
	cr_expect_str_eq(cs->warnings[0].message, "unknown key ignored");
	cr_expect_str_eq(cs->warnings[0].path, "assessments[1].lesions.T1.colour");
}

Test(case_read, warns_about_unknown_keys_at_every_level)
{
	static const char s[] =
		"{'case_id': 'S1', 'site': 3,\n"
		" 'lesions': [{'id': 'T1', 'role': 'target', 'size': 1},\n"
		"             {'id': 'N1', 'role': 'non-target'}],\n"
		" 'assessments': [\n"
		"  {'date': '2024-01-01', 'reader': 'x', 'lesions': {'T1': {'diameter_mm': 20},\n"
		"   'N1': {'status': 'present', 'diameter_mm': 4}}},\n"
		"  {'date': '2024-03-01', 'new_lesions': [{'id': 'X1', 'seen': {'a': [1]}}]}\n"
		" ],\n"
		" 'reported_progression_date': null, 'Case_id': 1}\n";
	/* An object's own keys are checked before its values are read. */
	static const char *const paths[] = {
		"site", "Case_id", "lesions[0].size", "assessments[0].reader",
		"assessments[0].lesions.N1.diameter_mm", "assessments[1].new_lesions[0].seen",
	};
	static const char *const markers[] = {
		"'site'", "'Case_id'", "'size'", "'reader'", "'diameter_mm': 4", "'seen'",
	};

	cr_assert_eq(parse(s), RECIST_OK, "%s", cap.d[0].msg);
	cr_assert_eq(cap.n, ARRAY_SIZE(paths));
	cr_assert_eq(cs->n_warnings, ARRAY_SIZE(paths));
	for (size_t k = 0; k < ARRAY_SIZE(paths); k++) {
		expect_diag(k, RECIST_SEV_WARNING, "CASE_UNKNOWN_KEY", paths[k], at(markers[k]), NULL);
		cr_expect_str_eq(cs->warnings[k].path, paths[k]);
	}
}

Test(case_read, accepts_format_reported_and_note_keys_silently)
{
	static const char s[] =
		"{'format': 'recist-case/1', 'case_id': 'S1', 'note': 'free text',\n"
		" 'reported_best_overall': {'recist1.1': 'PR'},\n"
		" 'reported_confirmed_best_overall': {'recist1.1': 'SD', 'mrecist': 'PR'},\n"
		" 'lesions': [{'id': 'T1', 'role': 'target', 'note': 'segment 7'}],\n"
		" 'assessments': [{'date': '2024-01-01', 'note': 'x',\n"
		"   'lesions': {'T1': {'diameter_mm': 20, 'note': 'y'}}, 'reported': {'recist1.1': {'sum_mm': 20}}},\n"
		"  {'date': '2024-02-01', 'new_lesions': [{'id': 'X', 'note': 'z'}],\n"
		"   'reported': {'recist1.1': {'target': 'NE', 'non_target': 'NA', 'new_lesions': 'YES',\n"
		"                'overall': 'PD', 'sum_mm': 35.25, 'note': 'site call'}}}]}";
	const struct recist_case *c;

	cr_expect_eq(parse(s), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_eq(cap.n, 0);
	c = cs;
	cr_assert_eq(c->n_reported_best, 1);
	cr_expect_str_eq(c->reported_best[0].criteria, "recist1.1");
	cr_expect_eq(c->reported_best[0].response, RECIST_RESP_PR);
	cr_assert_eq(c->n_reported_confirmed, 2);
	cr_expect_eq(c->reported_confirmed[1].response, RECIST_RESP_PR);
	cr_assert_eq(c->assessments[1].n_reported, 1);
	const struct reported_calls *rc = &c->assessments[1].reported[0];
	cr_expect_eq(rc->target, RECIST_RESP_NE);
	cr_expect_eq(rc->non_target, RECIST_RESP_NA);
	cr_expect_eq(rc->new_lesions, RECIST_RESP_YES);
	cr_expect_eq(rc->overall, RECIST_RESP_PD);
	cr_expect(rc->has_sum);
	cr_expect_eq(rc->sum_um, 35250);
	cr_expect_eq(rc->sum_rounding_um, 5, "35.25: half a unit of the second decimal is 0.005 mm");
	cr_expect_eq(c->assessments[0].reported[0].sum_rounding_um, 500, "20: half a millimetre");
	cr_expect_str_eq(rc->path, "assessments[1].reported.recist1.1");
}

/* The kept error e is code at path and where, with detail, for criteria, assessment and field, written so. */
static void expect_kept(size_t i, const char *code, const char *path, struct lc where, const char *detail,
                        const char *criteria, int32_t assessment, const char *field, const char *written)
{
	const struct case_error *e = &cs->errors[i];

	cr_assert_gt(cs->n_errors, i, "expected a kept error #%zu (%s)", i, code);
	cr_expect_str_eq(diag_code_name(e->code), code);
	cr_expect_str_eq(e->path, path);
	cr_expect_eq(e->line, where.line, "%s: line %u, want %u", e->path, e->line, where.line);
	cr_expect_eq(e->col, where.col, "%s: column %u, want %u", e->path, e->col, where.col);
	cr_expect_str_eq(e->detail, detail);
	cr_expect_str_eq(e->criteria, criteria);
	cr_expect_eq(e->assessment, assessment);
	cr_expect_str_eq(e->field, field);
	if (written == NULL)
		cr_expect_null(e->written);
	else
		cr_expect_str_eq(e->written, written);
}

/*
 * A reported call outside its vocabulary, or of the wrong type, is kept as
 * an error of the case, with its place, and the reading goes on: only
 * recist validate compares reported calls, and it lists the error as a
 * finding of its own and checks the rest; the engine rejects the case
 * with it elsewhere.  (It used to end the reading.)
 */
Test(case_read, keeps_a_reported_call_outside_its_vocabulary_and_reads_on)
{
	cr_expect_eq(parse("{'case_id': 'S1', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}},\n"
	                   "  {'date': '2024-02-01', 'reported': {'recist1.1': {'non_target': 'SD', 'target': 3,\n"
	                   "   'overall': 'PR', 'sum_mm': '14'}}}]}"),
	             RECIST_OK);
	cr_expect_eq(cap.n, 0, "nothing is reported when the case is read: %s", cap.d[0].msg);
	cr_assert_eq(cs->n_errors, 3);
	/* In document order. */
	expect_kept(0, "CASE_BAD_VALUE", "assessments[1].reported.recist1.1.non_target", at("'SD'"),
	            "expected one of CR, NON-CR/NON-PD, PD, NE, NA, got 'SD'", "recist1.1", 1, "non_target", "SD");
	expect_kept(1, "CASE_WRONG_TYPE", "assessments[1].reported.recist1.1.target", at("3,"),
	            "expected a string, got number", "recist1.1", 1, "target", NULL);
	expect_kept(2, "CASE_WRONG_TYPE", "assessments[1].reported.recist1.1.sum_mm", at("'14'"),
	            "expected a number, got string", "recist1.1", 1, "sum_mm", "14");
	const struct reported_calls *rc = &cs->assessments[1].reported[0];
	cr_expect_eq(rc->target, RECIST_RESP_NONE, "not compared");
	cr_expect_eq(rc->non_target, RECIST_RESP_NONE, "not compared");
	cr_expect_eq(rc->overall, RECIST_RESP_PR, "the good call of the entry is kept");
	cr_expect_not(rc->has_sum);
	cr_expect_eq(cs->n_assessments, 2, "the case is read whole");
}

Test(case_read, keeps_a_reported_best_response_that_is_not_a_response)
{
	cr_expect_eq(parse("{'case_id': 'S1', 'reported_best_overall': {'recist1.1': 'YES'},\n"
	                   " 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}}],\n"
	                   " 'reported_confirmed_best_overall': {'mrecist': null}}"),
	             RECIST_OK);
	cr_assert_eq(cs->n_errors, 2);
	expect_kept(0, "CASE_BAD_VALUE", "reported_best_overall.recist1.1", at("'YES'"),
	            "expected one of CR, PR, SD, NON-CR/NON-PD, PD, NE, iCR, iPR, iSD, NON-iCR/NON-iUPD, iUPD, iCPD, got 'YES'",
	            "recist1.1", -1, "best_overall", "YES");
	expect_kept(1, "CASE_WRONG_TYPE", "reported_confirmed_best_overall.mrecist", at("null"),
	            "expected a string, got null", "mrecist", -1, "confirmed_best_overall", NULL);
	cr_expect_eq(cs->reported_best[0].response, RECIST_RESP_NONE);
	cr_expect_str_eq(cs->reported_best[0].criteria, "recist1.1", "still a call reported for recist1.1");
}

/* Kept errors are in document order, though the best responses are read before the assessments. */
Test(case_read, keeps_errors_in_reported_values_in_document_order)
{
	cr_expect_eq(parse("{'case_id': 'S1', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}},\n"
	                   "   'reported': {'recist1.1': {'overall': 'IR'}}}],\n"
	                   " 'reported_best_overall': {'recist1.1': 'YES'}}"),
	             RECIST_OK);
	cr_assert_eq(cs->n_errors, 2);
	cr_expect_str_eq(cs->errors[0].path, "assessments[0].reported.recist1.1.overall");
	cr_expect_str_eq(cs->errors[1].path, "reported_best_overall.recist1.1");
}

/* A later error that ends the reading leaves no kept error behind. */
Test(case_read, an_error_after_a_kept_one_rejects_the_case_alone)
{
	cr_expect_eq(parse("{'case_id': 'S1', 'reported_best_overall': {'recist1.1': 'YES'},\n"
	                   " 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-13-01', 'lesions': {'T1': {'diameter_mm': 20}}}]}"),
	             RECIST_EINVALID);
	expect_error("CASE_BAD_DATE", "assessments[0].date", at("'2024-13-01'"),
	             "invalid date: '2024-13-01' is not a date (YYYY-MM-DD)");
	cr_expect_eq(cs->n_errors, 0);
}

/*
 * Controlled terms are read without regard to letter case and white space
 * around them (recist-case(5), Conventions), where they are read: a
 * lesion's role, a non-target's status, reported calls; the calls keep
 * what the site wrote, for validate's findings to say.
 */
Test(case_read, controlled_terms_are_read_in_any_case_and_with_space_around)
{
	cr_assert_eq(parse("{'case_id': 'S1', 'reported_best_overall': {'recist1.1': ' pr '},\n"
	                   " 'lesions': [{'id': 'T1', 'role': 'Target'}, {'id': 'N1', 'role': ' NON-TARGET'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20},\n"
	                   "   'N1': {'status': 'Present'}}},\n"
	                   "  {'date': '2024-02-01', 'lesions': {'N1': {'status': 'NOT_EVALUATED\\t'}},\n"
	                   "   'reported': {'recist1.1': {'target': 'sd', 'non_target': 'Non-CR/Non-PD',\n"
	                   "     'new_lesions': 'no', 'overall': 'NE'}}}]}"),
	             RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_eq(cs->n_errors, 0);
	cr_expect_eq(cs->lesions[0].role, ROLE_TARGET);
	cr_expect_eq(cs->lesions[1].role, ROLE_NON_TARGET);
	cr_expect_eq(meas_at(&cs->assessments[0], 1)->status, NT_PRESENT);
	cr_expect_eq(meas_at(&cs->assessments[1], 1)->status, NT_NOT_EVALUATED);
	const struct reported_calls *rc = &cs->assessments[1].reported[0];
	cr_expect_eq(rc->target, RECIST_RESP_SD);
	cr_expect_str_eq(rc->target_written, "sd");
	cr_expect_eq(rc->non_target, RECIST_RESP_NON_CR_NON_PD);
	cr_expect_str_eq(rc->non_target_written, "Non-CR/Non-PD");
	cr_expect_eq(rc->new_lesions, RECIST_RESP_NO);
	cr_expect_eq(rc->overall, RECIST_RESP_NE);
	cr_expect_null(rc->overall_written, "written as the term itself");
	cr_expect_eq(cs->reported_best[0].response, RECIST_RESP_PR);
	cr_expect_str_eq(cs->reported_best[0].written, " pr ");
}

/*
 * A response history, or text that is another input of recist, given to
 * the case reader: what it is and what reads it, at the start of the
 * document, and the rest of the text is not read (it used to be a missing
 * 'lesions', or malformed JSON at the first byte).
 */
Test(case_read, says_what_another_kind_of_input_is_and_what_reads_it)
{
	static const struct {
		const char *text;
		int         rc;
		const char *words;
	} cases[] = {
		{ "\n  {'case_id': 'H1', 'treatment_start': '2024-01-01', 'responses': []}\n{'case_id': 'H2'}", RECIST_EINVALID,
		  "this is a response history (it has responses, no lesions or assessments); recist evaluate and "
		  "recist validate read recist-case/1 documents: use recist bor" },
		{ "\n  case_id,treatment_start,date,overall\nC1,2024-01-01,2024-02-01,PR\n", RECIST_EPARSE,
		  "this is a CSV table of response histories (its header names case_id and overall); recist evaluate "
		  "and recist validate read recist-case/1 documents: use recist bor" },
		{ "\n  STUDYID,DOMAIN,USUBJID,TRTESTCD\n", RECIST_EPARSE,
		  "this is a CDISC SDTM table; a trial's SDTM tables are read with --sdtm PATH (recist-sdtm(5))" },
		{ "\n  # mine\nformat: recist-rules/1\n", RECIST_EPARSE,
		  "this is a rule file (recist-rules/1); load it with --rules FILE" },
		{ "\n  # mine\r\nformat: recist-flags/1\r\n", RECIST_EPARSE,
		  "this is a flag file (recist-flags/1); recist evaluate loads it with --flags FILE" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char msg[512];
		memset(&cap, 0, sizeof cap);
		cr_expect_eq(parse(cases[i].text), cases[i].rc, "case %zu", i);
		cr_expect_eq(used, strlen(text), "case %zu: the rest of the text is not read", i);
		snprintf(msg, sizeof msg, "not the input this command reads: %s", cases[i].words);
		expect_error("CASE_WRONG_KIND", NULL, (struct lc){ 2, 3 }, msg);
	}
	/* Only a history without lesions and assessments: a case that has responses too is read as a case. */
	memset(&cap, 0, sizeof cap);
	cr_expect_eq(parse("{'case_id': 'S1', 'responses': [], 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}}]}"),
	             RECIST_OK);
	expect_diag(0, RECIST_SEV_WARNING, "CASE_UNKNOWN_KEY", "responses", at("'responses'"), NULL);
	/* Broken JSON that is none of those is still malformed JSON. */
	memset(&cap, 0, sizeof cap);
	cr_expect_eq(parse("case_id: S1\n"), RECIST_EPARSE);
	cr_expect_str_eq(cap.d[0].code, "CASE_JSON_SYNTAX");
}

/*
 * A baseline target recorded only on the axis RECIST 1.1 does not read for
 * its kind: the reader keeps where the key is, for the engine's
 * CASE_WRONG_AXIS, which the rule sets decide.  Follow-ups and targets on
 * the right axis have none.
 */
Test(case_read, keeps_where_a_baseline_target_is_on_the_other_axis)
{
	cr_assert_eq(parse("{'case_id': 'S1', 'lesions': [{'id': 'T1', 'role': 'target'},\n"
	                   "  {'id': 'N1', 'role': 'target', 'nodal': true}, {'id': 'N2', 'role': 'target', 'nodal': true},\n"
	                   "  {'id': 'T2', 'role': 'target'}, {'id': 'N3', 'role': 'target', 'nodal': true}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20},\n"
	                   "   'N1': {'diameter_mm': 25}, 'N2': {'diameter_mm': 25, 'short_axis_mm': 16},\n"
	                   "   'T2': {'short_axis_mm': 12}, 'N3': {'too_small': true}}},\n"
	                   "  {'date': '2024-02-01', 'lesions': {'N2': {'diameter_mm': 25}}}]}"),
	             RECIST_OK, "%s", cap.d[0].msg);
	cr_assert_eq(cs->n_axis_hints, 2);
	struct lc n1 = at_from("'N1': {", "'diameter_mm'"), t2 = at_from("'T2': {", "'short_axis_mm'");
	cr_expect_eq(cs->axis_hints[0].lesion, 1);
	cr_expect_eq(cs->axis_hints[0].line, n1.line);
	cr_expect_eq(cs->axis_hints[0].col, n1.col);
	cr_expect_eq(cs->axis_hints[1].lesion, 3);
	cr_expect_eq(cs->axis_hints[1].line, t2.line);
	cr_expect_eq(cs->axis_hints[1].col, t2.col);
}

/* Only case and space: another spelling is still an error. */
Test(case_read, a_term_spelt_otherwise_is_still_an_error)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'non target'}],\n"
	                   " 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "lesions[0].role", at("'non target'"),
	             "invalid value: expected one of target, non-target, got 'non target'");
}

/*
 * The date part of an ISO 8601 date and time is the date, with or without
 * seconds, a fraction and a zone (never applied); ambiguous forms are still
 * refused, with the message they always had.
 */
Test(case_read, a_date_may_be_the_date_part_of_an_iso_8601_date_and_time)
{
	cr_assert_eq(parse("{'case_id': 'S1', 'treatment_start': '2024-01-02T08:30:00Z',\n"
	                   " 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01T10:00', 'lesions': {'T1': {'diameter_mm': 20}}},\n"
	                   "  {'date': '2024-03-28T23:59:59.5-05:00'}, {'date': '2024-04-28T00:00+0100'},\n"
	                   "  {'date': '2024-05-28T12:00:60+02'}]}"),
	             RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_str_eq(cs->assessments[0].date_str, "2024-01-01");
	cr_expect_str_eq(cs->assessments[1].date_str, "2024-03-28", "the date as written: the zone is not applied");
	cr_expect_str_eq(cs->assessments[2].date_str, "2024-04-28");
	cr_expect_str_eq(cs->assessments[3].date_str, "2024-05-28");
	cr_expect_eq(cs->treatment_start, cs->assessments[0].date + 1);

	static const char *const bad[] = {
		"02/01/2024", "2024-03-28T", "2024-03-28T10", "2024-03-28T24:00", "2024-03-28T10:60",
		"2024-03-28 10:00", "2024-03-28T10:00Z+01", "2024-03-28T10:00:00.", "2024-03-28T10:00+1",
		" 2024-03-28", "2024-02-30T10:00", "2024-03-28t10:00",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char doc[512], msg[128];
		memset(&cap, 0, sizeof cap);
		snprintf(doc, sizeof doc, "{'case_id': 'S1', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
		         " 'assessments': [{'date': '%s', 'lesions': {'T1': {'diameter_mm': 20}}}]}", bad[i]);
		cr_expect_eq(parse(doc), RECIST_EINVALID, "%s", bad[i]);
		snprintf(msg, sizeof msg, "invalid date: '%s' is not a date (YYYY-MM-DD)", bad[i]);
		cr_expect_str_eq(cap.d[0].msg, msg);
	}
}

Test(case_read, rejects_a_format_tag_other_than_recist_case_1)
{
	cr_expect_eq(parse("{'format': 'recist-case/2', 'case_id': 'S1', 'lesions': [],\n"
	                   " 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "format", at("'recist-case/2'"),
	             "invalid value: expected 'recist-case/1', got 'recist-case/2'");
}

Test(case_read, rejects_a_note_that_is_not_text)
{
	cr_expect_eq(parse_t1("{'diameter_mm': 5, 'note': 12}"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[1].lesions.T1.note", at("12"),
	             "wrong type: expected a string, got number");
}

/* ---- Malformed JSON --------------------------------------------------- */

Test(case_read, rejects_malformed_json_with_line_and_column)
{
	static const struct {
		const char *json;
		const char *marker;   /* where the error is; NULL: end of input */
		const char *detail;
	} cases[] = {
		{ "{'case_id': 'S1',\n 'lesions': [,]}", ",]", "unexpected ','" },
		{ "{'case_id': 'S1',}", "}", "unexpected '}'" },
		{ "{'case_id' 'S1'}", "'S1'", "unexpected '\"'" },
		{ "{'a': [1, 2,]}", "]", "unexpected ']'" },
		{ "{'a': tru}", "tru", "unexpected 'tru'" },
		{ "{'role': target}", "target", "unexpected 'target'" },
		{ "{'a': 1e}", "}", "unexpected '}'" },
		{ "{'a': -}", "}", "unexpected '}'" },
		{ "{'a': 'x\\q'}", "\\q", "invalid escape sequence" },
		{ "{'a': '\\ud800'}", "\\u", "invalid escape sequence" },
		{ "{'a': 'open,\n 'b': 1}", "'open", "unterminated string" },
		{ "{'a': \x01}", "\x01", "unexpected byte 0x01" },
		{ "{'a': \xe2\x80\x9cx\xe2\x80\x9d}", "\xe2\x80\x9c", "unexpected '\xe2\x80\x9c'" },
		{ "{'a': {'b': 1}", NULL, "unexpected end of input" },
		{ "{'a': {'b': 1}\n", NULL, "unexpected end of input" },
		{ "{'a': [1, 2", NULL, "unexpected end of input" },
		{ "}", "}", "unexpected '}'" },
	};
	char msg[128];

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct lc where;

		cap.n = 0;
		cr_expect_eq(parse(cases[k].json), RECIST_EPARSE, "case %zu", k);
		cr_expect_eq(used, strlen(text), "nothing can be read after malformed JSON");
		if (cases[k].marker != NULL) {
			where = at(cases[k].marker);
		} else {
			/* one past the last byte */
			where = at(text + strlen(text) - 1);
			where.col++;
			if (text[strlen(text) - 1] == '\n') {
				where.line++;
				where.col = 1;
			}
		}
		snprintf(msg, sizeof msg, "malformed JSON: %s", cases[k].detail);
		expect_error("CASE_JSON_SYNTAX", NULL, where, msg);
	}
}

Test(case_read, rejects_nesting_deeper_than_cjson_allows)
{
	static char deep[2100];

	memset(deep, '[', 2000);
	deep[2000] = '\0';
	cr_expect_eq(parse(deep), RECIST_EPARSE);
	cr_assert_eq(cap.n, 1);
	cr_expect_str_eq(cap.d[0].code, "CASE_JSON_SYNTAX");
	cr_expect_eq(cap.d[0].line, 1);
}

Test(case_read, rejects_a_top_level_value_that_is_not_an_object)
{
	cr_expect_eq(parse("\n  [{'case_id': 'S1'}]"), RECIST_EINVALID);
	expect_error("CASE_NOT_OBJECT", NULL, at("["), "a case must be a JSON object: got array");
	cap.n = 0;
	cr_expect_eq(parse("'S1'"), RECIST_EINVALID);
	expect_error("CASE_NOT_OBJECT", NULL, at("'"), "a case must be a JSON object: got string");
}

/* ---- Keys and types --------------------------------------------------- */

Test(case_read, rejects_a_missing_case_id_at_the_object)
{
	cr_expect_eq(parse("{'lesions': [], 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", NULL, at("{"), "required key missing: 'case_id'");
}

Test(case_read, rejects_an_empty_case_id)
{
	cr_expect_eq(parse("{'case_id': '', 'lesions': [], 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "case_id", at("''"),
	             "invalid value: expected a non-empty string");
}

Test(case_read, rejects_a_mistyped_key_naming_both_types)
{
	cr_expect_eq(parse("{'case_id': 42, 'lesions': [], 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "case_id", at("42"),
	             "wrong type: expected a string, got number");
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': {}, 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "lesions", at("{}"),
	             "wrong type: expected an array, got object");
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'arm': null, 'lesions': [], 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "arm", at("null"), "wrong type: expected a string, got null");
}

Test(case_read, rejects_a_mistyped_boolean)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target',\n"
	                   " 'nodal': 'yes'}], 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "lesions[0].nodal", at("'yes'"),
	             "wrong type: expected a boolean, got string");
}

/* iRECIST's "further increase", the reader's call (recist-case(5)): a boolean, at its place. */
Test(case_read, reads_increased_on_non_targets_and_new_lesions)
{
	const struct assessment *a;

	cr_assert_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'N1': {'status': 'present'}}},\n"
	                   "  {'date': '2024-02-01', 'lesions': {'N1': {'status': 'present', 'increased': true}},\n"
	                   "   'new_lesions': [{'id': 'X1', 'increased': true}, {'id': 'X2', 'increased': false},\n"
	                   "                   {'id': 'X3'}]}]}"), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_not(meas_at(&cs->assessments[0], 0)->increased);
	a = &cs->assessments[1];
	cr_expect(meas_at(a, 0)->increased);
	cr_assert_eq(a->n_new, 3);
	cr_expect(a->new_lesions[0].increased);
	cr_expect_not(a->new_lesions[1].increased);
	cr_expect_not(a->new_lesions[2].increased);
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'N1': {'status': 'present'}}},\n"
	                   "  {'date': '2024-02-01', 'new_lesions': [{'id': 'X1', 'increased': 'yes'}]}]}"),
	             RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[1].new_lesions[0].increased", at("'yes'"),
	             "wrong type: expected a boolean, got string");
}

Test(case_read, rejects_duplicate_keys_at_the_second_one)
{
	cr_expect_eq(parse("{'case_id': 'S', 'case_id': 'T'}"), RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_KEY", "case_id", at_nth("'case_id'", 1), "duplicate key");
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target',\n"
	                   "  'id': 'T2'}], 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_KEY", "lesions[0].id", at("'id': 'T2'"), NULL);
	cap.n = 0;
	cr_expect_eq(parse_followup("'lesions': {'T1': {'diameter_mm': 5}, 'T1': {'diameter_mm': 6}}"),
	             RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_KEY", "assessments[1].lesions.T1", at_nth("'T1'", 3), NULL);
}

Test(case_read, rejects_duplicate_keys_inside_ignored_values)
{
	cr_expect_eq(parse("{'case_id': 'S', 'reported': [{'a': 1}, {'b': 1, 'b': 2}]}"),
	             RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_KEY", "reported[1].b", at_nth("'b'", 1), NULL);
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'extra': {'x': {'y': 1, 'y': 1}}}"), RECIST_EINVALID);
	cr_expect_eq(cap.n, 2, "the warning, then the error");
	expect_diag(1, RECIST_SEV_ERROR, "CASE_DUPLICATE_KEY", "extra.x.y", at_nth("'y'", 1), NULL);
}

Test(case_read, locates_keys_written_with_escapes)
{
	cr_expect_eq(parse_followup("'lesions': {'\\u0054\\u0031': {'diameter_mm': -1}}"),
	             RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.diameter_mm", at("-1"), NULL);
}

/* ---- The lesion registry ---------------------------------------------- */

Test(case_read, rejects_an_empty_lesion_registry)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [], 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_EMPTY", "lesions", at("[]"),
	             "empty list: a case needs at least one lesion");
}

Test(case_read, rejects_a_lesion_that_is_not_an_object)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': ['T1'], 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "lesions[0]", at("'T1'"),
	             "wrong type: expected an object, got string");
}

Test(case_read, rejects_a_duplicate_lesion_id_at_the_second)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'},\n"
	                   "  {'id': 'T1', 'role': 'non-target'}], 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_ID", "lesions[1].id", at_nth("'T1'", 1),
	             "duplicate lesion id: 'T1' already names lesions[0]");
}

Test(case_read, rejects_a_role_outside_the_vocabulary)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'nontarget'}],\n"
	                   " 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "lesions[0].role", at("'nontarget'"),
	             "invalid value: expected one of target, non-target, got 'nontarget'");
}

Test(case_read, rejects_a_lesion_without_role_or_id)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1'}], 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "lesions[0]", at("{'id'"), "required key missing: 'role'");
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': '', 'role': 'target'}],\n"
	                   " 'assessments': []}"),
	             RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "lesions[0].id", at("''"), NULL);
}

/* ---- Assessments ------------------------------------------------------ */

Test(case_read, rejects_empty_assessments)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_EMPTY", "assessments", at("[]"),
	             "empty list: a case needs at least a baseline assessment");
}

Test(case_read, rejects_missing_assessments)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'}]}"),
	             RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", NULL, at("{"), "required key missing: 'assessments'");
}

/* A one-lesion case with these two assessment dates. */
static int parse_dates(const char *d0, const char *d1)
{
	char src[1024];

	snprintf(src, sizeof src,
	         "{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
	         " 'assessments': [{'date': %s},\n"
	         "                 {'date': %s}]}", d0, d1);
	return parse(src);
}

Test(case_read, rejects_an_impossible_date)
{
	cr_expect_eq(parse_dates("'2024-01-01'", "'2024-13-01'"), RECIST_EINVALID);
	expect_error("CASE_BAD_DATE", "assessments[1].date", at("'2024-13-01'"),
	             "invalid date: '2024-13-01' is not a date (YYYY-MM-DD)");
	cap.n = 0;
	cr_expect_eq(parse_dates("'2023-02-29'", "'2024-01-01'"), RECIST_EINVALID);
	expect_error("CASE_BAD_DATE", "assessments[0].date", at("'2023-02-29'"), NULL);
	cap.n = 0;
	cr_expect_eq(parse_dates("'2024-1-1'", "'2024-01-01'"), RECIST_EINVALID);
	expect_error("CASE_BAD_DATE", "assessments[0].date", at("'2024-1-1'"), NULL);
	cap.n = 0;
	cr_expect_eq(parse_dates("20240101", "'2024-01-01'"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[0].date", at("20240101"), NULL);
}

Test(case_read, rejects_dates_that_do_not_increase_naming_both)
{
	cr_expect_eq(parse_dates("'2024-03-05'", "'2024-02-01'"), RECIST_EINVALID);
	expect_error("CASE_DATE_ORDER", "assessments[1].date", at("'2024-02-01'"),
	             "assessment dates not strictly increasing: "
	             "'2024-02-01' is not after '2024-03-05'");
	cap.n = 0;
	cr_expect_eq(parse_dates("'2024-03-05'", "'2024-03-05'"), RECIST_EINVALID);
	expect_error("CASE_DATE_ORDER", "assessments[1].date", at_nth("'2024-03-05'", 1), NULL);
}

Test(case_read, rejects_a_missing_assessment_date)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
	                   " 'assessments': [{'lesions': {}}]}"), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "assessments[0]", at("{'lesions': {}"),
	             "required key missing: 'date'");
}

Test(case_read, reads_the_treatment_start_date)
{
	cr_expect_eq(parse("{'case_id': 'S', 'treatment_start': '2024-02-30', 'lesions': [],\n"
	                   " 'assessments': []}"), RECIST_EINVALID);
	expect_error("CASE_BAD_DATE", "treatment_start", at("'2024-02-30'"), NULL);
}

Test(case_read, rejects_a_lesion_that_is_not_in_the_registry)
{
	cr_expect_eq(parse_followup("'lesions': {'T1': {'diameter_mm': 5},\n   'T9': {'diameter_mm': 5}}"),
	             RECIST_EINVALID);
	expect_error("CASE_UNKNOWN_LESION", "assessments[1].lesions.T9", at("'T9'"),
	             "measurement of a lesion not in the registry: 'T9'");
}

Test(case_read, rejects_a_target_lesion_missing_at_baseline)
{
	static const char s[] =
		"{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'},\n"
		"                             {'id': 'T2', 'role': 'target'}],\n"
		" 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 5}}},\n"
		"                 {'date': '2024-02-01', 'lesions': {'T2': {'diameter_mm': 5}}}]}";

	cr_expect_eq(parse(s), RECIST_EINVALID);
	expect_error("CASE_NO_BASELINE", "assessments[0].lesions", at("{'T1'"),
	             "target lesion not measured at baseline: 'T2'");
}

Test(case_read, rejects_a_baseline_without_lesions_at_the_assessment)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01'}]}"), RECIST_EINVALID);
	expect_error("CASE_NO_BASELINE", "assessments[0].lesions", at("{'date'"), NULL);
}

Test(case_read, rejects_a_target_lesion_not_evaluated_at_baseline)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01',\n"
	                   "   'lesions': {'T1': {'not_evaluated': true}}}]}"), RECIST_EINVALID);
	expect_error("CASE_NO_BASELINE", "assessments[0].lesions", at("{'T1'"),
	             "target lesion not measured at baseline: 'T1' is marked not_evaluated");
}

Test(case_read, accepts_a_too_small_target_at_baseline)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01',\n"
	                   "   'lesions': {'T1': {'too_small': true}}}]}"), RECIST_OK);
}

Test(case_read, rejects_new_lesions_at_baseline)
{
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01',\n"
	                   "   'new_lesions': [{'id': 'X1'}]}]}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[0].new_lesions", at("[{'id': 'X1'"),
	             "invalid value: new lesions at baseline");
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'new_lesions': []}]}"),
	             RECIST_OK, "an empty list is no new lesion");
}

/* ---- New lesions recorded as targets or non-targets (iRECIST) --------- */

/* Three follow-ups with the new lesions given; 'extra' is the last one's. */
static int parse_new_roles(const char *first, const char *second)
{
	static const char base[] =
		"{'case_id': 'S', 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
		" 'assessments': [\n"
		"  {'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}},\n"
		"  {'date': '2024-03-01', 'lesions': {'T1': {'diameter_mm': 20}}, 'new_lesions': [%s]},\n"
		"  {'date': '2024-04-01', 'note': 'n', 'new_lesions': [%s]}\n"
		" ]}\n";
	char src[2048];

	snprintf(src, sizeof src, base, first, second);
	return parse(src);
}

Test(case_read, new_lesion_role_is_kept_and_holds_at_later_sightings)
{
	cr_assert_eq(parse_new_roles("{'id': 'X1', 'diameter_mm': 12, 'role': 'target'},"
	                             " {'id': 'X2', 'role': 'Non-Target'}, {'id': 'X3'}",
	                             "{'id': 'X3'}, {'id': 'X2'}, {'id': 'X1', 'diameter_mm': 0}"),
	             RECIST_OK, "%s", cap.d[0].msg);
	const struct assessment *a = &cs->assessments[1], *b = &cs->assessments[2];
	cr_expect_eq(a->new_lesions[0].role, NEW_ROLE_TARGET);
	cr_expect_eq(a->new_lesions[1].role, NEW_ROLE_NON_TARGET, "any letter case");
	cr_expect_eq(a->new_lesions[2].role, NEW_ROLE_UNSET, "left to the rule set");
	cr_expect_eq(b->new_lesions[0].role, NEW_ROLE_UNSET);
	cr_expect_eq(b->new_lesions[1].role, NEW_ROLE_NON_TARGET, "that of the first sighting");
	cr_expect_eq(b->new_lesions[2].role, NEW_ROLE_TARGET, "that of the first sighting");
	cr_expect_eq(b->new_lesions[2].size_um, 0, "a new target gone: 0 mm");
	cr_expect_eq(cap.n, 0);
}

Test(case_read, new_lesion_role_repeated_is_fine)
{
	cr_expect_eq(parse_new_roles("{'id': 'X1', 'short_axis_mm': 16, 'role': 'target'}",
	                             "{'id': 'X1', 'short_axis_mm': 17, 'role': 'target'}"), RECIST_OK);
	cr_expect(cs->assessments[2].new_lesions[0].nodal);
}

Test(case_read, rejects_an_unknown_new_lesion_role)
{
	cr_expect_eq(parse_new_roles("{'id': 'X1', 'role': 'measurable'}", ""), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].new_lesions[0].role", at("'measurable'"),
	             "invalid value: expected one of target, non-target, got 'measurable'");
	cap.n = 0;
	cr_expect_eq(parse_new_roles("{'id': 'X1', 'role': true}", ""), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[1].new_lesions[0].role", at("true"), NULL);
}

Test(case_read, rejects_a_new_lesion_that_changes_its_role)
{
	cr_expect_eq(parse_new_roles("{'id': 'X0'}, {'id': 'X1', 'role': 'non-target'}",
	                             "{'id': 'X1', 'diameter_mm': 11, 'role': 'target'}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[2].new_lesions[0].role", at("'target'}]}"),
	             "invalid value: 'X1' was first seen at assessments[1].new_lesions[1] as a non-target;"
	             " a new lesion keeps the role of its first sighting");
}

Test(case_read, rejects_a_role_given_after_the_first_sighting)
{
	cr_expect_eq(parse_new_roles("{'id': 'X1', 'diameter_mm': 11}",
	                             "{'id': 'X1', 'diameter_mm': 11, 'role': 'target'}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[2].new_lesions[0].role", at("'target'}]}"),
	             "invalid value: 'X1' was first seen at assessments[1].new_lesions[0] with no role;"
	             " a new lesion keeps the role of its first sighting");
}

Test(case_read, rejects_a_new_target_lesion_without_a_size)
{
	cr_expect_eq(parse_new_roles("{'id': 'X1', 'role': 'target'}", ""), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "assessments[1].new_lesions[0]", at("{'id': 'X1'"),
	             "required key missing: new target lesion 'X1' needs diameter_mm or short_axis_mm"
	             " (0 when it has gone)");
	cap.n = 0;
	cr_expect_eq(parse_new_roles("{'id': 'X1', 'diameter_mm': 12, 'role': 'target'}", "{'id': 'X1'}"),
	             RECIST_EINVALID, "at a later sighting too");
	expect_error("CASE_MISSING_KEY", "assessments[2].new_lesions[0]", at("{'id': 'X1'}]"), NULL);
}

Test(case_read, new_lesion_role_errors_are_reported_in_document_order)
{
	/* B's error (assessments[1]) comes before A's (assessments[2]), though A sorts first. */
	cr_expect_eq(parse_new_roles("{'id': 'A', 'role': 'non-target'}, {'id': 'B', 'role': 'target'}",
	                             "{'id': 'A', 'role': 'target'}"), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "assessments[1].new_lesions[1]", at("{'id': 'B'"), NULL);
}

/* ---- Target measurements ---------------------------------------------- */

Test(case_read, rejects_negative_diameter_with_key_path)
{
	cr_expect_eq(parse_t1("{'diameter_mm': -4}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.diameter_mm", at("-4"),
	             "invalid value: expected a number >= 0, got -4");
}

Test(case_read, rejects_infinite_and_huge_lengths)
{
	cr_expect_eq(parse_t1("{'short_axis_mm': 1e999}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.short_axis_mm", at("1e999"),
	             "invalid value: expected a number <= 10000, got 1e999");
	cap.n = 0;
	cr_expect_eq(parse_t1("{'viable_mm': -1E+999}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.viable_mm", at("-1E+999"),
	             "invalid value: expected a number >= 0, got -1E+999");
	cap.n = 0;
	cr_expect_eq(parse_t1("{'diameter_mm': 10000.001}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.diameter_mm", at("10000.001"),
	             "invalid value: expected a number <= 10000, got 10000.001");
}

Test(case_read, sums_fragments_and_checks_each)
{
	cr_assert_eq(parse_t1("{'fragments_mm': [4.25, 3.1005]}"), RECIST_OK);
	cr_expect_eq(meas_at(&cs->assessments[1], 0)->fragments_um, 4250 + 3101);
	cr_expect_eq(parse_t1("{'fragments_mm': [4, -2]}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.fragments_mm[1]", at("-2"), NULL);
	cap.n = 0;
	cr_expect_eq(parse_t1("{'fragments_mm': [4, '2']}"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[1].lesions.T1.fragments_mm[1]", at("'2'"),
	             "wrong type: expected a number, got string");
	cap.n = 0;
	cr_expect_eq(parse_t1("{'fragments_mm': []}"), RECIST_EINVALID);
	expect_error("CASE_EMPTY", "assessments[1].lesions.T1.fragments_mm", at("[]"),
	             "empty list: expected at least one fragment");
	cap.n = 0;
	cr_expect_eq(parse_t1("{'fragments_mm': [6000, 6000]}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.T1.fragments_mm", at("[6000"),
	             "invalid value: fragments add up to more than 10000 mm");
}

Test(case_read, rejects_conflicting_target_keys_at_the_later_one)
{
	static const struct {
		const char *meas, *key, *msg;
	} cases[] = {
		{ "{'not_evaluated': true, 'diameter_mm': 5}", "diameter_mm",
		  "conflicting keys: 'diameter_mm' cannot be combined with 'not_evaluated'" },
		{ "{'viable_mm': 5, 'not_evaluated': true}", "not_evaluated",
		  "conflicting keys: 'not_evaluated' cannot be combined with 'viable_mm'" },
		{ "{'too_small': true, 'not_evaluated': true}", "not_evaluated", NULL },
		{ "{'fragments_mm': [1], 'not_evaluated': true}", "not_evaluated", NULL },
		{ "{'short_axis_mm': 5, 'not_evaluated': true}", "not_evaluated", NULL },
		{ "{'diameter_mm': 5, 'too_small': true}", "too_small",
		  "conflicting keys: 'too_small' cannot be combined with 'diameter_mm'" },
		{ "{'too_small': true, 'short_axis_mm': 5}", "short_axis_mm", NULL },
		{ "{'too_small': true, 'fragments_mm': [5]}", "fragments_mm", NULL },
		{ "{'fragments_mm': [1, 2], 'diameter_mm': 3}", "diameter_mm",
		  "conflicting keys: 'diameter_mm' cannot be combined with 'fragments_mm'" },
	};
	char path[128], marker[64];

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		cap.n = 0;
		cr_expect_eq(parse_t1(cases[k].meas), RECIST_EINVALID, "%s", cases[k].meas);
		snprintf(path, sizeof path, "assessments[1].lesions.T1.%s", cases[k].key);
		snprintf(marker, sizeof marker, "'%s'", cases[k].key);
		expect_error("CASE_CONFLICT", path, at_from("'2024-03-01'", marker), cases[k].msg);
	}
}

Test(case_read, accepts_false_flags_beside_a_measurement)
{
	cr_assert_eq(parse_t1("{'diameter_mm': 5, 'too_small': false, 'not_evaluated': false}"),
	             RECIST_OK);
	cr_expect_eq(meas_at(&cs->assessments[1], 0)->flags, M_RECORDED | M_DIAMETER);
	cr_assert_eq(parse_t1("{'too_small': true, 'viable_mm': 0}"), RECIST_OK);
	cr_expect_eq(meas_at(&cs->assessments[1], 0)->flags, M_RECORDED | M_TOO_SMALL | M_VIABLE);
}

Test(case_read, rejects_a_target_without_any_measurement)
{
	static const char msg[] = "required key missing: expected one of diameter_mm, "
		"short_axis_mm, viable_mm, fragments_mm, too_small, not_evaluated";

	cr_expect_eq(parse_t1("{}"), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "assessments[1].lesions.T1", at("{}"), msg);
	cap.n = 0;
	cr_expect_eq(parse_t1("{'not_evaluated': false, 'diameter': 4}"), RECIST_EINVALID);
	cr_expect_eq(cap.n, 2, "the unknown key, then the error");
	expect_diag(1, RECIST_SEV_ERROR, "CASE_MISSING_KEY", "assessments[1].lesions.T1",
	            at("{'not_evaluated'"), msg);
}

Test(case_read, rejects_a_measurement_that_is_not_an_object)
{
	cr_expect_eq(parse_t1("12"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[1].lesions.T1", at("12"),
	             "wrong type: expected an object, got number");
}

/* ---- Non-target measurements ------------------------------------------ */

Test(case_read, reads_every_non_target_status)
{
	static const struct {
		const char    *name;
		enum nt_status st;
	} cases[] = {
		{ "present", NT_PRESENT }, { "absent", NT_ABSENT },
		{ "progression", NT_PROGRESSION }, { "not_evaluated", NT_NOT_EVALUATED },
	};
	char extra[256];

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		snprintf(extra, sizeof extra, "'lesions': {'N1': {'status': '%s', 'enhancing': false}}",
		         cases[k].name);
		cr_assert_eq(parse_followup(extra), RECIST_OK, "%s", cap.d[0].msg);
		cr_expect_eq(meas_at(&cs->assessments[1], 1)->status, cases[k].st);
		cr_expect_eq(meas_at(&cs->assessments[1], 1)->enhancing, TRI_FALSE);
		cr_expect_eq(meas_at(&cs->assessments[1], 1)->flags, M_RECORDED);
	}
}

Test(case_read, rejects_a_bad_or_missing_non_target_status)
{
	cr_expect_eq(parse_followup("'lesions': {'N1': {'status': 'gone'}}"), RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.N1.status", at("'gone'"),
	             "invalid value: expected one of present, absent, progression, "
	             "not_evaluated, got 'gone'");
	cap.n = 0;
	cr_expect_eq(parse_followup("'lesions': {'N1': {'short_axis_mm': 8}}"), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "assessments[1].lesions.N1", at("{'short_axis_mm'"),
	             "required key missing: 'status'");
	cap.n = 0;
	cr_expect_eq(parse_followup("'lesions': {'N1': {'status': 'present', 'short_axis_mm': -8}}"),
	             RECIST_EINVALID);
	expect_error("CASE_BAD_VALUE", "assessments[1].lesions.N1.short_axis_mm", at("-8"), NULL);
}

/* ---- New lesions ------------------------------------------------------ */

Test(case_read, rejects_a_new_lesion_that_reuses_a_registry_id)
{
	cr_expect_eq(parse_followup("'new_lesions': [{'id': 'T1'}]"), RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_ID", "assessments[1].new_lesions[0].id", at("'T1'}]"),
	             "duplicate lesion id: new lesion reuses the registry id 'T1'");
}

Test(case_read, rejects_a_new_lesion_id_twice_in_one_assessment)
{
	cr_expect_eq(parse_followup("'new_lesions': [{'id': 'X1'}, {'id': 'X1'}]"), RECIST_EINVALID);
	expect_error("CASE_DUPLICATE_ID", "assessments[1].new_lesions[1].id", at_nth("'X1'", 1),
	             "duplicate lesion id: 'X1' already names new_lesions[0]");
}

Test(case_read, follows_a_new_lesion_id_across_assessments)
{
	static const char s[] =
		"{'case_id': 'S', 'lesions': [{'id': 'N1', 'role': 'non-target'}],\n"
		" 'assessments': [{'date': '2024-01-01'},\n"
		"  {'date': '2024-02-01', 'new_lesions': [{'id': 'X1', 'equivocal': true}]},\n"
		"  {'date': '2024-03-01', 'new_lesions': [{'id': 'X1', 'diameter_mm': 11}]}]}";

	cr_assert_eq(parse(s), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_str_eq(cs->assessments[2].new_lesions[0].id, "X1");
	cr_expect_not(cs->assessments[1].new_lesions[0].has_size);
}

Test(case_read, rejects_a_new_lesion_with_diameter_and_short_axis)
{
	cr_expect_eq(parse_followup("'new_lesions': [{'id': 'X1', 'diameter_mm': 12,\n"
	                            "  'short_axis_mm': 9}]"), RECIST_EINVALID);
	expect_error("CASE_CONFLICT", "assessments[1].new_lesions[0].short_axis_mm",
	             at("'short_axis_mm'"),
	             "conflicting keys: 'short_axis_mm' cannot be combined with 'diameter_mm'");
}

Test(case_read, rejects_a_new_lesion_without_id)
{
	cr_expect_eq(parse_followup("'new_lesions': [{'diameter_mm': 12}]"), RECIST_EINVALID);
	expect_error("CASE_MISSING_KEY", "assessments[1].new_lesions[0]", at("{'diameter_mm': 12"),
	             "required key missing: 'id'");
	cap.n = 0;
	cr_expect_eq(parse_followup("'new_lesions': ['X1']"), RECIST_EINVALID);
	expect_error("CASE_WRONG_TYPE", "assessments[1].new_lesions[0]", at("'X1'"), NULL);
}

Test(case_read, derives_new_lesion_nodal_from_short_axis_unless_given)
{
	cr_assert_eq(parse_followup("'new_lesions': [{'id': 'A', 'short_axis_mm': 9},\n"
	                            " {'id': 'B', 'diameter_mm': 9}, {'id': 'C'},\n"
	                            " {'id': 'D', 'short_axis_mm': 9, 'nodal': false},\n"
	                            " {'id': 'E', 'diameter_mm': 9, 'nodal': true}]"), RECIST_OK);
	cr_assert_eq(cs->assessments[1].n_new, 5);
	cr_expect(cs->assessments[1].new_lesions[0].nodal);
	cr_expect_not(cs->assessments[1].new_lesions[1].nodal);
	cr_expect_not(cs->assessments[1].new_lesions[2].nodal);
	cr_expect_not(cs->assessments[1].new_lesions[2].has_size);
	cr_expect_not(cs->assessments[1].new_lesions[3].nodal);
	cr_expect(cs->assessments[1].new_lesions[4].nodal);
	cr_expect_eq(cs->assessments[1].new_lesions[4].size_um, 9000);
}

/* ---- Threads ---------------------------------------------------------- */

struct worker {
	int ok;
};

static void *parse_many(void *arg)
{
	struct worker *w = arg;
	recist_case *c = recist_case_new();
	size_t n;

	for (int k = 0; k < 200 && c != NULL; k++) {
		char src[sizeof full_case];

		for (size_t i = 0; i < sizeof full_case; i++)
			src[i] = full_case[i] == '\'' ? '"' : full_case[i];
		if (recist_case_parse(c, &n, src, strlen(src), NULL, NULL) == RECIST_OK &&
		    meas_at(&c->assessments[0], 1)->short_axis_um == 33613)
			w->ok++;
		if (recist_case_parse(c, &n, "{\"a\": [1,", 9, NULL, NULL) != RECIST_EPARSE)
			w->ok = -10000;
	}
	recist_case_free(c);
	return NULL;
}

Test(case_read, parses_on_several_threads_at_once)
{
	pthread_t t[4];
	struct worker w[4] = { { 0 } };

	for (int k = 0; k < 4; k++)
		cr_assert_eq(pthread_create(&t[k], NULL, parse_many, &w[k]), 0);
	for (int k = 0; k < 4; k++) {
		pthread_join(t[k], NULL);
		cr_expect_eq(w[k].ok, 200, "thread %d", k);
	}
}

/* ---- Golden files: fixtures/bad-case/NAME.json and NAME.stderr -------- */

struct golden_ctx {
	char  *out;
	size_t len, cap;
};

/* Format a diagnostic as the CLI prints it on stderr. */
static void golden_fn(void *ctx, const recist_diag *d)
{
	struct golden_ctx *g = ctx;
	char line[1024];
	int n;

	n = snprintf(line, sizeof line, "recist: %s", d->file);
	if (d->line > 0)
		n += snprintf(line + n, sizeof line - (size_t)n, ":%u:%u", d->line, d->column);
	n += snprintf(line + n, sizeof line - (size_t)n, ": %s: %s%s%s\n",
	              d->severity == RECIST_SEV_ERROR ? "error" : "warning",
	              d->path ? d->path : "", d->path ? ": " : "", d->message);
	if (g->len + (size_t)n + 1 > g->cap) {
		g->cap = 2 * (g->len + (size_t)n + 1);
		g->out = realloc(g->out, g->cap);
		cr_assert_not_null(g->out);
	}
	memcpy(g->out + g->len, line, (size_t)n + 1);
	g->len += (size_t)n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(fp, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Parse every document of one file as the CLI does; return the stderr text. */
static char *run_file(const char *path)
{
	struct golden_ctx g = { NULL, 0, 0 };
	recist_diag_sink sink = { golden_fn, &g };
	recist_origin o = { path, 1, 1 };
	size_t len, off = 0, n;
	char *buf = slurp(path, &len);
	int ret;

	g.out = calloc(1, 1);
	do {
		ret = recist_case_parse(cs, &n, buf + off, len - off, &o, &sink);
		for (size_t k = off; k < off + n; k++) {
			o.line += buf[k] == '\n';
			o.column = buf[k] == '\n' ? 1 : o.column + 1;
		}
		off += n;
	} while (ret != RECIST_ENOTFOUND && ret != RECIST_EPARSE && off < len);
	free(buf);
	return g.out;
}

Test(case_read, prints_the_golden_stderr_of_every_bad_case_fixture)
{
	DIR *dir = opendir(FIXTURE_DIR);
	struct dirent *e;
	int count = 0;

	cr_assert_not_null(dir, "cannot open %s (run the tests from the top directory)",
	                   FIXTURE_DIR);
	while ((e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name), len;
		char json[512], want_path[512], *got, *want;

		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		snprintf(json, sizeof json, "%s/%s", FIXTURE_DIR, e->d_name);
		snprintf(want_path, sizeof want_path, "%s/%.*s.stderr", FIXTURE_DIR,
		         (int)(n - 5), e->d_name);
		got = run_file(json);
		want = slurp(want_path, &len);
		if (strstr(want, "error: assessments[0].lesions.") != NULL && strstr(want, "target measured on an axis") != NULL) {
			/* CASE_WRONG_AXIS is found when the case is scored (the rule sets decide): the reader reports nothing. */
			cr_expect_str_eq(got, "", "%s", json);
			free(got);
			free(want);
			count++;
			continue;
		}
		cr_expect_str_eq(got, want, "%s", json);
		free(got);
		free(want);
		count++;
	}
	closedir(dir);
	cr_expect_geq(count, 30, "only %d fixtures in %s", count, FIXTURE_DIR);
}

/* ---- Text, and cases far larger than real ones (issue 11) ------------- */

Test(case_read, rejects_nul_invalid_utf8_and_lenient_numbers_at_their_position)
{
	cr_expect_eq(parse("{'case_id': 'C1\\u0000X', 'lesions': []}"), RECIST_EINVALID);
	expect_error("CASE_BAD_TEXT", NULL, at("\\u0000"), "not valid text: a NUL character (\\u0000) in a string");
	cap.n = 0;
	cr_expect_eq(parse("{'case_id': 'C\xff', 'lesions': []}"), RECIST_EINVALID);
	expect_error("CASE_BAD_TEXT", NULL, at("\xff"), "not valid text: bytes that are not UTF-8");
	cap.n = 0;
	cr_expect_eq(parse_t1("{'diameter_mm': 028.4}"), RECIST_EINVALID);
	expect_error("CASE_JSON_SYNTAX", NULL, at("028.4"), "malformed JSON: '028.4' is not a JSON number");
	cap.n = 0;
	cr_expect_eq(parse_t1("{'diameter_mm': 28.}"), RECIST_EINVALID);
	expect_error("CASE_JSON_SYNTAX", NULL, at("28."), "malformed JSON: '28.' is not a JSON number");
}

Test(case_read, keeps_utf8_text_as_it_is)
{
	cr_assert_eq(parse("{'case_id': 'Пациент 1 \xe2\x82\xac', 'lesions': [{'id': 'T1', 'organ': 'печень',"
	                   " 'role': 'target'}], 'assessments': [{'date': '2024-01-01', 'lesions':"
	                   " {'T1': {'diameter_mm': 20}}}]}"), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_str_eq(recist_case_id(cs), "Пациент 1 \xe2\x82\xac");
}

/* A growing buffer for generated documents. */
struct doc {
	char  *s;
	size_t len, cap;
};

static void add(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(d->s + d->len, d->cap - d->len, fmt, ap);
		va_end(ap);
		cr_assert_geq(n, 0);
		if ((size_t)n < d->cap - d->len)
			break;
		d->cap = d->cap * 2 + (size_t)n + 64;
		d->s = realloc(d->s, d->cap);
		cr_assert_not_null(d->s);
	}
	d->len += (size_t)n;
}

static int parse_doc(struct doc *d)
{
	recist_diag_sink sink = { capture_fn, &cap };
	recist_origin o = { "case.json", 1, 1 };

	return recist_case_parse(cs, &used, d->s, d->len, &o, &sink);
}

/*
 * A case of n_lesions targets (ids L0, L1, ...; dup: L1 again at the end)
 * and n_assessments assessments, each measuring the targets in reverse
 * order, the first n_new new lesions at every follow-up.
 */
static void big_case(struct doc *d, size_t n_lesions, size_t n_assessments, size_t n_new, bool dup)
{
	d->len = 0;
	add(d, "{\"case_id\": \"big\", \"lesions\": [");
	for (size_t k = 0; k < n_lesions; k++)
		add(d, "%s{\"id\": \"L%zu\", \"role\": \"target\"}", k ? ", " : "", k);
	if (dup)
		add(d, ", {\"id\": \"L1\", \"role\": \"target\"}");
	add(d, "], \"assessments\": [");
	for (size_t a = 0; a < n_assessments; a++) {
		add(d, "%s{\"date\": \"%04zu-01-01\", \"lesions\": {", a ? ", " : "", 2000 + a);
		for (size_t k = 0; a == 0 && k < n_lesions; k++)
			add(d, "%s\"L%zu\": {\"diameter_mm\": 10}", k ? ", " : "", n_lesions - 1 - k);
		add(d, "}, \"new_lesions\": [");
		for (size_t k = 0; a > 0 && k < n_new; k++)
			add(d, "%s{\"id\": \"X%zu\"}", k ? ", " : "", k);
		add(d, "]}");
	}
	add(d, "]}");
}

Test(case_read, reads_large_cases_with_their_lesions_in_any_order)
{
	struct doc d = { NULL, 0, 0 };

	big_case(&d, 5000, 3, 2000, false);
	cr_assert_eq(parse_doc(&d), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect_eq(cs->n_lesions, 5000);
	cr_expect_eq(cs->assessments[0].n_meas, 5000);
	for (size_t k = 0; k < cs->assessments[0].n_meas; k++)
		cr_assert_eq(cs->assessments[0].meas[k].lesion, k, "kept in registry order");
	cr_expect_eq(cs->assessments[2].n_new, 2000);
	free(d.s);
}

Test(case_read, finds_duplicates_among_many)
{
	struct doc d = { NULL, 0, 0 };

	big_case(&d, 40, 2, 0, true);
	cr_expect_eq(parse_doc(&d), RECIST_EINVALID);
	cr_expect_str_eq(cap.d[0].code, "CASE_DUPLICATE_ID");
	cr_expect_str_eq(cap.d[0].path, "lesions[40].id");
	cr_expect_str_eq(cap.d[0].msg, "duplicate lesion id: 'L1' already names lesions[1]");
	cap.n = 0;
	/* 40 keys in an ignored object, the 30th a repeat of the 3rd. */
	d.len = 0;
	add(&d, "{\"case_id\": \"k\", \"x\": {");
	for (int k = 0; k < 40; k++)
		add(&d, "%s\"k%d\": %d", k ? ", " : "", k == 29 ? 2 : k, k);
	add(&d, "}, \"lesions\": [{\"id\": \"T1\", \"role\": \"target\"}], \"assessments\": []}");
	cr_expect_eq(parse_doc(&d), RECIST_EINVALID);
	cr_expect_str_eq(cap.d[1].code, "CASE_DUPLICATE_KEY", "%s", cap.d[1].msg);
	cr_expect_str_eq(cap.d[1].path, "x.k2");
	cap.n = 0;
	/* 40 new lesions, the 33rd a repeat of the 5th. */
	d.len = 0;
	add(&d, "{\"case_id\": \"n\", \"lesions\": [{\"id\": \"T1\", \"role\": \"target\"}], \"assessments\": ["
	    "{\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 10}}}, {\"date\": \"2024-02-01\","
	    " \"new_lesions\": [");
	for (int k = 0; k < 40; k++)
		add(&d, "%s{\"id\": \"X%d\"}", k ? ", " : "", k == 32 ? 4 : k);
	add(&d, "]}]}");
	cr_expect_eq(parse_doc(&d), RECIST_EINVALID);
	cr_expect_str_eq(cap.d[0].path, "assessments[1].new_lesions[32].id");
	cr_expect_str_eq(cap.d[0].msg, "duplicate lesion id: 'X4' already names new_lesions[4]");
	free(d.s);
}

/* CASE_MAX_*: at the limit a case is read, one past it refused with CASE_TOO_LARGE. */
Test(case_read, refuses_cases_past_each_limit_and_reads_them_at_it)
{
	static const struct {
		size_t      lesions, assessments, new_lesions;
		const char *path, *msg;   /* NULL: read */
	} cases[] = {
		{ CASE_MAX_LESIONS, 2, 0, NULL, NULL },
		{ CASE_MAX_LESIONS + 1, 2, 0, "lesions", "case too large: 100001 lesions; at most 100000 are read" },
		{ 1, CASE_MAX_ASSESSMENTS, 0, NULL, NULL },
		{ 1, CASE_MAX_ASSESSMENTS + 1, 0, "assessments",
		  "case too large: 1001 assessments; at most 1000 are read" },
		{ 2, 2, CASE_MAX_NEW_LESIONS, NULL, NULL },
		{ 2, 2, CASE_MAX_NEW_LESIONS + 1, "assessments[1].new_lesions",
		  "case too large: 100001 new lesions; at most 100000 are read" },
		{ CASE_MAX_CELLS / 1000, 1000, 0, NULL, NULL },
		{ CASE_MAX_CELLS / 1000 + 1, 1000, 0, "assessments",
		  "case too large: 10001 lesions at 1000 assessments; their product may be at most 10000000" },
	};
	struct doc d = { NULL, 0, 0 };

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		cap.n = 0;
		big_case(&d, cases[k].lesions, cases[k].assessments, cases[k].new_lesions, false);
		int rc = parse_doc(&d);
		if (cases[k].msg == NULL) {
			cr_expect_eq(rc, RECIST_OK, "case %zu: %s", k, cap.n ? cap.d[0].msg : "");
			continue;
		}
		cr_expect_eq(rc, RECIST_EINVALID, "case %zu", k);
		cr_expect_str_eq(cap.d[0].code, "CASE_TOO_LARGE", "case %zu", k);
		cr_expect_str_eq(cap.d[0].path, cases[k].path, "case %zu", k);
		cr_expect_str_eq(cap.d[0].msg, cases[k].msg, "case %zu", k);
	}
	free(d.s);
}

Test(case_read, reads_the_survival_dates)
{
	static const char doc[] =
		"{'case_id': 'S', 'death_date': '2025-03-01', 'last_alive_date': '2025-02-01',\n"
		" 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
		" 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}}]}";

	cr_assert_eq(parse(doc), RECIST_OK, "%s", cap.d[0].msg);
	cr_expect(cs->has_death_date);
	cr_expect_eq(cs->death_date, 20148);       /* 2025-03-01 */
	cr_expect(cs->has_last_alive_date);
	cr_expect_eq(cs->last_alive_date, 20120);  /* 2025-02-01 */
	cr_expect_eq(cs->n_warnings, 0, "known keys");
}

Test(case_read, alive_after_death_is_a_conflict)
{
	cr_expect_eq(parse("{'case_id': 'S', 'death_date': '2025-03-01', 'last_alive_date': '2025-04-01',\n"
	                   " 'lesions': [{'id': 'T1', 'role': 'target'}],\n"
	                   " 'assessments': [{'date': '2024-01-01', 'lesions': {'T1': {'diameter_mm': 20}}}]}"),
	             RECIST_EINVALID);
	cr_assert_geq(cap.n, 1);
	cr_expect_str_eq(cap.d[0].path, "last_alive_date");
	cr_expect_str_eq(cap.d[0].code, "CASE_CONFLICT");
}
