/*
 * test_sdtm.c - CDISC SDTM tables read as cases (src/input/sdtm_*.c):
 * the trial of fixtures/sdtm/trial (its README says what each subject
 * holds and the answers, worked out by hand), small tables made here for
 * one rule each, and the same trial as SAS transport files.
 *
 * SPDX-License-Identifier: MIT
 */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/table.h"
#include "util.h"

/* The directories make_dir made in this test's process, removed when it ends. */
static char made[16][64];
static int n_made;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_made(void)
{
	for (int i = 0; i < n_made; i++)
		nftw(made[i], remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	n_made = 0;
}

TestSuite(sdtm, .fini = remove_made);

static const char trial[] = "fixtures/sdtm/trial";

/* The line of out whose case_id is id (a copy), or NULL. */
static char *case_line(const char *out, const char *id)
{
	char key[160];
	const char *p;

	snprintf(key, sizeof key, "\"case_id\": \"%s\"", id);
	if ((p = strstr(out, key)) == NULL)
		return NULL;
	while (p > out && p[-1] != '\n')
		p--;
	return strndup(p, strcspn(p, "\n"));
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A directory of its own, with files written from name/text pairs (NULL-ended). */
static void make_dir(char dir[64], ...)
{
	va_list ap;
	const char *name;

	strcpy(dir, "/tmp/recist-sdtm-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	if (n_made < (int)(sizeof made / sizeof made[0]))
		strcpy(made[n_made++], dir);
	va_start(ap, dir);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *text = va_arg(ap, const char *);
		char path[128];
		FILE *fp;
		snprintf(path, sizeof path, "%s/%s", dir, name);
		cr_assert_not_null(fp = fopen(path, "w"));
		fputs(text, fp);
		fclose(fp);
	}
	va_end(ap);
}

static void run_import(struct run *r, const char *a1, const char *a2, const char *a3)
{
	const char *argv[8] = { "recist", "import", "sdtm" };
	int n = 3;

	if (a1)
		argv[n++] = a1;
	if (a2)
		argv[n++] = a2;
	if (a3)
		argv[n++] = a3;
	argv[n] = NULL;
	cr_assert_eq(run_recist(r, argv, NULL), 0);
}

/* ---- the trial ---- */

Test(sdtm, every_subject_and_reader_is_a_case_in_usubjid_order)
{
	static const char *const ids[] = {
		"RTOOL02-001/INVESTIGATOR", "RTOOL02-002/INVESTIGATOR", "RTOOL02-002/RADIOLOGIST 1",
		"RTOOL02-002/RADIOLOGIST 2", "RTOOL02-003/INVESTIGATOR", "RTOOL02-004/INVESTIGATOR",
		"RTOOL02-005/INVESTIGATOR",
	};
	struct run r;
	const char *at;

	run_import(&r, trial, NULL, NULL);
	/* Bad rows (subjects 005 and 006) are reported; the rest is imported: exit 3. */
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 7, "%s", r.out);
	at = r.out;
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		char key[160];
		snprintf(key, sizeof key, "\"case_id\": \"%s\"", ids[i]);
		cr_assert_not_null(at = strstr(at, key), "%s missing or out of order", ids[i]);
	}
	cr_assert_null(strstr(r.out, "RTOOL02-006"), "a target without baseline measurement is not imported");
	cr_assert_null(strstr(r.out, "RTOOL02-007"), "calls without lesions are no case");
	cr_assert_not_null(strstr(r.err, "SDTM_NO_LESIONS") ? r.err : strstr(r.err, "subject RTOOL02-007"));
	run_free(&r);
}

Test(sdtm, node_takes_its_short_axis_and_the_axes_are_never_added)
{
	struct run r;
	char *line;

	run_import(&r, trial, NULL, NULL);
	cr_assert_not_null(line = case_line(r.out, "RTOOL02-001/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"T03\": {\"short_axis_mm\": 18, \"diameter_mm\": 30}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"role\": \"target\", \"nodal\": true"), "%s", line);
	/* The site's SUMDIAM is the RECIST 1.1 sum reported, for validate. */
	cr_assert_not_null(strstr(line, "\"reported\": {\"recist1.1\": {\"sum_mm\": 85}}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"treatment_start\": \"2025-01-03\""), "%s", line);
	/* The trial's identifiers, for the RS and ADaM tables written back. */
	cr_assert_not_null(strstr(line, "\"sdtm\": {\"STUDYID\": \"RTOOL02\", \"USUBJID\": \"RTOOL02-001\", "
	                                "\"EVAL\": \"INVESTIGATOR\"}"), "%s", line);
	free(line);
	run_free(&r);
}

Test(sdtm, visit_scanned_over_days_is_one_assessment_dated_by_its_first_scan)
{
	struct run r;
	char *line;

	run_import(&r, trial, NULL, NULL);
	cr_assert_not_null(line = case_line(r.out, "RTOOL02-003/INVESTIGATOR"));
	/* Baseline 02-03 and 02-04, week 6 03-17 and 03-19; week 12's partial 2025-04 yields to 04-28. */
	cr_assert_not_null(strstr(line, "{\"date\": \"2025-02-03\", \"sdtm\": {\"VISIT\": \"SCREENING\", \"VISITNUM\": \"1\"}"), "%s", line);
	cr_assert_not_null(strstr(line, "{\"date\": \"2025-03-17\", \"sdtm\": {\"VISIT\": \"WEEK 6\", \"VISITNUM\": \"2\"}"), "%s", line);
	cr_assert_not_null(strstr(line, "{\"date\": \"2025-04-28\", \"sdtm\": {\"VISIT\": \"WEEK 12\", \"VISITNUM\": \"3\"}"), "%s", line);
	cr_assert_not_null(strstr(r.err, "visit WEEK 6 was scanned from 2025-03-17 to 2025-03-19"), "%s", r.err);
	cr_assert_null(strstr(r.err, "partial date"), "a full date of the visit wins: %s", r.err);
	/* Week 18: T02 not done, a new lung lesion of 12 mm. */
	cr_assert_not_null(strstr(line, "\"T02\": {\"not_evaluated\": true}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"new_lesions\": [{\"id\": \"NEW01\", \"organ\": \"LUNG\", \"nodal\": false, "
	                                "\"diameter_mm\": 12}]"), "%s", line);
	/* The RS calls of week 6, dated 03-19, belong to the assessment that scan was part of. */
	cr_assert_not_null(strstr(line, "\"VISITNUM\": \"2\"}, \"lesions\": {\"T01\": {\"diameter_mm\": 26}, "
	                                "\"T02\": {\"diameter_mm\": 22}, \"NT01\": {\"status\": \"present\"}}, "
	                                "\"new_lesions\": [], \"reported\": {\"recist1.1\": {\"target\": \"PR\""),
	                 "%s", line);
	free(line);
	run_free(&r);
}

Test(sdtm, diameter_alone_follows_tuloc_and_too_small_is_the_rule_sets_value)
{
	struct run r;
	char *line;

	run_import(&r, trial, NULL, NULL);
	cr_assert_not_null(line = case_line(r.out, "RTOOL02-004/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"T01\": {\"diameter_mm\": 25}, \"T02\": {\"short_axis_mm\": 20}"), "%s", line);
	/* TRSTRESN holds the sponsor's 5; the case says too small, and the rule set decides its value. */
	cr_assert_not_null(strstr(line, "\"T01\": {\"too_small\": true}, \"T02\": {\"short_axis_mm\": 8}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"NT01\": {\"status\": \"absent\"}"), "%s", line);
	free(line);
	run_free(&r);
}

