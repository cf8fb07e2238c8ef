/*
 * walk.c - the walk of a directory operand (walk.h): batch reads the
 * files it finds as records, evaluate, validate and bor as the files they
 * name would be read.
 *
 * SPDX-License-Identifier: MIT
 *
 * The whole walk is done before any file is read, so that the order of
 * the output is fixed first; nothing that may wait forever is opened.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "walk.h"

const char *cli_file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : S_ISLNK(m) ? "a symbolic link" :
	       "not a regular file";
}

bool cli_walk_takes(const struct cli_walk *w, const char *name)
{
	size_t n = strlen(name);

	for (const char *const *s = w->suffixes; *s; s++)
		if (n >= strlen(*s) && strcmp(name + n - strlen(*s), *s) == 0)
			return true;
	return false;
}

/* The directories from the walk's start down to the one being read. */
struct walk_dir {
	dev_t                  dev;
	ino_t                  ino;
	const struct walk_dir *up;
};

static bool walk_visits(const struct walk_dir *d, const struct stat *st)
{
	for (; d != NULL; d = d->up)
		if (d->dev == st->st_dev && d->ino == st->st_ino)
			return true;
	return false;
}

void cli_walk_skipped(const char *path, const char *why)
{
	cli_say("%s: warning: skipped: %s", path, why);
}

/* One entry, at path (malloc'd, taken over), of a directory of the chain 'at'; 0 or -1 (see cli_walk_dir). */
static int walk(const struct cli_walk *w, const char *dir, const struct walk_dir *at);

static int walk_entry(const struct cli_walk *w, char *path, const char *name, const struct walk_dir *at)
{
	struct stat st;
	bool link;
	int rc = 0;

	if (lstat(path, &st) < 0) {
		cli_say("%s: error: cannot read it: %s", path, strerror(errno));
		rc = -1;
	} else if ((link = S_ISLNK(st.st_mode)) && stat(path, &st) < 0) {
		/* A broken link: an input if named like one, which then cannot be opened. */
		if (cli_walk_takes(w, name))
			return w->add(w->ctx, path);
	} else if (S_ISDIR(st.st_mode)) {
		struct walk_dir sub = { st.st_dev, st.st_ino, at };
		if (link)
			cli_walk_skipped(path, "a symbolic link to a directory (not followed)");
		else if (walk_visits(at, &st))
			cli_walk_skipped(path, "a directory already being read (a loop)");
		else
			rc = walk(w, path, &sub);
	} else if (!cli_walk_takes(w, name)) {
		/* not a case file */
	} else if (!S_ISREG(st.st_mode)) {
		cli_walk_skipped(path, cli_file_kind(st.st_mode));
	} else if (w->is_output != NULL && w->is_output(w->ctx, &st)) {
		cli_walk_skipped(path, w->output_name);
	} else {
		return w->add(w->ctx, path);
	}
	free(path);
	return rc;
}

static int walk(const struct cli_walk *w, const char *dir, const struct walk_dir *at)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;
	bool slash = dir[0] != '\0' && dir[strlen(dir) - 1] == '/';

	if (n < 0) {
		cli_say("%s: error: cannot read directory: %s", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *e = ents[i]->d_name;
		size_t size = strlen(dir) + strlen(e) + 2;
		char *path;

		if (e[0] == '.') {
			/* hidden, and . and .. */
		} else if ((path = malloc(size)) == NULL) {
			rc = -1;
		} else {
			snprintf(path, size, "%s%s%s", dir, slash ? "" : "/", e);
			rc |= walk_entry(w, path, e, at);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int cli_walk_dir(const struct cli_walk *w, const char *dir, const struct stat *st)
{
	struct walk_dir top = { st->st_dev, st->st_ino, NULL };

	return walk(w, dir, &top);
}
