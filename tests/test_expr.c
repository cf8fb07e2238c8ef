/*
 * test_expr.c - the condition and message language of rule files.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr.h"
#include "util.h"

static struct arena arena;
static struct diag_capture cap;

static void setup(void) { diag_capture_init(&cap); }
static void teardown(void) { arena_release(&arena); }
TestSuite(expr, .init = setup, .fini = teardown);

/* Params of the tests: pd_increase_pct = 20, pd_increase_mm = 5. */
static int param(void *ctx, const char *name, size_t len, struct ratio *out)
{
	(void)ctx;
	if (len == 15 && memcmp(name, "pd_increase_pct", 15) == 0) {
		*out = ratio_int(20);
		return 0;
	}
	if (len == 14 && memcmp(name, "pd_increase_mm", 14) == 0) {
		*out = ratio_int(5);
		return 0;
	}
	return -1;
}

static const struct expr_env env = { SCOPE_TIMEPOINT, param, NULL, NULL, NULL };

/* As if the condition stood on line 3 at column 11 of r.yaml. */
static const struct src_text at_3_11 = { { "r.yaml", 3, 11 }, NULL, 0 };
static const struct src_text nowhere = { { NULL, 0, 0 }, NULL, 0 };

static int compile(struct expr *e, const char *text)
{
	return expr_compile(e, &arena, text, strlen(text), &env, &at_3_11, 0, &cap.sink);
}

/* Quantities: sum 32.4 mm, nadir 27.0 mm, everything else 0 / false. */
static void quantities(struct value *q, int64_t sum_um, int64_t nadir_um, bool nadir_known)
{
	memset(q, 0, sizeof(struct value) * QT__COUNT);
	for (int i = 0; i < QT__COUNT; i++) {
		q[i].t = V_NUM;
		q[i].r = ratio_int(0);
	}
	q[QT_had_overall_cr].t = V_BOOL;
	q[QT_sum_mm].r = ratio_from_um(sum_um);
	q[QT_nadir_mm].r = ratio_from_um(nadir_um);
	if (!nadir_known)
		q[QT_nadir_mm].t = V_NULL;
}

static const char pd[] = "sum_mm > nadir_mm and sum_mm - nadir_mm >= pd_increase_mm "
                         "and (sum_mm - nadir_mm) * 100 >= nadir_mm * pd_increase_pct";

Test(expr, decides_pd_at_exactly_plus_20_pct_and_5_4_mm)
{
	struct expr e;
	struct value q[QT__COUNT], v;

	cr_assert_eq(compile(&e, pd), 0, "%s", cap.first_message);
	cr_expect_eq(e.type, V_BOOL);
	quantities(q, 32400, 27000, true);
	cr_assert_eq(expr_eval(&e, q, &v), 0);
	cr_expect(v.t == V_BOOL && v.b, "27.0 -> 32.4 must be PD");
	quantities(q, 32399, 27000, true);
	cr_assert_eq(expr_eval(&e, q, &v), 0);
	cr_expect(v.t == V_BOOL && !v.b, "27.0 -> 32.399 must not be PD");
}

Test(expr, unknown_values_make_a_condition_unknown_not_false)
{
	struct expr e;
	struct value q[QT__COUNT], v;

	cr_assert_eq(compile(&e, "not (sum_mm > nadir_mm)"), 0);
	quantities(q, 32400, 0, false);
	cr_assert_eq(expr_eval(&e, q, &v), 0);
	cr_expect_eq(v.t, V_NULL, "'not unknown' must stay unknown so that no rule fires on it");
}

Test(expr, kleene_logic_false_and_unknown_is_false_true_or_unknown_is_true)
{
	struct expr a, o;
	struct value q[QT__COUNT], v;

	cr_assert_eq(compile(&a, "false and nadir_mm > 0"), 0);
	cr_assert_eq(compile(&o, "true or nadir_mm > 0"), 0);
	quantities(q, 0, 0, false);
	cr_assert_eq(expr_eval(&a, q, &v), 0);
	cr_expect(v.t == V_BOOL && !v.b);
	cr_assert_eq(expr_eval(&o, q, &v), 0);
	cr_expect(v.t == V_BOOL && v.b);
}

/*
 * "quantity OP constant" is compiled into one instruction: it must decide
 * as the three-instruction form does ("nadir_mm + 0 OP 27" is not fused),
 * at, below and above the constant and on an unknown value.
 */
