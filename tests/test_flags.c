/*
 * test_flags.c - cross-criteria flags through the library: the built-in
 * flag file, a flag that compares a rule set that was not scored, and a
 * replacement flag file.  The exact firing pattern of
 * NEW_LESION_WITH_LOCAL_RESPONSE is tested case by case in fixtures/mrecist.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/flagset.h"
#include "util.h"

static recist_ruleset *recist11, *mrecist;
static recist_flagset *flags;
static recist_case *c;
static recist_result *res;
static struct diag_capture cap;

static void setup(void)
{
	diag_capture_init(&cap);
	cr_assert_eq(recist_ruleset_load_builtin(&recist11, "recist1.1", &cap.sink), 0);
	cr_assert_eq(recist_ruleset_load_builtin(&mrecist, "mrecist", &cap.sink), 0);
	cr_assert_eq(recist_flagset_load_builtin(&flags, &cap.sink), 0);
	cr_assert_eq(cap.n_errors + cap.n_warnings, 0, "%s", cap.first_message);
	c = recist_case_new();
	res = recist_result_new();
	cr_assert(c && res);
}

static void teardown(void)
{
	recist_result_free(res);
	recist_case_free(c);
	recist_flagset_free(flags);
	recist_ruleset_free(mrecist);
	recist_ruleset_free(recist11);
}

TestSuite(flags, .init = setup, .fini = teardown);

/* Parse the demo case: the seed study's pattern at 2024-05-13. */
static void parse_demo(void)
{
	size_t len, used;
	char *text = read_file("fixtures/examples/hace_new_lesion.json", &len);
	recist_origin at = { "hace_new_lesion.json", 1, 1 };

	cr_assert_not_null(text);
	cr_assert_eq(recist_case_parse(c, &used, text, len, &at, &cap.sink), 0, "%s", cap.first_message);
	free(text);
}

Test(flags, fires_on_the_seed_study_pattern_with_both_rule_sets)
{
	const recist_ruleset *sets[] = { recist11, mrecist };
	recist_flag f;

	parse_demo();
	cr_assert_eq(recist_evaluate(res, c, sets, 2, &cap.sink), 0);
	cr_assert_eq(recist_evaluate_flags(res, flags, &cap.sink), 0);
	cr_assert_eq(recist_result_flag_count(res), 1);
	cr_assert_eq(recist_result_flag(res, 0, &f), 0);
	cr_expect_str_eq(f.code, "NEW_LESION_WITH_LOCAL_RESPONSE");
	cr_expect_str_eq(f.date, "2024-05-13");
	cr_expect(strstr(f.message, "mRECIST (target PR)") != NULL, "%s", f.message);
	cr_expect_eq(recist_result_flag(res, 1, &f), RECIST_ENOTFOUND);
}

Test(flags, do_not_fire_when_a_compared_rule_set_was_not_scored)
{
	const recist_ruleset *sets[] = { recist11 };

	parse_demo();
	cr_assert_eq(recist_evaluate(res, c, sets, 1, &cap.sink), 0);
	cr_assert_eq(recist_evaluate_flags(res, flags, &cap.sink), 0);
	cr_expect_eq(recist_result_flag_count(res), 0);
}

Test(flags, are_replaced_by_a_new_evaluation)
{
	const recist_ruleset *sets[] = { recist11, mrecist };

	parse_demo();
	cr_assert_eq(recist_evaluate(res, c, sets, 2, &cap.sink), 0);
	cr_assert_eq(recist_evaluate_flags(res, flags, &cap.sink), 0);
	cr_assert_eq(recist_result_flag_count(res), 1);
	cr_assert_eq(recist_evaluate(res, c, sets, 2, &cap.sink), 0);
	cr_expect_eq(recist_result_flag_count(res), 0, "recist_evaluate starts a result afresh");
}

Test(flags, a_flag_file_of_ones_own_reads_any_field_of_the_compared_rule_sets)
{
	static const char text[] =
		"format: recist-flags/1\n"
		"name: test\n"
		"source: test\n"
		"criteria: {r: recist1.1, m: mrecist}\n"
		"flags:\n"
		"  - code: MRECIST_DEEPER\n"
		"    when: m.change_from_baseline_pct < r.change_from_baseline_pct - 40\n"
		"    message: \"mRECIST {m.change_from_baseline_pct}% vs RECIST 1.1 {r.change_from_baseline_pct}%\"\n"
		"    source: test\n";
	const recist_ruleset *sets[] = { recist11, mrecist };
	recist_flagset *mine = NULL;
	recist_flag f;

	cr_assert_eq(recist_flagset_load_text(&mine, text, sizeof text - 1, "mine.yaml", &cap.sink), 0,
	             "%s", cap.first_message);
	parse_demo();
	cr_assert_eq(recist_evaluate(res, c, sets, 2, &cap.sink), 0);
	cr_assert_eq(recist_evaluate_flags(res, mine, &cap.sink), 0);
	/* 2024-03-11: -63.27 vs -11.82 (a gap of 51.45); 2024-05-13: -87.67 vs -15.03. */
	cr_assert_eq(recist_result_flag_count(res), 2);
	cr_assert_eq(recist_result_flag(res, 0, &f), 0);
	cr_expect_str_eq(f.date, "2024-03-11");
	cr_expect_str_eq(f.message, "mRECIST -63.27% vs RECIST 1.1 -11.82%");
	recist_flagset_free(mine);
}

