/*
 * cli.c - option parsing from tables, diagnostics on stderr, file reading
 * and rule-set loading for the commands of recist(1).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "walk.h"

enum { CLI_MAX_OPTS = 32, OPT_HELP = 'h', OPT_LIST = 1000 };

enum { NEAR_MAX = 64 };  /* longer words and names are never near */

/* The edit distance of a and b (optimal string alignment: insert, delete, replace, swap neighbours), without case. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[NEAR_MAX + 1][NEAR_MAX + 1];

	if (la > NEAR_MAX || lb > NEAR_MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			if (i == 0 || j == 0) {
				d[i][j] = i + j;
				continue;
			}
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t v = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

void cli_near_try(struct cli_near *n, const char *name)
{
	size_t len = strlen(n->word), dist;

	if (len >= 3 && strncasecmp(name, n->word, len) == 0)
		dist = 1;  /* the start of the name: an abbreviation */
	else if ((dist = edit_distance(n->word, name)) > (strlen(name) / 3 > 1 ? strlen(name) / 3 : 1))
		return;
	if (dist < n->dist) {
		n->best = name;
		n->dist = dist;
	}
}

const char *cli_near_best(const struct cli_near *n)
{
	return n->best;
}

/* The rule-set params the BOR options override: --help shows their built-in values. */
static const struct {
	int         key;
	const char *param;
} option_params[] = {
	{ OPT_CONFIRM_DAYS, "confirm_days" },
	{ OPT_SD_MIN_DAYS,  "sd_min_days" },
	{ OPT_MAX_NE,       "max_ne_between" },
	{ OPT_ACCEPT_SD,    "accept_sd" },
};

/*
 * " (rule set: 28)": the value of param in the built-in rule sets, or each
 * one's when they differ (" (recist1.1: 28, mrecist: 56)"); a flag's 0 and
 * 1 as no and yes.  Read from the rule files, never written here.
 */
enum { BUILTIN_MAX = 8 };

/* The built-in rule sets, loaded once for --help (NULL where one fails); their count. */
static size_t load_builtins(recist_ruleset *sets[BUILTIN_MAX])
{
	size_t n = recist_builtin_count();

	if (n > BUILTIN_MAX)
		n = BUILTIN_MAX;
	for (size_t i = 0; i < n; i++)
		if (recist_ruleset_load_builtin(&sets[i], recist_builtin_id(i), NULL) < 0)
			sets[i] = NULL;
	return n;
}

static void param_note(recist_ruleset *const *sets, size_t n, const char *param, bool flag, char *out,
                       size_t size)
{
	size_t used = 0;
	double v[BUILTIN_MAX], first = 0;
	bool same = true;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		v[i] = -1;
		if (sets[i] != NULL)
			recist_ruleset_param(sets[i], param, &v[i]);
		if (i == 0)
			first = v[0];
		same = same && v[i] == first;
	}
	for (size_t i = 0; i < n && used < size; i++) {
		char num[32];
		if (v[i] < 0)
			snprintf(num, sizeof num, "none");
		else if (flag)
			snprintf(num, sizeof num, "%s", v[i] != 0 ? "yes" : "no");
		else
			snprintf(num, sizeof num, "%g", v[i]);
		int k = same ? snprintf(out, size, " (rule set: %s)", num)
		             : snprintf(out + used, size - used, "%s%s: %s%s", i ? ", " : " (", recist_builtin_id(i), num,
		                        i + 1 == n ? ")" : "");
		if (same || k < 0)
			break;
		used += (size_t)k;
	}
}

/* "[--rules FILE]...": one option as the usage line shows it. */
static int usage_item(const struct cli_opt *o, char *out, size_t size)
{
	return snprintf(out, size, "[--%s%s%s]%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "",
	                strstr(o->help, "(repeatable)") ? "..." : "");
}

/*
 * "usage: recist CMD [--opt ARG]... OPERANDS", made from the option table,
 * wrapped before USAGE_WIDTH columns under the first option.
 */
