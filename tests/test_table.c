/*
 * test_table.c - the table readers (src/input/table_csv.c over libcsv,
 * table_xpt.c over ReadStat): the shape SDTM domains come in, and with
 * positions the CSV response histories.  Each case checks the cells, the
 * missing values and the positions a caller reports.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE  /* sched_getaffinity, sched_getcpu */
#include <criterion/criterion.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/table.h"

TestSuite(table);

/* Every table read, as text: "NAME|NAME\n" then "row N line L: a|-|c\n" ('-' missing). */
struct seen {
	char   text[4096];
	size_t len;
	int    stop_at;  /* stop with -7 at this row (0: never) */
};

__attribute__((format(printf, 2, 3)))
static void say(struct seen *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	s->len += (size_t)vsnprintf(s->text + s->len, sizeof s->text - s->len, fmt, ap);
	va_end(ap);
}

static int on_header(void *ctx, const char *const *names, size_t n)
{
	struct seen *s = ctx;

	for (size_t i = 0; i < n; i++)
		say(s, i ? "|%s" : "%s", names[i]);
	say(s, "%s", "\n");
	return 0;
}

static int on_row(void *ctx, const struct table_row *row)
{
	struct seen *s = ctx;
	char head[64];

	if (s->stop_at && (int)row->number == s->stop_at)
		return -7;
	snprintf(head, sizeof head, "row %lu line %u: ", row->number, row->line);
	say(s, "%s", head);
	for (size_t i = 0; i < row->n; i++) {
		cr_expect_eq(strlen(row->cells[i].text), row->cells[i].len);
		say(s, i ? "|%s" : "%s", row->cells[i].missing ? "-" : row->cells[i].text);
	}
	say(s, "%s", "\n");
	return 0;
}

static int read_csv(const char *text, struct seen *s, struct table_error *err)
{
	struct table_reader r = { s, on_header, on_row, NULL, 0, false };

	memset(s, 0, sizeof *s);
	return table_read_csv(text, strlen(text), &r, err);
}

Test(table, csv_fields_quotes_missing_values_and_the_lines_rows_start_on)
{
	static const char text[] =
		"\xEF\xBB\xBF\"USUBJID\",\"TRTESTCD\",\"TRORRES\",TRSTRESN\r\n"
		"\"S-1\",\"LDIAM\",\"29\",29\r\n"
		"\"S-1\",\"TUMSTATE\",\"PRESENT\",NA\r\n"
		"\r\n"
		"\"S, 2\",\"LDIAM\",\"a \"\"quoted\"\"\nand broken value\",\r\n"
		"S-3,,NA,12.5";
	struct seen s;
	struct table_error err;

	cr_assert_eq(read_csv(text, &s, &err), 0, "%s", err.message);
	cr_expect_str_eq(s.text,
	                 "USUBJID|TRTESTCD|TRORRES|TRSTRESN\n"
	                 "row 1 line 2: S-1|LDIAM|29|29\n"
	                 "row 2 line 3: S-1|TUMSTATE|PRESENT|-\n"
	                 "row 3 line 5: S, 2|LDIAM|a \"quoted\"\nand broken value|-\n"
	                 "row 4 line 7: S-3|-|-|12.5\n");
}

Test(table, csv_rows_keep_their_own_number_of_fields)
{
	struct seen s;
	struct table_error err;

	cr_assert_eq(read_csv("A,B,C\n1,2\n1,2,3,4\n", &s, &err), 0);
	cr_expect_str_eq(s.text, "A|B|C\nrow 1 line 2: 1|2\nrow 2 line 3: 1|2|3|4\n");
}

Test(table, csv_errors_have_a_line_and_column)
{
	struct seen s;
	struct table_error err;

	/* A quote inside a field that is not quoted: line 3, at the quote. */
	cr_expect_eq(read_csv("A,B\n1,2\n3,x\"y\n4,5\n", &s, &err), RECIST_EPARSE);
	cr_expect_eq(err.line, 3);
	cr_expect_eq(err.column, 4, "column %u", err.column);
	cr_expect_not_null(strstr(err.message, "malformed quoting"), "%s", err.message);
	cr_expect_str_eq(s.text, "A|B\nrow 1 line 2: 1|2\n", "the rows before it were read");

	/* A quoted field left open. */
	cr_expect_eq(read_csv("A,B\n1,\"2\n3,4\n", &s, &err), RECIST_EPARSE);
	cr_expect_not_null(strstr(err.message, "not closed"), "%s", err.message);

	/* Nothing at all, or blank lines only. */
	cr_expect_eq(read_csv("", &s, &err), RECIST_EPARSE);
	cr_expect_eq(read_csv("\r\n\n", &s, &err), RECIST_EPARSE);
	cr_expect_not_null(strstr(err.message, "no header"), "%s", err.message);
}

