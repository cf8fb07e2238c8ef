/*
 * history_csv.c - response histories from a CSV table (input of
 * `recist bor`): one row per subject and assessment, with the columns
 * case_id, treatment_start, date and overall in any order (RFC 4180
 * quoting).  Rows are grouped by subject in the order subjects first
 * appear, and sorted by date within a subject.
 *
 * SPDX-License-Identifier: MIT
 *
 * The text is read once, byte by byte, and what is kept is proportional
 * to it: a few numbers per row (struct row) and each subject's id once.
 * No field is copied unless it is needed and holds a doubled quote.
 *
 * Two kinds of error.  A table error is one after which a row cannot be
 * trusted to belong to the subject it names: malformed CSV, text that is
 * not UTF-8 or holds a NUL byte, a row whose fields do not line up with
 * the header, a case_id that is empty or padded with white space, a
 * header that lacks a column or names one twice.  Since a subject's rows
 * may be anywhere in the file, no subject of that file is then scored:
 * any of them could have lost a row, or gained another's.  A row error
 * (a date or a response that is not valid) or a conflict between the rows
 * of one subject skips that subject only.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/text.h"
#include "input/case.h"
#include "rules/ruleset.h"

/* Characters of an input value that a message quotes; the rest is elided. */
#define QUOTE_MAX 64
/* Room for such a quote: 4 bytes a character (UTF-8, or \xHH), "...", NUL. */
enum { SHOWN_SIZE = 4 * QUOTE_MAX + 4 };

/* The columns; target_disease (true/false, or empty: inferred) is optional. */
enum { COL_CASE_ID, COL_TREATMENT_START, COL_DATE, COL_OVERALL, COL_TARGET_DISEASE, COL__N };
#define COL_REQUIRED COL_TARGET_DISEASE

static const char *const column_names[COL__N] = {
	[COL_CASE_ID] = "case_id", [COL_TREATMENT_START] = "treatment_start",
	[COL_DATE] = "date", [COL_OVERALL] = "overall", [COL_TARGET_DISEASE] = "target_disease",
};

/* The reading position: the next byte, and its line and column. */
struct cursor {
	const unsigned char *p, *end;
	unsigned             line, col;  /* from 1; columns count characters */
};

/* A position in the file. */
struct at {
	unsigned line, col;
};
static const struct at file_start = { 1, 1 };

/* A field as read. */
struct field {
	const char *text;  /* its value, quotes undone; not NUL-terminated */
	size_t      len;
	struct at   at;    /* its first character (the opening quote, if quoted) */
	struct at   end;   /* just past its last character (its closing quote) */
};

/* A column of the header. */
struct column {
	struct field name;
	int          known;  /* COL_*, or -1: not read */
};

/* A data row whose values are good: what the subject checks and scoring need. */
struct row {
	size_t          subject;         /* index in order of first appearance */
	int32_t         start, date;     /* day numbers */
	recist_response overall;
	signed char     target_disease;  /* -1 not given, 0, 1 */
	struct at       at_start, at_date, at_target_disease;
};

struct subject {
	const char *id;      /* NUL-terminated, in the table's arena */
	size_t      len;
	uint64_t    hash;
	size_t      n_rows;  /* good rows */
	bool        bad;     /* a row of it had a wrong value (reported) */
};

struct table {
	struct arena            arena;    /* subject ids, header names */
	struct arena            scratch;  /* one row's unquoted values */
	const char             *file;
	const recist_diag_sink *sink;
	bool                    header_read;
	struct column          *cols;     /* the header's fields */
	size_t                  n_cols, cap_cols;
	int                     col_of[COL__N];  /* index in cols, -1 when absent */
	struct row             *rows;
	size_t                  n_rows, cap_rows;
	struct subject         *subjects;
	size_t                  n_subjects, cap_subjects;
	size_t                 *slots;    /* hash of case ids -> subject + 1; 0 empty */
	size_t                  n_slots;
	bool                    refused;  /* a table error was reported: score nothing */
};

/* A diagnostic at a of the table. */
#define say(t, code, a, ...) \
	diag_emit((t)->sink, (code), (struct pos){ (t)->file, (a).line, (a).col }, NULL, __VA_ARGS__)

