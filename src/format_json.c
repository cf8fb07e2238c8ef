/*
 * format_json.c - recist-result/1 (interface §3), one line per case.
 *
 * SPDX-License-Identifier: MIT
 *
 * Written by hand rather than through cJSON: the key order is the
 * interface's, numbers print exactly (format.h), and no tree is built per
 * case.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "date.h"
#include "format.h"

size_t format_mm(struct optnum v, char out[48])
{
	if (v.has)
		return ratio_format(v.v, 3, 1, out);
	out[0] = '\0';
	return 0;
}

size_t format_pct(struct optnum v, char out[48])
{
	if (v.has)
		return ratio_format(v.v, 2, 1, out);
	out[0] = '\0';
	return 0;
}

/*
 * The length of the run at s[0..n) that needs no escape: no '"', '\\' or
 * control byte.  Sixteen bytes at a time with SSE2 (every x86-64 has it),
 * then eight at a time: each test below is true of a word exactly when one
 * of its bytes matches (the classic zero-byte trick); the exact byte is
 * then found one by one.
 */
static size_t plain_run(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;

#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* x <= 0x1f unsigned exactly when max(x, 0x1f) is 0x1f */
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
		                           _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
		int mask = _mm_movemask_epi8(hit);
		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif

	for (; i + 8 <= n; i += 8) {
		uint64_t x, q, bs;
		memcpy(&x, s + i, 8);
		q = x ^ (ones * '"');
		bs = x ^ (ones * '\\');
		if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & highs)
			break;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

int json_string(recist_buffer *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n;
	int rc = 0;

	if (s == NULL)
		return buf_puts(b, "null");
	n = strlen(s);
	rc |= buf_append(b, "\"", 1);
	for (;;) {
		/* Copy the run up to the next byte to escape in one go. */
		size_t run = plain_run(s, n);
		unsigned char c;
		char esc[7] = "\\u00";
		const char *e;

		rc |= buf_append(b, s, run);
		if (run == n)
			break;
		c = (unsigned char)s[run];
		if (c == '"')
			e = "\\\"";
		else if (c == '\\')
			e = "\\\\";
		else if (c == '\n')
			e = "\\n";
		else if (c == '\t')
			e = "\\t";
		else if (c == '\r')
			e = "\\r";
		else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			esc[6] = '\0';
			e = esc;
		}
		rc |= buf_puts(b, e);
		s += run + 1;
		n -= run + 1;
	}
	rc |= buf_append(b, "\"", 1);
	return rc ? RECIST_ENOMEM : 0;
}

/* ,"key": (keys are our own: nothing to escape) */
static int json_key(recist_buffer *b, const char *key)
{
	return buf_append(b, ",\"", 2) | buf_puts(b, key) | buf_append(b, "\":", 2);
}

/* "key":value for an optional number printed by f. */
static int json_num(recist_buffer *b, const char *key, struct optnum v, size_t (*f)(struct optnum, char *))
{
	char num[48];
	size_t n = f(v, num);

	return json_key(b, key) | (v.has ? buf_append(b, num, n) : buf_puts(b, "null"));
}

static int json_resp(recist_buffer *b, const char *key, recist_response r)
{
	return json_key(b, key) | buf_append(b, "\"", 1) | buf_puts(b, recist_response_name(r)) |
	       buf_append(b, "\"", 1);
}

/* [s[0],s[1],...] */
static int json_strings(recist_buffer *b, const char *const *s, size_t n)
{
	int rc = buf_append(b, "[", 1);

	for (size_t i = 0; i < n; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_string(b, s[i]);
	}
	return rc | buf_append(b, "]", 1);
}

static int json_timepoint(recist_buffer *b, const struct tp_result *tp)
{
	char digits[48];
	int rc = 0;

	rc |= buf_puts(b, "{\"date\":\"");
	rc |= buf_append(b, tp->date, 10);
	rc |= buf_append(b, "\"", 1);
	rc |= json_num(b, "sum_mm", tp->sum_mm, format_mm);
	rc |= json_num(b, "nadir_mm", tp->nadir_mm, format_mm);
	rc |= json_num(b, "change_from_baseline_pct", tp->change_from_baseline_pct, format_pct);
	rc |= json_num(b, "change_from_nadir_pct", tp->change_from_nadir_pct, format_pct);
	rc |= json_num(b, "change_from_nadir_mm", tp->change_from_nadir_mm, format_mm);
	rc |= json_resp(b, "target", tp->target);
	rc |= json_resp(b, "non_target", tp->non_target);
	rc |= json_resp(b, "new_lesions", tp->new_lesions);
	rc |= json_resp(b, "overall", tp->overall);
	rc |= buf_puts(b, ",\"reasons\":");
	rc |= json_strings(b, tp->reasons, tp->n_reasons);
	rc |= buf_puts(b, ",\"rules\":{\"target\":");
	rc |= json_string(b, tp->target_rule);
	rc |= buf_puts(b, ",\"non_target\":");
	rc |= json_string(b, tp->non_target_rule);
	rc |= buf_puts(b, ",\"new_lesions\":");
	rc |= json_strings(b, tp->new_lesion_rules, tp->n_new_lesion_reasons);
	rc |= buf_puts(b, ",\"overall\":\"overall[");
	rc |= buf_append(b, digits, ratio_format(ratio_int((int64_t)tp->overall_row), 0, 0, digits));
	rc |= buf_puts(b, "]\"}}");
	return rc ? RECIST_ENOMEM : 0;
}

