/*
 * batch_input.c - recist batch's inputs: the operands, the files the walk
 * of directory operands finds (walk.c), and the records read from the
 * files one by one (a line of a JSON Lines file, or a whole *.json file).
 *
 * SPDX-License-Identifier: MIT
 *
 * The directories are walked first, in sorted order, so that the order of
 * the output records is fixed before any is read; the files are then
 * opened one at a time, as their records are needed.  Nothing that may
 * wait forever (a FIFO, a device) is opened by the walk, and neither -o's
 * file nor its temporary file is ever read.
 */
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
#include "walk.h"

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

/* The walk of a directory operand (walk.h): case files, never the batch's output. */
static const char *const case_suffixes[] = { ".json", ".jsonl", NULL };

static bool walk_is_output(void *ctx, const struct stat *st)
{
	const struct batch_source *src = ctx;

	return batch_output_is(src->out, st);
}

static int walk_add(void *ctx, char *path)
{
	return add_input(ctx, path, true);
}

int batch_collect_inputs(struct batch_source *src, char **operands, int n, int *io_error)
{
	for (int i = 0; i < n; i++) {
		const char *path = operands[i];
		struct stat st;
		if (strcmp(path, "-") == 0 || stat(path, &st) < 0) {
			/* standard input, or a file that open_next reports */
		} else if (S_ISDIR(st.st_mode)) {
			struct cli_walk w = { case_suffixes, walk_is_output, "the output of this batch", walk_add, src };
			if (cli_walk_dir(&w, path, &st) < 0)
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
		cli_walk_skipped(path, S_ISREG(st.st_mode) ? "the output of this batch" : cli_file_kind(st.st_mode));
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
