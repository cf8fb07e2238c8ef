/*
 * batch_output.c - recist batch's output: standard output, a device or a
 * FIFO written directly, or -o FILE replaced only when the batch completes.
 *
 * SPDX-License-Identifier: MIT
 *
 * With -o the output goes to a temporary file beside FILE, with no name
 * until the batch completes where the system allows (O_TMPFILE), that then
 * replaces FILE.  A character device or a FIFO (/dev/stdout) is written
 * directly instead; anything else that is not a regular file is refused.
 * An interrupted or failed batch leaves FILE as it was.
 */
#define _GNU_SOURCE /* O_TMPFILE (Linux); without it the temporary file has a name from the start */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_output.h"
#include "batch_pool.h"
#include "cli.h"
#include "walk.h"

enum { LINK_TRIES = 100 }; /* names tried for the unnamed temporary file */

/* "DIR/.NAME.tmp.SUFFIX" for the target DIR/NAME (malloc'd), or NULL. */
static char *temp_name(const struct batch_output *o, const char *suffix)
{
	size_t n = strlen(o->target) + strlen(suffix) + 8;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%.*s.%s.tmp.%s", (int)o->dir_len, o->target, o->target + o->dir_len, suffix);
	return s;
}

/* The target's directory, for open() (malloc'd), or NULL. */
static char *target_dir(const struct batch_output *o)
{
	return o->dir_len == 0 ? strdup(".") : strndup(o->target, o->dir_len);
}

/*
 * The replacement keeps FILE's owner, group and permissions, but never its
 * set-user-ID, set-group-ID or sticky bit.  When the group cannot be kept
 * (a user not in it), the group permissions are not given to ours.  A new
 * file gets 0666 less the umask.
 */
static int set_mode(const struct batch_output *o, int fd)
{
	mode_t mode, mask;

	if (!o->existed) {
		mask = umask(0);
		umask(mask);  /* threads are not started yet */
		return fchmod(fd, 0666 & ~mask);
	}
	mode = o->was.st_mode & 0777;
	if (fchown(fd, o->was.st_uid, o->was.st_gid) < 0 && fchown(fd, (uid_t)-1, o->was.st_gid) < 0)
		mode &= ~(mode_t)070;
	return fchmod(fd, mode);
}

/* The temporary file beside the target; 0, or -1 with errno set. */
static int open_temp(struct batch_output *o)
{
	int fd = -1;

#ifdef O_TMPFILE
	/* Unnamed: nothing is left behind, whatever ends the process.  It is
	 * given a name by linkat() through /proc, so both must be there. */
	char *dir = target_dir(o), proc[32];
	if (dir == NULL)
		return -1;
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (fd >= 0 && access(proc, F_OK) != 0) {
		close(fd);
		fd = -1;
	}
	o->unnamed = fd >= 0;
#endif
	if (fd < 0) {
		/* Named, and hidden from the walk by its leading dot. */
		if ((o->tmp = temp_name(o, "XXXXXX")) == NULL)
			return -1;
		if ((fd = mkstemp(o->tmp)) < 0) {
			int e = errno;
			free(o->tmp);
			o->tmp = NULL;
			errno = e;
			return -1;
		}
	}
	if (set_mode(o, fd) < 0 || fstat(fd, &o->tmp_st) < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		int e = errno;
		close(fd);
		if (o->tmp != NULL)
			unlink(o->tmp);
		errno = e;
		return -1;
	}
	o->has_tmp = true;
	return 0;
}

/* A character device or a FIFO: written directly, nothing to replace. */
static int open_direct(struct batch_output *o)
{
	struct stat st;
	int fd;

	/* No O_CREAT: if it was swapped for a regular file meanwhile, refuse it
	 * below rather than write over its start.  A FIFO's open waits for a
	 * reader; a signal ends the wait, which is then no error of the output
	 * (the signal is said), and one that came before would not. */
	if (batch_interrupted())
		return EXIT_SYSTEM;
	fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == EINTR && batch_interrupted())
		return EXIT_SYSTEM;
	if (fd < 0 || fstat(fd, &st) < 0) {
		cli_say("%s: error: cannot open it for the output: %s", o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_SYSTEM;
	}
	if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		cli_say("%s: error: changed while it was opened; the output was not written", o->path);
		close(fd);
		return EXIT_SYSTEM;
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		cli_say("error: out of memory");
		return EXIT_SYSTEM;
	}
	o->was = st;
	return EXIT_OK;
}

