/*
 * test_docs.c - the manual pages agree with the code, and their examples run.
 *
 * SPDX-License-Identifier: MIT
 *
 * Each test reads a table of the code (the option tables through
 * --list-options, the command table, diag.def, the exit statuses, the
 * quantity lists, the param specs) and checks that the man page documents
 * every row, and, where the page has a list of its own, that the page
 * documents nothing the code lacks.  A failure names the row and the page.
 * Run from the repository root (make check does); $RECIST names the binary.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

TestSuite(docs);

/* ---- Small text helpers ----------------------------------------------- */

/* A list of names read from code or from a page. */
struct names {
	char   name[128][64];
	char   extra[128][128]; /* a second field, when a table has one */
	bool   flag[128];
	size_t n;
};

static void names_add(struct names *l, const char *s, size_t len)
{
	cr_assert_lt(l->n, sizeof l->name / sizeof l->name[0], "too many names for the test's table");
	cr_assert_lt(len, sizeof l->name[0], "name too long: %.*s", (int)len, s);
	memcpy(l->name[l->n], s, len);
	l->name[l->n][len] = '\0';
	l->extra[l->n][0] = '\0';
	l->flag[l->n] = false;
	l->n++;
}

static bool names_has(const struct names *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->name[i], s) == 0)
			return true;
	return false;
}

static char *must_read(const char *path)
{
	char *s = read_file(path, NULL);

	cr_assert_not_null(s, "cannot read %s (run the tests from the repository root)", path);
	return s;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Does text hold needle, not followed by a name character? */
static bool has_word(const char *text, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
		if (!is_name_char(p[n]))
			return true;
	return false;
}

/* The body of section ".Sh title" of an mdoc page, up to the next .Sh
 * (malloc'd), or NULL. */
static char *section(const char *page, const char *title)
{
	char head[96];
	const char *start, *end;
	char *out;

	snprintf(head, sizeof head, "\n.Sh %s\n", title);
	if ((start = strstr(page, head)) == NULL)
		return NULL;
	start += strlen(head);
	if ((end = strstr(start, "\n.Sh ")) == NULL)
		end = start + strlen(start);
	out = malloc((size_t)(end - start) + 1);
	cr_assert_not_null(out);
	memcpy(out, start, (size_t)(end - start));
	out[end - start] = '\0';
	return out;
}

/* The list that follows the comment line ".\" MARKER" in page, up to its
 * ".El" (malloc'd). */
static char *marked_list(const char *page, const char *marker, const char *path)
{
	char head[96];
	const char *start, *end;
	char *out;

	snprintf(head, sizeof head, ".\\\" %s\n", marker);
	start = strstr(page, head);
	cr_assert_not_null(start, "%s: no list marked '.\\\" %s'", path, marker);
	start += strlen(head);
	end = strstr(start, "\n.El");
	cr_assert_not_null(end, "%s: the list marked '%s' has no .El", path, marker);
	out = malloc((size_t)(end - start) + 2);
	cr_assert_not_null(out);
	memcpy(out, start, (size_t)(end - start));
	out[end - start] = '\n';
	out[end - start + 1] = '\0';
	return out;
}

/* Every ".It PREFIX NAME" at the start of a line of text, NAME being the
 * word after the prefix. */
static void list_items(const char *text, const char *prefix, struct names *out)
{
	size_t plen = strlen(prefix);

	for (const char *p = text; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, prefix, plen) != 0)
			continue;
		const char *w = p + plen;
		size_t n = 0;
		while (is_name_char(w[n]) || w[n] == '.')
			n++;
		if (n > 0)
			names_add(out, w, n);
	}
}

/* The text of the list item ".It PREFIX NAME" up to the next ".It" or the
 * end (malloc'd), or NULL. */
static char *item_body(const char *list, const char *prefix, const char *name)
{
	char head[160];
	const char *p, *end;
	char *out;

	snprintf(head, sizeof head, "%s%s", prefix, name);
	for (p = strstr(list, head); p != NULL; p = strstr(p + 1, head))
		if ((p == list || p[-1] == '\n') && !is_name_char(p[strlen(head)]))
			break;
	if (p == NULL)
		return NULL;
	end = strstr(p + 1, "\n.It ");
	if (end == NULL)
		end = p + strlen(p);
	out = malloc((size_t)(end - p) + 1);
	cr_assert_not_null(out);
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return out;
}

/* Text of a literal display with the roff escapes the pages use undone:
 * \e is a backslash, \& and \c nothing, \- a hyphen (malloc'd). */
static char *unroff(const char *s, size_t n)
{
	char *out = malloc(n + 1), *w = out;

	cr_assert_not_null(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && strchr("e&c-", s[i + 1]) != NULL) {
			if (s[i + 1] == 'e')
				*w++ = '\\';
			else if (s[i + 1] == '-')
				*w++ = '-';
			i++;
			continue;
		}
		*w++ = s[i];
	}
	*w = '\0';
	return out;
}

/* a, b and c end to end (malloc'd). */
static char *concat3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *out = malloc(la + lb + lc + 1);

	cr_assert_not_null(out);
	memcpy(out, a, la);
	memcpy(out + la, b, lb);
	memcpy(out + la + lb, c, lc + 1);
	return out;
}

/* The binary under test by an absolute path (malloc'd), for commands run
 * in another directory. */
static char *recist_abs(void)
{
	char cwd[4096];

	if (recist_bin()[0] == '/')
		return strdup(recist_bin());
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	return concat3(cwd, "/", recist_bin());
}

/* The first literal display (.Bd -literal ... .Ed) at or after from, its
 * escapes undone (malloc'd); *end is set past its .Ed. */
static char *display_after(const char *from, const char **end)
{
	const char *bd = strstr(from, "\n.Bd -literal"), *body, *ed;

	cr_assert_not_null(bd, "no literal display after '%.40s'", from);
	body = strchr(bd + 1, '\n');
	cr_assert_not_null(body);
	body++;
	ed = strstr(body - 1, "\n.Ed");
	cr_assert_not_null(ed, "a literal display without .Ed");
	if (end != NULL)
		*end = ed + 4;
	return unroff(body, (size_t)(ed + 1 - body));
}

/* A command shown in a display as "$ command" (with its "\" continuation
 * lines), and the output lines shown after it. */
struct shown {
	char cmd[1024];
	char output[4096];
};

/* The commands of display text (escapes undone); returns how many. */
static size_t shown_commands(const char *text, struct shown *out, size_t max)
{
	size_t n = 0;
	struct shown *cur = NULL;

	for (const char *p = text; *p; ) {
		size_t len = strcspn(p, "\n");
		if (strncmp(p, "$ ", 2) == 0) {
			cr_assert_lt(n, max, "too many commands in one display");
			cur = &out[n++];
			memset(cur, 0, sizeof *cur);
			/* The command, with its continuation lines as written (sh reads them). */
			const char *start = p + 2, *q = p;
			for (;;) {
				size_t l = strcspn(q, "\n");
				bool more = l > 0 && q[l - 1] == '\\' && q[l] == '\n';
				q += l + (q[l] == '\n');
				if (!more)
					break;
			}
			cr_assert_lt((size_t)(q - start), sizeof cur->cmd, "command too long: %.60s", start);
			memcpy(cur->cmd, start, (size_t)(q - start));
			p = q;
			continue;
		}
		if (cur != NULL) {
			cr_assert_lt(strlen(cur->output) + len + 2, sizeof cur->output);
			strncat(cur->output, p, len);
			strcat(cur->output, "\n");
		}
		p += len + (p[len] == '\n');
	}
	return n;
}

