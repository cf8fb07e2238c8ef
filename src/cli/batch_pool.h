/*
 * batch_pool.h - recist batch's worker threads: the window of record slots
 * they score, and the signals that stop a batch.
 *
 * SPDX-License-Identifier: MIT
 *
 * The main thread starts a window and waits for it (batch_window_start,
 * batch_window_wait); the workers, and the main thread for the small
 * records, score its slots.  A signal only sets a flag (batch_interrupted)
 * that every loop of the batch looks at.
 */
#ifndef RECIST_BATCH_POOL_H
#define RECIST_BATCH_POOL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "cli.h"

enum {
	BATCH_STOP_GRACE_MS = 300, /* after a signal, the time the records being scored have to finish */
	BATCH_STOP_SIGNALS  = 3    /* SIGINT, SIGTERM, SIGHUP */
};

/* One input record and its output. */
struct batch_slot {
	char                *text;     /* the record (a line, or a whole file) */
	size_t               len, cap;
	const char          *file;     /* borrowed from the source */
	unsigned             line;
	recist_buffer        out;
	recist_record_status status;
	int                  flagged;
	int                  rc;
	atomic_bool          done;     /* scored: set by the worker, last */
	atomic_bool          claimed;  /* taken by a thread to score */
};

struct worker;

/* The workers and the window they share.  Zeroed before batch_pool_init. */
struct batch_pool {
	pthread_mutex_t    mu;
	pthread_cond_t     start;        /* a window is ready, or quit */
	pthread_cond_t     finished;     /* busy went down to 0 */
	unsigned long      generation;
	bool               quit;
	size_t             busy;         /* workers not done with the window */
	struct batch_slot *slots;
	size_t             n;
	atomic_size_t      next;         /* the next slot the workers look at */
	atomic_bool        stop;         /* a signal came: take no more slots */
	recist_score_options score;   /* set before batch_pool_start: how records are written, which are taken */
	struct worker     *workers;      /* n_threads of them, each with its scorer */
	size_t             n_threads;
	size_t             n_workers;    /* started */
	bool               ready;        /* mu, start and finished are initialised */
	recist_scorer     *main_scorer;
};

/*
 * The scorers for jobs threads: one for the main thread, and one for each
 * worker (jobs - 1 workers, one at least).  sets and flags must outlive the
 * pool.  0, or -1 when memory ran out (not reported; batch_pool_release
 * frees what was made).
 */
int batch_pool_init(struct batch_pool *p, int jobs, const recist_ruleset *const *sets, size_t n_sets,
                    const recist_flagset *flags, const recist_eval_options *opts);

/* Start the workers, with the stop signals blocked; 0, or -1 (reported). */
int batch_pool_start(struct batch_pool *p);

/* Start scoring slots[0..n) with every worker and return at once. */
void batch_window_start(struct batch_pool *p, struct batch_slot *slots, size_t n);

/* Score the main thread's share, then wait for the workers: true, or false when a signal came first. */
bool batch_window_wait(struct batch_pool *p);

/*
 * Tell the workers to take no more records, and wait at most grace_ms for
 * those being scored.  True when every worker is idle (and may be joined),
 * false when one is still inside a record.
 */
bool batch_pool_halt(struct batch_pool *p, long grace_ms);

/* Join the workers (idle, after batch_pool_halt) and free the pool's threads and scorers. */
void batch_pool_release(struct batch_pool *p);

/*
 * The signals that stop a batch: SIGINT, SIGTERM and SIGHUP.  Caught, they
 * set batch_interrupted() and nothing else; once the batch has cleaned up,
 * it dies by the signal (batch_die_by_signal).  The workers block them, so
 * that they reach the main thread and interrupt what it waits for (read,
 * write, open).
 */
struct batch_signals {
	struct sigaction old[BATCH_STOP_SIGNALS];        /* the actions to restore */
	bool             installed[BATCH_STOP_SIGNALS];  /* caught: it was not ignored */
	bool             caught;
};
/* Catch each stop signal, unless it was ignored (nohup, a background job): that one stays ignored. */
void batch_signals_catch(struct batch_signals *s);
void batch_signals_restore(struct batch_signals *s);  /* when caught */

/*
 * After a signal stopped the batch and everything was cleaned up, end the
 * process by that signal, as if it had not been caught, so that whoever
 * started it knows (a shell stops its loop, and $? is 128 + the signal);
 * returns when no signal came.
 */
void batch_die_by_signal(void);

/* The signal that stops the batch, or 0 while none came. */
int batch_interrupted(void);

#endif
