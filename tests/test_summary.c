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
