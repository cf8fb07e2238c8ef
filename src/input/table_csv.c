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
#include <errno.h>
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
	uint64_t           line_offset; /* the byte the line being fed starts at */
	uint64_t           record_offset; /* ... and record_line */
	unsigned long      rows;
	const struct table_part *part;  /* rows alone, numbered from there; NULL: a whole table */
	bool               ended_in_line; /* a row ended in the line being fed */
	bool               bare_cr;     /* ... and another began after it: a CR without LF */
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
	const struct table_reader *r = st->r;
	size_t i;

	if (st->rc < 0)
		return;
	if (!st->in_record) {
		/*
		 * Lines are fed to their LF, so a row that begins in the line
		 * another ended in follows a CR without LF: refused, as rows
		 * inside one line would have no line and no offset of their own.
		 */
		if (st->ended_in_line) {
			st->bare_cr = true;
			st->rc = RECIST_EPARSE;
			return;
		}
		st->in_record = true;
		st->n_fields = 0;
		st->used = 0;
	}
	i = st->n_fields;
	/* A column the reader does not read costs no copy (table.h, want). */
	if (st->have_header && r->want != NULL && (i >= r->n_want || !r->want[i]))
		len = 0;
	if ((st->used + len + 1 > st->cap && !grow((void **)&st->bytes, &st->cap, st->used + len + 1, 1)) ||
	    (i == st->cap_fields && !grow((void **)&st->starts, &st->cap_fields, i + 1, sizeof *st->starts))) {
		st->rc = RECIST_ENOMEM;
		return;
	}
	st->starts[i] = st->used;
	st->n_fields = i + 1;
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
	st->ended_in_line = true;
	if (!grow((void **)&st->cells, &st->cap_cells, st->n_fields, sizeof *st->cells)) {
		st->rc = RECIST_ENOMEM;
		return;
	}
	for (size_t i = 0; i < st->n_fields; i++) {
		const char *t = st->bytes + st->starts[i];
		size_t len = (i + 1 < st->n_fields ? st->starts[i + 1] : st->used) - st->starts[i] - 1;
		bool missing = len == 0 || (len == 2 && t[0] == 'N' && t[1] == 'A');
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
		struct table_row row = { st->cells, st->n_fields, ++st->rows, st->record_line, st->record_offset };
		if (st->part != NULL) {
			row.number += st->part->first_number - 1;
			row.line += st->part->first_line - 1;
			row.offset += st->part->first_offset;
		}
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

/* One line, text[0..n) with its line break, starting at byte offset: fed to libcsv.  0, or < 0 to stop. */
static int feed_line(struct csv_state *st, struct csv_parser *p, const char *text, size_t n, uint64_t offset,
                     struct table_error *err)
{
	const char *nul = memchr(text, '\0', n);
	size_t done;

	st->line++;
	st->line_offset = offset;
	if (nul != NULL) {
		fail(err, st->line, (unsigned)(nul - text) + 1, "a NUL byte");
		return st->rc = RECIST_EPARSE;
	}
	if (!st->in_record && st->record_line == 0 && !blank(text, n)) {
		st->record_line = st->line;
		st->record_offset = offset;
	}
	st->ended_in_line = false;
	done = csv_parse(p, text, n, on_field, on_record, st);
	if (st->bare_cr) {
		fail(err, st->line, 0, "a carriage return without a line feed ends a row inside the line");
		return st->rc;
	}
	if (done < n && st->rc == 0) {
		int e = csv_error(p);
		if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
			st->rc = RECIST_ENOMEM;
		} else {
			fail(err, st->line, (unsigned)done + 1, "malformed quoting: a quote inside a field that is "
			     "not quoted, or text after a closing quote");
			st->rc = RECIST_EPARSE;
		}
	}
	return st->rc;
}

static int start(struct csv_state *st, struct csv_parser *p, const struct table_reader *r,
                 const struct table_part *part, struct table_error *err)
{
	memset(st, 0, sizeof *st);
	memset(err, 0, sizeof *err);
	st->r = r;
	st->part = part;
	st->have_header = part != NULL;  /* a part has no header line */
	return csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0 ? RECIST_ENOMEM : 0;
}

static int finish(struct csv_state *st, struct csv_parser *p, struct table_error *err)
{
	if (st->rc == 0 && csv_fini(p, on_field, on_record, st) != 0 && st->rc == 0) {
		fail(err, st->line, 0, "a quoted field is not closed before the end of the file");
		st->rc = RECIST_EPARSE;
	}
	if (st->rc == 0 && !st->have_header) {
		fail(err, 1, 0, "no header line (the column names)");
		st->rc = RECIST_EPARSE;
	}
	csv_free(p);
	free(st->bytes);
	free(st->starts);
	free(st->cells);
	return st->rc;
}

/* text[0..len) line by line, from byte at (after a byte-order mark). */
static int feed_text(struct csv_state *st, struct csv_parser *p, const char *text, size_t len, size_t at,
                     struct table_error *err)
{
	while (at < len && st->rc == 0) {
		const char *end = memchr(text + at, '\n', len - at);
		size_t n = end ? (size_t)(end - (text + at)) + 1 : len - at;
		feed_line(st, p, text + at, n, at, err);
		at += n;
	}
	return st->rc;
}

int table_read_csv(const char *text, size_t len, const struct table_reader *r, struct table_error *err)
{
	struct csv_parser p;
	struct csv_state st;

	if (start(&st, &p, r, NULL, err) < 0)
		return RECIST_ENOMEM;
	/* A UTF-8 byte-order mark, as spreadsheets write. */
	feed_text(&st, &p, text, len, len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, err);
	return finish(&st, &p, err);
}

