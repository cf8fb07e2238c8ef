/*
 * test_source.c - checks of the C sources themselves: "rules are data", no
 * RECIST or mRECIST threshold lives in them (recist-rules(5), Decision 9); and
 * no function longer than 80 lines without a reason.
 *
 * Scans src/ (comments and string literals removed) for numeric literals
 * that are guideline thresholds or their usual encodings: 30/20 %, 0.7/1.2
 * factors, 15/28/42, 5.0/10.0 mm, 5000/10000/15000 micrometres.  5 and 10
 * themselves are not listed: they are also the base of decimal arithmetic.
 * src/base/date.c is exempt (month lengths: 28, 30).
 *
 * Every file of the repository cites only what a reader of it has: no
 * document of the project's working notes outside the tree.
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* ---- Files cite only what the repository has -------------------------- */

/*
 * Names of documents that were never part of the repository: the working
 * notes the project was written from.  Their clinical decisions are stated
 * in recist-rules(5), the formats in recist-case(5) and recist(1), and a
 * citation names one of those or the paper itself.  The names are split
 * so that this file does not hold them.
 */
static const char *const outside_names[][2] = {
	{ "RULES", ".md" },
	{ "STYLE", ".md" },
	{ "ECOSYSTEM", ".md" },
	{ "interface", ".md" },
	{ "interface ", "\xc2\xa7" },        /* the section sign */
	{ "interface sec", "tion " },
	{ "shared", "/spec" },
	{ "../sha", "red" },
};

struct file_list {
	char  **path;
	size_t  n, cap;
};

static void file_list_add(struct file_list *l, const char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->path = realloc(l->path, l->cap * sizeof *l->path);
		cr_assert_not_null(l->path);
	}
	l->path[l->n] = strdup(path);
	cr_assert_not_null(l->path[l->n]);
	l->n++;
}

/* Every regular file under dir, build directories left out. */
static void walk_tree(struct file_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".ci") != 0)
			continue;
		if (strncmp(e->d_name, "build", 5) == 0 || strcmp(e->d_name, "__pycache__") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk_tree(l, path);
		else if (S_ISREG(st.st_mode))
			file_list_add(l, strcmp(dir, ".") == 0 ? e->d_name : path);
	}
	closedir(d);
}

/* The files of the repository: git's list when there is one, else the tree. */
static void repository_files(struct file_list *l)
{
	FILE *fp = popen("git ls-files -z 2>/dev/null", "r");
	char name[4096];
	size_t n = 0;
	int c;

	if (fp != NULL) {
		while ((c = getc(fp)) != EOF) {
			if (c != '\0' && n + 1 < sizeof name) {
				name[n++] = (char)c;
				continue;
			}
			name[n] = '\0';
			if (n > 0)
				file_list_add(l, name);
			n = 0;
		}
		pclose(fp);
	}
	if (l->n == 0)
		walk_tree(l, ".");
}

static const char *find_bytes(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

Test(source, no_file_cites_a_document_outside_the_repository)
{
	struct file_list files = { 0 };
	size_t read = 0;
	int found = 0;

	repository_files(&files);
	cr_assert_gt(files.n, 100, "found only %zu files of the repository", files.n);
	for (size_t i = 0; i < files.n; i++) {
		size_t len = 0;
		char *text = read_file(files.path[i], &len);
		if (text == NULL)
			continue;   /* listed by git but deleted in the work tree */
		read++;
		for (size_t k = 0; k < sizeof outside_names / sizeof outside_names[0]; k++) {
			char needle[64];
			snprintf(needle, sizeof needle, "%s%s", outside_names[k][0], outside_names[k][1]);
			const char *at = find_bytes(text, len, needle);
			if (at == NULL)
				continue;
			unsigned line = 1;
			for (const char *p = text; p < at; p++)
				line += *p == '\n';
			cr_expect_fail("%s:%u: cites '%s', which is not in the repository; cite recist-rules(5), "
			               "recist-case(5), recist(1) or the paper instead", files.path[i], line, needle);
			found++;
		}
		free(text);
	}
	cr_expect_gt(read, 100);
	cr_expect_eq(found, 0);
	for (size_t i = 0; i < files.n; i++)
		free(files.path[i]);
	free(files.path);
}