Test(expr, quantity_compared_with_a_constant_decides_as_the_general_form)
{
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
	static const int64_t nadirs[] = { 26999, 27000, 27001, -1 };
	struct value q[QT__COUNT];

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		char fused[64], general[64];
		struct expr f, g;
		snprintf(fused, sizeof fused, "nadir_mm %s 27", ops[i]);
		snprintf(general, sizeof general, "nadir_mm + 0 %s 27", ops[i]);
		cr_assert_eq(compile(&f, fused), 0);
		cr_assert_eq(compile(&g, general), 0);
		cr_expect_lt(f.n, g.n, "%s is not fused", fused);
		for (size_t k = 0; k < sizeof nadirs / sizeof nadirs[0]; k++) {
			struct value vf, vg;
			int64_t um = nadirs[k];
			quantities(q, 0, um < 0 ? 0 : um, um >= 0);
			cr_assert_eq(expr_eval(&f, q, &vf), 0);
			cr_assert_eq(expr_eval(&g, q, &vg), 0);
			cr_expect_eq(vf.t, vg.t, "%s at %lld um", fused, (long long)um);
			if (um < 0) {
				cr_expect_eq(vf.t, V_NULL, "%s on an unknown value", fused);
				continue;
			}
			int c = um < 27000 ? -1 : um > 27000;
			bool want = i == 0 ? c < 0 : i == 1 ? c <= 0 : i == 2 ? c > 0 : i == 3 ? c >= 0 : i == 4 ? c == 0 : c != 0;
			cr_expect(vf.t == V_BOOL && vf.b == want, "%s at %lld um", fused, (long long)um);
			cr_expect(vg.t == V_BOOL && vg.b == want, "%s at %lld um", general, (long long)um);
		}
	}
}

Test(expr, percentage_of_a_zero_reference_has_no_value)
{
	struct expr e;
	struct value q[QT__COUNT], v;

	cr_assert_eq(compile(&e, "100 * (sum_mm - nadir_mm) / nadir_mm"), 0);
	quantities(q, 5000, 0, true);
	cr_assert_eq(expr_eval(&e, q, &v), 0);
	cr_expect_eq(v.t, V_NULL);
}

