/*
 * table_ahead.c - a CSV table pulled row by row, parsed ahead on a thread
 * of its own (table.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * The one-pass SDTM reader (sdtm_once.c) pulls its tables row by row, and
 * parsing them (libcsv, at about 37 instructions a byte) is half of its
 * work; the other half, making the cases, waited on it.  When the process
 * may use more than one processor, a thread per table parses ahead and
 * hands its rows over in batches, so that the two halves run at once and
 * the import keeps pace with scoring (make bench).  With one processor it
 * would only add a copy of every row: the stream is then pulled directly.
 *
 * The header and the first batch are read on the caller's thread, by the
 * first table_ahead_next, so that r->header runs where the caller expects
 * it and has chosen the columns (r->want) before the thread reads on.  The
 * thread then calls nothing of the caller's.  It writes *err (through the
 * stream) only before it hands over its end, under the lock, and the
 * caller reads *err only after taking that end.
 */
#define _GNU_SOURCE  /* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/recist_int.h"
#include "input/table.h"

/*
 * A batch: rows and their cells' text, copied out of the stream, about
 * BATCH_BYTES of text (at most BATCH_ROWS rows).  AHEAD_BATCHES of them
 * take turns (the one being read, those waiting, the one being filled),
 * so a table holds about a megabyte however long it is.
 */
enum { BATCH_BYTES = 256 * 1024, BATCH_ROWS = 8192, AHEAD_BATCHES = 4 };

struct batch {
	struct table_row  *rows;
	size_t             n_rows, cap_rows;
	struct table_cell *cells;
	size_t             n_cells, cap_cells;
	char              *bytes;
	size_t             used, cap;
};

struct table_ahead {
	struct table_stream *s;
	bool                 started;         /* the first call was made */
	bool                 batched;         /* rows come from the batches, else straight from s */
	bool                 thread_running;  /* else the reader fills the batches itself */
	pthread_t            thread;
	/* The lock guards what both threads touch: first, full, done, end, stop. */
	pthread_mutex_t      lock;
	pthread_cond_t       changed;
	struct batch         b[AHEAD_BATCHES];
	size_t               first;    /* the batch read next; b[first] is the reader's while reading */
	size_t               full;     /* the batches filled, from first on */
	bool                 reading;  /* b[first] is being read ... */
	size_t               at;       /* ... from its row at */
	bool                 done;     /* no batch will be filled any more ... */
	int                  end;      /* ... and why: 0 at the end, or < 0 (*err filled) */
	bool                 stop;     /* the reader closes: the thread stops */
};

/*
 * A row of the stream into batch b: its text in one copy (table.h, text),
 * each cell's place in it as an offset until seal(), as the batch's text
 * may move while it fills; an empty cell is "" then.  false when out of
 * memory.
 */
static bool keep(struct batch *b, const struct table_row *row)
{
	if (!array_grow((void **)&b->rows, &b->cap_rows, b->n_rows + 1, sizeof *b->rows) ||
	    !array_grow((void **)&b->cells, &b->cap_cells, b->n_cells + row->n, sizeof *b->cells) ||
	    !array_grow((void **)&b->bytes, &b->cap, b->used + row->text_len, 1))
		return false;
	memcpy(b->bytes + b->used, row->text, row->text_len);
	b->rows[b->n_rows] = *row;
	b->rows[b->n_rows].cells = (const struct table_cell *)(uintptr_t)b->n_cells;
	b->n_rows++;
	for (size_t i = 0; i < row->n; i++) {
		struct table_cell c = row->cells[i];
		c.text = (const char *)(c.len ? b->used + (uintptr_t)(c.text - row->text) : UINTPTR_MAX);
		b->cells[b->n_cells++] = c;
	}
	b->used += row->text_len;
	return true;
}

/* The offsets of a filled batch made pointers. */
static void seal(struct batch *b)
{
	for (size_t i = 0; i < b->n_cells; i++) {
		uintptr_t at = (uintptr_t)b->cells[i].text;
		b->cells[i].text = at == UINTPTR_MAX ? "" : b->bytes + at;
	}
	for (size_t i = 0; i < b->n_rows; i++)
		b->rows[i].cells = b->cells + (uintptr_t)b->rows[i].cells;
}

