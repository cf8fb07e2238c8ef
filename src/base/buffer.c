/*
 * buffer.c - the growable output buffer of the public API.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/recist_int.h"
#include "base/text.h"

static int buf_reserve(recist_buffer *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return RECIST_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->ptr, cap)) == NULL)
		return RECIST_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int buf_append_slow(recist_buffer *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return RECIST_ENOMEM;
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_vprintf(recist_buffer *b, const char *fmt, va_list ap)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list again;
	int n;

	/* One pass when it fits (the usual case), a second after growing. */
	va_copy(again, ap);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, ap);
	if (n >= 0 && (size_t)n >= room) {
		if (buf_reserve(b, (size_t)n) < 0)
			n = -1;
		else
			vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	if (n < 0)
		return RECIST_ENOMEM;
	b->len += (size_t)n;
	return 0;
}

int buf_printf(recist_buffer *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void recist_buffer_clear(recist_buffer *b)
{
	b->len = 0;
	if (b->ptr != NULL)
		b->ptr[0] = '\0';
}

void recist_buffer_release(recist_buffer *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

/*
 * A JSON string.  Always valid UTF-8, whatever s holds: a case's text is
 * checked when it is read, but file names and other text from outside may
 * hold any bytes, and a strict reader rejects the whole line for one bad
 * byte; each byte that does not start a UTF-8 sequence is written U+FFFD.
 */
int json_escaped(recist_buffer *b, const char *s)
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
