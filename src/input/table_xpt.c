/*
 * table_xpt.c - SAS transport files (v5 and v8, the form regulators
 * receive SDTM in) read and written with ReadStat, the only file that sees
 * it (table.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * ReadStat converts the IBM-370 floats of v5 to doubles; numbers are
 * handed on as decimal text (table.h says which), so that the readers of
 * CSV and of transport files give their callers the same thing.
 */
#include <errno.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readstat.h>

#include "input/table.h"

/* DBL_DIG (15): every decimal of that many significant digits survives a double. */
enum { NUMBER_DIGITS = DBL_DIG, NUMBER_MAX = 32 };

struct xpt_state {
	const struct table_reader *r;
	char             **names;     /* by variable index */
	size_t             n_vars;
	char             **values;    /* the row at hand, by variable index; NULL: missing */
	struct table_cell *cells;
	long               obs;       /* the row at hand, or -1 */
	bool               have_header;
	unsigned long      rows;      /* rows passed on, counted from base */
	int                rc;
};

static int emit_header(struct xpt_state *st)
{
	st->have_header = true;
	return st->r->header(st->r->ctx, (const char *const *)st->names, st->n_vars);
}

static int emit_row(struct xpt_state *st)
{
	for (size_t i = 0; i < st->n_vars; i++) {
		const char *v = st->values[i];
		st->cells[i] = (struct table_cell){ v ? v : "", v ? strlen(v) : 0, v == NULL, 0, 0 };
	}
	struct table_row row = { st->cells, st->n_vars, ++st->rows, 0, st->rows - 1, 0, 0, NULL, 0 };
	int rc = st->r->row(st->r->ctx, &row);
	for (size_t i = 0; i < st->n_vars; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
	return rc;
}

static int on_metadata(readstat_metadata_t *m, void *ctx)
{
	struct xpt_state *st = ctx;
	int n = readstat_get_var_count(m);

	st->n_vars = n > 0 ? (size_t)n : 0;
	if ((st->names = calloc(st->n_vars ? st->n_vars : 1, sizeof *st->names)) == NULL ||
	    (st->values = calloc(st->n_vars ? st->n_vars : 1, sizeof *st->values)) == NULL ||
	    (st->cells = calloc(st->n_vars ? st->n_vars : 1, sizeof *st->cells)) == NULL) {
		st->rc = RECIST_ENOMEM;
		return READSTAT_HANDLER_ABORT;
	}
	return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *v, const char *labels, void *ctx)
{
	struct xpt_state *st = ctx;
	const char *name = readstat_variable_get_name(v);

	(void)labels;
	if (index < 0 || (size_t)index >= st->n_vars)
		return READSTAT_HANDLER_OK;
	if ((st->names[index] = strdup(name ? name : "")) == NULL) {
		st->rc = RECIST_ENOMEM;
		return READSTAT_HANDLER_ABORT;
	}
	return READSTAT_HANDLER_OK;
}

/* A number with at most NUMBER_DIGITS significant digits, trailing zeros dropped ("12.3"). */
static char *number_text(double x)
{
	char buf[NUMBER_MAX];

	snprintf(buf, sizeof buf, "%.*g", NUMBER_DIGITS, x);
	return strdup(buf);
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
	struct xpt_state *st = ctx;
	int index = readstat_variable_get_index(v);
	char *text = NULL;

	if (!st->have_header && (st->rc = emit_header(st)) < 0)
		return READSTAT_HANDLER_ABORT;
	if (st->obs >= 0 && obs != st->obs && (st->rc = emit_row(st)) < 0)
		return READSTAT_HANDLER_ABORT;
	st->obs = obs;
	if (index < 0 || (size_t)index >= st->n_vars || readstat_value_is_missing(value, v))
		return READSTAT_HANDLER_OK;
	if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
		const char *s = readstat_string_value(value);
		if (s == NULL || *s == '\0')
			return READSTAT_HANDLER_OK;
		text = strdup(s);
	} else {
		text = number_text(readstat_double_value(value));
	}
	if (text == NULL) {
		st->rc = RECIST_ENOMEM;
		return READSTAT_HANDLER_ABORT;
	}
	st->values[index] = text;
	return READSTAT_HANDLER_OK;
}

int table_read_xpt(const char *path, const struct table_reader *r, struct table_error *err)
{
	return table_read_xpt_rows(path, 0, -1, r, err);
}

int table_read_xpt_rows(const char *path, long first, long count, const struct table_reader *r,
                        struct table_error *err)
{
	struct xpt_state st;
	readstat_parser_t *p = readstat_parser_init();
	readstat_error_t e;

