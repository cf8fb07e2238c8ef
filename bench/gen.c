/*
 * gen.c - write N paper-shaped cases as JSON Lines for `make bench`: about
 * five liver foci summing near 49.9 mm at baseline (Stukalova et al. 2024),
 * 4 to 6 assessments, whole and viable diameters and non-target enhancement
 * so that both RECIST 1.1 and mRECIST have work, now and then a new lesion.
 * Deterministic (a fixed xorshift seed): the same N gives the same file.
 *
 * usage: gen N > cases.jsonl
 *        gen --huge-case N > case.json       one case of N targets at 3 assessments
 *        gen --huge-history N > history.csv  N rows of response history, 10 per subject
 *        gen --sdtm N DIR                    a trial of N subjects as SDTM CSV: DIR/tu.csv,
 *                                            tr.csv, rs.csv and dm.csv, as the CDISC examples lay them out
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15u;

static double uniform(double lo, double hi)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return lo + (hi - lo) * (double)(state >> 11) / 9007199254740992.0;
}

/* One case of n targets, each measured at three assessments, with n new lesions at the last. */
static void huge_case(long n)
{
	static const char *const dates[] = { "2024-01-08", "2024-03-04", "2024-04-29" };

	printf("{\"case_id\":\"huge\",\"treatment_start\":\"2024-01-10\",\"lesions\":[");
	for (long t = 0; t < n; t++)
		printf("%s{\"id\":\"T%ld\",\"organ\":\"organ %ld\",\"role\":\"target\"}", t ? "," : "", t, t % 97);
	printf("],\"assessments\":[");
	for (int v = 0; v < 3; v++) {
		printf("%s{\"date\":\"%s\",\"lesions\":{", v ? "," : "", dates[v]);
		for (long t = 0; t < n; t++)
			printf("%s\"T%ld\":{\"diameter_mm\":%.1f,\"viable_mm\":%.1f}", t ? "," : "", t, uniform(10, 30),
			       uniform(0, 10));
		printf("}");
		if (v == 2) {
			printf(",\"new_lesions\":[");
			for (long k = 0; k < n; k++)
				printf("%s{\"id\":\"X%ld\",\"organ\":\"lung\",\"diameter_mm\":%.1f}", k ? "," : "", k,
				       uniform(6, 15));
			printf("]");
		}
		printf("}");
	}
	printf("]}\n");
}

/* n rows of a CSV response history (recist bor), ten dated responses per subject. */
static void huge_history(long n)
{
	static const char *const resp[] = { "SD", "PR", "PR", "CR", "SD", "PD", "NE" };

	printf("case_id,treatment_start,date,overall\n");
	for (long i = 0; i < n; i++)
		printf("S%07ld,1999-12-01,%04ld-%02ld-15,%s\n", i / 10, 2000 + (i % 10), 1 + (i % 10),
		       resp[(int)uniform(0, 6.99)]);
}

/*
 * A trial of n subjects in SDTM, each with about five liver targets and a
 * non-target measured at a screening visit and four follow-ups (LDIAM,
 * SUMDIAM and TUMSTATE rows in TR), the investigator's calls in RS and the
 * treatment start in DM: the shape `recist import sdtm` reads.
 */
