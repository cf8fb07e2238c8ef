/*
 * table.h - a table of named columns, read row by row: the shape CDISC
 * SDTM domains (TU, TR, RS, DM) come in, as CSV (RFC 4180; table_csv.c,
 * over libcsv) or as SAS transport v5 or v8 (table_xpt.c, over ReadStat),
 * and the shape of the response histories `recist bor` reads as CSV
 * (history_csv.c).  Each file converts its library's values into these
 * structs; neither library is seen anywhere else, and no other file knows
 * CSV syntax.
 *
 * SPDX-License-Identifier: MIT
 *
 * A reader calls header() once with the column names, then row() for each
 * row, cells in header order.  Nothing is kept between rows: a reader
 * holds one row at a time whatever the size of the table.
 *
 * The SDTM import reads fast and reports a row by its line.  A reader whose
 * messages point at a cell asks for positions (struct table_reader), and
 * pays for them: the CSV is then fed to libcsv field by field, not line by
 * line.
 */
#ifndef RECIST_TABLE_H
#define RECIST_TABLE_H

#include "base/recist_int.h"

/*
 * One value.  text is NUL-terminated and "" when missing.  A cell is
 * missing when it is empty or NA (CSV; with positions, empty alone) or a
 * missing value (transport).
 * Numbers of a transport file are written with at most DBL_DIG (15)
 * significant digits, trailing zeros dropped: a decimal of that many digits
 * or fewer, stored as a binary float, reads back as it was written (12.3,
 * not 12.300000000000001), as in the CSV.
 */
struct table_cell {
	const char *text;
	size_t      len;
	bool        missing;
	unsigned    line, column;  /* positions: its first character (the opening quote if quoted); else 0 */
};

struct table_row {
	const struct table_cell *cells;
	size_t                   n;       /* the cells of this row: a CSV row may have more or fewer than the header */
	unsigned long            number;  /* 1-based data row (the header not counted; with positions it is row 0) */
	unsigned                 line;    /* CSV: the line the row starts on; 0 in a transport file */
	uint64_t                 offset;  /* CSV: the byte its first line starts at; transport: number - 1 */
	unsigned                 end_line, end_column;  /* positions: just past its last field (at its line break) */
	/* CSV: the text of every cell whose len is not 0 lies in text[0..text_len); NULL in a transport file. */
	const char              *text;
	size_t                   text_len;
};

/* What is wrong with a CSV table: for a caller that reports each kind under its own code. */
enum table_fault {
	TABLE_SYNTAX,     /* malformed: quoting, line ends */
	TABLE_TEXT,       /* not text: a NUL byte; with positions, bytes that are not UTF-8, or UTF-16 */
	TABLE_NO_HEADER,  /* no header line: nothing but blank lines (and, with positions, blank rows) */
};

/* Where a table could not be read: for the caller's diagnostic. */
struct table_error {
	unsigned         line, column;  /* CSV: 1-based; 0 when not known */
	enum table_fault fault;         /* CSV, RECIST_EPARSE */
	char             message[512];  /* with positions, names the field by its column's name (at most 64 characters) */
};

struct table_reader {
	void *ctx;
	/* The column names, once, before any row (NULL: not called); 0 to go on, < 0 to stop with that value. */
	int (*header)(void *ctx, const char *const *names, size_t n);
	int (*row)(void *ctx, const struct table_row *row);
	/*
	 * CSV: the columns whose text row() reads, want[i] for column i < n_want
	 * (header(), or row() with positions, may fill them in); the others are
	 * passed empty, never copied.  NULL: every column.
	 */
	const bool *want;
	size_t      n_want;
	/*
	 * CSV: positions, for a reader whose messages point into the text.  Each
	 * cell has its line and column, each row its end, and row() receives
	 * the header too, as row 0, so that a name can be pointed at.  Columns
	 * count characters, so the text must be UTF-8: a NUL byte, a byte that
	 * is not UTF-8 and a UTF-16 file are refused where they are
	 * (TABLE_TEXT).  A cell is the text at its place: spaces are kept and
	 * NA is a value like any other.  A row of nothing but empty fields,
	 * spaces and tabs (an empty spreadsheet row) is skipped, and the header
	 * is the first other row.  A carriage return without a line feed
	 * outside quotes is refused wherever it is (some programs end a line
	 * there and some do not, so no line number would be sure).  An error
	 * names its field by its column's name.
	 */
	bool positions;
};

