/*
 * test_arena.c - the per-case bump allocator (src/base/arena.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/arena.h"

Test(arena, reset_keeps_a_small_chunk_and_gives_a_huge_one_back)
{
	struct arena a = ARENA_INIT;

	cr_assert_not_null(arena_alloc(&a, 100 * 1024));
	arena_reset(&a);
	cr_expect_not_null(a.head, "an ordinary case's chunk is kept for the next one");
	cr_expect_geq(a.left, 100 * 1024);

	/* A huge record: its memory goes back at the reset, whatever came before. */
	cr_assert_not_null(arena_alloc(&a, 8 * 1024 * 1024));
	arena_reset(&a);
	cr_expect_null(a.head, "a chunk over 1 MiB is freed");
	cr_expect_eq(a.left, 0);
	cr_assert_not_null(arena_alloc(&a, 64), "and the arena works again");
	arena_release(&a);
}

Test(arena, allocations_are_aligned_and_calloc_checks_overflow)
{
	struct arena a = ARENA_INIT;

	for (size_t n = 1; n < 100; n += 7)
		cr_expect_eq((uintptr_t)arena_alloc(&a, n) % ARENA_ALIGN, 0);
	cr_expect_null(arena_calloc(&a, SIZE_MAX / 2, 4));
	arena_release(&a);
}
