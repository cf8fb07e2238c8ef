/*
 * test_history_csv.c - the CSV reader of response histories
 * (src/input/history_csv.c): which subjects reach the caller, and the code and
 * position of every error.
 *
 * SPDX-License-Identifier: MIT
 *
 * Tables are written inline; their length is taken with sizeof, so that
 * they may hold NUL bytes.  Expected columns are counted by hand in the
 * comments (characters, from 1).
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/case.h"

#define HEADER "case_id,treatment_start,date,overall\n"

/* ---- What the reader passes on: diagnostics and histories ------------- */

struct captured {
	char     code[40];
	unsigned line, col;
	char     msg[1024];
};

struct subject {
	char            id[64];
	size_t          n_assessments;
	bool            target_disease;
	char            date[4][11];     /* of the first assessments */
	recist_response overall[4];
};

static struct {
	size_t          n_diags, n_subjects;
	struct captured d[16];
	struct subject  s[16];
} got;

static void capture_fn(void *ctx, const recist_diag *d)
{
	struct captured *k;

	(void)ctx;
	if (got.n_diags == ARRAY_SIZE(got.d))
		return;
	k = &got.d[got.n_diags++];
	snprintf(k->code, sizeof k->code, "%s", d->code);
	k->line = d->line;
	k->col = d->column;
	snprintf(k->msg, sizeof k->msg, "%s", d->message);
}

static int on_history(void *ctx, const recist_case *h)
{
	struct subject *s;

	(void)ctx;
	cr_assert_lt(got.n_subjects, ARRAY_SIZE(got.s));
	s = &got.s[got.n_subjects++];
	snprintf(s->id, sizeof s->id, "%s", h->case_id);
	s->n_assessments = h->n_assessments;
	s->target_disease = h->target_disease;
	for (size_t i = 0; i < h->n_assessments && i < ARRAY_SIZE(s->date); i++) {
		snprintf(s->date[i], sizeof s->date[i], "%s", h->assessments[i].date_str);
		s->overall[i] = h->assessments[i].overall;
	}
	return 0;
}

static int parse(const char *text, size_t len)
{
	recist_diag_sink sink = { capture_fn, NULL };

	memset(&got, 0, sizeof got);
	return recist_history_parse_csv(text, len, "h.csv", on_history, NULL, &sink);
}

/* A table written as a string literal, NUL bytes included. */
#define PARSE(lit) parse((lit), sizeof(lit) - 1)

/* Diagnostic i is code at line:col, and its message holds 'words'. */
static void expect_diag(size_t i, const char *code, unsigned line, unsigned col, const char *words)
{
	cr_assert_gt(got.n_diags, i, "no diagnostic %zu", i);
	cr_expect_str_eq(got.d[i].code, code, "diagnostic %zu: %s", i, got.d[i].msg);
	cr_expect_eq(got.d[i].line, line, "diagnostic %zu at line %u, expected %u: %s", i, got.d[i].line, line,
	             got.d[i].msg);
	cr_expect_eq(got.d[i].col, col, "diagnostic %zu at column %u, expected %u: %s", i, got.d[i].col, col,
	             got.d[i].msg);
	cr_expect(strstr(got.d[i].msg, words) != NULL, "diagnostic %zu: '%s' lacks '%s'", i, got.d[i].msg, words);
}

TestSuite(history_csv);

/* ---- Text: UTF-8 without NUL, checked where it is read ---------------- */