enum { USAGE_WIDTH = 100 };
static void print_usage(const char *cmd, const char *operands, const struct cli_opt *opts)
{
	char head[64], item[128];
	int indent = snprintf(head, sizeof head, "usage: recist %s", cmd), col = indent;

	fputs(head, stdout);
	for (const struct cli_opt *o = opts;; o++) {
		int n = o->name ? usage_item(o, item, sizeof item) : snprintf(item, sizeof item, "%s", operands);
		if (col + 1 + n > USAGE_WIDTH) {
			printf("\n%*s", indent, "");
			col = indent;
		}
		col += printf(" %s", item);
		if (o->name == NULL)
			break;
	}
	putchar('\n');
}

static void print_help(const char *cmd, const char *operands, const struct cli_opt *opts)
{
	recist_ruleset *sets[BUILTIN_MAX];
	size_t n_sets = load_builtins(sets);

	print_usage(cmd, operands, opts);
	printf("\noptions:\n");
	for (const struct cli_opt *o = opts; o->name; o++) {
		char left[64];
		if (o->key < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		char note[256] = "";
		for (size_t i = 0; i < sizeof option_params / sizeof option_params[0]; i++)
			if (option_params[i].key == o->key)
				param_note(sets, n_sets, option_params[i].param, o->arg == NULL, note, sizeof note);
		printf("  %-26s %s%s\n", left, o->help, note);
	}
	printf("  %-26s %s\n", "-h, --help", "show this help and exit");
	for (size_t i = 0; i < n_sets; i++)
		recist_ruleset_free(sets[i]);
}

/*
 * What getopt_long refused, said from the table rather than from what it
 * returns (which is the same for an unknown option and for a long option
 * without its argument): a long option is known (its argument missing, or
 * one given to a flag), an abbreviation of several, or unknown, with the
 * nearest name; a short one is known (its argument missing) or unknown.
 */
static void option_error(const char *cmd, const char *bad, int optopt, const char *shorts,
                         const struct option *lopts)
{
	if (strncmp(bad, "--", 2) == 0) {
		size_t len = strcspn(bad + 2, "=");
		char name[NEAR_MAX + 1], list[512] = "";
		const struct option *hit = NULL;
		struct cli_near near = CLI_NEAR_INIT(name);
		size_t n_hits = 0, used = 0;

		snprintf(name, sizeof name, "%.*s", (int)len, bad + 2);
		for (const struct option *o = lopts; o->name; o++) {
			if (strncmp(o->name, bad + 2, len) == 0) {
				hit = strlen(o->name) == len || n_hits == 0 ? o : hit;
				n_hits += strlen(o->name) == len ? 1000 : 1;  /* an exact name is never ambiguous */
				if (used < sizeof list)
					used += (size_t)snprintf(list + used, sizeof list - used, "%s--%s", used ? ", " : "", o->name);
			}
			cli_near_try(&near, o->name);
		}
		if (n_hits > 1 && n_hits < 1000)
			cli_usage_error(cmd, "option '--%s' is ambiguous: %s", name, list);
		else if (hit != NULL && hit->has_arg == no_argument)
			cli_usage_error(cmd, "option '--%s' takes no argument", hit->name);
		else if (hit != NULL)
			cli_usage_error(cmd, "option '--%s' needs an argument", hit->name);
		else if (cli_near_best(&near) != NULL)
			cli_usage_error(cmd, "unknown option '--%s'; did you mean '--%s'?", name, cli_near_best(&near));
		else
			cli_usage_error(cmd, "unknown option '--%s'", name);
	} else if (optopt > 0 && optopt < 256 && strchr(shorts, optopt) != NULL) {
		cli_usage_error(cmd, "option '-%c' needs an argument", optopt);
	} else {
		cli_usage_error(cmd, "unknown option '-%c'", optopt > 0 && optopt < 256 ? optopt : '?');
	}
}

int cli_parse(int argc, char **argv, const char *cmd, const char *operands, const struct cli_opt *opts,
              int (*on_opt)(int key, const char *arg, void *ctx), void *ctx)
{
	struct option lopts[CLI_MAX_OPTS + 3];
	char shorts[CLI_MAX_OPTS * 2 + 4] = "h";
	size_t n = 0, s = 1;
	int c;

	for (const struct cli_opt *o = opts; o->name && n < CLI_MAX_OPTS; o++, n++) {
		lopts[n] = (struct option){ o->name, o->arg ? required_argument : no_argument, NULL, o->key };
		if (o->key < 256) {
			shorts[s++] = (char)o->key;
			if (o->arg)
				shorts[s++] = ':';
		}
	}
	shorts[s] = '\0';
	lopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	lopts[n++] = (struct option){ "list-options", no_argument, NULL, OPT_LIST };
	lopts[n] = (struct option){ NULL, 0, NULL, 0 };
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, lopts, NULL)) != -1) {
		if (c == OPT_HELP) {
			print_help(cmd, operands, opts);
			return -1;
		}
		if (c == OPT_LIST) {
			for (const struct cli_opt *o = opts; o->name; o++)
				printf("%s\n", o->name);
			return -1;
		}
		if (c == '?' || c == ':') {
			option_error(argv[0], argv[optind - 1], optopt, shorts, lopts);
			return -2;
		}
		if (on_opt(c, optarg, ctx) < 0)
			return -2;
	}
	return optind;
}

