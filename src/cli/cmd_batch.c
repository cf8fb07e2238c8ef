/*
 * cmd_batch.c - recist batch: re-score archives of cases, one output record
 * per input case in input order, streaming, in parallel, nothing lost.
 *
 * SPDX-License-Identifier: MIT
 *
 * The main thread reads records (a line of a JSON Lines file, or a whole
 * *.json file) into a window of slots and hands it to the worker threads,
 * each with its own scorer over the one read-only set of rules; while they
 * score it, the main thread reads the next window.  Then the next window is
 * started, and the main thread writes the scored one's outputs in order
 * while it is scored: reading and writing both overlap the scoring.  The
 * main thread never scores a large record: it stays free to answer a signal
 * within a second, even while a worker spends seconds inside one huge
 * record.
 *
 * Memory is two windows, each bounded in records and in bytes, plus each
 * worker's record at hand, whatever the number of cases; buffers grown for
 * a huge record are freed once it is written.
 *
 * The parts: batch_input.c reads the records, batch_pool.c scores them
 * (and catches the signals), batch_output.c writes them to standard output
 * or to -o's file.  This file has the options, the windows, the progress
 * line and the summary.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch_input.h"
#include "batch_output.h"
#include "batch_pool.h"
#include "cli.h"

enum {
	WINDOW_PER_JOB       = 64,              /* records per worker in a window */
	WINDOW_BYTES_PER_JOB = 4 * 1024 * 1024, /* and bytes: a window ends at jobs x this (one record at least) */
	SLOT_KEEP_BYTES      = 64 * 1024,       /* a slot buffer grown past this is freed once its record is written */
	SHARD_MAX            = 1000000,         /* --shard I/N: the largest N */
	MAX_REJECTS_MAX      = 2000000000       /* --max-rejects N: the largest N */
};

enum { OPT_JOBS = 'j', OPT_OUTPUT = 'o', OPT_SHARD = 400, OPT_FLAGS, OPT_MAX_REJECTS };

