/*
 * fields.c - one value as a field of an output format: a JSON string, a
 * CSV field.  Every writer of the output layer (results, best responses,
 * findings, error records) writes text through these two, so that text
 * from a case or a file name is escaped the same way everywhere.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "base/text.h"
#include "output/format.h"

/*
 * A JSON string.  Always valid UTF-8, whatever s holds: a case's text is
 * checked when it is read, but file names and other text from outside may
 * hold any bytes, and a strict reader rejects the whole line for one bad
 * byte; each byte that does not start a UTF-8 sequence is written U+FFFD.
 */
static int json_escaped(recist_buffer *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);
	int rc = 0;

	for (;;) {
		/* Copy the run up to the next byte to escape in one go. */
		size_t run = text_plain_run(s, n), seq;
		unsigned char c;
		char esc[7] = "\\u00";
		const char *e;

		rc |= buf_append(b, s, run);
		if (run == n)
			break;
		c = (unsigned char)s[run];
		if (c >= 0x80 && (seq = text_utf8_len((const unsigned char *)s + run, n - run)) > 0) {
			rc |= buf_append(b, s + run, seq);
			s += run + seq;
			n -= run + seq;
			continue;
		}
		if (c >= 0x80)
			e = "\\ufffd";
		else if (c == '"')
			e = "\\\"";
		else if (c == '\\')
			e = "\\\\";
		else if (c == '\n')
			e = "\\n";
		else if (c == '\t')
			e = "\\t";
		else if (c == '\r')
			e = "\\r";
		else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			esc[6] = '\0';
			e = esc;
		}
		rc |= buf_puts(b, e);
		s += run + 1;
		n -= run + 1;
	}
	return rc ? RECIST_ENOMEM : 0;
}

int json_string(recist_buffer *b, const char *s)
{
	int rc = 0;

	if (s == NULL)
		return buf_puts(b, "null");
	rc |= buf_append(b, "\"", 1);
	rc |= json_escaped(b, s);
	rc |= buf_append(b, "\"", 1);
	return rc ? RECIST_ENOMEM : 0;
}

/* A whole number as decimal digits, without printf. */
static int json_index(recist_buffer *b, int32_t i)
{
	char digits[16];
	size_t n = sizeof digits;
	uint32_t u = i < 0 ? 0 : (uint32_t)i;

	do
		digits[--n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	return buf_append(b, digits + n, sizeof digits - n);
}

int json_place(recist_buffer *b, const struct place *at)
{
	int rc = 0;

	switch (at->kind) {
	case PLACE_NONE:
		return buf_puts(b, "null");
	case PLACE_REGISTRY:
		return buf_puts(b, "\"lesions\"");
	case PLACE_LESION:
		rc |= buf_puts(b, "\"lesions[");
		rc |= json_index(b, at->lesion);
		rc |= buf_puts(b, "]\"");
		break;
	case PLACE_MEASUREMENT:
		rc |= buf_puts(b, "\"assessments[");
		rc |= json_index(b, at->assessment);
		rc |= buf_puts(b, "].lesions.");
		rc |= json_escaped(b, at->text);
		rc |= buf_append(b, "\"", 1);
		break;
	case PLACE_KEY:
		return json_string(b, at->text);
	}
	return rc ? RECIST_ENOMEM : 0;
}

/* A field, quoted when it holds a comma, quote or line break. */
int csv_field(recist_buffer *b, const char *s, int last)
{
	int rc = 0;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		rc |= buf_puts(b, s);
	} else {
		rc |= buf_append(b, "\"", 1);
		for (const char *p = s; *p; p++)
			rc |= *p == '"' ? buf_append(b, "\"\"", 2) : buf_append(b, p, 1);
		rc |= buf_append(b, "\"", 1);
	}
	rc |= buf_append(b, last ? "\n" : ",", 1);
	return rc;
}
