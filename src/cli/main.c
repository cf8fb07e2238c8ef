/*
 * main.c - recist(1): the command table and dispatch.  Each command lives
 * in src/cli/cmd_NAME.c; see cli.h for how to add one.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"

static const struct cmd {
	const char *name;
	int       (*fn)(int argc, char **argv);
	const char *summary;
} cmds[] = {
	{ "batch",    cmd_batch,    "re-score archives: one record per case, in order, in parallel" },
	{ "evaluate", cmd_evaluate, "score cases: target, non-target, new-lesion and overall response" },
	{ "import",   cmd_import,   "CDISC SDTM tables (TU, TR, RS, DM) in, recist-case JSON Lines out" },
	{ "bor",      cmd_bor,      "best overall response from tables of dated overall responses" },
	{ "rules",    cmd_rules,    "list, show and check rule sets" },
	{ "validate", cmd_validate, "check a site's reported calls and the data quality of cases" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: recist COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (const struct cmd *c = cmds; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp, "\n'recist COMMAND --help' describes a command; recist(1) the whole tool.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		cli_say("no command given");
		cli_say("try 'recist --help'");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("recist %s\n", RECIST_VERSION);
		return EXIT_OK;
	}
	for (const struct cmd *c = cmds; c->name; c++) {
		if (strcmp(argv[1], c->name) == 0) {
			cli_set_command(c->name);
			return c->fn(argc - 1, argv + 1);
		}
	}
	cli_say("unknown command '%s'", argv[1]);
	cli_say("try 'recist --help'");
	return EXIT_USAGE;
}
