/*
 * table_csv.c - a CSV table (RFC 4180) read row by row with libcsv, the
 * only file that sees it (table.h), and the only file that knows CSV: the
 * SDTM import and the response histories (history_csv.c) both read here.
 *
 * SPDX-License-Identifier: MIT
 *
 * libcsv parses quoting, embedded commas and line breaks and CRLF; this
 * file adds what a trial's export needs around it: the byte-order mark
 * spreadsheets write, NA and empty as missing, and a line and column for
 * every row and error.  The text is fed one line at a time, so that the
 * line a row starts on and the place of a quoting error are known.
 *
 * libcsv gives no place of its own, and a reader asking for positions
 * (table.h) wants one for every field.  Its lines are fed in chunks, each
 * up to and including the next comma, CR or LF: libcsv ends a field on the
 * delimiter after it, so a field that ends in a chunk ends at its last
 * byte and the next one begins just after.  The characters of each chunk
 * are counted (and checked to be UTF-8) before it is fed, which gives each
 * field its line and column.  A row is handed on only once the chunk that
 * ends it has been checked, so that a carriage return without a line feed
 * is refused before the row is read.  That is a call into libcsv a field,
 * not a line: the SDTM import, which needs no more than lines, does not
 * ask for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "base/text.h"
#include "input/table.h"

/* A place in the text: 1-based line, and column in characters (positions). */
struct place {
	unsigned line, column;
};

/* Where the next field begins (positions). */
enum next_field {
	NEXT_BEGUN,        /* it has begun, at field_at */
	NEXT_AFTER_COMMA,  /* at the next byte, whatever it is */
	NEXT_AFTER_ROW,    /* at the next byte that is not a line break: libcsv skips blank lines */
};

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
	/* With positions only. */
	struct place      *at;          /* of each field of the row being read */
	size_t             cap_at;
	unsigned           column;      /* of the next byte fed */
	struct place       field_at;    /* of the field being read */
	struct place       last_at;     /* of the last byte of the chunk being fed: a row ending in it ends there */
	enum next_field    next;
	bool               row_blank;   /* every field of the row so far is empty, spaces or tabs */
	bool               row_ended;   /* a row ended in the chunk being fed ... */
	struct table_row   ready;       /* ... and waits for it to be checked (ready.cells not NULL) */
	char              *names;       /* the header's names, NUL-separated, for messages */
	size_t            *name_at;     /* of each in names */
	size_t             n_names;
};

