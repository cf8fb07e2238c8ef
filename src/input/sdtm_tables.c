/*
 * sdtm_tables.c - recist_sdtm_read() and recist_sdtm_read_histories():
 * the domain files found; a first pass through each table that notes
 * where each subject's rows lie; then, subject by subject in the order of
 * USUBJID, its rows read again (the columns recist uses) and each of its
 * readers handed to sdtm_case.c or sdtm_history.c (sdtm.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * Memory: the subjects' ids, a few words per block of rows (one block per
 * subject and table when the table is sorted by USUBJID), and the rows of
 * one subject; never a whole table.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/date.h"
#include "base/hash.h"
#include "input/sdtm.h"
#include "input/table.h"

struct import {
	struct arena                arena;      /* subjects, file names, runs */
	struct arena                rows;       /* the rows of the subject at hand */
	struct sdtm_table           t[DOM__N];
	const recist_sdtm_options  *opts;
	const recist_diag_sink     *sink;
	/* Subjects, by first appearance; slots: an open-addressing table of indices + 1. */
	const char                **ids;
	size_t                      n_ids, cap_ids;
	uint32_t                   *slots;
	size_t                      n_slots;
	/* The first pass: the open run of the table being read, or SIZE_MAX. */
	size_t                      open_run;
	unsigned long               other_reader[DOM__N], not_accepted[DOM__N]; /* rows the options left out */
	bool                        bad;
};

/* ---- finding the domains ---- */

/* The domain a file name names ("TR.xpt", "tu.csv"), or DOM__N. */
static enum sdtm_domain domain_of(const char *name, bool *xpt)
{
	const char *base = strrchr(name, '/'), *dot;
	char stem[8];
	size_t n;

	base = base ? base + 1 : name;
	if ((dot = strrchr(base, '.')) == NULL || (n = (size_t)(dot - base)) >= sizeof stem)
		return DOM__N;
	if (strcasecmp(dot, ".xpt") == 0)
		*xpt = true;
	else if (strcasecmp(dot, ".csv") == 0)
		*xpt = false;
	else
		return DOM__N;
	for (size_t i = 0; i < n; i++)
		stem[i] = (char)tolower((unsigned char)base[i]);
	stem[n] = '\0';
	for (int d = 0; d < DOM__N; d++)
		if (strcmp(stem, sdtm_domain_stem((enum sdtm_domain)d)) == 0)
			return (enum sdtm_domain)d;
	return DOM__N;
}

static int add_file(struct import *im, const char *path, bool given)
{
	bool xpt = false;
	enum sdtm_domain d = domain_of(path, &xpt);

	if (d == DOM__N) {
		if (given)
			diag_emit(im->sink, D_SDTM_NO_DOMAIN, (struct pos){ path, 0, 0 }, NULL,
			          "cannot tell which domain the file holds: name it after the domain, as tu.csv, "
			          "tr.xpt, rs.csv, dm.csv or adsl.xpt");
		return given ? RECIST_EINVALID : 0;
	}
	if (im->t[d].present) {
		diag_emit(im->sink, D_SDTM_NO_DOMAIN, (struct pos){ path, 0, 0 }, NULL,
		          "a second file of domain %s (the first is %s)", sdtm_domain_stem(d), im->t[d].file);
		return RECIST_EINVALID;
	}
	if ((im->t[d].file = arena_strdup(&im->arena, path)) == NULL)
		return RECIST_ENOMEM;
	im->t[d].present = true;
	im->t[d].xpt = xpt;
	return 0;
}