int cli_choose(const char *cmd, const char *what, const struct cli_name *names, bool nocase, const char *arg,
               int *out)
{
	struct cli_near near = CLI_NEAR_INIT(arg);
	char list[512] = "", mean[NEAR_MAX + 32] = "";
	size_t used = 0, n = 0, k = 0;

	for (const struct cli_name *c = names; c->name; c++) {
		if ((nocase ? strcasecmp(arg, c->name) : strcmp(arg, c->name)) == 0) {
			*out = c->value;
			return 0;
		}
		cli_near_try(&near, c->name);
		n += !c->alias;
	}
	for (const struct cli_name *c = names; c->name && used < sizeof list; c++)
		if (!c->alias)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k++ == 0 ? "" : k == n ? " or " : ", ",
			                         c->name);
	if (cli_near_best(&near) != NULL)
		snprintf(mean, sizeof mean, "; did you mean '%s'?", cli_near_best(&near));
	cli_usage_error(cmd, "unknown %s '%s'%s (expected %s)", what, arg, mean, list);
	return -1;
}

static const char *command;  /* cli_set_command's */

void cli_set_command(const char *cmd)
{
	command = cmd;
}

enum { SAY_LINE = 1024 };  /* most lines fit here; a longer one is allocated */

/*
 * Standard error is unbuffered: a line written in pieces could be cut by
 * another process writing to the same log (shards of one batch under
 * xargs -P), so each line is made first and written in one call.
 */
static void say_v(const char *fmt, va_list ap)
{
	char small[SAY_LINE], *line = small;
	int head = command ? snprintf(small, sizeof small, "recist: %s: ", command) : snprintf(small, sizeof small, "recist: ");
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small + head, sizeof small - (size_t)head, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)head + (size_t)n + 2 > sizeof small && (line = malloc((size_t)head + (size_t)n + 2)) != NULL) {
		memcpy(line, small, (size_t)head);
		vsnprintf(line + head, (size_t)n + 1, fmt, again);
	} else if (line == NULL) {
		line = small;  /* out of memory: the line is cut */
		n = (int)strlen(small + head);
	}
	va_end(again);
	line[head + n] = '\n';
	fwrite(line, 1, (size_t)head + (size_t)n + 1, stderr);
	if (line != small)
		free(line);
}

void cli_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_v(fmt, ap);
	va_end(ap);
}

void cli_usage_error(const char *cmd, const char *fmt, ...)
{
	const char *was = command;
	va_list ap;

	command = cmd;
	va_start(ap, fmt);
	say_v(fmt, ap);
	va_end(ap);
	cli_say("try 'recist %s --help'", cmd);
	command = was;
}

void cli_diag_print(void *ctx, const recist_diag *d)
{
	struct cli_diag_state *st = ctx;
	const char *level = d->severity == RECIST_SEV_ERROR ? "error" : "warning";
	char at[32] = "";

	if (d->severity == RECIST_SEV_ERROR)
		st->errors++;
	else
		st->warnings++;
	if (d->severity == RECIST_SEV_WARNING && st->quiet_warnings)
		return;
	if (d->file && d->line && d->column)
		snprintf(at, sizeof at, ":%u:%u", d->line, d->column);
	else if (d->file && d->line)
		snprintf(at, sizeof at, ":%u", d->line);
	cli_say("%s%s%s%s: %s%s%s", d->file ? d->file : "", at, d->file ? ": " : "", level, d->path ? d->path : "",
	        d->path ? ": " : "", d->message);
}