	memset(&st, 0, sizeof st);
	memset(err, 0, sizeof *err);
	st.r = r;
	st.obs = -1;
	st.rows = first > 0 ? (unsigned long)first : 0;
	if (p == NULL)
		return RECIST_ENOMEM;
	if ((first > 0 && readstat_set_row_offset(p, first) != READSTAT_OK) ||
	    (count >= 0 && readstat_set_row_limit(p, count) != READSTAT_OK)) {
		readstat_parser_free(p);
		snprintf(err->message, sizeof err->message, "rows %ld to %ld cannot be read", first + 1, first + count);
		return RECIST_EPARSE;
	}
	if (count == 0) {  /* ReadStat takes a limit of 0 for none */
		readstat_parser_free(p);
		return 0;
	}
	readstat_set_metadata_handler(p, on_metadata);
	readstat_set_variable_handler(p, on_variable);
	readstat_set_value_handler(p, on_value);
	e = readstat_parse_xport(p, path, &st);
	readstat_parser_free(p);
	if (st.rc == 0 && e == READSTAT_OK) {
		if (!st.have_header)
			st.rc = emit_header(&st);
		if (st.rc == 0 && st.obs >= 0)
			st.rc = emit_row(&st);
	} else if (st.rc == 0) {
		/* A file too short for a transport header fails as a read error: it is not one either. */
		if (e == READSTAT_ERROR_OPEN)
			snprintf(err->message, sizeof err->message, "cannot open it: %s", strerror(errno));
		else
			snprintf(err->message, sizeof err->message, "not a SAS transport file, or cut short (%s)",
			         readstat_error_message(e));
		st.rc = e == READSTAT_ERROR_OPEN ? RECIST_EIO : e == READSTAT_ERROR_MALLOC ? RECIST_ENOMEM : RECIST_EPARSE;
	}
	for (size_t i = 0; i < st.n_vars; i++) {
		free(st.names ? st.names[i] : NULL);
		free(st.values ? st.values[i] : NULL);
	}
	free(st.names);
	free(st.values);
	free(st.cells);
	return st.rc;
}

/* ---- Writing ---- */

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
	return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

static int write_error(struct table_error *err, readstat_error_t e, const char *what)
{
	snprintf(err->message, sizeof err->message, "%s: %s", what, readstat_error_message(e));
	return e == READSTAT_ERROR_MALLOC ? RECIST_ENOMEM : e == READSTAT_ERROR_WRITE ? RECIST_EIO : RECIST_EINVALID;
}

/* The rows, cell by cell. */
static int write_rows(readstat_writer_t *w, readstat_variable_t **vars, const struct table_column *cols,
                      size_t n_cols, const char *const *cells, size_t n_rows, struct table_error *err)
{
	readstat_error_t e;

	for (size_t i = 0; i < n_rows; i++) {
		if ((e = readstat_begin_row(w)) != READSTAT_OK)
			return write_error(err, e, "row");
		for (size_t k = 0; k < n_cols; k++) {
			const char *v = cells[i * n_cols + k];
			char *end;
			double x;
			if (v == NULL) {
				e = readstat_insert_missing_value(w, vars[k]);
			} else if (!cols[k].numeric) {
				e = readstat_insert_string_value(w, vars[k], v);
			} else {
				errno = 0;
				x = strtod(v, &end);
				if (end == v || *end != '\0' || errno == ERANGE) {
					snprintf(err->message, sizeof err->message, "row %zu, %s: '%.40s' is not a number", i + 1,
					         cols[k].name, v);
					return RECIST_EINVALID;
				}
				e = readstat_insert_double_value(w, vars[k], x);
			}
			if (e != READSTAT_OK)
				return write_error(err, e, cols[k].name);
		}
		if ((e = readstat_end_row(w)) != READSTAT_OK)
			return write_error(err, e, "row");
	}
	return 0;
}

int table_write_xpt(const char *path, int version, const char *name, const struct table_column *cols,
                    size_t n_cols, const char *const *cells, size_t n_rows, struct table_error *err)
{
	readstat_writer_t *w = readstat_writer_init();
	readstat_variable_t **vars = calloc(n_cols ? n_cols : 1, sizeof *vars);
	FILE *fp = NULL;
	readstat_error_t e;
	int rc = 0;

	memset(err, 0, sizeof *err);
	if (w == NULL || vars == NULL) {
		rc = RECIST_ENOMEM;
		goto done;
	}
	if ((fp = fopen(path, "wb")) == NULL) {
		snprintf(err->message, sizeof err->message, "cannot create it: %s", strerror(errno));
		rc = RECIST_EIO;
		goto done;
	}
	readstat_set_data_writer(w, write_bytes);
	if ((e = readstat_writer_set_file_format_version(w, (uint8_t)version)) != READSTAT_OK ||
	    (e = readstat_writer_set_table_name(w, name)) != READSTAT_OK) {
		rc = write_error(err, e, name);
		goto done;
	}
	for (size_t k = 0; k < n_cols; k++) {
		vars[k] = readstat_add_variable(w, cols[k].name, cols[k].numeric ? READSTAT_TYPE_DOUBLE : READSTAT_TYPE_STRING,
		                                cols[k].numeric ? 8 : cols[k].width);
		if (vars[k] == NULL) {
			rc = RECIST_ENOMEM;
			goto done;
		}
		if (cols[k].label)
			readstat_variable_set_label(vars[k], cols[k].label);
	}
	if ((e = readstat_begin_writing_xport(w, fp, (long)n_rows)) != READSTAT_OK) {
		rc = write_error(err, e, name);
		goto done;
	}
	if ((rc = write_rows(w, vars, cols, n_cols, cells, n_rows, err)) == 0 &&
	    (e = readstat_end_writing(w)) != READSTAT_OK)
		rc = write_error(err, e, name);
done:
	if (fp != NULL && fclose(fp) != 0 && rc == 0) {
		snprintf(err->message, sizeof err->message, "cannot write it: %s", strerror(errno));
		rc = RECIST_EIO;
	}
	if (w != NULL)
		readstat_writer_free(w);
	free(vars);
	return rc;
}
