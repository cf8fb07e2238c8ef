/*
 * fuzz_history.c - libFuzzer target: any bytes as `recist bor` input, read
 * both as JSON Lines histories and as a CSV table, each history scored and
 * written in all three formats.  Must never crash, hang or leak.
 *
 * SPDX-License-Identifier: MIT
 *
 * The bytes are read as CSV twice: as they are, and after a header, so
 * that mutations reach the rows without having to find the header first.
 * Every subject the CSV reader passes on must have an id that is UTF-8,
 * without white space at either end, and not passed before in that table
 * (two subjects merged or one split): otherwise the target aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recist/recist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static recist_ruleset *rs;
static recist_result *res;

/* The subjects of one CSV table so far, to catch one passed twice. */
struct table_seen {
	recist_buffer out;
	char         *ids[64];
	size_t        n;
};

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

/* Is s UTF-8 (RFC 3629), written independently of the library's check? */
static int is_utf8(const unsigned char *s)
{
	while (*s) {
		uint32_t c = *s, min;
		int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0)
			return 0;
		min = n == 1 ? 0x80 : n == 2 ? 0x800 : n == 3 ? 0x10000 : 0;
		c &= n ? 0x3Fu >> n : 0x7F;
		for (int k = 1; k <= n; k++) {
			if ((s[k] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (s[k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		s += n + 1;
	}
	return 1;
}

static int score_csv(void *ctx, const recist_case *h)
{
	struct table_seen *seen = ctx;
	const char *id = recist_case_id(h);
	size_t len = strlen(id);

	if (len == 0 || !is_utf8((const unsigned char *)id) || strchr(" \t\r\n", id[0]) || strchr(" \t\r\n", id[len - 1]))
		abort();
	for (size_t i = 0; i < seen->n; i++)
		if (strcmp(seen->ids[i], id) == 0)
			abort();
	if (seen->n < sizeof seen->ids / sizeof seen->ids[0] && (seen->ids[seen->n] = strdup(id)) != NULL)
		seen->n++;
	return score(&seen->out, h);
}

static void parse_csv(const char *text, size_t size)
{
	struct table_seen seen = { RECIST_BUFFER_INIT, { NULL }, 0 };

	recist_history_parse_csv(text, size, "fuzz.csv", score_csv, &seen, NULL);
	for (size_t i = 0; i < seen.n; i++)
		free(seen.ids[i]);
	recist_buffer_release(&seen.out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char header[] = "case_id,treatment_start,date,overall,target_disease\n";
	recist_case *h = recist_case_new();
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_origin at = { "fuzz", 1, 1 };
	const char *text = (const char *)data;
	size_t off = 0, used;
	char *table;

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
	parse_csv(text, size);
	if ((table = malloc(sizeof header - 1 + size)) != NULL) {
		memcpy(table, header, sizeof header - 1);
		if (size > 0)
			memcpy(table + sizeof header - 1, data, size);
		parse_csv(table, sizeof header - 1 + size);
		free(table);
	}
	recist_buffer_release(&out);
	recist_case_free(h);
	return 0;
}
