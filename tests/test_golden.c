/*
 * test_golden.c - behaviour tests on the fixtures, through build/recist.
 *
 * SPDX-License-Identifier: MIT
 *
 * fixtures/<criteria>/NAME.json is a case (fixtures/recist1.1 scored by
 * RECIST 1.1 alone, fixtures/mrecist by every default rule set and the
 * flags, fixtures/irecist by RECIST 1.1 and iRECIST and the flags);
 * NAME.expect lists the calls
 * worked out by hand from the guideline (see fixtures/recist1.1/README);
 * NAME.out is the whole JSON output, so that any change to it fails
 * (regenerate with `make golden` and review the diff).
 * fixtures/bad-case/NAME.json must be rejected with exactly NAME.stderr
 * and exit status 3 (or, for a warning-only .stderr, accepted with it).
 * fixtures/bad-rules/NAME.yaml must fail `rules check` with NAME.stderr.
 * A .stderr file holds the library's diagnostics ("recist: FILE:LINE:COL:
 * ..."), which the unit tests print too; the command line adds its
 * command after "recist: " (with_command).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct fixture {
	char dir[48];
	char name[128];
};

static void free_fixtures(struct criterion_test_params *crp)
{
	cr_free(crp->params);
}

/* Every NAME.ext in dir, sorted, as Criterion parameters (no pointers). */
static struct criterion_test_params fixtures_in(const char *dir, const char *ext)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort), k = 0;
	struct fixture *f = cr_malloc(sizeof *f * (size_t)(n > 0 ? n : 1));
	size_t elen = strlen(ext);

	for (int i = 0; i < n; i++) {
		const char *d = ents[i]->d_name;
		size_t len = strlen(d);
		if (len > elen && strcmp(d + len - elen, ext) == 0 &&
		    len - elen < sizeof f[k].name) {
			snprintf(f[k].dir, sizeof f[k].dir, "%s", dir);
			snprintf(f[k].name, sizeof f[k].name, "%.*s", (int)(len - elen), d);
			k++;
		}
		free(ents[i]);
	}
	free(ents);
	return cr_make_param_array(struct fixture, f, (size_t)k, free_fixtures);
}

/* out is the golden file at golden_path, byte for byte (make golden writes it). */
static void expect_golden(const struct fixture *fx, const char *out, const char *golden_path)
{
	char *golden = read_file(golden_path, NULL);

	cr_expect_not_null(golden, "%s: no .out file (run make golden and review)", fx->name);
	if (golden)
		cr_expect_str_eq(out, golden, "%s: output differs from %s", fx->name, golden_path);
	free(golden);
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* The timepoint of criteria crit at date, or NULL. */
static const cJSON *timepoint(const cJSON *res, const char *crit, const char *date)
{
	const cJSON *tp;

	cJSON_ArrayForEach(tp, get(get(get(res, "criteria"), crit), "timepoints")) {
		const cJSON *d = get(tp, "date");
		if (cJSON_IsString(d) && strcmp(d->valuestring, date) == 0)
			return tp;
	}
	return NULL;
}

/* A field as text: strings as they are, numbers as %g, null as "null". */
static void field_text(const cJSON *v, char *out, size_t n)
{
	if (v == NULL)
		snprintf(out, n, "(missing)");
	else if (cJSON_IsString(v))
		snprintf(out, n, "%s", v->valuestring);
	else if (cJSON_IsNull(v))
		snprintf(out, n, "null");
	else if (cJSON_IsNumber(v))
		snprintf(out, n, "%.6g", v->valuedouble);
	else
		snprintf(out, n, "(other)");
}

/*
 * A reason or message with a hole: a value it does not have ("sum n/a mm is
 * n/a% from baseline"), a lesion that is not there ("largest nodal target
 * none 0.0 mm"), or a setting that plays no part ("(at most 1 NE may lie
 * between)" where no NE stands in the way).  Issue 14: each says only what
 * is there.  NULL when none; else the hole.
 */
static const char *reason_hole(const char *s)
{
	static const char *const holes[] = { "n/a", "none 0.0", "NE may lie between)" };

	for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++)
		if (strstr(s, holes[i]) != NULL && (i != 2 || strstr(s, "NE on ") == NULL))
			return holes[i];
	return NULL;
}

