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

enum { OPT_FORMAT = 'f', OPT_CRITERIA = 'c', OPT_RULES = 'r' };

static const struct cli_opt bor_opts[] = {
	{ OPT_FORMAT,   "format",   "FMT",  "text (default), json or csv" },
	{ OPT_CRITERIA, "criteria", "ID",   "rule set whose params apply (default: recist1.1)" },
	{ OPT_RULES,    "rules",    "FILE", "load a rule file too; the same id replaces a built-in (repeatable)" },
	CLI_BOR_OPTS,
	{ 0, NULL, NULL, NULL }
};

struct bor_args {
	recist_format       fmt;
	const char         *criteria;
	const char        **rules;
	size_t              n_rules;
	recist_eval_options opts;
};

/* What each subject's scoring needs, and where its output goes. */
struct bor_run {
	const struct bor_args  *args;
	const recist_ruleset   *rs;
	recist_case            *h;       /* each history of a JSON file in turn */
	recist_result          *res;
	recist_buffer          *out;
	const recist_diag_sink *sink;
	int                     ret;     /* exit status so far */
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct bor_args *a = ctx;

	switch (key) {
	case OPT_FORMAT:
		return cli_format("bor", arg, &a->fmt);
	case OPT_CRITERIA:
		a->criteria = arg;
		return 0;
	case OPT_RULES:
		return cli_list_add(&a->rules, &a->n_rules, arg);
	default:
		return cli_bor_option("bor", key, arg, &a->opts);
	}
}

/* Score one history and append its record. */
static int score(void *ctx, const recist_case *h)
{
	struct bor_run *run = ctx;
	int rc = recist_evaluate_history(run->res, h, run->rs, &run->args->opts, run->sink);

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

int cmd_bor(int argc, char **argv)
{
	static const char usage[] = "recist bor [--format text|json|csv] [--criteria ID] [--rules FILE]...\n"
	                            "           [--confirm-days N] [--sd-min-days N] [--max-ne N] [--[no-]accept-sd] FILE|-...";
	struct bor_args args = { RECIST_FORMAT_TEXT, "recist1.1", NULL, 0, RECIST_EVAL_OPTIONS_INIT };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	struct cli_rulesets all = { NULL, NULL, 0 };
	recist_buffer out = RECIST_BUFFER_INIT;
	struct bor_run run = { &args, NULL, NULL, NULL, &out, &sink, EXIT_OK };
	const recist_ruleset **sets = NULL;
	size_t n_sets = 0;
	int first, ret = EXIT_OK;

	if ((first = cli_parse(argc, argv, usage, bor_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (first >= argc) {
		cli_usage_error("bor", "no input file (use '-' for standard input)");
		ret = EXIT_USAGE;
		goto done;
	}
	if ((ret = cli_rulesets_load(&all, args.rules, args.n_rules, &sink)) != EXIT_OK)
		goto done;
	if ((ret = cli_select_sets("bor", &all, args.criteria, &sets, &n_sets)) != EXIT_OK)
		goto done;
	if (n_sets != 1) {
		/* One subject's response history is scored under one set of params. */
		cli_usage_error("bor", "--criteria takes one rule set id");
		ret = EXIT_USAGE;
		goto done;
	}
	run.rs = sets[0];
	if ((run.h = recist_case_new()) == NULL || (run.res = recist_result_new()) == NULL ||
	    (args.fmt == RECIST_FORMAT_CSV && recist_bor_csv_header(&out) < 0))
		goto nomem;
	for (int f = first; f < argc; f++) {
		const char *name = strcmp(argv[f], "-") == 0 ? "<stdin>" : argv[f];
		char *text;
		size_t len;
		int rc;

		if (cli_read_file(argv[f], &text, &len) < 0) {
			run.ret = EXIT_SYSTEM;
			continue;
		}
		if (is_csv(name, text, len)) {
			rc = recist_history_parse_csv(text, len, name, score, &run, &sink);
			if (rc == RECIST_EINVALID && run.ret == EXIT_OK)
				run.ret = EXIT_DATA;
		} else {
			rc = cli_each_document(name, text, len, run.h, recist_history_parse, &sink, use_history, &run);
		}
		free(text);
		if (rc == RECIST_ENOMEM)
			goto nomem;
	}
	ret = run.ret;
	if (cli_flush(&out, 1) < 0)
		ret = EXIT_SYSTEM;
	goto done;
nomem:
	fprintf(stderr, "recist: error: out of memory\n");
	ret = EXIT_SYSTEM;
done:
	recist_buffer_release(&out);
	recist_result_free(run.res);
	recist_case_free(run.h);
	free(sets);
	cli_rulesets_release(&all);
	free(args.rules);
	return ret;
}
