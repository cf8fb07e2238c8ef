/*
 * format.h - helpers shared by the output formatters (format_*.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_FORMAT_H
#define RECIST_FORMAT_H

#include "result.h"

/*
 * Numbers in output.  Lengths are exact (micrometres: at most 3 decimals);
 * percentages are truncated toward zero to 2 decimals, so that a printed
 * value is never on the other side of a threshold than the exact one
 * (-29.996 % prints as -29.99, not -30.0).  out[48]; "" when absent.
 */
RECIST_INTERNAL size_t format_mm(struct optnum v, char out[48]);
RECIST_INTERNAL size_t format_pct(struct optnum v, char out[48]);

/* Append s as a JSON string (quoted, escaped); NULL as null. */
RECIST_INTERNAL int json_string(recist_buffer *b, const char *s);

/* ,"best_overall":...,"time_to_progression":... of one rule set (format_json.c). */
RECIST_INTERNAL int json_best_response(recist_buffer *b, const struct crit_result *cr);

/* A CSV field, quoted when needed, then ',' or (last) a line break (format_csv.c). */
RECIST_INTERNAL int csv_field(recist_buffer *b, const char *s, int last);

#endif