/* A warning with code for criteria crit (or for the case), at path when path is not NULL. */
static bool has_warning(const cJSON *res, const char *crit, const char *code, const char *path)
{
	const cJSON *w;

	cJSON_ArrayForEach(w, get(res, "warnings")) {
		const cJSON *c = get(w, "code"), *k = get(w, "criteria"), *p = get(w, "path");
		if (cJSON_IsString(c) && strcmp(c->valuestring, code) == 0 &&
		    (!cJSON_IsString(k) || strcmp(k->valuestring, crit) == 0) &&
		    (path == NULL || (cJSON_IsString(p) && strcmp(p->valuestring, path) == 0)))
			return true;
	}
	return false;
}

static bool has_flag(const cJSON *res, const char *date, const char *code)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, get(res, "flags")) {
		const cJSON *c = get(f, "code"), *d = get(f, "date");
		if (cJSON_IsString(c) && strcmp(c->valuestring, code) == 0 && cJSON_IsString(d) &&
		    strcmp(d->valuestring, date) == 0)
			return true;
	}
	return false;
}

/* "* DATE flag CODE" and "* - no-flags": the cross-criteria flags. */
static void check_flag_line(const struct fixture *fx, const cJSON *res, int n, const char *date,
                            const char *field, const char *want, int lineno)
{
	if (strcmp(field, "no-flags") == 0) {
		cr_expect_eq(cJSON_GetArraySize(get(res, "flags")), 0, "%s.expect:%d: flags present", fx->name, lineno);
	} else if (strcmp(field, "flag") == 0 && n == 4) {
		cr_expect(has_flag(res, date, want), "%s.expect:%d: no flag %s at %s", fx->name, lineno, want, date);
	} else if (strcmp(field, "no-flag") == 0 && n == 4) {
		cr_expect(!has_flag(res, date, want), "%s.expect:%d: unexpected flag %s at %s", fx->name, lineno, want,
		          date);
	} else {
		cr_expect_fail("%s.expect:%d: unknown flag line", fx->name, lineno);
	}
}

/* Check one line of a .expect file against the result. */
static void check_expect_line(const struct fixture *fx, const cJSON *res, char *line, int lineno)
{
	char crit[32], date[16], field[32], want[64], got[64];
	int n = sscanf(line, "%31s %15s %31s %63s", crit, date, field, want);

	if (n < 3)
		return;
	if (strcmp(crit, "*") == 0) {
		check_flag_line(fx, res, n, date, field, want, lineno);
		return;
	}
	if (strcmp(date, "-") == 0) {
		const cJSON *c = get(get(res, "criteria"), crit);
		cr_assert_not_null(c, "%s.expect:%d: no criteria '%s' in output", fx->name, lineno, crit);
		if (strcmp(field, "progression_date") == 0) {
			field_text(get(c, "progression_date"), got, sizeof got);
			cr_expect_str_eq(got, want, "%s.expect:%d: progression_date is %s, expected %s",
			                 fx->name, lineno, got, want);
		} else if (strcmp(field, "best_overall") == 0 || strcmp(field, "confirmed_best_overall") == 0) {
			/* "recist1.1 - best_overall PD 2024-03-04" */
			char date_want[16] = "null";
			sscanf(line, "%*s %*s %*s %*s %15s", date_want);
			field_text(get(get(c, field), "response"), got, sizeof got);
			cr_expect_str_eq(got, want, "%s.expect:%d: %s is %s, expected %s", fx->name, lineno, field, got, want);
			field_text(get(get(c, field), "date"), got, sizeof got);
			cr_expect_str_eq(got, date_want, "%s.expect:%d: %s date is %s, expected %s", fx->name, lineno, field,
			                 got, date_want);
		} else if (strcmp(field, "warning") == 0) {
			/* "recist1.1 - warning CODE [PATH]" */
			char at[128] = "";
			sscanf(line, "%*s %*s %*s %*s %127s", at);
			cr_expect(has_warning(res, crit, want, at[0] ? at : NULL), "%s.expect:%d: no warning %s %s",
			          fx->name, lineno, want, at);
		} else if (strcmp(field, "no-warning") == 0) {
			char at[128] = "";
			sscanf(line, "%*s %*s %*s %*s %127s", at);
			cr_expect(!has_warning(res, crit, want, at[0] ? at : NULL), "%s.expect:%d: unexpected warning %s %s",
			          fx->name, lineno, want, at);
		} else if (strcmp(field, "no-warnings") == 0) {
			cr_expect_eq(cJSON_GetArraySize(get(res, "warnings")), 0, "%s.expect:%d: warnings present",
			             fx->name, lineno);
		} else {
			cr_expect_fail("%s.expect:%d: unknown case-level field '%s'", fx->name, lineno, field);
		}
		return;
	}
	const cJSON *tp = timepoint(res, crit, date);
	cr_assert_not_null(tp, "%s.expect:%d: no %s timepoint %s in output", fx->name, lineno, crit, date);
	cr_assert_eq(n, 4, "%s.expect:%d: expected 'CRITERIA DATE FIELD VALUE'", fx->name, lineno);
	field_text(get(tp, field), got, sizeof got);
	if (cJSON_IsNumber(get(tp, field)) && strcmp(want, "null") != 0) {
		/* Compare numbers as numbers: "16.100" and "16.1" are equal. */
		cr_expect(strtod(want, NULL) == get(tp, field)->valuedouble,
		          "%s.expect:%d: %s %s is %s, expected %s", fx->name, lineno, date, field, got, want);
		return;
	}
	cr_expect_str_eq(got, want, "%s.expect:%d: %s %s is %s, expected %s", fx->name, lineno, date,
	                 field, got, want);
}

