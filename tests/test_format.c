/*
 * test_format.c - the output writers' building blocks: JSON string
 * escaping (scanned eight bytes at a time, so every byte position around
 * a word boundary is tried) and exact number formatting.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "output/format.h"

/* The expected JSON text of s, byte by byte. */
static void reference(const char *s, char *out)
{
	char *p = out;

	*p++ = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c == '\n') {
			p += sprintf(p, "\\n");
		} else if (c == '\t') {
			p += sprintf(p, "\\t");
		} else if (c == '\r') {
			p += sprintf(p, "\\r");
		} else if (c < 0x20) {
			p += sprintf(p, "\\u%04x", c);
		} else if (c >= 0x80) {
			p += sprintf(p, "\\ufffd");   /* specials[] holds no whole UTF-8 sequence */
		} else {
			*p++ = (char)c;
		}
	}
	*p++ = '"';
	*p = '\0';
}

Test(format, json_string_escapes_every_special_byte_at_every_position)
{
	static const unsigned char specials[] = { '"', '\\', 1, 0x1f, '\n', '\t', '\r', 0x7f, 0xc3 };
	char s[48], want[320];

	/* Positions in two 16-byte blocks, an 8-byte word and the tail. */
	for (size_t k = 0; k < sizeof specials; k++) {
		for (size_t pos = 0; pos < 42; pos++) {
			for (size_t len = pos + 1; len < 45; len += 3) {
				recist_buffer b = RECIST_BUFFER_INIT;
				memset(s, 'a', len);
				s[len] = '\0';
				s[pos] = (char)specials[k];
				reference(s, want);
				cr_assert_eq(json_string(&b, s), 0);
				cr_expect_str_eq(b.ptr, want, "byte 0x%02x at %zu of %zu", specials[k], pos, len);
				recist_buffer_release(&b);
			}
		}
	}
}

Test(format, json_string_writes_null_for_no_string_and_keeps_utf8)
{
	recist_buffer b = RECIST_BUFFER_INIT;

	cr_assert_eq(json_string(&b, NULL), 0);
	cr_expect_str_eq(b.ptr, "null");
	recist_buffer_clear(&b);
	cr_assert_eq(json_string(&b, "mRECIST \xc2\xa7" "2.4 r\xc3\xa9ponse \xe2\x82\xac \xf0\x9f\x98\x80"), 0);
	cr_expect_str_eq(b.ptr, "\"mRECIST \xc2\xa7" "2.4 r\xc3\xa9ponse \xe2\x82\xac \xf0\x9f\x98\x80\"");
	recist_buffer_release(&b);
}

/* JSON output is valid UTF-8 whatever the text (a file name may hold any bytes): U+FFFD per bad byte. */
Test(format, json_string_writes_u_fffd_for_each_byte_that_is_not_utf8)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "a\xff" "b", "\"a\\ufffd" "b\"" },
		{ "\xc3", "\"\\ufffd\"" },                            /* truncated */
		{ "\xc3(", "\"\\ufffd(\"" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },                 /* overlong */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },       /* a surrogate */
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" }, /* above U+10FFFF */
		{ "\xe2\x82\xac\xe2\x82", "\"\xe2\x82\xac\\ufffd\\ufffd\"" },
	};

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		recist_buffer b = RECIST_BUFFER_INIT;
		cr_assert_eq(json_string(&b, cases[k].in), 0);
		cr_expect_str_eq(b.ptr, cases[k].out, "case %zu", k);
		recist_buffer_release(&b);
	}
}

Test(format, lengths_print_exactly_and_percentages_truncated)
{
	char out[48];

	format_mm((struct optnum){ true, ratio_from_um(16101) }, out);
	cr_expect_str_eq(out, "16.101");
	format_mm((struct optnum){ true, ratio_from_um(50000) }, out);
	cr_expect_str_eq(out, "50.0");
	format_pct((struct optnum){ true, { -299957, 10000 } }, out);
	cr_expect_str_eq(out, "-29.99");
	format_mm((struct optnum){ false, { 0, 1 } }, out);
	cr_expect_str_eq(out, "");
}
