/*
 * history_csv.c - response histories from a CSV table (input of
 * `recist bor`): one row per subject and assessment, with the columns
 * case_id, treatment_start, date and overall in any order (RFC 4180
 * quoting).  Rows are grouped by subject in the order subjects first
 * appear, and sorted by date within a subject.
 *
 * SPDX-License-Identifier: MIT
 *
 * The CSV is table_csv.c's (table.h), read with positions: each cell
 * comes with its line and column, the text checked to be UTF-8, empty
 * spreadsheet rows skipped, and every error of syntax or text placed and
 * worded there.  This file gives the columns their meaning.  What is kept
 * is proportional to the table: a few numbers per row (struct row) and
 * each subject's id once; the columns it does not read are never copied.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/text.h"
#include "input/case.h"
#include "input/table.h"
#include "rules/ruleset.h"

/* The columns; target_disease (true/false, or empty: inferred) is optional. */
enum { COL_CASE_ID, COL_TREATMENT_START, COL_DATE, COL_OVERALL, COL_TARGET_DISEASE, COL__N };
#define COL_REQUIRED COL_TARGET_DISEASE

static const char *const column_names[COL__N] = {
	[COL_CASE_ID] = "case_id", [COL_TREATMENT_START] = "treatment_start",
	[COL_DATE] = "date", [COL_OVERALL] = "overall", [COL_TARGET_DISEASE] = "target_disease",
};

/* A position in the file. */
struct at {
	unsigned line, col;
};
static const struct at file_start = { 1, 1 };

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

