/*
 * batch_input.h - recist batch's inputs: the operands, the files found
 * under directory operands, and the records read from them one by one.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_BATCH_INPUT_H
#define RECIST_BATCH_INPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct batch_output;
struct batch_slot;
struct input;

/* Where records come from: the inputs, one after another.  Zeroed before use. */
struct batch_source {
	struct input  *inputs;
	size_t         n_inputs, next;
	FILE          *fp;          /* the current file, NULL between files */
	const char    *name;
	bool           whole;       /* a *.json file: one record */
	unsigned       line;
	off_t          size, done;  /* for progress: bytes of the current file */
	const struct batch_output *out;  /* never read as an input */
};

/*
 * The operands: '-', files, and directories, walked.  An operand that is
 * -o's file is refused (EXIT_USAGE): its results would be read as cases
 * and then replaced.  Returns EXIT_OK or EXIT_SYSTEM (out of memory); when
 * a directory could not be read (reported; the batch goes on, incomplete)
 * sets *io_error.
 */
int batch_collect_inputs(struct batch_source *src, char **operands, int n, int *io_error);

/*
 * A stream of JSON Lines read after the operands, named name in records
 * and messages; it is closed with the inputs.  0, or -1 when out of memory.
 */
int batch_add_stream(struct batch_source *src, const char *name, FILE *fp);

/*
 * Read the next record into sl; false at the end of all inputs, or after a
 * signal.  A file that cannot be opened or read is reported and sets
 * *io_error.
 */
bool batch_read_record(struct batch_source *src, struct batch_slot *sl, int *io_error);

/* Close the current file and free the list of inputs. */
void batch_source_release(struct batch_source *src);

#endif
