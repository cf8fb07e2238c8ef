/*
 * cli.h - what the commands of recist(1) share: exit statuses, the option
 * tables, diagnostics on stderr.
 *
 * SPDX-License-Identifier: MIT
 *
 * Adding a command: write src/cli/cmd_NAME.c with cmd_NAME(); add its row
 * to the table in main.c and its file to CLI_SRCS in the Makefile; give it
 * an option table (struct cli_opt) so that --help and the man-page sync test
 * see its options; document it in man/recist.1; test it in tests/.
 */
#ifndef RECIST_CLI_H
#define RECIST_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "recist/recist.h"

/* Exit statuses: fixed once, never renumbered; listed in recist(1). */
enum cli_exit {
	EXIT_OK     = 0, /* done; at most warnings */
	EXIT_FOUND  = 1, /* reserved: disagreements found (validate) */
	EXIT_USAGE  = 2, /* bad command line */
	EXIT_DATA   = 3, /* a case could not be read or scored; the others were */
	EXIT_RULES  = 4, /* a rule file could not be loaded */
	EXIT_SYSTEM = 5  /* I/O error or out of memory */
};

/* One option of a command: drives parsing, --help and --list-options. */
struct cli_opt {
	int         key;    /* short option letter, or a value >= 256 */
	const char *name;   /* long option */
	const char *arg;    /* argument name, or NULL for a flag */
	const char *help;
};

/*
 * Parse argv of command cmd against opts (terminated by a row with name
 * NULL); calls on_opt(key, optarg, ctx) for each; handles --help (the usage
 * line, made from opts and operands, then the table) and the hidden
 * --list-options.  An option whose help says "(repeatable)" is shown so.
 * Returns the index of the first operand, -1 after --help/--list-options
 * (exit 0), -2 on a usage error (message printed).
 */
int cli_parse(int argc, char **argv, const char *cmd, const char *operands, const struct cli_opt *opts,
              int (*on_opt)(int key, const char *arg, void *ctx), void *ctx);

/*
 * Every line recist(1) writes on standard error starts "recist: CMD: ", so
 * that in a pipeline or a log of several tools each line says who wrote it
 * and in which command.  The command is a fact of the process, like its
 * name: main() sets it once, before the command runs (NULL until then,
 * and the line starts "recist: ").
 */
void cli_set_command(const char *cmd);

/* One line on standard error: "recist: CMD: ", then fmt; written whole, in one write. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * "Did you mean": the name nearest to a word the user typed, among the
 * names of a table (commands, options, formats, rule-set ids).  Give each
 * name to cli_near_try(); cli_near_best() is then the nearest, or NULL when
 * none is near enough to be a likely slip: at most a third of its length
 * of edits (one at least) away, a swap of two neighbours being one edit,
 * or beginning with the word (three letters at least).  Letters compare
 * without regard to case.
 */
struct cli_near {
	const char *word;
	const char *best;
	size_t      dist;
};
#define CLI_NEAR_INIT(word) { word, NULL, (size_t)-1 }
void        cli_near_try(struct cli_near *n, const char *name);
const char *cli_near_best(const struct cli_near *n);

/*
 * A word of a closed set (a format, a subcommand, a column), as a table
 * ending with a row whose name is NULL.  An alias is accepted and left out
 * of the list an error gives.
 */
struct cli_name {
	const char *name;
	int         value;
	bool        alias;
};

/*
 * arg's value in names (compared without case when nocase) in *out and 0;
 * or -1 after the usage error "unknown WHAT 'ARG'; did you mean 'X'?
 * (expected A, B or C)".
 */
int cli_choose(const char *cmd, const char *what, const struct cli_name *names, bool nocase, const char *arg,
               int *out);

/* Print a usage error: "recist: CMD: msg" and "recist: CMD: try 'recist CMD --help'". */
void cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A diagnostic sink printing "recist: CMD: FILE:LINE:COL: LEVEL: PATH: message". */
struct cli_diag_state {
	unsigned errors;
	unsigned warnings;
	int      quiet_warnings;
};
void cli_diag_print(void *ctx, const recist_diag *d);

/*
 * Every JSON document of a file's text, one after another (one case, or
 * JSON Lines): parse() reads each into c, and use() gets parse()'s return
 * code, to score the case or to count it as unusable.  A malformed
 * document ends where the next line that begins with '{' begins (the next
 * record of JSON Lines), is said from that text alone, and the reading
 * goes on from there; with no such line after it, the rest cannot be
 * framed and the file ends.  Returns 0, or the negative value use()
 * returned to stop (out of memory).
 */
typedef int cli_parse_fn(recist_case *c, size_t *used, const char *text, size_t len,
                         const recist_origin *at, const recist_diag_sink *sink);