/* Batch b filled from the stream: 1 when full, 0 at the end, < 0 on an error (*err filled). */
static int fill(struct table_ahead *a, struct batch *b)
{
	struct table_row row;
	int rc = 1;

	b->n_rows = b->n_cells = b->used = 0;
	while (b->used < BATCH_BYTES && b->n_rows < BATCH_ROWS && (rc = table_stream_next(a->s, &row)) > 0)
		if (!keep(b, &row))
			rc = RECIST_ENOMEM;
	seal(b);
	return rc;
}

/* Batch b, filled (rc as fill's), is handed to the reader; with the lock held once the thread runs. */
static void hand_over(struct table_ahead *a, const struct batch *b, int rc)
{
	if (b->n_rows > 0)
		a->full++;
	if (rc <= 0) {
		a->done = true;
		a->end = rc;
	}
}

/* The thread: batches filled while there is room, until the end or the reader closes. */
static void *read_ahead(void *arg)
{
	struct table_ahead *a = arg;

	pthread_mutex_lock(&a->lock);
	while (!a->done) {
		struct batch *b;
		int rc;
		while (a->full == AHEAD_BATCHES && !a->stop)
			pthread_cond_wait(&a->changed, &a->lock);
		if (a->stop)
			break;
		b = &a->b[(a->first + a->full) % AHEAD_BATCHES];  /* none of the full ones: not the reader's */
		pthread_mutex_unlock(&a->lock);
		rc = fill(a, b);
		pthread_mutex_lock(&a->lock);
		hand_over(a, b, rc);
		pthread_cond_broadcast(&a->changed);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* Whether this process may run on more than one processor (taskset, a scheduler's allocation). */
static bool several_processors(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 1;
}

/*
 * The first call: with several processors, the header and the first batch
 * read here, then the thread started for the rest, with every signal
 * blocked in it (they are the caller's to handle).  When no thread can be
 * started the reader fills the batches itself, as it needs them.
 */
static void start(struct table_ahead *a)
{
	sigset_t all, old;
	int rc;

	a->started = true;
	if (!several_processors() || pthread_mutex_init(&a->lock, NULL) != 0)
		return;
	if (pthread_cond_init(&a->changed, NULL) != 0) {
		pthread_mutex_destroy(&a->lock);
		return;
	}
	a->batched = true;
	rc = fill(a, &a->b[0]);
	hand_over(a, &a->b[0], rc);
	if (a->done)
		return;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	a->thread_running = pthread_create(&a->thread, NULL, read_ahead, a) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int table_ahead_open(struct table_ahead **out, const char *path, const struct table_reader *r,
                     struct table_error *err)
{
	struct table_ahead *a = calloc(1, sizeof *a);
	int rc;

	*out = NULL;
	if (a == NULL)
		return RECIST_ENOMEM;
	if ((rc = table_stream_open(&a->s, path, r, err)) < 0) {
		free(a);
		return rc;
	}
	*out = a;
	return 0;
}

int table_ahead_next(struct table_ahead *a, struct table_row *row)
{
	if (!a->started)
		start(a);
	if (!a->batched)
		return table_stream_next(a->s, row);
	if (!a->reading || a->at == a->b[a->first].n_rows) {
		pthread_mutex_lock(&a->lock);
		if (a->reading) {  /* b[first] is read: the thread may fill it again */
			a->first = (a->first + 1) % AHEAD_BATCHES;
			a->full--;
			a->reading = false;
			a->at = 0;
			pthread_cond_broadcast(&a->changed);
		}
		if (!a->thread_running && a->full == 0 && !a->done)
			hand_over(a, &a->b[a->first], fill(a, &a->b[a->first]));
		while (a->full == 0 && !a->done)
			pthread_cond_wait(&a->changed, &a->lock);
		a->reading = a->full > 0;
		pthread_mutex_unlock(&a->lock);
		if (!a->reading)
			return a->end;
	}
	*row = a->b[a->first].rows[a->at++];
	return 1;
}

void table_ahead_close(struct table_ahead *a)
{
	if (a == NULL)
		return;
	if (a->thread_running) {
		pthread_mutex_lock(&a->lock);
		a->stop = true;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
	}
	if (a->batched) {
		pthread_cond_destroy(&a->changed);
		pthread_mutex_destroy(&a->lock);
	}
	table_stream_close(a->s);
	for (size_t i = 0; i < AHEAD_BATCHES; i++) {
		free(a->b[i].rows);
		free(a->b[i].cells);
		free(a->b[i].bytes);
	}
	free(a);
}
