/*
 * parse_floor.c - the floor `recist batch` is measured against: read the
 * same JSON Lines file line by line and parse each line with cJSON, nothing
 * else.  Prints the number of cases and the seconds taken.
 *
 * usage: parse_floor FILE
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	FILE *fp = argc > 1 ? fopen(argv[1], "rb") : NULL;
	char *line = NULL;
	size_t cap = 0, cases = 0;
	ssize_t n;
	struct timespec a, b;

	if (fp == NULL) {
		fprintf(stderr, "usage: parse_floor FILE\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	while ((n = getline(&line, &cap, fp)) > 0) {
		cJSON *root = cJSON_ParseWithLength(line, (size_t)n);
		cases += root != NULL;
		cJSON_Delete(root);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%zu %.3f\n", cases, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	free(line);
	fclose(fp);
	return 0;
}