int cli_each_document(const char *name, const char *text, size_t len, recist_case *c,
                      cli_parse_fn *parse, const recist_diag_sink *sink,
                      int (*use)(void *ctx, int rc), void *ctx);

/*
 * Write out to standard output when it has grown large, or always when
 * final; on the final call also check that every write succeeded.
 * Returns 0, or -1 after reporting a write error.
 */
int cli_flush(recist_buffer *out, int final);

/* Read a whole file ("-" is standard input) into a malloc'd buffer; -1 after saying why. */
int cli_read_file(const char *path, char **out, size_t *len);

/* Rule sets: the built-in ones, then --rules files (same id replaces). */
struct cli_rulesets {
	recist_ruleset **sets;
	const char     **origin;  /* "built-in" or the file */
	size_t           n;
};
int  cli_rulesets_load(struct cli_rulesets *rs, const char *const *files, size_t n_files,
                       const recist_diag_sink *sink);
void cli_rulesets_release(struct cli_rulesets *rs);
/* cli_find_set, loading first a built-in rule set applied only when named (iRECIST); -1: none. */
long cli_find_or_load_set(struct cli_rulesets *all, const char *id, const recist_diag_sink *sink);

/* The index in all of the rule set whose id is id, or the same but for case; -1 when none is. */
long cli_find_set(const struct cli_rulesets *all, const char *id);

/* The usage error "WHAT 'ID'; did you mean 'X'? (available: ...)", over all's ids and also (or NULL). */
void cli_unknown_set(const char *cmd, const struct cli_rulesets *all, const char *what, const char *id,
                     const char *also);

/* The rule sets named by a --criteria LIST (comma-separated ids, each the
 * same as a rule set's or the same but for case), in that order; all of
 * them when list is NULL.  *out is malloc'd.  Returns EXIT_OK, EXIT_USAGE
 * (an unknown id, reported, with the nearest) or EXIT_SYSTEM. */
int cli_select_sets(const char *cmd, const struct cli_rulesets *all, const char *list,
                    const recist_ruleset ***out, size_t *n);

/*
 * What the commands that score cases share (evaluate, bor, validate and
 * batch): their common options, then the rule sets those load and choose.
 * Start from CLI_COMMON_INIT; cli_common_option() takes the options,
 * cli_setup_rules() loads, cli_common_release() frees.
 */
enum { OPT_FORMAT = 'f', OPT_CRITERIA = 'c', OPT_RULES = 'r' };
#define CLI_RULES_OPT \
	{ OPT_RULES, "rules", "FILE", "load a rule file too; the same id replaces a built-in (repeatable)" }
struct cli_common {
	const char            *cmd;       /* for messages: "evaluate" */
	recist_format          fmt;
	const char            *criteria;  /* --criteria LIST, or NULL */
	const char           **rules;     /* --rules FILE, each */
	size_t                 n_rules;
	recist_eval_options    bor;       /* the BOR options */
	struct cli_rulesets    all;       /* loaded */
	const recist_ruleset **sets;      /* chosen by --criteria */
	size_t                 n_sets;
	const char           **sdtm;      /* --sdtm PATH, each */
	size_t                 n_sdtm;
	recist_sdtm_options    sdtm_opts; /* --evaluator, --accepted-only, --axis-codes, --start */
	bool                   sdtm_histories; /* bor: the RS calls of sets[0] as histories, not cases */
	const char *const     *walk_suffixes;  /* the files a directory operand gives; NULL: *.json, *.jsonl */
};
#define CLI_COMMON_INIT(cmd, fmt) \
	{ cmd, fmt, NULL, NULL, 0, RECIST_EVAL_OPTIONS_INIT, { NULL, NULL, 0 }, NULL, 0, NULL, 0, \
	  RECIST_SDTM_OPTIONS_INIT, false, NULL }

/*
 * CDISC SDTM inputs (recist-sdtm(5)), read as cases by the commands that
 * take cases: rows for their option tables, parsed by cli_common_option.
 */
enum { OPT_SDTM = 320, OPT_EVALUATOR, OPT_ACCEPTED_ONLY, OPT_AXIS_CODES, OPT_START };
#define CLI_SDTM_INPUT_OPT \
	{ OPT_SDTM, "sdtm", "PATH", "read CDISC SDTM tables too: a directory, or TU/TR/RS/DM/ADSL files (repeatable)" }
#define CLI_SDTM_OPTS \
	{ OPT_EVALUATOR,     "evaluator",     "NAME",   "SDTM: only this reader's rows (--EVALID, else --EVAL)" }, \
	{ OPT_ACCEPTED_ONLY, "accepted-only", NULL,     "SDTM: only rows whose --ACPTFL is Y" }, \
	{ OPT_START,         "start",         "COLUMN", "SDTM: treatment start from RFXSTDTC, RFSTDTC, TRTSDT or RANDDT" }