__attribute__((format(printf, 5, 6)))
static void fail(struct table_error *err, enum table_fault fault, unsigned line, unsigned column,
                 const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	err->column = column;
	err->fault = fault;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
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
	if ((st->used + len + 1 > st->cap && !array_grow((void **)&st->bytes, &st->cap, st->used + len + 1, 1)) ||
	    (i == st->cap_fields && !array_grow((void **)&st->starts, &st->cap_fields, i + 1, sizeof *st->starts))) {
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

/* The text of field i of the row read, and its length. */
static const char *field_text(const struct csv_state *st, size_t i, size_t *len)
{
	*len = (i + 1 < st->n_fields ? st->starts[i + 1] : st->used) - st->starts[i] - 1;
	return st->bytes + st->starts[i];
}

/* With positions, the header's names are kept to name the fields of later messages. */
static int keep_names(struct csv_state *st)
{
	if ((st->names = malloc(st->used ? st->used : 1)) == NULL ||
	    (st->name_at = malloc((st->n_fields ? st->n_fields : 1) * sizeof *st->name_at)) == NULL)
		return RECIST_ENOMEM;
	memcpy(st->names, st->bytes, st->used);
	memcpy(st->name_at, st->starts, st->n_fields * sizeof *st->name_at);
	st->n_names = st->n_fields;
	return 0;
}

/* The header, the first row: to header(), and with positions to row() as row 0.  0 or < 0. */
static int pass_header(struct csv_state *st, const struct table_row *row)
{
	const char **names;
	int rc = 0;

	st->have_header = true;
	if (st->r->header != NULL) {
		if ((names = malloc((row->n ? row->n : 1) * sizeof *names)) == NULL)
			return RECIST_ENOMEM;
		for (size_t i = 0; i < row->n; i++)
			names[i] = row->cells[i].text;
		rc = st->r->header(st->r->ctx, names, row->n);
		free(names);
	}
	if (rc == 0 && st->r->positions && (rc = keep_names(st)) == 0)
		rc = st->r->row(st->r->ctx, row);
	return rc;
}

/* Hand a record on: the header if none was read yet, else a row.  Sets st->rc. */
static void pass(struct csv_state *st, struct table_row *row)
{
	if (!st->have_header) {
		st->rc = pass_header(st, row);
		return;
	}
	row->number = ++st->rows;
	if (st->part != NULL) {
		row->number += st->part->first_number - 1;
		row->offset += st->part->first_offset;
	}
	st->rc = st->r->row(st->r->ctx, row);
}

/*
 * st->cells of the row read.  Without positions, an empty field and NA are
 * missing (table.h); with them a cell is as written, with its place.
 * false when out of memory (st->rc set).
 */
static bool fill_cells(struct csv_state *st)
{
	const size_t n = st->n_fields;
	struct table_cell *cell;

	if (!array_grow((void **)&st->cells, &st->cap_cells, n, sizeof *st->cells)) {
		st->rc = RECIST_ENOMEM;
		return false;
	}
	cell = st->cells;
	if (st->r->positions) {
		for (size_t i = 0; i < n; i++) {
			size_t len;
			const char *t = field_text(st, i, &len);
			cell[i] = (struct table_cell){ t, len, len == 0, st->at[i].line, st->at[i].column };
		}
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *t = field_text(st, i, &len);
		bool missing = len == 0 || (len == 2 && t[0] == 'N' && t[1] == 'A');
		cell[i] = (struct table_cell){ missing ? "" : t, missing ? 0 : len, missing, 0, 0 };
	}
	return true;
}

/* libcsv: the end of a record. */
static void on_record(int c, void *ctx)
{
	struct csv_state *st = ctx;
	struct table_row row;

	(void)c;
	if (st->rc < 0 || !st->in_record)
		return;
	st->in_record = false;
	st->ended_in_line = true;
	if (!fill_cells(st))
		return;
	row = (struct table_row){ st->cells, st->n_fields, 0, st->record_line, st->record_offset, 0, 0, st->bytes,
	                          st->used };
	st->record_line = 0;
	pass(st, &row);
}

/* A line of line breaks only (text need not be NUL-terminated). */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* A new line at byte offset: a row that is not blank starts on it unless one is being read. */
static void new_line(struct csv_state *st, const char *text, size_t n, uint64_t offset)
{
	st->line++;
	st->line_offset = offset;
	if (!st->in_record && st->record_line == 0 && !blank(text, n)) {
		st->record_line = st->line;
		st->record_offset = offset;
	}
}

/*
 * csv_parse over s[0..n), a piece at a time.  libcsv grows its field buffer
 * by a fixed block (128 bytes), copying it each time: a field of 64 MB
 * would be copied half a million times.  Between pieces the block is set
 * to the buffer's size, so that the buffer doubles instead.  Returns the
 * bytes parsed, as csv_parse does.
 */
enum { PARSE_PIECE = 64 * 1024 };

static size_t parse(struct csv_parser *p, const char *s, size_t n, void (*field)(void *, size_t, void *),
                    void (*record)(int, void *), struct csv_state *st)
{
	size_t at = 0;

	while (at < n) {
		size_t len = n - at < PARSE_PIECE ? n - at : PARSE_PIECE, done;
		if (csv_get_buffer_size(p) > PARSE_PIECE)
			csv_set_blk_size(p, csv_get_buffer_size(p));
		done = csv_parse(p, s + at, len, field, record, st);
		at += done;
		if (done < len || st->rc < 0)
			break;
	}
	return at;
}

/* One line, text[0..n) with its line break, starting at byte offset: fed to libcsv.  0, or < 0 to stop. */
static int feed_line(struct csv_state *st, struct csv_parser *p, const char *text, size_t n, uint64_t offset,
                     struct table_error *err)
{
	const char *nul = memchr(text, '\0', n);
	size_t done;

	new_line(st, text, n, offset);
	if (nul != NULL) {
		fail(err, TABLE_TEXT, st->line, (unsigned)(nul - text) + 1, "a NUL byte");
		return st->rc = RECIST_EPARSE;
	}
	st->ended_in_line = false;
	done = parse(p, text, n, on_field, on_record, st);
	if (st->bare_cr) {
		fail(err, TABLE_SYNTAX, st->line, 0, "a carriage return without a line feed ends a row inside the line");
		return st->rc;
	}
	if (done < n && st->rc == 0) {
		int e = csv_error(p);
		if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
			st->rc = RECIST_ENOMEM;
		} else {
			fail(err, TABLE_SYNTAX, st->line, (unsigned)done + 1, "malformed quoting: a quote inside a field "
			     "that is not quoted, or text after a closing quote");
			st->rc = RECIST_EPARSE;
		}
	}
	return st->rc;
}

/* ---- Positions ---- */

/* With positions, spaces are text: libcsv would drop them around a field, and the columns after them. */
static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static unsigned plus(unsigned column, unsigned n)
{
	return column <= UINT_MAX - n ? column + n : UINT_MAX;  /* columns saturate past 4 G characters */
}

/* How messages name field i of the row being read, in buf[size]. */
static const char *field_name(const struct csv_state *st, size_t i, char *buf, size_t size)
{
	char name[TEXT_QUOTE_SIZE];
	const char *s;

	if (!st->have_header) {
		snprintf(buf, size, "the header");
	} else if (st->names == NULL) {  /* a part read again: no header line */
		snprintf(buf, size, "field %zu", i + 1);
	} else if (i >= st->n_names) {
		snprintf(buf, size, "field %zu, past the header's %zu", i + 1, st->n_names);
	} else if (*(s = st->names + st->name_at[i]) == '\0') {
		snprintf(buf, size, "column %zu (no name)", i + 1);
	} else {
		snprintf(buf, size, "column '%s'", text_quote(s, strlen(s), name));
	}
	return buf;
}

/* The field being read: its index in its row. */
static size_t this_field(const struct csv_state *st)
{
	return st->in_record ? st->n_fields : 0;
}

/* libcsv, with positions: the end of a field, which began at field_at. */
static void on_field_at(void *s, size_t len, void *ctx)
{
	struct csv_state *st = ctx;
	const char *c = s;
	bool blank_field = true;

	if (st->rc < 0)
		return;
	for (size_t i = 0; i < len && blank_field; i++)
		blank_field = c[i] == ' ' || c[i] == '\t';
	st->row_blank = (st->in_record ? st->row_blank : true) && blank_field;
	on_field(s, len, ctx);
	if (st->rc == 0 && !array_grow((void **)&st->at, &st->cap_at, st->n_fields, sizeof *st->at))
		st->rc = RECIST_ENOMEM;
	if (st->rc < 0)
		return;
	st->at[st->n_fields - 1] = st->field_at;
	st->next = NEXT_AFTER_COMMA;
}

/* libcsv, with positions: the end of a record, which ends at last_at.  Its cells are as written. */
static void on_record_at(int c, void *ctx)
{
	struct csv_state *st = ctx;

	(void)c;
	if (st->rc < 0 || !st->in_record)
		return;
	st->in_record = false;
	st->row_ended = true;
	st->next = NEXT_AFTER_ROW;
	if (st->row_blank) {  /* an empty spreadsheet row: nothing to read, not even a header */
		st->record_line = 0;
		return;
	}
	if (!fill_cells(st))
		return;
	st->ready = (struct table_row){ st->cells, st->n_fields, 0, st->record_line, st->record_offset,
	                                st->last_at.line, st->last_at.column, st->bytes, st->used };
	st->record_line = 0;
}

/* The row that ended in the chunk just checked, handed on. */
static void pass_ready(struct csv_state *st)
{
	struct table_row row = st->ready;

	if (st->rc < 0 || row.cells == NULL)
		return;
	st->ready.cells = NULL;
	pass(st, &row);
}

/* libcsv refused s[done] of the chunk fed (s[0..done) is text): say where and why.  Sets st->rc. */
static void refused(struct csv_state *st, struct csv_parser *p, const char *s, size_t done, struct table_error *err)
{
	char name[TEXT_QUOTE_SIZE + 64];
	unsigned column = st->column;
	int e = csv_error(p);

	if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
		st->rc = RECIST_ENOMEM;
		return;
	}
	for (size_t i = 0; i < done; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)  /* not a continuation byte: a character */
			column = plus(column, 1);
	/* Spaces are not skipped, so libcsv stops at a quote inside an unquoted field or past a closing quote. */
	if (s[done] == '"')
		fail(err, TABLE_SYNTAX, st->line, column, "quote inside the unquoted %s (quote the whole field and "
		     "double the quote)", field_name(st, this_field(st), name, sizeof name));
	else
		fail(err, TABLE_SYNTAX, st->line, column, "text after the closing quote in %s (a quote inside quotes "
		     "is doubled)", field_name(st, this_field(st), name, sizeof name));
	st->rc = RECIST_EPARSE;
}

