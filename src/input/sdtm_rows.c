/*
 * sdtm_rows.c - what both ways of reading SDTM tables (sdtm_once.c,
 * sdtm_twice.c) do with a table's header and a subject's rows: the columns
 * found, a row kept (the columns read, trimmed), the readers of a subject,
 * its treatment start, and its cases or histories made (sdtm.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "input/sdtm.h"
#include "input/table.h"

/*
 * The columns: which of ours each is (t->map), and which each pass copies:
 * the first only USUBJID (want_id), the second the columns read (want).
 */
/* isspace() of the C locale, without a call per character. */
static inline bool is_white(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* [*s, *s + *n) without the white space around it. */
static inline void trim(const char **s, size_t *n)
{
	while (*n && is_white(**s))
		(*s)++, (*n)--;
	while (*n && is_white((*s)[*n - 1]))
		(*n)--;
}

int sdtm_on_header(void *ctx, const char *const *names, size_t n)
{
	struct reading *rd = ctx;
	struct sdtm_table *t = rd->t;
	char buf[16];

	if ((t->map = arena_alloc(&rd->im->arena, (n ? n : 1) * sizeof *t->map)) == NULL ||
	    (t->want = arena_calloc(&rd->im->arena, n ? n : 1, sizeof *t->want)) == NULL ||
	    (t->want_id = arena_calloc(&rd->im->arena, n ? n : 1, sizeof *t->want_id)) == NULL)
		return RECIST_ENOMEM;
	t->n_map = n;
	for (size_t i = 0; i < n; i++) {
		t->map[i] = COL__N;
		for (size_t c = 0; c < COL__N; c++)
			if (strcasecmp(names[i], sdtm_col_name(t->dom, (enum sdtm_col)c, buf)) == 0 && !t->has[c]) {
				t->map[i] = c;
				t->has[c] = true;
				t->column[c] = i;
				t->read[t->n_read++] = i;
			}
		t->want[i] = t->map[i] != COL__N;
		t->want_id[i] = t->map[i] == COL_USUBJID;
	}
	rd->reader->want = t->want_id;
	rd->reader->n_want = n;
	return 0;
}

/* The cell of column col in row, trimmed of surrounding space: [*s, *s + *n). */
void sdtm_cell_of(const struct sdtm_table *t, const struct table_row *row, enum sdtm_col col,
                    const char **s, size_t *n)
{
	*s = "";
	*n = 0;
	if (t->has[col] && t->column[col] < row->n) {
		*s = row->cells[t->column[col]].text;
		*n = row->cells[t->column[col]].len;
	}
	trim(s, n);
}

/* The columns a domain cannot do without: one of each group. */
static const struct { enum sdtm_domain dom; enum sdtm_col any[3]; const char *what; } required[] = {
	{ DOM_TU, { COL_USUBJID, COL__N, COL__N },         "USUBJID" },
	{ DOM_TU, { COL_LNKID, COL__N, COL__N },           "TULNKID" },
	{ DOM_TU, { COL_STRESC, COL_ORRES, COL__N },       "TUSTRESC or TUORRES" },
	{ DOM_TR, { COL_USUBJID, COL__N, COL__N },         "USUBJID" },
	{ DOM_TR, { COL_TESTCD, COL__N, COL__N },          "TRTESTCD" },
	{ DOM_TR, { COL_LNKID, COL__N, COL__N },           "TRLNKID" },
	{ DOM_TR, { COL_STRESN, COL_STRESC, COL_ORRES },   "TRSTRESN, TRSTRESC or TRORRES" },
	{ DOM_TR, { COL_DTC, COL_VISITNUM, COL_VISIT },    "TRDTC, VISITNUM or VISIT" },
	{ DOM_RS, { COL_USUBJID, COL__N, COL__N },         "USUBJID" },
	{ DOM_RS, { COL_TESTCD, COL__N, COL__N },          "RSTESTCD" },
	{ DOM_RS, { COL_STRESC, COL_ORRES, COL__N },       "RSSTRESC or RSORRES" },
	{ DOM_RS, { COL_DTC, COL_VISITNUM, COL_VISIT },    "RSDTC, VISITNUM or VISIT" },
	{ DOM_DM, { COL_USUBJID, COL__N, COL__N },         "USUBJID" },
	{ DOM_ADSL, { COL_USUBJID, COL__N, COL__N },       "USUBJID" },
};

int sdtm_check_columns(struct import *im, const struct sdtm_table *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
		bool found = false;
		if (required[i].dom != t->dom)
			continue;
		for (size_t k = 0; k < 3 && required[i].any[k] != COL__N; k++)
			found |= t->has[required[i].any[k]];
		if (!found) {
			/* The header is line 1 of a CSV file; a transport file has no lines. */
			diag_emit(im->sink, D_SDTM_MISSING_COLUMN, (struct pos){ t->file, t->xpt ? 0 : 1, 0 },
			          NULL, "%s", required[i].what);
			return RECIST_EINVALID;
		}
	}
	return 0;
}

