/*
 * cmd_validate.c - recist validate: recompute every case and list each
 * disagreement with the calls its site reported, and each data-quality
 * problem, as findings with reasons a coordinator can paste into a query.
 *
 * SPDX-License-Identifier: MIT
 *
 * A case that cannot be read is a finding too (severity error, field its
 * diagnostic code), so that one stream holds every problem.  Exit status:
 * 0 no finding; 1 findings; 3 a case could not be read, or has an error
 * of its own that its findings start with (CASE_WRONG_AXIS).
 */
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt validate_opts[] = {
	{ OPT_FORMAT,   "format",   "text|json|csv", "the output format (default: text)" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to check, by id (default: those each case reports)" },
	CLI_RULES_OPT,
	CLI_BOR_OPTS,
	CLI_SDTM_INPUT_OPT,
	CLI_SDTM_OPTS,
	CLI_SDTM_AXIS_OPT,
	{ 0, NULL, NULL, NULL }
};

/* Diagnostics go to stderr as usual; the last error is kept for its finding. */
struct validate_sink {
	struct cli_diag_state state;
	char                  code[64];
	char                  message[768];
};

/* The tally for the summary: findings by field and severity. */
struct tally {
	size_t cases, unusable, errors, warnings;
	size_t case_errors;  /* cases checked with an error of the case reported (CASE_WRONG_AXIS): exit 3 */
	struct { char field[48]; size_t n; } by_field[64];
	size_t n_fields;
};

static int on_opt(int key, const char *arg, void *ctx)
{
	return cli_common_option(ctx, key, arg) == 0 ? 0 : -1;
}

static void keep_diag(void *ctx, const recist_diag *d)
{
	struct validate_sink *vs = ctx;

	cli_diag_print(&vs->state, d);
	if (d->severity == RECIST_SEV_ERROR) {
		snprintf(vs->code, sizeof vs->code, "%s", d->code);
		if (d->path)
			snprintf(vs->message, sizeof vs->message, "%s: %s", d->path, d->message);
		else
			snprintf(vs->message, sizeof vs->message, "%s", d->message);
	}
}

/*
 * Without --criteria, a case is checked under the rule sets it reports
 * calls for (a site that reports RECIST 1.1 alone is not asked for mRECIST's
 * viable diameters), and under all when it reports none.  sets must hold
 * all->n entries.
 */
static size_t reported_sets(const struct cli_rulesets *all, const recist_case *c, const recist_ruleset **sets)
{
	size_t n = 0;

	for (size_t i = 0; i < all->n; i++)
		if (recist_case_reports(c, recist_ruleset_id(all->sets[i])))
			sets[n++] = all->sets[i];
	if (n == 0)
		for (size_t i = 0; i < all->n; i++)
			sets[n++] = all->sets[i];
	return n;
}

static void count(struct tally *t, const recist_finding *f)
{
	size_t i;

	if (f->severity == RECIST_SEV_ERROR)
		t->errors++;
	else
		t->warnings++;
	for (i = 0; i < t->n_fields; i++)
		if (strcmp(t->by_field[i].field, f->field) == 0)
			break;
	if (i == t->n_fields && i < sizeof t->by_field / sizeof t->by_field[0]) {
		snprintf(t->by_field[i].field, sizeof t->by_field[i].field, "%s", f->field);
		t->n_fields++;
	}
	if (i < t->n_fields)
		t->by_field[i].n++;
}

/*
 * The summary: the last line of the text report, or a line on standard
 * error ("recist: validate: ...", as every line there) beside JSON and CSV.
 * Made whole first, to be written in one piece.
 */
static void summary(FILE *fp, const struct tally *t)
{
	char line[4096];
	size_t n = 0;

	n += (size_t)snprintf(line, sizeof line, "%zu case%s checked, %zu could not be read; %zu finding%s (%zu error%s, %zu warning%s)",
	                      t->cases, t->cases == 1 ? "" : "s", t->unusable, t->errors + t->warnings,
	                      t->errors + t->warnings == 1 ? "" : "s", t->errors, t->errors == 1 ? "" : "s", t->warnings,
	                      t->warnings == 1 ? "" : "s");
	for (size_t i = 0; i < t->n_fields && n < sizeof line; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s %s %zu", i ? "," : ":", t->by_field[i].field,
		                      t->by_field[i].n);
	if (fp == stderr)
		cli_say("%s", line);
	else
		fprintf(fp, "validate: %s\n", line);
}

/* What checking each case needs, and where its findings go. */
struct validate_run {
	const struct cli_common    *args;
	const struct cli_rulesets  *all;
	const recist_ruleset      **sets;   /* all->n entries */
	size_t                      n_sets;
	recist_case                *c;
	recist_result              *res;
	recist_buffer              *out;
	struct validate_sink       *vs;
	const recist_diag_sink     *sink;
	struct tally               *tally;
};

/* The findings of a case or history checked (rc), or one that says why it is unusable. */
static int report(struct validate_run *run, int rc)
{
	struct tally *tally = run->tally;

	if (rc == RECIST_ENOMEM)
		return rc;
	if (rc < 0) {
		/* Unusable: one finding that says why. */
		recist_finding bad = { recist_case_id(run->c), NULL, NULL,
		                       run->vs->code[0] ? run->vs->code : "CASE_UNREADABLE", /* diag.def */
		                       NULL, NULL, RECIST_SEV_ERROR, run->vs->message };
		tally->unusable++;
		count(tally, &bad);
		if (recist_finding_write(run->out, &bad, run->args->fmt) < 0)
			return RECIST_ENOMEM;
	} else {
		if (run->vs->code[0] != '\0')  /* an error of the case, said first among its findings */
			tally->case_errors++;
		for (size_t i = 0; i < recist_result_finding_count(run->res); i++) {
			recist_finding fd;
			recist_result_finding(run->res, i, &fd);
			count(tally, &fd);
		}
		if (recist_findings_write(run->out, run->res, run->args->fmt) < 0)
			return RECIST_ENOMEM;
	}
	run->vs->code[0] = '\0';  /* the next case's error, if any, is its own */
	cli_flush(run->out, 0);
	return 0;
}

/* One case of a file, as parsed (rc): recomputed and compared. */
static int use_case(void *ctx, int rc)
{
	struct validate_run *run = ctx;

	run->tally->cases++;
	if (rc == 0 && run->args->criteria == NULL)
		run->n_sets = reported_sets(run->all, run->c, run->sets);
	if (rc == 0 && (rc = recist_evaluate_opts(run->res, run->c, run->sets, run->n_sets, &run->args->bor, run->sink)) == 0)
		rc = recist_validate(run->res, run->c, (const recist_ruleset *const *)run->all->sets, run->all->n, run->sink);
	return report(run, rc);
}

/*
 * One response history of the SDTM calls alone (rc): the site's own
 * consistency under the rule set it names, if that one is checked.
 */
static int use_history(void *ctx, int rc)
{
	struct validate_run *run = ctx;
	const recist_ruleset *rs = NULL;

	for (size_t i = 0; rc == 0 && rs == NULL && i < run->args->n_sets; i++)
		if (recist_case_reports(run->c, recist_ruleset_id(run->args->sets[i])))
			rs = run->args->sets[i];
	if (rc == 0 && rs == NULL)
		return 0;
	run->tally->cases++;
	if (rc == 0 && (rc = recist_evaluate_history(run->res, run->c, rs, &run->args->bor, run->sink)) == 0)
		rc = recist_validate(run->res, run->c, (const recist_ruleset *const *)run->all->sets, run->all->n, run->sink);
	return report(run, rc);
}

/* Every case of one input file. */
static int use_file(void *ctx, const char *name, const char *text, size_t len)
{
	struct validate_run *run = ctx;

	run->vs->code[0] = '\0';
	return cli_each_document(name, text, len, run->c, recist_case_parse, run->sink, use_case, run);
}

/* Every response history of one SDTM subject (one per rule set of its calls). */
static int use_history_file(void *ctx, const char *name, const char *text, size_t len)
{
	struct validate_run *run = ctx;

	run->vs->code[0] = '\0';
	return cli_each_document(name, text, len, run->c, recist_history_parse, run->sink, use_history, run);
}

/* Check every case of files[0..n), its findings into out and the summary after; the exit status. */
static int validate_files(const struct cli_common *args, char **files, int n, recist_buffer *out,
                          struct validate_sink *vs, const recist_diag_sink *sink)
{
	struct tally tally;
	/* Without --criteria, args->sets holds every loaded rule set: room for reported_sets(). */
	struct validate_run run = { args, &args->all, args->sets, args->n_sets, recist_case_new(), recist_result_new(),
	                            out, vs, sink, &tally };
	bool io_error = false, data_error = false;
	int ret;

	memset(&tally, 0, sizeof tally);
	if (run.c == NULL || run.res == NULL || (args->fmt == RECIST_FORMAT_CSV && recist_findings_csv_header(out) < 0) ||
	    cli_each_file(args, files, n, use_file, use_history_file, &run, &io_error, &data_error) < 0) {
		cli_say("error: out of memory");
		ret = EXIT_SYSTEM;
		goto done;
	}
	ret = io_error ? EXIT_SYSTEM : tally.unusable || tally.case_errors || data_error ? EXIT_DATA
	    : tally.errors + tally.warnings ? EXIT_FOUND : EXIT_OK;
	if (cli_flush(out, 1) < 0)
		ret = EXIT_SYSTEM;
	/* The summary ends the report (text), or goes beside the data (json, csv). */
	summary(args->fmt == RECIST_FORMAT_TEXT ? stdout : stderr, &tally);
	if (args->fmt == RECIST_FORMAT_TEXT && ret != EXIT_SYSTEM && (fflush(stdout) != 0 || ferror(stdout))) {
		cli_say("error: cannot write output: %s", strerror(errno));
		ret = EXIT_SYSTEM;
	}
done:
	recist_result_free(run.res);
	recist_case_free(run.c);
	return ret;
}

int cmd_validate(int argc, char **argv)
{
	struct cli_common args = CLI_COMMON_INIT("validate", RECIST_FORMAT_TEXT);
	struct validate_sink vs;
	recist_diag_sink sink = { keep_diag, &vs };
	recist_buffer out = RECIST_BUFFER_INIT;
	int first, ret;

	memset(&vs, 0, sizeof vs);
	args.bor.explain = 1;
	if ((first = cli_parse(argc, argv, "validate", "FILE|-...", validate_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
	} else if (!cli_has_input(&args, first, argc, "file (use '-' for standard input, or --sdtm)")) {
		ret = EXIT_USAGE;
	} else if ((ret = cli_setup_rules(&args, &sink)) == EXIT_OK) {
		ret = validate_files(&args, argv + first, argc - first, &out, &vs, &sink);
	}
	recist_buffer_release(&out);
	cli_common_release(&args);
	return ret;
}