static int sdtm_trial(long n, const char *dir)
{
	static const char *const visits[] = { "SCREENING", "WEEK 6", "WEEK 12", "WEEK 18", "WEEK 24" };
	static const char *const dates[] = { "2024-01-08", "2024-02-19", "2024-04-01", "2024-05-13", "2024-06-24" };
	FILE *tu, *tr, *rs, *dm;
	char path[4096];

	snprintf(path, sizeof path, "%s/tu.csv", dir);
	tu = fopen(path, "w");
	snprintf(path, sizeof path, "%s/tr.csv", dir);
	tr = fopen(path, "w");
	snprintf(path, sizeof path, "%s/rs.csv", dir);
	rs = fopen(path, "w");
	snprintf(path, sizeof path, "%s/dm.csv", dir);
	dm = fopen(path, "w");
	if (!tu || !tr || !rs || !dm) {
		perror(dir);
		return 1;
	}
	fprintf(tu, "\"STUDYID\",\"DOMAIN\",\"USUBJID\",\"TUSEQ\",\"TULNKID\",\"TUTESTCD\",\"TUORRES\",\"TUSTRESC\","
	        "\"TULOC\",\"TUEVAL\",\"VISITNUM\",\"VISIT\",\"TUDTC\"\n");
	fprintf(tr, "\"STUDYID\",\"DOMAIN\",\"USUBJID\",\"TRSEQ\",\"TRGRPID\",\"TRLNKID\",\"TRTESTCD\",\"TRORRES\","
	        "\"TRORRESU\",\"TRSTRESC\",\"TRSTRESN\",\"TRSTRESU\",\"TREVAL\",\"VISITNUM\",\"VISIT\",\"TRDTC\"\n");
	fprintf(rs, "\"STUDYID\",\"DOMAIN\",\"USUBJID\",\"RSSEQ\",\"RSTESTCD\",\"RSCAT\",\"RSORRES\",\"RSSTRESC\","
	        "\"RSEVAL\",\"VISITNUM\",\"VISIT\",\"RSDTC\"\n");
	fprintf(dm, "\"STUDYID\",\"DOMAIN\",\"USUBJID\",\"RFSTDTC\",\"RFXSTDTC\"\n");
	for (long i = 0; i < n; i++) {
		int targets = 4 + (int)uniform(0, 2.99), seq = 0, rseq = 0;
		double d[6], scale = 0, trend = uniform(-0.15, 0.08);
		char id[32];
		snprintf(id, sizeof id, "BENCH-%07ld", i);
		for (int t = 0; t < targets; t++)
			scale += d[t] = uniform(6, 16);
		for (int t = 0; t < targets; t++) {
			d[t] *= 49.9 / scale;
			fprintf(tu, "\"BENCH\",\"TU\",\"%s\",%d,\"T%02d\",\"TUMIDENT\",\"TARGET\",\"TARGET\",\"LIVER\","
			        "\"INVESTIGATOR\",1,\"SCREENING\",\"%s\"\n", id, t + 1, t + 1, dates[0]);
		}
		fprintf(tu, "\"BENCH\",\"TU\",\"%s\",%d,\"NT01\",\"TUMIDENT\",\"NON-TARGET\",\"NON-TARGET\",\"LIVER\","
		        "\"INVESTIGATOR\",1,\"SCREENING\",\"%s\"\n", id, targets + 1, dates[0]);
		fprintf(dm, "\"BENCH\",\"DM\",\"%s\",\"2024-01-10\",\"2024-01-10\"\n", id);
		for (int v = 0; v < 5; v++) {
			double sum = 0;
			for (int t = 0; t < targets; t++) {
				double x = d[t] * (1 + trend * v) + uniform(-0.5, 0.5);
				x = x < 0 ? 0 : (double)(long)(x * 10 + 0.5) / 10;
				sum += x;
				fprintf(tr, "\"BENCH\",\"TR\",\"%s\",%d,\"TARGET\",\"T%02d\",\"LDIAM\",\"%.1f\",\"mm\",\"%.1f\",%.1f,"
				        "\"mm\",\"INVESTIGATOR\",%d,\"%s\",\"%s\"\n", id, ++seq, t + 1, x, x, x, v + 1, visits[v], dates[v]);
			}
			fprintf(tr, "\"BENCH\",\"TR\",\"%s\",%d,\"TARGET\",\"\",\"SUMDIAM\",\"%.1f\",\"mm\",\"%.1f\",%.1f,\"mm\","
			        "\"INVESTIGATOR\",%d,\"%s\",\"\"\n", id, ++seq, sum, sum, sum, v + 1, visits[v]);
			fprintf(tr, "\"BENCH\",\"TR\",\"%s\",%d,\"NON-TARGET\",\"NT01\",\"TUMSTATE\",\"PRESENT\",\"\",\"PRESENT\",,"
			        "\"\",\"INVESTIGATOR\",%d,\"%s\",\"%s\"\n", id, ++seq, v + 1, visits[v], dates[v]);
			if (v == 0)
				continue;
			static const char *const tests[] = { "TRGRESP", "NTRGRESP", "NEWLIND", "OVRLRESP" };
			const char *calls[] = { trend < -0.1 ? "PR" : "SD", "NON-CR/NON-PD", "N", trend < -0.1 ? "PR" : "SD" };
			for (int k = 0; k < 4; k++)
				fprintf(rs, "\"BENCH\",\"RS\",\"%s\",%d,\"%s\",\"RECIST 1.1\",\"%s\",\"%s\",\"INVESTIGATOR\",%d,"
				        "\"%s\",\"%s\"\n", id, ++rseq, tests[k], calls[k], calls[k], v + 1, visits[v], dates[v]);
		}
	}
	return fclose(tu) | fclose(tr) | fclose(rs) | fclose(dm) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--sdtm") == 0)
		return sdtm_trial(atol(argv[2]), argv[3]);
	if (argc == 3 && strcmp(argv[1], "--huge-case") == 0) {
		huge_case(atol(argv[2]));
		return ferror(stdout) ? 1 : 0;
	}
	if (argc == 3 && strcmp(argv[1], "--huge-history") == 0) {
		huge_history(atol(argv[2]));
		return ferror(stdout) ? 1 : 0;
	}
	long n = argc > 1 ? atol(argv[1]) : 0;
	static const char *const dates[] = { "2024-01-08", "2024-03-04", "2024-04-29", "2024-06-24", "2024-08-19",
	                                     "2024-10-14" };

	if (n <= 0) {
		fprintf(stderr, "usage: gen N | gen --huge-case N | gen --huge-history N | gen --sdtm N DIR\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		int targets = 4 + (int)uniform(0, 2.99), visits = 4 + (int)uniform(0, 2.99);
		double base[6], scale = 0;
		for (int t = 0; t < targets; t++)
			scale += base[t] = uniform(6, 16);
		for (int t = 0; t < targets; t++)
			base[t] *= 49.9 / scale;  /* the paper's mean sum */
		printf("{\"case_id\":\"P%07ld\",\"arm\":\"%s\",\"treatment_start\":\"2024-01-10\",\"lesions\":[", i,
		       i % 2 ? "HACE" : "systemic");
		for (int t = 0; t < targets; t++)
			printf("{\"id\":\"T%d\",\"organ\":\"liver\",\"role\":\"target\"},", t + 1);
		printf("{\"id\":\"NT1\",\"organ\":\"liver\",\"role\":\"non-target\"}],\"assessments\":[");
		for (int v = 0; v < visits; v++) {
			double trend = uniform(0.55, 1.3);
			printf("%s{\"date\":\"%s\",\"lesions\":{", v ? "," : "", dates[v]);
			for (int t = 0; t < targets; t++) {
				double d = v == 0 ? base[t] : base[t] * trend * uniform(0.9, 1.1);
				printf("\"T%d\":{\"diameter_mm\":%.1f,\"viable_mm\":%.1f},", t + 1, d, d * uniform(0, 1));
			}
			printf("\"NT1\":{\"status\":\"present\",\"enhancing\":%s}}", uniform(0, 1) < 0.5 ? "true" : "false");
			if (v == visits - 1 && uniform(0, 1) < 0.15)
				printf(",\"new_lesions\":[{\"id\":\"X1\",\"organ\":\"lung\",\"diameter_mm\":%.1f}]", uniform(6, 15));
			printf("}");
		}
		printf("]}\n");
	}
	return ferror(stdout) ? 1 : 0;
}
