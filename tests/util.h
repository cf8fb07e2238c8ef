/*
 * util.h - helpers for the tests: running build/recist, reading files.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_TEST_UTIL_H
#define RECIST_TEST_UTIL_H

#include <stddef.h>

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