/*
 * Does output hold every line of shown?  A shown line must be a whole line
 * of output; one ending in "..." the start of one; a line of "..." alone
 * (any indent) or an empty one stands for lines left out.
 */
static bool output_shows(const char *output, const char *shown, char *missing, size_t size)
{
	for (const char *p = shown; *p; ) {
		size_t len = strcspn(p, "\n"), keep = len;
		const char *text = p;
		p += len + (p[len] == '\n');
		while (keep > 0 && text[keep - 1] == ' ')
			keep--;
		size_t lead = strspn(text, " ");
		if (keep == 0 || (keep - lead == 3 && strncmp(text + lead, "...", 3) == 0))
			continue;
		bool prefix = keep >= 3 && strncmp(text + keep - 3, "...", 3) == 0;
		if (prefix)
			keep -= 3;
		bool found = false;
		for (const char *o = output; *o && !found; ) {
			size_t olen = strcspn(o, "\n"), next = olen + (o[olen] == '\n');
			while (olen > 0 && o[olen - 1] == ' ')
				olen--;
			found = prefix ? olen >= keep && strncmp(o, text, keep) == 0
			               : olen == keep && strncmp(o, text, keep) == 0;
			o += next;
		}
		if (!found) {
			snprintf(missing, size, "%.*s", (int)len, text);
			return false;
		}
	}
	return true;
}

/* ---- Options and commands: recist.1 ----------------------------------- */

/* The long options one command prints with --list-options. */
static void command_options(const char *cmd, struct names *out)
{
	const char *argv[] = { "recist", cmd, "--list-options", NULL };
	struct run r;

	cr_assert_eq(run_recist(&r, argv, NULL), 0, "cannot run %s", recist_bin());
	cr_assert_eq(r.status, 0, "'recist %s --list-options' exited with %d: %s", cmd, r.status, r.err);
	for (char *line = strtok(r.out, "\n"); line != NULL; line = strtok(NULL, "\n"))
		names_add(out, line, strlen(line));
	run_free(&r);
}

/* The command names of the table in src/cli/main.c. */
static void command_table(struct names *out)
{
	char *src = must_read("src/cli/main.c");
	const char *p = strstr(src, "cmds[] = {");

	cr_assert_not_null(p, "src/cli/main.c: no 'cmds[] = {' table");
	for (p = strchr(p, '\n'); p != NULL; p = strchr(p + 1, '\n')) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, "};", 2) == 0 || strncmp(q, "{ NULL", 6) == 0)
			break;
		if (strncmp(q, "{ \"", 3) != 0)
			continue;
		q += 3;
		names_add(out, q, strcspn(q, "\""));
	}
	free(src);
	cr_assert_gt(out->n, 0, "src/cli/main.c: no command found in the table");
}

Test(docs, every_long_option_is_in_recist_1)
{
	struct names cmds = { 0 };
	char *man = must_read("man/recist.1");
	char *items = calloc(1, strlen(man) + 1);
	char needle[96];

	/* The ".It" lines of the page: where options are described. */
	cr_assert_not_null(items);
	for (const char *p = man; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, ".It ", 4) == 0)
			strncat(items, p, strcspn(p, "\n") + 1);
	command_table(&cmds);
	for (size_t c = 0; c < cmds.n; c++) {
		struct names opts = { 0 };
		command_options(cmds.name[c], &opts);
		for (size_t i = 0; i < opts.n; i++) {
			snprintf(needle, sizeof needle, "Fl \\-%s", opts.name[i]);
			cr_expect(has_word(items, needle), "option --%s of 'recist %s' is not described in man/recist.1 "
			          "(as '.It ... Fl \\-%s')", opts.name[i], cmds.name[c], opts.name[i]);
		}
	}
	free(items);
	free(man);
}

Test(docs, every_long_option_in_recist_1_exists)
{
	/* Options every command has without a table row. */
	static const char *const implicit[] = { "help", "list-options", "version" };
	struct names cmds = { 0 }, opts = { 0 }, man_opts = { 0 };
	char *man = must_read("man/recist.1");

	command_table(&cmds);
	for (size_t c = 0; c < cmds.n; c++)
		command_options(cmds.name[c], &opts);
	for (size_t i = 0; i < sizeof implicit / sizeof implicit[0]; i++)
		names_add(&opts, implicit[i], strlen(implicit[i]));
	for (const char *p = strstr(man, "Fl \\-"); p != NULL; p = strstr(p + 1, "Fl \\-")) {
		const char *w = p + 5;
		size_t n = 0;
		char name[64];
		while (is_name_char(w[n]))
			n++;
		snprintf(name, sizeof name, "%.*s", (int)n, w);
		if (n > 0 && !names_has(&man_opts, name))
			names_add(&man_opts, w, n);
	}
	for (size_t i = 0; i < man_opts.n; i++)
		cr_expect(names_has(&opts, man_opts.name[i]),
		          "man/recist.1 documents --%s, which no command has", man_opts.name[i]);
	free(man);
}

Test(docs, every_command_is_in_recist_1)
{
	struct names cmds = { 0 };
	char *man = must_read("man/recist.1");
	char *synopsis = section(man, "SYNOPSIS");
	char needle[96];

	cr_assert_not_null(synopsis, "man/recist.1 has no SYNOPSIS");
	command_table(&cmds);
	for (size_t i = 0; i < cmds.n; i++) {
		snprintf(needle, sizeof needle, ".Cm %s", cmds.name[i]);
		cr_expect(has_word(synopsis, needle), "command '%s' is not in the SYNOPSIS of man/recist.1", cmds.name[i]);
		snprintf(needle, sizeof needle, ".It Cm %s", cmds.name[i]);
		cr_expect(has_word(man, needle), "command '%s' is not described (.It Cm %s) in man/recist.1",
		          cmds.name[i], cmds.name[i]);
	}
	free(synopsis);
	free(man);
}

Test(docs, help_lists_every_command)
{
	const char *argv[] = { "recist", "--help", NULL };
	struct names cmds = { 0 };
	struct run r;
	char needle[96];

	command_table(&cmds);
	cr_assert_eq(run_recist(&r, argv, NULL), 0, "cannot run %s", recist_bin());
	cr_assert_eq(r.status, 0, "'recist --help' exited with %d", r.status);
	for (size_t i = 0; i < cmds.n; i++) {
		snprintf(needle, sizeof needle, "\n  %s ", cmds.name[i]);
		cr_expect_not_null(strstr(r.out, needle), "'recist --help' does not list command '%s':\n%s",
		                   cmds.name[i], r.out);
	}
	run_free(&r);
}

