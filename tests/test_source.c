/*
 * test_source.c - checks of the C sources themselves: "rules are data", no
 * RECIST or mRECIST threshold lives in them (RULES.md "Decisions" 9); and
 * no function longer than 80 lines without a reason.
 *
 * Scans src/ (comments and string literals removed) for numeric literals
 * that are guideline thresholds or their usual encodings: 30/20 %, 0.7/1.2
 * factors, 15/28/42, 5.0/10.0 mm, 5000/10000/15000 micrometres.  5 and 10
 * themselves are not listed: they are also the base of decimal arithmetic.
 * src/base/date.c is exempt (month lengths: 28, 30).
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const thresholds[] = {
	"30", "20", "15", "28", "42", "0.7", "0.70", "1.2", "1.20", "0.3", "0.2",
	"5.0", "10.0", "30.0", "20.0", "5000", "10000", "15000",
};

/* Blank out comments and string/char literals, keeping line structure. */
static void strip(char *s)
{
	for (char *p = s; *p; p++) {
		if (p[0] == '/' && p[1] == '*') {
			for (; *p && !(p[0] == '*' && p[1] == '/'); p++)
				if (*p != '\n')
					*p = ' ';
			if (*p)
				p[0] = p[1] = ' ';
		} else if (p[0] == '/' && p[1] == '/') {
			for (; *p && *p != '\n'; p++)
				*p = ' ';
		} else if (*p == '"' || *p == '\'') {
			char q = *p;
			for (p++; *p && *p != q; p++) {
				if (*p == '\\' && p[1])
					*p++ = ' ';
				*p = ' ';
			}
		}
		if (!*p)
			break;
	}
}

Test(source, no_guideline_threshold_is_a_literal_in_src)
{
	glob_t g;
	int found = 0;

	cr_assert_eq(glob("src/*/*.[ch]", 0, NULL, &g), 0);
	glob("src/*/*.def", GLOB_APPEND, NULL, &g);
	cr_assert_gt(g.gl_pathc, 10);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		if (strcmp(g.gl_pathv[i], "src/base/date.c") == 0)
			continue;
		char *text = read_file(g.gl_pathv[i], NULL);
		cr_assert_not_null(text);
		strip(text);
		for (char *p = text; *p; p++) {
			if (!isdigit((unsigned char)*p) || (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.')))
				continue;
			size_t n = strspn(p, "0123456789.");
			if (isalpha((unsigned char)p[n]) || p[n] == '_')
				continue;
			for (size_t k = 0; k < sizeof thresholds / sizeof thresholds[0]; k++) {
				if (strlen(thresholds[k]) == n && strncmp(p, thresholds[k], n) == 0) {
					cr_expect_fail("%s: literal %.*s looks like a guideline threshold; put it in a rule file",
					               g.gl_pathv[i], (int)n, p);
					found++;
				}
			}
			p += n - 1;
		}
		free(text);
	}
	globfree(&g);
	cr_expect_eq(found, 0);
}

/*
 * Short functions (house style): none in src/ longer than FUNCTION_MAX
 * lines, from its opening to its closing brace, unless the comment above it
 * says why ("Long: ...").  A function is a '{' alone at the start of a line
 * closed by a '}' alone at the start of a line.
 */
enum { FUNCTION_MAX = 80 };

Test(source, no_function_is_longer_than_80_lines_without_a_reason)
{
	glob_t g;

	cr_assert_eq(glob("src/*/*.c", 0, NULL, &g), 0);
	cr_assert_gt(g.gl_pathc, 10);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *text = read_file(g.gl_pathv[i], NULL);
		unsigned line = 1, open_line = 0;
		const char *open = NULL;

		cr_assert_not_null(text);
		for (const char *p = text; *p; p++) {
			if ((p == text || p[-1] == '\n') && p[0] == '{' && p[1] == '\n') {
				open = p;
				open_line = line;
			} else if ((p == text || p[-1] == '\n') && p[0] == '}' && p[1] == '\n' && open != NULL) {
				unsigned length = line - open_line + 1;
				/* The comment just above the signature may give the reason. */
				const char *from = open > text + 600 ? open - 600 : text;
				char before[601];
				snprintf(before, sizeof before, "%.*s", (int)(open - from), from);
				cr_expect(length <= FUNCTION_MAX || strstr(before, "Long: ") != NULL,
				          "%s:%u: a function of %u lines (at most %d, or say why in a 'Long: ' comment)",
				          g.gl_pathv[i], open_line, length, FUNCTION_MAX);
				open = NULL;
			}
			line += *p == '\n';
		}
		free(text);
	}
	globfree(&g);
}
