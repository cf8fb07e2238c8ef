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
#include <sys/resource.h>
#include <unistd.h>

#include "rules/ruleset.h"
#include "score/bor.h"
#include "util.h"

TestSuite(rules);

/* text into a new temporary file, its name in path. */
static void write_temp(char path[64], const char *text)
{
	FILE *fp;
	int fd;

	strcpy(path, "/tmp/recist-case-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
}

/* recist evaluate --format json --rules rules --criteria criteria casef, which must succeed. */
static void evaluate_json(struct run *r, const char *rules, const char *criteria, const char *casef)
{
	const char *argv[] = { "recist", "evaluate", "--format", "json", "--rules", rules, "--criteria", criteria,
	                       casef, NULL };

	cr_assert_eq(run_recist(r, argv, NULL), 0);
	cr_expect_eq(r->status, 0, "%s", r->err);
}

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

/* Provenance: a rule set is named by the SHA-256 of its text, which sha256sum(1) gives for the file. */
Test(rules, a_rule_set_is_named_by_the_sha256_of_its_file_and_its_version)
{
	char want[80] = "", path[64];
	recist_ruleset *builtin = NULL, *copy = NULL;
	FILE *p = popen("sha256sum rules/recist1.1.yaml", "r");

	cr_assert_not_null(p);
	cr_assert_not_null(fgets(want, sizeof want, p));
	pclose(p);
	want[64] = '\0';
	cr_assert_eq(recist_ruleset_load_builtin(&builtin, "recist1.1", NULL), 0);
	cr_expect_str_eq(recist_ruleset_sha256(builtin), want);
	cr_expect_str_eq(recist_ruleset_version(builtin), "1");
	/* The same id and version, one param changed: another hash. */
	write_variant(path, "pr_decrease_pct: 30", "pr_decrease_pct: 50");
	cr_assert_eq(recist_ruleset_load_file(&copy, path, NULL), 0);
	cr_expect_str_eq(recist_ruleset_id(copy), "recist1.1");
	cr_expect_str_eq(recist_ruleset_version(copy), "1");
	cr_expect_str_neq(recist_ruleset_sha256(copy), recist_ruleset_sha256(builtin));
	cr_expect_eq(strlen(recist_ruleset_sha256(copy)), 64);
	recist_ruleset_free(copy);
	recist_ruleset_free(builtin);
	unlink(path);
}

Test(rules, sha256_gives_the_published_test_vectors)
{
	char hex[DIGEST_HEX_SIZE];

	/* FIPS 180-2, appendix B.1 and the empty message. */
	digest_sha256_hex("abc", 3, hex);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_sha256_hex("", 0, hex);
	cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
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
	cr_expect(strstr(r.out, "PR needs at least 50 % below baseline") != NULL, "the reason quotes the new param");
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

/* ---- Hostile rule files (issue 11): limits, repeats among thousands, types, memory ---- */

/* Built-in rule set 'id' with 'from' replaced by 'to' (both in memory); malloc'd. */
static char *variant_text(const char *id, const char *from, const char *to, size_t *len)
{
	size_t tlen;
	const char *text = recist_builtin_text(id, &tlen);
	const char *at = strstr(text, from);
	size_t head, lf = strlen(from), lt = strlen(to);
	char *s;

	cr_assert_not_null(at, "'%s' not in the built-in rules", from);
	head = (size_t)(at - text);
	s = malloc(tlen - lf + lt + 1);
	cr_assert_not_null(s);
	memcpy(s, text, head);
	memcpy(s + head, to, lt);
	memcpy(s + head + lt, at + lf, tlen - head - lf + 1);
	*len = tlen - lf + lt;
	return s;
}

/* n params p0 ... as lines of 'params'. */
static char *param_lines(int n)
{
	size_t cap = (size_t)n * 32 + 1, used = 0;
	char *s = malloc(cap);

	cr_assert_not_null(s);
	s[0] = '\0';
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(s + used, cap - used, "  p%d: %d\n", i, i);
	return s;
}

/* n target rules t0 ... (none of which fires), each with 'reason', as lines of a list. */
static char *rule_lines(int n, const char *reason)
{
	size_t cap = (size_t)n * (strlen(reason) + 80) + 1, used = 0;
	char *s = malloc(cap);

	cr_assert_not_null(s);
	s[0] = '\0';
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(s + used, cap - used,
		                         "  - {id: t%d, when: \"sum_mm == %d\", then: SD, reason: \"%s\", source: s}\n",
		                         i, i + 1000, reason);
	return s;
}

/* 1-based line and column of p in text. */
static void line_col(const char *text, const char *p, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (const char *q = text; q < p; q++) {
		if (*q == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

static int load(const char *text, size_t len, struct diag_capture *cap)
{
	recist_ruleset *rs = NULL;
	int rc;

	diag_capture_init(cap);
	rc = recist_ruleset_load_text(&rs, text, len, "r.yaml", &cap->sink);
	recist_ruleset_free(rs);
	return rc;
}

/* The first error is at p in text, with code and detail. */
static void expect_error_at(const struct diag_capture *cap, const char *text, const char *p,
                            const char *code, const char *detail)
{
	unsigned line, col;

	line_col(text, p, &line, &col);
	cr_expect_str_eq(cap->first_code, code);
	cr_expect(strstr(cap->first_message, detail) != NULL, "%s", cap->first_message);
	cr_expect_eq(cap->first_line, line, "line %u, expected %u", cap->first_line, line);
	cr_expect_eq(cap->first_column, col, "column %u, expected %u", cap->first_column, col);
}

/* recist1.1 with the lines 'more' (which it frees) after 'section' ("params:\n", "\ntarget:\n"). */
static char *with_lines(const char *section, char *more, size_t *len)
{
	char *head = malloc(strlen(section) + strlen(more) + 1), *text;

	cr_assert_not_null(head);
	sprintf(head, "%s%s", section, more);
	text = variant_text("recist1.1", section, head, len);
	free(head);
	free(more);
	return text;
}

Test(rules, params_load_to_the_limit_and_one_more_is_refused_at_its_key)
{
	recist_ruleset *rs = NULL;
	struct diag_capture cap;
	char last[64], *text;
	size_t len, base;

	cr_assert_eq(recist_ruleset_load_builtin(&rs, "recist1.1", NULL), 0);
	base = rs->n_params;
	snprintf(last, sizeof last, "\n  %s:", rs->params[base - 1].name);
	recist_ruleset_free(rs);

	text = with_lines("params:\n", param_lines(RULES_MAX_PARAMS - (int)base), &len);
	cr_expect_eq(load(text, len, &cap), 0, "%s", cap.first_message);
	cr_expect_eq(cap.n_errors, 0);
	cr_expect_eq(cap.n_warnings, RULES_MAX_PARAMS - base, "each added param is unused");
	free(text);
	/* The added params come first: the built-in's last param is the one too many. */
	text = with_lines("params:\n", param_lines(RULES_MAX_PARAMS - (int)base + 1), &len);
	cr_expect_eq(load(text, len, &cap), RECIST_EINVALID);
	expect_error_at(&cap, text, strstr(text, last) + 3, "RULES_TOO_LARGE", "more than 1000 params");
	free(text);
}

/* Rules and table rows of a built-in rule set. */
static size_t rule_count(const char *id)
{
	recist_ruleset *rs = NULL;
	size_t n;

	cr_assert_eq(recist_ruleset_load_builtin(&rs, id, NULL), 0);
	n = rs->baseline.n + rs->baseline_lesion.n + rs->baseline_non_target.n + rs->target.n +
	    rs->non_target.n + rs->new_lesion.n + rs->n_overall;
	recist_ruleset_free(rs);
	return n;
}

Test(rules, rules_load_to_the_limit_and_one_more_is_refused_at_it)
{
	int base = (int)rule_count("recist1.1");
	struct diag_capture cap;
	size_t len;
	char *text;

	text = with_lines("\ntarget:\n", rule_lines(RULES_MAX_RULES - base, "r"), &len);
	cr_expect_eq(load(text, len, &cap), 0, "%s", cap.first_message);
	cr_expect_eq(cap.n_errors + cap.n_warnings, 0, "%s", cap.first_message);
	free(text);
	/* Rules are counted list by list, the table last: its last row is one too many. */
	text = with_lines("\ntarget:\n", rule_lines(RULES_MAX_RULES - base + 1, "r"), &len);
	cr_expect_eq(load(text, len, &cap), RECIST_EINVALID);
	const char *row = strstr(text, "\noverall:\n"), *p;
	while ((p = strstr(row + 1, "\n  - {")) != NULL)
		row = p;
	expect_error_at(&cap, text, row + 5, "RULES_TOO_LARGE", "more than 20000 rules");
	free(text);
}

/*
 * Ids are checked by sorting them: among thousands, the repeat reported is
 * the first one met in the order the lists are compiled, as when each id
 * was compared with all before it.
 */
Test(rules, the_first_repeated_rule_id_is_reported_among_thousands)
{
	struct diag_capture cap;
	char *text, *second;
	size_t len;

	text = with_lines("\ntarget:\n", rule_lines(5000, "r"), &len);
	/* t4500 becomes a second t4000 and t4900 a second t10: t4500 is reported, once. */
	second = strstr(text, "{id: t4500,");
	memcpy(second, "{id: t4000,", 11);
	memcpy(strstr(text, "{id: t4900,"), "{id: t10,  ", 11);
	cr_expect_eq(load(text, len, &cap), RECIST_EINVALID);
	expect_error_at(&cap, text, second + 5, "RULES_DUPLICATE", "rule id 't4000'");
	cr_expect_eq(cap.n_errors, 1);
	free(text);
}

Test(rules, a_rule_id_taken_in_an_earlier_list_is_reported_in_the_later)
{
	struct diag_capture cap;
	size_t len;
	char *text = variant_text("recist1.1", "  - id: target.na\n", "  - id: baseline.max_targets\n", &len);

	cr_expect_eq(load(text, len, &cap), RECIST_EINVALID);
	expect_error_at(&cap, text, strstr(text, "\ntarget:\n  - id: baseline.max_targets") + 17,
	                "RULES_DUPLICATE", "rule id 'baseline.max_targets'");
	free(text);
}

Test(rules, a_repeated_param_is_reported_at_its_second_key_among_hundreds)
{
	struct diag_capture cap;
	char *text, *p;
	size_t len;

	text = with_lines("params:\n", param_lines(500), &len);
	p = strstr(text, "  p450: ");
	memcpy(p, "  p007: ", 8);     /* not p7: names are compared whole */
	p = strstr(text, "  p480: ");
	memcpy(p, "  p200: ", 8);
	cr_expect_eq(load(text, len, &cap), RECIST_EINVALID);
	expect_error_at(&cap, text, strstr(text, "  p200: 480") + 2, "RULES_DUPLICATE", "param 'p200' given twice");
	free(text);
}

/* A quoted or tagged value is a string in YAML, whatever it reads: not a number. */
Test(rules, quoted_or_tagged_params_are_strings_not_numbers)
{
	static const char *const strings[] = { "\"30\"", "'30'", "!!str 30", "! 30", "!!int 30" };
	struct diag_capture cap;
	char value[32];
	size_t len;
	char *text;

	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		snprintf(value, sizeof value, "pr_decrease_pct: %s ", strings[i]);
		text = variant_text("recist1.1", "pr_decrease_pct: 30 ", value, &len);
		cr_expect_eq(load(text, len, &cap), RECIST_EINVALID, "%s accepted", strings[i]);
		expect_error_at(&cap, text, strstr(text, value) + 17, "RULES_WRONG_TYPE",
		                "param 'pr_decrease_pct' must be a plain decimal number, got quoted or tagged '30'");
		free(text);
	}
	text = variant_text("recist1.1", "pr_decrease_pct: 30 ", "pr_decrease_pct: 30.0 ", &len);
	cr_expect_eq(load(text, len, &cap), 0, "%s", cap.first_message);
	free(text);
}

/*
 * libyaml counts CR, LF and CR LF as line breaks; positions inside a
 * condition are the same whichever a file uses.
 */
Test(rules, positions_inside_conditions_are_the_same_with_any_line_ends)
{
	static const char *const ends[] = { "\r\n", "\r" };
	struct diag_capture lf, other;
	size_t len;
	char *text = variant_text("recist1.1", "when: nontargets_progression > 0\n",
	                          "when: nontargets_progression > 0 and nadr_mm > 0\n", &len);

	cr_expect_eq(load(text, len, &lf), RECIST_EINVALID);
	cr_expect_str_eq(lf.first_code, "RULES_UNKNOWN_NAME");
	for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
		size_t elen = strlen(ends[e]), n = 0;
		char *conv = malloc(2 * len + 1);
		cr_assert_not_null(conv);
		for (size_t i = 0; i < len; i++) {
			if (text[i] == '\n') {
				memcpy(conv + n, ends[e], elen);
				n += elen;
			} else {
				conv[n++] = text[i];
			}
		}
		cr_expect_eq(load(conv, n, &other), RECIST_EINVALID);
		cr_expect_str_eq(other.first_code, "RULES_UNKNOWN_NAME");
		cr_expect_eq(other.first_line, lf.first_line, "line ends %zu", e);
		cr_expect_eq(other.first_column, lf.first_column, "line ends %zu: column %u, with LF %u", e,
		             other.first_column, lf.first_column);
		free(conv);
	}
	free(text);
}

/*
 * Memory: the address space is limited to what the test process has now
 * plus 'extra' bytes, so that a loader that needs more fails.  Not under
 * AddressSanitizer, whose shadow memory does not fit such a limit: a test
 * calls skip_without_memory_limits() first, before it allocates.
 */
static void skip_without_memory_limits(void)
{
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("address-space limits do not work under AddressSanitizer");
#endif
}

static void limit_memory(size_t extra)
{
	unsigned long pages = 0;
	FILE *fp = fopen("/proc/self/statm", "r");   /* its first field: the address space, in pages */
	struct rlimit rl;
	int got;

	cr_assert_not_null(fp);
	got = fscanf(fp, "%lu", &pages);
	fclose(fp);
	cr_assert_eq(got, 1);
	rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + extra;
	cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);
}

/* 200 rules with a reason of 256 holes: 51,200 holes kept 8 kB each (400 MB) before issue 11. */
Test(rules, a_message_keeps_memory_in_proportion_to_its_text)
{
	struct diag_capture cap;
	char reason[8 * 256 + 1] = "", *text;
	size_t len;

	skip_without_memory_limits();
	for (int i = 0; i < 256; i++)
		strcat(reason, "{sum_mm}");
	text = with_lines("\ntarget:\n", rule_lines(200, reason), &len);
	limit_memory(64 << 20);
	cr_expect_eq(load(text, len, &cap), 0, "%s: %s", cap.first_code, cap.first_message);
	free(text);
}

/* Running out of memory while loading is reported, at the file, not only returned. */
Test(rules, running_out_of_memory_while_loading_is_reported)
{
	struct diag_capture cap;
	size_t len, n = 2000000;
	char *cell, *text;

	skip_without_memory_limits();
	cell = malloc(4 * n + 20);
	cr_assert_not_null(cell);
	strcpy(cell, "non_target: [");
	for (size_t i = 0; i < n; i++)
		memcpy(cell + 13 + 4 * i, "CR, ", 4);
	strcpy(cell + 13 + 4 * n, "NA]");
	text = variant_text("recist1.1", "non_target: [CR, NA]", cell, &len);
	free(cell);
	limit_memory(32 << 20);
	cr_expect_eq(load(text, len, &cap), RECIST_ENOMEM);
	cr_expect_str_eq(cap.first_code, "SYS_NOMEM");
	cr_expect(strstr(cap.first_message, "loading the rule set") != NULL, "%s", cap.first_message);
	free(text);
}

/*
 * The CR_THEN_PR review flag (RECIST 1.1 Table 3 footnote) carries the
 * rule file's 'review' message, and a rule file without one raises none.
 */
Test(rules, cr_then_pr_message_is_the_rule_files)
{
	static const char fixture[] = "fixtures/bor/cr_confirmed_then_pr_flag.jsonl";
	const char *argv[] = { "recist", "bor", "--format", "json", "--rules", NULL, fixture, NULL };
	char reworded[64], without[64];
	struct run r;

	write_variant(reworded, "  CR_THEN_PR: \"PR after an earlier CR", "  CR_THEN_PR: \"Reworded: PR after an earlier CR");
	write_variant(without, "review:\n  CR_THEN_PR:", "reviewed_by_nobody_now:\n  CR_THEN_PR:");

	argv[5] = reworded;
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "\"CR_THEN_PR\""), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "Reworded: PR after an earlier CR"), "%s", r.out);
	run_free(&r);
	unlink(reworded);

	/* Without 'review' the file is refused for the unknown key... */
	argv[5] = without;
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 4, "%s", r.err);
	run_free(&r);
	unlink(without);

	/* ... and with it removed, no flag. */
	write_variant(without, "review:\n  CR_THEN_PR:", "# review:\n#  CR_THEN_PR:");
	argv[5] = without;
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_null(strstr(r.out, "CR_THEN_PR"), "%s", r.out);
	run_free(&r);
	unlink(without);
}

