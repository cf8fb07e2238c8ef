/*
 * recist_int.h - library-wide internals, never installed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_INT_H
#define RECIST_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recist/recist.h"

/* Non-static functions shared between library files, hidden from the .so. */
#define RECIST_INTERNAL __attribute__((visibility("hidden")))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * *p, an array of *cap elements of size bytes (malloc'd, or NULL with *cap
 * 0), grown by doubling from 16 to hold need; false when out of memory.
 */
static inline bool array_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL)
		return false;
	*p = q;
	*cap = n;
	return true;
}

/* Append to a public output buffer.  0 or RECIST_ENOMEM. */
RECIST_INTERNAL int buf_append_slow(recist_buffer *b, const char *s, size_t n);

/* The output hot path: append without a call when there is room. */
static inline int buf_append(recist_buffer *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return buf_append_slow(b, s, n);
}
/* Inline, so that strlen of a literal is folded at compile time. */
static inline int buf_puts(recist_buffer *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}
RECIST_INTERNAL int buf_printf(recist_buffer *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
RECIST_INTERNAL int buf_vprintf(recist_buffer *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append s as a JSON string (quoted, escaped, valid UTF-8); NULL as null.  json_escaped: the same without the quotes (buffer.c). */
RECIST_INTERNAL int json_string(recist_buffer *b, const char *s);
RECIST_INTERNAL int json_escaped(recist_buffer *b, const char *s);

#endif
