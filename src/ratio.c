/*
 * ratio.c - exact rational numbers (see ratio.h for why).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "ratio.h"

typedef __int128 wide;

static wide wabs(wide x) { return x < 0 ? -x : x; }

static wide wgcd(wide a, wide b)
{
	a = wabs(a);
	b = wabs(b);
	while (b != 0) {
		wide t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * Store num/den (den != 0) into *out; RATIO_EOVERFLOW if it does not fit.
 * Small fractions are kept as they are: every use (comparison by cross-
 * multiplication, formatting, conversion to micrometres) is exact on any
 * form, and a gcd per operation was the engine's hottest arithmetic.
 * Larger ones are reduced, to keep 128-bit headroom for what follows.
 */
static int reduce_full(struct ratio *out, wide num, wide den);

static int reduce(struct ratio *out, wide num, wide den)
{
	const wide small = (wide)1 << 40;

	if (den < 0) {
		num = -num;
		den = -den;
	}
	if (num > -small && num < small && den < small) {
		out->num = (int64_t)num;
		out->den = (int64_t)den;
		return 0;
	}
	return reduce_full(out, num, den);
}

/* num/den in lowest terms (den > 0 on entry). */
static int reduce_full(struct ratio *out, wide num, wide den)
{
	wide g;

	/* The usual case fits in 64 bits, where division is cheap. */
	if (num > -(wide)INT64_MAX && num < (wide)INT64_MAX && den < (wide)INT64_MAX) {
		int64_t n = (int64_t)num, d = (int64_t)den;
		uint64_t g64 = gcd64(n < 0 ? (uint64_t)-n : (uint64_t)n, (uint64_t)d);
		if (g64 > 1) {
			n /= (int64_t)g64;
			d /= (int64_t)g64;
		}
		out->num = n;
		out->den = d;
		return 0;
	}
	g = wgcd(num, den);
	if (g > 1) {
		num /= g;
		den /= g;
	}
	if (num > INT64_MAX || num < -INT64_MAX || den > INT64_MAX)
		return RATIO_EOVERFLOW;
	out->num = (int64_t)num;
	out->den = (int64_t)den;
	return 0;
}

struct ratio ratio_from_um(int64_t um)
{
	struct ratio r;

	reduce_full(&r, um, 1000); /* cannot overflow: it only shrinks */
	return r;
}

/*
 * Products of two 64-bit values fit in 128 bits; sums of two such products
 * may not, so add and sub check the operands' size first.
 */
static int fits63(wide x) { return x <= ((wide)1 << 125) && x >= -((wide)1 << 125); }

int ratio_add(struct ratio *out, struct ratio a, struct ratio b)
{
	wide x = (wide)a.num * b.den, y = (wide)b.num * a.den;

	if (!fits63(x) || !fits63(y))
		return RATIO_EOVERFLOW;
	return reduce(out, x + y, (wide)a.den * b.den);
}

int ratio_sub(struct ratio *out, struct ratio a, struct ratio b)
{
	struct ratio nb;

	if (ratio_neg(&nb, b) < 0)
		return RATIO_EOVERFLOW;
	return ratio_add(out, a, nb);
}

int ratio_mul(struct ratio *out, struct ratio a, struct ratio b)
{
	return reduce(out, (wide)a.num * b.num, (wide)a.den * b.den);
}

int ratio_div(struct ratio *out, struct ratio a, struct ratio b)
{
	if (b.num == 0)
		return RATIO_EDIVZERO;
	return reduce(out, (wide)a.num * b.den, (wide)a.den * b.num);
}

int ratio_neg(struct ratio *out, struct ratio a)
{
	if (a.num == INT64_MIN)
		return RATIO_EOVERFLOW;
	out->num = -a.num;
	out->den = a.den;
	return 0;
}

int ratio_cmp(struct ratio a, struct ratio b)
{
	wide x = (wide)a.num * b.den, y = (wide)b.num * a.den;

	return (x > y) - (x < y);
}

int ratio_parse_decimal(const char *s, size_t len, struct ratio *out)
{
	wide num = 0, den = 1;
	size_t i = 0;
	int neg = 0, ndig = 0, frac = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < len; i++) {
		if (s[i] == '.' && !frac) {
			frac = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		num = num * 10 + (s[i] - '0');
		if (frac)
			den *= 10;
		if (++ndig > 18)
			return -1;
	}
	if (ndig == 0 || (frac && s[len - 1] == '.'))
		return -1;
	/* Lowest terms: "28.0" is the whole number 28 (params that must be whole). */
	return reduce_full(out, neg ? -num : num, den) < 0 ? -1 : 0;
}

/* q / 10^max_dec as a decimal, trailing zeros dropped down to min_dec. */
static void format_scaled(int64_t q, int max_dec, int min_dec, char out[48])
{
	char digits[24];
	int n = 0, d = max_dec, neg = q < 0;
	uint64_t u = neg ? -(uint64_t)q : (uint64_t)q;
	char *p = out;

	while (d > min_dec && u % 10 == 0) {
		u /= 10;
		d--;
	}
	do {
		digits[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u != 0 || n <= d);
	if (neg) {
		bool zero = true;
		for (int i = 0; i < n; i++)
			zero = zero && digits[i] == '0';
		if (!zero)
			*p++ = '-';
	}
	for (int i = n - 1; i >= 0; i--) {
		*p++ = digits[i];
		if (i == d && d > 0)
			*p++ = '.';
	}
	*p = '\0';
}

void ratio_format(struct ratio r, int max_dec, int min_dec, char out[48])
{
	wide num = r.num, den = r.den, scale = 1, q;
	int64_t q64, scale64 = 1;

	/* The common case in 64 bits: 128-bit division is slow. */
	for (int d = 0; d < max_dec; d++)
		scale64 *= 10;
	if (r.num > -(INT64_C(1) << 40) && r.num < (INT64_C(1) << 40) && max_dec <= 6) {
		q64 = r.num * scale64 / r.den;
		format_scaled(q64, max_dec, min_dec, out);
		return;
	}
	char digits[48];
	int neg, n, d;

	for (d = 0; d < max_dec; d++)
		scale *= 10;
	q = num * scale / den; /* C division truncates toward zero */
	if (q <= INT64_MAX && q >= -INT64_MAX) {
		format_scaled((int64_t)q, max_dec, min_dec, out);
		return;
	}
	neg = q < 0;
	if (neg)
		q = -q;
	/* Drop trailing zeros down to min_dec decimals. */
	d = max_dec;
	while (d > min_dec && q % 10 == 0) {
		q /= 10;
		d--;
	}
	/* Digits, least significant first, at least d + 1 of them. */
	n = 0;
	do {
		digits[n++] = (char)('0' + (int)(q % 10));
		q /= 10;
	} while (q != 0 || n <= d);
	{
		char *p = out;
		int zero = 1;
		for (int i = 0; i < n; i++)
			if (digits[i] != '0')
				zero = 0;
		if (neg && !zero)
			*p++ = '-';
		for (int i = n - 1; i >= 0; i--) {
			*p++ = digits[i];
			if (i == d && d > 0)
				*p++ = '.';
		}
		*p = '\0';
	}
}

int ratio_to_um(struct ratio r, int64_t *out)
{
	wide x = (wide)r.num * 1000;

	if (x % r.den != 0)
		return -1;
	x /= r.den;
	if (x > INT64_MAX || x < INT64_MIN)
		return -1;
	*out = (int64_t)x;
	return 0;
}

double ratio_to_double(struct ratio r)
{
	return (double)r.num / (double)r.den;
}