/* ---- new_lesion_role: new targets and their sum (iRECIST's NLT, iSOM) ---- */

/*
 * What iRECIST's rule file will say (Seymour 2017): the reader's choice, then
 * the limits, then measurability; and warnings for a reader's choice past the limits.
 */
static const char role_section[] =
	"# New lesions as new targets or new non-targets, decided once for each\n"
	"# new lesion at the first follow-up where it is a new lesion (YES).\n"
	"new_lesion_role:\n"
	"  - id: new_lesion_role.recorded_target\n"
	"    when: role == \"target\"\n"
	"    then: target\n"
	"    reason: \"recorded as a new target lesion\"\n"
	"    source: \"iRECIST (Seymour 2017)\"\n"
	"  - id: new_lesion_role.recorded_non_target\n"
	"    when: role == \"non-target\"\n"
	"    then: non-target\n"
	"    reason: \"recorded as a new non-target lesion\"\n"
	"    source: \"iRECIST (Seymour 2017)\"\n"
	"  - id: new_lesion_role.max\n"
	"    when: new_targets_before >= new_target_max\n"
	"    then: non-target\n"
	"    reason: \"a new non-target lesion: {new_targets_before} new target lesions already (at most {new_target_max})\"\n"
	"    source: \"iRECIST (Seymour 2017)\"\n"
	"  - id: new_lesion_role.max_in_organ\n"
	"    when: new_targets_before_in_organ >= new_target_max_per_organ\n"
	"    then: non-target\n"
	"    reason: \"a new non-target lesion: {new_targets_before_in_organ} new target lesions in its organ already (at most {new_target_max_per_organ})\"\n"
	"    source: \"iRECIST (Seymour 2017)\"\n"
	"  - id: new_lesion_role.measurable\n"
	"    when: (nodal and size_mm >= node_target_min_mm) or (not nodal and size_mm >= lesion_target_min_mm)\n"
	"    then: target\n"
	"    reason: \"a new target lesion ({new_targets_before} before it)\"\n"
	"    source: \"iRECIST (Seymour 2017); RECIST 1.1 §3.1\"\n"
	"  - id: new_lesion_role.other\n"
	"    when: true\n"
	"    then: non-target\n"
	"    reason: \"a new non-target lesion: not measurable{[ ({size_mm} mm)]}\"\n"
	"    source: \"iRECIST (Seymour 2017); RECIST 1.1 §3.1\"\n"
	"\n"
	"# Checks once a new lesion's role is chosen: the reader's choice is\n"
	"# scored as made, and what breaks the selection rules is said.\n"
	"new_lesion_role_checks:\n"
	"  - id: new_lesion_role.too_many_new_targets\n"
	"    when: new_target and new_targets_before >= new_target_max\n"
	"    warning: TOO_MANY_NEW_TARGETS\n"
	"    message: \"new lesion {id} is new target lesion {new_targets_before + 1}; at most {new_target_max} may be chosen\"\n"
	"    source: \"iRECIST (Seymour 2017)\"\n"
	"  - id: new_lesion_role.too_many_new_targets_in_organ\n"
	"    when: new_target and new_targets_before_in_organ >= new_target_max_per_organ\n"
	"    warning: TOO_MANY_NEW_TARGETS_IN_ORGAN\n"
	"    message: \"new lesion {id} is new target lesion {new_targets_before_in_organ + 1} in its organ; at most {new_target_max_per_organ} per organ (all lymph nodes count as one organ)\"\n"
	"    source: \"iRECIST (Seymour 2017)\"\n"
	"\n";

