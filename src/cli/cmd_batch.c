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
 * main thread never scores: it stays free to answer a signal within a
 * second, even while a worker spends seconds inside one huge record.
 *
 * Memory is two windows, each bounded in records and in bytes, plus each
 * worker's record at hand, whatever the number of cases; buffers grown for
 * a huge record are freed once it is written.
 *
 * With -o the output goes to a temporary file beside FILE, with no name
 * until the batch completes where the system allows (O_TMPFILE), that then
 * replaces FILE.  A character device or a FIFO (/dev/stdout) is written
 * directly instead; anything else that is not a regular file is refused.
 */
#define _GNU_SOURCE /* O_TMPFILE (Linux); without it the temporary file has a name from the start */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

enum {
	WINDOW_PER_JOB       = 64,              /* records per worker in a window */
	WINDOW_BYTES_PER_JOB = 4 * 1024 * 1024, /* and bytes: a window ends at jobs x this (one record at least) */
	SLOT_KEEP_BYTES      = 64 * 1024,       /* a slot buffer grown past this is freed once its record is written */
	MAIN_SCORES_MAX      = 64 * 1024,       /* the main thread scores records up to this size (a millisecond or two) */
	POLL_MS              = 50,              /* how often the main thread looks for a signal while workers score */
	STOP_GRACE_MS        = 300,             /* after a signal, the time the records being scored have to finish */
	SHARD_MAX            = 1000000,         /* --shard I/N: the largest N */
	LINK_TRIES           = 100              /* names tried for the unnamed temporary file */
};

enum { OPT_FORMAT = 'f', OPT_CRITERIA = 'c', OPT_RULES = 'r', OPT_JOBS = 'j', OPT_OUTPUT = 'o',
       OPT_SHARD = 400, OPT_FLAGS };

static const struct cli_opt batch_opts[] = {
	{ OPT_FORMAT,   "format",   "FMT",  "jsonl (default) or csv" },
	{ OPT_JOBS,     "jobs",     "N",    "threads that score cases (default: the number of processors)" },
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
	atomic_bool          done;     /* scored: set by the worker, last */
	atomic_bool          claimed;  /* taken by a thread to score */
};

/* An input operand, or a file found under a directory operand. */
struct input {
	char *path;     /* "-": standard input */
	bool  walked;   /* found by the walk: read only while it is a regular file */
};

/* The output: standard output, FILE itself, or a temporary file beside FILE. */
struct output {
	FILE        *fp;
	const char  *path;      /* -o FILE as given; NULL: standard output */
	char        *target;    /* the file to replace (FILE, or where its link leads); NULL: none */
	size_t       dir_len;   /* target[0..dir_len) is its directory, '/' included */
	char        *tmp;       /* the temporary file's name, once it has one */
	bool         unnamed;   /* O_TMPFILE: the temporary file has no name yet */
	bool         existed;   /* FILE existed, and 'was' is what it was */
	bool         is_stdout; /* FILE is standard output already (/dev/stdout) */
	bool         has_tmp;   /* tmp_st is the temporary file */
	struct stat  was, tmp_st;
};

/* Where records come from: the inputs, one after another. */
struct source {
	struct input  *inputs;
	size_t         n_inputs, next;
	FILE          *fp;          /* the current file, NULL between files */
	const char    *name;
	bool           whole;       /* a *.json file: one record */
	unsigned       line;
	off_t          size, done;  /* for progress: bytes of the current file */
	const struct output *out;   /* never read as an input */
};

/* The workers and the window they share. */
struct pool {
	pthread_mutex_t   mu;
	pthread_cond_t    start;     /* a window is ready, or quit */
	pthread_cond_t    finished;  /* busy went down to 0 */
	unsigned long     generation;
	bool              quit;
	size_t            busy;      /* workers not done with the window */
	struct slot      *slots;
	size_t            n;
	atomic_size_t     next;      /* the next slot the workers look at */
	atomic_bool       stop;      /* a signal came: take no more slots */
	const struct batch_args *args;
	size_t            n_workers;
	recist_scorer    *main_scorer;
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
	pthread_t      thread;
	struct pool   *pool;
	recist_scorer *scorer;
	bool           large_only;
};