Test(table, csv_a_nul_byte_is_an_error_at_its_place)
{
	static const char text[] = "A,B\n1,x\0y\n";
	struct seen s;
	struct table_error err;
	struct table_reader r = { &s, on_header, on_row, NULL, 0, false };

	memset(&s, 0, sizeof s);
	cr_expect_eq(table_read_csv(text, sizeof text - 1, &r, &err), RECIST_EPARSE);
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.column, 4);
}

Test(table, csv_a_callback_stops_the_read_with_its_value)
{
	struct seen s;
	struct table_error err;
	struct table_reader r = { &s, on_header, on_row, NULL, 0, false };
	static const char text[] = "A\n1\n2\n3\n";

	memset(&s, 0, sizeof s);
	s.stop_at = 2;
	cr_expect_eq(table_read_csv(text, sizeof text - 1, &r, &err), -7);
	cr_expect_str_eq(s.text, "A\nrow 1 line 2: 1\n");
}

/* ---- SAS transport: written by table_write_xpt, read back ---- */

static void temp_path(char path[64])
{
	int fd;

	strcpy(path, "/tmp/recist-table-XXXXXX");
	cr_assert_geq(fd = mkstemp(path), 0);
	close(fd);
}

static int read_xpt(const char *path, struct seen *s, struct table_error *err)
{
	struct table_reader r = { s, on_header, on_row, NULL, 0, false };

	memset(s, 0, sizeof *s);
	return table_read_xpt(path, &r, err);
}

Test(table, xpt_round_trip_in_versions_5_and_8)
{
	static const struct table_column cols[] = {
		{ "USUBJID", "Unique Subject Identifier", false, 20 },
		{ "TRTESTCD", "Tumor/Lesion Assessment Short Name", false, 8 },
		{ "TRORRES", "Result or Finding in Original Units", false, 40 },
		{ "TRSTRESN", "Numeric Result/Finding in Std Units", true, 8 },
	};
	/* 12.3 and 0.1 are not binary fractions: they must come back as written. */
	static const char *const cells[] = {
		"S-1", "LDIAM",    "12.3",                 "12.3",
		"S-1", "TUMSTATE", "PRESENT",              NULL,
		"S-2", "LDIAM",    "TOO SMALL TO MEASURE", "5",
		"S-2", "LPERP",    NULL,                   "0.1",
	};
	static const char want[] =
		"USUBJID|TRTESTCD|TRORRES|TRSTRESN\n"
		"row 1 line 0: S-1|LDIAM|12.3|12.3\n"
		"row 2 line 0: S-1|TUMSTATE|PRESENT|-\n"
		"row 3 line 0: S-2|LDIAM|TOO SMALL TO MEASURE|5\n"
		"row 4 line 0: S-2|LPERP|-|0.1\n";
	static const int versions[] = { 5, 8 };
	struct table_error err;
	struct seen s;
	char path[64];

	for (size_t v = 0; v < 2; v++) {
		temp_path(path);
		cr_assert_eq(table_write_xpt(path, versions[v], "TR", cols, 4, cells, 4, &err), 0, "v%d: %s",
		             versions[v], err.message);
		cr_assert_eq(read_xpt(path, &s, &err), 0, "v%d: %s", versions[v], err.message);
		cr_expect_str_eq(s.text, want, "v%d", versions[v]);
		unlink(path);
	}
}

Test(table, xpt_an_empty_dataset_still_has_its_header)
{
	static const struct table_column cols[] = { { "USUBJID", NULL, false, 20 }, { "VISITNUM", NULL, true, 8 } };
	struct table_error err;
	struct seen s;
	char path[64];

	temp_path(path);
	cr_assert_eq(table_write_xpt(path, 5, "TU", cols, 2, NULL, 0, &err), 0, "%s", err.message);
	cr_assert_eq(read_xpt(path, &s, &err), 0, "%s", err.message);
	cr_expect_str_eq(s.text, "USUBJID|VISITNUM\n");
	unlink(path);
}

