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
int json_string(recist_buffer *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n;
	int rc = 0;

	if (s == NULL)
		return buf_puts(b, "null");
	n = strlen(s);
	rc |= buf_append(b, "\"", 1);
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
	rc |= buf_append(b, "\"", 1);
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