Test(history_csv, refuses_a_nul_byte_so_ids_that_differ_after_it_are_not_merged)
{
	/* Read up to the NUL, C1<NUL>X and C1<NUL>Y were one subject whose two CRs confirmed each other. */
	cr_assert_eq(PARSE(HEADER "C1\0X,2024-01-01,2024-02-01,CR\n"
	                          "C1\0Y,2024-01-01,2024-03-01,CR\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	cr_assert_eq(got.n_diags, 1);
	expect_diag(0, "CASE_BAD_TEXT", 2, 3, "a NUL byte in column 'case_id'");
}

Test(history_csv, refuses_bytes_that_are_not_utf8_naming_the_column)
{
	/* site,case_id: "Lyon" is 4 characters, "é" one: the 0xff is at column 8. */
	cr_assert_eq(PARSE("site," HEADER "Lyon,C\xc3\xa9\xff,2024-01-01,2024-02-01,CR\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_BAD_TEXT", 2, 8, "byte 0xff in column 'case_id' is not UTF-8");
	/* Overlong forms and surrogates are not UTF-8 either, in a column not read too. */
	cr_assert_eq(PARSE("note," HEADER "\xc0\xaf,C1,2024-01-01,2024-02-01,CR\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_BAD_TEXT", 2, 1, "byte 0xc0 in column 'note'");
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,CR\xed\xa0\x80\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_BAD_TEXT", 2, 28, "byte 0xed in column 'overall'");
	cr_expect_eq(got.n_subjects, 0);
}

Test(history_csv, refuses_a_nul_byte_in_the_header)
{
	cr_assert_eq(PARSE("case_id,treat\0ment_start,date,overall\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_BAD_TEXT", 1, 14, "a NUL byte in the header");
}

Test(history_csv, names_a_utf16_file)
{
	cr_assert_eq(PARSE("\xff\xfe" "c\0a\0"), RECIST_EINVALID);
	expect_diag(0, "CASE_BAD_TEXT", 1, 1, "UTF-16");
}

Test(history_csv, counts_columns_in_characters)
{
	/* "Zoë" is 3 characters in 4 bytes: the bad date starts at column 16, not 17. */
	cr_assert_eq(PARSE(HEADER "Zo\xc3\xab,2024-01-01,2024-13-01,CR\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_BAD_DATE", 2, 16, "date '2024-13-01'");
}

/* ---- Quoting (RFC 4180) ------------------------------------------------ */

Test(history_csv, refuses_an_unclosed_quote_at_the_quote_and_scores_no_subject)
{
	/* It would swallow C2's row, and any later row of C1. */
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,PR\n"
	                          "C1,2024-01-01,2024-03-01,\"PR\n"
	                          "C2,2024-01-01,2024-03-01,CR\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	cr_assert_eq(got.n_diags, 1);
	expect_diag(0, "CASE_CSV_SYNTAX", 3, 26, "the quote that opens column 'overall' is not closed");
}

Test(history_csv, refuses_text_after_a_closing_quote)
{
	/* "PR"garbage: the g is at column 30. */
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,\"PR\"garbage\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	expect_diag(0, "CASE_CSV_SYNTAX", 2, 30, "text after the closing quote in column 'overall'");
}

Test(history_csv, refuses_a_quote_inside_an_unquoted_field)
{
	cr_assert_eq(PARSE(HEADER "C\"1,2024-01-01,2024-02-01,PR\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_CSV_SYNTAX", 2, 2, "quote inside the unquoted column 'case_id'");
}

Test(history_csv, undoes_doubled_quotes_and_keeps_commas_and_line_breaks_inside_quotes)
{
	cr_assert_eq(PARSE("note," HEADER "\"a, b\nc \"\"d\"\"\",\"C\"\"1\",2024-01-01,2024-02-01,PR\n"), 0);
	cr_assert_eq(got.n_subjects, 1);
	cr_expect_str_eq(got.s[0].id, "C\"1");
	cr_expect_eq(got.n_diags, 0);
}

Test(history_csv, counts_the_line_breaks_inside_quoted_fields)
{
	/* The note of line 2 runs over lines 2-4: C2's bad response is on line 5, not line 3. */
	cr_assert_eq(PARSE("note," HEADER "\"a\nb\r\nc\",C1,2024-01-01,2024-02-01,PR\n"
	                                  ",C2,2024-01-01,2024-02-01,XX\n"), RECIST_EINVALID);
	cr_assert_eq(got.n_diags, 1);
	expect_diag(0, "CASE_BAD_VALUE", 5, 27, "overall 'XX'");
	/* C1 was read and scored; only C2 was skipped. */
	cr_assert_eq(got.n_subjects, 1);
	cr_expect_str_eq(got.s[0].id, "C1");
}

/* ---- Lines ------------------------------------------------------------- */

Test(history_csv, reads_a_byte_order_mark_and_cr_lf_and_skips_empty_rows)
{
	cr_assert_eq(PARSE("\xef\xbb\xbf\r\n"
	                   "case_id,treatment_start,date,overall\r\n"
	                   "\r\n"
	                   ",,,\r\n"
	                   " , ,\t,\r\n"
	                   "C1,2024-01-01,2024-02-01,PR\r\n"
	                   "\n"
	                   "C1,2024-01-01,2024-03-01,PR"), 0);
	cr_assert_eq(got.n_subjects, 1);
	cr_expect_eq(got.s[0].n_assessments, 2);
	cr_expect_eq(got.n_diags, 0);
}

Test(history_csv, refuses_a_carriage_return_without_a_line_feed)
{
	/* Lines ended with CR alone are one line: refused, not read as one row. */
	cr_assert_eq(PARSE("case_id,treatment_start,date,overall\rC1,2024-01-01,2024-02-01,PR\r"), RECIST_EINVALID);
	expect_diag(0, "CASE_CSV_SYNTAX", 1, 37, "carriage return without a line feed");
}

Test(history_csv, refuses_rows_out_of_line_with_the_header_and_reports_each)
{
	/* Too few: at the end of the row; too many: at the first field too many. */
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01\n"
	                          "C1,2024-01-01,2024-03-01,PR\n"
	                          "C2,2024-01-01,2024-02-01,PR,x\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	cr_assert_eq(got.n_diags, 2);
	expect_diag(0, "CASE_CSV_SYNTAX", 2, 25, "row has 3 fields, the header 4");
	expect_diag(1, "CASE_CSV_SYNTAX", 4, 29, "row has 5 fields, the header 4");
}

Test(history_csv, refuses_a_line_of_one_field)
{
	/* Not blank (an x), so a row: it ends at column 3. */
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,PR\n x\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_CSV_SYNTAX", 3, 3, "row has 1 field, the header 4");
	cr_expect_eq(got.n_subjects, 0);
}

/* ---- Rows without a sure subject: nothing of the file is scored -------- */

Test(history_csv, refuses_an_empty_case_id_since_its_subject_would_lose_the_row)
{
	/* A spreadsheet's "fill down" layout: C1's PD is on a row without its id. */
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,PR\n"
	                          ",2024-01-01,2024-03-01,PD\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	expect_diag(0, "CASE_BAD_VALUE", 3, 1, "empty case_id");
}

Test(history_csv, refuses_a_case_id_padded_with_white_space)
{
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,PR\n"
	                          "\"C1 \",2024-01-01,2024-03-01,PD\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	expect_diag(0, "CASE_BAD_VALUE", 3, 1, "case_id 'C1 ' begins or ends with white space");
}

/* ---- The header -------------------------------------------------------- */

Test(history_csv, refuses_a_column_named_twice)
{
	/* Two overall columns: the last one won. */
	cr_assert_eq(PARSE("case_id,treatment_start,date,overall,overall\nC1,2024-01-01,2024-02-01,PR,CR\n"),
	             RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	expect_diag(0, "CASE_DUPLICATE_KEY", 1, 38, "column 'overall' is named twice (also field 4)");
	cr_assert_eq(PARSE("case_id,treatment_start,date,overall,target_disease,target_disease\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_DUPLICATE_KEY", 1, 53, "column 'target_disease'");
}

Test(history_csv, ignores_columns_it_does_not_read_even_twice_or_past_the_32nd)
{
	char text[1024] = "";
	size_t n = 0;

	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "x,");
	n += (size_t)snprintf(text + n, sizeof text - n, HEADER);
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, ",");
	snprintf(text + n, sizeof text - n, "C1,2024-01-01,2024-02-01,PR\n");
	cr_assert_eq(parse(text, strlen(text)), 0);
	cr_assert_eq(got.n_subjects, 1);
}

Test(history_csv, says_which_column_the_header_lacks)
{
	cr_assert_eq(PARSE("\ncase_id,treatment_start,Date,overall\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_MISSING_KEY", 2, 1, "column 'date'");
	cr_assert_eq(PARSE(""), RECIST_EINVALID);
	expect_diag(0, "CASE_MISSING_KEY", 1, 1, "no header");
	cr_assert_eq(PARSE("\r\n,,\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_MISSING_KEY", 1, 1, "no header");
}

/* ---- Values and subjects: only the subject is skipped ----------------- */

Test(history_csv, skips_only_the_subject_with_a_bad_value)
{
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-02-01,PR\n"
	                          "C2,2024-01-01,2024-02-01,XX\n"
	                          "C3,2024-01-01,2024-02-01,SD\n"), RECIST_EINVALID);
	cr_assert_eq(got.n_subjects, 2);
	cr_expect_str_eq(got.s[0].id, "C1");
	cr_expect_str_eq(got.s[1].id, "C3");
	expect_diag(0, "CASE_BAD_VALUE", 3, 26, "overall 'XX'");
}

/*
 * Responses and target_disease in any letter case and with white space
 * around them, and the date part of an ISO 8601 date and time, as in a case
 * document (recist-case(5), Conventions).  They used to be errors.
 */
Test(history_csv, reads_terms_in_any_case_and_the_date_of_a_date_and_time)
{
	cr_assert_eq(PARSE("case_id,treatment_start,date,overall,target_disease\n"
	                   "C1,2024-01-01T08:00,2024-02-01T10:00:00Z, pr ,TRUE\n"
	                   "C1,2024-01-01,2024-03-01T23:30-05:00,Cr,\n"
	                   "C2,2024-01-01,2024-02-01,Non-CR/Non-PD, False \n"
	                   "C2,2024-01-01,2024-03-01,sd,\n"), 0, "%s", got.d[0].msg);
	cr_expect_eq(got.n_diags, 0, "no warning either: %s", got.d[0].msg);
	cr_assert_eq(got.n_subjects, 2);
	cr_expect_str_eq(got.s[0].date[0], "2024-02-01");
	cr_expect_str_eq(got.s[0].date[1], "2024-03-01", "the date as written: the zone is not applied");
	cr_expect_eq(got.s[0].overall[0], RECIST_RESP_PR);
	cr_expect_eq(got.s[0].overall[1], RECIST_RESP_CR);
	cr_expect(got.s[0].target_disease);
	cr_expect_eq(got.s[1].overall[0], RECIST_RESP_NON_CR_NON_PD);
	cr_expect_eq(got.s[1].overall[1], RECIST_RESP_SD);
	cr_expect_not(got.s[1].target_disease);
}

/* An ambiguous date, or a response spelt otherwise, keeps its message. */
Test(history_csv, still_refuses_an_ambiguous_date_and_another_spelling)
{
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,02/01/2024,PR\n"
	                          "C2,2024-01-01,2024-02-01,Non CR/Non PD\n"
	                          "C3,2024-01-01,2024-02-01 10:00,PR\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_subjects, 0);
	expect_diag(0, "CASE_BAD_DATE", 2, 15, "date '02/01/2024' is not a date (YYYY-MM-DD)");
	expect_diag(1, "CASE_BAD_VALUE", 3, 26, "overall 'Non CR/Non PD'");
	expect_diag(2, "CASE_BAD_DATE", 4, 15, "date '2024-02-01 10:00' is not a date (YYYY-MM-DD)");
}

/* Another input of recist given as a table of histories: what it is, and what reads it (it used to lack case_id). */
Test(history_csv, says_what_another_input_of_recist_is)
{
	cr_assert_eq(PARSE("STUDYID,DOMAIN,USUBJID,RSTESTCD,RSORRES,RSDTC\n"
	                   "S1,RS,S1-001,OVRLRESP,PR,2024-02-01\n"), RECIST_EINVALID);
	cr_expect_eq(got.n_diags, 1);
	expect_diag(0, "CASE_WRONG_KIND", 1, 1, "this is a CDISC SDTM table, not a table of response histories; "
	            "recist bor reads a trial's RS calls with --sdtm PATH");
	cr_assert_eq(PARSE("# a copy of the rules\nformat: recist-rules/1\nid: mine\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_WRONG_KIND", 1, 1, "this is a rule file (recist-rules/1), not a table of response "
	            "histories; load it with --rules FILE");
	cr_assert_eq(PARSE("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  "),
	             RECIST_EINVALID);
	expect_diag(0, "CASE_WRONG_KIND", 1, 1, "CDISC SDTM table");
	cr_expect_eq(got.n_subjects, 0);
}

Test(history_csv, refuses_target_disease_true_and_false_for_one_subject)
{
	/* The last row won; now the subject is skipped, at its later row in date order. */
	cr_assert_eq(PARSE("case_id,treatment_start,date,overall,target_disease\n"
	                   "C1,2024-01-01,2024-03-01,SD,false\n"
	                   "C1,2024-01-01,2024-02-01,SD,true\n"
	                   "C2,2024-01-01,2024-02-01,SD,\n"
	                   "C2,2024-01-01,2024-03-01,SD,false\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_CONFLICT", 2, 29, "subject 'C1' has target_disease true and false (also at line 3)");
	cr_assert_eq(got.n_subjects, 1);
	cr_expect_str_eq(got.s[0].id, "C2");
	cr_expect_not(got.s[0].target_disease);
}

Test(history_csv, points_at_the_later_row_of_two_on_one_date)
{
	cr_assert_eq(PARSE(HEADER "C1,2024-01-01,2024-03-01,PR\n"
	                          "C1,2024-01-01,2024-02-01,PR\n"
	                          "C1,2024-01-01,2024-03-01,SD\n"), RECIST_EINVALID);
	expect_diag(0, "CASE_DATE_ORDER", 4, 15, "subject 'C1' has two responses on 2024-03-01 (also at line 2)");
	cr_expect_eq(got.n_subjects, 0);
}

Test(history_csv, quotes_at_most_64_characters_of_a_value_and_no_control_character)
{
	char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, HEADER "C1,2024-01-01,2024-02-01,\"\x1b[31m");

	memset(text + n, 'A', 1000);
	n += 1000;
	n += (size_t)snprintf(text + n, sizeof text - n, "\"\n");
	cr_assert_eq(parse(text, n), RECIST_EINVALID);
	cr_assert_eq(got.n_diags, 1);
	/* \x1b shown as 4 characters, then 63 more: "[31m" and 59 A's, then "...". */
	cr_expect(strstr(got.d[0].msg, "overall '\\x1b[31mAAAA") != NULL, "%s", got.d[0].msg);
	cr_expect(strstr(got.d[0].msg, "AAA...' (expected") != NULL, "%s", got.d[0].msg);
	cr_expect_lt(strlen(got.d[0].msg), 200);
}

Test(history_csv, reads_long_fields_whole)
{
	size_t big = 4 << 20, n;
	char *text = malloc(big + 256);

	cr_assert_not_null(text);
	n = (size_t)sprintf(text, "note," HEADER "\"");
	memset(text + n, 'x', big);
	n += big;
	n += (size_t)sprintf(text + n, "\",C1,2024-01-01,2024-02-01,PR\n");
	cr_expect_eq(parse(text, n), 0);
	cr_expect_eq(got.n_subjects, 1);
	free(text);
}

static int stop(void *ctx, const recist_case *h)
{
	(void)h;
	++*(int *)ctx;
	return RECIST_ENOMEM;
}

Test(history_csv, stops_at_the_first_error_of_its_caller)
{
	static const char text[] = HEADER "C1,2024-01-01,2024-02-01,PR\nC2,2024-01-01,2024-02-01,PR\n";
	int calls = 0;

	cr_expect_eq(recist_history_parse_csv(text, sizeof text - 1, "h.csv", stop, &calls, NULL), RECIST_ENOMEM);
	cr_expect_eq(calls, 1);
}
