/*
 * walk.h - the walk of a directory operand, the same for every command
 * that reads case files: batch, evaluate, validate and bor.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_WALK_H
#define RECIST_WALK_H

#include <stdbool.h>
#include <sys/stat.h>

/* What a walk takes, and where it hands each file found. */
struct cli_walk {
	const char *const *suffixes;  /* the names read: ".json", ".jsonl", ...; NULL-terminated */
	/* The command's own output (not to be read back), or NULL: none; and its name for the warning. */
	bool      (*is_output)(void *ctx, const struct stat *st);
	const char *output_name;      /* "the output of this batch" */
	/* A file found, path malloc'd and taken over; 0, or -1 when out of memory. */
	int       (*add)(void *ctx, char *path);
	void       *ctx;
};

/*
 * Every regular file under dir (whose stat is st) named with one of the
 * suffixes, at any depth, in sorted order: the entries of each directory
 * in byte order, a subdirectory read where its name falls.  Names that
 * start with a dot are skipped.  A symbolic link to a directory is not
 * followed (a link to '.' would read everything again, and two, forever),
 * nor is a directory already being read (a bind mount); links to files
 * are, and a broken one named like a case file is handed on, to fail when
 * opened.  FIFOs, devices and sockets are skipped, since reading them may
 * wait forever, and so is the command's output.  Each skip is reported,
 * as a warning.  Returns -1 when a directory cannot be read (reported) or
 * memory ran out, after walking what it could; else 0.
 */
int cli_walk_dir(const struct cli_walk *w, const char *dir, const struct stat *st);

/* Has name one of the suffixes? */
bool cli_walk_takes(const struct cli_walk *w, const char *name);

/* The warning "PATH: warning: skipped: WHY" of a file not read. */
void cli_walk_skipped(const char *path, const char *why);

/* "a FIFO", "a directory", ...: what a file that is not a regular file is. */
const char *cli_file_kind(mode_t m);

#endif
