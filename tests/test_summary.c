/*
 * test_summary.c - recist summary through the public API: result lines in,
 * rows out (CSV); the numbers against R as in test_stats.c.
 *
 * SPDX-License-Identifier: MIT
 *
 * The study cohort itself (fixtures/study) is checked through recist(1) by
 * tools/study.py in make check.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recist/recist.h"

TestSuite(summary);

static const char *const lines[] = {
	"{\"format\":\"recist-result/1\",\"case_id\":\"A1\",\"arm\":\"A\",\"overall_survival\":{\"start\":\"2024-01-01\","
	"\"end\":\"2025-01-01\",\"days\":366,\"censored\":true},\"criteria\":{\"recist1.1\":{\"name\":\"RECIST 1.1\","
	"\"best_overall\":{\"response\":\"PR\",\"date\":null},\"confirmed_best_overall\":{\"response\":\"SD\",\"date\":null},"
	"\"time_to_progression\":{\"start\":\"2024-01-01\",\"end\":\"2024-04-10\",\"days\":100,\"censored\":false}}},"
	"\"flags\":[{\"code\":\"F1\"},{\"code\":\"F1\"}],\"warnings\":[{\"code\":\"W1\"},{\"code\":\"W1\"}]}",
	"{\"format\":\"recist-result/1\",\"case_id\":\"A2\",\"arm\":\"A\",\"criteria\":{\"recist1.1\":{"
	"\"best_overall\":{\"response\":\"SD\"},\"confirmed_best_overall\":{\"response\":\"SD\"},"
	"\"time_to_progression\":{\"days\":200,\"censored\":true}}},\"flags\":[],\"warnings\":[]}",
	"{\"format\":\"recist-result/1\",\"case_id\":\"B1\",\"arm\":\"B\",\"overall_survival\":{\"days\":30,"
	"\"censored\":false},\"criteria\":{\"recist1.1\":{\"best_overall\":{\"response\":\"PD\"},"
	"\"confirmed_best_overall\":{\"response\":\"PD\"},\"time_to_progression\":{\"days\":50,\"censored\":false}},"
	"\"mrecist\":{\"not_assessed\":\"no viable diameters at baseline\"}},\"flags\":[],\"warnings\":[]}",
	"{\"format\":\"recist-error/1\",\"case_id\":\"B2\"}",
};

static void noop(void *ctx, const recist_diag *d)
{
	(void)d;
	(*(int *)ctx)++;
}

static char *summarise(const char *by, recist_format fmt, int *n_diags)
{
	recist_diag_sink sink = { noop, n_diags };
	recist_summary *s = recist_summary_new(by);
	recist_buffer b = RECIST_BUFFER_INIT;
	char *out;

	cr_assert_not_null(s);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		cr_assert_eq(recist_summary_add_json(s, lines[i], strlen(lines[i]), "r.jsonl", (unsigned)i + 1, &sink), 0,
		             "line %zu", i + 1);
	cr_assert_eq(recist_summary_write(&b, s, fmt), 0);
	out = strndup(b.ptr, b.len);
	recist_buffer_release(&b);
	recist_summary_free(s);
	return out;
}

#define EXPECT_ROW(out, row) cr_expect_not_null(strstr(out, "\n" row "\n"), "no row '%s' in\n%s", row, out)

Test(summary, counts_rates_and_tests_per_arm)
{
	int n = 0;
	char *out = summarise(NULL, RECIST_FORMAT_CSV, &n);

	cr_expect_eq(n, 0);
	EXPECT_ROW(out, "best_overall,A,recist1.1,PR,1,2,proportion,0.500000,0.012579,0.987421,");
	EXPECT_ROW(out, "confirmed_best_overall,A,recist1.1,PR,0,2,proportion,0.000000,0.000000,0.841886,");
	EXPECT_ROW(out, "dcr,A,recist1.1,CR+PR+SD,2,2,proportion,1.000000,0.158114,1.000000,");
	EXPECT_ROW(out, "not_assessed,B,mrecist,patients,1,1,,,,,");
	/* A 2/2 against B 0/1: R fisher.test(matrix(c(2, 0, 0, 1), 2))$p.value = 1/3. */
	EXPECT_ROW(out, "dcr,A vs B,recist1.1,\"Fisher exact, two-sided\",,,,,,,0.333333");
	EXPECT_ROW(out, "flag,A,,F1,1,2,proportion,0.500000,0.012579,0.987421,");
	EXPECT_ROW(out, "warning,A,,W1,2,,,,,,");
	EXPECT_ROW(out, "rejected,all groups,,error records,1,,,,,,");
	EXPECT_ROW(out, "time_to_progression,A,recist1.1,events,1,2,,,,,");
	EXPECT_ROW(out, "overall_survival,B,,events,1,1,,,,,");
	cr_expect_null(strstr(out, "overall_survival,A,,events,1"), "A1 is censored, A2 has no date");
	free(out);
}

