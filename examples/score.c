/*
 * score.c - score every case of a file under the built-in RECIST 1.1 rules
 * and write one JSON line per case: the example program of librecist(3),
 * kept identical to it by tests/test_docs.c and built against an installed
 * librecist by `make installcheck`:
 *
 *   cc score.c $(pkg-config --cflags --libs librecist) -o score
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include <recist/recist.h>

/* Print each diagnostic as recist(1) does, with its code. */
static void
print_diag(void *ctx, const recist_diag *d)
{
	(void)ctx;
	fprintf(stderr, "%s:%u:%u: %s: %s%s%s [%s]\n",
	    d->file ? d->file : "-", d->line, d->column,
	    d->severity == RECIST_SEV_ERROR ? "error" : "warning",
	    d->path ? d->path : "", d->path ? ": " : "",
	    d->message, d->code);
}

/* The whole of a file, NUL-terminated; NULL on error. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc(n + 1)) != NULL) {
		*len = fread(buf, 1, n, fp);
		buf[*len] = '\0';
	}
	fclose(fp);
	return buf;
}

int
main(int argc, char *argv[])
{
	recist_diag_sink sink = { print_diag, NULL };
	recist_ruleset *rs = NULL;
	recist_case *c = NULL;
	recist_result *res = NULL;
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_origin at = { NULL, 1, 1 };
	char *text = NULL;
	size_t len = 0, off = 0, used;
	int rc, status = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: score case.json\n");
		return 2;
	}
	if (recist_ruleset_load_builtin(&rs, "recist1.1", &sink) < 0 ||
	    (c = recist_case_new()) == NULL ||
	    (res = recist_result_new()) == NULL ||
	    (text = slurp(argv[1], &len)) == NULL)
		goto done;
	at.file = argv[1];
	status = 0;
	/* The file may hold several cases, one after another. */
	while ((rc = recist_case_parse(c, &used, text + off, len - off,
	    &at, &sink)) != RECIST_ENOTFOUND) {
		if (rc == RECIST_EPARSE || rc == RECIST_ENOMEM) {
			status = 1;
			break;
		}
		for (size_t i = off; i < off + used; i++) {
			/* Where the next case starts, for messages. */
			if (text[i] == '\n') {
				at.line++;
				at.column = 1;
			} else
				at.column++;
		}
		off += used;
		if (rc < 0) {
			status = 1;	/* invalid case: skip it */
			continue;
		}
		const recist_ruleset *sets[] = { rs };
		if (recist_evaluate(res, c, sets, 1, &sink) < 0 ||
		    recist_result_write(&out, res, RECIST_FORMAT_JSON) < 0) {
			status = 1;
			break;
		}
	}
	fwrite(out.ptr, 1, out.len, stdout);
done:
	recist_buffer_release(&out);
	recist_result_free(res);
	recist_case_free(c);
	recist_ruleset_free(rs);
	free(text);
	return status;
}
