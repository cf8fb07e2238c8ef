/*
 * cmd_bor.c - recist bor: best overall response, confirmed and not, the
 * progression date, duration of response and time to progression, from
 * tables of dated overall responses (no measurements), by the same
 * derivation recist evaluate uses.
 *
 * SPDX-License-Identifier: MIT
 *
 * Input: JSON Lines ({"case_id", "treatment_start", "responses": [{"date",
 * "overall"}]}) or CSV (case_id,treatment_start,date,overall); a file whose
 * name ends in .csv, or whose first non-blank byte is not '{', is CSV.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The files of a directory operand: histories as JSON and as CSV. */
static const char *const history_suffixes[] = { ".json", ".jsonl", ".csv", NULL };

static const struct cli_opt bor_opts[] = {
	{ OPT_FORMAT,   "format",   "text|json|csv", "the output format (default: text)" },
	{ OPT_CRITERIA, "criteria", "ID",   "rule set whose params apply (default: recist1.1)" },
	CLI_RULES_OPT,
	CLI_BOR_OPTS,
	CLI_SDTM_INPUT_OPT,
	CLI_SDTM_OPTS,
	{ 0, NULL, NULL, NULL }
};

/* What each subject's scoring needs, and where its output goes. */
struct bor_run {
	const struct cli_common *args;
	const recist_ruleset   *rs;
	recist_case            *h;       /* each history of a JSON file in turn */
	recist_result          *res;
	recist_buffer          *out;
	const recist_diag_sink *sink;
	int                     ret;     /* exit status so far */
};

static int on_opt(int key, const char *arg, void *ctx)
{
	return cli_common_option(ctx, key, arg) == 0 ? 0 : -1;
}

/* Score one history and append its record. */
static int score(void *ctx, const recist_case *h)
{
	struct bor_run *run = ctx;
	int rc = recist_evaluate_history(run->res, h, run->rs, &run->args->bor, run->sink);

	if (rc == RECIST_ENOMEM)
		return rc;
	if (rc < 0) {
		run->ret = run->ret == EXIT_OK ? EXIT_DATA : run->ret;
		return 0;
	}
	if (recist_bor_write(run->out, run->res, run->args->fmt) < 0)
		return RECIST_ENOMEM;
	cli_flush(run->out, 0);
	return 0;
}

static bool is_csv(const char *name, const char *text, size_t len)
{
	size_t n = strlen(name), i = 0;

	if (n > 4 && strcmp(name + n - 4, ".csv") == 0)
		return true;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;  /* a UTF-8 byte-order mark, as spreadsheets write */
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	return i < len && text[i] != '{';
}

/* One history of a JSON file, as parsed (rc): score it, or count it bad. */
static int use_history(void *ctx, int rc)
{
	struct bor_run *run = ctx;

	if (rc == RECIST_ENOMEM)
		return rc;
	if (rc < 0) {
		run->ret = run->ret == EXIT_OK ? EXIT_DATA : run->ret;
		return 0;
	}
	return score(run, run->h);
}

/* Every history of one input file: CSV, or JSON documents. */
static int use_file(void *ctx, const char *name, const char *text, size_t len)
{
	struct bor_run *run = ctx;
	int rc;

	if (!is_csv(name, text, len))
		return cli_each_document(name, text, len, run->h, recist_history_parse, run->sink, use_history, run);
	rc = recist_history_parse_csv(text, len, name, score, run, run->sink);
	if (rc == RECIST_EINVALID && run->ret == EXIT_OK)
		run->ret = EXIT_DATA;
	return rc == RECIST_ENOMEM ? rc : 0;
}

/* Score every history of files[0..n) under rs into out; the exit status. */
static int bor_files(const struct cli_common *args, const recist_ruleset *rs, char **files, int n,
                     recist_buffer *out, const recist_diag_sink *sink)
{
	struct bor_run run = { args, rs, recist_case_new(), recist_result_new(), out, sink, EXIT_OK };
	int ret;

	if (run.h == NULL || run.res == NULL) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else {
		ret = cli_run_files(args, files, n, out, args->fmt == RECIST_FORMAT_CSV ? recist_bor_csv_header : NULL,
		                    use_file, &run, &run.ret);
	}
	recist_result_free(run.res);
	recist_case_free(run.h);
	return ret;
}

int cmd_bor(int argc, char **argv)
{
	struct cli_common args = CLI_COMMON_INIT("bor", RECIST_FORMAT_TEXT);
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	recist_buffer out = RECIST_BUFFER_INIT;
	int first, ret;

	args.criteria = "recist1.1";
	args.sdtm_histories = true;
	args.walk_suffixes = history_suffixes;
	if ((first = cli_parse(argc, argv, "bor", "FILE|-...", bor_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if (!cli_has_input(&args, first, argc, "file (use '-' for standard input, or --sdtm)")) {
		ret = EXIT_USAGE;
	} else if ((ret = cli_setup_rules(&args, &sink)) == EXIT_OK) {
		if (args.n_sets == 1) {
			ret = bor_files(&args, args.sets[0], argv + first, argc - first, &out, &sink);
		} else {
			/* One subject's response history is scored under one set of params. */
			cli_usage_error("bor", "--criteria takes one rule set id");
			ret = EXIT_USAGE;
		}
	}
	recist_buffer_release(&out);
	cli_common_release(&args);
	return ret;
}