Test(summary, one_group_and_json)
{
	static const char head[] = "{\"format\":\"recist-summary/1\",\"by\":\"none\",\"cases\":3,\"rows\":[";
	int n = 0;
	char *out = summarise("none", RECIST_FORMAT_JSON, &n);

	cr_expect_eq(strncmp(out, head, strlen(head)), 0, "%s", out);
	cr_expect_not_null(strstr(out, "{\"section\":\"best_overall\",\"group\":\"all\",\"criteria\":\"recist1.1\","
	                               "\"item\":\"PD\",\"n\":1,\"total\":3,"));
	cr_expect_null(strstr(out, "Fisher"), "one group: no test");
	free(out);
}

Test(summary, refuses_other_fields_and_other_documents)
{
	recist_diag_sink sink;
	recist_summary *s;
	int n = 0;

	cr_expect_null(recist_summary_new("site"));
	sink.fn = noop;
	sink.ctx = &n;
	s = recist_summary_new("arm");
	cr_assert_not_null(s);
	cr_expect_eq(recist_summary_add_json(s, "{\"format\":\"recist-case/1\"}", 26, "x", 1, &sink), RECIST_EINVALID);
	cr_expect_eq(recist_summary_add_json(s, "{oops", 5, "x", 2, &sink), RECIST_EPARSE);
	cr_expect_eq(n, 2, "one diagnostic each");
	recist_summary_free(s);
	recist_summary_free(NULL);
}

/* The line of out that starts with label and a blank, its runs of blanks made one. */
static char *table_line(const char *out, const char *label)
{
	size_t n = strlen(label);

	for (const char *p = out; p != NULL && *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, label, n) == 0 && p[n] == ' ') {
			size_t len = strcspn(p, "\n"), k = 0;
			char *line = malloc(len + 1);

			for (size_t i = 0; i < len; i++)
				if (p[i] != ' ' || (k > 0 && line[k - 1] != ' '))
					line[k++] = p[i];
			line[k] = '\0';
			return line;
		}
	return NULL;
}

static void expect_line(const char *out, const char *label, const char *want)
{
	char *got = table_line(out, label);

	cr_expect_not_null(got, "no line '%s' in\n%s", label, out);
	if (got != NULL)
		cr_expect_str_eq(got, want);
	free(got);
}

