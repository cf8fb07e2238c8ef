/*
 * arena.h - per-case bump allocator.
 *
 * SPDX-License-Identifier: MIT
 *
 * Everything a case or a result holds is allocated here, so that parsing and
 * scoring one case costs a handful of mallocs, not thousands, and freeing it
 * is one call.  arena_reset() keeps the largest chunk for the next case,
 * unless it is larger than a megabyte (a huge record's).
 */
#ifndef RECIST_ARENA_H
#define RECIST_ARENA_H

#include <stddef.h>

#include "base/recist_int.h"

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* current chunk; older chunks follow ->next */
	unsigned char      *next; /* first free byte in head (16-byte aligned) */
	size_t              left; /* bytes free in head from next on */
};
#define ARENA_INIT { NULL, NULL, 0 }

enum { ARENA_ALIGN = 16 };

/* A new chunk for arena_alloc(); NULL when out of memory. */
RECIST_INTERNAL void *arena_alloc_slow(struct arena *a, size_t size);

/*
 * NULL when out of memory.  Memory is 16-byte aligned and uninitialised.
 * Inline: cJSON's hooks call it for every node and string of a case.
 */
static inline void *arena_alloc(struct arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (need >= size && a->left >= need) {
		void *p = a->next;
		a->next += need;
		a->left -= need;
		return p;
	}
	return arena_alloc_slow(a, size);
}
/* As arena_alloc, zero-filled; n * size is checked for overflow. */
RECIST_INTERNAL void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copy of s[0..len) plus a NUL; NULL when out of memory. */
RECIST_INTERNAL char *arena_strndup(struct arena *a, const char *s, size_t len);
RECIST_INTERNAL char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena; NULL when out of memory. */
RECIST_INTERNAL char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Make room for one more element in an array of *cap elements of 'size'
 * bytes, n of them used, kept in the arena: returns the (possibly moved)
 * array, or NULL when out of memory.  The old copy is simply abandoned.
 */
RECIST_INTERNAL void *arena_grow(struct arena *a, void *array, size_t n, size_t *cap, size_t size);
/* Forget every allocation, keep the largest chunk if it is at most 1 MiB. */
RECIST_INTERNAL void arena_reset(struct arena *a);
/* Free all memory; the arena may be used again. */
RECIST_INTERNAL void arena_release(struct arena *a);

#endif
