/*
 * cmd_batch.c - recist batch: re-score archives of cases, one output record
 * per input case in input order, streaming, in parallel, nothing lost.
 *
 * SPDX-License-Identifier: MIT
 *
 * The main thread reads records (a line of a JSON Lines file, or a whole
 * *.json file) into a window of slots; worker threads score the window's
 * slots, each with its own scorer over the one read-only set of rules,
 * while the main thread reads the next window and then joins them.  Then
 * the next window is started, and the main thread writes the scored one's
 * outputs in order while it is scored: reading and writing both overlap
 * the scoring.  Memory is two windows, whatever the number of cases.  With
 * -o the output goes to a temporary file beside FILE that replaces FILE
 * only when the batch completes.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_FORMAT = 'f', OPT_CRITERIA = 'c', OPT_RULES = 'r', OPT_JOBS = 'j', OPT_OUTPUT = 'o',
       OPT_SHARD = 400, OPT_FLAGS };

static const struct cli_opt batch_opts[] = {
	{ OPT_FORMAT,   "format",   "FMT",  "jsonl (default) or csv" },
	{ OPT_JOBS,     "jobs",     "N",    "worker threads (default: the number of processors)" },
	{ OPT_OUTPUT,   "output",   "FILE", "write to FILE, replaced only when the batch completes" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to apply, by id, comma-separated (default: all)" },
	{ OPT_RULES,    "rules",    "FILE", "load a rule file too; the same id replaces a built-in (repeatable)" },
	{ OPT_FLAGS,    "flags",    "FILE", "flag file to use instead of the built-in cross-criteria flags" },
	{ OPT_SHARD,    "shard",    "I/N",  "score only the cases whose case_id hashes to shard I of N" },
	CLI_BOR_OPTS,
	{ 0, NULL, NULL, NULL }
};

struct batch_args {
	recist_format       fmt;
	int                 jobs;
	const char         *output;
	const char         *criteria;
	const char        **rules;
	size_t              n_rules;
	const char         *flags;
	unsigned            shard_index, shard_count;
	recist_eval_options opts;
};

/* One input record and its output. */
struct slot {
	char                *text;     /* the record (a line, or a whole file) */
	size_t               len, cap;
	const char          *file;     /* borrowed from the source */
	unsigned             line;
	recist_buffer        out;
	recist_record_status status;
	int                  flagged;
	int                  rc;
};

/* Where records come from: the inputs, one after another. */
struct source {
	char  **paths;        /* files to read, in order ("-": standard input) */
	size_t  n_paths, next;
	FILE   *fp;           /* the current file, NULL between files */
	const char *name;
	bool    whole;        /* a *.json file of a directory: one record */
	unsigned line;
	off_t   size, done;   /* for progress: bytes of the current file */
};

/* The workers and the window they share. */
struct pool {
	pthread_mutex_t   mu;
	pthread_cond_t    start, finished;
	unsigned long     generation;
	bool              quit;
	size_t            busy;
	struct slot      *slots;
	size_t            n;
	atomic_size_t     next;
	const struct batch_args *args;
};

struct worker {
	pthread_t      thread;
	struct pool   *pool;
	recist_scorer *scorer;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static int on_opt(int key, const char *arg, void *ctx)
{
	struct batch_args *a = ctx;
	unsigned i, n;
	char end;

	switch (key) {
	case OPT_FORMAT:
		if (strcmp(arg, "jsonl") == 0) {
			a->fmt = RECIST_FORMAT_JSON;
			return 0;
		}
		if (strcmp(arg, "csv") == 0) {
			a->fmt = RECIST_FORMAT_CSV;
			return 0;
		}
		cli_usage_error("batch", "unknown format '%s' (expected jsonl or csv)", arg);
		return -1;
	case OPT_JOBS:     return cli_number("batch", "jobs", arg, 1, 256, &a->jobs);
	case OPT_OUTPUT:   a->output = arg; return 0;
	case OPT_CRITERIA: a->criteria = arg; return 0;
	case OPT_RULES:    return cli_list_add(&a->rules, &a->n_rules, arg);
	case OPT_FLAGS:    a->flags = arg; return 0;
	case OPT_SHARD:
		if (sscanf(arg, "%u/%u%c", &i, &n, &end) != 2 || n < 1 || i < 1 || i > n) {
			cli_usage_error("batch", "--shard needs I/N with 1 <= I <= N, got '%s'", arg);
			return -1;
		}
		a->shard_index = i - 1;
		a->shard_count = n;
		return 0;
	default:
		return cli_bor_option("batch", key, arg, &a->opts);
	}
}

/* ---- Inputs ---- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Every *.json and *.jsonl file under dir, in sorted order, appended to src. */
static int add_directory(struct source *src, const char *dir)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;