Test(table, xpt_errors_say_why)
{
	static const struct table_column cols[] = { { "N", NULL, true, 8 } };
	static const char *const bad[] = { "twelve" };
	struct table_error err;
	struct seen s;
	char path[64];

	cr_expect_eq(read_xpt("/nonexistent/tr.xpt", &s, &err), RECIST_EIO);
	cr_expect_not_null(strstr(err.message, "No such file"), "%s", err.message);

	/* A CSV file is not a transport file. */
	temp_path(path);
	FILE *fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("USUBJID,TRTESTCD\nS-1,LDIAM\n", fp);
	fclose(fp);
	cr_expect_eq(read_xpt(path, &s, &err), RECIST_EPARSE);
	cr_expect_not_null(strstr(err.message, "not a SAS transport file"), "%s", err.message);

	/* A numeric cell that is not a number is refused, naming it. */
	cr_expect_eq(table_write_xpt(path, 5, "T", cols, 1, bad, 1, &err), RECIST_EINVALID);
	cr_expect_not_null(strstr(err.message, "twelve"), "%s", err.message);
	/* A name v5 cannot hold. */
	cr_expect_neq(table_write_xpt(path, 5, "MUCHTOOLONGNAME", cols, 1, NULL, 0, &err), 0);
	unlink(path);
}

/* ---- CSV pulled row by row, and read again in parts ---- */

/* Every row of a stream, as on_row says it: the same text a whole read gives. */
static int stream_all(const char *path, struct seen *s, struct table_error *err)
{
	struct table_reader r = { s, on_header, on_row, NULL, 0, false };
	struct table_stream *st;
	struct table_row row;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = table_stream_open(&st, path, &r, err)) < 0)
		return rc;
	while ((rc = table_stream_next(st, &row)) > 0)
		on_row(s, &row);
	table_stream_close(st);
	return rc;
}

Test(table, csv_streamed_row_by_row_gives_what_a_whole_read_gives)
{
	/* A BOM, CRLF, a quoted line break, NA. */
	static const char text[] = "\xEF\xBB\xBF" "A,B\r\n1,\"x\ny\"\r\nNA,2\n3,4\r\n5,6\n";
	struct seen whole, pulled;
	struct table_error err;
	char path[64];
	FILE *fp;

	cr_assert_eq(read_csv(text, &whole, &err), 0, "%s", err.message);
	temp_path(path);
	cr_assert_not_null(fp = fopen(path, "wb"));
	fputs(text, fp);
	fclose(fp);
	cr_assert_eq(stream_all(path, &pulled, &err), 0, "%s", err.message);
	cr_assert_str_eq(pulled.text, whole.text);
	cr_assert_not_null(strstr(pulled.text, "row 4 line 6: 5|6\n"), "%s", pulled.text);
	/* The same file through the file reader, line by line. */
	struct table_reader r = { &pulled, on_header, on_row, NULL, 0, false };
	memset(&pulled, 0, sizeof pulled);
	cr_assert_eq(table_read_csv_file(path, &r, &err), 0, "%s", err.message);
	cr_assert_str_eq(pulled.text, whole.text);
	unlink(path);
}

Test(table, csv_a_carriage_return_without_a_line_feed_is_an_error)
{
	/* libcsv would end a row there, inside the line: a row with no line and no offset of its own. */
	static const char text[] = "A,B\n1,2\n3,4\r5,6\n7,8\n";
	struct seen s;
	struct table_error err;

	cr_assert_eq(read_csv(text, &s, &err), RECIST_EPARSE);
	cr_assert_eq(err.line, 3);
	cr_assert_not_null(strstr(err.message, "carriage return without a line feed"), "%s", err.message);
	/* A CR inside a quoted field is data. */
	cr_assert_eq(read_csv("A\n\"x\ry\"\n", &s, &err), 0, "%s", err.message);
}