static int find_files(struct import *im, const char *const *paths, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *e;

		if (stat(paths[i], &st) != 0) {
			diag_emit(im->sink, D_SYS_OPEN, (struct pos){ paths[i], 0, 0 }, NULL, "%s", strerror(errno));
			return RECIST_EIO;
		}
		if (!S_ISDIR(st.st_mode)) {
			rc = add_file(im, paths[i], true);
			continue;
		}
		if ((dir = opendir(paths[i])) == NULL) {
			diag_emit(im->sink, D_SYS_OPEN, (struct pos){ paths[i], 0, 0 }, NULL, "%s", strerror(errno));
			return RECIST_EIO;
		}
		while (rc == 0 && (e = readdir(dir)) != NULL) {
			char *p;
			if (e->d_name[0] == '.')
				continue;
			if ((p = arena_printf(&im->arena, "%s%s%s", paths[i],
			                      paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/", e->d_name)) == NULL)
				rc = RECIST_ENOMEM;
			else
				rc = add_file(im, p, false);
		}
		closedir(dir);
	}
	if (rc == 0 && !im->t[DOM_TU].present && !im->t[DOM_TR].present && !im->t[DOM_RS].present) {
		diag_emit(im->sink, D_SDTM_NO_DOMAIN, (struct pos){ n ? paths[0] : NULL, 0, 0 }, NULL,
		          "none of TU, TR and RS found (files tu.csv, tr.xpt, ...)");
		rc = RECIST_EINVALID;
	}
	return rc;
}

/* ---- subjects ---- */

/* The index of subject id (len bytes), added if new; -1 when out of memory. */
static long subject_index(struct import *im, const char *id, size_t len)
{
	size_t mask, i;

	if (2 * (im->n_ids + 1) > im->n_slots) {  /* at most half full */
		size_t n = im->n_slots ? 2 * im->n_slots : 1024;
		uint32_t *s = calloc(n, sizeof *s);
		if (s == NULL)
			return -1;
		for (size_t k = 0; k < im->n_ids; k++) {
			size_t j = (size_t)hash_fnv1a(im->ids[k], strlen(im->ids[k])) & (n - 1);
			while (s[j] != 0)
				j = (j + 1) & (n - 1);
			s[j] = (uint32_t)(k + 1);
		}
		free(im->slots);
		im->slots = s;
		im->n_slots = n;
	}
	mask = im->n_slots - 1;
	for (i = (size_t)hash_fnv1a(id, len) & mask; im->slots[i] != 0; i = (i + 1) & mask) {
		const char *have = im->ids[im->slots[i] - 1];
		if (strncmp(have, id, len) == 0 && have[len] == '\0')
			return (long)im->slots[i] - 1;
	}
	if (im->n_ids >= UINT32_MAX - 1 ||
	    (im->ids = arena_grow(&im->arena, im->ids, im->n_ids, &im->cap_ids, sizeof *im->ids)) == NULL ||
	    (im->ids[im->n_ids] = arena_strndup(&im->arena, id, len)) == NULL)
		return -1;
	im->slots[i] = (uint32_t)(im->n_ids + 1);
	return (long)im->n_ids++;
}

/* ---- the first pass: where each subject's rows lie ---- */

struct reading {
	struct import       *im;
	struct sdtm_table   *t;
	struct table_reader *reader;  /* the first pass's: its want is set by the header */
};

/*
 * The columns: which of ours each is (t->map), and which each pass copies:
 * the first only USUBJID (want_id), the second the columns read (want).
 */
static int on_header(void *ctx, const char *const *names, size_t n)
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
			}
		t->want[i] = t->map[i] != COL__N;
		t->want_id[i] = t->map[i] == COL_USUBJID;
	}
	rd->reader->want = t->want_id;
	rd->reader->n_want = n;
	return 0;
}

