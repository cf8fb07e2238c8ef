/*
 * cmd_summary.c - recist summary: a cohort's cases scored under the rule
 * sets and summarised per arm (recist_summary_*): best responses, ORR and
 * DCR with exact intervals, Fisher's test, the cross-table of the rule
 * sets, flags and warnings by code, time to progression and overall
 * survival by Kaplan-Meier with the log-rank test.
 *
 * SPDX-License-Identifier: MIT
 *
 * Input: cases or result lines, as cohort_input.c reads them.  The
 * warnings of the cases are counted by code in the summary, not printed
 * case by case; errors are printed as evaluate prints them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort_input.h"

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

/* The summary's adders, as cohort_read calls them. */
static int add_result(void *ctx, const recist_result *res)
{
	return recist_summary_add(ctx, res);
}

static int add_line(void *ctx, const char *text, size_t len, const char *file, unsigned line,
                    const recist_diag_sink *sink)
{
	return recist_summary_add_json(ctx, text, len, file, line, sink);
}

static int summary_files(const struct summary_args *args, const recist_flagset *flags, char **files, int n,
                         recist_buffer *out, const recist_diag_sink *sink)
{
	recist_summary *sum = recist_summary_new(args->by);
	struct cohort_sink to = { add_result, add_line, sum };
	int ret;

	if (sum == NULL) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else if ((ret = cohort_read(&args->common, flags, files, n, &to, sink)) == RECIST_ENOMEM) {
		ret = EXIT_SYSTEM;
	} else if (recist_summary_write(out, sum, args->common.fmt) < 0) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else if (cli_flush(out, 1) < 0) {
		ret = EXIT_SYSTEM;
	}
	recist_summary_free(sum);
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
	} else if ((ret = cohort_setup(&args.common, &flags, &sink)) == EXIT_OK) {
		ret = summary_files(&args, flags, argv + first, argc - first, &out, &sink);
	}
	recist_buffer_release(&out);
	recist_flagset_free(flags);
	cli_common_release(&args.common);
	return ret;
}