/*
 * Room for one more element in array, which holds n of *cap elements of
 * 'size' bytes: the array, moved if it had to grow, or NULL when out of
 * memory (array is then left as it was).  Plain realloc, not the arena:
 * the rows of a large table should not leave their old copies behind.
 */
static void *grow(void *array, size_t n, size_t *cap, size_t size)
{
	size_t ncap = *cap ? 2 * *cap : 64;

	if (n < *cap)
		return array;
	if (ncap > SIZE_MAX / size || (array = realloc(array, ncap * size)) == NULL)
		return NULL;
	*cap = ncap;
	return array;
}

/*
 * s[0..len) as a message quotes it, in buf[SHOWN_SIZE]: at most QUOTE_MAX
 * characters, then "...", and control characters as \xHH, so that no value
 * can break the one-line form of a diagnostic.
 */
static const char *shown(const char *s, size_t len, char *buf)
{
	size_t i = 0, w = 0;

	for (unsigned n_chars = 0; i < len && n_chars < QUOTE_MAX; n_chars++) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : text_utf8_len((const unsigned char *)s + i, len - i);
		if (c < 0x20 || c == 0x7F || n == 0) {
			w += (size_t)snprintf(buf + w, 5, "\\x%02x", c);
			i++;
		} else {
			memcpy(buf + w, s + i, n);
			w += n;
			i += n;
		}
	}
	if (i < len) {
		memcpy(buf + w, "...", 3);
		w += 3;
	}
	buf[w] = '\0';
	return buf;
}

/* How messages name field i of the line being read, in buf[size]. */
static const char *field_name(const struct table *t, size_t i, char *buf, size_t size)
{
	char name[SHOWN_SIZE];

	if (!t->header_read)
		snprintf(buf, size, "the header");
	else if (i >= t->n_cols)
		snprintf(buf, size, "field %zu, past the header's %zu", i + 1, t->n_cols);
	else if (t->cols[i].name.len == 0)
		snprintf(buf, size, "column %zu (no name)", i + 1);
	else
		snprintf(buf, size, "column '%s'", shown(t->cols[i].name.text, t->cols[i].name.len, name));
	return buf;
}

static struct at here(const struct cursor *cur)
{
	return (struct at){ cur->line, cur->col };
}

/* Step over n bytes of ASCII on one line. */
static void skip(struct cursor *cur, size_t n)
{
	cur->p += n;
	cur->col = cur->col <= UINT_MAX - n ? cur->col + (unsigned)n : UINT_MAX;
}

static void next_line(struct cursor *cur)
{
	cur->p++;
	cur->line += cur->line < UINT_MAX;  /* positions saturate past 4 GiB */
	cur->col = 1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Does field f hold nothing but spaces and tabs?  (NULL text: it held quotes.) */
static bool is_blank(const struct field *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->text == NULL || (f->text[i] != ' ' && f->text[i] != '\t'))
			return false;
	return true;
}

/*
 * Step over the character at cur (not a line feed), which belongs to
 * field i: 0, or RECIST_EINVALID (reported) for a NUL byte or bytes that
 * are not UTF-8.
 */
static int step(struct table *t, struct cursor *cur, size_t i)
{
	size_t n = 1;
	char name[SHOWN_SIZE + 64];

	if (*cur->p == '\0') {
		say(t, D_CASE_BAD_TEXT, here(cur), "a NUL byte in %s",
		    field_name(t, i, name, sizeof name));
		return RECIST_EINVALID;
	}
	if (*cur->p >= 0x80 && (n = text_utf8_len(cur->p, (size_t)(cur->end - cur->p))) == 0) {
		say(t, D_CASE_BAD_TEXT, here(cur), "byte 0x%02x in %s is not UTF-8",
		    *cur->p, field_name(t, i, name, sizeof name));
		return RECIST_EINVALID;
	}
	cur->p += n;
	cur->col += cur->col < UINT_MAX;  /* one character */
	return 0;
}

/*
 * After field i (quoted or not): step over the comma or the line break
 * that ends it, and say in *more whether the row goes on.  0, or
 * RECIST_EINVALID (reported) when something else follows.
 */
