/*
 * cmd_validate.c - recist validate: recompute every case and list each
 * disagreement with the calls its site reported, and each data-quality
 * problem, as findings with reasons a coordinator can paste into a query.
 *
 * SPDX-License-Identifier: MIT
 *
 * A case that cannot be read is a finding too (severity error, field its
 * diagnostic code), so that one stream holds every problem.  Exit status:
 * 0 no finding; 1 findings; 3 a case could not be read.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_FORMAT = 'f', OPT_CRITERIA = 'c', OPT_RULES = 'r' };

static const struct cli_opt validate_opts[] = {
	{ OPT_FORMAT,   "format",   "FMT",  "text (default), json or csv" },
	{ OPT_CRITERIA, "criteria", "LIST", "rule sets to check, by id (default: those each case reports)" },
	{ OPT_RULES,    "rules",    "FILE", "load a rule file too; the same id replaces a built-in (repeatable)" },
	CLI_BOR_OPTS,
	{ 0, NULL, NULL, NULL }
};

struct validate_args {
	recist_format       fmt;
	const char         *criteria;
	const char        **rules;
	size_t              n_rules;
	recist_eval_options opts;
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
	struct { char field[48]; size_t n; } by_field[64];
	size_t n_fields;
};

static int on_opt(int key, const char *arg, void *ctx)
{
	struct validate_args *a = ctx;

	switch (key) {
	case OPT_FORMAT:   return cli_format("validate", arg, &a->fmt);
	case OPT_CRITERIA: a->criteria = arg; return 0;
	case OPT_RULES:    return cli_list_add(&a->rules, &a->n_rules, arg);
	default:           return cli_bor_option("validate", key, arg, &a->opts);
	}
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

static void summary(FILE *fp, const struct tally *t)
{
	fprintf(fp, "validate: %zu case%s checked, %zu could not be read; %zu finding%s (%zu error%s, %zu warning%s)",
	        t->cases, t->cases == 1 ? "" : "s", t->unusable, t->errors + t->warnings,
	        t->errors + t->warnings == 1 ? "" : "s", t->errors, t->errors == 1 ? "" : "s", t->warnings,
	        t->warnings == 1 ? "" : "s");
	for (size_t i = 0; i < t->n_fields; i++)
		fprintf(fp, "%s %s %zu", i ? "," : ":", t->by_field[i].field, t->by_field[i].n);
	fprintf(fp, "\n");
}

/* What checking each case needs, and where its findings go. */
struct validate_run {
	const struct validate_args *args;
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

/* One case of a file, as parsed (rc): its findings, or one that says why it is unusable. */
static int use_case(void *ctx, int rc)
{
	struct validate_run *run = ctx;
	struct tally *tally = run->tally;

	tally->cases++;
	if (rc == RECIST_ENOMEM)
		return rc;
	if (rc == 0 && run->args->criteria == NULL)
		run->n_sets = reported_sets(run->all, run->c, run->sets);
	if (rc == 0 && (rc = recist_evaluate_opts(run->res, run->c, run->sets, run->n_sets, &run->args->opts, run->sink)) == 0)
		rc = recist_validate(run->res, run->c, (const recist_ruleset *const *)run->all->sets, run->all->n, run->sink);
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

int cmd_validate(int argc, char **argv)
{
	static const char usage[] = "recist validate [--format text|json|csv] [--criteria LIST] [--rules FILE]...\n"
	                            "                [--confirm-days N] [--sd-min-days N] [--max-ne N] [--[no-]accept-sd] FILE|-...";
	struct validate_args args = { RECIST_FORMAT_TEXT, NULL, NULL, 0, RECIST_EVAL_OPTIONS_INIT };
	struct validate_sink vs;
	recist_diag_sink sink = { keep_diag, &vs };
	struct cli_rulesets all = { NULL, NULL, 0 };
	const recist_ruleset **sets = NULL;
	size_t n_sets = 0;
	recist_case *c = NULL;
	recist_result *res = NULL;
	recist_buffer out = RECIST_BUFFER_INIT;
	struct tally tally;
	struct validate_run run;
	int first, ret = EXIT_OK, sys = 0;

	memset(&vs, 0, sizeof vs);
	memset(&tally, 0, sizeof tally);
	args.opts.explain = 1;
	if ((first = cli_parse(argc, argv, usage, validate_opts, on_opt, &args)) < 0) {
		ret = first == -1 ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (first >= argc) {
		cli_usage_error("validate", "no input file (use '-' for standard input)");
		ret = EXIT_USAGE;
		goto done;
	}
	if ((ret = cli_rulesets_load(&all, args.rules, args.n_rules, &sink)) != EXIT_OK ||
	    (ret = cli_select_sets("validate", &all, args.criteria, &sets, &n_sets)) != EXIT_OK)
		goto done;
	if ((c = recist_case_new()) == NULL || (res = recist_result_new()) == NULL ||
	    (args.fmt == RECIST_FORMAT_CSV && recist_findings_csv_header(&out) < 0))
		goto nomem;
	run = (struct validate_run){ &args, &all, sets, n_sets, c, res, &out, &vs, &sink, &tally };
	for (int f = first; f < argc; f++) {
		const char *name = strcmp(argv[f], "-") == 0 ? "<stdin>" : argv[f];
		char *text;
		size_t len;
		int rc;

		if (cli_read_file(argv[f], &text, &len) < 0) {
			sys = 1;
			continue;
		}
		vs.code[0] = '\0';
		rc = cli_each_document(name, text, len, c, recist_case_parse, &sink, use_case, &run);
		free(text);
		if (rc < 0)
			goto nomem;
	}
	ret = sys ? EXIT_SYSTEM : tally.unusable ? EXIT_DATA : tally.errors + tally.warnings ? EXIT_FOUND : EXIT_OK;
	if (cli_flush(&out, 1) < 0)
		ret = EXIT_SYSTEM;
	/* The summary ends the report (text), or goes beside the data (json, csv). */
	summary(args.fmt == RECIST_FORMAT_TEXT ? stdout : stderr, &tally);
	if (args.fmt == RECIST_FORMAT_TEXT && ret != EXIT_SYSTEM && (fflush(stdout) != 0 || ferror(stdout))) {
		perror("recist: error: cannot write output");
		ret = EXIT_SYSTEM;
	}
	goto done;
nomem:
	fprintf(stderr, "recist: error: out of memory\n");
	ret = EXIT_SYSTEM;
done:
	recist_buffer_release(&out);
	recist_result_free(res);
	recist_case_free(c);
	free(sets);
	cli_rulesets_release(&all);
	free(args.rules);
	return ret;
}