/*
 * Run one fixture: the calls of its .expect, then the whole output against
 * its .out.  criteria NULL: every built-in rule set (and the flags).
 */
static void run_fixture(const struct fixture *fx, const char *criteria)
{
	char path[256], expect_path[256], golden_path[256];
	struct run r;
	cJSON *res;
	char *expect, *line, *save = NULL;
	int lineno = 0;

	snprintf(path, sizeof path, "%s/%s.json", fx->dir, fx->name);
	snprintf(expect_path, sizeof expect_path, "%s/%s.expect", fx->dir, fx->name);
	snprintf(golden_path, sizeof golden_path, "%s/%s.out", fx->dir, fx->name);
	const char *with[] = { "recist", "evaluate", "--format", "json", "--criteria", criteria, path, NULL };
	const char *all[] = { "recist", "evaluate", "--format", "json", path, NULL };
	cr_assert_eq(run_recist(&r, criteria ? with : all, NULL), 0, "cannot run %s", recist_bin());
	cr_assert_eq(r.status, 0, "%s: exit %d: %s", fx->name, r.status, r.err);
	res = cJSON_Parse(r.out);
	cr_assert_not_null(res, "%s: output is not JSON: %s", fx->name, r.out);
	cr_expect_null(reason_hole(r.out), "%s: a reason with a hole ('%s'): %s", fx->name, reason_hole(r.out), r.out);

	expect = read_file(expect_path, NULL);
	cr_assert_not_null(expect, "%s: no .expect file", fx->name);
	for (line = strtok_r(expect, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (line[0] != '#')
			check_expect_line(fx, res, line, lineno);
	}
	expect_golden(fx, r.out, golden_path);
	free(expect);
	cJSON_Delete(res);
	run_free(&r);
}

ParameterizedTestParameters(golden, recist11)
{
	return fixtures_in("fixtures/recist1.1", ".json");
}

/* RECIST 1.1 alone, as its fixtures were written for it. */
ParameterizedTest(struct fixture *fx, golden, recist11)
{
	run_fixture(fx, "recist1.1");
}

ParameterizedTestParameters(golden, mrecist)
{
	return fixtures_in("fixtures/mrecist", ".json");
}

/* mRECIST beside RECIST 1.1, with the cross-criteria flags. */
ParameterizedTest(struct fixture *fx, golden, mrecist)
{
	run_fixture(fx, NULL);
}

ParameterizedTestParameters(golden, irecist)
{
	return fixtures_in("fixtures/irecist", ".json");
}

/* iRECIST beside RECIST 1.1, with the cross-criteria flags (pseudo-progression). */
ParameterizedTest(struct fixture *fx, golden, irecist)
{
	run_fixture(fx, "recist1.1,irecist");
}

/* ---- fixtures/bor: response histories through `recist bor` ---- */

/* "S1 best_overall PR 2024-03-04": the subject's record in the bor output. */
static const cJSON *subject(cJSON *const *records, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		const cJSON *c = get(records[i], "case_id");
		if (cJSON_IsString(c) && strcmp(c->valuestring, id) == 0)
			return records[i];
	}
	return NULL;
}

