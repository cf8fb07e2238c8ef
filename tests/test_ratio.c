/*
 * test_ratio.c - exact rationals: the arithmetic that decides thresholds.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/ratio.h"

static struct ratio dec(const char *s)
{
	struct ratio r;
	cr_assert_eq(ratio_parse_decimal(s, strlen(s), &r), 0, "cannot parse %s", s);
	return r;
}

TestSuite(ratio);

Test(ratio, decides_minus_30_pct_exactly_where_binary_floating_point_fails)
{
	/* recist-rules(5), Decision 1: 23.0 -> 16.1 is exactly -30 %; in doubles 16.1 > 0.7 * 23.0. */
	struct ratio b = dec("23.0"), c = dec("16.1"), d, lhs, rhs;
	cr_assert(16.1 > 0.7 * 23.0, "the trap this test guards against is gone");
	cr_assert_eq(ratio_sub(&d, b, c), 0);
	cr_assert_eq(ratio_mul(&lhs, d, ratio_int(100)), 0);
	cr_assert_eq(ratio_mul(&rhs, b, ratio_int(30)), 0);
	cr_expect_eq(ratio_cmp(lhs, rhs), 0);
}

Test(ratio, decides_plus_20_pct_exactly_27_0_to_32_4)
{
	struct ratio n = dec("27.0"), c = dec("32.4"), d, lhs, rhs;
	cr_assert_eq(ratio_sub(&d, c, n), 0);
	cr_expect_eq(ratio_cmp(d, dec("5.4")), 0);
	cr_assert_eq(ratio_mul(&lhs, d, ratio_int(100)), 0);
	cr_assert_eq(ratio_mul(&rhs, n, ratio_int(20)), 0);
	cr_expect_eq(ratio_cmp(lhs, rhs), 0);
}

Test(ratio, parses_plain_decimals_only)
{
	struct ratio r;
	cr_expect_eq(ratio_cmp(dec("12.5"), (struct ratio){ 25, 2 }), 0);
	cr_expect_eq(ratio_cmp(dec("-3"), ratio_int(-3)), 0);
	cr_expect_eq(ratio_cmp(dec("0.125"), (struct ratio){ 1, 8 }), 0);
	cr_expect_lt(ratio_parse_decimal("1e3", 3, &r), 0);
	cr_expect_lt(ratio_parse_decimal("", 0, &r), 0);
	cr_expect_lt(ratio_parse_decimal("5.", 2, &r), 0);
	cr_expect_lt(ratio_parse_decimal("1.2.3", 5, &r), 0);
	cr_expect_lt(ratio_parse_decimal("abc", 3, &r), 0);
	cr_expect_lt(ratio_parse_decimal("1234567890123456789", 19, &r), 0);
}

Test(ratio, division_by_zero_is_reported_not_infinite)
{
	struct ratio r;
	cr_expect_eq(ratio_div(&r, ratio_int(5), ratio_int(0)), RATIO_EDIVZERO);
}

Test(ratio, overflow_is_reported_not_wrapped)
{
	struct ratio big = { INT64_MAX / 2, 1 }, r;
	cr_expect_eq(ratio_mul(&r, big, big), RATIO_EOVERFLOW);
	cr_expect_eq(ratio_add(&r, (struct ratio){ INT64_MAX, 1 }, (struct ratio){ INT64_MAX, 1 }), RATIO_EOVERFLOW);
}

Test(ratio, formats_truncating_toward_zero_so_no_value_crosses_a_threshold)
{
	char out[48];
	ratio_format((struct ratio){ -29996, 1000 }, 2, 1, out);
	cr_expect_str_eq(out, "-29.99");
	ratio_format((struct ratio){ 19999, 1000 }, 2, 1, out);
	cr_expect_str_eq(out, "19.99");
	ratio_format(ratio_int(50), 3, 1, out);
	cr_expect_str_eq(out, "50.0");
	ratio_format(ratio_from_um(33613), 3, 1, out);
	cr_expect_str_eq(out, "33.613");
	ratio_format(ratio_from_um(-1), 2, 1, out);
	cr_expect_str_eq(out, "0.0");
	ratio_format(ratio_int(30), 6, 0, out);
	cr_expect_str_eq(out, "30");
}

/* The integer part, the fraction and the sign are formatted apart: check
 * the extremes where one of them is large and the others are not. */
Test(ratio, formats_the_extremes_exactly_and_returns_the_length)
{
	char out[48];
	cr_expect_eq(ratio_format(ratio_int(INT64_MAX), 6, 1, out), 21);
	cr_expect_str_eq(out, "9223372036854775807.0");
	cr_expect_eq(ratio_format(ratio_int(INT64_MIN + 1), 0, 0, out), 20);
	cr_expect_str_eq(out, "-9223372036854775807");
	/* rem needs the 128-bit product: 2^62 / (2^62 + 1) = 0.99999999... */
	ratio_format((struct ratio){ INT64_C(1) << 62, (INT64_C(1) << 62) + 1 }, 6, 1, out);
	cr_expect_str_eq(out, "0.999999");
	ratio_format((struct ratio){ -(INT64_C(1) << 62), (INT64_C(1) << 62) + 1 }, 2, 0, out);
	cr_expect_str_eq(out, "-0.99");
	ratio_format((struct ratio){ -7, 2 }, 0, 0, out);
	cr_expect_str_eq(out, "-3");
	ratio_format((struct ratio){ -1, 3 }, 2, 1, out);
	cr_expect_str_eq(out, "-0.33");
	cr_expect_eq(ratio_format((struct ratio){ 1, 8 }, 6, 1, out), 5);
	cr_expect_str_eq(out, "0.125");
}

Test(ratio, converts_to_micrometres_only_when_exact)
{
	int64_t um;
	cr_expect_eq(ratio_to_um(dec("5"), &um), 0);
	cr_expect_eq(um, 5000);
	cr_expect_eq(ratio_to_um(dec("0.0005"), &um), -1);
}

/* Micrometres are reduced to lowest terms (binary gcd): check the forms. */
Test(ratio, reduces_micrometres_to_lowest_terms)
{
	struct { int64_t um, num, den; } cases[] = {
		{ 35000, 35, 1 }, { 0, 0, 1 }, { 16100, 161, 10 }, { 125, 1, 8 },
		{ -2500, -5, 2 }, { 33613, 33613, 1000 }, { 1000 * INT64_C(1) << 40, INT64_C(1) << 40, 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ratio r = ratio_from_um(cases[i].um);
		cr_expect_eq(r.num, cases[i].num, "um %lld: num %lld", (long long)cases[i].um, (long long)r.num);
		cr_expect_eq(r.den, cases[i].den, "um %lld: den %lld", (long long)cases[i].um, (long long)r.den);
	}
}
