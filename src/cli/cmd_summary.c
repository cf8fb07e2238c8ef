/*
 * cmd_summary.c - recist summary: a cohort's cases scored under the rule
 * sets and summarised per arm (recist_summary_*): best responses, ORR and
 * DCR with exact intervals, Fisher's test, the cross-table of the rule
 * sets, flags and warnings by code, time to progression and overall
 * survival by Kaplan-Meier with the log-rank test.
 *
 * SPDX-License-Identifier: MIT
 *
 * Input: cases (recist-case/1, scored here) or results (recist-result/1
 * JSON Lines from evaluate --format json or batch, told by their first
 * bytes), file by file.  The warnings of the cases are counted by code in
 * the summary, not printed case by case; errors are printed as evaluate
 * prints them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"

enum { OPT_BY = 'b' };

static const struct cli_opt summary_opts[] = {
	{ OPT_FORMAT,   "format",   "text|json|csv", "the output format (default: text)" },
	{ OPT_BY,       "by",       "FIELD", "the case field that makes the groups: arm, or none (default: arm)" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to apply, by id, comma-separated (default: all)" },
	CLI_RULES_OPT,
	CLI_BOR_OPTS,
	{ 0, NULL, NULL, NULL }
};

struct summary_args {
	struct cli_common common;
	const char       *by;
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct summary_args *a = ctx;

	if (key == OPT_BY) {
		a->by = arg;
		return 0;
	}
	return cli_common_option(&a->common, key, arg) == 0 ? 0 : -1;
}

struct summary_run {
	const struct summary_args *args;
	const recist_flagset      *flags;
	recist_case               *c;
	recist_result             *res;
	recist_summary            *sum;
	const recist_diag_sink    *sink;
	int                        ret;
};

/* One case, as parsed (rc): score it and add it to the summary. */
static int use_case(void *ctx, int rc)
{
	struct summary_run *run = ctx;
	const struct cli_common *cm = &run->args->common;

	if (rc == 0 && (rc = recist_evaluate_opts(run->res, run->c, cm->sets, cm->n_sets, &cm->bor, run->sink)) == 0)
		rc = recist_evaluate_flags(run->res, run->flags, run->sink);
	if (rc == 0)
		rc = recist_summary_add(run->sum, run->res);
	if (rc < 0) {
		run->ret = rc == RECIST_ENOMEM ? EXIT_SYSTEM : run->ret == EXIT_OK ? EXIT_DATA : run->ret;
		return rc == RECIST_ENOMEM ? rc : 0;
	}
	return 0;
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
	struct summary_run *run = ctx;

	return cli_each_document(name, text, len, run->c, recist_case_parse, run->sink, use_case, run);
}

/* One result line (number line of name); blank lines are skipped. */
static int use_result_line(struct summary_run *run, const char *name, unsigned line, const char *text, size_t len)
{
	size_t j = 0;
	int rc;

	while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'))
		j++;
	if (j == len)
		return 0;
	if ((rc = recist_summary_add_json(run->sum, text, len, name, line, run->sink)) < 0) {
		if (rc == RECIST_ENOMEM)
			return rc;
		run->ret = run->ret == EXIT_OK ? EXIT_DATA : run->ret;
	}
	return 0;
}

/*
 * A file operand (or '-'): results are read a line at a time, so that the
 * memory does not grow with the file; cases are read whole, as evaluate
 * reads them.  -1 on an I/O error (said), RECIST_ENOMEM.
 */
static int stream_file(struct summary_run *run, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	char *line = NULL, *text = NULL;
	size_t cap = 0, len = 0, size = 0;
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
		/* Cases: the first line, then the rest, whole. */
		size = (size_t)n + 65536;
		if ((text = malloc(size)) == NULL) {
			rc = RECIST_ENOMEM;
		} else {
			memcpy(text, line, (size_t)n);
			len = (size_t)n;
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
		}
	}
	if (rc == 0 && ferror(fp)) {
		cli_say("%s: error: cannot read file: %s", path, strerror(errno));
		rc = -1;
	}
	free(text);
	free(line);
	if (!is_stdin)
		fclose(fp);
	return rc;
}


/* Every operand: a directory's case files as evaluate reads them, a file streamed. */
static int each_operand(struct summary_run *run, char **files, int n, bool *io_error, bool *data_error)
{
	for (int i = 0; i < n; i++) {
		struct stat st;
		int rc;

		if (strcmp(files[i], "-") != 0 && stat(files[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = cli_each_file(&run->args->common, files + i, 1, use_file, NULL, run, io_error, data_error);
		else if ((rc = stream_file(run, files[i])) == -1) {
			*io_error = true;
			rc = 0;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int summary_files(const struct summary_args *args, const recist_flagset *flags, char **files, int n,
                         recist_buffer *out, const recist_diag_sink *sink)
{
	struct summary_run run = { args, flags, recist_case_new(), recist_result_new(),
	                           recist_summary_new(args->by), sink, EXIT_OK };
	bool io_error = false, data_error = false;
	int ret;

	if (run.c == NULL || run.res == NULL || run.sum == NULL) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else if (each_operand(&run, files, n, &io_error, &data_error) < 0 ||
	           recist_summary_write(out, run.sum, args->common.fmt) < 0) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else {
		ret = io_error ? EXIT_SYSTEM : data_error && run.ret == EXIT_OK ? EXIT_DATA : run.ret;
		if (cli_flush(out, 1) < 0)
			ret = EXIT_SYSTEM;
	}
	recist_summary_free(run.sum);
	recist_result_free(run.res);
	recist_case_free(run.c);
	return ret;
}

int cmd_summary(int argc, char **argv)
{
	struct summary_args args = { CLI_COMMON_INIT("summary", RECIST_FORMAT_TEXT), "arm" };
	struct cli_diag_state dstate = { 0, 0, 1 };  /* warnings are counted in the summary */
	recist_diag_sink sink = { cli_diag_print, &dstate };
	recist_flagset *flags = NULL;
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_summary *probe;
	int first, ret;

	if ((first = cli_parse(argc, argv, "summary", "FILE|-...", summary_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if ((probe = recist_summary_new(args.by)) == NULL) {
		cli_usage_error("summary", "--by takes arm or none, not '%s'", args.by);
		ret = EXIT_USAGE;
	} else if (recist_summary_free(probe), !cli_has_input(&args.common, first, argc, "file (use '-' for standard input)")) {
		ret = EXIT_USAGE;
	} else if ((ret = cli_setup_rules(&args.common, &sink)) == EXIT_OK) {
		if (recist_flagset_load_builtin(&flags, &sink) < 0) {
			ret = EXIT_RULES;
		} else {
			/* Without --criteria, a rule set is applied only where the case has what it reads. */
			args.common.bor.assessable_only = args.common.criteria == NULL;
			ret = summary_files(&args, flags, argv + first, argc - first, &out, &sink);
		}
	}
	recist_buffer_release(&out);
	recist_flagset_free(flags);
	cli_common_release(&args.common);
	return ret;
}
