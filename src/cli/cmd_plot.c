/*
 * cmd_plot.c - recist plot: a cohort's standard figures (recist_plot_*):
 * waterfall, spider and swimmer, as self-contained SVG, or the figure's
 * tidy table as CSV or JSON for R, SAS and JMP.
 *
 * SPDX-License-Identifier: MIT
 *
 * Input: cases or result lines, as cohort_input.c reads them (summary
 * reads the same).  The warnings of the cases are not printed case by
 * case; errors are printed as evaluate prints them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort_input.h"

enum { OPT_BY = 'b', OPT_OUTPUT = 'o', OPT_MARK_FLAG = 256 };

static const struct cli_opt plot_opts[] = {
	{ OPT_OUTPUT,    "output",    "FILE", "write to FILE ('-': standard output); required" },
	{ OPT_FORMAT,    "format",    "svg|csv|json", "the figure (svg, the default) or its table" },
	{ OPT_BY,        "by",        "FIELD", "the case field that makes the groups: arm, or none (default: arm)" },
	{ OPT_CRITERIA,  "criteria",  "LIST", "rule sets to draw, by id, comma-separated (default: all)" },
	{ OPT_MARK_FLAG, "mark-flag", "LIST", "flags marked on waterfall bars (default: the flag file's; '': none)" },
	CLI_RULES_OPT,
	CLI_BOR_OPTS,
	{ 0, NULL, NULL, NULL }
};

static const struct cli_name kinds[] = {
	{ "waterfall", RECIST_PLOT_WATERFALL, false },
	{ "spider",    RECIST_PLOT_SPIDER,    false },
	{ "swimmer",   RECIST_PLOT_SWIMMER,   false },
	{ NULL, 0, false }
};

static const struct cli_name plot_formats[] = {
	{ "svg",  RECIST_PLOT_SVG,  false },
	{ "csv",  RECIST_PLOT_CSV,  false },
	{ "json", RECIST_PLOT_JSON, false },
	{ NULL, 0, false }
};

struct plot_args {
	struct cli_common common;
	const char       *by, *output, *mark_flags;
	bool              mark_flags_given;
	int               format;
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct plot_args *a = ctx;

	switch (key) {
	case OPT_BY:        a->by = arg; return 0;
	case OPT_OUTPUT:    a->output = arg; return 0;
	case OPT_MARK_FLAG: a->mark_flags = *arg ? arg : NULL; a->mark_flags_given = true; return 0;
	case OPT_FORMAT:    return cli_choose("plot", "format", plot_formats, false, arg, &a->format);
	default:            return cli_common_option(&a->common, key, arg) == 0 ? 0 : -1;
	}
}

/* The plot's adders, as cohort_read calls them. */
static int add_result(void *ctx, const recist_result *res)
{
	return recist_plot_add(ctx, res);
}

static int add_line(void *ctx, const char *text, size_t len, const char *file, unsigned line,
                    const recist_diag_sink *sink)
{
	return recist_plot_add_json(ctx, text, len, file, line, sink);
}