static int field_end(struct table *t, struct cursor *cur, size_t i, bool quoted, bool *more)
{
	struct at a = here(cur);
	char name[SHOWN_SIZE + 64];

	*more = false;
	if (cur->p == cur->end)
		return 0;
	if (*cur->p == ',') {
		*more = true;
		skip(cur, 1);
		return 0;
	}
	if (*cur->p == '\r' && cur->end - cur->p > 1 && cur->p[1] == '\n')
		cur->p++;
	if (*cur->p == '\n') {
		next_line(cur);
		return 0;
	}
	if (*cur->p == '\r')
		say(t, D_CASE_CSV_SYNTAX, a, "carriage return without a line feed in %s (lines end with LF or CR LF)",
		    field_name(t, i, name, sizeof name));
	else if (quoted)
		say(t, D_CASE_CSV_SYNTAX, a, "text after the closing quote in %s (a quote inside quotes is doubled)",
		    field_name(t, i, name, sizeof name));
	return RECIST_EINVALID;
}

/*
 * Read field i of a line at cur into *f, with *more true when a comma
 * follows.  Its value is a span of the input, or, when it holds doubled
 * quotes, a copy in 'keep' with the quotes undone; keep NULL: the value
 * is not needed (f->text is then NULL if it had doubled quotes).  0,
 * RECIST_EINVALID (a table error, reported) or RECIST_ENOMEM.
 */
static int read_field(struct table *t, struct cursor *cur, size_t i, struct arena *keep, struct field *f,
                      bool *more)
{
	const unsigned char *start;
	bool quoted = cur->p < cur->end && *cur->p == '"', doubled = false;
	char name[SHOWN_SIZE + 64];
	int ret;

	f->at = here(cur);
	if (!quoted) {
		for (start = cur->p; cur->p < cur->end && *cur->p != ',' && *cur->p != '\n' && *cur->p != '\r';) {
			if (*cur->p == '"') {
				say(t, D_CASE_CSV_SYNTAX, here(cur),
				    "quote inside the unquoted %s (quote the whole field and double the quote)",
				    field_name(t, i, name, sizeof name));
				return RECIST_EINVALID;
			}
			if ((ret = step(t, cur, i)) < 0)
				return ret;
		}
		f->text = (const char *)start;
		f->len = (size_t)(cur->p - start);
	} else {
		skip(cur, 1);  /* the opening quote */
		for (start = cur->p;;) {
			if (cur->p == cur->end) {
				say(t, D_CASE_CSV_SYNTAX, f->at, "the quote that opens %s is not closed",
				    field_name(t, i, name, sizeof name));
				return RECIST_EINVALID;
			}
			if (*cur->p == '"' && cur->end - cur->p > 1 && cur->p[1] == '"') {
				doubled = true;
				skip(cur, 2);
			} else if (*cur->p == '"') {
				break;
			} else if (*cur->p == '\n') {
				next_line(cur);
			} else if ((ret = step(t, cur, i)) < 0) {
				return ret;
			}
		}
		f->text = (const char *)start;
		f->len = (size_t)(cur->p - start);
		skip(cur, 1);  /* the closing quote */
	}
	if (doubled) {
		/* Undo the doubling; the value is shorter than its span. */
		char *w = keep != NULL ? arena_alloc(keep, f->len) : NULL;
		if (keep != NULL && w == NULL)
			return RECIST_ENOMEM;
		f->text = w;
		for (size_t k = 0, n = f->len; w != NULL && k < n; k++) {
			*w++ = (char)start[k];
			if (start[k] == '"')
				k++, f->len--;  /* the second of the pair */
		}
	}
	f->end = here(cur);
	return field_end(t, cur, i, quoted, more);
}

/*
 * The header: the first line that is not blank, its names matched with
 * the columns.  0, RECIST_EINVALID (reported) or RECIST_ENOMEM.
 */
