/*
 * cmd_rules.c - recist rules list|show|check: the rule sets available,
 * a rule set's YAML, and validation of rule files.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"


static const struct cli_opt rules_opts[] = {
	{ OPT_RULES, "rules", "FILE", "load a rule file too, for list and show (repeatable)" },
	{ 0, NULL, NULL, NULL }
};

enum { SUB_LIST, SUB_SHOW, SUB_CHECK };
static const struct cli_name subcommands[] = {
	{ "list", SUB_LIST, false }, { "show", SUB_SHOW, false }, { "check", SUB_CHECK, false }, { NULL, 0, false }
};

struct rules_args {
	const char **files;
	size_t       n_files;
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct rules_args *a = ctx;

	if (key != OPT_RULES)
		return -1;
	return cli_list_add(&a->files, &a->n_files, arg);
}

static int rules_list(struct cli_rulesets *all, int argc, char **argv)
{
	(void)argv;
	if (argc != 0) {
		cli_usage_error("rules", "'list' takes no arguments");
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < all->n; i++)
		printf("%-12s %-24s %s\n", recist_ruleset_id(all->sets[i]), recist_ruleset_name(all->sets[i]),
		       all->origin[i]);
	return EXIT_OK;
}

/* The built-in flag file is shown as "flags". */
static int show_flags(const recist_diag_sink *sink)
{
	recist_flagset *fs = NULL;
	size_t len;

	if (recist_flagset_load_builtin(&fs, sink) < 0)
		return EXIT_RULES;
	const char *text = recist_flagset_text(fs, &len);
	fwrite(text, 1, len, stdout);
	recist_flagset_free(fs);
	return EXIT_OK;
}

static int rules_show(struct cli_rulesets *all, int argc, char **argv, const recist_diag_sink *sink)
{
	size_t len;

	if (argc != 1) {
		cli_usage_error("rules", "'show' takes one rule-set id, or 'flags'");
		return EXIT_USAGE;
	}
	long i = cli_find_or_load_set(all, argv[0], sink);

	/* A rule set named "flags" (in any case) is shown before the flag file. */
	if (i < 0 && strcmp(argv[0], "flags") == 0)
		return show_flags(sink);
	if (i < 0) {
		cli_unknown_set("rules", all, "no rule set", argv[0], "flags");
		return EXIT_USAGE;
	}
	const char *text = recist_ruleset_text(all->sets[i], &len);
	fwrite(text, 1, len, stdout);
	return EXIT_OK;
}

/*
 * A flag file says so in its first "format:" line (recist-flags/1); any
 * other file is checked as a rule set, whose loader reports a wrong format.
 */
static int is_flag_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[256];
	int flags = 0;

	if (fp == NULL)
		return 0;  /* the loader reports it */
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strncmp(line, "format:", 7) == 0) {
			flags = strstr(line, "recist-flags/") != NULL;
			break;
		}
	}
	fclose(fp);
	return flags;
}

static int rules_check(int argc, char **argv, const recist_diag_sink *sink)
{
	int ret = EXIT_OK;

	if (argc < 1) {
		cli_usage_error("rules", "'check' needs at least one rule file");
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		recist_ruleset *rs = NULL;
		recist_flagset *fs = NULL;
		int rc = is_flag_file(argv[i]) ? recist_flagset_load_file(&fs, argv[i], sink)
		                               : recist_ruleset_load_file(&rs, argv[i], sink);
		if (rc < 0) {
			ret = rc == RECIST_ENOMEM ? EXIT_SYSTEM : EXIT_RULES;
			continue;
		}
		if (fs != NULL)
			printf("%s: ok: flag file (%s)\n", argv[i], recist_flagset_name(fs));
		else
			printf("%s: ok: rule set '%s' (%s)\n", argv[i], recist_ruleset_id(rs), recist_ruleset_name(rs));
		recist_ruleset_free(rs);
		recist_flagset_free(fs);
	}
	return ret;
}

int cmd_rules(int argc, char **argv)
{
	struct rules_args args = { NULL, 0 };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	struct cli_rulesets all = { NULL, NULL, 0 };
	int first, ret, sub;

	if ((first = cli_parse(argc, argv, "rules", "list | show ID|flags | check FILE...", rules_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (first >= argc) {
		cli_usage_error("rules", "expected list, show or check");
		ret = EXIT_USAGE;
		goto done;
	}
	if (cli_choose("rules", "subcommand", subcommands, false, argv[first], &sub) < 0) {
		ret = EXIT_USAGE;
		goto done;
	}
	if (sub == SUB_CHECK) {
		ret = rules_check(argc - first - 1, argv + first + 1, &sink);
		goto done;
	}
	if ((ret = cli_rulesets_load(&all, args.files, args.n_files, &sink)) != EXIT_OK)
		goto done;
	if (sub == SUB_LIST)
		ret = rules_list(&all, argc - first - 1, argv + first + 1);
	else
		ret = rules_show(&all, argc - first - 1, argv + first + 1, &sink);
done:
	if (fflush(stdout) != 0 && ret == EXIT_OK)
		ret = EXIT_SYSTEM;
	cli_rulesets_release(&all);
	free(args.files);
	return ret;
}
