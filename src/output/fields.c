/*
 * fields.c - one value as a field of an output format: a CSV field, a
 * warning's place, a paragraph of the text reports.  Every writer of the output layer (results, best
 * responses, findings, error records) writes text through these and
 * json_string (base/buffer.c), so that text from a case or a file name is
 * escaped the same way everywhere.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "base/text.h"
#include "output/format.h"

/* A whole number as decimal digits, without printf. */
static int json_index(recist_buffer *b, int32_t i)
{
	char digits[16];
	size_t n = sizeof digits;
	uint32_t u = i < 0 ? 0 : (uint32_t)i;

	do
		digits[--n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	return buf_append(b, digits + n, sizeof digits - n);
}

/* A place as its key path: a JSON string or null (json), or the bare path, nothing for none. */
static int place_path(recist_buffer *b, const struct place *at, bool json)
{
	const char *q = json ? "\"" : "";
	int rc = 0;

	switch (at->kind) {
	case PLACE_NONE:
		return json ? buf_puts(b, "null") : 0;
	case PLACE_REGISTRY:
		rc |= buf_puts(b, q);
		rc |= buf_puts(b, "lesions");
		rc |= buf_puts(b, q);
		break;
	case PLACE_LESION:
		rc |= buf_puts(b, q);
		rc |= buf_puts(b, "lesions[");
		rc |= json_index(b, at->lesion);
		rc |= buf_puts(b, "]");
		rc |= buf_puts(b, q);
		break;
	case PLACE_MEASUREMENT:
		rc |= buf_puts(b, q);
		rc |= buf_puts(b, "assessments[");
		rc |= json_index(b, at->assessment);
		rc |= buf_puts(b, "].lesions.");
		rc |= json ? json_escaped(b, at->text) : buf_puts(b, at->text);
		rc |= buf_puts(b, q);
		break;
	case PLACE_KEY:
		return json ? json_string(b, at->text) : buf_puts(b, at->text);
	}
	return rc ? RECIST_ENOMEM : 0;
}

int json_place(recist_buffer *b, const struct place *at)
{
	return place_path(b, at, true);
}

int text_place(recist_buffer *b, const struct place *at)
{
	return place_path(b, at, false);
}

/* A field, quoted when it holds a comma, quote or line break. */
int csv_field(recist_buffer *b, const char *s, int last)
{
	int rc = 0;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		rc |= buf_puts(b, s);
	} else {
		rc |= buf_append(b, "\"", 1);
		for (const char *p = s; *p; p++)
			rc |= *p == '"' ? buf_append(b, "\"\"", 2) : buf_append(b, p, 1);
		rc |= buf_append(b, "\"", 1);
	}
	rc |= buf_append(b, last ? "\n" : ",", 1);
	return rc;
}

/* Columns a run of UTF-8 takes on a terminal: one per character (continuation bytes take none). */
size_t text_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

int text_printable(recist_buffer *b, const char *s, size_t n)
{
	size_t from = b->len;
	int rc = buf_append(b, s, n);

	for (size_t i = from; rc == 0 && i < b->len; i++)
		if ((unsigned char)b->ptr[i] < 0x20 || b->ptr[i] == 0x7f)
			b->ptr[i] = '?';
	return rc;
}

int text_paragraph(recist_buffer *b, const char *first, const char *rest, const char *text)
{
	size_t col = text_width(first, strlen(first)), start = col;
	int rc = buf_puts(b, first);

	for (const char *p = text; *p != '\0';) {
		size_t n, w;
		if (*p == ' ') {
			p++;
			continue;
		}
		n = strcspn(p, " ");
		/* A number keeps its unit on its line: "-12.0 mm", "30 %". */
		if (p[n] == ' ' && (strncmp(p + n + 1, "mm", 2) == 0 || p[n + 1] == '%') &&
		    strchr(" ,;:)", p[n + 1 + (p[n + 1] == '%' ? 1 : 2)]) != NULL)
			n += 1 + strcspn(p + n + 1, " ");
		w = text_width(p, n);
		if (col > start && col + 1 + w > TEXT_WIDTH) {
			rc |= buf_puts(b, "\n") | buf_puts(b, rest);
			col = start = text_width(rest, strlen(rest));
		} else if (col > start) {
			rc |= buf_puts(b, " ");
			col++;
		}
		rc |= text_printable(b, p, n);
		col += w;
		p += n;
	}
	return rc | buf_puts(b, "\n") ? RECIST_ENOMEM : 0;
}

int text_cell(recist_buffer *b, const char *s, int width)
{
	size_t n = strlen(s);
	int w = (int)text_width(s, n), rc = text_printable(b, s, n);

	for (int pad = width - w >= 2 ? width - w : 2; pad > 0; pad--)
		rc |= buf_append(b, " ", 1);
	return rc ? RECIST_ENOMEM : 0;
}

int text_end_line(recist_buffer *b)
{
	while (b->len > 0 && b->ptr[b->len - 1] == ' ')
		b->len--;
	return buf_puts(b, "\n") ? RECIST_ENOMEM : 0;
}