/* RECIST 1.1 with id nlt-test, the limits as params and role_section before the overall table. */
static void write_role_rules(char path[64])
{
	const char *text = recist_builtin_text("recist1.1", NULL);
	const char *param = "  max_targets_per_organ: 2   # ... and 2 per organ\n";
	const char *table = "# Overall response, RECIST 1.1 Table 1";
	const char *id = strstr(text, "id: recist1.1\n"), *p = strstr(text, param), *t = strstr(text, table);
	FILE *fp;
	int fd;

	cr_assert(id != NULL && p != NULL && t != NULL && id < p && p < t);
	strcpy(path, "/tmp/recist-rules-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "%.*sid: nlt-test\n", (int)(id - text), text);
	id += strlen("id: recist1.1\n");
	fprintf(fp, "%.*s%s  new_target_max: 5\n  new_target_max_per_organ: 2\n", (int)(p - id), id, param);
	p += strlen(param);
	fprintf(fp, "%.*s%s%s", (int)(t - p), p, role_section, t);
	cr_assert_eq(fclose(fp), 0);
}

/*
 * Worked by hand.  2024-03-01, in the order listed: L1 liver 12 and L2 liver 15
 * are new targets (0 and 1 before them); L3 liver 20 is the third in the liver:
 * non-target; L4 lung 10.0 (exactly lesion_target_min_mm) and L5, a node of 15
 * (exactly node_target_min_mm), new targets; L6 bone 9.999, not measurable; E1
 * equivocal: no role yet; L7 a node of 16 in the axilla, the second node (all
 * nodes one organ): the fifth new target; L8 adrenal 30: a sixth, non-target.
 * iSOM 12 + 15 + 10 + 15 + 16 = 68.  2024-04-01: L1 is 14; E1 confirmed, but
 * 5 new targets already: non-target; R1 recorded as a target by the reader:
 * the sixth; iSOM 14 + 15 + 10 + 15 + 16 + 11 = 81.  2024-05-01: only L1
 * listed: iSOM null.
 */
static const char role_case[] =
	"{\"case_id\": \"nlt\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"lung\", \"role\": \"target\"}],\n"
	" \"assessments\": [\n"
	"  {\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}}},\n"
	"  {\"date\": \"2024-03-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}},\n"
	"   \"new_lesions\": [{\"id\": \"L1\", \"organ\": \"liver\", \"diameter_mm\": 12},\n"
	"                   {\"id\": \"L2\", \"organ\": \"Liver segment VI\", \"diameter_mm\": 15},\n"
	"                   {\"id\": \"L3\", \"organ\": \"liver\", \"diameter_mm\": 20},\n"
	"                   {\"id\": \"L4\", \"organ\": \"lung\", \"diameter_mm\": 10},\n"
	"                   {\"id\": \"L5\", \"organ\": \"mediastinum\", \"short_axis_mm\": 15},\n"
	"                   {\"id\": \"L6\", \"organ\": \"bone\", \"diameter_mm\": 9.999},\n"
	"                   {\"id\": \"E1\", \"organ\": \"spleen\", \"diameter_mm\": 11, \"equivocal\": true},\n"
	"                   {\"id\": \"L7\", \"organ\": \"axilla\", \"short_axis_mm\": 16},\n"
	"                   {\"id\": \"L8\", \"organ\": \"adrenal\", \"diameter_mm\": 30}]},\n"
	"  {\"date\": \"2024-04-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}},\n"
	"   \"new_lesions\": [{\"id\": \"L1\", \"organ\": \"liver\", \"diameter_mm\": 14},\n"
	"                   {\"id\": \"L2\", \"organ\": \"liver\", \"diameter_mm\": 15},\n"
	"                   {\"id\": \"L3\", \"organ\": \"liver\", \"diameter_mm\": 20},\n"
	"                   {\"id\": \"L4\", \"organ\": \"lung\", \"diameter_mm\": 10},\n"
	"                   {\"id\": \"L5\", \"organ\": \"mediastinum\", \"short_axis_mm\": 15},\n"
	"                   {\"id\": \"L7\", \"organ\": \"axilla\", \"short_axis_mm\": 16},\n"
	"                   {\"id\": \"E1\", \"organ\": \"spleen\", \"diameter_mm\": 11},\n"
	"                   {\"id\": \"R1\", \"organ\": \"skin\", \"diameter_mm\": 11, \"role\": \"target\"}]},\n"
	"  {\"date\": \"2024-05-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}},\n"
	"   \"new_lesions\": [{\"id\": \"L1\", \"organ\": \"liver\", \"diameter_mm\": 14}]}]}\n";

Test(rules, new_lesion_role_chooses_new_targets_by_the_rule_files_limits)
{
	char rules[64], casef[64];
	struct run r;

	write_role_rules(rules);
	write_temp(casef, role_case);
	evaluate_json(&r, rules, "nlt-test,recist1.1", casef);
	cr_expect_str_eq(r.err, "");
	static const char *const want[] = {
		"\"change_from_nadir_mm\":0.0,\"new_targets\":5,\"new_target_sum_mm\":68.0,",
		"\"change_from_nadir_mm\":0.0,\"new_targets\":6,\"new_target_sum_mm\":81.0,",
		"\"change_from_nadir_mm\":0.0,\"new_targets\":6,\"new_target_sum_mm\":null,",
		"new lesion L1 (12.0 mm): unequivocal; a new target lesion (0 before it)",
		"new lesion L3 (20.0 mm): unequivocal; a new non-target lesion: 2 new target lesions in its organ"
		" already (at most 2)",
		"new lesion L4 (10.0 mm): unequivocal; a new target lesion (2 before it)",
		"new lesion L5 (15.0 mm): unequivocal; a new target lesion (3 before it)",
		"new lesion L6 (9.999 mm): unequivocal; a new non-target lesion: not measurable (9.999 mm)",
		"new lesion E1 is equivocal: not PD until a later scan confirms it\"",
		"new lesion L7 (16.0 mm): unequivocal; a new target lesion (4 before it)",
		"new lesion L8 (30.0 mm): unequivocal; a new non-target lesion: 5 new target lesions already (at most 5)",
		"new lesion L1 (14.0 mm): unequivocal\"",
		"new lesion E1 is still there after it was equivocal: confirmed; a new non-target lesion: 5 new"
		" target lesions already (at most 5)",
		"new lesion R1 (11.0 mm): unequivocal; recorded as a new target lesion",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		cr_expect_not_null(strstr(r.out, want[i]), "no '%s' in %s", want[i], r.out);
	/* R1 (skin) is the reader's sixth new target: scored as recorded, with a warning at it. */
	cr_expect_not_null(strstr(r.out, "{\"code\":\"TOO_MANY_NEW_TARGETS\",\"message\":\"new lesion R1 is new target"
	                                 " lesion 6; at most 5 may be chosen\",\"path\":\"assessments[2].new_lesions[7]\","
	                                 "\"criteria\":\"nlt-test\",\"rule\":\"new_lesion_role.too_many_new_targets\"}"),
	                   "%s", r.out);
	cr_expect_null(strstr(r.out, "TOO_MANY_NEW_TARGETS_IN_ORGAN"), "the first in the skin");
	/* RECIST 1.1, beside it, has no new-target keys: its output is as before. */
	const char *rec = strstr(r.out, "\"recist1.1\""), *end = rec ? strstr(rec, "\"best_overall\"") : NULL;
	cr_assert(rec != NULL && end != NULL);
	char *rec11 = strndup(rec, (size_t)(end - rec));
	cr_assert_not_null(rec11);
	cr_expect_null(strstr(rec11, "new_target"), "%s", rec11);
	free(rec11);
	run_free(&r);
	/* The text report: a row for iSOM under the rule set that has it, blank beside RECIST 1.1. */
	const char *text[] = { "recist", "evaluate", "--rules", rules, "--criteria", "recist1.1,nlt-test", casef, NULL };
	cr_assert_eq(run_recist(&r, text, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "\n  from nadir                 0.0 mm, 0.0 %        0.0 mm, 0.0 %\n"
	                                 "  new-target sum                                  68.0 mm (5)\n"
	                                 "  target "), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "  new-target sum                                  n/a (6)\n"), "%s", r.out);
	run_free(&r);
	unlink(rules);
	unlink(casef);
}

Test(rules, new_lesion_role_then_is_target_or_non_target)
{
	char path[64];
	struct run r;

	write_variant(path, "new_lesion:\n", "new_lesion_role:\n"
	              "  - {id: role.x, when: true, then: PD, reason: x, source: x}\n"
	              "new_lesion:\n");
	const char *argv[] = { "recist", "rules", "check", path, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_neq(r.status, 0);
	cr_expect_not_null(strstr(r.err, "error: invalid value: 'PD' is not a new_lesion_role choice"
	                              " (expected target or non-target)"), "%s", r.err);
	run_free(&r);
	unlink(path);
}

Test(rules, new_lesion_role_checks_warn_at_the_new_lesion_in_its_organ)
{
	char rules[64], casef[64];
	struct run r;

	/* A third new target in the liver, by the reader's choice: the organ limit's warning only. */
	write_role_rules(rules);
	write_temp(casef, "{\"case_id\": \"c\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"lung\", \"role\": \"target\"}],\n"
	      " \"assessments\": [{\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}}},\n"
	      "  {\"date\": \"2024-03-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}}, \"new_lesions\": [\n"
	      "   {\"id\": \"A\", \"organ\": \"liver\", \"diameter_mm\": 10},\n"
	      "   {\"id\": \"B\", \"organ\": \"liver\", \"diameter_mm\": 10},\n"
	      "   {\"id\": \"C\", \"organ\": \"liver\", \"diameter_mm\": 10, \"role\": \"target\"}]}]}\n");
	evaluate_json(&r, rules, "nlt-test", casef);
	cr_expect_not_null(strstr(r.out, "\"new_targets\":3,\"new_target_sum_mm\":30.0,"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "{\"code\":\"TOO_MANY_NEW_TARGETS_IN_ORGAN\",\"message\":\"new lesion C is new"
	                                 " target lesion 3 in its organ; at most 2 per organ (all lymph nodes count as one"
	                                 " organ)\",\"path\":\"assessments[1].new_lesions[2]\""), "%s", r.out);
	cr_expect_null(strstr(r.out, "TOO_MANY_NEW_TARGETS\""), "%s", r.out);
	run_free(&r);
	unlink(rules);
	unlink(casef);
}

/* A check list without the list it checks is refused: "error: required key missing: 'CHECKS' needs 'LIST'". */
static void expect_checks_need(const char *checks, const char *list)
{
	char path[64], insert[160], want[160];
	struct run r;

	snprintf(insert, sizeof insert, "%s:\n  - {id: c.w, when: true, warning: W, message: m, source: x}\nnew_lesion:\n",
	         checks);
	write_variant(path, "new_lesion:\n", insert);
	const char *argv[] = { "recist", "rules", "check", path, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_neq(r.status, 0);
	snprintf(want, sizeof want, "error: required key missing: '%s' needs '%s'", checks, list);
	cr_expect_not_null(strstr(r.err, want), "%s", r.err);
	run_free(&r);
	unlink(path);
}

Test(rules, new_lesion_role_checks_need_new_lesion_role)
{
	expect_checks_need("new_lesion_role_checks", "new_lesion_role");
}

/* ---- progression: state carried across follow-ups (iRECIST's iUPD) ---- */

/*
 * A test-only progression list (not iRECIST's file): its rules are few, and
 * every reason prints the state, so that each quantity is checked at each
 * follow-up.  P is that state: pending/idle, confirmed/open, the categories
 * PD at the iUPD (T, N, L), the calls, days and the changes since the iUPD,
 * iSOM and its nadir, new lesions since the iUPD / since the reset, and the
 * reader's increases: non-targets / new non-targets.
 */
#define P "{[{?iupd_pending}pending|idle]} {[{?progression_confirmed}confirmed|open]}" \
	" pd@iupd {[{?target_pd_at_iupd}T|-]}{[{?non_target_pd_at_iupd}N|-]}{[{?new_lesions_pd_at_iupd}L|-]};" \
	" {overall_recist}/{target_recist}/{non_target_recist}/{new_lesions_recist}; days {days_since_iupd};" \
	" sum {+sum_change_since_iupd_mm}; isom {new_target_sum_mm} {+new_target_sum_change_since_iupd_mm}" \
	" nadir {new_target_sum_nadir_mm}; new {new_lesions_since_iupd}/{new_lesions_since_reset};" \
	" inc {nontargets_increased}/{new_non_targets_increased}"
#define PRULE(id, when, then) \
	"  - id: " id "\n    when: " when "\n    then: " then "\n    reason: \"" id ": " P "\"\n    source: test\n"
static const char progression_section[] =
	"progression:\n"
	PRULE("p.final", "progression_confirmed", "iCPD")
	PRULE("p.ne", "overall_recist == 'NE'", "NE")
	PRULE("p.confirm", "iupd_pending and days_since_iupd >= 28 and ((target_pd_at_iupd and"
	      " sum_change_since_iupd_mm >= 5) or new_target_sum_change_since_iupd_mm >= 5 or new_lesions_since_iupd > 0"
	      " or (target_recist == 'PD' and not target_pd_at_iupd) or (non_target_recist == 'PD' and not"
	      " non_target_pd_at_iupd))", "iCPD")
	PRULE("p.cr", "overall_recist == 'CR' or (iupd_pending and target_recist == 'CR')", "iCR")
	PRULE("p.pr", "overall_recist == 'PR' or (iupd_pending and target_recist == 'PR')", "iPR")
	PRULE("p.sd", "overall_recist == 'SD' or (iupd_pending and target_recist == 'SD')", "iSD")
	PRULE("p.pending", "iupd_pending", "iUPD")
	PRULE("p.iupd", "overall_recist == 'PD' and (target_recist == 'PD' or non_target_recist == 'PD' or"
	      " new_lesions_since_reset > 0 or new_target_sum_mm * 100 >= new_target_sum_nadir_mm * 120)", "iUPD")
	PRULE("p.nonpd", "overall_recist == 'NON-CR/NON-PD'", "NON-iCR/NON-iUPD")
	PRULE("p.known", "true", "iSD");

/* write_role_rules' file with progression_section after it. */
static void write_progression_rules(char path[64])
{
	FILE *fp;

	write_role_rules(path);
	fp = fopen(path, "a");
	cr_assert_not_null(fp);
	fputs(progression_section, fp);
	cr_assert_eq(fclose(fp), 0);
}

/*
 * Worked by hand.  Case A: T1 30 mm at baseline, N1 present throughout.
 * 02-01 T1 40: target PD, overall PD: iUPD (no state before: idle, days
 *   n/a, iSOM 0 without new targets).  Pending from here, sum 40, iSOM 0, T.
 * 02-28 T1 46: 27 days, too early to confirm (+6.0): iUPD still.
 * 02-29 T1 44.9: 28 days, +4.9 < 5: iUPD still.
 * 03-07 T1 20: target PR, overall PR: iPR, 35 days, -20.0 from the 40 at
 *   the iUPD: the reset (ai 4).
 * 04-04 T1 20 (PR from baseline), X1 liver 12 (new target), X2 bone 8 (new
 *   non-target): overall PD; two new lesions since the reset: iUPD; iSOM 12.
 *   Pending from here, iSOM 12, L; the iSOM nadir becomes 12.
 * 05-09 X1 16.9: 35 days, iSOM +4.9 < 5, no new lesion since: not
 *   confirmed; target PR after the iUPD: iPR, the reset (ai 6); X1 and X2
 *   came after the first reset: 0/2.
 * 06-06 X1 14.5, X3 lung 11 (a new target): iSOM 25.5, of two new targets
 *   now, so no smallest of the same ones yet (nadir n/a, Decision 28); X3
 *   is new since the reset: iUPD, pending with iSOM 25.5.  The smallest of
 *   X1 and X3 from here: 25.5.
 * 07-04 X4 skin 5 (not measurable: new non-target): 28 days, iSOM 0.0,
 *   X4 new since the iUPD, X3 and X4 since the reset: iCPD.  The reader
 *   marks X1 (a new target) and X2 (a new non-target) increased: one new
 *   non-target increased.
 * 08-01 T1 10: confirmed for good: iCPD, idle confirmed; no new target
 *   listed: iSOM n/a.  (A zero change prints without a sign.)
 */
static const char progression_case_a[] =
	"{\"case_id\": \"a\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"lung\", \"role\": \"target\"},\n"
	"  {\"id\": \"N1\", \"organ\": \"liver\", \"role\": \"non-target\"}],\n"
	" \"assessments\": [\n"
	"  {\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}, \"N1\": {\"status\": \"present\"}}},\n"
	"  {\"date\": \"2024-02-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 40}, \"N1\": {\"status\": \"present\"}}},\n"
	"  {\"date\": \"2024-02-28\", \"lesions\": {\"T1\": {\"diameter_mm\": 46}, \"N1\": {\"status\": \"present\"}}},\n"
	"  {\"date\": \"2024-02-29\", \"lesions\": {\"T1\": {\"diameter_mm\": 44.9}, \"N1\": {\"status\": \"present\"}}},\n"
	"  {\"date\": \"2024-03-07\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}, \"N1\": {\"status\": \"present\"}}},\n"
	"  {\"date\": \"2024-04-04\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}, \"N1\": {\"status\": \"present\"}},\n"
	"   \"new_lesions\": [{\"id\": \"X1\", \"organ\": \"liver\", \"diameter_mm\": 12},\n"
	"                   {\"id\": \"X2\", \"organ\": \"bone\", \"diameter_mm\": 8}]},\n"
	"  {\"date\": \"2024-05-09\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}, \"N1\": {\"status\": \"present\"}},\n"
	"   \"new_lesions\": [{\"id\": \"X1\", \"organ\": \"liver\", \"diameter_mm\": 16.9},\n"
	"                   {\"id\": \"X2\", \"organ\": \"bone\", \"diameter_mm\": 8}]},\n"
	"  {\"date\": \"2024-06-06\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}, \"N1\": {\"status\": \"present\"}},\n"
	"   \"new_lesions\": [{\"id\": \"X1\", \"organ\": \"liver\", \"diameter_mm\": 14.5},\n"
	"                   {\"id\": \"X2\", \"organ\": \"bone\", \"diameter_mm\": 8},\n"
	"                   {\"id\": \"X3\", \"organ\": \"lung\", \"diameter_mm\": 11}]},\n"
	"  {\"date\": \"2024-07-04\", \"lesions\": {\"T1\": {\"diameter_mm\": 20}, \"N1\": {\"status\": \"present\"}},\n"
	"   \"new_lesions\": [{\"id\": \"X1\", \"organ\": \"liver\", \"diameter_mm\": 14.5, \"increased\": true},\n"
	"                   {\"id\": \"X2\", \"organ\": \"bone\", \"diameter_mm\": 8, \"increased\": true},\n"
	"                   {\"id\": \"X3\", \"organ\": \"lung\", \"diameter_mm\": 11},\n"
	"                   {\"id\": \"X4\", \"organ\": \"skin\", \"diameter_mm\": 5}]},\n"
	"  {\"date\": \"2024-08-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 10}, \"N1\": {\"status\": \"present\"}}}]}\n";

/*
 * Case B: N1 progresses at 02-01 (non-target PD): iUPD, pending with N.
 * 03-01 T1 36: 29 days, +6.0 and +20 % from the nadir 30: target PD, a
 * category not PD at the iUPD: iCPD; the reader marks N1 increased.
 */
static const char progression_case_b[] =
	"{\"case_id\": \"b\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"lung\", \"role\": \"target\"},\n"
	"  {\"id\": \"N1\", \"organ\": \"liver\", \"role\": \"non-target\"}],\n"
	" \"assessments\": [\n"
	"  {\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}, \"N1\": {\"status\": \"present\"}}},\n"
	"  {\"date\": \"2024-02-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}, \"N1\": {\"status\": \"progression\"}}},\n"
	"  {\"date\": \"2024-03-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 36},\n"
	"   \"N1\": {\"status\": \"progression\", \"increased\": true}}}]}\n";

Test(rules, progression_carries_iupd_state_across_follow_ups)
{
	char rules[64], casef[64];
	struct run r;

	write_progression_rules(rules);
	write_temp(casef, progression_case_a);
	evaluate_json(&r, rules, "nlt-test,recist1.1", casef);
	cr_expect_str_eq(r.err, "");
	static const char *const want[] = {
		"\"overall\":\"iUPD\",\"overall_recist\":\"PD\",\"reasons\":",
		"\"p.iupd: idle open pd@iupd ---; PD/PD/NON-CR/NON-PD/NO; days n/a; sum n/a; isom 0.0 n/a nadir n/a;"
		" new 0/0; inc 0/0\"",
		"\"p.pending: pending open pd@iupd T--; PD/PD/NON-CR/NON-PD/NO; days 27; sum +6.0; isom 0.0 0.0"
		" nadir n/a; new 0/0; inc 0/0\"",
		"\"p.pending: pending open pd@iupd T--; PD/PD/NON-CR/NON-PD/NO; days 28; sum +4.9; isom 0.0 0.0"
		" nadir n/a; new 0/0; inc 0/0\"",
		"\"p.pr: pending open pd@iupd T--; PR/PR/NON-CR/NON-PD/NO; days 35; sum -20.0; isom 0.0 0.0"
		" nadir n/a; new 0/0; inc 0/0\"",
		"\"p.iupd: idle open pd@iupd ---; PD/PR/NON-CR/NON-PD/YES; days n/a; sum n/a; isom 12.0 n/a"
		" nadir n/a; new 0/2; inc 0/0\"",
		"\"p.pr: pending open pd@iupd --L; PD/PR/NON-CR/NON-PD/YES; days 35; sum 0.0; isom 16.9 +4.9"
		" nadir 12.0; new 0/2; inc 0/0\"",
		"\"p.iupd: idle open pd@iupd ---; PD/PR/NON-CR/NON-PD/YES; days n/a; sum n/a; isom 25.5 n/a"
		" nadir n/a; new 0/1; inc 0/0\"",
		"\"p.confirm: pending open pd@iupd --L; PD/PR/NON-CR/NON-PD/YES; days 28; sum 0.0; isom 25.5 0.0"
		" nadir 25.5; new 1/2; inc 0/1\"",
		"\"p.final: idle confirmed pd@iupd ---; PR/PR/NON-CR/NON-PD/NO; days n/a; sum n/a; isom n/a n/a"
		" nadir 25.5; new 0/0; inc 0/0\"",
		"\"progression\":\"p.final\"}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		cr_expect_not_null(strstr(r.out, want[i]), "no '%s' in %s", want[i], r.out);
	/* RECIST 1.1, beside it, has no progression: its output is as before. */
	const char *rec = strstr(r.out, "\"recist1.1\""), *end = rec ? strstr(rec, "\"best_overall\"") : NULL;
	cr_assert(rec != NULL && end != NULL);
	cr_expect_null(strstr(rec, "progression\":\"") != NULL && strstr(rec, "progression\":\"") < end ? rec : NULL,
	               "%s", r.out);
	run_free(&r);
	unlink(casef);

	write_temp(casef, progression_case_b);
	evaluate_json(&r, rules, "nlt-test", casef);
	cr_expect_not_null(strstr(r.out, "\"p.iupd: idle open pd@iupd ---; PD/SD/PD/NO;"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "\"p.confirm: pending open pd@iupd -N-; PD/PD/PD/NO; days 29; sum +6.0;"
	                                 " isom 0.0 0.0 nadir n/a; new 0/0; inc 1/0\""),
	                   "%s", r.out);
	cr_expect_not_null(strstr(r.out, "\"best_overall\":{\"response\":\"iCPD\",\"date\":\"2024-02-01\"},"
	                                 "\"confirmed_best_overall\":{\"response\":\"iCPD\",\"date\":\"2024-02-01\"},"
	                                 "\"progression_date\":\"2024-02-01\","), "%s", r.out);
	run_free(&r);
	unlink(casef);
	unlink(rules);
}

Test(rules, progression_then_is_an_irecist_response)
{
	char path[64];
	struct run r;

	write_variant(path, "new_lesion:\n", "progression:\n"
	              "  - {id: p.x, when: true, then: PD, reason: x, source: x}\n"
	              "new_lesion:\n");
	const char *argv[] = { "recist", "rules", "check", path, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_neq(r.status, 0);
	cr_expect_not_null(strstr(r.err, "'PD'"), "%s", r.err);
	cr_expect_not_null(strstr(r.err, "iCR, iPR, iSD, NON-iCR/NON-iUPD, iUPD, iCPD"), "%s", r.err);
	run_free(&r);
	unlink(path);
}

/* iBOR from a progression list's responses, by hand (S7 Table 3 and the project's reading). */
Test(rules, ibor_follows_seymour_table_3)
{
	static const struct {
		recist_response seq[5];
		size_t          n;
		recist_response best;
		bool            progression;
		int32_t         progression_day;
	} rows[] = {
		/* iUPD then iPR: the iUPD is set aside: iBOR iPR, no progression. */
		{ { RECIST_RESP_IUPD, RECIST_RESP_IPR }, 2, RECIST_RESP_IPR, false, 0 },
		/* iUPD then iCPD: iCPD, progression at the iUPD. */
		{ { RECIST_RESP_IUPD, RECIST_RESP_ICPD }, 2, RECIST_RESP_ICPD, true, 56 },
		/* iUPD then only NE: iUPD, no date of progression (unconfirmed). */
		{ { RECIST_RESP_IUPD, RECIST_RESP_NE, RECIST_RESP_NE }, 3, RECIST_RESP_IUPD, false, 0 },
		/* iUPD twice before it is confirmed: progression at the first. */
		{ { RECIST_RESP_IUPD, RECIST_RESP_IUPD, RECIST_RESP_ICPD }, 3, RECIST_RESP_ICPD, true, 56 },
		/* iSD, iUPD, iSD (reset), iUPD, iCPD: iSD; progression at the later, confirmed iUPD. */
		{ { RECIST_RESP_ISD, RECIST_RESP_IUPD, RECIST_RESP_ISD, RECIST_RESP_IUPD, RECIST_RESP_ICPD }, 5,
		  RECIST_RESP_ISD, true, 140 },
		/* iPR then an iUPD never confirmed: iPR, no progression. */
		{ { RECIST_RESP_IPR, RECIST_RESP_IUPD, RECIST_RESP_NE }, 3, RECIST_RESP_IPR, false, 0 },
		/* iCPD after iCPD changes nothing (final); a later iUPD is not a new one. */
		{ { RECIST_RESP_IUPD, RECIST_RESP_ICPD, RECIST_RESP_IPR, RECIST_RESP_IUPD }, 4, RECIST_RESP_ICPD, true, 56 },
	};
	static const int32_t days[] = { 56, 84, 112, 140, 168 };
	struct bor_params p = { 28, 42, 1, false };

	for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
		recist_response overall[5], eff[5];
		bool unconfirmed;
		struct bor_result out;

		ibor_input(rows[k].seq, rows[k].n, overall, &unconfirmed);
		struct bor_input in = { days, overall, rows[k].n, 0, true, false, 0, false };
		bor_derive(&in, &p, eff, &out);
		ibor_result(&out, unconfirmed, days[rows[k].n - 1]);
		cr_expect_eq(out.best, rows[k].best, "row %zu: %s", k, recist_response_name(out.best));
		cr_expect_eq(out.progression.has, rows[k].progression, "row %zu", k);
		if (rows[k].progression)
			cr_expect_eq(out.progression.day, rows[k].progression_day, "row %zu", k);
		else
			cr_expect(out.ttp_censored && out.ttp_end == days[rows[k].n - 1], "row %zu", k);
	}
}

/* ---- rules/irecist.yaml: S7 Tables 2 and 3, by hand ---- */

/*
 * Each case: T1 (lung, a target, 30 mm at baseline 2024-01-01) and N1 (liver,
 * a non-target, present at baseline); follow-ups as "date T1 N1 new-lesions".
 * The answers were worked out by hand from S7 and the project's decisions
 * (recist-rules(5)) before the file was run; each row's comment says why.
 */
#define IR_HEAD "{\"case_id\": \"i\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"lung\", \"role\": \"target\"}," \
	" {\"id\": \"N1\", \"organ\": \"liver\", \"role\": \"non-target\"}], \"assessments\": [" \
	"{\"date\": \"2024-01-01\", \"lesions\": {\"T1\": {\"diameter_mm\": 30}, \"N1\": {\"status\": \"present\"}}}"
#define IR_FU(date, t1, n1, news) ", {\"date\": \"" date "\", \"lesions\": {\"T1\": " t1 ", \"N1\": " n1 "}" news "}"
#define IR_TAIL "]}\n"
#define D(mm) "{\"diameter_mm\": " #mm "}"
#define PRESENT "{\"status\": \"present\"}"
#define PROGRESSING "{\"status\": \"progression\"}"
#define NEW(x) ", \"new_lesions\": [" x "]"
#define NEW2(x, y) ", \"new_lesions\": [" x ", " y "]"
#define X(id, organ, mm) "{\"id\": \"" id "\", \"organ\": \"" organ "\", \"diameter_mm\": " #mm "}"

static const struct irecist_row {
	const char *name;
	const char *json;
	const char *want;      /* the progression responses, one per follow-up */
	const char *ibor;
	const char *text;      /* a reason that must be there, or NULL */
} irecist_rows[] = {
	/* S7 Table 2, target row: T1 40 (+10 mm, +33 %): iUPD; 29 days later +5.0 mm since: iCPD. */
	{ "target +5.0 mm", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-03-01", D(45), PRESENT, "") IR_TAIL,
	  "iUPD iCPD", "iCPD", "target sum +5.0 mm since the iUPD" },
	/* +4.9 mm: not confirmed; the targets are still PD from the nadir: iUPD stays (and is iBOR). */
	{ "target +4.9 mm", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-03-01", D(44.9), PRESENT, "") IR_TAIL,
	  "iUPD iUPD", "iUPD", "iUPD not confirmed 29 days later: target sum +4.9 mm since the iUPD" },
	/* Non-target row: N1 unequivocal progression: iUPD; then marked increased: iCPD. */
	{ "non-target further increase", IR_HEAD IR_FU("2024-02-01", D(30), PROGRESSING, "")
	  IR_FU("2024-03-01", D(30), "{\"status\": \"progression\", \"increased\": true}", "") IR_TAIL,
	  "iUPD iCPD", "iCPD", "1 non-target lesion(s) increased further" },
	/* ... not marked: the targets (SD) drive the response: iSD, the iUPD set aside (decision 1). */
	{ "non-target not increased", IR_HEAD IR_FU("2024-02-01", D(30), PROGRESSING, "")
	  IR_FU("2024-03-01", D(30), PROGRESSING, "") IR_TAIL,
	  "iUPD iSD", "iSD", "the iUPD is set aside, the target lesions meeting SD" },
	/* New-lesion row, iSOM: X1 (liver 12, a new target): iUPD; X1 17.0 (+5.0): iCPD. */
	{ "new target sum +5.0 mm", IR_HEAD IR_FU("2024-02-01", D(30), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-03-01", D(30), PRESENT, NEW(X("X1", "liver", 17))) IR_TAIL,
	  "iUPD iCPD", "iCPD", "the new target lesions' sum 17.0 mm is +5.0 mm since the iUPD" },
	/* X1 16.9 (+4.9): not confirmed; targets SD: iSD (reset). */
	{ "new target sum +4.9 mm", IR_HEAD IR_FU("2024-02-01", D(30), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-03-01", D(30), PRESENT, NEW(X("X1", "liver", 16.9))) IR_TAIL,
	  "iUPD iSD", "iSD", NULL },
	/* New non-target (bone 8 mm, not measurable): iUPD; marked increased: iCPD. */
	{ "new non-target increase", IR_HEAD IR_FU("2024-02-01", D(30), PRESENT, NEW(X("X2", "bone", 8)))
	  IR_FU("2024-03-01", D(30), PRESENT, NEW("{\"id\": \"X2\", \"organ\": \"bone\", \"diameter_mm\": 8, \"increased\": true}"))
	  IR_TAIL, "iUPD iCPD", "iCPD", "1 new non-target lesion(s) increased" },
	/* Additional new lesion X3: iCPD. */
	{ "additional new lesion", IR_HEAD IR_FU("2024-02-01", D(30), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-03-01", D(30), PRESENT, NEW2(X("X1", "liver", 12), X("X3", "lung", 6))) IR_TAIL,
	  "iUPD iCPD", "iCPD", "1 new lesion(s) since the iUPD" },
	/* A category newly PD: iUPD by N1; T1 36 (+6 mm, +20 % from 30): iCPD. */
	{ "target newly PD", IR_HEAD IR_FU("2024-02-01", D(30), PROGRESSING, "") IR_FU("2024-03-01", D(36), PROGRESSING, "")
	  IR_TAIL, "iUPD iCPD", "iCPD", "the target lesions, not PD at the iUPD, now meet RECIST 1.1 PD" },
	/* 27 days: too early, even with +20 mm; 28 days: confirms. */
	{ "27 days", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-02-28", D(60), PRESENT, "") IR_TAIL,
	  "iUPD iUPD", "iUPD", "27 days after the iUPD, too early to confirm it" },
	{ "28 days", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-02-29", D(45), PRESENT, "") IR_TAIL,
	  "iUPD iCPD", "iCPD", "iUPD confirmed 28 days later: target" },
	/* 27 days, iPR: an early assessment still resets (decision 3). */
	{ "27 days, reset", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-02-28", D(20), PRESENT, "") IR_TAIL,
	  "iUPD iPR", "iPR", NULL },
	/* 56 days confirms plainly; 57 days confirms with a note. */
	{ "56 days", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-03-28", D(45), PRESENT, "") IR_TAIL,
	  "iUPD iCPD", "iCPD", "iUPD confirmed 56 days later: target" },
	{ "57 days", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-03-29", D(45), PRESENT, "") IR_TAIL,
	  "iUPD iCPD", "iCPD", "iUPD confirmed 57 days later, later than the 56 days of the window: target" },
	/* S7 Table 3: iUPD then iPR: iBOR iPR. */
	{ "iUPD then iPR", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-03-01", D(20), PRESENT, "") IR_TAIL,
	  "iUPD iPR", "iPR", NULL },
	/* iUPD then only NE (T1 not evaluated): iBOR iUPD. */
	{ "iUPD then NE", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "")
	  IR_FU("2024-03-01", "{\"not_evaluated\": true}", PRESENT, "") IR_FU("2024-04-01", "{\"not_evaluated\": true}", PRESENT, "")
	  IR_TAIL, "iUPD NE NE", "iUPD", NULL },
	/* A reset, then a new iUPD by a new lesion, confirmed by another: iBOR iPR. */
	{ "reset then new iUPD", IR_HEAD IR_FU("2024-02-01", D(40), PRESENT, "") IR_FU("2024-03-01", D(20), PRESENT, "")
	  IR_FU("2024-04-01", D(20), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-05-01", D(20), PRESENT, NEW2(X("X1", "liver", 12), X("X3", "lung", 11))) IR_TAIL,
	  "iUPD iPR iUPD iCPD", "iPR", NULL },
	/* After a reset, a new lesion already present does not make a new iUPD: iPR (driven by the targets). */
	{ "known new lesion after reset", IR_HEAD IR_FU("2024-02-01", D(30), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-03-01", D(20), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-04-01", D(20), PRESENT, NEW(X("X1", "liver", 14))) IR_TAIL,
	  "iUPD iPR iPR", "iPR", NULL },
	/* ... but by its sum +20 %: 12 -> 14.4 mm. */
	{ "new target sum +20 % after reset", IR_HEAD IR_FU("2024-02-01", D(30), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-03-01", D(20), PRESENT, NEW(X("X1", "liver", 12)))
	  IR_FU("2024-04-01", D(20), PRESENT, NEW(X("X1", "liver", 14.4))) IR_TAIL,
	  "iUPD iPR iUPD", "iPR", "at least 20 % above its smallest 12.0 mm" },
};

Test(rules, irecist_answers_s7_tables_2_and_3)
{
	char casef[64];
	struct run r;

	for (size_t k = 0; k < ARRAY_SIZE(irecist_rows); k++) {
		const struct irecist_row *row = &irecist_rows[k];
		char got[256] = "", want_bor[64];
		write_temp(casef, row->json);
		/* Built in, applied when named. */
		const char *argv[] = { "recist", "evaluate", "--format", "json", "--criteria", "irecist", casef, NULL };
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 0, "%s: %s", row->name, r.err);
		/* Each follow-up's "overall": iRECIST's response (the rules' "overall" is a table row's id). */
		for (const char *p = r.out; (p = strstr(p, ",\"overall\":\"")) != NULL; ) {
			p += strlen(",\"overall\":\"");
			if (strncmp(p, "overall[", 8) == 0)
				continue;
			strncat(got, got[0] ? " " : "", sizeof got - strlen(got) - 1);
			strncat(got, p, strcspn(p, "\""));
		}
		cr_expect_str_eq(got, row->want, "%s: %s", row->name, r.out);
		snprintf(want_bor, sizeof want_bor, "\"best_overall\":{\"response\":\"%s\"", row->ibor);
		cr_expect_not_null(strstr(r.out, want_bor), "%s: iBOR: %s", row->name, r.out);
		if (row->text != NULL)
			cr_expect_not_null(strstr(r.out, row->text), "%s: no '%s' in %s", row->name, row->text, r.out);
		/* The warning of a late confirming assessment: 57 days, not 56 (Decision 23). */
		bool late = strcmp(row->name, "57 days") == 0;
		cr_expect_eq(strstr(r.out, late ? "{\"code\":\"ICONFIRM_LATE\",\"message\":\"the assessment after the iUPD"
		                                  " comes 57 days after it, later than 56 days: it still confirms or sets the"
		                                  " iUPD aside\",\"path\":\"assessments[2].date\""
		                                : "ICONFIRM_LATE") != NULL, late, "%s: %s", row->name, r.out);
		run_free(&r);
		unlink(casef);
	}
}

/* iRECIST is built in but applied only when named; rules show prints its file. */
Test(rules, irecist_is_built_in_and_applied_when_named)
{
	char casef[64];
	struct run r;

	write_temp(casef, irecist_rows[0].json);
	const char *dflt[] = { "recist", "evaluate", "--format", "json", casef, NULL };
	cr_assert_eq(run_recist(&r, dflt, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "\"recist1.1\":"), "%s", r.out);
	cr_expect_null(strstr(r.out, "\"irecist\":"), "%s", r.out);
	run_free(&r);
	const char *both[] = { "recist", "evaluate", "--format", "json", "--criteria", "recist1.1,irecist", casef, NULL };
	cr_assert_eq(run_recist(&r, both, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	const char *rec = strstr(r.out, "\"recist1.1\":"), *ir = strstr(r.out, "\"irecist\":");
	cr_expect(rec != NULL && ir != NULL && rec < ir, "%s", r.out);
	/* Side by side: RECIST 1.1 PD at both follow-ups; iRECIST iUPD, then iCPD. */
	cr_expect_not_null(strstr(r.out, "\"best_overall\":{\"response\":\"PD\""), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "\"best_overall\":{\"response\":\"iCPD\""), "%s", r.out);
	run_free(&r);
	unlink(casef);
	const char *show[] = { "recist", "rules", "show", "irecist", NULL };
	cr_assert_eq(run_recist(&r, show, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(strncmp(r.out, "# iRECIST timepoint response", 28), 0, "%.80s", r.out);
	run_free(&r);
}

/* recist bor --criteria irecist: iBOR of reported iRECIST histories; RECIST 1.1 refuses them. */
Test(rules, bor_derives_ibor_from_reported_irecist_histories)
{
	char casef[64];
	struct run r;

	/* By hand: P1 iUPD then iPR: iBOR iPR, no progression; P2 iUPD then NE: iUPD; P3 iUPD, iCPD: iCPD at the iUPD. */
	write_temp(casef, "case_id,treatment_start,date,overall\n"
	                  "P1,2024-01-01,2024-02-01,iUPD\nP1,2024-01-01,2024-03-01,iPR\n"
	                  "P2,2024-01-01,2024-02-01,iUPD\nP2,2024-01-01,2024-03-01,NE\n"
	                  "P3,2024-01-01,2024-02-01,iUPD\nP3,2024-01-01,2024-03-01,iCPD\n");
	char csv[80];
	snprintf(csv, sizeof csv, "%s.csv", casef);
	cr_assert_eq(rename(casef, csv), 0);
	const char *argv[] = { "recist", "bor", "--criteria", "irecist", csv, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "P1 [irecist]\n  best overall           iPR 2024-03-01\n"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "P2 [irecist]\n  best overall           iUPD 2024-02-01\n"
	                                 "  confirmed best         iUPD 2024-02-01\n  progression            none\n"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "P3 [irecist]\n  best overall           iCPD 2024-02-01\n"
	                                 "  confirmed best         iCPD 2024-02-01\n  progression            2024-02-01\n"),
	                   "%s", r.out);
	run_free(&r);
	const char *rec[] = { "recist", "bor", "--criteria", "recist1.1", csv, NULL };
	cr_assert_eq(run_recist(&r, rec, NULL), 0);
	cr_expect_neq(r.status, 0);
	cr_expect_not_null(strstr(r.err, "case 'P1', 2024-02-01: 'iUPD' is an iRECIST response, and recist1.1 scores"
	                                 " RECIST ones"), "%s", r.err);
	run_free(&r);
	unlink(csv);
}

Test(rules, progression_checks_need_progression)
{
	expect_checks_need("progression_checks", "progression");
}

/*
 * Every output calls iRECIST's response the overall one: the text's OVERALL
 * row, CSV's overall column, JSON's "overall" (the table's answer beside it
 * as "overall_recist"), and the best-response block speaks its terms.
 */
Test(rules, irecist_outputs_give_its_own_overall_response)
{
	const struct irecist_row *row = NULL;
	char casef[64];
	struct run r;

	for (size_t k = 0; k < ARRAY_SIZE(irecist_rows); k++)
		if (strcmp(irecist_rows[k].name, "reset then new iUPD") == 0)
			row = &irecist_rows[k];
	cr_assert_not_null(row);
	write_temp(casef, row->json);
	const char *text[] = { "recist", "evaluate", "--criteria", "recist1.1,irecist", casef, NULL };
	cr_assert_eq(run_recist(&r, text, NULL), 0);
	cr_expect_not_null(strstr(r.out, "  OVERALL                    PD                   iUPD\n"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "  OVERALL                    PD *                 iUPD\n"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "  OVERALL                    PD *                 iCPD *\n"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "  response from              n/a                  iPR, unconfirmed\n"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "    - progression on 2024-04-01 (day 91): the iUPD of that day, confirmed (iCPD) on"),
	                   "%s", r.out);
	cr_expect_null(strstr(r.out, "counts from the PD"), "no RECIST 1.1 sentence under iRECIST: %s", r.out);
	run_free(&r);
	const char *csv[] = { "recist", "evaluate", "--format", "csv", "--criteria", "irecist", casef, NULL };
	cr_assert_eq(run_recist(&r, csv, NULL), 0);
	cr_expect_not_null(strstr(r.out, ",iPR,"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, ",iCPD,"), "%s", r.out);
	run_free(&r);
	const char *json[] = { "recist", "evaluate", "--format", "json", "--criteria", "irecist", casef, NULL };
	cr_assert_eq(run_recist(&r, json, NULL), 0);
	cr_expect_not_null(strstr(r.out, "\"overall\":\"iUPD\",\"overall_recist\":\"PD\""), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "\"overall\":\"iCPD\",\"overall_recist\":\"PD\""), "%s", r.out);
	run_free(&r);
	unlink(casef);
}

/*
 * rules/irecist.yaml's new target limits (S7): seven measurable new
 * lesions at one follow-up.  By hand: X1 and X2 are the liver's two new
 * targets, X3 a third in the liver (a new non-target), X4, X5 (lung) and
 * X6 (bone) targets four and five, X7 a sixth (a new non-target); the
 * new-target sum is 12 + 13 + 15 + 16 + 17 = 73.0 mm.
 */
Test(rules, irecist_new_target_limits)
{
	char casef[64];
	struct run r;

	write_temp(casef, IR_HEAD IR_FU("2024-02-01", D(30), PRESENT,
	           ", \"new_lesions\": [" X("X1", "liver", 12) ", " X("X2", "liver", 13) ", " X("X3", "liver", 14) ", "
	           X("X4", "lung", 15) ", " X("X5", "lung", 16) ", " X("X6", "bone", 17) ", " X("X7", "kidney", 18) "]")
	           IR_TAIL);
	const char *argv[] = { "recist", "evaluate", "--format", "json", "--criteria", "irecist", casef, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "\"new_targets\":5,\"new_target_sum_mm\":73.0,"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "new lesion X3 (14.0 mm): unequivocal; a new non-target lesion: 2 new target "
	                                 "lesions in its organ already (at most 2)"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "new lesion X7 (18.0 mm): unequivocal; a new non-target lesion: 5 new target "
	                                 "lesions already (at most 5)"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "new lesion X6 (17.0 mm): unequivocal; a new target lesion (4 before it)"),
	                   "%s", r.out);
	run_free(&r);
	unlink(casef);
}