static int read_header(struct table *t, struct cursor *cur)
{
	struct at first = file_start;  /* of the header line */
	bool more, blank = true;
	int ret;

	while (blank && cur->p < cur->end) {
		first = (struct at){ cur->line, 1 };
		for (t->n_cols = 0, more = true; more; t->n_cols++) {
			struct column *c = grow(t->cols, t->n_cols, &t->cap_cols, sizeof *c);
			if (c == NULL)
				return RECIST_ENOMEM;
			t->cols = c;
			c += t->n_cols;
			if ((ret = read_field(t, cur, t->n_cols, &t->arena, &c->name, &more)) < 0)
				return ret;
			c->known = -1;
			blank = blank && is_blank(&c->name);
		}
	}
	t->header_read = true;
	if (blank) {
		say(t, D_CASE_MISSING_KEY, file_start, "no header (it needs the columns case_id, treatment_start, date, overall)");
		return RECIST_EINVALID;
	}
	for (size_t i = 0; i < t->n_cols; i++) {
		const struct field *f = &t->cols[i].name;
		for (int k = 0; k < COL__N; k++) {
			if (f->len != strlen(column_names[k]) || memcmp(f->text, column_names[k], f->len) != 0)
				continue;
			if (t->col_of[k] >= 0) {
				say(t, D_CASE_DUPLICATE_KEY, f->at, "column '%s' is named twice (also field %d)",
				    column_names[k], t->col_of[k] + 1);
				return RECIST_EINVALID;
			}
			t->col_of[k] = (int)i;
			t->cols[i].known = k;
		}
	}
	for (int k = 0; k < COL_REQUIRED; k++) {
		if (t->col_of[k] < 0) {
			say(t, D_CASE_MISSING_KEY, first, "column '%s' (the header needs case_id, treatment_start, date, overall)",
			    column_names[k]);
			return RECIST_EINVALID;
		}
	}
	return 0;
}

/* The subject index of case id s[0..len), added on first sight; SIZE_MAX on OOM. */
static size_t subject_of(struct table *t, const char *s, size_t len)
{
	uint64_t h = hash_fnv1a(s, len);
	struct subject *sj;
	size_t k;

	if (2 * (t->n_subjects + 1) > t->n_slots) {
		size_t n = t->n_slots ? t->n_slots * 2 : 64;
		size_t *slots = n <= SIZE_MAX / sizeof *slots ? calloc(n, sizeof *slots) : NULL;
		if (slots == NULL)
			return SIZE_MAX;
		for (size_t i = 0; i < t->n_subjects; i++) {
			for (k = t->subjects[i].hash & (n - 1); slots[k] != 0; k = (k + 1) & (n - 1))
				;
			slots[k] = i + 1;
		}
		free(t->slots);
		t->slots = slots;
		t->n_slots = n;
	}
	for (k = h & (t->n_slots - 1); t->slots[k] != 0; k = (k + 1) & (t->n_slots - 1)) {
		sj = &t->subjects[t->slots[k] - 1];
		if (sj->hash == h && sj->len == len && memcmp(sj->id, s, len) == 0)
			return t->slots[k] - 1;
	}
	if ((sj = grow(t->subjects, t->n_subjects, &t->cap_subjects, sizeof *sj)) == NULL)
		return SIZE_MAX;
	t->subjects = sj;
	sj += t->n_subjects;
	if ((sj->id = arena_strndup(&t->arena, s, len)) == NULL)
		return SIZE_MAX;
	sj->len = len;
	sj->hash = h;
	sj->n_rows = 0;
	sj->bad = false;
	t->slots[k] = ++t->n_subjects;
	return t->n_subjects - 1;
}


/* Check the values of a data row and keep them in r; false (reported) when one is wrong. */
static bool row_values(struct table *t, const struct field *f, struct row *r)
{
	char buf[SHOWN_SIZE];
	const struct field *v;

	v = &f[COL_TREATMENT_START];
	r->at_start = v->at;
	if (date_parse(v->text, v->len, &r->start) < 0) {
		say(t, D_CASE_BAD_DATE, v->at, "treatment_start '%s' is not a date (YYYY-MM-DD)", shown(v->text, v->len, buf));
		return false;
	}
	v = &f[COL_DATE];
	r->at_date = v->at;
	if (date_parse(v->text, v->len, &r->date) < 0) {
		say(t, D_CASE_BAD_DATE, v->at, "date '%s' is not a date (YYYY-MM-DD)", shown(v->text, v->len, buf));
		return false;
	}
	v = &f[COL_OVERALL];
	if (resp_lookup(v->text, v->len, &r->overall) < 0 || !(resp_overall_set & RESP_BIT(r->overall))) {
		char terms[128];
		resp_set_list(resp_overall_set, " or ", terms, sizeof terms);
		say(t, D_CASE_BAD_VALUE, v->at, "overall '%s' (expected %s)", shown(v->text, v->len, buf), terms);
		return false;
	}
	v = &f[COL_TARGET_DISEASE];
	r->at_target_disease = v->at;
	r->target_disease = -1;
	if (v->len == 4 && memcmp(v->text, "true", 4) == 0) {
		r->target_disease = 1;
	} else if (v->len == 5 && memcmp(v->text, "false", 5) == 0) {
		r->target_disease = 0;
	} else if (v->len > 0) {
		say(t, D_CASE_BAD_VALUE, v->at, "target_disease '%s' (expected true, false or empty)",
		    shown(v->text, v->len, buf));
		return false;
	}
	return true;
}

