/*
 * history_csv.c - response histories from a CSV table (input of
 * `recist bor`): one row per subject and assessment, with the columns
 * case_id, treatment_start, date and overall in any order (RFC 4180
 * quoting).  Rows are grouped by subject in the order subjects first
 * appear, and sorted by date within a subject.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "date.h"
#include "diag.h"
#include "ruleset.h"

/* The columns; target_disease (true/false, or empty: inferred) is optional. */
enum { COL_CASE_ID, COL_TREATMENT_START, COL_DATE, COL_OVERALL, COL_TARGET_DISEASE, COL__N };
#define COL_REQUIRED COL_TARGET_DISEASE

static const char *const column_names[COL__N] = {
	[COL_CASE_ID] = "case_id", [COL_TREATMENT_START] = "treatment_start",
	[COL_DATE] = "date", [COL_OVERALL] = "overall", [COL_TARGET_DISEASE] = "target_disease",
};

/* A field of the table: its text (unquoted, in the row arena) and place. */
struct cell {
	const char *text;
	unsigned    line, col;
};

struct row {
	struct cell     f[COL__N];
	int32_t         start, date;
	recist_response overall;
	int             target_disease;  /* -1 not given, 0, 1 */
	size_t          subject;   /* index in order of first appearance */
	bool            bad;
};

struct table {
	struct arena            arena;
	const char             *file;
	const recist_diag_sink *sink;
	struct row             *rows;
	size_t                  n_rows, cap_rows;
	const char            **subjects;  /* case ids, in order of first appearance */
	size_t                  n_subjects, cap_subjects;
	size_t                 *slots;     /* hash of case ids -> subject + 1; 0 empty */
	size_t                  n_slots;
	bool                   *subject_bad;
};

/* A diagnostic at line:col of the table. */
#define say(t, code, line, col, ...) \
	diag_emit((t)->sink, (code), (struct pos){ (t)->file, (line), (col) }, NULL, __VA_ARGS__)

/*
 * Split the line starting at text[*off] into fields (quotes removed, "" an
 * escaped quote).  Returns the number of fields (at most max; more are
 * counted but not stored) and leaves *off after the line break.
 */
static size_t split_line(struct table *t, const char *text, size_t len, size_t *off, unsigned line,
                         struct cell *cells, size_t max, bool *oom)
{
	size_t i = *off, n = 0;

