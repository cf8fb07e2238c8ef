/*
 * fuzz_sdtm.c - libFuzzer target: any bytes as CDISC SDTM tables, split
 * at the byte 0x1E into tu.csv, tr.csv, rs.csv and dm.csv, read by
 * recist_sdtm_read (cases) and recist_sdtm_read_histories.  Must never
 * crash, hang or leak; and every document it makes must be one the case
 * reader takes: the importer reports a bad row itself, at its row, and
 * never hands on a case that the reader would refuse (else the target
 * aborts).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recist/recist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static recist_ruleset *sets[2];
static recist_case *c;
static char dir[64];

static int check(void *ctx, recist_sdtm_kind kind, const char *doc, size_t len, const char *label)
{
	recist_origin at = { label, 1, 1 };
	size_t off = 0, used;

	(void)ctx;
	while (off < len) {
		int rc = kind == RECIST_SDTM_CASE ? recist_case_parse(c, &used, doc + off, len - off, &at, NULL)
		                                  : recist_history_parse(c, &used, doc + off, len - off, &at, NULL);
		if (rc == RECIST_ENOTFOUND)
			break;
		if (rc < 0 || used == 0)
			abort();  /* a document the importer made and the reader refuses */
		off += used;
	}
	return 0;
}

static void write_part(const char *name, const uint8_t *p, size_t n)
{
	char path[96];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (n > 0 && fwrite(p, 1, n, fp) != n)
		abort();
	fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "tu.csv", "tr.csv", "rs.csv", "dm.csv" };
	const char *paths[] = { dir };
	size_t at = 0;

	if (sets[0] == NULL) {
		recist_ruleset_load_builtin(&sets[0], "recist1.1", NULL);
		recist_ruleset_load_builtin(&sets[1], "mrecist", NULL);
		c = recist_case_new();
		snprintf(dir, sizeof dir, "/tmp/recist-fuzz-sdtm-%ld", (long)getpid());
		(void)!mkdir(dir, 0700);
	}
	for (size_t k = 0; k < 4; k++) {
		const uint8_t *end = at < size ? memchr(data + at, 0x1E, size - at) : NULL;
		size_t n = at < size ? (end ? (size_t)(end - (data + at)) : size - at) : 0;
		write_part(names[k], data + at, n);
		at += n + (end != NULL);
	}
	recist_sdtm_read(paths, 1, (const recist_ruleset *const *)sets, 2, NULL, check, NULL, NULL);
	recist_sdtm_options rs_alone = RECIST_SDTM_OPTIONS_INIT;
	rs_alone.rs_alone = 1;
	recist_sdtm_read(paths, 1, (const recist_ruleset *const *)sets, 2, &rs_alone, check, NULL, NULL);
	recist_sdtm_read_histories(paths, 1, sets[0], NULL, check, NULL, NULL);
	return 0;
}