/*
 * A chunk s[0..len) of the line being fed, len >= 1: n_chars characters,
 * of which nothing ends a field but maybe the last, then maybe a byte that
 * is not text (so that libcsv says first whether it is where no text may
 * be).  lf: a line feed follows it.
 */
static void feed_chunk(struct csv_state *st, struct csv_parser *p, const char *s, size_t len, unsigned n_chars,
                       bool lf, struct table_error *err)
{
	char name[TEXT_QUOTE_SIZE + 64];
	bool blank_cr = st->next == NEXT_AFTER_ROW && s[0] == '\r';  /* where no row had begun: len is 1 */
	size_t done;

	if (st->next == NEXT_AFTER_COMMA || (st->next == NEXT_AFTER_ROW && s[0] != '\r' && s[0] != '\n')) {
		st->field_at = (struct place){ st->line, st->column };
		st->next = NEXT_BEGUN;
	}
	st->last_at = (struct place){ st->line, plus(st->column, n_chars > 0 ? n_chars - 1 : 0) };
	st->row_ended = false;
	done = parse(p, s, len, on_field_at, on_record_at, st);
	if (st->rc < 0)
		return;
	if (done < len) {
		refused(st, p, s, done, err);
		return;
	}
	st->column = plus(st->column, n_chars);
	/* A CR outside quotes: one that ended a row, or one on a line where none had begun. */
	if (s[len - 1] == '\r' && !lf && (st->row_ended || blank_cr)) {
		fail(err, TABLE_SYNTAX, st->last_at.line, st->last_at.column, "carriage return without a line feed in "
		     "%s (lines end with LF or CR LF)", field_name(st, st->row_ended ? st->n_fields - 1 : 0, name,
		                                                   sizeof name));
		st->rc = RECIST_EPARSE;
		return;
	}
	pass_ready(st);
}