/* Score slot sl with scorer, if no other thread took it: true when this one did. */
static bool score_slot(struct pool *p, struct slot *sl, recist_scorer *scorer)
{
	if (atomic_exchange(&sl->claimed, true))
		return false;

	recist_score_options opts = { RECIST_SCORE_OPTIONS_VERSION, p->args->fmt, p->args->shard_index,
	                              p->args->shard_count };
	recist_record rec = { sl->text, sl->len, sl->file, sl->line, RECIST_RECORD_SCORED, 0 };

	recist_buffer_clear(&sl->out);
	sl->rc = recist_scorer_score(scorer, &rec, &opts, &sl->out);
	sl->status = rec.status;
	sl->flagged = rec.flagged;
	atomic_store_explicit(&sl->done, true, memory_order_release);
	return true;
}

/* What was written, for the summary. */
struct tally {
	size_t read, scored, rejected, flagged;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* The signals that stop a batch; the workers block them, so that they reach
 * the main thread and interrupt what it waits for (read, write, open). */
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define N_STOP_SIGNALS (sizeof stop_signals / sizeof stop_signals[0])

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

static int on_opt(int key, const char *arg, void *ctx)
{
	struct batch_args *a = ctx;

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
	case OPT_SHARD:    return parse_shard(arg, a);
	default:
		return cli_bor_option("batch", key, arg, &a->opts);
	}
}

/* "a FIFO", "a directory", ...: what a file that is not a regular file is. */
static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : S_ISLNK(m) ? "a symbolic link" :
	       "not a regular file";
}

/* ---- Output ---- */

/* "DIR/.NAME.tmp.SUFFIX" for the target DIR/NAME (malloc'd), or NULL. */
static char *temp_name(const struct output *o, const char *suffix)
{
	size_t n = strlen(o->target) + strlen(suffix) + 8;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%.*s.%s.tmp.%s", (int)o->dir_len, o->target, o->target + o->dir_len, suffix);
	return s;
}

/* The target's directory, for open() (malloc'd), or NULL. */
static char *target_dir(const struct output *o)
{
	return o->dir_len == 0 ? strdup(".") : strndup(o->target, o->dir_len);
}

/*
 * The replacement keeps FILE's owner, group and permissions, but never its
 * set-user-ID, set-group-ID or sticky bit.  When the group cannot be kept
 * (a user not in it), the group permissions are not given to ours.  A new
 * file gets 0666 less the umask.
 */
static int set_mode(const struct output *o, int fd)
{
	mode_t mode, mask;

	if (!o->existed) {
		mask = umask(0);
		umask(mask);  /* threads are not started yet */
		return fchmod(fd, 0666 & ~mask);
	}
	mode = o->was.st_mode & 0777;
	if (fchown(fd, o->was.st_uid, o->was.st_gid) < 0 && fchown(fd, (uid_t)-1, o->was.st_gid) < 0)
		mode &= ~(mode_t)070;
	return fchmod(fd, mode);
}

/* The temporary file beside the target; 0, or -1 with errno set. */
static int open_temp(struct output *o)
{
	int fd = -1;

#ifdef O_TMPFILE
	/* Unnamed: nothing is left behind, whatever ends the process.  It is
	 * given a name by linkat() through /proc, so both must be there. */
	char *dir = target_dir(o), proc[32];
	if (dir == NULL)
		return -1;
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (fd >= 0 && access(proc, F_OK) != 0) {
		close(fd);
		fd = -1;
	}
	o->unnamed = fd >= 0;
#endif
	if (fd < 0) {
		/* Named, and hidden from the walk by its leading dot. */
		if ((o->tmp = temp_name(o, "XXXXXX")) == NULL)
			return -1;
		if ((fd = mkstemp(o->tmp)) < 0) {
			int e = errno;
			free(o->tmp);
			o->tmp = NULL;
			errno = e;
			return -1;
		}
	}
	if (set_mode(o, fd) < 0 || fstat(fd, &o->tmp_st) < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		int e = errno;
		close(fd);
		if (o->tmp != NULL)
			unlink(o->tmp);
		errno = e;
		return -1;
	}
	o->has_tmp = true;
	return 0;
}

