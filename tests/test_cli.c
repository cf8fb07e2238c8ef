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
	cr_expect_str_eq(r.out, "recist " RECIST_VERSION "\n");
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
	cr_expect(strstr(r.out, "sum 16.1 mm is 30.0% below baseline 23.0 mm (PR needs >= 30%)") != NULL, "%s", r.out);
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
