/*
 * names.h - names that must be unique, or looked up by name: rule ids,
 * params and flag codes of a rule file, lesion ids and keys of a case, new
 * lesions across a case's assessments, organs.
 *
 * SPDX-License-Identifier: MIT
 *
 * A file or a case may hold many thousands of them, so they are sorted once
 * (n log n, with no hash that a hostile file could flood) rather than each
 * compared with all before it; lookups are binary searches.
 */
#ifndef RECIST_NAMES_H
#define RECIST_NAMES_H

#include "base/recist_int.h"

struct name_ref {
	const char *name;   /* need not be NUL-terminated: all len bytes count */
	size_t      len;
	size_t      i;      /* its place in the order the names were given */
};

/*
 * Sort refs[0..n) by name, equal names by i.  Returns the i of the first
 * name, in the order given, that repeats an earlier one, or SIZE_MAX when
 * all differ: the readers report that one where they would have met it.
 */
RECIST_INTERNAL size_t names_sort(struct name_ref *refs, size_t n);

/* In refs sorted by names_sort, the earliest given ref of name[0..len), or NULL. */
RECIST_INTERNAL const struct name_ref *names_find(const struct name_ref *refs, size_t n,
                                                  const char *name, size_t len);

#endif