Test(table, csv_a_part_read_again_keeps_its_rows_numbers_lines_and_offsets)
{
	static const char rows[] = "2,x\n3,\"y\nz\"\n";
	struct table_part part = { 7, 12, 400 };
	struct table_reader r = { NULL, on_header, on_row, NULL, 0, false };
	struct table_error err;
	struct seen s;

	memset(&s, 0, sizeof s);
	r.ctx = &s;
	cr_assert_eq(table_read_csv_rows(rows, sizeof rows - 1, &part, &r, &err), 0, "%s", err.message);
	cr_assert_str_eq(s.text, "row 7 line 12: 2|x\nrow 8 line 13: 3|y\nz\n");
	/* A quoting error says the file's line, not the part's. */
	static const char bad[] = "2,x\n3,y\"z\n";
	memset(&s, 0, sizeof s);
	cr_assert_eq(table_read_csv_rows(bad, sizeof bad - 1, &part, &r, &err), RECIST_EPARSE);
	cr_assert_eq(err.line, 13);
}

/* ---- CSV with positions: the reader of response histories ---- */

/* Every row with its places: "N line L: text@l:c ... end l:c\n" ('-' missing); the header is row 0. */
static int on_placed_row(void *ctx, const struct table_row *row)
{
	struct seen *s = ctx;

	say(s, "%lu line %u:", row->number, row->line);
	for (size_t i = 0; i < row->n; i++)
		say(s, " %s@%u:%u", row->cells[i].missing ? "-" : row->cells[i].text, row->cells[i].line,
		    row->cells[i].column);
	say(s, " end %u:%u\n", row->end_line, row->end_column);
	return 0;
}

static int read_placed(const char *text, size_t len, struct seen *s, struct table_error *err)
{
	struct table_reader r = { s, NULL, on_placed_row, NULL, 0, true };

	memset(s, 0, sizeof *s);
	return table_read_csv(text, len, &r, err);
}

#define READ_PLACED(lit, s, err) read_placed((lit), sizeof(lit) - 1, (s), (err))

/* The place of a table error, its kind and words. */
static void expect_error(const struct table_error *err, enum table_fault fault, unsigned line, unsigned column,
                         const char *words)
{
	cr_expect_eq(err->fault, fault, "fault %d: %s", err->fault, err->message);
	cr_expect_eq(err->line, line, "line %u, expected %u: %s", err->line, line, err->message);
	cr_expect_eq(err->column, column, "column %u, expected %u: %s", err->column, column, err->message);
	cr_expect_not_null(strstr(err->message, words), "'%s' lacks '%s'", err->message, words);
}

Test(table, csv_positions_place_every_cell_in_characters_and_keep_the_text_as_written)
{
	/* Columns counted by hand: "né" and "Zoë" are 2 and 3 characters; blank rows before the header too. */
	static const char text[] =
		"\xEF\xBB\xBF\r\n"                          /* 1: blank */
		" ,\t\n"                                    /* 2: an empty spreadsheet row */
		"id,n\xC3\xA9,x\r\n"                        /* 3: the header, row 0 */
		"\"a\nb\",\"c\"\"d\",Zo\xC3\xAB\r\n"        /* 4-5 */
		",,\n"                                      /* 6: skipped */
		"NA, y ,\n"                                 /* 7: NA is text, spaces are kept */
		"e,f,g";                                    /* 8: no line break */
	struct seen s;
	struct table_error err;

	cr_assert_eq(READ_PLACED(text, &s, &err), 0, "%s", err.message);
	cr_expect_str_eq(s.text,
	                 "0 line 3: id@3:1 n\xC3\xA9@3:4 x@3:7 end 3:8\n"
	                 "1 line 4: a\nb@4:1 c\"d@5:4 Zo\xC3\xAB@5:11 end 5:14\n"
	                 "2 line 7: NA@7:1  y @7:4 -@7:8 end 7:8\n"
	                 "3 line 8: e@8:1 f@8:3 g@8:5 end 8:6\n");
}

/* A reader of column 0 alone, chosen from the header (row 0). */
struct chooser {
	struct table_reader r;
	struct seen         s;
};

static int choose_first(void *ctx, const struct table_row *row)
{
	static const bool first[] = { true };
	struct chooser *k = ctx;

	if (row->number == 0) {
		k->r.want = first;
		k->r.n_want = 1;
	}
	return on_placed_row(&k->s, row);
}