/* ---- Exit statuses ---------------------------------------------------- */

Test(docs, every_exit_status_is_in_recist_1)
{
	char *hdr = must_read("src/cli/cli.h");
	char *man = must_read("man/recist.1");
	char *sec = section(man, "EXIT STATUS");
	const char *p = strstr(hdr, "enum cli_exit");
	const char *end;
	struct names code = { 0 }, doc = { 0 };

	cr_assert_not_null(p, "src/cli/cli.h: no enum cli_exit");
	cr_assert_not_null(sec, "man/recist.1 has no EXIT STATUS section");
	end = strstr(p, "};");
	cr_assert_not_null(end);
	/* "EXIT_NAME = N" */
	for (p = strstr(p, "EXIT_"); p != NULL && p < end; p = strstr(p + 1, "EXIT_")) {
		const char *q = p + 5;
		while (is_name_char(*q))
			q++;
		int name_len = (int)(q - p);
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		size_t n = strspn(q, "0123456789");
		if (n > 0) {
			names_add(&code, q, n);
			snprintf(code.extra[code.n - 1], sizeof code.extra[0], "%.*s", name_len, p);
		}
	}
	cr_assert_gt(code.n, 0, "src/cli/cli.h: no 'EXIT_... = N' in enum cli_exit");
	list_items(sec, ".It ", &doc);
	for (size_t i = 0; i < code.n; i++)
		cr_expect(names_has(&doc, code.name[i]), "exit status %s (%s) is not in EXIT STATUS of man/recist.1",
		          code.name[i], code.extra[i]);
	for (size_t i = 0; i < doc.n; i++)
		cr_expect(names_has(&code, doc.name[i]),
		          "man/recist.1 documents exit status %s, which enum cli_exit lacks", doc.name[i]);
	free(sec);
	free(man);
	free(hdr);
}

/* ---- Diagnostics ------------------------------------------------------ */

/* Codes of src/base/diag.def: name, message (extra) and whether a warning (flag). */
static void diag_catalogue(struct names *out)
{
	char *def = must_read("src/base/diag.def");

	for (const char *p = def; p != NULL; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, "DIAG(", 5) != 0)
			continue;
		const char *name = p + 5, *sev, *msg, *msg_end;
		size_t n = strcspn(name, ", ");
		names_add(out, name, n);
		sev = name + n + strspn(name + n, ", ");
		out->flag[out->n - 1] = strncmp(sev, "WARNING", 7) == 0;
		msg = strchr(sev, '"');
		cr_assert_not_null(msg, "src/base/diag.def: no message for %s", out->name[out->n - 1]);
		msg_end = strchr(msg + 1, '"');
		cr_assert_not_null(msg_end);
		snprintf(out->extra[out->n - 1], sizeof out->extra[0], "%.*s", (int)(msg_end - msg - 1), msg + 1);
	}
	free(def);
	cr_assert_gt(out->n, 0, "src/base/diag.def: no DIAG( rows");
}

/* The warning codes the shipped rule files define ("warning: NAME"). */
static void rule_warnings(struct names *out)
{
	DIR *d = opendir("rules");
	struct dirent *e;

	cr_assert_not_null(d, "cannot open rules/");
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char path[300];
		char *text;
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof path, "rules/%s", e->d_name);
		text = must_read(path);
		for (const char *p = text; p != NULL; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
			const char *q = p + strspn(p, " \t");
			if (strncmp(q, "warning:", 8) != 0)
				continue;
			q += 8;
			q += strspn(q, " \t\"'");
			size_t n = 0;
			while (is_name_char(q[n]))
				n++;
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)n, q);
			if (n > 0 && !names_has(out, name))
				names_add(out, q, n);
		}
		free(text);
	}
	closedir(d);
}

Test(docs, every_diagnostic_is_in_recist_1)
{
	struct names diags = { 0 };
	char *man = must_read("man/recist.1");
	char *sec = section(man, "DIAGNOSTICS");

	cr_assert_not_null(sec, "man/recist.1 has no DIAGNOSTICS section");
	diag_catalogue(&diags);
	for (size_t i = 0; i < diags.n; i++) {
		char *body = item_body(sec, ".It Sy ", diags.name[i]);
		cr_expect_not_null(body, "diagnostic %s (src/base/diag.def) is not in DIAGNOSTICS of man/recist.1 "
		                   "(as '.It Sy %s')", diags.name[i], diags.name[i]);
		if (body == NULL)
			continue;
		/* The stderr line shows the text, not the code: keep them together. */
		cr_expect_not_null(strstr(body, diags.extra[i]),
		                   "man/recist.1 does not quote the message of %s: \"%s\"", diags.name[i], diags.extra[i]);
		char first[160];
		snprintf(first, sizeof first, "%.*s", (int)strcspn(body, "\n"), body);
		bool says_warning = strstr(first, "Pq warning") != NULL;
		cr_expect_eq(says_warning, diags.flag[i], "man/recist.1: %s is %s in src/base/diag.def; its .It line "
		             "should %s '(warning)'", diags.name[i], diags.flag[i] ? "a warning" : "an error",
		             diags.flag[i] ? "say" : "not say");
		free(body);
	}
	free(sec);
	free(man);
}

Test(docs, every_rule_file_warning_is_in_recist_1)
{
	struct names warns = { 0 };
	char *man = must_read("man/recist.1");
	char *sec = section(man, "DIAGNOSTICS");
	char needle[96];

	cr_assert_not_null(sec, "man/recist.1 has no DIAGNOSTICS section");
	rule_warnings(&warns);
	for (size_t i = 0; i < warns.n; i++) {
		snprintf(needle, sizeof needle, ".It Sy %s", warns.name[i]);
		cr_expect(has_word(sec, needle), "warning %s of the shipped rules is not in DIAGNOSTICS of man/recist.1",
		          warns.name[i]);
	}
	free(sec);
	free(man);
}

Test(docs, every_code_in_recist_1_exists)
{
	struct names diags = { 0 }, warns = { 0 }, doc = { 0 };
	char *man = must_read("man/recist.1");
	char *sec = section(man, "DIAGNOSTICS");

	cr_assert_not_null(sec);
	diag_catalogue(&diags);
	rule_warnings(&warns);
	list_items(sec, ".It Sy ", &doc);
	for (size_t i = 0; i < doc.n; i++)
		cr_expect(names_has(&diags, doc.name[i]) || names_has(&warns, doc.name[i]),
		          "man/recist.1 documents %s, which neither src/base/diag.def nor rules/*.yaml defines", doc.name[i]);
	free(sec);
	free(man);
}

/*
 * The codes of validate's own findings (src/score/finding.def) are in
 * recist(1), "Validating reported calls", each as '.It Sy CODE' with its
 * severity: '(warning)' on the line for a warning only.
 */
