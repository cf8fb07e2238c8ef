/*
 * test_cli.c - recist(1) as scripts see it: exit statuses, formats, several
 * cases per file, standard input, and a bad case among good ones.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

TestSuite(cli);

static const char good1[] = "fixtures/recist1.1/pr_exact_minus30pct_23_0_to_16_1.json";
static const char good2[] = "fixtures/recist1.1/new_lesion_pd.json";

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A temp file holding the given text; path[64]. */
static void temp_file(char path[64], const char *text)
{
	int fd;
	strcpy(path, "/tmp/recist-cli-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Two fixture files concatenated into one, as JSON Lines would be. */
static char *concat(const char *a, const char *b)
{
	char *x = read_file(a, NULL), *y = read_file(b, NULL), *s;
	cr_assert(x && y);
	s = malloc(strlen(x) + strlen(y) + 2);
	sprintf(s, "%s\n%s", x, y);
	free(x);
	free(y);
	return s;
}

Test(cli, usage_errors_exit_2)
{
	static const char *const cases[][6] = {
		{ "recist", NULL },
		{ "recist", "frobnicate", NULL },
		{ "recist", "evaluate", NULL },
		{ "recist", "evaluate", "--format", "xml", "x.json", NULL },
		{ "recist", "evaluate", "--criteria", "recist9", good1, NULL },
		{ "recist", "evaluate", "--no-such-option", good1, NULL },
	};
	struct run r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(run_recist(&r, (const char *const *)cases[i], NULL), 0);
		cr_expect_eq(r.status, 2, "case %zu: exit %d (%s)", i, r.status, r.err);
		cr_expect_str_eq(r.out, "", "case %zu printed to stdout", i);
		cr_expect_neq(r.err[0], '\0', "case %zu said nothing", i);
		run_free(&r);
	}
}

Test(cli, help_and_version_exit_0)
{
	const char *help[] = { "recist", "--help", NULL }, *ehelp[] = { "recist", "evaluate", "--help", NULL };
	const char *version[] = { "recist", "--version", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, help, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "evaluate") && strstr(r.out, "rules"));
	run_free(&r);
	cr_assert_eq(run_recist(&r, ehelp, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "--format") && strstr(r.out, "--criteria") && strstr(r.out, "--rules"));
	run_free(&r);
	cr_assert_eq(run_recist(&r, version, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect_eq(strncmp(r.out, "recist " RECIST_VERSION "\n", strlen("recist " RECIST_VERSION "\n")), 0, "%s", r.out);
	run_free(&r);
}

/*
 * --version names, one "NAME VERSION" a line, the program, the cJSON and
 * libyaml it runs with (as they say at run time) and each built-in rule set.
 */
Test(cli, version_names_the_libraries_and_the_built_in_rule_sets)
{
	const char *argv[] = { "recist", "--version", NULL };
	char want[128];
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	snprintf(want, sizeof want, "\ncJSON %s\n", recist_cjson_version());
	cr_expect(strstr(r.out, want) != NULL, "no '%s' in:\n%s", want + 1, r.out);
	snprintf(want, sizeof want, "\nlibyaml %s\n", recist_yaml_version());
	cr_expect(strstr(r.out, want) != NULL, "no '%s' in:\n%s", want + 1, r.out);
	cr_expect_geq(recist_builtin_count(), 2);
	for (size_t i = 0; i < recist_builtin_count(); i++) {
		recist_ruleset *rs = NULL;
		cr_assert_eq(recist_ruleset_load_builtin(&rs, recist_builtin_id(i), NULL), 0);
		snprintf(want, sizeof want, "\n%s %s (built-in rule set: %s, sha256 %.16s)\n", recist_builtin_id(i),
		         recist_ruleset_version(rs), recist_ruleset_name(rs), recist_ruleset_sha256(rs));
		cr_expect(strstr(r.out, want) != NULL, "no '%s' in:\n%s", want + 1, r.out);
		recist_ruleset_free(rs);
	}
	cr_expect_str_eq(r.err, "");
	run_free(&r);
}

Test(cli, missing_input_file_is_a_system_error_naming_the_file)
{
	const char *argv[] = { "recist", "evaluate", "/nonexistent/case.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 5);
	cr_expect(strstr(r.err, "/nonexistent/case.json") != NULL, "%s", r.err);
	run_free(&r);
}

Test(cli, missing_rule_file_exits_4)
{
	const char *argv[] = { "recist", "evaluate", "--rules", "/nonexistent/r.yaml", good1, NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 4);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
}

Test(cli, scores_every_case_of_a_file_of_several)
{
	char path[64], *text = concat(good1, good2);
	const char *argv[] = { "recist", "evaluate", "--format", "json", path, NULL };
	struct run r;

	temp_file(path, text);
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(count_lines(r.out), 2, "one line per case: %s", r.out);
	cr_expect(strstr(r.out, "\"case_id\":\"pr_exact_minus30pct_23_0_to_16_1\"") < strstr(r.out, "\"case_id\":\"new_lesion_pd\""),
	          "input order kept");
	run_free(&r);
	unlink(path);
	free(text);
}

Test(cli, reads_standard_input)
{
	const char *argv[] = { "recist", "evaluate", "--format", "json", "-", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, good2), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"case_id\":\"new_lesion_pd\"") != NULL);
	run_free(&r);
}

Test(cli, a_bad_case_is_reported_and_the_good_ones_still_scored)
{
	char path[64];
	char *good = read_file(good2, NULL);
	char *text = malloc(strlen(good) * 2 + 200);
	const char *argv[] = { "recist", "evaluate", "--format", "json", path, NULL };
	struct run r;

	/* good, then a schema error (no case_id), then good again. */
	sprintf(text, "%s\n{\"lesions\": [], \"assessments\": []}\n%s", good, good);
	temp_file(path, text);
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 3, "exit %d", r.status);
	cr_expect_eq(count_lines(r.out), 2, "both good cases scored: %s", r.out);
	cr_expect(strstr(r.err, path) != NULL && strstr(r.err, "error:") != NULL, "%s", r.err);
	cr_expect_eq(count_lines(r.err), 1, "one message: %s", r.err);
	run_free(&r);
	unlink(path);
	free(text);
	free(good);
}