int sdtm_table_failed(struct import *im, const struct sdtm_table *t, int rc, const struct table_error *err)
{
	if (rc == RECIST_EIO || rc == RECIST_EPARSE)
		diag_emit(im->sink, rc == RECIST_EIO ? D_SYS_READ : D_SDTM_TABLE_SYNTAX,
		          (struct pos){ t->file, err->line, err->column }, NULL, "%s", err->message);
	return rc;
}

int sdtm_keep_row(void *ctx, const struct table_row *row)
{
	struct reading *rd = ctx;
	struct import *im = rd->im;
	struct sdtm_table *t = rd->t;
	struct sdtm_row r = { NULL, "", row->number, row->line };

	size_t bytes = 0;
	char *text;

	/* The cells read, trimmed, one after another in one allocation. */
	for (size_t k = 0; k < t->n_read && t->read[k] < row->n; k++)
		bytes += row->cells[t->read[k]].len + 1;
	if ((r.v = arena_alloc(&im->rows, COL__N * sizeof *r.v + bytes)) == NULL)
		return RECIST_ENOMEM;
	text = (char *)(r.v + COL__N);
	for (size_t c = 0; c < COL__N; c++)
		r.v[c] = "";
	for (size_t k = 0; k < t->n_read && t->read[k] < row->n; k++) {
		size_t i = t->read[k];
		const char *s = row->cells[i].text;
		size_t n = row->cells[i].len;
		trim(&s, &n);
		if (n == 0)
			continue;
		memcpy(text, s, n);
		text[n] = '\0';
		r.v[t->map[i]] = text;
		text += n + 1;
	}
	if (r.v[COL_USUBJID][0] == '\0')
		return 0;  /* reported by the first pass */
	r.reader = r.v[COL_EVALID][0] ? r.v[COL_EVALID] : r.v[COL_EVAL];
	if (im->opts->evaluator != NULL && r.reader[0] && strcasecmp(r.reader, im->opts->evaluator) != 0) {
		im->other_reader[t->dom]++;
		return 0;
	}
	if (im->opts->accepted_only && t->dom <= DOM_RS && strcasecmp(r.v[COL_ACPTFL], "Y") != 0) {
		im->not_accepted[t->dom]++;
		return 0;
	}
	if ((t->rows = arena_grow(&im->rows, t->rows, t->n_rows, &t->cap_rows, sizeof *t->rows)) == NULL)
		return RECIST_ENOMEM;
	t->rows[t->n_rows++] = r;
	return 0;
}

/*
 * The columns the treatment start is read from in table t, in order, the
 * first filled one used: --start's alone, else RFXSTDTC (first exposure),
 * then RFSTDTC (the sponsor's reference start), then ADSL's TRTSDT.  The
 * count, 0 when t has none of them.
 */
static size_t start_columns(const struct import *im, const struct sdtm_table *t, enum sdtm_col out[3])
{
	static const enum sdtm_col order[] = { COL_RFXSTDTC, COL_RFSTDTC, COL_TRTSDT };
	size_t n = 0;
	char buf[16];

	if (im->opts->start != NULL) {
		for (size_t c = COL_RFXSTDTC; c <= COL_RANDDT; c++)
			if (strcasecmp(im->opts->start, sdtm_col_name(t->dom, (enum sdtm_col)c, buf)) == 0 && t->has[c])
				out[n++] = (enum sdtm_col)c;
		return n;
	}
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (t->has[order[i]])
			out[n++] = order[i];
	return n;
}