Test(sdtm, evaluate_scores_the_tables_directly)
{
	const char *argv[] = { "recist", "evaluate", "--sdtm", trial, "-c", "recist1.1", "-f", "csv", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 3, "bad rows of 005 and 006: %s", r.err);
	/* 001: 85 -> 59 mm is 30.6 % down, PR; the node's long axis is not in the sum. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-001/INVESTIGATOR,recist1.1,2025-02-17,59.0,85.0,"), "%s", r.out);
	/* 002, RADIOLOGIST 1: 80 -> 68 mm is 15 % down, SD; RADIOLOGIST 2: 80 -> 56 mm is exactly 30 %, PR. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 1,recist1.1,2025-03-03,68.0,80.0,-15.0,-15.0,-12.0,SD,NA,NO,SD"),
	                   "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 2,recist1.1,2025-03-03,56.0,80.0,-30.0,-30.0,-24.0,PR,NA,NO,PR"),
	                   "%s", r.out);
	/* 003 week 18: a target not done (NE) and a new lesion: PD. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-003/INVESTIGATOR,recist1.1,2025-06-09,,45.0,,,,NE,NON-CR/NON-PD,YES,PD"),
	                   "%s", r.out);
	/* 004: 5 mm for the lesion too small to measure plus an 8 mm node: 13 mm, PR, the node normal. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-004/INVESTIGATOR,recist1.1,2025-03-10,13.0,45.0,-71.11,-71.11,-32.0,PR,CR,NO,PR"),
	                   "%s", r.out);
	run_free(&r);
}

Test(sdtm, validate_finds_each_readers_wrong_calls_and_sums)
{
	const char *argv[] = { "recist", "validate", "--sdtm", trial, "-f", "csv", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 3, "%s", r.err);
	/* RADIOLOGIST 1 called PR at week 8 where the sum is 15 % down; the other readers agree. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 1,recist1.1,2025-03-03,target,PR,SD,error,"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 1,recist1.1,2025-03-03,overall,PR,SD,error,"), "%s", r.out);
	cr_assert_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 2"), "%s", r.out);
	cr_assert_null(strstr(r.out, "RTOOL02-002/INVESTIGATOR"), "%s", r.out);
	cr_assert_null(strstr(r.out, "RTOOL02-001"), "001's calls and sums agree: %s", r.out);
	/* 004's SUMDIAM of 8 leaves out the 5 mm of the lesion too small to measure. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-004/INVESTIGATOR,recist1.1,2025-03-10,sum_mm,8.0,13.0,error,"), "%s", r.out);
	run_free(&r);
}

Test(sdtm, bad_rows_are_reported_where_they_are_and_the_rest_is_imported)
{
	struct run r;
	char *line;

	run_import(&r, trial, NULL, NULL);
	cr_assert_not_null(strstr(r.err, "tr.csv:65: error: row 64, TRLNKID: result of a lesion not in TU: lesion 'T03'"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.err, "tr.csv:66: warning: row 65, TRTESTCD: not read: test 'PPD'"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "tr.csv:68: error: row 67, TRSTRESC: invalid value: 'CHECK' is not a length"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.err, "rs.csv:42: error: row 41, RSSTRESC: invalid value: OVRLRESP 'CHECK' is not "
	                              "controlled terminology"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "tu.csv:21: error: row 20, TULNKID: no baseline: target T01 is not measured "
	                              "at the baseline visit SCREENING (2025-02-10)"), "%s", r.err);
	/* 005 is still a case: T02 unmeasured at week 6, its NE call kept, the bad one left out. */
	cr_assert_not_null(line = case_line(r.out, "RTOOL02-005/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"lesions\": {\"T01\": {\"diameter_mm\": 20}}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"reported\": {\"recist1.1\": {\"target\": \"NE\"}}"), "%s", line);
	free(line);
	run_free(&r);
}

Test(sdtm, accepted_only_keeps_the_flagged_rows_and_says_what_it_left_out)
{
	struct run r;

	run_import(&r, "--accepted-only", trial, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	/* RADIOLOGIST 1 is accepted at screening and week 8, RADIOLOGIST 2 at week 16 only. */
	cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\"case_id\": \"RTOOL02-002/RADIOLOGIST 1\""), "%s", r.out);
	cr_assert_null(strstr(r.out, "2025-04-28"), "%s", r.out);
	cr_assert_not_null(strstr(r.err, "64 rows whose TRACPTFL is not Y (--accepted-only)"), "%s", r.err);
	/* Week 16 alone would make a follow-up the baseline: refused, with the visit TU names. */
	cr_assert_not_null(strstr(r.err, "lesion T01 was identified at visit SCREENING on 2025-01-06, which has no TR "
	                              "row of subject RTOOL02-002, reader RADIOLOGIST 2"), "%s", r.err);
	run_free(&r);
}

Test(sdtm, evaluator_picks_one_reader)
{
	struct run r;

	run_import(&r, "--evaluator", "Radiologist 2", trial);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\"case_id\": \"RTOOL02-002/RADIOLOGIST 2\""), "%s", r.out);
	run_free(&r);
}

/* ---- one rule at a time ---- */

static const char tu_two[] =
	"USUBJID,TULNKID,TUTESTCD,TUORRES,TULOC,VISIT,TUDTC\n"
	"S1,T01,TUMIDENT,TARGET,LIVER,BASELINE,2024-01-02\n"
	"S1,T02,TUMIDENT,TARGET,LYMPH NODE,BASELINE,2024-01-02\n";

Test(sdtm, diameter_wins_over_the_axis_codes_unless_asked)
{
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRORRES,TRORRESU,VISIT,TRDTC\n"
		"S1,T01,DIAMETER,30,mm,BASELINE,2024-01-02\n"
		"S1,T01,LDIAM,28,mm,BASELINE,2024-01-02\n"
		"S1,T02,DIAMETER,2.1,cm,BASELINE,2024-01-02\n"
		"S1,T02,LPERP,19,mm,BASELINE,2024-01-02\n"
		"S1,T02,LDIAM,35,mm,BASELINE,2024-01-02\n";
	char dir[64];
	struct run r;

	make_dir(dir, "TU.csv", tu_two, "Tr.CSV", tr, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "warning: no treatment start: no DM or ADSL table"), "said once: %s", r.err);
	/* The collected DIAMETER (the node's in cm, 2.1 cm = 21 mm); LDIAM of the node is its long axis. */
	cr_assert_not_null(strstr(r.out, "\"T01\": {\"diameter_mm\": 30}, \"T02\": {\"short_axis_mm\": 21, "
	                                 "\"diameter_mm\": 35}"), "%s", r.out);
	run_free(&r);
	run_import(&r, "--axis-codes", dir, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "\"T01\": {\"diameter_mm\": 28}, \"T02\": {\"short_axis_mm\": 19, "
	                                 "\"diameter_mm\": 35}"), "%s", r.out);
	run_free(&r);
}

Test(sdtm, visit_number_on_two_dates_is_two_assessments)
{
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRSTRESN,VISITNUM,VISIT,TRDTC\n"
		"S1,T01,LDIAM,30,1,BASELINE,2024-01-02\n"
		"S1,T02,LPERP,20,1,BASELINE,2024-01-02\n"
		/* unscheduled visits, numbered out of date order; 99 used twice */
		"S1,T01,LDIAM,20,99,UNSCHEDULED,2024-04-01\n"
		"S1,T02,LPERP,12,99,UNSCHEDULED,2024-04-01\n"
		"S1,T01,LDIAM,25,99,UNSCHEDULED,2024-02-19\n"
		"S1,T02,LPERP,15,99,UNSCHEDULED,2024-02-19\n"
		"S1,T01,LDIAM,21,3,WEEK 8,2024-02-26\n"
		"S1,T02,LPERP,14,3,WEEK 8,2024-02-26\n";
	char dir[64];
	struct run r;
	const char *a, *b, *c;

	make_dir(dir, "tu.csv", tu_two, "tr.csv", tr, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(a = strstr(r.out, "\"date\": \"2024-02-19\""), "%s", r.out);
	cr_assert_not_null(b = strstr(r.out, "\"date\": \"2024-02-26\""), "%s", r.out);
	cr_assert_not_null(c = strstr(r.out, "\"date\": \"2024-04-01\""), "%s", r.out);
	cr_assert(a < b && b < c, "assessments in date order: %s", r.out);
	run_free(&r);
}

Test(sdtm, partial_date_alone_dates_its_visit_by_the_first_day_it_allows)
{
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRSTRESN,VISIT,TRDTC\n"
		"S1,T01,LDIAM,30,BASELINE,2024-01-02\n"
		"S1,T02,LPERP,20,BASELINE,2024-01-02\n"
		"S1,T01,LDIAM,20,WEEK 8,2024-03\n"
		"S1,T02,LPERP,12,WEEK 8,2024-03\n";
	char dir[64];
	struct run r;

	make_dir(dir, "tu.csv", tu_two, "tr.csv", tr, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "{\"date\": \"2024-03-01\", \"sdtm\": {\"VISIT\": \"WEEK 8\"}"), "%s", r.out);
	cr_assert_not_null(strstr(r.err, "tr.csv:4: warning: row 3, TRDTC: partial date: visit WEEK 8 has partial dates "
	                              "only: dated 2024-03-01"), "%s", r.err);
	run_free(&r);
}

