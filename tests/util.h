/*
 * util.h - helpers for the tests: running build/recist, reading files.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_TEST_UTIL_H
#define RECIST_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "recist/recist.h"

struct run {
	int    status;  /* exit status, or 128 + signal */
	char  *out;     /* standard output, NUL-terminated (malloc'd) */
	char  *err;     /* standard error */
};

/* The binary under test: $RECIST, else build/recist. */
const char *recist_bin(void);

/* Run argv (argv[0] is replaced by recist_bin()) with stdin from stdin_path
 * (NULL: /dev/null).  Returns 0, or -1 if it could not be run. */
int run_recist(struct run *r, const char *const *argv, const char *stdin_path);
void run_free(struct run *r);

/* Run argv as given (argv[0] a path), otherwise as run_recist. */
int run_cmd(struct run *r, const char *const *argv, const char *stdin_path);

/*
 * Run script with /bin/sh -c in directory dir, stdin from /dev/null.
 * Returns 0, or -1 if it could not be run; r->status is the script's.
 */
int run_sh(struct run *r, const char *dir, const char *script);

/*
 * A new directory under /tmp holding a symbolic link to each name of links
 * (NULL-terminated), relative to the repository root (the working
 * directory): commands shown in the docs run there as they would at the
 * root, and whatever they write lands there.  The link "build" goes to the
 * directory of recist_bin(), the build under test.  Returns the directory
 * (malloc'd); asserts that it could be made.
 */
char *scratch_dir(const char *const *links);

/* Remove a directory made by scratch_dir, with all it holds; frees dir. */
void scratch_remove(char *dir);

/*
 * The 64-bit FNV-1a hash of s[0..n), written here apart from the library's
 * (recist(1), --shard: the shard of a record is this hash of its case_id).
 */
uint64_t fnv1a(const char *s, size_t n);

/* Whole file, NUL-terminated, malloc'd; NULL if it cannot be read. */
char *read_file(const char *path, size_t *len);

/*
 * A case file as one line of JSON Lines, its line breaks made blanks
 * (len may be NULL); malloc'd.  Asserts that it can be read.
 */
char *one_line(const char *path, size_t *len);

/* A sink that records diagnostics, for unit tests. */
struct diag_capture {
	recist_diag_sink sink;
	unsigned n_errors, n_warnings;
	char first_code[64];
	char first_path[256];
	char first_message[512];
	unsigned first_line, first_column;
};
void diag_capture_init(struct diag_capture *cap);

#endif