/*
 * CSV text[0..len): a header line, then rows; a UTF-8 byte-order mark,
 * CRLF or LF line ends, quoted fields with commas, quotes and line breaks.
 * Returns 0; RECIST_EPARSE with *err filled (malformed quoting, no header,
 * a NUL byte, what positions refuse); RECIST_ENOMEM; or the negative value
 * a callback returned.
 */
RECIST_INTERNAL int table_read_csv(const char *text, size_t len, const struct table_reader *r,
                                   struct table_error *err);

/*
 * The same for the CSV file at path, read line by line: memory for one
 * row, whatever the size of the file.
 */
RECIST_INTERNAL int table_read_csv_file(const char *path, const struct table_reader *r, struct table_error *err);

/*
 * Rows alone, text[0..len) (no header line; header() is not called), the
 * first of them data row first_number starting on line first_line of its
 * file, at byte first_offset: a part of a table read again.
 */
struct table_part {
	unsigned long first_number;
	unsigned      first_line;
	uint64_t      first_offset;
};
RECIST_INTERNAL int table_read_csv_rows(const char *text, size_t len, const struct table_part *part,
                                        const struct table_reader *r, struct table_error *err);

/*
 * The CSV file at path pulled row by row: table_stream_open reads up to the
 * header (passed to r->header) lazily, table_stream_next gives the next row
 * (1), the end (0) or an error (< 0, *err filled as table_read_csv's);
 * the row is valid until the next call.  r->row is not used; r->want is.
 */
struct table_stream;
RECIST_INTERNAL int  table_stream_open(struct table_stream **out, const char *path, const struct table_reader *r,
                                       struct table_error *err);
RECIST_INTERNAL int  table_stream_next(struct table_stream *s, struct table_row *row);
RECIST_INTERNAL void table_stream_close(struct table_stream *s);

/*
 * The same, parsed ahead on a thread of its own when the process may use
 * more than one processor (table_ahead.c): r->header runs on the caller's
 * thread, in the first table_ahead_next; a row is valid until the next
 * call; *err is filled when a call returns < 0.
 */
struct table_ahead;
RECIST_INTERNAL int  table_ahead_open(struct table_ahead **out, const char *path, const struct table_reader *r,
                                      struct table_error *err);
RECIST_INTERNAL int  table_ahead_next(struct table_ahead *a, struct table_row *row);
RECIST_INTERNAL void table_ahead_close(struct table_ahead *a);

/*
 * The SAS transport file at path (v5 or v8; the first dataset).  Returns
 * 0; RECIST_EIO or RECIST_EPARSE with *err filled; RECIST_ENOMEM; or a
 * callback's negative value.
 */
RECIST_INTERNAL int table_read_xpt(const char *path, const struct table_reader *r, struct table_error *err);
/* Rows first (0-based) to first + count - 1 of it alone (count < 0: to the end), numbered as in the file. */
RECIST_INTERNAL int table_read_xpt_rows(const char *path, long first, long count, const struct table_reader *r,
                                        struct table_error *err);

/* A column of a transport file to write: character (width bytes) or numeric. */
struct table_column {
	const char *name;     /* at most 8 characters in v5 */
	const char *label;    /* at most 40 */
	bool        numeric;
	size_t      width;    /* character columns: at most 200 bytes in v5 */
};

/*
 * Write dataset name (at most 8 characters) as a SAS transport file of
 * version 5 or 8 at path: n_rows rows of n_cols cells each, row by row,
 * NULL for a missing value; a numeric cell is decimal text.  Returns 0,
 * RECIST_EIO or RECIST_EINVALID (a name, width or number the format cannot
 * hold) with *err filled, or RECIST_ENOMEM.
 */
RECIST_INTERNAL int table_write_xpt(const char *path, int version, const char *name,
                                    const struct table_column *cols, size_t n_cols,
                                    const char *const *cells, size_t n_rows, struct table_error *err);

#endif