/*
 * The treatment start of a subject: an ISO 8601 date or date-time (its
 * date part), or in ADSL a SAS date, the number of days since 1960-01-01
 * that a transport file's numeric date holds.
 */
static const char *start_of(struct import *im, const struct sdtm_table *t, enum sdtm_col col,
                            const struct sdtm_row *r, char out[11])
{
	const char *v = r->v[col];
	int32_t day;
	char *end;
	long n;

	if (v[0] == '\0')
		return NULL;
	if (strlen(v) >= 10 && (v[10] == '\0' || v[10] == 'T') && date_parse(v, 10, &day) == 0) {
		date_format(day, out);
		return out;
	}
	n = strtol(v, &end, 10);
	if (t->dom == DOM_ADSL && *end == '\0' && n > -3653 && n < 3000000) {
		date_format((int32_t)(n - 3653), out);  /* 1960-01-01 is day -3653 of 1970-01-01 */
		return out;
	}
	sdtm_row_diag(im->sink, D_SDTM_BAD_VALUE, t, r, col, "not a full date: '%s': not the treatment start", v);
	im->bad = true;
	return NULL;
}

/* The readers of one subject's rows, each once, sorted; rows naming none go to the only one. */
static int readers_of(struct import *im, struct sdtm_subject *s, const char ***out, size_t *n_out)
{
	const char **names = NULL;
	size_t n = 0, cap = 0;

	for (int d = DOM_TU; d <= DOM_RS; d++)
		for (size_t i = 0; i < s->n[d]; i++) {
			const char *r = s->rows[d][i].reader;
			size_t k = 0;
			if (r[0] == '\0')
				continue;
			while (k < n && strcmp(names[k], r) != 0)
				k++;
			if (k < n)
				continue;
			if ((names = arena_grow(&im->rows, names, n, &cap, sizeof *names)) == NULL)
				return RECIST_ENOMEM;
			names[n++] = r;
		}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			const char *x = names[k];
			names[k] = names[k - 1];
			names[k - 1] = x;
		}
	for (int d = DOM_TU; d <= DOM_RS; d++)
		for (size_t i = 0; i < s->n[d]; i++) {
			struct sdtm_row *r = &im->t[d].rows[i];
			if (r->reader[0] != '\0' || n == 0)
				continue;
			if (n == 1) {
				r->reader = names[0];
				continue;
			}
			sdtm_row_diag(im->sink, D_SDTM_MIXED_READERS, &im->t[d], r, COL_EVAL,
			              "names no reader, while subject %s has rows of %s and %s: the row is not used",
			              s->usubjid, names[0], names[1]);
			im->bad = true;
		}
	if (n == 0) {  /* the rows name no reader: one case, named by the subject alone */
		if ((names = arena_alloc(&im->rows, sizeof *names)) == NULL)
			return RECIST_ENOMEM;
		names[n++] = "";
	}
	*out = names;
	*n_out = n;
	return 0;
}

/* Subject s's documents, one per reader (histories: per reader and rule set). */
static int subject_docs(struct import *im, struct sdtm_subject *s, struct emit *e)
{
	const char **readers;
	size_t n_readers;
	int rc;

	if ((rc = readers_of(im, s, &readers, &n_readers)) < 0)
		return rc;
	for (size_t i = 0; i < n_readers && rc == 0; i++) {
		recist_sdtm_kind kind = e->history_of != NULL ? RECIST_SDTM_HISTORY : RECIST_SDTM_CASE;
		const char *case_id;
		bool bad = false;

		recist_buffer_clear(&e->doc);
		arena_reset(&e->scratch);
		case_id = readers[i][0] ? arena_printf(&e->scratch, "%s/%s", s->usubjid, readers[i]) : s->usubjid;
		if (case_id == NULL)
			return RECIST_ENOMEM;
		if (e->history_of != NULL)
			rc = sdtm_history(s, readers[i], case_id, e->history_of, &e->scratch, &e->doc, im->sink, &bad);
		else
			rc = sdtm_case(s, readers[i], case_id, &e->scratch, &e->doc, im->sink, &bad);
		/* RS alone: the site's calls, a history under each rule set they name. */
		bool rs_alone = rc == 0 && e->history_of == NULL && im->opts->rs_alone && e->doc.len == 0 &&
		                s->n[DOM_TU] == 0 && s->n[DOM_TR] == 0;
		for (size_t k = 0; rs_alone && rc == 0 && k < e->n_sets; k++) {
			kind = RECIST_SDTM_HISTORY;
			if (e->sets[k]->cdisc_rscat != NULL)
				rc = sdtm_history(s, readers[i], case_id, e->sets[k], &e->scratch, &e->doc, im->sink, &bad);
		}
		im->bad |= bad;
		if (rc == 0 && e->doc.len > 0)
			rc = e->fn(e->ctx, kind, e->doc.ptr, e->doc.len, case_id);
	}
	return rc;
}

