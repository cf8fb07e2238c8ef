/*
 * json_scan.c - a small JSON scanner over the original text (json_scan.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "json_scan.h"

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

/* Length of the UTF-8 character at s[0..max), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t max)
{
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;

	if (s[0] < 0xC2 || s[0] > 0xF4 || n > max)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return n;
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
		n = utf8_len(p, sc->len - sc->err_at);
	if (n > 0)
		snprintf(out, size, "unexpected '%.*s'", (int)n, (const char *)p);
	else
		snprintf(out, size, "unexpected byte 0x%02x", p[0]);
}

