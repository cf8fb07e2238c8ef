/*
 * batch_input.c - recist batch's inputs: the operands, the walk of
 * directory operands, and the records read from the files one by one (a
 * line of a JSON Lines file, or a whole *.json file).
 *
 * SPDX-License-Identifier: MIT
 *
 * The directories are walked first, in sorted order, so that the order of
 * the output records is fixed before any is read; the files are then
 * opened one at a time, as their records are needed.  Nothing that may
 * wait forever (a FIFO, a device) is opened by the walk, and neither -o's
 * file nor its temporary file is ever read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_input.h"
#include "batch_output.h"
#include "batch_pool.h"
#include "cli.h"

/* An input operand, or a file found under a directory operand. */
struct input {
	char *path;     /* "-": standard input */
	bool  walked;   /* found by the walk: read only while it is a regular file */
	FILE *fp;       /* an open stream (batch_add_stream), path its name; else NULL */
};

/* ---- The operands and the walk ---- */

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
static int add_input(struct batch_source *src, char *path, bool walked)
{
	struct input *p = realloc(src->inputs, (src->n_inputs + 1) * sizeof *p);

	if (path == NULL || p == NULL) {
		free(path);
		return -1;
	}
	src->inputs = p;
	src->inputs[src->n_inputs++] = (struct input){ path, walked, NULL };
	return 0;
}

int batch_add_stream(struct batch_source *src, const char *name, FILE *fp)
{
	if (add_input(src, strdup(name), false) < 0)
		return -1;
	src->inputs[src->n_inputs - 1].fp = fp;
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
	cli_say("%s: warning: skipped: %s", path, why);
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
static int walk(struct batch_source *src, const char *dir, const struct walk_dir *at)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;
	bool slash = dir[0] != '\0' && dir[strlen(dir) - 1] == '/';

	if (n < 0) {
		cli_say("%s: error: cannot read directory: %s", dir, strerror(errno));
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
			cli_say("%s: error: cannot read it: %s", path, strerror(errno));
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
			skipped(path, batch_file_kind(st.st_mode));
		} else if (batch_output_is(src->out, &st)) {
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

int batch_collect_inputs(struct batch_source *src, char **operands, int n, int *io_error)
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
		} else if (batch_output_is(src->out, &st)) {
			cli_say("%s: error: is the output (-o) too; its results would be read as cases", path);
			return EXIT_USAGE;
		}
		if (add_input(src, strdup(path), false) < 0) {
			cli_say("error: out of memory");
			return EXIT_SYSTEM;
		}
	}
	return EXIT_OK;
}

/* ---- The records ---- */

/*
 * Open a file found by the walk without waiting: it may have been replaced
 * by a FIFO since.  NULL when it cannot be opened (errno set) or is no
 * longer a regular file or is the output (reported, *skip set).
 */
static FILE *open_walked(struct batch_source *src, const char *path, bool *skip)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	FILE *fp;

	*skip = false;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && (!S_ISREG(st.st_mode) || batch_output_is(src->out, &st))) {
		skipped(path, S_ISREG(st.st_mode) ? "the output of this batch" : batch_file_kind(st.st_mode));
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
static bool open_next(struct batch_source *src, int *io_error)
{
	while (src->next < src->n_inputs && !batch_interrupted()) {
		struct input *in = &src->inputs[src->next++];
		bool skip = false;
		struct stat st;

		src->name = strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
		if (in->fp != NULL) {
			src->fp = in->fp;  /* now the current file's, closed with it */
			in->fp = NULL;
		} else if (strcmp(in->path, "-") == 0) {
			src->fp = stdin;
		} else {
			src->fp = in->walked ? open_walked(src, in->path, &skip) : fopen(in->path, "rb");
		}
		if (src->fp == NULL) {
			if (!skip && !batch_interrupted()) {
				cli_say("%s: error: cannot open file: %s", in->path, strerror(errno));
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

static void close_current(struct batch_source *src)
{
	if (src->fp != stdin)
		fclose(src->fp);
	src->fp = NULL;
}

bool batch_read_record(struct batch_source *src, struct batch_slot *sl, int *io_error)
{
	for (;;) {
		if (batch_interrupted() || (src->fp == NULL && !open_next(src, io_error)))
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
						cli_say("%s: error: out of memory", src->name);
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
			if (batch_interrupted())  /* the signal cut the read short */
				return false;
			cli_say("%s: error: cannot read file: %s", src->name, strerror(errno));
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

void batch_source_release(struct batch_source *src)
{
	if (src->fp != NULL && src->fp != stdin)
		fclose(src->fp);
	for (size_t i = 0; i < src->n_inputs; i++) {
		if (src->inputs[i].fp != NULL)
			fclose(src->inputs[i].fp);
		free(src->inputs[i].path);
	}
	free(src->inputs);
}
