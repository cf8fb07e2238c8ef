/*
 * cmd_evaluate.c - recist evaluate: score every case of every input under
 * the selected rule sets and print the results.
 *
 * SPDX-License-Identifier: MIT
 *
 * A bad case is reported on stderr and skipped (nothing of it reaches
 * stdout); every other case is still scored; the exit status says so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

enum { OPT_FLAGS = 256, OPT_OUTPUT = 'o' };

static const struct cli_opt evaluate_opts[] = {
	{ OPT_FORMAT,   "format",   "text|json|csv|sdtm-rs|adrs|adtr", "the output format (default: text)" },
	{ OPT_OUTPUT,   "output",   "FILE", "write to FILE, not standard output; FILE.xpt: a SAS transport file" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to apply, by id, comma-separated (default: all)" },
	CLI_RULES_OPT,
	{ OPT_FLAGS,    "flags",    "FILE", "flag file to use instead of the built-in cross-criteria flags" },
	CLI_BOR_OPTS,
	CLI_SDTM_INPUT_OPT,
	CLI_SDTM_OPTS,
	CLI_SDTM_AXIS_OPT,
	{ 0, NULL, NULL, NULL }
};

struct evaluate_args {
	struct cli_common common;
	const char       *flags;
	const char       *output;  /* -o FILE, or NULL */
	recist_table      table;   /* --format sdtm-rs, adrs or adtr; 0: none */
};

/*
 * evaluate's formats: those of every command (cli_formats), then the
 * tables of trial data (recist-sdtm(5)), written as CSV rows; a value is
 * an index into format_kinds.
 */
static const struct { recist_format fmt; recist_table table; } format_kinds[] = {
	{ RECIST_FORMAT_TEXT, 0 }, { RECIST_FORMAT_JSON, 0 }, { RECIST_FORMAT_CSV, 0 },
	{ RECIST_FORMAT_CSV, RECIST_TABLE_SDTM_RS }, { RECIST_FORMAT_CSV, RECIST_TABLE_ADRS },
	{ RECIST_FORMAT_CSV, RECIST_TABLE_ADTR },
};
static const struct cli_name evaluate_formats[] = {
	{ "text", 0, false }, { "json", 1, false }, { "jsonl", 1, true }, { "csv", 2, false },
	{ "sdtm-rs", 3, false }, { "adrs", 4, false }, { "adtr", 5, false }, { NULL, 0, false }
};

static bool is_xpt(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > 4 && strcasecmp(path + n - 4, ".xpt") == 0;
}

static int on_opt(int key, const char *arg, void *ctx)
{
	struct evaluate_args *a = ctx;
	int rc, k;

	if (key == OPT_FORMAT) {
		if (cli_choose("evaluate", "format", evaluate_formats, false, arg, &k) < 0)
			return -1;
		a->common.fmt = format_kinds[k].fmt;
		a->table = format_kinds[k].table;
		return 0;
	}
	if (key == OPT_OUTPUT) {
		a->output = arg;
		return 0;
	}
	rc = cli_common_option(&a->common, key, arg);

	if (rc <= 0)
		return rc;
	if (key == OPT_FLAGS) {
		a->flags = arg;
		return 0;
	}
	return -1;
}

/*
 * A flag file naming a rule set that is neither loaded nor built in is
 * most likely a typing error: its flags could never fire.  Say so (a
 * warning; scoring goes on).  A built-in rule set applied only when named
 * (irecist) is no typing error: its flags fire when it is named.
 */
static void warn_unknown_criteria(const recist_flagset *fs, const struct cli_rulesets *all, const char *file)
{
	for (size_t k = 0; k < recist_flagset_criteria_count(fs); k++) {
		const char *id = recist_flagset_criteria_id(fs, k);
		size_t i;
		for (i = 0; i < all->n; i++)
			if (strcmp(recist_ruleset_id(all->sets[i]), id) == 0)
				break;
		if (i == all->n && recist_builtin_text(id, NULL) == NULL)
			cli_say("%s: warning: flags compare rule set '%s', which is not loaded; they cannot fire",
			        file ? file : "<built-in flags>", id);
	}
}

/* What scoring each case needs, and where its output goes. */
struct evaluate_run {
	const struct evaluate_args *args;
	const recist_flagset       *flags;
	recist_case                *c;
	recist_result              *res;
	recist_buffer              *out;
	const recist_diag_sink     *sink;
	int                         ret;  /* exit status so far */
	unsigned long               seq;  /* the last RSSEQ written */
};