int cli_read_file(const char *path, char **out, size_t *len)
{
	struct cli_diag_state st = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &st };

	return recist_read_file(path, out, len, &sink) < 0 ? -1 : 0;
}

static int rulesets_add(struct cli_rulesets *rs, recist_ruleset *set, const char *origin)
{
	for (size_t i = 0; i < rs->n; i++) {
		if (strcmp(recist_ruleset_id(rs->sets[i]), recist_ruleset_id(set)) == 0) {
			recist_ruleset_free(rs->sets[i]);
			rs->sets[i] = set;
			rs->origin[i] = origin;
			return 0;
		}
	}
	recist_ruleset **sets = realloc(rs->sets, (rs->n + 1) * sizeof *sets);
	if (sets == NULL)
		return -1;
	rs->sets = sets;
	const char **orig = realloc(rs->origin, (rs->n + 1) * sizeof *orig);
	if (orig == NULL)
		return -1;
	rs->origin = orig;
	rs->sets[rs->n] = set;
	rs->origin[rs->n++] = origin;
	return 0;
}

int cli_rulesets_load(struct cli_rulesets *rs, const char *const *files, size_t n_files,
                      const recist_diag_sink *sink)
{
	recist_ruleset *set;

	for (size_t i = 0; i < recist_builtin_count() + n_files; i++) {
		const char *origin = i < recist_builtin_count() ? "built-in" : files[i - recist_builtin_count()];
		int rc = i < recist_builtin_count() ? recist_ruleset_load_builtin(&set, recist_builtin_id(i), sink)
		                                    : recist_ruleset_load_file(&set, origin, sink);
		if (rc < 0)
			return rc == RECIST_ENOMEM ? EXIT_SYSTEM : EXIT_RULES;
		if (rulesets_add(rs, set, origin) < 0) {
			recist_ruleset_free(set);
			cli_say("error: out of memory");
			return EXIT_SYSTEM;
		}
	}
	return EXIT_OK;
}

void cli_rulesets_release(struct cli_rulesets *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		recist_ruleset_free(rs->sets[i]);
	free(rs->sets);
	free(rs->origin);
	rs->sets = NULL;
	rs->origin = NULL;
	rs->n = 0;
}