Test(cli, malformed_json_reports_line_and_column_and_scores_earlier_cases)
{
	char path[64];
	char *good = read_file(good2, NULL);
	char *text = malloc(strlen(good) + 100);
	const char *argv[] = { "recist", "evaluate", "--format", "json", path, NULL };
	struct run r;
	char want[128];

	sprintf(text, "%s{\"case_id\": \"x\",\n  \"lesions\": [}\n", good);
	temp_file(path, text);
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect_eq(count_lines(r.out), 1, "the case before the bad one is scored");
	snprintf(want, sizeof want, "%s:%d:", path, count_lines(good) + 2);
	cr_expect(strstr(r.err, want) != NULL, "expected '%s' in: %s", want, r.err);
	run_free(&r);
	unlink(path);
	free(text);
	free(good);
}

Test(cli, csv_has_a_header_and_one_row_per_criteria_and_follow_up)
{
	const char *argv[] = { "recist", "evaluate", "--format", "csv", "--criteria", "recist1.1", good1, good2, NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect_eq(strncmp(r.out, "case_id,criteria,date,sum_mm,", 29), 0, "%s", r.out);
	/* 2 follow-ups in good1, 1 in good2, one header. */
	cr_expect_eq(count_lines(r.out), 1 + 2 + 1, "%s", r.out);
	run_free(&r);
}

Test(cli, text_report_shows_the_calls_and_their_reasons)
{
	const char *argv[] = { "recist", "evaluate", good1, NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "RECIST 1.1") != NULL);
	cr_expect(strstr(r.out, "overall PR") != NULL);
	cr_expect(strstr(r.out, "sum 16.1 mm is 30.0 % below baseline 23.0 mm (PR needs at least 30 % below baseline)") != NULL,
	          "%s", r.out);
	run_free(&r);
}

Test(cli, demo_example_shows_the_seed_study_pattern)
{
	const char *argv[] = { "recist", "evaluate", "--format", "csv", "fixtures/examples/hace_new_lesion.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	/* RECIST 1.1: the treated foci are SD, the new lung lesion makes it PD. */
	cr_expect(strstr(r.out, "HACE-07,recist1.1,2024-05-13,42.4,44.0,-15.03,-3.63,-1.6,SD,NON-CR/NON-PD,YES,PD,") != NULL,
	          "%s", r.out);
	run_free(&r);
}

/*
 * Best overall response through evaluate: the demo case starts treatment on
 * 2024-01-15; follow-ups on 2024-03-11 (day 56: RECIST 1.1 SD, mRECIST PR)
 * and 2024-05-13 (day 119: PD by the new lesion).  SD counts from day 42,
 * so both best responses are dated 2024-03-11; mRECIST's PR is not
 * confirmed (the next assessment is PD), so its confirmed best is SD.
 */
Test(cli, evaluate_derives_best_overall_response_and_its_settings)
{
	const char *argv[] = { "recist", "evaluate", "--format", "json", "fixtures/examples/hace_new_lesion.json", NULL };
	const char *late[] = { "recist", "evaluate", "--format", "json", "--sd-min-days", "57",
	                       "fixtures/examples/hace_new_lesion.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect(strstr(r.out, "\"best_overall\":{\"response\":\"SD\",\"date\":\"2024-03-11\"},"
	                        "\"confirmed_best_overall\":{\"response\":\"SD\",\"date\":\"2024-03-11\"},"
	                        "\"progression_date\":\"2024-05-13\",\"duration_of_response\":null,"
	                        "\"time_to_progression\":{\"start\":\"2024-01-15\",\"end\":\"2024-05-13\","
	                        "\"days\":119,\"censored\":false}") != NULL, "recist1.1: %s", r.out);
	cr_expect(strstr(r.out, "\"best_overall\":{\"response\":\"PR\",\"date\":\"2024-03-11\"},"
	                        "\"confirmed_best_overall\":{\"response\":\"SD\",\"date\":\"2024-03-11\"},"
	                        "\"progression_date\":\"2024-05-13\",\"duration_of_response\":{\"start\":\"2024-03-11\","
	                        "\"end\":\"2024-05-13\",\"days\":63,\"censored\":false}") != NULL, "mrecist: %s", r.out);
	run_free(&r);
	/* Day 56 is under a 57-day minimum: SD does not count, PD follows. */
	cr_assert_eq(run_recist(&r, late, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"best_overall\":{\"response\":\"PD\",\"date\":\"2024-05-13\"}") != NULL, "%s", r.out);
	run_free(&r);
}