Test(docs, every_finding_code_is_in_recist_1)
{
	char *def = must_read("src/score/finding.def");
	char *man = must_read("man/recist.1");
	const char *start = strstr(man, "\n.Ss Validating reported calls\n"), *end;
	char *sec;
	size_t rows = 0;

	cr_assert_not_null(start, "man/recist.1 has no subsection 'Validating reported calls'");
	end = strstr(start + 1, "\n.Ss ");
	sec = strndup(start, end ? (size_t)(end - start) : strlen(start));
	for (const char *p = def; p != NULL; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, "FINDING(", 8) != 0)
			continue;
		const char *name = p + 8, *sev;
		size_t n = strcspn(name, ", ");
		char code[64], first[160];
		snprintf(code, sizeof code, "%.*s", (int)n, name);
		sev = name + n + strspn(name + n, ", ");
		rows++;
		char *body = item_body(sec, ".It Sy ", code);
		cr_expect_not_null(body, "finding %s (src/score/finding.def) is not in man/recist.1, Validating "
		                   "reported calls (as '.It Sy %s')", code, code);
		if (body == NULL)
			continue;
		snprintf(first, sizeof first, "%.*s", (int)strcspn(body, "\n"), body);
		cr_expect_eq(strstr(first, "Pq warning") != NULL, strncmp(sev, "WARNING", 7) == 0,
		             "man/recist.1: the severity of %s differs from src/score/finding.def", code);
		free(body);
	}
	cr_expect_gt(rows, 0, "src/score/finding.def: no FINDING( rows");
	free(sec);
	free(man);
	free(def);
}

/* ---- Rule files: recist-rules.5 --------------------------------------- */

/* The names of list macro 'list' (e.g. QT_LIST) in src/rules/quantity.h. */
static void quantity_list(const char *src, const char *list, struct names *out)
{
	char head[64];
	const char *p;

	snprintf(head, sizeof head, "#define %s(X)", list);
	p = strstr(src, head);
	cr_assert_not_null(p, "src/rules/quantity.h: no %s", head);
	/* The macro goes on while lines end with a backslash. */
	for (;;) {
		const char *eol = strchr(p, '\n');
		const char *x = strstr(p, "X(");
		if (x != NULL && (eol == NULL || x < eol)) {
			x += 2;
			names_add(out, x, strcspn(x, ", "));
		}
		if (eol == NULL || eol == p || eol[-1] != '\\')
			break;
		p = eol + 1;
	}
}

Test(docs, every_quantity_is_in_recist_rules_5)
{
	char *src = must_read("src/rules/quantity.h");
	char *man = must_read("man/recist-rules.5");
	size_t lists = 0;

	/* Every "#define NAME_LIST(X)" is one section's scope. */
	for (const char *p = strstr(src, "#define "); p != NULL; p = strstr(p + 1, "#define ")) {
		const char *name = p + 8;
		size_t n = strcspn(name, "( \n");
		char list[48], marker[64];
		struct names code = { 0 }, doc = { 0 };
		char *block;

		if (n < 6 || n >= sizeof list || strncmp(name + n - 5, "_LIST", 5) != 0 || name[n] != '(')
			continue;
		snprintf(list, sizeof list, "%.*s", (int)n, name);
		quantity_list(src, list, &code);
		snprintf(marker, sizeof marker, "quantities: %s", list);
		block = marked_list(man, marker, "man/recist-rules.5");
		list_items(block, ".It Va ", &doc);
		for (size_t i = 0; i < code.n; i++)
			cr_expect(names_has(&doc, code.name[i]),
			          "quantity %s (%s in src/rules/quantity.h) is not in man/recist-rules.5", code.name[i], list);
		for (size_t i = 0; i < doc.n; i++)
			cr_expect(names_has(&code, doc.name[i]),
			          "man/recist-rules.5 lists quantity %s under %s, which src/rules/quantity.h lacks", doc.name[i], list);
		free(block);
		lists++;
	}
	cr_expect_gt(lists, 0, "src/rules/quantity.h: no *_LIST(X) macro found");
	free(man);
	free(src);
}

Test(docs, every_param_is_in_recist_rules_5)
{
	char *src = must_read("src/rules/rules_compile.c");
	char *man = must_read("man/recist-rules.5");
	char *block = marked_list(man, "params: param_specs", "man/recist-rules.5");
	const char *p = strstr(src, "param_specs[] = {"), *end;
	struct names code = { 0 }, doc = { 0 };

	cr_assert_not_null(p, "src/rules/rules_compile.c: no param_specs[] table");
	end = strstr(p, "};");
	cr_assert_not_null(end);
	/* { "name", "min", "max", true|false }, */
	for (p = strstr(p, "{ \""); p != NULL && p < end; p = strstr(p + 1, "{ \"")) {
		const char *f[3];
		size_t len[3];
		const char *q = p + 2;
		for (int k = 0; k < 3; k++) {
			q = strchr(q, '"');
			cr_assert_not_null(q);
			f[k] = q + 1;
			len[k] = strcspn(f[k], "\"");
			q = f[k] + len[k] + 1;
		}
		names_add(&code, f[0], len[0]);
		snprintf(code.extra[code.n - 1], sizeof code.extra[0], "%.*s to %.*s", (int)len[1], f[1], (int)len[2], f[2]);
		q += strspn(q, ", \t");
		code.flag[code.n - 1] = strncmp(q, "true", 4) == 0;
	}
	cr_assert_gt(code.n, 0, "src/rules/rules_compile.c: no row in param_specs[]");
	list_items(block, ".It Va ", &doc);
	for (size_t i = 0; i < code.n; i++) {
		char *body = item_body(block, ".It Va ", code.name[i]);
		cr_expect_not_null(body, "param %s (param_specs in src/rules/rules_compile.c) is not in man/recist-rules.5",
		                   code.name[i]);
		if (body == NULL)
			continue;
		cr_expect_not_null(strstr(body, code.extra[i]), "man/recist-rules.5: param %s should give its range '%s'",
		                   code.name[i], code.extra[i]);
		cr_expect_eq(strstr(body, "Sy required") != NULL, code.flag[i],
		             "man/recist-rules.5: param %s is %srequired in src/rules/rules_compile.c", code.name[i],
		             code.flag[i] ? "" : "not ");
		free(body);
	}
	for (size_t i = 0; i < doc.n; i++)
		cr_expect(names_has(&code, doc.name[i]),
		          "man/recist-rules.5 lists param %s, which param_specs[] lacks", doc.name[i]);
	free(block);
	free(man);
	free(src);
}

/* ---- Examples --------------------------------------------------------- */

/*
 * Every "$ recist evaluate ..." of the EXAMPLES of recist.1 that names only
 * files of the tree runs and exits 0; output lines shown after it (other
 * than elided ones, with "...") appear in what it prints.
 */