Test(flags, builtin_text_is_the_shipped_file)
{
	size_t len, flen;
	const char *text = recist_flagset_text(flags, &len);
	char *file = read_file("rules/flags.yaml", &flen);

	cr_assert_not_null(file);
	cr_expect_eq(len, flen);
	cr_expect(memcmp(text, file, len) == 0);
	free(file);
}

Test(flags, the_cli_uses_a_replacement_flag_file)
{
	const char *argv[] = { "recist", "evaluate", "--format", "csv", "--flags", "fixtures/examples/no_flags.yaml",
	                       "fixtures/examples/hace_new_lesion.json", NULL };
	const char *builtin[] = { "recist", "evaluate", "--format", "csv", "fixtures/examples/hace_new_lesion.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, builtin, NULL), 0);
	cr_expect(strstr(r.out, ",NEW_LESION_WITH_LOCAL_RESPONSE,") != NULL, "%s", r.out);
	run_free(&r);
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "NEW_LESION_WITH_LOCAL_RESPONSE") == NULL, "%s", r.out);
	run_free(&r);
}

Test(flags, the_cli_warns_when_a_flag_file_compares_a_rule_set_not_loaded)
{
	const char *argv[] = { "recist", "evaluate", "--format", "json", "--flags",
	                       "fixtures/examples/flags_unknown_rule_set.yaml",
	                       "fixtures/examples/hace_new_lesion.json", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "a warning only: %s", r.err);
	cr_expect(strstr(r.err, "warning: flags compare rule set 'mrecist2', which is not loaded") != NULL, "%s", r.err);
	cr_expect(strstr(r.out, "\"flags\":[]") != NULL);
	run_free(&r);
}

/*
 * PSEUDO_PROGRESSION needs RECIST 1.1 and iRECIST: fixtures/irecist holds
 * its cases.  With iRECIST alone, or the default rule sets, it is not
 * raised; nor does the built-in file draw the "not loaded" warning, since
 * irecist is built in (applied when named).
 */
Test(flags, pseudo_progression_needs_recist11_and_irecist)
{
	static const char *const criteria[] = { "recist1.1,irecist", "irecist", NULL };
	static const bool raised[] = { true, false, false };
	const char *file = "fixtures/irecist/pseudo_progression_target_growth_then_ipr.json";

	for (size_t k = 0; k < 3; k++) {
		const char *with[] = { "recist", "evaluate", "--format", "json", "--criteria", criteria[k], file, NULL };
		const char *plain[] = { "recist", "evaluate", "--format", "json", file, NULL };
		struct run r;

		cr_assert_eq(run_recist(&r, criteria[k] ? with : plain, NULL), 0);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect_str_eq(r.err, "", "%s", criteria[k] ? criteria[k] : "default");
		if (raised[k]) {
			cr_expect(strstr(r.out, "\"flags\":[{\"code\":\"PSEUDO_PROGRESSION\",\"date\":\"2024-03-25\"") != NULL,
			          "%s", r.out);
		} else {
			cr_expect(strstr(r.out, "PSEUDO_PROGRESSION") == NULL, "%s: %s", criteria[k] ? criteria[k] : "default",
			          r.out);
		}
		run_free(&r);
	}
}

/*
 * The fields that look back: days since the rule set's progression (no
 * value before it), and since the iUPD pending before a follow-up (no value
 * without one, and for a rule set without a progression list); overall is
 * the progression list's response.  The case: iUPD 2024-02-12, iPR
 * 2024-03-25, iPR 2024-05-06.
 */
Test(flags, fields_look_back_at_progression_and_the_pending_iupd)
{
	static const char text[] =
		"format: recist-flags/1\n"
		"name: test\n"
		"source: test\n"
		"criteria: {r: recist1.1, i: irecist}\n"
		"flags:\n"
		"  - code: SEEN\n"
		"    when: \"true\"\n"
		"    message: \"r {r.overall} pd {r.days_since_progression} iupd {r.days_since_iupd};"
		" i {i.overall} pd {i.days_since_progression} iupd {i.days_since_iupd}\"\n"
		"    source: test\n";
	static const char *const want[] = {
		"r PD pd 0 iupd n/a; i iUPD pd n/a iupd n/a",
		"r PR pd 42 iupd n/a; i iPR pd n/a iupd 42",
		"r PR pd 84 iupd n/a; i iPR pd n/a iupd n/a",
	};
	recist_ruleset *irecist = NULL;
	recist_flagset *mine = NULL;
	size_t len, used;
	char *doc = read_file("fixtures/irecist/pseudo_progression_target_growth_then_ipr.json", &len);
	recist_origin at = { "case.json", 1, 1 };
	recist_flag f;

	cr_assert_not_null(doc);
	cr_assert_eq(recist_ruleset_load_builtin(&irecist, "irecist", &cap.sink), 0);
	const recist_ruleset *sets[] = { recist11, irecist };
	cr_assert_eq(recist_flagset_load_text(&mine, text, sizeof text - 1, "mine.yaml", &cap.sink), 0,
	             "%s", cap.first_message);
	cr_assert_eq(recist_case_parse(c, &used, doc, len, &at, &cap.sink), 0, "%s", cap.first_message);
	cr_assert_eq(recist_evaluate(res, c, sets, 2, &cap.sink), 0);
	cr_assert_eq(recist_evaluate_flags(res, mine, &cap.sink), 0);
	cr_assert_eq(recist_result_flag_count(res), 3);
	for (size_t k = 0; k < 3; k++) {
		cr_assert_eq(recist_result_flag(res, k, &f), 0);
		cr_expect_str_eq(f.message, want[k]);
	}
	recist_flagset_free(mine);
	recist_ruleset_free(irecist);
	free(doc);
}

