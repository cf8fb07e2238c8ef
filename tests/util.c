/*
 * util.c - helpers for the tests (see util.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

const char *recist_bin(void)
{
	const char *b = getenv("RECIST");
	return b && *b ? b : "build/recist";
}

char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(fp);
	return buf;
}

char *one_line(const char *path, size_t *len)
{
	char *s = read_file(path, len);

	cr_assert_not_null(s, "cannot read %s", path);
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

int run_recist(struct run *r, const char *const *argv, const char *stdin_path)
{
	const char **args;
	size_t n = 0;
	int rc;

	while (argv[n])
		n++;
	if ((args = calloc(n + 1, sizeof *args)) == NULL)
		return -1;
	memcpy(args, argv, n * sizeof *args);
	args[0] = recist_bin();
	rc = run_cmd(r, args, stdin_path);
	free(args);
	return rc;
}

int run_sh(struct run *r, const char *dir, const char *script)
{
	size_t len = strlen(dir) + strlen(script) + 32;
	char *text = malloc(len);
	int rc;

	if (text == NULL)
		return -1;
	snprintf(text, len, "cd '%s' || exit 125\n%s", dir, script);
	const char *argv[] = { "/bin/sh", "-c", text, NULL };
	rc = run_cmd(r, argv, NULL);
	free(text);
	return rc;
}

char *scratch_dir(const char *const *links)
{
	char tmpl[] = "/tmp/recist-test-dir-XXXXXX", root[4096], from[4200], to[8400];
	const char *bin, *slash;
	char *dir;

	cr_assert_not_null(getcwd(root, sizeof root));
	cr_assert_not_null(mkdtemp(tmpl), "cannot make a directory under /tmp");
	dir = strdup(tmpl);
	cr_assert_not_null(dir);
	for (size_t i = 0; links[i] != NULL; i++) {
		snprintf(to, sizeof to, "%s/%s", dir, links[i]);
		if (strcmp(links[i], "build") == 0) {
			bin = recist_bin();
			slash = strrchr(bin, '/');
			cr_assert_not_null(slash, "%s: the binary under test has no directory", bin);
			if (bin[0] == '/')
				snprintf(from, sizeof from, "%.*s", (int)(slash - bin), bin);
			else
				snprintf(from, sizeof from, "%s/%.*s", root, (int)(slash - bin), bin);
		} else {
			snprintf(from, sizeof from, "%s/%s", root, links[i]);
		}
		cr_assert_eq(symlink(from, to), 0, "cannot link %s to %s", to, from);
	}
	return dir;
}

void scratch_remove(char *dir)
{
	const char *argv[] = { "/bin/rm", "-rf", dir, NULL };
	struct run r;

	if (strncmp(dir, "/tmp/recist-test-dir-", 21) == 0 && run_cmd(&r, argv, NULL) == 0)
		run_free(&r);
	free(dir);
}

int run_cmd(struct run *r, const char *const *argv, const char *stdin_path)
{
	char out_path[] = "/tmp/recist-test-out-XXXXXX", err_path[] = "/tmp/recist-test-err-XXXXXX";
	int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path), status, rc = -1;
	posix_spawn_file_actions_t fa;
	size_t n = 0;
	char **args = NULL;
	pid_t pid;

	memset(r, 0, sizeof *r);
	while (argv[n])
		n++;
	if (out_fd < 0 || err_fd < 0 || (args = calloc(n + 1, sizeof *args)) == NULL) {
		/* Neither descriptor nor temporary file outlives a failed run. */
		n = 0;
		goto done;
	}
	/* posix_spawn wants char *const []: give it copies. */
	for (size_t i = 0; i < n; i++)
		args[i] = strdup(argv[i]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, stdin_path ? stdin_path : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	if (posix_spawn(&pid, args[0], &fa, NULL, args, environ) == 0 && waitpid(pid, &status, 0) == pid) {
		r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		r->out = read_file(out_path, NULL);
		r->err = read_file(err_path, NULL);
		rc = r->out && r->err ? 0 : -1;
	}
	posix_spawn_file_actions_destroy(&fa);
done:
	for (size_t i = 0; i < n; i++)
		free(args[i]);
	free(args);
	if (out_fd >= 0) {
		close(out_fd);
		unlink(out_path);
	}
	if (err_fd >= 0) {
		close(err_fd);
		unlink(err_path);
	}
	return rc;
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

static void capture(void *ctx, const recist_diag *d)
{
	struct diag_capture *cap = ctx;
	unsigned total = cap->n_errors + cap->n_warnings;

	if (d->severity == RECIST_SEV_ERROR)
		cap->n_errors++;
	else
		cap->n_warnings++;
	if (total == 0 || (d->severity == RECIST_SEV_ERROR && cap->n_errors == 1)) {
		snprintf(cap->first_code, sizeof cap->first_code, "%s", d->code);
		snprintf(cap->first_path, sizeof cap->first_path, "%s", d->path ? d->path : "");
		snprintf(cap->first_message, sizeof cap->first_message, "%s", d->message);
		cap->first_line = d->line;
		cap->first_column = d->column;
	}
}

void diag_capture_init(struct diag_capture *cap)
{
	memset(cap, 0, sizeof *cap);
	cap->sink.fn = capture;
	cap->sink.ctx = cap;
}

uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);  /* the FNV offset basis, 0xcbf29ce484222325 */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
	return h;
}