Test(table, csv_positions_a_row_is_blank_by_its_text_not_by_the_columns_read)
{
	/* Column b is not read, so passed empty; the row holds an x all the same. */
	static const char text[] = "a,b\n,x\n";
	struct chooser k;
	struct table_error err;

	memset(&k, 0, sizeof k);
	k.r = (struct table_reader){ &k, NULL, choose_first, NULL, 0, true };
	cr_assert_eq(table_read_csv(text, sizeof text - 1, &k.r, &err), 0, "%s", err.message);
	cr_expect_str_eq(k.s.text, "0 line 1: a@1:1 b@1:3 end 1:4\n1 line 2: -@2:1 -@2:2 end 2:3\n");
}

Test(table, csv_positions_refuse_text_that_is_not_utf8_naming_the_field)
{
	struct seen s;
	struct table_error err;

	cr_expect_eq(READ_PLACED("a,b\n1,x\xC3\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 2, 4, "byte 0xc3 in column 'b' is not UTF-8");
	cr_expect_str_eq(s.text, "0 line 1: a@1:1 b@1:3 end 1:4\n", "the header was read");
	cr_expect_eq(READ_PLACED("a,b\nx,\0\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 2, 3, "a NUL byte in column 'b'");
	cr_expect_eq(READ_PLACED("a\xC3\xA9\xFF,b\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 1, 3, "byte 0xff in the header");
	cr_expect_eq(READ_PLACED("a,b\n1,2,\xFF\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 2, 5, "in field 3, past the header's 2");
	cr_expect_eq(READ_PLACED(",b\n\xFF,1\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 2, 1, "in column 1 (no name)");
	/* Overlong forms and surrogates are not UTF-8 either. */
	cr_expect_eq(READ_PLACED("a\n\xC0\xAF\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 2, 1, "byte 0xc0");
	cr_expect_eq(READ_PLACED("a\nx\xED\xA0\x80\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 2, 2, "byte 0xed");
	cr_expect_eq(READ_PLACED("\xFF\xFE" "a\0", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_TEXT, 1, 1, "UTF-16");
	/* Without positions a UTF-16 file is a NUL byte, and other bytes are not checked. */
	cr_expect_eq(read_csv("a\n\xC0\xAF\n", &s, &err), 0, "%s", err.message);
}

Test(table, csv_positions_place_and_name_each_syntax_error)
{
	struct seen s;
	struct table_error err;

	cr_expect_eq(READ_PLACED("a,b\n1,x\"y\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 4, "quote inside the unquoted column 'b'");
	/* Spaces are text: a quote after one is inside an unquoted field. */
	cr_expect_eq(READ_PLACED("a,b\n1, \"2\"\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 4, "quote inside the unquoted column 'b'");
	cr_expect_eq(READ_PLACED("a,b\n\"1\" ,2\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 4, "text after the closing quote in column 'a'");
	/* Text after a closing quote comes before a byte that is not UTF-8 there. */
	cr_expect_eq(READ_PLACED("a\n\"1\"\xFF\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 4, "text after the closing quote in column 'a'");
	/* Unclosed: at its opening quote, however far the file goes on. */
	cr_expect_eq(READ_PLACED("a,b\n1,\"2\n3,4\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 3, "the quote that opens column 'b' is not closed");
	/* A CR without LF: ending a row, on a line of its own, at the end; in quotes it is data. */
	cr_expect_eq(READ_PLACED("a,b\r1,2\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 1, 4, "carriage return without a line feed in the header");
	cr_expect_str_eq(s.text, "", "the header ending at the CR was not read");
	cr_expect_eq(READ_PLACED("a,b\n\r1,2\n", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 1, "carriage return without a line feed in column 'a'");
	cr_expect_eq(READ_PLACED("a,b\n1,2\r", &s, &err), RECIST_EPARSE);
	expect_error(&err, TABLE_SYNTAX, 2, 4, "carriage return without a line feed in column 'b'");
	cr_expect_eq(READ_PLACED("a\n\"x\ry\"\n", &s, &err), 0, "%s", err.message);
	cr_expect_eq(READ_PLACED("a\r\n\r\n1\r\n", &s, &err), 0, "%s", err.message);
}

Test(table, csv_positions_no_header_among_blank_rows)
{
	struct seen s;
	struct table_error err;

	cr_expect_eq(READ_PLACED("\r\n,,\n \t\n", &s, &err), RECIST_EPARSE);
	cr_expect_eq(err.fault, TABLE_NO_HEADER, "%s", err.message);
	cr_expect_eq(READ_PLACED("", &s, &err), RECIST_EPARSE);
	cr_expect_eq(err.fault, TABLE_NO_HEADER, "%s", err.message);
}

Test(table, csv_positions_are_the_same_read_from_a_file_or_pulled)
{
	static const char text[] = "\xEF\xBB\xBF" "a,b\r\n\"1\n\",x\xC3\xA9y\r\n,,\n2,3";
	struct table_reader r = { NULL, NULL, on_placed_row, NULL, 0, true };
	struct seen whole, other;
	struct table_error err;
	struct table_stream *st;
	struct table_row row;
	char path[64];
	FILE *fp;
	int rc;

	cr_assert_eq(READ_PLACED(text, &whole, &err), 0, "%s", err.message);
	temp_path(path);
	cr_assert_not_null(fp = fopen(path, "wb"));
	fwrite(text, 1, sizeof text - 1, fp);
	fclose(fp);
	memset(&other, 0, sizeof other);
	r.ctx = &other;
	cr_assert_eq(table_read_csv_file(path, &r, &err), 0, "%s", err.message);
	cr_expect_str_eq(other.text, whole.text);
	memset(&other, 0, sizeof other);
	cr_assert_eq(table_stream_open(&st, path, &r, &err), 0, "%s", err.message);
	while ((rc = table_stream_next(st, &row)) > 0)
		on_placed_row(&other, &row);
	table_stream_close(st);
	cr_expect_eq(rc, 0, "%s", err.message);
	cr_expect_str_eq(other.text, whole.text);
	unlink(path);
}

/* ---- CSV parsed ahead on a thread (table_ahead.c) ---- */

/*
 * A table long enough for many batches (about 1.3 MB, 20,000 rows: a
 * batch holds 256 KiB or 8,192 rows): quoted commas and line breaks, NA,
 * empty cells, CRLF on every other line, a long field.  bad_at > 0 puts
 * a quote inside an unquoted field on that data row: an error there.
 */
static void write_long_table(const char *path, int rows, int bad_at)
{
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp);
	fputs("ID,NAME,V,NOTE\n", fp);
	for (int i = 1; i <= rows; i++) {
		const char *end = i % 2 ? "\r\n" : "\n";
		if (i == bad_at)
			fprintf(fp, "S%06d,a\"b,1,x%s", i, end);
		else if (i % 1000 == 0)
			fprintf(fp, "S%06d,\"long %0500d\",NA,%s", i, i, end);
		else if (i % 7 == 0)
			fprintf(fp, "S%06d,\"two\nlines, a comma\",%d,%s", i, i, end);
		else
			fprintf(fp, "S%06d,name %d,%d,note%s", i, i, i * 3, end);
	}
	cr_assert_eq(fclose(fp), 0);
}

/* Every row of the table read ahead, each compared with the stream's; the last return. */
static int ahead_matches_stream(const char *path, int *rows)
{
	struct table_reader r = { NULL, NULL, NULL, NULL, 0, false };
	struct table_error err_s, err_a;
	struct table_stream *st;
	struct table_ahead *a;
	struct table_row rs, ra;
	int rc_s, rc_a;

	*rows = 0;
	cr_assert_eq(table_stream_open(&st, path, &r, &err_s), 0);
	cr_assert_eq(table_ahead_open(&a, path, &r, &err_a), 0);
	for (;;) {
		rc_s = table_stream_next(st, &rs);
		rc_a = table_ahead_next(a, &ra);
		cr_assert_eq(rc_a, rc_s, "row %d: read ahead %d, streamed %d", *rows + 1, rc_a, rc_s);
		if (rc_s <= 0)
			break;
		++*rows;
		cr_assert_eq(ra.number, rs.number);
		cr_assert_eq(ra.line, rs.line, "row %lu", rs.number);
		cr_assert_eq(ra.offset, rs.offset, "row %lu", rs.number);
		cr_assert_eq(ra.n, rs.n, "row %lu", rs.number);
		for (size_t i = 0; i < rs.n; i++) {
			cr_assert_eq(ra.cells[i].len, rs.cells[i].len, "row %lu cell %zu", rs.number, i);
			cr_assert_eq(ra.cells[i].missing, rs.cells[i].missing, "row %lu cell %zu", rs.number, i);
			cr_assert_str_eq(ra.cells[i].text, rs.cells[i].text, "row %lu cell %zu", rs.number, i);
		}
	}
	if (rc_s < 0) {
		cr_assert_eq(err_a.fault, err_s.fault);
		cr_assert_eq(err_a.line, err_s.line);
		cr_assert_eq(err_a.column, err_s.column);
		cr_assert_str_eq(err_a.message, err_s.message);
	}
	table_ahead_close(a);
	table_stream_close(st);
	return rc_s;
}

/* The threads of this process (Criterion's own among them: compare counts). */
static int threads_now(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	int n = -1;

	cr_assert_not_null(fp);
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(fp);
	return n;
}

Test(table, csv_read_ahead_gives_the_rows_the_stream_gives)
{
	char path[64];
	int rows;

	temp_path(path);
	write_long_table(path, 20000, 0);
	cr_assert_eq(ahead_matches_stream(path, &rows), 0);
	cr_assert_eq(rows, 20000);
	/* An error far into the table comes after every row before it, with its place. */
	write_long_table(path, 20000, 15001);
	cr_assert_eq(ahead_matches_stream(path, &rows), RECIST_EPARSE);
	cr_assert_eq(rows, 15000);
	/* A header alone, and a table of one short batch. */
	write_long_table(path, 0, 0);
	cr_assert_eq(ahead_matches_stream(path, &rows), 0);
	cr_assert_eq(rows, 0);
	write_long_table(path, 3, 0);
	cr_assert_eq(ahead_matches_stream(path, &rows), 0);
	cr_assert_eq(rows, 3);
	unlink(path);
}

static int threads_before;  /* when the test began */

/* The header is read on the caller's thread, in the first call, and chooses the columns. */
static int want_name_only(void *ctx, const char *const *names, size_t n)
{
	static const bool want[] = { false, true };
	struct table_reader *r = ctx;

	cr_assert_eq(n, 4);
	cr_assert_str_eq(names[1], "NAME");
	cr_assert_eq(threads_now(), threads_before, "the header is read before any thread starts");
	r->want = want;
	r->n_want = 2;
	return 0;
}

Test(table, csv_read_ahead_reads_the_header_first_and_closes_early)
{
	struct table_reader r = { NULL, want_name_only, NULL, NULL, 0, false };
	struct table_error err;
	struct table_ahead *a;
	struct table_row row;
	cpu_set_t set;
	char path[64];

	r.ctx = &r;
	threads_before = threads_now();
	temp_path(path);
	write_long_table(path, 20000, 0);
	cr_assert_eq(table_ahead_open(&a, path, &r, &err), 0);
	cr_assert_eq(table_ahead_next(a, &row), 1);
	cr_assert_eq(row.cells[0].len, 0, "ID is not read");
	cr_assert_str_eq(row.cells[1].text, "name 1");
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 1)
		cr_assert_eq(threads_now(), threads_before + 1, "with %d processors a thread reads ahead", CPU_COUNT(&set));
	/* Closed long before the end: the thread stops, nothing is left (valgrind, ASan). */
	table_ahead_close(a);
	cr_assert_eq(threads_now(), threads_before);
	unlink(path);
}

Test(table, csv_read_ahead_on_one_processor_reads_on_the_callers_thread)
{
	cpu_set_t one;
	char path[64];
	int rows, before = threads_now();

	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	cr_assert_eq(sched_setaffinity(0, sizeof one, &one), 0);
	temp_path(path);
	write_long_table(path, 20000, 0);
	{
		struct table_reader r = { NULL, NULL, NULL, NULL, 0, false };
		struct table_error err;
		struct table_ahead *a;
		struct table_row row;
		cr_assert_eq(table_ahead_open(&a, path, &r, &err), 0);
		cr_assert_eq(table_ahead_next(a, &row), 1);
		cr_assert_eq(threads_now(), before, "one processor: no thread");
		table_ahead_close(a);
	}
	cr_assert_eq(ahead_matches_stream(path, &rows), 0);
	cr_assert_eq(rows, 20000);
	unlink(path);
}
