/*
 * text.c - plain runs, UTF-8 sequences and quoted values (see text.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "base/text.h"

size_t text_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;   /* the range of the second byte */
	size_t len;

	if (n == 0)
		return 0;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		lo = s[0] == 0xE0 ? 0xA0 : 0x80;   /* not overlong */
		hi = s[0] == 0xED ? 0x9F : 0xBF;   /* not a surrogate */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		lo = s[0] == 0xF0 ? 0x90 : 0x80;   /* not overlong */
		hi = s[0] == 0xF4 ? 0x8F : 0xBF;   /* not above U+10FFFF */
	} else {
		return 0;
	}
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (s[k] < 0x80 || s[k] > 0xBF)
			return 0;
	return len;
}

const char *text_quote(const char *s, size_t len, char *buf)
{
	size_t i = 0, w = 0;

	for (unsigned n_chars = 0; i < len && n_chars < TEXT_QUOTE_MAX; n_chars++) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : text_utf8_len((const unsigned char *)s + i, len - i);
		if (c < 0x20 || c == 0x7F || n == 0) {
			w += (size_t)snprintf(buf + w, 5, "\\x%02x", c);
			i++;
		} else {
			memcpy(buf + w, s + i, n);
			w += n;
			i += n;
		}
	}
	if (i < len) {
		memcpy(buf + w, "...", 3);
		w += 3;
	}
	buf[w] = '\0';
	return buf;
}

static bool term_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

enum text_match text_term_match(const char *s, size_t len, const char *term)
{
	size_t n = strlen(term), i;

	if (len == n && memcmp(s, term, n) == 0)
		return TEXT_EXACT;
	while (len > 0 && term_space(s[len - 1]))
		len--;
	while (len > 0 && term_space(s[0])) {
		s++;
		len--;
	}
	if (len != n)
		return TEXT_OTHER;
	for (i = 0; i < n && ascii_upper(s[i]) == ascii_upper(term[i]); i++)
		;
	return i == n ? TEXT_LOOSE : TEXT_OTHER;
}

bool text_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *s = list; *s; ) {
		size_t len = strcspn(s, ",");

		if (len == n && strncmp(s, item, n) == 0)
			return true;
		s += len + (s[len] == ',');
	}
	return false;
}