int sdtm_setup_starts(struct import *im, struct starts *st)
{
	memset(st, 0, sizeof *st);
	for (int d = DOM_DM; d <= DOM_ADSL; d++)
		if (im->t[d].present)
			st->n[d] = start_columns(im, &im->t[d], st->col[d]);
	if ((im->t[DOM_DM].present || im->t[DOM_ADSL].present) && st->n[DOM_DM] + st->n[DOM_ADSL] == 0) {
		diag_emit(im->sink, D_SDTM_MISSING_COLUMN, (struct pos){ im->t[im->t[DOM_DM].present ? DOM_DM : DOM_ADSL].file,
		          0, 0 }, NULL, "%s", im->opts->start ? im->opts->start : "RFXSTDTC, RFSTDTC or TRTSDT");
		return RECIST_EINVALID;
	}
	return 0;
}

/* Subject s, its rows of every table in im->t[].rows: its treatment start, then its documents. */
int sdtm_subject_ready(struct import *im, const struct starts *st, const char *usubjid, struct emit *e)
{
	struct sdtm_subject s = { usubjid, im->t, { NULL }, { 0 }, NULL, im->opts, e->sets, e->n_sets };
	char start[11];

	for (int d = 0; d < DOM__N; d++) {
		s.rows[d] = im->t[d].rows;
		s.n[d] = im->t[d].n_rows;
	}
	if (s.n[DOM_TU] + s.n[DOM_TR] + s.n[DOM_RS] == 0)
		return 0;  /* DM or ADSL alone: nothing to score */
	for (int d = DOM_DM; d <= DOM_ADSL && s.start == NULL; d++) {
		if (s.n[d] == 0)
			continue;
		for (size_t c = 0; c < st->n[d] && s.start == NULL; c++)
			s.start = start_of(im, &im->t[d], st->col[d][c], &s.rows[d][0], start);
	}
	return subject_docs(im, &s, e);
}

void sdtm_rows_reset(struct import *im)
{
	arena_reset(&im->rows);
	for (int d = 0; d < DOM__N; d++) {
		im->t[d].rows = NULL;
		im->t[d].n_rows = im->t[d].cap_rows = 0;
	}
}

/* What the options left out, said once per table: a filter that keeps nothing is seen at once. */
void sdtm_say_left_out(struct import *im)
{
	char buf[16];

	for (int d = 0; d < DOM__N; d++) {
		const struct sdtm_table *t = &im->t[d];
		if (im->other_reader[d] > 0)
			diag_emit(im->sink, D_SDTM_NOT_READ, (struct pos){ t->file, 0, 0 }, NULL, "%lu row%s of readers "
			          "other than %s (--evaluator)", im->other_reader[d], im->other_reader[d] == 1 ? "" : "s",
			          im->opts->evaluator);
		if (im->not_accepted[d] > 0)
			diag_emit(im->sink, D_SDTM_NOT_READ, (struct pos){ t->file, 0, 0 }, NULL, "%lu row%s whose %s is "
			          "not Y (--accepted-only)", im->not_accepted[d], im->not_accepted[d] == 1 ? "" : "s",
			          sdtm_col_name(t->dom, COL_ACPTFL, buf));
	}
}