static void check_bor_line(const struct fixture *fx, const cJSON *rec, const char *line, int lineno)
{
	char id[64], field[48], a[32] = "", b[32] = "", got[64];
	int n = sscanf(line, "%63s %47s %31s %31s", id, field, a, b);
	const cJSON *v;

	cr_assert_geq(n, 2, "%s.expect:%d: expected 'SUBJECT FIELD VALUE...'", fx->name, lineno);
	cr_assert_not_null(rec, "%s.expect:%d: no subject %s in the output", fx->name, lineno, id);
	if (strcmp(field, "best_overall") == 0 || strcmp(field, "confirmed_best_overall") == 0) {
		v = get(rec, field);
		field_text(get(v, "response"), got, sizeof got);
		cr_expect_str_eq(got, a, "%s.expect:%d: %s %s response is %s, expected %s", fx->name, lineno, id, field, got, a);
		field_text(get(v, "date"), got, sizeof got);
		cr_expect_str_eq(got, b, "%s.expect:%d: %s %s date is %s, expected %s", fx->name, lineno, id, field, got, b);
	} else if (strcmp(field, "progression_date") == 0) {
		field_text(get(rec, field), got, sizeof got);
		cr_expect_str_eq(got, a, "%s.expect:%d: %s progression_date is %s, expected %s", fx->name, lineno, id, got, a);
	} else if (strcmp(field, "duration_of_response") == 0 || strcmp(field, "time_to_progression") == 0) {
		v = get(rec, field);
		if (strcmp(a, "null") == 0) {
			cr_expect(cJSON_IsNull(v), "%s.expect:%d: %s %s is not null", fx->name, lineno, id, field);
			return;
		}
		cr_assert(cJSON_IsObject(v), "%s.expect:%d: %s has no %s", fx->name, lineno, id, field);
		cr_expect_eq(get(v, "days")->valuedouble, strtod(a, NULL), "%s.expect:%d: %s %s days %g, expected %s",
		             fx->name, lineno, id, field, get(v, "days")->valuedouble, a);
		cr_expect_eq(cJSON_IsTrue(get(v, "censored")), strcmp(b, "censored") == 0,
		             "%s.expect:%d: %s %s censoring, expected %s", fx->name, lineno, id, field, b);
	} else if (strcmp(field, "flag") == 0) {
		bool found = false;
		cJSON_ArrayForEach(v, get(rec, "flags")) {
			const cJSON *c = get(v, "code"), *d = get(v, "date");
			found |= cJSON_IsString(c) && strcmp(c->valuestring, a) == 0 && cJSON_IsString(d) &&
			         strcmp(d->valuestring, b) == 0;
		}
		cr_expect(found, "%s.expect:%d: %s has no flag %s at %s", fx->name, lineno, id, a, b);
	} else if (strcmp(field, "no-flags") == 0) {
		cr_expect_eq(cJSON_GetArraySize(get(rec, "flags")), 0, "%s.expect:%d: %s has flags", fx->name, lineno, id);
	} else {
		cr_expect_fail("%s.expect:%d: unknown field '%s'", fx->name, lineno, field);
	}
}

/* Every NAME.jsonl and NAME.csv of fixtures/bor. */
static struct criterion_test_params bor_fixtures(void)
{
	struct criterion_test_params a = fixtures_in("fixtures/bor", ".jsonl");
	struct criterion_test_params b = fixtures_in("fixtures/bor", ".csv");
	struct fixture *f = cr_malloc(sizeof *f * (a.length + b.length + 1));

	memcpy(f, a.params, sizeof *f * a.length);
	memcpy(f + a.length, b.params, sizeof *f * b.length);
	for (size_t i = 0; i < a.length; i++)
		strcat(f[i].dir, "|jsonl");
	for (size_t i = 0; i < b.length; i++)
		strcat(f[a.length + i].dir, "|csv");
	cr_free(a.params);
	cr_free(b.params);
	return cr_make_param_array(struct fixture, f, a.length + b.length, free_fixtures);
}

ParameterizedTestParameters(golden, bor)
{
	return bor_fixtures();
}