/* {"start","end","days","censored"}, days from start to end (no printf: one per rule set and case). */
static int json_span(recist_buffer *b, int32_t start, int32_t end, bool censored)
{
	char s[11], e[11], days[48];

	date_format(start, s);
	date_format(end, e);
	ratio_format(ratio_int((int64_t)end - start), 0, 0, days);
	return buf_puts(b, "{\"start\":\"") | buf_append(b, s, 10) | buf_puts(b, "\",\"end\":\"") |
	       buf_append(b, e, 10) | buf_puts(b, "\",\"days\":") | buf_puts(b, days) |
	       buf_puts(b, censored ? ",\"censored\":true}" : ",\"censored\":false}");
}

/*
 * best_overall, confirmed_best_overall, progression_date (interface §3),
 * then duration_of_response (null unless best is CR or PR) and
 * time_to_progression from treatment start.
 */
int json_best_response(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	int rc = 0;

	rc |= buf_puts(b, ",\"best_overall\":{\"response\":\"") | buf_puts(b, recist_response_name(bor->best)) |
	      buf_puts(b, "\",\"date\":");
	rc |= json_string(b, bor->best_date.has ? cr->best_date : NULL);
	rc |= buf_puts(b, "},\"confirmed_best_overall\":{\"response\":\"") |
	      buf_puts(b, recist_response_name(bor->confirmed)) | buf_puts(b, "\",\"date\":");
	rc |= json_string(b, bor->confirmed_date.has ? cr->confirmed_date : NULL);
	rc |= buf_puts(b, "},\"progression_date\":");
	rc |= json_string(b, cr->has_progression ? cr->progression_date : NULL);
	rc |= buf_puts(b, ",\"duration_of_response\":");
	rc |= bor->has_dor ? json_span(b, bor->dor_start, bor->dor_end, bor->dor_censored) : buf_puts(b, "null");
	rc |= buf_puts(b, ",\"time_to_progression\":");
	rc |= json_span(b, cr->start_day, bor->ttp_end, bor->ttp_censored);
	return rc;
}

static int json_criteria(recist_buffer *b, const struct crit_result *cr)
{
	int rc = 0;

	rc |= json_string(b, cr->rs->id);
	rc |= buf_puts(b, ":{\"name\":");
	rc |= json_string(b, cr->rs->name);
	rc |= buf_puts(b, ",\"baseline\":{\"date\":\"") | buf_append(b, cr->baseline_date, 10) | buf_puts(b, "\"");
	rc |= json_num(b, "sum_mm", cr->baseline_sum_mm, format_mm);
	rc |= buf_puts(b, "},\"timepoints\":[");
	for (size_t i = 0; i < cr->n_tps; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_timepoint(b, &cr->tps[i]);
	}
	rc |= buf_puts(b, "]");
	rc |= json_best_response(b, cr);
	rc |= buf_append(b, "}", 1);
	return rc ? RECIST_ENOMEM : 0;
}

static int json_warning(recist_buffer *b, const struct result_warning *w)
{
	int rc = 0;

	rc |= buf_puts(b, "{\"code\":");
	rc |= json_string(b, w->code);
	rc |= buf_puts(b, ",\"message\":");
	rc |= json_string(b, w->message);
	rc |= buf_puts(b, ",\"path\":");
	rc |= json_string(b, w->path);
	rc |= buf_puts(b, ",\"criteria\":");
	rc |= json_string(b, w->criteria);
	rc |= buf_puts(b, ",\"rule\":");
	rc |= json_string(b, w->rule);
	rc |= buf_append(b, "}", 1);
	return rc ? RECIST_ENOMEM : 0;
}

static int write_json(recist_buffer *b, const struct recist_result *res)
{
	int rc = 0;

	rc |= buf_puts(b, "{\"format\":\"recist-result/1\",\"case_id\":");
	rc |= json_string(b, res->case_id);
	if (res->arm) {
		rc |= buf_puts(b, ",\"arm\":");
		rc |= json_string(b, res->arm);
	}
	rc |= buf_puts(b, ",\"criteria\":{");
	for (size_t i = 0; i < res->n_crit; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_criteria(b, &res->crit[i]);
	}
	rc |= buf_puts(b, "},\"flags\":[");
	for (size_t i = 0; i < res->n_flags; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= buf_puts(b, "{\"code\":");
		rc |= json_string(b, res->flags[i].code);
		if (res->flags[i].criteria) {
			rc |= buf_puts(b, ",\"criteria\":");
			rc |= json_string(b, res->flags[i].criteria);
		}
		rc |= buf_puts(b, ",\"date\":");
		rc |= json_string(b, res->flags[i].date);
		rc |= buf_puts(b, ",\"message\":");
		rc |= json_string(b, res->flags[i].message);
		rc |= buf_append(b, "}", 1);
	}
	rc |= buf_puts(b, "],\"warnings\":[");
	for (size_t i = 0; i < res->n_warnings; i++) {
		if (i)
			rc |= buf_append(b, ",", 1);
		rc |= json_warning(b, &res->warnings[i]);
	}
	rc |= buf_puts(b, "]}\n");
	return rc ? RECIST_ENOMEM : 0;
}

RECIST_INTERNAL int format_text(recist_buffer *b, const struct recist_result *res);
RECIST_INTERNAL int format_csv(recist_buffer *b, const struct recist_result *res);

int recist_result_write(recist_buffer *buf, const recist_result *res, recist_format fmt)
{
	if (res->history)
		return RECIST_EINVALID;
	switch (fmt) {
	case RECIST_FORMAT_JSON: return write_json(buf, res);
	case RECIST_FORMAT_TEXT: return format_text(buf, res);
	case RECIST_FORMAT_CSV:  return format_csv(buf, res);
	}
	return RECIST_ERROR;
}