static const struct cli_opt batch_opts[] = {
	{ OPT_FORMAT,   "format",   "json|csv", "the output format (default: json, JSON Lines; jsonl is the same)" },
	{ OPT_JOBS,     "jobs",     "N",    "threads that score cases (default: the number of processors)" },
	{ OPT_OUTPUT,   "output",   "FILE", "write to FILE, replaced only when the batch completes" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to apply, by id, comma-separated (default: all)" },
	CLI_RULES_OPT,
	{ OPT_FLAGS,    "flags",    "FILE", "flag file to use instead of the built-in cross-criteria flags" },
	{ OPT_SHARD,    "shard",    "I/N",  "score only the cases whose case_id hashes to shard I of N" },
	{ OPT_MAX_REJECTS, "max-rejects", "N", "exit 3 when more than N records were rejected (default: no limit)" },
	CLI_BOR_OPTS,
	CLI_SDTM_INPUT_OPT,
	CLI_SDTM_OPTS,
	CLI_SDTM_AXIS_OPT,
	{ 0, NULL, NULL, NULL }
};

struct batch_args {
	struct cli_common common;    /* --format's value is batch's own: json (or jsonl) or csv */
	int               jobs;
	const char       *output;
	const char       *flags;
	unsigned          shard_index, shard_count;
	int               max_rejects;   /* --max-rejects; -1: no limit */
};

/* What was written, for the summary. */
struct tally {
	size_t read, scored, rejected, flagged;
};

/* One run of the command: what batch_setup makes and batch_teardown frees. */
struct batch {
	struct batch_args      args;
	struct cli_diag_state  dstate;
	recist_diag_sink       sink;      /* prints, counting in dstate */
	recist_flagset        *flags;
	struct batch_signals   signals;
	struct batch_output    out;
	struct batch_source    src;
	struct batch_pool      pool;
	struct batch_slot     *slots;     /* two windows */
	size_t                 window;    /* slots in one */
	struct tally           tally;
	int                    io_error;  /* an input could not be read: the batch is not complete */
	bool                   sdtm_bad;  /* --sdtm: rows or subjects left out (said) */
	bool                   stuck;     /* a worker is still inside a record BATCH_STOP_GRACE_MS after a signal */
};

/* ---- Options ---- */

/* --shard I/N: whole numbers, 1 <= I <= N <= SHARD_MAX. */
static int parse_shard(const char *arg, struct batch_args *a)
{
	const char *slash = strchr(arg, '/');
	unsigned long i, n;

	if (slash == NULL || cli_whole(arg, (size_t)(slash - arg), SHARD_MAX, &i) < 0 ||
	    cli_whole(slash + 1, strlen(slash + 1), SHARD_MAX, &n) < 0 || i < 1 || i > n) {
		cli_usage_error("batch", "--shard needs I/N, whole numbers with 1 <= I <= N <= %d, got '%s'",
		                SHARD_MAX, arg);
		return -1;
	}
	a->shard_index = (unsigned)(i - 1);
	a->shard_count = (unsigned)n;
	return 0;
}

/* The formats of the other commands but text: batch writes a record a line. */
static const struct cli_name batch_formats[] = {
	{ "json", RECIST_FORMAT_JSON, false },
	{ "jsonl", RECIST_FORMAT_JSON, true },
	{ "csv", RECIST_FORMAT_CSV, false },
	{ NULL, 0, false }
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct batch_args *a = ctx;
	int fmt;

	switch (key) {
	case OPT_FORMAT:
		if (cli_choose("batch", "format", batch_formats, false, arg, &fmt) < 0)
			return -1;
		a->common.fmt = (recist_format)fmt;
		return 0;
	case OPT_JOBS:     return cli_number("batch", "jobs", arg, 1, 256, &a->jobs);
	case OPT_OUTPUT:   a->output = arg; return 0;
	case OPT_FLAGS:    a->flags = arg; return 0;
	case OPT_SHARD:    return parse_shard(arg, a);
	case OPT_MAX_REJECTS:
		return cli_number("batch", "max-rejects", arg, 0, MAX_REJECTS_MAX, &a->max_rejects);
	default:
		return cli_common_option(&a->common, key, arg) == 0 ? 0 : -1;
	}
}

/* ---- The windows ---- */

/* Read records into slots[0..max) until max records or max_bytes are read,
 * the inputs end, or a signal comes (then none is kept); how many. */
static size_t window_fill(struct batch_source *src, struct batch_slot *slots, size_t max, size_t max_bytes,
                          int *io_error)
{
	size_t n = 0, bytes = 0;

	while (n < max && bytes < max_bytes && batch_read_record(src, &slots[n], io_error)) {
		atomic_store_explicit(&slots[n].done, false, memory_order_relaxed);  /* published by batch_window_start */
		atomic_store_explicit(&slots[n].claimed, false, memory_order_relaxed);
		bytes += slots[n].len;
		n++;
	}
	return batch_interrupted() ? 0 : n;
}

/* A slot keeps its buffers for the next window, unless a huge record grew them. */
static void slot_trim(struct batch_slot *sl)
{
	if (sl->cap > SLOT_KEEP_BYTES) {
		free(sl->text);
		sl->text = NULL;
		sl->cap = 0;
	}
	if (sl->out.cap > SLOT_KEEP_BYTES)
		recist_buffer_release(&sl->out);
}

/*
 * Write the output records of slots[0..n) in input order, as far as they
 * were scored (after a signal the rest were not), and trim those slots.
 * Returns 0, or -1 after a write error or when memory ran out while
 * scoring (reported, unless a signal cut the write short).
 */
static int window_write(struct batch_slot *slots, size_t n, FILE *fp, struct tally *t)
{
	for (size_t i = 0; i < n && atomic_load_explicit(&slots[i].done, memory_order_acquire); i++) {
		struct batch_slot *sl = &slots[i];
		if (sl->rc < 0) {
			cli_say("error: out of memory");
			return -1;
		}
		if (sl->status != RECIST_RECORD_SKIPPED) {
			t->read++;
			t->scored += sl->status == RECIST_RECORD_SCORED;
			t->rejected += sl->status == RECIST_RECORD_REJECTED;
			t->flagged += sl->flagged != 0;
			if (sl->out.len > 0 && fwrite(sl->out.ptr, 1, sl->out.len, fp) != sl->out.len)
				break;
		}
		slot_trim(sl);
	}
	if (ferror(fp)) {
		if (!batch_interrupted())
			cli_say("error: cannot write output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The one-line progress display, on a terminal only. */
static void progress(const struct batch_source *src, size_t cases, double start, bool final)
{
	double t = now() - start, rate = t > 0 ? (double)cases / t : 0;

	if (src->size > 0 && src->n_inputs == 1 && !final) {
		double frac = (double)src->done / (double)src->size;
		double left = frac > 0 ? t / frac - t : 0;
		fprintf(stderr, "\rrecist: batch: %zu cases, %.0f/s, %.0f%%, %.0f s left   ", cases, rate, 100 * frac, left);
	} else {
		fprintf(stderr, "\rrecist: batch: %zu cases, %.0f/s   ", cases, rate);
	}
	if (final)
		fputc('\n', stderr);
}

/*
 * Read, score and write window after window until the inputs end, a signal
 * comes, or writing fails.  Two windows of b->window slots each: one is
 * scored while the other is read, then written.  Returns 0, or -1 after a
 * write error or running out of memory (reported).  b->stuck is set when a
 * worker is still inside a record BATCH_STOP_GRACE_MS after a signal.
 */
static int run_windows(struct batch *b)
{
	size_t window = b->window, window_bytes = (size_t)b->args.jobs * WINDOW_BYTES_PER_JOB;
	struct batch_slot *cur = b->slots, *nxt = b->slots + window;
	size_t n_cur = window_fill(&b->src, cur, window, window_bytes, &b->io_error);
	double start = now(), last_progress = 0;
	bool tty = isatty(2);

	if (n_cur > 0)
		batch_window_start(&b->pool, cur, n_cur);
	while (n_cur > 0) {
		size_t n_nxt = window_fill(&b->src, nxt, window, window_bytes, &b->io_error);
		if (!batch_window_wait(&b->pool) && !batch_pool_halt(&b->pool, BATCH_STOP_GRACE_MS))
			b->stuck = true;
		/* The next window is scored while this one is written. */
		if (n_nxt > 0 && !batch_interrupted())
			batch_window_start(&b->pool, nxt, n_nxt);
		else
			n_nxt = 0;
		if (window_write(cur, n_cur, b->out.fp, &b->tally) < 0)
			return -1;
		if (tty && now() - last_progress > 0.5) {
			progress(&b->src, b->tally.read, start, false);
			last_progress = now();
		}
		struct batch_slot *swap = cur;
		cur = nxt;
		nxt = swap;
		n_cur = n_nxt;
	}
	if (tty)
		progress(&b->src, b->tally.read, start, true);
	return 0;
}

/* ---- The command ---- */

static void batch_init(struct batch *b)
{
	memset(b, 0, sizeof *b);
	b->args = (struct batch_args){ CLI_COMMON_INIT("batch", RECIST_FORMAT_JSON), 0, NULL, NULL, 0, 1, -1 };
	b->sink = (recist_diag_sink){ cli_diag_print, &b->dstate };
	b->src.out = &b->out;
}

/* Catch the stop signals, decide the output and list the inputs; an exit status. */
static int batch_open(struct batch *b, char **operands, int n)
{
	int ret;

	/* From here a signal stops the batch, and -o's FILE is left as it was. */
	batch_signals_catch(&b->signals);
	/* The output is checked first: a file that cannot be it is refused
	 * before any work, and the walk knows which file never to read. */
	if ((ret = batch_output_check(&b->out, b->args.output)) != EXIT_OK ||
	    (ret = batch_collect_inputs(&b->src, operands, n, &b->io_error)) != EXIT_OK)
		return ret;
	return batch_output_open(&b->out);
}

/* The rule sets --criteria chose, and the flag set; an exit status. */
static int batch_load(struct batch *b)
{
	int ret;

	if ((ret = cli_setup_rules(&b->args.common, &b->sink)) != EXIT_OK)
		return ret;
	if ((b->args.flags ? recist_flagset_load_file(&b->flags, b->args.flags, &b->sink)
	                   : recist_flagset_load_builtin(&b->flags, &b->sink)) < 0)
		return EXIT_RULES;
	return EXIT_OK;
}

/* The two windows of slots, a scorer for each job, the workers started; an exit status. */
static int batch_start(struct batch *b)
{
	struct batch_args *a = &b->args;

	if (a->jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		a->jobs = n > 0 ? (int)(n < 256 ? n : 256) : 1;
	}
	b->window = (size_t)a->jobs * WINDOW_PER_JOB;
	/* As evaluate: without --criteria, a rule set is applied only where the case has what it reads. */
	a->common.bor.assessable_only = a->common.criteria == NULL;
	if ((b->slots = calloc(2 * b->window, sizeof *b->slots)) == NULL ||
	    batch_pool_init(&b->pool, a->jobs, a->common.sets, a->common.n_sets, b->flags, &a->common.bor) < 0) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	b->pool.score = (recist_score_options){ RECIST_SCORE_OPTIONS_VERSION, a->common.fmt, a->shard_index,
	                                        a->shard_count };
	return batch_pool_start(&b->pool) < 0 ? EXIT_SYSTEM : EXIT_OK;
}

/* One SDTM case, a line of the stream the batch reads. */
static int spool_case(void *ctx, const char *name, const char *text, size_t len)
{
	(void)name;
	return fwrite(text, 1, len, ctx) == len ? 0 : RECIST_EIO;
}

/*
 * --sdtm: the cases of the tables, made before any record is scored (the
 * rule sets name the RS categories) and spooled to a temporary file, read
 * after the operands as records of "<sdtm>"; an exit status.
 */
static int batch_sdtm(struct batch *b)
{
	bool io_error = false;
	FILE *fp;

	if (b->args.common.n_sdtm == 0)
		return EXIT_OK;
	if ((fp = tmpfile()) == NULL) {
		cli_say("error: cannot make a temporary file for the SDTM cases: %s", strerror(errno));
		return EXIT_SYSTEM;
	}
	if (cli_each_file(&b->args.common, NULL, 0, spool_case, NULL, fp, &io_error, &b->sdtm_bad) < 0 ||
	    fflush(fp) != 0 || ferror(fp) || io_error) {
		if (!batch_interrupted())  /* else the signal cut the reading short, and is said */
			cli_say("error: the SDTM cases could not be %s", io_error ? "read" : "spooled");
		fclose(fp);
		return EXIT_SYSTEM;
	}
	rewind(fp);
	if (batch_add_stream(&b->src, "<sdtm>", fp) < 0) {
		fclose(fp);
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* Everything before the first record is read; an exit status (the reason said). */
static int batch_setup(struct batch *b, char **operands, int n)
{
	int ret;

	if ((ret = batch_open(b, operands, n)) != EXIT_OK || (ret = batch_load(b)) != EXIT_OK ||
	    (ret = batch_sdtm(b)) != EXIT_OK)
		return ret;
	return batch_start(b);
}

/* The CSV header row; 0, or -1 when out of memory. */
static int write_csv_header(FILE *fp)
{
	recist_buffer head = RECIST_BUFFER_INIT;
	int rc = recist_csv_header(&head);

	if (rc >= 0)
		fwrite(head.ptr, 1, head.len, fp);
	recist_buffer_release(&head);
	return rc < 0 ? -1 : 0;
}

/* The last line on stderr: what was read, scored, rejected and flagged, and how fast. */
static void summary(const struct tally *tally, double start)
{
	double t = now() - start;

	cli_say("%zu case%s read, %zu scored, %zu rejected, %zu flagged; %.2f s, %.0f cases/s",
	        tally->read, tally->read == 1 ? "" : "s", tally->scored, tally->rejected, tally->flagged, t,
	        t > 0 ? (double)tally->read / t : 0);
}

/*
 * Score every record and finish the output: -o's FILE is replaced only
 * when the batch completed (no signal, no unreadable input, no write
 * error).  The exit status.
 */
static int batch_run(struct batch *b, double start)
{
	int ret = EXIT_OK;

	if (b->args.common.fmt == RECIST_FORMAT_CSV && write_csv_header(b->out.fp) < 0) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	if (run_windows(b) < 0)
		ret = EXIT_SYSTEM;
	if (batch_interrupted()) {
		cli_say("interrupted by signal %d after %zu cases", batch_interrupted(), b->tally.read);
		ret = EXIT_SYSTEM;
	}
	if (b->io_error)
		ret = EXIT_SYSTEM;  /* an unreadable input: the batch is not complete */
	if (batch_output_close(&b->out, ret == EXIT_OK) < 0)
		ret = EXIT_SYSTEM;
	summary(&b->tally, start);
	/*
	 * A rejected record has its error record in the output: the batch is
	 * complete, and a scheduler (Slurm, Spark, parallel) must not retry
	 * it.  --max-rejects is for whoever wants such a run to fail.  Rows
	 * or subjects of --sdtm left out have no record: as for import, 3.
	 */
	if (ret == EXIT_OK && b->args.max_rejects >= 0 && b->tally.rejected > (size_t)b->args.max_rejects) {
		cli_say("more than %d record%s rejected (--max-rejects %d): exit status 3", b->args.max_rejects,
		        b->args.max_rejects == 1 ? "" : "s", b->args.max_rejects);
		ret = EXIT_DATA;
	}
	if (ret == EXIT_OK && b->sdtm_bad)
		ret = EXIT_DATA;
	return ret;
}

/* Undo what batch_setup did, as far as it got; returns ret. */
static int batch_teardown(struct batch *b, int ret)
{
	batch_output_close(&b->out, false);  /* when still open: an early exit */
	batch_signals_restore(&b->signals);
	if (b->pool.n_workers > 0 && !batch_pool_halt(&b->pool, b->stuck ? 0 : BATCH_STOP_GRACE_MS)) {
		/* A worker is still inside a record after a signal, and may be for
		 * seconds: its scorer, its slot and the rule sets cannot be freed
		 * under it, nor can it be waited for.  The output is closed, the
		 * temporary file gone: end the process here, by the signal. */
		fflush(stdout);
		batch_die_by_signal();
		_exit(ret);
	}
	batch_pool_release(&b->pool);
	batch_source_release(&b->src);
	batch_output_release(&b->out);
	for (size_t i = 0; b->slots != NULL && i < 2 * b->window; i++) {
		free(b->slots[i].text);
		recist_buffer_release(&b->slots[i].out);
	}
	free(b->slots);
	recist_flagset_free(b->flags);
	cli_common_release(&b->args.common);
	return ret;
}

int cmd_batch(int argc, char **argv)
{
	double start = now();
	struct batch b;
	int first, ret;

	batch_init(&b);
	if ((first = cli_parse(argc, argv, "batch", "INPUT...", batch_opts, on_opt, &b.args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if (!cli_has_input(&b.args.common, first, argc, "(a JSON Lines file, a directory, '-', or --sdtm)")) {
		ret = EXIT_USAGE;
	} else if ((ret = batch_setup(&b, argv + first, argc - first)) == EXIT_OK) {
		ret = batch_run(&b, start);
	} else if (batch_interrupted()) {
		cli_say("interrupted by signal %d before any case was read", batch_interrupted());
	}
	ret = batch_teardown(&b, ret);
	batch_die_by_signal();  /* after a signal, no return */
	return ret;
}
