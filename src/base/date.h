/*
 * date.h - calendar dates as day numbers.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_DATE_H
#define RECIST_DATE_H

#include "base/recist_int.h"

/*
 * Parse exactly "YYYY-MM-DD" (a real Gregorian date, years 1000-9999) of
 * length len.  On success *out is the day number (days since 1970-01-01)
 * and 0 is returned; -1 otherwise.
 */
RECIST_INTERNAL int date_parse(const char *s, size_t len, int32_t *out);
/*
 * A date as input may give it: "YYYY-MM-DD" as date_parse() reads it, or
 * the date part of an ISO 8601 date and time in the extended format,
 * "YYYY-MM-DDThh:mm", with seconds (":ss", and a decimal fraction) and a
 * zone ("Z", "+hh:mm", "+hhmm", "+hh", or '-') optional; the time is
 * checked and dropped, the zone never applied (the date is the one
 * written).  0 and *out, or -1; *exact (may be NULL) says whether the
 * text was the date alone.
 */
RECIST_INTERNAL int date_parse_iso(const char *s, size_t len, int32_t *out, bool *exact);
/* Write "YYYY-MM-DD" and a NUL into out[11]. */
RECIST_INTERNAL void date_format(int32_t day, char out[11]);

#endif
