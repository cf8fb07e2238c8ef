/*
 * ratio.c - exact rational numbers (see ratio.h for why).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "base/ratio.h"

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

/*
 * Binary gcd (Stein): shifts and subtractions instead of a division per
 * step, which costs tens of cycles; every micrometre length is reduced.
 */
static uint64_t gcd64(uint64_t a, uint64_t b)
{
	int shift;

	if (a == 0 || b == 0)
		return a | b;
	shift = __builtin_ctzll(a | b);
	a >>= __builtin_ctzll(a);
	do {
		b >>= __builtin_ctzll(b);
		if (a > b) {
			uint64_t t = a;
			a = b;
			b = t;
		}
		b -= a;
	} while (b != 0);
	return a << shift;
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

/*
 * um/1000 in lowest terms.  1000 = 2^3 * 5^3, so the gcd is found by
 * taking out up to three 2s and three 5s: no general gcd for the lengths
 * every case is made of.
 */
struct ratio ratio_from_um(int64_t um)
{
	struct ratio r = { um, 1000 };
	int twos;

	if (um == 0)
		return ratio_int(0);
	twos = __builtin_ctzll((uint64_t)um);
	twos = twos < 3 ? twos : 3;
	r.num /= INT64_C(1) << twos;   /* exact: the low bits are zero */
	r.den >>= twos;
	for (int fives = 0; fives < 3 && r.num % 5 == 0; fives++) {
		r.num /= 5;
		r.den /= 5;
	}
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

/*
 * Write backwards, ending at end, the decimal with the digits of lo as its
 * last max_dec places and hi + (what is left of lo) as its integer part;
 * trailing zeros are dropped down to min_dec places.  Returns where it
 * starts.  Every number of a result comes through here, so no printf.
 */
static char *digits_backwards(char *end, uint64_t hi, uint64_t lo, int max_dec, int min_dec)
{
	char *p = end;
	int d = max_dec;

	while (d > min_dec && lo % 10 == 0) {
		lo /= 10;
		d--;
	}
	for (int k = 0; k < d; k++, lo /= 10)
		*--p = (char)('0' + (int)(lo % 10));
	if (d > 0)
		*--p = '.';
	hi += lo;
	do
		*--p = (char)('0' + (int)(hi % 10));
	while ((hi /= 10) != 0);
	return p;
}

size_t ratio_format(struct ratio r, int max_dec, int min_dec, char out[48])
{
	char tmp[48], *end = tmp + sizeof tmp, *p;
	uint64_t scale = 1, mag = r.num < 0 ? -(uint64_t)r.num : (uint64_t)r.num;
	bool zero;
	size_t n;

	if (max_dec > 6)
		max_dec = 6;
	for (int d = 0; d < max_dec; d++)
		scale *= 10;
	if (mag < (UINT64_C(1) << 40)) {
		/* The common case: one 64-bit division (C's truncates toward zero),
		 * none for a whole number (a length of whole millimetres). */
		uint64_t q = r.den == 1 ? mag * scale : mag * scale / (uint64_t)r.den;
		p = digits_backwards(end, 0, q, max_dec, min_dec);
		zero = q == 0;
	} else {
		/* The integer part and the truncated fraction apart, so that nothing
		 * overflows: num/den itself fits in 64 bits. */
		uint64_t ipart = mag / (uint64_t)r.den, rem = mag % (uint64_t)r.den;
		uint64_t frac = (uint64_t)((unsigned __int128)rem * scale / (uint64_t)r.den);
		p = digits_backwards(end, ipart, frac, max_dec, min_dec);
		zero = ipart == 0 && frac == 0;
	}
	/* A value truncated to zero prints as 0, never -0. */
	if (r.num < 0 && !zero)
		*--p = '-';
	n = (size_t)(end - p);
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
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

size_t format_mm(struct optnum v, char out[48])
{
	if (v.has)
		return ratio_format(v.v, 3, 1, out);
	out[0] = '\0';
	return 0;
}

size_t format_pct(struct optnum v, char out[48])
{
	if (v.has)
		return ratio_format(v.v, 2, 1, out);
	out[0] = '\0';
	return 0;
}
