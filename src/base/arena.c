/*
 * arena.c - per-case bump allocator (see arena.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t              size;  /* usable bytes in data[] */
	_Alignas(16) unsigned char data[];
};

/*
 * The first chunk's size, and the largest chunk arena_reset() keeps for
 * the next case: a paper-sized case needs a few tens of kilobytes, and a
 * huge record's memory must go back once it is scored (a batch would
 * otherwise keep the largest record's memory in every slot for good).
 */
enum { ARENA_MIN_CHUNK = 16 * 1024, ARENA_KEEP_MAX = 1024 * 1024 };

void *arena_alloc_slow(struct arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct arena_chunk *c;

	if (need < size)
		return NULL;
	/* New chunk: at least twice the last one, so a case needs O(log n) chunks. */
	size_t csize = ARENA_MIN_CHUNK;
	if (a->head != NULL && a->head->size <= SIZE_MAX / 4)
		csize = a->head->size * 2;
	if (csize < need)
		csize = need;
	if (csize > SIZE_MAX - sizeof *c)
		return NULL;
	c = malloc(sizeof *c + csize);
	if (c == NULL)
		return NULL;
	c->size = csize;
	c->next = a->head;
	a->head = c;
	a->next = c->data + need;
	a->left = csize - need;
	return c->data;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if ((p = arena_alloc(a, n * size)) != NULL)
		memset(p, 0, n * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256], *p;
	va_list ap;
	int n;

	/* Most messages fit the stack buffer: format once, then copy. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	if ((size_t)n < sizeof small) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *array, size_t n, size_t *cap, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return array;
	ncap = *cap ? *cap * 2 : 8;
	if ((p = arena_calloc(a, ncap, size)) == NULL)
		return NULL;
	if (n)
		memcpy(p, array, n * size);
	*cap = ncap;
	return p;
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *keep = a->head, *c, *next;

	if (keep == NULL)
		return;
	if (keep->size > ARENA_KEEP_MAX) {
		arena_release(a);
		return;
	}
	/* The head is the newest and largest chunk: keep it, free the rest. */
	for (c = keep->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	keep->next = NULL;
	a->next = keep->data;
	a->left = keep->size;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->next = NULL;
	a->left = 0;
}
