/*
 * scorer.c - batch work: one input record in, exactly one output record out
 * (a result, or an error record that says why the case was rejected), with
 * the per-record memory kept in the scorer and reused, up to a bound.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/text.h"
#include "input/case.h"
#include "output/columns.h"
#include "output/format.h"

/*
 * A case and a result keep their largest arena chunk for the next record,
 * which saves mallocs over millions of ordinary records.  After a record of
 * more than this many bytes they are made anew instead, so that a scorer's
 * memory follows the record at hand, not the largest one of the run.
 */
enum { SCORER_KEEP_BYTES = 256 << 10 };

struct recist_scorer {
	const recist_ruleset *const *sets;
	size_t                       n_sets;
	const recist_flagset        *flags;
	recist_eval_options          opts;
	recist_case                 *c;
	recist_result               *res;
	/* The first error diagnostic of the record, for its error record. */
	bool                         has_error;
	char                         code[64];
	char                         message[768];
	char                         path[256];
	unsigned                     line, column;
};

/* Set the record's error from the catalogue (diag.def), with a detail. */
static void set_error(struct recist_scorer *s, enum diag_code code, const char *detail, unsigned line)
{
	s->has_error = true;
	snprintf(s->code, sizeof s->code, "%s", diag_code_name(code));
	snprintf(s->message, sizeof s->message, "%s%s%s", diag_message(code), detail ? ": " : "", detail ? detail : "");
	s->path[0] = '\0';
	s->line = line;
	s->column = 0;
}

/* Keep the first error of a record; warnings are part of the result. */
static void keep_error(void *ctx, const recist_diag *d)
{
	struct recist_scorer *s = ctx;

	if (d->severity != RECIST_SEV_ERROR || s->has_error)
		return;
	s->has_error = true;
	snprintf(s->code, sizeof s->code, "%s", d->code);
	snprintf(s->message, sizeof s->message, "%s", d->message);
	snprintf(s->path, sizeof s->path, "%s", d->path ? d->path : "");
	s->line = d->line;
	s->column = d->column;
}

/* The case and the result, made anew after a huge record; 0 or RECIST_ENOMEM. */
static int make_objects(struct recist_scorer *s)
{
	if (s->c == NULL && (s->c = recist_case_new()) == NULL)
		return RECIST_ENOMEM;
	if (s->res == NULL && (s->res = recist_result_new()) == NULL)
		return RECIST_ENOMEM;
	return 0;
}

recist_scorer *recist_scorer_new(const recist_ruleset *const *sets, size_t n, const recist_flagset *flags,
                                 const recist_eval_options *opts)
{
	struct recist_scorer *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->sets = sets;
	s->n_sets = n;
	s->flags = flags;
	s->opts = (recist_eval_options)RECIST_EVAL_OPTIONS_INIT;
	/* A caller built against version 1 passes the fields before assessable_only alone. */
	if (opts != NULL)
		memcpy(&s->opts, opts, opts->version >= 2 ? sizeof *opts : offsetof(recist_eval_options, assessable_only));
	if (make_objects(s) < 0) {
		recist_scorer_free(s);
		return NULL;
	}
	return s;
}

void recist_scorer_free(recist_scorer *s)
{
	if (s == NULL)
		return;
	recist_result_free(s->res);
	recist_case_free(s->c);
	free(s);
}

enum { ID_GUESS_MAX = 256 };  /* bytes of a case_id guessed from a broken record */

static size_t skip_blanks(const char *text, size_t len, size_t i)
{
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	return i;
}

/*
 * The escape \uXXXX at text[i..len) as UTF-8 into u (1 to 3 bytes, their
 * number returned); 0 for a control character, a surrogate or bad hex.
 */
