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
#include <stdlib.h>
#include <string.h>

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

/* Every line of a file of results. */
static int use_results(struct summary_run *run, const char *name, const char *text, size_t len)
{
	unsigned line = 0;

	for (size_t i = 0; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, j = i;
		int rc;

		line++;
		while (j < end && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
			j++;
		if (j < end && (rc = recist_summary_add_json(run->sum, text + i, end - i, name, line, run->sink)) < 0) {
			if (rc == RECIST_ENOMEM)
				return rc;
			run->ret = run->ret == EXIT_OK ? EXIT_DATA : run->ret;
		}
		i = end + 1;
	}
	return 0;
}

/* Every case, or every result, of one input file. */
static int use_file(void *ctx, const char *name, const char *text, size_t len)
{
	struct summary_run *run = ctx;

	if (is_results(text, len))
		return use_results(run, name, text, len);
	return cli_each_document(name, text, len, run->c, recist_case_parse, run->sink, use_case, run);
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
	} else if (cli_each_file(&args->common, files, n, use_file, NULL, &run, &io_error, &data_error) < 0 ||
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
