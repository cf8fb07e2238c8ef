/*
 * json_scan.h - a small JSON scanner over the original text, for what cJSON
 * does not tell: where a syntax error is and what was found there, and the
 * line:column of the value a key path names (src/case_read.c).
 *
 * SPDX-License-Identifier: MIT
 *
 * It allocates nothing and is used only on error paths.
 */
#ifndef RECIST_JSON_SCAN_H
#define RECIST_JSON_SCAN_H

#include "recist_int.h"

/* Nesting deeper than this is a syntax error (cJSON's own limit). */
#define JSON_MAX_NESTING 1000

struct scan {
	const char *s;
	size_t      len;
	size_t      i;        /* next byte */
	bool        strict;   /* a raw line break ends a string (error reports) */
	/* Where and why scanning stopped; what == NULL: unexpected text. */
	size_t      err_at;
	const char *err_what;
};

/* Skip a byte-order mark and white space at the start. */
RECIST_INTERNAL void scan_start(struct scan *sc);
/* Skip white space (space, tab, LF, CR). */
RECIST_INTERNAL void scan_ws(struct scan *sc);
RECIST_INTERNAL bool is_space(char ch);
/* Scan one string / one value at sc->i; false (with err_at) on a syntax error. */
RECIST_INTERNAL bool scan_string(struct scan *sc);
RECIST_INTERNAL bool scan_value(struct scan *sc, unsigned depth);
/* The detail of a syntax error: what the scanner found at err_at. */
RECIST_INTERNAL void scan_explain(const struct scan *sc, char *out, size_t size);

#endif