Test(expr, reports_unknown_names_at_their_column)
{
	struct expr e;

	cr_expect_eq(compile(&e, "sum_mm > nadr_mm"), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_UNKNOWN_NAME");
	cr_expect_eq(cap.first_line, 3);
	cr_expect_eq(cap.first_column, 11 + 9);
	cr_expect(strstr(cap.first_message, "'nadr_mm'") != NULL, "%s", cap.first_message);
	cr_expect(strstr(cap.first_message, "nadir_mm") != NULL, "the valid names are listed: %s", cap.first_message);
}

Test(expr, rejects_type_errors_at_load_time)
{
	struct expr e;

	cr_expect_eq(compile(&e, "had_overall_cr + 1 > 0"), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_BAD_EXPR");
	diag_capture_init(&cap);
	cr_expect_eq(compile(&e, "sum_mm and true"), RECIST_EINVALID);
	diag_capture_init(&cap);
	cr_expect_eq(compile(&e, "sum_mm == true"), RECIST_EINVALID);
}

Test(expr, rejects_syntax_errors)
{
	static const char *const bad[] = { "", "sum_mm >", "(sum_mm > 1", "sum_mm > 1)", "sum_mm $ 2", "1.2.3 > 0", "\"open" };
	struct expr e;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		diag_capture_init(&cap);
		cr_expect_eq(compile(&e, bad[i]), RECIST_EINVALID, "'%s' was accepted", bad[i]);
		cr_expect_eq(cap.n_errors, 1, "'%s': one error expected", bad[i]);
	}
}

Test(expr, rejects_expressions_nested_too_deeply)
{
	char text[400] = "";
	struct expr e;

	for (int i = 0; i < 60; i++)
		strcat(text, "(");
	strcat(text, "1");
	for (int i = 0; i < 60; i++)
		strcat(text, ")");
	strcat(text, " > 0");
	/* Parentheses alone do not deepen the stack; a long chain of + does. */
	cr_expect_eq(compile(&e, text), 0);
	strcpy(text, "1");
	for (int i = 0; i < 40; i++)
		strcat(text, " + (1");
	for (int i = 0; i < 40; i++)
		strcat(text, ")");
	strcat(text, " > 0");
	diag_capture_init(&cap);
	cr_expect_eq(compile(&e, text), RECIST_EINVALID);
}

Test(expr, compares_strings)
{
	struct expr e;
	struct value q[QN__COUNT], v;
	static const struct expr_env nenv = { SCOPE_NEW_LESION, param, NULL, NULL, NULL };

	cr_assert_eq(expr_compile(&e, &arena, "organ == \"liver\"", 16, &nenv, &nowhere, 0, &cap.sink), 0);
	memset(q, 0, sizeof q);
	q[QN_organ].t = V_STR;
	q[QN_organ].s = "liver";
	cr_assert_eq(expr_eval(&e, q, &v), 0);
	cr_expect(v.t == V_BOOL && v.b);
	q[QN_organ].s = "lung";
	cr_assert_eq(expr_eval(&e, q, &v), 0);
	cr_expect(v.t == V_BOOL && !v.b);
}

Test(expr, renders_messages_with_exact_numbers)
{
	struct tmpl t;
	struct value q[QT__COUNT];
	const char *text = "sum {sum_mm} mm, nadir {nadir_mm} mm, PD needs {pd_increase_pct}% ({{literal}})";
	char *s;

	cr_assert_eq(tmpl_compile(&t, &arena, text, strlen(text), &env, &nowhere, &cap.sink), 0,
	             "%s", cap.first_message);
	quantities(q, 16101, 23000, true);
	s = tmpl_render(&t, q, &arena);
	cr_assert_not_null(s);
	cr_expect_str_eq(s, "sum 16.101 mm, nadir 23.0 mm, PD needs 20% ({literal})");
}

Test(expr, reports_unclosed_holes_in_messages)
{
	struct tmpl t;

	static const struct src_text at_4_14 = { { "r.yaml", 4, 14 }, NULL, 0 };

	cr_expect_eq(tmpl_compile(&t, &arena, "sum {sum_mm", 11, &env, &at_4_14, &cap.sink), RECIST_EINVALID);
	cr_expect_eq(cap.first_column, 14 + 4);
}

Test(expr, places_errors_inside_a_folded_multi_line_condition)
{
	/* when: >-
	 *   sum_mm > 0
	 *   and nadr_mm > 0       <- line 7, column 9 */
	static const char raw[] = ">-\n      sum_mm > 0\n      and nadr_mm > 0\n";
	static const struct src_text folded = { { "r.yaml", 5, 11 }, raw, sizeof raw - 1 };
	const char *value = "sum_mm > 0 and nadr_mm > 0";
	struct expr e;

	cr_expect_eq(expr_compile(&e, &arena, value, strlen(value), &env, &folded, 0, &cap.sink), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_UNKNOWN_NAME");
	cr_expect_eq(cap.first_line, 7);
	cr_expect_eq(cap.first_column, 11);
}

Test(expr, places_errors_after_an_opening_quote)
{
	static const char raw[] = "\"sum_mm > nadr_mm\"";
	static const struct src_text quoted = { { "r.yaml", 2, 9 }, raw, sizeof raw - 1 };
	struct expr e;

	cr_expect_eq(expr_compile(&e, &arena, "sum_mm > nadr_mm", 16, &env, &quoted, 0, &cap.sink), RECIST_EINVALID);
	cr_expect_eq(cap.first_line, 2);
	cr_expect_eq(cap.first_column, 9 + 1 + 9);
}

/*
 * 'and' and 'or' skip their right side when the left decides; the answers
 * must be those of three-valued logic in every combination, an unknown
 * left side included (it decides nothing).
 */
Test(expr, short_circuits_give_the_three_valued_answers)
{
	static const struct { const char *text; enum vtype t; bool b; } cases[] = {
		{ "false and nadir_mm > 0", V_BOOL, false },
		{ "nadir_mm > 0 and false", V_BOOL, false },
		{ "nadir_mm > 0 and true", V_NULL, false },
		{ "true and nadir_mm > 0", V_NULL, false },
		{ "true or nadir_mm > 0", V_BOOL, true },
		{ "nadir_mm > 0 or true", V_BOOL, true },
		{ "nadir_mm > 0 or false", V_NULL, false },
		{ "false or false or true and true", V_BOOL, true },
		{ "true and false or nadir_mm > 0", V_NULL, false },
		{ "(false and true) or (true and true) and not false", V_BOOL, true },
		{ "sum_mm > 1 and sum_mm > 2 and sum_mm > 3 and sum_mm > 4", V_BOOL, true },
		{ "sum_mm > 1 and sum_mm > 50 and sum_mm > 3", V_BOOL, false },
	};
	struct value q[QT__COUNT], v;
	struct expr e;

	quantities(q, 32400, 0, false);  /* sum 32.4 mm; the nadir has no value */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(compile(&e, cases[i].text), 0, "%s: %s", cases[i].text, cap.first_message);
		cr_assert_eq(expr_eval(&e, q, &v), 0);
		cr_expect_eq(v.t, cases[i].t, "%s: type %d", cases[i].text, v.t);
		if (v.t == V_BOOL)
			cr_expect_eq(v.b, cases[i].b, "%s", cases[i].text);
	}
}

/*
 * Nesting (issue 11): every '(', 'not' and unary '-' open at once counts,
 * and the one past EXPR_MAX_NESTING is refused at its own column, long
 * before the parser's recursion could exhaust the stack.  text is written
 * with 'open' repeated n times around 'inner'.
 */
static char *nested(const char *open, int n, const char *inner, const char *close)
{
	size_t lo = strlen(open), li = strlen(inner), lc = strlen(close);
	char *s = malloc((size_t)n * (lo + lc) + li + 1), *p = s;

	cr_assert_not_null(s);
	for (int i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, inner, li);
	p += li;
	for (int i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void expect_too_deep(const char *text, unsigned column)
{
	struct expr e;

	diag_capture_init(&cap);
	cr_expect_eq(compile(&e, text), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_TOO_LARGE");
	cr_expect_eq(cap.n_errors, 1);
	cr_expect_eq(cap.first_line, 3);
	cr_expect_eq(cap.first_column, column, "column %u", cap.first_column);
	cr_expect(strstr(cap.first_message, "nested more than 256 deep") != NULL, "%s", cap.first_message);
}

Test(expr, parentheses_nest_to_the_limit_and_no_further)
{
	char *at = nested("(", EXPR_MAX_NESTING, "sum_mm > 0", ")");
	char *past = nested("(", EXPR_MAX_NESTING + 1, "sum_mm > 0", ")");
	char *crash = nested("(", 100000, "sum_mm > 0", ")");   /* overflowed the stack before issue 11 */
	struct expr e;

	cr_expect_eq(compile(&e, at), 0, "%s", cap.first_message);
	expect_too_deep(past, 11 + EXPR_MAX_NESTING);
	expect_too_deep(crash, 11 + EXPR_MAX_NESTING);
	free(at);
	free(past);
	free(crash);
}

Test(expr, not_and_unary_minus_count_as_nesting)
{
	/* 255 'not' and a '(' are 256 levels, and 256 instructions: at both limits. */
	char *not_at = nested("not ", EXPR_MAX_NESTING - 1, "(sum_mm > 0)", "");
	char *not_past = nested("not ", EXPR_MAX_NESTING + 1, "true", "");
	char *not_crash = nested("not ", 1000000, "true", "");
	char *minus_at = nested("-", EXPR_MAX_NESTING - 6, "((((((sum_mm)))))) < 0", "");
	char *minus_past = nested("-", 1000000, "sum_mm < 0", "");
	struct expr e;

	cr_expect_eq(compile(&e, not_at), 0, "%s", cap.first_message);
	cr_expect_eq(e.n, EXPR_MAX_CODE);
	expect_too_deep(not_past, 11 + 4 * EXPR_MAX_NESTING);
	expect_too_deep(not_crash, 11 + 4 * EXPR_MAX_NESTING);
	diag_capture_init(&cap);
	cr_expect_eq(compile(&e, minus_at), 0, "%s", cap.first_message);
	expect_too_deep(minus_past, 11 + EXPR_MAX_NESTING);
	free(not_at);
	free(not_past);
	free(not_crash);
	free(minus_at);
	free(minus_past);
}

Test(expr, code_longer_than_the_limit_is_refused)
{
	/* 253 '-' and a three-instruction comparison: 256; one more '-' is 257. */
	char *at = nested("-", EXPR_MAX_CODE - 3, "sum_mm < 0", "");
	char *past = nested("-", EXPR_MAX_CODE - 2, "sum_mm < 0", "");
	struct expr e;

	cr_expect_eq(compile(&e, at), 0, "%s", cap.first_message);
	cr_expect_eq(e.n, EXPR_MAX_CODE);
	diag_capture_init(&cap);
	cr_expect_eq(compile(&e, past), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_TOO_LARGE");
	cr_expect(strstr(cap.first_message, "more than 256 instructions") != NULL, "%s", cap.first_message);
	free(at);
	free(past);
}

/* A message of n holes "{sum_mm}" then, if 'more', one "{nadir_mm}". */
static char *holes(int n, bool more)
{
	char *s = malloc((size_t)n * 8 + 11), *p = s;

	cr_assert_not_null(s);
	for (int i = 0; i < n; i++, p += 8)
		memcpy(p, "{sum_mm}", 8);
	strcpy(p, more ? "{nadir_mm}" : "");
	return s;
}

Test(expr, messages_hold_holes_to_the_limit_and_no_more)
{
	static const struct src_text at_4_14 = { { "r.yaml", 4, 14 }, NULL, 0 };
	char *at = holes(TMPL_MAX_HOLES, false), *past = holes(TMPL_MAX_HOLES, true);
	struct value q[QT__COUNT];
	struct tmpl t;
	char *s;

	cr_assert_eq(tmpl_compile(&t, &arena, at, strlen(at), &env, &at_4_14, &cap.sink), 0, "%s", cap.first_message);
	cr_expect_eq(t.n, TMPL_MAX_HOLES);
	quantities(q, 16101, 23000, true);
	s = tmpl_render(&t, q, &arena);
	cr_assert_not_null(s);
	cr_expect_eq(strlen(s), 6 * TMPL_MAX_HOLES, "'16.101' each time: %s", s);
	cr_expect_eq(tmpl_compile(&t, &arena, past, strlen(past), &env, &at_4_14, &cap.sink), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_TOO_LARGE");
	cr_expect_eq(cap.first_column, 14 + 8 * TMPL_MAX_HOLES, "at the extra hole's '{': %u", cap.first_column);
	cr_expect(strstr(cap.first_message, "more than 256 holes") != NULL, "%s", cap.first_message);
	free(at);
	free(past);
}

Test(expr, holes_nest_as_conditions_do)
{
	char *inner = nested("(", EXPR_MAX_NESTING + 1, "sum_mm", ")");
	char *text = malloc(strlen(inner) + 3);
	struct tmpl t;

	cr_assert_not_null(text);
	sprintf(text, "{%s}", inner);
	cr_expect_eq(tmpl_compile(&t, &arena, text, strlen(text), &env, &at_3_11, &cap.sink), RECIST_EINVALID);
	cr_expect_str_eq(cap.first_code, "RULES_TOO_LARGE");
	cr_expect_eq(cap.first_column, 11 + 1 + EXPR_MAX_NESTING);
	free(inner);
	free(text);
}

/*
 * Escaped braces are unescaped into the literal runs: a message is literal
 * runs and holes alternating, however many braces it holds (before issue
 * 11, 10^5 "}}" wrote past the end of the parts array).
 */
Test(expr, escaped_braces_join_the_literal_text_around_them)
{
	const char *text = "a}}b{{c{sum_mm}}}d{{";
	struct value q[QT__COUNT];
	struct tmpl t;
	char many[3 * 20000 + 1];

	cr_assert_eq(tmpl_compile(&t, &arena, text, strlen(text), &env, &nowhere, &cap.sink), 0, "%s", cap.first_message);
	cr_expect_eq(t.n, 3, "literal, hole, literal: %zu parts", t.n);
	quantities(q, 16101, 23000, true);
	cr_expect_str_eq(tmpl_render(&t, q, &arena), "a}b{c16.101}d{");
	for (size_t i = 0; i < 20000; i++)
		memcpy(many + 3 * i, "x}}", 3);
	many[sizeof many - 1] = '\0';
	cr_assert_eq(tmpl_compile(&t, &arena, many, strlen(many), &env, &nowhere, &cap.sink), 0);
	cr_expect_eq(t.n, 1);
	cr_expect_eq(t.parts[0].len, 2 * 20000);
	cr_expect_eq(tmpl_compile(&t, &arena, "", 0, &env, &nowhere, &cap.sink), 0);
	cr_expect_eq(t.n, 1, "an empty message is one empty run");
	cr_expect_str_eq(tmpl_render(&t, q, &arena), "");
}

/* The text of a message rendered on q, "" when it cannot be compiled. */
static const char *render(const char *text, const struct value *q)
{
	struct tmpl t;

	if (tmpl_compile(&t, &arena, text, strlen(text), &env, &at_3_11, &cap.sink) < 0)
		return "";
	return tmpl_render(&t, q, &arena);
}

/*
 * A section {[...|...]} prints its first alternative whose holes all have
 * a value and whose conditions hold, so that a message omits what a case
 * lacks instead of printing "n/a" (issue 14: "sum n/a mm is n/a% from
 * baseline n/a mm").  Outside a section a missing value is still "n/a".
 */
Test(expr, sections_print_the_first_alternative_with_every_value)
{
	struct value q[QT__COUNT];
	const char *text = "not PR: {[sum {sum_mm} mm, nadir {nadir_mm} mm|sum {sum_mm} mm, no nadir|no sum]} (end)";

	quantities(q, 16101, 23000, true);
	cr_expect_str_eq(render(text, q), "not PR: sum 16.101 mm, nadir 23.0 mm (end)");
	quantities(q, 16101, 23000, false);
	cr_expect_str_eq(render(text, q), "not PR: sum 16.101 mm, no nadir (end)");
	q[QT_sum_mm].t = V_NULL;
	cr_expect_str_eq(render(text, q), "not PR: no sum (end)");
	cr_expect_str_eq(render("a{[ b {sum_mm}]}c", q), "ac", "no alternative fits: nothing");
	cr_expect_str_eq(render("a {sum_mm} c", q), "a n/a c", "outside a section, as before");
	/* '|' and "]}" are marks only inside a section. */
	cr_expect_str_eq(render("a|b]c", q), "a|b]c");
}

/* A condition {?...} prints nothing and keeps its alternative only when true; params fold in. */
Test(expr, conditions_choose_an_alternative)
{
	struct value q[QT__COUNT];
	const char *text = "PD needs at least {pd_increase_pct} %{[{?pd_increase_mm > 0} and {pd_increase_mm} mm]} "
	                   "above the nadir{[{?had_overall_cr}, after a CR|{?not had_overall_cr}, no CR yet]}";

	quantities(q, 16101, 23000, true);
	cr_expect_str_eq(render(text, q), "PD needs at least 20 % and 5 mm above the nadir, no CR yet");
	q[QT_had_overall_cr].b = true;
	cr_expect_str_eq(render(text, q), "PD needs at least 20 % and 5 mm above the nadir, after a CR");
	cr_expect_str_eq(render("{[{?pd_increase_mm > 5}x]}y", q), "y");
	q[QT_had_overall_cr].t = V_NULL;
	cr_expect_str_eq(render("{[{?had_overall_cr}yes|unknown]}", q), "unknown", "an unknown condition is not true");
}

/* {+expr} signs a positive number: "+5.4 mm", "-5.9 mm", "0.0 mm"; a constant one too. */
Test(expr, signed_holes_show_the_sign_of_a_change)
{
	struct value q[QT__COUNT];

	quantities(q, 32400, 27000, true);
	cr_expect_str_eq(render("{+sum_mm - nadir_mm} mm", q), "+5.4 mm");
	cr_expect_str_eq(render("{+nadir_mm - sum_mm} mm", q), "-5.4 mm");
	cr_expect_str_eq(render("{+sum_mm - sum_mm} mm", q), "0.0 mm");
	cr_expect_str_eq(render("{+pd_increase_pct} %, {pd_increase_pct} %", q), "+20 %, 20 %");
}

/* Sections are checked where the rule file is loaded, with the place of the fault. */
Test(expr, bad_sections_are_refused_with_their_place)
{
	static const struct { const char *text, *message; unsigned column; } bad[] = {
		{ "a {[b", "invalid expression: a section '{[' is not closed with ']}' in message", 11 + 5 },
		{ "{[a {[b]} c]}", "invalid expression: a section '{[' inside a section (sections do not nest)", 11 + 4 },
		{ "a {?sum_mm > 0} b", "invalid expression: a condition '{?' is only for a section '{[...]}'", 11 + 2 },
		{ "{[{?sum_mm} b]}", "invalid expression: a condition '{?...}' must be true or false", 11 + 4 },
		{ "{[a } b]}", "invalid expression: '}' without '{' in message (write '}}' for a brace)", 11 + 4 },
	};
	struct tmpl t;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		diag_capture_init(&cap);
		cr_expect_eq(tmpl_compile(&t, &arena, bad[i].text, strlen(bad[i].text), &env, &at_3_11, &cap.sink),
		             RECIST_EINVALID, "%s", bad[i].text);
		cr_expect_str_eq(cap.first_message, bad[i].message, "%s: %s", bad[i].text, cap.first_message);
		cr_expect_eq(cap.first_column, bad[i].column, "%s: column %u, not %u", bad[i].text, cap.first_column, bad[i].column);
	}
}
