/*
 * batch_output.h - recist batch's output: standard output, or -o FILE,
 * replaced only when the batch completes.
 *
 * SPDX-License-Identifier: MIT
 *
 * The order of calls: batch_output_check before anything is read (so that
 * a file that cannot be the output is refused before any work, and the
 * inputs know which file never to read), batch_output_open, the records,
 * batch_output_close, batch_output_release.
 */
#ifndef RECIST_BATCH_OUTPUT_H
#define RECIST_BATCH_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

/* The output: standard output, FILE itself, or a temporary file beside FILE.  Zeroed before use. */
struct batch_output {
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

/*
 * Decide where the output goes, before anything is read: standard output
 * (path NULL, or a path to it); a character device or a FIFO, written
 * directly; else the regular file to replace, which a symbolic link leads
 * to, or a new path.  Returns EXIT_OK, EXIT_USAGE (a file that cannot be
 * the output) or EXIT_SYSTEM, after saying why.
 */
int batch_output_check(struct batch_output *o, const char *path);

/* Open the output that batch_output_check chose; EXIT_OK or EXIT_SYSTEM (said). */
int batch_output_open(struct batch_output *o);

/* Is st the output: FILE as it was, or the temporary file? */
bool batch_output_is(const struct batch_output *o, const struct stat *st);

/*
 * Finish the output, if it is open.  Complete: flush it and, for a
 * temporary file, sync it and rename it over the target.  Else (or when
 * that fails) the temporary file is removed and the target left as it was.
 * 0, or -1 after an error (reported).
 */
int batch_output_close(struct batch_output *o, bool complete);

/* Free what batch_output_check and batch_output_open allocated (closed first). */
void batch_output_release(struct batch_output *o);

#endif
