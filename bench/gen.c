/*
 * gen.c - write N paper-shaped cases as JSON Lines for `make bench`: about
 * five liver foci summing near 49.9 mm at baseline (Stukalova et al. 2024),
 * 4 to 6 assessments, whole and viable diameters and non-target enhancement
 * so that both RECIST 1.1 and mRECIST have work, now and then a new lesion.
 * Deterministic (a fixed xorshift seed): the same N gives the same file.
 *
 * usage: gen N > cases.jsonl
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9E3779B97F4A7C15u;

static double uniform(double lo, double hi)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return lo + (hi - lo) * (double)(state >> 11) / 9007199254740992.0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0;
	static const char *const dates[] = { "2024-01-08", "2024-03-04", "2024-04-29", "2024-06-24", "2024-08-19",
	                                     "2024-10-14" };

	if (n <= 0) {
		fprintf(stderr, "usage: gen N\n");
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
