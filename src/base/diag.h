/*
 * diag.h - emitting diagnostics from the catalogue in diag.def.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_DIAG_H
#define RECIST_DIAG_H

#include "base/recist_int.h"

enum diag_code {
#define DIAG(id, sev, msg) D_##id,
#include "base/diag.def"
#undef DIAG
	D__COUNT
};

/* A position: 1-based line and column, 0 when unknown. */
struct pos {
	const char *file;
	unsigned    line;
	unsigned    col;
};

/*
 * Where a YAML scalar's text lies in its file: the position of raw[0] and
 * the raw source span (quotes, block indicators, folded line breaks and
 * indentation included).  raw NULL: the value is the source, on one line.
 */
struct src_text {
	struct pos  pos;
	const char *raw;
	size_t      raw_len;
};

/*
 * The position of value[off], where value is the scalar's parsed text.
 * Parsing only changes white space (folding) and quoting, so the non-blank
 * characters are matched up in order; where they cannot be (escapes), the
 * scalar's line alone is returned.
 */
RECIST_INTERNAL struct pos src_text_pos(const struct src_text *st, const char *value, size_t off);

/*
 * Send diagnostic 'code' to the sink: message is the catalogue text, then
 * ": " and the printf-formatted detail when fmt is not NULL.  path is the
 * key path or NULL.  Never allocates (the message is built on the stack).
 */
RECIST_INTERNAL void diag_emit(const recist_diag_sink *sink, enum diag_code code,
                               struct pos at, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

RECIST_INTERNAL const char *diag_code_name(enum diag_code code);
RECIST_INTERNAL const char *diag_message(enum diag_code code);
RECIST_INTERNAL recist_severity diag_severity(enum diag_code code);

#endif