/* Byte c at the current place is not text: a NUL, or not UTF-8.  Sets st->rc. */
static void not_text(struct csv_state *st, unsigned char c, struct table_error *err)
{
	char name[TEXT_QUOTE_SIZE + 64];

	field_name(st, this_field(st), name, sizeof name);
	if (c == '\0')
		fail(err, TABLE_TEXT, st->line, st->column, "a NUL byte in %s", name);
	else
		fail(err, TABLE_TEXT, st->line, st->column, "byte 0x%02x in %s is not UTF-8", c, name);
	st->rc = RECIST_EPARSE;
}

/*
 * One line with positions (as feed_line): fed chunk by chunk, each up to
 * and including a comma, CR or LF, its characters counted and checked
 * before it is fed.  A byte that is not text ends its chunk and the
 * reading: it is fed too, so that if libcsv refuses it (text after a
 * closing quote) or something before it, that error is the one reported,
 * as it comes first.
 */
static int feed_line_at(struct csv_state *st, struct csv_parser *p, const char *text, size_t n, uint64_t offset,
                        struct table_error *err)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t at = 0;

	new_line(st, text, n, offset);
	st->column = 1;
	while (at < n && st->rc == 0) {
		size_t end = at, k;
		unsigned n_chars = 0;
		bool bad = false;
		while (end < n && !bad) {
			unsigned char c = s[end];
			k = c < 0x80 ? 1 : text_utf8_len(s + end, n - end);
			if ((bad = c == '\0' || k == 0))
				break;
			end += k;
			n_chars++;
			if (c == ',' || c == '\r' || c == '\n')
				break;
		}
		feed_chunk(st, p, text + at, end - at + bad, n_chars, end < n && s[end] == '\n', err);
		if (bad && st->rc == 0)
			not_text(st, s[end], err);
		at = end;
	}
	return st->rc;
}

/* ---- Reading ---- */

static int feed(struct csv_state *st, struct csv_parser *p, const char *text, size_t n, uint64_t offset,
                struct table_error *err)
{
	if (st->rc < 0)
		return st->rc;
	return st->r->positions ? feed_line_at(st, p, text, n, offset, err) : feed_line(st, p, text, n, offset, err);
}

/*
 * The bytes of a byte-order mark at the start of text[0..n) to skip: a
 * UTF-8 one, as spreadsheets write.  With positions a UTF-16 one is
 * refused (st->rc), where it would otherwise be a NUL byte at column 2.
 */
static size_t bom(struct csv_state *st, const char *text, size_t n, struct table_error *err)
{
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		return 3;
	if (st->r->positions && n >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
		fail(err, TABLE_TEXT, 1, 1, "the file is UTF-16 (save it as UTF-8)");
		st->rc = RECIST_EPARSE;
	}
	return 0;
}