Test(sdtm, new_lesion_progression_terms_and_rscat_pick_the_rule_set)
{
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRSTRESN,TRORRES,VISIT,TRDTC\n"
		"S1,T01,LDIAM,30,,BASELINE,2024-01-02\n"
		"S1,T02,LPERP,20,,BASELINE,2024-01-02\n"
		"S1,T01,LDIAM,28,,WEEK 8,2024-03-04\n"
		"S1,T02,LPERP,19,,WEEK 8,2024-03-04\n"
		"S1,N1,TUMSTATE,,EQUIVOCAL,WEEK 8,2024-03-04\n";
	static const char tu[] =
		"USUBJID,TULNKID,TUTESTCD,TUORRES,TULOC,VISIT,TUDTC\n"
		"S1,T01,TUMIDENT,TARGET,LIVER,BASELINE,2024-01-02\n"
		"S1,T02,TUMIDENT,TARGET,LYMPH NODE,BASELINE,2024-01-02\n"
		"S1,N1,TUMIDENT,NEW,LIVER,WEEK 8,2024-03-04\n";
	static const char rs[] =
		"USUBJID,RSTESTCD,RSCAT,RSORRES,VISIT,RSDTC\n"
		"S1,NEWLIND,RECIST 1.1,Y,WEEK 8,2024-03-04\n"
		"S1,NEWLPROG,RECIST 1.1,EQUIVOCAL,WEEK 8,2024-03-04\n"
		"S1,OVRLRESP,RECIST 1.1,SD,WEEK 8,2024-03-04\n"
		"S1,OVRLRESP,mRECIST Lencioni Liver Cancer 2010,SD,WEEK 8,2024-03-04\n"
		"S1,OVRLRESP,IRECIST,ISD,WEEK 8,2024-03-04\n"
		"S1,SYMPTDTR,RECIST 1.1,N,WEEK 8,2024-03-04\n";
	char dir[64];
	struct run r;

	make_dir(dir, "tu.csv", tu, "tr.csv", tr, "rs.csv", rs, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "\"new_lesions\": [{\"id\": \"N1\", \"organ\": \"LIVER\", \"nodal\": false, "
	                                 "\"equivocal\": true}]"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\"reported\": {\"recist1.1\": {\"new_lesions\": \"EQUIVOCAL\", \"overall\": \"SD\"}, "
	                                 "\"mrecist\": {\"overall\": \"SD\"}}"), "%s", r.out);
	cr_assert_not_null(strstr(r.err, "RSCAT 'IRECIST' names no loaded rule set"), "%s", r.err);
	run_free(&r);
}

Test(sdtm, a_table_without_a_required_column_stops_before_any_case)
{
	static const char tr[] = "USUBJID,TRTESTCD,TRSTRESN,VISIT\nS1,LDIAM,30,BASELINE\n";
	char dir[64];
	struct run r;

	make_dir(dir, "tu.csv", tu_two, "tr.csv", tr, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_str_empty(r.out);
	cr_assert_not_null(strstr(r.err, "tr.csv:1: error: required column missing: TRLNKID"), "%s", r.err);
	run_free(&r);
}

Test(sdtm, a_file_that_names_no_domain_is_refused)
{
	char dir[64], path[128];
	struct run r;

	make_dir(dir, "tumours.csv", tu_two, NULL);
	snprintf(path, sizeof path, "%s/tumours.csv", dir);
	run_import(&r, path, NULL, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "cannot tell which domain the file holds"), "%s", r.err);
	run_free(&r);
}

static void copy_file(const char *from, const char *dir, const char *name)
{
	char path[160], *t;
	size_t len;
	FILE *fp;

	cr_assert_not_null(t = read_file(from, &len));
	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_not_null(fp = fopen(path, "w"));
	cr_assert_eq(fwrite(t, 1, len, fp), len);
	fclose(fp);
	free(t);
}

/* The tables named (NULL-ended) of the study folder study, copied into dir under their names. */
static void copy_tables(const char *study, const char *dir, ...)
{
	const char *name;
	char from[160];
	va_list ap;

	va_start(ap, dir);
	while ((name = va_arg(ap, const char *)) != NULL) {
		snprintf(from, sizeof from, "%s/%s", study, name);
		copy_file(from, dir, name);
	}
	va_end(ap);
}

Test(sdtm, rows_in_any_order_give_the_same_cases)
{
	char *text, dir[64];
	size_t len;
	struct run a, b;

	cr_assert_not_null(text = read_file("fixtures/sdtm/trial/tr.csv", &len));
	/* The header, then the rows backwards. */
	char *rev = malloc(len + 2), *at = rev;
	size_t head = strcspn(text, "\n") + 1;
	memcpy(at, text, head);
	at += head;
	for (size_t end = len; end > head; ) {
		size_t start = end - 1;
		while (start > head && text[start - 1] != '\n')
			start--;
		memcpy(at, text + start, end - start);
		at += end - start;
		end = start;
	}
	*at = '\0';
	make_dir(dir, "tr.csv", rev, NULL);
	free(rev);
	free(text);
	copy_tables("fixtures/sdtm/trial", dir, "tu.csv", "rs.csv", "dm.csv", NULL);
	/* The trial is sorted by USUBJID and read in one pass; the reversed table sends the import back to
	 * two passes, after the one pass has found the disorder: the same cases, each problem said once. */
	run_import(&a, trial, NULL, NULL);
	run_import(&b, dir, NULL, NULL);
	cr_assert_str_eq(b.out, a.out);
	cr_assert_eq(b.status, a.status);
	const char *first = strstr(b.err, "result of a lesion not in TU");
	cr_assert_not_null(first, "%s", b.err);
	cr_assert_null(strstr(first + 1, "result of a lesion not in TU"), "said twice: %s", b.err);
	cr_assert_eq(count_lines(b.err), count_lines(a.err), "%s\n---\n%s", a.err, b.err);
	run_free(&a);
	run_free(&b);
}

/* ---- the trial as SAS transport files ---- */

/* A CSV table held whole: its header and cells, for table_write_xpt. */
struct held {
	char  **names;
	size_t  n_cols;
	char  **cells;  /* row by row; NULL missing */
	size_t  n_rows, cap;
};

static int hold_header(void *ctx, const char *const *names, size_t n)
{
	struct held *h = ctx;

	h->n_cols = n;
	h->names = calloc(n, sizeof *h->names);
	for (size_t i = 0; i < n; i++)
		h->names[i] = strdup(names[i]);
	return 0;
}

static int hold_row(void *ctx, const struct table_row *row)
{
	struct held *h = ctx;

	if ((h->n_rows + 1) * h->n_cols > h->cap) {
		h->cap = 2 * (h->n_rows + 1) * h->n_cols;
		h->cells = realloc(h->cells, h->cap * sizeof *h->cells);
	}
	for (size_t i = 0; i < h->n_cols; i++)
		h->cells[h->n_rows * h->n_cols + i] = i < row->n && !row->cells[i].missing ? strdup(row->cells[i].text) : NULL;
	h->n_rows++;
	return 0;
}

/* Copy fixtures/sdtm/trial/NAME.csv to DIR/NAME.xpt; the columns named in numeric are numbers. */
static void to_xpt(const char *dir, const char *name, int version)
{
	static const char *const numeric[] = { "TUSEQ", "TRSEQ", "RSSEQ", "TRSTRESN", "VISITNUM" };
	char src[96], dst[160], upper[8];
	struct held h = { 0 };
	struct table_reader rd = { &h, hold_header, hold_row, NULL, 0, false };
	struct table_error err;
	struct table_column *cols;
	size_t len;
	char *text;

	snprintf(src, sizeof src, "fixtures/sdtm/trial/%s.csv", name);
	cr_assert_not_null(text = read_file(src, &len));
	cr_assert_eq(table_read_csv(text, len, &rd, &err), 0, "%s", err.message);
	free(text);
	cols = calloc(h.n_cols, sizeof *cols);
	for (size_t c = 0; c < h.n_cols; c++) {
		cols[c].name = h.names[c];
		cols[c].label = h.names[c];
		for (size_t k = 0; k < sizeof numeric / sizeof *numeric; k++)
			cols[c].numeric |= strcmp(h.names[c], numeric[k]) == 0;
		cols[c].width = 1;
		for (size_t r = 0; r < h.n_rows; r++)
			if (h.cells[r * h.n_cols + c] && strlen(h.cells[r * h.n_cols + c]) > cols[c].width)
				cols[c].width = strlen(h.cells[r * h.n_cols + c]);
	}
	for (size_t i = 0; name[i] && i + 1 < sizeof upper; i++)
		upper[i] = (char)(name[i] - 32), upper[i + 1] = '\0';
	snprintf(dst, sizeof dst, "%s/%s.xpt", dir, name);
	cr_assert_eq(table_write_xpt(dst, version, upper, cols, h.n_cols, (const char *const *)h.cells, h.n_rows, &err), 0,
	             "%s: %s", name, err.message);
	for (size_t i = 0; i < h.n_rows * h.n_cols; i++)
		free(h.cells[i]);
	for (size_t c = 0; c < h.n_cols; c++)
		free(h.names[c]);
	free(h.cells);
	free(h.names);
	free(cols);
}

Test(sdtm, transport_files_v5_and_v8_import_as_the_csv_does)
{
	struct run csv;

	run_import(&csv, trial, NULL, NULL);
	for (int version = 5; version <= 8; version += 3) {
		static const char *const names[] = { "tu", "tr", "rs", "dm" };
		char dir[64];
		struct run xpt;

		make_dir(dir, NULL);
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			to_xpt(dir, names[i], version);
		run_import(&xpt, dir, NULL, NULL);
		cr_assert_eq(xpt.status, csv.status, "v%d: %s", version, xpt.err);
		cr_assert_str_eq(xpt.out, csv.out, "v%d", version);
		/* Rows are named by number in a transport file, which has no lines. */
		cr_assert_not_null(strstr(xpt.err, "tr.xpt: error: row 64, TRLNKID: result of a lesion not in TU"),
		                   "v%d: %s", version, xpt.err);
		run_free(&xpt);
	}
	run_free(&csv);
}