	for (;;) {
		size_t start = i;
		char *out = arena_alloc(&t->arena, len - i + 1), *w = out;
		if (out == NULL) {
			*oom = true;
			return 0;
		}
		if (i < len && text[i] == '"') {
			for (i++; i < len; i++) {
				if (text[i] == '"' && i + 1 < len && text[i + 1] == '"')
					*w++ = text[i++];
				else if (text[i] == '"')
					break;
				else
					*w++ = text[i];
			}
			if (i < len)
				i++; /* the closing quote */
			while (i < len && text[i] != ',' && text[i] != '\n')
				i++; /* text after a closing quote is ignored */
		} else {
			while (i < len && text[i] != ',' && text[i] != '\n')
				*w++ = text[i++];
		}
		if (w > out && w[-1] == '\r')
			w--;
		*w = '\0';
		if (n < max)
			cells[n] = (struct cell){ out, line, (unsigned)(start - *off) + 1 };
		n++;
		if (i >= len || text[i] == '\n')
			break;
		i++; /* the comma */
	}
	*off = i < len ? i + 1 : len;
	return n;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The subject index of case id s, added on first sight; SIZE_MAX on OOM. */
static size_t subject_of(struct table *t, const char *s)
{
	size_t k;

	if (2 * (t->n_subjects + 1) > t->n_slots) {
		size_t n = t->n_slots ? t->n_slots * 2 : 64;
		size_t *slots = arena_calloc(&t->arena, n, sizeof *slots);
		if (slots == NULL)
			return SIZE_MAX;
		for (size_t i = 0; i < t->n_subjects; i++) {
			for (k = hash(t->subjects[i]) & (n - 1); slots[k] != 0; k = (k + 1) & (n - 1))
				;
			slots[k] = i + 1;
		}
		t->slots = slots;
		t->n_slots = n;
	}
	for (k = hash(s) & (t->n_slots - 1); t->slots[k] != 0; k = (k + 1) & (t->n_slots - 1))
		if (strcmp(t->subjects[t->slots[k] - 1], s) == 0)
			return t->slots[k] - 1;
	const char **subjects = arena_grow(&t->arena, t->subjects, t->n_subjects, &t->cap_subjects, sizeof *subjects);
	if (subjects == NULL)
		return SIZE_MAX;
	t->subjects = subjects;
	t->subjects[t->n_subjects] = s;
	t->slots[k] = ++t->n_subjects;
	return t->n_subjects - 1;
}

/* Check a row's values; false (with a diagnostic) when one is wrong. */
static bool check_row(struct table *t, struct row *r)
{
	const struct cell *c;

	c = &r->f[COL_CASE_ID];
	if (c->text[0] == '\0') {
		say(t, D_CASE_BAD_VALUE, c->line, c->col, "empty case_id");
		return false;
	}
	c = &r->f[COL_TREATMENT_START];
	if (date_parse(c->text, strlen(c->text), &r->start) < 0) {
		say(t, D_CASE_BAD_DATE, c->line, c->col, "treatment_start '%s' is not a date (YYYY-MM-DD)", c->text);
		return false;
	}
	c = &r->f[COL_DATE];
	if (date_parse(c->text, strlen(c->text), &r->date) < 0) {
		say(t, D_CASE_BAD_DATE, c->line, c->col, "date '%s' is not a date (YYYY-MM-DD)", c->text);
		return false;
	}
	c = &r->f[COL_OVERALL];
	if (resp_lookup(c->text, strlen(c->text), &r->overall) < 0 || !(resp_overall_set & RESP_BIT(r->overall))) {
		say(t, D_CASE_BAD_VALUE, c->line, c->col,
		    "overall '%s' (expected CR, PR, SD, NON-CR/NON-PD, PD or NE)", c->text);
		return false;
	}
	c = &r->f[COL_TARGET_DISEASE];
	r->target_disease = -1;
	if (c->text != NULL && c->text[0] != '\0') {
		if (strcmp(c->text, "true") != 0 && strcmp(c->text, "false") != 0) {
			say(t, D_CASE_BAD_VALUE, c->line, c->col, "target_disease '%s' (expected true, false or empty)",
			    c->text);
			return false;
		}
		r->target_disease = strcmp(c->text, "true") == 0;
	}
	return true;
}

static int by_date(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;

	return (x->date > y->date) - (x->date < y->date);
}

/* Build subject s's history in h (arena reset) from its rows; false if inconsistent. */
static int build(struct table *t, size_t s, struct row **rows, size_t n, struct recist_case *h, bool *ok)
{
	*ok = false;
	qsort(rows, n, sizeof *rows, by_date);
	for (size_t i = 0; i < n; i++) {
		if (rows[i]->start != rows[0]->start) {
			say(t, D_CASE_CONFLICT, rows[i]->f[COL_TREATMENT_START].line, rows[i]->f[COL_TREATMENT_START].col,
			    "subject '%s' has two treatment_start dates (first '%s')", t->subjects[s],
			    rows[0]->f[COL_TREATMENT_START].text);
			return 0;
		}
		if (i > 0 && rows[i]->date == rows[i - 1]->date) {
			say(t, D_CASE_DATE_ORDER, rows[i]->f[COL_DATE].line, rows[i]->f[COL_DATE].col,
			    "subject '%s' has two responses on %s", t->subjects[s], rows[i]->f[COL_DATE].text);
			return 0;
		}
	}
	case_reset(h);
	h->history = true;
	h->file = t->file;
	h->case_id = t->subjects[s];
	h->has_treatment_start = true;
	h->treatment_start = rows[0]->start;
	h->target_disease = true;
	if ((h->assessments = arena_calloc(&h->arena, n ? n : 1, sizeof *h->assessments)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct assessment *a = &h->assessments[i];
		a->date = rows[i]->date;
		date_format(a->date, a->date_str);
		a->overall = rows[i]->overall;
		if (a->overall == RECIST_RESP_NON_CR_NON_PD)
			h->target_disease = false;  /* only without target disease (Table 2) */
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i]->target_disease >= 0)
			h->target_disease = rows[i]->target_disease;
	h->n_assessments = n;
	*ok = true;
	return 0;
}

static int read_rows(struct table *t, const char *text, size_t len, int *col_of)
{
	size_t off = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a byte-order mark */
	unsigned line = 1;
	struct cell head[32];
	bool oom = false;
	size_t n = split_line(t, text, len, &off, line, head, 32, &oom);
	int ret = 0;

	if (oom)
		return RECIST_ENOMEM;
	for (size_t c = 0; c < COL__N; c++)
		col_of[c] = -1;
	for (size_t i = 0; i < n && i < 32; i++)
		for (size_t c = 0; c < COL__N; c++)
			if (strcmp(head[i].text, column_names[c]) == 0)
				col_of[c] = (int)i;
	for (size_t c = 0; c < COL_REQUIRED; c++) {
		if (col_of[c] < 0) {
			say(t, D_CASE_MISSING_KEY, 1, 1, "column '%s' (the header needs case_id, treatment_start, date, overall)",
			    column_names[c]);
			return RECIST_EINVALID;
		}
	}
	while (off < len) {
		struct cell cells[32];
		struct row *r;
		line++;
		if (text[off] == '\n' || (text[off] == '\r' && off + 1 < len && text[off + 1] == '\n')) {
			off += text[off] == '\n' ? 1 : 2;
			continue; /* blank line */
		}
		n = split_line(t, text, len, &off, line, cells, 32, &oom);
		if (oom || (r = arena_grow(&t->arena, t->rows, t->n_rows, &t->cap_rows, sizeof *r)) == NULL)
			return RECIST_ENOMEM;
		t->rows = r;
		r = &t->rows[t->n_rows];
		memset(r, 0, sizeof *r);
		for (size_t c = 0; c < COL__N; c++) {
			if (col_of[c] < 0)
				continue;  /* an optional column not in the header */
			if ((size_t)col_of[c] >= n) {
				say(t, D_CASE_MISSING_KEY, line, 1, "row has no '%s' field", column_names[c]);
				r->bad = true;
				break;
			}
			r->f[c] = cells[col_of[c]];
		}
		if (!r->bad && !check_row(t, r))
			r->bad = true;
		if (r->f[COL_CASE_ID].text == NULL || r->f[COL_CASE_ID].text[0] == '\0') {
			ret = RECIST_EINVALID;
			continue; /* no subject to attach it to: reported, dropped */
		}
		if ((r->subject = subject_of(t, r->f[COL_CASE_ID].text)) == SIZE_MAX)
			return RECIST_ENOMEM;
		t->n_rows++;
	}
	return ret;
}

int recist_history_parse_csv(const char *text, size_t len, const char *file, recist_history_fn fn, void *ctx,
                             const recist_diag_sink *sink)
{
	struct table t;
	struct recist_case *h = NULL;
	struct row **order = NULL;
	size_t *first = NULL;
	int col_of[COL__N], ret, fn_ret;

	memset(&t, 0, sizeof t);
	t.file = file;
	t.sink = sink;
	ret = read_rows(&t, text, len, col_of);
	if (ret == RECIST_ENOMEM || (ret < 0 && t.n_rows == 0 && t.n_subjects == 0))
		goto done;
	/* Rows grouped by subject, a counting sort that keeps file order. */
	if ((h = recist_case_new()) == NULL || (order = calloc(t.n_rows + 1, sizeof *order)) == NULL ||
	    (first = calloc(t.n_subjects + 1, sizeof *first)) == NULL ||
	    (t.subject_bad = arena_calloc(&t.arena, t.n_subjects + 1, sizeof *t.subject_bad)) == NULL) {
		ret = RECIST_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < t.n_rows; i++) {
		first[t.rows[i].subject + 1]++;
		if (t.rows[i].bad)
			t.subject_bad[t.rows[i].subject] = true;
	}
	for (size_t s = 1; s <= t.n_subjects; s++)
		first[s] += first[s - 1];
	{
		size_t *fill = calloc(t.n_subjects + 1, sizeof *fill);
		if (fill == NULL) {
			ret = RECIST_ENOMEM;
			goto done;
		}
		for (size_t i = 0; i < t.n_rows; i++)
			order[first[t.rows[i].subject] + fill[t.rows[i].subject]++] = &t.rows[i];
		free(fill);
	}
	for (size_t s = 0; s < t.n_subjects; s++) {
		bool ok;
		if (t.subject_bad[s]) {
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
	arena_release(&t.arena);
	return ret;
}
