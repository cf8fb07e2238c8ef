/*
 * diag.c - the diagnostics catalogue (diag.def) and its emitter.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/diag.h"

#define SEV_WARNING RECIST_SEV_WARNING
#define SEV_ERROR   RECIST_SEV_ERROR

static const struct {
	const char     *name;
	recist_severity sev;
	const char     *msg;
} diag_info[] = {
#define DIAG(id, sev, msg) { #id, SEV_##sev, msg },
#include "base/diag.def"
#undef DIAG
};

const char *diag_code_name(enum diag_code code) { return diag_info[code].name; }
const char *diag_message(enum diag_code code) { return diag_info[code].msg; }
recist_severity diag_severity(enum diag_code code) { return diag_info[code].sev; }

void diag_emit(const recist_diag_sink *sink, enum diag_code code,
               struct pos at, const char *path, const char *fmt, ...)
{
	char msg[1024];
	recist_diag d;
	va_list ap;
	int n;

	if (sink == NULL || sink->fn == NULL)
		return;
	n = snprintf(msg, sizeof msg, "%s", diag_info[code].msg);
	if (fmt != NULL && n >= 0 && (size_t)n + 2 < sizeof msg) {
		memcpy(msg + n, ": ", 3);
		va_start(ap, fmt);
		vsnprintf(msg + n + 2, sizeof msg - (size_t)n - 2, fmt, ap);
		va_end(ap);
	}
	d.severity = diag_info[code].sev;
	d.code = diag_info[code].name;
	d.file = at.file;
	d.line = at.line;
	d.column = at.col;
	d.path = path;
	d.message = msg;
	sink->fn(sink->ctx, &d);
}

static int blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct pos src_text_pos(const struct src_text *st, const char *value, size_t off)
{
	struct pos p = st->pos;
	const char *r = st->raw, *end;

	if (p.line == 0)
		return p;
	if (r == NULL) {
		if (p.col != 0)
			p.col += (unsigned)off;
		return p;
	}
	end = r + st->raw_len;
	/* What precedes the value: an opening quote, or a block scalar's header line. */
	if (r < end && (*r == '"' || *r == '\'')) {
		r++;
		p.col++;
	} else if (r < end && (*r == '>' || *r == '|')) {
		while (r < end && *r != '\n')
			r++, p.col++;
	}
	for (size_t i = 0;; i++) {
		if (value[i] != '\0' && blank(value[i]) && i != off)
			continue;
		/* The next non-blank character of the source is value[i]'s. */
		while (r < end && blank(*r)) {
			if (*r == '\n') {
				p.line++;
				p.col = 1;
			} else {
				p.col++;
			}
			r++;
		}
		if (i == off || value[i] == '\0')
			return p;
		if (r >= end || *r != value[i]) {
			p = st->pos;   /* cannot match (an escape): the line alone */
			p.col = 0;
			return p;
		}
		/* Columns count characters: UTF-8 continuation bytes do not. */
		if (((unsigned char)*r & 0xC0) != 0x80)
			p.col++;
		r++;
	}
}