/*
 * Read the data row at cur and keep it.  A row with nothing but commas,
 * spaces and tabs (a blank line, or an empty spreadsheet row) is skipped:
 * it holds no data to lose.  0, or
 * RECIST_EINVALID for a table error that stops the reading, RECIST_ENOMEM;
 * other table errors are reported and set t->refused.
 */
static int read_row(struct table *t, struct cursor *cur)
{
	struct field f[COL__N], v;
	struct at extra = { 0, 0 };
	char buf[SHOWN_SIZE];
	bool more = true, blank = true;
	size_t n, s;
	struct row r, *rows;
	int ret;

	memset(f, 0, sizeof f);
	arena_reset(&t->scratch);
	for (n = 0; more; n++) {
		int k = n < t->n_cols ? t->cols[n].known : -1;
		if ((ret = read_field(t, cur, n, k >= 0 ? &t->scratch : NULL, &v, &more)) < 0)
			return ret;
		blank = blank && is_blank(&v);
		if (k >= 0)
			f[k] = v;
		if (n == t->n_cols)
			extra = v.at;  /* the first field too many */
	}
	if (blank)
		return 0;
	if (n != t->n_cols) {
		/* Fields out of line with the header: which one is the case_id? */
		say(t, D_CASE_CSV_SYNTAX, n > t->n_cols ? extra : v.end, "row has %zu field%s, the header %zu", n,
		    n == 1 ? "" : "s", t->n_cols);
		t->refused = true;
		return 0;
	}
	v = f[COL_CASE_ID];
	if (v.len == 0) {
		say(t, D_CASE_BAD_VALUE, v.at, "empty case_id: the row belongs to no subject");
		t->refused = true;
		return 0;
	}
	if (is_space(v.text[0]) || is_space(v.text[v.len - 1])) {
		say(t, D_CASE_BAD_VALUE, v.at, "case_id '%s' begins or ends with white space", shown(v.text, v.len, buf));
		t->refused = true;
		return 0;
	}
	if ((s = subject_of(t, v.text, v.len)) == SIZE_MAX)
		return RECIST_ENOMEM;
	r.subject = s;
	if (!row_values(t, f, &r)) {
		t->subjects[s].bad = true;
		return 0;
	}
	if ((rows = grow(t->rows, t->n_rows, &t->cap_rows, sizeof *rows)) == NULL)
		return RECIST_ENOMEM;
	t->rows = rows;
	t->rows[t->n_rows++] = r;
	t->subjects[s].n_rows++;
	return 0;
}

/* Read the whole table.  0, RECIST_EINVALID (a table error) or RECIST_ENOMEM. */
static int read_table(struct table *t, const char *text, size_t len)
{
	struct cursor cur = { (const unsigned char *)text, (const unsigned char *)text + len, 1, 1 };
	int ret;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		cur.p += 3;  /* a byte-order mark, as spreadsheets write */
	} else if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
		say(t, D_CASE_BAD_TEXT, file_start, "the file is UTF-16 (save it as UTF-8)");
		return RECIST_EINVALID;
	}
	if ((ret = read_header(t, &cur)) < 0)
		return ret;
	while (cur.p < cur.end)
		if ((ret = read_row(t, &cur)) < 0)
			return ret;
	return t->refused ? RECIST_EINVALID : 0;
}

/* Date order, then file order: a subject's rows as the history lists them. */
static int by_date(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;

	if (x->date != y->date)
		return (x->date > y->date) - (x->date < y->date);
	return (x > y) - (x < y);
}

