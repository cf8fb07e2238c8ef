/*
 * sdtm_read.c - recist_sdtm_read() and recist_sdtm_read_histories(): the
 * domain files found, then the tables read once if they are CSV in the
 * order of USUBJID (sdtm_once.c), else twice (sdtm_twice.c), each subject
 * and reader handed to sdtm_case.c or sdtm_history.c (sdtm.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "input/sdtm.h"

/* ---- finding the domains ---- */

/* The domain a file name names ("TR.xpt", "tu.csv"), or DOM__N. */
static enum sdtm_domain domain_of(const char *name, bool *xpt)
{
	const char *base = strrchr(name, '/'), *dot;
	char stem[8];
	size_t n;

	base = base ? base + 1 : name;
	if ((dot = strrchr(base, '.')) == NULL || (n = (size_t)(dot - base)) >= sizeof stem)
		return DOM__N;
	if (strcasecmp(dot, ".xpt") == 0)
		*xpt = true;
	else if (strcasecmp(dot, ".csv") == 0)
		*xpt = false;
	else
		return DOM__N;
	for (size_t i = 0; i < n; i++)
		stem[i] = (char)tolower((unsigned char)base[i]);
	stem[n] = '\0';
	for (int d = 0; d < DOM__N; d++)
		if (strcmp(stem, sdtm_domain_stem((enum sdtm_domain)d)) == 0)
			return (enum sdtm_domain)d;
	return DOM__N;
}

static int add_file(struct import *im, const char *path, bool given)
{
	bool xpt = false;
	enum sdtm_domain d = domain_of(path, &xpt);

	if (d == DOM__N) {
		if (given)
			diag_emit(im->sink, D_SDTM_NO_DOMAIN, (struct pos){ path, 0, 0 }, NULL,
			          "cannot tell which domain the file holds: name it after the domain, as tu.csv, "
			          "tr.xpt, rs.csv, dm.csv or adsl.xpt");
		return given ? RECIST_EINVALID : 0;
	}
	if (im->t[d].present) {
		diag_emit(im->sink, D_SDTM_NO_DOMAIN, (struct pos){ path, 0, 0 }, NULL,
		          "a second file of domain %s (the first is %s)", sdtm_domain_stem(d), im->t[d].file);
		return RECIST_EINVALID;
	}
	if ((im->t[d].file = arena_strdup(&im->arena, path)) == NULL)
		return RECIST_ENOMEM;
	im->t[d].present = true;
	im->t[d].xpt = xpt;
	return 0;
}

static int find_files(struct import *im, const char *const *paths, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *e;

		if (stat(paths[i], &st) != 0) {
			diag_emit(im->sink, D_SYS_OPEN, (struct pos){ paths[i], 0, 0 }, NULL, "%s", strerror(errno));
			return RECIST_EIO;
		}
		if (!S_ISDIR(st.st_mode)) {
			rc = add_file(im, paths[i], true);
			continue;
		}
		if ((dir = opendir(paths[i])) == NULL) {
			diag_emit(im->sink, D_SYS_OPEN, (struct pos){ paths[i], 0, 0 }, NULL, "%s", strerror(errno));
			return RECIST_EIO;
		}
		while (rc == 0 && (e = readdir(dir)) != NULL) {
			char *p;
			if (e->d_name[0] == '.')
				continue;
			if ((p = arena_printf(&im->arena, "%s%s%s", paths[i],
			                      paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/", e->d_name)) == NULL)
				rc = RECIST_ENOMEM;
			else
				rc = add_file(im, p, false);
		}
		closedir(dir);
	}
	if (rc == 0 && !im->t[DOM_TU].present && !im->t[DOM_TR].present && !im->t[DOM_RS].present) {
		diag_emit(im->sink, D_SDTM_NO_DOMAIN, (struct pos){ n ? paths[0] : NULL, 0, 0 }, NULL,
		          "none of TU, TR and RS found (files tu.csv, tr.xpt, ...)");
		rc = RECIST_EINVALID;
	}
	return rc;
}

static int read_all(const char *const *paths, size_t n_paths, struct emit *e, const recist_sdtm_options *opts,
                    const recist_diag_sink *sink)
{
	static const recist_sdtm_options defaults = RECIST_SDTM_OPTIONS_INIT;
	struct import *im;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	if (opts->version != RECIST_SDTM_OPTIONS_VERSION)
		return RECIST_EINVALID;
	if ((im = calloc(1, sizeof *im)) == NULL)
		return RECIST_ENOMEM;
	im->opts = opts;
	im->sink = sink;
	for (int d = 0; d < DOM__N; d++) {
		im->t[d].dom = (enum sdtm_domain)d;
		im->t[d].fd = -1;
	}
	rc = find_files(im, paths, n_paths);
	if (rc == 0 && e->history_of != NULL && !im->t[DOM_RS].present) {
		diag_emit(sink, D_SDTM_NO_DOMAIN, (struct pos){ n_paths ? paths[0] : NULL, 0, 0 }, NULL,
		          "no RS table (rs.csv or rs.xpt): the best response is derived from its OVRLRESP rows");
		rc = RECIST_EINVALID;
	}
	if (rc == 0 && e->history_of != NULL)
		im->t[DOM_TR].present = false;  /* a history reads the calls alone */
	if (rc == 0 && e->history_of == NULL && !im->t[DOM_DM].present && !im->t[DOM_ADSL].present)
		diag_emit(sink, D_SDTM_START_UNKNOWN, (struct pos){ n_paths ? paths[0] : NULL, 0, 0 }, NULL,
		          "no DM or ADSL table: no case has a treatment start, and each clock starts at its baseline scan");
	if (rc == 0 && (rc = sdtm_read_once(im, e)) == 1)
		rc = sdtm_read_twice(im, e);
	if (rc == 0 && im->bad)
		rc = RECIST_EINVALID;
	arena_release(&im->rows);
	arena_release(&im->arena);
	free(im->slots);
	free(im);
	return rc;
}

int recist_sdtm_read(const char *const *paths, size_t n_paths, const recist_ruleset *const *sets, size_t n_sets,
                     const recist_sdtm_options *opts, recist_sdtm_fn fn, void *ctx, const recist_diag_sink *sink)
{
	struct emit e = { sets, n_sets, NULL, fn, ctx, RECIST_BUFFER_INIT, { 0 } };
	int rc = read_all(paths, n_paths, &e, opts, sink);

	recist_buffer_release(&e.doc);
	arena_release(&e.scratch);
	return rc;
}

int recist_sdtm_read_histories(const char *const *paths, size_t n_paths, const recist_ruleset *rs,
                               const recist_sdtm_options *opts, recist_sdtm_fn fn, void *ctx,
                               const recist_diag_sink *sink)
{
	struct emit e = { &rs, 1, rs, fn, ctx, RECIST_BUFFER_INIT, { 0 } };
	int rc;

	if (rs->cdisc_rscat == NULL) {
		diag_emit(sink, D_SDTM_NO_DOMAIN, (struct pos){ rs->file, 0, 0 }, NULL, "rule set '%s' names no RSCAT "
		          "(cdisc.rscat in its rule file): none of the RS calls is its own", rs->id);
		return RECIST_EINVALID;
	}
	rc = read_all(paths, n_paths, &e, opts, sink);
	recist_buffer_release(&e.doc);
	arena_release(&e.scratch);
	return rc;
}
