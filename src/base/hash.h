/*
 * hash.h - the 64-bit FNV-1a hash of a byte string: the key of
 * `recist batch --shard` (recist(1) states the formula, so that another
 * tool can pick the same shards) and of the CSV history reader's table of
 * case ids.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_HASH_H
#define RECIST_HASH_H

#include "base/recist_int.h"

/*
 * FNV-1a as published (Fowler, Noll and Vo; IETF draft-eastlake-fnv):
 * offset basis 14695981039346656037, prime 2^40 + 2^8 + 0xb3.  Shards
 * depend on both: another tool computing FNV-1a picks the same ones.
 */
#define FNV64_OFFSET UINT64_C(14695981039346656037)
#define FNV64_PRIME  UINT64_C(1099511628211)

static inline uint64_t hash_fnv1a(const char *s, size_t len)
{
	uint64_t h = FNV64_OFFSET;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * FNV64_PRIME;
	return h;
}

#endif
