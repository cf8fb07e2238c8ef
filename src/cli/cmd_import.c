/*
 * cmd_import.c - recist import sdtm: CDISC SDTM tumour data (TU, TR, RS,
 * with DM or ADaM ADSL) written as recist-case/1 JSON Lines, one case per
 * subject and reader, for any command that reads cases.
 *
 * SPDX-License-Identifier: MIT
 *
 * The mapping is the library's (recist_sdtm_read, recist-sdtm(5)); evaluate,
 * validate and batch read the same tables directly with --sdtm.  Rows that
 * cannot be used are reported on stderr and left out, every other subject
 * is written, and the exit status is 3.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt import_opts[] = {
	CLI_RULES_OPT,
	CLI_SDTM_OPTS,
	CLI_SDTM_AXIS_OPT,
	{ 0, NULL, NULL, NULL }
};

/* The formats import reads: one, for now. */
static const struct cli_name import_formats[] = { { "sdtm", 0, false }, { NULL, 0, false } };

static int on_opt(int key, const char *arg, void *ctx)
{
	return cli_common_option(ctx, key, arg) == 0 ? 0 : -1;
}

/* One case: its line as the library wrote it (stdout is buffered). */
static int write_case(void *ctx, const char *name, const char *text, size_t len)
{
	(void)ctx;
	(void)name;
	return fwrite(text, 1, len, stdout) == len ? 0 : RECIST_EIO;
}

int cmd_import(int argc, char **argv)
{
	struct cli_common args = CLI_COMMON_INIT("import", RECIST_FORMAT_JSON);
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	bool io_error = false, data_error = false;
	int first, ret, format;

	if ((first = cli_parse(argc, argv, "import", "sdtm DIR|FILE...", import_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if (first >= argc) {
		cli_usage_error("import", "expected sdtm");
		ret = EXIT_USAGE;
	} else if (cli_choose("import", "format", import_formats, false, argv[first], &format) < 0) {
		ret = EXIT_USAGE;
	} else if (first + 1 >= argc) {
		cli_usage_error("import", "no input (a directory of SDTM tables, or TU, TR, RS and DM files)");
		ret = EXIT_USAGE;
	} else if ((ret = cli_rulesets_load(&args.all, args.rules, args.n_rules, &sink)) == EXIT_OK) {
		for (int i = first + 1; i < argc && ret == EXIT_OK; i++)
			if (cli_list_add(&args.sdtm, &args.n_sdtm, argv[i]) < 0)
				ret = EXIT_SYSTEM;
		if (ret != EXIT_OK) {
			cli_say("error: out of memory");
		} else if (cli_each_file(&args, NULL, 0, write_case, NULL, NULL, &io_error, &data_error) < 0) {
			cli_say("error: cannot write output: %s", strerror(errno));
			ret = EXIT_SYSTEM;
		} else {
			ret = io_error ? EXIT_SYSTEM : data_error ? EXIT_DATA : EXIT_OK;
		}
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_say("error: cannot write output: %s", strerror(errno));
			ret = EXIT_SYSTEM;
		}
	}
	cli_common_release(&args);
	return ret;
}
