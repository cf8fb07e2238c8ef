/*
 * text.h - bytes of text, for the readers' checks, the writers and the
 * messages: the run of bytes that are plain (nothing to escape, nothing to
 * check), UTF-8 sequences, and an input value as a message quotes it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_TEXT_H
#define RECIST_TEXT_H

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/recist_int.h"

/*
 * The length of the run at s[0..n) of plain bytes: printable ASCII other
 * than '"' and '\\'.  It stops at a quote, a backslash, a control byte
 * (NUL included) or a byte of 0x80 or more (part of a UTF-8 sequence, or
 * not).  Sixteen bytes at a time where it can, inline: it runs over every
 * string a case holds and every string a result writes.
 */
static inline size_t text_plain_run(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;

#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* x <= 0x1f unsigned exactly when max(x, 0x1f) is 0x1f; 0x80 and up set the sign bit */
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
		                           _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
		int mask = _mm_movemask_epi8(hit) | _mm_movemask_epi8(x);
		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	/*
	 * Eight at a time: each test is true of a word exactly when one of its
	 * bytes matches (the classic zero-byte trick), and a high bit marks a
	 * byte of 0x80 or more; the exact byte is then found one by one.
	 */
	for (; i + 8 <= n; i += 8) {
		uint64_t x, q, bs;
		memcpy(&x, s + i, 8);
		q = x ^ (ones * '"');
		bs = x ^ (ones * '\\');
		if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs) | x) & highs)
			break;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			break;
	}
	return i;
}


/*
 * The length of the UTF-8 sequence that starts s[0..n) (its first byte 0x80
 * or more), or 0 when it is not one: no overlong forms, no surrogates,
 * nothing above U+10FFFF (RFC 3629).
 */
RECIST_INTERNAL size_t text_utf8_len(const unsigned char *s, size_t n);

/* Is item one of list, comma-separated ("recist1.1,irecist"), as written? */
RECIST_INTERNAL bool text_list_has(const char *list, const char *item);

/* Characters of an input value that a message quotes; the rest is elided. */
#define TEXT_QUOTE_MAX 64
/* Room for such a quote: 4 bytes a character (UTF-8, or \xHH), "...", NUL. */
enum { TEXT_QUOTE_SIZE = 4 * TEXT_QUOTE_MAX + 4 };

/*
 * s[0..len) as a message quotes it, in buf[TEXT_QUOTE_SIZE]: at most
 * TEXT_QUOTE_MAX characters, then "...", and control characters and bytes
 * that are not UTF-8 as \xHH, so that no value can break the one-line form
 * of a diagnostic.  Returns buf.
 */
RECIST_INTERNAL const char *text_quote(const char *s, size_t len, char *buf);

/*
 * Is s[0..len) the controlled term 'term' (a NUL-terminated ASCII word)?
 * TEXT_EXACT when it is written exactly so, TEXT_LOOSE when only letter
 * case or white space around it differ (" Present", "sd",
 * "Non-CR/Non-PD"), TEXT_OTHER when it is another word.
 */
enum text_match { TEXT_OTHER = -1, TEXT_EXACT = 0, TEXT_LOOSE = 1 };
RECIST_INTERNAL enum text_match text_term_match(const char *s, size_t len, const char *term);

#endif