Test(docs, examples_in_recist_1_run)
{
	char *man = must_read("man/recist.1");
	char *sec = section(man, "EXAMPLES");
	size_t ran = 0;

	cr_assert_not_null(sec, "man/recist.1 has no EXAMPLES section");
	for (char *p = strstr(sec, "\n$ recist evaluate "); p != NULL; p = strstr(p + 1, "\n$ recist evaluate ")) {
		char cmd[512] = "", *line = p + 3, *cmd_end = NULL;
		const char *argv[32];
		size_t argc = 0, used = 0;
		struct run r;

		/* The command, with its "\e" continuation lines joined. */
		for (;;) {
			char *eol = strchr(line, '\n');
			size_t n = eol ? (size_t)(eol - line) : strlen(line);
			bool more = n >= 2 && strncmp(line + n - 2, "\\e", 2) == 0;
			if (more)
				n -= 2;
			cr_assert_lt(used + n + 1, sizeof cmd);
			memcpy(cmd + used, line, n);
			used += n;
			cmd[used++] = ' ';
			cmd[used] = '\0';
			cmd_end = eol;
			if (!more || eol == NULL)
				break;
			line = eol + 1;
		}
		if (strpbrk(cmd, "|<>*") != NULL || strstr(cmd, "my.yaml") != NULL || strstr(cmd, "case.json") != NULL)
			continue;
		char shown_cmd[512];
		snprintf(shown_cmd, sizeof shown_cmd, "%s", cmd);
		for (char *t = strtok(cmd, " "); t != NULL && argc < 31; t = strtok(NULL, " "))
			argv[argc++] = t;
		argv[argc] = NULL;
		cr_assert_eq(run_recist(&r, argv, NULL), 0, "cannot run %s", recist_bin());
		cr_expect_eq(r.status, 0, "example '%s' of man/recist.1 exited with %d:\n%s", shown_cmd, r.status, r.err);
		if (r.status != 0) {
			run_free(&r);
			continue;
		}
		/* The output shown after the command, up to the next command or .Ed. */
		const char *out = cmd_end;
		while (out != NULL && strncmp(out + 1, "$ ", 2) != 0 && strncmp(out + 1, ".Ed", 3) != 0) {
			const char *next = strchr(out + 1, '\n');
			char shown[256];
			size_t n = next ? (size_t)(next - out - 1) : strlen(out + 1);
			size_t k = 0;
			/* Undo the roff escapes the page uses in literal text. */
			for (size_t i = 0; i < n && k + 1 < sizeof shown; i++) {
				if (out[1 + i] == '\\' && i + 1 < n && out[2 + i] == '&') {
					i++;
					continue;
				}
				shown[k++] = out[1 + i];
			}
			shown[k] = '\0';
			if (k > 0 && strstr(shown, "...") == NULL) {
				char whole[260];
				snprintf(whole, sizeof whole, "\n%s\n", shown);
				cr_expect(strstr(r.out, whole + 1) == r.out || strstr(r.out, whole) != NULL,
				          "man/recist.1 shows this line for '%s', which is not in its output: '%s'", shown_cmd, shown);
			}
			out = next;
		}
		run_free(&r);
		ran++;
	}
	cr_expect_gt(ran, 0, "no runnable 'recist evaluate' example in man/recist.1");
	free(sec);
	free(man);
}

/* The example program of librecist(3) is examples/score.c, byte for byte
 * once the roff escapes are undone (after the file's header comment). */
Test(docs, librecist_3_example_is_examples_score_c)
{
	char *page = must_read("man/librecist.3"), *src = must_read("examples/score.c");
	char *start = strstr(page, ".Sh EXAMPLES"), *bd, *ed, *code, *body, *w;

	cr_assert_not_null(start);
	bd = strstr(start, ".Bd -literal\n");
	cr_assert_not_null(bd);
	bd += strlen(".Bd -literal\n");
	ed = strstr(bd, ".Ed\n");
	cr_assert_not_null(ed);
	code = calloc(1, (size_t)(ed - bd) + 1);
	w = code;
	for (const char *p = bd; p < ed; p++) {
		if (p[0] == '\\' && p[1] == 'e') {
			*w++ = '\\';
			p++;
		} else {
			*w++ = *p;
		}
	}
	body = strstr(src, "*/\n");
	cr_assert_not_null(body);
	body += 3;
	cr_expect_str_eq(body, code, "examples/score.c and the EXAMPLES of librecist(3) differ");
	free(code);
	free(page);
	free(src);
}

/*
 * The commands librecist(3) gives for building its example in the source
 * tree run as written, in a directory that holds the tree's include/,
 * examples/ and fixtures/ and the build under test as build/, and the
 * program prints what the page shows and what recist prints.  cc is given
 * $RECIST_LDFLAGS (make check passes the build's own, such as the
 * sanitizers') so that it can link an instrumented build's library.
 */
Test(docs, librecist_3_example_builds_as_shown)
{
	static const char *const links[] = { "include", "examples", "fixtures", "build", NULL };
	char *page = must_read("man/librecist.3");
	char *sec = section(page, "EXAMPLES"), *text, *dir, missing[256];
	const char *from;
	struct shown cmds[8];
	size_t n;

	cr_assert_not_null(sec, "man/librecist.3 has no EXAMPLES");
	from = strstr(sec, "Without installing");
	cr_assert_not_null(from, "man/librecist.3: no 'Without installing' build in EXAMPLES");
	text = display_after(from, NULL);
	n = shown_commands(text, cmds, 8);
	cr_assert_geq(n, 2, "man/librecist.3: the source-tree build shows no command and run");
	dir = scratch_dir(links);
	for (size_t i = 0; i < n; i++) {
		char *script = concat3("cc() { command cc $RECIST_LDFLAGS \"$@\"; }\n", cmds[i].cmd, "");
		struct run r;
		cr_assert_eq(run_sh(&r, dir, script), 0);
		free(script);
		cr_expect_eq(r.status, 0, "man/librecist.3: '%s' exited with %d:\n%s", cmds[i].cmd, r.status, r.err);
		cr_expect(output_shows(r.out, cmds[i].output, missing, sizeof missing),
		          "man/librecist.3: '%s' does not print the line shown: '%s'", cmds[i].cmd, missing);
		if (strncmp(cmds[i].cmd, "./score ", 8) == 0) {
			char file[512];
			snprintf(file, sizeof file, "%.*s", (int)strcspn(cmds[i].cmd + 8, " \n"), cmds[i].cmd + 8);
			const char *argv[] = { "recist", "evaluate", "--format", "json", "--criteria", "recist1.1", file, NULL };
			struct run want;
			cr_assert_eq(run_recist(&want, argv, NULL), 0);
			cr_expect_str_eq(r.out, want.out, "man/librecist.3: the example program and recist differ on %s", file);
			run_free(&want);
		}
		run_free(&r);
	}
	scratch_remove(dir);
	free(text);
	free(sec);
	free(page);
}

