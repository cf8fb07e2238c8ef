/*
 * sdtm_twice.c - SDTM tables read in two passes, whatever their order: the
 * first notes where each subject's rows lie (struct sdtm_run), the second
 * reads them again subject by subject in the order of USUBJID (sdtm.h).
 * The way for transport files, and for CSV tables found out of order.
 *
 * SPDX-License-Identifier: MIT
 *
 * Memory: the subjects' ids, a few words per block of rows (one block per
 * subject and table when the table is sorted by USUBJID), and the rows of
 * one subject; never a whole table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "input/sdtm.h"
#include "input/table.h"

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
	sdtm_cell_of(t, row, COL_USUBJID, &id, &len);
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

static int index_table(struct import *im, struct sdtm_table *t)
{
	struct table_reader r = { NULL, sdtm_on_header, index_row, NULL, 0, false };
	struct reading rd = { im, t, &r };
	struct table_error err;
	struct stat st;
	int rc;

	r.ctx = &rd;
	im->open_run = SIZE_MAX;
	rc = t->xpt ? table_read_xpt(t->file, &r, &err) : table_read_csv_file(t->file, &r, &err);
	if (rc < 0)
		return sdtm_table_failed(im, t, rc, &err);
	if (im->open_run != SIZE_MAX)  /* the last run ends with the file */
		t->runs[im->open_run].end = stat(t->file, &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
	return sdtm_check_columns(im, t);
}

/* ---- the second pass: one subject's rows ---- */

static int no_header(void *ctx, const char *const *names, size_t n)
{
	(void)ctx;
	(void)names;
	(void)n;
	return 0;  /* a transport file's part: the columns are those of the first pass */
}

/* The rows of one run, read again into t->rows. */
static int read_run(struct import *im, struct sdtm_table *t, const struct sdtm_run *run)
{
	struct reading rd = { im, t, NULL };
	struct table_reader r = { &rd, no_header, sdtm_keep_row, t->want, t->n_map, false };
	struct table_error err;
	struct table_part part = { run->first_number, run->first_line, run->offset };
	size_t len;
	ssize_t got;
	char *text;
	int rc;

	if (t->xpt)
		return sdtm_table_failed(im, t, table_read_xpt_rows(t->file, (long)run->offset, (long)run->n_rows, &r, &err), &err);
	len = (size_t)(run->end - run->offset);
	if ((text = malloc(len ? len : 1)) == NULL)
		return RECIST_ENOMEM;
	if ((got = pread(t->fd, text, len, (off_t)run->offset)) != (ssize_t)len) {
		free(text);
		err = (struct table_error){ 0 };
		snprintf(err.message, sizeof err.message, "changed while it was read (%s)",
		         got < 0 ? strerror(errno) : "shorter");
		return sdtm_table_failed(im, t, RECIST_EIO, &err);
	}
	rc = table_read_csv_rows(text, len, &part, &r, &err);
	free(text);
	return sdtm_table_failed(im, t, rc, &err);
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

/* Each subject's rows of every table read again, and its documents made; in USUBJID order. */
static int each_subject(struct import *im, struct emit *e)
{
	size_t at[DOM__N] = { 0 };
	struct starts st;
	struct ranked *order;
	uint32_t *rank;
	int rc;

	if ((rc = sdtm_setup_starts(im, &st)) < 0)
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
		sdtm_rows_reset(im);
		for (int d = 0; d < DOM__N && rc == 0; d++)
			for (struct sdtm_table *t = &im->t[d]; rc == 0 && at[d] < t->n_runs && t->runs[at[d]].subject == subj; at[d]++)
				rc = read_run(im, t, &t->runs[at[d]]);
		if (rc == 0)
			rc = sdtm_subject_ready(im, &st, im->ids[subj], e);
	}
	free(order);
	free(rank);
	return rc;
}

/* Back to the state after the files were found: for the two passes after an attempt at one. */
static void restart(struct import *im)
{
	for (int d = 0; d < DOM__N; d++) {
		struct sdtm_table *t = &im->t[d];
		memset(t->has, 0, sizeof t->has);
		t->n_read = 0;  /* the header lists its columns read again */
		t->map = NULL;
		t->n_map = t->n_read = 0;
		t->want = t->want_id = NULL;
		t->runs = NULL;
		t->n_runs = t->cap_runs = 0;
		im->other_reader[d] = im->not_accepted[d] = 0;
	}
	sdtm_rows_reset(im);
	im->bad = false;
}

int sdtm_read_twice(struct import *im, struct emit *e)
{
	int rc = 0;

	restart(im);
	for (int d = 0; d < DOM__N && rc == 0; d++) {
		struct sdtm_table *t = &im->t[d];
		if (!t->present)
			continue;
		if ((rc = index_table(im, t)) == 0 && !t->xpt && (t->fd = open(t->file, O_RDONLY | O_CLOEXEC)) < 0) {
			diag_emit(im->sink, D_SYS_OPEN, (struct pos){ t->file, 0, 0 }, NULL, "%s", strerror(errno));
			rc = RECIST_EIO;
		}
	}
	if (rc == 0)
		rc = each_subject(im, e);
	if (rc == 0)
		sdtm_say_left_out(im);
	for (int d = 0; d < DOM__N; d++)
		if (im->t[d].fd >= 0) {
			close(im->t[d].fd);
			im->t[d].fd = -1;
		}
	return rc;
}
