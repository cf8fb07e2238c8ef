/*
 * json_scan.c - a small JSON scanner over the original text (json_scan.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/text.h"
#include "input/json_scan.h"

bool scan_value(struct scan *sc, unsigned depth);

static bool scan_fail(struct scan *sc, size_t at, const char *what)
{
	sc->err_at = at;
	sc->err_what = what;
	return false;
}

bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int hex_digit(char ch)
{
	if (is_digit(ch))
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

void scan_ws(struct scan *sc)
{
	while (sc->i < sc->len && is_space(sc->s[sc->i]))
		sc->i++;
}

/* A UTF-8 byte order mark is allowed before the document, as cJSON does. */
void scan_start(struct scan *sc)
{
	sc->i = 0;
	if (sc->len >= 3 && memcmp(sc->s, "\xEF\xBB\xBF", 3) == 0)
		sc->i = 3;
	scan_ws(sc);
}

/* The code unit of "\uXXXX" at s[i], or -1. */
static long scan_u4(const struct scan *sc, size_t i)
{
	long v = 0;

	if (i + 6 > sc->len || sc->s[i] != '\\' || sc->s[i + 1] != 'u')
		return -1;
	for (size_t k = i + 2; k < i + 6; k++) {
		int d = hex_digit(sc->s[k]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* An escape at s[i] ('\\'); surrogates must pair up, as cJSON requires. */
static bool scan_escape(struct scan *sc)
{
	size_t at = sc->i;
	long u;

	if (at + 1 < sc->len && strchr("\"\\/bfnrt", sc->s[at + 1]) != NULL &&
	    sc->s[at + 1] != '\0') {
		sc->i += 2;
		return true;
	}
	if ((u = scan_u4(sc, at)) < 0 || (u >= 0xDC00 && u <= 0xDFFF))
		return scan_fail(sc, at, "invalid escape sequence");
	sc->i += 6;
	if (u >= 0xD800 && u <= 0xDBFF) {
		u = scan_u4(sc, sc->i);
		if (u < 0xDC00 || u > 0xDFFF)
			return scan_fail(sc, at, "invalid escape sequence");
		sc->i += 6;
	}
	return true;
}

bool scan_string(struct scan *sc)
{
	size_t open = sc->i;

	if (sc->i >= sc->len || sc->s[sc->i] != '"')
		return scan_fail(sc, sc->i, NULL);
	sc->i++;
	while (sc->i < sc->len) {
		char ch = sc->s[sc->i];
		if (ch == '"') {
			sc->i++;
			return true;
		}
		if (ch == '\\') {
			if (!scan_escape(sc))
				return false;
		} else if (sc->strict && (ch == '\n' || ch == '\r')) {
			break;
		} else {
			sc->i++;
		}
	}
	return scan_fail(sc, open, "unterminated string");
}

static void scan_digits(struct scan *sc)
{
	while (sc->i < sc->len && is_digit(sc->s[sc->i]))
		sc->i++;
}

/* One or more digits, or an error at the byte found instead. */
static bool scan_some_digits(struct scan *sc)
{
	if (sc->i >= sc->len || !is_digit(sc->s[sc->i]))
		return scan_fail(sc, sc->i, NULL);
	scan_digits(sc);
	return true;
}

/* The JSON number grammar (RFC 8259, section 6). */
static bool scan_number(struct scan *sc)
{
	if (sc->s[sc->i] == '-')
		sc->i++;
	if (sc->i < sc->len && sc->s[sc->i] == '0')
		sc->i++;
	else if (!scan_some_digits(sc))
		return false;
	if (sc->i < sc->len && sc->s[sc->i] == '.') {
		sc->i++;
		if (!scan_some_digits(sc))
			return false;
	}
	if (sc->i < sc->len && (sc->s[sc->i] == 'e' || sc->s[sc->i] == 'E')) {
		sc->i++;
		if (sc->i < sc->len && (sc->s[sc->i] == '+' || sc->s[sc->i] == '-'))
			sc->i++;
		if (!scan_some_digits(sc))
			return false;
	}
	return true;
}

static bool is_letter(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Length of the bare word at s[at] (a letter, then letters, digits, _ or -),
 * for quoting it whole: "unexpected 'non-target'". */
static size_t word_len(const struct scan *sc, size_t at)
{
	size_t n = 0;

	if (at < sc->len && is_letter(sc->s[at]))
		while (at + n < sc->len && n < 24 && (is_letter(sc->s[at + n]) ||
		       is_digit(sc->s[at + n]) || sc->s[at + n] == '_' || sc->s[at + n] == '-'))
			n++;
	return n;
}

/* true, false, null. */
static bool scan_word(struct scan *sc)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t n = word_len(sc, sc->i);

	for (size_t k = 0; k < ARRAY_SIZE(words); k++) {
		if (n == strlen(words[k]) && memcmp(sc->s + sc->i, words[k], n) == 0) {
			sc->i += n;
			return true;
		}
	}
	return scan_fail(sc, sc->i, NULL);
}

static bool scan_container(struct scan *sc, unsigned depth)
{
	bool object = sc->s[sc->i] == '{';
	char close = object ? '}' : ']';

	if (depth >= JSON_MAX_NESTING)
		return scan_fail(sc, sc->i, "nested too deeply");
	sc->i++;
	scan_ws(sc);
	if (sc->i < sc->len && sc->s[sc->i] == close) {
		sc->i++;
		return true;
	}
	for (;;) {
		if (object) {
			scan_ws(sc);
			if (!scan_string(sc))
				return false;
			scan_ws(sc);
			if (sc->i >= sc->len || sc->s[sc->i] != ':')
				return scan_fail(sc, sc->i, NULL);
			sc->i++;
		}
		if (!scan_value(sc, depth + 1))
			return false;
		scan_ws(sc);
		if (sc->i < sc->len && sc->s[sc->i] == ',') {
			sc->i++;
			continue;
		}
		if (sc->i < sc->len && sc->s[sc->i] == close) {
			sc->i++;
			return true;
		}
		return scan_fail(sc, sc->i, NULL);
	}
}

/* Skip white space and one value; false with err_* set if it is malformed. */
bool scan_value(struct scan *sc, unsigned depth)
{
	scan_ws(sc);
	if (sc->i >= sc->len)
		return scan_fail(sc, sc->i, NULL);
	switch (sc->s[sc->i]) {
	case '{':
	case '[':
		return scan_container(sc, depth);
	case '"':
		return scan_string(sc);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return scan_number(sc);
	default:
		return scan_word(sc);
	}
}

/* The detail of a syntax error: what the scanner found at err_at. */
void scan_explain(const struct scan *sc, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)sc->s + sc->err_at;
	size_t n;

	if (sc->err_what != NULL) {
		snprintf(out, size, "%s", sc->err_what);
		return;
	}
	if (sc->err_at >= sc->len) {
		snprintf(out, size, "unexpected end of input");
		return;
	}
	n = word_len(sc, sc->err_at);
	if (n == 0 && p[0] > ' ' && p[0] < 0x7F)
		n = 1;
	else if (n == 0)
		n = text_utf8_len(p, sc->len - sc->err_at);
	if (n > 0)
		snprintf(out, size, "unexpected '%.*s'", (int)n, (const char *)p);
	else
		snprintf(out, size, "unexpected byte 0x%02x", p[0]);
}


/* Digits from s[i] on: the index after them. */
static size_t skip_digits(const unsigned char *s, size_t i, size_t len)
{
	while (i < len && (unsigned)(s[i] - '0') <= 9)
		i++;
	return i;
}

/* A byte cJSON takes as part of a number. */
static bool number_byte(unsigned char c)
{
	return (unsigned)(c - '0') <= 9 || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/*
 * The end of the number at s[i], which cJSON read as the longest run of
 * number bytes there, or 0 when that run is not a JSON number (RFC 8259
 * section 6: no leading zero, digits after '.', digits in the exponent).
 */
static size_t number_end(const unsigned char *s, size_t i, size_t len)
{
	size_t d;

	if (s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if ((d = skip_digits(s, i, len)) > i)
		i = d;
	else
		return 0;
	if (i < len && s[i] == '.') {
		if ((d = skip_digits(s, i + 1, len)) == i + 1)
			return 0;
		i = d;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i += i + 1 < len && (s[i + 1] == '+' || s[i + 1] == '-') ? 2 : 1;
		if ((d = skip_digits(s, i, len)) == i)
			return 0;
		i = d;
	}
	return i < len && number_byte(s[i]) ? 0 : i;
}

enum scan_check scan_check_text(struct scan *sc)
{
	const unsigned char *s = (const unsigned char *)sc->s;
	size_t i = sc->i, len = sc->len, n;

	while (i < len) {
		unsigned char c = s[i];
		if (c == '"') {
			/* A string: plain bytes quickly, then whatever stops them. */
			for (i++;;) {
				i += text_plain_run(sc->s + i, len - i);
				if (i >= len || s[i] == '"')
					break;
				if (s[i] == '\\') {
					if (i + 5 < len && s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
						return scan_fail(sc, i, "a NUL character (\\u0000) in a string"), SCAN_BAD_TEXT;
					i += 2;
				} else if (s[i] == 0) {
					return scan_fail(sc, i, "a NUL byte"), SCAN_BAD_TEXT;
				} else if (s[i] < 0x80) {
					i++;   /* a control byte: cJSON takes it, the writers escape it */
				} else if ((n = text_utf8_len(s + i, len - i)) == 0) {
					return scan_fail(sc, i, "bytes that are not UTF-8"), SCAN_BAD_TEXT;
				} else {
					i += n;
				}
			}
			i++;
		} else if (c == '-' || (unsigned)(c - '0') <= 9) {
			if ((n = number_end(s, i, len)) == 0) {
				for (n = i + 1; n < len && number_byte(s[n]); n++)
					;
				sc->i = n;
				return scan_fail(sc, i, "not a JSON number"), SCAN_BAD_NUMBER;
			}
			i = n;
		} else if (c == 0) {
			return scan_fail(sc, i, "a NUL byte"), SCAN_BAD_TEXT;
		} else if (c >= 0x80) {
			return scan_fail(sc, i, "bytes that are not UTF-8"), SCAN_BAD_TEXT;
		} else {
			i++;
		}
	}
	sc->i = i;
	return SCAN_OK;
}

/* A byte a JSON value may follow directly: where a number can begin. */
static inline bool value_edge(unsigned char c)
{
	return c == ':' || c == ',' || c == '[' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Could the byte at s[p] ('.', '0', '\\', NUL or 0x80 and up) be something
 * scan_check_text() rejects?  cJSON has parsed the text, so a number there
 * starts right after a value edge (or a '-' after one), a backslash is in a
 * string, and a malformed number it reads anyway has a leading zero or a
 * '.' without digits on both sides; everything else it would have refused.
 */
static inline bool suspect_at(const unsigned char *s, size_t p, size_t len)
{
	unsigned char c = s[p], prev = p > 0 ? s[p - 1] : ':', next = p + 1 < len ? s[p + 1] : ' ';

	switch (c) {
	case '.':
		if ((unsigned)(prev - '0') <= 9)
			return (unsigned)(next - '0') > 9;
		return prev == '-' || prev == '+' || prev == 'e' || prev == 'E' || prev == '.';
	case '0':
		if ((unsigned)(next - '0') > 9)
			return false;
		return value_edge(prev) || (prev == '-' && (p < 2 || value_edge(s[p - 2])));
	case '\\':
		return p + 5 < len && s[p + 1] == 'u' && memcmp(s + p + 2, "0000", 4) == 0;
	default:
		return true;   /* NUL, or 0x80 and up */
	}
}

#ifdef __SSE2__
/* The bytes of x that are ASCII digits, as a mask of 0xFF bytes. */
static inline __m128i digits_of(__m128i x)
{
	const __m128i nine = _mm_set1_epi8(9);
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));

	return _mm_cmpeq_epi8(_mm_max_epu8(d, nine), nine);
}
#endif

bool scan_text_suspect(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

#ifdef __SSE2__
	/*
	 * The plain cases are settled here, sixteen at a time: a '.' between
	 * digits, and a '0' after a digit or before a non-digit, are never a
	 * problem; the few bytes left go one by one to suspect_at().
	 */
	const __m128i dot = _mm_set1_epi8('.'), zero = _mm_set1_epi8('0'), bslash = _mm_set1_epi8('\\'),
	              nul = _mm_setzero_si128();
	if (len == 0)
		return false;
	if ((s[0] == '.' || s[0] == '0' || s[0] == '\\' || s[0] == 0 || s[0] >= 0x80) && suspect_at(s, 0, len))
		return true;
	for (i = 1; i + 17 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i prev = digits_of(_mm_loadu_si128((const __m128i *)(const void *)(s + i - 1)));
		__m128i next = digits_of(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 1)));
		__m128i dots = _mm_andnot_si128(_mm_and_si128(prev, next), _mm_cmpeq_epi8(x, dot));
		__m128i zeros = _mm_andnot_si128(prev, _mm_and_si128(next, _mm_cmpeq_epi8(x, zero)));
		__m128i hit = _mm_or_si128(_mm_or_si128(dots, zeros),
		                           _mm_or_si128(_mm_cmpeq_epi8(x, bslash), _mm_cmpeq_epi8(x, nul)));
		unsigned mask = (unsigned)(_mm_movemask_epi8(hit) | _mm_movemask_epi8(x));
		for (; mask != 0; mask &= mask - 1)
			if (suspect_at(s, i + (size_t)__builtin_ctz(mask), len))
				return true;
	}
#endif
	for (; i < len; i++) {
		unsigned char c = s[i];
		if ((c == '.' || c == '0' || c == '\\' || c == 0 || c >= 0x80) && suspect_at(s, i, len))
			return true;
	}
	return false;
}