/* ---- the calls alone (RS): bor ---- */

Test(sdtm, bor_derives_each_readers_best_response_from_the_rs_calls)
{
	const char *argv[] = { "recist", "bor", "--sdtm", trial, "-f", "csv", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	/* 005's OVRLRESP of CHECK is reported; every other subject is scored. */
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "rs.csv:42: error: row 41, RSSTRESC: invalid value: OVRLRESP 'CHECK'"), "%s", r.err);
	/* RADIOLOGIST 1: PR at week 8, SD at week 16: PR unconfirmed, SD confirmed (55 days from the start). */
	cr_assert_not_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 1,recist1.1,PR,2025-03-03,SD,2025-03-03,"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL02-002/RADIOLOGIST 2,recist1.1,PR,2025-03-03,PR,2025-03-03,"), "%s", r.out);
	/* 003: PR confirmed 42 days later, then PD on 2025-06-09. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-003/INVESTIGATOR,recist1.1,PR,2025-03-19,PR,2025-03-19,2025-06-09,"),
	                   "%s", r.out);
	/* 007 has calls but no lesions; its RFXSTDTC is NA, so RFSTDTC (2025-01-27) starts the clock:
	 * SD on 2025-03-10 is 42 days on, enough to count. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-007/INVESTIGATOR,recist1.1,PR,2025-04-21,SD,2025-03-10,"), "%s", r.out);
	run_free(&r);
}

Test(sdtm, bor_with_start_names_the_column_of_the_clock)
{
	const char *argv[] = { "recist", "bor", "--sdtm", trial, "--start", "rfxstdtc", "-f", "csv", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_null(strstr(r.out, "RTOOL02-007"), "%s", r.out);
	cr_assert_not_null(strstr(r.err, "subject RTOOL02-007 has no treatment start"), "%s", r.err);
	run_free(&r);
}

/* ---- batch ---- */

Test(sdtm, batch_scores_the_tables_as_evaluate_does)
{
	const char *argv[] = { "recist", "batch", "--sdtm", trial, "-j", "2", NULL };
	const char *single[] = { "recist", "evaluate", "--sdtm", trial, "-f", "json", NULL };
	struct run b, e;

	cr_assert_eq(run_recist(&b, argv, NULL), 0);
	cr_assert_eq(b.status, 3, "rows were left out: %s", b.err);
	cr_assert_eq(count_lines(b.out), 7, "%s", b.out);
	cr_assert_eq(run_recist(&e, single, NULL), 0);
	cr_assert_str_eq(b.out, e.out);
	run_free(&b);
	run_free(&e);
}

/* ---- trial data out: RS, ADRS, ADTR ---- */