ParameterizedTest(struct fixture *fx, golden, bor)
{
	char dir[48], path[256], args_path[256], expect_path[256], golden_path[256], *ext, *extra, *expect;
	const char *argv[32] = { "recist", "bor", "--format", "json" };
	cJSON *records[64];
	size_t argc = 4, n_rec = 0;
	struct run r;
	int lineno = 0;

	snprintf(dir, sizeof dir, "%s", fx->dir);
	ext = strchr(dir, '|');
	*ext++ = '\0';
	snprintf(path, sizeof path, "%s/%s.%s", dir, fx->name, ext);
	snprintf(args_path, sizeof args_path, "%s/%s.args", dir, fx->name);
	snprintf(expect_path, sizeof expect_path, "%s/%s.expect", dir, fx->name);
	snprintf(golden_path, sizeof golden_path, "%s/%s.out", dir, fx->name);
	if ((extra = read_file(args_path, NULL)) != NULL)
		for (char *save = NULL, *t = strtok_r(extra, "\n", &save); t && argc < 30; t = strtok_r(NULL, "\n", &save))
			argv[argc++] = t;
	argv[argc++] = path;
	argv[argc] = NULL;
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "%s: exit %d: %s", fx->name, r.status, r.err);
	for (char *save = NULL, *l = strtok_r(r.out, "\n", &save); l && n_rec < 64; l = strtok_r(NULL, "\n", &save)) {
		records[n_rec] = cJSON_Parse(l);
		cr_assert_not_null(records[n_rec], "%s: not JSON: %s", fx->name, l);
		n_rec++;
	}
	expect = read_file(expect_path, NULL);
	cr_assert_not_null(expect, "%s: no .expect file", fx->name);
	for (char *save = NULL, *l = strtok_r(expect, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char id[64];
		lineno++;
		if (l[0] == '#' || sscanf(l, "%63s", id) != 1)
			continue;
		check_bor_line(fx, subject(records, n_rec, id), l, lineno);
	}
	for (size_t i = 0; i < n_rec; i++)
		cJSON_Delete(records[i]);
	run_free(&r);
	/* The whole output, for change detection. */
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	expect_golden(fx, r.out, golden_path);
	free(expect);
	free(extra);
	run_free(&r);
}

/* ---- fixtures/validate: planted errors through `recist validate` ---- */

/* "P1 2024-03-04 recist1.1 target PR SD error" of one output finding; '-' for null. */
static void finding_key(const cJSON *f, char *out, size_t n)
{
	static const char *const keys[] = { "case_id", "date", "criteria", "field", "reported", "computed", "severity" };
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof keys / sizeof keys[0] && used < n; i++) {
		const cJSON *v = get(f, keys[i]);
		used += (size_t)snprintf(out + used, n - used, "%s%s", i ? " " : "",
		                         cJSON_IsString(v) ? v->valuestring : "-");
	}
}

ParameterizedTestParameters(golden, validate)
{
	return fixtures_in("fixtures/validate", ".json");
}