/*
 * Build subject s's history in h from its n rows: *ok false (reported)
 * when they contradict each other.  0 or RECIST_ENOMEM.
 */
static int build(struct table *t, size_t s, struct row **rows, size_t n, struct recist_case *h, bool *ok)
{
	const struct subject *sj = &t->subjects[s];
	const struct row *td = NULL;  /* the first row that gives target_disease */
	char id[SHOWN_SIZE], d[11];

	*ok = false;
	qsort(rows, n, sizeof *rows, by_date);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = rows[i];
		if (r->start != rows[0]->start) {
			date_format(rows[0]->start, d);
			say(t, D_CASE_CONFLICT, r->at_start, "subject '%s' has two treatment_start dates (%s at line %u)",
			    shown(sj->id, sj->len, id), d, rows[0]->at_start.line);
			return 0;
		}
		if (i > 0 && r->date == rows[i - 1]->date) {
			date_format(r->date, d);
			say(t, D_CASE_DATE_ORDER, r->at_date, "subject '%s' has two responses on %s (also at line %u)",
			    shown(sj->id, sj->len, id), d, rows[i - 1]->at_date.line);
			return 0;
		}
		if (r->target_disease >= 0 && td != NULL && r->target_disease != td->target_disease) {
			say(t, D_CASE_CONFLICT, r->at_target_disease,
			    "subject '%s' has target_disease true and false (also at line %u)", shown(sj->id, sj->len, id),
			    td->at_target_disease.line);
			return 0;
		}
		if (r->target_disease >= 0 && td == NULL)
			td = r;
	}
	case_reset(h);
	h->history = true;
	h->file = t->file;
	h->case_id = sj->id;
	h->has_treatment_start = true;
	h->treatment_start = rows[0]->start;
	if ((h->assessments = arena_calloc(&h->arena, n, sizeof *h->assessments)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct assessment *a = &h->assessments[i];
		a->date = rows[i]->date;
		date_format(a->date, a->date_str);
		a->overall = rows[i]->overall;
	}
	h->n_assessments = n;
	h->target_disease = td != NULL ? td->target_disease : case_infer_target_disease(h);
	*ok = true;
	return 0;
}

int recist_history_parse_csv(const char *text, size_t len, const char *file, recist_history_fn fn, void *ctx,
                             const recist_diag_sink *sink)
{
	struct table t;
	struct recist_case *h = NULL;
	struct row **order = NULL;
	size_t *first = NULL;
	int ret, fn_ret;

	memset(&t, 0, sizeof t);
	t.file = file;
	t.sink = sink;
	for (int k = 0; k < COL__N; k++)
		t.col_of[k] = -1;
	if ((ret = read_table(&t, text, len)) < 0)
		goto done;
	/* Rows grouped by subject, a counting sort that keeps file order. */
	if ((h = recist_case_new()) == NULL || (order = calloc(t.n_rows + 1, sizeof *order)) == NULL ||
	    (first = calloc(t.n_subjects + 1, sizeof *first)) == NULL) {
		ret = RECIST_ENOMEM;
		goto done;
	}
	for (size_t s = 0; s < t.n_subjects; s++) {
		first[s + 1] = first[s] + t.subjects[s].n_rows;
		t.subjects[s].n_rows = 0;
	}
	for (size_t i = 0; i < t.n_rows; i++) {
		struct subject *sj = &t.subjects[t.rows[i].subject];
		order[first[t.rows[i].subject] + sj->n_rows++] = &t.rows[i];
	}
	for (size_t s = 0; s < t.n_subjects; s++) {
		bool ok;
		if (t.subjects[s].bad) {
			ret = RECIST_EINVALID;  /* its bad row was reported */
			continue;
		}
		if ((fn_ret = build(&t, s, order + first[s], first[s + 1] - first[s], h, &ok)) < 0) {
			ret = fn_ret;
			goto done;
		}
		if (!ok) {
			ret = RECIST_EINVALID;
			continue;
		}
		if ((fn_ret = fn(ctx, h)) < 0) {
			ret = fn_ret;
			goto done;
		}
	}
done:
	free(order);
	free(first);
	recist_case_free(h);
	free(t.cols);
	free(t.rows);
	free(t.subjects);
	free(t.slots);
	arena_release(&t.arena);
	arena_release(&t.scratch);
	return ret;
}
