/*
 * sdtm_columns.c - what every part of the SDTM reader (sdtm.h) says of a
 * table: its domain's name, its
 * columns' names, a diagnostic at a row, and the dates of --DTC columns
 * (sdtm.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "input/sdtm.h"

/* The file names of the domains, without extension, in lower case. */
static const char *const domain_stem[DOM__N] = { "tu", "tr", "rs", "dm", "adsl" };

/* The columns' names; "--" is the domain's prefix (TU, TR, RS). */
static const char *const col_names[COL__N] = {
	"STUDYID", "USUBJID", "--LNKID", "--TESTCD", "--ORRES", "--ORRESU", "--STRESC", "--STRESN",
	"--STRESU", "--STAT", "--LOC", "--LOCDTL", "--EVAL", "--EVALID", "--ACPTFL", "VISITNUM",
	"VISIT", "--DTC", "--BLFL", "--LOBXFL", "EPOCH", "--CAT",
	"RFXSTDTC", "RFSTDTC", "TRTSDT", "RANDDT",
};

const char *sdtm_domain_stem(enum sdtm_domain dom)
{
	return domain_stem[dom];
}

const char *sdtm_col_name(enum sdtm_domain dom, enum sdtm_col col, char buf[16])
{
	const char *n = col_names[col];

	if (n[0] != '-')
		return n;
	snprintf(buf, 16, "%c%c%s", toupper((unsigned char)domain_stem[dom][0]),
	         toupper((unsigned char)domain_stem[dom][1]), n + 2);
	return buf;
}

void sdtm_row_diag(const recist_diag_sink *sink, enum diag_code code, const struct sdtm_table *t,
                   const struct sdtm_row *r, enum sdtm_col col, const char *fmt, ...)
{
	char name[16], path[64], msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (col == COL__N)
		snprintf(path, sizeof path, "row %lu", r->number);
	else
		snprintf(path, sizeof path, "row %lu, %s", r->number, sdtm_col_name(t->dom, col, name));
	diag_emit(sink, code, (struct pos){ t->file, r->line, 0 }, path, "%s", msg);
}

int sdtm_date(const char *v, int32_t *day)
{
	char buf[11];
	size_t n = strcspn(v, "T");

	if (v[0] == '\0')
		return 0;
	if (n == 10 && date_parse(v, 10, day) == 0)
		return 2;
	if (n == 7 && v[4] == '-') {
		snprintf(buf, sizeof buf, "%.7s-01", v);
		return date_parse(buf, 10, day) == 0 ? 1 : -1;
	}
	if (n == 4) {
		snprintf(buf, sizeof buf, "%.4s-01-01", v);
		return date_parse(buf, 10, day) == 0 ? 1 : -1;
	}
	return -1;
}