	if (n < 0) {
		fprintf(stderr, "recist: %s: error: cannot read directory: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *e = ents[i]->d_name;
		char *path;
		struct stat st;
		if (e[0] == '.' || (path = malloc(strlen(dir) + strlen(e) + 2)) == NULL) {
			rc |= e[0] == '.' ? 0 : -1;
			free(ents[i]);
			continue;
		}
		sprintf(path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc |= add_directory(src, path);
			free(path);
		} else if (has_suffix(e, ".json") || has_suffix(e, ".jsonl")) {
			char **p = realloc(src->paths, (src->n_paths + 1) * sizeof *p);
			if (p == NULL) {
				free(path);
				rc = -1;
			} else {
				src->paths = p;
				src->paths[src->n_paths++] = path;
			}
		} else {
			free(path);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

/* Open the next input file; false when there is none left (or on error, said). */
static bool open_next(struct source *src, int *io_error)
{
	while (src->next < src->n_paths) {
		const char *path = src->paths[src->next++];
		struct stat st;
		src->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
		src->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
		if (src->fp == NULL) {
			fprintf(stderr, "recist: %s: error: cannot open file: %s\n", path, strerror(errno));
			*io_error = 1;
			continue;
		}
		/* A *.json file holds one case (it may be pretty-printed); others are JSON Lines. */
		src->whole = has_suffix(path, ".json");
		src->line = 0;
		src->done = 0;
		src->size = fstat(fileno(src->fp), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
		return true;
	}
	return false;
}

/* Read the next record into slot; false at the end of all inputs. */
static bool read_record(struct source *src, struct slot *sl, int *io_error)
{
	for (;;) {
		if (src->fp == NULL && !open_next(src, io_error))
			return false;
		sl->len = 0;
		sl->file = src->name;
		sl->line = src->line + 1;
		/* A line (getline keeps the buffer for the next), or the whole file. */
		int c = EOF;
		if (!src->whole) {
			ssize_t n = getline(&sl->text, &sl->cap, src->fp);
			if (n > 0 && sl->text[n - 1] == '\n') {
				c = '\n';
				n--;
			}
			sl->len = n > 0 ? (size_t)n : 0;
		} else {
			size_t got;
			do {
				if (sl->cap - sl->len < 65536) {
					size_t cap = sl->cap ? sl->cap * 2 : 131072;
					char *p = realloc(sl->text, cap);
					if (p == NULL) {
						*io_error = 1;
						return false;
					}
					sl->text = p;
					sl->cap = cap;
				}
				got = fread(sl->text + sl->len, 1, sl->cap - sl->len, src->fp);
				sl->len += got;
			} while (got > 0);
		}
		src->done += (off_t)sl->len + (c == '\n');
		if (ferror(src->fp)) {
			fprintf(stderr, "recist: %s: error: cannot read file: %s\n", src->name, strerror(errno));
			*io_error = 1;
		}
		if (c == EOF && sl->len == 0 && !(src->whole && src->line == 0)) {
			/* The end of this file (a final line break is no record; an
			 * empty *.json file is one, and is rejected as empty). */
			if (src->fp != stdin)
				fclose(src->fp);
			src->fp = NULL;
			continue;
		}
		src->line++;
		if (src->whole)
			src->line = 1;
		if (c == EOF) {
			if (src->fp != stdin)
				fclose(src->fp);
			src->fp = NULL;
		}
		return true;
	}
}

/* ---- Scoring the window ---- */

static void score_slot(recist_scorer *scorer, const struct batch_args *a, struct slot *sl)
{
	recist_buffer_clear(&sl->out);
	sl->rc = recist_scorer_score(scorer, sl->text, sl->len, sl->file, sl->line,
	                             a->fmt, a->shard_index, a->shard_count, &sl->out, &sl->status, &sl->flagged);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
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
		for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
			score_slot(w->scorer, p->args, &p->slots[i]);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->finished);
		pthread_mutex_unlock(&p->mu);
	}
}

/*
 * Start scoring slots[0..n) with every worker and return at once (without
 * workers, score them here); window_wait() waits for the end.  Meanwhile
 * the main thread reads the next window: reading and writing overlap the
 * scoring.
 */
static void window_start(struct pool *p, struct worker *w, size_t n_workers, struct slot *slots, size_t n)
{
	if (n_workers == 0) {
		for (size_t i = 0; i < n; i++)
			score_slot(w[0].scorer, p->args, &slots[i]);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->slots = slots;
	p->n = n;
	atomic_store(&p->next, 0);
	p->busy = n_workers;
	p->generation++;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->mu);
}

/* The main thread, done reading, scores what is left with its own scorer. */
static void window_wait(struct pool *p, size_t n_workers, recist_scorer *own)
{
	if (n_workers == 0)
		return;
	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		score_slot(own, p->args, &p->slots[i]);
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0)
		pthread_cond_wait(&p->finished, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* ---- Output ---- */

/* The output: standard output, or a temporary file beside FILE. */
struct sink_file {
	FILE       *fp;
	char       *tmp;     /* the temporary file's name, or NULL */
	const char *final;   /* FILE */
};

static int open_output(struct sink_file *o, const char *path)
{
	int fd;

	o->final = path;
	if (path == NULL) {
		o->fp = stdout;
		return 0;
	}
	if ((o->tmp = malloc(strlen(path) + 16)) == NULL)
		return -1;
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) >= 0) {
		/* The file it replaces keeps its mode; a new one gets the usual 0666 less umask. */
		struct stat st;
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask);
	}
	if (fd < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "recist: %s: error: cannot create a temporary file beside it: %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	return 0;
}

/* Finish the output: rename into place when ok, else remove the temporary file. */
static int close_output(struct sink_file *o, bool ok)
{
	int rc = 0;

	if (o->tmp == NULL) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			if (ok)  /* else already said */
				perror("recist: error: cannot write output");
			rc = -1;
		}
		return rc;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
		fprintf(stderr, "recist: %s: error: cannot write output: %s\n", o->tmp, strerror(errno));
		ok = false;
		rc = -1;
	}
	if (fclose(o->fp) != 0 && ok) {
		fprintf(stderr, "recist: %s: error: cannot write output: %s\n", o->tmp, strerror(errno));
		ok = false;
		rc = -1;
	}
	if (ok && rename(o->tmp, o->final) != 0) {
		fprintf(stderr, "recist: %s: error: cannot replace it: %s\n", o->final, strerror(errno));
		ok = false;
		rc = -1;
	}
	if (!ok) {
		unlink(o->tmp);
		fprintf(stderr, "recist: %s: left as it was (the batch did not complete)\n", o->final);
	}
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The one-line progress display, on a terminal only. */
static void progress(const struct source *src, size_t cases, double start, bool final)
{
	double t = now() - start, rate = t > 0 ? (double)cases / t : 0;

	if (src->size > 0 && src->n_paths == 1 && !final) {
		double frac = (double)src->done / (double)src->size;
		double left = frac > 0 ? t / frac - t : 0;
		fprintf(stderr, "\r%zu cases, %.0f/s, %.0f%%, %.0f s left   ", cases, rate, 100 * frac, left);
	} else {
		fprintf(stderr, "\r%zu cases, %.0f/s   ", cases, rate);
	}
	if (final)
		fputc('\n', stderr);
}

/* ---- The command ---- */

enum { WINDOW_PER_JOB = 64 };

int cmd_batch(int argc, char **argv)
{
	static const char usage[] = "recist batch [--format jsonl|csv] [--jobs N] [-o FILE] [--criteria LIST] [--rules FILE]...\n"
	                            "             [--flags FILE] [--shard I/N] INPUT...";
	struct batch_args args = { RECIST_FORMAT_JSON, 0, NULL, NULL, NULL, 0, NULL, 0, 1, RECIST_EVAL_OPTIONS_INIT };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	struct cli_rulesets all = { NULL, NULL, 0 };
	const recist_ruleset **sets = NULL;
	size_t n_sets = 0, n_workers = 0, window = 0, read = 0, scored = 0, rejected = 0, flagged = 0;
	recist_flagset *flags = NULL;
	struct source src;
	struct pool pool;
	struct worker *workers = NULL;
	struct slot *slots = NULL;
	struct sink_file out = { NULL, NULL, NULL };
	bool output_open = false, tty = isatty(2), ok = true;
	int first, ret = EXIT_OK, io_error = 0;
	double start = now(), last_progress = 0;
	struct sigaction sa, old_int, old_term, old_hup;

	memset(&src, 0, sizeof src);
	memset(&pool, 0, sizeof pool);
	if ((first = cli_parse(argc, argv, usage, batch_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (first >= argc) {
		cli_usage_error("batch", "no input (a JSON Lines file, a directory, or '-')");
		ret = EXIT_USAGE;
		goto done;
	}
	for (int i = first; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (add_directory(&src, argv[i]) < 0)
				io_error = 1;
		} else {
			char **p = realloc(src.paths, (src.n_paths + 1) * sizeof *p);
			if (p == NULL)
				goto nomem;
			src.paths = p;
			if ((src.paths[src.n_paths] = strdup(argv[i])) == NULL)
				goto nomem;
			src.n_paths++;
		}
	}
	if ((ret = cli_rulesets_load(&all, args.rules, args.n_rules, &sink)) != EXIT_OK ||
	    (ret = cli_select_sets("batch", &all, args.criteria, &sets, &n_sets)) != EXIT_OK)
		goto done;
	if ((args.flags ? recist_flagset_load_file(&flags, args.flags, &sink)
	                : recist_flagset_load_builtin(&flags, &sink)) < 0) {
		ret = EXIT_RULES;
		goto done;
	}
	if (args.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		args.jobs = n > 0 ? (int)(n < 256 ? n : 256) : 1;
	}
	window = (size_t)args.jobs * WINDOW_PER_JOB;
	if ((slots = calloc(2 * window, sizeof *slots)) == NULL ||
	    (workers = calloc((size_t)args.jobs, sizeof *workers)) == NULL)
		goto nomem;
	for (int i = 0; i < args.jobs; i++)
		if ((workers[i].scorer = recist_scorer_new(sets, n_sets, flags, &args.opts)) == NULL)
			goto nomem;
	pool.slots = slots;
	pool.args = &args;
	pthread_mutex_init(&pool.mu, NULL);
	pthread_cond_init(&pool.start, NULL);
	pthread_cond_init(&pool.finished, NULL);
	/* jobs - 1 threads: the main thread is the last worker (window_wait). */
	if (args.jobs > 1) {
		for (int i = 0; i < args.jobs - 1; i++) {
			workers[i].pool = &pool;
			if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) != 0) {
				fprintf(stderr, "recist: batch: error: cannot start a worker thread\n");
				ret = EXIT_SYSTEM;
				goto stop;
			}
			n_workers++;
		}
	}
	/* A signal stops the batch between windows; -o's FILE is then left as it was. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	if (open_output(&out, args.output) < 0) {
		ret = EXIT_SYSTEM;
		goto restore;
	}
	output_open = true;
	if (args.fmt == RECIST_FORMAT_CSV) {
		recist_buffer head = RECIST_BUFFER_INIT;
		if (recist_csv_header(&head) < 0)
			goto nomem_restore;
		fwrite(head.ptr, 1, head.len, out.fp);
		recist_buffer_release(&head);
	}
	/* Two windows: one is scored while the other is read, then written. */
	struct slot *cur = slots, *nxt = slots + window;
	size_t n_cur = 0;
	while (n_cur < window && !interrupted && read_record(&src, &cur[n_cur], &io_error))
		n_cur++;
	if (interrupted)
		n_cur = 0;  /* a window being read is not scored */
	if (n_cur > 0)
		window_start(&pool, workers, n_workers, cur, n_cur);
	/* A signal stops the reading; the window being scored is still written. */
	while (n_cur > 0) {
		size_t n_nxt = 0;
		while (n_nxt < window && !interrupted && read_record(&src, &nxt[n_nxt], &io_error))
			n_nxt++;
		window_wait(&pool, n_workers, workers[args.jobs - 1].scorer);
		/* The next window is scored while this one is written. */
		bool more = n_nxt > 0 && !interrupted;
		if (more)
			window_start(&pool, workers, n_workers, nxt, n_nxt);
		for (size_t i = 0; i < n_cur; i++) {
			struct slot *sl = &cur[i];
			if (sl->rc < 0)
				goto nomem_restore;
			if (sl->status == RECIST_RECORD_SKIPPED)
				continue;
			read++;
			scored += sl->status == RECIST_RECORD_SCORED;
			rejected += sl->status == RECIST_RECORD_REJECTED;
			flagged += sl->flagged != 0;
			if (sl->out.len && fwrite(sl->out.ptr, 1, sl->out.len, out.fp) != sl->out.len)
				ok = false;
		}
		if (!ok || ferror(out.fp)) {
			fprintf(stderr, "recist: batch: error: cannot write output: %s\n", strerror(errno));
			ok = false;
			break;
		}
		if (tty && now() - last_progress > 0.5) {
			progress(&src, read, start, false);
			last_progress = now();
		}
		if (!more)
			break;
		struct slot *t = cur;
		cur = nxt;
		nxt = t;
		n_cur = n_nxt;
	}
	if (interrupted) {
		fprintf(stderr, "recist: batch: interrupted by signal %d after %zu cases\n", (int)interrupted, read);
		ok = false;
	}
	if (io_error)
		ok = ok && args.output == NULL;  /* an unreadable input: keep an earlier FILE */
	if (close_output(&out, ok) < 0 || !ok || io_error)
		ret = EXIT_SYSTEM;
	output_open = false;
	if (tty)
		progress(&src, read, start, true);
	{
		double t = now() - start;
		fprintf(stderr, "batch: %zu case%s read, %zu scored, %zu rejected, %zu flagged; %.2f s, %.0f cases/s\n",
		        read, read == 1 ? "" : "s", scored, rejected, flagged, t, t > 0 ? (double)read / t : 0);
	}
	if (ret == EXIT_OK && rejected > 0)
		ret = EXIT_DATA;
	goto restore;
nomem_restore:
	fprintf(stderr, "recist: error: out of memory\n");
	ret = EXIT_SYSTEM;
restore:
	if (output_open)
		close_output(&out, false);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
stop:
	pthread_mutex_lock(&pool.mu);
	pool.quit = true;
	pthread_cond_broadcast(&pool.start);
	pthread_mutex_unlock(&pool.mu);
	for (size_t i = 0; i < n_workers; i++)
		pthread_join(workers[i].thread, NULL);
	if (slots != NULL) {
		pthread_mutex_destroy(&pool.mu);
		pthread_cond_destroy(&pool.start);
		pthread_cond_destroy(&pool.finished);
	}
	goto done;
nomem:
	fprintf(stderr, "recist: error: out of memory\n");
	ret = EXIT_SYSTEM;
done:
	if (src.fp != NULL && src.fp != stdin)
		fclose(src.fp);
	for (size_t i = 0; i < src.n_paths; i++)
		free(src.paths[i]);
	free(src.paths);
	for (size_t i = 0; slots != NULL && i < 2 * window; i++) {
		free(slots[i].text);
		recist_buffer_release(&slots[i].out);
	}
	free(slots);
	for (int i = 0; workers != NULL && i < args.jobs; i++)
		recist_scorer_free(workers[i].scorer);
	free(workers);
	recist_flagset_free(flags);
	free(sets);
	cli_rulesets_release(&all);
	free(args.rules);
	return ret;
}
