/*
 * fuzz_history.c - libFuzzer target: any bytes as `recist bor` input, read
 * both as JSON Lines histories and as a CSV table, each history scored and
 * written in all three formats.  Must never crash, hang or leak.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>

#include "recist/recist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static recist_ruleset *rs;
static recist_result *res;

static int score(void *ctx, const recist_case *h)
{
	recist_buffer *out = ctx;

	if (recist_evaluate_history(res, h, rs, NULL, NULL) == 0) {
		recist_bor_write(out, res, RECIST_FORMAT_JSON);
		recist_bor_write(out, res, RECIST_FORMAT_TEXT);
		recist_bor_write(out, res, RECIST_FORMAT_CSV);
		recist_buffer_clear(out);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	recist_case *h = recist_case_new();
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_origin at = { "fuzz", 1, 1 };
	const char *text = (const char *)data;
	size_t off = 0, used;

	if (rs == NULL)
		recist_ruleset_load_builtin(&rs, "recist1.1", NULL);
	if (res == NULL)
		res = recist_result_new();
	while (h && off < size) {
		int rc = recist_history_parse(h, &used, text + off, size - off, &at, NULL);
		if (rc == RECIST_ENOTFOUND || rc == RECIST_EPARSE || used == 0)
			break;
		off += used;
		if (rc == 0)
			score(&out, h);
	}
	recist_history_parse_csv(text, size, "fuzz.csv", score, &out, NULL);
	recist_buffer_release(&out);
	recist_case_free(h);
	return 0;
}
