/*
 * test_rules.c - loading rule sets: the built-ins, copies changed by a
 * user, and what the loader rejects (the rejections with positions are in
 * fixtures/bad-rules, run by test_golden.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

TestSuite(rules);

/* Write built-in rule set 'id' with 'from' replaced by 'to' to a temp file. */
static void write_variant_of(const char *id, char path[64], const char *from, const char *to)
{
	size_t len;
	const char *text = recist_builtin_text(id, &len);
	const char *at = strstr(text, from);
	FILE *fp;
	int fd;

	cr_assert_not_null(at, "'%s' not in the built-in rules", from);
	strcpy(path, "/tmp/recist-rules-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	fp = fdopen(fd, "w");
	fwrite(text, 1, (size_t)(at - text), fp);
	fputs(to, fp);
	fputs(at + strlen(from), fp);
	cr_assert_eq(fclose(fp), 0);
}

static void write_variant(char path[64], const char *from, const char *to)
{
	write_variant_of("recist1.1", path, from, to);
}

/* recist evaluate --format csv --criteria CRITERIA [--rules RULES] FIXTURE, which must exit 0. */
static void evaluate_csv(struct run *r, const char *criteria, const char *rules, const char *fixture)
{
	const char *with[] = { "recist", "evaluate", "--format", "csv", "--criteria", criteria,
	                       "--rules", rules, fixture, NULL };
	const char *without[] = { "recist", "evaluate", "--format", "csv", "--criteria", criteria, fixture, NULL };

	cr_assert_eq(run_recist(r, rules ? with : without, NULL), 0);
	cr_expect_eq(r->status, 0, "%s", r->err);
}

Test(rules, every_builtin_loads_without_any_diagnostic)
{
	struct diag_capture cap;

	diag_capture_init(&cap);
	cr_assert_geq(recist_builtin_count(), 1);
	for (size_t i = 0; i < recist_builtin_count(); i++) {
		recist_ruleset *rs = NULL;
		cr_expect_eq(recist_ruleset_load_builtin(&rs, recist_builtin_id(i), &cap.sink), 0);
		cr_expect_str_eq(recist_ruleset_id(rs), recist_builtin_id(i), "the id inside matches the file name");
		recist_ruleset_free(rs);
	}
	cr_expect_eq(cap.n_errors + cap.n_warnings, 0, "%s: %s", cap.first_code, cap.first_message);
}

Test(rules, builtin_text_is_the_shipped_file_byte_for_byte)
{
	size_t len, flen;
	const char *text = recist_builtin_text("recist1.1", &len);
	char *file = read_file("rules/recist1.1.yaml", &flen);

	cr_assert_not_null(file);
	cr_expect_eq(len, flen);
	cr_expect(memcmp(text, file, len) == 0);
	free(file);
}

Test(rules, shipped_params_have_the_interface_values)
{
	static const struct { const char *name; double value; } want[] = {
		{ "pr_decrease_pct", 30 }, { "pd_increase_pct", 20 }, { "pd_increase_mm", 5 },
		{ "too_small_mm", 5 }, { "node_normal_mm", 10 }, { "node_target_min_mm", 15 },
		{ "lesion_target_min_mm", 10 }, { "max_targets", 5 }, { "max_targets_per_organ", 2 },
		{ "confirm_days", 28 }, { "sd_min_days", 42 },
	};
	recist_ruleset *rs = NULL;
	double v;

	cr_assert_eq(recist_ruleset_load_builtin(&rs, "recist1.1", NULL), 0);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cr_expect_eq(recist_ruleset_param(rs, want[i].name, &v), 0, "%s missing", want[i].name);
		cr_expect_eq(v, want[i].value, "%s = %g", want[i].name, v);
	}
	cr_expect_eq(recist_ruleset_param(rs, "no_such_param", &v), RECIST_ENOTFOUND);
	recist_ruleset_free(rs);
}

Test(rules, unknown_builtin_is_not_found_and_names_the_builtins)
{
	struct diag_capture cap;
	recist_ruleset *rs = NULL;

	diag_capture_init(&cap);
	cr_expect_eq(recist_ruleset_load_builtin(&rs, "recist2", &cap.sink), RECIST_ENOTFOUND);
	cr_expect_null(rs);
	cr_expect(strstr(cap.first_message, "recist1.1") != NULL, "%s", cap.first_message);
}

Test(rules, a_misspelt_param_is_reported_as_unused)
{
	struct diag_capture cap;
	recist_ruleset *rs = NULL;
	char path[64];

	write_variant(path, "  continuing_pr: 0", "  continuing_pr: 0\n  pr_decrese_pct: 50");
	diag_capture_init(&cap);
	cr_expect_eq(recist_ruleset_load_file(&rs, path, &cap.sink), 0);
	cr_expect_str_eq(cap.first_code, "RULES_UNUSED_PARAM");
	cr_expect(strstr(cap.first_message, "pr_decrese_pct") != NULL);
	recist_ruleset_free(rs);
	unlink(path);
}