int table_read_csv_rows(const char *text, size_t len, const struct table_part *part, const struct table_reader *r,
                        struct table_error *err)
{
	struct csv_parser p;
	struct csv_state st;

	if (start(&st, &p, r, part, err) < 0)
		return RECIST_ENOMEM;
	feed_text(&st, &p, text, len, 0, err);
	if (st.rc == RECIST_EPARSE)
		err->line += part->first_line - 1;
	return finish(&st, &p, err);
}

int table_read_csv_file(const char *path, const struct table_reader *r, struct table_error *err)
{
	struct csv_parser p;
	struct csv_state st;
	FILE *fp = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	uint64_t offset = 0;
	ssize_t n;

	if (fp == NULL) {
		memset(err, 0, sizeof *err);
		fail(err, 0, 0, strerror(errno));
		return RECIST_EIO;
	}
	if (start(&st, &p, r, NULL, err) < 0) {
		fclose(fp);
		return RECIST_ENOMEM;
	}
	while (st.rc == 0 && (n = getline(&line, &cap, fp)) > 0) {
		size_t skip = offset == 0 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		feed_line(&st, &p, line + skip, (size_t)n - skip, offset + skip, err);
		offset += (uint64_t)n;
	}
	if (st.rc == 0 && ferror(fp)) {
		fail(err, st.line, 0, strerror(errno));
		st.rc = RECIST_EIO;
	}
	free(line);
	fclose(fp);
	return finish(&st, &p, err);
}

/* ---- Pulled row by row ---- */

/*
 * Lines are fed to libcsv one at a time, and a row ends only at the end of
 * a line (on_field refuses a row begun after one ended in the same line),
 * so one line completes at most one row: it is handed on as on_record built
 * it, its cells still in st.bytes, which the next line fed reuses.  No row
 * is copied.
 */
/* A stream reads its file this many bytes at a time, not stdio's 4 KiB: fewer system calls. */
enum { STREAM_BUFFER = 256 * 1024 };

struct table_stream {
	struct csv_parser          p;
	struct csv_state           st;
	struct table_reader        inner;   /* the row to 'ready'; the header to the caller's */
	const struct table_reader *outer;
	struct table_error        *err;
	FILE                      *fp;
	char                       fp_buf[STREAM_BUFFER];
	char                      *line;
	size_t                     line_cap;
	uint64_t                   offset;
	bool                       eof;
	struct table_row           ready;   /* the row the last line completed */
	bool                       has_ready;
};

static int stream_header(void *ctx, const char *const *names, size_t n)
{
	struct table_stream *s = ctx;
	int rc = s->outer->header(s->outer->ctx, names, n);

	s->inner.want = s->outer->want;  /* the header may have chosen the columns */
	s->inner.n_want = s->outer->n_want;
	return rc;
}

static int stream_row(void *ctx, const struct table_row *row)
{
	struct table_stream *s = ctx;

	s->ready = *row;
	s->has_ready = true;
	return 0;
}

int table_stream_open(struct table_stream **out, const char *path, const struct table_reader *r,
                      struct table_error *err)
{
	struct table_stream *s = calloc(1, sizeof *s);

	*out = NULL;
	if (s == NULL)
		return RECIST_ENOMEM;
	if ((s->fp = fopen(path, "rb")) == NULL) {
		memset(err, 0, sizeof *err);
		fail(err, 0, 0, strerror(errno));
		free(s);
		return RECIST_EIO;
	}
	setvbuf(s->fp, s->fp_buf, _IOFBF, sizeof s->fp_buf);
	s->outer = r;
	s->err = err;
	s->inner = (struct table_reader){ s, stream_header, stream_row, r->want, r->n_want };
	if (start(&s->st, &s->p, &s->inner, NULL, err) < 0) {
		fclose(s->fp);
		free(s);
		return RECIST_ENOMEM;
	}
	*out = s;
	return 0;
}

/* Feed lines until a row is complete or the file ends. */
static int stream_fill(struct table_stream *s)
{
	ssize_t n;

	s->has_ready = false;
	while (!s->has_ready && !s->eof && s->st.rc == 0) {
		if ((n = getline(&s->line, &s->line_cap, s->fp)) > 0) {
			size_t skip = s->offset == 0 && n >= 3 && memcmp(s->line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
			feed_line(&s->st, &s->p, s->line + skip, (size_t)n - skip, s->offset + skip, s->err);
			s->offset += (uint64_t)n;
			continue;
		}
		s->eof = true;
		if (ferror(s->fp)) {
			fail(s->err, s->st.line, 0, strerror(errno));
			s->st.rc = RECIST_EIO;
		} else if (csv_fini(&s->p, on_field, on_record, &s->st) != 0 && s->st.rc == 0) {
			fail(s->err, s->st.line, 0, "a quoted field is not closed before the end of the file");
			s->st.rc = RECIST_EPARSE;
		} else if (s->st.rc == 0 && !s->st.have_header) {
			fail(s->err, 1, 0, "no header line (the column names)");
			s->st.rc = RECIST_EPARSE;
		}
	}
	return s->st.rc;
}

int table_stream_next(struct table_stream *s, struct table_row *row)
{
	int rc = stream_fill(s);

	if (rc < 0)
		return rc;
	if (!s->has_ready)
		return 0;
	*row = s->ready;
	return 1;
}

void table_stream_close(struct table_stream *s)
{
	if (s == NULL)
		return;
	csv_free(&s->p);
	free(s->st.bytes);
	free(s->st.starts);
	free(s->st.cells);
	free(s->line);
	fclose(s->fp);
	free(s);
}
