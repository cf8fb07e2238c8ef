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
	{ "plot",     cmd_plot,     "a cohort's figures: waterfall, spider and swimmer plots (SVG) or their tables" },
	{ "rules",    cmd_rules,    "list, show and check rule sets" },
	{ "summary",  cmd_summary,  "a cohort per arm: response rates, discordance, survival" },
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

/*
 * --version: the program, the libraries it runs with and the rule sets
 * built into it, one "NAME VERSION" a line: what a bug report needs.  A
 * rule set's version is its file's, and the SHA-256 of its text tells
 * apart what a version number may not (the provenance every output gives).
 */
static int version(void)
{
	printf("recist %s\n", RECIST_VERSION);
	printf("cJSON %s\n", recist_cjson_version());
	printf("libyaml %s\n", recist_yaml_version());
	for (size_t i = 0; i < recist_builtin_count(); i++) {
		recist_ruleset *rs = NULL;
		const char *id = recist_builtin_id(i);
		if (recist_ruleset_load_builtin(&rs, id, NULL) < 0) {
			cli_say("error: the built-in rule set '%s' does not load", id);
			return EXIT_RULES;
		}
		printf("%s %s (built-in rule set: %s, sha256 %.16s)\n", id,
		       recist_ruleset_version(rs) ? recist_ruleset_version(rs) : "-", recist_ruleset_name(rs),
		       recist_ruleset_sha256(rs));
		recist_ruleset_free(rs);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_SYSTEM;
}

/* The command named name, or NULL after saying so, with the nearest name. */
static const struct cmd *find_command(const char *name)
{
	struct cli_near near = CLI_NEAR_INIT(name);

	for (const struct cmd *c = cmds; c->name; c++) {
		if (strcmp(name, c->name) == 0)
			return c;
		cli_near_try(&near, c->name);
	}
	if (cli_near_best(&near) != NULL)
		cli_say("unknown command '%s'; did you mean '%s'?", name, cli_near_best(&near));
	else
		cli_say("unknown command '%s'", name);
	cli_say("try 'recist --help'");
	return NULL;
}

/* recist help [CMD]: the list of commands, or CMD's help, as 'recist CMD --help' prints it. */
static int help(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 3 || (argc == 3 && strcmp(argv[2], "help") == 0)) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc > 3) {
		cli_say("help takes one command");
		cli_say("try 'recist --help'");
		return EXIT_USAGE;
	}
	if ((c = find_command(argv[2])) == NULL)
		return EXIT_USAGE;
	char opt[] = "--help", *args[] = { argv[2], opt, NULL };
	cli_set_command(c->name);
	return c->fn(2, args);
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		cli_say("no command given");
		cli_say("try 'recist --help'");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		return version();
	if (argv[1][0] == '-') {
		cli_say("unknown option '%s' (a command comes first: recist COMMAND [OPTIONS])", argv[1]);
		cli_say("try 'recist --help'");
		return EXIT_USAGE;
	}
	if ((c = find_command(argv[1])) == NULL)
		return EXIT_USAGE;
	cli_set_command(c->name);
	return c->fn(argc - 1, argv + 1);
}
