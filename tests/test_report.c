/*
 * test_report.c - what issue 14 asked of recist evaluate, through
 * build/recist: a rule set applied only where the case has what it reads
 * (said once, in every format), the treatment start as the clock of the
 * report, and the best response's reasons in the words validate uses.
 * The whole reports are the goldens of fixtures/text (test_golden.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recist/recist.h"
#include "util.h"

TestSuite(report);

/* A case with targets measured by their diameters alone: mRECIST has nothing to read. */
static const char no_viable[] = "fixtures/recist1.1/new_lesion_pd.json";

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = strstr(s, what); p != NULL; p = strstr(p + 1, what))
		n++;
	return n;
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/*
 * Without --criteria, mRECIST is not applied to a case with no viable
 * diameter: the text says so once and has no mRECIST column; JSON keeps
 * the rule set's member with "not_assessed" and no follow-up (before: an
 * NE at every follow-up and a MEASUREMENT_MISSING warning per target);
 * CSV gives one row with the reason.
 */
Test(report, a_rule_set_without_what_it_reads_is_not_assessed_and_said_once)
{
	const char *text[] = { "recist", "evaluate", no_viable, NULL };
	const char *json[] = { "recist", "evaluate", "--format", "json", no_viable, NULL };
	const char *csv[] = { "recist", "evaluate", "--format", "csv", no_viable, NULL };
	const cJSON *m;
	struct run r;
	cJSON *res;

	cr_assert_eq(run_recist(&r, text, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(count(r.out, "mRECIST: not assessed, no viable diameters at baseline.\n"), 1, "%s", r.out);
	cr_expect_eq(count(r.out, "mRECIST"), 1, "no mRECIST column: %s", r.out);
	cr_expect_eq(count(r.out, "MEASUREMENT_MISSING"), 0, "%s", r.out);
	cr_expect_eq(count(r.err, "MEASUREMENT_MISSING"), 0, "%s", r.err);
	run_free(&r);

	cr_assert_eq(run_recist(&r, json, NULL), 0);
	cr_assert_not_null(res = cJSON_Parse(r.out), "%s", r.out);
	m = get(get(res, "criteria"), "mrecist");
	cr_assert_not_null(m, "the rule set keeps its member: %s", r.out);
	cr_assert(cJSON_IsString(get(m, "not_assessed")), "%s", r.out);
	cr_expect_str_eq(get(m, "not_assessed")->valuestring, "no viable diameters at baseline");
	cr_expect_eq(cJSON_GetArraySize(get(m, "timepoints")), 0);
	cr_expect_str_eq(get(get(m, "best_overall"), "response")->valuestring, "NE");
	cr_expect(cJSON_IsNull(get(get(m, "best_overall"), "date")));
	cr_expect_null(get(get(get(res, "criteria"), "recist1.1"), "not_assessed"), "only where it applies");
	cr_expect_eq(cJSON_GetArraySize(get(res, "warnings")), 0, "%s", r.out);
	cJSON_Delete(res);
	run_free(&r);

	cr_assert_eq(run_recist(&r, csv, NULL), 0);
	cr_expect_eq(count(r.out, "\nnew_lesion_pd,mrecist,"), 1, "%s", r.out);
	/* Every other field empty but the (empty) warnings and the provenance. */
	cr_expect_not_null(strstr(r.out, "\nnew_lesion_pd,mrecist,,,,,,,,,,,,not assessed: no viable diameters at "
	                                 "baseline,,,,,,,,,,," RECIST_VERSION ",1,"), "%s", r.out);
	run_free(&r);
}

/* --criteria naming mRECIST asks for it: scored at every follow-up, NE, with its warnings, as before. */
Test(report, a_rule_set_asked_for_by_criteria_is_scored)
{
	const char *json[] = { "recist", "evaluate", "--format", "json", "--criteria", "recist1.1,mrecist", no_viable, NULL };
	const char *batch[] = { "recist", "batch", "--jobs", "1", no_viable, NULL };
	const cJSON *m;
	struct run r;
	cJSON *res;

	cr_assert_eq(run_recist(&r, json, NULL), 0);
	cr_assert_not_null(res = cJSON_Parse(r.out), "%s", r.out);
	m = get(get(res, "criteria"), "mrecist");
	cr_expect_null(get(m, "not_assessed"));
	cr_expect_eq(cJSON_GetArraySize(get(m, "timepoints")), 1);
	cr_expect_str_eq(get(cJSON_GetArrayItem(get(m, "timepoints"), 0), "target")->valuestring, "NE");
	cr_expect_gt(count(r.out, "MEASUREMENT_MISSING"), 0, "%s", r.out);
	cJSON_Delete(res);
	run_free(&r);
	/* batch scores as evaluate does: without --criteria, not assessed. */
	cr_assert_eq(run_recist(&r, batch, NULL), 0);
	cr_expect_eq(count(r.out, "\"not_assessed\":\"no viable diameters at baseline\""), 1, "%s", r.out);
	run_free(&r);
}

/*
 * The report's clock is the treatment start, as the best response's: the
 * demo case starts treatment on 2024-01-15 and is scanned on 2024-03-11,
 * day 56 (before issue 14 the report said "day 61", from the baseline
 * scan); with an SD minimum of 57 days that SD does not count, and the
 * report says why, in the words validate uses for it.
 */
Test(report, days_count_from_the_treatment_start_as_the_best_response_does)
{
	const char *argv[] = { "recist", "evaluate", "--sd-min-days", "57", "--criteria", "recist1.1",
	                       "fixtures/examples/hace_new_lesion.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_not_null(strstr(r.out, "\nTreatment start 2024-01-15 (day 0): "), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "\n2024-03-11 (day 56) "), "%s", r.out);
	cr_expect_null(strstr(r.out, "day 61"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "    - SD on 2024-03-11 (day 56) is too early to count as stable disease: "
	                                 "stable disease counts from\n      day 57 after treatment start\n"), "%s", r.out);
	run_free(&r);
}

/* The same sentence from validate: one source (score/bor_reasons.c). */
Test(report, validate_and_the_report_say_it_in_the_same_words)
{
	const char *validate[] = { "recist", "validate", "--format", "json", "--criteria", "recist1.1",
	                           "fixtures/validate/confirmed_27_days_too_early.json", NULL };
	const char *evaluate[] = { "recist", "evaluate", "--criteria", "recist1.1",
	                           "fixtures/validate/confirmed_27_days_too_early.json", NULL };
	const char *said = "PR on 2024-03-04 (day 54) is not confirmed: the next PR, on 2024-03-31 (day 81), is only 27 "
	                   "days later, and no later one follows (confirmation needs a later CR or PR at least 28 days "
	                   "after it)";
	char *flat;
	struct run v, e;

	cr_assert_eq(run_recist(&v, validate, NULL), 0);
	cr_expect_not_null(strstr(v.out, said), "%s", v.out);
	cr_assert_eq(run_recist(&e, evaluate, NULL), 0);
	/* The report wraps it: compare with each line break and its indent as one blank. */
	flat = strdup(e.out);
	for (char *p = flat, *w = flat;; p++) {
		if (*p == '\n' && p[1] == ' ') {
			while (p[1] == ' ')
				p++;
			*w++ = ' ';
			continue;
		}
		if ((*w++ = *p) == '\0')
			break;
	}
	cr_expect_not_null(strstr(flat, said), "%s", e.out);
	free(flat);
	run_free(&v);
	run_free(&e);
}

/* The library: assessable_only (options version 2) and recist_result_not_assessed(). */
Test(report, the_library_leaves_out_a_rule_set_only_when_asked)
{
	recist_ruleset *sets[2] = { NULL, NULL };
	recist_case *c = recist_case_new();
	recist_result *res = recist_result_new();
	recist_eval_options o = RECIST_EVAL_OPTIONS_INIT;
	size_t len = 0, used;
	char *text = read_file(no_viable, &len);
	const char *date = "x";

	cr_assert_not_null(text);
	cr_assert_eq(recist_ruleset_load_builtin(&sets[0], "recist1.1", NULL), 0);
	cr_assert_eq(recist_ruleset_load_builtin(&sets[1], "mrecist", NULL), 0);
	cr_assert_eq(recist_case_parse(c, &used, text, len, NULL, NULL), 0);
	cr_expect_eq(o.version, 2);
	cr_expect_eq(o.assessable_only, 0, "scored by default");
	o.assessable_only = 1;
	cr_assert_eq(recist_evaluate_opts(res, c, (const recist_ruleset *const *)sets, 2, &o, NULL), 0);
	cr_expect_null(recist_result_not_assessed(res, 0));
	cr_expect_str_eq(recist_result_not_assessed(res, 1), "no viable diameters at baseline");
	cr_expect_null(recist_result_not_assessed(res, 2), "out of range");
	cr_expect_eq(recist_result_timepoint_count(res, 1), 0);
	cr_expect_eq(recist_result_best_overall(res, 1, 0, &date), RECIST_RESP_NE);
	cr_expect_null(date);
	/* A program built against version 1 has no such field: it is not read. */
	o.version = 1;
	cr_assert_eq(recist_evaluate_opts(res, c, (const recist_ruleset *const *)sets, 2, &o, NULL), 0);
	cr_expect_null(recist_result_not_assessed(res, 1));
	cr_expect_eq(recist_result_timepoint_count(res, 1), 1);
	free(text);
	recist_result_free(res);
	recist_case_free(c);
	recist_ruleset_free(sets[0]);
	recist_ruleset_free(sets[1]);
}
