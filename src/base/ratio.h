/*
 * ratio.h - exact rational numbers for threshold decisions.
 *
 * SPDX-License-Identifier: MIT
 *
 * recist-rules(5), Decision 1: thresholds are inclusive and decided exactly;
 * binary floating point must never move a case across a boundary.  Every
 * number the rules see -- lengths (integer micrometres / 1000), percentages,
 * params written as decimals in YAML -- is a fraction num/den of 64-bit
 * integers, reduced, den > 0.  Arithmetic is done in 128 bits and fails
 * loudly (RATIO_EOVERFLOW) rather than round.
 */
#ifndef RECIST_RATIO_H
#define RECIST_RATIO_H

#include "base/recist_int.h"

struct ratio {
	int64_t num;
	int64_t den; /* > 0 */
};

enum {
	RATIO_EOVERFLOW = -1, /* the exact result does not fit in 64 bits */
	RATIO_EDIVZERO  = -2  /* division by zero: the caller yields "no value" */
};

static inline struct ratio ratio_int(int64_t n) { struct ratio r = { n, 1 }; return r; }
/* um micrometres as millimetres. */
RECIST_INTERNAL struct ratio ratio_from_um(int64_t um);

/* out = a op b; 0, RATIO_EOVERFLOW or (div) RATIO_EDIVZERO. */
RECIST_INTERNAL int ratio_add(struct ratio *out, struct ratio a, struct ratio b);
RECIST_INTERNAL int ratio_sub(struct ratio *out, struct ratio a, struct ratio b);
RECIST_INTERNAL int ratio_mul(struct ratio *out, struct ratio a, struct ratio b);
RECIST_INTERNAL int ratio_div(struct ratio *out, struct ratio a, struct ratio b);
RECIST_INTERNAL int ratio_neg(struct ratio *out, struct ratio a);

/* <0, 0, >0 as a < b, a == b, a > b; exact. */
RECIST_INTERNAL int ratio_cmp(struct ratio a, struct ratio b);

/*
 * Parse a plain decimal ("30", "-2.5", "0.125"; no exponent) of length len.
 * 0 on success, -1 if it is not such a decimal or does not fit.
 */
RECIST_INTERNAL int ratio_parse_decimal(const char *s, size_t len, struct ratio *out);

/*
 * Format r as a decimal truncated toward zero to at most max_dec (<= 6) decimals,
 * trailing zeros dropped down to min_dec decimals ("50.0", "29.85", "30").
 * Truncation never shows a value on the wrong side of a threshold written
 * with max_dec decimals or fewer.  out must hold 48 bytes; returns the
 * length written (without the NUL).
 */
RECIST_INTERNAL size_t ratio_format(struct ratio r, int max_dec, int min_dec, char out[48]);

/* r * 1000 as an integer number of micrometres; -1 if not exact or out of range. */
RECIST_INTERNAL int ratio_to_um(struct ratio r, int64_t *out);

/* For display only (never for decisions). */
RECIST_INTERNAL double ratio_to_double(struct ratio r);

/* An optional exact number. */
struct optnum {
	bool         has;
	struct ratio v;
};

/*
 * Numbers in output.  Lengths are exact (micrometres: at most 3 decimals);
 * percentages are truncated toward zero to 2 decimals, so that a printed
 * value is never on the other side of a threshold than the exact one
 * (-29.996 % prints as -29.99, not -30.0).  out[48]; "" when absent.
 */
RECIST_INTERNAL size_t format_mm(struct optnum v, char out[48]);
RECIST_INTERNAL size_t format_pct(struct optnum v, char out[48]);

#endif
