/*
 * sdtm_once.c - SDTM tables read in one pass (sdtm.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * SDTM tables are sorted by their keys, USUBJID first (SDTMIG), so that
 * most are read in one pass: every CSV table pulled row by row
 * (table_ahead: parsed on a thread of its own when there are processors
 * for it), a subject's rows taken from the head of each.  What
 * this pass says and makes is spooled to a temporary file, not passed on,
 * until every table is known to be in order: a row found out of order
 * sends the import to the two passes (sdtm_twice.c), and nothing of the
 * first attempt is seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/sdtm.h"
#include "input/table.h"

/*
 * The spool: a temporary file, written and read back through a buffer of
 * SPOOL_BUFFER bytes, so that a trial's cases (about 2.5 KiB each) cost a
 * few large writes and reads instead of one per page.
 */
enum { SPOOL_BUFFER = 1024 * 1024 };

struct spool {
	FILE *fp;
	char *buf;
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

/*
 * The next n bytes of the spool into *buf (of *cap bytes, grown as needed),
 * NUL-terminated; false when the spool is cut short or memory is out.
 */
static bool unspool_bytes(FILE *fp, size_t n, char **buf, size_t *cap)
{
	if (n + 1 > *cap) {
		char *p = realloc(*buf, n + 1);
		if (p == NULL)
			return false;
		*buf = p;
		*cap = n + 1;
	}
	(*buf)[n] = '\0';
	return fread(*buf, 1, n, fp) == n;
}

/* A string of the spool into *buf (*out NULL for NULL); false when the spool is cut short. */
static bool unspool_str(FILE *fp, const char **out, char **buf, size_t *cap)
{
	uint32_t n;

	*out = NULL;
	if (fread(&n, sizeof n, 1, fp) != 1)
		return false;
	if (n == UINT32_MAX)
		return true;
	*out = *buf;  /* moved if it grows */
	if (!unspool_bytes(fp, n, buf, cap))
		return false;
	*out = *buf;
	return true;
}

/*
 * What the pass spooled, passed on in order: each diagnostic to sink, and
 * each document to fn unless the reading failed (a table that cannot be
 * read leaves every subject without a sure set of rows: none is passed).
 */
static int replay(FILE *fp, const recist_diag_sink *sink, const struct emit *e, bool docs)
{
	char tag, *buf[4] = { NULL, NULL, NULL, NULL };  /* reused: a doc, or a diagnostic's strings */
	size_t cap[4] = { 0, 0, 0, 0 };
	int rc = 0;

	rewind(fp);
	while (rc == 0 && fread(&tag, 1, 1, fp) == 1) {
		const char *a, *b, *c, *m;
		if (tag == 'G') {
			int32_t sev;
			unsigned line, column;
			bool ok = fread(&sev, sizeof sev, 1, fp) == 1 && fread(&line, sizeof line, 1, fp) == 1 &&
			          fread(&column, sizeof column, 1, fp) == 1 && unspool_str(fp, &a, &buf[0], &cap[0]) &&
			          unspool_str(fp, &b, &buf[1], &cap[1]) && unspool_str(fp, &c, &buf[2], &cap[2]) &&
			          unspool_str(fp, &m, &buf[3], &cap[3]);
			if (!ok)
				rc = RECIST_EIO;
			else if (sink != NULL && sink->fn != NULL)
				sink->fn(sink->ctx, &(recist_diag){ (recist_severity)sev, a, b, line, column, c, m });
		} else {
			int32_t kind;
			uint64_t n;
			if (fread(&kind, sizeof kind, 1, fp) != 1 || !unspool_str(fp, &a, &buf[0], &cap[0]) ||
			    fread(&n, sizeof n, 1, fp) != 1 || n >= SIZE_MAX || !unspool_bytes(fp, (size_t)n, &buf[1], &cap[1]))
				rc = RECIST_EIO;
			else if (docs)
				rc = e->fn(e->ctx, (recist_sdtm_kind)kind, buf[1], (size_t)n, a);
		}
	}
	for (int i = 0; i < 4; i++)
		free(buf[i]);
	return rc;
}

/* The one pass's view of a table: its stream and the row at its head. */
struct pulled {
	struct table_ahead  *s;
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
	int rc = sdtm_on_header(ctx, names, n);

	rd->reader->want = rd->t->want;  /* every column read, in the one pass */
	return rc;
}

/* The next row with a subject into pl->head (rows without one reported); 1, 0 at the end, or < 0. */
static int advance(struct import *im, struct pulled *pl)
{
	for (;;) {
		const char *id;
		size_t len;
		int rc = table_ahead_next(pl->s, &pl->head);
		if (rc <= 0) {
			pl->has = false;
			return rc < 0 ? sdtm_table_failed(im, pl->rd.t, rc, &pl->err) : 0;
		}
		sdtm_cell_of(pl->rd.t, &pl->head, COL_USUBJID, &id, &len);
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
			rc = sdtm_check_columns(im, &im->t[d]);  /* the header is read with the first row */
	if (rc == 0)
		rc = sdtm_setup_starts(im, &st);
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
		sdtm_rows_reset(im);
		for (int d = 0; d < DOM__N && rc == 0 && !*unsorted; d++)
			while (rc == 0 && pl[d].s != NULL && pl[d].has && strcmp(pl[d].id, prev) == 0) {
				if ((rc = sdtm_keep_row(&pl[d].rd, &pl[d].head)) == 0 && (rc = advance(im, &pl[d])) > 0) {
					rc = 0;
					*unsorted = strcmp(pl[d].id, prev) < 0;
				}
			}
		if (rc == 0 && !*unsorted)
			rc = sdtm_subject_ready(im, &st, prev, e);
	}
	free(prev);
	return rc;
}

/*
 * Try the one pass: possible when every table is CSV.  Returns 0 (done:
 * everything passed on), 1 (not possible, or a table out of order:
 * nothing passed on, use the two passes), or < 0.
 */
int sdtm_read_once(struct import *im, struct emit *e)
{
	struct pulled pl[DOM__N];
	struct spool sp = { NULL, NULL, false };
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
	if ((sp.buf = malloc(SPOOL_BUFFER)) != NULL)
		setvbuf(sp.fp, sp.buf, _IOFBF, SPOOL_BUFFER);
	memset(pl, 0, sizeof pl);
	to_spool.fn = spool_doc;
	to_spool.ctx = &sp;
	im->sink = &spooled;
	for (int d = 0; d < DOM__N && rc == 0; d++) {
		if (!im->t[d].present)
			continue;
		pl[d].rd = (struct reading){ im, &im->t[d], &pl[d].r };
		pl[d].r = (struct table_reader){ &pl[d].rd, pulled_header, NULL, NULL, 0, false };
		rc = table_ahead_open(&pl[d].s, im->t[d].file, &pl[d].r, &pl[d].err);
		if (rc < 0)
			rc = sdtm_table_failed(im, &im->t[d], rc, &pl[d].err);
	}
	if (rc == 0)
		rc = one_pass(im, &to_spool, pl, &unsorted);
	if (rc == 0 && !unsorted)
		sdtm_say_left_out(im);
	for (int d = 0; d < DOM__N; d++) {
		table_ahead_close(pl[d].s);
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
	free(sp.buf);  /* after fclose, which flushes it */
	return rc;
}