int batch_output_check(struct batch_output *o, const char *path)
{
	struct stat lst;

	o->path = path;
	if (path == NULL)
		return EXIT_OK;
	if (lstat(path, &lst) == 0) {
		if (stat(path, &o->was) < 0) {
			cli_say("%s: error: a symbolic link to a missing file (-o follows a link, "
			        "but does not create where it leads)", path);
			return EXIT_USAGE;
		}
		o->existed = true;
		/* Standard output itself (/dev/stdout, or the file it was sent to):
		 * written as standard output is, so that '>>' still appends. */
		struct stat so;
		o->is_stdout = fstat(STDOUT_FILENO, &so) == 0 && so.st_dev == o->was.st_dev &&
		               so.st_ino == o->was.st_ino;
		if (o->is_stdout || S_ISCHR(o->was.st_mode) || S_ISFIFO(o->was.st_mode))
			return EXIT_OK;
		if (!S_ISREG(o->was.st_mode)) {
			cli_say("%s: error: %s; the output goes to a regular file, a new file, "
			        "a character device or a FIFO", path, cli_file_kind(o->was.st_mode));
			return EXIT_USAGE;
		}
		/* A link is followed, and what it leads to replaced: the link stays. */
		o->target = S_ISLNK(lst.st_mode) ? realpath(path, NULL) : strdup(path);
	} else if (errno == ENOENT) {
		o->target = strdup(path);
	} else {
		cli_say("%s: error: cannot use it for the output: %s", path, strerror(errno));
		return EXIT_SYSTEM;
	}
	if (o->target == NULL) {
		cli_say("%s: error: cannot follow the link: %s", path, strerror(errno));
		return EXIT_SYSTEM;
	}
	const char *slash = strrchr(o->target, '/');
	o->dir_len = slash != NULL ? (size_t)(slash - o->target) + 1 : 0;
	if (o->target[o->dir_len] == '\0') {
		cli_say("%s: error: names a directory; the output goes to a file", path);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int batch_output_open(struct batch_output *o)
{
	if (o->path == NULL || o->is_stdout) {
		o->fp = stdout;
		return EXIT_OK;
	}
	if (o->target == NULL)
		return open_direct(o);
	if (open_temp(o) < 0) {
		cli_say("%s: error: cannot create a temporary file beside it: %s", o->target, strerror(errno));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

bool batch_output_is(const struct batch_output *o, const struct stat *st)
{
	return (o->existed && st->st_dev == o->was.st_dev && st->st_ino == o->was.st_ino) ||
	       (o->has_tmp && st->st_dev == o->tmp_st.st_dev && st->st_ino == o->tmp_st.st_ino);
}

/* Give the unnamed temporary file a name beside the target, for rename(). */
static int link_temp(struct batch_output *o)
{
	char proc[32], suffix[32];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(o->fp));
	for (unsigned k = 0; k < LINK_TRIES; k++) {
		snprintf(suffix, sizeof suffix, "%ld.%u", (long)getpid(), k);
		free(o->tmp);
		if ((o->tmp = temp_name(o, suffix)) == NULL)
			return -1;
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	free(o->tmp);
	o->tmp = NULL;
	return -1;
}

/* Make the rename durable; a file system that cannot sync a directory is no error. */
static void sync_dir(const struct batch_output *o)
{
	char *dir = target_dir(o);
	int fd = dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int batch_output_close(struct batch_output *o, bool complete)
{
	const char *name = o->target != NULL ? o->target : o->path != NULL ? o->path : "standard output";
	int rc = 0;

	if (o->fp == NULL)
		return 0;
	if (fflush(o->fp) != 0 || ferror(o->fp) || (o->target != NULL && complete && fsync(fileno(o->fp)) != 0)) {
		if (complete)  /* else already said, or cut short by a signal */
			cli_say("%s: error: cannot write output: %s", name, strerror(errno));
		complete = false;
		rc = -1;
	}
	if (o->fp == stdout) {
		o->fp = NULL;
		return rc;
	}
	if (o->target != NULL && complete && o->unnamed && link_temp(o) < 0) {
		cli_say("%s: error: cannot name the temporary file beside it: %s", name, strerror(errno));
		complete = false;
		rc = -1;
	}
	if (fclose(o->fp) != 0 && complete) {
		cli_say("%s: error: cannot write output: %s", name, strerror(errno));
		complete = false;
		rc = -1;
	}
	o->fp = NULL;
	if (o->target == NULL)
		return rc;  /* a device or a FIFO: nothing to replace */
	if (complete && rename(o->tmp, o->target) != 0) {
		cli_say("%s: error: cannot replace it: %s", o->target, strerror(errno));
		complete = false;
		rc = -1;
	}
	if (complete) {
		sync_dir(o);
	} else {
		if (o->tmp != NULL)
			unlink(o->tmp);
		cli_say("%s: left as it was (the batch did not complete)", o->path);
	}
	return rc;
}

void batch_output_release(struct batch_output *o)
{
	free(o->target);
	free(o->tmp);
}