/* Every C file a command of librecist(3)'s EXAMPLES compiles is in the tree. */
Test(docs, librecist_3_builds_files_of_the_tree)
{
	char *page = must_read("man/librecist.3"), *sec = section(page, "EXAMPLES");
	size_t seen = 0;

	cr_assert_not_null(sec);
	for (const char *p = strstr(sec, "\n$ "); p != NULL; p = strstr(p + 1, "\n$ ")) {
		size_t len = strcspn(p + 1, "\n");
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)len, p + 1);
		for (char *w = strtok(line, " \t"); w != NULL; w = strtok(NULL, " \t")) {
			size_t wl = strlen(w);
			if (wl < 3 || strcmp(w + wl - 2, ".c") != 0)
				continue;
			seen++;
			char *f = read_file(w, NULL);
			cr_expect_not_null(f, "man/librecist.3 compiles %s, which the source tree lacks", w);
			free(f);
		}
	}
	cr_expect_gt(seen, 0, "man/librecist.3: no command compiles a .c file");
	free(sec);
	free(page);
}

/*
 * Every file or directory of the source tree that the man pages, the README
 * and the rule files name exists: a word that starts with one of the tree's
 * directories (fixtures/..., examples/score.c).  Words with a placeholder
 * in capitals (src/LAYER/NAME.c) are patterns, not names.
 */
Test(docs, every_path_the_docs_name_exists)
{
	static const char *const docs[] = {
		"README", "man/recist.1", "man/recist-case.5", "man/recist-rules.5", "man/recist-sdtm.5",
		"man/librecist.3", "man/recist-tutorial.7", "rules/recist1.1.yaml", "rules/mrecist.yaml",
		"rules/flags.yaml",
	};
	static const char *const dirs[] = {
		"fixtures/", "examples/", "rules/", "man/", "src/", "tests/", "tools/", "include/", "bench/", "fuzz/",
	};
	size_t checked = 0;

	for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		char *raw = must_read(docs[d]);
		char *text = unroff(raw, strlen(raw));
		for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
			size_t dl = strlen(dirs[k]);
			for (const char *p = strstr(text, dirs[k]); p != NULL; p = strstr(p + 1, dirs[k])) {
				if (p > text && (isalnum((unsigned char)p[-1]) || strchr("-/._", p[-1]) != NULL))
					continue;
				size_t n = dl + strspn(p + dl, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				                                  "0123456789_./*-");
				while (n > dl && strchr(".-", p[n - 1]) != NULL)
					n--;
				char path[256];
				snprintf(path, sizeof path, "%.*s", (int)n, p);
				bool pattern = false;
				for (const char *c = path; *c && !pattern; c++)
					pattern = isupper((unsigned char)c[0]) && isupper((unsigned char)c[1]);
				if (pattern)
					continue;
				glob_t g;
				int rc = glob(path, GLOB_NOCHECK | GLOB_NOSORT, NULL, &g);
				bool exists = rc == 0 && g.gl_pathc > 0 && access(g.gl_pathv[0], F_OK) == 0;
				globfree(&g);
				cr_expect(exists, "%s names %s, which the source tree lacks", docs[d], path);
				checked++;
			}
		}
		free(text);
		free(raw);
	}
	cr_expect_gt(checked, 10);
}

/*
 * recist-rules(5), Decisions, is where the project's decisions are stated:
 * every "Decision N" (or "Decisions N and M", "Decisions 2-4") that the
 * rule files and the man pages cite is an item of that list.
 */
Test(docs, every_decision_cited_is_in_recist_rules_5)
{
	static const char *const files[] = {
		"rules/recist1.1.yaml", "rules/mrecist.yaml", "rules/irecist.yaml", "rules/flags.yaml", "man/recist.1",
		"man/recist-case.5", "man/recist-rules.5", "man/recist-sdtm.5", "man/librecist.3",
		"man/recist-tutorial.7", "README",
	};
	char *page = must_read("man/recist-rules.5");
	const char *start = strstr(page, "\n.Ss Decisions\n"), *end;
	char *list;
	struct names stated = { 0 };
	size_t cited = 0;

	cr_assert_not_null(start, "man/recist-rules.5 has no subsection Decisions");
	end = strstr(start + 1, "\n.Ss ");
	list = strndup(start, end ? (size_t)(end - start) : strlen(start));
	list_items(list, ".It ", &stated);
	cr_assert_gt(stated.n, 0, "man/recist-rules.5: no '.It N' under Decisions");
	for (size_t i = 1; i <= stated.n; i++) {
		char num[16];
		snprintf(num, sizeof num, "%zu", i);
		cr_expect(names_has(&stated, num), "man/recist-rules.5: the decisions are not numbered 1 to %zu: "
		          "%s is missing", stated.n, num);
	}
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		char *text = must_read(files[f]);
		for (const char *p = strstr(text, "Decision"); p != NULL; p = strstr(p + 1, "Decision")) {
			const char *q = p + 8;
			if (*q == 's')
				q++;
			if (*q != ' ' || !isdigit((unsigned char)q[1]))
				continue;
			/* Numbers joined by ", ", " and " or "-". */
			for (q++; isdigit((unsigned char)*q); ) {
				char num[16];
				size_t n = strspn(q, "0123456789");
				snprintf(num, sizeof num, "%.*s", (int)n, q);
				cr_expect(names_has(&stated, num), "%s cites Decision %s, which recist-rules(5) does not state",
				          files[f], num);
				cited++;
				q += n;
				if (strncmp(q, ", ", 2) == 0 && isdigit((unsigned char)q[2]))
					q += 2;
				else if (strncmp(q, " and ", 5) == 0 && isdigit((unsigned char)q[5]))
					q += 5;
				else if (*q == '-' && isdigit((unsigned char)q[1]))
					q += 1;
				else
					break;
			}
		}
		free(text);
	}
	cr_expect_gt(cited, 10);
	free(list);
	free(page);
}

/* ---- README ------------------------------------------------------------ */

/* A command of README's "Using it": its text for sh and its exit status. */
struct readme_cmd {
	char text[1024];
	char comment[512];
	int  status;        /* as the comment says ("exit N"), else 0 */
};

