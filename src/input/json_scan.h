/*
 * json_scan.h - a small JSON scanner over the original text, for what cJSON
 * does not tell: where a syntax error is and what was found there, and the
 * line:column of the value a key path names (src/input/case_read.c).
 *
 * SPDX-License-Identifier: MIT
 *
 * It allocates nothing and is used only on error paths.
 */
#ifndef RECIST_JSON_SCAN_H
#define RECIST_JSON_SCAN_H

#include "base/recist_int.h"

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

/*
 * What cJSON accepts but a case may not hold, in a document cJSON has parsed
 * (s[0..len)): a NUL byte, or \u0000 in a string (cJSON would cut the
 * string there, and ids that differ after it would merge), bytes that are not
 * UTF-8 (they would reach the JSON output), and numbers outside the JSON
 * grammar that cJSON reads anyway ("028.4", "28.", "1.e5").  SCAN_OK when
 * there is none; else what it is, with sc->err_at and sc->err_what (for a
 * number, sc->i is its end).  One pass, on every case: it runs on the hot
 * path, unlike the rest of this file.
 */
enum scan_check { SCAN_OK, SCAN_BAD_TEXT, SCAN_BAD_NUMBER };
RECIST_INTERNAL enum scan_check scan_check_text(struct scan *sc);

/*
 * A quick filter for scan_check_text(), over text cJSON has parsed: false
 * when it cannot find anything, true when it might.  Sixteen bytes at a
 * time, stopping only at '.', '0', '\\', NUL and bytes of 0x80 and up, so
 * that the ordinary case costs a fraction of the full check.
 */
RECIST_INTERNAL bool scan_text_suspect(const char *s, size_t len);

#endif