/* out, whole, to path ('-': standard output): EXIT_OK or EXIT_SYSTEM (said). */
static int write_output(const char *path, const recist_buffer *out)
{
	bool is_stdout = strcmp(path, "-") == 0;
	FILE *fp = is_stdout ? stdout : fopen(path, "wb");
	bool ok;

	if (fp == NULL) {
		cli_say("%s: error: cannot open file: %s", path, strerror(errno));
		return EXIT_SYSTEM;
	}
	ok = fwrite(out->ptr, 1, out->len, fp) == out->len;
	ok = (is_stdout ? fflush(fp) == 0 : fclose(fp) == 0) && ok;
	if (!ok) {
		cli_say("%s: error: cannot write file: %s", path, strerror(errno));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* The codes of the flag file, comma-separated (malloc'd; NULL for none or out of memory): marked unless told. */
static char *flag_codes(const recist_flagset *flags)
{
	size_t n = recist_flagset_flag_count(flags), len = 0;
	char *list;

	for (size_t i = 0; i < n; i++)
		len += strlen(recist_flagset_flag_code(flags, i)) + 1;
	if (len == 0 || (list = malloc(len)) == NULL)
		return NULL;
	list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(list, ",");
		strcat(list, recist_flagset_flag_code(flags, i));
	}
	return list;
}

/* The plot the options ask for, into *out: EXIT_OK or EXIT_USAGE, EXIT_SYSTEM (said). */
static int make_plot(const struct plot_args *args, const recist_flagset *flags, int kind, recist_plot **out)
{
	recist_plot_options o = RECIST_PLOT_OPTIONS_INIT;
	char *codes = NULL;
	int rc;

	o.kind = (recist_plot_kind)kind;
	o.by = args->by;
	/* The reference lines of result lines: the loaded rule sets of the same id. */
	o.sets = (const recist_ruleset *const *)args->common.all.sets;
	o.n_sets = args->common.all.n;
	o.criteria = args->common.criteria;
	o.mark_flags = args->mark_flags;
	if (!args->mark_flags_given && recist_flagset_flag_count(flags) > 0 &&
	    (o.mark_flags = codes = flag_codes(flags)) == NULL) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	rc = recist_plot_new(out, &o);
	free(codes);
	if (rc == RECIST_EINVALID) {
		cli_usage_error("plot", "--by takes arm or none, not '%s'", args->by);
		return EXIT_USAGE;
	}
	if (rc < 0) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* Read the inputs into a plot of kind and write it: an exit status. */
static int plot_files(struct plot_args *args, int kind, char **files, int n, const recist_diag_sink *sink)
{
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_flagset *flags = NULL;
	recist_plot *plot = NULL;
	struct cohort_sink to = { add_result, add_line, NULL };
	int ret, wrote;

	if ((ret = cohort_setup(&args->common, &flags, sink)) != EXIT_OK ||
	    (ret = make_plot(args, flags, kind, &plot)) != EXIT_OK)
		goto done;
	to.ctx = plot;
	if ((ret = cohort_read(&args->common, flags, files, n, &to, sink)) == RECIST_ENOMEM) {
		ret = EXIT_SYSTEM;
	} else if (recist_plot_write(&out, plot, (recist_plot_format)args->format) < 0) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
	} else if ((wrote = write_output(args->output, &out)) != EXIT_OK) {
		ret = wrote;
	}
done:
	recist_buffer_release(&out);
	recist_plot_free(plot);
	recist_flagset_free(flags);
	return ret;
}

int cmd_plot(int argc, char **argv)
{
	struct plot_args args = { CLI_COMMON_INIT("plot", RECIST_FORMAT_TEXT), "arm", NULL, NULL, false,
	                          RECIST_PLOT_SVG };
	struct cli_diag_state dstate = { 0, 0, 1 };  /* warnings: see recist summary */
	recist_diag_sink sink = { cli_diag_print, &dstate };
	int first, ret, kind;

	if ((first = cli_parse(argc, argv, "plot", "waterfall|spider|swimmer FILE|-...", plot_opts, on_opt,
	                       &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if (first >= argc) {
		cli_usage_error("plot", "expected waterfall, spider or swimmer");
		ret = EXIT_USAGE;
	} else if (cli_choose("plot", "figure", kinds, false, argv[first], &kind) < 0) {
		ret = EXIT_USAGE;
	} else if (args.output == NULL) {
		cli_usage_error("plot", "no output: -o FILE ('-' for standard output)");
		ret = EXIT_USAGE;
	} else if (!cli_has_input(&args.common, first + 1, argc, "file (use '-' for standard input)")) {
		ret = EXIT_USAGE;
	} else if (args.by != NULL && strcmp(args.by, "arm") != 0 && strcmp(args.by, "none") != 0) {
		cli_usage_error("plot", "--by takes arm or none, not '%s'", args.by);
		ret = EXIT_USAGE;
	} else {
		ret = plot_files(&args, kind, argv + first + 1, argc - first - 1, &sink);
	}
	cli_common_release(&args.common);
	return ret;
}