Test(rules, missing_file_is_an_io_error_naming_the_file)
{
	struct diag_capture cap;
	recist_ruleset *rs = NULL;

	diag_capture_init(&cap);
	cr_expect_eq(recist_ruleset_load_file(&rs, "/nonexistent/r.yaml", &cap.sink), RECIST_EIO);
	cr_expect_str_eq(cap.first_code, "SYS_OPEN");
}

/* The acceptance test: change a param in a copy, no rebuild. */
Test(rules, a_changed_param_in_a_copy_changes_the_calls)
{
	char path[64];
	struct run r;
	const char *fx = "fixtures/recist1.1/pr_exact_minus30pct_23_0_to_16_1.json";

	write_variant(path, "pr_decrease_pct: 30", "pr_decrease_pct: 50");
	evaluate_csv(&r, "recist1.1", NULL, fx);
	cr_expect(strstr(r.out, "2024-04-29,16.1,16.101,-30.0,0.0,-0.001,PR,NA,NO,PR,") != NULL, "%s", r.out);
	run_free(&r);
	evaluate_csv(&r, "recist1.1", path, fx);
	cr_expect(strstr(r.out, "2024-04-29,16.1,16.101,-30.0,0.0,-0.001,SD,NA,NO,SD,") != NULL,
	          "with pr_decrease_pct 50, -30 %% is SD: %s", r.out);
	cr_expect(strstr(r.out, "PR needs -50%") != NULL, "the reason quotes the new param");
	run_free(&r);
	unlink(path);
}

Test(rules, dropping_the_5mm_floor_in_a_copy_makes_a_4mm_increase_pd)
{
	char path[64];
	struct run r;
	const char *fx = "fixtures/recist1.1/pd_plus20pct_but_only_4mm.json";

	write_variant(path, "pd_increase_mm: 5 ", "pd_increase_mm: 0 ");
	evaluate_csv(&r, "recist1.1", NULL, fx);
	cr_expect(strstr(r.out, "2024-03-04,24.0,20.0,20.0,20.0,4.0,SD,") != NULL, "built-in: +4 mm is SD: %s", r.out);
	run_free(&r);
	evaluate_csv(&r, "recist1.1", path, fx);
	cr_expect(strstr(r.out, "2024-03-04,24.0,20.0,20.0,20.0,4.0,PD,") != NULL,
	          "without the floor +20 %% alone is PD: %s", r.out);
	run_free(&r);
	unlink(path);
}

Test(rules, a_loaded_rule_set_with_a_new_id_is_listed_and_applied)
{
	char path[64];
	struct run r;

	write_variant(path, "id: recist1.1", "id: strict");
	const char *list[] = { "recist", "rules", "list", "--rules", path, NULL };
	cr_assert_eq(run_recist(&r, list, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "recist1.1") != NULL && strstr(r.out, "strict") != NULL, "%s", r.out);
	run_free(&r);
	const char *eval[] = { "recist", "evaluate", "--format", "json", "--rules", path, "--criteria", "strict",
	                       "fixtures/recist1.1/new_lesion_pd.json", NULL };
	cr_assert_eq(run_recist(&r, eval, NULL), 0);
	cr_expect(strstr(r.out, "\"strict\":{") != NULL && strstr(r.out, "\"recist1.1\":{") == NULL, "%s", r.out);
	run_free(&r);
	unlink(path);
}

Test(rules, show_prints_the_builtin_text_and_check_accepts_it)
{
	struct run r;
	char *file = read_file("rules/recist1.1.yaml", NULL);
	const char *show[] = { "recist", "rules", "show", "recist1.1", NULL };
	const char *check[] = { "recist", "rules", "check", "rules/recist1.1.yaml", NULL };

	cr_assert_eq(run_recist(&r, show, NULL), 0);
	cr_expect_str_eq(r.out, file);
	run_free(&r);
	cr_assert_eq(run_recist(&r, check, NULL), 0);
	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.out, "rules/recist1.1.yaml: ok: rule set 'recist1.1' (RECIST 1.1)\n");
	cr_expect_str_eq(r.err, "");
	run_free(&r);
	free(file);
}