/* A character device or a FIFO: written directly, nothing to replace. */
static int open_direct(struct output *o)
{
	struct stat st;
	int fd;

	/* No O_CREAT: if it was swapped for a regular file meanwhile, refuse it
	 * below rather than write over its start.  A FIFO's open waits for a
	 * reader; a signal ends the wait. */
	if ((fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "recist: %s: error: cannot open it for the output: %s\n", o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_SYSTEM;
	}
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		fprintf(stderr, "recist: %s: error: changed while it was opened; the output was not written\n", o->path);
		close(fd);
		return EXIT_SYSTEM;
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		fprintf(stderr, "recist: error: out of memory\n");
		return EXIT_SYSTEM;
	}
	o->was = st;
	return EXIT_OK;
}

/*
 * Decide where the output goes, before anything is read: standard output
 * (path NULL, or a path to it); a character device or a FIFO, written
 * directly; else the
 * regular file to replace, which a symbolic link leads to, or a new path.
 * Returns EXIT_OK, EXIT_USAGE (a file that cannot be the output) or
 * EXIT_SYSTEM, after saying why.
 */
static int output_check(struct output *o, const char *path)
{
	struct stat lst;

	o->path = path;
	if (path == NULL)
		return EXIT_OK;
	if (lstat(path, &lst) == 0) {
		if (stat(path, &o->was) < 0) {
			fprintf(stderr, "recist: %s: error: a symbolic link to a missing file (-o follows a link, "
			                "but does not create where it leads)\n", path);
			return EXIT_USAGE;
		}
		o->existed = true;
		/* Standard output itself (/dev/stdout, or the file it was sent to):
		 * written as standard output is, so that '>>' still appends. */
		struct stat so;
		o->is_stdout = fstat(STDOUT_FILENO, &so) == 0 && so.st_dev == o->was.st_dev &&
		               so.st_ino == o->was.st_ino;
		if (o->is_stdout || S_ISCHR(o->was.st_mode) || S_ISFIFO(o->was.st_mode))
			return EXIT_OK;
		if (!S_ISREG(o->was.st_mode)) {
			fprintf(stderr, "recist: %s: error: %s; the output goes to a regular file, a new file, "
			                "a character device or a FIFO\n", path, file_kind(o->was.st_mode));
			return EXIT_USAGE;
		}
		/* A link is followed, and what it leads to replaced: the link stays. */
		o->target = S_ISLNK(lst.st_mode) ? realpath(path, NULL) : strdup(path);
	} else if (errno == ENOENT) {
		o->target = strdup(path);
	} else {
		fprintf(stderr, "recist: %s: error: cannot use it for the output: %s\n", path, strerror(errno));
		return EXIT_SYSTEM;
	}
	if (o->target == NULL) {
		fprintf(stderr, "recist: %s: error: cannot follow the link: %s\n", path, strerror(errno));
		return EXIT_SYSTEM;
	}
	const char *slash = strrchr(o->target, '/');
	o->dir_len = slash != NULL ? (size_t)(slash - o->target) + 1 : 0;
	if (o->target[o->dir_len] == '\0') {
		fprintf(stderr, "recist: %s: error: names a directory; the output goes to a file\n", path);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Open the output that output_check chose; EXIT_OK or EXIT_SYSTEM (said). */
static int output_open(struct output *o)
{
	if (o->path == NULL || o->is_stdout) {
		o->fp = stdout;
		return EXIT_OK;
	}
	if (o->target == NULL)
		return open_direct(o);
	if (open_temp(o) < 0) {
		fprintf(stderr, "recist: %s: error: cannot create a temporary file beside it: %s\n", o->target,
		        strerror(errno));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* Is st the output: FILE as it was, or the temporary file? */
static bool output_is(const struct output *o, const struct stat *st)
{
	return (o->existed && st->st_dev == o->was.st_dev && st->st_ino == o->was.st_ino) ||
	       (o->has_tmp && st->st_dev == o->tmp_st.st_dev && st->st_ino == o->tmp_st.st_ino);
}

/* Give the unnamed temporary file a name beside the target, for rename(). */
static int link_temp(struct output *o)
{
	char proc[32], suffix[32];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(o->fp));
	for (unsigned k = 0; k < LINK_TRIES; k++) {
		snprintf(suffix, sizeof suffix, "%ld.%u", (long)getpid(), k);
		free(o->tmp);
		if ((o->tmp = temp_name(o, suffix)) == NULL)
			return -1;
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	free(o->tmp);
	o->tmp = NULL;
	return -1;
}

/* Make the rename durable; a file system that cannot sync a directory is no error. */
static void sync_dir(const struct output *o)
{
	char *dir = target_dir(o);
	int fd = dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Finish the output.  Complete: flush it and, for a temporary file, sync
 * it and rename it over the target.  Else (or when that fails) the
 * temporary file is removed and the target left as it was.  0, or -1 after
 * an error (reported).
 */
static int output_close(struct output *o, bool complete)
{
	const char *name = o->target != NULL ? o->target : o->path != NULL ? o->path : "standard output";
	int rc = 0;

	if (o->fp == NULL)
		return 0;
	if (fflush(o->fp) != 0 || ferror(o->fp) || (o->target != NULL && complete && fsync(fileno(o->fp)) != 0)) {
		if (complete)  /* else already said, or cut short by a signal */
			fprintf(stderr, "recist: %s: error: cannot write output: %s\n", name, strerror(errno));
		complete = false;
		rc = -1;
	}
	if (o->fp == stdout) {
		o->fp = NULL;
		return rc;
	}
	if (o->target != NULL && complete && o->unnamed && link_temp(o) < 0) {
		fprintf(stderr, "recist: %s: error: cannot name the temporary file beside it: %s\n", name,
		        strerror(errno));
		complete = false;
		rc = -1;
	}
	if (fclose(o->fp) != 0 && complete) {
		fprintf(stderr, "recist: %s: error: cannot write output: %s\n", name, strerror(errno));
		complete = false;
		rc = -1;
	}
	o->fp = NULL;
	if (o->target == NULL)
		return rc;  /* a device or a FIFO: nothing to replace */
	if (complete && rename(o->tmp, o->target) != 0) {
		fprintf(stderr, "recist: %s: error: cannot replace it: %s\n", o->target, strerror(errno));
		complete = false;
		rc = -1;
	}
	if (complete) {
		sync_dir(o);
	} else {
		if (o->tmp != NULL)
			unlink(o->tmp);
		fprintf(stderr, "recist: %s: left as it was (the batch did not complete)\n", o->path);
	}
	return rc;
}

static void output_release(struct output *o)
{
	free(o->target);
	free(o->tmp);
}

/* ---- Inputs ---- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool is_case_file(const char *name)
{
	return has_suffix(name, ".json") || has_suffix(name, ".jsonl");
}

/* Append path (taken over, freed on failure); 0, or -1 when out of memory. */
static int add_input(struct source *src, char *path, bool walked)
{
	struct input *p = realloc(src->inputs, (src->n_inputs + 1) * sizeof *p);

	if (path == NULL || p == NULL) {
		free(path);
		return -1;
	}
	src->inputs = p;
	src->inputs[src->n_inputs++] = (struct input){ path, walked };
	return 0;
}

/* The directories from the walk's start down to the one being read. */
struct walk_dir {
	dev_t                  dev;
	ino_t                  ino;
	const struct walk_dir *up;
};

static bool walk_visits(const struct walk_dir *d, const struct stat *st)
{
	for (; d != NULL; d = d->up)
		if (d->dev == st->st_dev && d->ino == st->st_ino)
			return true;
	return false;
}

static void skipped(const char *path, const char *why)
{
	fprintf(stderr, "recist: %s: warning: skipped: %s\n", path, why);
}

/*
 * Every *.json and *.jsonl regular file under dir (the last of the chain
 * 'at'), in sorted order, appended to src.  A symbolic link to a directory is not followed
 * (a link to '.' would read everything again, and two, forever), nor is a
 * directory already being read (a bind mount); links to files are.  FIFOs,
 * devices and sockets are skipped, since reading them may wait forever, and
 * so are -o's file and its temporary file.  Each skip is reported, as a
 * warning.  Returns -1 when a directory cannot be read (reported) or memory
 * runs out, after walking what it could.
 */
static int walk(struct source *src, const char *dir, const struct walk_dir *at)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;
	bool slash = dir[0] != '\0' && dir[strlen(dir) - 1] == '/';

	if (n < 0) {
		fprintf(stderr, "recist: %s: error: cannot read directory: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *e = ents[i]->d_name;
		size_t size = strlen(dir) + strlen(e) + 2;
		char *path = NULL;
		struct stat st;
		bool link;

		if (e[0] == '.')
			goto next;  /* hidden, and . and .. */
		if ((path = malloc(size)) == NULL) {
			rc = -1;
			goto next;
		}
		snprintf(path, size, "%s%s%s", dir, slash ? "" : "/", e);
		if (lstat(path, &st) < 0) {
			fprintf(stderr, "recist: %s: error: cannot read it: %s\n", path, strerror(errno));
			rc = -1;
		} else if ((link = S_ISLNK(st.st_mode)) && stat(path, &st) < 0) {
			/* A broken link: an input if named like one, which then cannot be opened. */
			if (is_case_file(e)) {
				rc |= add_input(src, path, true);
				path = NULL;
			}
		} else if (S_ISDIR(st.st_mode)) {
			struct walk_dir sub = { st.st_dev, st.st_ino, at };
			if (link)
				skipped(path, "a symbolic link to a directory (not followed)");
			else if (walk_visits(at, &st))
				skipped(path, "a directory already being read (a loop)");
			else
				rc |= walk(src, path, &sub);
		} else if (!is_case_file(e)) {
			/* not a case file */
		} else if (!S_ISREG(st.st_mode)) {
			skipped(path, file_kind(st.st_mode));
		} else if (output_is(src->out, &st)) {
			skipped(path, "the output of this batch");
		} else {
			rc |= add_input(src, path, true);
			path = NULL;
		}
next:
		free(path);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

/*
 * Open a file found by the walk without waiting: it may have been replaced
 * by a FIFO since.  NULL when it cannot be opened (errno set) or is no
 * longer a regular file or is the output (reported, *skip set).
 */
static FILE *open_walked(struct source *src, const char *path, bool *skip)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	FILE *fp;

	*skip = false;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && (!S_ISREG(st.st_mode) || output_is(src->out, &st))) {
		skipped(path, S_ISREG(st.st_mode) ? "the output of this batch" : file_kind(st.st_mode));
		*skip = true;
		close(fd);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, 0) < 0 || (fp = fdopen(fd, "rb")) == NULL) {
		int e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	return fp;
}

/* Open the next input file; false when there is none left (or on error, said). */
static bool open_next(struct source *src, int *io_error)
{
	while (src->next < src->n_inputs && !interrupted) {
		const struct input *in = &src->inputs[src->next++];
		bool skip = false;
		struct stat st;

		src->name = strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
		if (strcmp(in->path, "-") == 0)
			src->fp = stdin;
		else
			src->fp = in->walked ? open_walked(src, in->path, &skip) : fopen(in->path, "rb");
		if (src->fp == NULL) {
			if (!skip && !interrupted) {
				fprintf(stderr, "recist: %s: error: cannot open file: %s\n", in->path, strerror(errno));
				*io_error = 1;
			}
			continue;
		}
		/* A *.json file holds one case (it may be pretty-printed); others are JSON Lines. */
		src->whole = has_suffix(in->path, ".json");
		src->line = 0;
		src->done = 0;
		src->size = fstat(fileno(src->fp), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
		return true;
	}
	return false;
}

static void close_current(struct source *src)
{
	if (src->fp != stdin)
		fclose(src->fp);
	src->fp = NULL;
}

/* Read the next record into slot; false at the end of all inputs, or after a signal. */
static bool read_record(struct source *src, struct slot *sl, int *io_error)
{
	for (;;) {
		if (interrupted || (src->fp == NULL && !open_next(src, io_error)))
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
						fprintf(stderr, "recist: %s: error: out of memory\n", src->name);
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
			if (interrupted)  /* the signal cut the read short */
				return false;
			fprintf(stderr, "recist: %s: error: cannot read file: %s\n", src->name, strerror(errno));
			*io_error = 1;
		}
		if (c == EOF && sl->len == 0 && !(src->whole && src->line == 0)) {
			/* The end of this file (a final line break is no record; an
			 * empty *.json file is one, and is rejected as empty). */
			close_current(src);
			continue;
		}
		src->line++;
		if (src->whole)
			src->line = 1;
		if (c == EOF)
			close_current(src);
		return true;
	}
}

/*
 * The operands: '-', files, and directories, walked.  An operand that is
 * -o's file is refused (EXIT_USAGE): its results would be read as cases
 * and then replaced.  Returns EXIT_OK, or EXIT_SYSTEM when a directory
 * could not be read (reported; the batch goes on, incomplete) in *io_error.
 */
static int collect_inputs(struct source *src, char **operands, int n, int *io_error)
{
	for (int i = 0; i < n; i++) {
		const char *path = operands[i];
		struct stat st;
		if (strcmp(path, "-") == 0 || stat(path, &st) < 0) {
			/* standard input, or a file that open_next reports */
		} else if (S_ISDIR(st.st_mode)) {
			struct walk_dir top = { st.st_dev, st.st_ino, NULL };
			if (walk(src, path, &top) < 0)
				*io_error = 1;
			continue;
		} else if (output_is(src->out, &st)) {
			fprintf(stderr, "recist: %s: error: is the output (-o) too; its results would be read as cases\n",
			        path);
			return EXIT_USAGE;
		}
		if (add_input(src, strdup(path), false) < 0) {
			fprintf(stderr, "recist: error: out of memory\n");
			return EXIT_SYSTEM;
		}
	}
	return EXIT_OK;
}

/* ---- Scoring the window ---- */

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
		for (size_t i; !atomic_load(&p->stop) && (i = atomic_fetch_add(&p->next, 1)) < p->n;)
			if (!w->large_only || p->slots[i].len > MAIN_SCORES_MAX)
				score_slot(p, &p->slots[i], w->scorer);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->finished);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Start n_workers threads, with the stop signals blocked; 0, or -1 (reported). */
static int pool_start(struct pool *p, struct worker *w, size_t n_workers, size_t *started)
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
	sigemptyset(&block);
	for (size_t i = 0; i < N_STOP_SIGNALS; i++)
		sigaddset(&block, stop_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (*started = 0; *started < n_workers; (*started)++) {
		w[*started].pool = p;
		if (pthread_create(&w[*started].thread, NULL, work, &w[*started]) != 0) {
			fprintf(stderr, "recist: batch: error: cannot start a worker thread\n");
			rc = -1;
			break;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	p->n_workers = *started;
	return rc;
}

/* Start scoring slots[0..n) with every worker and return at once. */
static void window_start(struct pool *p, struct slot *slots, size_t n)
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
 * scored, for STOP_GRACE_MS at most (as the workers' records are).
 */
static void main_scores(struct pool *p)
{
	struct timespec deadline = { 0, 0 }, t;

	for (size_t i = p->n; i-- > 0;) {
		if (interrupted) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (deadline.tv_sec == 0 && deadline.tv_nsec == 0)
				deadline = ms_from_now(STOP_GRACE_MS);
			else if (t.tv_sec > deadline.tv_sec || (t.tv_sec == deadline.tv_sec && t.tv_nsec > deadline.tv_nsec))
				return;
		}
		if (p->slots[i].len <= MAIN_SCORES_MAX && !atomic_load_explicit(&p->slots[i].claimed, memory_order_relaxed))
			score_slot(p, &p->slots[i], p->main_scorer);
	}
}

/* Score the main thread's share, then wait for the workers: true, or false when a signal came first. */
static bool window_wait(struct pool *p)
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

/*
 * Tell the workers to take no more records, and wait at most grace_ms for
 * those being scored.  True when every worker is idle (and may be joined),
 * false when one is still inside a record.
 */
static bool pool_halt(struct pool *p, long grace_ms)
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

static void pool_join(struct pool *p, struct worker *w, size_t n_workers)
{
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < n_workers; i++)
		pthread_join(w[i].thread, NULL);
}

/* ---- The windows ---- */

/* Read records into slots[0..max) until max records or max_bytes are read,
 * the inputs end, or a signal comes (then none is kept); how many. */
static size_t window_fill(struct source *src, struct slot *slots, size_t max, size_t max_bytes, int *io_error)
{
	size_t n = 0, bytes = 0;

	while (n < max && bytes < max_bytes && read_record(src, &slots[n], io_error)) {
		atomic_store_explicit(&slots[n].done, false, memory_order_relaxed);  /* published by window_start */
		atomic_store_explicit(&slots[n].claimed, false, memory_order_relaxed);
		bytes += slots[n].len;
		n++;
	}
	return interrupted ? 0 : n;
}

/* A slot keeps its buffers for the next window, unless a huge record grew them. */
static void slot_trim(struct slot *sl)
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
static int window_write(struct slot *slots, size_t n, FILE *fp, struct tally *t)
{
	for (size_t i = 0; i < n && atomic_load_explicit(&slots[i].done, memory_order_acquire); i++) {
		struct slot *sl = &slots[i];
		if (sl->rc < 0) {
			fprintf(stderr, "recist: error: out of memory\n");
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
		if (!interrupted)
			fprintf(stderr, "recist: batch: error: cannot write output: %s\n", strerror(errno));
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
static void progress(const struct source *src, size_t cases, double start, bool final)
{
	double t = now() - start, rate = t > 0 ? (double)cases / t : 0;

	if (src->size > 0 && src->n_inputs == 1 && !final) {
		double frac = (double)src->done / (double)src->size;
		double left = frac > 0 ? t / frac - t : 0;
		fprintf(stderr, "\r%zu cases, %.0f/s, %.0f%%, %.0f s left   ", cases, rate, 100 * frac, left);
	} else {
		fprintf(stderr, "\r%zu cases, %.0f/s   ", cases, rate);
	}
	if (final)
		fputc('\n', stderr);
}

/*
 * Read, score and write window after window until the inputs end, a signal
 * comes, or writing fails.  Two windows of 'window' slots each: one is
 * scored while the other is read, then written.  Returns 0, or -1 after a
 * write error or running out of memory (reported).  *stuck is set when a
 * worker is still inside a record STOP_GRACE_MS after a signal.
 */
static int run_windows(struct source *src, struct pool *pool, struct slot *slots, size_t window,
                       size_t window_bytes, FILE *fp, struct tally *t, int *io_error, bool *stuck)
{
	struct slot *cur = slots, *nxt = slots + window;
	size_t n_cur = window_fill(src, cur, window, window_bytes, io_error);
	double start = now(), last_progress = 0;
	bool tty = isatty(2);

	if (n_cur > 0)
		window_start(pool, cur, n_cur);
	while (n_cur > 0) {
		size_t n_nxt = window_fill(src, nxt, window, window_bytes, io_error);
		if (!window_wait(pool) && !pool_halt(pool, STOP_GRACE_MS))
			*stuck = true;
		/* The next window is scored while this one is written. */
		if (n_nxt > 0 && !interrupted)
			window_start(pool, nxt, n_nxt);
		else
			n_nxt = 0;
		if (window_write(cur, n_cur, fp, t) < 0)
			return -1;
		if (tty && now() - last_progress > 0.5) {
			progress(src, t->read, start, false);
			last_progress = now();
		}
		struct slot *swap = cur;
		cur = nxt;
		nxt = swap;
		n_cur = n_nxt;
	}
	if (tty)
		progress(src, t->read, start, true);
	return 0;
}

/* ---- The command ---- */

int cmd_batch(int argc, char **argv)
{
	static const char usage[] = "recist batch [--format jsonl|csv] [--jobs N] [-o FILE] [--criteria LIST] [--rules FILE]...\n"
	                            "             [--flags FILE] [--shard I/N] INPUT...";
	struct batch_args args = { RECIST_FORMAT_JSON, 0, NULL, NULL, NULL, 0, NULL, 0, 1, RECIST_EVAL_OPTIONS_INIT };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	struct cli_rulesets all = { NULL, NULL, 0 };
	const recist_ruleset **sets = NULL;
	size_t n_sets = 0, n_workers = 0, n_threads = 0, window = 0;
	recist_flagset *flags = NULL;
	struct source src;
	struct pool pool;
	struct output out;
	struct tally tally = { 0, 0, 0, 0 };
	struct worker *workers = NULL;
	struct slot *slots = NULL;
	bool signals_set = false, pool_ready = false, stuck = false, complete = false;
	int first, ret = EXIT_OK, io_error = 0;
	double start = now();
	struct sigaction sa, old[N_STOP_SIGNALS];

	memset(&src, 0, sizeof src);
	memset(&pool, 0, sizeof pool);
	memset(&out, 0, sizeof out);
	src.out = &out;
	if ((first = cli_parse(argc, argv, usage, batch_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (first >= argc) {
		cli_usage_error("batch", "no input (a JSON Lines file, a directory, or '-')");
		ret = EXIT_USAGE;
		goto done;
	}
	/* From here a signal stops the batch, and -o's FILE is left as it was. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;  /* no SA_RESTART: a signal ends a blocked read, write or open */
	for (size_t i = 0; i < N_STOP_SIGNALS; i++)
		sigaction(stop_signals[i], &sa, &old[i]);
	signals_set = true;
	/* The output is checked first: a file that cannot be it is refused
	 * before any work, and the walk knows which file never to read. */
	if ((ret = output_check(&out, args.output)) != EXIT_OK ||
	    (ret = collect_inputs(&src, argv + first, argc - first, &io_error)) != EXIT_OK ||
	    (ret = output_open(&out)) != EXIT_OK)
		goto done;
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
	/* The main thread is one of the jobs (struct worker says how); one worker at least, for large records. */
	n_threads = args.jobs > 1 ? (size_t)args.jobs - 1 : 1;
	if ((slots = calloc(2 * window, sizeof *slots)) == NULL ||
	    (workers = calloc(n_threads, sizeof *workers)) == NULL ||
	    (pool.main_scorer = recist_scorer_new(sets, n_sets, flags, &args.opts)) == NULL)
		goto nomem;
	for (size_t i = 0; i < n_threads; i++) {
		workers[i].large_only = args.jobs == 1;
		if ((workers[i].scorer = recist_scorer_new(sets, n_sets, flags, &args.opts)) == NULL)
			goto nomem;
	}
	pool.args = &args;
	pool_ready = true;
	if (pool_start(&pool, workers, n_threads, &n_workers) < 0) {
		ret = EXIT_SYSTEM;
		goto done;
	}
	if (args.fmt == RECIST_FORMAT_CSV) {
		recist_buffer head = RECIST_BUFFER_INIT;
		if (recist_csv_header(&head) < 0)
			goto nomem;
		fwrite(head.ptr, 1, head.len, out.fp);
		recist_buffer_release(&head);
	}
	if (run_windows(&src, &pool, slots, window, (size_t)args.jobs * WINDOW_BYTES_PER_JOB, out.fp, &tally,
	                &io_error, &stuck) < 0)
		ret = EXIT_SYSTEM;
	if (interrupted) {
		fprintf(stderr, "recist: batch: interrupted by signal %d after %zu cases\n", (int)interrupted, tally.read);
		ret = EXIT_SYSTEM;
	}
	if (io_error)
		ret = EXIT_SYSTEM;  /* an unreadable input: the batch is not complete */
	complete = ret == EXIT_OK;
	if (output_close(&out, complete) < 0)
		ret = EXIT_SYSTEM;
	{
		double t = now() - start;
		fprintf(stderr, "batch: %zu case%s read, %zu scored, %zu rejected, %zu flagged; %.2f s, %.0f cases/s\n",
		        tally.read, tally.read == 1 ? "" : "s", tally.scored, tally.rejected, tally.flagged, t,
		        t > 0 ? (double)tally.read / t : 0);
	}
	if (ret == EXIT_OK && tally.rejected > 0)
		ret = EXIT_DATA;
	goto done;
nomem:
	fprintf(stderr, "recist: error: out of memory\n");
	ret = EXIT_SYSTEM;
done:
	output_close(&out, false);  /* when still open: an early exit */
	if (signals_set)
		for (size_t i = 0; i < N_STOP_SIGNALS; i++)
			sigaction(stop_signals[i], &old[i], NULL);
	if (n_workers > 0 && !pool_halt(&pool, stuck ? 0 : STOP_GRACE_MS)) {
		/* A worker is still inside a record after a signal, and may be for
		 * seconds: its scorer, its slot and the rule sets cannot be freed
		 * under it, nor can it be waited for.  The output is closed, the
		 * temporary file gone: end the process here. */
		fflush(stdout);
		_exit(ret);
	}
	if (n_workers > 0)
		pool_join(&pool, workers, n_workers);
	if (pool_ready) {
		pthread_mutex_destroy(&pool.mu);
		pthread_cond_destroy(&pool.start);
		pthread_cond_destroy(&pool.finished);
	}
	if (src.fp != NULL && src.fp != stdin)
		fclose(src.fp);
	for (size_t i = 0; i < src.n_inputs; i++)
		free(src.inputs[i].path);
	free(src.inputs);
	output_release(&out);
	for (size_t i = 0; slots != NULL && i < 2 * window; i++) {
		free(slots[i].text);
		recist_buffer_release(&slots[i].out);
	}
	free(slots);
	for (size_t i = 0; workers != NULL && i < n_threads; i++)
		recist_scorer_free(workers[i].scorer);
	free(workers);
	recist_scorer_free(pool.main_scorer);
	recist_flagset_free(flags);
	free(sets);
	cli_rulesets_release(&all);
	free(args.rules);
	return ret;
}
