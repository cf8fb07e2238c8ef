/*
 * diag.c - the diagnostics catalogue (diag.def) and its emitter.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

#define SEV_WARNING RECIST_SEV_WARNING
#define SEV_ERROR   RECIST_SEV_ERROR

static const struct {
	const char     *name;
	recist_severity sev;
	const char     *msg;
} diag_info[] = {
#define DIAG(id, sev, msg) { #id, SEV_##sev, msg },
#include "diag.def"
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
