/*
 * stages.c - where one thread's time goes, stage by stage: the same JSON
 * Lines file, held in memory, is run through ever longer prefixes of the
 * work `recist batch` does per case, and each run prints microseconds per
 * case, the best of three passes (this is meant for shared machines, where
 * one pass can be slowed by a neighbour).  The differences between the
 * rows are the cost of each stage.
 *
 *   cJSON parse     cJSON_ParseWithLength + cJSON_Delete (the floor, minus I/O)
 *   cJSON, arena    the same into a bump allocator reset per case (malloc-free)
 *   case read       recist_case_parse: cJSON into the arena, then our structs
 *   + evaluate      recist_evaluate_opts under RECIST 1.1 and mRECIST, flags
 *   + write JSON    recist_result_write, one line per case
 *
 * Only the first 100,000 lines are used: plenty for a cost per case, and
 * they are held in memory.
 *
 * usage: stages FILE
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recist/recist.h"

enum stage { PARSE_FLOOR, PARSE_ARENA, CASE_READ, EVALUATE, WRITE };

static const char *const stage_name[] = {
	[PARSE_FLOOR] = "cJSON parse",
	[PARSE_ARENA] = "cJSON, arena",
	[CASE_READ]   = "case read",
	[EVALUATE]    = "+ evaluate",
	[WRITE]       = "+ write JSON",
};

struct run {
	const char                 *text;
	size_t                      len;
	const recist_ruleset *const *sets;
	size_t                      n_sets;
	const recist_flagset       *flags;
	recist_case                *c;
	recist_result              *res;
	recist_buffer               out;
};

/* The bump allocator of PARSE_ARENA: what librecist's arena does for cJSON. */
static unsigned char bump[1 << 20];
static size_t bump_used;

static void *bump_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > sizeof bump - bump_used)
		return NULL;
	p = bump + bump_used;
	bump_used += n;
	return p;
}

static void bump_free(void *p)
{
	(void)p;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One pass over every line up to stage last; the number of cases, or -1. */
static long pass(struct run *r, enum stage last)
{
	long cases = 0;

	for (const char *p = r->text, *end = r->text + r->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), used;
		recist_origin at = { "stages", 1, 1 };

		if (last == PARSE_FLOOR) {
			cJSON *root = cJSON_ParseWithLength(p, n);
			cJSON_Delete(root);
		} else if (last == PARSE_ARENA) {
			cJSON_Hooks bump_hooks = { bump_alloc, bump_free }, std = { NULL, NULL };
			cJSON_InitHooks(&bump_hooks);
			bump_used = 0;
			cJSON_ParseWithLength(p, n);
			cJSON_InitHooks(&std);
		} else if (recist_case_parse(r->c, &used, p, n, &at, NULL) != 0 ||
		           (last >= EVALUATE &&
		            (recist_evaluate(r->res, r->c, r->sets, r->n_sets, NULL) != 0 ||
		             recist_evaluate_flags(r->res, r->flags, NULL) != 0)) ||
		           (last >= WRITE && recist_result_write(&r->out, r->res, RECIST_FORMAT_JSON) != 0)) {
			fprintf(stderr, "stages: case %ld failed\n", cases + 1);
			return -1;
		}
		recist_buffer_clear(&r->out);
		cases++;
		p += n + 1;
	}
	return cases;
}

int main(int argc, char **argv)
{
	recist_ruleset *sets[2] = { NULL, NULL };
	recist_flagset *flags = NULL;
	struct run r = { 0 };
	FILE *fp;
	char *text = NULL, *line = NULL;
	size_t size = 0, cap = 0, line_cap = 0;
	ssize_t n;

	if (argc != 2 || (fp = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: stages FILE\n");
		return 2;
	}
	for (long lines = 0; lines < 100000 && (n = getline(&line, &line_cap, fp)) > 0; lines++) {
		if (size + (size_t)n > cap) {
			while (size + (size_t)n > cap)
				cap = cap ? 2 * cap : 64 * 1024 * 1024;
			if ((text = realloc(text, cap)) == NULL) {
				fprintf(stderr, "stages: out of memory\n");
				return 1;
			}
		}
		memcpy(text + size, line, (size_t)n);
		size += (size_t)n;
	}
	free(line);
	fclose(fp);
	if (size == 0) {
		fprintf(stderr, "stages: %s has no cases\n", argv[1]);
		return 1;
	}
	if (recist_ruleset_load_builtin(&sets[0], "recist1.1", NULL) != 0 ||
	    recist_ruleset_load_builtin(&sets[1], "mrecist", NULL) != 0 ||
	    recist_flagset_load_builtin(&flags, NULL) != 0 ||
	    (r.c = recist_case_new()) == NULL || (r.res = recist_result_new()) == NULL) {
		fprintf(stderr, "stages: cannot load the built-in rules\n");
		return 1;
	}
	r.text = text;
	r.len = size;
	r.sets = (const recist_ruleset *const *)sets;
	r.n_sets = 2;
	r.flags = flags;
	for (enum stage s = PARSE_FLOOR; s <= WRITE; s++) {
		double best = 0;
		long cases = 0;
		for (int k = 0; k < 3; k++) {
			double t0 = now(), t;
			if ((cases = pass(&r, s)) <= 0)
				return 1;
			t = now() - t0;
			best = k == 0 || t < best ? t : best;
		}
		printf("  %-15s %6.2f us/case\n", stage_name[s], best * 1e6 / (double)cases);
	}
	recist_buffer_release(&r.out);
	recist_result_free(r.res);
	recist_case_free(r.c);
	recist_flagset_free(flags);
	recist_ruleset_free(sets[0]);
	recist_ruleset_free(sets[1]);
	free(text);
	return 0;
}
