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