/*
 * A result outlives its case (recist.h): the case is parsed again, with
 * another document, and the result still names the measurements its
 * MEASUREMENT_MISSING warnings were about.
 */
Test(flags, a_result_outlives_its_case)
{
	const recist_ruleset *sets[] = { mrecist };
	const char *path = "fixtures/mrecist/viable_missing_lower_bound_pd_exact_plus20pct.json";
	recist_origin at = { "case.json", 1, 1 };
	recist_buffer out = RECIST_BUFFER_INIT;
	size_t len, used;
	char *text = read_file(path, &len);

	cr_assert_not_null(text);
	cr_assert_eq(recist_case_parse(c, &used, text, len, &at, &cap.sink), 0, "%s", cap.first_message);
	free(text);
	cr_assert_eq(recist_evaluate(res, c, sets, 1, &cap.sink), 0);
	parse_demo();   /* the case's memory now holds another document */
	cr_assert_eq(recist_result_write(&out, res, RECIST_FORMAT_JSON), 0);
	cr_expect(strstr(out.ptr, "\"path\":\"assessments[1].lesions.T2\"") != NULL, "%s", out.ptr);
	cr_expect(strstr(out.ptr, "\"path\":\"assessments[2].lesions.T2\"") != NULL, "%s", out.ptr);
	recist_buffer_release(&out);
}

/*
 * The built-in flag file and n flags F0 ... after its own (malloc'd); flag
 * 'dup' (if below n) takes the code of flag 'as' instead, and *at_dup is
 * where that code is.
 */
static char *many_flags(size_t n, size_t dup, size_t as, size_t *len, const char **at_dup)
{
	size_t blen, size, used;
	const char *base = recist_flagset_text(flags, &blen);
	char *s;

	size = blen + n * 64 + 1;
	s = malloc(size);
	cr_assert_not_null(s);
	memcpy(s, base, blen);
	used = blen;
	for (size_t i = 0; i < n; i++) {
		if (i == dup)
			*at_dup = s + used + 11;
		used += (size_t)snprintf(s + used, size - used, "  - {code: F%zu, when: \"true\", message: m, source: s}\n",
		                         i == dup ? as : i);
	}
	*len = used;
	return s;
}

static unsigned line_of(const char *text, const char *p)
{
	unsigned line = 1;

	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

Test(flags, load_to_the_limit_and_one_more_is_refused_at_it)
{
	recist_flagset *fs = NULL;
	const char *unused;
	size_t len;
	size_t own = recist_flagset_flag_count(flags);   /* the built-in file's */
	char *text = many_flags(FLAG_MAX_FLAGS - own, SIZE_MAX, 0, &len, &unused);

	cr_expect_eq(recist_flagset_load_text(&fs, text, len, "f.yaml", &cap.sink), 0, "%s", cap.first_message);
	recist_flagset_free(fs);
	fs = NULL;
	free(text);
	text = many_flags(FLAG_MAX_FLAGS - own + 1, SIZE_MAX, 0, &len, &unused);
	cr_expect_eq(recist_flagset_load_text(&fs, text, len, "f.yaml", &cap.sink), RECIST_EINVALID);
	cr_expect_null(fs);
	cr_expect_str_eq(cap.first_code, "RULES_TOO_LARGE");
	cr_expect(strstr(cap.first_message, "more than 20000 flags") != NULL, "%s", cap.first_message);
	cr_expect_eq(cap.first_line, line_of(text, text + len) - 1, "the last flag's line: %u", cap.first_line);
	cr_expect_eq(cap.first_column, 5);
	free(text);
}

Test(flags, the_first_repeated_code_is_reported_among_thousands)
{
	recist_flagset *fs = NULL;
	const char *dup = NULL;
	size_t len;
	char *text = many_flags(3000, 2500, 100, &len, &dup);

	cr_expect_eq(recist_flagset_load_text(&fs, text, len, "f.yaml", &cap.sink), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_DUPLICATE");
	cr_expect(strstr(cap.first_message, "flag code 'F100'") != NULL, "%s", cap.first_message);
	cr_expect_eq(cap.first_line, line_of(text, dup));
	cr_expect_eq(cap.first_column, 12);
	free(text);
}