/* Measurements only: not for bor, which reads RS alone. */
#define CLI_SDTM_AXIS_OPT \
	{ OPT_AXIS_CODES,    "axis-codes",    NULL,     "SDTM: LDIAM/LPERP, not DIAMETER, when a lesion has both" }

/* --format (cli_formats), --criteria, --rules or a BOR option: 0, -1 after a usage error, 1 if key is none. */
int  cli_common_option(struct cli_common *c, int key, const char *arg);
/* Load the built-in and --rules rule sets and choose --criteria's: EXIT_OK, or the status to exit with (said). */
int  cli_setup_rules(struct cli_common *c, const recist_diag_sink *sink);
void cli_common_release(struct cli_common *c);

/*
 * Each operand file read whole ("-" is standard input) and handed to
 * use(ctx, name, text, len), name being "<stdin>" for "-"; a directory
 * operand gives the files its walk finds (walk.h, as batch walks one:
 * cm->walk_suffixes, in sorted order, never standard output's file), each
 * read so, a directory that cannot be read reported and *io_error set;
 * then, with
 * --sdtm, each case the SDTM tables make, name being its case id, and,
 * when use_history is not NULL, to it the response histories of subjects
 * with RS calls but no lesions (recist_sdtm_options.rs_alone).  A file
 * that cannot be read is reported and skipped, and *io_error set; SDTM rows
 * or tables that cannot be used are reported and *data_error set.  Returns
 * 0, or the negative value use() returned to stop (out of memory).
 */
typedef int cli_use_fn(void *ctx, const char *name, const char *text, size_t len);
int cli_each_file(const struct cli_common *cm, char **files, int n, cli_use_fn *use, cli_use_fn *use_history,
                  void *ctx, bool *io_error, bool *data_error);

/* Whether the command line gave an input: an operand or --sdtm (else a usage error, said). */
bool cli_has_input(const struct cli_common *cm, int first, int argc, const char *what);

/*
 * A command that writes a record per case or subject: header() first (when
 * not NULL), then every input through cli_each_file(), then the output
 * flushed.  The exit status: EXIT_SYSTEM when out of memory (said), when a
 * file could not be read or the output written; EXIT_DATA when an SDTM row
 * could not be used and *status is EXIT_OK; else *status, which use()
 * keeps.
 */
int cli_run_files(const struct cli_common *cm, char **files, int n, recist_buffer *out,
                  int (*header)(recist_buffer *out), cli_use_fn *use, void *ctx, const int *status);

/*
 * The best-overall-response settings, shared by evaluate, bor, validate
 * and batch: rows for an option table, and their parser (0, or -1 after a
 * usage error).
 */
enum { OPT_CONFIRM_DAYS = 300, OPT_SD_MIN_DAYS, OPT_MAX_NE, OPT_ACCEPT_SD, OPT_NO_ACCEPT_SD };
#define CLI_BOR_OPTS \
	{ OPT_CONFIRM_DAYS, "confirm-days", "N", "CR/PR confirmed no earlier than N days later" }, \
	{ OPT_SD_MIN_DAYS,  "sd-min-days",  "N", "SD counts from N days after treatment start" }, \
	{ OPT_MAX_NE,       "max-ne",       "N", "NE assessments allowed inside a confirmation" }, \
	{ OPT_ACCEPT_SD,    "accept-sd",    NULL, "allow one SD inside a PR confirmation" }, \
	{ OPT_NO_ACCEPT_SD, "no-accept-sd", NULL, "allow no SD inside a PR confirmation" }
int cli_bor_option(const char *cmd, int key, const char *arg, recist_eval_options *o);

/* The output formats: text, json (JSON Lines), jsonl (the same) and csv; cli_format: --format's, 0, or -1 after a usage error. */
extern const struct cli_name cli_formats[];
int cli_format(const char *cmd, const char *arg, recist_format *out);

/* Append arg to a growing list (repeatable options); 0, or -1 when out of memory. */
int cli_list_add(const char ***list, size_t *n, const char *arg);

/*
 * The one syntax of numbers on recist(1)'s command line: decimal digits
 * only, no sign, no space, no other character.  cli_whole: s[0..len) as
 * such a number no greater than max, in *out; 0, or -1 (nothing said).
 * cli_number: a whole option argument in [min, max] (0 <= min <= max);
 * 0, or -1 after a usage error that names the option and the value.
 */
int cli_whole(const char *s, size_t len, unsigned long max, unsigned long *out);
int cli_number(const char *cmd, const char *opt, const char *arg, int min, int max, int *out);

int cmd_evaluate(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_bor(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_summary(int argc, char **argv);

#endif