static size_t unicode_escape(const char *text, size_t len, size_t i, char u[3])
{
	unsigned cp = 0;

	if (i + 6 > len)
		return 0;
	for (size_t k = i + 2; k < i + 6; k++) {
		int c = (unsigned char)text[k], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return 0;
		cp = cp << 4 | (unsigned)d;
	}
	if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	u[0] = (char)(0xE0 | cp >> 12);
	u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
	u[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/*
 * The JSON string that starts at text[i] (its opening quote) into out, if
 * it is a plain one: no escape but \" \\ \/ and \u of a character that
 * is not a control one, no control byte, valid UTF-8, not empty, at most
 * ID_GUESS_MAX bytes.
 */
static bool plain_string(const char *text, size_t len, size_t i, char out[ID_GUESS_MAX + 1])
{
	size_t n = 0;

	if (i >= len || text[i++] != '"')
		return false;
	while (i < len && text[i] != '"') {
		unsigned char c = (unsigned char)text[i];
		const char *from = text + i;
		size_t k = c >= 0x80 ? text_utf8_len((const unsigned char *)text + i, len - i) : 1, step = k;
		char u[3];
		if (c == '\\' && i + 1 < len && text[i + 1] == 'u') {
			k = unicode_escape(text, len, i, u);
			from = u;
			step = 6;
		} else if (c == '\\') {
			k = i + 1 < len && text[i + 1] != '\0' && strchr("\"\\/", text[i + 1]) != NULL;
			from = text + i + 1;
			step = 2;
		}
		if (c < 0x20 || k == 0 || n + k > ID_GUESS_MAX)
			return false;
		memcpy(out + n, from, k);
		n += k;
		i += step;
	}
	out[n] = '\0';
	return i < len && n > 0;
}

/*
 * The case_id of a record the case reader could not read (malformed JSON,
 * or cut short), guessed from its text: the plain string after the first
 * "case_id" key that has one.  Best effort, and said so in recist(1): the
 * key may be one of a nested object, or inside another string.
 */
static bool guess_case_id(const char *text, size_t len, char out[ID_GUESS_MAX + 1])
{
	static const char key[] = "\"case_id\"";
	const size_t klen = sizeof key - 1;

	for (size_t at = 0; at + klen <= len; at++) {
		if (text[at] != '"' || memcmp(text + at, key, klen) != 0)
			continue;
		size_t i = skip_blanks(text, len, at + klen);
		if (i < len && text[i] == ':' && plain_string(text, len, skip_blanks(text, len, i + 1), out))
			return true;
	}
	return false;
}

/* The error record of a rejected case (JSON), or its ERROR row (CSV). */
static int error_record(struct recist_scorer *s, recist_buffer *b, recist_format fmt, const recist_record *rec)
{
	const char *id = recist_case_id(s->c), *file = rec->file;
	unsigned line = rec->line;
	char guess[ID_GUESS_MAX + 1];
	int rc = 0;

	if (id == NULL && guess_case_id(rec->text, rec->len, guess))
		id = guess;

	if (fmt == RECIST_FORMAT_CSV) {
		char reason[1100];
		snprintf(reason, sizeof reason, "%s:%u: %s: %s%s%s", file, line, s->code, s->path, s->path[0] ? ": " : "",
		         s->message);
		return csv_error_row(b, &csv_results_layout, id, reason);
	}
	rc |= buf_printf(b, "{\"format\":\"recist-error/1\",\"source\":");
	{
		char source[1100];
		snprintf(source, sizeof source, "%s:%u", file, line);
		rc |= json_string(b, source);
	}
	rc |= buf_puts(b, ",\"case_id\":");
	rc |= json_string(b, id);
	rc |= buf_puts(b, ",\"error\":{\"code\":");
	rc |= json_string(b, s->code);
	rc |= buf_puts(b, ",\"message\":");
	rc |= json_string(b, s->message);
	rc |= buf_puts(b, ",\"path\":");
	rc |= json_string(b, s->path[0] ? s->path : NULL);
	rc |= buf_printf(b, ",\"line\":%u,\"column\":%u}}\n", s->line, s->column);
	return rc ? RECIST_ENOMEM : 0;
}

static int score(struct recist_scorer *s, recist_record *rec, const recist_score_options *o, recist_buffer *out)
{
	recist_diag_sink sink = { keep_error, s };
	recist_origin at = { rec->file, rec->line, 1 };
	size_t used = 0;
	int rc;

	s->has_error = false;
	rec->flagged = 0;
	rc = recist_case_parse(s->c, &used, rec->text, rec->len, &at, &sink);
	if (rc == 0 && used < rec->len) {
		/* One record, one case: anything after it is an error of the record. */
		rc = RECIST_EINVALID;
		set_error(s, D_CASE_JSON_SYNTAX, "more than one JSON document in one record", rec->line);
	}
	if (rc == RECIST_ENOTFOUND) {
		rc = RECIST_EINVALID;
		set_error(s, D_CASE_EMPTY_RECORD, "no JSON document", rec->line);
	}
	if (o->shard_count > 1) {
		const char *id = recist_case_id(s->c);
		uint64_t h = id ? hash_fnv1a(id, strlen(id)) : hash_fnv1a(rec->text, rec->len);
		if (h % o->shard_count != o->shard_index) {
			rec->status = RECIST_RECORD_SKIPPED;
			return 0;
		}
	}
	if (rc == 0 && (rc = recist_evaluate_opts(s->res, s->c, s->sets, s->n_sets, &s->opts, &sink)) == 0 &&
	    s->flags != NULL)
		rc = recist_evaluate_flags(s->res, s->flags, &sink);
	if (rc == RECIST_ENOMEM)
		return rc;
	if (rc < 0) {
		if (!s->has_error)
			set_error(s, D_CASE_UNREADABLE, NULL, rec->line);
		rec->status = RECIST_RECORD_REJECTED;
		return error_record(s, out, o->format, rec);
	}
	rec->status = RECIST_RECORD_SCORED;
	rec->flagged = recist_result_flag_count(s->res) > 0;
	return recist_result_write(out, s->res, o->format);
}

int recist_scorer_score(recist_scorer *s, recist_record *rec, const recist_score_options *opts, recist_buffer *out)
{
	static const recist_score_options defaults = RECIST_SCORE_OPTIONS_INIT;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	if (opts->version != RECIST_SCORE_OPTIONS_VERSION)
		return RECIST_EINVALID;
	if ((rc = make_objects(s)) == 0)
		rc = score(s, rec, opts, out);
	if (rec->len > SCORER_KEEP_BYTES) {
		/* Give back what the huge record made the case and the result keep. */
		recist_result_free(s->res);
		recist_case_free(s->c);
		s->res = NULL;
		s->c = NULL;
	}
	return rc;
}
