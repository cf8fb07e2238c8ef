/*
 * batch_pool.c - recist batch's worker threads: each scores the slots of a
 * window with its own scorer over the one read-only set of rules; and the
 * signals that stop a batch.
 *
 * SPDX-License-Identifier: MIT
 *
 * A window is handed to the workers by a generation count under one mutex;
 * the slots themselves are taken without it, by an atomic index and a
 * claim on each slot.  The workers block the stop signals: a signal reaches
 * the main thread, which never spends more than a few milliseconds inside a
 * record, and so answers it within a second.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch_pool.h"

enum {
	MAIN_SCORES_MAX = 64 * 1024, /* the main thread scores records up to this size (a millisecond or two) */
	POLL_MS         = 50         /* how often the main thread looks for a signal while workers score */
};

/*
 * The main thread scores the window's small records too, from its end,
 * while the workers take them from its start: with --jobs 1 nothing else
 * scores them, so a record stays on the core that read it.  It leaves the
 * records over MAIN_SCORES_MAX to the workers, so that it never spends
 * more than a few milliseconds away from a signal.  With --jobs 1 the one
 * worker scores only those large records.
 */
struct worker {
	pthread_t          thread;
	struct batch_pool *pool;
	recist_scorer     *scorer;
	bool               large_only;
};

/* ---- Signals ---- */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
_Static_assert(sizeof stop_signals / sizeof stop_signals[0] == BATCH_STOP_SIGNALS, "BATCH_STOP_SIGNALS");

int batch_interrupted(void)
{
	return interrupted;
}

void batch_signals_catch(struct batch_signals *s)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;  /* no SA_RESTART: a signal ends a blocked read, write or open */
	for (size_t i = 0; i < BATCH_STOP_SIGNALS; i++) {
		/* Ignored when the program started (nohup; SIGINT in a shell's
		 * background job): whoever started it asked for that. */
		sigaction(stop_signals[i], NULL, &s->old[i]);
		s->installed[i] = s->old[i].sa_handler != SIG_IGN;
		if (s->installed[i])
			sigaction(stop_signals[i], &sa, NULL);
	}
	s->caught = true;
}

void batch_signals_restore(struct batch_signals *s)
{
	if (s->caught)
		for (size_t i = 0; i < BATCH_STOP_SIGNALS; i++)
			if (s->installed[i])
				sigaction(stop_signals[i], &s->old[i], NULL);
}

void batch_die_by_signal(void)
{
	struct sigaction sa;
	sigset_t set;
	int sig = interrupted;

	if (sig == 0)
		return;
	fflush(NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

/* ---- The workers ---- */

/* Score slot sl with scorer, if no other thread took it: true when this one did. */
static bool score_slot(struct batch_pool *p, struct batch_slot *sl, recist_scorer *scorer)
{
	if (atomic_exchange(&sl->claimed, true))
		return false;

	recist_record rec = { sl->text, sl->len, sl->file, sl->line, RECIST_RECORD_SCORED, 0 };

	recist_buffer_clear(&sl->out);
	sl->rc = recist_scorer_score(scorer, &rec, &p->score, &sl->out);
	sl->status = rec.status;
	sl->flagged = rec.flagged;
	atomic_store_explicit(&sl->done, true, memory_order_release);
	return true;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct batch_pool *p = w->pool;
	unsigned long seen = 0;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!p->quit && p->generation == seen)
			pthread_cond_wait(&p->start, &p->mu);
		if (p->quit) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		seen = p->generation;
		pthread_mutex_unlock(&p->mu);
		for (size_t i; !atomic_load(&p->stop) && (i = atomic_fetch_add(&p->next, 1)) < p->n;)
			if (!w->large_only || p->slots[i].len > MAIN_SCORES_MAX)
				score_slot(p, &p->slots[i], w->scorer);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->finished);
		pthread_mutex_unlock(&p->mu);
	}
}

