/*
 * date.c - calendar dates as day numbers (proleptic Gregorian).
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/date.h"

/* Days from civil, after H. Hinnant's public-domain algorithm. */
static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, size_t len, int32_t *out)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, m, d, max;

	if (len != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1000 || m < 1 || m > 12 || d < 1)
		return -1;
	max = mdays[m - 1];
	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		max = 29;
	if (d > max)
		return -1;
	*out = days_from_civil((int)y, m, d);
	return 0;
}

/* "hh:mm" at s, hours 00-23 and minutes 00-59: its length (5), or 0. */
static size_t hours_minutes(const char *s, size_t len, bool colon)
{
	unsigned h, m;
	size_t n = colon ? 5 : 4;

	if (len < n || digits(s, 2, &h) || (colon && s[2] != ':') || digits(s + n - 2, 2, &m) || h > 23 || m > 59)
		return 0;
	return n;
}

/* The time after a date's 'T': hh:mm[:ss[(.|,)f+]][Z|(+|-)hh[[:]mm]], all of len. */
static bool iso_time(const char *s, size_t len)
{
	size_t i;
	unsigned sec;

	if ((i = hours_minutes(s, len, true)) == 0)
		return false;
	if (i < len && s[i] == ':') {
		if (len - i < 3 || digits(s + i + 1, 2, &sec) || sec > 60)  /* 60: a leap second */
			return false;
		i += 3;
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			size_t f = ++i;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i == f)
				return false;
		}
	}
	if (i == len)
		return true;
	if (s[i] == 'Z')
		return i + 1 == len;
	if (s[i] != '+' && s[i] != '-')
		return false;
	i++;
	size_t zone = len - i;   /* hh, hhmm or hh:mm */
	unsigned h;
	if (zone == 2)
		return digits(s + i, 2, &h) == 0 && h <= 23;
	return (zone == 4 || zone == 5) && hours_minutes(s + i, zone, zone == 5) == zone;
}

int date_parse_iso(const char *s, size_t len, int32_t *out, bool *exact)
{
	if (exact != NULL)
		*exact = len == 10;
	if (len < 10 || (len > 10 && (s[10] != 'T' || !iso_time(s + 11, len - 11))))
		return -1;
	return date_parse(s, 10, out);
}

void date_format(int32_t day, char out[11])
{
	int y;
	unsigned m, d;

	civil_from_days(day, &y, &m, &d);
	/* By hand: dates are written for every assessment of every case. */
	y = (y % 10000 + 10000) % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}