/* The commands of the indented block of README's "Using it", in order. */
static size_t readme_commands(const char *readme, struct readme_cmd *out, size_t max)
{
	const char *p = strstr(readme, "\nUsing it\n--------\n"), *end;
	size_t n = 0;
	bool more = false;

	cr_assert_not_null(p, "README has no section 'Using it'");
	end = strstr(p + 1, "\n\n\n");
	cr_assert_not_null(end, "README: 'Using it' has no end");
	for (p = strchr(p + 1, '\n') + 1; p < end; p = strchr(p, '\n') + 1) {
		size_t len = strcspn(p, "\n");
		if (len < 4 || strncmp(p, "    ", 4) != 0)
			continue;   /* the text around the block */
		char line[512], *hash;
		snprintf(line, sizeof line, "%.*s", (int)(len - 4), p + 4);
		/* A comment starts at a '#' after a blank, or opens the line. */
		char *text = line + strspn(line, " ");
		hash = *text == '#' ? text : strstr(line, " #");
		char comment[256] = "";
		if (hash != NULL) {
			snprintf(comment, sizeof comment, "%s", hash + (*hash == ' ' ? 2 : 1));
			*hash = '\0';
		}
		for (size_t k = strlen(line); k > 0 && line[k - 1] == ' '; k--)
			line[k - 1] = '\0';
		if (*text != '\0' && !more) {
			cr_assert_lt(n, max, "README: too many commands in 'Using it'");
			memset(&out[n], 0, sizeof out[n]);
			n++;
		}
		cr_assert_gt(n, 0, "README: 'Using it' starts with a comment");
		struct readme_cmd *c = &out[n - 1];
		if (*text != '\0') {
			cr_assert_lt(strlen(c->text) + strlen(text) + 2, sizeof c->text);
			strcat(c->text, text);
			strcat(c->text, "\n");
			more = text[strlen(text) - 1] == '\\';
		}
		if (*comment) {
			cr_assert_lt(strlen(c->comment) + strlen(comment) + 2, sizeof c->comment);
			strcat(c->comment, comment);
			strcat(c->comment, " ");
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *e = strstr(out[i].comment, "exit ");
		out[i].status = e != NULL && isdigit((unsigned char)e[5]) ? atoi(e + 5) : 0;
	}
	return n;
}

/*
 * Every command of README's "Using it" runs as written, in order, in a
 * directory that holds the tree's fixtures/, with build/recist the build
 * under test, and exits 0 or with the status its comment gives ("exit 1").
 */
Test(docs, readme_using_it_runs)
{
	static const char *const links[] = { "fixtures", NULL };
	static struct readme_cmd cmds[64];
	char *readme = must_read("README"), *dir, *bin = recist_abs();
	size_t n = readme_commands(readme, cmds, 64);

	cr_assert_gt(n, 20, "README: 'Using it' shows only %zu commands", n);
	dir = scratch_dir(links);
	for (size_t i = 0; i < n; i++) {
		char script[4096] = "";
		struct run r;
		/* build/recist is the binary under test (build-dev/recist, ...). */
		for (const char *p = cmds[i].text; *p; ) {
			const char *q = strstr(p, "build/recist");
			size_t k = q ? (size_t)(q - p) : strlen(p);
			cr_assert_lt(strlen(script) + k + strlen(bin) + 1, sizeof script);
			strncat(script, p, k);
			if (q == NULL)
				break;
			strcat(script, bin);
			p = q + strlen("build/recist");
		}
		cr_assert_eq(run_sh(&r, dir, script), 0);
		cr_expect_eq(r.status, cmds[i].status, "README, Using it: '%.*s' exited with %d, not %d:\n%s",
		             (int)strlen(cmds[i].text) - 1, cmds[i].text, r.status, cmds[i].status, r.err);
		run_free(&r);
	}
	scratch_remove(dir);
	free(bin);
	free(readme);
}

/*
 * make demo (tools/demo.sh) shows the seed study: the flagged patient and
 * the study's table, and every line README quotes from it (its indented
 * blocks between "`make demo` shows" and "What it is", but for the lines
 * it cuts with "...") is a line of what it prints.
 */
Test(docs, demo_shows_the_study_as_readme_quotes_it)
{
	char *readme = must_read("README"), *bin = recist_abs(), *slash = strrchr(bin, '/'), script[4096];
	const char *from, *to;
	size_t quoted = 0;
	struct run r;

	*slash = '\0';
	snprintf(script, sizeof script, "sh tools/demo.sh '%s'", bin);
	cr_assert_eq(run_sh(&r, ".", script), 0);
	cr_assert_eq(r.status, 0, "tools/demo.sh: %s", r.err);
	cr_expect_not_null(strstr(r.out, "  !! NEW_LESION_WITH_LOCAL_RESPONSE:"), "no flag in the demo");
	cr_expect_not_null(strstr(r.out, "\nPR                8 (20.0 %)    8 (20.0 %)    0 (0.0 %)"), "%s", r.out);
	cr_expect_not_null(strstr(r.out, "\nat 3 years, %     57.5 (44.1 to 75.1)     33.3 (21.0 to 52.9)\n"));
	/* The figures, where it says they are. */
	for (int i = 0; i < 3; i++) {
		static const char *const figures[] = { "waterfall", "spider", "swimmer" };
		char path[4200], *svg;

		snprintf(path, sizeof path, "%s/demo/%s.svg", bin, figures[i]);
		cr_expect_not_null(strstr(r.out, path), "the demo does not say where %s is", path);
		svg = must_read(path);
		cr_expect_eq(strncmp(svg, "<?xml", 5), 0, "%s is no SVG", path);
		cr_expect_gt(strlen(svg), 1000);
		free(svg);
	}
	from = strstr(readme, "`make demo` shows");
	to = strstr(readme, "\nWhat it is\n");
	cr_assert(from != NULL && to != NULL && from < to, "README: no paragraph on make demo");
	for (const char *p = from; p < to; p = strchr(p, '\n') + 1) {
		size_t len = strcspn(p, "\n");
		char line[512];

		if (len <= 4 || strncmp(p, "    ", 4) != 0)
			continue;
		cr_assert_lt(len, sizeof line);
		/* The demo's line, with README's indent of four blanks taken off. */
		snprintf(line, sizeof line, "\n%.*s\n", (int)len - 4, p + 4);
		if (strstr(line, "...") != NULL)
			continue;
		cr_expect_not_null(strstr(r.out, line), "README quotes a line make demo does not print:%s", line);
		quoted++;
	}
	cr_expect_gt(quoted, 20, "README quotes %zu lines of the demo", quoted);
	run_free(&r);
	free(bin);
	free(readme);
}

/* ---- recist-tutorial(7) ---------------------------------------------- */

/* The value of the comment ".\" KEY: value" among the lines just above
 * at (a ".Bd" line), or NULL; malloc'd. */
static char *display_marker(const char *page, const char *at, const char *key)
{
	char head[64];
	const char *line = at;

	snprintf(head, sizeof head, ".\\\" %s: ", key);
	while (line > page) {
		const char *prev = line - 1;
		while (prev > page && prev[-1] != '\n')
			prev--;
		if (strncmp(prev, ".\\\" ", 4) != 0)
			break;
		if (strncmp(prev, head, strlen(head)) == 0) {
			const char *v = prev + strlen(head);
			return strndup(v, strcspn(v, "\n"));
		}
		line = prev;
	}
	return NULL;
}

/* Run "$ " command cmd of the tutorial in dir, recist being the build
 * under test; stdout and stderr in *out (malloc'd); returns the status. */
static int tutorial_run(const char *dir, const char *cmd, char **out)
{
	char *bin = recist_abs(), *head = concat3("recist() { '", bin, "' \"$@\"; }\n");
	char *script = concat3(head, cmd, "");
	struct run r;

	cr_assert_eq(run_sh(&r, dir, script), 0);
	free(script);
	free(head);
	free(bin);
	*out = malloc(strlen(r.out) + strlen(r.err) + 1);
	cr_assert_not_null(*out);
	strcpy(*out, r.out);
	strcat(*out, r.err);
	int status = r.status;
	run_free(&r);
	return status;
}

/*
 * recist-tutorial(7) cannot go stale: its case files are the shipped ones
 * (fixtures/tutorial), and every command it shows runs, in a directory
 * holding copies of them, with the status and the output lines shown.
 * Every literal display of the page is checked one way or another.
 */
Test(docs, recist_tutorial_7_is_what_recist_does)
{
	static const char *const none[] = { NULL };
	char *page = must_read("man/recist-tutorial.7"), *dir = scratch_dir(none);
	size_t files = 0, commands = 0;
	DIR *d = opendir("fixtures/tutorial");
	struct dirent *e;

	/* Copies, not links: a command that writes a file must not reach the tree. */
	cr_assert_not_null(d, "no fixtures/tutorial");
	while ((e = readdir(d)) != NULL) {
		char from[512], to[4200];
		size_t len;
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof from, "fixtures/tutorial/%s", e->d_name);
		snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
		char *text = read_file(from, &len);
		cr_assert_not_null(text);
		FILE *fp = fopen(to, "wb");
		cr_assert_not_null(fp);
		cr_assert_eq(fwrite(text, 1, len, fp), len);
		fclose(fp);
		free(text);
	}
	closedir(d);
	for (const char *bd = strstr(page, "\n.Bd -literal"); bd != NULL; bd = strstr(bd + 1, "\n.Bd -literal")) {
		char *file = display_marker(page, bd + 1, "file"), *part = display_marker(page, bd + 1, "part of");
		char *status = display_marker(page, bd + 1, "status"), *again = display_marker(page, bd + 1, "output of");
		char *text = display_after(bd, NULL), missing[256];
		unsigned line = 1;
		for (const char *p = page; p <= bd; p++)
			line += *p == '\n';

		if (file != NULL || part != NULL) {
			char path[300];
			snprintf(path, sizeof path, "fixtures/tutorial/%s", file ? file : part);
			char *want = must_read(path);
			if (file != NULL)
				cr_expect_str_eq(text, want, "man/recist-tutorial.7:%u: the display differs from %s", line, path);
			else
				cr_expect_not_null(strstr(want, text), "man/recist-tutorial.7:%u: the display is not part of %s",
				                   line, path);
			files++;
			free(want);
		} else if (strncmp(text, "$ ", 2) == 0) {
			static struct shown cmds[8];
			size_t n = shown_commands(text, cmds, 8);
			for (size_t i = 0; i < n; i++) {
				char *out;
				int got = tutorial_run(dir, cmds[i].cmd, &out);
				cr_expect_eq(got, status ? atoi(status) : 0, "man/recist-tutorial.7:%u: '%.*s' exited with %d:\n%s",
				             line, (int)strcspn(cmds[i].cmd, "\n"), cmds[i].cmd, got, out);
				cr_expect(output_shows(out, cmds[i].output, missing, sizeof missing),
				          "man/recist-tutorial.7:%u: '%.*s' does not print this line: '%s'", line,
				          (int)strcspn(cmds[i].cmd, "\n"), cmds[i].cmd, missing);
				free(out);
				commands++;
			}
		} else if (again != NULL) {
			char *out;
			tutorial_run(dir, again, &out);
			cr_expect(output_shows(out, text, missing, sizeof missing),
			          "man/recist-tutorial.7:%u: '%s' does not print this line: '%s'", line, again, missing);
			free(out);
			commands++;
		} else {
			cr_expect_fail("man/recist-tutorial.7:%u: a display that is neither a file, a part of one, "
			               "a command nor marked '.\\\" output of: COMMAND'", line);
		}
		free(text);
		free(file);
		free(part);
		free(status);
		free(again);
	}
	cr_expect_geq(files, 2, "man/recist-tutorial.7 shows no case file");
	cr_expect_geq(commands, 5, "man/recist-tutorial.7 runs no command");
	scratch_remove(dir);
	free(page);
}