/* One case of a file, as parsed (rc): score it and write its record. */
static int use_case(void *ctx, int rc)
{
	struct evaluate_run *run = ctx;
	const struct cli_common *cm = &run->args->common;

	if (rc == 0 && (rc = recist_evaluate_opts(run->res, run->c, cm->sets, cm->n_sets, &cm->bor, run->sink)) == 0)
		rc = recist_evaluate_flags(run->res, run->flags, run->sink);
	if (rc < 0) {
		run->ret = rc == RECIST_ENOMEM ? EXIT_SYSTEM : run->ret == EXIT_OK ? EXIT_DATA : run->ret;
		return 0;
	}
	if (run->args->table != 0) {
		if (recist_table_csv_rows(run->out, run->res, run->args->table, &run->seq) < 0)
			return RECIST_ENOMEM;
		if (!is_xpt(run->args->output))  /* a transport file is written whole, at the end */
			cli_flush(run->out, 0);
		return 0;
	}
	if (recist_result_write(run->out, run->res, cm->fmt) < 0)
		return RECIST_ENOMEM;
	cli_flush(run->out, 0);
	return 0;
}

/* Every case of one input file. */
static int use_file(void *ctx, const char *name, const char *text, size_t len)
{
	struct evaluate_run *run = ctx;

	return cli_each_document(name, text, len, run->c, recist_case_parse, run->sink, use_case, run);
}

/*
 * A table of trial data: its header and every case's rows, to the output
 * as CSV, or held whole and written as a SAS transport file at the end.
 */
static int table_files(const struct evaluate_args *args, struct evaluate_run *run, char **files, int n)
{
	bool io_error = false, data_error = false;
	int ret;

	if (recist_table_csv_header(run->out, args->table) < 0 ||
	    cli_each_file(&args->common, files, n, use_file, NULL, run, &io_error, &data_error) < 0) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	ret = io_error ? EXIT_SYSTEM : data_error && run->ret == EXIT_OK ? EXIT_DATA : run->ret;
	if (!is_xpt(args->output))
		return cli_flush(run->out, 1) < 0 ? EXIT_SYSTEM : ret;
	int rc = recist_table_write_xpt(args->output, args->table, run->out->ptr, run->out->len, run->sink);
	if (rc < 0)  /* a value the format cannot hold is the data's; the rest the system's */
		return rc == RECIST_EINVALID ? EXIT_DATA : EXIT_SYSTEM;
	recist_buffer_clear(run->out);
	return ret;
}

/* Score every case of files[0..n) into out; the exit status. */
static int evaluate_files(struct evaluate_args *args, const recist_flagset *flags, char **files, int n,
                          recist_buffer *out, const recist_diag_sink *sink)
{
	struct evaluate_run run = { args, flags, recist_case_new(), recist_result_new(), out, sink, EXIT_OK, 0 };
	int ret;

	if (run.c == NULL || run.res == NULL) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else if (args->table != 0) {
		ret = table_files(args, &run, files, n);
	} else {
		ret = cli_run_files(&args->common, files, n, out, args->common.fmt == RECIST_FORMAT_CSV ? recist_csv_header : NULL,
		                    use_file, &run, &run.ret);
	}
	recist_result_free(run.res);
	recist_case_free(run.c);
	return ret;
}

int cmd_evaluate(int argc, char **argv)
{
	struct evaluate_args args = { CLI_COMMON_INIT("evaluate", RECIST_FORMAT_TEXT), NULL, NULL, 0 };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	recist_flagset *flags = NULL;
	recist_buffer out = RECIST_BUFFER_INIT;
	int first, ret;

	if ((first = cli_parse(argc, argv, "evaluate", "FILE|-...", evaluate_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if (!cli_has_input(&args.common, first, argc, "file (use '-' for standard input, or --sdtm)")) {
		ret = EXIT_USAGE;
	} else if (is_xpt(args.output) && args.table == 0) {
		cli_usage_error("evaluate", "a .xpt output needs --format sdtm-rs, adrs or adtr");
		ret = EXIT_USAGE;
	} else if (args.output != NULL && !is_xpt(args.output) && freopen(args.output, "w", stdout) == NULL) {
		cli_say("%s: error: cannot open file: %s", args.output, strerror(errno));
		ret = EXIT_SYSTEM;
	} else if ((ret = cli_setup_rules(&args.common, &sink)) == EXIT_OK) {
		if ((args.flags ? recist_flagset_load_file(&flags, args.flags, &sink)
		                : recist_flagset_load_builtin(&flags, &sink)) < 0) {
			ret = EXIT_RULES;
		} else {
			warn_unknown_criteria(flags, &args.common.all, args.flags);
			/* Without --criteria, a rule set is applied only where the case has what it reads. */
			args.common.bor.assessable_only = args.common.criteria == NULL;
			ret = evaluate_files(&args, flags, argv + first, argc - first, &out, &sink);
		}
	}
	recist_buffer_release(&out);
	recist_flagset_free(flags);
	cli_common_release(&args.common);
	return ret;
}
