/*
 * cohort_input.c - the inputs of summary and plot, read once for both:
 * cases (recist-case/1, scored here) or results (recist-result/1 JSON
 * Lines from evaluate --format json or batch, told by their first bytes),
 * file by file.
 *
 * SPDX-License-Identifier: MIT
 *
 * Result lines are read a line at a time, so that the memory does not grow
 * with the file (summary reads a million lines); cases are read whole, as
 * evaluate reads them.  The warnings of the cases go to the caller's sink.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cohort_input.h"

struct cohort_run {
	const struct cli_common  *cm;
	const recist_flagset     *flags;
	const struct cohort_sink *to;
	const recist_diag_sink   *sink;
	recist_case              *c;
	recist_result            *res;
	int                       ret;
};

int cohort_setup(struct cli_common *cm, recist_flagset **flags, const recist_diag_sink *sink)
{
	int ret = cli_setup_rules(cm, sink);

	if (ret != EXIT_OK)
		return ret;
	if (recist_flagset_load_builtin(flags, sink) < 0)
		return EXIT_RULES;
	/* Without --criteria, a rule set is applied only where the case has what it reads. */
	cm->bor.assessable_only = cm->criteria == NULL;
	return EXIT_OK;
}

/* A bad record (rc < 0) into the exit status; RECIST_ENOMEM is passed on. */
static int note(struct cohort_run *run, int rc)
{
	if (rc >= 0)
		return 0;
	if (rc == RECIST_ENOMEM)
		return rc;
	run->ret = run->ret == EXIT_OK ? EXIT_DATA : run->ret;
	return 0;
}

/* One case, as parsed (rc): score it and pass it on. */
static int use_case(void *ctx, int rc)
{
	struct cohort_run *run = ctx;
	const struct cli_common *cm = run->cm;

	if (rc == 0 && (rc = recist_evaluate_opts(run->res, run->c, cm->sets, cm->n_sets, &cm->bor, run->sink)) == 0)
		rc = recist_evaluate_flags(run->res, run->flags, run->sink);
	if (rc == 0)
		rc = run->to->add_result(run->to->ctx, run->res);
	return note(run, rc);
}

/* Result JSON Lines (evaluate --format json, batch) begin with their format, as recist writes them. */
static bool is_results(const char *text, size_t len)
{
	static const char *const starts[] = { "{\"format\":\"recist-result/1\"", "{\"format\":\"recist-error/1\"" };
	size_t i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
		if (len - i >= strlen(starts[k]) && memcmp(text + i, starts[k], strlen(starts[k])) == 0)
			return true;
	return false;
}

/* Every case of one input file. */
static int use_file(void *ctx, const char *name, const char *text, size_t len)
{
	struct cohort_run *run = ctx;

	return cli_each_document(name, text, len, run->c, recist_case_parse, run->sink, use_case, run);
}

/* One result line (number line of name); blank lines are skipped. */
static int use_result_line(struct cohort_run *run, const char *name, unsigned line, const char *text, size_t len)
{
	size_t j = 0;

	while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'))
		j++;
	if (j == len)
		return 0;
	return note(run, run->to->add_line(run->to->ctx, text, len, name, line, run->sink));
}

/* The rest of fp after its first line (line[0..n)), whole, to use_file. */
static int read_cases(struct cohort_run *run, const char *name, FILE *fp, const char *line, size_t n)
{
	size_t size = n + 65536, len = n;
	char *text = malloc(size);
	int rc = 0;

	if (text == NULL)
		return RECIST_ENOMEM;
	memcpy(text, line, n);
	for (size_t got; (got = fread(text + len, 1, size - len, fp)) > 0; ) {
		len += got;
		if (len == size) {
			char *p = realloc(text, size *= 2);

			if (p == NULL) {
				rc = RECIST_ENOMEM;
				break;
			}
			text = p;
		}
	}
	if (rc == 0)
		rc = use_file(run, name, text, len);
	free(text);
	return rc;
}

/*
 * A file operand (or '-'): results a line at a time, cases whole.  -1 on
 * an I/O error (said), RECIST_ENOMEM.
 */
static int stream_file(struct cohort_run *run, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 1;
	int rc = 0;

	if (fp == NULL) {
		cli_say("%s: error: cannot open file: %s", path, strerror(errno));
		return -1;
	}
	n = getline(&line, &cap, fp);
	if (n > 0 && is_results(line, (size_t)n)) {
		do
			rc = use_result_line(run, name, lineno++, line, (size_t)n);
		while (rc == 0 && (n = getline(&line, &cap, fp)) > 0);
	} else if (n > 0) {
		rc = read_cases(run, name, fp, line, (size_t)n);
	}
	if (rc == 0 && ferror(fp)) {
		cli_say("%s: error: cannot read file: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	if (!is_stdin)
		fclose(fp);
	return rc;
}

/* Every operand: a directory's case files as evaluate reads them, a file streamed. */
static int each_operand(struct cohort_run *run, char **files, int n, bool *io_error, bool *data_error)
{
	for (int i = 0; i < n; i++) {
		struct stat st;
		int rc;

		if (strcmp(files[i], "-") != 0 && stat(files[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = cli_each_file(run->cm, files + i, 1, use_file, NULL, run, io_error, data_error);
		else if ((rc = stream_file(run, files[i])) == -1) {
			*io_error = true;
			rc = 0;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

int cohort_read(const struct cli_common *cm, const recist_flagset *flags, char **files, int n,
                const struct cohort_sink *to, const recist_diag_sink *sink)
{
	struct cohort_run run = { cm, flags, to, sink, recist_case_new(), recist_result_new(), EXIT_OK };
	bool io_error = false, data_error = false;
	int ret;

	if (run.c == NULL || run.res == NULL || each_operand(&run, files, n, &io_error, &data_error) < 0) {
		cli_say("error: out of memory");
		ret = RECIST_ENOMEM;
	} else {
		ret = io_error ? EXIT_SYSTEM : data_error && run.ret == EXIT_OK ? EXIT_DATA : run.ret;
	}
	recist_result_free(run.res);
	recist_case_free(run.c);
	return ret;
}