/*
 * A literal display of recist(1) marked '.\" file: PATH' is the file PATH
 * of the tree, byte for byte once its escapes are undone: the Slurm job
 * script that make cluster-test runs is the one the page shows.
 */
Test(docs, recist_1_shows_files_of_the_tree_as_they_are)
{
	char *page = must_read("man/recist.1");
	size_t shown = 0;

	for (const char *bd = strstr(page, "\n.Bd -literal"); bd != NULL; bd = strstr(bd + 1, "\n.Bd -literal")) {
		char *path = display_marker(page, bd + 1, "file");
		if (path == NULL)
			continue;
		char *text = display_after(bd, NULL), *want = must_read(path);
		cr_expect_str_eq(text, want, "man/recist.1: the display marked '%s' differs from that file", path);
		shown++;
		free(want);
		free(text);
		free(path);
	}
	cr_expect_geq(shown, 1, "man/recist.1 shows no file marked '.\\\" file: PATH' (the Slurm job script)");
	free(page);
}

/*
 * recist(1)'s worked example of --shard: the hash it gives for P001 is
 * FNV-1a's, and the shard it names is the one recist batch scores it in.
 */
Test(docs, the_shard_example_in_recist_1_is_what_batch_does)
{
	char *man = must_read("man/recist.1");
	const char *p = strstr(man, "hashes to 0x"), *q;
	char path[] = "/tmp/recist-shard-XXXXXX";
	unsigned long long hash;
	int fd = mkstemp(path), shard = 0;
	const char *line = "{\"case_id\": \"P001\", \"lesions\": []}\n";

	cr_assert_not_null(p, "man/recist.1: no worked example of --shard ('hashes to 0x...')");
	cr_assert_eq(sscanf(p, "hashes to 0x%llx", &hash), 1);
	cr_expect_eq((uint64_t)hash, fnv1a("P001", 4), "man/recist.1: P001 hashes to %#llx, FNV-1a says %#llx", hash,
	             (unsigned long long)fnv1a("P001", 4));
	cr_assert_not_null(q = strstr(p, "--shard "), "man/recist.1: the example names no --shard");
	cr_assert_eq(sscanf(q, "--shard %d/4", &shard), 1);
	cr_assert(fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line));
	close(fd);
	for (int i = 1; i <= 4; i++) {
		char arg[8];
		struct run r;
		snprintf(arg, sizeof arg, "%d/4", i);
		const char *argv[] = { "recist", "batch", "--jobs", "1", "--shard", arg, path, NULL };
		cr_assert_eq(run_recist(&r, argv, NULL), 0);
		cr_expect_eq(r.status, 0, "--shard %s: %s", arg, r.err);
		cr_expect_eq(r.out[0] != '\0', i == shard, "--shard %s %s the P001 record; the page says %d/4", arg,
		             r.out[0] ? "took" : "did not take", shard);
		run_free(&r);
	}
	unlink(path);
	free(man);
}