static void expect_width(const char *out, size_t width)
{
	for (const char *p = out; *p != '\0'; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
		cr_expect_leq(strcspn(p, "\n"), width, "a line wider than %zu columns: %.*s", width,
		              (int)strcspn(p, "\n"), p);
}

/* The text is the tables a paper prints: arms side by side, unconfirmed then confirmed. */
Test(summary, text_tables)
{
	int n = 0;
	char *out = summarise(NULL, RECIST_FORMAT_TEXT, &n);

	expect_line(out, "PR", "PR 1 (50.0 %) 0 (0.0 %) 0 (0.0 %) 0 (0.0 %)");
	expect_line(out, "SD", "SD 1 (50.0 %) 2 (100.0 %) 0 (0.0 %) 0 (0.0 %)");
	expect_line(out, "DCR (CR+PR+SD)", "DCR (CR+PR+SD) 2 (100.0 %) 2 (100.0 %) 0 (0.0 %) 0 (0.0 %)");
	/* binom.test(2, 2)$conf.int = 0.1581139 1; binom.test(0, 1): 0 0.975. */
	expect_line(out, "  95 % CI", "95 % CI 1.3 to 98.7 0.0 to 84.2 0.0 to 97.5 0.0 to 97.5");
	expect_line(out, "A vs B, Fisher's exact test, two-sided:",
	            "A vs B, Fisher's exact test, two-sided: ORR p = 1.0000, DCR p = 0.3333;");
	expect_line(out, "F1", "F1 1 (50.0 %) 1.3 to 98.7 0 (0.0 %) 0.0 to 97.5");
	expect_line(out, "W1", "W1 2 0");
	/* A's times end at 200 days: no rate at a year, as R's summary(fit, times = 365.25) has none. */
	expect_line(out, "at 1 year, %", "at 1 year, % beyond follow-up 0.0 (NA to NA)");
	cr_expect_not_null(strstr(out, "B 1 of 1 patients had nothing at baseline that mrecist reads"), "%s", out);
	cr_expect_not_null(strstr(out, "1 error record(s) of rejected cases"), "%s", out);
	expect_width(out, 100);
	free(out);
}

static int n_pairs_tested(const char *out)
{
	int n = 0;

	for (const char *p = out; (p = strstr(p, ", Fisher's exact test, two-sided:")) != NULL; p++)
		n++;
	return n;
}

/* Five arms do not fit side by side: the tables go on in blocks, every line within 100 columns. */
Test(summary, text_many_arms_in_blocks)
{
	recist_diag_sink sink = { noop, NULL };
	recist_summary *s = recist_summary_new("arm");
	recist_buffer b = RECIST_BUFFER_INIT;
	char line[512], *out;
	int n = 0;

	sink.ctx = &n;
	cr_assert_not_null(s);
	for (int i = 0; i < 5; i++) {
		snprintf(line, sizeof line, "{\"format\":\"recist-result/1\",\"case_id\":\"P%d\",\"arm\":\"Arm number %d\","
		         "\"criteria\":{\"recist1.1\":{\"best_overall\":{\"response\":\"PR\"},\"confirmed_best_overall\":"
		         "{\"response\":\"PR\"},\"time_to_progression\":{\"days\":%d,\"censored\":false}}},"
		         "\"flags\":[{\"code\":\"A_RATHER_LONG_FLAG_CODE_OF_SOME_KIND\"}],\"warnings\":[]}", i, i, 100 + i);
		cr_assert_eq(recist_summary_add_json(s, line, strlen(line), "r.jsonl", (unsigned)i + 1, &sink), 0);
	}
	cr_assert_eq(recist_summary_write(&b, s, RECIST_FORMAT_TEXT), 0);
	out = strndup(b.ptr, b.len);
	expect_width(out, 100);
	for (int i = 0; i < 5; i++) {
		snprintf(line, sizeof line, "Arm number %d (n = 1)", i);
		cr_expect_not_null(strstr(out, line), "no column of arm %d in\n%s", i, out);
	}
	/* Two arms a block of the response table: its rows come three times. */
	n = 0;
	for (const char *p = out; (p = strstr(p, "\nORR (CR+PR) ")) != NULL; p++)
		n++;
	cr_expect_eq(n, 3, "%s", out);
	cr_expect_eq(n_pairs_tested(out), 10, "every two arms of five are compared");
	recist_buffer_release(&b);
	recist_summary_free(s);
	free(out);
}

/* A rule set that answers in iRECIST's terms is counted and named in them; iCPD and PD agree. */
Test(summary, irecist_best_responses_in_its_terms)
{
	static const char *const ir[] = {
		"{\"format\":\"recist-result/1\",\"case_id\":\"P1\",\"arm\":\"A\",\"criteria\":{"
		"\"recist1.1\":{\"best_overall\":{\"response\":\"PD\"},\"confirmed_best_overall\":{\"response\":\"PD\"}},"
		"\"irecist\":{\"best_overall\":{\"response\":\"iPR\"},\"confirmed_best_overall\":{\"response\":\"iSD\"}}},"
		"\"flags\":[],\"warnings\":[]}",
		"{\"format\":\"recist-result/1\",\"case_id\":\"P2\",\"arm\":\"A\",\"criteria\":{"
		"\"recist1.1\":{\"best_overall\":{\"response\":\"PD\"},\"confirmed_best_overall\":{\"response\":\"PD\"}},"
		"\"irecist\":{\"best_overall\":{\"response\":\"iCPD\"},\"confirmed_best_overall\":{\"response\":\"iCPD\"}}},"
		"\"flags\":[],\"warnings\":[]}",
		"{\"format\":\"recist-result/1\",\"case_id\":\"P3\",\"arm\":\"A\",\"criteria\":{"
		"\"recist1.1\":{\"best_overall\":{\"response\":\"SD\"},\"confirmed_best_overall\":{\"response\":\"SD\"}},"
		"\"irecist\":{\"best_overall\":{\"response\":\"iSD\"},\"confirmed_best_overall\":{\"response\":\"iSD\"}}},"
		"\"flags\":[],\"warnings\":[]}",
	};
	recist_diag_sink sink = { noop, NULL };
	recist_summary *s = recist_summary_new("arm");
	recist_buffer b = RECIST_BUFFER_INIT;
	char *out;
	int n = 0;

	sink.ctx = &n;
	cr_assert_not_null(s);
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(recist_summary_add_json(s, ir[i], strlen(ir[i]), "r.jsonl", (unsigned)i + 1, &sink), 0);
	cr_assert_eq(recist_summary_write(&b, s, RECIST_FORMAT_CSV), 0);
	out = strndup(b.ptr, b.len);
	EXPECT_ROW(out, "best_overall,A,irecist,iPR,1,3,proportion,0.333333,0.008404,0.905701,");
	EXPECT_ROW(out, "best_overall,A,irecist,iCPD,1,3,proportion,0.333333,0.008404,0.905701,");
	EXPECT_ROW(out, "orr,A,irecist,iCR+iPR,1,3,proportion,0.333333,0.008404,0.905701,");
	EXPECT_ROW(out, "dcr_confirmed,A,irecist,iCR+iPR+iSD,2,3,proportion,0.666667,0.094299,0.991596,");
	EXPECT_ROW(out, "best_overall,A,recist1.1,PD,2,3,proportion,0.666667,0.094299,0.991596,");
	/* P1 alone: PD against iPR; iCPD is PD, iSD is SD. */
	EXPECT_ROW(out, "cross,A,recist1.1 x irecist,disagree,1,3,proportion,0.333333,0.008404,0.905701,");
	free(out);
	recist_buffer_clear(&b);
	cr_assert_eq(recist_summary_write(&b, s, RECIST_FORMAT_TEXT), 0);
	out = strndup(b.ptr, b.len);
	expect_line(out, "ORR (iCR+iPR)", "ORR (iCR+iPR) 1 (33.3 %) 0 (0.0 %)");
	expect_line(out, "iCPD", "iCPD 1 (33.3 %) 1 (33.3 %)");
	/* The labels' column fits iRECIST's longest, so the counts stay aligned. */
	cr_expect_not_null(strstr(out, "\nNON-iCR/NON-iUPD   0 (0.0 %)     0 (0.0 %)\n"), "%s", out);
	cr_expect_not_null(strstr(out, "\nDCR (iCR+iPR+iSD)  2 (66.7 %)    2 (66.7 %)\n"), "%s", out);
	/* Rows in RECIST's terms, columns in iRECIST's, counterparts on the diagonal (PR under iPR). */
	cr_expect_not_null(strstr(out, "\n                  iPR     iSD     iUPD    iCPD    total\n"
	                               "PR                0       0       0       0       0\n"
	                               "SD                0       1       0       0       1\n"
	                               "PD                1       0       0       1       2\n"
	                               "total             1       1       0       1       3\n"), "%s", out);
	expect_width(out, 100);
	free(out);
	recist_buffer_release(&b);
	recist_summary_free(s);
}