Test(cli, bad_settings_are_usage_errors)
{
	static const char *const cases[][7] = {
		{ "recist", "evaluate", "--confirm-days", "-1", "x.json", NULL },
		{ "recist", "evaluate", "--sd-min-days", "6w", "x.json", NULL },
		{ "recist", "bor", "--max-ne", "", "x.jsonl", NULL },
		{ "recist", "bor", "--criteria", "recist9", "fixtures/bor/table3_cr_cr.jsonl", NULL },
		{ "recist", "bor", "--criteria", "recist1.1,mrecist", "fixtures/bor/table3_cr_cr.jsonl", NULL },
		{ "recist", "bor", "--criteria", "", "fixtures/bor/table3_cr_cr.jsonl", NULL },
	};
	struct run r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(run_recist(&r, (const char *const *)cases[i], NULL), 0);
		cr_expect_eq(r.status, 2, "case %zu: exit %d (%s)", i, r.status, r.err);
		run_free(&r);
	}
}

/* A number is decimal digits alone; the error names the option and the value. */
Test(cli, numbers_are_digits_alone)
{
	static const char *const bad[] = { "+28", " 28", "28 ", "28.0", "0x1c", "1e1", "", "99999999999999999999" };
	struct run r;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[] = { "recist", "evaluate", "--confirm-days", bad[i], good1, NULL };
		char want[96];
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 2, "'%s': exit %d", bad[i], r.status);
		snprintf(want, sizeof want, "--confirm-days needs a whole number from 0 to 3650, got '%s'", bad[i]);
		cr_expect(strstr(r.err, want) != NULL, "'%s': %s", bad[i], r.err);
		cr_expect_str_eq(r.out, "");
		run_free(&r);
	}
	const char *ok[] = { "recist", "evaluate", "--confirm-days", "028", good1, NULL };
	cr_assert_eq(run_recist(&r, ok, NULL), 0);
	cr_expect_eq(r.status, 0, "a leading zero is still a decimal number: %s", r.err);
	run_free(&r);
}

Test(cli, bor_reports_a_bad_subject_and_scores_the_others)
{
	char path[64];
	const char *argv[] = { "recist", "bor", "--format", "csv", path, NULL };
	struct run r;

	temp_file(path, "case_id,overall,date,treatment_start\n"
	                "A,PR,2024-02-26,2024-01-01\n"
	                "B,XX,2024-02-26,2024-01-01\n"
	                "A,PR,2024-03-25,2024-01-01\n");
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect(strstr(r.out, "\nA,recist1.1,PR,2024-02-26,PR,2024-02-26,") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\nB,") == NULL, "%s", r.out);
	cr_expect(strstr(r.err, ":3:3: error: invalid value: overall 'XX'") != NULL, "%s", r.err);
	run_free(&r);
	unlink(path);
}

/* ---- Issue 14, item 2: data-entry mistakes are loud and point at the root cause ---- */

/* A lymph node measured by its long axis at baseline left every follow-up NE, the best PD, exit 0. */
Test(cli, a_target_on_the_wrong_axis_at_baseline_is_an_error_of_the_case)
{
	const char *ev[] = { "recist", "evaluate", "--format", "json", "fixtures/bad-case/baseline_node_by_diameter.json",
	                     good1, NULL };
	const char *va[] = { "recist", "validate", "--criteria", "recist1.1",
	                     "fixtures/validate/node_by_diameter_at_baseline.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, ev, NULL), 0);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_eq(count_lines(r.out), 1, "only the good case is printed: %s", r.out);
	cr_expect(strstr(r.err, "baseline_node_by_diameter.json:11:73: error: assessments[0].lesions.N1.diameter_mm: "
	                        "target measured on an axis the rule set does not read: case 'P1': ") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "write short_axis_mm") != NULL, "what to write instead: %s", r.err);
	run_free(&r);
	cr_assert_eq(run_recist(&r, va, NULL), 0);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_eq(strncmp(r.out, "P1 2024-01-08 error CASE_WRONG_AXIS\n", 36), 0, "the root cause first: %s", r.out);
	cr_expect(strstr(r.out, "5 findings that follow from it are not listed") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "target: reported PR, computed NE") == NULL, "%s", r.out);
	cr_expect(strstr(r.err, "error: assessments[0].lesions.N1.diameter_mm") != NULL, "%s", r.err);
	run_free(&r);
}