ParameterizedTest(struct fixture *fx, golden, validate)
{
	char path[256], args_path[256], expect_path[256], golden_path[256], *extra, *expect;
	const char *argv[32] = { "recist", "validate", "--format", "json" };
	char keys[64][256];
	bool matched[64] = { false };
	cJSON *found[64];
	size_t argc = 4, n = 0;
	int lineno = 0, want_exit = -1;
	struct run r;

	snprintf(path, sizeof path, "%s/%s.json", fx->dir, fx->name);
	snprintf(args_path, sizeof args_path, "%s/%s.args", fx->dir, fx->name);
	snprintf(expect_path, sizeof expect_path, "%s/%s.expect", fx->dir, fx->name);
	snprintf(golden_path, sizeof golden_path, "%s/%s.out", fx->dir, fx->name);
	if ((extra = read_file(args_path, NULL)) != NULL)
		for (char *save = NULL, *t = strtok_r(extra, "\n", &save); t && argc < 30; t = strtok_r(NULL, "\n", &save))
			argv[argc++] = t;
	argv[argc++] = path;
	argv[argc] = NULL;
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	expect_golden(fx, r.out, golden_path);
	for (char *save = NULL, *l = strtok_r(r.out, "\n", &save); l && n < 64; l = strtok_r(NULL, "\n", &save)) {
		found[n] = cJSON_Parse(l);
		cr_assert_not_null(found[n], "%s: not JSON: %s", fx->name, l);
		finding_key(found[n], keys[n], sizeof keys[n]);
		cr_expect(cJSON_IsString(get(found[n], "reason")) && get(found[n], "reason")->valuestring[0],
		          "%s: a finding without a reason: %s", fx->name, l);
		cr_expect(!cJSON_IsString(get(found[n], "reason")) || !reason_hole(get(found[n], "reason")->valuestring),
		          "%s: a reason with a hole: %s", fx->name, l);
		n++;
	}
	expect = read_file(expect_path, NULL);
	cr_assert_not_null(expect, "%s: no .expect file", fx->name);
	for (char *save = NULL, *l = strtok_r(expect, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (strncmp(l, "finding ", 8) == 0) {
			size_t i;
			for (i = 0; i < n; i++)
				if (!matched[i] && strcmp(keys[i], l + 8) == 0)
					break;
			cr_expect_lt(i, n, "%s.expect:%d: no finding '%s'", fx->name, lineno, l + 8);
			if (i < n)
				matched[i] = true;
		} else if (strncmp(l, "reason ", 7) == 0) {
			char id[64], date[16], field[48];
			int off = 0;
			bool ok = false;
			cr_assert_eq(sscanf(l + 7, "%63s %15s %47s %n", id, date, field, &off), 3,
			             "%s.expect:%d: expected 'reason CASE DATE FIELD TEXT'", fx->name, lineno);
			for (size_t i = 0; i < n; i++) {
				const cJSON *d = get(found[i], "date"), *reason = get(found[i], "reason");
				if (strcmp(get(found[i], "case_id")->valuestring, id) == 0 &&
				    strcmp(get(found[i], "field")->valuestring, field) == 0 &&
				    (cJSON_IsString(d) ? strcmp(d->valuestring, date) == 0 : strcmp(date, "-") == 0) &&
				    cJSON_IsString(reason) && strstr(reason->valuestring, l + 7 + off) != NULL)
					ok = true;
			}
			cr_expect(ok, "%s.expect:%d: no %s %s %s finding whose reason contains '%s'", fx->name, lineno, id,
			          date, field, l + 7 + off);
		} else if (strncmp(l, "exit ", 5) == 0) {
			want_exit = atoi(l + 5);
		}
	}
	for (size_t i = 0; i < n; i++)
		cr_expect(matched[i], "%s: unexpected finding '%s'", fx->name, keys[i]);
	cr_expect_eq(r.status, want_exit, "%s: exit %d, expected %d (%s)", fx->name, r.status, want_exit, r.err);
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(found[i]);
	free(expect);
	free(extra);
	run_free(&r);
}

/* text, each line "recist: X" made "recist: CMD: X", as recist CMD prints it (malloc'd). */
static char *with_command(const char *text, const char *cmd)
{
	size_t n = 1;
	char *out, *o;

	for (const char *p = text; *p; p++)
		n += 1 + (*p == '\n') * (strlen(cmd) + 2);
	cr_assert_not_null(o = out = malloc(n + strlen(cmd) + 2));
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n") + (line[strcspn(line, "\n")] == '\n');
		if (strncmp(line, "recist: ", 8) == 0) {
			o += sprintf(o, "recist: %s: ", cmd);
			memcpy(o, line + 8, len - 8);
			o += len - 8;
		} else {
			memcpy(o, line, len);
			o += len;
		}
		line += len;
	}
	*o = '\0';
	return out;
}

/* ---- fixtures/text: whole text reports (recist(1) OUTPUT, text) ---- */

ParameterizedTestParameters(golden, text)
{
	return fixtures_in("fixtures/text", ".args");
}

