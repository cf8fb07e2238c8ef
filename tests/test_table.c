/*
 * test_table.c - the table readers (src/input/table_csv.c over libcsv,
 * table_xpt.c over ReadStat): the shape SDTM domains come in.  Each case
 * checks the cells, the missing values and the positions a caller reports.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
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
	struct table_reader r = { s, on_header, on_row, NULL, 0 };

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
	struct table_reader r = { &s, on_header, on_row, NULL, 0 };

	memset(&s, 0, sizeof s);
	cr_expect_eq(table_read_csv(text, sizeof text - 1, &r, &err), RECIST_EPARSE);
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.column, 4);
}

Test(table, csv_a_callback_stops_the_read_with_its_value)
{
	struct seen s;
	struct table_error err;
	struct table_reader r = { &s, on_header, on_row, NULL, 0 };
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
	struct table_reader r = { s, on_header, on_row, NULL, 0 };

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
	struct table_reader r = { s, on_header, on_row, NULL, 0 };
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
	struct table_reader r = { &pulled, on_header, on_row, NULL, 0 };
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
	struct table_reader r = { NULL, on_header, on_row, NULL, 0 };
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
