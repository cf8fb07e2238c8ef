/*
 * test_json_scan.c - the text check of a parsed case document
 * (scan_check_text) and its quick filter (scan_text_suspect).
 *
 * SPDX-License-Identifier: MIT
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/json_scan.h"

static enum scan_check check(const char *s, size_t len, size_t *at)
{
	struct scan sc = { s, len, 0, false, 0, NULL };
	enum scan_check r;

	scan_start(&sc);
	r = scan_check_text(&sc);
	*at = sc.err_at;
	return r;
}

Test(json_scan, check_text_finds_nul_utf8_and_numbers_at_their_byte)
{
	static const struct {
		const char     *text;
		size_t          len;        /* 0: strlen */
		enum scan_check want;
		size_t          at;
	} cases[] = {
		{ "{\"a\": \"x\\u0000y\"}", 0, SCAN_BAD_TEXT, 8 },
		{ "{\"a\": \"x\\\\u0000y\"}", 0, SCAN_OK, 0 },          /* an escaped backslash, then text */
		{ "{\"a\": \"x\\\\\\u0000\"}", 0, SCAN_BAD_TEXT, 10 },  /* \\ then \u0000 */
		{ "{\"a\": \"x\\u00001\"}", 0, SCAN_BAD_TEXT, 8 },
		{ "{\"a\": \"x\\u0001\"}", 0, SCAN_OK, 0 },
		{ "{\"a\": \"x\0y\"}", 12, SCAN_BAD_TEXT, 8 },
		{ "{\"a\": 1}\0", 9, SCAN_BAD_TEXT, 8 },
		{ "{\"a\": \"caf\xc3\xa9\"}", 0, SCAN_OK, 0 },
		{ "{\"a\": \"\xe2\x82\xac \xf0\x9f\x98\x80\"}", 0, SCAN_OK, 0 },
		{ "{\"a\": \"\xff\"}", 0, SCAN_BAD_TEXT, 7 },
		{ "{\"a\": \"\xc3\"}", 0, SCAN_BAD_TEXT, 7 },          /* truncated */
		{ "{\"a\": \"\xc0\xaf\"}", 0, SCAN_BAD_TEXT, 7 },      /* overlong '/' */
		{ "{\"a\": \"\xe0\x80\xaf\"}", 0, SCAN_BAD_TEXT, 7 },  /* overlong */
		{ "{\"a\": \"\xed\xa0\x80\"}", 0, SCAN_BAD_TEXT, 7 },  /* a surrogate */
		{ "{\"a\": \"\xf4\x90\x80\x80\"}", 0, SCAN_BAD_TEXT, 7 }, /* above U+10FFFF */
		{ "{\"a\": 028.4}", 0, SCAN_BAD_NUMBER, 6 },
		{ "{\"a\": 28.}", 0, SCAN_BAD_NUMBER, 6 },
		{ "{\"a\": [1.e5]}", 0, SCAN_BAD_NUMBER, 7 },
		{ "{\"a\": -.5}", 0, SCAN_BAD_NUMBER, 6 },
		{ "{\"a\": -01}", 0, SCAN_BAD_NUMBER, 6 },
		{ "{\"a\": [0, -0, 0.5, 10, 2E-1, 1e05, -3.25e+2]}", 0, SCAN_OK, 0 },
		{ "{\"a\": \"028. -01 1.e5\"}", 0, SCAN_OK, 0 },       /* in strings: text */
		{ "\xef\xbb\xbf{\"a\": 1}", 0, SCAN_OK, 0 },          /* a byte-order mark */
	};

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t len = cases[k].len ? cases[k].len : strlen(cases[k].text), at;
		enum scan_check r = check(cases[k].text, len, &at);
		cr_expect_eq(r, cases[k].want, "case %zu: %d, want %d", k, r, cases[k].want);
		if (r != SCAN_OK && r == cases[k].want)
			cr_expect_eq(at, cases[k].at, "case %zu: at %zu, want %zu", k, at, cases[k].at);
		/* The quick filter never misses what the check finds. */
		if (cases[k].want != SCAN_OK)
			cr_expect(scan_text_suspect(cases[k].text, len), "case %zu: the filter missed it", k);
	}
}

/*
 * The filter is sound on what cJSON parses: random edits of a case (bytes
 * that make numbers, NULs, escapes and non-ASCII text) never give a text
 * that the check rejects and the filter lets through.  Deterministic.
 */
Test(json_scan, the_filter_misses_nothing_the_check_finds_in_text_cjson_parses)
{
	static const char base[] =
		"{\"case_id\": \"P0000001\", \"lesions\": [{\"id\": \"T1\", \"organ\": \"liver\", \"role\": \"target\"}],\n"
		" \"assessments\": [{\"date\": \"2024-01-08\", \"lesions\": {\"T1\": {\"diameter_mm\": 20.5,"
		" \"viable_mm\": 0}}}, {\"date\": \"2024-03-04\", \"note\": \"v1.2, 0.5 mm\","
		" \"lesions\": {\"T1\": {\"diameter_mm\": 0.25}}}], \"x\": [0, -10, 1e5, 30]}";
	static const char *const bits[] = { "0", "00", ".", "-", "-0", "0.", ".5", "e", "E+", "1", "\\u0000",
	                                    "\\\\", "\"", ",", " ", "\xc3\xa9", "\xff", "\x80", "\xed\xa0\x80" };
	char doc[1024];
	unsigned long x = 12345;
	size_t parsed = 0, rejected = 0;

	for (int round = 0; round < 200000; round++) {
		size_t len = strlen(base), at, n;
		memcpy(doc, base, len + 1);
		for (int e = 0; e < 3; e++) {
			const char *bit;
			x = x * 6364136223846793005u + 1442695040888963407u;
			bit = bits[(x >> 33) % (sizeof bits / sizeof bits[0])];
			at = (x >> 13) % (len + 1);
			n = strlen(bit);
			if (len + n >= sizeof doc)
				break;
			memmove(doc + at + n, doc + at, len - at + 1);
			memcpy(doc + at, bit, n);
			len += n;
		}
		/* As the reader does: the text of the document cJSON parsed, up to its end. */
		const char *end = NULL;
		cJSON *root = cJSON_ParseWithLengthOpts(doc, len, &end, 0);
		if (root == NULL)
			continue;
		cJSON_Delete(root);
		len = (size_t)(end - doc);
		parsed++;
		if (check(doc, len, &at) != SCAN_OK) {
			rejected++;
			cr_assert(scan_text_suspect(doc, len), "missed: %s", doc);
		}
	}
	cr_expect_gt(parsed, 1000, "too few edits parse: %zu", parsed);
	cr_expect_gt(rejected, 100, "too few edits are rejected: %zu", rejected);
}