struct hist_table {
	struct arena            arena;    /* subject ids */
	const char             *file;
	const recist_diag_sink *sink;
	struct table_reader    *reader;   /* its want is chosen from the header */
	bool                   *want;     /* the columns read, by index in the header */
	size_t                  n_cols;   /* of the header; 0 until it is read */
	int                     col_of[COL__N];  /* index in the header, -1 when absent */
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

static struct at at_cell(const struct table_cell *c)
{
	return (struct at){ c->line, c->column };
}

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

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The header (table_csv.c's row 0: the first row that is not blank), its
 * names matched with the columns, and the columns to read chosen.  0,
 * RECIST_EINVALID (reported) or RECIST_ENOMEM.
 */
static int read_header(struct hist_table *t, const struct table_row *row)
{
	for (size_t i = 0; i < row->n; i++) {
		const struct table_cell *c = &row->cells[i];
		for (int k = 0; k < COL__N; k++) {
			if (c->len != strlen(column_names[k]) || memcmp(c->text, column_names[k], c->len) != 0)
				continue;
			if (t->col_of[k] >= 0) {
				say(t, D_CASE_DUPLICATE_KEY, at_cell(c), "column '%s' is named twice (also field %d)",
				    column_names[k], t->col_of[k] + 1);
				return RECIST_EINVALID;
			}
			t->col_of[k] = (int)i;
		}
	}
	for (int k = 0; k < COL_REQUIRED; k++) {
		if (t->col_of[k] < 0) {
			say(t, D_CASE_MISSING_KEY, ((struct at){ row->line, 1 }),
			    "column '%s' (the header needs case_id, treatment_start, date, overall)", column_names[k]);
			return RECIST_EINVALID;
		}
	}
	if ((t->want = calloc(row->n, sizeof *t->want)) == NULL)
		return RECIST_ENOMEM;
	for (int k = 0; k < COL__N; k++)
		if (t->col_of[k] >= 0)
			t->want[t->col_of[k]] = true;
	t->reader->want = t->want;
	t->reader->n_want = row->n;
	t->n_cols = row->n;
	return 0;
}

/* The subject index of case id s[0..len), added on first sight; SIZE_MAX on OOM. */
static size_t subject_of(struct hist_table *t, const char *s, size_t len)
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



/*
 * Check the values of a data row, its cells by column, and keep them in r;
 * false (reported) when one is wrong.  As in a case document, a response
 * and target_disease may be written in any letter case with white space
 * around them, and a date may be the date part of an ISO 8601 date and
 * time (recist-case(5), Conventions).
 */
static bool row_values(struct hist_table *t, const struct table_cell *const *f, struct row *r)
{
	char buf[TEXT_QUOTE_SIZE];
	const struct table_cell *v;

	v = f[COL_TREATMENT_START];
	r->at_start = at_cell(v);
	if (date_parse_iso(v->text, v->len, &r->start, NULL) < 0) {
		say(t, D_CASE_BAD_DATE, at_cell(v), "treatment_start '%s' is not a date (YYYY-MM-DD)",
		    text_quote(v->text, v->len, buf));
		return false;
	}
	v = f[COL_DATE];
	r->at_date = at_cell(v);
	if (date_parse_iso(v->text, v->len, &r->date, NULL) < 0) {
		say(t, D_CASE_BAD_DATE, at_cell(v), "date '%s' is not a date (YYYY-MM-DD)", text_quote(v->text, v->len, buf));
		return false;
	}
	v = f[COL_OVERALL];
	/* RECIST's responses, or iRECIST's (the rule set applied checks which: engine.c). */
	if (resp_lookup_loose(v->text, v->len, &r->overall) < 0 ||
	    !((resp_overall_set | resp_progression_set) & RESP_BIT(r->overall))) {
		char terms[192];
		resp_set_list(resp_overall_set | resp_progression_set, " or ", terms, sizeof terms);
		say(t, D_CASE_BAD_VALUE, at_cell(v), "overall '%s' (expected %s)", text_quote(v->text, v->len, buf), terms);
		return false;
	}
	v = f[COL_TARGET_DISEASE];
	r->at_target_disease = at_cell(v);
	r->target_disease = -1;
	if (text_term_match(v->text, v->len, "true") != TEXT_OTHER) {
		r->target_disease = 1;
	} else if (text_term_match(v->text, v->len, "false") != TEXT_OTHER) {
		r->target_disease = 0;
	} else if (text_term_match(v->text, v->len, "") == TEXT_OTHER) {  /* empty, or white space alone */
		say(t, D_CASE_BAD_VALUE, at_cell(v), "target_disease '%s' (expected true, false or empty)",
		    text_quote(v->text, v->len, buf));
		return false;
	}
	return true;
}

/*
 * Keep a data row (table_csv.c has skipped the blank ones).  0, or
 * RECIST_ENOMEM; table errors are reported and set t->refused, and the
 * reading goes on so that every such row is reported.
 */
static int read_row(struct hist_table *t, const struct table_row *row)
{
	static const struct table_cell absent = { "", 0, true, 0, 0 };  /* target_disease, when no column has it */
	const struct table_cell *f[COL__N], *v;
	char buf[TEXT_QUOTE_SIZE];
	size_t s;
	struct row r, *rows;

	if (row->n != t->n_cols) {
		/* Fields out of line with the header: which one is the case_id?  At the first too many, or the end. */
		struct at a = row->n > t->n_cols ? at_cell(&row->cells[t->n_cols])
		                                 : (struct at){ row->end_line, row->end_column };
		say(t, D_CASE_CSV_SYNTAX, a, "row has %zu field%s, the header %zu", row->n, row->n == 1 ? "" : "s",
		    t->n_cols);
		t->refused = true;
		return 0;
	}
	for (int k = 0; k < COL__N; k++)
		f[k] = t->col_of[k] >= 0 ? &row->cells[t->col_of[k]] : &absent;
	v = f[COL_CASE_ID];
	if (v->len == 0) {
		say(t, D_CASE_BAD_VALUE, at_cell(v), "empty case_id: the row belongs to no subject");
		t->refused = true;
		return 0;
	}
	if (is_space(v->text[0]) || is_space(v->text[v->len - 1])) {
		say(t, D_CASE_BAD_VALUE, at_cell(v), "case_id '%s' begins or ends with white space",
		    text_quote(v->text, v->len, buf));
		t->refused = true;
		return 0;
	}
	if ((s = subject_of(t, v->text, v->len)) == SIZE_MAX)
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

/* table_csv.c: the header as row 0, then the data rows. */
static int on_row(void *ctx, const struct table_row *row)
{
	struct hist_table *t = ctx;

	return row->number == 0 ? read_header(t, row) : read_row(t, row);
}

/*
 * Read the whole table.  0, RECIST_EINVALID (a table error, reported) or
 * RECIST_ENOMEM.  The codes of table_csv.c's errors are ours: its text
 * errors are CASE_BAD_TEXT, its syntax errors CASE_CSV_SYNTAX.
 */
static int read_table(struct hist_table *t, const char *text, size_t len)
{
	struct table_reader r = { t, NULL, on_row, NULL, 0, true };
	struct table_error err;
	int ret;

	t->reader = &r;
	ret = table_read_csv(text, len, &r, &err);
	t->reader = NULL;
	if (ret == RECIST_EPARSE) {  /* table_csv.c's own: on_row returns no RECIST_EPARSE */
		if (err.fault == TABLE_NO_HEADER)
			say(t, D_CASE_MISSING_KEY, file_start,
			    "no header (it needs the columns case_id, treatment_start, date, overall)");
		else
			say(t, err.fault == TABLE_TEXT ? D_CASE_BAD_TEXT : D_CASE_CSV_SYNTAX,
			    ((struct at){ err.line, err.column }), "%s", err.message);
		return RECIST_EINVALID;
	}
	if (ret < 0)
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
static int build(struct hist_table *t, size_t s, struct row **rows, size_t n, struct recist_case *h, bool *ok)
{
	const struct subject *sj = &t->subjects[s];
	const struct row *td = NULL;  /* the first row that gives target_disease */
	char id[TEXT_QUOTE_SIZE], d[11];

	*ok = false;
	qsort(rows, n, sizeof *rows, by_date);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = rows[i];
		if (r->start != rows[0]->start) {
			date_format(rows[0]->start, d);
			say(t, D_CASE_CONFLICT, r->at_start, "subject '%s' has two treatment_start dates (%s at line %u)",
			    text_quote(sj->id, sj->len, id), d, rows[0]->at_start.line);
			return 0;
		}
		if (i > 0 && r->date == rows[i - 1]->date) {
			date_format(r->date, d);
			say(t, D_CASE_DATE_ORDER, r->at_date, "subject '%s' has two responses on %s (also at line %u)",
			    text_quote(sj->id, sj->len, id), d, rows[i - 1]->at_date.line);
			return 0;
		}
		if (r->target_disease >= 0 && td != NULL && r->target_disease != td->target_disease) {
			say(t, D_CASE_CONFLICT, r->at_target_disease,
			    "subject '%s' has target_disease true and false (also at line %u)", text_quote(sj->id, sj->len, id),
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

/*
 * Another input of recist given as a table of histories (input_kind_of):
 * CASE_WRONG_KIND, which says what it is and what reads it, and
 * RECIST_EINVALID; 0 when it is not one of them.
 */
static int wrong_kind(struct hist_table *t, const char *text, size_t len)
{
	const char *what = NULL;

	switch (input_kind_of(text, len)) {
	case INPUT_SDTM:
		what = "this is a CDISC SDTM table, not a table of response histories; recist bor reads a trial's RS "
		       "calls with --sdtm PATH (recist-sdtm(5))";
		break;
	case INPUT_RULES:
		what = "this is a rule file (recist-rules/1), not a table of response histories; load it with --rules FILE";
		break;
	case INPUT_FLAGS:
		what = "this is a flag file (recist-flags/1), not a table of response histories";
		break;
	case INPUT_HISTORY_CSV:
	case INPUT_OTHER:
		return 0;
	}
	say(t, D_CASE_WRONG_KIND, file_start, "%s", what);
	return RECIST_EINVALID;
}

int recist_history_parse_csv(const char *text, size_t len, const char *file, recist_history_fn fn, void *ctx,
                             const recist_diag_sink *sink)
{
	struct hist_table t;
	struct recist_case *h = NULL;
	struct row **order = NULL;
	size_t *first = NULL;
	int ret, fn_ret;

	memset(&t, 0, sizeof t);
	t.file = file;
	t.sink = sink;
	for (int k = 0; k < COL__N; k++)
		t.col_of[k] = -1;
	if ((ret = wrong_kind(&t, text, len)) < 0 || (ret = read_table(&t, text, len)) < 0)
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
	free(t.want);
	free(t.rows);
	free(t.subjects);
	free(t.slots);
	arena_release(&t.arena);
	return ret;
}
