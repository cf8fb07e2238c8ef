/*
 * cohort_input.h - the inputs of the commands that read a whole cohort
 * (summary, plot): cases, which are scored, or result JSON Lines
 * (recist-result/1 from evaluate --format json and batch), from files,
 * directories and standard input.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_CLI_COHORT_INPUT_H
#define RECIST_CLI_COHORT_INPUT_H

#include "cli.h"

/*
 * What a command does with each patient: a scored result, or one result
 * line (file, line name it in messages).  Each returns 0, or a negative
 * recist code: RECIST_ENOMEM stops the reading, any other counts as a bad
 * record (exit 3) and the reading goes on.
 */
struct cohort_sink {
	int  (*add_result)(void *ctx, const recist_result *res);
	int  (*add_line)(void *ctx, const char *text, size_t len, const char *file, unsigned line,
	                 const recist_diag_sink *sink);
	void *ctx;
};

/*
 * Load the rule sets (--criteria, --rules) and the built-in flags (*flags,
 * which the caller frees) as summary and plot need them: EXIT_OK, or the
 * exit status, said.
 */
int cohort_setup(struct cli_common *cm, recist_flagset **flags, const recist_diag_sink *sink);

/*
 * Every operand (a file, a directory's case files as evaluate reads them,
 * '-'), into to: an exit status (EXIT_OK, EXIT_DATA for a bad case or
 * line, EXIT_SYSTEM for a file that could not be read: the others were),
 * or RECIST_ENOMEM, when the reading stopped; each said.
 */
int cohort_read(const struct cli_common *cm, const recist_flagset *flags, char **files, int n,
                const struct cohort_sink *to, const recist_diag_sink *sink);

#endif
