/*
 * table_csv.c - a CSV table (RFC 4180) read row by row with libcsv, the
 * only file that sees it (table.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * libcsv parses quoting, embedded commas and line breaks and CRLF; this
 * file adds what a trial's export needs around it: the byte-order mark
 * spreadsheets write, NA and empty as missing, and a line and column for
 * every row and error.  The text is fed one line at a time, so that the
 * line a row starts on and the place of a quoting error are known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "input/table.h"

/* The row being read: its fields' bytes one after another, NUL-separated. */
struct csv_state {
	const struct table_reader *r;
	char              *bytes;
	size_t             used, cap;
	size_t            *starts;      /* of each field in bytes */
	size_t             n_fields, cap_fields;
	struct table_cell *cells;
	size_t             cap_cells;
	bool               have_header;
	bool               in_record;
	unsigned           line;        /* the line being fed */
	unsigned           record_line; /* the first non-blank line fed since the last record ended */
	unsigned long      rows;
	int                rc;          /* a callback's or RECIST_ENOMEM: stop */
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL)
		return false;
	*p = q;
	*cap = n;
	return true;
}

/* libcsv: the end of a field. */
static void on_field(void *s, size_t len, void *ctx)
{
	struct csv_state *st = ctx;

	if (st->rc < 0)
		return;
	if (!st->in_record) {
		st->in_record = true;
		st->n_fields = 0;
		st->used = 0;
	}
	if (!grow((void **)&st->bytes, &st->cap, st->used + len + 1, 1) ||
	    !grow((void **)&st->starts, &st->cap_fields, st->n_fields + 1, sizeof *st->starts)) {
		st->rc = RECIST_ENOMEM;
		return;
	}
	st->starts[st->n_fields++] = st->used;
	if (len)
		memcpy(st->bytes + st->used, s, len);
	st->used += len;
	st->bytes[st->used++] = '\0';
}

/* libcsv: the end of a record. */
static void on_record(int c, void *ctx)
{
	struct csv_state *st = ctx;

	(void)c;
	if (st->rc < 0 || !st->in_record)
		return;
	st->in_record = false;
	if (!grow((void **)&st->cells, &st->cap_cells, st->n_fields, sizeof *st->cells)) {
		st->rc = RECIST_ENOMEM;
		return;
	}
	for (size_t i = 0; i < st->n_fields; i++) {
		const char *t = st->bytes + st->starts[i];
		size_t len = (i + 1 < st->n_fields ? st->starts[i + 1] : st->used) - st->starts[i] - 1;
		bool missing = len == 0 || strcmp(t, "NA") == 0;
		st->cells[i] = (struct table_cell){ missing ? "" : t, missing ? 0 : len, missing };
	}
	if (!st->have_header) {
		const char **names = malloc((st->n_fields ? st->n_fields : 1) * sizeof *names);
		if (names == NULL) {
			st->rc = RECIST_ENOMEM;
			return;
		}
		for (size_t i = 0; i < st->n_fields; i++)
			names[i] = st->cells[i].text;
		st->have_header = true;
		st->rc = st->r->header(st->r->ctx, names, st->n_fields);
		free(names);
	} else {
		struct table_row row = { st->cells, st->n_fields, ++st->rows, st->record_line };
		st->rc = st->r->row(st->r->ctx, &row);
	}
	st->record_line = 0;
}

/* A line of line breaks only (text need not be NUL-terminated). */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static void fail(struct table_error *err, unsigned line, unsigned column, const char *msg)
{
	err->line = line;
	err->column = column;
	snprintf(err->message, sizeof err->message, "%s", msg);
}

int table_read_csv(const char *text, size_t len, const struct table_reader *r, struct table_error *err)
{
	struct csv_parser p;
	struct csv_state st;
	size_t at = 0;
	const char *nul = memchr(text, '\0', len);

	memset(&st, 0, sizeof st);
	memset(err, 0, sizeof *err);
	st.r = r;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		at = 3;  /* a UTF-8 byte-order mark, as spreadsheets write */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return RECIST_ENOMEM;
	while (at < len && st.rc == 0) {
		const char *end = memchr(text + at, '\n', len - at);
		size_t n = end ? (size_t)(end - (text + at)) + 1 : len - at, done;
		st.line++;
		if (nul != NULL && nul >= text + at && nul < text + at + n) {
			fail(err, st.line, (unsigned)(nul - (text + at)) + 1, "a NUL byte");
			st.rc = RECIST_EPARSE;
			break;
		}
		if (!st.in_record && st.record_line == 0 && !blank(text + at, n))
			st.record_line = st.line;
		done = csv_parse(&p, text + at, n, on_field, on_record, &st);
		if (done < n && st.rc == 0) {
			int e = csv_error(&p);
			if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
				st.rc = RECIST_ENOMEM;
			} else {
				fail(err, st.line, (unsigned)done + 1, "malformed quoting: a quote inside a field that is "
				     "not quoted, or text after a closing quote");
				st.rc = RECIST_EPARSE;
			}
		}
		at += n;
	}
	if (st.rc == 0 && csv_fini(&p, on_field, on_record, &st) != 0 && st.rc == 0) {
		fail(err, st.line, 0, "a quoted field is not closed before the end of the file");
		st.rc = RECIST_EPARSE;
	}
	if (st.rc == 0 && !st.have_header) {
		fail(err, 1, 0, "no header line (the column names)");
		st.rc = RECIST_EPARSE;
	}
	csv_free(&p);
	free(st.bytes);
	free(st.starts);
	free(st.cells);
	return st.rc;
}
