/*
 * write.c - recist_result_write(): a result in the format asked for.  The
 * top of the output layer: it calls the three result formatters, which
 * share only the field writers of fields.c below them.
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/format.h"

int recist_result_write(recist_buffer *buf, const recist_result *res, recist_format fmt)
{
	if (res->history)
		return RECIST_EINVALID;
	switch (fmt) {
	case RECIST_FORMAT_JSON: return format_json(buf, res);
	case RECIST_FORMAT_TEXT: return format_text(buf, res);
	case RECIST_FORMAT_CSV:  return format_csv(buf, res);
	}
	return RECIST_ERROR;
}