/* The report of NAME.args, byte for byte NAME.out, every line within 100 columns (issue 14). */
ParameterizedTest(struct fixture *fx, golden, text)
{
	char args_path[256], golden_path[256], *args;
	const char *argv[16] = { "recist", "evaluate" };
	size_t argc = 2;
	struct run r;

	snprintf(args_path, sizeof args_path, "%s/%s.args", fx->dir, fx->name);
	snprintf(golden_path, sizeof golden_path, "%s/%s.out", fx->dir, fx->name);
	args = read_file(args_path, NULL);
	cr_assert_not_null(args, "%s: no .args", fx->name);
	for (char *save = NULL, *t = strtok_r(args, "\n", &save); t && argc < 15; t = strtok_r(NULL, "\n", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s: exit %d: %s", fx->name, r.status, r.err);
	for (const char *p = r.out; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
		size_t n = strcspn(p, "\n"), cols = 0;
		for (size_t i = 0; i < n; i++)
			cols += ((unsigned char)p[i] & 0xc0) != 0x80;
		cr_expect_leq(cols, 100, "%s: a line of %zu columns: %.*s", fx->name, cols, (int)n, p);
	}
	expect_golden(fx, r.out, golden_path);
	free(args);
	run_free(&r);
}

ParameterizedTestParameters(golden, bad_case)
{
	return fixtures_in("fixtures/bad-case", ".json");
}

ParameterizedTest(struct fixture *fx, golden, bad_case)
{
	char path[256], stderr_path[256];
	struct run r;
	char *want;

	snprintf(path, sizeof path, "%s/%s.json", fx->dir, fx->name);
	snprintf(stderr_path, sizeof stderr_path, "%s/%s.stderr", fx->dir, fx->name);
	const char *argv[] = { "recist", "evaluate", "--format", "json", path, NULL };
	char *lib = read_file(stderr_path, NULL);
	cr_assert_not_null(lib, "%s: no .stderr file", fx->name);
	want = with_command(lib, "evaluate");
	free(lib);
	cr_assert_eq(run_recist(&r, argv, NULL), 0, "cannot run %s", recist_bin());
	cr_expect_str_eq(r.err, want, "%s: stderr differs", fx->name);
	if (strstr(want, ": error: ") != NULL) {
		cr_expect_eq(r.status, 3, "%s: exit %d, expected 3", fx->name, r.status);
		cr_expect_str_eq(r.out, "", "%s: a rejected case printed a result", fx->name);
	} else {
		cr_expect_eq(r.status, 0, "%s: exit %d, expected 0", fx->name, r.status);
		cr_expect_neq(r.out[0], '\0', "%s: an accepted case printed nothing", fx->name);
	}
	free(want);
	run_free(&r);
}

ParameterizedTestParameters(golden, bad_rules)
{
	return fixtures_in("fixtures/bad-rules", ".yaml");
}

ParameterizedTest(struct fixture *fx, golden, bad_rules)
{
	char path[256], stderr_path[256];
	struct run r;
	char *want;

	snprintf(path, sizeof path, "%s/%s.yaml", fx->dir, fx->name);
	snprintf(stderr_path, sizeof stderr_path, "%s/%s.stderr", fx->dir, fx->name);
	const char *argv[] = { "recist", "rules", "check", path, NULL };
	char *lib = read_file(stderr_path, NULL);
	cr_assert_not_null(lib, "%s: no .stderr file", fx->name);
	want = with_command(lib, "rules");
	free(lib);
	cr_assert_eq(run_recist(&r, argv, NULL), 0, "cannot run %s", recist_bin());
	cr_expect_str_eq(r.err, want, "%s: stderr differs", fx->name);
	cr_expect_eq(r.status, strstr(want, ": error: ") ? 4 : 0, "%s: exit %d", fx->name, r.status);
	free(want);
	run_free(&r);
}

/* A parameterised suite over an empty or missing folder passes vacuously;
 * this fails instead. */
Test(golden, every_fixture_folder_has_cases)
{
	static const char *const dirs[] = { "fixtures/recist1.1", "fixtures/mrecist", "fixtures/irecist", "fixtures/bad-case",
	                                    "fixtures/bad-rules", "fixtures/bor", "fixtures/validate", "fixtures/text" };

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		struct dirent **ents = NULL;
		int n = scandir(dirs[i], &ents, NULL, alphasort), cases = 0;
		for (int k = 0; k < n; k++) {
			size_t len = strlen(ents[k]->d_name);
			const char *ext = len > 5 ? ents[k]->d_name + len - 5 : "";
			if (strcmp(dirs[i], "fixtures/text") == 0)  /* cases of the other folders, by their arguments */
				cases += strcmp(ext, ".args") == 0;
			else
				cases += strcmp(ext, ".json") == 0 || strcmp(ext, ".yaml") == 0 ||
				         (len > 6 && strcmp(ents[k]->d_name + len - 6, ".jsonl") == 0);
			free(ents[k]);
		}
		free(ents);
		cr_expect_geq(cases, strcmp(dirs[i], "fixtures/text") == 0 ? 8 : 10, "%s holds %d cases", dirs[i], cases);
	}
}