/* One bad reported value made the whole case unusable in validate. */
Test(cli, a_bad_reported_value_is_a_finding_and_the_rest_is_checked)
{
	const char *va[] = { "recist", "validate", "--criteria", "recist1.1",
	                     "fixtures/validate/reported_value_not_a_response.json", NULL };
	const char *ev[] = { "recist", "evaluate", "fixtures/validate/reported_value_not_a_response.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, va, NULL), 0);
	cr_expect_eq(r.status, 1, "findings, and the case was usable: %s", r.err);
	cr_expect(strstr(r.out, "P1 2024-03-04 recist1.1 error CASE_BAD_VALUE: reported stable, computed NON-CR/NON-PD\n"
	                        "    assessments[1].reported.recist1.1.non_target: invalid value") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "P1 2024-03-04 recist1.1 error target: reported PR, computed SD\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.err, "error") == NULL, "a finding, not an error on standard error: %s", r.err);
	run_free(&r);
	/* evaluate does not compare reported values, but still refuses a case with one that is not valid. */
	cr_assert_eq(run_recist(&r, ev, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, ":15:63: error: assessments[1].reported.recist1.1.non_target: invalid value: expected one "
	                        "of CR, NON-CR/NON-PD, PD, NE, NA, got 'stable'") != NULL, "%s", r.err);
	run_free(&r);
}

/* A file given to the command that does not read its kind: what it is, and what reads it. */
Test(cli, the_wrong_kind_of_input_says_what_the_file_is_and_what_reads_it)
{
	char csv[64];
	const char *bor[] = { "recist", "bor", good1, NULL };
	const char *ev_csv[] = { "recist", "evaluate", csv, NULL };
	const char *ev_hist[] = { "recist", "evaluate", "fixtures/bor/multi_subject.jsonl", NULL };
	const char *va_hist[] = { "recist", "validate", "fixtures/bor/multi_subject.jsonl", NULL };
	struct run r;

	temp_file(csv, "case_id,treatment_start,date,overall\nC1,2024-02-01,2024-03-15,PR\n");
	cr_assert_eq(run_recist(&r, bor, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, ":1:1: error: not the input this command reads: this is a recist-case/1 document (it has "
	                        "lesions and assessments, no responses); recist bor reads response histories: use recist "
	                        "evaluate or recist validate\n") != NULL, "%s", r.err);
	run_free(&r);
	cr_assert_eq(run_recist(&r, ev_csv, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect(strstr(r.err, ":1:1: error: not the input this command reads: this is a CSV table of response histories "
	                        "(its header names case_id and overall); recist evaluate and recist validate read "
	                        "recist-case/1 documents: use recist bor\n") != NULL, "%s", r.err);
	run_free(&r);
	unlink(csv);
	cr_assert_eq(run_recist(&r, ev_hist, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect(strstr(r.err, "this is a response history") != NULL, "%s", r.err);
	cr_expect_eq(count_lines(r.err), 1, "said once for the file: %s", r.err);
	run_free(&r);
	cr_assert_eq(run_recist(&r, va_hist, NULL), 0);
	cr_expect_eq(r.status, 3);
	cr_expect(strstr(r.out, "P01 - error CASE_WRONG_KIND\n") != NULL, "%s", r.out);
	run_free(&r);
}

/* Unambiguous writings are read: a term's letter case and space around it, a date and time's date. */
Test(cli, terms_in_any_case_and_dates_with_a_time_are_read)
{
	char json[64], csv[64];
	const char *ev[] = { "recist", "evaluate", "--criteria", "recist1.1", "--format", "csv", json, NULL };
	const char *bor[] = { "recist", "bor", "--format", "csv", csv, NULL };
	struct run r;

	temp_file(json, "{\"case_id\": \"L1\", \"lesions\": [{\"id\": \"T1\", \"role\": \"Target\"},"
	                " {\"id\": \"NT1\", \"role\": \"non-target \"}], \"assessments\": ["
	                "{\"date\": \"2024-01-08T09:30\", \"lesions\": {\"T1\": {\"diameter_mm\": 30},"
	                " \"NT1\": {\"status\": \"Present\"}}},"
	                "{\"date\": \"2024-03-04T14:05:00+01:00\", \"lesions\": {\"T1\": {\"diameter_mm\": 20},"
	                " \"NT1\": {\"status\": \"ABSENT\"}},"
	                " \"reported\": {\"recist1.1\": {\"overall\": \"pr\"}}}]}\n");
	temp_file(csv, "case_id,treatment_start,date,overall\nC1,2024-02-01,2024-03-15T10:00, pr \n"
	               "C1,2024-02-01,2024-04-15T10:00:00Z,Cr\n");
	cr_assert_eq(run_recist(&r, ev, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "", "no warning");
	cr_expect(strstr(r.out, "\nL1,recist1.1,2024-03-04,20.0,30.0,") != NULL, "the date part: %s", r.out);
	run_free(&r);
	cr_assert_eq(run_recist(&r, bor, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\nC1,recist1.1,CR,2024-04-15,PR,2024-03-15,") != NULL, "%s", r.out);
	run_free(&r);
	unlink(json);
	unlink(csv);
}

/* The value of "  NAME: VALUE" in a rule file, as written (the first word after the colon). */
static void yaml_param(const char *file, const char *name, char *out, size_t size)
{
	char *text = read_file(file, NULL), key[64], *p;

	cr_assert_not_null(text, "%s", file);
	snprintf(key, sizeof key, "\n  %s:", name);
	cr_assert_not_null(p = strstr(text, key), "%s: no param %s", file, name);
	p += strlen(key);
	p += strspn(p, " ");
	snprintf(out, size, "%.*s", (int)strcspn(p, " \n#"), p);
	free(text);
}

/*
 * --help shows the settings the BOR options override as the built-in rule
 * files state them (never a number written in the C): one value when the
 * files agree, else each file's.
 */
Test(cli, help_shows_the_rule_files_settings)
{
	static const struct { const char *option, *param; bool flag; } rows[] = {
		{ "--confirm-days N", "confirm_days", false },
		{ "--sd-min-days N", "sd_min_days", false },
		{ "--max-ne N", "max_ne_between", false },
		{ "--accept-sd ", "accept_sd", true },
	};
	const char *argv[] = { "recist", "evaluate", "--help", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *options = strstr(r.out, "\noptions:");
		char a[32], b[32], want[96], text[256], *line = options ? strstr(options, rows[i].option) : NULL;
		cr_assert_not_null(line, "no %s in evaluate --help", rows[i].option);
		snprintf(text, sizeof text, "%.*s", (int)strcspn(line, "\n"), line);
		yaml_param("rules/recist1.1.yaml", rows[i].param, a, sizeof a);
		yaml_param("rules/mrecist.yaml", rows[i].param, b, sizeof b);
		if (rows[i].flag) {
			snprintf(a, sizeof a, "%s", strcmp(a, "0") ? "yes" : "no");
			snprintf(b, sizeof b, "%s", strcmp(b, "0") ? "yes" : "no");
		}
		if (strcmp(a, b) == 0)
			snprintf(want, sizeof want, "(rule set: %s)", a);
		else
			snprintf(want, sizeof want, "(recist1.1: %s, mrecist: %s)", a, b);
		cr_expect(strstr(text, want) != NULL, "%s: want '%s' in '%s'", rows[i].option, want, text);
	}
	run_free(&r);
}

/*
 * Provenance (issue: a copy of a rule file that kept the id, or a run with
 * an override, must not pass for the shipped rules): evaluate's JSON and
 * text name the file's SHA-256 and the override; bor's and validate's too.
 */
Test(cli, every_output_names_its_rules_and_the_run_s_overrides)
{
	const char *json[] = { "recist", "evaluate", "--criteria", "recist1.1", "--sd-min-days", "57", "--format", "json",
		               "fixtures/examples/hace_new_lesion.json", NULL };
	const char *text[] = { "recist", "evaluate", "--criteria", "recist1.1", "--sd-min-days", "57",
		               "fixtures/examples/hace_new_lesion.json", NULL };
	const char *show[] = { "recist", "rules", "show", "recist1.1", NULL };
	struct run r, s;
	char want[128];
	FILE *p;

	/* The SHA-256 is that of the text `rules show` prints, by sha256sum(1). */
	cr_assert_eq(run_recist(&s, show, NULL), 0);
	char path[] = "/tmp/recist-show-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, s.out, strlen(s.out)), (ssize_t)strlen(s.out));
	close(fd);
	char cmd[96];
	snprintf(cmd, sizeof cmd, "sha256sum %s", path);
	cr_assert_not_null(p = popen(cmd, "r"));
	char sum[80] = "";
	cr_assert_not_null(fgets(sum, sizeof sum, p));
	pclose(p);
	unlink(path);
	sum[64] = '\0';
	run_free(&s);

	cr_assert_eq(run_recist(&r, json, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	snprintf(want, sizeof want, "\"id\":\"recist1.1\",\"version\":\"1\",\"sha256\":\"%s\"", sum);
	cr_expect_not_null(strstr(r.out, want), "%s\n%s", want, r.out);
	cr_expect_not_null(strstr(r.out, "\"overrides\":{\"sd_min_days\":57}}]}}"), "%s", r.out);
	run_free(&r);

	cr_assert_eq(run_recist(&r, text, NULL), 0);
	snprintf(want, sizeof want, "  recist1.1 version 1, sha256 %.16s; this run: sd_min_days 57\n", sum);
	cr_expect_not_null(strstr(r.out, want), "%s\n%s", want, r.out);
	run_free(&r);
}

/* Does every line of text start with prefix?  (An empty text does.) */
static bool every_line_starts_with(const char *text, const char *prefix, char *bad, size_t size)
{
	for (const char *line = text; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] == '\n')) {
		if (strncmp(line, prefix, strlen(prefix)) != 0) {
			snprintf(bad, size, "%.*s", (int)strcspn(line, "\n"), line);
			return false;
		}
	}
	return true;
}

/*
 * Every line on standard error starts "recist: CMD: ", whatever wrote it:
 * a diagnostic with its position, a usage error and its hint, a file that
 * cannot be read, a summary, a skipped file of a walk.
 */
Test(cli, every_stderr_line_names_the_program_and_the_command)
{
	char bad_case[64], bad_rules[64], dir[] = "/tmp/recist-cli-dir-XXXXXX", fifo[96], bad[512];
	static const char *const cmds[] = { "evaluate", "validate", "bor", "batch", "import", "rules" };

	temp_file(bad_case, "{\"case_id\": \"x\", \"lesions\": [}\n");
	temp_file(bad_rules, "format: recist-rules/1\nid: [\n");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/pipe.jsonl", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	const char *runs[][8] = {
		{ "recist", "evaluate", bad_case, "/nonexistent.json", NULL },
		{ "recist", "evaluate", "--no-such-option", NULL },
		{ "recist", "evaluate", "--rules", bad_rules, good1, NULL },
		{ "recist", "validate", "--format", "json", bad_case, good1, NULL },
		{ "recist", "bor", "--format", "json", bad_case, NULL },
		{ "recist", "batch", "--jobs", "1", bad_case, dir, "/nonexistent.jsonl", NULL },
		{ "recist", "import", "sdtm", "/nonexistent", NULL },
		{ "recist", "rules", "check", bad_rules, NULL },
		{ "recist", "rules", "show", "recist9", NULL },
	};
	struct run r;

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "recist: %s: ", runs[i][1]);
		cr_assert_eq(run_recist(&r, runs[i], NULL), 0);
		cr_expect_neq(r.err[0], '\0', "%s said nothing", runs[i][1]);
		cr_expect(every_line_starts_with(r.err, prefix, bad, sizeof bad), "%s: '%s' in:\n%s", runs[i][1], bad, r.err);
		run_free(&r);
	}
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *argv[] = { "recist", cmds[i], "--bogus", NULL };
		char prefix[64];
		snprintf(prefix, sizeof prefix, "recist: %s: ", cmds[i]);
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 2);
		cr_expect(every_line_starts_with(r.err, prefix, bad, sizeof bad), "%s: '%s'", cmds[i], bad);
		run_free(&r);
	}
	const char *none[] = { "recist", NULL }, *unknown[] = { "recist", "frobnicate", NULL };
	cr_assert_eq(run_recist(&r, none, NULL), 0);
	cr_expect(every_line_starts_with(r.err, "recist: ", bad, sizeof bad), "'%s'", bad);
	run_free(&r);
	cr_assert_eq(run_recist(&r, unknown, NULL), 0);
	cr_expect(every_line_starts_with(r.err, "recist: ", bad, sizeof bad), "'%s'", bad);
	run_free(&r);
	unlink(fifo);
	rmdir(dir);
	unlink(bad_case);
	unlink(bad_rules);
}

/* recist help CMD prints what recist CMD --help prints, for every command. */
Test(cli, help_cmd_is_cmd_help)
{
	static const char *const cmds[] = { "evaluate", "bor", "validate", "batch", "import", "rules" };
	struct run a, b;

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *help[] = { "recist", "help", cmds[i], NULL }, *opt[] = { "recist", cmds[i], "--help", NULL };
		cr_assert_eq(run_recist(&a, help, NULL), 0);
		cr_assert_eq(run_recist(&b, opt, NULL), 0);
		cr_expect_eq(a.status, 0, "help %s: exit %d: %s", cmds[i], a.status, a.err);
		cr_expect_str_eq(a.out, b.out, "help %s", cmds[i]);
		cr_expect(strncmp(a.out, "usage: recist ", 14) == 0, "help %s: %s", cmds[i], a.out);
		run_free(&a);
		run_free(&b);
	}
}

/*
 * A misspelt command, option, format, subcommand or rule-set id is a
 * usage error that names the nearest one; an option without its argument
 * is said to need one (--sd-min-days was called unknown), and an
 * abbreviation of several options lists them.
 */
Test(cli, a_misspelt_word_suggests_the_nearest)
{
	static const struct { const char *argv[7]; const char *want; } cases[] = {
		{ { "recist", "evalute", NULL }, "recist: unknown command 'evalute'; did you mean 'evaluate'?" },
		{ { "recist", "valdiate", "x.json", NULL }, "did you mean 'validate'?" },
		{ { "recist", "help", "bathc", NULL }, "did you mean 'batch'?" },
		{ { "recist", "evaluate", "--critera", "recist1.1", good1, NULL },
		  "recist: evaluate: unknown option '--critera'; did you mean '--criteria'?" },
		{ { "recist", "batch", "--shrad", "1/2", good1, NULL }, "did you mean '--shard'?" },
		{ { "recist", "bor", "--confirm-dys=28", good1, NULL }, "did you mean '--confirm-days'?" },
		{ { "recist", "validate", "--sd-min-days", NULL }, "option '--sd-min-days' needs an argument" },
		{ { "recist", "evaluate", "--accept-sd=1", good1, NULL }, "option '--accept-sd' takes no argument" },
		{ { "recist", "evaluate", "--s", "x", good1, NULL }, "option '--s' is ambiguous: --sd-min-days, --sdtm, --start" },
		{ { "recist", "evaluate", "--criteria", "mrecst", good1, NULL },
		  "unknown criteria 'mrecst'; did you mean 'mrecist'? (available: recist1.1, mrecist)" },
		{ { "recist", "rules", "lsit", NULL }, "unknown subcommand 'lsit'; did you mean 'list'?" },
		{ { "recist", "rules", "show", "recist11", NULL }, "no rule set 'recist11'; did you mean 'recist1.1'?" },
		{ { "recist", "import", "stdm", "x", NULL }, "unknown format 'stdm'; did you mean 'sdtm'?" },
		{ { "recist", "evaluate", "--start", "RANDT", "--sdtm", "x", NULL }, "did you mean 'RANDDT'?" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(run_recist(&r, cases[i].argv, NULL), 0);
		cr_expect_eq(r.status, 2, "case %zu: exit %d", i, r.status);
		cr_expect(strstr(r.err, cases[i].want) != NULL, "case %zu: no '%s' in:\n%s", i, cases[i].want, r.err);
		cr_expect_str_eq(r.out, "");
		run_free(&r);
	}
}

/* A rule-set id is a name: --criteria RECIST1.1 is recist1.1, in every command; and so for rules show. */
Test(cli, criteria_ids_match_whatever_their_case)
{
	const char *upper[] = { "recist", "evaluate", "--format", "json", "--criteria", "RECIST1.1,MRecist", good2, NULL };
	const char *lower[] = { "recist", "evaluate", "--format", "json", "--criteria", "recist1.1,mrecist", good2, NULL };
	const char *bor[] = { "recist", "bor", "--criteria", "Recist1.1", "fixtures/bor/table3_cr_cr.jsonl", NULL };
	const char *show[] = { "recist", "rules", "show", "MRECIST", NULL };
	struct run a, b;

	cr_assert_eq(run_recist(&a, upper, NULL), 0);
	cr_assert_eq(run_recist(&b, lower, NULL), 0);
	cr_expect_eq(a.status, 0, "%s", a.err);
	cr_expect_str_eq(a.out, b.out);
	cr_expect(strstr(a.out, "\"criteria\":{\"recist1.1\":") != NULL, "the id as the rule set has it: %s", a.out);
	run_free(&a);
	run_free(&b);
	cr_assert_eq(run_recist(&a, bor, NULL), 0);
	cr_expect_eq(a.status, 0, "%s", a.err);
	run_free(&a);
	cr_assert_eq(run_recist(&a, show, NULL), 0);
	cr_expect_eq(a.status, 0, "%s", a.err);
	cr_expect(strstr(a.out, "\nid: mrecist\n") != NULL);
	run_free(&a);
}

/*
 * One name per format: json is JSON Lines in every command that writes
 * it (batch included, which knew it as jsonl alone), and jsonl the same
 * in every one (evaluate, bor and validate refused it).
 */
Test(cli, json_and_jsonl_name_one_format_in_every_command)
{
	static const struct { const char *cmd, *input; } cmds[] = {
		{ "evaluate", "fixtures/recist1.1/new_lesion_pd.json" },
		{ "bor", "fixtures/bor/table3_cr_cr.jsonl" },
		{ "validate", "fixtures/validate/confirmed_27_days_too_early.json" },
		{ "batch", "fixtures/recist1.1/new_lesion_pd.json" },
	};
	struct run a, b;

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *json[] = { "recist", cmds[i].cmd, "--format", "json", "--criteria", "recist1.1", cmds[i].input, NULL };
		const char *jsonl[] = { "recist", cmds[i].cmd, "--format", "jsonl", "--criteria", "recist1.1", cmds[i].input, NULL };
		cr_assert_eq(run_recist(&a, json, NULL), 0);
		cr_assert_eq(run_recist(&b, jsonl, NULL), 0);
		cr_expect(a.status == 0 || (i == 2 && a.status == 1), "%s --format json: exit %d: %s", cmds[i].cmd, a.status, a.err);
		cr_expect_eq(a.status, b.status, "%s", cmds[i].cmd);
		cr_expect_str_eq(a.out, b.out, "%s", cmds[i].cmd);
		cr_expect(a.out[0] == '{' && strchr(a.out, '\n') != NULL, "%s: one JSON document a line: %s", cmds[i].cmd, a.out);
		run_free(&a);
		run_free(&b);
	}
	const char *text[] = { "recist", "batch", "--format", "text", good1, NULL };
	cr_assert_eq(run_recist(&a, text, NULL), 0);
	cr_expect_eq(a.status, 2);
	cr_expect(strstr(a.err, "unknown format 'text' (expected json or csv)") != NULL, "%s", a.err);
	run_free(&a);
}

/*
 * CSV: a case's warnings are in the last column, warnings (they were
 * dropped), on each row of its rule set; a case without follow-up still
 * gives a row per rule set, its follow-up's columns empty (batch promises
 * a record per case, and gave none).
 */
Test(cli, csv_keeps_warnings_and_a_case_without_follow_up)
{
	char path[64];
	static const char *const cmds[] = { "evaluate", "batch" };
	struct run r;

	temp_file(path, "{\"case_id\": \"B1\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"liver\", \"role\": \"target\"}, "
	                "{\"id\": \"T2\", \"organ\": \"liver\", \"role\": \"target\"}, "
	                "{\"id\": \"T3\", \"organ\": \"liver\", \"role\": \"target\"}], "
	                "\"assessments\": [{\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}, "
	                "\"T2\": {\"diameter_mm\": 20}, \"T3\": {\"diameter_mm\": 20}}}]}\n");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *argv[] = { "recist", cmds[i], "--format", "csv", "--criteria", "recist1.1", path, NULL };
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 0, "%s: %s", cmds[i], r.err);
		cr_expect(strstr(r.out, ",time_to_progression_censored,warnings,recist_version,") != NULL, "%s: %s", cmds[i], r.out);
		cr_expect(strstr(r.out, "\nB1,recist1.1,,,,,,,,,,,,,,NE,,NE,,,,0,true,TOO_MANY_TARGETS_IN_ORGAN: lesions: "
		                        "3 target lesions in liver; at most 2 per organ") != NULL, "%s: %s", cmds[i], r.out);
		cr_expect_eq(count_lines(r.out), 2, "%s: the header and one row: %s", cmds[i], r.out);
		run_free(&r);
	}
	unlink(path);
}

/*
 * One bad record in a JSON Lines file, a bracket missing: evaluate, bor
 * and validate say so at its own line (not where the parse ran into the
 * next record), and still score every record after it, as batch does;
 * the exit status is 3 (evaluate stopped at the bad record).
 */
Test(cli, a_malformed_line_of_json_lines_is_reported_and_the_rest_scored)
{
	static const struct { const char *cmd, *fixture, *bad; } cmds[] = {
		{ "evaluate", "fixtures/recist1.1/new_lesion_pd.json", "{\"case_id\": \"broken\", \"lesions\": [" },
		{ "validate", "fixtures/recist1.1/new_lesion_pd.json", "{\"case_id\": \"broken\", \"lesions\": [" },
		{ "bor", "fixtures/bor/table3_cr_cr.jsonl", "{\"case_id\": \"broken\", \"responses\": [" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		char path[64], want[256], *good = one_line(cmds[i].fixture, NULL);
		char *text = malloc(3 * strlen(good) + 100);
		const char *argv[] = { "recist", cmds[i].cmd, "--format", "json", "--criteria", "recist1.1", path, NULL };
		sprintf(text, "%s\n%s\n%s\n%s\n", good, cmds[i].bad, good, good);
		temp_file(path, text);
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 3, "%s: exit %d: %s", cmds[i].cmd, r.status, r.err);
		snprintf(want, sizeof want, "recist: %s: %s:2:%zu: error: malformed JSON: unexpected end of input", cmds[i].cmd,
		         path, strlen(cmds[i].bad) + 1);
		cr_expect(strstr(r.err, want) != NULL, "%s: no '%s' in:\n%s", cmds[i].cmd, want, r.err);
		cr_expect_eq(count_lines(r.err) - (i == 1), 1, "%s: one message (and validate's summary): %s", cmds[i].cmd, r.err);
		if (i == 1)  /* the bad record is a finding; the good ones have none */
			cr_expect(strstr(r.err, "4 cases checked, 1 could not be read") != NULL, "%s", r.err);
		else
			cr_expect_eq(count_lines(r.out), 3, "%s: every good record scored: %s", cmds[i].cmd, r.out);
		run_free(&r);
		unlink(path);
		free(text);
		free(good);
	}
}

/*
 * evaluate, validate and bor take directories as batch does: the case
 * files under one (and, for bor, CSV tables too), at any depth, in sorted
 * order; hidden files and other names left out; a FIFO and the command's
 * own output skipped with a warning.
 */
Test(cli, evaluate_validate_and_bor_walk_directories_as_batch_does)
{
	char dir[] = "/tmp/recist-cli-walk-XXXXXX", p[128], out[128], cmd[1024];
	struct run r;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "mkdir %s/sub && cp %s %s/sub/a.json && cp %s %s/b.jsonl && cp %s %s/.hidden.json && "
	         "cp %s %s/notes.txt", dir, good1, dir, good2, dir, good1, dir, good1, dir);
	cr_assert_eq(system(cmd), 0);
	snprintf(p, sizeof p, "%s/fifo.json", dir);
	cr_assert_eq(mkfifo(p, 0600), 0);
	snprintf(out, sizeof out, "%s/out.jsonl", dir);

	const char *eval[] = { "recist", "evaluate", "--format", "json", "--criteria", "recist1.1", "-o", out, dir, NULL };
	cr_assert_eq(run_recist(&r, eval, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	char *text = read_file(out, NULL);
	cr_assert_not_null(text);
	cr_expect_eq(count_lines(text), 2, "%s", text);
	cr_expect(strstr(text, "\"case_id\":\"new_lesion_pd\"") < strstr(text, "\"case_id\":\"pr_exact_minus30pct_23_0_to_16_1\""),
	          "b.jsonl before sub/a.json: %s", text);
	cr_expect(strstr(r.err, "fifo.json: warning: skipped: a FIFO") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "out.jsonl: warning: skipped: the output of this command") != NULL, "%s", r.err);
	free(text);
	run_free(&r);
	unlink(out);

	const char *validate[] = { "recist", "validate", "--format", "json", "--criteria", "recist1.1", dir, NULL };
	cr_assert_eq(run_recist(&r, validate, NULL), 0);
	cr_expect(strstr(r.err, "recist: validate: 2 cases checked, 0 could not be read") != NULL, "%s", r.err);
	run_free(&r);

	snprintf(cmd, sizeof cmd, "rm -r %s/sub %s/b.jsonl && cp fixtures/bor/table3_cr_cr.jsonl %s/h.jsonl && "
	         "printf 'case_id,treatment_start,date,overall\\nC1,2024-01-01,2024-02-26,PR\\n' > %s/t.csv", dir, dir, dir, dir);
	cr_assert_eq(system(cmd), 0);
	const char *bor[] = { "recist", "bor", "--format", "json", dir, NULL };
	cr_assert_eq(run_recist(&r, bor, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(count_lines(r.out), 2, "h.jsonl, then t.csv: %s", r.out);
	cr_expect(strstr(r.out, "\"case_id\":\"C1\"") != NULL, "%s", r.out);
	run_free(&r);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}