int batch_pool_init(struct batch_pool *p, int jobs, const recist_ruleset *const *sets, size_t n_sets,
                    const recist_flagset *flags, const recist_eval_options *opts)
{
	/* The main thread is one of the jobs (struct worker says how); one worker at least, for large records. */
	p->n_threads = jobs > 1 ? (size_t)jobs - 1 : 1;
	if ((p->workers = calloc(p->n_threads, sizeof *p->workers)) == NULL ||
	    (p->main_scorer = recist_scorer_new(sets, n_sets, flags, opts)) == NULL)
		return -1;
	for (size_t i = 0; i < p->n_threads; i++) {
		p->workers[i].large_only = jobs == 1;
		if ((p->workers[i].scorer = recist_scorer_new(sets, n_sets, flags, opts)) == NULL)
			return -1;
	}
	return 0;
}

int batch_pool_start(struct batch_pool *p)
{
	pthread_condattr_t ca;
	sigset_t block, old;
	int rc = 0;

	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->start, &ca);
	pthread_cond_init(&p->finished, &ca);
	pthread_condattr_destroy(&ca);
	p->ready = true;
	sigemptyset(&block);
	for (size_t i = 0; i < BATCH_STOP_SIGNALS; i++)
		sigaddset(&block, stop_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (p->n_workers = 0; p->n_workers < p->n_threads; p->n_workers++) {
		struct worker *w = &p->workers[p->n_workers];
		w->pool = p;
		if (pthread_create(&w->thread, NULL, work, w) != 0) {
			cli_say("error: cannot start a worker thread");
			rc = -1;
			break;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void batch_pool_release(struct batch_pool *p)
{
	if (p->n_workers > 0) {
		pthread_mutex_lock(&p->mu);
		p->quit = true;
		pthread_cond_broadcast(&p->start);
		pthread_mutex_unlock(&p->mu);
		for (size_t i = 0; i < p->n_workers; i++)
			pthread_join(p->workers[i].thread, NULL);
	}
	if (p->ready) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->start);
		pthread_cond_destroy(&p->finished);
	}
	for (size_t i = 0; p->workers != NULL && i < p->n_threads; i++)
		recist_scorer_free(p->workers[i].scorer);
	free(p->workers);
	recist_scorer_free(p->main_scorer);
}

/* ---- The window ---- */

void batch_window_start(struct batch_pool *p, struct batch_slot *slots, size_t n)
{
	pthread_mutex_lock(&p->mu);
	p->slots = slots;
	p->n = n;
	atomic_store(&p->next, 0);
	p->busy = p->n_workers;
	p->generation++;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->mu);
}

static struct timespec ms_from_now(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += ms % 1000 * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

/*
 * The main thread's share of the window: the small records no worker took,
 * from the end.  The window was started, so after a signal it is still
 * scored, for BATCH_STOP_GRACE_MS at most (as the workers' records are).
 */
static void main_scores(struct batch_pool *p)
{
	struct timespec deadline = { 0, 0 }, t;

	for (size_t i = p->n; i-- > 0;) {
		if (interrupted) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (deadline.tv_sec == 0 && deadline.tv_nsec == 0)
				deadline = ms_from_now(BATCH_STOP_GRACE_MS);
			else if (t.tv_sec > deadline.tv_sec || (t.tv_sec == deadline.tv_sec && t.tv_nsec > deadline.tv_nsec))
				return;
		}
		if (p->slots[i].len <= MAIN_SCORES_MAX && !atomic_load_explicit(&p->slots[i].claimed, memory_order_relaxed))
			score_slot(p, &p->slots[i], p->main_scorer);
	}
}

bool batch_window_wait(struct batch_pool *p)
{
	bool idle;

	main_scores(p);
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0 && !interrupted) {
		struct timespec t = ms_from_now(POLL_MS);
		pthread_cond_timedwait(&p->finished, &p->mu, &t);
	}
	idle = p->busy == 0;
	pthread_mutex_unlock(&p->mu);
	return idle;
}

bool batch_pool_halt(struct batch_pool *p, long grace_ms)
{
	struct timespec t = ms_from_now(grace_ms);
	bool idle;

	atomic_store(&p->stop, true);
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0 && pthread_cond_timedwait(&p->finished, &p->mu, &t) != ETIMEDOUT)
		continue;
	idle = p->busy == 0;
	pthread_mutex_unlock(&p->mu);
	return idle;
}
