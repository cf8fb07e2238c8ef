/*
 * file.c - reading a whole file: the rule and flag loaders' and, through
 * the API, the recist command's (one reader, one set of messages).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

int recist_read_file(const char *path, char **out, size_t *len, const recist_diag_sink *sink)
{
	bool std_in = strcmp(path, "-") == 0;
	FILE *fp = NULL;
	char *text = NULL, *p;
	size_t n = 0, cap = 0, got;
	int rc = RECIST_EIO;

	if ((fp = std_in ? stdin : fopen(path, "rb")) == NULL) {
		diag_emit(sink, D_SYS_OPEN, (struct pos){ path, 0, 0 }, NULL, "%s", strerror(errno));
		goto done;
	}
	do {
		if (cap - n < 4096) {
			if ((p = realloc(text, cap = cap ? cap * 2 : 65536)) == NULL) {
				diag_emit(sink, D_SYS_NOMEM, (struct pos){ path, 0, 0 }, NULL, NULL);
				rc = RECIST_ENOMEM;
				goto done;
			}
			text = p;
		}
		got = fread(text + n, 1, cap - n - 1, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		diag_emit(sink, D_SYS_READ, (struct pos){ path, 0, 0 }, NULL, "%s", strerror(errno));
		goto done;
	}
	text[n] = '\0';
	*out = text;
	*len = n;
	text = NULL;
	rc = 0;
done:
	free(text);
	if (fp != NULL && !std_in)
		fclose(fp);
	return rc;
}