/* The cell of column col in row, trimmed of surrounding space: [*s, *s + *n). */
static void cell_of(const struct sdtm_table *t, const struct table_row *row, enum sdtm_col col,
                    const char **s, size_t *n)
{
	*s = "";
	*n = 0;
	for (size_t i = 0; i < t->n_map && i < row->n; i++)
		if (t->map[i] == (size_t)col) {
			*s = row->cells[i].text;
			*n = row->cells[i].len;
		}
	while (*n && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int index_row(void *ctx, const struct table_row *row)
{
	struct reading *rd = ctx;
	struct import *im = rd->im;
	struct sdtm_table *t = rd->t;
	struct sdtm_run *open = im->open_run != SIZE_MAX ? &t->runs[im->open_run] : NULL;
	const char *id;
	size_t len;
	long s;

	if (open != NULL)
		open->end = row->offset;
	cell_of(t, row, COL_USUBJID, &id, &len);
	if (len == 0) {
		struct sdtm_row r = { NULL, "", row->number, row->line };
		sdtm_row_diag(im->sink, D_SDTM_BAD_ROW, t, &r, COL_USUBJID, "no subject: the row is not used");
		im->bad = true;
		im->open_run = SIZE_MAX;
		return 0;
	}
	if ((s = subject_index(im, id, len)) < 0)
		return RECIST_ENOMEM;
	if (open != NULL && open->subject == (uint32_t)s) {
		open->n_rows++;
		return 0;
	}
	if ((t->runs = arena_grow(&im->arena, t->runs, t->n_runs, &t->cap_runs, sizeof *t->runs)) == NULL)
		return RECIST_ENOMEM;
	t->runs[t->n_runs] = (struct sdtm_run){ (uint32_t)s, 0, 1, row->offset, row->offset, row->number, row->line };
	im->open_run = t->n_runs++;
	return 0;
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

static int check_columns(struct import *im, const struct sdtm_table *t)
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

static int table_failed(struct import *im, const struct sdtm_table *t, int rc, const struct table_error *err)
{
	if (rc == RECIST_EIO || rc == RECIST_EPARSE)
		diag_emit(im->sink, rc == RECIST_EIO ? D_SYS_READ : D_SDTM_TABLE_SYNTAX,
		          (struct pos){ t->file, err->line, err->column }, NULL, "%s", err->message);
	return rc;
}

static int index_table(struct import *im, struct sdtm_table *t)
{
	struct table_reader r = { NULL, on_header, index_row, NULL, 0 };
	struct reading rd = { im, t, &r };
	struct table_error err;
	struct stat st;
	int rc;

	r.ctx = &rd;
	im->open_run = SIZE_MAX;
	rc = t->xpt ? table_read_xpt(t->file, &r, &err) : table_read_csv_file(t->file, &r, &err);
	if (rc < 0)
		return table_failed(im, t, rc, &err);
	if (im->open_run != SIZE_MAX)  /* the last run ends with the file */
		t->runs[im->open_run].end = stat(t->file, &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
	return check_columns(im, t);
}

/* ---- the second pass: one subject's rows ---- */

static int no_header(void *ctx, const char *const *names, size_t n)
{
	(void)ctx;
	(void)names;
	(void)n;
	return 0;  /* a transport file's part: the columns are those of the first pass */
}

static int keep_row(void *ctx, const struct table_row *row)
{
	struct reading *rd = ctx;
	struct import *im = rd->im;
	struct sdtm_table *t = rd->t;
	struct sdtm_row r = { NULL, "", row->number, row->line };

	size_t bytes = 0;
	char *text;

	/* The cells read, trimmed, one after another in one allocation. */
	for (size_t i = 0; i < t->n_map && i < row->n; i++)
		bytes += t->map[i] != COL__N ? row->cells[i].len + 1 : 0;
	if ((r.v = arena_alloc(&im->rows, COL__N * sizeof *r.v + bytes)) == NULL)
		return RECIST_ENOMEM;
	text = (char *)(r.v + COL__N);
	for (size_t c = 0; c < COL__N; c++)
		r.v[c] = "";
	for (size_t i = 0; i < t->n_map && i < row->n; i++) {
		const char *s = row->cells[i].text;
		size_t n = row->cells[i].len;
		if (t->map[i] == COL__N)
			continue;
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
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

/* The rows of one run, read again into t->rows. */
static int read_run(struct import *im, struct sdtm_table *t, const struct sdtm_run *run)
{
	struct reading rd = { im, t, NULL };
	struct table_reader r = { &rd, no_header, keep_row, t->want, t->n_map };
	struct table_error err;
	struct table_part part = { run->first_number, run->first_line, run->offset };
	size_t len;
	ssize_t got;
	char *text;
	int rc;

	if (t->xpt)
		return table_failed(im, t, table_read_xpt_rows(t->file, (long)run->offset, (long)run->n_rows, &r, &err), &err);
	len = (size_t)(run->end - run->offset);
	if ((text = malloc(len ? len : 1)) == NULL)
		return RECIST_ENOMEM;
	if ((got = pread(t->fd, text, len, (off_t)run->offset)) != (ssize_t)len) {
		free(text);
		err = (struct table_error){ 0, 0, "" };
		snprintf(err.message, sizeof err.message, "changed while it was read (%s)",
		         got < 0 ? strerror(errno) : "shorter");
		return table_failed(im, t, RECIST_EIO, &err);
	}
	rc = table_read_csv_rows(text, len, &part, &r, &err);
	free(text);
	return table_failed(im, t, rc, &err);
}

/* ---- subjects and their readers ---- */

/* A subject and its id, sorted into USUBJID order. */
struct ranked {
	const char *id;
	uint32_t    subject;
};

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct ranked *)a)->id, ((const struct ranked *)b)->id);
}

/* Runs in subject order (rank), file order within. */
static int by_rank(const void *a, const void *b)
{
	const struct sdtm_run *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->first_number > y->first_number) - (x->first_number < y->first_number);
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

/* What each_subject hands its documents to. */
struct emit {
	const recist_ruleset *const *sets;
	size_t                       n_sets;
	const struct recist_ruleset *history_of;  /* histories under this rule set, else cases */
	recist_sdtm_fn               fn;
	void                        *ctx;
	recist_buffer                doc;
	struct arena                 scratch;
};

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

/* The columns of DM and ADSL the treatment start is read from (start_columns). */
struct starts {
	size_t        n[DOM__N];
	enum sdtm_col col[DOM__N][3];
};

static int setup_starts(struct import *im, struct starts *st)
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
static int subject_ready(struct import *im, const struct starts *st, const char *usubjid, struct emit *e)
{
	struct sdtm_subject s = { usubjid, im->t, { NULL }, { 0 }, NULL, NULL, im->opts, e->sets, e->n_sets };
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
		s.start_row = &s.rows[d][0];
		for (size_t c = 0; c < st->n[d] && s.start == NULL; c++)
			s.start = start_of(im, &im->t[d], st->col[d][c], s.start_row, start);
	}
	return subject_docs(im, &s, e);
}

static void rows_reset(struct import *im)
{
	arena_reset(&im->rows);
	for (int d = 0; d < DOM__N; d++) {
		im->t[d].rows = NULL;
		im->t[d].n_rows = im->t[d].cap_rows = 0;
	}
}

/* Each subject's rows of every table read again, and its documents made; in USUBJID order. */
static int each_subject(struct import *im, struct emit *e)
{
	size_t at[DOM__N] = { 0 };
	struct starts st;
	struct ranked *order;
	uint32_t *rank;
	int rc;

	if ((rc = setup_starts(im, &st)) < 0)
		return rc;
	if ((order = malloc((im->n_ids + 1) * sizeof *order)) == NULL ||
	    (rank = malloc((im->n_ids + 1) * sizeof *rank)) == NULL) {
		free(order);
		return RECIST_ENOMEM;
	}
	for (size_t i = 0; i < im->n_ids; i++)
		order[i] = (struct ranked){ im->ids[i], (uint32_t)i };
	if (im->n_ids > 1)
		qsort(order, im->n_ids, sizeof *order, by_id);
	for (size_t i = 0; i < im->n_ids; i++)
		rank[order[i].subject] = (uint32_t)i;
	for (int d = 0; d < DOM__N; d++) {
		struct sdtm_table *t = &im->t[d];
		for (size_t i = 0; i < t->n_runs; i++)
			t->runs[i].rank = rank[t->runs[i].subject];
		if (t->n_runs > 1)
			qsort(t->runs, t->n_runs, sizeof *t->runs, by_rank);
	}
	for (size_t i = 0; i < im->n_ids && rc == 0; i++) {
		uint32_t subj = order[i].subject;
		rows_reset(im);
		for (int d = 0; d < DOM__N && rc == 0; d++)
			for (struct sdtm_table *t = &im->t[d]; rc == 0 && at[d] < t->n_runs && t->runs[at[d]].subject == subj; at[d]++)
				rc = read_run(im, t, &t->runs[at[d]]);
		if (rc == 0)
			rc = subject_ready(im, &st, im->ids[subj], e);
	}
	free(order);
	free(rank);
	return rc;
}

static void say_left_out(struct import *im);

/* ---- one pass, for CSV tables sorted by USUBJID ---- */

/*
 * SDTM tables are sorted by their keys, USUBJID first (SDTMIG), so that
 * most are read in one pass: every table pulled row by row, a subject's
 * rows taken from the head of each.  What this pass says and makes is
 * spooled, not passed on, until every table is known to be in order: a
 * row found out of order sends the import back to the two passes, and
 * nothing of the first attempt is seen.
 */
struct spool {
	FILE *fp;
	bool  failed;
};

static void spool_bytes(struct spool *sp, const void *p, size_t n)
{
	if (!sp->failed && n > 0 && fwrite(p, 1, n, sp->fp) != n)
		sp->failed = true;
}

static void spool_str(struct spool *sp, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;

	spool_bytes(sp, &n, sizeof n);
	if (s)
		spool_bytes(sp, s, n);
}

static void spool_diag(void *ctx, const recist_diag *d)
{
	struct spool *sp = ctx;
	int32_t sev = d->severity;

	spool_bytes(sp, "G", 1);
	spool_bytes(sp, &sev, sizeof sev);
	spool_bytes(sp, &d->line, sizeof d->line);
	spool_bytes(sp, &d->column, sizeof d->column);
	spool_str(sp, d->code);
	spool_str(sp, d->file);
	spool_str(sp, d->path);
	spool_str(sp, d->message);
}

static int spool_doc(void *ctx, recist_sdtm_kind kind, const char *doc, size_t len, const char *label)
{
	struct spool *sp = ctx;
	int32_t k = kind;
	uint64_t n = len;

	spool_bytes(sp, "D", 1);
	spool_bytes(sp, &k, sizeof k);
	spool_str(sp, label);
	spool_bytes(sp, &n, sizeof n);
	spool_bytes(sp, doc, len);
	return sp->failed ? RECIST_EIO : 0;
}

/* A string of the spool, malloc'd (NULL for NULL); false when the spool is cut short. */
static bool unspool_str(FILE *fp, char **out)
{
	uint32_t n;

	*out = NULL;
	if (fread(&n, sizeof n, 1, fp) != 1)
		return false;
	if (n == UINT32_MAX)
		return true;
	if ((*out = malloc((size_t)n + 1)) == NULL || fread(*out, 1, n, fp) != n)
		return false;
	(*out)[n] = '\0';
	return true;
}

/*
 * What the pass spooled, passed on in order: each diagnostic to sink, and
 * each document to fn unless the reading failed (a table that cannot be
 * read leaves every subject without a sure set of rows: none is passed).
 */
static int replay(FILE *fp, const recist_diag_sink *sink, const struct emit *e, bool docs)
{
	char tag;
	int rc = 0;

	rewind(fp);
	while (rc == 0 && fread(&tag, 1, 1, fp) == 1) {
		char *a = NULL, *b = NULL, *c = NULL, *m = NULL;
		if (tag == 'G') {
			int32_t sev;
			unsigned line, column;
			bool ok = fread(&sev, sizeof sev, 1, fp) == 1 && fread(&line, sizeof line, 1, fp) == 1 &&
			          fread(&column, sizeof column, 1, fp) == 1 && unspool_str(fp, &a) && unspool_str(fp, &b) &&
			          unspool_str(fp, &c) && unspool_str(fp, &m);
			if (!ok)
				rc = RECIST_EIO;
			else if (sink != NULL && sink->fn != NULL)
				sink->fn(sink->ctx, &(recist_diag){ (recist_severity)sev, a, b, line, column, c, m });
		} else {
			int32_t kind;
			uint64_t n;
			if (fread(&kind, sizeof kind, 1, fp) != 1 || !unspool_str(fp, &a) || fread(&n, sizeof n, 1, fp) != 1 ||
			    (b = malloc(n + 1)) == NULL || fread(b, 1, n, fp) != n)
				rc = RECIST_EIO;
			else if (docs)
				rc = e->fn(e->ctx, (recist_sdtm_kind)kind, b, n, a);
		}
		free(a);
		free(b);
		free(c);
		free(m);
	}
	return rc;
}

/* The one pass's view of a table: its stream and the row at its head. */
struct pulled {
	struct table_stream *s;
	struct table_reader  r;
	struct reading       rd;
	struct table_error   err;
	struct table_row     head;
	bool                 has;     /* head holds a row */
	const char          *id;      /* head's USUBJID, trimmed, NUL-terminated copy */
	char                *id_buf;
	size_t               id_cap;
};

static int pulled_header(void *ctx, const char *const *names, size_t n)
{
	struct reading *rd = ctx;
	int rc = on_header(ctx, names, n);

	rd->reader->want = rd->t->want;  /* every column read, in the one pass */
	return rc;
}

/* The next row with a subject into pl->head (rows without one reported); 1, 0 at the end, or < 0. */
static int advance(struct import *im, struct pulled *pl)
{
	for (;;) {
		const char *id;
		size_t len;
		int rc = table_stream_next(pl->s, &pl->head);
		if (rc <= 0) {
			pl->has = false;
			return rc < 0 ? table_failed(im, pl->rd.t, rc, &pl->err) : 0;
		}
		cell_of(pl->rd.t, &pl->head, COL_USUBJID, &id, &len);
		if (len == 0) {
			struct sdtm_row r = { NULL, "", pl->head.number, pl->head.line };
			sdtm_row_diag(im->sink, D_SDTM_BAD_ROW, pl->rd.t, &r, COL_USUBJID, "no subject: the row is not used");
			im->bad = true;
			continue;
		}
		if (len + 1 > pl->id_cap) {
			char *p = realloc(pl->id_buf, len + 1);
			if (p == NULL)
				return RECIST_ENOMEM;
			pl->id_buf = p;
			pl->id_cap = len + 1;
		}
		memcpy(pl->id_buf, id, len);
		pl->id_buf[len] = '\0';
		pl->id = pl->id_buf;
		pl->has = true;
		return 1;
	}
}

/* The tables read once, subject by subject; *unsorted when a row was out of order (nothing passed on then). */
static int one_pass(struct import *im, struct emit *e, struct pulled *pl, bool *unsorted)
{
	char *prev = NULL;
	struct starts st;
	int rc = 0;

	for (int d = 0; d < DOM__N && rc == 0; d++)
		if (pl[d].s != NULL && (rc = advance(im, &pl[d])) >= 0)
			rc = check_columns(im, &im->t[d]);  /* the header is read with the first row */
	if (rc == 0)
		rc = setup_starts(im, &st);
	while (rc == 0 && !*unsorted) {
		const char *id = NULL;
		for (int d = 0; d < DOM__N; d++)
			if (pl[d].s != NULL && pl[d].has && (id == NULL || strcmp(pl[d].id, id) < 0))
				id = pl[d].id;
		if (id == NULL)
			break;
		free(prev);
		if ((prev = strdup(id)) == NULL) {
			rc = RECIST_ENOMEM;
			break;
		}
		rows_reset(im);
		for (int d = 0; d < DOM__N && rc == 0 && !*unsorted; d++)
			while (rc == 0 && pl[d].s != NULL && pl[d].has && strcmp(pl[d].id, prev) == 0) {
				if ((rc = keep_row(&pl[d].rd, &pl[d].head)) == 0 && (rc = advance(im, &pl[d])) > 0) {
					rc = 0;
					*unsorted = strcmp(pl[d].id, prev) < 0;
				}
			}
		if (rc == 0 && !*unsorted)
			rc = subject_ready(im, &st, prev, e);
	}
	free(prev);
	return rc;
}

/*
 * Try the one pass: possible when every table is CSV.  Returns 0 (done:
 * everything passed on), 1 (not possible, or a table out of order:
 * nothing passed on, use the two passes), or < 0.
 */
static int try_one_pass(struct import *im, struct emit *e)
{
	struct pulled pl[DOM__N];
	struct spool sp = { NULL, false };
	const recist_diag_sink *sink = im->sink;
	recist_diag_sink spooled = { spool_diag, &sp };
	struct emit to_spool = *e;
	bool unsorted = false;
	int rc = 0;

	for (int d = 0; d < DOM__N; d++)
		if (im->t[d].present && im->t[d].xpt)
			return 1;  /* a transport file is read whole by ReadStat: the two passes */
	if ((sp.fp = tmpfile()) == NULL)
		return 1;
	memset(pl, 0, sizeof pl);
	to_spool.fn = spool_doc;
	to_spool.ctx = &sp;
	im->sink = &spooled;
	for (int d = 0; d < DOM__N && rc == 0; d++) {
		if (!im->t[d].present)
			continue;
		pl[d].rd = (struct reading){ im, &im->t[d], &pl[d].r };
		pl[d].r = (struct table_reader){ &pl[d].rd, pulled_header, NULL, NULL, 0 };
		rc = table_stream_open(&pl[d].s, im->t[d].file, &pl[d].r, &pl[d].err);
		if (rc < 0)
			rc = table_failed(im, &im->t[d], rc, &pl[d].err);
	}
	if (rc == 0)
		rc = one_pass(im, &to_spool, pl, &unsorted);
	if (rc == 0 && !unsorted)
		say_left_out(im);
	for (int d = 0; d < DOM__N; d++) {
		table_stream_close(pl[d].s);
		free(pl[d].id_buf);
	}
	im->sink = sink;
	e->doc = to_spool.doc;  /* the buffers the pass grew are e's */
	e->scratch = to_spool.scratch;
	if (sp.failed) {
		rc = rc == RECIST_ENOMEM ? rc : 1;  /* the spool could not be written: the two passes, which need none */
	} else if (unsorted) {
		rc = 1;
	} else if (rc == 0 || rc == RECIST_EINVALID || rc == RECIST_EPARSE || rc == RECIST_EIO) {
		int replayed = replay(sp.fp, sink, e, rc == 0);  /* what failed was said, in the spool */
		rc = replayed < 0 ? replayed : rc;
	}
	fclose(sp.fp);
	return rc;
}

/* What the options left out, said once per table: a filter that keeps nothing is seen at once. */
static void say_left_out(struct import *im)
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

/* Back to the state after the files were found: for the two passes after an attempt at one. */
static void restart(struct import *im)
{
	for (int d = 0; d < DOM__N; d++) {
		struct sdtm_table *t = &im->t[d];
		memset(t->has, 0, sizeof t->has);
		t->map = NULL;
		t->n_map = 0;
		t->want = t->want_id = NULL;
		t->runs = NULL;
		t->n_runs = t->cap_runs = 0;
		im->other_reader[d] = im->not_accepted[d] = 0;
	}
	rows_reset(im);
	im->bad = false;
}

static int read_all(const char *const *paths, size_t n_paths, struct emit *e, const recist_sdtm_options *opts,
                    const recist_diag_sink *sink)
{
	static const recist_sdtm_options defaults = RECIST_SDTM_OPTIONS_INIT;
	struct import *im;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	if (opts->version != RECIST_SDTM_OPTIONS_VERSION)
		return RECIST_EINVALID;
	if ((im = calloc(1, sizeof *im)) == NULL)
		return RECIST_ENOMEM;
	im->opts = opts;
	im->sink = sink;
	for (int d = 0; d < DOM__N; d++) {
		im->t[d].dom = (enum sdtm_domain)d;
		im->t[d].fd = -1;
	}
	rc = find_files(im, paths, n_paths);
	if (rc == 0 && e->history_of != NULL && !im->t[DOM_RS].present) {
		diag_emit(sink, D_SDTM_NO_DOMAIN, (struct pos){ n_paths ? paths[0] : NULL, 0, 0 }, NULL,
		          "no RS table (rs.csv or rs.xpt): the best response is derived from its OVRLRESP rows");
		rc = RECIST_EINVALID;
	}
	if (rc == 0 && e->history_of != NULL)
		im->t[DOM_TR].present = false;  /* a history reads the calls alone */
	if (rc == 0 && (rc = try_one_pass(im, e)) == 1) {
		rc = 0;
		restart(im);
		for (int d = 0; d < DOM__N && rc == 0; d++) {
			struct sdtm_table *t = &im->t[d];
			if (!t->present)
				continue;
			if ((rc = index_table(im, t)) == 0 && !t->xpt && (t->fd = open(t->file, O_RDONLY | O_CLOEXEC)) < 0) {
				diag_emit(sink, D_SYS_OPEN, (struct pos){ t->file, 0, 0 }, NULL, "%s", strerror(errno));
				rc = RECIST_EIO;
			}
		}
		if (rc == 0)
			rc = each_subject(im, e);
		if (rc == 0)
			say_left_out(im);
	}
	if (rc == 0 && im->bad)
		rc = RECIST_EINVALID;
	for (int d = 0; d < DOM__N; d++)
		if (im->t[d].fd >= 0)
			close(im->t[d].fd);
	arena_release(&im->rows);
	arena_release(&im->arena);
	free(im->slots);
	free(im);
	return rc;
}

int recist_sdtm_read(const char *const *paths, size_t n_paths, const recist_ruleset *const *sets, size_t n_sets,
                     const recist_sdtm_options *opts, recist_sdtm_fn fn, void *ctx, const recist_diag_sink *sink)
{
	struct emit e = { sets, n_sets, NULL, fn, ctx, RECIST_BUFFER_INIT, { 0 } };
	int rc = read_all(paths, n_paths, &e, opts, sink);

	recist_buffer_release(&e.doc);
	arena_release(&e.scratch);
	return rc;
}

int recist_sdtm_read_histories(const char *const *paths, size_t n_paths, const recist_ruleset *rs,
                               const recist_sdtm_options *opts, recist_sdtm_fn fn, void *ctx,
                               const recist_diag_sink *sink)
{
	struct emit e = { &rs, 1, rs, fn, ctx, RECIST_BUFFER_INIT, { 0 } };
	int rc;

	if (rs->cdisc_rscat == NULL) {
		diag_emit(sink, D_SDTM_NO_DOMAIN, (struct pos){ rs->file, 0, 0 }, NULL, "rule set '%s' names no RSCAT "
		          "(cdisc.rscat in its rule file): none of the RS calls is its own", rs->id);
		return RECIST_EINVALID;
	}
	rc = read_all(paths, n_paths, &e, opts, sink);
	recist_buffer_release(&e.doc);
	arena_release(&e.scratch);
	return rc;
}
