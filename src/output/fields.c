/*
 * fields.c - one value as a field of an output format: a CSV field, a
 * warning's place.  Every writer of the output layer (results, best
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