Test(sdtm, rs_written_and_read_again_gives_the_same_calls)
{
	char dir[64], rs[96];
	struct run r, v;

	make_dir(dir, NULL);
	copy_tables("fixtures/sdtm/trial", dir, "tu.csv", "tr.csv", "dm.csv", NULL);
	snprintf(rs, sizeof rs, "%s/rs.csv", dir);
	const char *argv[] = { "recist", "evaluate", "--sdtm", trial, "-c", "recist1.1", "-f", "sdtm-rs", "-o", rs, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_str_empty(r.out);
	/* 003's week 18: a target not done, a new lesion: NE, NON-CR/NON-PD, Y, UNEQUIVOCAL, PD. */
	char *text = read_file(rs, NULL);
	cr_assert_not_null(text);
	cr_assert_not_null(strstr(text, "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSTEST,RSCAT,RSORRES,RSSTRESC,RSEVAL,"
	                                "RSEVALID,VISITNUM,VISIT,RSDTC\n"), "%s", text);
	cr_assert_not_null(strstr(text, ",NEWLPROG,New Lesion Progression,RECIST 1.1,UNEQUIVOCAL,UNEQUIVOCAL,"
	                                "INVESTIGATOR,,4,WEEK 18,2025-06-09\n"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL02,RS,RTOOL02-002,"), "%s", text);
	cr_assert_not_null(strstr(text, ",OVRLRESP,Overall Response,RECIST 1.1,SD,SD,INDEPENDENT ASSESSOR,RADIOLOGIST 1,"
	                                "2,WEEK 8,2025-03-03\n"), "%s", text);
	free(text);
	/* Read back as the site's calls, every call agrees: only 004's sum (from TR) is still found. */
	const char *check[] = { "recist", "validate", "--sdtm", dir, "-c", "recist1.1", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&v, check, NULL), 0);
	cr_assert_not_null(strstr(v.out, ",sum_mm,8.0,13.0,error,"), "%s", v.out);
	cr_assert_null(strstr(v.out, ",target,"), "%s", v.out);
	cr_assert_null(strstr(v.out, ",overall,"), "%s", v.out);
	cr_assert_null(strstr(v.out, ",non_target,"), "%s", v.out);
	cr_assert_null(strstr(v.out, ",new_lesions,"), "%s", v.out);
	run_free(&r);
	run_free(&v);
}

Test(sdtm, adrs_has_ovr_per_assessment_and_bor_cbor_per_rule_set)
{
	const char *argv[] = { "recist", "evaluate", "--sdtm", trial, "-c", "recist1.1", "-f", "adrs", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert(strncmp(r.out, "STUDYID,USUBJID,PARAMCD,PARAM,PARCAT1,AVALC,AVAL,ADT,ADY,AVISIT,AVISITN,RSEVAL,"
	                         "RSEVALID\n", 80) == 0, "%s", r.out);
	/* Day 1 is the treatment start (2025-01-03): 2025-02-17 is day 46. */
	cr_assert_not_null(strstr(r.out, "RTOOL02,RTOOL02-001,OVR,Overall Response,RECIST 1.1,PR,2,2025-02-17,46,WEEK 6,2,"
	                                 "INVESTIGATOR,\n"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL02,RTOOL02-001,CBOR,Best Confirmed Overall Response,RECIST 1.1,PR,2,"
	                                 "2025-02-17,46,,,INVESTIGATOR,\n"), "%s", r.out);
	/* RADIOLOGIST 1 never reached PR: SD, confirmed or not. */
	cr_assert_not_null(strstr(r.out, "RTOOL02,RTOOL02-002,BOR,Best Overall Response (confirmation not required),"
	                                 "RECIST 1.1,SD,3,2025-03-03,56,,,INDEPENDENT ASSESSOR,RADIOLOGIST 1\n"), "%s", r.out);
	/* 003 progressed at week 18: OVR PD, AVAL 5. */
	cr_assert_not_null(strstr(r.out, "RTOOL02-003,OVR,Overall Response,RECIST 1.1,PD,5,2025-06-09,125,WEEK 18,4,"),
	                   "%s", r.out);
	run_free(&r);
}

Test(sdtm, adtr_has_the_sum_its_changes_and_the_baseline_flag)
{
	const char *argv[] = { "recist", "evaluate", "--sdtm", trial, "-c", "recist1.1", "-f", "adtr", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	/* The CDISC sample: 85 mm at baseline (ADY -1: the day before the start), 59 (-30.58 %), 47 (-44.7 %, nadir 59). */
	cr_assert_not_null(strstr(r.out, "RTOOL02,RTOOL02-001,SDIAM,Target Lesions Sum of Diameters,RECIST 1.1,85.0,85.0,,,,,,Y,"
	                                 "2025-01-02,-1,SCREENING,1,INVESTIGATOR,\n"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, ",59.0,85.0,-26.0,-30.58,85.0,-26.0,-30.58,,2025-02-17,46,WEEK 6,2,"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, ",47.0,85.0,-38.0,-44.7,59.0,-12.0,-20.33,,2025-03-31,88,WEEK 12,3,"), "%s", r.out);
	run_free(&r);
}

/* Every row of a transport file as "A|B|...\n", missing as "". */
struct flat {
	char   text[65536];
	size_t len;
};

static int flat_header(void *ctx, const char *const *names, size_t n)
{
	struct flat *f = ctx;

	for (size_t i = 0; i < n; i++)
		f->len += (size_t)snprintf(f->text + f->len, sizeof f->text - f->len, "%s%s", i ? "," : "", names[i]);
	f->len += (size_t)snprintf(f->text + f->len, sizeof f->text - f->len, "\n");
	return 0;
}

static int flat_row(void *ctx, const struct table_row *row)
{
	struct flat *f = ctx;

	for (size_t i = 0; i < row->n; i++) {
		const char *t = row->cells[i].text;
		bool quote = strchr(t, ',') != NULL;
		f->len += (size_t)snprintf(f->text + f->len, sizeof f->text - f->len, "%s%s%s%s", i ? "," : "",
		                           quote ? "\"" : "", t, quote ? "\"" : "");
	}
	f->len += (size_t)snprintf(f->text + f->len, sizeof f->text - f->len, "\n");
	return 0;
}

/* A number's ".0" dropped, as a transport file's numbers read back ("85.0" is the number 85). */
static void drop_point_zero(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (r[0] == '.' && r[1] == '0' && (r[2] == ',' || r[2] == '\n') && r > s && r[-1] >= '0' && r[-1] <= '9')
			r += 1;
		else
			*w++ = *r;
	}
	*w = '\0';
}

Test(sdtm, the_tables_as_transport_files_hold_what_the_csv_holds)
{
	static const char *const formats[] = { "sdtm-rs", "adrs", "adtr" };

	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		char dir[64], xpt[96];
		struct run c, x;
		static struct flat f;
		struct table_reader rd = { &f, flat_header, flat_row, NULL, 0, false };
		struct table_error err;

		make_dir(dir, NULL);
		snprintf(xpt, sizeof xpt, "%s/out.xpt", dir);
		const char *to_csv[] = { "recist", "evaluate", "--sdtm", trial, "-c", "recist1.1", "-f", formats[i], NULL };
		const char *to_xpt[] = { "recist", "evaluate", "--sdtm", trial, "-c", "recist1.1", "-f", formats[i], "-o", xpt, NULL };
		cr_assert_eq(run_recist(&c, to_csv, NULL), 0);
		cr_assert_eq(run_recist(&x, to_xpt, NULL), 0);
		cr_assert_eq(x.status, c.status, "%s: %s", formats[i], x.err);
		f.len = 0;
		cr_assert_eq(table_read_xpt(xpt, &rd, &err), 0, "%s: %s", formats[i], err.message);
		drop_point_zero(c.out);
		cr_assert_str_eq(f.text, c.out, "%s", formats[i]);
		run_free(&c);
		run_free(&x);
	}
}

Test(sdtm, xpt_output_needs_a_table_format)
{
	const char *argv[] = { "recist", "evaluate", "--sdtm", trial, "-o", "/tmp/recist-x.xpt", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "a .xpt output needs --format sdtm-rs, adrs or adtr"), "%s", r.err);
	run_free(&r);
}

/* ---- RS alone: the site's own consistency ---- */

static const char rs_only[] = "fixtures/sdtm/rs-only";

Test(sdtm, rs_alone_each_overall_is_checked_against_the_sites_own_calls)
{
	const char *argv[] = { "recist", "validate", "--sdtm", rs_only, "-f", "csv", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 1, "findings: %s", r.err);
	/* Week 12: PR, NON-CR/NON-PD and no new lesion make PR (Table 1), not the SD reported. */
	cr_assert_not_null(strstr(r.out, "RTOOL03-001/INVESTIGATOR,recist1.1,2024-04-01,overall,SD,PR,error,\"the site's own "
	                                 "calls (target PR, non-target NON-CR/NON-PD, new lesions NO) make PR by RECIST 1.1 "
	                                 "Table 1, not SD\""), "%s", r.out);
	/* Week 18: a new lesion makes PD whatever the rest. */
	cr_assert_not_null(strstr(r.out, "RTOOL03-001/INVESTIGATOR,recist1.1,2024-05-13,overall,PR,PD,error,"), "%s", r.out);
	/* The BESTRESP of CR against the PR its own OVRLRESP rows give. */
	cr_assert_not_null(strstr(r.out, "RTOOL03-001/INVESTIGATOR,recist1.1,,best_overall,CR,PR,error,"), "%s", r.out);
	/* 002 has no NTRGRESP: PD is possible (a non-target PD), so its PD is not wrong. */
	cr_assert_null(strstr(r.out, "RTOOL03-002"), "%s", r.out);
	/* 003's mRECIST calls agree with mRECIST's table; its RECIST 1.1 calls, checked too, do not: target SD
	 * and no new lesion make SD or PD whatever the non-target response, never PR. */
	cr_assert_null(strstr(r.out, "RTOOL03-003/INVESTIGATOR,mrecist"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL03-003/INVESTIGATOR,recist1.1,2024-03-04,overall,PR,,error,\"the site's own "
	                                 "calls (target SD, non-target not reported, new lesions NO) make SD or PD by the "
	                                 "overall table of RECIST 1.1, not PR\""), "%s", r.out);
	cr_assert_not_null(strstr(r.err, "validate: 4 cases checked, 0 could not be read; 4 findings"), "%s", r.err);
	run_free(&r);
}

Test(sdtm, rs_alone_gives_best_and_confirmed_best_per_rule_set)
{
	const char *recist[] = { "recist", "bor", "--sdtm", rs_only, "-f", "csv", NULL };
	const char *mrecist[] = { "recist", "bor", "--sdtm", rs_only, "-c", "mrecist", "-f", "csv", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, recist, NULL), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* PR, SD, PR: the SD between breaks the confirmation (accept_sd 0): confirmed best SD. */
	cr_assert_not_null(strstr(r.out, "RTOOL03-001/INVESTIGATOR,recist1.1,PR,2024-02-19,SD,2024-02-19,"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL03-002/INVESTIGATOR,recist1.1,PD,2024-02-26,PD,2024-02-26,2024-02-26,"),
	                   "%s", r.out);
	/* 003's RECIST 1.1 calls: PR once, never confirmed. */
	cr_assert_not_null(strstr(r.out, "RTOOL03-003/INVESTIGATOR,recist1.1,PR,2024-03-04,SD,2024-03-04,"), "%s", r.out);
	run_free(&r);
	cr_assert_eq(run_recist(&r, mrecist, NULL), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "RTOOL03-003/INVESTIGATOR,mrecist,CR,2024-03-04,CR,2024-03-04,"), "%s", r.out);
	cr_assert_null(strstr(r.out, "RTOOL03-001"), "%s", r.out);
	run_free(&r);
}

/* ---- what a case could not hold, said at its row ---- */

Test(sdtm, lengths_past_ten_metres_new_lesions_nowhere_and_ned_are_said_at_their_rows)
{
	static const char tu[] =
		"USUBJID,TULNKID,TUORRES,TULOC,VISIT,TUDTC\n"
		"S1,T01,TARGET,LIVER,BASELINE,2024-01-02\n"
		"S1,N1,NEW,LUNG,WEEK 99,\n";
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRORRES,TRORRESU,VISIT,TRDTC\n"
		"S1,T01,LDIAM,30,mm,BASELINE,2024-01-02\n"
		"S1,T01,LDIAM,1000.01,cm,WEEK 8,2024-03-04\n"
		"S1,T01,LDIAM,10000,mm,WEEK 16,2024-04-29\n";
	static const char rs[] =
		"USUBJID,RSTESTCD,RSCAT,RSORRES,VISIT,RSDTC\n"
		"S1,OVRLRESP,RECIST 1.1,NED,WEEK 16,2024-04-29\n";
	char dir[64];
	struct run r;

	make_dir(dir, "tu.csv", tu, "tr.csv", tr, "rs.csv", rs, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	/* 1000.01 cm is 10000.1 mm: past the 10 m a case may hold; 10000 mm itself is taken. */
	cr_assert_not_null(strstr(r.err, "tr.csv:3: error: row 2, TRORRES: invalid value: '1000.01' is not a length"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.out, "\"T01\": {\"diameter_mm\": 10000}"), "%s", r.out);
	/* A new lesion placed nowhere would hide a progression: an error, not silence. */
	cr_assert_not_null(strstr(r.err, "tu.csv:3: error: row 2, VISIT: row not usable: new lesion N1: neither its TU "
	                              "row (visit WEEK 99) nor any TR row places it"), "%s", r.err);
	/* NED is a reader's finding, not a RECIST 1.1 response: not compared, a warning. */
	cr_assert_not_null(strstr(r.err, "rs.csv:2: warning: row 1, RSORRES: not read: OVRLRESP NED (no evidence of "
	                              "disease) is not a response recist1.1 gives"), "%s", r.err);
	cr_assert_null(strstr(r.out, "\"reported\""), "%s", r.out);
	run_free(&r);
}

Test(sdtm, a_transport_file_that_cannot_be_written_leaves_the_old_one)
{
	static const char tu[] = "USUBJID,TULNKID,TUORRES,VISIT,TUDTC\nS1,T01,TARGET,BASELINE,2024-01-02\n";
	/* VISITNUM 2a is no number: AVISITN cannot hold it. */
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRSTRESN,VISITNUM,VISIT,TRDTC\n"
		"S1,T01,LDIAM,30,1,BASELINE,2024-01-02\n"
		"S1,T01,LDIAM,20,2a,WEEK 8,2024-03-04\n";
	char dir[64], xpt[96], *before, *after;
	struct run r;

	make_dir(dir, "tu.csv", tu, "tr.csv", tr, "old.xpt", "the file before", NULL);
	snprintf(xpt, sizeof xpt, "%s/old.xpt", dir);
	const char *argv[] = { "recist", "evaluate", "--sdtm", dir, "-c", "recist1.1", "-f", "adrs", "-o", xpt, NULL };
	cr_assert_not_null(before = read_file(xpt, NULL));
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 3, "a value of the data: %s", r.err);
	cr_assert_not_null(strstr(r.err, "AVISITN: '2a' is not a number"), "%s", r.err);
	cr_assert_not_null(after = read_file(xpt, NULL));
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	run_free(&r);
}

Test(sdtm, a_table_malformed_halfway_imports_nothing)
{
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRSTRESN,VISIT,TRDTC\n"
		"S1,T01,LDIAM,30,BASELINE,2024-01-02\n"
		"S1,T02,LPERP,20,BASELINE,2024-01-02\n"
		"S2,T01,LDIAM,30,BASELINE,2024-01-02\n"
		"S2,T02,LPERP,20,BASELINE,2024\"-01-02\n";
	static const char tu[] =
		"USUBJID,TULNKID,TUTESTCD,TUORRES,TULOC,VISIT,TUDTC\n"
		"S1,T01,TUMIDENT,TARGET,LIVER,BASELINE,2024-01-02\n"
		"S1,T02,TUMIDENT,TARGET,LYMPH NODE,BASELINE,2024-01-02\n"
		"S2,T01,TUMIDENT,TARGET,LIVER,BASELINE,2024-01-02\n"
		"S2,T02,TUMIDENT,TARGET,LYMPH NODE,BASELINE,2024-01-02\n";
	char dir[64];
	struct run r;

	make_dir(dir, "tu.csv", tu, "tr.csv", tr, NULL);
	run_import(&r, dir, NULL, NULL);
	/* S1 was complete before the bad row; still, a table that cannot be read leaves no subject sure. */
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_str_empty(r.out);
	cr_assert_not_null(strstr(r.err, "tr.csv:5:30: error: malformed table: malformed quoting"), "%s", r.err);
	run_free(&r);
}

/* ---- fixtures/sdtm/edges: one subject per kind of row (see its README) ---- */

Test(sdtm, edges_each_kind_of_row_reads_as_recist_sdtm_5_says)
{
	static const char edges[] = "fixtures/sdtm/edges";
	struct run r;
	char *line;

	run_import(&r, edges, NULL, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	/* E1: roles with NODAL, cm, LNSTATE, a non-target by its size alone, states, bad rows. */
	cr_assert_not_null(line = case_line(r.out, "E1/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "{\"id\": \"T1\", \"organ\": \"MEDIASTINUM\", \"role\": \"target\", \"nodal\": true}"),
	                   "%s", line);
	cr_assert_not_null(strstr(line, "\"lesions\": {\"T1\": {\"short_axis_mm\": 16}, \"T2\": {\"diameter_mm\": 30, "
	                                "\"viable_mm\": 25}, \"N1\": {\"status\": \"present\", \"short_axis_mm\": 12}, "
	                                "\"N2\": {\"status\": \"present\"}, \"N3\": {\"status\": \"present\"}}, "
	                                "\"reported\": {\"mrecist\": {\"sum_mm\": 41}}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"N1\": {\"status\": \"absent\"}, \"N2\": {\"status\": \"not_evaluated\"}, "
	                                "\"N3\": {\"status\": \"absent\"}}, \"new_lesions\": [{\"id\": \"V1\", \"organ\": "
	                                "\"LIVER\", \"nodal\": false, \"diameter_mm\": 11}]"), "%s", line);
	cr_assert_null(strstr(line, "X1"), "a lesion of no role is not used: %s", line);
	free(line);
	cr_assert_not_null(strstr(r.err, "tu.csv:7: error: row 6, TUORRES: invalid value: 'CHECK' is not a lesion role"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.err, "tu.csv:8: error: row 7, TULNKID: row not usable: lesion T2 identified twice"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.err, "tr.csv:16: error: row 15, TRORRES: invalid value: 'MAYBE' is not a tumour state"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.err, "tr.csv:17: error: row 16, TRORRESU: invalid value: unit 'IN'"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "VDIAM TOO SMALL TO MEASURE beside a measured LDIAM, without a value in "
	                              "TRSTRESN: a case cannot hold it, and T2 has no viable diameter at visit WEEK 6"),
	                   "%s", r.err);
	/* E2: TU identifies the baseline at DAY 1; the screening scan before it is not used. */
	cr_assert_not_null(line = case_line(r.out, "E2/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"treatment_start\": \"2024-01-08\", "), "RFSTDTC when RFXSTDTC is empty: %s", line);
	cr_assert_not_null(strstr(line, "\"assessments\": [{\"date\": \"2024-01-08\", \"sdtm\": {\"VISIT\": \"DAY 1\""),
	                   "%s", line);
	free(line);
	cr_assert_not_null(strstr(r.err, "visit SCREENING is before the baseline visit DAY 1"), "%s", r.err);
	/* E3: two visits on one date; E5: a row of no reader between two readers. */
	cr_assert_null(strstr(r.out, "\"E3"), "%s", r.out);
	cr_assert_not_null(strstr(r.err, "visits WEEK 6 and UNSCHEDULED are both dated 2024-02-12: subject E3"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "names no reader, while subject E5 has rows of RADIOLOGIST 1 and RADIOLOGIST 2"),
	                   "%s", r.err);
	/* E4: a repeat of the same value is one row; another value is a conflict, the first kept. */
	cr_assert_not_null(line = case_line(r.out, "E4/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"WEEK 6\", \"VISITNUM\": \"2\"}, \"lesions\": {\"T1\": {\"diameter_mm\": 25}}"),
	                   "%s", line);
	free(line);
	cr_assert_not_null(strstr(r.err, "LDIAM of T1 at visit WEEK 6 again, with another value (row 27 is used)"),
	                   "%s", r.err);
	cr_assert_not_null(strstr(r.err, "'2024/03/25' is not an ISO 8601 date"), "%s", r.err);
	/* E4 has no DM row: no treatment start, and the clock starts at the baseline scan, said. */
	cr_assert_not_null(strstr(r.err, "tu.csv:14: warning: row 13, USUBJID: no treatment start: subject E4 has no "
	                              "treatment start in DM or ADSL"), "%s", r.err);
	cr_assert_null(strstr(line = case_line(r.out, "E4/INVESTIGATOR"), "treatment_start"), "%s", line);
	free(line);
	/* E6: NEWLPROG over NEWLIND, the first of two OVRLRESP, a call of no assessment, BESTRESP twice. */
	cr_assert_not_null(line = case_line(r.out, "E6/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"new_lesions\": [{\"id\": \"V1\", \"organ\": \"LUNG\", \"nodal\": false, "
	                                "\"equivocal\": true}], \"reported\": {\"recist1.1\": {\"new_lesions\": \"EQUIVOCAL\", "
	                                "\"overall\": \"SD\"}}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"new_lesions\": []}], \"reported_best_overall\": {\"recist1.1\": \"SD\"}"),
	                   "an ABSENT new lesion is not listed: %s", line);
	free(line);
	cr_assert_not_null(strstr(r.err, "a second OVRLRESP call at this assessment, PR (row 3 says SD)"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "OVRLRESP call of visit WEEK 30, 2024-08-05, matches no assessment"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "not a full date: '2024-01': not the treatment start"), "%s", r.err);
	/* E7: a viable diameter too small beside a whole one takes TRSTRESN; both too small: too_small. */
	cr_assert_not_null(line = case_line(r.out, "E7/INVESTIGATOR"));
	cr_assert_not_null(strstr(line, "\"T1\": {\"diameter_mm\": 12, \"viable_mm\": 5}"), "%s", line);
	cr_assert_not_null(strstr(line, "\"T1\": {\"too_small\": true}"), "%s", line);
	free(line);
	run_free(&r);
}

Test(sdtm, a_target_with_no_value_a_case_can_hold_at_baseline_is_refused_at_its_row)
{
	/* Found by fuzz_sdtm: T2's whole diameter has a bad date, and its viable one is too small without a
	 * value: the case would mark it not evaluated at baseline, which no case may; the importer says so. */
	static const char tu[] =
		"USUBJID,TULNKID,TUORRES,VISIT,TUDTC\n"
		"S1,T1,TARGET,SCREENING,2024-01-02\n"
		"S1,T2,TARGET,SCREENING,2024-01-02\n";
	static const char tr[] =
		"USUBJID,TRLNKID,TRTESTCD,TRORRES,VISIT,TRDTC\n"
		"S1,T1,LDIAM,30,SCREENING,2024-01-02\n"
		"S1,T2,LDIAM,20,SCREENING,20REENING\n"
		"S1,T2,VDIAM,TOO SMALL TO MEASURE,SCREENING,2024-01-02\n";
	char dir[64];
	struct run r;

	make_dir(dir, "tu.csv", tu, "tr.csv", tr, NULL);
	run_import(&r, dir, NULL, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_str_empty(r.out);
	cr_assert_not_null(strstr(r.err, "tu.csv:3: error: row 2, TULNKID: no baseline: target T2 is not measured at the "
	                              "baseline visit SCREENING (2024-01-02)"), "%s", r.err);
	run_free(&r);
}

/* ---- iRECIST (RSCAT iRECIST; fixtures/sdtm/irecist, its answers in fixtures/sdtm/README) ---- */

static const char irecist_study[] = "fixtures/sdtm/irecist";

/* text with every old replaced by new (text freed). */
static char *replace_all(char *text, const char *old, const char *new)
{
	char *at;
	size_t from = 0;

	while ((at = strstr(text + from, old)) != NULL) {
		size_t head = (size_t)(at - text), n = strlen(text) - strlen(old) + strlen(new) + 1;
		char *edited = malloc(n);
		cr_assert_not_null(edited);
		snprintf(edited, n, "%.*s%s%s", (int)head, text, new, at + strlen(old));
		free(text);
		text = edited;
		from = head + strlen(new);
	}
	return text;
}

/*
 * A copy of the iRECIST study in a directory of its own: its RS with every
 * old of the NULL-ended (old, new) pairs replaced, and TU and TR unless
 * rs_alone.
 */
static void irecist_copy(char dir[64], bool rs_alone, ...)
{
	char *text, path[128];
	const char *old;
	va_list ap;
	FILE *fp;

	make_dir(dir, NULL);
	cr_assert_not_null(text = read_file("fixtures/sdtm/irecist/rs.csv", NULL));
	va_start(ap, rs_alone);
	while ((old = va_arg(ap, const char *)) != NULL) {
		cr_assert_not_null(strstr(text, old), "not in rs.csv: %s", old);
		text = replace_all(text, old, va_arg(ap, const char *));
	}
	va_end(ap);
	snprintf(path, sizeof path, "%s/rs.csv", dir);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	free(text);
	copy_tables("fixtures/sdtm/irecist", dir, "dm.csv", rs_alone ? NULL : "tu.csv", "tr.csv", NULL);
}

Test(sdtm, irecist_rs_rows_are_written_in_its_terms_and_read_back_as_they_were)
{
	char dir[64], rs[96];
	struct run r, v;

	make_dir(dir, NULL);
	copy_tables("fixtures/sdtm/irecist", dir, "tu.csv", "tr.csv", "dm.csv", NULL);
	snprintf(rs, sizeof rs, "%s/rs.csv", dir);
	const char *argv[] = { "recist", "evaluate", "--sdtm", irecist_study, "-c", "recist1.1,irecist", "-f", "sdtm-rs",
	                       "-o", rs, NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	char *text = read_file(rs, NULL);
	cr_assert_not_null(text);
	/* 001 week 8: 70 -> 85 mm, +21.4 % and +15 mm: target PD, written iUPD; the time point iUPD. */
	cr_assert_not_null(strstr(text, "RTOOL04-001,9,TRGRESP,Target Response,iRECIST,iUPD,iUPD,INVESTIGATOR,,2,WEEK 8,"
	                                "2025-03-03\n"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL04-001,10,NTRGRESP,Non-target Response,iRECIST,NON-iCR/NON-iUPD,"
	                                "NON-iCR/NON-iUPD,"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL04-001,11,NEWLIND,New Lesion Indicator,iRECIST,N,N,"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL04-001,12,OVRLRESP,Overall Response,iRECIST,iUPD,iUPD,"), "%s", text);
	/* Week 12: 45 mm, 35.7 % below baseline: PR, the iUPD set aside: iPR. */
	cr_assert_not_null(strstr(text, "RTOOL04-001,13,TRGRESP,Target Response,iRECIST,iPR,iPR,"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL04-001,16,OVRLRESP,Overall Response,iRECIST,iPR,iPR,"), "%s", text);
	/* 002 week 12: 91 mm, 6 mm more than at the iUPD 28 days before: iCPD; its target PD is written iUPD.
	 * RSSEQ counts on across the rule sets and subjects: RECIST 1.1's 8 rows of a subject, then iRECIST's. */
	cr_assert_not_null(strstr(text, "RTOOL04-002,29,TRGRESP,Target Response,iRECIST,iUPD,iUPD,"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL04-002,32,OVRLRESP,Overall Response,iRECIST,iCPD,iCPD,"), "%s", text);
	/* RECIST 1.1's rows keep RECIST 1.1's terms. */
	cr_assert_not_null(strstr(text, "RTOOL04-002,21,TRGRESP,Target Response,RECIST 1.1,PD,PD,"), "%s", text);
	cr_assert_not_null(strstr(text, "RTOOL04-002,22,NTRGRESP,Non-target Response,RECIST 1.1,NON-CR/NON-PD,"), "%s", text);
	free(text);
	/* Read back as the site's calls, every call of both rule sets is read and agrees. */
	const char *check[] = { "recist", "validate", "--sdtm", dir, "-c", "recist1.1,irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&v, check, NULL), 0);
	cr_assert_eq(v.status, 0, "%s%s", v.out, v.err);
	cr_assert_eq(count_lines(v.out), 1, "the header alone: %s", v.out);
	cr_assert_null(strstr(v.err, "names no loaded rule set"), "%s", v.err);
	cr_assert_null(strstr(v.err, "not controlled terminology"), "%s", v.err);
	run_free(&r);
	run_free(&v);
}

Test(sdtm, irecist_calls_of_the_site_are_compared_and_a_wrong_one_is_found_with_its_reason)
{
	const char *argv[] = { "recist", "validate", "--sdtm", irecist_study, "-c", "recist1.1,irecist", "-f", "csv", NULL };
	char dir[64];
	struct run r;

	/* The study as the site wrote it (002's week 12 TRGRESP iCPD, read as PD): nothing to find. */
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_eq(count_lines(r.out), 1, "the header alone: %s", r.out);
	cr_assert_null(strstr(r.err, ": warning:"), "every row is read: %s", r.err);
	cr_assert_null(strstr(r.err, ": error:"), "%s", r.err);
	run_free(&r);
	/* Planted: 001's week 12 OVRLRESP iSD (iPR: the reset), 002's week 12 TRGRESP iSD (91 mm is PD) and
	 * OVRLRESP iUPD (confirmed by 6 mm more 28 days later: iCPD). */
	irecist_copy(dir, false,
	             "\"RTOOL04-001\",16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iPR\",\"iPR\"",
	             "\"RTOOL04-001\",16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iSD\",\"iSD\"",
	             "\"RTOOL04-002\",13,\"TRGRESP\",\"Target Response\",\"iRECIST\",\"iCPD\",\"iCPD\"",
	             "\"RTOOL04-002\",13,\"TRGRESP\",\"Target Response\",\"iRECIST\",\"iSD\",\"iSD\"",
	             "\"RTOOL04-002\",16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iCPD\",\"iCPD\"",
	             "\"RTOOL04-002\",16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iUPD\",\"iUPD\"", NULL);
	const char *planted[] = { "recist", "validate", "--sdtm", dir, "-c", "recist1.1,irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, planted, NULL), 0);
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_eq(count_lines(r.out), 4, "three findings: %s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL04-001/INVESTIGATOR,irecist,2025-03-31,overall,iSD,iPR,error,\"the iUPD is "
	                                 "set aside, the target lesions meeting PR (the response after iUPD is driven by the "
	                                 "target lesions): iPR\""), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL04-002/INVESTIGATOR,irecist,2025-03-31,target,SD,PD,error,sum 91.0 mm is "
	                                 "21.0 mm (30.0 %) above the nadir 70.0 mm (PD needs at least 20 % and 5 mm above "
	                                 "the nadir),"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL04-002/INVESTIGATOR,irecist,2025-03-31,overall,iUPD,iCPD,error,iUPD "
	                                 "confirmed 28 days later: target sum +6.0 mm since the iUPD (iCPD needs at least "
	                                 "5 mm more),"), "%s", r.out);
	cr_assert_null(strstr(r.out, ",recist1.1,"), "RECIST 1.1's calls agree: %s", r.out);
	run_free(&r);
}

Test(sdtm, irecist_calls_alone_are_checked_by_the_overall_table_through_its_terms)
{
	char dir[64];
	struct run r;

	/* RS alone: iUPD and iCPD are the table's PD, iPR its PR, NON-iCR/NON-iUPD its NON-CR/NON-PD. */
	irecist_copy(dir, true, NULL);
	const char *argv[] = { "recist", "validate", "--sdtm", dir, "-c", "recist1.1,irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_eq(count_lines(r.out), 1, "the header alone: %s", r.out);
	run_free(&r);
	/* After an iUPD the target lesions drive the response while a non-target iUPD or a new lesion stands
	 * (Decision 21): 001's week 12 iPR beside NTRGRESP iUPD and NEWLIND Y is not refuted. */
	irecist_copy(dir, true,
	             "\"RTOOL04-001\",14,\"NTRGRESP\",\"Non-target Response\",\"iRECIST\",\"NON-iCR/NON-iUPD\","
	             "\"NON-iCR/NON-iUPD\"",
	             "\"RTOOL04-001\",14,\"NTRGRESP\",\"Non-target Response\",\"iRECIST\",\"iUPD\",\"iUPD\"",
	             "\"RTOOL04-001\",15,\"NEWLIND\",\"New Lesion Indicator\",\"iRECIST\",\"N\",\"N\"",
	             "\"RTOOL04-001\",15,\"NEWLIND\",\"New Lesion Indicator\",\"iRECIST\",\"Y\",\"Y\"", NULL);
	const char *driven[] = { "recist", "validate", "--sdtm", dir, "-c", "irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, driven, NULL), 0);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_eq(count_lines(r.out), 1, "the header alone: %s", r.out);
	run_free(&r);
	/* 001's week 12 said iSD beside target iPR: the table makes PR. */
	irecist_copy(dir, true, "\"RTOOL04-001\",16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iPR\",\"iPR\"",
	             "\"RTOOL04-001\",16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iSD\",\"iSD\"", NULL);
	const char *planted[] = { "recist", "validate", "--sdtm", dir, "-c", "irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, planted, NULL), 0);
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_not_null(strstr(r.out, "RTOOL04-001/INVESTIGATOR,irecist,2025-03-31,overall,iSD,PR,error,\"the site's own "
	                                 "calls (target PR, non-target NON-CR/NON-PD, new lesions NO) make PR by RECIST 1.1 "
	                                 "Table 1, not iSD\""), "%s", r.out);
	cr_assert_eq(count_lines(r.out), 2, "one finding: %s", r.out);
	run_free(&r);
}

Test(sdtm, bor_derives_ibor_from_the_irecist_ovrlresp_rows_whatever_the_letter_case_of_rscat)
{
	char dir[64];
	struct run r;

	/* 001: iUPD 2025-03-03, iPR 03-31: iBOR iPR, unconfirmed, so iSD (84 days from the start, 2025-01-06);
	 * no confirmed progression.  002: iUPD, then iCPD: iCPD dated at the iUPD, 56 days from the start. */
	const char *argv[] = { "recist", "bor", "--sdtm", irecist_study, "-c", "irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "RTOOL04-001/INVESTIGATOR,irecist,iPR,2025-03-31,iSD,2025-03-31,,"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL04-002/INVESTIGATOR,irecist,iCPD,2025-03-03,iCPD,2025-03-03,2025-03-03,,,56,"
	                                 "false,"), "%s", r.out);
	cr_assert_eq(count_lines(r.out), 3, "%s", r.out);
	run_free(&r);
	/* RSCAT in capitals (IRECIST) is the same category, and terms are read in any case (Decision 26). */
	irecist_copy(dir, true, "\"iRECIST\"", "\"IRECIST\"", "\"iCPD\",\"iCPD\"", "\"ICPD\",\"icpd\"", NULL);
	const char *upper[] = { "recist", "bor", "--sdtm", dir, "-c", "irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, upper, NULL), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "RTOOL04-001/INVESTIGATOR,irecist,iPR,2025-03-31,iSD,2025-03-31,,"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "RTOOL04-002/INVESTIGATOR,irecist,iCPD,2025-03-03,iCPD,2025-03-03,2025-03-03,"),
	                   "%s", r.out);
	run_free(&r);
	/* RECIST 1.1's rows of the same study give RECIST 1.1's best: PD at week 8. */
	const char *recist[] = { "recist", "bor", "--sdtm", irecist_study, "-c", "recist1.1", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, recist, NULL), 0);
	cr_assert_not_null(strstr(r.out, "RTOOL04-001/INVESTIGATOR,recist1.1,PD,2025-03-03,PD,2025-03-03,2025-03-03,"),
	                   "%s", r.out);
	run_free(&r);
}

/*
 * RS alone: a confirmed progression is final (Decision 23), so 002's iCPD
 * at week 18 stands beside targets that shrank (iPR): not a finding.  An
 * iPR beside targets that are only iSD is one: after an iUPD the targets
 * drive the response (Decision 21), and SD gives iSD.
 */
Test(sdtm, irecist_rs_alone_checks_a_response_from_its_calls_but_not_a_lasting_progression)
{
	static const char last[] = "16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iCPD\",\"iCPD\",\"INVESTIGATOR\",3,"
	                           "\"WEEK 12\",\"2025-03-31\"\n";
#define W18(seq, cd, name, v) "\"RTOOL04\",\"RS\",\"RTOOL04-002\"," #seq ",\"" cd "\",\"" name "\",\"iRECIST\",\"" v \
	"\",\"" v "\",\"INVESTIGATOR\",4,\"WEEK 18\",\"2025-05-12\"\n"
	static const char shrank[] = "16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iCPD\",\"iCPD\",\"INVESTIGATOR\",3,"
	                             "\"WEEK 12\",\"2025-03-31\"\n"
	                             W18(17, "TRGRESP", "Target Response", "iPR")
	                             W18(18, "NTRGRESP", "Non-target Response", "NON-iCR/NON-iUPD")
	                             W18(19, "NEWLIND", "New Lesion Indicator", "N")
	                             W18(20, "OVRLRESP", "Overall Response", "iCPD");
	static const char too_good[] = "16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iCPD\",\"iCPD\",\"INVESTIGATOR\",3,"
	                               "\"WEEK 12\",\"2025-03-31\"\n"
	                               W18(17, "TRGRESP", "Target Response", "iSD")
	                               W18(18, "NTRGRESP", "Non-target Response", "NON-iCR/NON-iUPD")
	                               W18(19, "NEWLIND", "New Lesion Indicator", "N")
	                               W18(20, "OVRLRESP", "Overall Response", "iPR");
#undef W18
	char dir[64];
	struct run r;

	irecist_copy(dir, true, last, shrank, NULL);
	const char *argv[] = { "recist", "validate", "--sdtm", dir, "-c", "irecist", "-f", "csv", NULL };
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_expect_eq(count_lines(r.out), 1, "the header alone: %s", r.out);
	run_free(&r);
	irecist_copy(dir, true, last, too_good, NULL);
	cr_assert_eq(run_recist(&r, argv, NULL), 0);
	cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_expect_not_null(strstr(r.out, "RTOOL04-002/INVESTIGATOR,irecist,2025-05-12,overall,iPR,SD,error,"), "%s", r.out);
	run_free(&r);
}

Test(sdtm, irecist_bestresp_is_compared_with_ibor_with_or_without_the_measurements)
{
	/* 001's iBOR is iPR (iUPD, then iPR): a BESTRESP of iCR is wrong; 002's iCPD is right. */
	static const char last[] = "16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iCPD\",\"iCPD\",\"INVESTIGATOR\",3,"
	                           "\"WEEK 12\",\"2025-03-31\"\n";
	static const char best[] = "16,\"OVRLRESP\",\"Overall Response\",\"iRECIST\",\"iCPD\",\"iCPD\",\"INVESTIGATOR\",3,"
	                           "\"WEEK 12\",\"2025-03-31\"\n"
	                           "\"RTOOL04\",\"RS\",\"RTOOL04-001\",17,\"BESTRESP\",\"Best Overall Response\",\"iRECIST\","
	                           "\"iCR\",\"iCR\",\"INVESTIGATOR\",,,\n"
	                           "\"RTOOL04\",\"RS\",\"RTOOL04-002\",17,\"BESTRESP\",\"Best Overall Response\",\"iRECIST\","
	                           "\"iCPD\",\"iCPD\",\"INVESTIGATOR\",,,\n";
	for (int rs_alone = 0; rs_alone <= 1; rs_alone++) {
		char dir[64];
		struct run r;
		irecist_copy(dir, rs_alone, last, best, NULL);
		const char *argv[] = { "recist", "validate", "--sdtm", dir, "-c", "irecist", "-f", "csv", NULL };
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
		/* No follow-up was iCR: validate says so, as for RECIST 1.1's CR. */
		cr_assert_not_null(strstr(r.out, "RTOOL04-001/INVESTIGATOR,irecist,,best_overall,iCR,iPR,error,no follow-up "
		                                 "has overall iCR; computed iPR on 2025-03-31,"), "%s", r.out);
		cr_assert_eq(count_lines(r.out), 2, "one finding (RS alone: %d): %s", rs_alone, r.out);
		run_free(&r);
	}
}