static int start(struct csv_state *st, struct csv_parser *p, const struct table_reader *r,
                 const struct table_part *part, struct table_error *err)
{
	memset(st, 0, sizeof *st);
	memset(err, 0, sizeof *err);
	st->r = r;
	st->part = part;
	st->have_header = part != NULL;  /* a part has no header line */
	st->line = part != NULL ? part->first_line - 1 : 0;  /* a part's lines are its file's */
	st->next = NEXT_AFTER_ROW;
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return RECIST_ENOMEM;
	if (r->positions)
		csv_set_space_func(p, never_space);
	return 0;
}

/* The end of the text: the last row, when no line break ends it.  0, or < 0 with *err filled. */
static int fini(struct csv_state *st, struct csv_parser *p, struct table_error *err)
{
	char name[TEXT_QUOTE_SIZE + 64];

	if (st->rc < 0)
		return st->rc;
	if (!st->r->positions) {
		if (csv_fini(p, on_field, on_record, st) != 0 && st->rc == 0) {
			fail(err, TABLE_SYNTAX, st->line, 0, "a quoted field is not closed before the end of the file");
			st->rc = RECIST_EPARSE;
		}
	} else {
		if (st->next == NEXT_AFTER_COMMA)  /* an empty field at the very end */
			st->field_at = (struct place){ st->line, st->column };
		st->last_at = (struct place){ st->line, st->column };
		if (csv_fini(p, on_field_at, on_record_at, st) != 0 && st->rc == 0) {
			fail(err, TABLE_SYNTAX, st->field_at.line, st->field_at.column, "the quote that opens %s is not "
			     "closed", field_name(st, this_field(st), name, sizeof name));
			st->rc = RECIST_EPARSE;
		}
		pass_ready(st);
	}
	if (st->rc == 0 && !st->have_header) {
		fail(err, TABLE_NO_HEADER, 1, 0, "no header line (the column names)");
		st->rc = RECIST_EPARSE;
	}
	return st->rc;
}

static void release(struct csv_state *st, struct csv_parser *p)
{
	csv_free(p);
	free(st->bytes);
	free(st->starts);
	free(st->cells);
	free(st->at);
	free(st->names);
	free(st->name_at);
}

static int finish(struct csv_state *st, struct csv_parser *p, struct table_error *err)
{
	fini(st, p, err);
	release(st, p);
	return st->rc;
}

/*
 * A file's lines, read LINES_BUFFER bytes at a time into a buffer of its
 * own and handed out in place: no copy of a line (getline copies each out
 * of stdio's buffer), and few system calls.  A line longer than the buffer
 * grows it.
 */
enum { LINES_BUFFER = 256 * 1024 };

struct lines {
	int    fd;
	char  *buf;
	size_t cap, start, end;  /* the bytes not yet handed out: buf[start..end) */
	bool   eof;
};

