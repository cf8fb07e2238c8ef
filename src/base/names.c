/*
 * names.c - sorted names (see names.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "base/names.h"

/* Names in byte order, a prefix first. */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

static int name_ref_cmp(const void *x, const void *y)
{
	const struct name_ref *a = x, *b = y;
	int c = name_cmp(a->name, a->len, b->name, b->len);

	return c != 0 ? c : (a->i > b->i) - (a->i < b->i);
}

size_t names_sort(struct name_ref *refs, size_t n)
{
	size_t first = SIZE_MAX;

	if (n == 0)
		return first;
	qsort(refs, n, sizeof *refs, name_ref_cmp);
	/* Equal names are adjacent, in the order given: each one after the first is a repeat. */
	for (size_t k = 1; k < n; k++)
		if (refs[k].i < first && name_cmp(refs[k - 1].name, refs[k - 1].len, refs[k].name, refs[k].len) == 0)
			first = refs[k].i;
	return first;
}

const struct name_ref *names_find(const struct name_ref *refs, size_t n, const char *name, size_t len)
{
	size_t lo = 0, hi = n;

	/* The first ref not below name: the earliest given of its equals. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (name_cmp(refs[mid].name, refs[mid].len, name, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && name_cmp(refs[lo].name, refs[lo].len, name, len) == 0 ? &refs[lo] : NULL;
}