/* Issue 3's acceptance test: a 5 mm floor in a copy of mRECIST, no rebuild. */
Test(rules, a_5mm_floor_in_a_copy_of_mrecist_turns_a_2mm_pd_into_sd)
{
	char path[64];
	struct run r;
	const char *fx = "fixtures/mrecist/pd_viable_exact_plus20pct_10_0_to_12_0_no_5mm_floor_11_999_sd.json";

	write_variant_of("mrecist", path, "pd_increase_mm: 0 ", "pd_increase_mm: 5 ");
	evaluate_csv(&r, "mrecist", NULL, fx);
	cr_expect(strstr(r.out, ",mrecist,2024-04-29,12.0,10.0,20.0,20.0,2.0,PD,") != NULL, "%s", r.out);
	run_free(&r);
	evaluate_csv(&r, "mrecist", path, fx);
	cr_expect(strstr(r.out, ",mrecist,2024-04-29,12.0,10.0,20.0,20.0,2.0,SD,") != NULL,
	          "with a 5 mm floor +2 mm is SD: %s", r.out);
	run_free(&r);
	unlink(path);
}

/* Decision 12: atypical liver lesions have their own back-dating switch. */
Test(rules, backdate_atypical_0_in_a_copy_dates_progression_to_the_growth)
{
	char path[64];
	struct run r;
	const char *fx = "fixtures/mrecist/new_liver_atypical_15_12_23mm_grown_from_smallest_backdated.json";

	write_variant_of("mrecist", path, "backdate_atypical: 1 ", "backdate_atypical: 0 ");
	evaluate_csv(&r, "mrecist", NULL, fx);
	cr_expect(strstr(r.out, ",mrecist,2024-06-24,20.0,20.0,0.0,0.0,0.0,SD,NA,YES,PD,2024-03-04,") != NULL,
	          "built-in: dated back to the first sighting: %s", r.out);
	run_free(&r);
	evaluate_csv(&r, "mrecist", path, fx);
	cr_expect(strstr(r.out, ",mrecist,2024-06-24,20.0,20.0,0.0,0.0,0.0,SD,NA,YES,PD,2024-06-24,") != NULL,
	          "with backdate_atypical 0, progression is the growth's date: %s", r.out);
	cr_expect(strstr(r.out, "dated back") == NULL, "no back-dating reason: %s", r.out);
	run_free(&r);
	unlink(path);
}

/* Decision 10: the porta hepatis size is a param; at 10 mm a new 17 mm node there is PD. */
Test(rules, porta_hepatis_node_normal_10mm_in_a_copy_makes_a_new_17mm_node_pd)
{
	char path[64];
	struct run r;
	const char *fx = "fixtures/mrecist/nodes_by_short_axis_porta_hepatis_normal_under_20mm.json";

	write_variant_of("mrecist", path, "porta_hepatis_node_normal_mm: 20 ", "porta_hepatis_node_normal_mm: 10 ");
	evaluate_csv(&r, "mrecist", NULL, fx);
	cr_expect(strstr(r.out, ",mrecist,2024-06-24,12.0,19.999,-78.18,-39.99,-7.999,CR,CR,NO,CR,") != NULL, "%s", r.out);
	run_free(&r);
	evaluate_csv(&r, "mrecist", path, fx);
	/* Nodes at 10 mm or more are pathological wherever they lie: no target CR, a new node of 17 mm is YES. */
	cr_expect(strstr(r.out, ",mrecist,2024-06-24,12.0,19.999,-78.18,-39.99,-7.999,PR,NON-CR/NON-PD,YES,PD,") != NULL,
	          "%s", r.out);
	run_free(&r);
	unlink(path);
}

/* Decision 7's continuing PR keeps an earlier target PR; it does not follow a CR reached without one. */
Test(rules, continuing_pr_1_in_a_copy_keeps_a_pr_but_does_not_follow_a_cr)
{
	char path[64];
	struct run r;
	const char *pr = "fixtures/recist1.1/pr_then_sum_back_to_minus25pct_is_sd.json";
	const char *cr = "fixtures/mrecist/porta_node_target_cr_under_20mm_then_back_to_20mm_sd.json";

	write_variant(path, "continuing_pr: 0 ", "continuing_pr: 1 ");
	evaluate_csv(&r, "recist1.1", path, pr);
	cr_expect(strstr(r.out, ",2024-04-29,75.0,70.0,-25.0,7.14,5.0,PR,NON-CR/NON-PD,NO,PR,") != NULL,
	          "-25 %% after a PR is a continuing PR: %s", r.out);
	run_free(&r);
	unlink(path);

	write_variant_of("mrecist", path, "continuing_pr: 0 ", "continuing_pr: 1 ");
	evaluate_csv(&r, "mrecist", path, cr);
	cr_expect(strstr(r.out, ",mrecist,2024-04-29,20.0,19.9,0.0,0.5,0.1,SD,CR,NO,SD,") != NULL,
	          "after a CR that was never a PR: SD: %s", r.out);
	run_free(&r);
	unlink(path);
}