static int lines_open(struct lines *l, const char *path, struct table_error *err)
{
	memset(l, 0, sizeof *l);
	if ((l->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		memset(err, 0, sizeof *err);
		fail(err, TABLE_SYNTAX, 0, 0, "%s", strerror(errno));
		return RECIST_EIO;
	}
	return 0;
}

static void lines_close(struct lines *l)
{
	if (l->fd >= 0)
		close(l->fd);
	free(l->buf);
}

/*
 * The next line, with its line break (the last may have none), in
 * *text[0..*n), valid until the next call: 1, 0 at the end of the file,
 * or < 0 (RECIST_EIO with errno set, or RECIST_ENOMEM).
 */
static int lines_next(struct lines *l, const char **text, size_t *n)
{
	size_t scanned = 0;  /* bytes of buf[start..end) known to hold no LF */

	for (;;) {
		size_t unscanned = l->end - l->start - scanned;
		const char *lf = unscanned > 0 ? memchr(l->buf + l->start + scanned, '\n', unscanned) : NULL;
		ssize_t got;
		if (lf != NULL || (l->eof && l->end > l->start)) {
			size_t len = lf != NULL ? (size_t)(lf - (l->buf + l->start)) + 1 : l->end - l->start;
			*text = l->buf + l->start;
			*n = len;
			l->start += len;
			return 1;
		}
		if (l->eof)
			return 0;
		scanned = l->end - l->start;
		if (l->start > 0) {  /* the part line to the front: room for the rest */
			memmove(l->buf, l->buf + l->start, scanned);
			l->start = 0;
			l->end = scanned;
		}
		if (l->end == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : LINES_BUFFER;
			char *p = cap > l->cap ? realloc(l->buf, cap) : NULL;
			if (p == NULL)
				return RECIST_ENOMEM;
			l->buf = p;
			l->cap = cap;
		}
		do
			got = read(l->fd, l->buf + l->end, l->cap - l->end);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return RECIST_EIO;
		l->end += (size_t)got;
		l->eof = got == 0;
	}
}

/* text[0..len) line by line, from byte at (after a byte-order mark). */
static int feed_text(struct csv_state *st, struct csv_parser *p, const char *text, size_t len, size_t at,
                     struct table_error *err)
{
	while (at < len && st->rc == 0) {
		const char *end = memchr(text + at, '\n', len - at);
		size_t n = end ? (size_t)(end - (text + at)) + 1 : len - at;
		feed(st, p, text + at, n, at, err);
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
	feed_text(&st, &p, text, len, bom(&st, text, len, err), err);
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
	return finish(&st, &p, err);
}

int table_read_csv_file(const char *path, const struct table_reader *r, struct table_error *err)
{
	struct csv_parser p;
	struct csv_state st;
	struct lines l;
	const char *line;
	uint64_t offset = 0;
	size_t n;
	int got;

	if (lines_open(&l, path, err) < 0)
		return RECIST_EIO;
	if (start(&st, &p, r, NULL, err) < 0) {
		lines_close(&l);
		return RECIST_ENOMEM;
	}
	while (st.rc == 0 && (got = lines_next(&l, &line, &n)) > 0) {
		size_t skip = offset == 0 ? bom(&st, line, n, err) : 0;
		feed(&st, &p, line + skip, n - skip, offset + skip, err);
		offset += n;
	}
	if (st.rc == 0 && got < 0) {
		fail(err, TABLE_SYNTAX, st.line, 0, "%s", got == RECIST_EIO ? strerror(errno) : "out of memory");
		st.rc = got;
	}
	lines_close(&l);
	return finish(&st, &p, err);
}

/* ---- Pulled row by row ---- */

/*
 * Lines are fed to libcsv one at a time, and a row ends only at the end of
 * a line (a CR that would end one inside a line is refused: on_field, or
 * feed_chunk with positions), so one line completes at most one row.  It
 * is handed on as it was built, its cells still in st.bytes, which the
 * next line fed reuses: no row is copied.
 */

struct table_stream {
	struct csv_parser          p;
	struct csv_state           st;
	struct table_reader        inner;   /* the row to 'ready'; the header to the caller's */
	const struct table_reader *outer;
	struct table_error        *err;
	struct lines               lines;
	uint64_t                   offset;
	bool                       eof;
	struct table_row           ready;   /* the row the last line completed */
	bool                       has_ready;
};

static int stream_header(void *ctx, const char *const *names, size_t n)
{
	struct table_stream *s = ctx;
	int rc = s->outer->header != NULL ? s->outer->header(s->outer->ctx, names, n) : 0;

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
	if (lines_open(&s->lines, path, err) < 0) {
		free(s);
		return RECIST_EIO;
	}
	s->outer = r;
	s->err = err;
	s->inner = *r;
	s->inner.ctx = s;
	s->inner.header = stream_header;
	s->inner.row = stream_row;
	if (start(&s->st, &s->p, &s->inner, NULL, err) < 0) {
		lines_close(&s->lines);
		free(s);
		return RECIST_ENOMEM;
	}
	*out = s;
	return 0;
}

/* Feed lines until a row is complete or the file ends. */
static int stream_fill(struct table_stream *s)
{
	const char *line;
	size_t n;
	int got;

	s->has_ready = false;
	/* With positions, row 0 handed out may have chosen the columns. */
	s->inner.want = s->outer->want;
	s->inner.n_want = s->outer->n_want;
	while (!s->has_ready && !s->eof && s->st.rc == 0) {
		if ((got = lines_next(&s->lines, &line, &n)) > 0) {
			size_t skip = s->offset == 0 ? bom(&s->st, line, n, s->err) : 0;
			feed(&s->st, &s->p, line + skip, n - skip, s->offset + skip, s->err);
			s->offset += n;
			continue;
		}
		s->eof = true;
		if (got < 0) {
			fail(s->err, TABLE_SYNTAX, s->st.line, 0, "%s", got == RECIST_EIO ? strerror(errno) : "out of memory");
			s->st.rc = got;
		} else {
			fini(&s->st, &s->p, s->err);
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
	release(&s->st, &s->p);
	lines_close(&s->lines);
	free(s);
}