int cli_whole(const char *s, size_t len, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d > 9 || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int cli_number(const char *cmd, const char *opt, const char *arg, int min, int max, int *out)
{
	unsigned long v;

	if (cli_whole(arg, strlen(arg), (unsigned long)max, &v) < 0 || v < (unsigned long)min) {
		cli_usage_error(cmd, "--%s needs a whole number from %d to %d, got '%s'", opt, min, max, arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cli_bor_option(const char *cmd, int key, const char *arg, recist_eval_options *o)
{
	switch (key) {
	case OPT_CONFIRM_DAYS: return cli_number(cmd, "confirm-days", arg, 0, 3650, &o->confirm_days);
	case OPT_SD_MIN_DAYS:  return cli_number(cmd, "sd-min-days", arg, 0, 3650, &o->sd_min_days);
	case OPT_MAX_NE:       return cli_number(cmd, "max-ne", arg, 0, 1000, &o->max_ne_between);
	case OPT_ACCEPT_SD:    o->accept_sd = 1; return 0;
	case OPT_NO_ACCEPT_SD: o->accept_sd = 0; return 0;
	}
	return -1;
}

/*
 * The output formats, one name each across the commands: json is JSON
 * Lines, one document a line, wherever it is written, and jsonl the same
 * under its other name.
 */
const struct cli_name cli_formats[] = {
	{ "text", RECIST_FORMAT_TEXT, false },
	{ "json", RECIST_FORMAT_JSON, false },
	{ "jsonl", RECIST_FORMAT_JSON, true },
	{ "csv", RECIST_FORMAT_CSV, false },
	{ NULL, 0, false }
};

int cli_format(const char *cmd, const char *arg, recist_format *out)
{
	int v;

	if (cli_choose(cmd, "format", cli_formats, false, arg, &v) < 0)
		return -1;
	*out = (recist_format)v;
	return 0;
}

int cli_list_add(const char ***list, size_t *n, const char *arg)
{
	const char **l = realloc(*list, (*n + 1) * sizeof *l);

	if (l == NULL)
		return -1;
	l[(*n)++] = arg;
	*list = l;
	return 0;
}

/*
 * The rule set of all whose id is name[0..len): the same id, else the
 * same but for case (RECIST1.1 is recist1.1: ids are names, and a shell
 * user types what the papers print); -1 when none is.
 */
static long find_set(const struct cli_rulesets *all, const char *name, size_t len)
{
	for (int exact = 1; exact >= 0; exact--)
		for (size_t i = 0; i < all->n; i++) {
			const char *id = recist_ruleset_id(all->sets[i]);
			if (strlen(id) == len && (exact ? memcmp(id, name, len) : strncasecmp(id, name, len)) == 0)
				return (long)i;
		}
	return -1;
}

long cli_find_set(const struct cli_rulesets *all, const char *id)
{
	return find_set(all, id, strlen(id));
}

void cli_unknown_set(const char *cmd, const struct cli_rulesets *all, const char *what, const char *id,
                     const char *also)
{
	struct cli_near near = CLI_NEAR_INIT(id);
	char list[1024] = "", mean[NEAR_MAX + 32] = "";
	size_t used = 0;

	for (size_t i = 0; i < all->n; i++) {
		const char *set = recist_ruleset_id(all->sets[i]);
		cli_near_try(&near, set);
		if (used < sizeof list)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", set);
	}
	if (also != NULL)
		cli_near_try(&near, also);
	if (cli_near_best(&near) != NULL)
		snprintf(mean, sizeof mean, "; did you mean '%s'?", cli_near_best(&near));
	cli_usage_error(cmd, "%s '%s'%s (available: %s%s%s)", what, id, mean, list, also ? ", " : "", also ? also : "");
}

/*
 * A built-in rule set applied only when named (iRECIST; recist(1)
 * --criteria), loaded into all when list names it and nothing loaded has
 * its id: 0, or an EXIT_ code.
 */
static int load_named_builtins(struct cli_rulesets *all, const char *list, const recist_diag_sink *sink)
{
	for (const char *p = list; p != NULL && *p != '\0'; p += *p == ',') {
		size_t len = strcspn(p, ",");
		char id[64];
		recist_ruleset *set;

		snprintf(id, sizeof id, "%.*s", (int)len, p);
		p += len;
		if (len >= sizeof id || find_set(all, id, len) >= 0 || recist_builtin_text(id, NULL) == NULL)
			continue;
		if (recist_ruleset_load_builtin(&set, id, sink) < 0)
			return EXIT_RULES;
		if (rulesets_add(all, set, "built-in") < 0) {
			recist_ruleset_free(set);
			cli_say("error: out of memory");
			return EXIT_SYSTEM;
		}
	}
	return EXIT_OK;
}

long cli_find_or_load_set(struct cli_rulesets *all, const char *id, const recist_diag_sink *sink)
{
	if (load_named_builtins(all, id, sink) != EXIT_OK)
		return -1;
	return cli_find_set(all, id);
}

/* The rule sets named by --criteria, in that order; all when NULL. */
int cli_select_sets(const char *cmd, const struct cli_rulesets *all, const char *list,
                    const recist_ruleset ***out, size_t *n)
{
	const recist_ruleset **sel = calloc(all->n + 1, sizeof *sel);
	size_t k = 0;

	if (sel == NULL) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	if (list == NULL) {
		for (size_t i = 0; i < all->n; i++)
			sel[k++] = all->sets[i];
	} else {
		/* An empty LIST, or an empty id in it, names no rule set: an error.
		 * A trailing comma ends the list, as it always did. */
		const char *p = list;
		do {
			size_t len = strcspn(p, ","), j = 0;
			long i = find_set(all, p, len);
			if (i < 0) {
				char id[NEAR_MAX + 1];
				snprintf(id, sizeof id, "%.*s", (int)len, p);
				cli_unknown_set(cmd, all, "unknown criteria", id, NULL);
				free(sel);
				return EXIT_USAGE;
			}
			while (j < k && sel[j] != all->sets[i])
				j++;
			if (j == k)  /* a rule set named twice is applied once */
				sel[k++] = all->sets[i];
			p += len;
		} while (*p == ',' && *++p != '\0');
	}
	*out = sel;
	*n = k;
	return EXIT_OK;
}

/* Move 'at' (a document's origin) over text[from..to), to the next document. */
static void cli_advance(recist_origin *at, const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (text[i] == '\n') {
			at->line++;
			at->column = 1;
		} else {
			at->column++;
		}
	}
}

/*
 * A sink that holds back the last error of a parse until the next
 * diagnostic or hold_flush(), so that a syntax error can be dropped and
 * said again from the record alone; everything goes on in its order.
 */
struct hold {
	const recist_diag_sink *to;
	bool                    held;
	recist_diag             d;   /* its strings malloc'd */
};

static void hold_drop(struct hold *h)
{
	if (h->held) {
		free((char *)(uintptr_t)h->d.code);
		free((char *)(uintptr_t)h->d.file);
		free((char *)(uintptr_t)h->d.path);
		free((char *)(uintptr_t)h->d.message);
	}
	h->held = false;
}

static void hold_flush(struct hold *h)
{
	if (h->held)
		h->to->fn(h->to->ctx, &h->d);
	hold_drop(h);
}

static void hold_fn(void *ctx, const recist_diag *d)
{
	struct hold *h = ctx;

	hold_flush(h);
	h->d = *d;
	h->d.code = d->code ? strdup(d->code) : NULL;
	h->d.file = d->file ? strdup(d->file) : NULL;
	h->d.path = d->path ? strdup(d->path) : NULL;
	h->d.message = d->message ? strdup(d->message) : NULL;
	h->held = true;
	if (d->severity != RECIST_SEV_ERROR || (d->code && !h->d.code) || (d->file && !h->d.file) ||
	    (d->path && !h->d.path) || (d->message && !h->d.message)) {
		hold_drop(h);  /* a warning, or no memory to hold it: said now */
		h->to->fn(h->to->ctx, d);
	}
}

/*
 * Where the record after a malformed document that starts at text[start]
 * may begin: the first line after its first that begins with '{', as each
 * line of JSON Lines does (a pretty-printed document's inner lines are
 * indented); len when there is none.
 */
static size_t next_record(const char *text, size_t len, size_t start)
{
	for (const char *p = memchr(text + start, '\n', len - start); p != NULL;
	     p = memchr(p + 1, '\n', (size_t)(text + len - p - 1)))
		if (p + 1 < text + len && p[1] == '{')
			return (size_t)(p + 1 - text);
	return len;
}

int cli_each_document(const char *name, const char *text, size_t len, recist_case *c,
                      cli_parse_fn *parse, const recist_diag_sink *sink,
                      int (*use)(void *ctx, int rc), void *ctx)
{
	recist_origin at = { name, 1, 1 };
	size_t off = 0, used;

	while (off < len) {
		struct hold h = { sink, false, { 0 } };
		recist_diag_sink held = { hold_fn, &h };
		bool framed = false;
		size_t next = len;
		int rc = parse(c, &used, text + off, len - off, &at, sink != NULL && sink->fn != NULL ? &held : sink), stop;

		if (rc == RECIST_EPARSE) {
			size_t start = off + strspn(text + off, " \t\r\n");
			next = start < len ? next_record(text, len, start) : len;
		}
		if (next < len) {
			/* A document that runs on into the next record (a bracket
			 * missing) ends with the line before that record, and is said
			 * from its own text; the records after it are still read. */
			size_t end = next;
			while (end > off && (text[end - 1] == '\n' || text[end - 1] == '\r'))
				end--;
			hold_drop(&h);
			rc = parse(c, &used, text + off, end - off, &at, sink);
			framed = rc == RECIST_EPARSE;
			if (framed)
				used = next - off;
		} else {
			hold_flush(&h);
		}
		cli_advance(&at, text, off, off + used);
		if (rc == RECIST_ENOTFOUND)
			break;  /* only white space was left */
		if ((stop = use(ctx, rc)) < 0)
			return stop;
		if ((rc == RECIST_EPARSE && !framed) || used == 0)
			break;
		off += used;
	}
	return 0;
}

int cli_flush(recist_buffer *out, int final)
{
	if (out->len > 0 && (final || out->len >= 1 << 16)) {
		fwrite(out->ptr, 1, out->len, stdout);
		recist_buffer_clear(out);
	}
	if (final && (fflush(stdout) != 0 || ferror(stdout))) {
		cli_say("error: cannot write output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The columns --start may name, in any case: DM's, then ADaM ADSL's (recist-sdtm(5)). */
static const struct cli_name start_names[] = {
	{ "RFXSTDTC", 0, false }, { "RFSTDTC", 1, false }, { "TRTSDT", 2, false }, { "RANDDT", 3, false },
	{ NULL, 0, false }
};

int cli_common_option(struct cli_common *c, int key, const char *arg)
{
	switch (key) {
	case OPT_FORMAT:
		return cli_format(c->cmd, arg, &c->fmt);
	case OPT_CRITERIA:
		c->criteria = arg;
		return 0;
	case OPT_RULES:
		return cli_list_add(&c->rules, &c->n_rules, arg);
	case OPT_CONFIRM_DAYS: case OPT_SD_MIN_DAYS: case OPT_MAX_NE: case OPT_ACCEPT_SD: case OPT_NO_ACCEPT_SD:
		return cli_bor_option(c->cmd, key, arg, &c->bor);
	case OPT_SDTM:
		return cli_list_add(&c->sdtm, &c->n_sdtm, arg);
	case OPT_EVALUATOR:
		c->sdtm_opts.evaluator = arg;
		return 0;
	case OPT_ACCEPTED_ONLY:
		c->sdtm_opts.accepted_only = 1;
		return 0;
	case OPT_AXIS_CODES:
		c->sdtm_opts.axis_codes = 1;
		return 0;
	case OPT_START: {
		int i;
		if (cli_choose(c->cmd, "--start column", start_names, true, arg, &i) < 0)
			return -1;
		c->sdtm_opts.start = start_names[i].name;
		return 0;
	}
	}
	return 1;
}

int cli_setup_rules(struct cli_common *c, const recist_diag_sink *sink)
{
	int ret;

	if ((ret = cli_rulesets_load(&c->all, c->rules, c->n_rules, sink)) != EXIT_OK ||
	    (ret = load_named_builtins(&c->all, c->criteria, sink)) != EXIT_OK)
		return ret;
	return cli_select_sets(c->cmd, &c->all, c->criteria, &c->sets, &c->n_sets);
}

void cli_common_release(struct cli_common *c)
{
	free(c->sets);
	cli_rulesets_release(&c->all);
	free(c->rules);
	free(c->sdtm);
}

/* One document of the SDTM tables, handed on as a file named by its case id. */
struct sdtm_pass {
	cli_use_fn *use, *use_history;
	void       *ctx;
};

static int pass_sdtm_doc(void *ctx, recist_sdtm_kind kind, const char *doc, size_t len, const char *label)
{
	struct sdtm_pass *p = ctx;

	return (kind == RECIST_SDTM_HISTORY && p->use_history ? p->use_history : p->use)(p->ctx, label, doc, len);
}

/* One file read whole and handed to use(); 0, or use()'s negative value. */
static int use_file(const char *path, cli_use_fn *use, void *ctx, bool *io_error)
{
	char *text;
	size_t len;
	int rc;

	if (cli_read_file(path, &text, &len) < 0) {
		*io_error = true;
		return 0;
	}
	rc = use(ctx, strcmp(path, "-") == 0 ? "<stdin>" : path, text, len);
	free(text);
	return rc;
}

/* The files the walk of a directory operand finds, listed before any is read. */
struct file_list {
	char  **paths;
	size_t  n;
};

static int list_add(void *ctx, char *path)
{
	struct file_list *l = ctx;
	char **p = realloc(l->paths, (l->n + 1) * sizeof *p);

	if (p == NULL) {
		free(path);
		return -1;
	}
	l->paths = p;
	l->paths[l->n++] = path;
	return 0;
}

/* Is st the file standard output writes (-o, or the shell's '>'), which is never read back? */
static bool is_stdout(void *ctx, const struct stat *st)
{
	struct stat so;

	(void)ctx;
	return fstat(STDOUT_FILENO, &so) == 0 && S_ISREG(so.st_mode) && so.st_dev == st->st_dev &&
	       so.st_ino == st->st_ino;
}

static const char *const case_suffixes[] = { ".json", ".jsonl", NULL };

/* Every file of directory dir (whose stat is st), as walk.h walks it; 0, or use()'s negative value. */
static int use_dir(const struct cli_common *cm, const char *dir, const struct stat *st, cli_use_fn *use, void *ctx,
                   bool *io_error)
{
	struct file_list l = { NULL, 0 };
	struct cli_walk w = { cm != NULL && cm->walk_suffixes != NULL ? cm->walk_suffixes : case_suffixes, is_stdout,
	                      "the output of this command", list_add, &l };
	int rc = 0;

	if (cli_walk_dir(&w, dir, st) < 0)
		*io_error = true;
	for (size_t i = 0; i < l.n; i++) {
		if (rc >= 0)
			rc = use_file(l.paths[i], use, ctx, io_error);
		free(l.paths[i]);
	}
	free(l.paths);
	return rc;
}

int cli_each_file(const struct cli_common *cm, char **files, int n, cli_use_fn *use, cli_use_fn *use_history,
                  void *ctx, bool *io_error, bool *data_error)
{
	struct sdtm_pass pass = { use, use_history, ctx };
	struct cli_diag_state dstate = { 0, 0, 0 };
	recist_diag_sink sink = { cli_diag_print, &dstate };
	recist_sdtm_options opts;
	int rc;

	for (int f = 0; f < n; f++) {
		struct stat st;
		if (strcmp(files[f], "-") != 0 && stat(files[f], &st) == 0 && S_ISDIR(st.st_mode))
			rc = use_dir(cm, files[f], &st, use, ctx, io_error);
		else
			rc = use_file(files[f], use, ctx, io_error);
		if (rc < 0)
			return rc;
	}
	if (cm == NULL || cm->n_sdtm == 0)
		return 0;
	opts = cm->sdtm_opts;
	opts.rs_alone = use_history != NULL;
	if (cm->sdtm_histories)
		rc = recist_sdtm_read_histories(cm->sdtm, cm->n_sdtm, cm->sets[0], &opts, pass_sdtm_doc, &pass, &sink);
	else
		rc = recist_sdtm_read(cm->sdtm, cm->n_sdtm, (const recist_ruleset *const *)cm->all.sets, cm->all.n,
		                      &opts, pass_sdtm_doc, &pass, &sink);
	if (rc == RECIST_EIO)
		*io_error = true;
	else if (rc == RECIST_EINVALID || rc == RECIST_EPARSE)
		*data_error = true;
	return rc == RECIST_ENOMEM || rc < RECIST_EIO ? rc : 0;
}

bool cli_has_input(const struct cli_common *cm, int first, int argc, const char *what)
{
	if (first < argc || cm->n_sdtm > 0)
		return true;
	cli_usage_error(cm->cmd, "no input %s", what);
	return false;
}

int cli_run_files(const struct cli_common *cm, char **files, int n, recist_buffer *out,
                  int (*header)(recist_buffer *out), cli_use_fn *use, void *ctx, const int *status)
{
	bool io_error = false, data_error = false;
	int ret;

	if ((header != NULL && header(out) < 0) || cli_each_file(cm, files, n, use, NULL, ctx, &io_error, &data_error) < 0) {
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	ret = io_error ? EXIT_SYSTEM : data_error && *status == EXIT_OK ? EXIT_DATA : *status;
	return cli_flush(out, 1) < 0 ? EXIT_SYSTEM : ret;
}
