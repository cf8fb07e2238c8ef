/*
 * cmd_evaluate.c - recist evaluate: score every case of every input under
 * the selected rule sets and print the results.
 *
 * SPDX-License-Identifier: MIT
 *
 * A bad case is reported on stderr and skipped (nothing of it reaches
 * stdout); every other case is still scored; the exit status says so.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_FORMAT = 'f', OPT_CRITERIA = 'c', OPT_RULES = 'r', OPT_FLAGS = 256 };

static const struct cli_opt evaluate_opts[] = {
	{ OPT_FORMAT,   "format",   "FMT",  "text (default), json or csv" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to apply, by id, comma-separated (default: all)" },
	{ OPT_RULES,    "rules",    "FILE", "load a rule file too; the same id replaces a built-in (repeatable)" },
	{ OPT_FLAGS,    "flags",    "FILE", "flag file to use instead of the built-in cross-criteria flags" },
	CLI_BOR_OPTS,
	{ 0, NULL, NULL, NULL }
};

struct evaluate_args {
	recist_format fmt;
	const char   *criteria;
	const char  **rules;
	size_t        n_rules;
	const char   *flags;
	recist_eval_options bor;
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct evaluate_args *a = ctx;

	switch (key) {
	case OPT_FORMAT:
		return cli_format("evaluate", arg, &a->fmt);
	case OPT_CRITERIA:
		a->criteria = arg;
		return 0;
	case OPT_FLAGS:
		a->flags = arg;
		return 0;
	case OPT_CONFIRM_DAYS: case OPT_SD_MIN_DAYS: case OPT_MAX_NE: case OPT_ACCEPT_SD: case OPT_NO_ACCEPT_SD:
		return cli_bor_option("evaluate", key, arg, &a->bor);
	case OPT_RULES:
		return cli_list_add(&a->rules, &a->n_rules, arg);
	}
	return -1;
}

/*
 * A flag file naming a rule set that is not loaded is most likely a typing
 * error: its flags could never fire.  Say so (a warning; scoring goes on).
 */
static void warn_unknown_criteria(const recist_flagset *fs, const struct cli_rulesets *all, const char *file)
{
	for (size_t k = 0; k < recist_flagset_criteria_count(fs); k++) {
		const char *id = recist_flagset_criteria_id(fs, k);
		size_t i;
		for (i = 0; i < all->n; i++)
			if (strcmp(recist_ruleset_id(all->sets[i]), id) == 0)
				break;
		if (i == all->n)
			fprintf(stderr, "recist: %s: warning: flags compare rule set '%s', which is not loaded; "
			        "they cannot fire\n", file ? file : "<built-in flags>", id);
	}
}

/* What scoring each case needs, and where its output goes. */
struct evaluate_run {
	const struct evaluate_args *args;
	const recist_ruleset      **sets;
	size_t                      n_sets;
	const recist_flagset       *flags;
	recist_case                *c;
	recist_result              *res;
	recist_buffer              *out;
	const recist_diag_sink     *sink;
	int                         ret;  /* exit status so far */
};

/* One case of a file, as parsed (rc): score it and write its record. */
static int use_case(void *ctx, int rc)
{
	struct evaluate_run *run = ctx;

	if (rc == 0 && (rc = recist_evaluate_opts(run->res, run->c, run->sets, run->n_sets, &run->args->bor, run->sink)) == 0)
		rc = recist_evaluate_flags(run->res, run->flags, run->sink);
	if (rc < 0) {
		run->ret = rc == RECIST_ENOMEM ? EXIT_SYSTEM : run->ret == EXIT_OK ? EXIT_DATA : run->ret;
		return 0;
	}
	if (recist_result_write(run->out, run->res, run->args->fmt) < 0)
		return RECIST_ENOMEM;
	cli_flush(run->out, 0);
	return 0;
}

int cmd_evaluate(int argc, char **argv)
{
	static const char usage[] = "recist evaluate [--format text|json|csv] [--criteria LIST] [--rules FILE]... [--flags FILE]\n"
	                            "                [--confirm-days N] [--sd-min-days N] [--max-ne N] [--[no-]accept-sd] FILE|-...";
	struct evaluate_args args = { RECIST_FORMAT_TEXT, NULL, NULL, 0, NULL, RECIST_EVAL_OPTIONS_INIT };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	struct cli_rulesets all = { NULL, NULL, 0 };
	const recist_ruleset **sets = NULL;
	recist_flagset *flags = NULL;
	size_t n_sets = 0;
	recist_case *c = NULL;
	recist_result *res = NULL;
	recist_buffer out = RECIST_BUFFER_INIT;
	struct evaluate_run run;
	int first, ret = EXIT_OK;

	if ((first = cli_parse(argc, argv, usage, evaluate_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (first >= argc) {
		cli_usage_error("evaluate", "no input file (use '-' for standard input)");
		ret = EXIT_USAGE;
		goto done;
	}
	if ((ret = cli_rulesets_load(&all, args.rules, args.n_rules, &sink)) != EXIT_OK ||
	    (ret = cli_select_sets("evaluate", &all, args.criteria, &sets, &n_sets)) != EXIT_OK)
		goto done;
	if ((args.flags ? recist_flagset_load_file(&flags, args.flags, &sink)
	                : recist_flagset_load_builtin(&flags, &sink)) < 0) {
		ret = EXIT_RULES;
		goto done;
	}
	warn_unknown_criteria(flags, &all, args.flags);
	if ((c = recist_case_new()) == NULL || (res = recist_result_new()) == NULL) {
		fprintf(stderr, "recist: error: out of memory\n");
		ret = EXIT_SYSTEM;
		goto done;
	}
	if (args.fmt == RECIST_FORMAT_CSV && recist_csv_header(&out) < 0)
		goto nomem;
	run = (struct evaluate_run){ &args, sets, n_sets, flags, c, res, &out, &sink, EXIT_OK };
	for (int f = first; f < argc; f++) {
		const char *name = strcmp(argv[f], "-") == 0 ? "<stdin>" : argv[f];
		char *text;
		size_t len;
		int rc;

		if (cli_read_file(argv[f], &text, &len) < 0) {
			run.ret = EXIT_SYSTEM;
			continue;
		}
		rc = cli_each_document(name, text, len, run.c, recist_case_parse, &sink, use_case, &run);
		free(text);
		if (rc < 0)
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
	recist_result_free(res);
	recist_case_free(c);
	free(sets);
	recist_flagset_free(flags);
	cli_rulesets_release(&all);
	free(args.rules);
	return ret;
}
